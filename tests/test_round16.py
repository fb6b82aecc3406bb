"""Detection round 16: reading fixes, each with a general reason, found on newcorpus25 after it was
measured: a map that shows the user's position, a minified build's folder, a request's path written
without its slash after a base URL that ends with one (``app.globalData.hosturl + 'push_chat_msg'``),
and a PHP framework's route in a query string (``?m=comment&a=save``)."""

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


_CHAT_PAGE = """\
const app = getApp();
Page({
  send(msg) {
    wx.request({
      url: app.globalData.hosturl + 'push_friend_chat_msg',
      method: 'POST',
      data: { msg: msg },
    });
    wx.request({ url: app.globalData.hosturl + 'get_friend_chat_list' });
    request(BASE_URL + 'comment_add', { text: msg });
  },
});
"""


def test_a_bare_name_joined_to_a_base_url_is_a_requests_path(engine, tmp_path: Path) -> None:
    # a Flask or PHP backend whose base URL ends with '/': the paths are written without one
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/chat/chat"),
        "pages/chat/chat.js": _CHAT_PAGE,
    })
    eps = _endpoints(engine, root)
    assert eps["push_friend_chat_msg"]["words"] == "push friend chat msg"
    assert eps["push_friend_chat_msg"].get("op") == "write"  # push: a write; POST as well
    assert eps["get_friend_chat_list"].get("op", "") == ""  # get: a read
    assert "comment_add" in eps  # a request helper's first argument


_NOT_PATHS = """\
const app = getApp();
Page({
  go(id) {
    wx.navigateTo({ url: app.globalData.pageRoot + 'chat_detail' });  // a page's route
    wx.setStorageSync(app.globalData.keyPrefix + 'chat_history', id);  // a key of storage
    wx.showToast({ title: app.globalData.host + 'comment_added' });  // not where a path stands
    const label = titleBase + 'chat_room';  // a variable, not a request's path
    wx.request({ url: app.globalData.host + '/api/x', data: { kind: prefix + 'chat_msg' } });  // a value sent
    log(serverUrl + 'chat_message');  // no request
  },
});
"""


def test_a_bare_name_elsewhere_is_no_path(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/chat/chat"),
        "pages/chat/chat.js": _NOT_PATHS,
    })
    eps = _endpoints(engine, root)
    assert not {"chat_detail", "chat_history", "comment_added", "chat_room", "chat_msg", "chat_message"} & set(eps)


# ------------------------------------------------------------------ a map showing the user's position


def _location_entries(engine, root: Path) -> set[tuple[str, int]]:
    report = check([root], engine, Options())
    return {(e.signal_id, e.signal.location.line) for p in report.projects for e in p.evidence
            if "location" in e.features}


_MAPS = """\
<map latitude="0" longitude="0" show-location></map>
<map latitude="0" longitude="0" show-location="{{showLocation}}"></map>
<map latitude="0" longitude="0" show-location="true"></map>
<map latitude="0" longitude="0" show-location="false"></map>
<map latitude="0" longitude="0" show-location="{{false}}"></map>
<map latitude="0" longitude="0"></map>
"""


def test_a_map_that_shows_the_users_position_is_one_supporting_sign(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/map/map"),
        "pages/map/map.wxml": _MAPS,
        "pages/map/map.js": "Page({ data: { showLocation: true } });\n",
    })
    shown = {line for entry, line in _location_entries(engine, root) if entry == "loc.map_show_location"}
    # bare, bound, true, and "false" written as text: a string, which WXML reads as true (review23);
    # never bound to false, and not a map alone (a venue's)
    assert shown == {1, 2, 3, 4}
    # the page draws the position, the app is not handed it: with loc.map, one supporting sign (a
    # group), not the user's location by itself
    report = check([root], engine, Options())
    assert not any(f.id == "location" for p in report.projects for f in p.features)
    # beside another sign of it (the permission the manifest asks for), the user's location
    asked = make_project(tmp_path / "asked", {
        "app.json": ('{"pages": ["pages/map/map"], "permission": {"scope.userLocation": '
                     '{"desc": "show you on the map"}}}'),
        "pages/map/map.wxml": _MAPS,
        "pages/map/map.js": "Page({ data: { showLocation: true } });\n",
    })
    assert any(f.id == "location" for p in check([asked], engine, Options()).projects for f in p.features)


