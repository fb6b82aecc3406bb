"""Strict config: unknown holdings ids, category platforms, rule codes in select/ignore/severity,
platforms, ``--platform`` values and keys are errors (exit 2) with "did you mean …" from the
known ids; a retired rule code (``zizhi.rules.RETIRED``) is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project


@pytest.mark.parametrize("toml, message", [
    ('[holdings]\nICP_FILLING = "粤ICP备1号"\n',
     "[holdings] ICP_FILLING: unknown licence or filing id (did you mean 'ICP_FILING'?)"),
    ('[categories]\nweixin = ["工具-信息查询"]\n',
     "[categories] weixin: unknown platform 'weixin' (did you mean 'wechat'?); known: alipay, baidu, douyin, "
     "kuaishou, qq, wechat"),
    ('platforms = ["alipy"]\n', "platforms: unknown platform 'alipy' (did you mean 'alipay'?)"),
    ('[rules]\nignore = ["ZZ999"]\n', "[rules] ignore: unknown rule code 'ZZ999' (did you mean 'ZZ099'?)"),
    ('[rules]\nselect = ["ZZ1", "ZZ9"]\n', "[rules] select: unknown rule code 'ZZ9'"),
    ('[rules]\nseverity = { ZZ777 = "note" }\n', "[rules] severity: unknown rule code 'ZZ777'"),
    ('subjet = "enterprise"\n', "unknown key 'subjet' (did you mean 'subject'?); known: subject, platforms"),
    ('[rules]\nignroe = ["ZZ101"]\n', "[rules] unknown key 'ignroe' (did you mean 'ignore'?)"),
])
def test_unknown_ids_in_the_config_are_exit_2(run, tmp_path: Path, toml: str, message: str) -> None:
    root = make_project(tmp_path / "p", {"zizhi.toml": toml})
    code, out = run("check", root)
    assert code == 2 and out == ""
    assert message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "Additional properties" not in run.stderr


def test_known_ids_and_prefixes_pass(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"zizhi.toml": (
        'platforms = ["wechat"]\n[holdings]\nICP_FILING = "粤ICP备2026000001号-1X"\n'
        '[categories]\nwechat = ["工具-信息查询"]\nalipay = []\n'
        '[rules]\nselect = ["ZZ1", "ZZ100"]\nignore = ["ZZ12"]\nseverity = { ZZ101 = "note" }\n')})
    code, report = run.report(root)
    assert code == 0 and report["projects"][0]["findings"] == []


@pytest.mark.parametrize("argv, message", [
    (["--select", "ZZ9999"], "--select ZZ9999: unknown rule code 'ZZ9999' (did you mean 'ZZ099'?)"),
    (["--ignore", "XX1"], "--ignore XX1: unknown rule code 'XX1'"),
    (["--platform", "weixin"], "--platform weixin: unknown platform 'weixin' (did you mean 'wechat'?)"),
    (["--platform", "Alipay"], "--platform Alipay: unknown platform 'Alipay' (did you mean 'alipay'?)"),
])
def test_unknown_ids_on_the_command_line_are_exit_2(run, tmp_path: Path, argv: list[str], message: str) -> None:
    root = make_project(tmp_path / "p", {})
    code, out = run("check", root, *argv)
    assert code == 2 and out == ""
    assert message in run.stderr, run.stderr


def test_known_command_line_ids_pass(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    code, _ = run.report(root, "--select", "ZZ1", "--ignore", "ZZ100", "--platform", "wechat")
    assert code == 0


def test_every_platform_plugin_names_its_platform() -> None:
    from zizhi.engine import load_engine

    known = load_engine().known()
    assert set(known.platforms) == {"wechat", "alipay", "douyin", "baidu", "qq", "kuaishou"}
    assert "ICP_FILING" in known.licences and "ZZ100" in known.codes


RETIRED_WARNING = ("rule ZZ011 (unsupported-platform) is retired: it reported projects of platforms zizhi has no "
                   "plugin for")


@pytest.mark.parametrize("argv", [["--ignore", "ZZ011"], ["--select", "ZZ1", "--select", "ZZ011"]])
def test_a_retired_code_on_the_command_line_is_a_warning(run, tmp_path: Path, argv: list[str]) -> None:
    """A command line written for an older zizhi still runs: the retired code is named, not an error."""
    root = make_project(tmp_path / "p", {})
    code, plain = run.report(root)
    code_named, report = run.report(root, *argv)
    assert code_named == code and report == plain
    option = argv[-2]
    assert f"zizhi: warning: {option} ZZ011: {RETIRED_WARNING}" in run.stderr, run.stderr
    assert "naming it has no effect" in run.stderr


@pytest.mark.parametrize("table", ['ignore = ["ZZ011"]', 'select = ["ZZ1", "ZZ011"]',
                                   'severity = { ZZ011 = "note" }'])
def test_a_retired_code_in_the_config_is_a_warning(run, tmp_path: Path, table: str) -> None:
    root = make_project(tmp_path / "p", {"zizhi.toml": f"[rules]\n{table}\n"})
    _, plain = run.report(make_project(tmp_path / "q", {}))
    _, report = run.report(root)
    where = table.split(" ", 1)[0]
    assert f"zizhi.toml: [rules] {where}: {RETIRED_WARNING}" in run.stderr, run.stderr
    assert report["projects"][0]["findings"] == plain["projects"][0]["findings"]
    assert "ZZ011" not in str(report)  # a warning on stderr, never a diagnostic of the report


def test_a_retired_code_warns_in_chinese(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    run("check", root, "--ignore", "ZZ011", "--lang", "zh")
    assert "zizhi：警告：--ignore ZZ011：规则 ZZ011（unsupported-platform）已停用" in run.stderr, run.stderr


def test_a_retired_code_is_explained_and_never_reused(run) -> None:
    from zizhi.model import Severity
    from zizhi.rules import RETIRED, Rule, RuleRegistry

    code, out = run("explain", "zz011")
    assert code == 0 and out.startswith(f"{RETIRED_WARNING}") and "naming it" not in out
    assert "ZZ011" not in run("rules")[1] and "ZZ011" not in run("rules", "--format", "json")[1]
    with pytest.raises(ValueError, match="ZZ011 is retired and never reused"):
        RuleRegistry([Rule("ZZ011", "anything", Severity.NOTE, "t", "t", plugin="test")])
    assert "ZZ011" in RETIRED
