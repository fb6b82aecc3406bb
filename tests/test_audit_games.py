"""Audit 29: how mini-game engine projects (Cocos Creator, LayaAir, Egret) and WeChat mini-games are
read, from the engines' and the platform's own documentation. Each test builds a small project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import bare_project as make_project
from conftest import by_platform, evidence_places, feats, findings, obligations, places
from conftest import features as feature_ids
from conftest import make_project as conftest_make_project
from conftest import scan_dict as scan
from zizhi.engine import UsageError, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()



def roots(report: dict) -> set[tuple[str, str, str]]:
    """(root, platform, framework) of every project of a report."""
    return {(p["root"], p["platform"], p["framework"]) for p in report["projects"]}


#: a WeChat mini-game's devtools project file, as the engines' builds write it
BUILD_CONFIG = json.dumps({"compileType": "game", "appid": "wx1234567890abcdef", "libVersion": "game"})
GAME_JSON = json.dumps({"deviceOrientation": "portrait", "showStatusBar": False})


# ---------------------------------------------------------------- a committed build is the engine's


def test_a_committed_cocos_build_is_not_a_mini_game_of_its_own(engine, tmp_path: Path) -> None:
    """``build/wechatgame`` (the editor's build: game.json, project.config.json, the engine and the
    compiled scripts) is what the Creator project builds: one project, the source's; the build's
    engine files are never read (a payment call there counts for nothing)."""
    files = {
        "project.json": json.dumps({"engine": "cocos-creator-js", "version": "2.4.6"}),
        "assets/scripts/Game.js": "wx.createRewardedVideoAd({ adUnitId: 'adunit-1' })\n",
        "build/wechatgame/game.json": GAME_JSON,
        "build/wechatgame/project.config.json": BUILD_CONFIG,
        "build/wechatgame/game.js": "require('./adapter-min.js');\nwx.requestPayment({ timeStamp: '1' })\n",
    }
    report = scan(engine, make_project(tmp_path / "g", files))
    assert roots(report) == {(".", "wechat", "cocos-creator")}
    assert {"game", "ads"} <= feature_ids(report) and "payment" not in feature_ids(report)


def test_a_mini_game_beside_an_engine_project_is_still_one(engine, tmp_path: Path) -> None:
    """Only the engine's own build folders are its: a native mini-game in another folder of the
    repository stays a project (must not trigger the drop)."""
    files = {
        "creator/project.json": json.dumps({"engine": "cocos-creator-js", "version": "2.4.6"}),
        "creator/assets/scripts/Game.js": "cc.log('x')\n",
        "creator/settings/wechatgame.json": json.dumps({"appid": "wx1234567890abcdef"}),
        "native-game/game.json": GAME_JSON,
        "native-game/project.config.json": BUILD_CONFIG,
        "native-game/game.js": "wx.createRewardedVideoAd({ adUnitId: 'adunit-1' })\n",
    }
    report = scan(engine, make_project(tmp_path / "g", files))
    assert roots(report) == {("creator", "wechat", "cocos-creator"), ("native-game", "wechat", "native")}


# ---------------------------------------------------------------- LayaAir


LAYA_SCRIPT = ("export default class GameUI extends Laya.Scene {\n  onEnable() {\n"
               "    this.ad = wx.createRewardedVideoAd({ adUnitId: 'adunit-1' });\n  }\n}\n")


def laya2(**extra: str) -> dict[str, str]:
    """A LayaAir 2 TypeScript project as the IDE creates it: the project file, the IDE's gulp scripts
    in .laya/, the UI project, the engine's declarations, the game's scripts in src/."""
    return {
        "game.laya": json.dumps({"proName": "game", "engineType": 0, "proType": 1, "layaProType": 0,
                                 "version": "2.1.0"}),
        ".laya/compile.js": "const gulp = require('gulp');\n",
        ".laya/publish_wxgame.js": "// the IDE's publish script of every target\nwx.requestPayment({})\n",
        "laya/.laya": "<project></project>\n",
        "libs/LayaAir.d.ts": "declare module laya.display { class Sprite {} }\n",
        "src/Main.ts": "import GameConfig from './GameConfig';\nLaya.init(640, 1136);\n",
        "src/script/GameUI.ts": LAYA_SCRIPT,
        **extra,
    }


def test_a_laya_2_project_published_for_wechat_is_a_wechat_mini_game(engine, tmp_path: Path) -> None:
    """``.laya/wxgame.json`` (the publish settings the IDE writes when the project is published for
    WeChat): one WeChat mini-game, its scripts read (an ad), the IDE's scripts never (a payment call in
    .laya/ counts for nothing), the game feature at the publish settings."""
    files = laya2(**{".laya/wxgame.json": json.dumps({"openDataZone": False, "compressJs": True})})
    report = scan(engine, make_project(tmp_path / "g", files))
    (project,) = report["projects"]
    assert (project["platform"], project["framework"], project["kind"], project["manifest"]) == \
        ("wechat", "layaair", "minigame", "game.laya")
    found = feature_ids(report)
    assert {"game", "ads"} <= found and "payment" not in found, found
    assert (".laya/wxgame.json", 0) in evidence_places(report, "game")
    assert ("src/script/GameUI.ts", 3) in evidence_places(report, "ads")


def test_the_builds_in_bin_and_release_are_the_projects_not_mini_games_of_their_own(engine, tmp_path: Path) -> None:
    """LayaAir 2's quick debug (bin/ with WeChat's and Baidu's project files) and a committed publish
    (release/wxgame) are the engine's output: one project, the source's; the engine's adapter and
    libraries there are never read."""
    files = laya2(**{
        "bin/game.js": "require('weapp-adapter.js');\nrequire('libs/laya.wxmini.js');\n",
        "bin/game.json": GAME_JSON,
        "bin/project.config.json": BUILD_CONFIG,
        "bin/project.swan.json": json.dumps({"appid": "19247462", "compileType": "game"}),
        "bin/libs/laya.wxmini.js": "window.wxMiniGame = function (exports, Laya) {\n  wx.getLocation({});\n};\n",
        "bin/js/bundle.js": LAYA_SCRIPT,
        "release/wxgame/game.json": GAME_JSON,
        "release/wxgame/project.config.json": BUILD_CONFIG,
        "release/wxgame/code.js": "wx.requestPayment({ timeStamp: '1' })\n",
    })
    report = scan(engine, make_project(tmp_path / "g", files))
    assert roots(report) == {(".", "wechat", "layaair")}  # no Baidu: bin/'s project.swan.json comes with WeChat's
    found = feature_ids(report)
    assert {"game", "ads"} <= found and not found & {"payment", "location"}, found
    assert evidence_places(report, "ads") == {("src/script/GameUI.ts", 3)}


def test_a_wechat_target_built_for_douyin_is_a_douyin_mini_game(engine, tmp_path: Path) -> None:
    """LayaAir 2 published Douyin games through its WeChat target: the committed build's
    project.config.json holds a Douyin appid, and Douyin's devtools open it."""
    files = laya2(**{
        ".laya/wxgame.json": json.dumps({"openDataZone": False}),
        "release/wxgame/game.json": GAME_JSON,
        "release/wxgame/project.config.json": json.dumps({"compileType": "game", "appid": "tt8964ffd9165e78e4"}),
        "src/script/Ads.ts": "tt.createRewardedVideoAd({ adUnitId: 'x' });\n",
    })
    report = scan(engine, make_project(tmp_path / "g", files))
    assert roots(report) == {(".", "douyin", "layaair")}
    assert {"game", "ads"} <= feature_ids(report)


