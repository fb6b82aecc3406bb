"""No traceback for any ordinary condition: broken pipes end quietly, unwritable outputs are a clear
error (exit 2), and a missing or unreadable path is a diagnostic while the other paths are still
scanned (exit 2 at the end, after the report)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_project

ZIZHI = [sys.executable, "-c", "import sys; from zizhi.cli import main; sys.exit(main())"]


def _closed_stdout(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run zizhi with a stdout whose reader has already gone away (``| head`` that stopped reading)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([*ZIZHI, *argv], stdout=write, stderr=subprocess.PIPE, check=False, timeout=120)
    finally:
        os.close(write)


def test_broken_pipe_ends_quietly() -> None:
    proc = _closed_stdout("explain", "ZZ103")
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr, proc.stderr.decode()
    assert proc.stderr == b"" and proc.returncode == 0


def test_broken_pipe_in_check_keeps_the_exit_code(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    proc = _closed_stdout("check", "--no-cache", str(root))
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr, proc.stderr.decode()
    assert proc.returncode == 1  # ZZ100: the filing is an error whether or not anyone read the report


@pytest.mark.parametrize("argv, message", [
    (["-o", "{tmp}/missing/dir/x.txt"], "--output {tmp}/missing/dir/x.txt: no such folder"),
    (["--format", "json:{tmp}"], "--format json: {tmp}: is a folder"),
    (["--write-baseline", "{tmp}/missing/b.json"], "--write-baseline {tmp}/missing/b.json: no such folder"),
])
def test_unwritable_output_is_a_clear_error(run, tmp_path: Path, argv: list[str], message: str) -> None:
    root = make_project(tmp_path / "p", {})
    code, out = run("check", root, *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2 and out == ""
    assert run.stderr.strip() == f"zizhi: error: {message.format(tmp=tmp_path)}"


def test_an_output_that_fails_while_writing_is_exit_2(run, tmp_path: Path, monkeypatch) -> None:
    root = make_project(tmp_path / "p", {})
    target = tmp_path / "x.txt"
    real = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        if self == target:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    code, _ = run("check", root, "-o", target)
    assert code == 2 and run.stderr.strip() == f"zizhi: error: cannot write {target}: No space left on device"


def test_a_missing_path_is_a_diagnostic_and_the_others_are_scanned(run, tmp_path: Path) -> None:
    good = make_project(tmp_path / "good", {})
    missing = tmp_path / "missing"
    code, out = run("check", good, missing, "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert [p["root"] for p in report["projects"]] == ["."]
    assert [f["code"] for f in report["projects"][0]["findings"]] == ["ZZ100"]
    assert report["diagnostics"] == [{"code": "ZZ010", "severity": "error", "path": str(missing), "line": 0,
                                      "message": "no such file or folder; not scanned"}]
    assert run.stderr.strip().splitlines()[-1] == f"zizhi: error: {missing}: no such file or folder"
    code, out = run("check", good, missing)
    assert code == 2 and "ZZ100" in out and f"{missing}: error ZZ010" in out


def test_a_path_without_a_project_does_not_stop_the_others(run, tmp_path: Path) -> None:
    good = make_project(tmp_path / "good", {})
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = run("check", empty, good, "--format", "json")
    assert code == 2 and len(json.loads(out)["projects"]) == 1
    assert f"zizhi: error: {empty}: no mini-program project found" in run.stderr


def test_only_bad_paths_is_exit_2_without_a_report(run, tmp_path: Path) -> None:
    code, out = run("check", tmp_path / "a", tmp_path / "b")
    assert code == 2 and out == ""
    assert "a: no such file or folder" in run.stderr and "b: no such file or folder" in run.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_an_unreadable_path_is_a_diagnostic(run, tmp_path: Path) -> None:
    good = make_project(tmp_path / "good", {})
    locked = make_project(tmp_path / "locked", {})
    locked.chmod(0)
    try:
        code, out = run("check", good, locked, "--format", "json")
    finally:
        locked.chmod(0o755)
    assert code == 2 and len(json.loads(out)["projects"]) == 1
    assert "cannot read" in run.stderr
