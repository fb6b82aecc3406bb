"""Detection round 20: what the held-out sets newcorpus36-38 showed (finance and travel, public life,
platforms other than WeChat)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import features as feature_ids
from conftest import make_project as mini_program
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _helper_project(root: Path, page_js: str, helper: str) -> Path:
    return mini_program(root, {
        "app.json": '{"pages": ["pages/index/index"]}',
        "pages/index/index.wxml": "<button bindtap=\"go\">go</button>\n",
        "pages/index/index.js": page_js,
        "utils/index.js": helper,
    })


WRAPPERS = ("export const showToast = (t) => wx.showToast({ title: t })\n"
            "export const getLocation = () => new Promise((resolve) => {\n"
            "  wx.getLocation({ type: 'gcj02', success: resolve })\n})\n"
            "export const requestPayment = (data) => new Promise((resolve, reject) => {\n"
            "  wx.requestPayment({ ...data, success: (res) => {\n"
            "    if (res.errMsg === 'requestPayment:ok') resolve(res); else reject(res)\n  } })\n})\n")


def test_a_wrapper_named_like_the_api_it_calls_and_never_called_counts_for_nothing(engine, tmp_path: Path) -> None:
    """A template's utils module wraps wx.getLocation and wx.requestPayment in functions of the same names;
    the pages use only its toast. The API's own name (and its 'requestPayment:ok' result) is not the module
    calling its wrapper: neither feature is counted."""
    page = "import { showToast } from '../../utils/index'\nPage({ go() { showToast('hi') } })\n"
    found = feature_ids(scan(engine, _helper_project(tmp_path / "p", page, WRAPPERS)))
    assert "payment" not in found and "location" not in found, found


@pytest.mark.parametrize("page, helper", [
    # a page calls the wrapper
    ("import { requestPayment } from '../../utils/index'\nPage({ go() { requestPayment({}) } })\n", WRAPPERS),
    # the module calls its own wrapper from the function the page uses
    ("import { buy } from '../../utils/index'\nPage({ go() { buy() } })\n",
     WRAPPERS + "export function buy() {\n  return requestPayment({})\n}\n"),
])
def test_a_wrapper_named_like_the_api_it_calls_counts_once_called(engine, tmp_path: Path, page: str,
                                                                   helper: str) -> None:
    assert "payment" in feature_ids(scan(engine, _helper_project(tmp_path / "p", page, helper)))


def test_a_function_called_only_from_a_module_nothing_imports_counts_for_nothing(engine, tmp_path: Path) -> None:
    """The payment helper's only caller is a module no reachable code imports (a panel copied with the
    template): dead code calling a function does not make it called. Once the page imports that module,
    the helper counts."""
    helper = ("const Utils = {\n  toast(t) { wx.showToast({ title: t }) },\n"
              "  wxPay(o) { wx.requestPayment(o) },\n}\nexport default Utils\n")
    panel = "import Utils from './index'\nexport function payOrder(o) {\n  Utils.wxPay(o)\n}\n"
    page = "import Utils from '../../utils/index'\nPage({ go() { Utils.toast('hi') } })\n"
    root = _helper_project(tmp_path / "dead", page, helper)
    (root / "utils/panel.js").write_text(panel, encoding="utf-8")
    assert "payment" not in feature_ids(scan(engine, root))
    page = "import '../../utils/panel'\n" + page
    root = _helper_project(tmp_path / "live", page, helper)
    (root / "utils/panel.js").write_text(panel, encoding="utf-8")
    assert "payment" in feature_ids(scan(engine, root))


def _composer(root: Path, page: str, wxml: str, js: str) -> Path:
    return mini_program(root, {
        "app.json": json.dumps({"pages": ["pages/index/index", page]}),
        "pages/index/index.wxml": "<view/>\n", "pages/index/index.js": "Page({})\n",
        f"{page}.wxml": wxml, f"{page}.js": js,
    })


LIBRARY_COMPOSER = ('<t-textarea placeholder="分享你的旅行故事" value="{{content}}" />\n'
                    '<t-upload files="{{files}}" bind:add="onAdd" />\n<button bindtap="submit">提交</button>\n')
SAVE = ("Page({\n  submit() {\n    wx.request({ url: 'https://x.example/api/notes', method: 'POST',\n"
        "      data: { content: this.data.content } })\n  }\n})\n")


def test_a_composer_of_a_ui_librarys_text_box_and_uploader_is_a_post(engine, tmp_path: Path) -> None:
    """TDesign's t-textarea and t-upload (uView's u--textarea and u-upload, vant's van-uploader …) are the
    platform's textarea and chooseImage: on a page named to publish, a composer whose post is saved."""
    root = _composer(tmp_path / "p", "pages/release/index", LIBRARY_COMPOSER, SAVE)
    assert "ugc_post" in feature_ids(scan(engine, root))


