"""Audit of how Alipay, Douyin, Baidu and Kuaishou native mini-programs are read (branch audit30):
what their own documentation says a project writes, read as zizhi reads WeChat's. Fixtures are
written here from scratch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import diagnostics, feats, fence, write_files


def _report(run: Any, root: Path) -> dict[str, Any]:
    fence(root)
    _, report = run.report(root)
    return report


def _only(report: dict[str, Any]) -> dict[str, Any]:
    projects = report["projects"]
    assert len(projects) == 1, [(p["root"], p["platform"]) for p in projects]
    return projects[0]


# ---------------------------------------------------------------- project files naming the app's folder


def _app(base: str, template_ext: str, api: str) -> dict[str, str]:
    """An app.json-family app under ``base``: a registered page paying with ``api``, and a page on disk
    that app.json does not register asking for the location (dead code: not counted)."""
    obj = api.split(".", 1)[0]
    return {
        f"{base}app.json": json.dumps({"pages": ["pages/index/index"]}),
        f"{base}app.js": "App({})\n",
        f"{base}pages/index/index{template_ext}": "<view>pay</view>\n",
        f"{base}pages/index/index.js": f"Page({{ pay() {{ {api}({{}}) }} }})\n",
        f"{base}pages/old/old{template_ext}": "<view>old</view>\n",
        f"{base}pages/old/old.js": f"Page({{ onLoad() {{ {obj}.getLocation({{}}) }} }})\n",
    }


def test_alipay_mini_project_json_names_the_app_folder(run, tmp_path: Path) -> None:
    """Alipay's mini.project.json ``miniprogramRoot``: "指定小程序源码的相对路径 (app.json文件所在目录)",
    default "./" (opendocs.alipay.com 项目配置; MorJS's Alipay plugin templates write "./miniprogram"). The
    app is read where it points: its registered pages count, its unregistered ones do not, and no
    "app.json not found" is said of the folder of mini.project.json."""
    root = tmp_path / "client-root"
    write_files(root, {"mini.project.json": '{"format": 2, "miniprogramRoot": "client/"}\n',
                       **_app("client/", ".axml", "my.tradePay")})
    report = _report(run, root)
    project = _only(report)
    assert project["platform"] == "alipay"
    assert feats(project) == {"payment"}
    assert not diagnostics(report, "ZZ004")
    # the default, and a file that does not name one: the app is beside mini.project.json
    for case, conf in {"dot": '{"miniprogramRoot": "./"}', "none": '{"format": 2}'}.items():
        root = tmp_path / case
        write_files(root, {"mini.project.json": conf, **_app("", ".axml", "my.tradePay")})
        report = _report(run, root)
        assert feats(_only(report)) == {"payment"}, case
        assert not diagnostics(report, "ZZ004"), case


def test_baidu_project_swan_json_names_the_app_folder(run, tmp_path: Path) -> None:
    """Baidu's project.swan.json ``smartProgramRoot``: "智能小程序源码的目录(需为相对路径)" (swan-docs,
    develop/devtools/editor_set.md). A build folder it names that the repository does not hold
    (``"smartProgramRoot": "dist"``, as the framework guides set it) reads the source folder (ZZ012)."""
    root = tmp_path / "src-root"
    write_files(root, {"project.swan.json": '{"appid": "123", "smartProgramRoot": "smartapp"}\n',
                       **_app("smartapp/", ".swan", "swan.requestPolymerPayment")})
    report = _report(run, root)
    project = _only(report)
    assert (project["platform"], feats(project)) == ("baidu", {"payment"})
    assert not diagnostics(report, "ZZ004")

    root = tmp_path / "built"
    write_files(root, {"project.swan.json": '{"smartProgramRoot": "dist"}\n',
                       **_app("src/", ".swan", "swan.requestPolymerPayment")})
    report = _report(run, root)
    assert feats(_only(report)) == {"payment"}
    assert any("'dist'" in d["message"] for d in diagnostics(report, "ZZ012"))


def test_a_missing_app_json_names_the_project_file_that_points_there(run, tmp_path: Path) -> None:
    root = tmp_path / "gone"
    write_files(root, {"mini.project.json": '{"miniprogramRoot": "app"}\n', "app/pages/a/a.axml": "<view/>\n"})
    report = _report(run, root)
    messages = [d["message"] for d in diagnostics(report, "ZZ004")]
    assert messages and all("mini.project.json points here" in m for m in messages), messages
    from zizhi.report.i18n import translate_diagnostic

    assert translate_diagnostic("ZZ004", messages[0]) == "找不到 app/app.json（mini.project.json 指向此处）"


def test_kuaishou_project_config_json_by_its_appid(run, tmp_path: Path) -> None:
    """Kuaishou's devtools read project.config.json (Taro's kwai plugin writes it from project.ks.json or
    project.kwai.json: "内容请参考快手小程序的 project.config.json 配置"), whose appid starts with ``ks``; its
    ``miniprogramRoot`` names the app's folder. A Kuaishou project, not a WeChat one."""
    root = tmp_path / "ks"
    write_files(root, {"project.config.json": json.dumps({"appid": "ks671601305817766425",
                                                          "miniprogramRoot": "miniprogram/"}),
                       **_app("miniprogram/", ".ksml", "ks.pay")})
    report = _report(run, root)
    project = _only(report)
    assert (project["platform"], feats(project)) == ("kuaishou", {"payment"})
    # the appid says whose project it is, whatever templates a port from WeChat left beside its own
    root = tmp_path / "ported"
    write_files(root, {"project.config.json": json.dumps({"appid": "ks671601305817766425"}),
                       **_app("", ".ksml", "ks.pay"), "pages/index/index.wxml": "<view>left over</view>\n"})
    project = _only(_report(run, root))
    assert (project["platform"], feats(project)) == ("kuaishou", {"payment"})
    # not: a WeChat appid beside .wxml templates stays WeChat's
    root = tmp_path / "wx"
    write_files(root, {"project.config.json": json.dumps({"appid": "wx0123456789abcdef"}),
                       **_app("", ".wxml", "wx.requestPayment")})
    assert _only(_report(run, root))["platform"] == "wechat"


