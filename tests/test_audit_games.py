"""Audit 29: how mini-game engine projects (Cocos Creator, LayaAir, Egret) and WeChat mini-games are
read, from the engines' and the platform's own documentation. Each test builds a small project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import features as feature_ids
from conftest import fence, write_files
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def make_project(root: Path, files: dict[str, str]) -> Path:
    """Only ``files`` (no mini-program beside them), fenced."""
    write_files(root, files)
    fence(root)
    return root


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
