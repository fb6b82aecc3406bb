"""Round 23: a page registered, or a module imported, in another letter case than its file is read
as that file (the build finds it on the case-insensitive disks of Windows and macOS, where its
developers run it), with a warning (ZZ017) for the registration; two files that differ only in case
are never guessed between."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import diagnostics, features, write_files
from conftest import make_project as mini_program
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi.model import ModuleRoots
from zizhi.modules import Resolver

AD_PAGE = '<ad unit-id="adunit-1"></ad>\n'


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return load_engine()


def test_a_page_registered_in_another_case_is_that_page(engine, tmp_path: Path) -> None:
    root = mini_program(tmp_path / "app", {
        "app.json": '{\n  "pages": ["pages/index/index", "pages/Ads/Ads"]\n}\n',
        "pages/ads/ads.wxml": AD_PAGE, "pages/ads/ads.js": "Page({})\n"})
    report = scan(engine, root)
    assert "ads" in features(report)
    (warning,) = diagnostics(report, "ZZ017")
    assert warning["severity"] == "warning" and warning["path"] == "pages/ads/ads"
    assert "'pages/Ads/Ads'" in warning["message"] and "case-sensitive" in warning["message"]
    assert not diagnostics(report, "ZZ008")


def test_two_files_that_differ_only_in_case_are_not_guessed_between(engine, tmp_path: Path) -> None:
    root = mini_program(tmp_path / "app", {
        "app.json": '{\n  "pages": ["pages/index/index", "pages/ADS/ads"]\n}\n',
        "pages/ads/ads.wxml": AD_PAGE, "pages/ads/ads.js": "Page({})\n",
        "pages/Ads/ads.wxml": AD_PAGE, "pages/Ads/ads.js": "Page({})\n"})
    report = scan(engine, root)
    assert "ads" not in features(report)  # neither is registered: which one a build takes depends on the disk
    assert not diagnostics(report, "ZZ017")
    assert len(diagnostics(report, "ZZ008")) == 2


def test_uni_app_pages_and_imports_in_another_case(engine, tmp_path: Path) -> None:
    """pages.json registers pages/tabar/index and pages/tabar/dynamic/submit/index; the folders are
    Dynamic/ and Home/, and the tab page imports './home/index.vue': all of it ships."""
    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/tabar/index"}, {"path": "pages/tabar/dynamic/submit/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "main.js": "import App from './App'\n",
        "App.vue": "<script>export default {}</script>\n",
        "pages/tabar/index.vue": "<template><view><Home /></view></template>\n"
                                 "<script>\nimport Home from './home/index.vue'\n"
                                 "export default { components: { Home } }\n</script>\n",
        "pages/tabar/Home/index.vue": '<template><ad unit-id="adunit-1"></ad></template>\n',
        "pages/tabar/Dynamic/submit/index.vue": '<template><button open-type="getPhoneNumber" '
                                                'bindgetphonenumber="onPhone">登录</button></template>\n'
                                                "<script>\nexport default { methods: { onPhone (e) {"
                                                " uni.request({ url: '/login/phone', data: e.detail }) } } }\n"
                                                "</script>\n",
    })
    report = scan(engine, tmp_path)
    assert {"ads", "phone_number"} <= features(report)
    assert [d["path"] for d in diagnostics(report, "ZZ017")] == ["pages/tabar/Dynamic/submit/index"]
    assert not diagnostics(report, "ZZ008") and not diagnostics(report, "ZZ009")


def test_the_resolver_finds_a_module_in_another_case_only_when_one_matches() -> None:
    files = ["utils/Api.js", "pages/Home/index.vue", "lib/a.js", "lib/A.js"]
    resolver = Resolver(files, ModuleRoots(entries=[]), {})
    assert resolver.find("utils/api") == ["utils/Api.js"]
    assert resolver.find("pages/home/index.vue") == ["pages/Home/index.vue"]
    assert resolver.find("pages/home") == ["pages/Home/index.vue"]
    assert resolver.find("lib/a") == ["lib/a.js"]  # letter for letter first
    assert resolver.find("LIB/a") == []  # lib/a.js or lib/A.js: not guessed
    test = resolver.could_load(["utils/Api.js"])
    assert test("./utils/api", "app.js")


def test_case_notes_are_bounded(engine, tmp_path: Path) -> None:
    """Ten warnings at most; the tenth counts the rest."""
    pages = [f"pages/P{i}/p{i}" for i in range(12)]
    files: dict[str, str | bytes] = {"app.json": json.dumps({"pages": pages})}
    for i in range(12):
        files[f"pages/p{i}/p{i}.wxml"] = "<view/>\n"
        files[f"pages/p{i}/p{i}.js"] = "Page({})\n"
    report = scan(engine, mini_program(tmp_path / "app", files))
    notes = diagnostics(report, "ZZ017")
    assert len(notes) == 10 and notes[-1]["message"].endswith("(2 more alike)")
    assert not diagnostics(report, "ZZ008")


def test_unicloud_functions_of_the_first_layout(engine, tmp_path: Path) -> None:
    """uniCloud's first layout keeps a service space's functions in cloudfunctions-aliyun/ (or
    cloudfunctions-tcb/) beside pages.json: the project's backend, as uniCloud-aliyun/cloudfunctions is."""
    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/index/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "main.js": "import App from './App'\n",
        "App.vue": "<script>export default {}</script>\n",
        "pages/index/index.vue": "<script>\nexport default { onLoad () {\n"
                                 "  uniCloud.callFunction({ name: 'get_list' }) } }\n</script>\n",
        "cloudfunctions-aliyun/get_list/index.js": "'use strict';\nconst db = uniCloud.database()\n"
                                                   "exports.main = async () => db.collection('news').get()\n",
    })
    report = scan(engine, tmp_path)
    assert "cloud_functions" in features(report)
    assert [b["root"] for b in report["projects"][0]["backends"]] == ["cloudfunctions-aliyun"]
    modern = tmp_path / "modern"
    write_files(modern, {"pages.json": '{"pages": [{"path": "pages/index/index"}]}',
                         "manifest.json": '{"mp-weixin": {"appid": "wx1"}}', "App.vue": "<script></script>\n",
                         "pages/index/index.vue": "<template><view/></template>\n",
                         "uniCloud-aliyun/cloudfunctions/get_list/index.js": "exports.main = async () => 1\n"})
    legacy = tmp_path / "legacy"
    write_files(legacy, {"pages.json": '{"pages": [{"path": "pages/index/index"}]}',
                         "manifest.json": '{"mp-weixin": {"appid": "wx1"}}', "App.vue": "<script></script>\n",
                         "pages/index/index.vue": "<template><view/></template>\n",
                         "cloudfunctions-tcb/get_list/index.js": "exports.main = async () => 1\n"})
    assert features(scan(engine, modern)) == features(scan(engine, legacy)) == {"cloud_functions"}



