"""The pipeline, end to end: paths -> projects -> signals -> features -> business types ->
obligations -> findings -> report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from zizhi import workers
from zizhi.catalogue import Catalogue, DataError, load_toml
from zizhi.compare import compare
from zizhi.config import Config, Known, check_known, load_config, retired_codes
from zizhi.context import Options, Runtime, ScanContext
from zizhi.core_rules import CORE_RULES
from zizhi.decide import decide
from zizhi.detect import classify, detect
from zizhi.discover import discover
from zizhi.extract import Record, extract
from zizhi.filecache import close_caches
from zizhi.model import Diagnostic, Location, Project, Severity
from zizhi.platforms import PlatformTable, load_platform_table
from zizhi.plugins import get_plugin_manager
from zizhi.policy import PolicyPack
from zizhi.report import Report
from zizhi.rules import Rule, RuleRegistry
from zizhi.suppress import apply_suppressions


class UsageError(Exception):
    """Bad arguments or paths: exit code 2."""


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class Engine:
    """The plugins, the catalogue, the policy and the rules one run works with."""

    pm: pluggy.PluginManager
    catalogue: Catalogue
    policy: PolicyPack
    rules: RuleRegistry
    reporters: dict[str, object] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)  # -p no:NAME, repeated in worker processes
    catalogue_data: list[dict[str, object]] = field(default_factory=list)
    pack_paths: list[Path] = field(default_factory=list)
    platforms: PlatformTable = field(default_factory=PlatformTable)
    _fingerprint: str = ""
    _known: Known | None = None

    def known(self) -> Known:
        """The ids a config or option may name (strict config: anything else is exit 2)."""
        if self._known is not None:
            return self._known
        from zizhi.rules import REDIRECTS

        platforms: dict[str, list[str]] = self.platforms.names()
        for result in self.pm.hook.zizhi_platforms():
            for platform, aliases in (result or {}).items():
                platforms.setdefault(platform, []).extend(aliases)
        self._known = Known(licences=sorted(self.policy.licences), platforms=platforms,
                            codes=[r.code for r in self.rules], redirects=sorted(REDIRECTS))
        return self._known

    def fingerprint(self) -> str:
        """A hash of zizhi, its plugins and data: the file cache's guard against stale entries."""
        if not self._fingerprint:
            from zizhi.filecache import engine_fingerprint

            self._fingerprint = engine_fingerprint(self.pm, self.catalogue_data, self.pack_paths)
        return self._fingerprint

    def runtime(self) -> Runtime:
        """What the file cache and worker processes need of this engine."""
        return Runtime(fingerprint=self.fingerprint, disabled=tuple(self.disabled), setup=worker_context)


def worker_context(disabled: list[str], options: Options) -> ScanContext:
    """A worker process's context: the same plugins (``-p no:`` repeated) and data, these options."""
    engine = load_engine(disabled)
    return ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=options,
                       platforms=engine.platforms)


def load_engine(disabled: list[str] | None = None) -> Engine:
    pm = get_plugin_manager(disabled or [])
    catalogue = Catalogue()
    catalogue_data = []
    for result in pm.hook.zizhi_signal_catalogues():
        for data in result or []:
            catalogue.add(data, origin=str(data.get("name", "?")))
            catalogue_data.append(data)
    policy = PolicyPack()
    pack_paths = []
    for result in pm.hook.zizhi_policy_packs():
        for path in result or []:
            policy.add(load_toml(Path(path)), origin=str(path))
            pack_paths.append(Path(path))
    rules: list[Rule] = list(CORE_RULES)
    for result in pm.hook.zizhi_rules():
        rules.extend(result or [])
    reporters: dict[str, object] = {}
    for result in pm.hook.zizhi_reporters():
        for name, fn in (result or {}).items():
            reporters.setdefault(name, fn)
    return Engine(pm, catalogue, policy, RuleRegistry(rules), reporters, disabled=list(disabled or []),
                  catalogue_data=catalogue_data, pack_paths=pack_paths, platforms=load_platform_table(pm))


def check(
    paths: list[Path],
    engine: Engine,
    options: Options | None = None,
    config_path: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    listings: dict[str, object] | None = None,
) -> Report:
    """``listings``: folder listings another step of this run already walked (``resolve_targets``);
    their problems are reported here, once."""
    options = options or Options()
    report = Report(lang=options.lang, policy=engine.policy, rules=engine.rules, catalogue=engine.catalogue)
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=options,
                      diagnostics=report.diagnostics, select=list(select or []), ignore=list(ignore or []),
                      listings=dict(listings or {}), runtime=engine.runtime(), platforms=engine.platforms)
    try:
        _scan(paths, engine, options, config_path, report, ctx)
    finally:
        workers.close_pool(ctx)
    close_caches(ctx)
    if report.path_errors and not report.projects:
        raise UsageError("; ".join(report.path_errors))  # nothing was scanned: no report
    return report


