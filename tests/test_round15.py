"""Detection round 15: uni-app's compiled output read as uni's API, a question-and-answer
community's questions, and an API module's function naming the opaque path it wraps."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, endpoint_attrs, feature, features, fence, make_project, write_files
from conftest import scan_dict as scan
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _apis(engine, root: Path) -> set[tuple[str, str, int]]:
    report = check([root], engine, Options())
    return {(s.name, s.location.path, s.location.line) for p in report.projects for s in p.signals if s.kind == "api"}


_endpoints = endpoint_attrs


# ------------------------------------------------------------------ uni-app's compiled output

_VITE_PAGE = """\
"use strict";
const common_vendor = require("../../common/vendor.js");
const _sfc_main = {
  setup() {
    const ad = common_vendor.index.createRewardedVideoAd({ adUnitId: "adunit-1" });
    const n = common_vendor.ref(0);
    common_vendor.other.createInterstitialAd({ adUnitId: "adunit-2" });
    return { ad, n };
  }
};
wx.createPage(_sfc_main);
"""


def test_a_vite_build_calls_unis_api_through_its_vendor_chunk(engine, tmp_path: Path) -> None:
    # a committed mp-weixin build of a Vue 3 uni-app project: no source, so the build is the project
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "common/vendor.js": "exports.index = wx; exports.ref = function (v) { return { value: v } };\n",
        "pages/index/index.js": _VITE_PAGE,
    })
    apis = _apis(engine, root)
    assert ("uni.createRewardedVideoAd", "pages/index/index.js", 5) in apis
    # only the chunk's `index` export is uni; its other exports are Vue's helpers, not the API
    assert not any(name.startswith("uni.") and line != 5 for name, path, line in apis if path == "pages/index/index.js")
    assert "ads" in features(scan(engine, root))


def test_a_package_named_common_vendor_is_not_unis_chunk(engine, tmp_path: Path) -> None:
    page = _VITE_PAGE.replace('"../../common/vendor.js"', '"common/vendor.js"')
    root = make_project(tmp_path / "p", {"pages/index/index.js": page})
    assert not any(name.startswith("uni.") for name, _, _ in _apis(engine, root))


def test_a_webpack_build_hands_uni_to_each_module(engine, tmp_path: Path) -> None:
    module = (
        "(global[\"webpackJsonp\"] = global[\"webpackJsonp\"] || []).push([[\"pages/index/index\"], {\n"
        "/***/ 12: (function(module, exports, __webpack_require__) {\n"
        "/* WEBPACK VAR INJECTION */(function(uni) {\n"
        "exports.default = { onLoad() { uni.createRewardedVideoAd({ adUnitId: 'adunit-1' }) } };\n"
        "/* WEBPACK VAR INJECTION */}.call(this, __webpack_require__(/*! ./node_modules/@dcloudio/uni-mp-weixin/"
        "dist/index.js */ 1)[\"default\"]))\n"
        "})\n}]);\n"
    )
    root = make_project(tmp_path / "p", {"pages/index/index.js": module})
    assert ("uni.createRewardedVideoAd", "pages/index/index.js", 4) in _apis(engine, root)
    assert "ads" in features(scan(engine, root))


def test_a_native_page_with_a_variable_named_uni_is_not_the_api(engine, tmp_path: Path) -> None:
    page = "const uni = { createRewardedVideoAd() {} }\nPage({ onLoad() { uni.createRewardedVideoAd({}) } })\n"
    root = make_project(tmp_path / "p", {"pages/index/index.js": page})
    assert not any(name.startswith("uni.") for name, _, _ in _apis(engine, root))
    assert "ads" not in features(scan(engine, root))


# ------------------------------------------------------------------ questions and answers

def _qa_app(page: str, api: str, text: str = "向大家提一个问题吧") -> dict[str, str]:
    return {
        "app.json": app_json("pages/index/index", page),
        "pages/index/index.js": "Page({ go() { wx.navigateTo({ url: '/" + page + "' }) } })\n",
        "utils/api.js": api,
        f"{page}.js": "const api = require('../../utils/api')\n"
                      "Page({ data: { title: '' }, submit() { api.publishQuestion({ title: this.data.title }) } })\n",
        f"{page}.wxml": f"<view>{text}</view>\n<textarea value=\"{{{{title}}}}\"/>\n"
                        "<button bindtap=\"submit\">提问</button>\n",
    }


_QA_API = """\
function publishQuestion(data) {
  return wx.request({ url: 'https://api.example.com/question/publish', method: 'POST', data })
}
module.exports = { publishQuestion }
"""


def test_a_question_published_is_a_post(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", _qa_app("pages/ask/ask", _QA_API))
    report = scan(engine, root)
    assert "ugc_post" in features(report)
    assert "/question/publish" in feature(report, "ugc_post")["because"]


@pytest.mark.parametrize(("page", "path"), [("pages/exam/ask", "exam/question/publish"),
                                            ("pages/quiz/index", "quiz/question/publish"),
                                            ("pages/tiku/ask", "tiku/question/publish")])
def test_an_exams_question_is_no_post(engine, tmp_path: Path, page: str, path: str) -> None:
    # a question bank's question published by a teacher (or a quiz's): not a user's post. (The
    # exam's words must be in the endpoint or the name: a composer's parts on pages/exam/ still
    # partner an endpoint that says only question/publish, as for any post.)
    root = make_project(tmp_path / "p", _qa_app(page, _QA_API.replace("question/publish", path)))
    assert "ugc_post" not in features(scan(engine, root))


def test_the_qa_text_on_an_exam_page_is_not_the_qa_entrys(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", _qa_app("pages/exam/ask", _QA_API))
    report = check([root], engine, Options())
    ids = {e.signal_id for p in report.projects for e in p.evidence}
    assert "sem.ugc_post.qa.endpoint" in ids and "sem.ugc_post.qa.text" not in ids


def test_an_answer_submitted_is_no_post(engine, tmp_path: Path) -> None:
    api = _QA_API.replace("question/publish", "question/answer/publish")
    root = make_project(tmp_path / "p", _qa_app("pages/ask/ask", api))
    assert "ugc_post" not in features(scan(engine, root))


def test_the_words_alone_without_a_write_are_no_post(engine, tmp_path: Path) -> None:
    # 提问 on a page and a question list read: nothing is published from the app
    api = _QA_API.replace("question/publish', method: 'POST'", "question/list'")
    root = make_project(tmp_path / "p", _qa_app("pages/ask/ask", api))
    assert "ugc_post" not in features(scan(engine, root))


# ------------------------------------------------------------------ an API module's function per endpoint

_WRAPPED = """\
// one function per endpoint: the path says nothing, the function's name says what it does
export const addTopic = (professorId, content) => {
  return new Promise((resolve, reject) => {
    const apiUrl = "/professor/insert";
    uni.request({ url: apiUrl, method: "POST", data: { professorId, content }, success: resolve, fail: reject });
  });
};
export function publishTopic() {
  uni.request({ url: "/home/banner" });
  return uni.request({ url: "/home/insert" });
}
export default {
  submitComment: () => uni.request({ url: "/room/give", method: "POST" }),
};
export const ready = uni.getStorage({ key: "t" })
  .then(function addTopic() { return uni.request({ url: "/misc/insert" }) });
