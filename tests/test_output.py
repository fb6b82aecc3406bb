"""Output people read (issue 12, items 6 and 8): each obligation once, ``--verbose``, ``--format concise``,
colour on terminals only, ``--statistics``, wrapping to the terminal, and Chinese throughout."""

from __future__ import annotations

import ast
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, load_report
from zizhi.cli import build_parser, main
from zizhi.report.i18n import DIAGNOSTICS_ZH, translate_diagnostic
from zizhi.report.view import View, text_width, wants_color, wrap

VOICE = EXAMPLES / "voice-square"
ANSI = "\x1b["


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _json(run, *argv: object) -> dict:
    code, out = run("check", *argv, "--format", "json")
    assert code in (0, 1)
    return load_report(out)


# -- each obligation once, --verbose adds the rest ------------------------------------------------

def test_default_text_shows_each_obligation_once_with_its_reasons(run) -> None:
    report = _json(run, VOICE)
    _, out = run("check", VOICE)
    project = report["projects"][0]
    missing = [ob for ob in project["obligations"] if ob["held"] is False]
    assert missing
    for ob in missing:
        for reason in ob["because"]:
            assert out.count(reason["text"]["en"]) == 1, reason["text"]["en"]  # once: no Needs list repeating it
            if reason["condition"]:
                assert out.count(reason["condition"]["en"]) == 1
    assert "Because:" not in out  # the reasons are lines of their own, not a tail of the headline
    assert "Needs:" not in out and "basis:" not in out
    for f in project["findings"]:  # the first evidence of each finding, as signal → feature
        first = f["evidence"][0]
        assert f"{first['path']}:{first['line']}:{first['column']} {first['name']} → " in out
    assert len(out.splitlines()) < 55  # was 82 for these findings


def test_verbose_adds_all_evidence_the_basis_and_held_obligations(run) -> None:
    _, short = run("check", VOICE)
    code, out = run("check", VOICE, "--verbose")
    assert code == 1
    assert "(+7 more)" in short and "(+7 more)" not in out
    assert out.count("wx.onVoIPChatMembersChanged") > short.count("wx.onVoIPChatMembersChanged")
    assert "basis: 《互联网信息服务管理办法》" in out and "(✅ official)" in out
    assert "Held and satisfied:" in out and "held 粤ICP备2026000001号-1X" in out
    assert "Real-time voice (rtc_voice)" in out  # ids beside the names


def test_a_second_finding_of_one_obligation_does_not_repeat_its_reasons(run, tmp_path: Path) -> None:
    from conftest import copy_fixture

    root = copy_fixture("ad-tool", tmp_path)  # individual subject: ZZ101 and ZZ203 on ICP_B25
    _, out = run("check", root)
    report = _json(run, root)
    codes = [f["code"] for f in report["projects"][0]["findings"] if f["obligation"] == "ICP_B25"]
    assert sorted(codes) == ["ZZ101", "ZZ203"]
    ob = next(o for o in report["projects"][0]["obligations"] if o["id"] == "ICP_B25")
    assert out.count(ob["because"][0]["text"]["en"]) == 1
    assert "(same obligation as above)" in out


# -- concise ---------------------------------------------------------------------------------------

