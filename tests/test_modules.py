"""Reachability by module: a script that nothing reachable from the project's entry points imports
does not count (ZZ009); pages and components keep their registration rule (ZZ008)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, diagnostics, evidence_places, features, make_project, write_files
from zizhi.engine import Engine, load_engine
from zizhi_plugins.modules import references

MODULES = FIXTURES / "modules"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


def dead(report: dict) -> set[str]:
    return {d["path"] for d in diagnostics(report, "ZZ009")}


def test_references_are_read_without_a_parse() -> None:
    text = ("import a from './a'\nimport './b'\nexport * from \"./c\"\nconst d = require('./d')\n"
            "require.async('../e')\nimport('./f/' + x)\nrequire(`./g/${y}.js`)\nfoo.require('not-a-module')\n"
            "import {\n  h1,\n  h2,\n} from '@/h'\nrequire(table[name].path)\n")
    assert sorted((spec, how) for _, spec, how in references(text)) == [
        ("*", "dynamic"), ("../e", "import"), ("./a", "import"), ("./b", "import"), ("./c", "import"),
        ("./d", "import"), ("./f/", "prefix"), ("./g/", "prefix"), ("@/h", "import")]
    calls = ("wx.cloud.callFunction({ name: 'pay' })\n"
             "uniCloud.callFunction({ data: { a: { b: 1 } }, name: \"get-x\" })\n"
             "wx.cloud.callFunction({ name: fn })\nwx.cloud.callFunction(options)\nconst callFunction = 1\n")
    assert [(spec, how) for _, spec, how in references(calls)] == [  # any other callFunction: any function
        ("pay", "cloud"), ("get-x", "cloud"), ("*", "cloud"), ("*", "cloud"), ("*", "cloud")]
    template = '<import src="../tpl/item.wxml"/>\n<wxs src="./fmt.wxs" module="fmt"/>\n<view>import x from "y"</view>'
    assert [spec for _, spec, _ in references(template, template=True)] == ["../tpl/item.wxml", "./fmt.wxs"]


def test_dead_helpers_do_not_count(run) -> None:
    _, report = run.report(MODULES)
    assert {"location", "rtc_voice", "payment", "ai_llm"} <= features(report)
    # utils/ads.js: a rewarded-video ad nobody requires; scripts/build.js: a build script;
    # lib/im-sdk: a vendored IM SDK nobody requires.
    assert not {"ads", "im_chat"} & features(report)
    assert dead(report) == {"utils/ads.js", "scripts/build.js", "lib/im-sdk/im-sdk.min.js", "vendor/tim-wx.js"}
    note = next(d for d in diagnostics(report, "ZZ009") if d["path"] == "utils/ads.js")
    assert note["severity"] == "note" and "1 signal(s)" in note["message"]


def test_how_modules_are_found(run) -> None:
    _, report = run.report(MODULES)
    assert evidence_places(report, "location") == {("utils/track.js", 3)}  # destructured require from app.js
    assert evidence_places(report, "payment") == {("utils/pay/index.js", 2)}  # "/utils/pay": app root, index.js
    assert ("services/call.js", 3) in evidence_places(report, "rtc_voice")  # app.json resolveAlias
    assert evidence_places(report, "ai_llm") == {("workers/index.js", 2)}  # the workers folder


def test_requiring_the_dead_helper_makes_it_count(run, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "modules"
    shutil.copytree(MODULES, root)
    (root / ".git").mkdir()
    with (root / "pages/index/index.js").open("a", encoding="utf-8") as f:
        f.write("import { showAd } from '../../utils/ads.js'\n")
    _, report = run.report(root)
    assert "ads" in features(report)
    assert "utils/ads.js" not in dead(report)


def test_dynamic_require_reaches_what_its_prefix_may_load(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "const name = 'pay'\nconst handler = require('../../handlers/' + name)\nPage({})\n",
        "handlers/pay.js": "wx.requestPayment({})\n",
        "other/ads.js": "wx.createRewardedVideoAd({ adUnitId: 'a' })\n",
    })
    _, report = run.report(root)
    assert "payment" in features(report) and "ads" not in features(report)
    assert dead(report) == {"other/ads.js"}


def test_require_of_a_computed_path_reaches_its_folder(run, tmp_path: Path) -> None:
    """require(table[name].path): the router's own folder and below may be loaded."""
    root = make_project(tmp_path / "p", {
        "app.js": "require('./demo/router')\nApp({})\n",
        "demo/router.js": "const table = { ad: { path: './ad/index' } }\n"
                          "module.exports = (n) => require(table[n].path)\n",
        "demo/ad/index.js": "wx.createRewardedVideoAd({ adUnitId: 'a' })\n",
    })
    _, report = run.report(root)
    assert "ads" in features(report) and not dead(report)


