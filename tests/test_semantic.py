"""Semantic signals (issue 10): the app's own endpoints, cloud-database collections, UI text and
names. A feature counts from them only when independent kinds agree, from different files, and one
of them is an action; it is then `low` confidence and at most `likely` input to the policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import feature, features, fence, findings, make_project, obligations, write_files
from zizhi.context import Options
from zizhi.engine import check, load_engine
from zizhi_plugins.semantic import split_words

APP_JSON = json.dumps({"pages": ["pages/index/index", "pages/post/edit", "pages/detail/detail"]})
PAGE = "Page({})\n"


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def scan(engine, root: Path) -> dict[str, Any]:
    return check([root], engine, Options()).to_dict()


def signals_of(engine, root: Path, kind: str) -> list[tuple[str, str, int, dict[str, str]]]:
    report = check([root], engine, Options())
    return [(s.name, s.location.path, s.location.line, dict(s.attrs))
            for p in report.projects for s in p.signals if s.kind == kind]


# ------------------------------------------------------------------------------------------ the words


@pytest.mark.parametrize(("name", "words"), [
    ("submitPostComment", ["submit", "post", "comment"]),
    ("WeChatPayService", ["wechat", "pay", "service"]),  # a brand is one word: no chat in it
    ("sendWeChatMsg", ["send", "wechat", "msg"]),
    ("chat_room", ["chat", "room"]),
    ("/api/v1/comment/add", ["api", "v1", "comment", "add"]),
    ("getHTTPResponse", ["get", "http", "response"]),
    ("pages/chat/room", ["pages", "chat", "room"]),
])
def test_split_words(name: str, words: list[str]) -> None:
    assert split_words(name) == words


# ------------------------------------------------------------------------------------------ each kind


def test_endpoint_kinds_and_what_is_not_an_endpoint(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "api/index.js": (
            "const BASE = 'https://api.example.com'\n"
            "export const addComment = (data) => request({ url: BASE + '/comment/add', data })\n"  # 2
            "export const listPosts = () => http.get(`${BASE}/post/list`)\n"                    # 3
            "const title = { title: '/comment/help' }\n"                                     # 4: shown
            "import x from './comment/index'\n"                                                # 5: module
            "const icon = '/static/comment.png'\n"                                            # 6: asset
            "const label = { label: 'comment/reply' }\n"                                      # 7: shown
            "wx.navigateTo({ url: '/pages/chat/room?id=1' })\n"                               # 8: route
            "wx.cloud.callFunction({ name: 'addCommentReply' })\n"                            # 9: cloud fn
        ),
        # reachable from a page, which calls its helpers (one nothing calls is dead: it counts for nothing)
        "pages/index/index.js": "import { addComment, listPosts } from '../../api/index'\n"
                                "Page({ onLoad() { listPosts(); addComment({}) } })\n",
    })
    endpoints = {(n, line, a.get("op", "")) for n, _p, line, a in signals_of(engine, root, "endpoint")}
    assert endpoints == {("/comment/add", 2, "write"), ("{}/post/list", 3, ""), ("addCommentReply", 9, "write")}
    routes = {(n, a.get("source")) for n, _p, _l, a in signals_of(engine, root, "identifier") if a.get("source")}
    assert ("/pages/chat/room", "route") in routes


def test_collections_with_their_operation(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/detail/detail.js": (
            "const db = wx.cloud.database()\n"
            "db.collection('forum_comments').where({ postId: 1 }).get()\n"      # 2 read
            "db.collection('forum_comments').add({ data: {} })\n"               # 3 write
            "db.collection('chat_records').watch({ onChange() {} })\n"          # 4 subscribe
            "db.collection('settings').get()\n"                                 # 5 not in the vocabulary
            "await this.db.collection('app-chat-messages').add({ to, text })\n"  # 6 uniCloud's hyphens
            "const C = 'opendb-comments'\ndb.collection(C).add({ data: {} })\n"   # 7-8 held in a constant
        ),
    })
    found = {(n, line, a["op"]) for n, _p, line, a in signals_of(engine, root, "collection")}
    assert found == {("forum_comments", 2, "read"), ("forum_comments", 3, "write"), ("chat_records", 4, "subscribe"),
                     ("app-chat-messages", 6, "write"), ("opendb-comments", 8, "write")}


def test_identifiers_need_two_words(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "function submitPost() {}\n"                 # 1: two words, in the vocabulary
            "const s = 'a,b'.match(/a/)\n"                # 2: `match` alone: String.prototype.match
            "Page({ sendGift() {}, onLoad() {} })\n"      # 3: a method
            "request.post('/x')\n"                        # 4: `post` alone: an HTTP verb
        ),
    })
    names = {n for n, _p, _l, a in signals_of(engine, root, "identifier") if not a.get("source")}
    assert "submitPost" in names
    assert "match" not in names and "post" not in names


def test_text_from_templates_and_script_strings_not_comments(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/detail/detail.wxml": "<!-- <button>写评论</button> -->\n<view>共 3 条</view>\n"
                                    "<button>发表评论</button>\n",
        "pages/detail/detail.js": "// wx.showToast({ title: '评论成功' })\nwx.showToast({ title: '回复成功' })\n",
    })
    texts = {(n, p, line) for n, p, line, _a in signals_of(engine, root, "text")}
    assert ("发表评论", "pages/detail/detail.wxml", 3) in texts  # the longest text; line 1 is a comment
    assert ("回复成功", "pages/detail/detail.js", 2) in texts
    assert not any(line == 1 for _n, _p, line in texts)


def test_may_hold_text_rules_out_only_what_the_texts_trie_would(engine) -> None:
    """``Vocabulary.may_hold_text`` says no only where the texts' trie finds nothing: every catalogue
    text, alone, among code, with a mixed-case or an ASCII part (``ai作画``, ``ios暂不支持支付``), with
    its characters cut apart by ASCII (a false yes, which the trie then answers), and text that is not
    UTF-8 throughout (always a yes)."""
    import random

    from zizhi.context import ScanContext
    from zizhi_plugins.semantic import vocabulary

    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=Options(),
                      diagnostics=[], runtime=engine.runtime(), platforms=engine.platforms)
    vocab = vocabulary(ctx)
    texts = [w.decode("utf-8") for w in vocab.texts_bytes.words]
    assert texts and vocab._text_cores is not None
    rnd = random.Random(19)
    noise = ["wx.showToast({ title: '", "', icon: 'none' })\n", "评", "论", "发", "  ", "你好", "é", "\u3000", "IOS"]
    cases = [b"", b"const a = 1\n", "共 3 条，全部".encode(), b"\xe8\xaf\x84 \xe8\xae\xba", b"\xff\xfe"]
    for text in texts:
        cases.append(text.encode())
        cases.append(("<view>" + text + "</view>").lower().encode())
        cut = " ".join(text)
        cases.append(cut.encode())
    for _ in range(3000):
        parts = [rnd.choice(noise) for _ in range(rnd.randint(0, 8))]
        if rnd.random() < 0.5:
            parts.insert(rnd.randint(0, len(parts)), rnd.choice(texts))
        cases.append("".join(parts).encode("utf-8").lower())
    for low in cases:
        if vocab.texts_bytes.regex.search(low) is not None:
            assert vocab.may_hold_text(low), low
    assert not vocab.may_hold_text("wx.showToast({ title: '你好' })".encode())
    assert vocab.may_hold_text(b"\xff\xfe")  # (not UTF-8: the trie answers)


# ------------------------------------------------------------------------------------------ agreement


OWN_BACKEND_COMMENTS = {
    "app.json": APP_JSON,
    "api/index.js": "export const addComment = (d) => request({ url: '/comment/add', data: d })\n",
    "pages/detail/detail.wxml": "<view>全部评论</view>\n<button bindtap=\"submitComment\">发表评论</button>\n",
    "pages/detail/detail.js": "import { addComment } from '../../api/index'\n"
                              "Page({ submitComment() { addComment({}) } })\n",
}


def test_endpoint_and_ui_text_make_a_low_confidence_feature(engine, tmp_path: Path) -> None:
    report = scan(engine, make_project(tmp_path / "p", OWN_BACKEND_COMMENTS))
    f = feature(report, "ugc_comment")
    assert f["confidence"] == "low"
    assert f["because"].startswith("endpoint /comment/add (api/index.js) + ")
    assert "text" in f["because"]
    assert all(e["strength"] == "semantic" for e in f["evidence"])


def test_ui_text_without_any_write_path_is_not_a_feature(engine, tmp_path: Path) -> None:
    files = dict(OWN_BACKEND_COMMENTS)
    del files["api/index.js"]
    files["pages/detail/detail.js"] = "Page({ submitComment() { wx.showToast({ title: '评论功能即将上线' }) } })\n"
    assert "ugc_comment" not in features(scan(engine, make_project(tmp_path / "p", files)))


def test_a_module_nothing_imports_does_not_count(engine, tmp_path: Path) -> None:
    # Dead helpers are the most common false alarm: the same API module, imported by no page.
    files = dict(OWN_BACKEND_COMMENTS)
    files["pages/detail/detail.js"] = "const util = require('../../utils/util')\nPage({ submitComment() {} })\n"
    files["utils/util.js"] = "module.exports = {}\n"
    assert "ugc_comment" not in features(scan(engine, make_project(tmp_path / "p", files)))


def test_one_file_alone_is_not_independent(engine, tmp_path: Path) -> None:
    # An endpoint and the wrapper's name right beside it are one fact, not two.
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "api/index.js": "export const addComment = (d) => request({ url: '/comment/add', data: d })\n"
                        "export const commentReply = (d) => request({ url: '/comment/reply', data: d })\n",
    })
    assert "ugc_comment" not in features(scan(engine, root))


def test_strings_in_comments_are_not_signals(engine, tmp_path: Path) -> None:
    files = dict(OWN_BACKEND_COMMENTS)
    files["api/index.js"] = "// export const addComment = (d) => request({ url: '/comment/add', data: d })\n"
    assert "ugc_comment" not in features(scan(engine, make_project(tmp_path / "p", files)))


def test_cloud_database_collection_written_and_ui_text(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/detail/detail.js": "const db = wx.cloud.database()\n"
                                  "Page({ send() { db.collection('chat_records').add({ data: {} }) } })\n",
        "pages/index/index.wxml": "<view>私信</view>\n",
    })
    f = feature(scan(engine, root), "im_chat")
    assert f["confidence"] == "low"
    assert f["because"].startswith("collection chat_records (pages/detail/detail.js)")


def test_a_collection_only_read_is_not_an_action(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/detail/detail.js": "const db = wx.cloud.database()\ndb.collection('chat_records').get()\n",
        "pages/index/index.wxml": "<view>私信</view>\n",
    })
    assert "im_chat" not in features(scan(engine, root))


def test_internal_router_paths_are_not_endpoints(engine, tmp_path: Path) -> None:
    # A string naming a module of the app (its own router table) is not a backend endpoint.
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "js/router.js": "module.exports = [{ path: 'chat/room/index' }]\n",
        "js/chat/room/index.js": "module.exports = {}\n",
        "pages/index/index.wxml": "<view>聊天</view>\n",
    })
    assert "im_chat" not in features(scan(engine, root))


def test_video_platform_needs_a_write(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "api/video.js": "export const list = () => request({ url: '/video/list' })\n",
        "pages/index/index.wxml": "<view>上传视频</view>\n",
        "pages/index/index.js": "import { list, upload } from '../../api/video'\n"
                                "Page({ onLoad() { list() }, send(f) { upload(f) } })\n",
    }
    assert "video_platform" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["api/video.js"] += "export const upload = (f) => request({ url: '/video/upload', data: f })\n"
    assert "video_platform" in features(scan(engine, make_project(tmp_path / "b", files)))


def test_semantic_features_reach_the_policy_at_most_likely(engine, tmp_path: Path) -> None:
    # Dating: `random_match` makes ICP_B25 required when a platform API shows it; from semantic
    # evidence only it is likely, and the reason says why.
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "api/match.js": "export const start = () => request({ url: '/match/start', method: 'POST' })\n",
        "pages/index/index.wxml": "<button>开始匹配</button>\n",
        "pages/index/index.js": "const api = require('../../api/match.js')\nPage({})\n",
    })
    report = scan(engine, root)
    assert feature(report, "random_match")["confidence"] == "low"
    for ob in obligations(report).values():
        reasons = ob.get("because") or ob.get("reasons") or []
        if all("random_match" in (r.get("features") or []) for r in reasons) and reasons:
            assert ob["level"] != "required", ob["id"]


def test_vendored_bundle_words_do_not_count(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "lib/im-sdk.min.js": "var a=function(){return request({url:'/chat/send'})};var b='/comment/add';\n",
        "pages/index/index.wxml": "<view>聊天</view><view>评论</view>\n",
    })
    found = features(scan(engine, root))
    assert "im_chat" not in found and "ugc_comment" not in found


def test_a_pair_of_words_means_more_than_either(engine, tmp_path: Path) -> None:
    # `vip` alone is a shop's member level; a VIP order is a sale of membership.
    files = {
        "app.json": APP_JSON,
        "api/user.js": "export const level = () => request({ url: '/user/vip/level' })\n",
        "pages/index/index.wxml": "<button>开通会员</button>\n",
        "pages/index/index.js": "import * as user from '../../api/user'\n"
                                "Page({ onLoad() { user.level() }, open() { user.buy() } })\n",
    }
    assert "virtual_payment" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["api/user.js"] += "export const buy = () => request({ url: '/vip/order/create' })\n"
    f = feature(scan(engine, make_project(tmp_path / "b", files)), "virtual_payment")
    assert f["confidence"] == "low" and f["because"].startswith("endpoint /vip/order/create")


def test_server_routes_and_method_names(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "server/pom.xml": "<project></project>\n",
        "server/src/main/java/app/ChatController.java": (
            "package app;\n"
            "public class ChatController {\n"
            "    // @PostMapping(\"/comment/add\") is not read: a comment\n"
            "    @PostMapping(\"/chat/send\")\n"                      # 4
            "    public Result sendChatMessage(Message m) { return null; }\n"  # 5
            "    private String label = \"chat/help\";\n"             # 6: no leading /, not a route
            "}\n"
        ),
        "pages/index/index.wxml": "<view>私信</view>\n",
    })
    report = check([root], engine, Options())
    sigs = {(s.kind, s.name, s.location.line) for p in report.projects for s in p.signals
            if s.kind in ("endpoint", "identifier") and s.location.path.endswith("ChatController.java")}
    assert ("endpoint", "/chat/send", 4) in sigs
    assert ("identifier", "sendChatMessage", 5) in sigs
    assert not any(name in ("/comment/add", "chat/help") for _k, name, _l in sigs)
    f = feature(report.to_dict(), "im_chat")
    assert f["confidence"] == "low"
    assert all(e["origin"] in ("backend", "frontend") for e in f["evidence"])


def test_python_server_routes_and_functions(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "server/requirements.txt": "flask\n",
        "server/app.py": (
            "from flask import Flask\n"
            "app = Flask(__name__)\n"
            "# @app.post('/comment/add') is a comment\n"
            "@app.post('/chat/send')\n"                 # 4
            "def send_chat_message():\n"               # 5
            "    return 'chat/help'\n"                  # 6: no leading /
        ),
        "pages/index/index.wxml": "<view>私信</view>\n",
    })
    report = check([root], engine, Options())
    sigs = {(s.kind, s.name, s.location.line) for p in report.projects for s in p.signals
            if s.location.path.endswith("app.py") and s.kind in ("endpoint", "identifier")}
    assert ("endpoint", "/chat/send", 4) in sigs
    assert ("identifier", "send_chat_message", 5) in sigs
    assert not any(name in ("/comment/add", "chat/help") for _k, name, _l in sigs)
    assert feature(report.to_dict(), "im_chat")["confidence"] == "low"


def test_python_path_parameters_and_f_strings(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "server/requirements.txt": "fastapi\nhttpx\n",
        "server/main.py": (
            "from fastapi import APIRouter\n"
            "router = APIRouter()\n"
            "@router.post('/artworks/{artwork_id}/comments')\n"          # 3: a path parameter
            "def add(artwork_id: int):\n"
            "    url = f'{settings.API_URL}/chat/completions'\n"          # 5: an f-string
            "    httpx.post(f\"{BASE}/comment/{artwork_id:>4}/reply\", json={'a': f'{x}'})\n"  # 6
            "    label = f'{count} comments'\n"                            # not a path
            "    return '{\"a\": 1}'\n"
        ),
        "pages/index/index.js": PAGE,
    })
    found = check([root], engine, Options()).projects[0].signals
    sigs = {(s.name, s.location.line, s.attrs.get("op", "")) for s in found if s.kind == "endpoint"}
    assert sigs == {("/artworks/{}/comments", 3, "write"), ("{}/chat/completions", 5, ""),
                    ("{}/comment/{}/reply", 6, "write"),
                    ("/chat/completions", 5, "")}  # (the catalogue's ai.chat_completions, found by its token)


def test_a_known_services_path_is_not_the_apps_vocabulary(engine, tmp_path: Path) -> None:
    # .../chat/completions is an LLM API (ai_llm, strong), not a chat between users.
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "wx.request({ url: 'https://api.deepseek.com/chat/completions' })\nPage({})\n",
        "pages/detail/detail.wxml": "<view>聊天</view>\n",
    })
    found = features(scan(engine, root))
    assert "ai_llm" in found and "im_chat" not in found


def test_platform_api_names_are_not_the_apps_names(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "wx.createRewardedVideoAd({ adUnitId: 'x' })\n"
                                "function uploadVideoFile() {}\nPage({})\n",
    })
    names = {n for n, _p, _l, a in signals_of(engine, root, "identifier") if not a.get("source")}
    assert names == {"uploadVideoFile"}


def test_news_needs_its_channel_wording(engine, tmp_path: Path) -> None:
    # "news" in paths and names is a company's announcements as often as 时政: the UI must say so.
    files = {
        "app.json": APP_JSON,
        "api/cms.js": "export const news = () => request({ url: '/cms/news/list' })\n",
        "pages/index/index.js": "import { news } from '../../api/cms'\nfunction loadNewsList() {}\nPage({})\n",
        "pages/detail/detail.wxml": "<view>公司动态</view>\n",
    }
    assert "news_content" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["pages/detail/detail.wxml"] = "<view>国际新闻</view><view>要闻</view>\n"
    assert feature(scan(engine, make_project(tmp_path / "b", files)), "news_content")["confidence"] == "low"


def test_comments_under_news_raise_the_security_assessment(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": "wx.request({ url: 'http://v.juhe.cn/toutiao/index?type=guonei' })\nPage({})\n",
        "pages/detail/detail.wxml": "<textarea placeholder='写评论'></textarea><button>发表评论</button>\n",
        "pages/detail/detail.js": "Page({ send() { wx.request({ url: '/api/comment/add', method: 'POST' }) } })\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert {"news_content", "ugc_comment"} <= features(report)
    sa = obligations(report)["SECURITY_ASSESSMENT"]
    assert sa["level"] == "likely"
    assert any(r.get("trigger") == "security.news_comments" for r in sa["because"])
    # news that is only read: the comments' own trigger alone, which depends
    del files["pages/detail/detail.js"], files["pages/detail/detail.wxml"]
    report = scan(engine, make_project(tmp_path / "q", files))
    assert "ugc_comment" not in features(report)
    assert obligations(report).get("SECURITY_ASSESSMENT", {}).get("level") in (None, "depends")


def test_group_chat_raises_the_security_assessment_with_im(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "package.json": '{"dependencies": {"@tencentcloud/chat": "3.0.0"}}\n',
        "pages/index/index.js": "import TencentCloudChat from '@tencentcloud/chat'\n"
                                "function createGroupChat() {}\nPage({})\n",
        "pages/detail/detail.wxml": "<view>群成员</view>\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert {"im_chat", "group_chat"} <= features(report)
    sa = obligations(report)["SECURITY_ASSESSMENT"]
    assert sa["level"] == "likely"
    assert any(r.get("trigger") == "security.group_chat" for r in sa["because"])
    # group alone is also group buying (拼团): no group chat
    files["pages/index/index.js"] = "function createGroupBuy() {}\nPage({})\n"
    files["pages/detail/detail.wxml"] = "<view>拼团</view>\n"
    assert "group_chat" not in features(scan(engine, make_project(tmp_path / "q", files)))


def test_users_listing_goods_is_a_marketplace(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/post/edit.js": "const db = wx.cloud.database()\nPage({ load() { db.collection('merchants').get() } })\n",
        "pages/index/index.wxml": "<view>商家入驻</view>\n",
    }
    # merchants only read: no marketplace
    assert "multi_merchant" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["pages/post/edit.js"] = ("const db = wx.cloud.database()\n"
                                   "Page({ apply(d) { db.collection('merchants').add({ data: d }) } })\n")
    f = feature(scan(engine, make_project(tmp_path / "b", files)), "multi_merchant")
    assert f["confidence"] == "low"
    assert f["because"].startswith("collection merchants (pages/post/edit.js) + text 入驻")


def test_goods_listed_from_the_app_is_a_marketplace_not_from_a_back_office(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/post/edit.js": "import { post } from '../../api'\nPage({ submit(d) { post('/goods/publish', d) } })\n",
        "api.js": "export const post = (url, data) => wx.request({ url, data, method: 'POST' })\n",
        "pages/index/index.wxml": "<view>校园二手</view>\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "multi_merchant")
    assert f["confidence"] == "low" and "goods/publish" in f["because"]
    # a shop whose server (its back office) creates goods, and whose app adds goods to a cart: no marketplace
    shop = {
        "app.json": APP_JSON,
        "pages/post/edit.js": "import { post } from '../../api'\nPage({ add(d) { post('/goods/addToCart', d) } })\n",
        "api.js": "export const post = (url, data) => wx.request({ url, data, method: 'POST' })\n",
        "pages/index/index.wxml": "<view>二手书专区</view>\n",
        "server/package.json": '{"dependencies": {"express": "4"}}',
        "server/app.js": "const express = require('express')\nconst app = express()\n"
                         "app.post('/admin/goods/create', (req, res) => res.json({}))\n"
                         "app.post('/product/create', (req, res) => res.json({}))\n",
    }
    assert "multi_merchant" not in features(scan(engine, make_project(tmp_path / "b", shop)))
    # a goods collection the app itself writes (a C2C market on the cloud database)
    cloud = {
        "app.json": APP_JSON,
        "pages/post/edit.js": "const db = wx.cloud.database()\n"
                              "Page({ save(d) { db.collection('goods').add({ data: d }) } })\n",
        "pages/index/index.wxml": "<view>发布闲置</view>\n",
    }
    assert feature(scan(engine, make_project(tmp_path / "c", cloud)), "multi_merchant")["confidence"] == "low"
    # ... but not one its cloud function writes (a shop's back office on the cloud)
    cloud_fn = {
        "app.json": APP_JSON,
        "project.config.json": '{"cloudfunctionRoot": "cloudfunctions/"}',
        "cloudfunctions/admin/index.js": "const db = require('wx-server-sdk').database()\n"
                                         "exports.main = async (e) => db.collection('goods').add({ data: e })\n",
        "pages/index/index.wxml": "<view>发布闲置</view>\n",
    }
    assert "multi_merchant" not in features(scan(engine, make_project(tmp_path / "d", cloud_fn)))


def test_an_apps_own_sensitive_word_filter_is_content_security(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/post/edit.js": "import { post } from '../../api'\n"
                              "import { filterSensitiveWords } from '../../utils/filter'\n"
                              "Page({ submit(d) { filterSensitiveWords(d.text); post('/post/add', d) } })\n",
        "api.js": "export const post = (url, data) => wx.request({ url, data, method: 'POST' })\n",
        "utils/filter.js": "const db = wx.cloud.database()\n"
                           "export async function filterSensitiveWords(t) {\n"
                           "  return db.collection('sensitive_words').get()\n}\n",
        "pages/detail/detail.wxml": "<view>发布动态</view>\n",
    }
    report = scan(engine, make_project(tmp_path / "a", files))
    assert feature(report, "content_security")["confidence"] == "low"
    # a filter guessed from words is said, not taken as the control met: ZZ401 stays, as a note naming it
    (zz401,) = findings(report, "ZZ401")
    assert zz401["severity"] == "note" and "filterSensitiveWords" in zz401["message"]
    # the same app without its filter: its posts are unchecked (ZZ401)
    files["pages/post/edit.js"] = "import { post } from '../../api'\nPage({ submit(d) { post('/post/add', d) } })\n"
    del files["utils/filter.js"]
    report = scan(engine, make_project(tmp_path / "b", files))
    assert "content_security" not in features(report)
    assert [f["severity"] for f in findings(report, "ZZ401")] == ["warning"]
    # a word 敏感 in the UI alone (a privacy notice) is no filter
    files["pages/detail/detail.wxml"] = "<view>发布动态</view><view>我们不会收集您的敏感词信息</view>\n"
    assert "content_security" not in features(scan(engine, make_project(tmp_path / "c", files)))


def test_a_function_named_after_the_model_it_calls_asks_it(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "utils/qwen.js": "import { SECRETS } from './secrets'\n"
                         "export function callQwenApi(messages) {\n"
                         "  return wx.request({ url: SECRETS.URL, data: { messages } })\n}\n",
        "pages/index/index.js": "import { callQwenApi } from '../../utils/qwen'\nPage({ ask(m) { callQwenApi(m) } })\n",
        "pages/detail/detail.wxml": "<view>您好，我是AI助手</view>\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "ai_llm")
    assert f["confidence"] == "low" and "callQwenApi" in f["because"]
    # a page's route alone says where code is, not what it does: no model is asked
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/ai-chat/index"]}),
        "pages/index/index.js": "Page({ go() { wx.navigateTo({ url: '/pages/ai-chat/index' }) } })\n",
        "pages/ai-chat/index.js": PAGE,
        "pages/ai-chat/index.wxml": "<view>AI助手即将上线</view>\n",
    }
    assert "ai_llm" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_an_openai_compatible_chat_path_is_a_model_call(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "const base = getApp().globalData.apiBase\n"
                                "wx.request({ url: base + '/v1/chat/completions', method: 'POST' })\nPage({})\n",
    })
    f = feature(scan(engine, root), "ai_llm")
    assert f["confidence"] == "high"
    # a provider's own host says more than the generic path: its entry alone (with the provider's name)
    root = make_project(tmp_path / "q", {
        "app.json": APP_JSON,
        "pages/index/index.js": "wx.request({ url: 'https://api.deepseek.com/chat/completions' })\nPage({})\n",
    })
    report = check([root], engine, Options())
    ids = {e.signal_id for p in report.projects for e in p.evidence if "ai_llm" in e.features}
    assert ids == {"ai.deepseek"}


def test_ambiguous_words_need_the_ui_to_agree(engine, tmp_path: Path) -> None:
    # a sports app: /match/ is a fixture, not matching strangers; no 匹配 in its UI
    files = {
        "app.json": APP_JSON,
        "api/match.js": "export const list = () => request({ url: '/match/list' })\n",
        "pages/index/index.js": "import { list } from '../../api/match'\nfunction loadMatchList() {}\nPage({})\n",
        "pages/detail/detail.wxml": "<view>比赛结果</view>\n",
    }
    assert "random_match" not in features(scan(engine, make_project(tmp_path / "p", files)))


# ------------------------------------------------------------------------------------------ must not


@pytest.mark.parametrize(("request_js", "text", "feature_id"), [
    ("request({ url: '/api/news/list' })", "新闻资讯", "news_content"),             # a company's news page
    ("request({ url: '/api/goods/favorite/add' })", "卖家已发货", "multi_merchant"),  # a plain shop
    ("request({ url: '/api/album/create' })", "每日推荐", "music_streaming"),         # a photo album
    ("request({ url: '/api/match/list' })", "心动不如行动", "random_match"),           # a sports league
    ("request({ url: '/api/diamond/list' })", "钻石戒指", "virtual_payment"),          # a jewellery shop
    ("request({ url: '/api/video/save' })", "短视频去水印", "video_platform"),          # a watermark tool
    ("db.collection('medicines').add({ data: {} })", "用药提醒", "drug_sales"),        # a pill reminder
    ("client.publish('/sys/topic/update')", "发布成功", "ugc_post"),                  # an IoT tool
    ("request({ url: '/api/ai/solutions' })", "人工智能", "ai_llm"),                  # an AI company's site
    ("request({ url: '/api/kefu/chat/send' })", "在线客服聊天", "im_chat"),             # customer service
    ("function joinGroup() {}\nfunction getGroupMembers() {}", "扫码入群", "group_chat"),  # group buying
], ids=["news", "shop", "album", "sports", "jewellery", "watermark", "pills", "iot", "ai-site", "kefu", "group-buy"])
def test_ordinary_apps_get_no_feature_from_words(engine, tmp_path: Path, request_js, text, feature_id) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"const db = wx.cloud.database()\n{request_js}\nPage({{}})\n",
        "pages/detail/detail.wxml": f"<view>{text}</view>\n",
    })
    assert feature_id not in features(scan(engine, root))


def test_a_trigger_that_needs_a_semantic_feature_is_at_most_likely(engine, tmp_path: Path) -> None:
    # A mini-game selling coins from words only: PUBLISHING (game + virtual_payment) would be
    # required; the game is certain, the sale is a guess, so the obligation is likely.
    root = make_project(tmp_path / "p", {
        "project.config.json": '{"compileType": "game"}',
        "game.json": '{"deviceOrientation": "portrait"}',
        "game.js": "require('./js/main')\n",
        "js/main.js": "require('./api')\nconst label = '金币: '\n",
        "js/api.js": "module.exports = () => wx.request({ url: '/api/coin/buy' })\n",
    })
    report = scan(engine, root)
    assert feature(report, "virtual_payment")["confidence"] == "low"
    assert all(ob["level"] != "required" for ob in obligations(report).values()
               if any("virtual_payment" in (r.get("features") or []) for r in ob.get("because", []))), \
        {k: v["level"] for k, v in obligations(report).items()}


def test_a_low_feature_never_rules_a_business_type_out(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "wx.requestPayment({})\nconst db = wx.cloud.database()\n"
                                "db.collection('merchants').add({ data: {} })\nPage({})\n",
        "pages/detail/detail.wxml": "<view>商家入驻</view>\n",
    })
    report = scan(engine, root)
    assert feature(report, "multi_merchant")["confidence"] == "low"
    assert "single_shop" in {b["id"] for b in report["projects"][0]["business_types"]}


# ------------------------------------------------------------------------------------------ hostile


def test_names_and_texts_are_bounded_and_one_line(engine, tmp_path: Path) -> None:
    long_name = "submitComment" + "X" * 100_000
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"function {long_name}() {{}}\n"
                                "const t = `写评论\\n::error::pwned\\n<img src=x>`\nPage({})\n",
    })
    texts = signals_of(engine, root, "text")
    assert texts and all("\n" not in n and len(n) <= 120 for n, _p, _l, _a in texts)
    assert not any(len(n) > 120 for n, _p, _l, _a in signals_of(engine, root, "identifier"))


def test_one_file_gives_few_signals_per_word(engine, tmp_path: Path) -> None:
    table = "\n".join(f"  '/comment/a{i}'," for i in range(5000))
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"request([\n{table}\n])\nPage({{}})\n",
    })
    assert len(signals_of(engine, root, "endpoint")) <= 3


@pytest.mark.parametrize("value", ["/submit/comment", "/subscribe/comment", "/subject/comment"])
def test_sub_paths_are_endpoints_not_page_routes(engine, tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"wx.request({{ url: '{value}' }})\nPage({{}})\n",
    })
    assert [n for n, _p, _l, _a in signals_of(engine, root, "endpoint")] == [value]


@pytest.mark.parametrize("value", ["/static/comment/", "https://cdn.x.com/news/a.png@2x", "/static/news/guide.pdf",
                                   "https://www.acme.com/news/index.html"])
def test_files_are_not_endpoints(engine, tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"wx.request({{ url: '{value}' }})\nPage({{}})\n",
    })
    assert signals_of(engine, root, "endpoint") == []


def test_wxs_code_in_a_template_is_not_ui_text(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.wxml": "<wxs module='m'>\n// 写评论\nvar a = '回复'\n</wxs>\n<view>hello</view>\n",
    })
    assert signals_of(engine, root, "text") == []


def test_jsx_text_is_ui_text(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.tsx": "export default () => <View><Text>写评论</Text></View>\n",
    })
    assert [(n, line) for n, _p, line, _a in signals_of(engine, root, "text")] == [("写评论", 1)]


@pytest.mark.parametrize("value", ["/pagesLive/live/live?room_id=1", "pagesA/chat/index", "/pages_match/match"])
def test_subpackage_routes_are_routes_not_endpoints(engine, tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"wx.navigateTo({{ url: '{value}' }})\nPage({{}})\n",
    })
    assert signals_of(engine, root, "endpoint") == []


def test_an_api_module_keeps_its_paths(engine, tmp_path: Path) -> None:
    # every path of an API module begins with /api: the cap is per vocabulary word, not per first word
    paths = ["/api/user/info", "/api/user/login", "/api/goods/list", "/api/comment/add", "/api/chat/send",
             "/api/post/add", "/api/match/start"]
    body = "\n".join(f"export const f{i} = () => request({{ url: '{p}' }})" for i, p in enumerate(paths))
    root = make_project(tmp_path / "p", {"app.json": APP_JSON, "pages/index/index.js": body + "\nPage({})\n"})
    names = {n for n, _p, _l, _a in signals_of(engine, root, "endpoint")}
    assert {"/api/comment/add", "/api/chat/send", "/api/post/add", "/api/match/start"} <= names


@pytest.mark.parametrize(("call", "op"), [
    ("request({ url: 'campus/toComment', method: 'post', data: d })", "write"),
    ("axios.post(BASE + '/campus/toComment', d)", "write"),
    ("request('/campus/toComment', d, 'POST')", "write"),
    ("fetch(`${BASE}/campus/toComment`, { method: 'PUT', body: d })", "write"),
    ("request({ url: 'campus/toComment', method: 'GET' })", ""),
    ("axios.get('/campus/toComment')", ""),
    # an upload writes: where wx.cloud / uniCloud.uploadFile stores it, and wx.uploadFile's url
    ("wx.cloud.uploadFile({ cloudPath: 'campus/toComment/' + n, filePath: f })", "write"),
    ("wx.uploadFile({ url: BASE + '/campus/toComment', filePath: f, name: 'file' })", "write"),
    ("http.upload('/campus/toComment', f)", "write"),
    ("wx.downloadFile({ url: BASE + '/campus/toComment' })", ""),
])
def test_the_http_method_says_write(engine, tmp_path: Path, call: str, op: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"const d = {{}}\n{call}\nPage({{}})\n",
    })
    found = [a.get("op", "") for _n, _p, _l, a in signals_of(engine, root, "endpoint")]
    assert found == [op]


def test_a_path_after_a_template_substitution_is_read(engine, tmp_path: Path) -> None:
    # the only path of the file follows `${...}`: the byte prefilter must still hand it to the parser
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/post/edit.js": "Page({ go() { getApp().req({ url: `${getApp().url}/create/topic`,"
                              " method: 'POST' }) } })\n",
    })
    assert [(n, a["op"]) for n, _p, _l, a in signals_of(engine, root, "endpoint")] == [("{}/create/topic", "write")]


def test_python_route_helpers_say_write(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "server/requirements.txt": "flask\n",
        "server/app.py": "from flask import Flask\napp = Flask(__name__)\n"
                         "@app.post('/campus/toComment')\ndef f():\n    pass\n"
                         "@app.get('/campus/comments')\ndef g():\n    pass\n",
    })
    report = check([root], engine, Options())
    ops = {s.name: s.attrs.get("op", "") for p in report.projects for s in p.signals if s.kind == "endpoint"}
    assert ops == {"/campus/toComment": "write", "/campus/comments": ""}


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/ai/reSetChat", "/kefu/chat/send", "/bot/chat/send"])
def test_chat_with_a_model_or_a_service_desk_is_not_messaging(engine, tmp_path: Path, path: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"wx.request({{ url: BASE + '{path}', method: 'POST' }})\nPage({{}})\n",
        "pages/detail/detail.wxml": "<view>私信</view>\n",
    })
    assert "im_chat" not in features(scan(engine, root))


# ------------------------------------------------------------------ compounds, sockets, borrowed actions


def test_lower_case_compounds_split_into_known_words_only() -> None:
    known = frozenset({"join", "vip", "buy", "course", "comment", "list"})
    assert split_words("pages/main/joinvip/joinvip", known) == ["pages", "main", "join", "vip", "join", "vip"]
    assert split_words("buycourse", known) == ["buy", "course"]
    assert split_words("commentlist", known) == ["comment", "list"]
    assert split_words("comment", known) == ["comment"]      # a known word is never split
    assert split_words("settings", known) == ["settings"]    # 'set' + 'tings': not two known words
    assert split_words("joinvip") == ["joinvip"]             # without a vocabulary: as before


def test_a_socket_is_a_subscription_named_by_its_url_or_its_module(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "import { open } from '../../common/chat/store'\nimport '../../utils/live'\n"
                                "Page({ onLoad() { open('wss://example.com/x') } })\n",
        "common/chat/store.js": "export const open = (url) => uni.connectSocket({ url: url })\n",
        "utils/live.js": "export const ws = new WebSocket('wss://example.com/ws/liveroom?id=1')\n",
        "utils/other.js": "export const s = wx.connectSocket({ url: 'wss://example.com/ws' })\n",  # no word
    })
    got = {(n, p, a.get("op"), a.get("source")) for n, p, _l, a in signals_of(engine, root, "endpoint")}
    assert ("socket common/chat/store", "common/chat/store.js", "subscribe", "socket") in got
    assert ("socket wss://example.com/ws/liveroom?id=1", "utils/live.js", "subscribe", "socket") in got
    assert not any(p == "utils/other.js" for _n, p, _o, _s in got)


def test_a_socket_and_a_chat_page_make_messaging(engine, tmp_path: Path) -> None:
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/chat/chatroom"]}),
        "pages/index/index.js": "import { open } from '../../common/chat/store'\n"
                                "Page({ onLoad() { open('wss://example.com/x') } })\n",
        "common/chat/store.js": "export const open = (url) => wx.connectSocket({ url: url })\n",
        "pages/chat/chatroom.js": PAGE,
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "im_chat")
    assert f["confidence"] == "low" and "socket common/chat/store" in f["because"]
    # the same page without any socket (or any write): names alone never make a feature
    del files["common/chat/store.js"]
    files["pages/index/index.js"] = PAGE
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_payment_call_buys_what_the_apps_own_names_say(engine, tmp_path: Path) -> None:
    pay = "Page({ pay() { wx.requestPayment({ timeStamp: '', package: '', paySign: '' }) } })\n"
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/vip/buyVip/buyVip", "pages/pay/pay"]}),
        "pages/index/index.js": PAGE,
        "pages/pay/pay.js": pay,
        "pages/vip/buyVip/buyVip.js": PAGE,
        "pages/vip/buyVip/buyVip.wxml": "<view>开通会员</view>\n",
    }
    report = scan(engine, make_project(tmp_path / "a", files))
    f = feature(report, "virtual_payment")
    assert f["confidence"] == "low" and f["because"].startswith("api wx.requestPayment")
    assert "pages/vip/buyVip/buyVip" in f["because"]
    assert obligations(report)["ICP_B25"]["level"] == "likely"
    # a shop's banner text beside its payment says nothing of what is sold: UI text alone never pairs
    shop = dict(files, **{"app.json": json.dumps({"pages": ["pages/index/index", "pages/pay/pay", "pages/my/my"]}),
                          "pages/my/my.js": PAGE, "pages/my/my.wxml": "<view>开通会员</view>\n"})
    del shop["pages/vip/buyVip/buyVip.js"], shop["pages/vip/buyVip/buyVip.wxml"]
    report = scan(engine, make_project(tmp_path / "b", shop))
    assert "payment" in features(report) and "virtual_payment" not in features(report)
    # the same names without any payment call, endpoint or write: nothing is bought
    del files["pages/pay/pay.js"]
    files["app.json"] = json.dumps({"pages": ["pages/index/index", "pages/vip/buyVip/buyVip"]})
    assert "virtual_payment" not in features(scan(engine, make_project(tmp_path / "c", files)))


@pytest.mark.parametrize(("page", "sold"), [
    ("pages/vip/open/open", True),               # the page is named after what it sells
    ("pagesC/memberCenter/memberCenter", True),  # camelCase words of the path
    ("pages/kecheng/detail/detail", True),       # pinyin of 课程: a course bought
    ("pages/recharge/recharge", True),           # coins, votes or a balance spent in the app (round 9)
    ("pages/order/pay", False),                  # any shop's checkout
    ("pages/goods/vipPrice", False),             # no payment call on it: a member's price shown
    ("pages/member/order/order", False),         # a shop's member centre pays the user's orders: goods
    ("pagesMember/goodsDetail/goodsDetail", False),
])
def test_a_payment_call_on_a_page_named_after_what_it_sells(engine, tmp_path: Path, page: str, sold: bool) -> None:
    pay = "Page({ pay() { wx.requestPayment({ timeStamp: '', package: '', paySign: '' }) } })\n"
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", page, "pages/cart/cart"]}),
        f"{page}.js": pay if "vipPrice" not in page else PAGE,
        "pages/cart/cart.js": pay if "vipPrice" in page else PAGE,
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "payment" in features(report)
    if not sold:
        assert "virtual_payment" not in features(report)
        return
    f = feature(report, "virtual_payment")
    assert f["confidence"] == "low" and f["because"].startswith("api wx.requestPayment in a unit named")
    assert obligations(report)["ICP_B25"]["level"] == "likely"


def test_a_payment_in_a_servers_member_package_buys_no_membership(engine, tmp_path: Path) -> None:
    """A shop's Java backend keeps its payments in a package named member (the users' module): a
    server's packages are no pages named after what they sell. A cloud function is one unit."""
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index"]}),
        "pages/index/index.js": "Page({ onLoad() { wx.request({ url: 'https://x.example/api/goods' }) } })\n",
        "server/pom.xml": "<project><artifactId>mall</artifactId></project>\n",
        "server/src/main/java/com/shop/member/PayController.java":
            "package com.shop.member;\nimport com.alipay.api.request.AlipayTradeAppPayRequest;\n"
            "public class PayController { Object pay() { return new AlipayTradeAppPayRequest(); } }\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "payment" in features(report)
    assert "virtual_payment" not in features(report)
    # the same payment in a cloud function named after a membership buys one
    files = {k: v for k, v in files.items() if not k.startswith("server/")}
    files["pages/index/index.js"] = "Page({ buy() { wx.cloud.callFunction({ name: 'vipPay' }) } })\n"
    files["cloudfunctions/vipPay/index.js"] = ("const cloud = require('wx-server-sdk')\n"
                                              "exports.main = async () => cloud.cloudPay.unifiedOrder({})\n")
    report = scan(engine, make_project(tmp_path / "c", files))
    assert "vip" in feature(report, "virtual_payment")["because"]


