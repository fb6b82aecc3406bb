"""One small project per detector: the smallest code that shows each feature, and what it implies."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import features, findings, make_project, obligations

JS = "pages/index/index.js"
WXML = "pages/index/index.wxml"
CLOUD = "cloudfunctions/pay/index.js"

CASES = {
    "ads": {JS: "Page({ onLoad() { wx.createInterstitialAd({ adUnitId: 'adunit-1' }) } })\n"},
    "payment": {JS: "Page({ pay() { wx.requestPayment({ package: 'prepay_id=1' }) } })\n"},
    "virtual_payment": {JS: "Page({ buy() { wx.requestVirtualPayment({ mode: 'short_series_coin' }) } })\n"},
    "live_streaming": {WXML: '<live-player src="rtmp://x" mode="live" />\n'},
    "rtc_voice": {JS: "Page({ join() { wx.joinVoIPChat({ roomType: 'voice', groupId: 'g' }) } })\n"},
    "rtc_video": {WXML: '<voip-room openid="{{id}}" mode="camera" />\n'},
    "voice_recording": {JS: "const rec = wx.getRecorderManager()\nPage({ start() { rec.start() } })\n"},
    "im_chat": {JS: "import TencentCloudChat from '@tencentcloud/chat'\nPage({})\n"},
    "location": {JS: "Page({ where() { wx.getFuzzyLocation({}) } })\n",
                 "app.json": '{"pages": ["pages/index/index"], "requiredPrivateInfos": ["getFuzzyLocation"]}'},
    "phone_number": {WXML: '<button open-type="getPhoneNumber" bindgetphonenumber="onPhone">绑定</button>\n'},
    "face_verify": {JS: "Page({ verify() { wx.requestFacialVerify({ verifyId: 'v' }) } })\n"},
    "video_playback": {WXML: '<video src="https://example.com/a.mp4" />\n'},
    "ai_llm": {JS: "Page({ ask() { wx.request({ url: 'https://api.deepseek.com/chat/completions' }) } })\n"},
    "user_profile": {WXML: '<input type="nickname" placeholder="昵称" />\n'},
    "ugc_comment": {WXML: '<textarea placeholder="写下你的评价" bindinput="onReview" />\n'},
    "cloud_functions": {JS: "Page({ go() { wx.cloud.callFunction({ name: 'x' }) } })\n"},
}


@pytest.mark.parametrize("feature_id", sorted(CASES))
def test_each_feature_from_its_smallest_project(run, tmp_path: Path, feature_id: str) -> None:
    root = make_project(tmp_path / "p", CASES[feature_id])
    _, report = run.report(root)
    assert feature_id in features(report)


def test_one_to_one_call_is_its_own_feature_and_region_dependent(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {JS: "Page({ call() { wx.join1v1Chat({ roomType: 'voice' }) } })\n"})
    _, report = run.report(root)
    assert "rtc_one_to_one" in features(report)
    b22 = obligations(report)["MPC_B22"]
    assert b22["level"] == "depends"
    assert any("region" in (r["condition"] or {}).get("en", "") for r in b22["because"])


def test_profit_sharing_in_a_cloud_function_is_a_marketplace_needing_edi(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        CLOUD: "const axios = require('axios')\n"
               "exports.main = () => axios.post('https://api.mch.weixin.qq.com/v3/profitsharing/orders', {})\n",
    })
    _, report = run.report(root)
    assert "multi_merchant" in features(report)
    edi = obligations(report)["EDI_B21"]
    assert edi["level"] == "likely" and edi["evidence"][0]["origin"] == "backend"
    assert [f["code"] for f in findings(report, "ZZ102")] == ["ZZ102"]


def test_moderation_in_a_cloud_function_satisfies_the_ugc_control(run, tmp_path: Path) -> None:
    post = {
        JS: "Page({ pick() { wx.chooseImage({}) }, up() { wx.uploadFile({ url: 'https://x/u' }) } })\n",
        WXML: "<textarea placeholder='说点什么' />\n",
    }
    root = make_project(tmp_path / "a", post)
    _, report = run.report(root)
    assert "ugc_post" in features(report) and findings(report, "ZZ401")
    check = "const cloud = require('wx-server-sdk')\nexports.main = (e) => cloud.openapi.security.msgSecCheck(e)\n"
    root = make_project(tmp_path / "b", {**post, "cloudfunctions/check/index.js": check})
    _, report = run.report(root)
    assert "content_security" in features(report) and not findings(report, "ZZ401")


def test_ugc_signals_scattered_over_pages_are_not_a_post_feed(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index", "pages/b/b"]}',
        JS: "Page({ pick() { wx.chooseImage({}) } })\n",
        "pages/b/b.js": "Page({ up() { wx.uploadFile({ url: 'https://x/u' }) } })\n",
        "pages/b/b.wxml": "<textarea />\n",
    })
    _, report = run.report(root)
    assert "ugc_post" not in features(report)


def test_unreadable_file_is_a_diagnostic_and_the_scan_goes_on(run, tmp_path: Path, monkeypatch) -> None:
    root = make_project(tmp_path / "p", {JS: "Page({ pay() { wx.requestPayment({}) } })\n",
                                         "pages/index/other.js": "wx.createInterstitialAd({})\n"})
    from zizhi import sources

    real = sources._read  # (how the extract stage reads a listed file's bytes)

    def flaky(path: Path) -> bytes:
        if path.name == "other.js":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(sources, "_read", flaky)
    _, report = run.report(root)
    assert "payment" in features(report)
    diags = [d for d in report["projects"][0]["diagnostics"] if d["code"] == "ZZ001"]
    assert diags and diags[0]["path"].endswith("other.js")