def test_require_of_a_path_from_a_table_reaches_its_folder(run, tmp_path: Path) -> None:
    """require("" + modules[i].file): the app script of a common mall template loads its core modules from a
    table of paths; nothing of the path is written out at the call, so any module below may be loaded."""
    root = make_project(tmp_path / "p", {
        "app.js": 'var modules = [{ name: "orderPay", file: "./core/order-pay.js" }]\nvar args = {}\n'
                  'for (var i in modules) args[modules[i].name] = require("" + modules[i].file)\nApp(args)\n',
        "core/order-pay.js": "module.exports = function () { wx.requestPayment({}) }\n",
    })
    _, report = run.report(root)
    assert "payment" in features(report) and not dead(report)
    assert [(spec, how) for _, spec, how in references('require("" + f)\nimport(`${dir}/x.js`)\n')] == [
        ("*", "dynamic"), ("*", "dynamic")]


def test_mini_game_entry_and_subpackages(run, tmp_path: Path) -> None:
    root = tmp_path / "g"
    write_files(root, {
        "game.json": '{"subpackages": [{"name": "stage", "root": "stage/"}], "openDataContext": "open"}',
        "game.ts": "import './js/main'\n",  # the TypeScript source beside the game.js compiled from it
        "game.js": "require('./js/main')\n",
        "js/main.js": "wx.createCanvas()\n",
        "stage/game.js": "wx.requestMidasPayment({ mode: 'game' })\n",
        "open/index.js": "wx.getFriendCloudStorage({ keyList: ['score'] })\n",
        "tools/ads.js": "wx.createBannerAd({ adUnitId: 'a' })\n",
    })
    (root / ".git").mkdir()
    _, report = run.report(root)
    assert {"game", "virtual_payment"} <= features(report)
    assert "ads" not in features(report)
    assert dead(report) == {"tools/ads.js"}


def test_uniapp_alias_and_entry(run, tmp_path: Path) -> None:
    root = tmp_path / "u"
    write_files(root, {
        "pages.json": '{"pages": [{"path": "pages/index/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx00000000000000b1"}}',
        "main.js": "import App from './App'\nimport '@/common/boot.js'\n",
        "App.vue": "<script>\nexport default {}\n</script>\n",
        "common/boot.js": "uni.getLocation({ type: 'gcj02' })\n",
        "pages/index/index.vue": "<template><view/></template>\n<script>\nimport pay from '@/common/pay'\n"
                                 "export default { methods: { buy() { pay() } } }\n</script>\n",
        "common/pay.js": "export default () => uni.requestPayment({ provider: 'wxpay' })\n",
        "common/old-ads.js": "export default () => uni.createRewardedVideoAd({ adUnitId: 'a' })\n",
    })
    (root / ".git").mkdir()
    _, report = run.report(root)
    assert {"payment", "location"} <= features(report)
    assert "ads" not in features(report)
    assert dead(report) == {"common/old-ads.js"}


