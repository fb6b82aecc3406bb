"""Second review of detection round 7: what the new vocabulary and fields must not do."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from conftest import app_json, feature, features, findings, make_project
from conftest import scan_dict as scan
from zizhi.catalogue import Catalogue, load_toml, path_words
from zizhi.context import Options
from zizhi.engine import check, load_engine
from zizhi.model import Location, Signal
from zizhi_plugins.catalogue import HERE as CATALOGUE_DIR


@pytest.fixture(scope="module")
def engine():
    return load_engine()



def test_a_shops_cart_is_no_listing(engine, tmp_path: Path) -> None:
    # a second-hand bookshop selling its own stock: goods added to a cart, whatever the cart is called
    for i, url in enumerate(("/api/shopcart/goods/add", "/api/trolley/addGoods", "/api/basket/goods/add")):
        files = {
            "app.json": app_json("pages/goods/detail"),
            "pages/index/index.wxml": "<view>二手好书</view>\n",
            "pages/goods/detail.js": f"Page({{ onAdd(d) {{ wx.request({{ url: 'https://x.com{url}', "
                                     "method: 'POST', data: d }) } })\n",
        }
        assert "multi_merchant" not in features(scan(engine, make_project(tmp_path / str(i), files))), url


def _listing(engine, root: Path, page: str, js: str, text: str = "发布商品") -> set[str]:
    """The features of an app whose ``page`` (a path without extension, or a script outside pages)
    runs ``js`` and whose home page says ``text``."""
    pages = (page,) if page.startswith("pages/") else ()
    files = {"app.json": app_json(*pages), "pages/index/index.wxml": f"<view>{text}</view>\n", f"{page}.js": js}
    return features(scan(engine, make_project(root, files)))


DB_GOODS = "const db = wx.cloud.database()\nPage({ save(d) { db.collection('goods').add({ data: d }) } })\n"


def test_the_operators_own_goods_pages_inside_the_app_are_no_listing(engine, tmp_path: Path) -> None:
    # one shop whose owner edits its goods on a management page of the mini-program itself
    assert "multi_merchant" not in _listing(engine, tmp_path / "a", "pages/manage/goods/edit", DB_GOODS)
    publish = "Page({ publishGoods(d) { wx.request({ url: 'https://x.com/api/goods/publish', method: 'POST' }) } })\n"
    assert "multi_merchant" not in _listing(engine, tmp_path / "b", "pages/goodsManage/index", publish)
    # a client that seeds the shop's cloud database with its goods
    seed = "const db = wx.cloud.database()\nexport const seed = () => db.collection('goods').add({ data: {} })\n"
    assert "multi_merchant" not in _listing(engine, tmp_path / "c", "utils/seed", seed, "二手书")
    # the same writes from a user's page still list goods
    assert "multi_merchant" in _listing(engine, tmp_path / "d", "pages/sell/edit", DB_GOODS, "发布闲置")
    assert "multi_merchant" in _listing(engine, tmp_path / "e", "pages/sell/edit", publish, "发布闲置")


def test_a_privacy_notices_sensitive_personal_information_is_no_filter(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/privacy/privacy", "pages/form/form"),
        "pages/privacy/privacy.wxml": "<view>以下信息可能包含敏感个人信息，也含有敏感个人信息的处理规则</view>\n",
        "pages/form/form.js": "Page({ checkContent(v) { return v.length > 0 } })\n",
    }
    assert "content_security" not in features(scan(engine, make_project(tmp_path / "a", files)))
    # a moderation result's own wording does say a check
    files["pages/privacy/privacy.wxml"] = "<view>内容包含敏感信息，请修改</view>\n"
    assert "content_security" in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_guessed_filter_does_not_meet_the_moderation_control(engine, tmp_path: Path) -> None:
    # users post; the only sign of moderation is the operator's sensitive-word admin page
    files = {
        "app.json": app_json("pages/post/post", "pages/admin/words/index"),
        "pages/index/index.wxml": "<view>发布动态</view>\n",
        "pages/post/post.js": "Page({ send(d) { wx.request({ url: 'https://x.com/api/post/add', "
                              "method: 'POST', data: d }) } })\n",
        "pages/post/post.wxml": "<textarea placeholder='说点什么'></textarea><button>发帖</button>\n",
        "pages/admin/words/index.wxml": "<view>敏感词管理</view>\n",
        "pages/admin/words/index.js": "Page({ load() { wx.request({ url: 'https://x.com/api/sensitiveWords/list' }) "
                                      "} })\n",
    }
    report = scan(engine, make_project(tmp_path / "a", files))
    assert feature(report, "content_security")["confidence"] == "low"
    (zz401,) = findings(report, "ZZ401")
    assert zz401["severity"] == "note" and "sensitiveWords" in zz401["message"]
    # a platform check called is the control met
    files["pages/post/post.js"] = ("Page({ send(d) { wx.cloud.callFunction({ name: 'post' }); "
                                   "wx.request({ url: 'https://x.com/api/post/add', method: 'POST', data: d }) } })\n")
    files["cloudfunctions/post/index.js"] = ("const cloud = require('wx-server-sdk')\nexports.main = async (e) => "
                                             "cloud.openapi.security.msgSecCheck({ content: e.t })\n")
    files["project.config.json"] = '{"cloudfunctionRoot": "cloudfunctions/"}'
    report = scan(engine, make_project(tmp_path / "b", files))
    assert feature(report, "content_security")["confidence"] == "high"
    assert not findings(report, "ZZ401")


def test_a_models_icon_asks_no_model(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/mine/mine"),
        "pages/mine/mine.wxml": "<view>AI助手</view>\n",
        "pages/index/index.js": "import { gptIcon, deepseekLogo } from '../../utils/icons'\n"
                                "const llmModelList = ['a']\n"
                                "Page({ data: { llmModelList }, onLoad() {\n"
                                "  this.setData({ a: gptIcon(), b: deepseekLogo() }) } })\n",
        "utils/icons.js": "export const gptIcon = () => '/img/gpt.png'\n"
                          "export const deepseekLogo = () => '/img/ds.png'\n",
    }
    assert "ai_llm" not in features(scan(engine, make_project(tmp_path / "a", files)))
    # a function named after the model it sends to still asks it
    files["pages/index/index.js"] = ("import { sendToDeepseek } from '../../utils/ds'\n"
                                     "Page({ ask(m) { sendToDeepseek(m) } })\n")
    files["utils/ds.js"] = "export function sendToDeepseek(m) { return wx.request({ url: KEY.url, data: m }) }\n"
    assert "ai_llm" in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_fallback_gives_way_only_to_an_entry_of_its_own_feature() -> None:
    data = copy.deepcopy(load_toml(CATALOGUE_DIR / "catalogue.toml"))
    data["signal"].append({"id": "test.relay_host", "kind": "endpoint", "names": ["relay.example.com"],
                           "features": {"cloud_functions": "supporting"}, "verified": "unverified", "source": "REF"})
    catalogue = Catalogue()
    catalogue.add(data, "cat")

    def ids(url: str) -> set[str]:
        return {e.id for e in catalogue.match(Signal("endpoint", url, Location("pages/a/a.js", 1)))}
    # a host known for another reason says nothing of the model: the generic path still asks one
    assert ids("https://relay.example.com/v1/chat/completions") == {"test.relay_host", "ai.chat_completions"}
    # a provider's own entry says it better
    assert "ai.chat_completions" not in ids("https://api.deepseek.com/chat/completions")
    assert ids("https://llm.example.com/v1/chat/completions") == {"ai.chat_completions"}


def test_path_words_and_the_match_cache() -> None:
    assert path_words("pages/goodsManage/edit.js") >= {"goods", "manage", "edit"}
    catalogue = Catalogue()
    catalogue.add(load_toml(CATALOGUE_DIR / "catalogue.toml"), "cat")

    def ids(path: str) -> set[str]:
        attrs = {"words": "goods", "op": "write"}
        return {e.id for e in catalogue.match(Signal("collection", "goods", Location(path, 1), attrs=attrs))}
    # one signal, two paths: the cache (no key on paths) must not carry one's answer to the other
    assert "sem.multi_merchant.listing_collection.collection" in ids("pages/sell/edit.js")
    assert "sem.multi_merchant.listing_collection.collection" not in ids("pages/manage/edit.js")
    assert "sem.multi_merchant.listing_collection.collection" in ids("pages/sell/edit.js")


def test_hyphenated_collection_names_stay_bounded(engine, tmp_path: Path) -> None:
    # a minified bundle that calls .collection( among many long hyphenated strings: only names read
    strings = ",".join(f"'{'a-b' * 40}{i}'" for i in range(2000))
    files = {"app.json": app_json(),
             "pages/index/index.js": f"var s=[{strings}];var db=wx.cloud.database();"
                                     "db.collection('app-chat-messages').add({});Page({})\n"}
    report = check([make_project(tmp_path / "a", files)], engine, Options())
    names = {s.name for p in report.projects for s in p.signals if s.kind == "collection"}
    assert names == {"app-chat-messages"}
