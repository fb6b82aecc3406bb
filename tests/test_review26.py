"""Review 26 of round 18: what reachability by function (``_mark_members``, ``uncalled_members``) must
not drop, and what the game engines' projects, the changed-files hook and the declarations say. Each
test builds a small project; each that guards a keep has a counterpart that is still dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT_CONFIG, diagnostics, evidence_places
from conftest import bare_project as make_project
from conftest import features as feature_ids
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def uncalled(report: dict) -> set[str]:
    """The functions ZZ009 says no code calls."""
    return {d["message"].split("'")[1] for d in diagnostics(report, "ZZ009") if d["message"].startswith("function")}


PAY = "wx.requestPayment({ timeStamp: '1', nonceStr: 'n', package: 'p', paySign: 's' })"
LOCATE = "wx.getLocation({ type: 'gcj02' })"


def wechat(**files: str) -> dict[str, str]:
    """A WeChat mini-program of one page (``pages/index/index``) and ``files``."""
    return {"project.config.json": PROJECT_CONFIG, "app.json": json.dumps({"pages": ["pages/index/index"]}),
            "app.js": "App({})\n", "pages/index/index.js": "Page({})\n", "pages/index/index.wxml": "<view/>\n",
            **files}


# ---------------------------------------------------------------- engines: the scenes call the scripts


def test_an_engine_projects_scripts_keep_their_methods(engine, tmp_path: Path) -> None:
    """A Cocos Creator component's handler is bound by name in a scene (``clickEvents``' handler, in a
    .scene file, not a script), its lifecycle methods are called by the engine: an engine's project has
    no entry script (every script counts, ``every_script``), so none of its functions is dropped."""
    files = {
        "package.json": json.dumps({"name": "g", "creator": {"version": "3.8.2"}}),
        "profiles/v2/packages/wechatgame.json": "{}",
        "assets/scripts/AdButton.ts": "export class AdButton {\n  onWatchAd() {\n"
                                      "    wx.createRewardedVideoAd({ adUnitId: 'adunit-1' });\n  }\n"
                                      f"  locate() {{\n    {LOCATE};\n  }}\n}}\n",
        "assets/main.scene": json.dumps([{"__type__": "cc.ClickEvent", "handler": "onWatchAd"}]),
    }
    report = scan(engine, make_project(tmp_path / "g", files))
    assert {"game", "ads", "location"} <= feature_ids(report) and not uncalled(report)


# ---------------------------------------------------------------- what the framework calls by name


TARO = {
    "package.json": json.dumps({"dependencies": {"@tarojs/taro": "3.6.0", "@tarojs/components": "3.6.0"}}),
    "project.config.json": PROJECT_CONFIG,
    "src/app.config.js": "export default { pages: ['pages/index/index'] }\n",
    "src/app.js": "export default function App(props) { return props.children }\n",
    "src/pages/index/index.js": ("import { View } from '@tarojs/components'\n"
                                 "import AdBox from '../../components/AdBox'\n"
                                 "export default function Index() { return <View><AdBox /></View> }\n"),
}


def test_a_class_that_extends_another_keeps_its_methods(engine, tmp_path: Path) -> None:
    """A Taro class component in a ``.js`` file (JSX in .js, as Taro 1/2 wrote it): React calls its
    ``componentDidMount`` and ``render``, which no file of the project says; a class with no base
    class and no decorator is still read (its uncalled ``buyCoins`` is dropped)."""
    component = ("import { Component } from 'react'\nimport { Ad } from '@tarojs/components'\n"
                 "import Taro from '@tarojs/taro'\n"
                 "class AdBox extends Component {\n  componentDidMount() {\n    Taro.getLocation({ type: 'gcj02' })\n"
                 "  }\n  render() {\n    return <Ad unitId='adunit-1' />\n  }\n}\nexport default AdBox\n")
    helper = f"export class Sharer {{\n  buyCoins() {{\n    {PAY}\n  }}\n}}\n"
    page = TARO["src/pages/index/index.js"].replace("export default", "import { Sharer } from '../../utils/share'\n"
                                                    "export const sharer = new Sharer()\nexport default")
    report = scan(engine, make_project(tmp_path / "t", {**TARO, "src/pages/index/index.js": page,
                                                         "src/components/AdBox/index.js": component,
                                                         "src/utils/share.js": helper}))
    found = feature_ids(report)
    assert {"ads", "location"} <= found and "payment" not in found, found
    assert uncalled(report) == {"buyCoins"}


def test_a_decorated_class_or_method_keeps_its_methods(engine, tmp_path: Path) -> None:
    """A decorator hands a class (``@Store``) or a method (``@Subscribe('pay')``) to what calls it by
    name: neither is dropped."""
    files = wechat(**{
        "app.js": "import './stores/pay'\nApp({})\n",
        "stores/pay.ts": (f"@Store\nexport class PayStore {{\n  buyVip() {{\n    {PAY}\n  }}\n}}\n"
                          f"export class Where {{\n  @Subscribe('where')\n  locate() {{\n    {LOCATE}\n  }}\n}}\n"),
    })
    report = scan(engine, make_project(tmp_path / "w", files))
    assert {"payment", "location"} <= feature_ids(report) and not uncalled(report)


def test_a_mixins_hooks_are_the_frameworks(engine, tmp_path: Path) -> None:
    """A uni-app mixin given to ``Vue.mixin``: the framework calls its ``onLoad`` and ``mounted``, which
    nothing else says; a helper of the same object that nothing calls is still dropped."""
    files = {
        "pages.json": json.dumps({"pages": [{"path": "pages/index/index"}]}),
        "manifest.json": json.dumps({"name": "x", "mp-weixin": {"appid": "wx00000000000000f1"}}),
        "main.js": "import Vue from 'vue'\nimport App from './App'\nimport where from './mixins/where'\n"
                   "Vue.mixin(where)\nconst app = new Vue({ ...App })\napp.$mount()\n",
        "App.vue": "<script>\nexport default {}\n</script>\n",
        "pages/index/index.vue": "<template><view>hi</view></template>\n<script>\nexport default {}\n</script>\n",
        "mixins/where.js": ("export default {\n  onLoad() {\n    uni.getLocation({ type: 'gcj02' })\n  },\n"
                            "  mounted() {\n    uni.createRewardedVideoAd({ adUnitId: 'a' })\n  },\n"
                            "  buyVip() {\n    uni.requestPayment({ provider: 'wxpay' })\n  }\n}\n"),
    }
    report = scan(engine, make_project(tmp_path / "u", files))
    found = feature_ids(report)
    assert {"location", "ads"} <= found and "payment" not in found, found
    assert uncalled(report) == {"buyVip"}


# ---------------------------------------------------------------- a template names a page's methods


def test_a_method_spread_into_a_page_is_called_by_its_template(engine, tmp_path: Path) -> None:
    """``Page({ ...payMixin })``: the page's script never says ``buyVip``, its template does
    (``bindtap="buyVip"``); a method of the mixin no file names is still dropped."""
    files = wechat(**{
        "pages/index/index.js": "import { payMixin } from '../../mixins/pay'\nPage({ ...payMixin, data: {} })\n",
        "pages/index/index.wxml": "<button bindtap=\"buyVip\">buy</button>\n",
        "mixins/pay.js": f"export const payMixin = {{\n  buyVip() {{\n    {PAY}\n  }},\n"
                         f"  locate() {{\n    {LOCATE}\n  }}\n}}\n",
    })
    report = scan(engine, make_project(tmp_path / "w", files))
    found = feature_ids(report)
    assert "payment" in found and "location" not in found, found
    assert uncalled(report) == {"locate"}


# ---------------------------------------------------------------- a signal belongs to its function


@pytest.mark.parametrize("geo", [
    "export const locate = () => wx.getLocation({ type: 'gcj02' }), unusedThing = () => 1\n",
    "export function locate() { return wx.getLocation({ type: 'gcj02' }) } "
    "export function unusedThing() { return 1 }\n",
    "const where = wx.getLocation({ type: 'gcj02' }); export function unusedThing() { return 1 }\nexport { where }\n",
])
def test_a_signal_belongs_to_the_function_that_holds_it_on_a_shared_line(engine, tmp_path: Path, geo: str) -> None:
    """Two functions on one line (or top-level code beside one): the call is in ``locate`` (which the
    app calls), not in ``unusedThing`` (which nothing calls), by its column."""
    files = wechat(**{"app.js": "import { locate, where } from './utils/geo'\nApp({ onLaunch() { locate(where) } })\n",
                      "utils/geo.js": geo})
    report = scan(engine, make_project(tmp_path / "w", files))
    assert "location" in feature_ids(report) and ("utils/geo.js", 1) in evidence_places(report, "location")


def test_a_function_on_a_line_of_its_own_is_still_dropped(engine, tmp_path: Path) -> None:
    """(Must still trigger.) ``unusedThing`` holds the call, on a line of its own and on one shared with
    a called function."""
    geo = f"export function locate() {{ return 1 }} export function unusedThing() {{ {LOCATE} }}\n"
    files = wechat(**{"app.js": "import { locate } from './utils/geo'\nApp({ onLaunch() { locate() } })\n",
                      "utils/geo.js": geo})
    report = scan(engine, make_project(tmp_path / "w", files))
    assert "location" not in feature_ids(report) and uncalled(report) == {"unusedThing"}


# ---------------------------------------------------------------- names as the files say them


@pytest.mark.parametrize("name", ["定位Now", "getTheUserLocationForTheNearbyStoresListOnTheHomePageWithAccuracy1"])
def test_a_function_called_by_another_module_under_any_name_is_kept(engine, tmp_path: Path, name: str) -> None:
    """A name with Chinese characters, or of more than 64: the importer calls it, as its own file's
    reading and the other files' names must agree."""
    files = wechat(**{"app.js": f"import {{ {name} }} from './utils/geo'\nApp({{ onLaunch() {{ {name}() }} }})\n",
                      "utils/geo.js": f"export function {name}() {{\n  return {LOCATE}\n}}\n"})
    report = scan(engine, make_project(tmp_path / "w", files))
    assert "location" in feature_ids(report) and not uncalled(report)


