"""Native Alipay, Douyin (and Douyin mini-games), Baidu, QQ and Kuaishou projects: discovery,
templates, API namespaces and one signal vocabulary across platforms."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import FIXTURES, feats, places, write_files


def only(report: dict[str, Any]) -> dict[str, Any]:
    (p,) = report["projects"]
    return p


@pytest.mark.parametrize(("fixture", "platform", "kind"), [
    ("alipay", "alipay", "miniprogram"), ("douyin", "douyin", "miniprogram"), ("douyin-game", "douyin", "minigame"),
    ("baidu", "baidu", "miniprogram"), ("qq", "qq", "miniprogram"), ("kuaishou", "kuaishou", "miniprogram"),
])
def test_discovery(run, fixture: str, platform: str, kind: str) -> None:
    _, report = run.report(FIXTURES / fixture)
    p = only(report)
    assert (p["platform"], p["framework"], p["kind"]) == (platform, "native", kind)
    # its manifests read cleanly, and nothing went wrong
    assert not [d for d in p["diagnostics"] if d["code"] == "ZZ004" or d["severity"] == "error"]


def test_alipay(run) -> None:
    _, report = run.report(FIXTURES / "alipay")
    p = only(report)
    assert places(p, "payment") == {("pages/pay/pay.js", 3, "my.tradePay")}
    assert places(p, "face_verify") == {("pages/index/index.js", 3, "my.startAPVerify")}
    assert places(p, "ads") == {("pages/index/index.js", 9, "my.createRewardedAd")}
    # getAuthorize button with scope="phoneNumber" and my.getPhoneNumber; the hotline call is not one
    assert places(p, "phone_number") == {("pages/index/index.axml", 2, "button"),
                                         ("pages/index/index.js", 6, "my.getPhoneNumber")}


def test_douyin_leftover_wx_calls_and_wxml_do_not_count(run) -> None:
    _, report = run.report(FIXTURES / "douyin")
    p = only(report)
    assert "ads" not in {f["id"] for f in p["features"]}  # wx.createRewardedVideoAd, calendar.wxml <ad>
    assert places(p, "payment") == {("pages/index/index.js", 3, "tt.pay")}
    assert ("pages/room/room.js", 3, "tt.createRtcRoomContext") in places(p, "rtc_video")
    assert places(p, "video_playback") == {("pages/index/index.ttml", 2, "video")}
    assert places(p, "phone_number") == {("pages/index/index.ttml", 3, "button")}


def test_douyin_minigame(run) -> None:
    _, report = run.report(FIXTURES / "douyin-game")
    p = only(report)
    assert ("game.js", 2, "tt.getRtcEngine") in places(p, "rtc_voice")
    assert ("game.js", 4, "tt.requestGamePayment") in places(p, "virtual_payment")
    assert "PUBLISHING" in {o["id"] for o in p["obligations"]}


def test_baidu_qq_kuaishou(run) -> None:
    _, report = run.report(FIXTURES / "baidu")
    p = only(report)
    assert places(p, "payment") == {("pages/index/index.js", 3, "swan.requestPolymerPayment")}
    assert places(p, "face_verify") == {("pages/index/index.js", 6, "swan.ai.facePersonVerify")}
    assert places(p, "live_streaming") == {("pages/index/index.swan", 2, "live-player")}
    _, report = run.report(FIXTURES / "qq")
    p = only(report)
    assert places(p, "rtc_voice") == {("pages/index/index.js", 3, "qq.joinVoIPChat")}
    assert places(p, "ads") == {("pages/index/index.qml", 2, "ad")}
    _, report = run.report(FIXTURES / "kuaishou")
    p = only(report)
    assert places(p, "payment") == {("pages/index/index.js", 3, "ks.pay")}
    assert places(p, "location") == {("pages/index/index.js", 6, "ks.getLocation")}
    assert places(p, "phone_number") == {("pages/index/index.ksml", 1, "button")}


def test_my_is_a_variable_in_a_wechat_project(run, tmp_path) -> None:
    write_files(tmp_path, {
        "project.config.json": '{"appid": "wx1", "compileType": "miniprogram"}',
        "app.json": '{"pages": ["pages/a/a"]}',
        "pages/a/a.wxml": "<view/>",
        "pages/a/a.js": "const my = { tradePay() {} }\nmy.tradePay()\ntt.pay()\n",
    })
    _, report = run.report(tmp_path)
    assert only(report)["features"] == []


def test_several_platforms_in_one_repository(run) -> None:
    _, report = run.report(FIXTURES, "--platform", "alipay")
    roots = {(p["root"], p["platform"]) for p in report["projects"]}
    assert ("alipay", "alipay") in roots and ("uniapp", "alipay") in roots
    assert all(platform == "alipay" for _, platform in roots)


def test_douyin_category_not_accepted(run, tmp_path) -> None:
    _, report = run.report(FIXTURES / "douyin")
    p = only(report)
    shop = next(o for o in p["obligations"] if o["id"] == "category:douyin:商家自营")
    assert (shop["level"], shop["held"], shop["rule"]) == ("depends", False, "ZZ201")
    (finding,) = [f for f in p["findings"] if f["code"] == "ZZ204"]
    assert finding["severity"] == "note" and finding["path"] == "pages/index/index.js"
    # a config cannot hold a category the platform does not accept
    write_files(tmp_path, {"zizhi.toml": '[categories]\ndouyin = ["商家自营"]\n'})
    _, report = run.report(FIXTURES / "douyin", "--config", tmp_path / "zizhi.toml")
    assert [f["code"] for f in only(report)["findings"] if f["code"] == "ZZ204"] == ["ZZ204"]
    # WeChat category obligations never reach a Douyin project
    assert not [o for o in p["obligations"] if o["id"].startswith("category:wechat:")]


def test_build_output_is_read_only_without_source(run, tmp_path) -> None:
    out = "unpackage/dist/build/mp-weixin"
    write_files(tmp_path, {
        f"{out}/app.json": '{"pages": ["pages/index/index"]}',
        f"{out}/pages/index/index.wxml": '<view><ad unit-id="adunit-1"></ad></view>',
        f"{out}/pages/index/index.js": "Page({})\n",
    })
    _, report = run.report(tmp_path)
    p = only(report)
    assert (p["root"], p["platform"]) == (out, "wechat")
    assert places(p, "ads") == {(f"{out}/pages/index/index.wxml", 1, "ad")}
    # with the source present, the build output is skipped
    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/index/index"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "pages/index/index.vue": "<template><view/></template>\n",
    })
    _, report = run.report(tmp_path)
    p = only(report)
    assert (p["root"], p["framework"], p["features"]) == (".", "uni-app", [])


def test_douyin_location_needs_permission_scope(run, tmp_path) -> None:
    write_files(tmp_path, {
        "project.config.json": '{"appid": "tt0000000000000001"}',
        "app.json": '{"pages": ["pages/a/a"]}',
        "pages/a/a.ttml": "<view/>",
        "pages/a/a.js": "tt.getLocation({ type: 'gcj02' })\n",
    })
    _, report = run.report(tmp_path)
    p = only(report)
    (finding,) = [f for f in p["findings"] if f["code"] == "ZZ303"]
    assert (finding["path"], finding["line"], finding["severity"]) == ("pages/a/a.js", 1, "error")
    assert not [f for f in p["findings"] if f["code"] == "ZZ301"]  # requiredPrivateInfos is WeChat's
    write_files(tmp_path, {"app.json": '{"pages": ["pages/a/a"], "permission": {"scope.userLocation": {"desc": "x"}}}'})
    _, report = run.report(tmp_path)
    assert not [f for f in only(report)["findings"] if f["code"] == "ZZ303"]


def test_qq_project_with_a_project_config_json(run, tmp_path) -> None:
    write_files(tmp_path, {
        "project.config.json": '{"appid": "1110000000", "compileType": "miniprogram"}',
        "app.json": '{"pages": ["pages/a/a"]}',
        "pages/a/a.qml": "<view/>",
        "pages/a/a.js": "qq.requestWxPayment({ url: 'x', referer: 'y' })\n",
    })
    _, report = run.report(tmp_path)
    p = only(report)
    assert (p["platform"], p["framework"]) == ("qq", "native")
    assert places(p, "payment") == {("pages/a/a.js", 1, "qq.requestWxPayment")}


@pytest.mark.parametrize(("appid", "platform"), [("1110000000", "qq"), ("wx0123456789abcdef", "wechat")])
def test_qq_devtools_project_with_wxml_templates(run, tmp_path, appid: str, platform: str) -> None:
    """QQ's devtools write ``qqappid`` into project.config.json and read .wxml templates too: such a
    project is QQ's (its qq.* calls are the platform's), unless its appid is WeChat's (wx…)."""
    write_files(tmp_path, {
        "project.config.json": f'{{"appid": "{appid}", "qqappid": "1110000000", "compileType": "miniprogram"}}',
        "app.json": '{"pages": ["pages/a/a", "pages/b/b"]}',
        "pages/a/a.wxml": "<view/>",
        "pages/a/a.js": "qq.getLocation({ type: 'wgs84' })\n",
        "pages/b/b.wxml": "<button open-type='getPhoneNumber' bindgetphonenumber='x'/>",
        "pages/b/b.js": "Page({})\n",
        "pages/old/old.wxml": "<button open-type='getPhoneNumber' bindgetphonenumber='x'/>",
    })
    _, report = run.report(tmp_path)
    p = only(report)
    assert (p["platform"], p["framework"]) == (platform, "native")
    if platform == "qq":
        assert places(p, "location") == {("pages/a/a.js", 1, "qq.getLocation")}
        assert {f for f, _l, _s in places(p, "phone_number")} == {"pages/b/b.wxml"}  # its templates are read
    else:
        assert "location" not in feats(p)  # qq is a variable in a WeChat project
    assert [d["path"] for d in p["diagnostics"] if d["code"] == "ZZ008"] == ["pages/old/old"]  # not registered