def _uni_with_components(root: Path, pages_json: str = '{"pages": [{"path": "pages/index/index"}]}') -> Path:
    """A uni-app whose page imports one component by path and uses one easycom finds by its tag, beside
    a copied plugin's variant nothing imports and a page-local copy nothing imports (named like files
    that are used: the check by name keeps them)."""
    ad = ("<template><view/></template>\n<script>\n"
          "export default { created() { uni.createRewardedVideoAd({}) } }\n</script>\n")
    write_files(root, {
        "pages.json": pages_json,
        "manifest.json": '{"mp-weixin": {"appid": "wx00000000000000b1"}}',
        "main.js": "import App from './App'\n",
        "App.vue": "<script>\nexport default {}\n</script>\n",
        "pages/index/index.vue": "<template><pay-card/><share-box/></template>\n<script>\n"
                                 "import shareBox from '@/components/share-box.vue'\n"
                                 "export default { components: { shareBox } }\n</script>\n",
        "components/pay-card/pay-card.vue": ("<template><view/></template>\n<script>\nexport default "
                                             "{ methods: { buy() { uni.requestPayment({}) } } }\n</script>\n"),
        "components/share-box.vue": "<template><view/></template>\n<script>\n"
                                    "export default { methods: { where() { uni.getLocation({}) } } }\n</script>\n",
        "components/comment/app.vue": ad,
        "pages/index/components/share-box.vue": ad,
    })
    (root / ".git").mkdir()
    return root


def test_a_uniapp_component_only_an_import_brings_in_is_dead_when_nothing_imports_it(run, tmp_path: Path) -> None:
    _, report = run.report(_uni_with_components(tmp_path / "u"))
    assert {"payment", "location"} <= features(report)  # easycom's by its tag; the imported one
    assert "ads" not in features(report)
    assert dead(report) == {"components/comment/app.vue", "pages/index/components/share-box.vue"}


@pytest.mark.parametrize("easycom", [
    '{"custom": {"^comment-(.*)": "@/components/comment/$1.vue"}}',  # a rule may name any folder of the project
    '{"^comment-(.*)": "components/comment/$1.vue"}',  # the older form, a bare path into the project
    '{"autoscan": false}',
])
def test_easycom_rules_of_the_projects_own_keep_its_components(run, tmp_path: Path, easycom: str) -> None:
    pages_json = '{"easycom": ' + easycom + ', "pages": [{"path": "pages/index/index"}]}'
    root = _uni_with_components(tmp_path / "u", pages_json)
    _, report = run.report(root)
    assert "ads" in features(report)
    assert dead(report) == set()


def test_taro_alias_and_target_suffix(run, tmp_path: Path) -> None:
    root = tmp_path / "t"
    write_files(root, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/app.ts": "import './boot'\nexport default {}\n",
        "src/boot.weapp.ts": "import Taro from '@tarojs/taro'\nTaro.getLocation({ type: 'gcj02' })\n",
        "src/boot.alipay.ts": "import Taro from '@tarojs/taro'\nTaro.createRewardedVideoAd({ adUnitId: 'a' })\n",
        "src/pages/index/index.tsx": "import { buy } from '@/services/pay'\nexport default function I() { buy() }\n",
        "src/services/pay.ts": "import Taro from '@tarojs/taro'\nexport const buy = () => Taro.requestPayment({})\n",
    })
    (root / ".git").mkdir()
    _, report = run.report(root, "--platform", "wechat")
    assert {"payment", "location"} <= features(report)
    assert "ads" not in features(report)  # src/boot.alipay.ts is the Alipay build's
    assert dead(report) == {"src/boot.alipay.ts"}


@pytest.mark.parametrize("loader", [
    "const req = require.context('./components/comment', true, /\\.vue$/)\n"
    "req.keys().forEach(k => Vue.component(k, req(k).default))\n",  # webpack: a folder registered globally
    "const mods = import.meta.glob('./components/comment/*.vue', { eager: true })\n",  # Vite's form
])
def test_a_folder_of_components_registered_whole_is_used(run, tmp_path: Path, loader: str) -> None:
    # main.js registers every component of a folder by require.context / import.meta.glob: no import
    # names components/comment/app.vue, yet it is loaded
    root = _uni_with_components(tmp_path / "u")
    (root / "main.js").write_text("import Vue from 'vue'\nimport App from './App'\n" + loader, encoding="utf-8")
    _, report = run.report(root)
    assert "ads" in features(report)
    assert dead(report) == {"pages/index/components/share-box.vue"}