# ---------------------------------------------------------------- Alipay: authorization buttons, on… handlers


def _alipay_page(axml: str) -> dict[str, str]:
    return {"mini.project.json": '{"format": 2}\n', "app.json": '{"pages": ["pages/index/index"]}\n',
            "app.js": "App({})\n", "pages/index/index.axml": axml, "pages/index/index.js": "Page({})\n"}


def test_alipay_member_info_button_is_the_users_profile(run, tmp_path: Path) -> None:
    """Alipay's 获取会员基础信息: the user taps ``<button open-type="getAuthorize" scope="userInfo">``
    (both 固定值), then my.getOpenUserInfo returns the avatar and nickname. ``scope="phoneNumber"`` is the
    phone number's button; getAuthorize without a scope, or another scope, is neither."""
    cases = {
        "profile": ('<button open-type="getAuthorize" scope="userInfo" onGetAuthorize="onAuth" '
                    'onError="onAuthError">会员基础信息授权</button>', {"user_profile"}),
        "bound": ("""<button open-type="getAuthorize" scope="{{loading ? '' : 'userInfo'}}">登录</button>""",
                  {"user_profile"}),
        "phone": ("<button open-type='getAuthorize' scope='phoneNumber' onGetAuthorize='onPhone'>授权</button>",
                  {"phone_number"}),
        "no-scope": ('<button open-type="getAuthorize" onGetAuthorize="onAuth">授权</button>', set()),
        "other-tag": ('<view open-type="getAuthorize" scope="userInfo">x</view>', set()),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, _alipay_page(f"<view>{tag}</view>\n"))
        project = _only(_report(run, tmp_path / case))
        assert feats(project) & {"user_profile", "phone_number"} == found, case


def test_alipay_on_handlers_name_the_field(run, tmp_path: Path) -> None:
    """Alipay binds events with ``on…`` (its input demo: ``<input onInput="bindKeyInput">``; antd-mini's
    Input fires ``onChange``), where WeChat writes ``bindinput``: a field handled by a name holding phone
    or mobile asks for the phone number, one holding nickname for the profile, as WeChat's do."""
    cases = {
        "phone-input": ('<input type="number" onInput="onMobileInput" />', {"phone_number"}),
        "phone-blur": ('<input onBlur="checkPhone" maxlength="11" />', {"phone_number"}),
        "antd-change": ('<ant-input onChange="handlePhoneChange" />', {"phone_number"}),
        "nickname": ('<input onInput="onNicknameInput" />', {"user_profile"}),
        "name": ('<input onInput="onNameInput" />', set()),
        "tap": ('<button onTap="callPhone">拨打</button>', set()),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, _alipay_page(f"<view>{tag}</view>\n"))
        project = _only(_report(run, tmp_path / case))
        assert feats(project) & {"user_profile", "phone_number"} == found, case


# ---------------------------------------------------------------- location APIs of each platform


_PLATFORM_APPS = {
    "alipay": ("mini.project.json", '{"format": 2}', ".axml"),
    "douyin": ("project.config.json", '{"appid": "tt0123456789abcdef"}', ".ttml"),
    "baidu": ("project.swan.json", '{"appid": "123"}', ".swan"),
    "kuaishou": ("project.config.json", '{"appid": "ks671601305817766425"}', ".ksml"),
}