def _obligations(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {o["id"]: o["level"] for o in report["projects"][0]["obligations"]}


def test_short_drama_by_the_platforms_players(engine, tmp_path: Path) -> None:
    """WeChat's 短剧播放器 plugin and Douyin's 短剧 industry plugin (a page extending it) are micro-drama
    players: AVSP likely (the platforms' category takes a production licence
    instead: the condition says so) and WeChat's 文娱-微短剧 category."""
    wechat = mini_program(tmp_path / "wx", {"app.json": json.dumps({
        "pages": ["pages/index/index"],
        "plugins": {"playlet-plugin": {"version": "latest", "provider": "wx94a6522b1d640c3b"}}})})
    report = scan(engine, wechat)
    assert "short_drama" in features(report)
    levels = _obligations(report)
    assert levels["AVSP"] == "likely" and levels["category:wechat:文娱-微短剧"] == "likely"
    douyin = tmp_path / "tt"
    write_files(douyin, {"project.config.json": '{"appid": "tt1234567890abcdef", "compileType": "miniprogram"}',
                         "app.json": '{"pages": ["pages/index/index", "pages/play/play"]}',
                         "app.js": "App({})\n", "pages/index/index.ttml": "<view/>\n",
                         "pages/index/index.js": "Page({})\n",
                         "pages/play/play.ttml": "<view/>\n", "pages/play/play.js": "Page({})\n",
                         "pages/play/play.json": '{"extends": "ext://industry/playlet-plugin"}'})
    report = scan(engine, douyin)
    assert project_platform(report) == "douyin" and "short_drama" in features(report)
    assert _obligations(report)["AVSP"] == "likely"
    douyin_doc = tmp_path / "tt2"
    write_files(douyin_doc, {"project.config.json": '{"appid": "tt1234567890abcdef", "compileType": "miniprogram"}',
                             "app.json": '{"pages": ["pages/play/play"]}', "app.js": "App({})\n",
                             "pages/play/play.ttml": "<view/>\n", "pages/play/play.js": "Page({})\n",
                             "pages/play/play.json": '{"extends": "ttf57583c86a3aace011://playlet-plugin"}'})
    assert "short_drama" in features(scan(engine, douyin_doc))  # the form Douyin's page-extension doc writes


def project_platform(report: dict) -> str:  # type: ignore[type-arg]
    return str(report["projects"][0]["platform"])


def test_short_drama_is_not_read_from_words(engine, tmp_path: Path) -> None:
    """Only the platforms' players say micro-drama (an app's own 短剧 endpoints and wording helped one
    labelled repository: not a catalogue entry): a theatre's drama tickets or a page of 短剧 words are not."""
    page = '<view><text>热门短剧</text><view wx:for="{{list}}">{{item.title}}</view></view>\n'
    script = "Page({ onLoad () { wx.request({ url: 'https://x.cn/api/duanju/list' }) } })\n"
    root = mini_program(tmp_path / "drama", {"app.json": '{"pages": ["pages/index/index", "pages/drama/drama"]}',
                                             "pages/drama/drama.wxml": page, "pages/drama/drama.js": script})
    assert "short_drama" not in features(scan(engine, root))

def test_a_pharmacys_pages_named_after_medicines_are_its_action(engine, tmp_path: Path) -> None:
    """drug_sales: a page or component named after medicines (pages/medicinelist, drug-purchase-card)
    with the UI's 药品 wording is a pharmacy's catalogue, as its endpoints are; neither alone."""
    page = "<view><text>药品列表</text><view wx:for=\"{{list}}\">{{item.name}}</view></view>\n"
    root = mini_program(tmp_path / "shop", {
        "app.json": '{"pages": ["pages/index/index", "pages/medicinelist/medicinelist"]}',
        "pages/medicinelist/medicinelist.wxml": page,
        "pages/medicinelist/medicinelist.js": "Page({ data: { list: [] } })\n"})
    report = scan(engine, root)
    assert "drug_sales" in features(report)
    assert _obligations(report)["DRUG_INFO"] in ("likely", "required")
    named_only = mini_program(tmp_path / "named", {
        "app.json": '{"pages": ["pages/index/index", "pages/medicinelist/medicinelist"]}',
        "pages/medicinelist/medicinelist.wxml": "<view>列表</view>\n",
        "pages/medicinelist/medicinelist.js": "Page({})\n"})
    assert "drug_sales" not in features(scan(engine, named_only))
    # a function's name is not a page's: a hospital's visit record listing the drugs it prescribed
    record = mini_program(tmp_path / "record", {
        "app.json": '{"pages": ["pages/index/index", "pages/visit/visit"]}',
        "pages/visit/visit.wxml": "<view>就诊记录</view><view>药品：{{drugs}}</view>\n",
        "pages/visit/visit.js": "Page({ onLoad () { this.loadDrugList() }, loadDrugList () {} })\n"})
    assert "drug_sales" not in features(scan(engine, record))


def test_an_api_tables_unused_constants_do_not_count(engine, tmp_path: Path) -> None:
    """An exported URL constant no code names again (an API table's leftover: export const API_CHAT_SEND =
    host + '/wx/chat') is dead code, as an uncalled helper is; one a page uses counts."""
    api = ("const host = 'https://x.cn'\n"
           "export const API_CHAT_SEND = host + '/wx/chat/send'\n"
           "export const API_LIVE_ROOM = `${host}/live/room/create`\n"
           "export const API_HOUSES = host + '/houses'\n")
    page = ("import { API_HOUSES } from '../../constants/api'\n"
            "Page({ onLoad () { wx.request({ url: API_HOUSES }) } })\n")
    root = mini_program(tmp_path / "app", {
        "app.json": '{"pages": ["pages/index/index", "pages/chat/chat"]}',
        "constants/api.js": api, "pages/index/index.js": page,
        "pages/chat/chat.wxml": "<view>聊天</view><input bindconfirm=\"send\"/>\n",
        "pages/chat/chat.js": "Page({ send () {} })\n"})
    report = scan(engine, root)
    assert "im_chat" not in features(report) and "live_streaming" not in features(report)
    notes = [d["message"] for d in diagnostics(report, "ZZ009")]
    assert any(m.startswith("constant 'API_CHAT_SEND' of 'constants/api.js' is used by no code") for m in notes)
    assert not any("API_HOUSES" in m for m in notes)
    used = mini_program(tmp_path / "used", {
        "app.json": '{"pages": ["pages/index/index", "pages/chat/chat"]}',
        "constants/api.js": api, "pages/index/index.js": page,
        "pages/chat/chat.wxml": "<view>聊天</view><input bindconfirm=\"send\"/>\n",
        "pages/chat/chat.js": "import { API_CHAT_SEND } from '../../constants/api'\n"
                              "Page({ send () { wx.request({ url: API_CHAT_SEND, method: 'POST' }) } })\n"})
    assert not any("API_CHAT_SEND" in d["message"] for d in diagnostics(scan(engine, used), "ZZ009"))



def test_a_constant_whose_value_runs_code_is_no_dead_entry(engine, tmp_path: Path) -> None:
    """export const recorder = wx.getRecorderManager() runs when any importer loads the module."""
    root = mini_program(tmp_path / "app", {
        "utils/media.js": "export const recorder = wx.getRecorderManager()\nexport function greet () { return 1 }\n",
        "pages/index/index.js": "import { greet } from '../../utils/media'\nPage({ onLoad () { greet() } })\n"})
    assert "voice_recording" in features(scan(engine, root))


def test_mpx_components_by_using_components_and_commented_blocks(engine, tmp_path: Path) -> None:
    comp = '<template><live-pusher url="{{u}}"></live-pusher></template>\n<script>createComponent({})</script>\n'
    page = ('<template><live-card/></template>\n<script>createPage({})</script>\n'
            '<script type="application/json">\n{ "usingComponents": { "live-card": "./live-card" } }\n</script>\n')
    app = ('<!--\n<script type="application/json">\n{ "pages": ["./pages/old/index"] }\n</script>\n-->\n'
           '<script type="application/json">\n{ "pages": ["./pages/chat/index"] }\n</script>\n')
    write_files(tmp_path, {"package.json": '{"dependencies": {"@mpxjs/core": "2.9.0"}}', "src/app.mpx": app,
                           "src/pages/chat/index.mpx": page, "src/pages/chat/live-card.mpx": comp})
    report = scan(engine, tmp_path)
    assert "live_streaming" in features(report)
    assert not diagnostics(report, "ZZ008")


def test_the_engine_fingerprint_follows_the_libraries_beside_the_plugins(tmp_path: Path, monkeypatch) -> None:
    """A plugin in a package (zizhi_plugins/x/__init__.py) shares modules with the other plugins beside
    it (zizhi_plugins/appjson.py, jsconfig.py): editing one changes what extraction yields, so the
    per-file cache's fingerprint follows their bytes too."""
    import os
    import types

    from zizhi import usercache, walk
    from zizhi.filecache import engine_fingerprint

    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "usercache"))
    monkeypatch.setattr(usercache, "_ENABLED", [True])
    monkeypatch.setattr(walk, "RACY_NS", 0)
    package = tmp_path / "pkg"
    write_files(package, {"__init__.py": "", "shared.py": "A = 1\n", "plug/__init__.py": "B = 1\n"})
    plugin = types.ModuleType("pkg.plug")
    plugin.__file__ = str(package / "plug" / "__init__.py")

    class PM:
        distributions = types.MappingProxyType({})

        def list_name_plugin(self):  # type: ignore[no-untyped-def]
            return [("plug", plugin)]

    def write(text: str, age: int) -> None:
        shared = package / "shared.py"
        shared.write_text(text, encoding="utf-8")
        past = shared.stat().st_mtime_ns - age * 1_000_000_000
        os.utime(shared, ns=(past, past))

    write("A = 1\n", 100)
    first = engine_fingerprint(PM(), [], [])  # type: ignore[arg-type]
    write("A = 2\n", 50)
    assert engine_fingerprint(PM(), [], []) != first  # type: ignore[arg-type]