def test_no_pruning_without_an_entry_point(run, tmp_path: Path) -> None:
    """An app.json project whose app.js is missing: nothing to measure from, every script counts."""
    root = make_project(tmp_path / "p", {"utils/ads.js": "wx.createRewardedVideoAd({ adUnitId: 'a' })\n"})
    (root / "app.js").unlink()
    _, report = run.report(root)
    assert "ads" in features(report) and not dead(report)


def test_backend_code_is_never_unreachable(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "cloudfunctions/pay/index.js": "const cloud = require('wx-server-sdk')\n"
                                       "exports.main = () => cloud.cloudPay.unifiedOrder({})\n",
    })
    _, report = run.report(root)
    assert "cloudfunctions/pay/index.js" not in dead(report)



PAY_FN = "const cloud = require('wx-server-sdk')\nexports.main = () => cloud.cloudPay.unifiedOrder({})\n"


def test_a_cloud_function_nothing_calls_does_not_count(run, tmp_path: Path) -> None:
    """A cloud function runs when code calls it by name or a trigger runs it: the template's pay
    function no page calls is dead code; called, from the app or from another function, it counts."""
    files = {
        "pages/index/index.js": "Page({ onLoad() { wx.cloud.callFunction({ data: { a: {} }, name: 'login' }) } })\n",
        "cloudfunctions/login/index.js": "exports.main = () => ({})\n",
        "cloudfunctions/pay/index.js": PAY_FN,
        "cloudfunctions/common/util.js": "wx.createRewardedVideoAd({ adUnitId: 'a' })\n",  # shared code, not a function
    }
    _, report = run.report(make_project(tmp_path / "a", files))
    assert "payment" not in features(report) and dead(report) == {"cloudfunctions/pay/index.js"}
    notes = [d["message"] for d in diagnostics(report, "ZZ009")]
    assert "belongs to cloud function 'pay', which no reachable code calls" in notes[0]
    # called by another function
    files["cloudfunctions/login/index.js"] = "exports.main = () => cloud.callFunction({ name: 'pay' })\n"
    _, report = run.report(make_project(tmp_path / "b", files))
    assert "payment" in features(report) and not dead(report)
    # run by a timer
    files["cloudfunctions/login/index.js"] = "exports.main = () => ({})\n"
    files["cloudfunctions/pay/config.json"] = '{"triggers": [{"name": "t", "type": "timer", "config": "0 0 2 * * *"}]}'
    _, report = run.report(make_project(tmp_path / "c", files))
    assert "payment" in features(report) and not dead(report)
    # a name computed at run time may be any function: nothing is dropped
    del files["cloudfunctions/pay/config.json"]
    files["pages/index/index.js"] += "const call = (name) => wx.cloud.callFunction({ name })\n"
    _, report = run.report(make_project(tmp_path / "d", files))
    assert "payment" in features(report) and not dead(report)


# ---------------------------------------------------------------- vendored SDKs

EASEMOB_COPY = ('!function(e,t){"object"==typeof exports?exports.websdk=t():e.websdk=t()}(this,function(){\n'
                'var pb={nested:{easemob:{nested:{pb:{}}}}};var name="easemob.pb.MSync";\n'
                'var sock=wx.connectSocket({url:"wss://example.invalid/ws"});return{conn:sock}});\n')


def test_an_sdk_nobody_imports_counts_for_nothing(run) -> None:
    _, report = run.report(MODULES)
    assert "vendor/tim-wx.js" in dead(report)
    assert "im_chat" not in features(report)