def test_a_qq_devtools_project_with_a_miniprogram_root_is_one_qq_project(run, tmp_path) -> None:
    write_files(tmp_path, {
        "project.config.json": '{"qqappid": "1110000000", "miniprogramRoot": "miniprogram/"}',
        "miniprogram/app.json": '{"pages": ["pages/a/a"]}',
        "miniprogram/pages/a/a.wxml": "<button open-type='getPhoneNumber' bindgetphonenumber='x'/>",
        "miniprogram/pages/a/a.js": "Page({})\n",
    })
    _, report = run.report(tmp_path)
    p = only(report)  # not also a WeChat project at miniprogram/
    assert (p["platform"], p["root"]) == ("qq", ".")
    assert "phone_number" in feats(p)


def test_a_page_named_game_is_no_mini_game(run, tmp_path) -> None:
    """pages/game/game.json is the config of a page called game (its template beside it), not a
    mini-game project of its own."""
    write_files(tmp_path, {
        "app.json": '{"pages": ["pages/index/index", "pages/game/game"]}',
        "pages/index/index.js": "Page({})\n",
        "pages/game/game.json": '{"usingComponents": {}}',
        "pages/game/game.js": "Page({})\n",
        "pages/game/game.wxml": "<view>小游戏</view>\n",
    })
    _, report = run.report(tmp_path)
    assert [(p["root"], p["kind"]) for p in report["projects"]] == [(".", "miniprogram")]
    assert "game" not in feats(report["projects"][0])


