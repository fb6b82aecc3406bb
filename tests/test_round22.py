"""Detection round 22: what the held-out sets newcorpus42-43 showed (social apps; everyday tools)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import features as feature_ids
from conftest import make_project as mini_program
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _account_app(root: Path, route: str, page: str = "pages/my/edit/my_edit") -> Path:
    """A CCMiniCloud-style app: the account ("passport") module's routes called through the app's
    cloud helper, the profile form's title in the template beside it."""
    return mini_program(root, {
        "app.json": '{"pages": ["pages/index/index", "' + page + '"]}',
        "pages/index/index.wxml": "<view>首页</view>\n",
        "pages/index/index.js": "Page({})\n",
        f"{page}.wxml": "<view class=\"title\">修改资料</view>\n<input model:value=\"{{formName}}\" />\n",
        f"{page}.js": "const cloudHelper = require('../../../helper/cloud_helper.js')\n"
                      "Page({ async bindSubmitTap() {\n"
                      f"  await cloudHelper.callCloudSumbit('{route}', {{ name: this.data.formName }})\n"
                      "} })\n",
        "helper/cloud_helper.js": "function callCloudSumbit(route, params) {\n"
                                  "  return wx.cloud.callFunction({ name: 'mcloud', data: { route, params } })\n}\n"
                                  "module.exports = { callCloudSumbit }\n",
    })


def test_the_account_modules_edit_route_is_a_profile_edit(engine, tmp_path: Path) -> None:
    """``passport`` is the account module of CCMiniCloud (18 labelled repositories) and of other
    frameworks' user controllers: its edit route saves the user's own profile (name, city, employer),
    which the form's 修改资料 says too."""
    for route in ("passport/edit_base", "passport/update_info"):
        report = scan(engine, _account_app(tmp_path / route.replace("/", "-"), route))
        assert "user_profile" in feature_ids(report), route


def test_other_account_routes_and_the_operators_edits_are_no_profile(engine, tmp_path: Path) -> None:
    """Logging in or registering through the account module edits nothing; an operator's page
    editing accounts (admin) collects no user's profile."""
    assert "user_profile" not in feature_ids(scan(engine, _account_app(tmp_path / "login", "passport/login")))
    admin = _account_app(tmp_path / "admin", "admin/passport/edit", page="pages/admin/user/edit")
    assert "user_profile" not in feature_ids(scan(engine, admin))


def _live_chat(root: Path, call: str, page: str = "pages/live/live", chat_type: str = "chatRoom") -> Path:
    """A chat over Easemob's SDK (vendored under sdk/, imported by the app), its page titled 聊天室 and
    opened from the index page with the other party's id."""
    return mini_program(root, {
        "app.json": '{"pages": ["pages/index/index", "' + page + '"]}',
        "app.js": "const WebIM = require('./utils/WebIM.js')\nwx.WebIM = WebIM\nApp({})\n",
        "utils/WebIM.js": "const websdk = require('../sdk/Easemob-chat-3.1.1.js')\n"
                          "module.exports = { conn: new websdk.connection({ appKey: 'x#y' }) }\n",
        "sdk/Easemob-chat-3.1.1.js": "/* Easemob WebIM SDK */\nmodule.exports = { connection: function () {} }\n",
        "pages/index/index.wxml": "<view bindtap=\"open\">消息</view>\n",
        "pages/index/index.js": "Page({ open(e) {\n"
                                f"  wx.navigateTo({{ url: '/{page}?toUser=' + e.currentTarget.dataset.id }})\n}} }})\n",
        f"{page}.wxml": "<view class=\"title\">聊天室</view>\n<input bindconfirm=\"send\" />\n",
        f"{page}.js": "Page({ onLoad(o) {\n"
                      f"  wx.WebIM.conn.{call}({{ roomId: o.id }})\n"
                      "}, send(e) {\n"
                      f"  wx.WebIM.conn.send({{ chatType: '{chat_type}', msg: e.detail.value }})\n}} }})\n",
    })


