"""The default fail level is ``warning``: a ``required`` (error) or ``likely`` (warning) obligation not
held fails the run, a ``depends`` one (a note) does not. ``fail_on`` in a project's config and
``--fail-on`` change it; writing a baseline exits 0."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_project

LIVE = '<live-pusher url="rtmp://push.example.com/live/room1" enable-camera autopush />\n'
FILED = '[holdings]\nICP_FILING = "粤ICP备2026000001号-1X"\n'


def levels(report: dict) -> dict[str, str]:
    return {f["obligation"]: f["severity"] for p in report["projects"] for f in p["findings"]}


def test_a_likely_obligation_not_held_fails_by_default(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": LIVE, "zizhi.toml": FILED})
    code, report = run.report(root)
    assert levels(report)["SECURITY_ASSESSMENT"] == "warning"  # likely
    assert "error" not in levels(report).values()
    assert code == 1


def test_depends_obligations_are_notes_and_do_not_fail(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": LIVE,
                                         "zizhi.toml": FILED + 'SECURITY_ASSESSMENT = "filed 2026-01"\n'})
    code, report = run.report(root)
    assert set(levels(report).values()) == {"note"}  # CULTURE, AVSP and 社交-直播 depend on the stream
    assert {"CULTURE", "AVSP"} <= set(levels(report))
    assert code == 0


def test_config_and_option_change_the_level(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": LIVE,
                                         "zizhi.toml": 'fail_on = "error"\n' + FILED})
    assert run.report(root)[0] == 0  # the project asked for errors only
    assert run.report(root, "--fail-on", "warning")[0] == 1
    assert run.report(root, "--fail-on", "note")[0] == 1
    assert run.report(root, "--fail-on", "never")[0] == 0


def test_each_project_fails_by_its_own_level(run, tmp_path: Path) -> None:
    relaxed = make_project(tmp_path / "repo" / "relaxed", {"pages/index/index.wxml": LIVE,
                                                            "zizhi.toml": 'fail_on = "never"\n'})
    strict = make_project(tmp_path / "repo" / "strict", {"pages/index/index.wxml": LIVE, "zizhi.toml": FILED})
    assert run.report(relaxed)[0] == 0
    assert run.report(relaxed, strict)[0] == 1  # strict's likely obligation fails, whatever relaxed says


def test_writing_a_baseline_exits_0(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.wxml": LIVE})
    baseline = tmp_path / "b.json"
    code, out = run("check", root, "--write-baseline", baseline, "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["error"] == 1  # the report is unchanged: ZZ100 is still shown
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["entries"]) == 5
    assert run.report(root, "--baseline", baseline)[0] == 0
