"""The command line: subcommands, options and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, copy_fixture, load_report, project
from zizhi import __version__
from zizhi.config import build_config, read_config_file
from zizhi.engine import load_engine
from zizhi.toml import loads

B25_ZH = "增值电信业务经营许可证（信息服务业务，ICP经营许可证 B25）"


def test_version(run) -> None:
    code, out = run("--version")
    assert code == 0
    assert out.strip() == f"zizhi {__version__}"


def test_help(run) -> None:
    code, out = run("--help")
    assert code == 0
    for cmd in ("check", "explain", "rules", "licences", "plugins", "init"):
        assert cmd in out


def test_no_command_is_exit_2(run) -> None:
    code, out = run()
    assert code == 2
    assert "usage" in out.lower()


def test_unknown_option_is_exit_2(run) -> None:
    code, _ = run("check", "--no-such-option")
    assert code == 2


@pytest.mark.parametrize("what", ["ZZ101", "ICP_B25", "zz101", "icp_b25"])
def test_explain_prints_the_licence_chinese_name(run, what: str) -> None:
    code, out = run("explain", what)
    assert code == 0
    assert out.startswith("ZZ101 missing-icp-b25")
    assert B25_ZH in out
    assert "## What it checks" in out and "## Legal basis" in out
    assert "《互联网信息服务管理办法》" in out


def test_explain_in_chinese(run) -> None:
    code, out = run("explain", "ICP_B25", "--lang", "zh")
    assert code == 0
    assert "## 检查什么" in out and "## 法律依据" in out
    assert B25_ZH in out


def test_explain_core_rule(run) -> None:
    code, out = run("explain", "ZZ003")
    assert code == 0
    assert out.startswith("ZZ003 invalid-json")
    assert '{"pages": ["a",]}' in out  # the example


def test_explain_unknown_is_exit_2(run) -> None:
    code, out = run("explain", "NOPE")
    assert code == 2
    assert out == ""
    assert "NOPE" in run.stderr


def test_rules(run) -> None:
    code, out = run("rules")
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines() if line.strip()]
    engine = load_engine()
    assert codes == [r.code for r in engine.rules]
    assert {"ZZ003", "ZZ008", "ZZ101", "ZZ202", "ZZ301"} <= set(codes)
    assert codes == sorted(codes)


def test_rules_json(run) -> None:
    code, out = run("rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    by_code = {r["code"]: r for r in rules}
    assert by_code["ZZ101"]["name"] == "missing-icp-b25"
    assert by_code["ZZ101"]["title"]["zh"] and by_code["ZZ101"]["title"]["en"]


def test_rules_in_chinese(run) -> None:
    _, out = run("rules", "--lang", "zh")
    assert "JSON 无效" in out


def test_licences(run) -> None:
    code, out = run("licences")
    assert code == 0
    for lid in ("ICP_FILING", "ICP_B25", "MPC_B22", "SECURITY_ASSESSMENT"):
        assert lid in out
    assert B25_ZH in out
    code, out = run("licences", "--format", "json")
    data = json.loads(out)
    assert data["ICP_B25"]["name_zh"] == B25_ZH
    assert data["ICP_B25"]["rule"] == "ZZ101"


def test_text_report_in_chinese(run) -> None:
    code, out = run("check", EXAMPLES / "ad-tool", "--lang", "zh")
    assert code == 1
    for label in ("== 项目", "功能: 广告变现", "业务类型:", ": 错误 ZZ", "原因:", "证据:", "如何合规:", "合计"):
        assert label in out
    assert "个人主体无法取得" in out  # the ZZ203 message in Chinese
    assert "Findings" not in out and " error " not in out and "Advertising" not in out


def test_text_report_in_english_by_default(run) -> None:
    _, out = run("check", EXAMPLES / "ad-tool")
    for label in ("== Project", "Features: Advertising", "Business types:", ": error ZZ", "because:", "Summary:"):
        assert label in out


def test_lang_from_environment(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIZHI_LANG", "zh")
    _, out = run("check", EXAMPLES / "plain-tool")
    assert "合计" in out
    _, out = run("check", EXAMPLES / "plain-tool", "--lang", "en")  # the option wins
    assert "Summary:" in out


@pytest.mark.parametrize(("env", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),  # LC_ALL wins over LANG
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "ZIZHI_LANG": "en"}, "en"),  # zizhi's own variable wins over the locale
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_lang_from_the_locale(run, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lang: str) -> None:
    for var in ("LANG", "LC_ALL", "LC_MESSAGES", "ZIZHI_LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    _, out = run("check", EXAMPLES / "plain-tool")
    assert ("合计" in out) == (lang == "zh")
    _, out = run("check", EXAMPLES / "plain-tool", "--lang", "en")  # the option wins over everything
    assert "Summary:" in out


def test_json_report_in_chinese(run) -> None:
    _, report = run.report(EXAMPLES / "ad-tool", "--lang", "zh")
    assert report["lang"] == "zh"
    messages = [f["message"] for f in project(report)["findings"]]
    assert any("个人主体" in m for m in messages)


def test_output_file(run, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out = run("check", EXAMPLES / "ad-tool", "--format", "json", "--output", target)
    assert out == ""
    assert code == 1  # the exit code does not depend on where the report goes
    report = load_report(target)
    assert report["projects"][0]["root"] == "."
    _, direct = run("check", EXAMPLES / "ad-tool", "--format", "json")
    assert json.loads(direct) == report


def test_unknown_format_is_exit_2(run) -> None:
    code, out = run("check", EXAMPLES / "plain-tool", "--format", "nope")
    assert code == 2
    assert out == ""
    assert "nope" in run.stderr and "json" in run.stderr


def test_show_config(run) -> None:
    code, out = run("check", EXAMPLES / "voice-square", "--show-config")
    assert code == 0
    config = EXAMPLES / "voice-square" / "zizhi.toml"
    assert f"config file: {config}" in out
    lines = {line.split("=")[0].strip(): line for line in out.splitlines() if "=" in line}
    assert lines["subject"].endswith(f"# {config}")
    assert "'enterprise'" in lines["subject"]
    assert lines["holdings"].endswith(f"# {config}")
    assert lines["fail_on"].endswith("# default")
    assert lines["ignore_paths"].endswith("# default")


def test_show_config_without_a_config(run) -> None:
    code, out = run("check", EXAMPLES / "plain-tool", "--show-config")
    assert code == 0
    assert "config file: (none)" in out
    assert all(line.endswith("# default") for line in out.splitlines()[1:] if line.strip())


def test_init_writes_a_valid_config(run, tmp_path: Path) -> None:
    root = copy_fixture("voice-square", tmp_path)
    (root / "zizhi.toml").unlink()
    code, _ = run("init", root)
    assert code == 0
    target = root / "zizhi.toml"
    assert f"wrote {target}" in run.stderr
    text = target.read_text(encoding="utf-8")
    cfg = build_config(target, loads(text))  # raises on an invalid config
    assert cfg.subject == "enterprise"
    assert read_config_file(target) == loads(text)
    # It lists what was detected, for the user to fill in.
    for lid in ("ICP_FILING", "ICP_B25", "MPC_B22", "SECURITY_ASSESSMENT"):
        assert f"# {lid} = " in text
    assert "社交-社区/论坛" in text
    # And a scan with it works.
    code, _ = run("check", root)
    assert code in (0, 1)


def test_init_does_not_overwrite_without_force(run, tmp_path: Path) -> None:
    root = copy_fixture("ad-tool", tmp_path)
    before = (root / "zizhi.toml").read_text(encoding="utf-8")
    code, _ = run("init", root)
    assert code == 2
    assert "--force" in run.stderr
    assert (root / "zizhi.toml").read_text(encoding="utf-8") == before
    code, _ = run("init", root, "--force")
    assert code == 0
    assert (root / "zizhi.toml").read_text(encoding="utf-8") != before


def test_init_on_a_minigame(run, tmp_path: Path) -> None:
    root = copy_fixture("minigame", tmp_path)
    code, _ = run("init", root)
    assert code == 0
    text = (root / "zizhi.toml").read_text(encoding="utf-8")
    build_config(root / "zizhi.toml", loads(text))
    assert "GAME_FILING" in text and "游戏" in text


def test_check_defaults_to_the_current_folder(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "ads-banner")
    _, report = run.report()
    assert project(report)["root"] == "."
    assert {f["id"] for f in project(report)["features"]} == {"ads"}


def test_check_a_file_scans_its_folder(run) -> None:
    _, report = run.report(FIXTURES / "ads-banner" / "app.json")
    assert {f["id"] for f in project(report)["features"]} == {"ads"}


def test_init_does_not_suggest_a_category_the_platform_does_not_accept(run, tmp_path: Path) -> None:
    root = copy_fixture("douyin", tmp_path)
    code, _ = run("init", root)
    assert code == 0
    text = (root / "zizhi.toml").read_text(encoding="utf-8")
    assert "商家自营" not in text and "# ICP_FILING = " in text
