"""Obligations from the policy pack, and what the config (zizhi.toml / [tool.zizhi]) changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    FIXTURES,
    copy_fixture,
    diagnostics,
    features,
    findings,
    obligations,
    project,
)

HOLD_FILING = '[holdings]\nICP_FILING = "粤ICP备2026000009号-1X"\n'


def with_config(tmp_path: Path, fixture: str, toml: str, name: str = "zizhi.toml") -> Path:
    root = copy_fixture(fixture, tmp_path)
    (root / name).write_text(toml, encoding="utf-8")
    return root


# ---------------------------------------------------------------- obligations


def test_plain_tool_needs_only_the_filing(run) -> None:
    code, report = run.report(EXAMPLES / "plain-tool")
    assert features(report) == set()
    obs = obligations(report)
    assert list(obs) == ["ICP_FILING"]
    ob = obs["ICP_FILING"]
    assert (ob["kind"], ob["level"], ob["held"], ob["rule"]) == ("filing", "required", False, "ZZ100")
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in findings(report)] == [
        ("ZZ100", "error", "app.json", 1)]
    assert code == 1


def test_plain_tool_with_the_filing_is_clean(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "plain-tool", HOLD_FILING)
    code, report = run.report(root)
    assert obligations(report)["ICP_FILING"]["held"] is True
    assert obligations(report)["ICP_FILING"]["held_as"] == "粤ICP备2026000009号-1X"
    assert findings(report) == []
    assert code == 0


def test_ads_make_icp_b25_likely(run) -> None:
    _, report = run.report(FIXTURES / "ads-banner")
    ob = obligations(report)["ICP_B25"]
    assert (ob["kind"], ob["level"], ob["held"]) == ("licence", "likely", False)
    assert [r["trigger"] for r in ob["because"]] == ["b25.ads"]
    assert ob["because"][0]["features"] == ["ads"]
    assert ob["because"][0]["condition"]["en"]  # "likely": the condition is spelled out
    assert [(e["path"], e["line"]) for e in ob["evidence"]] == [("pages/index/index.wxml", 2)]
    zz101 = findings(report, "ZZ101")
    assert [(f["severity"], f["path"], f["line"], f["obligation"]) for f in zz101] == [
        ("warning", "pages/index/index.wxml", 2, "ICP_B25")]
    assert "ICP_B25" in zz101[0]["message"] and zz101[0]["fix"]


def test_held_licence_is_not_a_finding(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", HOLD_FILING + 'ICP_B25 = "粤B2-20230001"\n')
    code, report = run.report(root)
    ob = obligations(report)["ICP_B25"]
    assert ob["held"] is True and ob["held_as"] == "粤B2-20230001"
    assert findings(report, "ZZ101") == []
    assert findings(report) == []
    assert code == 0


def test_individual_with_ads_is_not_flagged_for_icp_b25(run, tmp_path: Path) -> None:
    # Review 2026-11: ads -> B25 rests on agencies only, and WeChat opens 流量主 to personal mini-programs,
    # which cannot hold B25: an individual subject is flagged for neither the licence nor ZZ203.
    root = with_config(tmp_path, "ads-banner", 'subject = "individual"\n' + HOLD_FILING)
    code, report = run.report(root)
    assert project(report)["subject"] == "individual"
    assert "ICP_B25" not in obligations(report)
    assert findings(report, "ZZ203") == [] and findings(report, "ZZ101") == []
    assert code == 0


def test_enterprise_with_ads_keeps_icp_b25_likely_from_agencies(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", 'subject = "enterprise"\n' + HOLD_FILING)
    _, report = run.report(root)
    ob = obligations(report)["ICP_B25"]
    assert ob["level"] == "likely"
    assert "agencies" in ob["because"][0]["text"]["en"] and "individuals" in ob["because"][0]["condition"]["en"]
    assert [b["verified"] for b in ob["basis"] if b["law"] == "B25_AGENCY"] == ["secondary"]


def test_individual_with_a_paid_membership_cannot_hold_icp_b25(run) -> None:
    code, report = run.report(EXAMPLES / "ad-tool")  # individual; ads and a virtual-payment membership
    zz203 = findings(report, "ZZ203")
    assert [(f["severity"], f["obligation"], f["features"]) for f in zz203] == [
        ("error", "ICP_B25", ["virtual_payment"])]
    assert [r["trigger"] for r in obligations(report)["ICP_B25"]["because"]] == ["b25.virtual_goods"]
    assert code == 1


def test_individual_with_user_posts_cannot_choose_the_community_category(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", 'subject = "individual"\n' + HOLD_FILING)
    code, report = run.report(root)
    assert "ugc_post" in features(report)
    zz202 = findings(report, "ZZ202")
    assert [(f["severity"], f["obligation"]) for f in zz202] == [("error", "category:wechat:社交-社区/论坛")]
    assert "社交-社区/论坛" in zz202[0]["message"]
    assert findings(report, "ZZ203") == []  # the security assessment is open to individuals
    assert code == 1


def test_enterprise_with_user_posts_has_no_zz202(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", 'subject = "enterprise"\n' + HOLD_FILING)
    _, report = run.report(root)
    assert findings(report, "ZZ202") == []
    zz201 = findings(report, "ZZ201")
    assert [f["obligation"] for f in zz201] == ["category:wechat:社交-社区/论坛"]


def test_chosen_category_satisfies_the_obligation(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", HOLD_FILING + '\n[categories]\nwechat = ["社交-社区/论坛"]\n')
    _, report = run.report(root)
    ob = obligations(report)["category:wechat:社交-社区/论坛"]
    assert ob["held"] is True and ob["held_as"] == "社交-社区/论坛"
    assert findings(report, "ZZ201") == []


def test_alternative_category_satisfies_the_obligation(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", HOLD_FILING + '\n[categories]\nwechat = ["社交-笔记"]\n')
    _, report = run.report(root)
    ob = obligations(report)["category:wechat:社交-社区/论坛"]
    assert ob["held"] is True and ob["held_as"] == "社交-笔记"


def test_other_platform_category_does_not_count(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", HOLD_FILING + '\n[categories]\nalipay = ["社交-社区/论坛"]\n')
    _, report = run.report(root)
    assert obligations(report)["category:wechat:社交-社区/论坛"]["held"] is False


def test_ugc_without_moderation_is_zz401(run) -> None:
    _, report = run.report(FIXTURES / "ugc-post")
    ob = obligations(report)["control:content_security"]
    assert (ob["kind"], ob["held"]) == ("control", False)
    assert [f["severity"] for f in findings(report, "ZZ401")] == ["warning"]


# ---------------------------------------------------------------- rule selection and exit codes


def test_config_rules_ignore(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", '[rules]\nignore = ["ZZ101"]\n')
    _, report = run.report(root)
    assert findings(report, "ZZ101") == []
    assert findings(report, "ZZ100")  # other rules still apply
    assert obligations(report)["ICP_B25"]["held"] is False  # the obligation itself stays


def test_config_rules_select_prefix(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", '[rules]\nselect = ["ZZ2"]\n')
    _, report = run.report(root)
    assert {f["code"] for f in findings(report)} == {"ZZ201"}


def test_cli_ignore_and_select(run) -> None:
    _, report = run.report(FIXTURES / "ads-banner", "--ignore", "ZZ101")
    assert [f["code"] for f in findings(report)] == ["ZZ100"]
    _, report = run.report(FIXTURES / "ads-banner", "--select", "ZZ101")
    assert [f["code"] for f in findings(report)] == ["ZZ101"]


def test_severity_override(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", HOLD_FILING + '\n[rules]\nseverity = { ZZ101 = "error" }\n')
    code, report = run.report(root)
    assert [f["severity"] for f in findings(report, "ZZ101")] == ["error"]
    assert code == 1


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [(None, 1), ("error", 0), ("warning", 1), ("note", 1), ("never", 0)],  # default: warning
)
def test_fail_on_with_a_warning(run, tmp_path: Path, fail_on: str | None, expected: int) -> None:
    root = with_config(tmp_path, "ads-banner", HOLD_FILING)  # worst finding: ZZ101 warning
    args = ["check", root] + (["--fail-on", fail_on] if fail_on else [])
    code, _ = run(*args)
    assert code == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("never", 0)])
def test_fail_on_with_an_error(run, fail_on: str, expected: int) -> None:
    code, _ = run("check", EXAMPLES / "plain-tool", "--fail-on", fail_on)  # ZZ100 error
    assert code == expected


def test_fail_on_from_config(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", 'fail_on = "warning"\n' + HOLD_FILING)
    code, _ = run("check", root)
    assert code == 1
    code, _ = run("check", root, "--fail-on", "error")  # the command line wins
    assert code == 0


def test_fail_on_never_does_not_hide_usage_errors(run, tmp_path: Path) -> None:
    code, _ = run("check", tmp_path / "missing", "--fail-on", "never")
    assert code == 2


# ---------------------------------------------------------------- config files


def test_invalid_config_value_is_exit_2(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", 'subject = "company"\n')
    code, out = run("check", root)
    assert code == 2
    assert out == ""
    assert "subject" in run.stderr and "zizhi.toml" in run.stderr


def test_unknown_config_key_is_exit_2(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", 'subjects = "enterprise"\n')
    code, _ = run("check", root)
    assert code == 2
    assert "subjects" in run.stderr


def test_invalid_toml_is_exit_2(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", "subject = \n")
    code, _ = run("check", root)
    assert code == 2
    assert "invalid TOML" in run.stderr


def test_tool_zizhi_in_pyproject_is_read(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ugc-post", '[project]\nname = "x"\n\n[tool.zizhi]\nsubject = "individual"\n',
                       name="pyproject.toml")
    _, report = run.report(root)
    assert project(report)["config"].endswith("pyproject.toml")
    assert project(report)["subject"] == "individual"
    assert findings(report, "ZZ202")


def test_pyproject_without_tool_zizhi_is_not_a_config(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "ads-banner", '[project]\nname = "x"\n', name="pyproject.toml")
    _, report = run.report(root)
    assert project(report)["config"] is None
    assert project(report)["subject"] is None


def test_closest_config_wins(run, tmp_path: Path) -> None:
    outer = tmp_path / "repo"
    outer.mkdir()
    (outer / ".git").mkdir()
    (outer / "zizhi.toml").write_text('subject = "individual"\n', encoding="utf-8")
    root = copy_fixture("ads-banner", outer)
    (root / ".git").rmdir()  # let the search go up to the repository root
    _, report = run.report(root)
    assert project(report)["subject"] == "individual"  # found in the parent
    (root / "pyproject.toml").write_text('[tool.zizhi]\nsubject = "enterprise"\n', encoding="utf-8")
    _, report = run.report(root)
    assert project(report)["subject"] == "enterprise"  # the project's own file wins


def test_explicit_config_file(run, tmp_path: Path) -> None:
    cfg = tmp_path / "ci.toml"
    cfg.write_text('subject = "individual"\n', encoding="utf-8")
    _, report = run.report(FIXTURES / "ads-banner", "--config", cfg)
    assert project(report)["subject"] == "individual"
    code, _ = run("check", FIXTURES / "ads-banner", "--config", tmp_path / "nope.toml")
    assert code == 2 and "not found" in run.stderr


def test_ignore_paths_are_relative_to_the_project(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "pages-components", 'ignore_paths = ["components/**"]\n')
    _, report = run.report(root)
    assert "payment" not in features(report)
    # ... also when the project is scanned from a parent folder.
    _, report = run.report(tmp_path)
    assert "payment" not in features(report)


# ---------------------------------------------------------------- the bundled example


def test_voice_square(run) -> None:
    code, report = run.report(EXAMPLES / "voice-square")
    obs = obligations(report)
    assert {"ICP_B25", "MPC_B22", "SECURITY_ASSESSMENT"} <= set(obs)
    for lid in ("ICP_B25", "MPC_B22", "SECURITY_ASSESSMENT"):
        assert obs[lid]["held"] is False
        assert obs[lid]["level"] == "likely"
    conditions = [r["condition"]["en"] for r in obs["MPC_B22"]["because"] if r["condition"]]
    assert any("region" in c for c in conditions), conditions
    assert obs["ICP_FILING"]["held"] is True
    assert obs["category:wechat:社交-社区/论坛"]["held"] is True
    # The unregistered legacy page has an <ad> and a rewarded video: neither counts.
    assert "ads" not in features(report)
    assert [d["path"] for d in diagnostics(report, "ZZ008")] == ["pages/legacy/legacy"]
    assert not any(e["path"].startswith("pages/legacy/") for o in obs.values() for e in o["evidence"])
    assert {"ZZ101", "ZZ103", "ZZ120"} <= {f["code"] for f in findings(report)}
    # A social voice square on WeChat VoIP and 1-to-1 calls: closed to every 社交 category (ZZ205 errors).
    zz205 = findings(report, "ZZ205")
    assert sorted((f["obligation"], f["severity"], f["path"]) for f in zz205) == [
        ("gate:wechat.1v1_chat", "error", "pages/match/match.js"),
        ("gate:wechat.voip_room", "error", "pages/room/room.js")]
    assert all("社交-社区/论坛" in f["message"] and f["fix"] for f in zz205)
    assert code == 1


# ---------------------------------------------------------------- known bugs


def test_zz202_skips_depends_level_categories(run, tmp_path: Path) -> None:
    root = with_config(tmp_path, "wxml-live-pusher", 'subject = "individual"\n' + HOLD_FILING)
    _, report = run.report(root)
    assert obligations(report)["category:wechat:社交-直播"]["level"] == "depends"
    assert findings(report, "ZZ203") == []  # depends-level licences (AVSP, CULTURE) are skipped ...
    assert findings(report, "ZZ202") == []  # ... and so should the depends-level category be
