"""The JSON report honours its public schema; policy packs and catalogues are validated on load."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from conftest import EXAMPLES, FIXTURES, SCHEMAS
from zizhi.catalogue import Catalogue, DataError, load_toml
from zizhi.engine import load_engine
from zizhi.policy import PolicyPack
from zizhi_plugins.catalogue import HERE as CATALOGUE_DIR
from zizhi_plugins.policy_cn import PACK

PROJECTS = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) + sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def report_validator() -> Draft7Validator:
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _errors(validator: Draft7Validator, report: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_valid_against_its_meta_schema(path: Path) -> None:
    """zizhi.resources.validator trusts its schemas (no check on every run): this is their check."""
    from jsonschema.validators import validator_for

    schema = json.loads(path.read_text(encoding="utf-8"))
    validator_for(schema).check_schema(schema)


MANIFEST_SCHEMAS = ["app.schema.json", "game.schema.json", "page.schema.json", "project-config.schema.json"]


def _property_names(schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            names |= _property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names |= _property_names(value)
    return names


def _json_values() -> st.SearchStrategy[Any]:
    names = set().union(*(_property_names(json.loads((SCHEMAS / n).read_text())) for n in MANIFEST_SCHEMAS))
    keys = st.sampled_from([*sorted(names), "x"])
    leaves = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | \
        st.sampled_from(["", "a", "wechat", "custom", "default", "black", "white", "pages/index/index"])
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
                        max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MANIFEST_SCHEMAS), _json_values())
def test_plainly_valid_never_hides_an_error(name: str, instance: Any) -> None:
    """The shortcut that spares a run importing jsonschema says "valid" only when jsonschema finds
    no error (otherwise jsonschema decides, and its messages are the diagnostics)."""
    from zizhi.resources import load_schema, plainly_valid, validator

    if plainly_valid(load_schema(name), instance):
        assert not list(validator(name).iter_errors(instance))


def test_plainly_valid_takes_the_fixtures_valid_manifests() -> None:
    """It is not vacuous: the valid page and app JSON of the fixtures need no jsonschema."""
    from zizhi.resources import load_schema, plainly_valid, validator

    taken = 0
    for path in sorted(FIXTURES.rglob("*.json")) + sorted(EXAMPLES.rglob("*.json")):
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        name = {"app.json": "app.schema.json", "project.config.json": "project-config.schema.json",
                "game.json": "game.schema.json"}.get(path.name, "page.schema.json")
        valid = not list(validator(name).iter_errors(value))
        if plainly_valid(load_schema(name), value):
            assert valid, path
            taken += 1
    assert taken >= 50


def test_there_are_fixtures_and_examples() -> None:
    names = {p.name for p in PROJECTS}
    assert {"voice-square", "ad-tool", "plain-tool", "js-apis", "minigame"} <= names


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PROJECTS, ids=[p.name for p in PROJECTS])
def test_report_validates(run, report_validator, path: Path, lang: str) -> None:
    _, report = run.report(path, "--lang", lang)
    assert _errors(report_validator, report) == []
    assert report["lang"] == lang
    assert report["summary"]["projects"] == len(report["projects"])
    assert len({p["root"] for p in report["projects"]}) == 1  # one root; a uni-app root: one project per target


def test_multi_project_report_validates(run, report_validator) -> None:
    _, report = run.report(FIXTURES)
    assert _errors(report_validator, report) == []
    assert len({p["root"] for p in report["projects"]}) == len([p for p in FIXTURES.iterdir() if p.is_dir()])
    roots = {p["root"] for p in report["projects"]}
    assert {"js-apis", "minigame", "wxml-components"} <= roots
    # Paths are relative to the scanned folder.
    js = next(p for p in report["projects"] if p["root"] == "js-apis")
    assert {e["path"] for f in js["features"] for e in f["evidence"]} >= {"js-apis/pages/index/index.js"}


def test_summary_counts_match_findings(run) -> None:
    _, report = run.report(EXAMPLES / "voice-square")
    counts = {"error": 0, "warning": 0, "note": 0}
    for p in report["projects"]:
        for f in p["findings"]:
            counts[f["severity"]] += 1
    assert {k: report["summary"][k] for k in counts} == counts


def test_report_schema_rejects_a_broken_report(run, report_validator) -> None:
    _, report = run.report(EXAMPLES / "ad-tool")
    broken = copy.deepcopy(report)
    broken["projects"][0]["findings"][0]["code"] = "XX1"
    del broken["projects"][0]["features"][0]["evidence"][0]["line"]
    errors = _errors(report_validator, broken)
    assert len(errors) == 2


# ---------------------------------------------------------------- policy pack and catalogue


def test_builtin_policy_pack_and_catalogue_load() -> None:
    engine = load_engine()
    assert engine.policy.names == ["policy_cn"]
    assert {"ICP_FILING", "ICP_B25", "EDI_B21", "MPC_B22", "CULTURE", "AVSP", "PUBLISHING",
            "SECURITY_ASSESSMENT", "GENAI_FILING"} <= set(engine.policy.licences)
    assert engine.catalogue.entries
    assert {"ads", "payment", "live_streaming", "rtc_video", "game"} <= set(engine.catalogue.features)
    assert engine.catalogue.namespaces["wx"] == ["wechat", "qq"]  # (QQ's runtime is WeChat's, wx included)
    assert engine.catalogue.namespaces_for("qq", "native") == {"qq", "wx"}
    assert engine.catalogue.namespaces_for("wechat", "uni-app") == {"wx", "uni", "uniCloud"}
    assert engine.catalogue.namespaces_for("alipay", "taro") == {"my", "Taro"}
    assert engine.catalogue.namespaces_for("wechat", "native") == {"wx"}
    # Every trigger names something the pack defines.
    for trig in engine.policy.triggers:
        target = trig["obligation"]
        assert target.removeprefix("category:") in engine.policy.categories or target in engine.policy.licences


def test_pack_file_loads_on_its_own() -> None:
    pack = PolicyPack()
    pack.add(load_toml(PACK), "policy_cn")
    assert pack.checked["policy_cn"]
    assert all(lic["name_zh"] for lic in pack.licences.values())


def _pack() -> dict[str, Any]:
    return load_toml(PACK)


def test_licence_missing_name_zh_is_a_data_error() -> None:
    data = _pack()
    del data["licence"][1]["name_zh"]
    with pytest.raises(DataError) as info:
        PolicyPack().add(data, "x")
    message = str(info.value)
    assert "policy pack x" in message
    assert "name_zh" in message
    assert "licence/1" in message


def test_broken_pack_written_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "broken"\nversion = 1\nchecked = 2026-01-01\n\n[[licence]]\nid = "X_LICENCE"\n'
                    'kind = "licence"\nrule = "ZZ190"\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        PolicyPack().add(load_toml(path), str(path))
    assert str(path) in str(info.value)
    assert "required property" in str(info.value)


def test_trigger_naming_an_unknown_licence_is_a_data_error() -> None:
    data = _pack()
    data["trigger"][0]["obligation"] = "NO_SUCH_LICENCE"
    with pytest.raises(DataError, match="NO_SUCH_LICENCE"):
        PolicyPack().add(data, "x")


def test_licence_defined_twice_is_a_data_error() -> None:
    pack = PolicyPack()
    pack.add(_pack(), "first")
    second = _pack()
    second["name"] = "again"
    with pytest.raises(DataError, match="already defined"):
        pack.add(second, "second")


def test_licence_citing_an_unknown_law_is_a_data_error() -> None:
    data = _pack()
    data["licence"][0]["basis"] = [{"law": "NO_SUCH_LAW"}]
    with pytest.raises(DataError, match="NO_SUCH_LAW"):
        PolicyPack().add(data, "x")


def test_toml_syntax_error_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = ", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.toml"):
        load_toml(path)


def test_broken_catalogue_is_a_data_error() -> None:
    data = load_toml(CATALOGUE_DIR / "catalogue.toml")
    broken = copy.deepcopy(data)
    broken["signal"][0]["features"] = {"ads": "very strong"}
    with pytest.raises(DataError) as info:
        Catalogue().add(broken, "cat")
    assert "signal catalogue cat" in str(info.value) and "signal/0" in str(info.value)
    unknown = copy.deepcopy(data)
    unknown["signal"][0]["features"] = {"no_such_feature": "strong"}
    with pytest.raises(DataError, match="no_such_feature"):
        Catalogue().add(unknown, "cat")
    twice = copy.deepcopy(data)
    twice["signal"][1]["id"] = twice["signal"][0]["id"]
    with pytest.raises(DataError, match=f"{twice['signal'][0]['id']} is the id of another entry already"):
        Catalogue().add(twice, "cat")
    typo = copy.deepcopy(data)
    video = next(f for f in typo["feature"] if f["id"] == "video_platform")
    video["semantic_action_requires"] = {"api": ["ugc_psot"]}  # a typo would never match, silently
    with pytest.raises(DataError, match="video_platform names unknown features \\['ugc_psot'\\]"):
        Catalogue().add(typo, "cat")
    misread = copy.deepcopy(data)
    pay = next(f for f in misread["feature"] if f["id"] == "payment")
    pay["yields_to"] = "virtual_paymnet"  # reported as a feature nobody can find: payment would vanish
    with pytest.raises(DataError, match="payment names unknown features \\['virtual_paymnet'\\] in its semantic "
                                        "rule or yields_to"):
        Catalogue().add(misread, "cat")
