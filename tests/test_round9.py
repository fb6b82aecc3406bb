"""Detection round 9: a payment call that buys only virtual goods is the virtual payment (ZZ015)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    FIXTURES,
    TARO_APP,
    app_json,
    copy_fixture,
    diagnostics,
    evidence_places,
    features,
    make_project,
    obligations,
    write_files,
)
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi.report.i18n import translate_diagnostic


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def test_a_payment_that_buys_a_membership_only_is_the_virtual_payment(engine) -> None:
    report = scan(engine, FIXTURES / "virtual-goods")
    assert {"payment", "virtual_payment"} & features(report) == {"virtual_payment"}
    # the payment call is the virtual payment's evidence now, and a note says what was read so
    assert ("pages/vip/open.js", 9) in evidence_places(report, "virtual_payment")
    [note] = diagnostics(report, "ZZ015")
    assert note["severity"] == "note" and (note["path"], note["line"]) == ("pages/vip/open.js", 9)
    assert note["message"].startswith("payment is reported as virtual_payment: what the project sells is "
                                      "virtual_payment (endpoint https://api.example.com/v")
    assert "ICP_B25" in obligations(report)


def test_goods_a_cart_or_a_shipping_address_keep_the_payment(engine) -> None:
    report = scan(engine, FIXTURES / "virtual-goods-shop")
    assert {"payment", "virtual_payment"} <= features(report)
    assert not diagnostics(report, "ZZ015")


@pytest.mark.parametrize("files", [
    {"pages/index/index.wxml": "<view>剩余次数</view>\n<view>门店自提</view>\n"},  # the UI's own words
    {"pages/index/index.js": "Page({ load() { wx.request({ url: 'https://api.example.com/v1/booking/list' }) } })\n"},
], ids=["text", "endpoint"])
def test_any_goods_word_of_the_app_keeps_the_payment(engine, tmp_path: Path, files: dict[str, str]) -> None:
    root = copy_fixture("virtual-goods", tmp_path)
    write_files(root, files)
    assert {"payment", "virtual_payment"} <= features(scan(engine, root))


def test_goods_words_of_a_vendored_bundle_or_a_server_do_not_keep_it(engine, tmp_path: Path) -> None:
    # a copied library's strings and a server's (WeChat's virtual-payment callbacks "deliver goods")
    # say nothing of what the app sells
    root = copy_fixture("virtual-goods", tmp_path)
    write_files(root, {
        "pages/index/index.js": "import ui from '../../lib/ui.min.js'\n"
                                "Page({ data: { credits: 0 }, goVip() { ui.go('/pages/vip/open') } })\n",
        "lib/ui.min.js": "export default {go(u){wx.navigateTo({url:u})},cart:'购物车',ship:'配送'}\n",
        "server/app.py": "from flask import Flask\napp = Flask(__name__)\n\n"
                         "@app.post('/xpay/notify_provide_goods')\ndef provide_goods():\n    return 'ok'\n",
    })
    report = scan(engine, root)
    assert {"payment", "virtual_payment"} & features(report) == {"virtual_payment"}


def test_without_the_virtual_payment_a_payment_stays_a_payment(engine, tmp_path: Path) -> None:
    # a payment call on a page that names nothing it buys: real money, for all zizhi can tell
    root = make_project(tmp_path / "app", {
        "app.json": app_json("pages/pay/pay"),
        "pages/pay/pay.js": "Page({ pay(o) { wx.requestPayment(o) } })\n",
    })
    report = scan(engine, root)
    assert "payment" in features(report) and "virtual_payment" not in features(report)
    assert not diagnostics(report, "ZZ015")


def test_the_note_reads_in_chinese() -> None:
    message = ("payment is reported as virtual_payment: what the project sells is virtual_payment (api "
               "wx.requestPayment in a unit named vip (pages/vip/open.js)), and nothing shows that it sells "
               "anything else (none of sem.payment.goods., loc.chooseAddress, sem.multi_merchant.)")
    zh = translate_diagnostic("ZZ015", message)
    assert zh is not None and zh.startswith("payment 按 virtual_payment 报告：项目出售的是 virtual_payment（api")


TARO = TARO_APP  # (the shared one-page Taro project)


def test_an_api_imported_by_name_from_taro_is_the_platform_api(engine, tmp_path: Path) -> None:
    # Taro's documented module exports each API: import { getUserProfile } from '@tarojs/taro'
    root = tmp_path / "taro"
    write_files(root, {**TARO, "src/pages/index/index.tsx": (
        "import { View, Button } from '@tarojs/components'\n"
        "import { getUserProfile, chooseLocation as pick } from '@tarojs/taro'\n\n"
        "export default function Index() {\n"
        "  const login = async () => { await getUserProfile({ desc: '完善资料' }) }\n"
        "  return <View><Button onClick={login}>登录</Button><Button onClick={() => pick({})}>选点</Button></View>\n"
        "}\n")})
    (root / ".git").mkdir()
    report = scan(engine, root)
    assert evidence_places(report, "user_profile") == {("src/pages/index/index.tsx", 2)}
    assert ("src/pages/index/index.tsx", 2) in evidence_places(report, "location")


def test_type_only_imports_from_taro_are_no_api(engine, tmp_path: Path) -> None:
    # TypeScript's `import type { … }` and `{ type X }` bring a type, never a call
    root = tmp_path / "taro"
    write_files(root, {**TARO, "src/pages/index/index.tsx": (
        "import type { requestPayment } from '@tarojs/taro'\n"
        "import Taro, { type getUserProfile, getLocation as here } from '@tarojs/taro'\n\n"
        "export default function Index() { Taro.showToast({ title: 'hi' }); here({}); return null }\n")})
    (root / ".git").mkdir()
    found = features(scan(engine, root))
    assert "payment" not in found and "user_profile" not in found


def test_names_imported_from_other_modules_are_not_platform_apis(engine, tmp_path: Path) -> None:
    # the same names from the app's own module, or Taro's components, are no API
    root = tmp_path / "taro"
    write_files(root, {**TARO,
                       "src/utils/wx.ts": "export function getUserProfile() { return {} }\n",
                       "src/pages/index/index.tsx": (
                           "import { View } from '@tarojs/components'\n"
                           "import { getUserProfile } from '../../utils/wx'\n\n"
                           "export default function Index() { getUserProfile(); return <View /> }\n")})
    (root / ".git").mkdir()
    assert "user_profile" not in features(scan(engine, root))


def test_a_confession_wall_posts_confessions(engine, tmp_path: Path) -> None:
    # 表白墙: a campus confession wall's confessions are its users' posts
    root = make_project(tmp_path / "wall", {
        "app.json": app_json("pages/write/write"),
        "pages/index/index.wxml": "<view>校园表白墙</view>\n",
        "pages/write/write.js": "Page({ send(d) { wx.request({ url: 'https://api.example.com/confession', "
                                "method: 'POST', data: d }) } })\n",
    })
    assert "ugc_post" in features(scan(engine, root))


def test_a_library_built_as_umd_is_vendored_wherever_it_sits(engine, tmp_path: Path) -> None:
    # a cloud-storage SDK copied into utils/ under its vendor's name: webpack's UMD wrapper says it is
    # a library's build, so its words (PostObject) and calls are not the app's
    umd = ("(function webpackUniversalModuleDefinition(root, factory) {\n"
           "  if (typeof exports === 'object') module.exports = factory(); else root['COS'] = factory()\n"
           "})(this, function () {\n"
           "  function postObject(o) { return wx.uploadFile({ url: o.url, name: 'cos:PostObject' }) }\n"
           "  return { postObject: postObject }\n"
           "})\n")
    root = make_project(tmp_path / "app", {
        "app.json": app_json("pages/work/work"),
        "utils/cos-wx-sdk.js": umd,
        "pages/work/work.js": "const COS = require('../../utils/cos-wx-sdk.js')\n"
                              "Page({ up() { wx.chooseMedia({ success(r) {\n"
                              "  COS.postObject({ url: r.tempFiles[0] }) } }) } })\n",
    })
    report = scan(engine, root)
    assert "ugc_post" not in features(report)
    [note] = diagnostics(report, "ZZ013")
    assert "utils/cos-wx-sdk.js" in note["message"] and "a UMD build" in note["message"]
    # the same code written by the app itself (no wrapper) is its own
    own = make_project(tmp_path / "own", {
        "app.json": app_json("pages/work/work"),
        "utils/cos.js": "export function postObject(o) { return wx.uploadFile({ url: o.url, name: 'file' }) }\n",
        "pages/work/work.js": "import { postObject } from '../../utils/cos.js'\n"
                              "Page({ up(u) { postObject({ url: u }) } })\n",
    })
    assert not diagnostics(scan(engine, own), "ZZ013")


def test_a_comment_posted_is_a_comment_not_a_community_post(engine, tmp_path: Path) -> None:
    # a shop's review page: POST /comment/post from pages/commentPost, with a text box and photos
    root = make_project(tmp_path / "shop", {
        "app.json": app_json("pages/commentPost/commentPost"),
        "config/api.js": "module.exports = { CommentPost: 'https://api.example.com/api/comment/post' }\n",
        "pages/commentPost/commentPost.js": "const api = require('../../config/api.js')\n"
                                            "Page({ submit(d) { wx.request({ url: api.CommentPost, method: 'POST', "
                                            "data: d }) }, pick() { wx.chooseImage({}) } })\n",
        "pages/commentPost/commentPost.wxml": "<textarea placeholder=\"写评论\" />\n",
    })
    found = features(scan(engine, root))
    assert "ugc_post" not in found and "ugc_comment" in found


def test_a_payment_on_a_recharge_page_buys_what_the_app_spends(engine, tmp_path: Path) -> None:
    # a novel reader's recharge page: coins to unlock chapters, bought with the platform's payment
    files = {
        "app.json": app_json("pages/recharge/recharge"),
        "pages/recharge/recharge.js": "Page({ buy(o) { wx.requestPayment(o) } })\n",
        "pages/recharge/recharge.wxml": "<view>充值</view>\n",
    }
    report = scan(engine, make_project(tmp_path / "reader", files))
    assert {"payment", "virtual_payment"} & features(report) == {"virtual_payment"}
    # a canteen's stored balance beside its takeaway orders: the payment stays, the balance is read
    # as the virtual payment it also is
    shop = dict(files, **{"pages/index/index.wxml": "<view>外卖配送</view>\n"})
    assert {"payment", "virtual_payment"} <= features(scan(engine, make_project(tmp_path / "canteen", shop)))
