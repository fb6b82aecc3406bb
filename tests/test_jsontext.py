"""The JSON report's encoder writes what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zizhi.report.jsontext import dumps_indented

_keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.text(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.tuples(inner, inner), st.dictionaries(_keys, inner, max_size=5)), max_leaves=40)


def _same(value: object) -> None:
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2)
    except (TypeError, ValueError) as exc:
        with pytest.raises(type(exc)):
            dumps_indented(value)
        return
    assert dumps_indented(value) == expected


@settings(max_examples=400, deadline=None)
@given(_values)
def test_the_same_text_as_the_standard_library(value: object) -> None:
    _same(value)


class _Level(str, enum.Enum):
    HIGH = "high"


class _Count(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize("value", [
    {}, [], (), "", 0, -0.0, 1e300, math.inf, -math.inf, math.nan, True, None, "中文\u2028\x00\"\\",
    {"a": [], "b": {}, "c": [{}], "d": [[1, [2, {"e": None}]]]},
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    {"enum": _Level.HIGH, _Level.HIGH: _Count.ONE, "int enum": [_Count.ONE]},
    {"not json": object()}, [{1, 2}], {(1, 2): "tuple key"}, b"bytes",
])
def test_edge_values_and_errors_as_the_standard_library(value: object) -> None:
    _same(value)


def test_a_cycle_is_refused_as_the_standard_library_does() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(cycle)


class _Float(float):
    def __repr__(self) -> str:
        return "not a number"


class _Int(int):
    def __repr__(self) -> str:
        return "not a number"


def _nested(depth: int) -> object:
    value: object = "deep"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@pytest.mark.parametrize("value", [
    pytest.param(10 ** 5000, id="beyond int's string limit: a ValueError either way"),
    -(10 ** 300), 2 ** 63, 5e-324, _Float(1.5), _Int(7), {_Int(3): _Float(2.5)},
    "\ud800", "a\udfffb", {"\udcff": "\ud83d"}, "\u2028\u2029\x7f\x1f\x00\ufeff",
    _nested(400),
])
def test_unusual_scalars_and_depth_as_the_standard_library(value: object) -> None:
    _same(value)


@pytest.mark.parametrize("text", ['"}, "injected": true, "x": "', '\\"\n}\n{', "</script><!--", "\u2028"])
def test_text_from_the_repository_stays_inside_its_string(text: str) -> None:
    """Report text comes from the scanned repository: whatever it holds, it is one JSON string."""
    value = {"message": text, "evidence": [text, {text: text}]}
    assert json.loads(dumps_indented(value)) == value