def test_a_laya_3_project_set_up_for_two_platforms_is_one_project_each(engine, tmp_path: Path) -> None:
    """LayaAir 3: ``{"version": "3.x"}`` in the project file, each target's appid in
    settings/BuildSettings.json (a section without one is not set up: Alipay here); the editor's
    folders (library/, temp/, engine/) are never read; the game feature at the target's section."""
    settings = json.dumps({"name": "g", "android": {"exportFormat": "APK"}, "wxgame": {"appid": "wxd6ed086d11664fd7"},
                           "bytedancegame": {"appid": "ttd868aed5476370af02"}, "alipaygame": {"appid": ""}},
                          indent=2)
    files = {
        "g.laya": json.dumps({"version": "3.1.4"}),
        "settings/BuildSettings.json": settings,
        "src/Main.ts": "const { regClass } = Laya;\n@regClass()\nexport class Main extends Laya.Script {\n"
                       "  onStart() { wx.createInterstitialAd({ adUnitId: 'x' }); }\n}\n",
        "engine/types/LayaAir.d.ts": "declare namespace Laya {}\n",
        "library/x.js": "wx.getLocation({})\n",
        "temp/y.js": "wx.getLocation({})\n",
    }
    report = scan(engine, make_project(tmp_path / "g", files))
    projects = by_platform(report)
    assert set(projects) == {"wechat", "douyin"}
    lines = settings.splitlines()
    line = lines.index('  "wxgame": {') + 1
    assert places(projects["wechat"], "game") == {("settings/BuildSettings.json", line, "project.kind:minigame")}
    assert "ads" in feats(projects["wechat"]) and "location" not in feats(projects["wechat"])


