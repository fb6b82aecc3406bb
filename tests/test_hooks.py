"""Hook contracts: every hook's specification names its parameters in its docs, and every hook is
called by a real run with the arguments its specification declares, its answer used.

One test plugin implements every hook (as a third-party plugin would, through an entry point) and
records each call; a check of a fixture with one file of a kind only this plugin reads must call
them all.
"""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import zizhi.plugins
from conftest import FIXTURES
from zizhi import hookimpl, hookspecs
from zizhi.context import Options
from zizhi.engine import check, load_engine
from zizhi.model import Location, Severity, Signal
from zizhi.rules import Rule

HOOKS = {name: fn for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "zizhi_spec")}


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_parameter_is_named_in_the_docs(name: str) -> None:
    spec = HOOKS[name]
    doc = inspect.getdoc(spec) or ""
    for param in inspect.signature(spec).parameters:
        assert re.search(rf"``{param}\b|``{param}\.", doc), f"{name}: parameter {param!r} is not named in its docs"


class Recorder:
    """A plugin implementing every hook; ``calls`` maps each hook to the argument names it got."""

    def __init__(self) -> None:
        self.calls: dict[str, set[str]] = {}

    def _seen(self, hook: str, **kwargs: Any) -> None:
        self.calls.setdefault(hook, set()).update(kwargs)

    @hookimpl
    def zizhi_discover(self, path: Path, ctx: Any) -> None:
        self._seen("zizhi_discover", path=path, ctx=ctx)
        assert ctx.scan_root is not None

    @hookimpl
    def zizhi_platforms(self) -> dict[str, list[str]]:
        self._seen("zizhi_platforms")
        return {"probeplatform": ["probe-alias"]}

    @hookimpl
    def zizhi_platform_table(self) -> None:
        self._seen("zizhi_platform_table")

    @hookimpl(tryfirst=True)
    def zizhi_classify_file(self, relpath: str, project: Any) -> str | None:
        self._seen("zizhi_classify_file", relpath=relpath, project=project)
        return "probe" if relpath.endswith(".probe") else None

    @hookimpl
    def zizhi_load_project(self, project: Any, ctx: Any) -> None:
        self._seen("zizhi_load_project", project=project, ctx=ctx)

    @hookimpl(tryfirst=True)
    def zizhi_preprocess(self, file: Any, project: Any, ctx: Any) -> str | None:
        self._seen("zizhi_preprocess", file=file, project=project, ctx=ctx)
        return file.text.replace("secret", "      ") if file.kind == "probe" else None

    @hookimpl
    def zizhi_preprocess_context(self, project: Any, ctx: Any) -> str:
        self._seen("zizhi_preprocess_context", project=project, ctx=ctx)
        return "probe-v1"

    @hookimpl
    def zizhi_extract(self, file: Any, project: Any, ctx: Any) -> list[Signal] | None:
        self._seen("zizhi_extract", file=file, project=project, ctx=ctx)
        if file.kind != "probe":
            return None
        ctx.diagnose("ZZ002", "probe diagnostic", file.relpath, 1, severity=Severity.NOTE)
        return [Signal("probe", word, Location(file.relpath, 1)) for word in (file.text or "").split()]

    @hookimpl
    def zizhi_cacheable_kinds(self) -> list[str]:
        self._seen("zizhi_cacheable_kinds")
        return ["probe"]

    @hookimpl(tryfirst=True)
    def zizhi_module_roots(self, project: Any, ctx: Any) -> None:
        self._seen("zizhi_module_roots", project=project, ctx=ctx)

    @hookimpl
    def zizhi_project_signals(self, project: Any, ctx: Any) -> list[Signal]:
        self._seen("zizhi_project_signals", project=project, ctx=ctx)
        return [Signal("probe", "whole-project", Location(project.rel(".")))]

    @hookimpl
    def zizhi_signal_catalogues(self) -> None:
        self._seen("zizhi_signal_catalogues")

    @hookimpl
    def zizhi_detect(self, project: Any, evidence: list[Any], ctx: Any) -> None:
        self._seen("zizhi_detect", project=project, evidence=evidence, ctx=ctx)

    @hookimpl
    def zizhi_classify(self, project: Any, features: list[Any], ctx: Any) -> None:
        self._seen("zizhi_classify", project=project, features=features, ctx=ctx)

    @hookimpl
    def zizhi_policy_packs(self) -> None:
        self._seen("zizhi_policy_packs")

    @hookimpl
    def zizhi_rules(self) -> list[Rule]:
        self._seen("zizhi_rules")
        return [Rule(code="PROBE1", name="probe", severity=Severity.NOTE, title_zh="探针", title_en="Probe",
                     what_zh="探针", what_en="A probe.", why_zh="探针", why_en="A probe.", how_zh="无",
                     how_en="Nothing.")]

    @hookimpl
    def zizhi_reporters(self) -> dict[str, Any]:
        self._seen("zizhi_reporters")
        return {"probe": lambda report: "probe\n"}


class _EntryPoint:
    group = "zizhi"
    dist = None

    def __init__(self, plugin: object):
        self.name, self.value, self._plugin = "probe", "probe_module:plugin", plugin

    def load(self) -> object:
        return self._plugin


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_every_hook_is_called_with_its_arguments(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 cache: bool) -> None:
    recorder = Recorder()
    real = zizhi.plugins.entry_points
    monkeypatch.setattr(zizhi.plugins, "entry_points", lambda **kw: [*real(**kw), _EntryPoint(recorder)])
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "ads-banner", root)
    (root / "notes.probe").write_text("alpha secret beta\n", encoding="utf-8")
    (root / "helper.js").write_text("const x = require('./other')\n", encoding="utf-8")  # module roots are asked
    engine = load_engine()
    assert "probeplatform" in engine.known().platforms
    assert engine.rules.get("PROBE1") is not None and "probe" in engine.reporters
    report = check([root], engine, Options(cache=cache, cache_dir=str(tmp_path / "cache")))
    project = report.projects[0]
    probes = sorted(s.name for s in project.signals if s.kind == "probe")
    assert probes == ["alpha", "beta", "whole-project"]  # extracted from the preprocessed text, and per project
    assert any(d.message == "probe diagnostic" for d in project.diagnostics)
    expected = {name: set(inspect.signature(fn).parameters) for name, fn in HOOKS.items()}
    if not cache:  # the preprocessing context is asked only for the cache key
        expected.pop("zizhi_preprocess_context")
        recorder.calls.pop("zizhi_preprocess_context", None)
    assert recorder.calls == expected