def test_import_of_a_copied_sdk_is_a_strong_signal_of_it(run, engine, tmp_path: Path) -> None:
    """A renamed copy of the Easemob bundle (recognised by its content) in utils/: the page's import
    of it is the SDK's import; the bundle's own calls stay non-evidence."""
    from zizhi.context import Options
    from zizhi.engine import check

    root = make_project(tmp_path / "p", {
        "utils/chat-core.js": EASEMOB_COPY,
        "pages/index/index.js": "const sdk = require('../../utils/chat-core')\nPage({})\n",
    })
    _, report = run.report(root)
    ev = next(f for f in report["projects"][0]["features"] if f["id"] == "im_chat")["evidence"]
    assert {(e["signal"], e["name"], e["path"], e["line"]) for e in ev if e["strength"] == "strong"} == {
        ("im.easemob", "easemob-websdk", "pages/index/index.js", 1)}
    internal = [s for s in check([root], engine, Options()).projects[0].signals if s.name == "wx.connectSocket"]
    assert internal and all(s.vendored for s in internal)  # not in lib/, yet a bundle: never strong
    imports = [s for s in check([root], engine, Options()).projects[0].signals if s.kind == "import"]
    assert [(s.name, s.attrs) for s in imports] == [("easemob-websdk", {"copy": "utils/chat-core.js"})]


def test_import_through_a_vendored_wrapper(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "lib/im/tim-wx.js": "module.exports = { create() { return wx.connectSocket({ url: 'wss://x.invalid' }) } }\n",
        # (a library's wrapper: under lib/ a script is vendored when it begins like one)
        "lib/im/index.js": "/*! im wrapper v1.0 | MIT License */\nmodule.exports = require('./tim-wx.js')\n",
        "pages/index/index.js": "import TIM from '../../lib/im/index'\nPage({ onLoad() { TIM.create() } })\n",
    })
    _, report = run.report(root)
    ev = next(f for f in report["projects"][0]["features"] if f["id"] == "im_chat")["evidence"]
    assert {(e["path"], e["line"]) for e in ev if e["strength"] == "strong"} == {("pages/index/index.js", 1)}
    assert {e["path"] for e in ev if e["strength"] != "strong"} <= {"lib/im/tim-wx.js"}  # the bundle's own calls


def test_the_apps_own_module_under_lib_is_its_code(run, tmp_path: Path) -> None:
    """Apps keep their request and API modules in utils/lib/ or libs/ too: without a library's head
    (a licence banner, a UMD or webpack wrapper) such a script is the app's, its signals count."""
    api = ("import request from './request.js'\n"
           "export function addComment(data) {\n"
           "  return request({ url: '/api/comment/addComment', method: 'POST', data })\n}\n")
    files = {
        "utils/lib/request.js": "export default (o) => new Promise((ok) => wx.request({ ...o, success: ok }))\n",
        "utils/lib/api.js": api,
        "pages/index/index.js": "import { addComment } from '../../utils/lib/api.js'\n"
                                "Page({ send() { addComment({}) } })\n",
        "pages/index/index.wxml": "<view bindtap='send'>发表评论</view>\n",
    }
    _, report = run.report(make_project(tmp_path / "a", files))
    f = next(f for f in report["projects"][0]["features"] if f["id"] == "ugc_comment")
    assert "endpoint /api/comment/addComment (utils/lib/api.js)" in f["because"]
    assert not any(d["code"] == "ZZ013" for d in report["diagnostics"])
    # the same module with a library's banner is a copied library: its endpoint is nobody's evidence
    files["utils/lib/api.js"] = "/*!\n * some-sdk v2.1.0\n * (c) 2021 Someone\n * @license MIT\n */\n" + api
    _, report = run.report(make_project(tmp_path / "b", files))
    assert "ugc_comment" not in {f["id"] for f in report["projects"][0]["features"]}
    # ... unless it imports the app's own modules by the @/ alias: a product's banner on its own file
    # (no copied library can import the app's config)
    files["utils/lib/api.js"] = ("/*!\n * Copyright (c) 2021 Some Shop Co.\n */\n"
                                 "import { HOST } from '@/config/app.js'\n" + api)
    _, report = run.report(make_project(tmp_path / "c", files))
    f = next(f for f in report["projects"][0]["features"] if f["id"] == "ugc_comment")
    assert "endpoint /api/comment/addComment (utils/lib/api.js)" in f["because"]
    assert not any(d["code"] == "ZZ013" for d in report["diagnostics"])


