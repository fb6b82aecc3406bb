"""Review of round 15's camelCase template attributes (``openType`` is ``open-type``): the alias never
replaces an attribute the tag writes itself, so an ``attrs_not`` of the catalogue cannot be bypassed by
it, and the tokenizer reads as html.parser does unless the alias is asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import features, make_project
from conftest import scan_dict as scan
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
