"""Review 26 of round 18: what reachability by function (``_mark_members``, ``uncalled_members``) must
not drop, and what the game engines' projects, the changed-files hook and the declarations say. Each
test builds a small project; each that guards a keep has a counterpart that is still dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT_CONFIG, diagnostics, fence, write_files
from conftest import features as feature_ids
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def make_project(root: Path, files: dict[str, str]) -> Path:
    write_files(root, files)
    fence(root)
    return root


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
