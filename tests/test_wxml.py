"""WXML templates: components and their attributes, and commented-out markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, evidence_places, feature, features, make_project, obligations, places, write_files

WXML = "pages/index/index.wxml"


@pytest.fixture
def components(run):
    _, report = run.report(FIXTURES / "wxml-components")
    return report


def test_components_fixture_features(components) -> None:
    assert features(components) == {
        "ads", "live_streaming", "rtc_video", "phone_number", "user_profile", "video_playback",
    }


@pytest.mark.parametrize(
    ("feature_id", "signal", "tag", "line"),
    [
        ("live_streaming", "live.player", "live-player", 2),
        ("rtc_video", "rtc.voip_room", "voip-room", 3),
        ("phone_number", "phone.button", "button", 4),
        ("user_profile", "profile.avatar_button", "button", 5),
        ("user_profile", "profile.nickname_input", "input", 6),
        ("video_playback", "video.component", "video", 7),
        ("ads", "ads.component", "ad", 8),
    ],
)
def test_component_evidence(components, feature_id, signal, tag, line) -> None:
    ev = [e for e in feature(components, feature_id)["evidence"] if e["signal"] == signal]
    assert len(ev) == 1, feature(components, feature_id)["evidence"]
    assert (ev[0]["kind"], ev[0]["name"], ev[0]["path"], ev[0]["line"], ev[0]["column"]) == (
        "component", tag, WXML, line, 3)
    assert ev[0]["strength"] == "strong"


def test_plain_buttons_and_inputs_are_not_signals(components) -> None:
    # The page also has no <button> without open-type; the two profile signals are the avatar
    # button and the nickname input, nothing else.
    assert evidence_places(components, "user_profile") == {(WXML, 5), (WXML, 6)}
    assert evidence_places(components, "phone_number") == {(WXML, 4)}


def test_live_pusher_in_rtc_mode_is_rtc_video_not_live_streaming(run) -> None:
    _, report = run.report(FIXTURES / "wxml-rtc-pusher")
    assert features(report) == {"rtc_video"}
    assert feature(report, "rtc_video")["evidence"][0]["signal"] == "rtc.pusher_rtc"
    assert evidence_places(report, "rtc_video") == {(WXML, 2)}
    obs = obligations(report)
    assert "MPC_B22" in obs
    assert "category:wechat:社交-直播" not in obs and "AVSP" not in obs


def test_live_pusher_without_mode_is_live_streaming(run) -> None:
    _, report = run.report(FIXTURES / "wxml-live-pusher")
    assert features(report) == {"live_streaming"}
    assert feature(report, "live_streaming")["evidence"][0]["signal"] == "live.pusher"
    assert evidence_places(report, "live_streaming") == {(WXML, 2)}
    obs = obligations(report)
    assert {"AVSP", "CULTURE", "category:wechat:社交-直播"} <= set(obs)
    assert "MPC_B22" not in obs


@pytest.mark.parametrize("mode", ["RTC", "rtc", " RTC "])
def test_rtc_mode_value_is_case_and_space_insensitive(run, tmp_path: Path, mode: str) -> None:
    root = make_project(tmp_path / "p", {WXML: f'<live-pusher mode="{mode}" url="x" />\n'})
    _, report = run.report(root)
    assert features(report) == {"rtc_video"}


def test_live_player_in_rtc_mode_alone_is_not_enough(run, tmp_path: Path) -> None:
    # rtc.player_rtc is only a supporting signal; one supporting signal never makes a feature.
    root = make_project(tmp_path / "p", {WXML: '<live-player mode="RTC" src="x" />\n'})
    _, report = run.report(root)
    assert features(report) == set()


def test_commented_out_ad_is_not_a_signal(run) -> None:
    _, report = run.report(FIXTURES / "wxml-commented-ad")
    assert "ads" not in features(report)
    assert features(report) == set()
    assert "ICP_B25" not in obligations(report)


def test_ad_outside_comment_still_counts(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        WXML: '<!-- <ad unit-id="x"/> -->\n<view>\n  <ad unit-id="adunit-1" />\n</view>\n',
    })
    _, report = run.report(root)
    assert evidence_places(report, "ads") == {(WXML, 3)}


def test_broken_markup_does_not_stop_the_scan(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {WXML: '<view><text>{{a < b}}</text>\n<ad unit-id="x"\n<view>\n'})
    code, report = run.report(root)
    assert code in (0, 1)
    assert "ads" in features(report)


def test_button_without_open_type_is_nothing(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {WXML: '<button bindtap="go">go</button>\n<input type="text" />\n'})
    _, report = run.report(root)
    assert features(report) == set()


@pytest.mark.parametrize(
    "markup",
    [
        '<input type="number" placeholder="请输入手机号" />',
        '<van-field label="手机号码" type="number" />',
        '<input placeholder="请输入电话号码" />',
        '<input placeholder="招聘人联系电话" maxlength="11" />',
        '<input type="number" value="{{info.mobile}}" bindinput="mobileInput" />',  # bound to the user's mobile
        '<uni-easyinput v-model="formData.phoneNumber" placeholder="请输入" />',  # uni-ui's field
        '<input type="number" name="phone" data-id="user.phone" />',  # a form field named phone
        "<input type='text' placeholder='{{tip}}' bindchange='setPhonenumber' />",  # its handler saves the phone
    ],
)
def test_typed_phone_field_is_phone_number(run, tmp_path: Path, markup: str) -> None:
    root = make_project(tmp_path / "p", {WXML: markup + "\n"})
    _, report = run.report(root)
    assert features(report) == {"phone_number"}


def test_other_text_fields_are_not_phone_number(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {WXML: '<input placeholder="搜索商品" />\n<van-field label="姓名" />\n'
                                             '<input value="{{keyword}}" />\n<view>联系电话：400-000-0000</view>\n'})
    _, report = run.report(root)
    assert features(report) == set()


def test_nickname_field_is_user_profile(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {WXML: '<input value="{{user.nickname}}" bindinput="saveNickname" />\n'})
    _, report = run.report(root)
    assert features(report) == {"user_profile"}


def test_an_rtc_pusher_with_its_camera_off_is_voice(run, tmp_path) -> None:
    write_files(tmp_path, {
        "app.json": '{"pages": ["pages/room/room", "pages/call/call"]}',
        "pages/room/room.js": "Page({})\n",
        "pages/room/room.wxml": '<live-pusher mode="RTC" enable-camera="{{ false }}" url="{{u}}" />\n',
        "pages/call/call.js": "Page({})\n",
        "pages/call/call.wxml": '<live-pusher mode="{{\'RTC\'}}" enable-camera="{{camera}}" url="{{u}}" />\n',
    })
    _, report = run.report(tmp_path)
    p = report["projects"][0]
    assert places(p, "rtc_voice") == {("pages/room/room.wxml", 1, "live-pusher")}
    assert places(p, "rtc_video") == {("pages/call/call.wxml", 1, "live-pusher")}  # a bound camera: maybe on
