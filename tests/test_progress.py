"""The progress bar of ``zizhi check``: on a terminal's stderr only, never in CI, a pipe or a file."""

from __future__ import annotations

import io
import re

import pytest

from conftest import EXAMPLES, FIXTURES
from zizhi import progress


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_outside_ci() -> None:
    assert progress.wanted(Terminal(), {})
    assert progress.wanted(Terminal(), {"CI": "false"})
    assert not progress.wanted(io.StringIO(), {})  # a pipe or a file
    assert not progress.wanted(Terminal(), {"CI": "true"})
    assert not progress.wanted(Terminal(), {"CI": "1", "TERM": "xterm"})
    assert not progress.wanted(Terminal(), {"TERM": "dumb"})


@pytest.mark.parametrize("ci", [None, "true"])
def test_check_shows_a_bar_on_a_terminal(run, monkeypatch: pytest.MonkeyPatch, ci: str | None) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(progress, "DELAY", 0.0)  # the real delay is a second: show it at once here
    monkeypatch.setattr(progress, "MININTERVAL", 0.0)  # and draw every file, however fast the scan
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    code, out = run("check", EXAMPLES / "voice-square", "--format", "json")
    assert code == 1 and out.startswith("{")  # stdout holds the report only
    shown = terminal.getvalue()
    if ci:
        assert shown == ""
    else:
        assert " files" in shown and "\r" in shown  # drawn and redrawn in place, on stderr
        totals = re.findall(r"\d+/(\d+) ", shown)
        assert totals and int(totals[-1]) > 5  # the project's files
        assert shown.endswith("\r")  # and erased at the end: the report is not preceded by a stale bar


def test_bar_counts_every_file_of_every_project(monkeypatch: pytest.MonkeyPatch) -> None:
    from zizhi.context import Options
    from zizhi.engine import check, load_engine

    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(progress, "found", lambda n: seen.append(("found", n)))
    monkeypatch.setattr(progress, "advance", lambda n=1: seen.append(("advance", n)))
    report = check([FIXTURES / "uniapp"], load_engine(), Options())
    total = sum(n for what, n in seen if what == "found")
    done = sum(n for what, n in seen if what == "advance")
    assert len(report.projects) > 1 and total > 0
    assert done == total


def test_no_bar_without_a_terminal(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    code, _ = run("check", EXAMPLES / "voice-square", "--format", "json")
    assert code == 1 and run.stderr == ""


def _on_a_terminal(code: str, env: dict[str, str]) -> str:
    """Run ``code`` in a Python whose stdin, stdout and stderr are a fresh pseudo-terminal; its output."""
    import os
    import sys

    pty = pytest.importorskip("pty")
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.execve(sys.executable, [sys.executable, "-c", code], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("ci", [False, True])
def test_bar_on_a_real_terminal(ci: bool) -> None:
    """A real pseudo-terminal, which reports a size of 0 x 0 until someone sets it: tqdm would hide
    its bar there unless given a size."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    code = ("import sys, os\nfrom zizhi import progress\nprogress.DELAY = progress.MININTERVAL = 0\n"
            "from zizhi.cli import main\n"
            "sys.stdout = open(os.devnull, 'w')\n"
            f"sys.exit(main(['check', {str(EXAMPLES / 'voice-square')!r}, '--format', 'json']))\n")
    shown = _on_a_terminal(code, env)
    if ci:
        assert "files" not in shown
    else:
        assert re.search(r"\d+/(\d+) \[", shown), shown[-500:]
        assert shown.endswith("\r")  # erased at the end


def test_a_scan_shorter_than_the_delay_shows_nothing_on_a_terminal() -> None:
    """With the real delay (a second), the bar is either never drawn or erased before the report."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    code = ("import sys\nfrom zizhi.cli import main\n"
            f"sys.exit(main(['check', {str(EXAMPLES / 'plain-tool')!r}, '--format', 'concise']))\n")
    shown = _on_a_terminal(code, env)
    before = shown.split(str(EXAMPLES / "plain-tool"), 1)[0]
    assert "files" not in before or before.rstrip(" ").endswith("\r"), repr(before)