def _scan(paths: list[Path], engine: Engine, options: Options, config_path: Path | None, report: Report,
          ctx: ScanContext) -> None:
    for raw in paths:
        path = raw.resolve()
        problem = _path_problem(path)
        if problem:
            _bad_path(report, raw, problem)
            continue
        scan_root = path if path.is_dir() else path.parent
        report.scan_roots.append(str(raw))
        ctx.scan_root = scan_root
        for code, message, rel in ctx.listings.pop(f"listing-handed:{scan_root}", None) or []:
            ctx.diagnose(code, message, rel)  # a listing handed over: its problems, as its first reader would
        projects = discover(scan_root, ctx)
        ctx.projects = projects  # backend discovery attaches sibling server folders to them
        if not projects:
            extra = f"; --platform {options.platform} keeps only projects built for that platform" \
                if options.platform else ""
            _bad_path(report, raw, "no mini-program project found (looked for project.config.json, app.json, "
                      "game.json, mini.project.json, pages.json, a uni-app manifest.json beside App.vue, "
                      "src/app.config.ts, an Mpx src/app.mpx, a game engine's project, and "
                      f"a pages/ folder of two or more WeChat pages){extra}")
            continue
        # (and the folders beside a project whose files are its own: an Egret project's companion is read by
        # that project, never by one at a folder above both)
        roots = sorted({p.root for p in projects} | {Path(os.path.normpath(p.root / c))
                                                     for p in projects for c in p.companions})
        for project in projects:
            nested = [r.relative_to(project.root).as_posix() for r in roots
                      if r != project.root and project.root in r.parents]
            run_project(project, ctx.sink(project.diagnostics), config_path, nested, engine)
            report.projects.append(project)
            for warning in retired_codes(project.config, options.lang):  # a config shared by projects: once
                if warning not in report.warnings:
                    report.warnings.append(warning)


def _path_problem(path: Path) -> str:
    """Why a path given on the command line cannot be scanned ('' if it can)."""
    try:
        if not path.exists():
            return "no such file or folder"
        if path.is_dir():
            os.scandir(path).close()
        else:
            with path.open("rb"):
                pass
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    return ""


def _bad_path(report: Report, raw: Path, problem: str) -> None:
    """A path that cannot be scanned is an error diagnostic of the run; the other paths are still scanned,
    and the exit code is 2 (the CLI prints ``report.path_errors`` after the report)."""
    message = f"{raw}: {problem}"
    report.path_errors.append(message)
    report.diagnostics.append(Diagnostic("ZZ010", f"{problem}; not scanned", Location(str(raw), 0), Severity.ERROR))


def run_project(project: Project, ctx: ScanContext, config_path: Path | None, nested: list[str],
                engine: Engine | None = None) -> None:
    """One project through every stage; ``ctx`` puts diagnostics into ``project.diagnostics``."""
    project.config = load_config(project.root, config_path)
    if engine is not None and project.config.path is not None:
        check_known(project.config, engine.known())
    ctx.config = project.config
    from zizhi import snapshot

    found = snapshot.probe(project, ctx, nested)
    if found is None:  # no cache
        ctx.pm.hook.zizhi_load_project(project=project, ctx=ctx)
        project.signals = extract(project, ctx, nested)
    elif not snapshot.restore(found, project, ctx):  # not unchanged: load and extract what changed
        from zizhi.safeio import recording_reads

        reuse = snapshot.reuse(found, project, ctx)
        load = reuse is None or found.reload
        with recording_reads() as load_reads:
            if load:
                ctx.pm.hook.zizhi_load_project(project=project, ctx=ctx)
        loaded = snapshot.loaded_state(project) if load else found.loaded
        if reuse is not None and found.reload and not snapshot.same_load(found, project, loaded):
            reuse = None  # loaded otherwise than before: extract everything (the per-file cache still helps)
        with recording_reads() as extract_reads:
            record = Record()
            project.signals = extract(project, ctx, nested, reuse=reuse, record=record)
        snapshot.store(found, project, ctx, loaded, record, load_reads, extract_reads, reused=reuse is not None)
    project.evidence, project.features = detect(project, ctx)
    if found is not None:
        snapshot.finish(found, project, ctx)  # (the part- file, with what detection matched)
    project.business_types = classify(project, ctx)
    project.obligations = decide(project, ctx)
    project.findings = compare(project, ctx)
    project.findings = apply_suppressions(project, ctx)  # then baseline and --diff (cli.py)
    project.diagnostics.sort(key=lambda d: (d.location, d.code))


__all__ = ["Config", "DataError", "Engine", "UsageError", "check", "load_engine"]
