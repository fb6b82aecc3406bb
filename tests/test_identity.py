"""Finding identity = project (root relative to the repository, and platform) + rule + subject +
evidence: distinct across projects in every machine format, in baselines and ``--diff``; baselines
of the first format keep working."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PROJECT_CONFIG, copy_fixture, write_files
from gitrepo import APP, commit, git, make_repo

AD = '<ad unit-id="adunit-1" ad-type="banner" />\n'


def two_apps(tmp_path: Path) -> Path:
    """A repository holding two identical mini-programs, appA/ and appB/ (each needs ICP_FILING)."""
    root = make_repo(tmp_path / "repo", sub="appA")
    write_files(root / "appB", dict(APP))
    commit(root, "appB")
    return root


def test_gitlab_and_sarif_identities_differ_across_projects(run, tmp_path: Path) -> None:
    root = two_apps(tmp_path)
    _, out = run("check", root, "--format", "gitlab")
    issues = json.loads(out)
    filing = [i for i in issues if i["check_name"] == "ZZ100"]
    assert sorted(i["location"]["path"] for i in filing) == ["appA/app.json", "appB/app.json"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    _, out = run("check", root, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert len({r["partialFingerprints"]["zizhiIdentity/v2"] for r in results}) == len(results)
    assert {r["properties"]["project"] for r in results if r["ruleId"] == "ZZ100"} == {"appA", "appB"}


def test_json_fingerprints_and_markdown_headings_name_each_project(run, tmp_path: Path) -> None:
    root = two_apps(tmp_path)
    _, report = run.report(root)
    fps = [f["fingerprint"] for p in report["projects"] for f in p["findings"]]
    assert len(fps) >= 2 and len(set(fps)) == len(fps)
    _, out = run("check", root, "--format", "markdown")
    headings = re.findall(r"^### (.*)$", out, re.M)
    assert len(headings) == 2
    assert "appA" in headings[0] and "appB" in headings[1], headings


def test_identity_differs_per_platform_of_one_root(run, tmp_path: Path) -> None:
    """A uni-app project built for WeChat and Alipay is two projects with one root."""
    root = copy_fixture("uniapp", tmp_path)
    _, report = run.report(root)
    assert {p["platform"] for p in report["projects"]} == {"wechat", "alipay"}
    by = {p["platform"]: {f["code"]: f["fingerprint"] for f in p["findings"]} for p in report["projects"]}
    shared = by["wechat"].keys() & by["alipay"].keys()
    assert shared  # e.g. the filing, in both builds
    assert all(by["wechat"][c] != by["alipay"][c] for c in shared)


def test_baseline_of_one_project_does_not_hide_another(run, tmp_path: Path) -> None:
    root = two_apps(tmp_path)
    baseline = root / "b.json"
    run("check", root / "appA", "--write-baseline", baseline)  # accept appA's findings only
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["zizhi_baseline"] == 2
    assert {(e["code"], e["project"], e["platform"]) for e in data["entries"]} == {("ZZ100", "appA", "wechat")}
    _, report = run.report(root, "--baseline", baseline)
    assert [(p["root"], [f["code"] for f in p["findings"]]) for p in report["projects"]] == [
        ("appA", []), ("appB", ["ZZ100"])]
    assert report["filtered"]["baselined"] == 1


def test_a_format_1_baseline_still_works_and_is_rewritten_as_format_2(run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"pages/index/index.wxml": AD})
    baseline = root / "old.json"
    # As zizhi wrote it before: "project" is the scanned folder, no platform.
    baseline.write_text(json.dumps({"zizhi_baseline": 1, "tool": "zizhi 0.1.0", "entries": [
        {"code": "ZZ100", "subject": "ICP_FILING", "project": "app", "evidence": [], "severity": "error",
         "message": "x"},
        {"code": "ZZ101", "subject": "ICP_B25", "project": "app", "evidence": ["app/pages/index/index.wxml#ad"],
         "severity": "error", "message": "y"}]}), encoding="utf-8")
    code, report = run.report(root / "app", "--baseline", baseline)
    assert code == 0 and report["filtered"]["baselined"] == 2
    assert report["filtered"]["stale_baseline_entries"] == []
    run("check", root / "app", "--write-baseline", baseline)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["zizhi_baseline"] == 2 and {e["platform"] for e in data["entries"]} == {"wechat"}
    code, report = run.report(root / "app", "--baseline", baseline)
    assert code == 0 and report["filtered"]["baselined"] == 2


def test_diff_sees_a_new_project_beside_an_identical_one(run, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", sub="appA")
    write_files(root / "appB", {**APP, "project.config.json": PROJECT_CONFIG})
    git(root, "add", "-A")  # staged, not committed: appB is what the change adds
    _, report = run.report(root, "--diff", "HEAD")
    assert [(p["root"], [f["code"] for f in p["findings"]]) for p in report["projects"]] == [
        ("appA", []), ("appB", ["ZZ100"])]