@pytest.mark.parametrize("files", [
    # a web game: published for the web only
    laya2(**{".laya/web.json": json.dumps({"compressJs": True}), "release/web/index.js": "Laya.init()\n"}),
    # the IDE's publish scripts of every target (in every project) set nothing up
    laya2(**{".laya/publish_bdgame.js": "// publish\n", ".laya/publish_qqgame.js": "// publish\n"}),
    # LayaAir 3 with a build settings file naming no mini-game appid
    {"g.laya": json.dumps({"version": "3.2.3"}), "settings/BuildSettings.json": json.dumps({"name": "g"}),
     "src/Main.ts": "wx.createInterstitialAd({})\n"},
    # a .laya file of something else (not the IDE's project file), and the UI project's laya/.laya
    {"notes.laya": "<xml/>", "laya/.laya": json.dumps({"version": "2.0"}), ".laya/wxgame.json": "{}"},
])
def test_no_mini_game_without_a_laya_project_set_up_for_one(engine, tmp_path: Path, files: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="no mini-program project found"):
        scan(engine, make_project(tmp_path / "g", files))


# ---------------------------------------------------------------- Egret


def egret(current: str = "web", **extra: str) -> dict[str, str]:
    """An Egret project in ``game/`` as the launcher creates it: egretProperties.json, the build's
    scripts of every target, the engine's modules, the game's scripts in src/."""
    props = json.dumps({"engineVersion": "5.2.30", "compilerVersion": "5.2.30", "template": {},
                        "target": {"current": current}, "modules": [{"name": "egret"}, {"name": "eui"}]}, indent=2)
    return {
        "game/egretProperties.json": props,
        "game/scripts/config.wxgame.ts": "const outputDir = `../${projectName}_wxgame`;\n",
        "game/scripts/wxgame/wxgame.ts": "// the build's plugin\nwx.requestPayment({})\n",
        "game/libs/modules/egret/egret.js": "var egret;\n(function (egret) { wx.getLocation({}); })(egret);\n",
        "game/bin-debug/Main.js": "wx.createRewardedVideoAd({ adUnitId: 'compiled' })\n",
        "game/src/Main.ts": "class Main extends egret.DisplayObjectContainer {\n"
                            "  async start() { await platform.login(); }\n}\n",
        "game/src/Ads.ts": "class Ads {\n  show() { wx.createInterstitialAd({ adUnitId: 'x' }); }\n}\n",
        **extra,
    }


#: the companion project an Egret build writes beside the project (as egret-target-wxgame lays it out)
COMPANION = {
    "game_wxgame/game.json": json.dumps({"deviceOrientation": "portrait", "openDataContext": "openDataContext"}),
    "game_wxgame/project.config.json": BUILD_CONFIG,
    "game_wxgame/game.js": "require('./weapp-adapter.js');\nrequire('./platform.js');\nrequire('./manifest.js');\n"
                           "require('./egret.wxgame.js');\n",
    "game_wxgame/platform.js": "class WxgamePlatform {\n"
                               "  login() { return new Promise((ok) => wx.login({ success: ok })); }\n"
                               "  banner() { return wx.createBannerAd({ adUnitId: 'b' }); }\n}\n"
                               "window.platform = new WxgamePlatform();\n",
    "game_wxgame/openDataContext/index.js": "wx.getFriendCloudStorage({ keyList: ['score'] });\n",
    "game_wxgame/egret.wxgame.js": "wx.getLocation({ type: 'gcj02' });\n",
    "game_wxgame/weapp-adapter.js": "wx.connectSocket({ url: 'wss://example.com/ws/chat' });\n",
    "game_wxgame/manifest.js": "require('./js/egret.js');\nrequire('./js/main.js');\n",
    "game_wxgame/js/main.js": "wx.requestPayment({ timeStamp: '1' });\n",
    "game_wxgame/library/file-util.js": "wx.getFileSystemManager();\n",
}


