"""Filters after compare: inline suppressions, baselines and ``--diff`` — on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import findings, make_project, project, write_files
from gitrepo import commit, make_repo

AD = '<ad unit-id="adunit-1" ad-type="banner" />\n'
VOIP = "wx.joinVoIPChat({ roomType: 'voice' })"


def codes(report: dict) -> list[str]:
    return sorted(f["code"] for p in report["projects"] for f in p["findings"])


# --- suppressions -------------------------------------------------------------------------------------------


def test_next_line_suppression_with_reason(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": (
        "Page({ onLoad() {\n"
        "  // zizhi-disable-next-line ZZ103, ZZ120, ZZ201 -- voice rooms run on the vendor's B22 (contract 17)\n"
        f"  {VOIP}\n}} }})\n")})
    _, report = run.report(root)
    assert codes(report) == ["ZZ100"]
    hidden = project(report)["suppressed"]
    assert {h["code"] for h in hidden} == {"ZZ103", "ZZ120", "ZZ201"}
    assert all(h["reason"] == "voice rooms run on the vendor's B22 (contract 17)" for h in hidden)
    assert all(h["comment"] == "pages/index/index.js:2" for h in hidden)
    assert report["filtered"]["suppressed"] == 3


def test_same_line_and_block_comment_suppressions(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": (
        f"Page({{ onLoad() {{\n  {VOIP} // zizhi-disable-line ZZ103 -- vendor licence\n"
        f"  {VOIP} /* zizhi-disable-line ZZ120 -- no public rooms */\n}} }})\n")})
    _, report = run.report(root)
    assert "ZZ103" not in codes(report) and "ZZ120" not in codes(report)
    assert "ZZ201" in codes(report)  # not named by either comment


def test_wxml_suppression(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": (
        f"<view>x</view>\n<!-- zizhi-disable-next-line ZZ101 -- ads go before launch, ticket 42 -->\n{AD}")})
    _, report = run.report(root)
    assert codes(report) == ["ZZ100"]
    assert project(report)["suppressed"][0]["reason"] == "ads go before launch, ticket 42"


def test_suppression_applies_to_any_line_of_evidence(run, tmp_path: Path) -> None:
    # The ZZ103 finding sits on its first piece of evidence (index.js); the comment is on another (room.js).
    root = make_project(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index", "pages/room/room"]}',
        "pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n",
        "pages/room/room.wxml": "<view/>\n",
        "pages/room/room.js": ("Page({ go() {\n  // zizhi-disable-next-line ZZ103 -- vendor B22\n"
                               "  wx.onVoIPChatMembersChanged(() => {})\n} })\n"),
    })
    _, report = run.report(root, "--no-suppressions")
    (b22,) = findings(report, "ZZ103")
    assert b22["path"] == "pages/index/index.js"
    assert ("pages/room/room.js", 3) in {(e["path"], e["line"]) for e in b22["evidence"]}
    _, report = run.report(root)
    assert "ZZ103" not in codes(report)


def test_suppression_without_reason_is_a_finding_and_suppresses_nothing(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": f"<!-- zizhi-disable-next-line ZZ101 -->\n{AD}"})
    _, report = run.report(root)
    assert "ZZ101" in codes(report)
    (zz020,) = findings(report, "ZZ020")
    assert (zz020["path"], zz020["line"], zz020["severity"]) == ("pages/index/index.wxml", 1, "warning")
    assert "reason" in zz020["message"]
    assert not findings(report, "ZZ021")


def test_unused_suppression_is_a_finding(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": (
        "// zizhi-disable-next-line ZZ103 -- vendor licence\nconsole.log('no call here')\n"
        "// zizhi-disable-line -- no code named\n")})
    _, report = run.report(root)
    unused = findings(report, "ZZ021")
    assert [(f["path"], f["line"]) for f in unused] == [("pages/index/index.js", 1), ("pages/index/index.js", 3)]
    assert "no rule code" in unused[1]["message"]


def test_unused_suppression_of_a_rule_switched_off_is_quiet(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": "// zizhi-disable-next-line ZZ103 -- x\nPage({})\n"})
    _, report = run.report(root, "--ignore", "ZZ103")
    assert not findings(report, "ZZ021")


def test_no_suppressions_audits_them(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": (
        f"<!-- zizhi-disable-next-line ZZ101 -- reason -->\n{AD}<!-- zizhi-disable-next-line ZZ101 -->\n")})
    _, report = run.report(root, "--no-suppressions")
    assert codes(report) == ["ZZ100", "ZZ101"]
    assert report["filtered"]["suppressed"] == 0


def test_suppression_in_a_string_or_plain_text_is_not_one(run, tmp_path: Path) -> None:
    wxml = f"<text>zizhi-disable-next-line ZZ101 -- x</text>\n{AD}"
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": wxml})
    _, report = run.report(root)
    assert "ZZ101" in codes(report) and not findings(report, "ZZ021")


# --- baselines ----------------------------------------------------------------------------------------------


@pytest.fixture
def ad_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"pages/index/index.wxml": f"<view>x</view>\n{AD}"})


def test_baseline_hides_todays_findings(run, ad_repo: Path) -> None:
    app, baseline = ad_repo / "app", ad_repo / "zizhi-baseline.json"
    code, _ = run("check", app, "--write-baseline", baseline, "--format", "json")
    assert code == 0  # the findings were just accepted: writing the baseline is not a failure
    assert "wrote 2 finding(s)" in run.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert {(e["code"], e["subject"], e["project"]) for e in data["entries"]} == {
        ("ZZ100", "ICP_FILING", "app"), ("ZZ101", "ICP_B25", "app")}
    assert data["entries"][1]["evidence"] == ["app/pages/index/index.wxml#ad"]  # no line numbers
    code, report = run.report(app, "--baseline", baseline)
    assert code == 0 and codes(report) == []
    assert report["filtered"]["baselined"] == 2 and report["filtered"]["stale_baseline_entries"] == []
    assert f"zizhi: left out: 2 in the baseline {baseline}" in run.stderr


def test_baseline_survives_code_that_moved(run, ad_repo: Path) -> None:
    app, baseline = ad_repo / "app", ad_repo / "b.json"
    run("check", app, "--write-baseline", baseline)
    # Lines move within the file, and the ad moves to a second page.
    write_files(app, {
        "pages/index/index.wxml": "<view>a</view>\n\n<view>b</view>\n" + AD,
        "app.json": '{"pages": ["pages/index/index", "pages/other/other"]}',
        "pages/other/other.wxml": AD, "pages/other/other.js": "Page({})\n",
    })
    commit(ad_repo, "move things around")
    code, report = run.report(app, "--baseline", baseline)
    assert code == 0 and codes(report) == []


def test_baseline_still_fails_on_new_findings(run, ad_repo: Path) -> None:
    app, baseline = ad_repo / "app", ad_repo / "b.json"
    run("check", app, "--write-baseline", baseline)
    write_files(app, {"pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n"})
    code, report = run.report(app, "--baseline", baseline, "--fail-on", "warning")
    assert code == 1
    assert codes(report) == ["ZZ103", "ZZ120", "ZZ201"]
    assert report["filtered"]["baselined"] == 2


def test_baseline_reports_stale_entries(run, ad_repo: Path) -> None:
    app, baseline = ad_repo / "app", ad_repo / "b.json"
    run("check", app, "--write-baseline", baseline)
    write_files(app, {"pages/index/index.wxml": "<view>no more ads</view>\n"})
    code, report = run.report(app, "--baseline", baseline)
    assert code == 0
    stale = report["filtered"]["stale_baseline_entries"]
    assert [(e["code"], e["subject"]) for e in stale] == [("ZZ101", "ICP_B25")]
    assert "1 stale baseline entry (prune with --write-baseline)" in run.stderr


def test_baseline_does_not_hide_a_stronger_obligation(run, tmp_path: Path) -> None:
    from zizhi.baseline import match
    from zizhi.identity import Identity
    from zizhi.model import Finding, Location, Severity

    ident = Identity("ZZ101", "ICP_B25", "app", ("app/a.js#wx.x",))
    f = Finding("ZZ101", Severity.ERROR, "", "", Location("a.js", 1), obligation="ICP_B25")
    matched, new, unused = match([(ident, Severity.ERROR, f)], [(ident, Severity.WARNING)])
    assert (matched, new, unused) == ([], [f], [0])
    matched, new, unused = match([(ident, Severity.WARNING, f)], [(ident, Severity.ERROR)])
    assert (matched, new, unused) == ([f], [], [])


@pytest.mark.parametrize("content", ["not json", '{"entries": []}', '{"zizhi_baseline": 1, "entries": [{"code": 1}]}'])
def test_bad_baseline_is_exit_2(run, ad_repo: Path, content: str) -> None:
    baseline = ad_repo / "b.json"
    baseline.write_text(content, encoding="utf-8")
    code, _ = run("check", ad_repo / "app", "--baseline", baseline)
    assert code == 2 and "baseline" in run.stderr


def test_missing_baseline_is_exit_2(run, ad_repo: Path) -> None:
    code, _ = run("check", ad_repo / "app", "--baseline", ad_repo / "nope.json")
    assert code == 2 and "nope.json" in run.stderr


# --- --diff -------------------------------------------------------------------------------------------------


def test_diff_reports_only_what_the_working_tree_adds(run, ad_repo: Path) -> None:
    app = ad_repo / "app"
    write_files(app, {"pages/index/index.js": f"// index page\nPage({{\n  onLoad() {{\n    {VOIP}\n  }}\n}})\n"})
    code, report = run.report(app, "--diff", "HEAD", "--fail-on", "warning")
    assert code == 1
    assert codes(report) == ["ZZ103", "ZZ120", "ZZ201"]  # not ZZ100/ZZ101: they existed at HEAD
    assert report["filtered"]["unchanged"] == 2 and report["filtered"]["diff"] == "HEAD"
    assert "zizhi: left out: 2 existing before HEAD" in run.stderr
    b22 = findings(report, "ZZ103")[0]
    assert (b22["path"], b22["line"]) == ("pages/index/index.js", 4)


def test_diff_covers_commits_since_rev(run, ad_repo: Path) -> None:
    app = ad_repo / "app"
    write_files(app, {"pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n"})
    commit(ad_repo, "voice room")
    _, report = run.report(app, "--diff", "HEAD~1")
    assert codes(report) == ["ZZ103", "ZZ120", "ZZ201"]
    _, report = run.report(app, "--diff", "HEAD")
    assert codes(report) == []


def test_diff_ignores_code_that_moved(run, ad_repo: Path) -> None:
    app = ad_repo / "app"
    write_files(app, {"pages/index/index.wxml": "<view>x</view>\n<view>new</view>\n\n" + AD})
    code, report = run.report(app, "--diff", "HEAD")
    assert code == 0 and codes(report) == []
    assert report["filtered"]["unchanged"] == 2


def test_diff_counts_a_licence_dropped_from_the_config(run, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"pages/index/index.wxml": AD,
                                         "zizhi.toml": '[holdings]\nICP_B25 = "粤B2-1"\nICP_FILING = "x"\n'})
    write_files(repo / "app", {"zizhi.toml": '[holdings]\nICP_FILING = "x"\n'})
    _, report = run.report(repo / "app", "--diff", "HEAD")
    assert codes(report) == ["ZZ101"]


def test_diff_with_a_project_added_since_rev(run, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_files(repo / "second", {"project.config.json": '{"compileType": "miniprogram"}',
                                  "app.json": '{"pages": ["pages/a/a"]}', "pages/a/a.wxml": AD})
    _, report = run.report(repo / "second", "--diff", "HEAD")
    assert codes(report) == ["ZZ100", "ZZ101"]


def test_diff_outside_git_is_exit_2(run, tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write_files(root, {"project.config.json": '{"compileType": "miniprogram"}', "app.json": '{"pages": []}'})
    code, out = run("check", root, "--diff", "HEAD")
    assert code == 2 and out == ""
    assert "not inside a git repository" in run.stderr


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD~7", "--output=x"])
def test_diff_unknown_rev_is_exit_2(run, ad_repo: Path, rev: str) -> None:
    code, out = run("check", ad_repo / "app", f"--diff={rev}")
    assert code == 2 and out == ""
    assert "revision" in run.stderr


def test_diff_leaves_the_repository_alone(run, ad_repo: Path) -> None:
    from gitrepo import git

    before = git(ad_repo, "status", "--porcelain"), git(ad_repo, "worktree", "list")
    run("check", ad_repo / "app", "--diff", "HEAD")
    assert (git(ad_repo, "status", "--porcelain"), git(ad_repo, "worktree", "list")) == before


def test_filtered_reports_fit_the_report_schema(run, ad_repo: Path) -> None:
    import jsonschema

    from conftest import SCHEMAS

    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    app, baseline = ad_repo / "app", ad_repo / "b.json"
    run("check", app, "--write-baseline", baseline)
    write_files(app, {"pages/index/index.wxml": "<view>no more ads</view>\n",
                      "pages/index/index.js": (f"// zizhi-disable-next-line ZZ201 -- console category chosen\n"
                                               f"Page({{ onLoad() {{ {VOIP} }} }})\n// zizhi-disable-line ZZ101\n")})
    _, report = run.report(app, "--baseline", baseline, "--diff", "HEAD")
    jsonschema.validate(report, schema)
    assert report["report_version"] == "1.2"
    f = report["filtered"]
    assert (f["suppressed"], f["baselined"], len(f["stale_baseline_entries"])) == (1, 1, 1)
    assert codes(report) == ["ZZ020", "ZZ103", "ZZ120"]
    assert all(len(x["fingerprint"]) == 32 for x in project(report)["findings"])


def test_baseline_entries_of_rules_not_selected_are_not_stale(run, ad_repo: Path) -> None:
    app, baseline = ad_repo / "app", ad_repo / "b.json"
    run("check", app, "--write-baseline", baseline)
    _, report = run.report(app, "--baseline", baseline, "--select", "ZZ101")
    assert report["filtered"]["baselined"] == 1 and report["filtered"]["stale_baseline_entries"] == []


def test_diff_ignores_code_moved_to_another_file(run, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n"})
    write_files(repo / "app", {
        "app.json": '{"pages": ["pages/index/index", "pages/room/room"]}',
        "pages/index/index.js": "Page({})\n",
        "pages/room/room.js": f"// moved here\nPage({{ onLoad() {{ {VOIP} }} }})\n",
        "pages/room/room.wxml": "<view/>\n",
    })
    commit(repo, "move the voice room to its own page")
    code, report = run.report(repo / "app", "--diff", "HEAD~1", "--fail-on", "note")
    assert code == 0 and codes(report) == []
    assert report["filtered"]["unchanged"] == 4