def _platform_page(platform: str, js: str, template: str = "<view>x</view>\n") -> dict[str, str]:
    conf, text, ext = _PLATFORM_APPS[platform]
    return {conf: text, "app.json": '{"pages": ["pages/index/index"]}\n', "app.js": "App({})\n",
            f"pages/index/index{ext}": template, "pages/index/index.js": f"Page({{ go() {{ {js} }} }})\n"}


def test_each_platforms_location_apis(run, tmp_path: Path) -> None:
    """Douyin's JS API 地理位置 lists tt.startLocationUpdate and tt.onLocationChange (base library 2.48.0)
    beside tt.getLocation: location, as wx.startLocationUpdate is. The map's context
    (my./tt./swan.createMapContext) and a shipping address (Alipay's my.getAddress, tt.chooseAddress,
    swan.chooseAddress, Baidu's <button open-type="chooseAddress">) support it as WeChat's do: two
    different ones are location, one alone is not, and the address button is the address API's twin
    (one supporting sign, not two)."""
    button = '<button open-type="chooseAddress" bindchooseAddress="onAddress">地址</button>\n'
    cases = {
        "tt-update": ("douyin", "tt.startLocationUpdate({ success() {} })", None, True),
        "tt-change": ("douyin", "tt.onLocationChange((res) => this.setData(res))", None, True),
        "my-map-alone": ("alipay", "this.map = my.createMapContext('map')", None, False),
        "my-map-address": ("alipay", "my.createMapContext('map'); my.getAddress({})", None, True),
        "tt-map-address": ("douyin", "tt.createMapContext('map'); tt.chooseAddress({})", None, True),
        "swan-address-alone": ("baidu", "swan.chooseAddress({})", None, False),
        "swan-address-twice": ("baidu", "swan.chooseAddress({})", button, False),
        "swan-button-map": ("baidu", "swan.createMapContext('map')", button, True),
        "swan-other-button": ("baidu", "swan.createMapContext('map')",
                              '<button open-type="chooseInvoiceTitle">发票</button>\n', False),
    }
    for case, (platform, js, template, located) in cases.items():
        files = _platform_page(platform, js, template) if template else _platform_page(platform, js)
        write_files(tmp_path / case, files)
        project = _only(_report(run, tmp_path / case))
        assert project["platform"] == platform, case
        assert ("location" in feats(project)) is located, case


# ---------------------------------------------------------------- Baidu: dynamic libraries' comments, speech


def _baidu_app(**pages: str) -> dict[str, str]:
    """A Baidu app declaring the swan-interaction dynamic library, with pages given by their JSON."""
    names = [f"pages/{n}/{n}" for n in pages if not n.startswith("old")]
    files = {"project.swan.json": '{"appid": "123"}\n', "app.js": "App({})\n",
             "app.json": json.dumps({"pages": names or ["pages/index/index"],
                                     "dynamicLib": {"myDynamicLib": {"provider": "swan-interaction"}}})}
    for n, page_json in pages.items():
        files[f"pages/{n}/{n}.json"] = page_json
        files[f"pages/{n}/{n}.swan"] = "<view><comment-list comment-param=\"{{commentParam}}\"></comment-list></view>\n"
        files[f"pages/{n}/{n}.js"] = "Page({ data: { commentParam: {} } })\n"
    return files


def test_baidu_comment_components_of_its_dynamic_library(run, tmp_path: Path) -> None:
    """Baidu's one-stop interaction (评论发布器、评论列表及详情): app.json ``dynamicLib`` with the provider
    swan-interaction, and a page declaring ``"comment-list": "dynamicLib://<alias>/comment-list"`` under
    ``usingSwanComponents`` (its docs) or ``usingComponents`` (the dynamic library guide). An app's own
    component of that name, or the declaration on a page app.json does not register, is no comment."""
    swan = '{"usingSwanComponents": {"comment-list": "dynamicLib://myDynamicLib/comment-list"}}'
    cases = {
        "swan-components": (_baidu_app(article=swan), True),
        "components": (_baidu_app(detail='{"usingComponents": {"comment-detail": '
                                         '"dynamicLib://interaction/comment-detail"}}'), True),
        "own-component": (_baidu_app(article='{"usingComponents": {"comment-list": "/components/list/list"}}'),
                          False),
        "dead-page": (_baidu_app(index="{}", oldpage=swan), False),
    }
    for case, (files, commented) in cases.items():
        write_files(tmp_path / case, files)
        project = _only(_report(run, tmp_path / case))
        assert ("ugc_comment" in feats(project)) is commented, case