def test_an_egret_project_building_for_wechat_is_a_wechat_mini_game(engine, tmp_path: Path) -> None:
    """``target.current`` = wxgame (what ``egret build`` builds for): one WeChat mini-game at the
    project, its scripts read (an ad), the build's scripts, the engine's modules and the compiled game
    never (payment, location), the game feature at ``target.current``."""
    files = egret("wxgame")
    report = scan(engine, make_project(tmp_path / "r", files))
    assert roots(report) == {("game", "wechat", "egret")}
    found = feature_ids(report)
    assert {"game", "ads"} <= found and not found & {"payment", "location"}, found
    line = files["game/egretProperties.json"].splitlines().index('    "current": "wxgame"') + 1
    assert ("game/egretProperties.json", line) in evidence_places(report, "game")


def test_the_companion_project_sets_wechat_up_and_its_own_scripts_count(engine, tmp_path: Path) -> None:
    """A committed ``game_wxgame`` (the build's output, beside the project) sets the WeChat target up
    even when ``target.current`` is web; it is no mini-game of its own, its engine files are never read
    (location, a socket, payment), and what the developer writes there is the game's: platform.js (a
    banner ad) and the open data context."""
    report = scan(engine, make_project(tmp_path / "r", {**egret("web"), **COMPANION}))
    assert roots(report) == {("game", "wechat", "egret")}
    found = feature_ids(report)
    assert {"game", "ads"} <= found and not found & {"payment", "location", "im_chat"}, found
    ads = evidence_places(report, "ads")
    assert ("game_wxgame/platform.js", 3) in ads and ("game/src/Ads.ts", 2) in ads
    assert ("game_wxgame/openDataContext/index.js", 1) in evidence_places(report, "game")


def test_a_companion_with_a_douyin_appid_is_a_douyin_mini_game(engine, tmp_path: Path) -> None:
    """The companion's devtools project says whose it is: a ``tt…`` appid is Douyin's."""
    companion = {**COMPANION, "game_wxgame/project.config.json": json.dumps({"compileType": "game",
                                                                             "appid": "tt8964ffd9165e78e4"})}
    report = scan(engine, make_project(tmp_path / "r", {**egret("web"), **companion}))
    assert roots(report) == {("game", "douyin", "egret")}


@pytest.mark.parametrize("files", [
    # a web game: every target's build script is in every project, none is set up
    egret("web"),
    # an egretProperties.json of something else
    {"game/egretProperties.json": json.dumps({"name": "x", "target": {"current": "wxgame"}}),
     "game/src/Ads.ts": "wx.createInterstitialAd({})\n"},
    # another project's companion (name_wxgame of a different name) is not this one's
    {**egret("web"), "other_wxgame/game.js": "require('./platform.js')\n"},
])
def test_no_mini_game_without_an_egret_project_set_up_for_one(engine, tmp_path: Path, files: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="no mini-program project found"):
        scan(engine, make_project(tmp_path / "r", files))


def test_the_changed_files_hook_scans_an_egret_project_with_its_companion(run, tmp_path: Path) -> None:
    """A staged file of the project or of its companion stands for the Egret project; scanned alone,
    the project folder would not see the companion beside it (which alone sets WeChat up here), so the
    folder holding both is scanned, and a mini-game beside them reports none of its findings."""
    files = {**egret("web"), **COMPANION, "other/game.json": GAME_JSON, "other/project.config.json": BUILD_CONFIG,
             "other/game.js": "wx.createRewardedVideoAd({ adUnitId: 'o' });\n"}
    root = make_project(tmp_path / "r", files)
    for staged in ("game/src/Ads.ts", "game_wxgame/platform.js"):
        _code, report = run.report(root / staged)
        projects = {p["root"]: p for p in report["projects"]}
        assert projects["game"]["framework"] == "egret", staged
        assert projects["game"]["findings"] and not projects.get("other", {}).get("findings"), staged