# ---------------------------------------------------------------- the changed-files hook


def test_a_project_beside_an_egret_project_and_its_companion_is_reported_once(run, tmp_path: Path) -> None:
    """Files staged in an Egret project and in a mini-game beside it: the folder holding the Egret
    project and its companion is scanned, and finds the mini-game too; scanned again alone, the
    mini-game was reported twice (as ``other`` and as ``.``), its findings with it."""
    from test_audit_games import BUILD_CONFIG, COMPANION, GAME_JSON, egret

    files = {**egret("wxgame"), **COMPANION, "other/game.json": GAME_JSON, "other/project.config.json": BUILD_CONFIG,
             "other/game.js": "wx.createRewardedVideoAd({ adUnitId: 'o' });\n"}
    root = make_project(tmp_path / "r", files)
    for staged in (["game/src/Ads.ts", "other/game.js"], ["other/game.js", "game/src/Ads.ts"]):
        _code, report = run.report(*(root / f for f in staged))
        shown = sorted((p["root"], p["framework"]) for p in report["projects"])
        assert shown == [("game", "egret"), ("other", "native")], (staged, shown)
        assert all(p["findings"] for p in report["projects"]), staged


# ---------------------------------------------------------------- declarations of an engine's project


def test_a_missing_declaration_names_the_game_json_the_build_writes(engine, tmp_path: Path) -> None:
    """A LayaAir project's location permission is checked against the committed publish's game.json
    (fc2b648): the finding names that file, not the IDE's project file (game.laya), where no
    declaration can go."""
    files = {"game.laya": json.dumps({"proName": "game", "version": "2.1.0"}), ".laya/wxgame.json": "{}",
             "src/Where.ts": f"{LOCATE};\n", "release/wxgame/game.json": json.dumps({"deviceOrientation": "portrait"})}
    report = scan(engine, make_project(tmp_path / "g", files))
    (zz303,) = [f for p in report["projects"] for f in p["findings"] if f["code"] == "ZZ303"]
    assert "not declared in release/wxgame/game.json" in zz303["message"], zz303["message"]