def test_concise_is_one_line_per_finding_like_ruff(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = _json(run, "examples/voice-square")
    code, out = run("check", "examples/voice-square", "--format", "concise")
    assert code == 1
    *lines, total = out.splitlines()
    findings = report["projects"][0]["findings"]
    assert len(lines) == len(findings) and total == "Found 7 findings (2 error, 3 warning, 2 note)."
    for line, f in zip(lines, findings, strict=True):
        m = re.fullmatch(r"(.+):(\d+):(\d+): (ZZ\d{3}) (.+)", line)
        assert m, line
        assert (ROOT / m.group(1)).is_file()  # opens from where zizhi ran
        assert (int(m.group(2)), int(m.group(3)), m.group(4)) == (f["line"], f["column"], f["code"])
        assert f["message"].startswith(m.group(5)) and "Because" not in line
    _, zh = run("check", "examples/voice-square", "--format", "concise", "--lang", "zh")
    assert zh.splitlines()[-1] == "共 7 个问题（2 个错误，3 个警告，2 个提示）。"


def test_concise_without_findings(run) -> None:
    code, out = run("check", EXAMPLES / "plain-tool", "--format", "concise", "--ignore", "ZZ100")
    assert code == 0 and out == "All clear: no findings.\n"


# -- colour ------------------------------------------------------------------------------------------

def test_colour_rules() -> None:
    assert wants_color(True, {})
    assert not wants_color(False, {})  # a pipe or a file
    assert not wants_color(True, {"NO_COLOR": "1"})
    assert wants_color(False, {"FORCE_COLOR": "1"})
    assert not wants_color(True, {"FORCE_COLOR": "0"}) or wants_color(True, {"FORCE_COLOR": "0"})  # 0: auto
    assert not wants_color(False, {"FORCE_COLOR": "0"})
    assert not wants_color(True, {"NO_COLOR": "1", "FORCE_COLOR": "1"})  # NO_COLOR wins
    assert not wants_color(True, {"TERM": "dumb"})
    assert not View.for_stream(None, {"FORCE_COLOR": "1"}).color  # a file: never
    assert View.for_stream(Terminal(), {}).color and not View.for_stream(io.StringIO(), {}).color


def _main_on(stdout: io.StringIO, monkeypatch: pytest.MonkeyPatch, *argv: object) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    code = main([str(a) for a in argv])
    return code, stdout.getvalue()


def test_colour_on_a_terminal_never_in_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")  # no progress bar on the fake terminal
    target = tmp_path / "report.txt"
    code, out = _main_on(Terminal(), monkeypatch, "check", VOICE, "-f", "text", "-f", f"concise:{target}")
    assert code == 1 and "\x1b[1;31merror\x1b[0m" in out and "\x1b[1;33mwarning\x1b[0m" in out
    assert ANSI not in target.read_text(encoding="utf-8")
    _, out = _main_on(io.StringIO(), monkeypatch, "check", VOICE)  # a pipe
    assert ANSI not in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out = _main_on(Terminal(), monkeypatch, "check", VOICE)
    assert ANSI not in out
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")  # a CI log that shows colours
    _, out = _main_on(io.StringIO(), monkeypatch, "check", VOICE, "--format", "concise")
    assert ANSI in out
    _, out = _main_on(io.StringIO(), monkeypatch, "check", VOICE, "--format", "json")
    assert ANSI not in out and json.loads(out)  # machine formats never


def test_colour_does_not_let_data_escape(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from conftest import copy_fixture

    root = copy_fixture("voice-square", tmp_path)
    (root / "pages" / "room" / "x\x1b[2Jy.js").write_text("wx.joinVoIPChat({})\n", encoding="utf-8")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("CI", "true")
    _, out = _main_on(io.StringIO(), monkeypatch, "check", root, "--verbose")
    assert "\x1b[2J" not in out  # sanitised to a visible escape before colour is added


# -- statistics -------------------------------------------------------------------------------------

def test_statistics_counts_per_rule(run, tmp_path: Path) -> None:
    report = _json(run, VOICE)
    expected = Counter(f["code"] for f in report["projects"][0]["findings"])
    target = tmp_path / "r.json"
    code, out = run("check", VOICE, "--statistics", "--format", f"json:{target}")
    assert code == 1 and load_report(target.read_text(encoding="utf-8"))  # files are still written
    *rows, total = out.splitlines()
    counted = {m.group(2): int(m.group(1)) for m in (re.match(r"\s*(\d+)  (ZZ\d+)  ", r) for r in rows) if m}
    assert counted == dict(expected) and len(rows) == len(expected)
    assert rows[0].split()[1] == "ZZ205" and "capability-closed-to-category" in rows[0]  # most first
    assert total == f"{sum(expected.values())} findings in 1 project(s)."
    _, text = run("check", VOICE, "--statistics")  # instead of the report on stdout
    assert "== Project" not in text and text == out


# -- wrapping ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [40, 60, 80])
def test_wrap_fits_the_width_and_keeps_the_text(width: int) -> None:
    line = ("      原因: 双人音视频对话（wx.join1v1Chat）仅向教育、医疗、金融、汽车、政府、IT科技（多方通信/音视频设备/"
            "基础电信运营商）及工具-视频客服类目开放，没有任何社交类目 \x1b[2mdim words\x1b[0m and an "
            "extraordinarily-long-identifier-without-any-space-in-it-at-all-anywhere-here ok")
    lines = wrap(line, width)
    assert len(lines) > 1 and all(text_width(x) <= width for x in lines)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", line)
    assert not any(x.lstrip().startswith(("，", "）", "、")) for x in lines)  # no line starts with a closing mark
    assert all(x.startswith(" " * 6) for x in lines)  # continuation lines indented under the text
    for x in lines:  # a style never bleeds into the next line
        assert x.count("\x1b[2m") <= x.count("\x1b[0m")


def test_text_is_wrapped_to_the_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setenv("NO_COLOR", "1")
    _, out = _main_on(Terminal(), monkeypatch, "check", VOICE, "--lang", "zh")
    assert max(text_width(x) for x in out.splitlines()) <= 72
    _, piped = _main_on(io.StringIO(), monkeypatch, "check", VOICE, "--lang", "zh")
    assert max(text_width(x) for x in piped.splitlines()) > 72  # a pipe or a file: one line per item, grep-able


# -- Chinese throughout -----------------------------------------------------------------------------

def test_chinese_text_report(run) -> None:
    _, out = run("check", VOICE, "--lang", "zh")
    assert ": 错误 ZZ205" in out and ": 警告 ZZ101" in out and ": 提示 ZZ110" in out
    assert "功能: 云开发、内容安全检测 (后端)、手机号、一对一音视频通话、实时语音" in out
    assert "业务类型: 音视频通话、社区/论坛、陌生人交友、语音聊天室" in out
    assert ("提示 ZZ008 页面“pages/legacy/legacy”未在 app.json 中注册（pages/subpackages），也未被用作组件；"
            "其 2 个信号未计入") in out
    for english in ("error", "warning", "note", "rtc_voice", "is not registered", "Summary", "because"):
        assert english not in out, english


def _diagnose_calls() -> list[tuple[str, str, str]]:
    """(file, code, a sample message) for each diagnostic written with a literal code and message."""
    out = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            code, message = node.args[0], node.args[1]
            if name not in ("diagnose", "Diagnostic", "diag"):
                continue
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str) and code.value.startswith("ZZ")):
                continue
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                sample = message.value
            elif isinstance(message, ast.JoinedStr):
                sample = "".join(v.value if isinstance(v, ast.Constant) else "1" for v in message.values)
            else:
                continue  # relayed from elsewhere: its forms are checked where they are written
            out.append((path.relative_to(ROOT).as_posix(), code.value, sample))
    return out


