"""Detection round 17: comics read online (web_comics: 网络动漫 and 网络出版); a request helper
given its saving method by position; a 点评 box."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import app_json, make_project, obligations
from conftest import features as feature_ids
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def test_a_comics_reader_needs_the_culture_and_publishing_licences(engine, tmp_path: Path) -> None:
    """Comics served to read chapter by chapter: 网络动漫 is an internet culture product (互联网文化
    管理暂行规定 第2条: 文网文) and a comic a 网络出版物 (网络出版服务管理规定 第2条): both likely."""
    reader = {
        "app.json": app_json("pages/index/index", "pages/chapter/chapter"),
        "pages/index/index.wxml": "<view>热门漫画</view>\n",
        "pages/index/index.js": "Page({ onLoad() { wx.request({ url: 'https://x.com/api/comic/list' }) } })\n",
        "pages/chapter/chapter.js": ("Page({ onLoad(o) { wx.request({ url: 'https://x.com/api/chapters/detail?id=' "
                                     "+ o.id }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path / "reader", reader))
    assert "web_comics" in feature_ids(report)
    found = obligations(report)
    assert found["CULTURE"]["level"] == "likely" and found["PUBLISHING"]["level"] == "likely"
    # what it depends on says only what the references support: 经营性 (第3条), no filing of a non-profit one
    said = json.dumps(found["CULTURE"], ensure_ascii=False)
    assert "动漫" in said and "备案" not in said and "non-profit" not in said, said


def test_a_photo_made_a_comic_and_a_novels_chapters_are_no_comics(engine, tmp_path: Path) -> None:
    """An image tool that turns a selfie into a comic face (漫画脸) is deep synthesis, not comics to
    read; a novel reader's chapters are web literature; a course's chapters beside a 漫画 banner
    word nothing of comics."""
    tool = {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.wxml": "<view>一键生成漫画脸</view>\n",
        "pages/index/index.js": ("Page({ go(f) { wx.request({ url: 'https://x.com/api/comic/face/generate', "
                                 "method: 'POST', data: f }) } })\n"),
    }
    assert "web_comics" not in feature_ids(scan(engine, make_project(tmp_path / "tool", tool)))
    novel = {
        "app.json": app_json("pages/read/read"),
        "pages/index/index.wxml": "<view>我的小说</view>\n",
        "pages/read/read.js": ("Page({ onLoad(o) { wx.request({ url: 'https://x.com/api/novel/chapters?id=' "
                               "+ o.id }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path / "novel", novel))
    assert "web_comics" not in feature_ids(report) and "web_literature" in feature_ids(report)
    assert obligations(report).get("CULTURE") is None


def test_a_helper_given_post_by_position_saves(engine, tmp_path: Path) -> None:
    """``util.request(config.api.comment, data, 'POST')``: the app's request helper given the method
    as an argument saves, as one given ``method: 'POST'`` does; a page named after comments that
    saves so, with its 评论 wording, acts for comments. Given 'GET' (or 'DELETE': nothing composed is
    sent) it saves nothing."""
    def files(method: str) -> dict[str, str]:
        page = ("const util = require('../../utils/util')\n"
                "const config = require('../../config')\n"
                "Page({ submit() { util.request(config.api.comment, { content: this.data.c }, '" + method + "') } })\n")
        return {
            "app.json": app_json("pages/comment/comment"),
            "config.js": ("const host = 'https://x.example.com'\n"
                          "module.exports = { api: { comment: host + '/v1/book/comment' } }\n"),
            "utils/util.js": ("function request(url, data, method) {\n"
                              "  return new Promise((ok) => wx.request({ url, data, method, success: ok }))\n"
                              "}\nmodule.exports = { request }\n"),
            "pages/comment/comment.wxml": ('<textarea bindinput="input" />\n'
                                           '<button bindtap="submit">发表评论</button>\n'),
            "pages/comment/comment.js": page,
        }
    report = scan(engine, make_project(tmp_path / "post", files("POST")))
    assert "ugc_comment" in feature_ids(report)
    for method in ("GET", "DELETE"):
        assert "ugc_comment" not in feature_ids(scan(engine, make_project(tmp_path / method, files(method))))


def test_a_review_box_is_a_comment_box(engine, tmp_path: Path) -> None:
    """点评, the common word for a user's review (大众点评), asks for a comment as 评价 does."""
    page = {"app.json": app_json("pages/review/review"),
            "pages/review/review.wxml": '<textarea placeholder="写下你的点评" bindinput="onText" />\n'}
    assert "ugc_comment" in feature_ids(scan(engine, make_project(tmp_path, page)))


def test_the_ios_notice_says_a_payment_buys_virtual_goods(engine, tmp_path: Path) -> None:
    """WeChat bars virtual payment on iOS, so an app selling courses or memberships tells iPhone users
    so (iOS暂不支持购买): beside a payment call, that notice says what the call buys, which a shop's
    开通会员 banner does not; the notice alone (no payment) is no sale."""
    def files(notice: str, pay: bool) -> dict[str, str]:
        return {
            "app.json": app_json("pages/detail/detail", "pages/index/index"),
            "pages/index/index.wxml": f"<view>{notice}</view>\n",
            "pages/detail/detail.js": "Page({ buy() { wx.request({ url: 'https://x.example.com/api/order/create', "
                                      "method: 'POST', success: (r) => "
                                      + ("wx.requestPayment(r.data)" if pay else "wx.showToast({ title: 'ok' })")
                                      + " }) } })\n",
        }
    found = feature_ids(scan(engine, make_project(tmp_path / "ios", files("iOS 暂不支持购买课程", True))))
    assert "virtual_payment" in found
    found = feature_ids(scan(engine, make_project(tmp_path / "banner", files("开通会员", True))))
    assert "virtual_payment" not in found and "payment" in found
    found = feature_ids(scan(engine, make_project(tmp_path / "nopay", files("iOS 暂不支持购买课程", False))))
    assert "virtual_payment" not in found
    # the notice is most often shown where the payment is refused, in the same file: two facts still
    page = ("Page({ buy() {\n"
            "  if (this.data.ios) { wx.showModal({ content: '因苹果政策原因，iOS暂不支持购买' }); return }\n"
            "  wx.requestPayment({}) } })\n")
    same = {"app.json": app_json("pages/buy/buy"), "pages/buy/buy.js": page}
    assert "virtual_payment" in feature_ids(scan(engine, make_project(tmp_path / "same", same)))
