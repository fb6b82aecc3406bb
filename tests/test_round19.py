"""Detection round 19: a conversation with a language model recognised by its messages' roles
(``role: 'assistant'``, the chat APIs' shape), in the app's code and on its servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, bare_project, cli, diagnostics, feature, features, make_project, obligations
from conftest import scan_dict as scan
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _chat_page(js: str) -> dict[str, str]:
    return {
        "app.json": app_json("pages/chat/chat"),
        "pages/chat/chat.wxml": "<view wx:for=\"{{messages}}\">{{item.content}}</view>\n",
        "pages/chat/chat.js": js,
    }


def _places(report: dict, feature_id: str) -> set[tuple[str, str, int]]:
    return {(e["signal"], e["path"], e["line"]) for e in feature(report, feature_id)["evidence"]}


@pytest.mark.parametrize("js", [
    # the answer of the app's own /api/chat kept as the model's turn
    "Page({ async send(q) {\n  const r = await ask('/api/chat', q)\n"
    "  this.setData({ messages: [...this.data.messages, { role: 'assistant', content: r.answer }] })\n} })\n",
    # the chat screens' own name for the model's side
    "Page({ send(q) {\n  this.data.messages.push({ role: 'ai', text: q })\n} })\n",
    # assigned as a property
    "Page({ reply(m) {\n  m.role = 'assistant'\n} })\n",
    # a quoted key, upper case as written
    "Page({ data: { history: [{ \"role\": \"Assistant\", \"content\": \"你好\" }] } })\n",
])
def test_a_message_in_the_models_role_is_a_language_model_conversation(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" in features(report)
    assert {s for s, _, _ in _places(report, "ai_llm")} == {"ai.assistant_role"}
    assert "GENAI_FILING" in obligations(report)


@pytest.mark.parametrize("js", [
    "// { role: 'assistant' } came from the old model\nPage({})\n",  # a comment
    "Page({ show(m) { return m.role === 'assistant' } })\n",  # a comparison: no message made
    "Page({ data: { tip: \"role: 'assistant'\" } })\n",  # inside a longer string
    "Page({ data: { user: { role: 'admin' } } })\n",  # a person's role
    "Page({ data: { member: { userRole: 'assistant' } } })\n",  # another key: a teaching assistant
    "Page({ data: { roles: ['ai'] } })\n",  # a list of roles, not one given
])
def test_no_conversation_role(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" not in features(report)


def test_the_models_role_on_servers_and_in_a_cloud_function(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({})\n",
        "cloudfunctions/talk/index.js": (
            "exports.main = async (e) => ({ messages: [{ role: 'assistant', content: e.a }] })\n"),
        "cloudfunctions/talk/package.json": '{"name": "talk"}\n',
        "server/pom.xml": "<project><artifactId>s</artifactId></project>\n",
        "server/src/main/java/a/Chat.java": (
            "package a;\npublic class Chat {\n"
            "  // m.put(\"role\", \"assistant\");\n"
            "  void keep(java.util.Map<String, Object> m, String a) {"
            " m.put(\"role\", \"assistant\"); m.put(\"content\", a); }\n"
            "  boolean mine(String r) { return r.equals(\"assistant\"); }\n}\n"),
        "api/requirements.txt": "flask\n",
        "api/app.py": ("# {'role': 'assistant'}\n"
                       "def keep(history, answer):\n    history.append({'role': 'assistant', 'content': answer})\n"
                       "    print('assistant')\n"),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert _places(report, "ai_llm") == {("ai.assistant_role", "cloudfunctions/talk/index.js", 1),
                                         ("ai.assistant_role", "server/src/main/java/a/Chat.java", 4),
                                         ("ai.assistant_role", "api/app.py", 3)}


def test_a_conversation_with_a_model_is_no_chat_between_people(engine, tmp_path: Path) -> None:
    """The app's own /api/chat that keeps the model's answers: a conversation with the model, not
    person-to-person messages (im_chat gives way to ai_llm, as it does to a model's id)."""
    files = {
        "app.json": app_json("pages/chat/index"),
        "pages/chat/index.wxml": (
            "<view>AI 聊天</view><input placeholder=\"发消息\"/><button bindtap=\"send\">发送</button>\n"),
        "pages/chat/index.js": (
            "Page({ send(q) {\n"
            "  wx.request({ url: 'https://api.example.com/api/chat/send', method: 'POST', data: { q },\n"
            "    success: (r) => this.setData({ list: [...this.data.list, { role: 'ai', text: r.data.answer }] }) })\n"
            "} })\n"),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "ai_llm" in features(report)
    assert "im_chat" not in features(report)



@pytest.mark.parametrize(("url", "made"), [
    ("https://httpbin.org/post", False), ("https://jsonplaceholder.typicode.com/posts", False),
    ("https://postman-echo.com/post", False), ("https://api.example.com/post", True)])
def test_a_public_test_services_path_makes_no_post(engine, tmp_path: Path, url: str, made: bool) -> None:
    """A speed test or a demo page asks a public HTTP test service (httpbin.org/post echoes a POST):
    its paths name methods or sample data, not what the app makes (the app's own host does)."""
    files = {
        "app.json": app_json("pages/speed/speed"),
        "pages/speed/speed.wxml": "<view>测速</view>\n",
        "pages/speed/speed.js": (
            "Page({ send() {\n"
            f"  wx.request({{ url: '{url}', method: 'POST', data: {{ a: 1 }} }})\n"
            "} })\n"),
    }
    report = check([make_project(tmp_path / "p", files)], engine, Options())
    endpoints = [s for p in report.projects for s in p.signals if s.kind == "endpoint" and s.name == url]
    assert bool(endpoints) is made


_UNI_MANIFEST = ('{\n  "name": "shop",\n  "appid": "__UNI__1234567",\n'
                 '  "mp-weixin": { "appid": "wx0123456789abcdef" }\n}\n')


def _uni_files(**extra: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "miniapp/manifest.json": _UNI_MANIFEST,
        "miniapp/App.vue": "<script>\nexport default {}\n</script>\n",
        "miniapp/main.js": "import App from './App'\n",
        "miniapp/pages/index/index.vue": (
            "<template><view @click=\"pay\">支付</view></template>\n<script>\nexport default { methods: {\n"
            "  pay() { uni.requestPayment({ provider: 'wxpay', orderInfo: {} }) }\n} }\n</script>\n"),
        "miniapp/pages/mine/mine.vue": "<template><view>我的</view></template>\n",
        "miniapp/pages.json.bak": '{ "pages": [ { "path": "pages/index/index" }, { "path": "pages/mine/mine" } ] }\n',
    }
    files.update(extra)
    return files


def test_a_uniapp_folder_without_its_pages_json_is_read_from_its_manifest(engine, tmp_path: Path) -> None:
    """A uni-app project whose pages.json its set-up script writes (from pages.json.bak) is still the
    project: its manifest.json is uni-app's, App.vue and pages/ are beside it; its pages are read as
    registered, with a note naming the template kept."""
    root = bare_project(tmp_path / "repo", _uni_files())
    report = scan(engine, root)
    (only,) = report["projects"]
    assert only["framework"] == "uni-app"
    assert "payment" in {f["id"] for f in only["features"]}
    notes = [d for d in diagnostics(report, "ZZ012") if "pages.json.bak" in d["message"]]
    assert notes and notes[0]["path"].endswith("miniapp/manifest.json")
    assert "2 pages under pages/" in notes[0]["message"]


@pytest.mark.parametrize("drop", ["miniapp/App.vue", "miniapp/pages/index/index.vue"])
def test_a_manifest_without_app_or_pages_is_no_uniapp_project(engine, tmp_path: Path, drop: str) -> None:
    files = _uni_files(**{"miniapp/pages/mine/mine.vue": "<template><view/></template>\n"})
    del files[drop]
    if drop.endswith("index.vue"):
        del files["miniapp/pages/mine/mine.vue"]
    root = bare_project(tmp_path / "repo", files)
    code, _out, err = cli(["check", "--format", "json", "--no-cache", root])
    assert code == 2 and "no mini-program project found" in err


def test_a_web_manifest_is_no_uniapp_project(engine, tmp_path: Path) -> None:
    """A web app's manifest.json (a PWA's) beside App.vue and pages/ is not uni-app's."""
    files = _uni_files(**{"miniapp/manifest.json": '{ "name": "site", "start_url": "/", "display": "standalone" }\n'})
    root = bare_project(tmp_path / "repo", files)
    code, _out, err = cli(["check", "--format", "json", "--no-cache", root])
    assert code == 2 and "no mini-program project found" in err


@pytest.mark.parametrize("js", [
    # the history a request sends, in the chat APIs' shape
    "Page({ ask(q) {\n  const messages = [{ role: 'system', content: '你是助手' }, { role: 'user', content: q }]\n"
    "  wx.request({ url: 'https://api.example.com/box/ask', method: 'POST', data: { messages } })\n} })\n",
    # a shorthand content
    "Page({ ask(content) {\n  this.data.history.push({ role: 'user', content })\n} })\n",
])
def test_a_message_in_the_chat_apis_shape_is_a_language_model_conversation(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" in features(report)
    assert {s for s, _, _ in _places(report, "ai_llm")} == {"ai.message_shape"}


@pytest.mark.parametrize("js", [
    "Page({ data: { me: { role: 'user', name: 'x' } } })\n",  # a person's role, no content
    "Page({ onLoad() {\n  this.role = 'system'\n} })\n",  # assigned alone
    "Page({ data: { post: { role: 'user', title: 't', body: 'b' } } })\n",  # other keys
])
def test_a_persons_role_is_no_message(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" not in features(report)


def test_the_chat_apis_message_shape_on_servers(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({})\n",
        "server/go.mod": "module example.com/s\n\ngo 1.21\n",
        "server/ai.go": ("package s\n\ntype Msg struct{ Role, Content string }\n\n"
                         "func ask(q string) []Msg {\n\treturn []Msg{{Role: \"user\", Content: q}}\n}\n"
                         "func who() Msg { return Msg{Role: \"user\"} }\n"),
        "api/requirements.txt": "flask\n",
        "api/app.py": ("def ask(q):\n    account = {'role': 'user', 'name': q}\n"
                       "    return [{'role': 'system', 'content': 'be brief'}, account]\n"),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert _places(report, "ai_llm") == {("ai.message_shape", "server/ai.go", 6),
                                         ("ai.message_shape", "api/app.py", 3)}


@pytest.mark.parametrize("text", ["AI 正在思考…", "思考中...", "小助手正在思考中"])
def test_a_model_thinking_is_ui_text_of_a_language_model(engine, tmp_path: Path, text: str) -> None:
    """The wait for an answer (正在思考, 思考中) is what a chat screen of a language model says; with the
    page's name (pages/aichat) it agrees."""
    files = {
        "app.json": app_json("pages/aichat/aichat"),
        "pages/aichat/aichat.wxml": f"<view wx:if=\"{{{{loading}}}}\">{text}</view>\n",
        "pages/aichat/aichat.js": (
            "Page({ send(q) {\n"
            "  wx.request({ url: 'https://api.example.com/aichat/send', method: 'POST', data: { q } })\n} })\n"),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "ai_llm" in features(report)
    assert any(s.endswith(".text") for s, _, _ in _places(report, "ai_llm"))


def _game_page(route: str, wxml: str, js: str = "Page({ start() { this.setData({ over: false }) } })\n",
               **extra: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "app.json": app_json("pages/index/index", route),
        "pages/index/index.wxml": "<navigator url=\"/" + route + "\">玩一局</navigator>\n",
        f"{route}.wxml": wxml,
        f"{route}.js": js,
    }
    files.update(extra)
    return files


@pytest.mark.parametrize("route", ["pages/2048/2048", "pages/game/index", "pages/gomoku/gomoku"])
def test_a_game_played_on_a_mini_programs_pages_is_a_game(engine, tmp_path: Path, route: str) -> None:
    """A notes app's 2048 page, a tool box's gomoku: the page named after the game and its 游戏结束 /
    开始游戏 wording agree; the filing of game content inside a mini-program is a question (depends),
    and the mini-program does not become a 小游戏."""
    files = _game_page(route, "<view wx:if=\"{{over}}\">游戏结束</view><button bindtap=\"start\">开始游戏</button>\n")
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "game" in features(report)
    assert feature(report, "game")["confidence"] == "low"
    obs = obligations(report)
    assert obs["GAME_FILING"]["level"] == "depends"
    assert "PUBLISHING" not in obs
    assert "mini_game" not in {b["id"] for b in report["projects"][0]["business_types"]}


@pytest.mark.parametrize(("route", "wxml"), [
    # a sports match (game), no game's wording
    ("pages/game/detail", "<view>比赛详情</view><view>比分 3:2</view>\n"),
    # the wording without a page or function named after a game
    ("pages/quiz/quiz", "<view>开始游戏</view>\n"),
    # the wording in a comment only
    ("pages/2048/2048", "<!-- 游戏结束 -->\n<view>数字</view>\n"),
])
def test_no_game_without_both_its_name_and_its_wording(engine, tmp_path: Path, route: str, wxml: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _game_page(route, wxml)))
    assert "game" not in features(report)


def test_a_game_inside_a_mini_program_with_virtual_payment_asks_about_publishing(engine, tmp_path: Path) -> None:
    """Virtual payment beside a game on a mini-program's pages: the 版号 depends on what is sold (the
    game's coins, or the app's membership); only a mini-game's in-app purchases make it required."""
    files = _game_page(
        "pages/2048/2048", "<view>游戏结束</view><button bindtap=\"buy\">开通会员</button>\n",
        js=("Page({ buy() { wx.requestVirtualPayment({ signData: '{}', paySig: 'x', signature: 'y',\n"
            "  mode: 'short_series_goods' }) } })\n"))
    report = scan(engine, make_project(tmp_path / "p", files))
    assert {"game", "virtual_payment"} <= features(report)
    publishing = obligations(report)["PUBLISHING"]
    assert publishing["level"] == "depends"


def test_a_dating_mini_program_with_a_game_page_still_needs_b25(engine, tmp_path: Path) -> None:
    """Matching strangers who then chat is 社交-陌生人交友 (B25 required) in a mini-program, a game page
    beside it or not; only a mini-game's matching (opponents) is left out."""
    files = _game_page(
        "pages/game/index", "<view>游戏结束</view><view>开始游戏</view>\n",
        **{"pages/match/match.wxml": "<button bindtap=\"go\">开始匹配</button><view>匹配成功</view>\n",
           "pages/match/match.js": ("Page({ go() {\n  wx.request({ url: 'https://api.example.com/match/start', "
                                    "method: 'POST' })\n  wx.getUserProfile({ desc: '资料' })\n} })\n"),
           "pages/chat/chat.js": ("const im = require('tim-wx-sdk')\n"
                                  "Page({ send() { im.create({}).sendMessage({}) } })\n")})
    files["app.json"] = app_json("pages/index/index", "pages/game/index", "pages/match/match", "pages/chat/chat")
    report = scan(engine, make_project(tmp_path / "p", files))
    assert {"game", "random_match"} <= features(report)
    assert "b25.dating" in {b["trigger"] for b in obligations(report)["ICP_B25"]["because"]}