# ---------------------------------------------------------------- the API object on the global object


def test_the_api_object_on_the_global_object_is_read(engine, tmp_path: Path) -> None:
    """LayaAir games call the platform through the engine's ``Laya.Browser.window.wx`` (also kept in
    a variable); a mini-game's global object is ``GameGlobal``, the adapters' is ``window``."""
    files = laya2(**{
        ".laya/wxgame.json": "{}",
        "src/script/GameUI.ts": "Laya.Browser.window.wx.createRewardedVideoAd({ adUnitId: 'x' });\n",
        "src/script/Rank.ts": "const wx = Laya.Browser.window.wx;\nwx.getFriendCloudStorage({ keyList: ['s'] });\n",
        "src/script/Where.ts": "(window as any).wx.getLocation({ type: 'gcj02' });\n",
        "src/script/Buy.ts": "GameGlobal['wx'].requestMidasPayment({ mode: 'game' });\n",
    })
    report = scan(engine, make_project(tmp_path / "g", files))
    assert ("src/script/GameUI.ts", 1) in evidence_places(report, "ads")
    assert ("src/script/Rank.ts", 2) in evidence_places(report, "game")
    assert ("src/script/Where.ts", 1) in evidence_places(report, "location")
    assert ("src/script/Buy.ts", 1) in evidence_places(report, "virtual_payment")


def test_a_property_named_wx_of_something_else_is_not_the_api_object(engine, tmp_path: Path) -> None:
    """Only the global object's ``wx`` is the API object (must not trigger): an object's own ``wx``
    field, another object's ``window``, and ``window.wx`` in a project whose API object is not ``wx``."""
    files = laya2(**{
        ".laya/wxgame.json": "{}",
        "src/script/Pay.ts": "this.window.wx.requestPayment({});\nfoo.window.wx.getLocation({});\n"
                             "const cfg = { wx: {} }; cfg.wx.startRecord({});\nwindow.wxx.requestPayment({});\n",
    })
    found = feature_ids(scan(engine, make_project(tmp_path / "g", files)))
    assert not found & {"payment", "location", "voice_recording"}, found
    alipay = make_project(tmp_path / "a", {
        "mini.project.json": json.dumps({"compileType": "mini"}), "app.json": json.dumps({"pages": ["pages/i/i"]}),
        "app.js": "App({})\n", "pages/i/i.axml": "<view/>\n",
        "pages/i/i.js": "Page({ onLoad() { window.wx.getLocation({}); my.showToast({}); } })\n"})
    assert "location" not in feature_ids(scan(engine, alipay))


# ---------------------------------------------------------------- an engine's build read as a native mini-game


#: a LayaAir 2 publish for WeChat as the repository may hold it alone (no .laya project): the game.js the
#: IDE writes (``window.loadLib = require``), index.js loading the engine and the compiled game
LAYA_BUILD = {
    "game.json": GAME_JSON,
    "project.config.json": BUILD_CONFIG,
    "game.js": "\"undefined\"!=typeof wx&&(require(\"weapp-adapter.js\"),require(\"libs/laya.wxmini.js\")),"
               "window.loadLib=require,require(\"index.js\");\n",
    "index.js": "loadLib(\"libs/laya.core.js\");\nloadLib(\"js/bundle.js\");\n",
    "weapp-adapter.js": "!function(){ wx.connectSocket({ url: 'wss://x' }); wx.getLocation({}); }();\n",
    "libs/laya.wxmini.js": "window.wxMiniGame = function (exports, Laya) {\n  wx.startRecord({});\n};\n",
    "libs/laya.core.js": "(function (exports) {\n  wx.requestPayment({});\n}(window.Laya = window.Laya || {}));\n",
    "js/bundle.js": "(function () {\n  Laya.Browser.window.wx.createRewardedVideoAd({ adUnitId: 'x' });\n}());\n",
}