@pytest.mark.parametrize(("url", "news"), [
    ("http://v.juhe.cn/toutiao/index?type=guonei&key=", True),        # 聚合数据's headlines
    ("https://apis.tianapi.com/generalnews/index?key=", True),        # 天行数据
    ("http://c.m.163.com/nc/article/headline/T1348647853363/0-20.html?", True),  # NetEase's feed
    ("http://v.juhe.cn/weather/index?cityname=", False),               # the same provider's weather
    ("https://apis.tianapi.com/caipu/index?key=", False),              # … and its recipes
])
def test_a_news_aggregators_api_is_news_reprinted(engine, tmp_path: Path, url: str, news: bool) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": f"Page({{ onLoad() {{ wx.request({{ url: '{url}' + this.key }}) }} }})\n",
    })
    report = scan(engine, root)
    if not news:
        assert "news_content" not in features(report)
        return
    assert feature(report, "news_content")["confidence"] == "high"
    assert obligations(report)["NEWS"]["level"] == "required"


def test_profile_edits_are_user_profile_reads_are_not(engine, tmp_path: Path) -> None:
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/user/base"]}),
        "pages/index/index.js": PAGE,
        "pages/user/base.js": "Page({ save(a) { request.post('user/avatarEdit', { avatar: a }) } })\n",
        "pages/user/base.wxml": "<view>修改头像</view>\n",
        "pages/index/index.wxml": "<view>完善资料</view>\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "user_profile")
    assert f["confidence"] == "low" and "user/avatarEdit" in f["because"]
    files["pages/user/base.js"] = "Page({ load() { request.get('user/avatar') } })\n"  # shown, not set
    assert "user_profile" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_path_that_reads_is_no_write_whatever_the_method(engine, tmp_path: Path) -> None:
    """Many backends take every request as POST: /video/getList reads; /video/upload writes."""
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "request({ url: '/video/getList', method: 'POST' })\n"
            "request({ url: '/video/upload', method: 'POST' })\n"
            "request({ url: '/video', method: 'POST' })\n"
        ),
    })
    ops = {n: a.get("op", "") for n, _p, _l, a in signals_of(engine, root, "endpoint")}
    assert ops == {"/video/getList": "", "/video/upload": "write", "/video": "write"}


