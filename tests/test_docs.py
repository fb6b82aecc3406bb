"""The generated rules page stays in step with the rule metadata."""

from __future__ import annotations

from pathlib import Path

from zizhi.cli import rules_markdown
from zizhi.engine import load_engine

ROOT = Path(__file__).resolve().parents[1]


def test_rules_page_is_current() -> None:
    engine = load_engine()
    expected = rules_markdown(engine)
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `zizhi rules --format markdown > docs/rules.md`"


def test_every_rule_has_docs_in_both_languages() -> None:
    engine = load_engine()
    for rule in engine.rules:
        for field in ("title", "what", "why", "how"):
            assert getattr(rule, f"{field}_en").strip(), f"{rule.code} has no English {field}"
            assert getattr(rule, f"{field}_zh").strip(), f"{rule.code} has no Chinese {field}"
        assert rule.code.startswith("ZZ") and len(rule.code) == 5


def test_every_licence_has_a_rule_and_official_chinese_name() -> None:
    engine = load_engine()
    for lid, lic in engine.policy.licences.items():
        rule = engine.rules.get(lic["rule"])
        assert rule is not None and rule.data.get("licence") == lid
        assert any("\u4e00" <= ch <= "\u9fff" for ch in lic["name_zh"])