MAP_SDK = ("class MapSDK {\n"
           "  constructor(options) { this.key = options.key }\n"
           "  locate(done) { wx.getLocation({ type: 'gcj02', success: done }) }\n"
           "  reverseGeocoder(o) { wx.request({ url: 'https://apis.map.qq.com/ws/geocoder/v1/', data: o }) }\n"
           "}\nmodule.exports = MapSDK\n")


@pytest.mark.parametrize(("name", "head"), [
    ("libs/map-wx.js", "/**\n * 地图小程序 JavaScript SDK\n *\n * @version 1.2\n * @date 2020-01-01\n */\n"),
    ("libs/qqmap-wx-jssdk.js", "/**\n * 地图小程序 JavaScript SDK\n */\n"),  # the name its vendor's guide gives
])
def test_a_map_sdk_copied_into_libs_is_a_library(run, tmp_path: Path, name: str, head: str) -> None:
    """A map vendor's SDK in libs/ has no licence banner nor UMD wrapper, only a version tag in its
    header or an SDK's file name: it is a library all the same, its wx.getLocation is not the app's."""
    root = make_project(tmp_path / "p", {
        name: head + MAP_SDK,
        "pages/index/index.js": f"var MapSDK = require('../../{name}')\nvar map = new MapSDK({{ key: 'K' }})\n"
                                "Page({ onLoad() { map.reverseGeocoder({ location: '39.9,116.4' }) } })\n",
    })
    _, report = run.report(root)
    assert "location" not in features(report)
    assert any(name in d["message"] for d in diagnostics(report, "ZZ013"))
    # the app's own module there, without either, is the app's code
    write_files(root, {name: "/**\n * 定位封装\n */\n" + MAP_SDK})
    (root / name).rename(root / "libs/locate.js")
    write_files(root, {"pages/index/index.js": "var MapSDK = require('../../libs/locate.js')\n"
                                               "Page({ onLoad() { new MapSDK({}).locate() } })\n"})
    _, report = run.report(root)
    assert "location" in features(report)


def test_every_vendored_sdk_stands_for_a_catalogued_import(engine) -> None:
    from zizhi.model import Location, Signal

    cat = engine.catalogue
    assert cat.vendored_sdks
    for sdk in cat.vendored_sdks:
        matched = cat.match(Signal("import", sdk.module, Location("a.js", 1)))
        if sdk.library:  # a mini-game adapter, an engine: a copy of others' code that stands for no service
            assert not matched, sdk.id
        else:
            assert any("strong" in e.features.values() for e in matched), sdk.id
        assert sdk.files or sdk.markers, sdk.id


def test_tsconfig_paths_and_base_url(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "tsconfig.json": '{\n  // comments are allowed here\n  "compilerOptions": {"baseUrl": "./code",\n'
                         '    "paths": {"~lib/*": ["../lib-src/*"]}}\n}\n',
        "pages/index/index.js": "import { pay } from '~lib/pay'\nimport loc from 'helpers/loc'\nPage({})\n",
        "lib-src/pay.ts": "export const pay = () => wx.requestPayment({})\n",
        "code/helpers/loc.js": "export default () => wx.getLocation({})\n",
    })
    _, report = run.report(root)
    assert {"payment", "location"} <= features(report) and not dead(report)


def test_plugin_export_file_is_an_entry(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index"], "plugins": {"live": {"version": "1.0.0", '
                    '"provider": "wx0000000000000000", "export": "plugin-export.js"}}}',
        "plugin-export.js": "module.exports = { pay: () => wx.requestPayment({}) }\n",
    })
    _, report = run.report(root)
    assert "payment" in features(report) and not dead(report)