def test_post_after_its_resource_is_the_verb(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "const api = { CommentPost: ROOT + 'comment/post', PostList: ROOT + 'post/list' }\n"
            "request({ url: '/user/post' })\n"
        ),
    })
    ops = {n: a.get("op", "") for n, _p, _l, a in signals_of(engine, root, "endpoint")}
    # /user/post: a user's posts (user is no vocabulary word)
    assert ops == {"comment/post": "write", "post/list": "", "/user/post": ""}


def test_a_composer_on_a_comment_or_feedback_page_is_no_post(engine, tmp_path: Path) -> None:
    """Nor on a page to sign up or apply (a licence, an ID card uploaded) or a merchant's product editor."""
    composer = ("Page({ pick() { wx.chooseImage({}) }, up() { wx.uploadFile({}) } })\n",
                "<textarea placeholder='说点什么'></textarea>\n")
    units = ("pages/commentPost/commentPost", "pages/feedback/feedback", "pages/merchant-login/merchant-login",
             "pages/apply/apply", "pages/product-edit/product-edit", "pages/aftersale/aftersale",
             "pages/setting/index", "merchant/pages/room/room")
    files = {"app.json": json.dumps({"pages": ["pages/index/index", *units[:7]],
                                     "subpackages": [{"root": "merchant", "pages": ["pages/room/room"]}]}),
             "pages/index/index.js": PAGE}
    for unit in units:
        files[unit + ".js"], files[unit + ".wxml"] = composer
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["app.json"] = json.dumps({"pages": ["pages/index/index", "pages/publish/publish"]})
    for unit in units:
        del files[unit + ".js"], files[unit + ".wxml"]
    files["pages/publish/publish.js"], files["pages/publish/publish.wxml"] = composer
    assert feature(scan(engine, make_project(tmp_path / "b", files)), "ugc_post")["confidence"] == "medium"