# ---------------------------------------------------------------- --platform and an engine's builds


def test_an_engines_build_is_no_project_of_its_own_under_platform(engine, tmp_path: Path) -> None:
    """``--platform baidu`` on a LayaAir 2 project published for WeChat: its quick-debug ``bin/`` (with
    the project.swan.json the IDE writes beside WeChat's) is the build, as without the option; the
    engine plugins kept only the wanted platform's projects, so the WeChat project's ``outputs`` were
    never seen and ``bin/`` was a native Baidu mini-game (what 30def90 had fixed)."""
    from test_audit_games import BUILD_CONFIG, GAME_JSON, laya2
    from zizhi.context import Options
    from zizhi.engine import UsageError, check

    files = laya2(**{".laya/wxgame.json": "{}", "bin/game.js": "require('weapp-adapter.js');\n",
                     "bin/game.json": GAME_JSON, "bin/project.config.json": BUILD_CONFIG,
                     "bin/project.swan.json": json.dumps({"appid": "19247462", "compileType": "game"})})
    root = make_project(tmp_path / "g", files)
    with pytest.raises(UsageError, match="no mini-program project found"):
        check([root], engine, Options(platform="baidu"))
    report = check([root], engine, Options(platform="wechat")).to_dict()
    assert [(p["root"], p["framework"]) for p in report["projects"]] == [(".", "layaair")]


