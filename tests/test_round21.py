"""Detection round 21: what the held-out sets newcorpus39-41 showed (marketplaces and local
services; communities and people; education, health, AI and games)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import features as feature_ids
from conftest import make_project as mini_program
from conftest import scan_dict as scan
from zizhi.engine import load_engine

ROOM = "plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id="
PLUGIN = '"plugins": {"live-player-plugin": {"version": "1.3.5", "provider": "wx2b03c6e691cd7370"}}'


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _levels(report: dict) -> dict[str, str]:
    return {o["id"]: o["level"] for p in report["projects"] for o in p["obligations"]}


def _live_shop(root: Path, page_js: str, app_extra: str = "", files: dict[str, str] | None = None) -> Path:
    app = '{"pages": ["pages/index/index", "pages/live/live"]' + (", " + app_extra if app_extra else "") + "}"
    return mini_program(root, {
        "app.json": app,
        "pages/index/index.wxml": "<view>商城</view>\n",
        "pages/index/index.js": "Page({})\n",
        "pages/live/live.wxml": "<view wx:for=\"{{rooms}}\" bindtap=\"enter\">{{item.name}}</view>\n",
        "pages/live/live.js": page_js,
        **(files or {}),
    })


ENTER = "Page({ enter(e) {\n  wx.navigateTo({ url: `" + ROOM + "${e.currentTarget.dataset.id}` })\n} })\n"


def test_a_live_room_of_the_official_plugin_opened_from_code_is_live_streaming(engine, tmp_path: Path) -> None:
    """The documented entry to a 小程序直播 room, a navigation to the plugin's page, is the plugin in use
    even where the manifest's declaration is left out (commented in a uni-app template's manifest.json)."""
    report = scan(engine, _live_shop(tmp_path / "p", ENTER))
    assert "live_streaming" in feature_ids(report)
    ev = [e for p in report["projects"] for f in p["features"] if f["id"] == "live_streaming" for e in f["evidence"]]
    assert [(e["signal"], e["path"], e["line"]) for e in ev] == [("live.official_plugin_room", "pages/live/live.js", 2)]


def _obligation(report: dict, oid: str) -> dict:
    return next(o for p in report["projects"] for o in p["obligations"] if o["id"] == oid)


def test_official_plugin_live_alone_asks_for_no_live_licence(engine, tmp_path: Path) -> None:
    """E-commerce streams on WeChat's own live plugin: WeChat is the 直播营销平台 that hosts them, the shop the
    room's operator (网络直播营销管理办法): no 文网文, AVSP or 社交-直播 for the stream, the assessment only as
    a question (depends, with the reason), and the shop with paid memberships is no live-entertainment
    business (no B25 for gifts in live rooms; its memberships still ask for B25 on their own)."""
    vip = "Page({ buy() { wx.requestVirtualPayment({ mode: 'short_series_goods' }) } })\n"
    report = scan(engine, _live_shop(tmp_path / "p", ENTER, PLUGIN, {
        "pages/index/index.js": vip, "pages/index/index.wxml": "<button bindtap=\"buy\">开通会员</button>\n"}))
    found, levels = feature_ids(report), _levels(report)
    assert {"live_streaming", "virtual_payment"} <= found, found
    assert not {"CULTURE", "AVSP", "category:wechat:社交-直播"} & set(levels), levels
    assert levels.get("SECURITY_ASSESSMENT") == "depends", levels
    assert [b["trigger"] for b in _obligation(report, "SECURITY_ASSESSMENT")["because"]] == ["security.live_plugin"]
    assert "live_entertainment" not in {b for p in report["projects"] for o in p["obligations"]
                                        for r in o["because"] for b in r["business_types"]}
    assert [b["trigger"] for b in _obligation(report, "ICP_B25")["because"]] == ["b25.virtual_goods"]


def test_a_self_hosted_stream_beside_the_plugin_still_asks(engine, tmp_path: Path) -> None:
    """A live-pusher of the app's own decides live streaming too: the stream is the app's service."""
    report = scan(engine, _live_shop(tmp_path / "p", ENTER, PLUGIN, {
        "pages/index/index.wxml": '<live-pusher url="{{pushUrl}}" mode="SD" autopush />\n'}))
    levels = _levels(report)
    assert levels.get("CULTURE") == "depends" and levels.get("AVSP") == "depends", levels
    assert levels.get("SECURITY_ASSESSMENT") == "likely", levels


def test_posts_beside_the_plugin_still_ask_for_the_assessment(engine, tmp_path: Path) -> None:
    """The live plugin is set aside, the app's own forum is not: the assessment is asked for by the posts,
    and its likely reason, first evidence and finding are the posts', not the plugin's."""
    report = scan(engine, _live_shop(tmp_path / "p", ENTER, PLUGIN, {
        "pages/index/index.wxml": "<textarea placeholder=\"说点什么\" bindinput=\"onInput\"/>\n"
                                  "<button bindtap=\"publish\">发帖</button>\n",
        "pages/index/index.js": "Page({ publish() {\n  wx.chooseImage({})\n"
                                "  wx.request({ url: 'https://api.example.com/post/add', method: 'POST' })\n} })\n"}))
    assert "ugc_post" in feature_ids(report)
    assert _levels(report).get("SECURITY_ASSESSMENT") == "likely"
    ob = _obligation(report, "SECURITY_ASSESSMENT")
    ugc = next(b for b in ob["because"] if b["trigger"] == "security.ugc")
    assert ugc["features"] == ["ugc_post"], ugc
    # (the plugin is the other, depends-level reason's evidence: after the posts')
    assert not ob["evidence"][0]["signal"].startswith("live."), ob["evidence"]
    assert sorted(b["trigger"] for b in ob["because"]) == ["security.live_plugin", "security.ugc"]
    finding = next(f for p in report["projects"] for f in p["findings"] if f["obligation"] == "SECURITY_ASSESSMENT")
    assert finding["path"].startswith("pages/index/index"), finding["path"]


def test_a_live_room_in_a_component_nothing_uses_counts_for_nothing(engine, tmp_path: Path) -> None:
    root = mini_program(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index"]}',
        "pages/index/index.wxml": "<view>商城</view>\n",
        "pages/index/index.js": "Page({})\n",
        "components/live/live.json": '{"component": true}',
        "components/live/live.wxml": "<view bindtap=\"enter\">直播</view>\n",
        "components/live/live.js": "Component({ methods: { enter(e) {\n"
                                   "  wx.navigateTo({ url: '" + ROOM + "' + e.id })\n} } })\n",
    })
    assert "live_streaming" not in feature_ids(scan(engine, root))


def _port(root: Path, config: str, ttml: bool) -> Path:
    """A WeChat project being ported to Douyin: .wxml pages left over beside the .ttml ones (or none yet)."""
    files = {"project.config.json": config,
             "app.json": '{"pages": ["pages/index/index", "pages/a/a", "pages/b/b", "pages/c/c"]}',
             "pages/index/index.wxml": '<live-pusher url="{{u}}" mode="SD" autopush />\n'}
    for page in ("a", "b", "c"):
        files[f"pages/{page}/{page}.{'ttml' if ttml and page != 'c' else 'wxml'}"] = "<view></view>\n"
        files[f"pages/{page}/{page}.js"] = "Page({})\n"
    return mini_program(root, files)


def test_douyins_ide_key_makes_a_port_douyins(engine, tmp_path: Path) -> None:
    """Douyin's developer tools write douyinProjectType into project.config.json: a port whose appid is a
    placeholder (testAppId), .ttml pages beside leftover .wxml ones, is Douyin's (the .wxml alone would
    make it WeChat's)."""
    key = '{"appid": "testAppId", "douyinProjectType": "native"}'
    assert [p["platform"] for p in scan(engine, _port(tmp_path / "k", key, True))["projects"]] == ["douyin"]
    assert [p["platform"] for p in scan(engine, _port(tmp_path / "n", '{"appid": "testAppId"}', True))[
        "projects"]] == ["wechat"]