def test_a_web_view_message_and_a_review_s_photos_are_no_post(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": "Page({ onLoad() { wx.miniProgram.postMessage({ data: 'ready' }) } })\n",
        "pages/post/edit.js": "Page({ up() { wx.uploadFile({ url: '/Evaluate/PostImages' }) } })\n",
    }
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["pages/detail/detail.wxml"] = "<view>发布动态</view>\n"  # (the UI agrees: a second kind)
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "b", files)))
    files["pages/post/edit.js"] = "Page({ up() { wx.request({ url: '/Moment/PostImages', method: 'POST' }) } })\n"
    assert "ugc_post" in features(scan(engine, make_project(tmp_path / "c", files)))


def test_the_per_file_cap_keeps_the_first_signals_in_document_order(engine, tmp_path: Path) -> None:
    """The query binding promises no order; what the cap keeps must not change between runs."""
    # (all five read: the cap counts each operation apart, so reads only)
    lines = "".join(f"request({{ url: '/comment/{verb}' }})\n" for verb in ("list", "info", "detail", "del", "top"))
    root = make_project(tmp_path / "p", {"app.json": APP_JSON, "pages/index/index.js": lines})
    kept = sorted((line, n) for n, _p, line, _a in signals_of(engine, root, "endpoint"))
    assert kept == [(1, "/comment/list"), (2, "/comment/info"), (3, "/comment/detail")]