def test_baidu_voice_recognizer_records(run, tmp_path: Path) -> None:
    """swan.ai.getVoiceRecognizer: 获取全局唯一的语音识别器, whose start listens (自动听音): it records
    the user's voice, as WeChat's speech plugin's voice input does."""
    write_files(tmp_path / "voice", _platform_page(
        "baidu", "const r = swan.ai.getVoiceRecognizer(); r.onRecognize(res => {}); r.start({ mode: 'dnn' })"))
    assert "voice_recording" in feats(_only(_report(run, tmp_path / "voice")))
    write_files(tmp_path / "text", _platform_page("baidu", "swan.ai.textReview({ content: '' })"))
    assert "voice_recording" not in feats(_only(_report(run, tmp_path / "text")))


# ---------------------------------------------------------------- Douyin: the trade system's pay-button


def test_douyin_pay_button_declared_by_a_page(run, tmp_path: Path) -> None:
    """Douyin's 交易系统 pay-button, declared in the page's JSON as its docs require (行业 SDK:
    ``"pay-button-sdk": "ext://industry/pay-button"``; 生服插件: ``"tta5a3d31e3aecfb9b11://pay-button"``),
    is the user paying through Douyin's trade templates: payment. An app's own pay-button component is not."""
    cases = {
        "industry-sdk": ('{"usingComponents": {"pay-button-sdk": "ext://industry/pay-button"}}', True),
        "life-plugin": ('{"usingComponents": {"pay-button-sdk": "tta5a3d31e3aecfb9b11://pay-button"}}', True),
        "own": ('{"usingComponents": {"pay-button": "/components/pay-button/index"}}', False),
    }
    template = '<pay-button-sdk mode="{{2}}" goods-type="{{1}}" goods-id="{{goodsId}}" bind:pay="onPay" />\n'
    for case, (page_json, paid) in cases.items():
        files = _platform_page("douyin", "this.setData({ goodsId: '1' })", template)
        files["pages/index/index.json"] = page_json
        write_files(tmp_path / case, files)
        project = _only(_report(run, tmp_path / case))
        assert ("payment" in feats(project)) is paid, case


def test_baidu_native_publishers(run, tmp_path: Path) -> None:
    """Baidu's own publishers (swan-docs api/open): swan.openCommunityEditor, 调起原生全屏内容发布器
    (title, text, pictures; 发布帖子), is the post composer: ugc_post; swan.openReplyEditor, 调起半屏内容发布器
    (发表), is the reply composer: ugc_comment. Its share menu (swan.openShare) is neither."""
    cases = {
        "community": ("swan.openCommunityEditor({ success: res => this.save(res.title, res.content) })",
                      {"ugc_post"}),
        "reply": ("swan.openReplyEditor({ success: res => this.reply(res.content) })", {"ugc_comment"}),
        "share": ("swan.openShare({ title: 'x' })", set()),
    }
    for case, (js, found) in cases.items():
        write_files(tmp_path / case, _platform_page("baidu", js))
        project = _only(_report(run, tmp_path / case))
        assert feats(project) & {"ugc_post", "ugc_comment"} == found, case


def test_baidu_inline_payment_panel(run, tmp_path: Path) -> None:
    """Baidu's <inline-payment-panel> (内嵌支付组件: the 百度收银台's channels for an order's total-amount,
    deal-id and app-key) is a payment page; a page without it is not."""
    panel = ('<inline-payment-panel total-amount="{{totalAmount}}" deal-id="{{dealId}}" app-key="{{appKey}}" '
             'bindgetpaymentinfo="onPaymentInfo"></inline-payment-panel>\n')
    for case, template, paid in (("panel", panel, True), ("none", "<view>付款</view>\n", False)):
        write_files(tmp_path / case, _platform_page("baidu", "this.setData({ totalAmount: '100' })", template))
        assert ("payment" in feats(_only(_report(run, tmp_path / case)))) is paid, case


def test_rtc_room_with_its_camera_off_is_a_voice_room(run, tmp_path: Path) -> None:
    """Baidu's rtc-room (实时音视频通话房间) opens the camera unless ``enable-camera`` is off (default true):
    with it bound to false, the room is a voice room (rtc_voice), as live-pusher in RTC mode without its
    camera is; bound to data, or absent (Douyin's rtc-room), a video room."""
    cases = {
        "voice": ('<rtc-room id="r" enable-camera="{{false}}"></rtc-room>', "rtc_voice"),
        "video": ('<rtc-room id="r"></rtc-room>', "rtc_video"),
        "bound": ('<rtc-room id="r" enable-camera="{{cameraOn}}"></rtc-room>', "rtc_video"),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, _platform_page("baidu", "this.setData({})", tag + "\n"))
        assert feats(_only(_report(run, tmp_path / case))) & {"rtc_voice", "rtc_video"} == {found}, case