def _obligation_level(report: dict, oid: str) -> str | None:
    return next((o["level"] for p in report["projects"] for o in p["obligations"] if o["id"] == oid), None)


def test_a_one_to_one_chat_page_named_chat_room_is_no_chat_room(engine, tmp_path: Path) -> None:
    """Apps name their one-to-one conversation page chatRoom (pages/chatRoom/chatRoom?toUser=...): a page's
    own path and the routes to it name a page, not a room's call, and the SDK's single chat joins none:
    no group chat, and the assessment stays a question."""
    report = scan(engine, _live_chat(tmp_path / "single", "getConversationList", page="pages/chatRoom/chatRoom",
                                     chat_type="singleChat"))
    assert "im_chat" in feature_ids(report)
    assert "group_chat" not in feature_ids(report)
    assert _obligation_level(report, "SECURITY_ASSESSMENT") != "likely"


def _review_app(root: Path, method: str) -> Path:
    """A shop whose request module takes the HTTP method from an enum of methods (lilishop's uni-app
    client: ``method: Method.POST``), with a review page."""
    return mini_program(root, {
        "app.json": '{"pages": ["pages/index/index", "pages/order/detail"]}',
        "pages/index/index.wxml": "<view>商城</view>\n",
        "pages/index/index.js": "Page({})\n",
        "pages/order/detail.wxml": "<view>发表评价</view>\n<button bindtap=\"submit\">提交</button>\n",
        "pages/order/detail.js": "import { memberEvaluation } from '../../api/members.js'\n"
                                 "Page({ submit() { memberEvaluation({ grade: 5 }) } })\n",
        "utils/request.js": "export const Method = { GET: 'GET', POST: 'POST', PUT: 'PUT' }\n"
                            "export const http = {\n"
                            "  request(o) { return new Promise(r => wx.request({ ...o, success: r })) },\n}\n",
        "api/members.js": "import { http, Method } from '../utils/request.js'\n"
                          "export function memberEvaluation(params) {\n"
                          f"  return http.request({{ url: '/member/evaluation', method: {method}, params }})\n}}\n",
    })


def test_an_http_method_given_by_an_enum_writes(engine, tmp_path: Path) -> None:
    """``method: Method.POST`` says what ``method: 'POST'`` says: the review is written."""
    assert "ugc_comment" in feature_ids(scan(engine, _review_app(tmp_path / "post", "Method.POST")))
    assert "ugc_comment" in feature_ids(scan(engine, _review_app(tmp_path / "put", "METHOD.PUT")))


@pytest.mark.parametrize("method", ["HttpMethod['POST']", "(Method.POST as any)", "Verbs.POST"])
def test_an_http_method_through_an_index_or_a_type_wrapper_writes(engine, tmp_path: Path, method: str) -> None:
    """Method['POST'], TypeScript's ``as any``, and any upper-case constant as the value of ``method``."""
    assert "ugc_comment" in feature_ids(scan(engine, _review_app(tmp_path / "m", method)))


def test_a_url_tables_entry_named_post_is_no_method(engine, tmp_path: Path) -> None:
    """A reading, not a write: ``Method.GET``; and ``api.post`` (an entry of a URL table) is no method."""
    assert "ugc_comment" not in feature_ids(scan(engine, _review_app(tmp_path / "get", "Method.GET")))
    assert "ugc_comment" not in feature_ids(scan(engine, _review_app(tmp_path / "api", "api.post")))


def test_a_constant_passed_to_a_call_is_a_method_only_when_named_after_methods() -> None:
    """``request(url, data, Method.POST)`` gives the method by position; ``update(id, Status.DELETE)`` and
    ``save(x, Mode.PUT)`` give a status and a mode, however upper-case."""
    from tree_sitter import Parser

    from zizhi_plugins.javascript import language_of
    from zizhi_plugins.semantic import _method_of

    def first_argument(src: str):  # the first argument of the file's one call
        tree = Parser(language_of("ts")).parse(src.encode())
        call = tree.root_node.named_children[0].named_children[0]
        return call.child_by_field_name("arguments").named_children[0]

    assert _method_of(first_argument("f(Method.POST)")) == "post"
    assert _method_of(first_argument("f(HTTP.PUT)")) == "put"
    assert _method_of(first_argument("f(HttpMethod.Post!)")) == "post"
    assert _method_of(first_argument("f(Status.DELETE)")) == ""
    assert _method_of(first_argument("f(Mode.PUT)")) == ""
    assert _method_of(first_argument("f(Status.DELETE)"), keyed=True) == "delete"  # method: Status.DELETE


