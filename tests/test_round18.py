"""Detection round 18: Cocos Creator source projects set up as mini-games (the editor writes the
``game.json`` only into its build, which repositories rarely commit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import all_diagnostics, by_platform, evidence_places, obligations
from conftest import bare_project as make_project
from conftest import features as feature_ids
from conftest import scan_dict as scan
from zizhi.engine import UsageError, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()



GAME_SCRIPT = ("cc.Class({\n  extends: cc.Component,\n  start() {\n"
               "    this.ad = wx.createRewardedVideoAd({ adUnitId: 'adunit-1' });\n  }\n});\n")


def creator2(**extra: str) -> dict[str, str]:
    """A Creator 2.x project: project.json naming the engine, scripts under assets/."""
    return {
        "project.json": json.dumps({"engine": "cocos-creator-js", "packages": "packages", "version": "2.4.6"}),
        "assets/scripts/Game.js": GAME_SCRIPT,
        **extra,
    }


def test_a_creator_2_project_set_up_for_wechat_is_a_wechat_mini_game(engine, tmp_path: Path) -> None:
    """``settings/builder.json`` with the wechatgame target's appid: a WeChat mini-game, the game
    feature at the target's line, its scripts read (an ad), and the game's filing required."""
    builder = json.dumps({"qqplay": {"REMOTE_SERVER_ROOT": ""},
                          "wechatgame": {"appid": "wx1234567890abcdef", "orientation": "portrait"}}, indent=2)
    report = scan(engine, make_project(tmp_path / "g", creator2(**{"settings/builder.json": builder})))
    (project,) = report["projects"]
    assert (project["platform"], project["framework"], project["kind"]) == ("wechat", "cocos-creator", "minigame")
    assert {"game", "ads"} <= feature_ids(report)
    line = builder.splitlines().index('  "wechatgame": {') + 1
    assert ("settings/builder.json", line) in evidence_places(report, "game")
    assert ("assets/scripts/Game.js", 4) in evidence_places(report, "ads")
    found = obligations(report)
    assert found["ICP_FILING"]["level"] == "required" and found["GAME_FILING"]["level"] == "required"


def test_the_editors_own_folders_are_not_read(engine, tmp_path: Path) -> None:
    """library/ (imported assets), temp/, local/, a committed web build and the editor's extensions
    are not the game's code: a payment call or a location read there counts for nothing."""
    files = creator2(**{
        "settings/wechatgame.json": json.dumps({"appid": "wx1234567890abcdef"}),
        "build/web-mobile/main.js": "wx.requestPayment({ timeStamp: '1' })\n",
        "library/imports/ab/ab12.js": "wx.getLocation({ type: 'gcj02' })\n",
        "temp/quick-scripts/x.js": "wx.getLocation({ type: 'gcj02' })\n",
        "packages/my-tool/main.js": "wx.requestPayment({ timeStamp: '1' })\n",
    })
    report = scan(engine, make_project(tmp_path / "g", files))
    found = feature_ids(report)
    assert "game" in found and "ads" in found
    assert not found & {"payment", "location"}, found


def test_a_creator_3_project_set_up_for_two_platforms_is_one_project_each(engine, tmp_path: Path) -> None:
    """Creator 3.x: ``package.json`` with a ``creator`` section, targets in ``profiles/v2/packages``
    (3.x names: bytedance-mini-game is Douyin)."""
    files = {
        "package.json": json.dumps({"name": "g", "creator": {"version": "3.8.2"}}),
        "assets/scripts/Game.ts": ("import { _decorator, Component } from 'cc';\n"
                                   "export class Game extends Component {}\n"),
        "profiles/v2/packages/wechatgame.json": json.dumps({"__version__": "1.0.1"}),
        "profiles/v2/packages/bytedance-mini-game.json": json.dumps({"__version__": "1.0.1"}),
    }
    report = scan(engine, make_project(tmp_path / "g", files))
    projects = by_platform(report)
    assert set(projects) == {"wechat", "douyin"}
    assert all(p["kind"] == "minigame" and p["framework"] == "cocos-creator" for p in projects.values())


@pytest.mark.parametrize("files", [
    # a Creator project for the web and native apps only: no mini-game target set up
    creator2(**{"settings/builder.json": json.dumps({"qqplay": {"REMOTE_SERVER_ROOT": ""}, "title": "g"})}),
    # the wechatgame section the editor writes by default, with no appid: never built for WeChat
    creator2(**{"settings/builder.json": json.dumps({"wechatgame": {"appid": "", "orientation": "portrait"}})}),
    # a project.json of something else beside an assets/ folder
    {"project.json": json.dumps({"engine": "unity"}), "assets/a.js": "wx.getLocation({})\n",
     "settings/wechatgame.json": "{}"},
    # a Creator project.json without assets/
    {"project.json": json.dumps({"engine": "cocos-creator-js"}), "settings/wechatgame.json": "{}"},
])
def test_no_mini_game_without_a_creator_project_set_up_for_one(engine, tmp_path: Path, files: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="no mini-program project found"):
        scan(engine, make_project(tmp_path / "g", files))


