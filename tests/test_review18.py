"""Review of detection round 14 (a page on the app's own socket manager, ``modules.socket_users``):
the import and the manager are one fact, the imports are read as reachability reads them, the
paths are the project's, and warm runs give what a cold one does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import app_json, make_project, write_files
from test_round14 import _CHAT_PAGE, _SOCKET_MANAGER, _socket_app
from zizhi import walk
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _socket_signals(engine: Any, root: Path, **options: Any) -> list[tuple[str, str, str, int, str, str]]:
    """(project, name, path, line, words, opener) of every socket endpoint the run found."""
    report = check([root], engine, Options(**options))
    return sorted((p.relroot, s.name, s.location.path, s.location.line, s.attrs.get("words", ""),
                   s.attrs.get("opener", ""))
                  for p in report.projects for s in p.signals
                  if s.kind == "endpoint" and s.attrs.get("source") == "socket")


def _features(engine: Any, root: Path) -> set[str]:
    return {f.id for p in check([root], engine, Options()).projects for f in p.features}


def test_the_import_and_the_managers_own_socket_call_are_one_fact(engine, tmp_path: Path) -> None:
    # a chat page nothing else names (no link to it, no words on it): its import of the manager and
    # the manager's wx.connectSocket say one thing, that the page uses the manager's channel; a page
    # that opens the socket itself has both in one file, which never agree either
    files = _socket_app("pages/chat/detail/index")
    files["pages/index/index.js"] = "Page({})\n"
    files["pages/chat/detail/index.wxml"] = "<view wx:for=\"{{list}}\">{{item.content}}</view>\n"
    assert "im_chat" not in _features(engine, make_project(tmp_path / "import", files))
    direct = dict(files)
    del direct["utils/socketManager.js"]
    direct["pages/chat/detail/index.js"] = _SOCKET_MANAGER.replace("module.exports =", "const socketManager =") + \
        _CHAT_PAGE.split("\n", 1)[1]
    assert "im_chat" not in _features(engine, make_project(tmp_path / "direct", direct))
    # with a link to the page from another one, both are chat
    link = {"pages/index/index.js": "Page({ open() { wx.navigateTo({ url: '/pages/chat/detail/index' }) } })\n"}
    assert "im_chat" in _features(engine, make_project(tmp_path / "import-linked", {**files, **link}))
    assert "im_chat" in _features(engine, make_project(tmp_path / "direct-linked", {**direct, **link}))


_NOTICES = """\
let task = null
const handlers = []
function connect(uid) {
  task = wx.connectSocket({ url: 'wss://example.com/ws/notice?uid=' + uid })
  task.onMessage(res => handlers.forEach(h => h(JSON.parse(res.data))))
}
module.exports = { connect, on: h => handlers.push(h) }
"""


def test_a_notification_centre_on_a_socket_manager_is_no_chat(engine, tmp_path: Path) -> None:
    # pages/message/ lists the system's notices pushed through the manager: the only thing agreeing
    # with the page's import would be the manager's own socket call
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/message/index"),
        "app.js": "App({})\n",
        "pages/index/index.js": "Page({})\n",
        "pages/index/index.wxml": "<view>首页</view>\n",
        "utils/socket.js": _NOTICES,
        "pages/message/index.js": "const socket = require('../../utils/socket')\n"
                                  "Page({ onLoad() { socket.on(n => this.setData({ notices: [n] })); "
                                  "socket.connect(1) } })\n",
        "pages/message/index.wxml": "<view wx:for=\"{{notices}}\">{{item.title}}</view>\n",
    })
    assert [s[1] for s in _socket_signals(engine, root)] == ["socket pages/message/index"]
    assert "im_chat" not in _features(engine, root)


def test_an_apps_own_helper_on_a_namespace_opens_no_socket(engine, tmp_path: Path) -> None:
    # uni.$u.connectSocket: a helper the app put on the namespace, not the platform's call
    files = _socket_app("pages/chat/detail/index")
    files["utils/socketManager.js"] = _SOCKET_MANAGER.replace("wx.connectSocket", "wx.$ws.connectSocket")
    assert _socket_signals(engine, make_project(tmp_path / "p", files)) == []


def test_a_bare_import_under_the_base_url_is_read_as_reachability_reads_it(engine, tmp_path: Path) -> None:
    # tsconfig's baseUrl: `services/socket` is code/services/socket.ts, for reachability (the module
    # counts) and for what the page imports alike
    root = make_project(tmp_path / "p", {
        "tsconfig.json": '{"compilerOptions": {"baseUrl": "./code"}}\n',
        "app.json": app_json("pages/chat/room/index"),
        "pages/chat/room/index.ts": "import socket from 'services/socket'\nPage({ onLoad() { socket.connect() } })\n",
        "code/services/socket.ts": "export default { connect: () => wx.connectSocket({ url: 'wss://e.com/ws' }) }\n",
    })
    assert _socket_signals(engine, root) == [
        (".", "socket pages/chat/room/index", "pages/chat/room/index.ts", 1, "pages chat room index",
         "code/services/socket.ts")]


_UNI_PAGE = """\
<template><view v-for="m in list">{{ m.text }}</view></template>
<script setup lang="ts">
import { ref } from 'vue'
import { socket } from '@/utils/socket'
const list = ref([])
socket.onMessage((m) => list.value.push(m))
</script>
"""


def test_a_uniapp_page_on_an_aliased_manager_in_a_project_of_a_subfolder(engine, tmp_path: Path) -> None:
    # two projects under one scan root; in each, a .vue page imports `@/utils/socket` (TypeScript):
    # named and worded by its path within its project (the folder im-demo/ says nothing of a page),
    # placed by its path within the scan root, the manager too
    uni = {
        "pages.json": '{"pages": [{"path": "pages/index/index"}, {"path": "pages/chat/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "main.ts": "import App from './App.vue'\n",
        "App.vue": "<script>export default {}</script>\n",
        "pages/index/index.vue": "<template><view/></template>\n",
        "pages/chat/index.vue": _UNI_PAGE,
        "utils/socket.ts": "export const socket = uni.connectSocket({ url: 'wss://e.com/ws', complete: () => {} })\n",
    }
    write_files(tmp_path, {**{f"im-demo/{k}": v for k, v in uni.items()},
                           **{f"shop/{k}": v.replace("pages/chat", "pages/order") for k, v in uni.items()},
                           "shop/pages/order/index.vue": _UNI_PAGE})
    assert _socket_signals(engine, tmp_path) == [
        ("im-demo", "socket pages/chat/index", "im-demo/pages/chat/index.vue", 4, "pages chat index",
         "im-demo/utils/socket.ts"),
        ("shop", "socket pages/order/index", "shop/pages/order/index.vue", 4, "pages order index",
         "shop/utils/socket.ts")]


def test_socket_users_are_the_same_cold_warm_and_after_an_edit(engine, tmp_path: Path, monkeypatch) -> None:
    # the endpoint made at assembly, from the module graph: the same from the per-file cache, from
    # the project's snapshot and from its part- file (the changed-files hook's case), as without any
    monkeypatch.setattr(walk, "RACY_NS", 0)
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "p", _socket_app("pages/chat/detail/index"))

    def both() -> list[tuple[str, str, str, int, str, str]]:
        cold = _socket_signals(engine, root)
        assert _socket_signals(engine, root, cache=True) == cold
        assert _socket_signals(engine, root, cache=True) == cold  # (the snapshot)
        return cold

    first = both()
    assert [s[1] for s in first] == ["socket pages/chat/detail/index"]
    page = root / "pages/chat/detail/index.js"
    page.write_text("// edited\n" + page.read_text(encoding="utf-8"), encoding="utf-8")  # the import moves
    assert [s[3] for s in both()] == [2]
    manager = root / "utils/socketManager.js"  # no socket any more: no channel to name
    manager.write_text(_SOCKET_MANAGER.replace("wx.connectSocket", "openChannel"), encoding="utf-8")
    assert both() == []