def test_every_diagnostic_message_has_its_chinese() -> None:
    calls = _diagnose_calls()
    assert len(calls) > 30
    missing = [(path, code, sample) for path, code, sample in calls if translate_diagnostic(code, sample) is None]
    assert not missing, f"add their Chinese to DIAGNOSTICS_ZH (zizhi/report/i18n.py): {missing}"
    for code, sample in [  # forms written elsewhere and relayed (textio, safeio)
        ("ZZ002", "decoded as GB18030 (GBK), not UTF-8"),
        ("ZZ002", "invalid utf-8: invalid start byte at byte 3"),
        ("ZZ010", "symbolic link to a place outside the scanned folder; not read"),
        ("ZZ006", "file skipped: 3,000,000 bytes is over the 2,097,152-byte limit; signals in it are not counted"),
        ("ZZ007", "file skipped: binary content (NUL bytes)"),
    ]:
        assert translate_diagnostic(code, sample), sample
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for _, _, zh in DIAGNOSTICS_ZH)


def test_an_unknown_diagnostic_form_still_reads_chinese() -> None:
    from zizhi.engine import load_engine
    from zizhi.model import Diagnostic, Location
    from zizhi.report import Report
    from zizhi.report.i18n import diagnostic_message

    report = Report(lang="zh", rules=load_engine().rules)
    d = Diagnostic("ZZ005", "something new", Location("a.js", 1))
    assert diagnostic_message(d, "zh", report) == "语法错误：something new"
    assert diagnostic_message(d, "en", report) == "something new"