def test_a_repair_requests_photos_and_description_are_not_a_post(engine, tmp_path: Path) -> None:
    """A repair request (报修) with a description and photos goes to the property manager, like feedback
    or a complaint: not a post others read."""
    wxml = ('<van-field type="textarea" value="{{desc}}" placeholder="请描述问题" />\n'
            '<van-uploader file-list="{{files}}" bind:after-read="afterRead" />\n'
            '<button bindtap="submit">提交</button>\n')
    root = _composer(tmp_path / "p", "repair_pkg/pages/form/index", wxml, SAVE)
    assert "ugc_post" not in feature_ids(scan(engine, root))
    root = _composer(tmp_path / "q", "pages/publish/index", wxml, SAVE)  # the same composer, to publish
    assert "ugc_post" in feature_ids(scan(engine, root))


def test_an_app_scripts_method_nothing_calls_counts_for_nothing(engine, tmp_path: Path) -> None:
    """The app script is an entry, but the platform calls only its hooks (onLaunch …): a method of
    App({ … }) that no file names (getApp().getPermission()) is never called; its hooks still count,
    and once a page calls the method, it counts."""
    app = ("App({\n  onLaunch() {\n    wx.login({})\n  },\n  getPermission() {\n"
           "    wx.chooseLocation({})\n  },\n})\n")
    files = {"app.json": '{"pages": ["pages/index/index"]}', "app.js": app,
             "pages/index/index.wxml": "<view/>\n", "pages/index/index.js": "Page({})\n"}
    assert "location" not in feature_ids(scan(engine, mini_program(tmp_path / "p", files)))
    files["pages/index/index.js"] = "Page({ onShow() { getApp().getPermission() } })\n"
    assert "location" in feature_ids(scan(engine, mini_program(tmp_path / "q", files)))
    hook = app.replace("wx.login({})", "wx.getLocation({})")  # a hook's call counts: the platform runs it
    files["pages/index/index.js"] = "Page({})\n"
    files["app.js"] = hook
    assert "location" in feature_ids(scan(engine, mini_program(tmp_path / "r", files)))


def test_a_users_notification_settings_or_password_updated_are_no_profile(engine, tmp_path: Path) -> None:
    """user+update names a profile edit (updateUserInfo, /user/update) — not a user's push settings, password
    or status updated, even on a settings page beside the app's 个人资料 wording."""
    def project(root: Path, call: str) -> Path:
        return mini_program(root, {
            "app.json": json.dumps({"pages": ["pages/index/index", "pages/profile/settings"]}),
            "pages/index/index.js": "Page({})\n", "pages/index/index.wxml": "<view>个人资料</view>\n",
            "pages/profile/settings.wxml": "<switch bindchange=\"save\"/>\n",
            "pages/profile/settings.js": "import { " + call.split("(")[0] + " } from '../../api/user'\n"
                                         "Page({ save(e) { " + call + " } })\n",
            "api/user.js": "export const updateUserPushSettings = (d) => wx.request({ url: BASE + "
                           "'/users/settings/push', method: 'PUT', data: d })\n"
                           "export const updateUserPassword = (d) => wx.request({ url: BASE + "
                           "'/users/password', method: 'PUT', data: d })\n"
                           "export const updateUserInfo = (d) => wx.request({ url: BASE + "
                           "'/user/update', method: 'POST', data: d })\n",
        })
    for call in ("updateUserPushSettings(e.detail)", "updateUserPassword(e.detail)"):
        assert "user_profile" not in feature_ids(scan(engine, project(tmp_path / call[:12], call))), call
    assert "user_profile" in feature_ids(scan(engine, project(tmp_path / "info", "updateUserInfo(e.detail)")))