def test_reports_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "api/index.js": "".join(f"export const f{i} = () => request({{ url: '/post/{v}', method: 'POST' }})\n"
                                for i, v in enumerate(("add", "edit", "list", "top", "hide", "pin"))),
        "pages/post/edit.js": "import '../../api/index'\nPage({ submitPost() {} })\n",
        "pages/post/edit.wxml": "<view>发帖</view><view>正在发布</view>\n",
        "pages/index/index.js": "import '../../api/index'\nPage({})\n",
    })
    outs = set()
    for seed in ("1", "7", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-m", "zizhi", "check", str(root), "--format", "json", "--no-cache"],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode in (0, 1), done.stderr
        outs.add(done.stdout)
    assert len(outs) == 1


def test_a_phalapi_service_name_is_an_endpoint(engine, tmp_path: Path) -> None:
    """base + 'Comment.Add': PhalApi's ?s=Class.Method services; Math.max or a display key never."""
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "uni.request({ url: site + 'Comment.Add', data: d })\n"          # 1: a write
            "uni.request({ url: site + 'Comment.GetList' })\n"               # 2: a read
            "const x = 'Math.Comment' + y\n"                                 # 3: a global object
            "const t = { title: 'Comment.Add' }\n"                           # 4: shown, not requested
        ),
    })
    got = {(n, line, a.get("op", "")) for n, _p, line, a in signals_of(engine, root, "endpoint")}
    assert got == {("Comment.Add", 1, "write"), ("Comment.GetList", 2, "")}


def test_a_service_name_is_not_taken_for_a_module_of_the_same_name(engine, tmp_path: Path) -> None:
    """'Comment.Add' beside a server file Api/Comment.php: the service, not the module Comment."""
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/review/review"]}),
        "pages/index/index.js": PAGE,
        "pages/index/index.wxml": "<view>写评价</view>\n",
        "pages/review/review.js": "Page({ send(d) { wx.request({ url: site + 'Comment.Add', data: d }) } })\n",
        "server/Api/Comment.php": "<?php\nclass Comment { public function add() {} }\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "ugc_comment")
    assert f["confidence"] == "low" and "Comment.Add" in f["because"]


def test_an_rpc_style_operation_is_read_with_its_path(engine, tmp_path: Path) -> None:
    """RPC-style backends and routed cloud functions name the operation in the request's data:
    {op: 'publish'}, {action: 'addComment'}, tcb-router's {$url: 'post/add'}. It is read with the
    request's path; the same words shown to people, or a key no router uses, are no endpoint."""
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "wx.request({ url: 'api/post', data: { op: 'publish', text: t } })\n"         # 1: a write
            "wx.cloud.callFunction({ name: 'router', data: { $url: 'comment/add' } })\n"  # 2: tcb-router
            "wx.cloud.callFunction({ name: 'comment', data: { action: 'list' } })\n"       # 3: a read
            "request(base + 'api', { action: 'sendChat' })\n"                               # 4: a host from settings
            "wx.request({ url: 'api/user', data: { title: 'addComment' } })\n"             # 5: not a dispatch key
            "const shown = { op: 'publish' }\n"                                               # 6: no request
        ),
    })
    found = {(n, a.get("op", ""), a.get("source", "")) for n, _p, _l, a in signals_of(engine, root, "endpoint")}
    assert found == {("api/post op=publish", "write", "dispatch"), ("router $url=comment/add", "write", "dispatch"),
                     ("comment action=list", "", "dispatch"), ("{}api action=sendChat", "write", "dispatch"),
                     ("api/post", "", ""), ("comment", "", "cloud-function")}  # the path and function, as before


def test_a_post_published_through_an_rpc_operation_is_ugc_post(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": PAGE,
        "pages/post/edit.js": (
            "Page({ go(t) { wx.request({ url: host + '/api/post', data: { op: 'publish', t } }) } })\n"),
        "pages/post/edit.wxml": "<view>发帖</view>\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "ugc_post")
    assert "op=publish" in f["because"]
    files["pages/post/edit.js"] = "Page({ go(t) { wx.request({ url: host + '/api/post', data: { op: 'list' } }) } })\n"
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_the_cap_keeps_a_signal_while_one_of_its_words_is_new(engine, tmp_path: Path) -> None:
    """Every call of an RPC-style function repeats its base (get-article): after three of them a
    fourth still counts for the word it adds (comment)."""
    calls = "".join(f"wx.cloud.callFunction({{ name: 'get-article', data: {{ action: '{a}' }} }})\n"
                    for a in ("addArticle", "publishArticle", "sendArticle", "addComment", "submitArticle",
                              "starArticle"))
    root = make_project(tmp_path / "p", {"app.json": APP_JSON, "pages/index/index.js": calls})
    names = [n for n, _p, _l, _a in signals_of(engine, root, "endpoint") if n.startswith("get-article ")]
    # (starArticle: article is only the first word of pairs such as article+add, no signal alone)
    assert names == ["get-article action=addArticle", "get-article action=publishArticle",
                     "get-article action=sendArticle", "get-article action=addComment"]


@pytest.mark.parametrize(("endpoint", "found"), [
    ("/article/create", True), ("/create/topic", True), ("/dynamic/publish", True), ("/content/send", True),
    ("/article/list", False), ("/topic/detail", False), ("/content/get", False), ("/mqtt/topic", False),
])
def test_articles_topics_and_dynamics_are_posts_only_when_created(engine, tmp_path: Path, endpoint: str,
                                                                  found: bool) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": PAGE,
        "pages/post/edit.js": f"Page({{ go(t) {{ wx.request({{ url: host + '{endpoint}', data: t }}) }} }})\n",
        "pages/post/edit.wxml": "<view>发帖</view>\n",
    }
    assert ("ugc_post" in features(scan(engine, make_project(tmp_path / "a", files)))) is found