def test_alipay_member_info_is_user_profile(run, tmp_path) -> None:
    write_files(tmp_path, {
        "app.json": '{"pages": ["pages/index/index"]}',
        "mini.project.json": '{"format": 2, "compileType": "mini"}',
        "pages/index/index.axml": "<view>我的</view>\n",
        "pages/index/index.js": (
            "Page({ onLoad() { my.getAuthCode({ scopes: ['auth_user'], success: () => {\n"
            "  my.getAuthUserInfo({ success: (info) => this.setData({ info }) }) } }) } })\n"),
    })
    _, report = run.report(tmp_path)
    p = report["projects"][0]
    assert p["platform"] == "alipay"
    assert ("pages/index/index.js", 2, "my.getAuthUserInfo") in places(p, "user_profile")


def test_wx_in_a_qq_project_brings_no_wechat_declaration(run, tmp_path) -> None:
    """QQ's runtime is WeChat's, ``wx`` included (QQ's own documentation names its APIs wx.login …):
    wx.getLocation in a QQ project is QQ's location call, read as the platform's; WeChat's
    declarations (ZZ301, requiredPrivateInfos) stay WeChat's, as they are for the same file in a
    WeChat project."""
    files = {
        "app.json": '{"pages": ["pages/a/a"]}',
        "pages/a/a.js": "wx.getLocation({ type: 'gcj02' })\n",
    }
    qq, wechat = tmp_path / "qq", tmp_path / "wechat"
    write_files(qq, {**files, "project.config.json": '{"qqappid": "1110000000", "compileType": "miniprogram"}',
                     "pages/a/a.qml": "<view/>"})
    write_files(wechat, {**files, "project.config.json": '{"appid": "wx0000000000000000"}',
                         "pages/a/a.wxml": "<view/>"})
    for root, platform, declared in ((qq, "qq", False), (wechat, "wechat", True)):
        _, report = run.report(root)
        p = only(report)
        assert p["platform"] == platform
        assert places(p, "location") == {("pages/a/a.js", 1, "wx.getLocation")}
        assert any(f["code"] == "ZZ301" for f in p["findings"]) is declared
