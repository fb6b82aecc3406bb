"""Review of detection round 10: a page's state is no request's data; a composer with enough
signals of its own comes before one its name makes up; catalogue checks of ``also`` and ``field``."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from conftest import app_json, feature, features, make_project
from conftest import scan_dict as scan
from zizhi.catalogue import Catalogue, DataError, load_toml
from zizhi.context import Options
from zizhi.engine import check, load_engine
from zizhi_plugins.catalogue import HERE as CATALOGUE_DIR


@pytest.fixture(scope="module")
def engine():
    return load_engine()


GET_USER_INFO = "wx.getUserInfo({ success: (res) => console.log(res.userInfo) })\n"


@pytest.mark.parametrize("script", [
    # a page's definition beside a key named like a target: its data is what the page shows
    "Page({ path: '/pages/me/me', data: { nickName: '', avatarUrl: '' } })\n",
    "Page({ api: require('../../api'), data: { nickname: '' } })\n",
    "Component({ name: 'me', data: { avatar: '' } })\n",
    "const def = { name: 'me', data: { nickname: '' }, methods: {} }\nComponent(def)\n",
    "export default { name: 'Mine', data: { nickname: '' } }\n",
    # a route's query is where the app goes, not what it sends
    "this.$router.push({ path: '/me', query: { nickname: 'x' } })\n",
])
def test_a_pages_state_or_a_route_is_no_request_field(engine, tmp_path: Path, script: str) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": GET_USER_INFO + script,
    })
    report = scan(engine, root)
    assert not any(e["signal"] == "profile.request_field" for f in report["projects"][0]["features"]
                   for e in f["evidence"])
    assert "user_profile" not in features(report)


def test_the_request_field_still_counts_beside_a_page_definition(engine, tmp_path: Path) -> None:
    # the page's own request, inside a method of its definition, still sends the profile
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": GET_USER_INFO + "Page({ path: '/me', data: { nickname: '' },\n"
                                "  save(u) { wx.request({ url: 'https://x.cn/user', method: 'POST', "
                                "data: { nickname: u.nickName } }) } })\n",
    })
    evidence = feature(scan(engine, root), "user_profile")["evidence"]
    assert [(e["signal"], e["line"]) for e in evidence if e["signal"] == "profile.request_field"] == [
        ("profile.request_field", 3)]


def _composer(page: str, saves: bool = False) -> dict[str, str]:
    save = " save() { db.collection('posts').add({ data: {} }) }," if saves else ""
    return {f"{page}.wxml": "<textarea placeholder='说点什么' bindinput='onText'/>\n"
                            "<view bindtap='pick'>添加图片</view>\n",
            f"{page}.js": f"Page({{{save} pick() {{ wx.chooseImage({{ count: 9 }}) }} }})\n"}


def test_a_composer_of_its_own_comes_before_one_its_name_makes_up(engine, tmp_path: Path) -> None:
    # pages/fabu/fabu sorts first, but pages/post/edit has all three signals: it is the composer shown
    files = {"app.json": app_json("pages/fabu/fabu", "pages/post/edit"),
             **_composer("pages/fabu/fabu"), **_composer("pages/post/edit", saves=True)}
    post = feature(scan(engine, make_project(tmp_path / "p", files)), "ugc_post")
    assert post["confidence"] == "medium"
    assert "because" not in post
    assert {e["path"] for e in post["evidence"]} == {"pages/post/edit.wxml", "pages/post/edit.js"}


def test_the_named_composer_alone_still_counts(engine, tmp_path: Path) -> None:
    files = {"app.json": app_json("pages/fabu/fabu", "pages/post/edit"),
             **_composer("pages/fabu/fabu"), **_composer("pages/post/edit")}
    post = feature(scan(engine, make_project(tmp_path / "p", files)), "ugc_post")
    assert post["because"] == "a composer in pages/fabu/fabu, named fabu"
    assert {e["path"] for e in post["evidence"]} == {"pages/fabu/fabu.wxml", "pages/fabu/fabu.js"}


def test_also_naming_an_unknown_feature_is_a_data_error() -> None:
    data = copy.deepcopy(load_toml(CATALOGUE_DIR / "catalogue.toml"))
    entry = next(v for v in data["vocabulary"] if v.get("also"))
    entry["also"] = ["ugc_psot"]  # a typo would show nothing, silently
    with pytest.raises(DataError, match="names unknown features \\['ugc_psot'\\]"):
        Catalogue().add(data, "cat")


def test_a_field_entry_names_keys_in_lower_case() -> None:
    # the reader emits a key lower-cased (nickName: → nickname): a name in another case never matches
    data = copy.deepcopy(load_toml(CATALOGUE_DIR / "catalogue.toml"))
    entry = next(s for s in data["signal"] if s["kind"] == "field")
    entry["names"] = [*entry["names"], "nickName"]
    with pytest.raises(DataError, match="nickName"):
        Catalogue().add(data, "cat")


def _fields(engine, root: Path) -> list[tuple[str, int]]:
    report = check([root], engine, Options())
    return [(s.name, s.location.line) for p in report.projects for s in p.signals if s.kind == "field"]


def test_request_fields_of_every_key_shape_and_not_values_or_strings(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": "Page({ save(u, nickname) {\n"
                                "  const note = 'avatar: the picture'  // nickname: in a comment\n"
                                "  wx.request({ url: '/a', data: { kind: 'avatar', 'nick_name': u.n } })\n"
                                "  wx.request({ url: '/b', data: { \"headImgUrl\" : u.h, nickname } })\n"
                                "  wx.request({ url: '/c', data: { user: { avatar: u.a } } })\n"  # nested: not read
                                "} })\n",
    })
    assert _fields(engine, root) == [("nick_name", 3), ("headimgurl", 4), ("nickname", 4)]


def test_a_table_of_keys_costs_a_bounded_number_of_looks(engine, tmp_path: Path, monkeypatch) -> None:
    import zizhi_plugins.semantic as semantic

    looks: list[int] = []
    real = semantic._request_field
    monkeypatch.setattr(semantic, "_request_field", lambda node: looks.append(1) or real(node))
    table = "const USERS = [\n" + ",\n".join(f"{{ nickname: 'n{i}', id: {i} }}" for i in range(3000)) + "\n]\n"
    request = "Page({ save(u) { wx.request({ url: '/u', data: { nickname: u.n } }) } })\n"
    # the request's key before the table: found at once, the table's keys never looked at
    first = make_project(tmp_path / "a", {"app.json": app_json("pages/index/index"),
                                          "pages/index/index.js": request + table})
    assert _fields(engine, first) == [("nickname", 1)]
    assert len(looks) == 1
    # 3,000 keys before it: the tree is asked about the first _MAX_FIELD_LOOKS only (time bounded)
    looks.clear()
    after = make_project(tmp_path / "b", {"app.json": app_json("pages/index/index"),
                                          "pages/index/index.js": table + request})
    assert _fields(engine, after) == []
    assert len(looks) == semantic._MAX_FIELD_LOOKS


def test_an_options_objects_keys_are_read_from_its_first_children_only(engine, tmp_path: Path) -> None:
    # a target key among the first 30 keys still makes the options a request's, however many follow;
    # and what is read is those first children, never a list of all (an object of 60,000 pairs
    # asked about 256 times wrapped 15 million nodes: 24 s against 1 s before the field reader)
    from tree_sitter import Parser

    import zizhi_plugins.semantic as semantic
    from zizhi_plugins.javascript import language_of

    many = ", ".join(f"k{i}: {i}" for i in range(2000))
    tree = Parser(language_of("js")).parse(f"const o = {{ url: '/u', data: {{ nickname: 1 }}, {many} }}\n".encode())
    obj = tree.root_node.named_child(0).named_child(0).child_by_field_name("value")
    first = semantic._first_named(obj, 30)
    assert [semantic._key_of(p) for p in first[:3]] == ["url", "data", "k0"] and len(first) == 30
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index"),
        "pages/index/index.js": f"const o = {{ url: '/u', data: {{ nickname: 1 }}, {many} }}\nwx.request(o)\n",
    })
    assert _fields(engine, root) == [("nickname", 1)]