def _help_texts(parser) -> list[str]:
    from zizhi.cli_zh import help_texts

    return help_texts(parser)


def test_every_help_text_has_its_chinese() -> None:
    from zizhi.cli_zh import HELP_ZH

    missing = [h for h in _help_texts(build_parser("en")) if h not in HELP_ZH]
    assert not missing, f"add their Chinese to HELP_ZH (zizhi/cli_zh.py): {missing}"
    for text in _help_texts(build_parser("zh")):
        assert re.search(r"[\u4e00-\u9fff]", text), text


@pytest.mark.parametrize("argv", [["check", "--lang", "zh", "--help"], ["init", "--lang=zh", "-h"]])
def test_help_in_chinese(run, argv: list[str]) -> None:
    code, out = run(*argv)
    assert code == 0
    assert out.startswith("用法：zizhi") and "选项:" in out and "显示此帮助并退出" in out
    assert "show this help" not in out and "message language" not in out


def test_help_follows_the_locale(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, out = run("--help")
    assert "扫描项目并报告其所需资质" in out
    _, out = run("check", "--lang", "en", "--help")
    assert "scan" not in out.split("\n", 1)[0] and "message language" in out


def test_init_comments_in_chinese(run, tmp_path: Path) -> None:
    from conftest import copy_fixture

    root = copy_fixture("voice-square", tmp_path)
    (root / "zizhi.toml").unlink()
    assert run("init", root, "--lang", "zh")[0] == 0
    text = (root / "zizhi.toml").read_text(encoding="utf-8")
    assert "# 由 `zizhi init` 根据检测结果生成" in text and "# MPC_B22 = \"\"  # 很可能需要: " in text
    assert "Detected needs" not in text and "Written by" not in text
    import tomllib

    assert tomllib.loads(text)["subject"] == "enterprise"


def test_rules_and_explain_severities_in_chinese(run) -> None:
    _, out = run("rules", "--lang", "zh")
    assert out.startswith("ZZ001  警告") and " error " not in out
    _, out = run("explain", "ZZ101", "--lang", "zh")
    assert "默认级别: 错误" in out
    _, out = run("licences", "--lang", "zh")
    assert "省级通信管理局" in out and "Provincial" not in out


def test_messages_on_stderr_in_chinese(run, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    assert run("check", VOICE, "--lang", "zh", "--write-baseline", baseline)[0] == 0
    assert f"zizhi：已把 7 个问题写入基线 {baseline}" in run.stderr
    assert run("check", VOICE, "--lang", "zh", "--baseline", baseline)[0] == 0
    assert f"zizhi：未列出：7 项在基线 {baseline} 中" in run.stderr
    run("check", ROOT / "README.md", "--lang", "zh")
    assert "README.md：不在小程序项目中，已跳过" in run.stderr and "zizhi：没有要检查的内容" in run.stderr


def test_statistics_one_row_per_rule_with_its_severities(run, tmp_path: Path) -> None:
    from conftest import copy_fixture

    root = copy_fixture("voice-square", tmp_path)
    (root / "zizhi.toml").unlink()  # no category chosen: ZZ201 twice, one likely (warning), one depends (note)
    _, out = run("check", root, "--statistics")
    rows = [r for r in out.splitlines() if "ZZ201" in r]
    assert len(rows) == 1 and re.match(r"\s*2  ZZ201  warning/note  category-not-chosen", rows[0]), rows


def test_markdown_in_chinese(run) -> None:
    _, out = run("check", VOICE, "--format", "markdown", "--lang", "zh")
    assert "** 错误 · `gate:wechat.1v1_chat`" in out and "** 警告 · `ICP_B25`" in out
    assert "→ 一对一音视频通话、实时语音 →" in out and "· 微信 · 原生 · 小程序" in out
    assert "ZZ008 页面“pages/legacy/legacy”未在 app.json 中注册" in out
    assert "2 个提示。" in out
    for english in (" error ", " warning ", "rtc\\_voice", "is not registered"):
        assert english not in out, english
