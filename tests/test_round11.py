"""Detection round 11: a language model named by its id where a model goes, and an answer streamed
in chunks (``enableChunked``), in the app's code and on its servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import app_json, evidence_places, feature, features, make_project, obligations, write_files
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _chat_page(js: str) -> dict[str, str]:
    return {
        "app.json": app_json("pages/chat/chat"),
        "pages/chat/chat.wxml": "<view>{{answer}}</view>\n",
        "pages/chat/chat.js": js,
    }


def _signals(report: dict, feature_id: str) -> list[tuple[str, str, int]]:
    return [(e["signal"], e["path"], e["line"]) for e in feature(report, feature_id)["evidence"]]


@pytest.mark.parametrize("js", [
    # the OpenAI-compatible body sent to the app's own path
    "Page({ ask() { wx.request({ url: 'https://api.example.com/box/ask', method: 'POST',\n"
    "  data: { model: 'glm-4-flash', messages: [] } }) } })\n",
    # a constant, then used
    "const DEFAULT_MODEL = 'deepseek-chat'\n"
    "Page({ ask() { wx.request({ url: '/ask', data: { m: DEFAULT_MODEL } }) } })\n",
    # a picker's list of models
    "Page({ data: { models: ['qwen-plus', 'qwen-max'] } })\n",
    # assigned, as a property
    "Page({ onLoad() {\n  this.model = 'hunyuan-lite'\n} })\n",
    # a setter's argument
    "Page({ onLoad() {\n  store.setModel('moonshot-v1-8k')\n} })\n",
    # a capitalised key (Tencent Cloud's API 3.0 bodies: Model, Messages)
    "Page({ onLoad() { const body = JSON.stringify({\n  Model: 'hunyuan-vision', Messages: [] }) } })\n",
])
def test_a_model_id_where_a_model_goes_is_a_language_model_call(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" in features(report)
    assert {s for s, _, _ in _signals(report, "ai_llm")} == {"ai.model_id"}
    assert "GENAI_FILING" in obligations(report)


@pytest.mark.parametrize("js", [
    "// model: 'gpt-4' was the old one\nPage({})\n",  # a comment
    "/* { model: 'deepseek-chat' } */\nPage({})\n",
    "Page({ data: { title: 'gpt-4 is here' } })\n",  # a sentence naming a model
    "Page({ data: { label: 'gpt-4o' } })\n",  # an id, but not where a model goes
    "Page({ data: { model: 'iphone 15 pro' } })\n",  # a phone's model
    "Page({ data: { model: 'gpt-4 turbo, the best' } })\n",  # not an id as providers write it
    "Page({ data: { carModel: 'qwen' } })\n",  # no id: only the head of one
])
def test_no_model_id(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" not in features(report)


def test_a_model_id_in_a_cloud_function_and_on_servers(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({})\n",
        "cloudfunctions/summary/index.js": "exports.main = async () => ({ model: 'deepseek-v3', prompt: 'x' })\n",
        "cloudfunctions/summary/package.json": '{"name": "summary"}\n',
        "server/pom.xml": "<project><artifactId>s</artifactId></project>\n",
        "server/src/main/java/a/Ai.java": (
            "package a;\npublic class Ai {\n"
            "  // String old = \"gpt-4\"; model = \"gpt-4\";\n"
            "  void go(java.util.Map<String, Object> m) { m.put(\"model\", \"qwen-plus\"); }\n}\n"),
        "api/requirements.txt": "flask\n",
        "api/app.py": ("import requests\n\n# model='gpt-4'\n"
                       "def ask(q):\n    return requests.post('https://x.example.com/v1/ask', "
                       "json={'model': 'ernie-4.0-8k', 'q': q})\n"),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    places = {(s, p, line) for s, p, line in _signals(report, "ai_llm")}
    assert places == {("ai.model_id", "cloudfunctions/summary/index.js", 1),
                      ("ai.model_id", "server/src/main/java/a/Ai.java", 4),
                      ("ai.model_id", "api/app.py", 5)}


def test_a_streamed_answer_is_a_language_model_call(engine, tmp_path: Path) -> None:
    js = ("Page({ ask() {\n  const task = wx.request({ url: 'https://api.example.com/chat/stream', method: 'POST',\n"
          "    enableChunked: true, data: { q: 1 } })\n  task.onChunkReceived((r) => this.append(r))\n} })\n")
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert _signals(report, "ai_llm") == [("ai.streamed_answer", "pages/chat/chat.js", 3)]


@pytest.mark.parametrize("js", [
    # turned off
    "Page({ ask() { wx.request({ url: '/chat/ask', enableChunked: false }) } })\n",
    # a request library's list of the options it passes on
    "const KEYS = ['url', 'enableChunked', 'timeout']\nmodule.exports = KEYS\n",
    # an option object without a url: a page's own data
    "Page({ data: { enableChunked: true } })\n",
    # in a comment
    "// wx.request({ url: '/chat', enableChunked: true })\nPage({})\n",
    # a request wrapper passing on whatever its caller asked (review15)
    "export function request(o) { return wx.request({ url: o.url, data: o.data, enableChunked: o.enableChunked }) }\n",
    "export function request(o) { return uni.request({ url: o.url, enableChunked: !!o.enableChunked || false }) }\n",
])
def test_no_streamed_answer(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" not in features(report)


@pytest.mark.parametrize("call, write", [
    ("http.post({ url: '/comment', data: { content } })", True),  # the options given whole to .post
    ("request.put({ url: `/comment`, data: { content } })", True),
    ("$post({ url: '/comment', data: { content } })", True),
    ("http.get({ url: '/comment', data: { id } })", False),  # a read
    ("http.post(other, { url: '/comment' })", False),  # not the options of the call
])
def test_options_given_to_a_writing_helper_write(engine, tmp_path: Path, call: str, write: bool) -> None:
    files = {
        "app.json": app_json("pages/post/post"),
        "pages/post/post.wxml": "<textarea bindinput='input'/><button bindtap='send'>评论</button>\n",
        "pages/post/post.js": f"import {{ http, request, $post }} from '../../utils/http'\n"
                              f"Page({{ send() {{ const content = 1; const id = 2; const other = 3\n  {call}\n}} }})\n",
        "utils/http.js": "export const http = {}; export const request = {}; export const $post = () => {}\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    endpoints = [e for f in report["projects"][0]["features"] for e in f["evidence"]
                 if e["signal"] == "sem.ugc_comment.endpoint"]
    assert ("ugc_comment" in features(report)) == write
    if write:
        assert endpoints and endpoints[0]["line"] == 3


@pytest.mark.parametrize("field", [
    "<uni-easyinput v-model='userInfo.nickname' placeholder='请输入昵称'/>",  # uni-ui, multi-line in real code
    "<u-input v-model='form.nickName'/>",  # uView, bound to the nickname
    "<l-input title='昵称' value='{{name}}'/>",  # Lin UI, titled
    "<input name='nicheng'/>",  # pinyin
])
def test_a_nickname_field_of_a_ui_library(engine, tmp_path: Path, field: str) -> None:
    root = make_project(tmp_path / "p", _profile_form(field))
    assert ("pages/me/edit.wxml", 1) in evidence_places(scan(engine, root), "user_profile")


def _profile_form(field: str) -> dict[str, str]:
    """A page whose form, holding ``field``, is sent to the server."""
    return {
        "app.json": app_json("pages/me/edit"),
        "pages/me/edit.wxml": f"<form bindsubmit='save'>{field}<button form-type='submit'>保存</button></form>\n",
        "pages/me/edit.js": "Page({ save(e) { wx.request({ url: 'https://x.cn/u', data: e.detail.value }) } })\n",
    }


@pytest.mark.parametrize("field", [
    "<uni-easyinput v-model='form.name' placeholder='请输入姓名'/>",  # a name, not a nickname
    "<u-input v-model='keyword' placeholder='搜索用户'/>",
    "<view>{{nickname}}</view>",  # shown, not edited
])
def test_no_nickname_field(engine, tmp_path: Path, field: str) -> None:
    assert "user_profile" not in features(scan(engine, make_project(tmp_path / "p", _profile_form(field))))


LIVE = {"provider": "wx2b03c6e691cd7370", "version": "1.0.3"}  # 小程序直播's live-player-plugin


def test_a_plugin_a_subpackage_declares(engine, tmp_path: Path) -> None:
    manifest = {"pages": ["pages/index/index"],
                "subPackages": [{"root": "live", "pages": ["room/room"], "plugins": {"live-player-plugin": LIVE}}]}
    root = make_project(tmp_path / "p", {"app.json": json.dumps(manifest, indent=1)})
    report = scan(engine, root)
    assert _signals(report, "live_streaming") == [("live.official_plugin", "app.json", 12)]


def test_a_plugin_a_uniapp_subpackage_declares_in_pages_json(engine, tmp_path: Path) -> None:
    pages = {"pages": [{"path": "pages/index/index"}],
             "subPackages": [{"root": "pagesB", "plugins": {"live-player-plugin": LIVE}, "pages": [{"path": "room"}]}]}
    root = tmp_path / "u"
    write_files(root, {
        "pages.json": json.dumps(pages, indent=1),
        "manifest.json": '{"mp-weixin": {"appid": "wx00000000000000b1"}}',
        "main.js": "import App from './App'\n",
        "App.vue": "<script>\nexport default {}\n</script>\n",
        "pages/index/index.vue": "<template><view/></template>\n",
        "pagesB/room.vue": "<template><view/></template>\n",
    })
    report = scan(engine, root)
    assert _signals(report, "live_streaming") == [("live.official_plugin", "pages.json", 11)]


@pytest.mark.parametrize("call, profile", [
    # an avatar uploaded to the app's upload endpoint
    ("wx.uploadFile({ url: 'https://api.example.com/upload/avatar', filePath: f, name: 'file' })", True),
    ("request.uploadFile('/upload/avatar', f)", True),
    # a file under uploads/ read, or an avatar's picture shown: no upload
    ("this.setData({ src: 'https://api.example.com/uploads/avatar/' + id })", False),
    ("wx.request({ url: 'https://api.example.com/upload/avatar' })", False),
])
def test_an_upload_endpoint_is_no_static_folder(engine, tmp_path: Path, call: str, profile: bool) -> None:
    files = {
        "app.json": app_json("pages/me/edit"),
        "pages/me/edit.wxml": "<view bindtap='pick'>修改头像</view>\n",
        "pages/me/edit.js": "import request from '../../utils/request'\n"
                            f"Page({{ pick() {{ const f = 'x'; const id = 1\n  {call}\n}} }})\n",
        "utils/request.js": "export default { uploadFile() {} }\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert ("user_profile" in features(report)) == profile
    if profile:
        assert ("pages/me/edit.js", 3) in evidence_places(report, "user_profile")


# ---------------------------------------------------------------- review: what is no model's id


@pytest.mark.parametrize("js", [
    # a bean's or a variable's name in camel case (no provider writes an id so)
    "Page({ data: { chatModel: 'llamaChatModel' } })\n",
    "Page({ data: { model: 'chatGlmModel' } })\n",
    # a file: the model's icon, a 3D model, a page
    "Page({ data: { modelIcon: 'gemini-logo.png' } })\n",
    "Page({ data: { modelUrl: 'llama/scene.glb' } })\n",
    "Page({ data: { modelPage: 'qwen-chat.html' } })\n",
    # a sentence as the key, not a name
    "Page({ data: { tips: { 'which model is this': 'gpt-4' } } })\n",
    # (already so in 89cff10, kept:) a template with a substitution, a comparison, a default parameter
    "Page({ data: { model: `gpt-4-${size}` } })\n",
    "Page({ pick(model) { return model === 'gpt-4o' } })\n",
])
def test_no_model_id_in_names_files_or_sentences(engine, tmp_path: Path, js: str) -> None:
    report = scan(engine, make_project(tmp_path / "p", _chat_page(js)))
    assert "ai_llm" not in features(report)


def test_no_model_id_on_servers_in_bean_names_files_or_sentences(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({})\n",
        "server/pom.xml": "<project><artifactId>s</artifactId></project>\n",
        # LangChain4j: the bean that serves the model, named after it, not the model's id
        "server/src/main/java/a/Ai.java": (
            "package a;\n@AiService(wiringMode = EXPLICIT, chatModel = \"chatglmChatModel\",\n"
            "    streamingChatModel = \"llamaStreamingChatModel\")\npublic interface Ai {}\n"),
        "server/src/main/java/a/Icons.java": "package a;\nclass Icons { String modelIcon = \"gemini-logo.png\"; }\n",
        "server/src/main/java/a/Chat.java": "package a;\n@AiService(chatModel = \"deepSeekChatModel\")\n"
                                            "interface Chat {}\n",
        "api/requirements.txt": "flask\n",
        "api/app.py": "import requests\n\nprint('the model', 'gpt-4')\nMODEL_ICON = 'claude-3.svg'\n"
                      "MODEL = f'gpt-4-{size}'\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "ai_llm" not in features(report)


def test_model_ids_as_providers_write_them_still_count(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({ data: { model: 'qwen2.5-7b-instruct' } })\n",
        "server/pom.xml": "<project><artifactId>s</artifactId></project>\n",
        "server/src/main/java/a/Ai.java": "package a;\nclass Ai { String model = \"ERNIE-4.0-8K\"; }\n",
        "api/requirements.txt": "flask\n",
        "api/app.py": "import ollama\n\nollama.chat(model='llama3:8b', messages=[])\n",
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert {(p, line) for s, p, line in _signals(report, "ai_llm") if s == "ai.model_id"} == {
        ("pages/index/index.js", 1), ("server/src/main/java/a/Ai.java", 2), ("api/app.py", 3)}


def test_a_table_of_model_ids_is_looked_at_as_far_as_the_cap(engine, tmp_path: Path, monkeypatch) -> None:
    # 2,000 ids in a script, on a server and in Python: at most _MAX_MODEL_LOOKS of each file's are
    # looked at (a table of 50,000 ids was 50,000 signals on a server: 7 s against 1 s)
    import zizhi_plugins.semantic as semantic

    looked: dict[str, int] = {}
    real = semantic.model_id
    monkeypatch.setattr(semantic, "model_id", lambda value: looked.update(
        {value[:3]: looked.get(value[:3], 0) + 1}) or real(value))
    files = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "".join(f"const model{i} = 'glm-4-{i}'\n" for i in range(2000)) + "Page({})\n",
        "server/pom.xml": "<project><artifactId>s</artifactId></project>\n",
        "server/src/main/java/a/Ids.java": "package a;\nclass Ids {\n" + "".join(
            f"  String model{i} = \"gpt-4-{i}\";\n" for i in range(2000)) + "}\n",
        "api/requirements.txt": "flask\n",
        "api/ids.py": "".join(f"model{i} = 'qwen-{i}'\n" for i in range(2000)),
    }
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "ai_llm" in features(report)
    assert looked == {"glm": semantic._MAX_MODEL_LOOKS, "gpt": semantic._MAX_MODEL_LOOKS,
                      "qwe": semantic._MAX_MODEL_LOOKS}


def test_no_model_id_in_typescript_types_or_json(engine, tmp_path: Path) -> None:
    files = _chat_page("Page({})\n")
    files["pages/chat/types.ts"] = ("export type Model = 'gpt-4' | 'gpt-4o'\n"
                                    "export interface Options { model: 'deepseek-chat' | 'deepseek-reasoner' }\n")
    files["pages/chat/chat.json"] = '{"usingComponents": {}, "model": "glm-4-flash"}\n'
    report = scan(engine, make_project(tmp_path / "p", files))
    assert "ai_llm" not in features(report)
