"""Review of detection round 9: yields that chain or loop, a copied bundle's address call, TypeScript's
type-only imports from Taro, context words in evidence gates, and what a catalogue's yield may name."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import copy_fixture, diagnostics, features, write_files
from conftest import scan_dict as scan
from zizhi.catalogue import Catalogue, DataError, load_toml
from zizhi.decide import _evidence_allows
from zizhi.engine import load_engine
from zizhi.model import Evidence, Feature, Location, Signal
from zizhi_plugins.features import _yield

CATALOGUE = Path(__file__).parent.parent / "plugins/zizhi_plugins/catalogue/catalogue.toml"


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _ev(signal_id: str, feature: str, strength: str = "strong", vendored: bool = False) -> Evidence:
    return Evidence(signal_id, Signal("api", signal_id, Location("pages/a/a.js", 1), vendored=vendored),
                    strength, "official", {feature: strength})


class _Ctx:
    def __init__(self, specs: dict[str, dict[str, Any]]):
        self.catalogue = SimpleNamespace(features=specs)
        self.notes: list[tuple[str, str]] = []

    def diagnose(self, code: str, message: str, *args: Any, **kwargs: Any) -> None:
        self.notes.append((code, message))


def test_yields_that_chain_or_loop_neither_crash_nor_lose_a_feature() -> None:
    project = SimpleNamespace(relroot=".")
    found = [Feature(i, "high", [_ev(f"x.{i}", i)]) for i in ("a", "b", "c")]
    # a -> b -> c: b joins c first when met first; a's target is gone then, and a stays
    ctx = _Ctx({"b": {"yields_to": "c"}, "a": {"yields_to": "b"}})
    out = _yield([found[1], found[0], found[2]], [], project, ctx)  # type: ignore[arg-type]
    assert {f.id for f in out} == {"a", "c"}
    assert {e.signal_id for f in out if f.id == "c" for e in f.evidence} == {"x.b", "x.c"}
    # a <-> b: one of them is reported, with the other's evidence; no feature is lost
    ctx = _Ctx({"a": {"yields_to": "b"}, "b": {"yields_to": "a"}})
    out = _yield(found[:2], [], project, ctx)  # type: ignore[arg-type]
    assert [f.id for f in out] == ["b"] and len(out[0].evidence) == 2 and len(ctx.notes) == 1


def test_a_copied_bundles_address_call_does_not_keep_the_payment() -> None:
    project = SimpleNamespace(relroot=".")
    ctx = _Ctx({"payment": {"yields_to": "virtual_payment", "yields_unless": ["loc.chooseAddress"]}})
    found = [Feature("payment", "high", [_ev("pay.request", "payment")]),
             Feature("virtual_payment", "low", [_ev("sem.virtual_payment.text", "virtual_payment", "semantic")])]
    vendored = [_ev("loc.chooseAddress", "location", "supporting", vendored=True)]
    assert [f.id for f in _yield(found, vendored, project, ctx)] == ["virtual_payment"]  # type: ignore[arg-type]
    own = [_ev("loc.chooseAddress", "location")]
    assert [f.id for f in _yield(found, own, project, ctx)] == ["payment", "virtual_payment"]  # type: ignore[arg-type]


def test_a_copied_map_sdk_in_a_membership_app_leaves_the_virtual_payment(engine, tmp_path: Path) -> None:
    root = copy_fixture("virtual-goods", tmp_path)
    write_files(root, {"libs/map.min.js": "var m={pick:function(){wx.chooseAddress({})}};module.exports=m\n",
                       "pages/index/index.js": "const map = require('../../libs/map.min.js')\n"
                                               "Page({ data: { credits: 0 }, goVip() { "
                                               "wx.navigateTo({ url: '/pages/vip/open' }) }, at() { map.pick() } })\n"})
    report = scan(engine, root)
    assert {"payment", "virtual_payment"} & features(report) == {"virtual_payment"}
    assert diagnostics(report, "ZZ015")


def test_context_words_are_no_evidence_for_an_evidence_gate() -> None:
    goods = _ev("sem.payment.goods.text", "payment", "context")
    project = SimpleNamespace(features=[Feature("payment", "high", [_ev("pay.request", "payment")])],
                              evidence=[goods])
    rule = {"features_any": ["payment"], "evidence_any": ["sem.payment.*"]}
    assert not _evidence_allows(rule, project, {"payment"})  # type: ignore[arg-type]


def _catalogue(extra: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(load_toml(CATALOGUE))
    payment = next(f for f in data["feature"] if f["id"] == "payment")
    payment.pop("yields_unless", None)
    payment.update(extra)
    return data


@pytest.mark.parametrize("extra, message", [
    ({"yields_to": "payment"}, "yields to itself"),
    ({"yields_to": "virtual_payment", "yields_unless": ["loc.chooseAdress"]}, "unknown entries"),
    ({"yields_to": "virtual_payment", "yields_unless": ["sem.nothing."]}, "unknown entries"),
])
def test_a_yield_names_what_is_there(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError, match=message):
        Catalogue().add(_catalogue(extra), origin="test")
    Catalogue().add(_catalogue({"yields_to": "virtual_payment", "yields_unless": ["loc.chooseAddress", "sem."]}),
                    origin="test")


def test_yields_unless_needs_a_yield() -> None:
    data = _catalogue({})
    next(f for f in data["feature"] if f["id"] == "payment").pop("yields_to", None)
    next(f for f in data["feature"] if f["id"] == "payment")["yields_unless"] = ["loc.chooseAddress"]
    with pytest.raises(DataError, match="yields_to"):
        Catalogue().add(data, origin="test")