def test_uniapp_platforms_folder_of_another_platform_is_not_compiled(run, tmp_path: Path) -> None:
    """uni-app's whole-folder conditional compilation: platforms/app-plus/ is the App's alone, even
    when pages.json registers its page for every build."""
    root = tmp_path / "u"
    write_files(root, {
        "pages.json": '{"pages": [{"path": "pages/index/index"}, {"path": "platforms/app-plus/feedback/feedback"},'
                      ' {"path": "platforms/mp-weixin/share/share"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx00000000000000b1"}}',
        "main.js": "import App from './App'\n",
        "App.vue": "<script>\nexport default {}\n</script>\n",
        "pages/index/index.vue": "<template><view/></template>\n",
        "platforms/app-plus/feedback/feedback.vue": "<script>\nexport default { methods: { pick() {\n"
                                                    "uni.getLocation({}) } } }\n</script>\n",
        "platforms/mp-weixin/share/share.vue": "<script>\nexport default { methods: { pay() {\n"
                                               "uni.requestPayment({}) } } }\n</script>\n",
    })
    (root / ".git").mkdir()
    _, report = run.report(root)
    assert "payment" in features(report) and "location" not in features(report)
    note = next(d for d in diagnostics(report, "ZZ009") if d["path"] == "platforms/app-plus/feedback/feedback.vue")
    assert "platforms/app-plus/" in note["message"] and "mp-weixin" in note["message"]


def test_without_the_modules_plugin_nothing_is_pruned(run) -> None:
    _, report = run.report(MODULES, "-p", "no:modules")
    assert not dead(report) and "ads" in features(report)


def test_cloud_objects_aliases_and_unicloud_triggers_keep_functions_alive(run, tmp_path: Path) -> None:
    """uniCloud.importObject('x') calls cloud object x; an aliased callFunction may call any function;
    uniCloud's package.json cloudfunction-config (a timer, a URL path) runs a function uncalled."""
    base = {
        "pages.json": '{"pages": [{"path": "pages/index/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "uniCloud-aliyun/cloudfunctions/login/index.js": "exports.main = () => ({})\n",
        "uniCloud-aliyun/cloudfunctions/uni-pay-co/index.obj.js": (
            "module.exports = { pay() { return 'https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi' } }\n"),
    }
    page = "<script>\nexport default { onLoad() { uniCloud.callFunction({ name: 'login' }); %s } }\n</script>\n"
    for case, call in (("a", "uniCloud.importObject('uni-pay-co')"), ("b", "const f = uniCloud.callFunction; f(x)")):
        files = dict(base, **{"pages/index/index.vue": page % call})
        write_files(tmp_path / case, files)
        _, report = run.report(tmp_path / case)
        assert "payment" in features(report) and not dead(report), case
    files = dict(base, **{"pages/index/index.vue": page % "",
                          "uniCloud-aliyun/cloudfunctions/uni-pay-co/package.json":
                              '{"cloudfunction-config": {"triggers": [{"name": "t", "type": "timer"}]}}'})
    write_files(tmp_path / "c", files)
    _, report = run.report(tmp_path / "c")
    assert "payment" in features(report) and not dead(report)
    del files["uniCloud-aliyun/cloudfunctions/uni-pay-co/package.json"]
    write_files(tmp_path / "d", files)
    _, report = run.report(tmp_path / "d")
    assert "payment" not in features(report)
    assert dead(report) == {"uniCloud-aliyun/cloudfunctions/uni-pay-co/index.obj.js"}


def test_a_cloud_function_root_over_the_pages_drops_nothing(run, tmp_path: Path) -> None:
    """project.config.json is the scanned repository's own data: cloudfunctionRoot "pages/" must not
    turn every page into a cloud function nothing calls."""
    root = make_project(tmp_path / "p", {
        "project.config.json": '{"cloudfunctionRoot": "pages/"}',
        "pages/index/index.js": "Page({ go() { wx.cloud.callFunction({ name: 'x' }); wx.getLocation({}) } })\n",
    })
    _, report = run.report(root)
    assert "location" in features(report) and not dead(report)