# ---------------------------------------------------------------- an export under another name


@pytest.mark.parametrize("export", ["export { locateUser as whereAmI }\n",
                                    "module.exports = { whereAmI: locateUser }\n", "exports.whereAmI = locateUser\n"])
def test_a_function_exported_under_another_name_is_called_by_it(engine, tmp_path: Path, export: str) -> None:
    """The importer calls ``whereAmI``; the module says ``locateUser`` only to define and export it, but
    under another name: that export is its use (it was discounted as an export of the name itself). An
    export under the name itself still says nothing (``export { locateUser }`` with no caller: dropped)."""
    page = "const geo = require('../../utils/geo')\nPage({ go() { geo.whereAmI() } })\n"
    files = wechat(**{"utils/geo.js": f"function locateUser() {{\n  {LOCATE}\n}}\n{export}",
                      "pages/index/index.js": page})
    report = scan(engine, make_project(tmp_path / "w", files))
    assert "location" in feature_ids(report) and not uncalled(report)
    files["utils/geo.js"] = f"function locateUser() {{\n  {LOCATE}\n}}\nexport {{ locateUser }}\n"
    report = scan(engine, make_project(tmp_path / "same", files))
    assert "location" not in feature_ids(report) and uncalled(report) == {"locateUser"}


# ---------------------------------------------------------------- a companion is its project's alone


def test_an_egret_companion_is_not_read_by_a_mini_program_above_it(engine, tmp_path: Path) -> None:
    """A mini-program at the repository's root, an Egret project in ``game/`` and its companion
    ``game_wxgame/`` beside it: the companion is the Egret project's (its platform.js ad counts there);
    the root mini-program read it as its own files too (its engine, adapter and compiled game, each a
    ZZ009 note), where before 0378249 the companion was a project of its own, which a project above
    never reads."""
    from test_audit_games import COMPANION, egret

    files = {**egret("wxgame"), **COMPANION, **wechat()}
    report = scan(engine, make_project(tmp_path / "r", files))
    projects = {p["root"]: p for p in report["projects"]}
    assert set(projects) == {".", "game"}
    assert not [d for d in projects["."]["diagnostics"] if "game_wxgame" in d["message"]]
    assert ("game_wxgame/platform.js", 3) in evidence_places({"projects": [projects["game"]]}, "ads")