def test_douyins_ide_key_does_not_take_a_project_of_wxml_only(engine, tmp_path: Path) -> None:
    """A WeChat project copied into a Douyin IDE's folder before any page is converted: nothing Douyin reads,
    so it stays WeChat's, and its live-pusher is read."""
    report = scan(engine, _port(tmp_path / "p", '{"appid": "touristappid", "douyinProjectType": "native"}', False))
    assert [p["platform"] for p in report["projects"]] == ["wechat"]
    assert "live_streaming" in feature_ids(report)


def _blog(root: Path, folder: str, files: dict[str, str]) -> Path:
    """A blog whose article page renders HTML with a rich-text renderer copied into ``folder``."""
    return mini_program(root, {
        "pages/index/index.json": '{"usingComponents": {"mp-html": "/' + folder + '/index"}}',
        "pages/index/index.wxml": '<mp-html content="{{html}}" />\n',
        folder + "/index.json": '{"component": true, "usingComponents": {"node": "./node/node"}}',
        folder + "/index.wxml": '<node childs="{{nodes}}" />\n',
        folder + "/index.js": "const Parser = require('./parser')\nComponent({})\n",
        **files,
    })


MP_HTML = {"parser.js": "module.exports = function Parser() {}\n",
           "node/node.json": '{"component": true, "usingComponents": {"node": "./node"}}',
           "node/node.wxml": '<video wx:if="{{n.name==\'video\'}}" src="{{n.attrs.src}}" />\n',
           "node/node.js": "Component({ methods: { play() { wx.createVideoContext('v').play() } } })\n"}


def test_a_rich_text_renderer_copied_under_another_name_is_the_renderers(engine, tmp_path: Path) -> None:
    """mp-html's build copied as components/mp-weixin/ (jyf-parser's as ParserRichText/Parser/, wxParse's as
    wxParser/): its node component's <video> renders whatever HTML it is given, as under mp-html/ itself."""
    root = _blog(tmp_path / "p", "components/mp-weixin", {f"components/mp-weixin/{k}": v for k, v in MP_HTML.items()})
    assert "video_playback" not in feature_ids(scan(engine, root))


def test_a_folder_without_the_renderers_files_is_the_apps_own(engine, tmp_path: Path) -> None:
    """Without the renderer's parser beside it, a node component's <video> is the app's: still counted."""
    files = {f"components/mp-weixin/{k}": v for k, v in MP_HTML.items() if k != "parser.js"}
    root = _blog(tmp_path / "p", "components/mp-weixin", files)
    (root / "components/mp-weixin/index.js").write_text("Component({})\n", encoding="utf-8")
    assert "video_playback" in feature_ids(scan(engine, root))
