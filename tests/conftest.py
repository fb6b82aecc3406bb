"""Shared helpers: run the CLI in-process, read its JSON reports, build throw-away projects.

Fixture mini-projects live in ``tests/fixtures/<name>/``; tests that need to change a project
(write a config, add a binary file ...) copy it to ``tmp_path`` first with ``copy_fixture``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from zizhi.cli import main

# Tests never write caches outside their temporary folders, and by default use none (``all``: not
# the per-file cache, nor the user cache of zizhi's own parsed and validated data, so that a test
# patching the catalogue, a schema or the entry points sees its patch); tests of the caches turn
# them on and set their own ZIZHI_CACHE_DIR.
os.environ["ZIZHI_CACHE_DIR"] = tempfile.mkdtemp(prefix="zizhi-test-usercache-")
os.environ["ZIZHI_NO_CACHE"] = "all"

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "schemas"

#: Fixture projects carry their own tests (test_*.py in a backend): data for zizhi, not for pytest.
collect_ignore_glob = ["fixtures/*"]

#: A project.config.json that makes any folder a WeChat mini-program root.
PROJECT_CONFIG = '{ "appid": "wx00000000000000f1", "projectname": "tmp", "compileType": "miniprogram" }\n'


class Runner:
    """``run("check", path, "--format", "json")`` -> ``(exit_code, stdout)``; stderr in ``.stderr``."""

    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys
        self.stderr = ""

    def __call__(self, *argv: object) -> tuple[int, str]:
        self.capsys.readouterr()  # drop anything printed before this call
        code = main([str(a) for a in argv])
        out, err = self.capsys.readouterr()
        self.stderr = err
        return code, out

    def report(self, *argv: object) -> tuple[int, dict[str, Any]]:
        """``check ARGV --format json``: the exit code and the parsed report."""
        code, out = self("check", *argv, "--format", "json")
        assert code in (0, 1), f"exit {code}; stderr: {self.stderr}"
        return code, load_report(out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(capsys)


def scan_dict(engine: Any, root: Path) -> dict[str, Any]:
    """The JSON-shaped report of ``root`` checked in process with ``engine`` (default options)."""
    from zizhi.context import Options
    from zizhi.engine import check

    return check([root], engine, Options()).to_dict()


def endpoint_attrs(engine: Any, root: Path) -> dict[str, dict[str, str]]:
    """The endpoint signals of ``root`` checked in process (default options): name -> attributes."""
    from zizhi.context import Options
    from zizhi.engine import check

    report = check([root], engine, Options())
    return {s.name: dict(s.attrs) for p in report.projects for s in p.signals if s.kind == "endpoint"}


def app_json(*pages: str) -> str:
    """An app.json registering ``pages/index/index`` and ``pages``."""
    return json.dumps({"pages": ["pages/index/index", *pages]})


@pytest.fixture(autouse=True)
def _no_lang_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages default to English unless a test asks otherwise."""
    monkeypatch.delenv("ZIZHI_LANG", raising=False)
    for var in ("LANG", "LC_ALL", "LC_MESSAGES"):  # the locale chooses the language too (zh_* is Chinese)
        monkeypatch.delenv(var, raising=False)
    for var in ("NO_COLOR", "FORCE_COLOR"):  # colour is for terminals; tests read plain text
        monkeypatch.delenv(var, raising=False)
    # No .zizhi_cache/ written into the fixtures and examples (tests of the cache use copies).
    monkeypatch.setenv("ZIZHI_NO_CACHE", "all")
    # The user cache follows the environment again (a CLI run in an earlier test may have set it).
    from zizhi import usercache

    monkeypatch.setattr(usercache, "_ENABLED", [])


def cli(argv: Iterable[object]) -> tuple[int, str, str]:
    """Run the CLI without pytest's capture (for hypothesis tests): (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def load_report(source: str | Path) -> dict[str, Any]:
    """A JSON report from its text or from a file."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    data = json.loads(text)
    assert isinstance(data, dict) and "projects" in data, "not a zizhi report"
    return data


def project(report: dict[str, Any], index: int = 0) -> dict[str, Any]:
    projects = report["projects"]
    assert len(projects) > index, f"report has {len(projects)} project(s)"
    return projects[index]


def features(report: dict[str, Any]) -> set[str]:
    """Feature ids of the first project."""
    return {f["id"] for f in project(report)["features"]}