def test_a_custom_build_template_or_a_committed_build_sets_up_the_target(engine, tmp_path: Path) -> None:
    """``build-templates/wechatgame/`` (a custom template the build copies) and a committed
    ``build/wechatgame/game.json`` each say the project is built for WeChat."""
    for name, marker in (("tpl", {"build-templates/wechatgame/game.js": "require('./adapter.js')\n"}),
                         ("built", {"build/wechatgame/game.json": json.dumps({"deviceOrientation": "portrait"})})):
        report = scan(engine, make_project(tmp_path / name, creator2(**marker)))
        kinds = {(p["root"], p["platform"], p["framework"]) for p in report["projects"]}
        assert (".", "wechat", "cocos-creator") in kinds, (name, kinds)
        assert "game" in feature_ids(report)


def _collections(engine, root: Path) -> set[tuple[str, int, str]]:
    from zizhi.context import Options
    from zizhi.engine import check

    report = check([root], engine, Options())
    return {(s.name, s.location.line, s.attrs.get("op", "")) for p in report.projects for s in p.signals
            if s.kind == "collection"}


def test_a_held_collection_written_on_the_next_line_is_a_write_in_its_own_block(engine, tmp_path: Path) -> None:
    """``const col = db.collection('posts')`` then ``await col`` with ``.add({...})`` on the next line
    (as formatters break a chain) writes the posts; a variable of the same name in another method,
    which only reads, stays a read there."""
    service = (
        "const cloud = require('wx-server-sdk')\n"
        "const db = cloud.database()\n"
        "module.exports = {\n"
        "  async list () {\n"
        "    const col = db.collection('posts')\n"
        "    return col.where({ status: 1 }).get()\n"
        "  },\n"
        "  async create (data) {\n"
        "    const col = db.collection('posts')\n"
        "    return await col\n"
        "      .add({ data })\n"
        "  }\n"
        "}\n"
    )
    files = {"app.json": '{"pages": ["pages/index/index"]}', "pages/index/index.wxml": "<view/>",
             "pages/index/index.js": "Page({})\n", "cloudfunctions/posts/index.js": service,
             "cloudfunctions/posts/package.json": '{"dependencies": {"wx-server-sdk": "~2.6.3"}}'}
    found = _collections(engine, make_project(tmp_path / "p", files))
    assert ("posts", 5, "read") in found and ("posts", 9, "write") in found, found


def _pay_project(root: Path, page_js: str, helper: str, extra: dict[str, str] | None = None) -> Path:
    from conftest import make_project as mini_program

    return mini_program(root, {
        "app.json": '{"pages": ["pages/index/index"]}',
        "pages/index/index.wxml": "<button bindtap=\"buy\">buy</button>\n",
        "pages/index/index.js": page_js,
        "utils/payment.js": helper,
        **(extra or {}),
    })


HELPER = ("export function pay(order) {\n  return fetch(order)\n}\n\n"
          "export function wechatPay(params) {\n  wx.requestPayment({ ...params })\n}\n")


def test_a_helper_function_nothing_calls_counts_for_nothing(engine, tmp_path: Path) -> None:
    """A payment helper copied with a template: exported, never imported nor called — the page calls
    the module's other function. Its payment call is not counted, and a note says which function."""
    page = "import { pay } from '../../utils/payment'\nPage({ buy() { pay({}) } })\n"
    report = scan(engine, _pay_project(tmp_path / "p", page, HELPER))
    assert "payment" not in feature_ids(report)
    notes = [d for d in all_diagnostics(report) if d["code"] == "ZZ009" and "wechatPay" in d["message"]]
    assert notes and notes[0]["path"].endswith("utils/payment.js"), report["diagnostics"]


@pytest.mark.parametrize("page, helper", [
    # imported and called by name
    ("import { wechatPay } from '../../utils/payment'\nPage({ buy() { wechatPay({}) } })\n", HELPER),
    # the module object's method, called through the object
    ("const payment = require('../../utils/payment')\nPage({ buy() { payment.wechatPay({}) } })\n",
     "module.exports = {\n  wechatPay: function (p) {\n    wx.requestPayment(p)\n  }\n}\n"),
    # called inside its own module by the function the page calls
    ("import { pay } from '../../utils/payment'\nPage({ buy() { pay({}) } })\n",
     "function wechatPay(p) {\n  wx.requestPayment(p)\n}\nexport function pay(o) {\n  return wechatPay(o)\n}\n"),
    # a name too short to tell (the names files keep are of three characters or more): counted
    ("import '../../utils/payment'\nPage({ buy() {} })\n", "export function up(p) {\n  wx.requestPayment(p)\n}\n"),
    # a class's method, called on the instance the module exports
    ("import payment from '../../utils/payment'\nPage({ buy() { payment.wechatPay({}) } })\n",
     "class Payment {\n  wechatPay(p) {\n    wx.requestPayment(p)\n  }\n}\nexport default new Payment()\n"),
])
def test_a_helper_function_called_anywhere_counts(engine, tmp_path: Path, page: str, helper: str) -> None:
    assert "payment" in feature_ids(scan(engine, _pay_project(tmp_path / "p", page, helper)))


