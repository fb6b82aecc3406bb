"""Detection round 13: what a copied library holds is not what the app does — a feature that only
vendored files show is not found; uView's install folder and wxParse's files are libraries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TARO_APP, app_json, features, make_project, write_files
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi.model import Project
from zizhi.sources import vendored_reason


@pytest.fixture(scope="module")
def engine():
    return load_engine()


_SWIPER_WXML = "<swiper><swiper-item wx:for=\"{{list}}\"><video wx:if=\"{{item.type == 'video'}}\" " \
               "src=\"{{item.url}}\" id=\"v{{index}}\"/></swiper-item></swiper>\n"
_SWIPER_JS = "Component({ methods: { pause(i) { wx.createVideoContext('v' + i, this).pause() } } })\n"


def _with_swiper(folder: str) -> dict[str, str]:
    return {
        "app.json": app_json(),
        "pages/index/index.json": json.dumps({"usingComponents": {"my-swiper": f"/{folder}/index"}}),
        "pages/index/index.wxml": "<my-swiper list=\"{{banners}}\"/>\n",
        f"{folder}/index.json": '{"component": true}',
        f"{folder}/index.wxml": _SWIPER_WXML,
        f"{folder}/index.js": _SWIPER_JS,
    }


def test_a_feature_only_vendored_files_show_is_not_found(engine, tmp_path: Path) -> None:
    # a UI library's swiper can play a video item: two supporting signals (the component and its
    # context), both in the copied library, say nothing of what the app shows
    vendored = make_project(tmp_path / "v", _with_swiper("components/vant/swiper"))
    assert "video_playback" not in features(scan(engine, vendored))
    # the same component as the app's own code is the app playing videos
    own = make_project(tmp_path / "o", _with_swiper("components/banner"))
    assert "video_playback" in features(scan(engine, own))


def test_own_code_beside_the_library_still_counts(engine, tmp_path: Path) -> None:
    # one of the signals in the app's own page: the library's supporting signal may agree with it
    files = _with_swiper("components/vant/swiper")
    files["pages/index/index.js"] = "Page({ onHide() { wx.createVideoContext('intro').stop() } })\n"
    files["components/vant/swiper/index.js"] = "Component({})\n"
    root = make_project(tmp_path / "p", files)
    assert "video_playback" in features(scan(engine, root))


@pytest.mark.parametrize(("relpath", "reason"), [
    ("uview-ui/components/u-swiper/u-swiper.vue", "under a uview-ui/ folder"),  # uView 1, from the plugin market
    ("src/uview-plus/components/u-swiper/u-swiper.vue", "under a uview-plus/ folder"),
    ("components/gaoyia-parse/components/wxParseVideo.vue", "a file of wxParse (or a port of it: gaoyia-parse, "
                                                            "feng-parse …)"),
    ("components/feng-parse/components/wxParseVideo.wxml", "a file of wxParse (or a port of it: gaoyia-parse, "
                                                           "feng-parse …)"),
    ("pages/video/video.wxml", ""),
    ("components/my-uview-card/index.vue", ""),  # a name that merely holds the library's
])
def test_uview_and_wxparse_copied_in_are_libraries(relpath: str, reason: str) -> None:
    project = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    kind = relpath.rsplit(".", 1)[1]
    assert vendored_reason(project, relpath, kind, "<video src=\"{{src}}\"/>\n") == reason


def test_an_api_imported_by_name_and_never_used_is_no_call(engine, tmp_path: Path) -> None:
    # an editor's auto-import left behind: the name is imported from Taro and never used again
    root = tmp_path / "taro"
    write_files(root, {**TARO_APP, "src/pages/index/index.tsx": (
        "import Taro, { startLocationUpdateBackground, getUserProfile as profile } from '@tarojs/taro'\n\n"
        "export default function Index() { Taro.showToast({ title: 'hi' }); return null }\n")})
    (root / ".git").mkdir()
    found = features(scan(engine, root))
    assert "location" not in found and "user_profile" not in found
    # used under its local name (an alias), it is the API
    write_files(root, {"src/pages/index/index.tsx": (
        "import Taro, { startLocationUpdateBackground, getUserProfile as profile } from '@tarojs/taro'\n\n"
        "export default function Index() { profile({ desc: '完善资料' }); return null }\n")})
    found = features(scan(engine, root))
    assert "user_profile" in found and "location" not in found


def test_the_antmove_runtime_is_a_library() -> None:
    # Antmove (a WeChat-to-Alipay converter) generates a runtime that wraps every API of the platform
    project = Project(root=Path("."), relroot=".", platform="alipay", framework="native", kind="miniprogram")
    assert vendored_reason(project, "__antmove/api/my.js", "js", "module.exports = {}\n") \
        == "under a __antmove/ folder"


def test_a_library_unit_sorting_first_does_not_hide_the_apps_own_composer(engine, tmp_path: Path) -> None:
    # ugc_post is colocated: the first unit with enough signals was taken, and a copied library's
    # uploader (components/vant/…, all vendored) sorts before pages/post/post, whose own composer has
    # the same signals: the feature must come from the app's own page, not be lost with the library's
    composer = "Page({ pick() { wx.chooseImage({}) }, up() { wx.uploadFile({}) } })\n"
    root = make_project(tmp_path / "p", {
        "app.json": json.dumps({"pages": ["pages/post/post"]}),
        "pages/post/post.json": json.dumps({"usingComponents": {"van-uploader": "/components/vant/uploader/index"}}),
        "pages/post/post.wxml": "<textarea placeholder=\"说点什么\"/><van-uploader/>\n",
        "pages/post/post.js": composer,
        "components/vant/uploader/index.json": '{"component": true}',
        "components/vant/uploader/index.wxml": "<textarea/>\n",
        "components/vant/uploader/index.js": composer.replace("Page(", "Component("),
    })
    report = scan(engine, root)
    assert "ugc_post" in features(report)
    post = next(f for f in report["projects"][0]["features"] if f["id"] == "ugc_post")
    assert {e["path"] for e in post["evidence"]} == {"pages/post/post.js", "pages/post/post.wxml"}


def test_thousands_of_names_imported_from_taro_are_read_once(engine, tmp_path: Path) -> None:
    # each name imported from Taro is checked for a use beside its import: with one pass over the
    # file's identifiers, not one search of the whole file per name (20,000 names took 10 s; the cost
    # is the benchmark's to measure, not a test's: here, what such a file gives)
    names = [f"fn{i}" for i in range(20000)]
    body = "import { getLocation, " + ", ".join(names) + " } from '@tarojs/taro'\n" + \
        "".join(f"{n}()\n" for n in names[::2])
    root = tmp_path / "taro"
    write_files(root, {**TARO_APP, "src/pages/index/index.tsx": body})
    (root / ".git").mkdir()
    found = features(scan(engine, root))
    assert "location" not in found  # imported, never used


def test_whole_identifiers_found_alike_by_name_or_by_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # _ident_spans answers many names with one pass over the identifiers: the same spans as a find per name
    import random

    import zizhi_plugins.javascript as js

    rng = random.Random(13)
    for _ in range(2000):
        data = bytes(rng.choice(b"ab$_1 .(\n\xe4") for _ in range(rng.randint(0, 60)))
        names = frozenset("".join(rng.choice("ab$_1") for _ in range(rng.randint(1, 3)))
                          for _ in range(rng.randint(1, 30)))
        monkeypatch.setattr(js, "_FIND_NAMES", 10**9)
        by_find = js._ident_spans(names, data)
        monkeypatch.setattr(js, "_FIND_NAMES", 0)
        assert js._ident_spans(names, data) == by_find


@pytest.mark.parametrize(("tag", "attrs", "found"), [
    ("customInput", 'placeholder="输入11位有效手机号" title="手机号码"', True),  # the app's own input component
    ("my-input", 'value="{{phone}}" text="联系电话"', True),
    ("field", 'label="手机号"', True),
    ("form-field", 'label="联系电话"', True),
    ("my-input", 'placeholder="请输入昵称"', False),  # another field
    ("search-bar", 'placeholder="搜索手机号"', False),  # not an input's name
])
def test_an_apps_own_input_component_asking_for_a_phone(engine, tmp_path: Path, tag: str, attrs: str,
                                                         found: bool) -> None:
    kebab = "custom-input" if tag == "customInput" else tag
    root = make_project(tmp_path / "p", {
        "app.json": app_json(),
        "pages/index/index.json": json.dumps({"usingComponents": {kebab: f"/components/{kebab}/index"}}),
        "pages/index/index.wxml": f"<{tag} {attrs}/>\n",
        f"components/{kebab}/index.json": '{"component": true}',
        f"components/{kebab}/index.wxml": "<input value=\"{{value}}\"/>\n",
        f"components/{kebab}/index.js": "Component({ properties: { value: String } })\n",
    })
    assert ("phone_number" in features(scan(engine, root))) is found
