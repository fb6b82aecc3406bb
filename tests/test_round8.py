"""Detection round 8: what the new vocabulary must find, and what it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, features, make_project, obligations
from conftest import scan_dict as scan
from zizhi.engine import load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()



def test_stable_diffusion_names_and_ai_drawing_are_deep_synthesis(engine, tmp_path: Path) -> None:
    # an AI drawing app on its own server, which names its routes after Stable Diffusion WebUI's
    sd = {
        "app.json": app_json("pages/draw/draw"),
        "pages/index/index.wxml": "<view>AI绘画</view>\n",
        "pages/draw/draw.js": "import { txt2img } from '../../api/sd'\nPage({ go(f) { txt2img(f) } })\n",
        "api/sd.js": "export function txt2img(d) { return wx.request({ url: 'https://x.com/service/sd/txt2img', "
                     "method: 'POST', data: d }) }\n",
    }
    assert "deep_synthesis" in features(scan(engine, make_project(tmp_path / "sd", sd)))
    # the same with an AI drawing task of its own name
    draw = dict(sd)
    draw["pages/draw/draw.js"] = "import { aiDrawCreate } from '../../api/sd'\nPage({ go(f) { aiDrawCreate(f) } })\n"
    draw["api/sd.js"] = ("export function aiDrawCreate(d) { return wx.request({ "
                         "url: 'https://x.com/api/ai-draw/create', method: 'POST', data: d }) }\n")
    assert "deep_synthesis" in features(scan(engine, make_project(tmp_path / "draw", draw)))


def test_a_canvas_a_lottery_and_a_share_poster_are_no_deep_synthesis(engine, tmp_path: Path) -> None:
    # a shop with a lucky draw and a share poster drawn on a canvas: draw, image and generate, no AI
    files = {
        "app.json": app_json("pages/lottery/lottery", "pages/poster/poster"),
        "pages/index/index.wxml": "<view>幸运抽奖</view><view>生成海报</view>\n",
        "pages/lottery/lottery.js": "Page({ drawTask(d) { wx.request({ url: 'https://x.com/api/draw/task', "
                                    "method: 'POST', data: d }) } })\n",
        "pages/poster/poster.js": ("Page({ generateImage() { const ctx = wx.createCanvasContext('p'); "
                                   "ctx.drawImage('a.png', 0, 0); wx.request({ "
                                   "url: 'https://x.com/api/poster/generateImage', method: 'POST' }) } })\n"),
    }
    assert "deep_synthesis" not in features(scan(engine, make_project(tmp_path, files)))


def _paid_page(engine, root: Path, page: str) -> set[str]:
    files = {
        "app.json": app_json(page),
        f"{page}.js": "Page({ pay(p) { wx.requestPayment(p) } })\n",
    }
    return features(scan(engine, make_project(root, files)))


def test_a_payment_on_a_page_of_points_buys_nothing_virtual_by_its_name(engine, tmp_path: Path) -> None:
    # a points mall takes cash beside points for goods (积分+现金); round 8 tried points' names as
    # virtual goods and took them back: they helped one measured repository
    for i, page in enumerate(("pages/points/detail", "pages/integral/exchange", "pages/points/mall")):
        found = _paid_page(engine, tmp_path / f"n{i}", page)
        assert "payment" in found and "virtual_payment" not in found, page


def test_a_url_tables_names_say_what_its_paths_do(engine, tmp_path: Path) -> None:
    # a REST noun the vocabulary does not know ('/talks'), named in the app's table of endpoints
    files = {
        "app.json": app_json("pages/publish/publish"),
        "api/urls.js": "module.exports = {\n  SEND_NEW_POST: '/talks',\n  GET_USER: '/user/info',\n}\n",
        "api/index.js": ("const { SEND_NEW_POST } = require('./urls')\n"
                         "export function sendNewPost(p) { return qq.request({ url: SEND_NEW_POST, method: 'POST', "
                         "data: p }) }\n"),
        "pages/publish/publish.js": ("import { sendNewPost } from '../../api/index'\n"
                                     "Page({ go(p) { sendNewPost(p) } })\n"),
    }
    assert "ugc_post" in features(scan(engine, make_project(tmp_path / "a", files)))
    # the same table without its names: nothing says what '/talks' is
    files["api/urls.js"] = "module.exports = {\n  A1: '/talks',\n  url: '/talks/x',\n}\n"
    assert "ugc_post" not in features(scan(engine, make_project(tmp_path / "b", files)))


def test_a_novel_reader_needs_the_online_publishing_licence(engine, tmp_path: Path) -> None:
    reader = {
        "app.json": app_json("pages/read/read"),
        "pages/index/index.wxml": "<view>我的小说</view>\n",
        "pages/read/read.wxml": "<view>上一章</view><view>下一章</view>\n",
        "pages/read/read.js": ("Page({ onLoad(o) { wx.request({ url: 'https://x.com/api/chapter/content?id=' "
                               "+ o.id }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path / "reader", reader))
    assert "web_literature" in features(report)
    publishing = obligations(report).get("PUBLISHING")
    assert publishing is not None and publishing["level"] == "likely"


def test_a_courses_chapters_and_a_bookings_book_are_no_web_literature(engine, tmp_path: Path) -> None:
    files = {
        "app.json": app_json("pages/course/course", "pages/hotel/hotel"),
        "pages/index/index.wxml": "<view>课程目录</view><view>上一节</view><view>立即预订</view>\n",
        "pages/course/course.js": ("Page({ onLoad(o) { wx.request({ url: 'https://x.com/api/course/chapter/list' "
                                   "}) } })\n"),
        "pages/hotel/hotel.js": ("Page({ book(d) { wx.request({ url: 'https://x.com/api/book/create', "
                                 "method: 'POST' }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path, files))
    assert "web_literature" not in features(report)
    assert obligations(report).get("PUBLISHING") is None


def test_a_courses_chapter_turns_are_no_web_literature(engine, tmp_path: Path) -> None:
    # an online course (or a textbook) turns its chapters with 上一章/下一章 too: no novel, no shelf
    files = {
        "app.json": app_json("pages/lesson/lesson"),
        "pages/index/index.wxml": "<view>课程</view>\n",
        "pages/lesson/lesson.wxml": "<view>上一章</view><view>下一章</view><view>章节目录</view>\n",
        "pages/lesson/lesson.js": ("Page({ onLoad(o) { wx.request({ url: 'https://x.com/api/course/chapter/detail?id=' "
                                   "+ o.id }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path, files))
    assert "web_literature" not in features(report)
    assert obligations(report).get("PUBLISHING") is None


@pytest.mark.parametrize("shop", ["gift", "gold"])
def test_a_gift_shop_or_a_jeweller_sells_goods_not_virtual_ones(engine, tmp_path: Path, shop: str) -> None:
    # a flower-and-gift shop's pages/gift/detail and a jeweller's pages/gold/buy take money for goods
    files = {
        "app.json": app_json(f"pages/{shop}/detail"),
        "pages/index/index.wxml": "<view>鲜花礼品 黄金首饰</view>\n",
        f"pages/{shop}/detail.js": (f"Page({{ buy() {{ wx.request({{ url: 'https://x.com/api/{shop}/buy', "
                                    "method: 'POST', success(r) { wx.requestPayment(r.data) } }) } })\n"),
    }
    report = scan(engine, make_project(tmp_path, files))
    assert "payment" in features(report)
    assert "virtual_payment" not in features(report)


def test_a_librarys_shelf_is_no_web_novel(engine, tmp_path: Path) -> None:
    # a campus library: my shelf of borrowed paper books, and what I have read
    files = {
        "app.json": app_json("pages/shelf/shelf"),
        "pages/index/index.wxml": "<view>我的书架</view>\n",
        "pages/shelf/shelf.js": "Page({ onLoad() { wx.request({ url: 'https://x.com/api/book/read/history' }) } })\n",
    }
    report = scan(engine, make_project(tmp_path, files))
    assert "web_literature" not in features(report)
    assert obligations(report).get("PUBLISHING") is None


def test_a_release_with_its_version_in_its_name_is_a_copied_library(engine, tmp_path: Path) -> None:
    # a backend-as-a-service SDK copied into utils/ under its release's name: its own payment
    # wrapper is the SDK's code, not the app's
    sdk = "module.exports = { pay(p) { return wx.requestPayment(p) } }\n"
    files = {
        "pages/index/index.js": "const sdk = require('../../utils/sdk-wx.2.8.1.js')\nPage({ onLoad() { sdk } })\n",
        "utils/sdk-wx.2.8.1.js": sdk,
    }
    report = scan(engine, make_project(tmp_path / "sdk", files))
    assert "payment" not in features(report)
    # the app's own module of the same text under its own name is the app's
    files = {"pages/index/index.js": "const pay = require('../../utils/pay.js')\nPage({ onLoad() { pay } })\n",
             "utils/pay.js": sdk}
    assert "payment" in features(scan(engine, make_project(tmp_path / "own", files)))