def feature(report: dict[str, Any], feature_id: str) -> dict[str, Any]:
    for f in project(report)["features"]:
        if f["id"] == feature_id:
            return f
    raise AssertionError(f"feature {feature_id!r} not detected; have {sorted(features(report))}")


def evidence_places(report: dict[str, Any], feature_id: str) -> set[tuple[str, int]]:
    """(path, line) of every piece of evidence of one feature."""
    return {(e["path"], e["line"]) for e in feature(report, feature_id)["evidence"]}


def by_platform(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The projects of a report by target platform (a uni-app or Taro root is one per build)."""
    return {p["platform"]: p for p in report["projects"]}


def feats(one_project: dict[str, Any]) -> set[str]:
    """Feature ids of one project of a report."""
    return {f["id"] for f in one_project["features"]}


def places(one_project: dict[str, Any], feature_id: str) -> set[tuple[str, int, str]]:
    """(path, line, signal name) of every piece of evidence of one feature of one project."""
    f = next((f for f in one_project["features"] if f["id"] == feature_id), None)
    assert f is not None, f"{feature_id} not detected: {[f['id'] for f in one_project['features']]}"
    return {(e["path"], e["line"], e["name"]) for e in f["evidence"]}


def obligations(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in project(report)["obligations"]}


def findings(report: dict[str, Any], code: str | None = None) -> list[dict[str, Any]]:
    return [f for f in project(report)["findings"] if code is None or f["code"] == code]


def all_diagnostics(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Diagnostics of the run and of every project."""
    out = list(report["diagnostics"])
    for p in report["projects"]:
        out.extend(p["diagnostics"])
    return out


def diagnostics(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [d for d in all_diagnostics(report) if d["code"] == code]


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def fence(root: Path) -> None:
    """Stop the config search at ``root`` (it stops after a folder holding ``.git``)."""
    (root / ".git").mkdir(exist_ok=True)


def copy_fixture(name: str, dest: Path) -> Path:
    """Copy ``tests/fixtures/<name>`` (or ``examples/<name>``) to ``dest/<name>``, fenced."""
    source = FIXTURES / name if (FIXTURES / name).is_dir() else EXAMPLES / name
    assert source.is_dir(), f"no fixture or example named {name}"
    target = dest / name
    shutil.copytree(source, target)
    fence(target)
    return target


def bare_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Only ``files`` (no mini-program beside them, as ``make_project`` adds), fenced."""
    write_files(root, files)
    fence(root)
    return root


def make_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """A one-page mini-program at ``root`` plus ``files`` (which may override the defaults)."""
    base: dict[str, str | bytes] = {
        "project.config.json": PROJECT_CONFIG,
        "app.json": '{\n  "pages": ["pages/index/index"]\n}\n',
        "app.js": "App({})\n",
        "pages/index/index.wxml": "<view>index</view>\n",
        "pages/index/index.js": "Page({})\n",
    }
    base.update(files)
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, base)
    fence(root)
    return root


def bounded(fn: Any, *args: Any, seconds: float = 10.0) -> Any:
    """``fn(*args)`` run in a forked child that is killed after ``seconds``: a test of an adversarial
    input fails (instead of hanging CI) when the work is not bounded, and a crash of the child (a
    parser's segfault) fails it too. The result comes back pickled. Where fork is not available,
    ``fn`` runs here, unbounded."""
    import multiprocessing
    import pickle

    if "fork" not in multiprocessing.get_all_start_methods():
        return fn(*args)
    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            writer.send_bytes(pickle.dumps(("ok", fn(*args))))
        except BaseException as exc:
            writer.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            pytest.fail(f"{getattr(fn, '__name__', fn)} did not finish within {seconds} s (or crashed: exit "
                        f"{proc.exitcode})")
        status, value = pickle.loads(reader.recv_bytes())
    except EOFError:
        proc.join(1)
        pytest.fail(f"{getattr(fn, '__name__', fn)} crashed (exit {proc.exitcode})")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        reader.close()
    if status == "error":
        pytest.fail(f"{getattr(fn, '__name__', fn)} raised {value}")
    return value


#: A Taro 3 (React) project of one page, built for WeChat: add ``src/pages/index/index.tsx``.
TARO_APP = {
    "project.config.json": '{"miniprogramRoot": "dist/", "compileType": "miniprogram", "appid": "wx123"}\n',
    "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0", "@tarojs/components": "3.6.0", "react": "18.0.0"}}\n',
    "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
    "src/app.ts": "export default function App({ children }) { return children }\n",
}