def test_wechats_chat_tool_is_no_chat_between_users(engine, tmp_path: Path) -> None:
    call = "Page({ go() { wx.cloud.callFunction({ name: 'openapi', data: { action: '%s' } }) } })\n"
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": call % "updateChatToolMsg",
        "pages/detail/detail.wxml": "<view>群聊</view>\n",
        "pages/detail/detail.js": PAGE,
    }
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["pages/index/index.js"] = call % "sendChatMsg"
    assert "im_chat" in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_video_picked_where_users_post_is_a_video_platform(engine, tmp_path: Path) -> None:
    """A video picked from the album or camera is uploaded: beside community posts, users publish
    videos others watch (video_platform, AVSP). Picked in an app without posts (a private upload,
    a feedback form) it is not."""
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": PAGE,
        "pages/post/edit.js": ("Page({ pick() { wx.chooseVideo({ sourceType: ['album', 'camera'] }) },\n"
                               "  send(t) { wx.request({ url: host + '/post/add', data: t }) } })\n"),
        "pages/post/edit.wxml": "<view>发帖</view>\n",
        "pages/detail/detail.wxml": "<view>发布视频</view>\n",
        "pages/detail/detail.js": PAGE,
    }
    report = scan(engine, make_project(tmp_path / "a", files))
    f = feature(report, "video_platform")
    assert f["confidence"] == "low" and f["because"].startswith("api wx.chooseVideo")
    assert "AVSP" in obligations(report)
    files["pages/post/edit.js"] = "Page({ pick() { wx.chooseVideo({ sourceType: ['album', 'camera'] }) } })\n"
    del files["pages/post/edit.wxml"]
    report = scan(engine, make_project(tmp_path / "b", files))
    assert "ugc_post" not in features(report) and "video_platform" not in features(report)


def test_opening_the_map_at_a_point_reads_no_location(engine, tmp_path: Path) -> None:
    """wx.openLocation shows a point the app gives (a shop's address): with the permission declared,
    the user's location is still not read. wx.getLocation reads it."""
    files = {"app.json": json.dumps({"pages": ["pages/index/index"],
                                     "permission": {"scope.userLocation": {"desc": "x"}}}),
             "pages/index/index.js": "Page({ go() { wx.openLocation({ latitude: 1, longitude: 2 }) } })\n"}
    assert "location" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["pages/index/index.js"] = "Page({ go() { wx.getLocation({ type: 'gcj02' }) } })\n"
    assert "location" in features(scan(engine, make_project(tmp_path / "b", files)))


@pytest.mark.parametrize(("path", "found"), [
    ("/message/send", True), ("/chat/msg/send", True),
    ("/cgi-bin/message/subscribe/send", False), ("/cgi-bin/message/custom/send", False),
    ("/message/template/send", False), ("/sms/message/send", False), ("/system/message/send", False),
])
def test_a_message_sent_is_a_chat_unless_the_platform_or_the_system_sends_it(engine, tmp_path: Path, path: str,
                                                                              found: bool) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/index/index.js": f"Page({{ send(m) {{ request.post('{path}', m) }} }})\n",
        "pages/detail/detail.wxml": "<view>私信</view>\n",
        "pages/detail/detail.js": PAGE,
    }
    assert ("im_chat" in features(scan(engine, make_project(tmp_path / "a", files)))) is found


def test_a_file_whose_only_path_is_one_segment_is_read(engine, tmp_path: Path) -> None:
    """The byte prefilter let a file through only for a path of two segments: request('/addforum')
    alone (no CJK text, no two-word name) was never read, though the reader takes it."""
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": "import { request } from '../../r'\nrequest({ url: '/addforum', method: 'POST' })\n",
    })
    assert [(n, a["op"]) for n, _p, _l, a in signals_of(engine, root, "endpoint")] == [("/addforum", "write")]


def test_wx_get_user_info_alone_collects_no_profile(engine, tmp_path: Path) -> None:
    """wx.getUserInfo has returned an anonymous 微信用户 since 2021 (the quick-start template still
    calls it): alone it is no profile; wx.getUserProfile is."""
    files = {"app.json": APP_JSON, "app.js": "App({ onLaunch() { wx.getUserInfo({ success: r => r }) } })\n",
             "pages/index/index.js": PAGE}
    assert "user_profile" not in features(scan(engine, make_project(tmp_path / "a", files)))
    files["app.js"] = "App({ onLaunch() { wx.getUserProfile({ desc: 'x' }) } })\n"
    assert feature(scan(engine, make_project(tmp_path / "b", files)), "user_profile")["confidence"] == "high"


def test_an_operation_counts_only_in_a_request(engine, tmp_path: Path) -> None:
    """An event, a log, analytics or a navigation with an op/action key is no RPC request."""
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": (
            "this.$emit('comment', { action: 'add' })\n"
            "wx.reportAnalytics('post_click', { action: 'publish' })\n"
            "this.$router.push({ path: '/post', query: { action: 'publish' } })\n"
            "this.triggerEvent('change', { op: 'addComment' })\n"
            "console.log('chat', { cmd: 'sendChat' })\n"
            "http.post('api/post', { op: 'publish' })\n"          # a request helper: counts
        ),
    })
    found = {n for n, _p, _l, a in signals_of(engine, root, "endpoint") if a.get("source") == "dispatch"}
    assert found == {"api/post op=publish"}


def test_a_hostile_concatenation_is_no_path_and_no_crash(engine, tmp_path: Path) -> None:
    chain = " + ".join(["'a'"] * 3000)
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"request({chain}, {{ op: 'publishComment' }})\nwx.requestPayment({{}})\n",
    })
    report = scan(engine, root)
    assert "payment" in features(report)
    assert not [d for d in report["diagnostics"] if d["code"] == "ZZ099"]


def test_a_collection_named_by_a_constant_of_the_file(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "cloudfunctions/send/index.js": (
            "const cloud = require('wx-server-sdk')\nconst db = cloud.database()\n"
            "const COLLECTION = 'conversations'\nconst COLLECTION_2 = 'comments'\n"
            "exports.main = async (e) => { await db.collection(COLLECTION).add({ data: e }); "
            "return db.collection(COLLECTION_2 + 'x').get() }\n"),
        "cloudfunctions/send/package.json": "{}",
    })
    found = [(n, a["op"]) for n, _p, _l, a in signals_of(engine, root, "collection")]
    assert found == [("conversations", "write")]  # COLLECTION_2 + 'x' is another name


def test_a_cloud_function_called_by_name_is_the_apps_backend_not_a_page(engine, tmp_path: Path) -> None:
    files = {
        "app.json": APP_JSON,
        "pages/detail/detail.js": "Page({ send(t) { wx.cloud.callFunction({ name: 'addComment', data: { t } }) } })\n",
        "pages/detail/detail.wxml": "<view>写评论</view>\n",
        "cloudfunctions/addComment/index.js": "exports.main = async () => ({})\n",
        "cloudfunctions/addComment/package.json": "{}",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "ugc_comment")
    assert "endpoint addComment" in f["because"]
    # the call and the called function's own folder say one thing: not two kinds agreeing
    files = {k: v for k, v in files.items() if not k.endswith(".wxml")}
    files["pages/detail/detail.js"] = files["pages/detail/detail.js"].replace("addComment", "sendMessage")
    files = {k.replace("addComment", "sendMessage"): v for k, v in files.items()}
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "b", files)))


@pytest.mark.parametrize(("name", "sold"), [("buyCoins", True), ("addCoins", False)])
def test_coins_are_virtual_goods_when_bought_not_when_granted(engine, tmp_path: Path, name: str, sold: bool) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": f"Page({{ go() {{ wx.cloud.callFunction({{ name: '{name}' }}) }} }})\n",
        "pages/detail/detail.wxml": "<view>签到领金币</view>\n",
    })
    assert ("virtual_payment" in features(scan(engine, root))) is sold


def test_a_collection_a_variable_holds_has_the_operation_of_its_uses(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "api/post.js": (
            "const db = uniCloud.database()\nconst posts = db.collection('posts')\n"
            "const comments = db.collection('comments')\n"
            "// comments.add(x): a comment, not code\n"
            "export const create = (p) => posts.where({ a: 1 }).get().then(() => posts.add(p))\n"
            "export const list = () => comments.get()\n"
            "export const mine = () => this.comments.add(1)\n"),  # another name
        "pages/index/index.js": "import { create } from '../../api/post'\nPage({ create })\n",
    })
    found = sorted((n, a["op"]) for n, _p, _l, a in signals_of(engine, root, "collection"))
    assert found == [("comments", "read"), ("posts", "write")]


def test_messages_written_are_chat_a_list_read_or_a_toast_is_not(engine, tmp_path: Path) -> None:
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/chat/room"]}),
        "pages/index/index.js": "Page({ send(t) { request('POST', `/v1/sessions/${id}/messages`, { t }) } })\n",
        "pages/chat/room.js": "Page({})\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "im_chat")
    assert f["evidence"][0]["signal"] == "sem.im_chat.messages.endpoint"
    files["pages/index/index.js"] = "Page({ load() { request('GET', '/v1/messages') }, showMessage() {} })\n"
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "b", files)))
    files["pages/index/index.js"] = "Page({ send(t) { request('POST', '/v1/system/messages', { t }) } })\n"
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "c", files)))