def test_a_map_alone_is_not_the_users_position(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/map/map"),
        "pages/map/map.wxml": '<map latitude="30" longitude="120" markers="{{markers}}"></map>\n',
        "pages/map/map.js": "Page({ data: { markers: [] } });\n",
    })
    report = check([root], engine, Options())
    assert not any(f.id == "location" for p in report.projects for f in p.features)


def test_a_vue_map_bound_to_show_the_position(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages.json": '{"pages": [{"path": "pages/map/map"}]}',
        "manifest.json": '{"name": "x", "mp-weixin": {"appid": "wx0"}}',
        "pages/map/map.vue": ('<template>\n  <map :latitude="lat" :longitude="lng" :show-location="true"></map>\n'
                              "</template>\n<script>\nexport default { data() { return { lat: 0, lng: 0 } } }\n"
                              "</script>\n"),
    })
    assert ("loc.map_show_location", 2) in _location_entries(engine, root)


# ------------------------------------------------------------------ a minified build's folder


def test_a_minified_builds_folder_is_vendored(engine, tmp_path: Path) -> None:
    # jyf-parser's dated release (a rich-text renderer): its template renders <ad> for whatever HTML
    # it is given, as the unminified copies under mp-html/ or jyf-parser/ do
    trees = ('<ad wx:elif="{{n.name==\'ad\'}}" unit-id="{{n.attrs[\'unit-id\']}}" binderror="error"/>\n')
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.wxml": "<parser html=\"{{html}}\" />\n",
        "pages/index/index.json": '{"usingComponents": {"parser": "/components/parser.20200731.min/parser"}}',
        "components/parser.20200731.min/parser.json": ('{"component": true, '
                                                       '"usingComponents": {"trees": "./trees/trees"}}'),
        "components/parser.20200731.min/parser.wxml": "<trees nodes=\"{{nodes}}\" />\n",
        "components/parser.20200731.min/trees/trees.json": '{"component": true}',
        "components/parser.20200731.min/trees/trees.wxml": trees,
    })
    report = check([root], engine, Options())
    ad = [e for p in report.projects for e in p.evidence if e.signal.location.path.endswith("trees/trees.wxml")]
    assert ad and all(e.signal.vendored for e in ad)  # read, as the renderer's (trees is the parser's component)
    assert not any(f.id == "ads" for p in report.projects for f in p.features)
    # the same template as the app's own component is an ad unit
    own = make_project(tmp_path / "own", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.wxml": "<trees nodes=\"{{nodes}}\" />\n",
        "pages/index/index.json": '{"usingComponents": {"trees": "/components/trees/trees"}}',
        "components/trees/trees.wxml": trees,
    })
    assert any(f.id == "ads" for p in check([own], engine, Options()).projects for f in p.features)


def test_a_folder_named_min_is_a_minified_build_but_a_folder_called_min_is_not() -> None:
    from zizhi.model import Project
    from zizhi.sources import vendored_reason

    project = Project(root=Path("/x"), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    assert vendored_reason(project, "components/parser.min/trees/trees.wxml", "wxml") == \
        "under a minified build's folder"
    assert vendored_reason(project, "pages/admin/index.wxml", "wxml") == ""
    assert vendored_reason(project, "pages/min/index.wxml", "wxml") == ""  # a folder called min


# ------------------------------------------------------------------ a PHP route in a query string

_PHP_ROUTES = """\
const app = getApp();
Page({
  save(e) {
    app.post({ url: app.apiHost + "?m=comment&a=save&ajax=1", data: e.detail.value });
    wx.request({ url: "index.php?m=Mall&c=Seller&a=getSellers" });
    wx.request({ url: host + "/api.php?act=post_add&id=3" });
    const label = "?m=chat&a=send";  // no request's path
    wx.request({ url: host + "?id=comment" });  // data, no route
    wx.navigateTo({ url: "/pages/comment/list?m=comment" });  // a page's route
  },
});
"""


def test_a_php_route_in_a_query_string_is_a_requests_path(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": _PHP_ROUTES,
    })
    eps = _endpoints(engine, root)
    assert eps["?m=comment&a=save&ajax=1"]["words"] == "comment save"
    assert eps["?m=comment&a=save&ajax=1"]["op"] == "write"
    assert eps["index.php?m=Mall&c=Seller&a=getSellers"]["words"] == "mall seller get sellers"
    assert eps["index.php?m=Mall&c=Seller&a=getSellers"]["op"] == ""
    assert eps["/api.php?act=post_add&id=3"]["words"] == "post add"
    assert not {"?m=chat&a=send", "?id=comment"} & set(eps)
    assert not any(name.startswith("/pages/") for name in eps)