def test_a_page_keeps_its_methods_and_an_export_list_calls_nothing(engine, tmp_path: Path) -> None:
    """A page's own method is its template's to call (no other file names it): counted. A helper whose
    name only its module's export list says (``export { wechatPay }``) is called by nothing: dropped;
    once a single-file component's script calls it, counted."""
    page = "Page({\n  buy() {\n    wx.requestPayment({ timeStamp: '1' })\n  }\n})\n"
    report = scan(engine, _pay_project(tmp_path / "page", page, "export const x = 1\n"))
    assert "payment" in feature_ids(report)
    helper = "function wechatPay(p) {\n  wx.requestPayment(p)\n}\nexport { wechatPay }\n"
    page = "import '../../utils/payment'\nPage({ buy() {} })\n"
    assert "payment" not in feature_ids(scan(engine, _pay_project(tmp_path / "list", page, helper)))
    sfc = ("<template><button @click=\"buy\">buy</button></template>\n<script>\n"
           "import { wechatPay } from '@/utils/payment'\nexport default { methods: { buy() { wechatPay({}) } } }\n"
           "</script>\n")
    uni = {"pages.json": '{"pages": [{"path": "pages/index/index"}]}', "manifest.json": '{"mp-weixin": {}}',
           "App.vue": "<script>export default {}</script>\n", "main.js": "import App from './App'\n",
           "pages/index/index.vue": sfc, "utils/payment.js": helper}
    assert "payment" in feature_ids(scan(engine, make_project(tmp_path / "uni", uni)))


def test_a_module_of_thousands_of_uncalled_functions_is_read_in_bounded_time(engine, tmp_path: Path) -> None:
    """A generated helper module of 1,900 functions, each with a payment call and none called: one
    pass over the module for the names, one look-up per signal (not a scan of the file per function).
    (Past 2,000 functions a module is a bundle: the rest are not looked at, and count.)"""
    from conftest import bounded

    helper = "".join(f"export function pay{i}(p) {{\n  wx.requestPayment(p)\n}}\n" for i in range(1900))
    page = "import '../../utils/payment'\nPage({ buy() {} })\n"
    root = _pay_project(tmp_path / "p", page, helper)
    report = bounded(lambda: scan(engine, root), seconds=60)
    assert "payment" not in feature_ids(report)
    # one note for the module, not one per function
    notes = [d for d in all_diagnostics(report) if d["code"] == "ZZ009" and "payment.js" in d["path"]]
    assert len(notes) == 1 and notes[0]["message"].startswith("1900 functions of"), notes[:2]


@pytest.mark.parametrize("helper", [
    # a default export is imported under any name
    "export default function wechatPay(p) {\n  wx.requestPayment(p)\n}\n",
    "module.exports = function wechatPay(p) {\n  wx.requestPayment(p)\n}\n",
    "module.exports = (p) => {\n  wx.requestPayment(p)\n}\n",
])
def test_a_module_whose_one_export_is_a_function_is_called_by_its_importer(engine, tmp_path: Path,
                                                                           helper: str) -> None:
    page = "import doPay from '../../utils/payment'\nPage({ buy() { doPay({}) } })\n"
    assert "payment" in feature_ids(scan(engine, _pay_project(tmp_path / "p", page, helper)))


def test_a_committed_builds_cloud_functions_are_the_games_and_the_editors_files_are_not_read(
        engine, tmp_path: Path) -> None:
    """The devtools project kept in a Creator build folder names cloud functions the developer wrote
    there (cloudfunctionRoot): the build is no project of its own, its cloud functions are the game's
    backend. The editor's folders are not read at all: a binary in library/ says nothing (no ZZ007)."""
    files = creator2(**{
        "settings/wechatgame.json": json.dumps({"appid": "wx1234567890abcdef"}),
        "build/bundle/project.config.json": json.dumps({"compileType": "game", "miniprogramRoot": "wechatgame/",
                                                        "cloudfunctionRoot": "cloudfunction/"}),
        "build/bundle/wechatgame/game.json": json.dumps({"deviceOrientation": "portrait"}),
        "build/bundle/wechatgame/game.js": "wx.requestPayment({ timeStamp: '1' })\n",
        "build/bundle/cloudfunction/login/index.js": ("const cloud = require('wx-server-sdk')\n"
                                                      "exports.main = async () => cloud.getWXContext()\n"),
        "build/bundle/cloudfunction/login/package.json": json.dumps({"dependencies": {"wx-server-sdk": "~2.6.3"}}),
    })
    root = make_project(tmp_path / "g", files)
    (root / "library" / "imports").mkdir(parents=True)
    (root / "library" / "imports" / "a.png").write_bytes(b"\x89PNG\r\n\x00\x00\x00\rIHDR")
    (root / "library" / "imports" / "b.js").write_bytes(b"wx.getLocation(\x00)")
    report = scan(engine, root)
    (project,) = report["projects"]
    assert project["framework"] == "cocos-creator"
    found = feature_ids(report)
    assert "cloud_functions" in found and "payment" not in found and "location" not in found
    assert not [d for d in all_diagnostics(report) if d["code"] == "ZZ007"]