def test_a_composer_too_small_to_count_agrees_with_an_endpoint_that_writes_posts(engine, tmp_path: Path) -> None:
    files = {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/editor/editor", "pages/comment/edit"]}),
        "pages/index/index.js": PAGE,
        "pages/editor/editor.js": "Page({ pick() { wx.chooseImage({}) },"
                                " send(d) { common.ajax({ url: 'Community/releasePost', data: d }) } })\n",
        "pages/editor/editor.wxml": "<textarea bindinput='x'></textarea>\n",
        "pages/comment/edit.js": "Page({})\n",
    }
    f = feature(scan(engine, make_project(tmp_path / "a", files)), "ugc_post")
    assert f["confidence"] == "low" and "Community/releasePost" in f["because"] and "textarea" in f["because"]
    # (a page whose name says nothing: one named to publish or release would be a composer by its name)
    # the composer alone (two supporting signals of three) is no post; nor is the endpoint alone
    alone = dict(files, **{"pages/editor/editor.js": "Page({ pick() { wx.chooseImage({}) } })\n"})
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "b", alone)))
    # a comment's composer does not agree with a post's endpoint
    moved = {k.replace("editor/editor.wxml", "comment/edit.wxml").replace("editor/editor.js", "comment/x.js"): v
             for k, v in files.items()}
    moved["pages/editor/editor.js"] = PAGE
    moved["pages/comment/edit.js"] = moved.pop("pages/comment/x.js")
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "c", moved)))


def test_the_uses_of_names_are_looked_up_a_bounded_number_of_times(engine, tmp_path: Path, monkeypatch) -> None:
    """Each look-up may read the rest of the file: a file of thousands of declarations must not
    cost thousands of reads of itself (hostile input; the cost was quadratic in the file's size)."""
    import zizhi_plugins.semantic as semantic

    calls: list[str] = []
    for name in ("_held_collection_op", "_named_collection"):
        real = getattr(semantic, name)
        monkeypatch.setattr(semantic, name, lambda *a, _real=real, _name=name: (calls.append(_name), _real(*a))[1])
    lines = [f"const c{i} = db.collection('posts')\nconst K{i} = 'comments'\n" for i in range(300)]
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "pages/index/index.js": ("const db = wx.cloud.database()\n" + "".join(lines)
                                 + "db.collection(K1).add({})\nPage({})\n"),
    })
    found = {(n, a["op"]) for n, _p, _l, a in signals_of(engine, root, "collection")}
    assert ("comments", "write") in found  # the first names are still looked up
    assert len(calls) <= semantic._MAX_LOOKUPS


def test_f_strings_after_odd_line_breaks(engine, tmp_path: Path) -> None:
    # a form feed and a U+2028 inside a string are no line breaks to the tokenizer (nor to Python)
    root = make_project(tmp_path / "p", {
        "app.json": APP_JSON,
        "server/requirements.txt": "requests\n",
        "server/app.py": ("import requests\n\x0c\nNOTE = 'a\u2028b'\n"
                          "def send(s, sid):\n    return requests.post(f\"{s.API}/sessions/{sid}/messages\")\n"),
        "pages/index/index.js": PAGE,
    })
    found = check([root], engine, Options()).projects[0].signals
    assert [(s.name, s.location.line) for s in found if s.kind == "endpoint"] == [("{}/sessions/{}/messages", 5)]


@pytest.mark.parametrize(("call", "op"), [
    ("App._post('circle/comments/comment', { content: c })", "write"),  # a helper named after POST
    ("this.$post('circle/comments/comment', { content: c })", "write"),
    ("post('/circle/comments/comment', { content: c })", "write"),  # imported from the app's request module
    ("httpPost('/circle/comments/comment', { content: c })", "write"),
    ("getPost('/circle/comments/comment')", ""),  # reads a post
    ("fetchPost('/circle/comments/comment')", ""),
    ("wx.postMessage('/circle/comments/comment')", ""),  # a web-view's message, no request
])
def test_request_helpers_named_after_a_writing_method_write(engine, tmp_path: Path, call: str, op: str) -> None:
    files = {"app.json": APP_JSON, "pages/index/index.js": f"Page({{ send(c) {{ {call} }} }})\n"}
    found = signals_of(engine, make_project(tmp_path, files), "endpoint")
    assert [(s[0].lstrip("/"), s[3]["op"]) for s in found] == [("circle/comments/comment", op)]


def test_a_composer_that_saves_what_it_wrote_is_a_post(engine, tmp_path: Path) -> None:
    """A page with a text editor that picks photos and saves data (its upload in a shared helper) is a
    composer; the same page for an order's remarks, feedback or a chat message is not a post."""
    script = ("const db = wx.cloud.database()\n"
              "Page({ pick() { wx.chooseImage({}) }, send() { db.collection('mood').add({ data: {} }) } })\n")
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/write/write"]}),
             "pages/index/index.js": PAGE,
             "pages/write/write.js": script, "pages/write/write.wxml": "<textarea></textarea>\n"}
    root = make_project(tmp_path / "a", files)
    assert [(s[1], s[3]["via"]) for s in signals_of(engine, root, "write")] == [("pages/write/write.js", "collection")]
    assert feature(scan(engine, root), "ugc_post")["confidence"] == "medium"
    # no text editor in the page: a photo saved is no post
    no_editor = dict(files, **{"pages/write/write.wxml": "<view></view>\n"})
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "b", no_editor)))
    # the app's own wrapper of callFunction, named with the function first, saves too
    wrapped = dict(files, **{"pages/write/write.js": "Page({ pick() { wx.chooseImage({}) }, "
                                                     "send(d) { project.fun('databaseAdd', d) } })\n"})
    root = make_project(tmp_path / "w", wrapped)
    assert [s[3]["via"] for s in signals_of(engine, root, "write")] == ["cloud-function"]
    # a write that only reads, or no write at all
    for i, body in enumerate(("wx.cloud.callFunction({ name: 'getList' })", "console.log(1)",
                              "project.fun('getMoodList', {})")):
        script_ = f"Page({{ pick() {{ wx.chooseImage({{}}) }}, s() {{ {body} }} }})\n"
        reads = dict(files, **{"pages/write/write.js": script_})
        assert "ugc_post" not in features(scan(engine, make_project(tmp_path / f"c{i}", reads)))
    # the same composer on an order's page, a feedback page (in pinyin too) or a chat
    for i, unit in enumerate(("pages/order/create", "pages/yijian-fankui/index", "pages/chat/room")):
        other = {"app.json": json.dumps({"pages": ["pages/index/index", unit]}), "pages/index/index.js": PAGE,
                 unit + ".js": script, unit + ".wxml": "<textarea></textarea>\n"}
        assert "ugc_post" not in features(scan(engine, make_project(tmp_path / f"d{i}", other)))


def test_only_a_page_s_own_words_say_what_its_composer_is(engine, tmp_path: Path) -> None:
    """A project whose folder is named ChatRun has pages that are not chats."""
    composer = ("Page({ pick() { wx.chooseImage({}) }, up() { wx.uploadFile({}) } })\n", "<textarea></textarea>\n")
    files = {"ChatRun/app.json": json.dumps({"pages": ["pages/index/index", "pages/dynamic/dynamic"]}),
             "ChatRun/project.config.json": json.dumps({"appid": "wx0000000000000000"}),
             "ChatRun/pages/index/index.js": PAGE}
    files["ChatRun/pages/dynamic/dynamic.js"], files["ChatRun/pages/dynamic/dynamic.wxml"] = composer
    report = scan(engine, make_project(tmp_path, files))
    chatrun = next(p for p in report["projects"] if p["root"] == "ChatRun")
    assert "ugc_post" in {f["id"] for f in chatrun["features"]}


def test_chat_beside_a_language_model_is_with_the_model(engine, tmp_path: Path) -> None:
    """Chats and messages written by an app that calls a model are not people messaging each other."""
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/chat/chat"]}),
             "pages/index/index.js": PAGE,
             "pages/chat/chat.js": "Page({ send(m) { wx.cloud.callFunction({ name: 'sendMessage', data: m }) } })\n",
             "pages/chat/chat.wxml": "<view>私信</view>\n",
             "cloudfunctions/sendMessage/index.js":
                 "const db = require('wx-server-sdk').database()\n"
                 "exports.main = async (e) => db.collection('messages').add({ data: e })\n"}
    assert feature(scan(engine, make_project(tmp_path / "a", files)), "im_chat")["confidence"] == "low"
    ask = "Page({ ask(q) { wx.request({ url: 'https://api.openai.com/v1/chat/completions' }) } })\n"
    with_model = dict(files, **{"pages/index/index.js": ask})
    report = scan(engine, make_project(tmp_path / "b", with_model))
    assert "ai_llm" in features(report) and "im_chat" not in features(report)
    # ... and says so: a finding's feature set aside is never lost silently
    notes = [d for d in report["projects"][0]["diagnostics"] if d["code"] == "ZZ014"]
    assert len(notes) == 1 and "im_chat" in notes[0]["message"] and "ai_llm" in notes[0]["message"]
    # an IM SDK still shows people messaging beside a model
    with_sdk = dict(with_model, **{"package.json": json.dumps({"dependencies": {"tim-wx-sdk": "2.0.0"}}),
                                   "pages/index/index.js": "import TIM from 'tim-wx-sdk'\nTIM.create({})\nPage({})\n"})
    assert feature(scan(engine, make_project(tmp_path / "c", with_sdk)), "im_chat")["confidence"] != "low"



def test_courses_bought_and_users_updated(engine, tmp_path: Path) -> None:
    """Paid courses (知识付费) are virtual goods; a user's own record updated is a profile."""
    pay = "Page({ pay() { wx.requestPayment({ timeStamp: '', package: '', paySign: '' }) } })\n"
    pages = ["pages/index/index", "pages/course/buyCourse/buyCourse", "pages/me/me"]
    files = {"app.json": json.dumps({"pages": pages}),
             "pages/index/index.js": PAGE, "pages/course/buyCourse/buyCourse.js": PAGE, "pages/me/me.js": pay}
    assert feature(scan(engine, make_project(tmp_path / "a", files)), "virtual_payment")["confidence"] == "low"
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/me/me"]}),
             "pages/index/index.js": "Page({ save(u) { wx.request({ url: HOST + '/user/update', data: u }) } })\n",
             "pages/me/me.wxml": "<view>编辑资料</view>\n", "pages/me/me.js": PAGE}
    assert feature(scan(engine, make_project(tmp_path / "b", files)), "user_profile")["confidence"] == "low"


def test_a_cloud_function_named_through_a_local_constant(engine, tmp_path: Path) -> None:
    """``const name = reply ? 'replay' : 'discuss'`` then ``callFunction({ name, data: {action: 'add'} })``:
    either function, with its operation; a constant of another function, or declared after, is not read."""
    script = ("Page({ send() {\n"
              "  const name = this.data.reply ? 'replay' : 'discuss'\n"
              "  wx.cloud.callFunction({ name, data: { action: 'add' } })\n"
              "  const url = '/comment'\n"
              "  wx.request({ url: url, data: { op: 'add' } })\n"
              "}, other() { wx.request({ url, data: { op: 'create' } }) } })\n")
    root = make_project(tmp_path, {"app.json": APP_JSON, "pages/index/index.js": script})
    found = {(n, a.get("op", "")) for n, _p, _l, a in signals_of(engine, root, "endpoint")
             if a.get("source") == "dispatch"}
    assert found == {("discuss action=add", "write"), ("/comment op=add", "write")}



