"""Detection round 10: a second-hand market's listings are its users' posts; typed phone fields of
common UI libraries and pinyin names; Vant copied in is a library; a banner over the app's own module."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, evidence_places, feature, features, make_project, obligations
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi.model import Project
from zizhi.sources import vendored_reason


@pytest.fixture(scope="module")
def engine():
    return load_engine()


MARKET = {
    "app.json": app_json("pages/index/index", "pages/goods/publish"),
    "pages/index/index.wxml": "<view>校园二手市场</view>\n<view>闲置好物</view>\n",
    "pages/index/index.js": "Page({ onLoad() { wx.request({ url: 'https://api.example.com/goods/list' }) } })\n",
    "pages/goods/publish.wxml": "<textarea placeholder='描述一下宝贝' bindinput='desc'/>\n"
                                  "<view bindtap='pick'>添加图片</view>\n<view bindtap='submit'>发布</view>\n",
    "pages/goods/publish.js": "Page({\n"
                                "  pick() { wx.chooseMedia({ count: 9 }) },\n"
                                "  submit() {\n"
                                "    wx.request({ url: 'https://api.example.com/goods/publish', method: 'POST' })\n"
                                "  }\n})\n",
}


def test_a_second_hand_markets_listings_are_its_users_posts(engine, tmp_path: Path) -> None:
    report = scan(engine, make_project(tmp_path / "m", MARKET))
    assert {"multi_merchant", "ugc_post"} <= features(report)
    post = feature(report, "ugc_post")
    # the listing written and the market's own words agree, as for the multi-merchant trade
    assert post["because"].startswith("endpoint https://api.example.com/goods/publish (pages/goods/publish.js)")
    assert "text 二手 (pages/index/index.wxml)" in post["because"]
    assert "SECURITY_ASSESSMENT" in obligations(report)


def test_a_shop_creating_goods_without_second_hand_words_has_no_user_posts(engine, tmp_path: Path) -> None:
    # merchants who joined (入驻) list their goods: a multi-merchant trade, not users' posts
    files = dict(MARKET)
    files["pages/index/index.wxml"] = "<view>商家入驻</view>\n"
    report = scan(engine, make_project(tmp_path / "s", files))
    assert "multi_merchant" in features(report)
    assert "ugc_post" not in features(report)


@pytest.mark.parametrize("url", [
    "https://api.example.com/api/Product/CreateProductOrder",  # an order of a product
    "https://api.example.com/addOn/queryListByProduct",  # a query (add+on: no creation)
    "https://api.example.com/api/shop/addGoodsCollection.json",  # goods added to the favourites (收藏)
])
def test_an_orders_or_a_querys_product_is_no_listing(engine, tmp_path: Path, url: str) -> None:
    # (the page is named for nothing here: a page named after publishing goods that saves is a
    # listing whatever its endpoint says, semantic_saving_unit, below)
    files = {k.replace("pages/goods/publish", "pages/goods/form"): v for k, v in MARKET.items()}
    files["app.json"] = app_json("pages/index/index", "pages/goods/form")
    files["pages/goods/form.js"] = files["pages/goods/form.js"].replace("https://api.example.com/goods/publish", url)
    report = scan(engine, make_project(tmp_path / "o", files))
    assert not {"multi_merchant", "ugc_post"} & features(report)
    # the same page named to publish goods, saving the same way: the page says what it saves
    named = dict(MARKET)
    named["pages/goods/publish.js"] = named["pages/goods/publish.js"].replace(
        "https://api.example.com/goods/publish", url)
    report = scan(engine, make_project(tmp_path / "n", named))
    assert "multi_merchant" in features(report)
    assert feature(report, "multi_merchant")["because"].startswith(
        "identifier pages/goods/publish (pages/goods/publish.js)")


@pytest.mark.parametrize("field", [
    "<l-input id='phone' value='{{phone}}' bind:lininput='onInput'/>",  # Lin UI
    "<input name='dianhua' placeholder='{{hint}}'/>",  # pinyin
    "<i-input title='联系电话' value='{{tel}}'/>",  # iView Weapp, titled
    "<input placeholder='请输入电话'/>",
])
def test_a_typed_phone_field(engine, tmp_path: Path, field: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.wxml": f"<form bindsubmit='save'>{field}<button form-type='submit'>保存</button></form>\n",
        "pages/index/index.js": "Page({ save(e) { wx.request({ url: 'https://x.cn/u', data: e.detail.value }) } })\n",
    })
    assert ("pages/index/index.wxml", 1) in evidence_places(scan(engine, root), "phone_number")


@pytest.mark.parametrize("field", [
    "<input name='nickname' placeholder='请输入昵称'/>",
    "<view>客服电话：400-000-0000</view>",  # a number shown, not asked for
    "<l-input id='address' placeholder='收货地址'/>",
])
def test_no_typed_phone_field(engine, tmp_path: Path, field: str) -> None:
    root = make_project(tmp_path / "n", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.wxml": field + "\n",
    })
    assert "phone_number" not in features(scan(engine, root))


@pytest.mark.parametrize(("relpath", "reason"), [
    ("wxcomponents/vant/uploader/utils.js", "under a vant/ folder"),  # uni-app's folder of native components
    ("static/vant-weapp/field/index.wxml", "under a vant-weapp/ folder"),
    ("components/vant/uploader/index.js", "under a vant/ folder"),
    ("components/uploader/index.js", ""),  # the app's own uploader
])
def test_vant_copied_into_the_project_is_a_library(relpath: str, reason: str) -> None:
    # Vant Weapp's uploader picks videos and its field is a textarea for whatever page uses them
    project = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    kind = relpath.rsplit(".", 1)[1]
    assert vendored_reason(project, relpath, kind, "export function chooseFile() { return wx.chooseVideo({}) }\n") \
        == reason


def test_reads_of_a_resource_leave_room_for_its_write(engine, tmp_path: Path) -> None:
    # an API module's first three paths about messages read them; the fourth, a POST, sends one:
    # the per-word cap counts reads and writes apart, so the send is still evidence
    reads = "".join(f"export const r{i} = () => request({{ path: '/messages/{p}' }})\n"
                    for i, p in enumerate(["conversations", "unread-count", "history"]))
    root = make_project(tmp_path / "c", {
        "app.json": app_json("pages/index/index"),
        "utils/request.js": "export default (o) => new Promise((ok) => wx.request({ ...o, success: ok }))\n",
        "utils/messages.js": "import request from './request'\n" + reads +
                             "export function send(to, content) {\n"
                             "  return request({ method: 'POST', path: `/messages/${to}`, data: { content } })\n}\n",
        "pages/index/index.js": "import { send, r0 } from '../../utils/messages'\n"
                                "Page({ go() { r0(); send(1, 'x') } })\n",
        "pages/index/index.wxml": "<view bindtap='go'>私信</view>\n",
    })
    report = scan(engine, root)
    assert "im_chat" in features(report)
    assert ("utils/messages.js", 6) in evidence_places(report, "im_chat")


def _composer(page: str) -> dict[str, str]:
    return {
        "app.json": app_json(page),
        f"{page}.wxml": "<textarea placeholder='说点什么' bindinput='onText'/>\n<view bindtap='pick'>添加图片</view>\n",
        f"{page}.js": "Page({ pick() { wx.chooseImage({ count: 9 }) } })\n",
    }


@pytest.mark.parametrize("page", ["pages/publish/publish", "pages/release/index", "pages/fabu/fabu"])
def test_a_page_named_to_publish_is_a_composer_with_a_text_field_and_pictures(engine, tmp_path: Path,
                                                                             page: str) -> None:
    # a text field and a picture picker on a page named to publish: its name is the third signal
    report = scan(engine, make_project(tmp_path / "p", _composer(page)))
    post = feature(report, "ugc_post")
    assert post["confidence"] == "medium"
    assert post["because"].startswith(f"a composer in {page}, named ")
    assert {e["path"] for e in post["evidence"]} == {f"{page}.wxml", f"{page}.js"}


@pytest.mark.parametrize("page", [
    "pages/edit/edit",  # a name that does not say it publishes: two signals are not enough
    "pages/goods/publish",  # a merchant's editor of its goods
    "pages/comment/publish",  # a comment's composer
])
def test_other_pages_with_a_text_field_and_pictures_are_no_composer(engine, tmp_path: Path, page: str) -> None:
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "p", _composer(page))))


PROFILE_PAGE = "Page({ onLoad() { wx.getUserInfo({ success: (res) => this.save(res.userInfo) }) },\n  save(u) {\n"


@pytest.mark.parametrize("save", [
    "    wx.request({ url: 'https://x.cn/user', method: 'POST', data: { nickName: u.nickName } })\n",
    "    const opts = { url: 'user/wx_userinfo', method: 'POST', data: { avatar_url: u.avatarUrl } }\n"
    "    this.request(opts)\n",
    "    wx.cloud.callFunction({ name: 'updateUser', data: { nickname: u.nickName } })\n",
    "    api.post('people/update', { avatar: u.avatarUrl })\n",
    "    const nickname = u.nickName\n    http.put(`/users/${u.id}`, { nickname })\n",
])
def test_a_profile_sent_to_the_server_beside_getuserinfo(engine, tmp_path: Path, save: str) -> None:
    # wx.getUserInfo alone proves nothing since its recall (an anonymous 微信用户); the nickname or
    # avatar the page sends to its server is the second sign that the profile is collected
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": PROFILE_PAGE + save + "  }\n})\n",
    })
    report = scan(engine, root)
    assert {e["signal"] for e in feature(report, "user_profile")["evidence"]} == {
        "profile.request_field", "profile.wx_user_info_recalled"}


@pytest.mark.parametrize("save", [
    "    this.setData({ nickname: u.nickName })\n",  # shown on the page, not sent
    "    const user = { nickname: u.nickName }\n",  # an object nothing sends
    "    wx.request({ url: 'https://x.cn/user', data: { id: u.id } })\n",  # sent, but no profile field
])
def test_no_profile_field_without_a_request_sending_it(engine, tmp_path: Path, save: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": PROFILE_PAGE + save + "  }\n})\n",
    })
    assert "user_profile" not in features(scan(engine, root))


def test_a_profile_field_alone_is_not_enough(engine, tmp_path: Path) -> None:
    # a search by nickname sends one too: supporting only
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({ find(q) { wx.request({ url: 'https://x.cn/user/search', "
                                "data: { nickname: q } }) } })\n",
    })
    assert "user_profile" not in features(scan(engine, root))


def _socket_app(module: str, opener: str) -> dict[str, str]:
    return {
        "app.json": app_json("pages/index/index", module.rsplit(".", 1)[0]),
        module: f"Page({{ onLoad() {{ {opener} }} }})\n",
        "pages/index/index.js": "Page({})\n",
        "pages/index/index.wxml": "<view>私信</view>\n",
    }


@pytest.mark.parametrize("module", ["pages/talk/index.js", "pages/message/details.js", "utils/im.js"])
def test_a_socket_opened_by_a_module_named_after_talk_or_messages_is_a_chat(engine, tmp_path: Path,
                                                                          module: str) -> None:
    files = _socket_app(module, "wx.connectSocket({ url: getApp().globalData.WSS + '/' + this.to })")
    if not module.startswith("pages/"):
        files["app.json"] = app_json("pages/index/index")
        files["pages/index/index.js"] = "import '../../utils/im'\nPage({})\n"
    report = scan(engine, make_project(tmp_path / "s", files))
    chat = feature(report, "im_chat")
    assert chat["because"].startswith(f"endpoint socket {module.rsplit('.', 1)[0]} ({module})")


@pytest.mark.parametrize("opener", [
    "wx.request({ url: 'https://x.cn/message/list' })",  # a message list read: a notification centre as often
    "wx.connectSocket({ url: 'wss://x.cn/ws/notice' })",  # the system's notices (the socket names them)
])
def test_no_chat_from_a_message_path_read_or_a_notice_socket(engine, tmp_path: Path, opener: str) -> None:
    files = _socket_app("pages/message/details.js", opener)
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "n", files)))


@pytest.mark.parametrize("url", ["getApp().globalData.WSS + '/ws/notice'", "`${getApp().globalData.WSS}/ws/notice`",
                                 "'wss://' + host + '/system/notify'"])
def test_a_notice_socket_whose_url_is_built_is_no_chat(engine, tmp_path: Path, url: str) -> None:
    """A URL built from a host and a literal path (a concatenation as much as a template) says what
    the socket carries: its words meet the entries' unless words, as a literal URL's do."""
    files = _socket_app("pages/message/details.js", f"const host = 'x.cn'; wx.connectSocket({{ url: {url} }})")
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "n", files)))


def test_a_socket_url_built_by_concatenation_names_what_it_carries(engine, tmp_path: Path) -> None:
    files = _socket_app("pages/index/home.js", "wx.connectSocket({ url: getApp().globalData.WSS + '/ws/talk' })")
    chat = feature(scan(engine, make_project(tmp_path / "c", files)), "im_chat")
    assert chat["because"].startswith("endpoint socket {}/ws/talk (pages/index/home.js)")


@pytest.mark.parametrize("module", ["pages/customer/message.js", "pages/kf/talk.js"])
def test_a_service_desk_socket_is_no_chat(engine, tmp_path: Path, module: str) -> None:
    """A socket opened by a service desk's page (a customer's messages to the operator, 客服) is no
    chat between users, as kefu already was not."""
    files = _socket_app(module, "wx.connectSocket({ url: getApp().globalData.WSS })")
    assert "im_chat" not in features(scan(engine, make_project(tmp_path / "k", files)))


@pytest.mark.parametrize(("path", "chat"), [
    ("/api/chat/send", True),
    ("/api/customer/chat/send", False),  # a customer-service desk's chat is not between users
    ("/api/kf/messages/send", False),  # kf: 客服
])
def test_a_customer_service_chat_is_not_between_users(engine, tmp_path: Path, path: str, chat: bool) -> None:
    root = make_project(tmp_path / "c", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": f"Page({{ send() {{ wx.request({{ url: 'https://x.cn{path}', method: 'POST' }}) }} }})"
                                "\n",
        "pages/index/index.wxml": "<view bindtap='send'>私信</view>\n",
        "pages/index/other.js": "export const openChat = () => wx.request({ url: 'https://x.cn/api/chat/list' })\n",
    })
    assert ("im_chat" in features(scan(engine, root))) is chat
