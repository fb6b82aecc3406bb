"""Review of detection round 16 (tests/test_round16.py): the hint for a PHP route in a query string is
bounded on hostile input, a query route counts only where a request's path stands, a minified build's
folder is vendored (the round's test of it passed without the rule), and a boolean attribute of a
template is off only when bound to a false value."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import app_json, endpoint_attrs, make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


_endpoints = endpoint_attrs


# ------------------------------------------------------------------ the query hint, on hostile input


@pytest.mark.parametrize("query", ["?m=comment&a=save", "index.php?m=Mall&c=Seller&a=getSellers",
                                   "?s=/home/comment/save&", "?id=3&&x=1", "?a=1=2&b=3", "?a=" + "b" * 81,
                                   "?" + "&".join(f"k{i}=v" for i in range(14))])
def test_the_quoted_query_hint_reads_a_query_as_the_route_does(query: str) -> None:
    from zizhi_plugins.semantic import _QUERY_ROUTE, _QUOTED_QUERY

    hint = _QUOTED_QUERY.search(f"'{query}'".encode())
    route = _QUERY_ROUTE.match(query)
    assert (hint.group(1).decode() if hint else None) == (route.group(1) if route else None)


def test_the_quoted_query_hint_does_not_backtrack_on_pairs_without_ampersands(engine, tmp_path: Path) -> None:
    # with the & between pairs optional, 'a=1a=1…' (a value may hold =) split in exponentially many
    # ways before the missing closing quote failed the match: 16 pairs took seconds, 40 would not end
    hostile = "?" + "a=1" * 40
    from zizhi_plugins.semantic import _QUOTED_QUERY

    assert _QUOTED_QUERY.search(f"x = '{hostile} ';".encode()) is None
    root = make_project(tmp_path / "p", {
        "app.json": app_json(),
        "pages/index/index.js": f"const q = '{hostile} ';\nwx.request({{ url: host + '?m=comment&a=save' }})\n",
    })
    assert "?m=comment&a=save" in _endpoints(engine, root)


# ------------------------------------------------------------------ a query route where a request's path stands

_QUERIES = """\
const app = getApp();
Page({
  go(id) {
    wx.navigateTo({ url: '/pages/comment/list' + '?m=comment&a=list&id=' + id });  // a page's query
    wx.navigateTo({ url: '../reply/reply' + '?act=comment_add' });
    this.triggerEvent('saved', { url: '?m=chat&a=send' });  // an event's detail
    wx.setStorageSync('last', '?mod=post&do=reply');
    wx.request({ url: app.apiHost + '?m=comment&a=save&id=' + id + '&page=' + 2, method: 'POST' });
    request('index.php?act=post_add&id=' + id);
  },
});
"""


def test_a_query_route_counts_only_where_a_request_s_path_stands(engine, tmp_path: Path) -> None:
    # _request_like takes any part of a concatenation: right for a path ('/comment/add' is one
    # wherever it is joined), not for a query, which is a page's when joined to the page's route
    root = make_project(tmp_path / "p", {
        "app.json": app_json(),
        "pages/index/index.js": _QUERIES,
    })
    eps = _endpoints(engine, root)
    assert set(eps) == {"?m=comment&a=save&id=", "index.php?act=post_add&id="}
    assert eps["?m=comment&a=save&id="]["words"] == "comment save"
    assert eps["index.php?act=post_add&id="]["words"] == "post add"


# ------------------------------------------------------------------ a boolean attribute: off only when bound to false

_VUE_MAPS = """\
<template>
  <view>
    <map :show-location="false"></map>
    <map v-bind:show-location="0"></map>
    <map show-location="{{ '' }}"></map>
    <map :show-location="true"></map>
    <map :show-location="follow"></map>
    <map show-location="false"></map>
    <map show-location></map>
  </view>
</template>
<script>
export default { data() { return { follow: true } } }
</script>
"""


def test_a_boolean_attribute_is_off_only_when_bound_to_a_false_literal(engine, tmp_path: Path) -> None:
    # WXML's data binding: do not write checked="false", a string that converts to true; Vue's
    # :show-location="false" is the binding show-location="{{false}}" (the template reader's), off
    from zizhi.catalogue import _bound_off

    assert [_bound_off(v) for v in ("{{false}}", "{{ 0 }}", "{{''}}", "{{null}}", "false", "0", "", "{{x}}")] == \
        [True, True, True, True, False, False, False, False]
    root = make_project(tmp_path / "p", {
        "pages.json": '{"pages": [{"path": "pages/map/map"}]}',
        "manifest.json": '{"name": "x", "mp-weixin": {"appid": "wx0"}}',
        "pages/map/map.vue": _VUE_MAPS,
    })
    report = check([root], engine, Options())
    shown = {e.signal.location.line for p in report.projects for e in p.evidence
             if e.signal_id == "loc.map_show_location"}
    assert shown == {6, 7, 8, 9}


def test_a_taro_attribute_bound_to_a_literal_is_read_as_a_bound_literal(engine, tmp_path: Path) -> None:
    # <Map showLocation={true} /> was read as a map without the attribute (a JSX literal that is no
    # string was dropped), and <LivePusher mode='RTC' enableCamera={false} /> as a video call
    page = ("import { View, Map, LivePusher } from '@tarojs/components'\n"
            "export default function Index({ s }) {\n"
            "  return <View>\n"
            "    <Map showLocation={true} />\n"
            "    <Map showLocation={false} />\n"
            "    <Map showLocation={s.follow} />\n"
            "    <LivePusher url='x' mode='RTC' enableCamera={false} />\n"
            "  </View>\n"
            "}\n")
    root = make_project(tmp_path / "p", {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": page,
    })
    report = check([root], engine, Options())
    (wechat,) = [p for p in report.projects if p.platform == "wechat"]
    shown = {e.signal.location.line for e in wechat.evidence if e.signal_id == "loc.map_show_location"}
    assert shown == {4, 6}
    found = {f.id for f in wechat.features}
    assert "rtc_voice" in found and "rtc_video" not in found


@pytest.mark.parametrize(("platform", "files"), [
    ("alipay", {"mini.project.json": "{}", "pages/index/index.axml": '<map show-location="{{true}}"></map>\n'}),
    ("baidu", {"project.swan.json": "{}", "pages/index/index.swan": "<map show-location></map>\n"}),
    ("douyin", {"project.config.json": '{"appid": "tt0123456789abcdef"}',
                "pages/index/index.ttml": "<map show-location></map>\n"}),
])
def test_other_platforms_maps_that_show_the_position_reach_the_entry(engine, tmp_path: Path, platform: str,
                                                                      files: dict[str, str]) -> None:
    # show-location is documented for Alipay's, Baidu's, Douyin's and QQ's map as for WeChat's (Taro's
    # component types: @supported weapp, alipay, swan, tt, qq); the entry names the tag, not a platform
    root = make_project(tmp_path / "p", {"app.json": app_json(), "pages/index/index.js": "Page({})\n", **files})
    report = check([root], engine, Options())
    (project,) = [p for p in report.projects if p.platform == platform]
    assert any(e.signal_id == "loc.map_show_location" for e in project.evidence)
    # supporting and one with loc.map (d21223e): a map drawing the position is no location by itself
    assert "location" not in {f.id for f in project.features}