"""


def _uni_app(files: dict[str, str]) -> dict[str, str]:
    return {
        "pages.json": '{"pages": [{"path": "pages/index/index"}]}\n',
        "manifest.json": '{"name": "x", "mp-weixin": {"appid": "wx0"}}\n',
        "pages/index/index.vue": "<template><view>首页</view></template>\n<script>\n"
                                 "import * as api from '../../api/ask.js'\n"
                                 "export default { methods: { go() { api.addTopic(1, 'x'); api.publishTopic() } } }\n"
                                 "</script>\n",
        **files,
    }


def uni_project(tmp_path: Path, files: dict[str, str]) -> Path:
    """A uni-app project (``_uni_app`` with ``files``) written to ``tmp_path / "p"``, fenced."""
    return written(tmp_path, _uni_app(files))


def written(tmp_path: Path, files: dict[str, str]) -> Path:
    """``files`` written to ``tmp_path / "p"``, fenced (a project with no defaults of ``make_project``)."""
    root = tmp_path / "p"
    root.mkdir()
    write_files(root, files)
    fence(root)
    return root


def test_the_function_a_path_is_the_only_path_of_names_it(engine, tmp_path: Path) -> None:
    root = uni_project(tmp_path, {"api/ask.js": _WRAPPED})
    found = _endpoints(engine, root)
    # through the promise's executor to the exported function: add topic, a write
    assert found["/professor/insert"]["words"].split()[-2:] == ["add", "topic"]
    assert found["/professor/insert"]["op"] == "write"
    assert found["/professor/insert"]["wrapper"] == "addTopic"
    # a key's arrow function names its path too, but nothing calls this one, nor says its name: a dead
    # helper counts for nothing (round 18; it was read by its path's own words before)
    assert "/room/give" not in found
    # a function holding two paths names neither (publishTopic is called: its name would stay); a
    # callback's own name (a function expression handed to a call) is not the request's
    assert "/home/insert" not in found and "/home/banner" not in found
    assert "/misc/insert" not in found


def test_a_pages_method_needs_no_caller_its_template_calls_it(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "Page({ submitComment() { wx.request({ url: '/room/give', method: 'POST' }) } })\n",
        "pages/index/index.wxml": "<button bindtap=\"submitComment\">send</button>\n",
    })
    found = _endpoints(engine, root)
    assert found["/room/give"]["words"].split()[-2:] == ["submit", "comment"]
    assert found["/room/give"]["op"] == "write"


def test_a_generated_clients_method_suffix_is_not_a_post(engine, tmp_path: Path) -> None:
    # OpenAPI generators name operations by path and method: adminAppauthPost beside adminAppauthGet
    api = ("export const adminAppauthPost = (d) => http.post('/admin/config/appauth', d)\n"
           "export const addPost = (d) => http.post('/x/y', d)\n")
    page = ("<template><view/></template>\n<script>\nimport { adminAppauthPost, addPost } from '../../api/a.js'\n"
            "export default { methods: { go() { adminAppauthPost({}); addPost({}) } } }\n</script>\n")
    root = uni_project(tmp_path, {"api/a.js": api, "pages/index/index.vue": page})
    found = _endpoints(engine, root)
    assert "/admin/config/appauth" not in found  # (admin config appauth: nothing the vocabulary knows)
    assert found["/x/y"]["words"].split()[-2:] == ["add", "post"]  # a two-word name's post is the noun


# ------------------------------------------------------------------ a seller's form

_MARKET_API = """\
export const publishItem = (data) => new Promise((resolve, reject) => {
  uni.request({ url: `${baseUrl}/api/v1/market/items`, method: 'POST', data, success: resolve, fail: reject })
})
"""


def _market(template: str) -> dict[str, str]:
    return _uni_app({
        "pages.json": '{"pages": [{"path": "pages/index/index"}, {"path": "pages/market/publish"}]}\n',
        "api/market.js": _MARKET_API,
        "pages/market/publish.vue": f"<template><view>{template}</view><textarea v-model=\"d\"/></template>\n"
                                    "<script>\nimport { publishItem } from '../../api/market.js'\n"
                                    "export default { methods: { async submit() {\n"
                                    "  await publishItem({ d: this.d }) } } }\n"
                                    "</script>\n",
    })


@pytest.mark.parametrize("template", ["<text>出售价格</text>", "<text>商品成色</text><text>九成新</text>"])
def test_an_item_published_on_a_sellers_form_is_a_listing(engine, tmp_path: Path, template: str) -> None:
    root = written(tmp_path, _market(template))
    report = scan(engine, root)
    assert "multi_merchant" in features(report)
    assert "/api/v1/market/items" in feature(report, "multi_merchant")["because"]


def test_an_item_published_without_a_sellers_words_is_no_listing(engine, tmp_path: Path) -> None:
    # a lost-and-found board publishes items too: no asking price, no condition, no 二手
    root = written(tmp_path, _market("<text>失物招领</text><text>物品描述</text>"))
    assert "multi_merchant" not in features(scan(engine, root))


def test_a_merchants_product_is_a_listing_not_a_users_post(engine, tmp_path: Path) -> None:
    # a merchant's own app: the merchant creates its products; a multi-merchant trade, no user's post
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index", "pages/product/edit"),
        "api/catalog.js": "export const createProduct = (data) => "
                          "request({ url: '/api/merchant/product', method: 'POST', data })\n",
        "pages/product/edit.js": "import { createProduct } from '../../api/catalog'\n"
                                 "Page({ save() { createProduct({ name: this.data.name }) } })\n",
        "pages/product/edit.wxml": "<view>商家入驻</view><textarea value=\"{{name}}\"/>\n"
                                   "<button bindtap=\"save\">发布商品</button>\n",
    })
    report = scan(engine, root)
    assert "multi_merchant" in features(report)
    assert "ugc_post" not in features(report)


@pytest.mark.parametrize("api", [
    "exports.addTopic = function (d) { return wx.request({ url: '/professor/insert', method: 'POST', data: d }) }\n",
    "class Api { addTopic = (d) => wx.request({ url: '/professor/insert', method: 'POST', data: d }) }\n"
    "module.exports = new Api()\n",
])
def test_a_wrapper_assigned_or_a_class_field_names_its_path(engine, tmp_path: Path, api: str) -> None:
    root = make_project(tmp_path / "p", {
        "utils/api.js": api,
        "pages/index/index.js": "const api = require('../../utils/api')\nPage({ go() { api.addTopic({}) } })\n",
    })
    found = _endpoints(engine, root)
    assert found["/professor/insert"]["words"].split()[-2:] == ["add", "topic"]


def test_a_navigation_route_is_not_named_by_its_function(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "Page({ addTopic() { wx.navigateTo({ url: '/pages/detail/detail' }) } })\n",
    })
    assert "/pages/detail/detail" not in _endpoints(engine, root)


def test_a_wrappers_leading_post_is_the_verb(engine, tmp_path: Path) -> None:
    # postLeaveMassage: a message left for a company (the typo is the app's), not a post
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "Page({ postMassage() { wx.request({ url: '/rest/msg/add', method: 'POST' }) } })\n",
    })
    found = _endpoints(engine, root)
    assert "post" not in found.get("/rest/msg/add", {}).get("words", "").split()


# ------------------------------------------------------------------ camelCase attributes in templates

def test_a_camel_case_open_type_in_wxml_is_the_open_type(engine, tmp_path: Path) -> None:
    # WXML unpacked from a compiled package writes openType="getUserInfo": the runtime's same property
    root = make_project(tmp_path / "p", {
        "pages/index/index.wxml": '<button bindGetUserInfo="onAuth" openType="getUserInfo">授权登录</button>\n',
    })
    report = check([root], engine, Options())
    attrs = [dict(s.attrs) for p in report.projects for s in p.signals if s.kind == "component" and s.name == "button"]
    assert attrs and attrs[0]["open-type"] == "getUserInfo" and attrs[0]["opentype"] == "getUserInfo"
    assert "bindgetuserinfo" in attrs[0]  # an event binding stays as html.parser gives it
    assert "user_profile" in features(scan(engine, root))


def test_a_camel_case_open_type_in_a_vue_template_is_the_open_type(engine, tmp_path: Path) -> None:
    root = uni_project(tmp_path, {
        "pages/index/index.vue": '<template><button openType="getPhoneNumber" @getphonenumber="x">手机号</button>'
                                 "</template>\n<script>\nexport default { methods: { x() {} } }\n</script>\n",
    })
    assert "phone_number" in features(scan(engine, root))


# ------------------------------------------------------------------ review of round 15


def test_a_destructured_vendor_chunk_is_no_api(engine, tmp_path: Path) -> None:
    # no compiler writes it; before, it made an API named after the walker's private alias ("\0uni-vendor.index")
    page = 'const common_vendor = require("../../common/vendor.js");\nconst { index, ref } = common_vendor;\n'
    root = make_project(tmp_path / "p", {"pages/index/index.js": page})
    assert not any("\0" in name or "vendor" in name for name, _, _ in _apis(engine, root))


@pytest.mark.parametrize("line", [
    # an app's own module that happens to be called vendor: not the compiler's root chunk
    'const common_vendor = require("../../lib/common/vendor.js");',
    'const common_vendor = require("../../common/vendor");',
    # a subpackage's own chunk (rollup names its binding after its path): its `index` is no uni
    'const pagesSub_common_vendor = require("../common/vendor.js"); const common_vendor = pagesSub_common_vendor;',
])
def test_only_the_root_vendor_chunk_is_uni(engine, tmp_path: Path, line: str) -> None:
    page = _VITE_PAGE.replace('const common_vendor = require("../../common/vendor.js");', line)
    root = make_project(tmp_path / "p", {"app.json": app_json("pages/index/index"), "pages/index/index.js": page})
    assert not any(name.startswith("uni.") for name, _, _ in _apis(engine, root))


def test_webpack_hands_uni_in_among_other_names(engine, tmp_path: Path) -> None:
    # the names handed in are those the module uses, in webpack's order: uni is not always alone or first
    for names in ("global, uni", "uni, uniCloud", "uniCloud, uni, wx"):
        module = (f"/* WEBPACK VAR INJECTION */(function({names}) {{\n"
                  "exports.default = { onLoad() { uni.createRewardedVideoAd({ adUnitId: 'adunit-1' }) } };\n"
                  "/* WEBPACK VAR INJECTION */}.call(this, __webpack_require__(1)[\"default\"]))\n")
        root = make_project(tmp_path / names.replace(", ", "-"), {"pages/index/index.js": module})
        assert ("uni.createRewardedVideoAd", "pages/index/index.js", 2) in _apis(engine, root), names


def test_a_module_handed_no_uni_keeps_uni_a_variable(engine, tmp_path: Path) -> None:
    module = ("/* WEBPACK VAR INJECTION */(function(global, unicorn) {\n"
              "const uni = { createRewardedVideoAd() {} }; uni.createRewardedVideoAd({})\n"
              "/* WEBPACK VAR INJECTION */}.call(this, __webpack_require__(1)))\n")
    root = make_project(tmp_path / "p", {"pages/index/index.js": module})
    assert not any(name.startswith("uni.") for name, _, _ in _apis(engine, root))


def _endpoints_of(engine, files: dict[str, str], tmp_path: Path) -> dict[str, dict[str, str]]:
    return _endpoints(engine, make_project(tmp_path / "p", {"app.json": app_json("pages/index/index"), **files}))


def test_each_function_is_searched_for_paths_once(engine, tmp_path: Path, monkeypatch) -> None:
    # a hostile file of short functions holding hundreds of paths each: one search per function,
    # not one per string (a 2 MB file took a minute)
    import zizhi_plugins.semantic as semantic

    searched: list[int] = []
    real = semantic._PATH_LITERAL

    class Counting:
        def search(self, *args):
            return real.search(*args)

        def findall(self, text):
            searched.append(len(text))
            return real.findall(text)

    monkeypatch.setattr(semantic, "_PATH_LITERAL", Counting())
    body = ", ".join(f"'/professor/{i}'" for i in range(100))
    page = "".join(f"function addTopic{n}() {{ return [{body}] }}\n" for n in range(5))
    _endpoints_of(engine, {"pages/index/index.js": page}, tmp_path)
    assert 0 < len(searched) <= 5


def test_a_full_url_is_a_path_of_its_function(engine, tmp_path: Path) -> None:
    # a full URL counts as one of its function's paths (the one-path rule), but names its host (a
    # third party's service as often as the app's own): it takes no function's name itself
    api = ("exports.addTopic = (d) => wx.request({ url: 'https://api.example.com/professor/insert', data: d })\n"
           "exports.submitTopic = (d) => wx.request({ url: 'https://api.example.com/professor/x' }).then(() =>\n"
           "  wx.request({ url: '/professor/insert2', data: d }))\n"
           "exports.publishTopic = (d) => wx.request({ url: '/professor/insert3', data: d })\n")
    files = {"utils/api.js": api,
             "pages/index/index.js": "const api = require('../../utils/api')\n"
                                     "Page({ go() { api.addTopic({}); api.submitTopic({}); api.publishTopic({}) } })\n"}
    found = _endpoints_of(engine, files, tmp_path)
    assert "https://api.example.com/professor/insert" not in found
    assert "/professor/insert2" not in found  # its function holds a second path, a full URL
    assert found["/professor/insert3"]["wrapper"] == "publishTopic"


def test_a_request_helper_for_any_path_is_no_endpoints_wrapper(engine, tmp_path: Path) -> None:
    # doPost(url, data): a base the caller's path is appended to; its name is the transport's (post: the method)
    helpers = ("const BASE = getApp().base\n"
               "function doPost(url, data) {\n"
               "  return wx.request({ url: BASE + '/api/v1/' + url, method: 'POST', data }) }\n"
               "function requestPost(options) {\n"
               "  return wx.request({ url: `${BASE}/wx/${options.url}`, method: 'POST' }) }\n"
               "module.exports = { doPost, requestPost }\n")
    files = {"utils/http.js": helpers,
             "pages/index/index.js": "const { doPost, requestPost } = require('../../utils/http')\n"
                                     "Page({ go() { doPost('user/login', {}); requestPost({ url: 'x' }) } })\n",
             "pages/index/index.wxml": "<view>帖子</view><textarea/>\n"}
    found = _endpoints_of(engine, files, tmp_path)
    assert not any("post" in attrs["words"].split() for attrs in found.values()), found
    assert "ugc_post" not in features(scan(engine, tmp_path / "p"))


def test_the_paths_own_write_and_read_stand(engine, tmp_path: Path) -> None:
    page = ("Page({\n"
            "  onShow() { wx.request({ url: '/api/comment', method: 'POST', data: {} }) },\n"  # when, not what
            "  publishTopic() { wx.request({ url: '/professor/list' }) },\n"  # the path says it reads
            "  addTopic() { wx.request({ url: '/professor/insert' }) },\n"  # only the name says what it does
            "})\n")
    found = _endpoints_of(engine, {"pages/index/index.js": page, "pages/index/index.wxml": "<view/>\n"}, tmp_path)
    assert found["/api/comment"]["op"] == "write" and "show" not in found["/api/comment"]["words"].split()
    assert found["/professor/list"]["op"] == ""
    assert found["/professor/insert"]["op"] == "write"


def test_a_generator_names_its_path(engine, tmp_path: Path) -> None:
    api = "export function* addTopic(d) { yield call(request, '/professor/insert', d) }\n"
    files = {"utils/api.js": api,
             "pages/index/index.js": "import { addTopic } from '../../utils/api'\nPage({ go() { run(addTopic()) } })\n"}
    found = _endpoints_of(engine, files, tmp_path)
    assert found["/professor/insert"]["wrapper"] == "addTopic"


def test_an_uncalled_wrapper_reads_the_same_from_a_snapshot(engine, tmp_path: Path, monkeypatch) -> None:
    # the fallback is the project's (which other file names the function): a changed caller, extracted
    # alone with the others' results reused (the changed-files hook), reads as a run without a cache
    from zizhi import engine as engine_mod
    from zizhi import walk

    monkeypatch.setattr(walk, "RACY_NS", 0)
    reused: list[bool] = []  # each extraction: whether it reused the other files' results (a part- snapshot)
    real = engine_mod.extract
    monkeypatch.setattr(engine_mod, "extract", lambda project, ctx, nested, reuse=None, record=None: (
        reused.append(reuse is not None), real(project, ctx, nested, reuse=reuse, record=record))[1])
    root = make_project(tmp_path / "p", {
        "utils/api.js": "exports.addTopic = (d) => wx.request({ url: '/professor/insert', method: 'POST', data: d })\n",
        "pages/index/index.js": "const api = require('../../utils/api')\nPage({ go() { api.addTopic({}) } })\n",
    })
    page = root / "pages/index/index.js"

    def render(**options) -> str:
        return engine.reporters["json"](check([root], engine, Options(**options)))

    assert render(cache=True) == render()
    assert _endpoints(engine, root)["/professor/insert"]["wrapper"] == "addTopic"
    page.write_text("const api = require('../../utils/api')\nPage({ go() { api.other({}) } })\n", encoding="utf-8")
    reused.clear()
    assert render(cache=True) == render()
    assert reused == [True, False]  # the changed page extracted alone, then the run without a cache
    assert "wrapper" not in _endpoints(engine, root).get("/professor/insert", {})
    page.write_text("const api = require('../../utils/api')\nPage({ go() { api.addTopic({}) } })\n", encoding="utf-8")
    assert render(cache=True) == render() == render(cache=True)


def test_a_question_asked_of_a_model_is_no_post(engine, tmp_path: Path) -> None:
    # an AI assistant's ask-a-question: the same exceptions as chat (ai, gpt, completions, a bot)
    api = ("function askQuestion(q) {\n"
           "  return wx.request({ url: 'https://api.example.com/ai/question/ask', method: 'POST',"
           " data: { q, model: 'deepseek-chat' } })\n}\nmodule.exports = { askQuestion }\n")
    root = make_project(tmp_path / "p", _qa_app("pages/ask/ask", api.replace("askQuestion", "publishQuestion"),
                                                text="向AI助手提问"))
    report = scan(engine, root)
    assert "ai_llm" in features(report)
    assert "ugc_post" not in features(report)


@pytest.mark.parametrize("path", ["/api/shop/review/post", "/api/post/review"])
def test_a_review_is_no_post(engine, tmp_path: Path, path: str) -> None:
    # a review posted is a comment on a shop; a post reviewed is the operator's moderation
    def app(url: str) -> dict[str, str]:
        return {"app.json": app_json("pages/index/index", "pages/shop/detail"),
                "pages/shop/detail.js": f"Page({{ send() {{ wx.request({{ url: '{url}', method: 'POST' }}) }} }})\n",
                "pages/shop/detail.wxml": "<view>说点什么</view>\n"}

    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "p", app(path))))
    assert "ugc_post" in features(scan(engine, make_project(tmp_path / "c", app("/api/post/add"))))


def test_an_admin_consoles_user_edit_is_no_profile(engine, tmp_path: Path) -> None:
    def app(folder: str) -> dict[str, str]:
        return {
            "app.json": app_json("pages/index/index", f"{folder}/user/edit"),
            f"{folder}/user/edit.js": "Page({ save() { wx.request({ url: '/api/user/update', method: 'POST',"
                                      " data: { avatar: this.data.a } }) } })\n",
            f"{folder}/user/edit.wxml": "<view>修改头像</view>\n",
        }

    assert "user_profile" not in features(scan(engine, make_project(tmp_path / "a", app("pages/admin"))))
    assert "user_profile" in features(scan(engine, make_project(tmp_path / "u", app("pages/mine"))))


# ------------------------------------------------------------------ a URL table joining a base and a path

@pytest.mark.parametrize("value", ["SiteConfig.passageUrl + '/publish'", "`${SiteConfig.passageUrl}/publish`",
                                   "BASE + '/v1' + '/publish'"])
def test_a_url_tables_key_names_a_path_joined_to_a_base(engine, tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path / "p", {
        "config/api.js": f"const BASE = ''\nexport const apiUrl = {{\n  publishArticle: {value},\n}}\n",
        "pages/index/index.js": "import { apiUrl } from '../../config/api'\n"
                                "Page({ go() { wx.request({ url: apiUrl.publishArticle, method: 'POST' }) } })\n",
    })
    found = _endpoints(engine, root)
    (words,) = [a["words"].split() for name, a in found.items() if name.endswith("/publish")]
    assert words[-2:] == ["publish", "article"]


def test_a_display_keys_joined_text_is_no_path_name(engine, tmp_path: Path) -> None:
    # content: BASE + '/comment/list' is shown, not a table's name: the path keeps its own words only
    # (a key that adds no word of the vocabulary, title: BASE + '/publish', would pass without the rule)
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "const BASE = ''\nPage({ data: { content: BASE + '/comment/list' } })\n",
    })
    assert _endpoints(engine, root)["/comment/list"]["words"].split() == ["comment", "list"]


# ------------------------------------------------------------------ WePY

def test_a_wepy_page_is_read_as_a_single_file_component(engine, tmp_path: Path) -> None:
    page = ("<template>\n  <view>\n    <button open-type=\"getUserInfo\" @getuserinfo=\"auth\">登录</button>\n"
            "  </view>\n</template>\n<script>\nimport wepy from '@wepy/core'\nwepy.page({\n"
            "  methods: { pick() { wx.chooseLocation({ success() {} }) } }\n})\n</script>\n"
            "<config>\n{ navigationBarTitleText: 'x' }\n</config>\n")
    root = make_project(tmp_path / "p", {"pages/index/index.wpy": page})
    report = check([root], engine, Options())
    places = {(e.signal_id, e.signal.location.path, e.signal.location.line)
              for p in report.projects for e in p.evidence}
    assert ("profile.user_info_button", "pages/index/index.wpy", 3) in places
    assert any(i.startswith("loc.") and path == "pages/index/index.wpy" and line == 9 for i, path, line in places)


@pytest.mark.parametrize("value", ["BASE + '/professor/insert'", "`${BASE}/professor/insert`"])
def test_a_joined_paths_variable_yields_to_its_functions_name(engine, tmp_path: Path, value: str) -> None:
    # a join or a template held by a variable of the one function that sends it is no URL table:
    # the function's name still says what the opaque path does, as before joins took a table's names
    root = make_project(tmp_path / "p", {
        "api/topic.js": "const BASE = ''\nexport const addTopic = (d) => new Promise((resolve) => {\n"
                        f"  const fullUrl = {value}\n"
                        "  uni.request({ url: fullUrl, method: 'POST', data: d, success: resolve })\n})\n",
        "pages/index/index.js": "import { addTopic } from '../../api/topic'\nPage({ go() { addTopic({}) } })\n",
    })
    (attrs,) = [a for name, a in _endpoints(engine, root).items() if name.endswith("/professor/insert")]
    assert attrs["wrapper"] == "addTopic" and attrs["words"].split()[-2:] == ["add", "topic"]
    # a module's constant is a table's name still: no function names it
    constant = value.replace("professor/insert", "publish")
    root = make_project(tmp_path / "t", {
        "api/topic.js": f"const BASE = ''\nexport const publishArticle = {constant}\n",
        "pages/index/index.js": "import { publishArticle } from '../../api/topic'\n"
                                "Page({ go() { wx.request({ url: publishArticle, method: 'POST' }) } })\n",
    })
    (words,) = [a["words"].split() for name, a in _endpoints(engine, root).items() if name.endswith("/publish")]
    assert words[-2:] == ["publish", "article"]


@pytest.mark.parametrize("value", ["'/post/' + id", "BASE + '/post/' + id"])
def test_a_joins_first_part_is_not_named_by_the_tables_key(engine, tmp_path: Path, value: str) -> None:
    # sendMessage: '/post/' + id: the literal is the join's left operand, the id the path's last part;
    # the key names the whole URL, not the folder it starts with (post, not send message)
    root = make_project(tmp_path / "p", {
        "config/api.js": f"const BASE = ''\nexport const api = {{\n  sendMessage: {value},\n}}\n",
    })
    assert _endpoints(engine, root)["/post/"]["words"].split() == ["post"]


def test_a_wepy_pages_method_needs_no_caller(engine, tmp_path: Path) -> None:
    # its template calls it (@tap="submitComment"), which no signal shows: it keeps its name's words
    page = ("<template><view @tap=\"submitComment\">评论</view></template>\n<script>\nimport wepy from '@wepy/core'\n"
            "wepy.page({ methods: { submitComment() { wx.request({ url: '/room/give', method: 'POST' }) } } })\n"
            "</script>\n")
    root = make_project(tmp_path / "p", {"pages/index/index.wpy": page})
    assert _endpoints(engine, root)["/room/give"]["words"].split()[-2:] == ["submit", "comment"]
