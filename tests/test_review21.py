"""Review of round 15's camelCase template attributes (``openType`` is ``open-type``): the alias is a
property's alone (never an event binding's, a directive argument's or a ``data-*`` name's), a Vue
binding's too (``:enableCamera``), spelled as Vue's ``hyphenate`` spells it, and never replaces an
attribute the tag writes itself, so an ``attrs_not`` of the catalogue cannot be bypassed by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import features, make_project
from conftest import scan_dict as scan
from test_round15 import uni_project
from zizhi.engine import load_engine
from zizhi.model import SourceFile
from zizhi_plugins.wxml.collector import Collector, start_tags


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _attrs(markup: str, kind: str = "wxml") -> dict[str, str]:
    """The attributes of the one component signal ``markup`` gives (``button`` or ``live-pusher``)."""
    rel = "pages/index/index." + kind
    file = SourceFile(Path("/x") / rel, rel, rel, kind, markup.encode(), markup)
    collector = Collector({"button", "live-pusher"}, file)
    collector.feed(markup)
    (signal,) = collector.signals
    return signal.attrs


def test_a_camel_case_property_is_also_its_kebab_case_name() -> None:
    attrs = _attrs('<button openType="getUserInfo" iOSMode="1" sizeL2="2"/>')
    assert attrs["open-type"] == attrs["opentype"] == "getUserInfo"
    # every capital a new word, as Vue's hyphenate and the runtime's dash-to-camel read it
    assert attrs["i-o-s-mode"] == "1" and "i-osmode" not in attrs
    assert attrs["size-l2"] == "2"


def test_event_bindings_directives_and_data_names_keep_html_parsers_name_alone() -> None:
    markup = ('<button bindGetUserInfo="a" catchTap="b" bind:getUserInfo="c" onGetAuthorize="d" '
              'captureBind:tap="e" data-userId="f" wx:forItem="g" @getPhoneNumber="h" v-on:getPhoneNumber="i" '
              'v-model:openType="j"/>')
    written = ["bindgetuserinfo", "catchtap", "bind:getuserinfo", "ongetauthorize", "capturebind:tap",
               "data-userid", "wx:foritem", "@getphonenumber", "v-on:getphonenumber", "v-model:opentype"]
    assert list(_attrs(markup)) == written
    # a Vue handler is the compiled template's event, in lower case (getphonenumber, not get-phone-number)
    vue = _attrs(markup, "vue-template")
    assert vue["bind:getphonenumber"] == "h" and not any("get-" in k for k in vue)


def test_a_vue_binding_of_a_camel_case_property_is_the_kebab_case_one() -> None:
    attrs = _attrs("""<button :openType="'getPhoneNumber'" v-bind:enableCamera="false"/>""", "vue-template")
    assert attrs[":open-type"] == "'getPhoneNumber'" and attrs["open-type"] == "{{'getPhoneNumber'}}"
    assert attrs["v-bind:enable-camera"] == "false" and attrs["enable-camera"] == "{{false}}"


def test_an_attribute_written_wins_over_a_camel_case_alias() -> None:
    # in either order: the alias is only for a name the tag does not write
    assert _attrs('<button open-type="contact" openType="getUserInfo"/>')["open-type"] == "contact"
    assert _attrs('<button openType="getUserInfo" open-type="contact"/>')["open-type"] == "contact"
    pusher = _attrs('<live-pusher mode="RTC" enable-camera="false" enableCamera="{{camera}}"/>')
    assert pusher["enable-camera"] == "false"
    # the tokenizer itself still reads as html.parser does unless the alias is asked for
    assert start_tags('<button openType="x"/>') == [("button", [("opentype", "x")], 1, 0)]


def test_a_written_open_type_is_not_replaced_by_a_camel_case_one(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.wxml": '<button open-type="contact" openType="getUserInfo">客服</button>\n',
    })
    assert "user_profile" not in features(scan(engine, root))


def test_a_vue_live_pusher_bound_without_its_camera_is_a_voice_call(engine, tmp_path: Path) -> None:
    # live-pusher in RTC mode with the camera off is rtc_voice (catalogue: attrs_not enable-camera = false on
    # the rtc_video entry); :enableCamera="false" says so as :enable-camera="false" does
    root = uni_project(tmp_path, {
        "pages/index/index.vue": '<template><live-pusher url="x" mode="RTC" :enableCamera="false" /></template>\n'
                                 "<script>\nexport default {}\n</script>\n",
    })
    found = features(scan(engine, root))
    assert "rtc_voice" in found and "rtc_video" not in found