_STRUCTURE_SNIPPETS = [
    "function submitPost() {}\nclass A { sendGift() {} static [k]() {} #p() {} }\n",
    "const addComment = () => 1, x = 2, loadFeed = function () {}, y = async () => {};\nlet { a } = b;\n",
    "const o = { publishNews: () => 0, 'quoted': function () {}, [computed]: () => 1, plain: 1, m() {} }\n",
    "wx.chooseImage({}); api.post('/x'); post('/y'); a.b.c.d(); (f)(); f()(); obj?.call(); new WebSocket(u);\n",
    "new a.B(); new C; x = new Foo(1)\nthis.#priv(); super.m(); import('x'); require('y')\n",
    "function (\n",  # broken: error recovery
    "const f = <T,>(x: T) => x; function g(): void {} class K { h(): number { return 1 } }\n",
    "let v = { k: () => 1 }; export default { onLoad() { this.submitOrder() } }\n",
]


@pytest.mark.parametrize("kind", ["js", "ts", "tsx"])
def test_structural_captures_are_the_queries_captures(kind: str) -> None:
    """``names`` and ``writes`` are read from a query of node types and the structure of their
    patterns (``_TYPE_QUERIES``): the same nodes as the patterns' own query, on every script of the
    fixtures and examples and on snippets of each shape the patterns name."""
    from conftest import ROOT
    from zizhi_plugins.jstree import parser
    from zizhi_plugins.semantic import _captures, _query, _structural_captures

    sources = [s.encode() for s in _STRUCTURE_SNIPPETS]
    extensions = {"js": (".js", ".wxs", ".mjs", ".cjs", ".jsx"), "ts": (".ts",), "tsx": (".tsx", ".ts")}[kind]
    for folder in ("tests/fixtures", "examples"):
        sources += [p.read_bytes() for p in sorted((ROOT / folder).rglob("*")) if p.suffix in extensions]
    compared = 0
    for data in sources:
        root = parser(kind).parse(data).root_node
        for part in ("names", "writes"):
            want = {name: [(n.start_byte, n.end_byte, n.type) for n in nodes]
                    for name, nodes in _captures(_query(kind, part), root).items() if nodes}
            got = {name: [(n.start_byte, n.end_byte, n.type) for n in nodes]
                   for name, nodes in _structural_captures(kind, part, root).items()}
            assert got == want, data[:200]
            compared += sum(len(nodes) for nodes in want.values())
    assert compared > 40


# ------------------------------------------------------------------------------------ a page that saves


def _saving_app(unit: str, body: str, text: str = "<text>写评论</text>") -> dict[str, str]:
    """An app with one page named ``unit`` whose script runs ``body``, and UI text on the index page."""
    return {"app.json": json.dumps({"pages": ["pages/index/index", unit]}),
            "pages/index/index.js": PAGE, "pages/index/index.wxml": f"<view>{text}</view>\n",
            unit + ".js": f"Page({{ submit(d) {{ {body} }} }})\n", unit + ".wxml": "<textarea></textarea>\n"}


@pytest.mark.parametrize(("unit", "body", "feature_id", "via"), [
    # a comment page whose endpoint says nothing (/api/v2/save): the page says what it saves
    ("pages/comment/add", "wx.request({ url: base + '/api/v2/save', method: 'POST', data: d })", "ugc_comment",
     "request"),
    ("pages/order/evaluate", "db.collection('t_rate').add({ data: d })", "ugc_comment", "collection"),
    ("pages/chat/room", "wx.cloud.callFunction({ name: 'send', data: d })", "im_chat", "cloud-function"),
])
def test_a_page_named_after_a_feature_that_saves_acts_for_it(engine, tmp_path: Path, unit: str, body: str,
                                                             feature_id: str, via: str) -> None:
    text = "<text>私信</text>" if feature_id == "im_chat" else "<text>写评论</text>"
    root = make_project(tmp_path / "a", _saving_app(unit, body, text))
    assert [(s[1], s[3]["via"]) for s in signals_of(engine, root, "write")] == [(unit + ".js", via)]
    assert [s[0] for s in signals_of(engine, root, "write")] == ["save"]  # not a composer's "write"
    found = feature(scan(engine, root), feature_id)
    assert found["confidence"] == "low"
    # the same page that only reads, or saves nothing: its name alone is no action
    for i, quiet in enumerate(("wx.cloud.callFunction({ name: 'getList' })", "console.log(d)",
                               "wx.request({ url: base + '/api/v2/list' })")):
        root = make_project(tmp_path / f"r{i}", _saving_app(unit, quiet, text))
        assert signals_of(engine, root, "write") == []
        assert feature_id not in features(scan(engine, root))
    # the page saves, but nothing else in the app names the feature (another kind, another file)
    root = make_project(tmp_path / "alone", _saving_app(unit, body, "<text>首页</text>"))
    assert feature_id not in features(scan(engine, root))


def test_a_saving_page_s_name_must_name_the_feature(engine, tmp_path: Path) -> None:
    """pages/order/confirm saves an order; pages/user/edit saves a profile: neither is a comment."""
    for i, unit in enumerate(("pages/order/confirm", "pages/user/edit", "pages/index/detail")):
        root = make_project(tmp_path / f"p{i}", _saving_app(unit, "db.collection('x').add({ data: d })"))
        assert "ugc_comment" not in features(scan(engine, root))


def test_a_vendored_page_that_saves_is_not_the_app_s(engine, tmp_path: Path) -> None:
    files = _saving_app("pages/index/other", "console.log(d)")
    files["miniprogram_npm/kit/comment/add.js"] = \
        "module.exports = function (d) { db.collection('c').add({ data: d }) }\n"
    assert "ugc_comment" not in features(scan(engine, make_project(tmp_path / "v", files)))


def test_a_saving_page_s_name_is_confirmed_by_the_app_s_words(engine, tmp_path: Path) -> None:
    """pages/freePost (免费邮寄: post as in mail) saves an address; a textarea and a photo picked on
    another page are a form's, not the app's words about posts: no ugc_post. With the UI saying 发帖,
    the same page is a composer's."""
    files = {"app.json": json.dumps({"pages": ["pages/index/index", "pages/freePost/freePost", "pages/form/form"]}),
             "pages/index/index.js": PAGE, "pages/index/index.wxml": "<view>回收</view>\n",
             "pages/freePost/freePost.js": "Page({ get(d) { wx.request({ url: base + '/bag/apply', method: 'POST', "
                                           "data: d }) } })\n",
             "pages/freePost/freePost.wxml": "<view>免费领袋</view>\n",
             "pages/form/form.js": "Page({ pick() { wx.chooseImage({}) } })\n",
             "pages/form/form.wxml": "<textarea></textarea>\n"}
    root = make_project(tmp_path / "mail", files)
    assert [s[0] for s in signals_of(engine, root, "write")] == ["save"]
    assert "ugc_post" not in features(scan(engine, root))
    said = dict(files, **{"pages/index/index.wxml": "<view>发帖</view>\n"})
    assert feature(scan(engine, make_project(tmp_path / "said", said)), "ugc_post")["confidence"] == "low"


def test_a_saving_page_s_name_is_its_path_within_its_project(engine, tmp_path: Path) -> None:
    """A project folder named ``ChatRun/`` says nothing of its pages: a page of it that saves acts for
    a chat only when its own path (within the project) names one."""
    files = _saving_app("pages/index/detail", "wx.request({ url: base + '/api/v2/save', method: 'POST', data: d })",
                        "<text>私信</text>")
    make_project(tmp_path / "mono" / "ChatRun", files)
    report = scan(engine, tmp_path / "mono")
    assert [p["root"] for p in report["projects"]] == ["ChatRun"]
    assert "im_chat" not in features(report)
    files = _saving_app("pages/chat/room", "wx.request({ url: base + '/api/v2/save', method: 'POST', data: d })",
                        "<text>私信</text>")
    make_project(tmp_path / "mono2" / "ChatRun", files)
    assert feature(scan(engine, tmp_path / "mono2"), "im_chat")["because"].startswith(
        "identifier ChatRun/pages/chat/room (ChatRun/pages/chat/room.js)")


@pytest.mark.parametrize("body", [
    "wx.request({ url: base + '/api/v2/getList', method: 'POST', data: d })",  # every call a POST: this one reads
    "api.post('/room/query', d)",
])
def test_a_named_page_that_posts_to_read_saves_nothing(engine, tmp_path: Path, body: str) -> None:
    root = make_project(tmp_path / "a", _saving_app("pages/chat/list", body, "<text>私信</text>"))
    assert signals_of(engine, root, "write") == []
    assert "im_chat" not in features(scan(engine, root))


def test_a_cloud_function_named_after_a_feature_is_no_saving_page(engine, tmp_path: Path) -> None:
    """The backend's folders are modules, not pages: a cloud function comment/add that saves is
    found by its name where the page calls it, not as a page named after comments."""
    files = _saving_app("pages/index/other", "console.log(d)")
    files["project.config.json"] = json.dumps({"miniprogramRoot": "./", "cloudfunctionRoot": "cloudfunctions/",
                                               "appid": "wx0000000000000001"})
    files["cloudfunctions/comment/add/index.js"] = \
        "const db = cloud.database()\nexports.main = async (e) => db.collection('t').add({ data: e })\n"
    assert "ugc_comment" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_saving_pages_are_the_platform_s_own(engine, tmp_path: Path) -> None:
    """One uni-app root is a project per platform, each with its own code (#ifdef): the pages that save
    are those of each, not of the first project read."""
    root = tmp_path / "u"
    write_files(root, {
        "manifest.json": json.dumps({"name": "u", "mp-weixin": {"appid": "wx00000000000000a1"},
                                     "mp-alipay": {"appid": "2021000000000001"}}),
        "pages.json": json.dumps({"pages": [{"path": "pages/index/index"}, {"path": "pages/comment/add"}]}),
        "main.js": "import App from './App'\n", "App.vue": "<script>export default {}</script>\n",
        "pages/index/index.vue": "<template><view>写评论</view></template>\n<script>export default {}</script>\n",
        "pages/comment/add.vue": "<template><textarea /></template>\n<script>\nexport default { methods: {\n"
                                 "submit(d) {\n// #ifdef MP-ALIPAY\n"
                                 "uni.request({ url: base + '/api/v2/save', method: 'POST', data: d })\n"
                                 "// #endif\n} } }\n</script>\n",
    })
    fence(root)
    report = scan(engine, root)
    found = {p["platform"]: {f["id"] for f in p["features"]} for p in report["projects"]}
    assert found == {"alipay": {"ugc_comment"}, "wechat": set()}