def test_a_request_helpers_name_is_no_features_name(engine, tmp_path: Path) -> None:
    """postRequest, doPost, httpPost name an HTTP method, not a user's post: no identifier of ugc_post
    (a promotion page of a hospital's shop posted its product list through postRequest: a trap);
    addPost still names one."""
    from zizhi.context import Options
    from zizhi.engine import check

    root = mini_program(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({\n  postRequest(url, data) { return wx.request({ url, data, method: 'POST' }) },\n"
                  "  doPost(url, data) { return this.postRequest(url, data) },\n})\n",
        "pages/index/index.wxml": "<view>首页</view>\n",
        "pages/index/index.js": "const app = getApp()\nPage({\n"
                                "  load() { app.postRequest('/product/list', {}); app.doPost('/service/list', {}) },\n"
                                "  addPost(d) { return d },\n})\n",
    })
    report = check([root], engine, Options())
    names = {s.name for p in report.projects for s in p.signals if s.kind == "identifier"}
    assert "addPost" in names
    assert not names & {"postRequest", "doPost"}


def _comment_page(root: Path, box: str) -> Path:
    return mini_program(root, {
        "app.json": '{"pages": ["pages/article/article"]}',
        "pages/article/article.wxml": f"<view>{{{{article.title}}}}</view>\n{box}\n",
        "pages/article/article.js": "Page({ data: { comments: [] },\n"
                                    "  send(e) { this.setData({ text: e.detail.value }) } })\n",
    })


@pytest.mark.parametrize("box", [
    '<input placeholder="写评论" bindconfirm="send" />',
    '<textarea placeholder="写下你的评论" bind:input="send"></textarea>',
    '<input placeholder="回复" model:value="{{text}}" />',
    '<form bindsubmit="send"><input name="content" placeholder="评论" /></form>',
])
def test_a_comment_box_wired_to_its_page_is_a_comment(engine, tmp_path: Path, box: str) -> None:
    assert "ugc_comment" in feature_ids(scan(engine, _comment_page(tmp_path / "p", box)))


def test_a_comment_box_nothing_reads_is_no_comment(engine, tmp_path: Path) -> None:
    """A box drawn under fake comments with no handler, no model and no form field's name collects
    nothing (newcorpus44's Juejin clone, newcorpus39's flea market, newcorpus41's hospital)."""
    report = scan(engine, _comment_page(tmp_path / "c", '<input type="text" placeholder="输入评论..." />'))
    assert "ugc_comment" not in feature_ids(report)


def test_a_jsx_handler_written_inline_wires_the_box(engine, tmp_path: Path) -> None:
    """Taro's <Textarea onInput={e => setText(e.detail.value)} />: the arrow function is the handler (the
    reader kept only handlers named by a binding, onInput={onText})."""
    root = tmp_path / "taro"
    (root / "src/pages/index").mkdir(parents=True)
    (root / "package.json").write_text('{"dependencies": {"@tarojs/taro": "3.6.0"}}\n', encoding="utf-8")
    (root / "src/app.config.ts").write_text("export default defineAppConfig({ pages: ['pages/index/index'] })\n",
                                            encoding="utf-8")
    (root / "src/pages/index/index.tsx").write_text(
        "import { View, Textarea } from '@tarojs/components'\n"
        "export default function Index() {\n  const [text, setText] = useState('')\n"
        "  return <View><Textarea placeholder=\"写评论\" onInput={e => setText(e.detail.value)} /></View>\n}\n",
        encoding="utf-8")
    assert "ugc_comment" in feature_ids(scan(engine, root))
