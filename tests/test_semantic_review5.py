"""Review 5 of detection round 5 (927b13c, f0b771a): the ``write`` signal of a page that picks photos.

Each test here shows a defect found in review: a call that saves nothing taken for a save, a save
missed, and a save inferred from a comment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine

PICK = "Page({ pick() { wx.chooseImage({ success: r => this.setData({ imgs: r.tempFilePaths }) }) }, "


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def writes(engine, tmp_path: Path, script: str) -> list[str]:
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/write/write"]}),
             "pages/index/index.js": "Page({})\n",
             "pages/write/write.js": script, "pages/write/write.wxml": "<textarea></textarea>\n"}
    report = check([make_project(tmp_path, files)], engine, Options())
    return [s.attrs.get("via", "") for p in report.projects for s in p.signals if s.kind == "write"]


@pytest.mark.parametrize("body", [
    "del(e) { this.deleteImage(e.currentTarget.dataset.index) }",  # removes a picked photo from the list
    "del(e) { this.$delete(this.data.imgs, e.currentTarget.dataset.index) }",  # Vue.delete
    "toggle(id) { this.selected.delete(id) }",  # Set.prototype.delete
    "keep(k, v) { cache.put(k, v) }",  # an LRU cache
    "show(p) { this.renderPost(p) }",  # post the noun: a post rendered
    "share(p) { this.sharePost(p) }",
])
def test_a_call_named_after_a_method_that_saves_nothing_is_no_write(engine, tmp_path: Path, body: str) -> None:
    assert writes(engine, tmp_path, PICK + body + " })\n") == []


@pytest.mark.parametrize("call", [
    "uni.$http.post('/api/moment/add', d)",  # @escook/request-miniprogram, luch-request
    "uni.$u.http.post('/api/moment/add', d)",  # uView 2's request
])
def test_an_app_request_helper_hung_on_the_platform_object_writes(engine, tmp_path: Path, call: str) -> None:
    assert writes(engine, tmp_path, PICK + f"send(d) {{ {call} }} }})\n") == ["request"]


def test_a_pick_named_only_in_a_comment_is_no_pick(engine, tmp_path: Path) -> None:
    """docs/architecture.md: once per script that picks photos; comments never count."""
    script = "// TODO: wx.chooseImage here later\nPage({ send(d) { post('/api/feedback', d) } })\n"
    assert writes(engine, tmp_path, script) == []


def test_a_cloud_function_named_through_a_local_constant_that_reads_is_no_write(engine, tmp_path: Path) -> None:
    """The dispatch reader resolves ``callFunction({ name })`` through a local constant; the write
    reader takes the same call for a save whatever the constant says."""
    script = PICK + "load() { const name = 'getList'; wx.cloud.callFunction({ name }) } })\n"
    assert writes(engine, tmp_path, script) == []


def _features(engine, root: Path) -> dict[str, str]:
    return {f.id: f.confidence for p in check([root], engine, Options()).projects for f in p.features}


def test_users_messaging_beside_an_unrelated_assistant_is_set_aside_with_a_note(engine, tmp_path: Path) -> None:
    """私信 between users on a page of its own, and an AI assistant on another page: im_chat from the
    app's words is set aside beside the model (the measured AI-chat apps keep their chats with the
    model in places of their own; a folder-local rule removed none of their false chats), and a ZZ014
    note says so: nothing is lost silently."""
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/letter/letter",
                                               "pages/assistant/assistant"]}),
             "pages/index/index.js": "Page({})\n",
             "pages/letter/letter.js":
                 "Page({ send(m) { wx.request({ url: HOST + '/chat/send', method: 'POST', data: m }) } })\n",
             "pages/letter/letter.wxml": "<view>私信</view><view>会话列表</view>\n",
             "pages/assistant/assistant.js":
                 "Page({ ask(q) { wx.request({ url: 'https://api.openai.com/v1/chat/completions' }) } })\n"}
    report = check([make_project(tmp_path, files)], engine, Options()).to_dict()
    project = report["projects"][0]
    assert "im_chat" not in {f["id"] for f in project["features"]}
    notes = [d for d in project["diagnostics"] if d["code"] == "ZZ014"]
    assert len(notes) == 1 and notes[0]["path"] == "pages/letter/letter.js"


def test_a_shop_s_buy_button_beside_a_coin_discount_is_no_virtual_good(engine, tmp_path: Path) -> None:
    """A payment beside UI text that only mentions coins (a discount) buys no virtual goods: UI text
    never pairs with a borrowed payment (a compiled template is one line: 可用金币抵扣 … 立即购买)."""
    pay = "Page({ pay() { wx.requestPayment({ timeStamp: '', package: '', paySign: '' }) } })\n"
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/goods/detail"]}),
             "pages/index/index.js": "Page({})\n", "pages/goods/detail.js": pay,
             "pages/goods/detail.wxml": "<view><text>可用金币抵扣</text><button>立即购买</button></view>\n"}
    assert "virtual_payment" not in _features(engine, make_project(tmp_path, files))