def test_a_laya_build_alone_reads_the_game_and_not_the_engine(engine, tmp_path: Path) -> None:
    """A LayaAir publish read as a native mini-game: ``loadLib("js/bundle.js")`` (the build's require)
    reaches the compiled game, whose ad counts; the platform's adapter and the engine's libraries are
    copies of others' code (vendored: their calls count for no feature)."""
    report = scan(engine, make_project(tmp_path / "wxgame", LAYA_BUILD))
    assert roots(report) == {(".", "wechat", "native")}
    found = feature_ids(report)
    assert ("js/bundle.js", 2) in evidence_places(report, "ads")
    assert not found & {"location", "voice_recording", "payment", "im_chat"}, found


def test_an_own_file_named_like_an_adapter_of_no_engine_still_counts(engine, tmp_path: Path) -> None:
    """Only the engines' and platforms' file names are theirs (must not trigger): ``my-pay.js`` or
    ``dataAdapter.js`` is the game's own."""
    files = {"game.json": GAME_JSON, "project.config.json": BUILD_CONFIG,
             "game.js": "require('./dataAdapter.js');\n",
             "dataAdapter.js": "wx.getLocation({ type: 'gcj02' });\n"}
    assert "location" in feature_ids(scan(engine, make_project(tmp_path / "g", files)))


# ---------------------------------------------------------------- declarations of a mini-game


def test_a_wechat_mini_game_declares_location_in_game_json_permission(engine, tmp_path: Path) -> None:
    """game.json has no requiredPrivateInfos (the mini-game configuration's keys): a mini-game's
    wx.getLocation is told to declare scope.userLocation in game.json's permission (ZZ303), not ZZ301;
    declared, there is nothing to say."""
    files = {"game.json": GAME_JSON, "project.config.json": BUILD_CONFIG,
             "game.js": "wx.getLocation({ type: 'gcj02' });\n"}
    report = scan(engine, make_project(tmp_path / "g", files))
    codes = {f["code"] for f in findings(report)}
    assert "ZZ303" in codes and "ZZ301" not in codes, codes
    assert "declaration:wechat.minigame.permission.userLocation" in obligations(report)
    declared = json.dumps({"deviceOrientation": "portrait",
                           "permission": {"scope.userLocation": {"desc": "用于显示同城排行榜"}}})
    report = scan(engine, make_project(tmp_path / "d", {**files, "game.json": declared}))
    assert not {"ZZ301", "ZZ303"} & {f["code"] for f in findings(report)}


def test_a_mini_program_still_declares_location_in_required_private_infos(engine, tmp_path: Path) -> None:
    """The mini-program's app.json keeps requiredPrivateInfos (ZZ301), and never game.json's permission."""
    root = conftest_make_project(tmp_path / "m", {
        "pages/index/index.js": "Page({ onLoad() { wx.getLocation({ type: 'gcj02' }) } })\n"})
    codes = {f["code"] for f in findings(scan(engine, root))}
    assert "ZZ301" in codes and "ZZ303" not in codes, codes


def test_an_engine_projects_declarations_are_checked_against_the_game_json_it_shows(engine, tmp_path: Path) -> None:
    """An engine's build writes game.json: a committed publish or a build template shows it, and the
    location's permission is checked there; a project that shows none is not told to declare it in
    its engine's project file (must not trigger)."""
    where = "src/script/Where.ts"
    base = laya2(**{".laya/wxgame.json": "{}", where: "wx.getLocation({ type: 'gcj02' });\n"})
    unseen = scan(engine, make_project(tmp_path / "a", base))
    assert "location" in feature_ids(unseen) and not {"ZZ301", "ZZ303"} & {f["code"] for f in findings(unseen)}
    undeclared = scan(engine, make_project(tmp_path / "b", {**base, "release/wxgame/game.json": GAME_JSON}))
    assert "ZZ303" in {f["code"] for f in findings(undeclared)}
    declared = json.dumps({"permission": {"scope.userLocation": {"desc": "同城排行"}}})
    cocos = {"project.json": json.dumps({"engine": "cocos-creator-js", "version": "2.4.6"}),
             "assets/scripts/Where.js": "wx.getLocation({ type: 'gcj02' });\n",
             "settings/wechatgame.json": json.dumps({"appid": "wx1234567890abcdef"}),
             "build-templates/wechatgame/game.json": declared}
    report = scan(engine, make_project(tmp_path / "c", cocos))
    assert "location" in feature_ids(report) and "ZZ303" not in {f["code"] for f in findings(report)}
