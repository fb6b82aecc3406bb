"""Strict config: unknown holdings ids, category platforms, rule codes in select/ignore/severity,
platforms, ``--platform`` values and keys are errors (exit 2) with "did you mean …" from the
known ids."""

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