def test_a_librarys_head_is_read_line_by_line() -> None:
    """A wrapper on a line of its own after blank lines is still a library's head; the regex reads
    each line start once (``[ \\t]*`` after ``^``: a run of blank lines is not rescanned from each)."""
    from zizhi.sources import _LIBRARY_HEAD

    assert _LIBRARY_HEAD.search("\n\n\n  !function (e, t) {}\n", 0, 2000)
    assert _LIBRARY_HEAD.search("\n" * 1990 + "!function(e){}", 0, 2000)
    assert not _LIBRARY_HEAD.search("\n" * 1995 + "!function(e){}", 0, 2000)  # past the head: not read
    assert not _LIBRARY_HEAD.search("import request from './request'\nexport const x = !flag\n", 0, 2000)


def test_what_lib_holds_is_told_apart(run) -> None:
    """tests/fixtures/vendored-lib: in lib/ and libs/, a library with a banner and a map SDK named so
    are vendored by their name, the app's own API module is its code, and a minified script is
    vendored for being minified (its own note, not counted again among those vendored by name)."""
    _, report = run.report(FIXTURES / "vendored-lib")
    assert features(report) == {"ugc_post"}  # not location (the SDK's), nor payment (the banner library's)
    by_name, = [d for d in diagnostics(report, "ZZ013") if "by their name" in d["message"]]
    assert by_name["message"].startswith("2 file(s)")
    assert "lib/share.js, libs/qqmap-wx-jssdk.js;" in by_name["message"]
    minified, = [d for d in diagnostics(report, "ZZ013") if "minified" in d["message"]]
    assert minified["path"].endswith("libs/packed.js")
    assert ("utils/lib/api.js", 4) in evidence_places(report, "ugc_post")  # the app's endpoint, counted


def test_a_plugin_the_reachable_code_requires_is_used(run, tmp_path: Path) -> None:
    app = ('{"pages": ["pages/index/index"], "subpackages": [{"root": "sub", "pages": ["talk/talk"],'
           ' "plugins": {"SI": {"version": "0.3.5", "provider": "wx069ba97219f66d99"}}}]}')
    used = "const plugin = requirePlugin('SI')\nPage({ talk() { plugin.getRecordRecognitionManager().start() } })\n"
    root = make_project(tmp_path / "used", {"app.json": app, "sub/talk/talk.wxml": "<view/>\n",
                                            "sub/talk/talk.js": used})
    _, report = run.report(root)
    assert ("sub/talk/talk.js", 1) in evidence_places(report, "voice_recording")
    # only in a helper nothing imports, or under a name app.json does not declare: declared, not used
    for i, files in enumerate(({"sub/talk/talk.js": "Page({})\n", "utils/si.js": used},
                               {"sub/talk/talk.js": used.replace("'SI'", "'Other'")})):
        root = make_project(tmp_path / str(i), {"app.json": app, "sub/talk/talk.wxml": "<view/>\n", **files})
        _, report = run.report(root)
        assert "voice_recording" not in features(report), i


@pytest.mark.parametrize("provider", ["wx069ba97219f66d99\n<b>x</b>", "x" * 5000, "", 7])
def test_a_plugin_provider_that_is_no_appid_gives_no_signal(run, tmp_path: Path, provider: object) -> None:
    app = json.dumps({"pages": ["pages/index/index"], "plugins": {"SI": {"version": "1", "provider": provider}}})
    used = "const plugin = requirePlugin('SI')\nPage({ talk() { plugin.getRecordRecognitionManager().start() } })\n"
    _, report = run.report(make_project(tmp_path / "p", {"app.json": app, "pages/index/index.js": used}))
    assert "voice_recording" not in features(report)
