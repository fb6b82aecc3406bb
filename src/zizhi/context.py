"""What every stage of one run shares: plugins, loaded data, options, the scan root and its projects,
and where diagnostics go.

Every field is typed. Plugins keep their own per-run memos in ``memo`` (keys prefixed with the
plugin's name: ``"js:tokens"``); the engine keeps nothing there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi.model import Diagnostic, Location, Severity

if TYPE_CHECKING:
    import pluggy

    from zizhi.catalogue import Catalogue
    from zizhi.config import Config
    from zizhi.filecache import FileCache
    from zizhi.model import Project
    from zizhi.platforms import PlatformTable
    from zizhi.policy import PolicyPack


@dataclass
class Options:
    """The run's options that the stages read."""

    lang: str = "en"
    max_file_bytes: int = 2 * 1024 * 1024
    suppressions: bool = True  # honour inline zizhi-disable comments (--no-suppressions: off)
    #: parse vendored bundles like the app's own code (slow) instead of scanning their tokens
    parse_vendored: bool = False
    #: worker processes for extraction; 0 = every CPU for large trees, else 1
    jobs: int = 1
    #: read and write the content-hash cache of per-file results (``zizhi.filecache``)
    cache: bool = False
    #: the folder holding that cache (``--cache-dir``); None: the user's cache folder
    cache_dir: str | None = None
    platform: str | None = None  # only projects of this target platform (--platform)


@dataclass(frozen=True)
class Runtime:
    """What the file cache and the worker processes need of the engine running the scan (handed
    over as data, so that neither imports the engine)."""

    #: the engine's fingerprint (zizhi, plugins and data): the file cache's guard against stale entries
    fingerprint: Callable[[], str]
    #: plugins turned off (``-p no:NAME``), repeated in worker processes
    disabled: tuple[str, ...] = ()
    #: builds a worker process's context from ``disabled`` and the options (a module-level function,
    #: so that a process started by spawn can import it)
    setup: Callable[[list[str], Options], ScanContext] | None = None


@dataclass(eq=False, repr=False)  # (a holder for one run: no generated methods it never uses)
class ScanContext:
    """What every stage of one scan is given: the plugins, the data, the options and the listings."""

    pm: pluggy.PluginManager
    catalogue: Catalogue
    policy: PolicyPack
    options: Options = field(default_factory=Options)
    config: Config | None = None
    #: where ``diagnose`` puts diagnostics (``sink`` gives a context with a list of its own)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: the folder being scanned (None outside a scan: a plugin called on its own)
    scan_root: Path | None = None
    #: every project discovered under the scan root (backend discovery attaches sibling servers to them)
    projects: list[Project] = field(default_factory=list)
    #: rule codes given on the command line (``--select`` / ``--ignore``)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: folder listings and name indexes walked this run (``zizhi.walk``), shared by every stage and
    #: handed from one run to another over the same tree
    listings: dict[str, Any] = field(default_factory=dict)
    #: the engine's fingerprint and how worker processes rebuild it (None: no file cache, no workers)
    runtime: Runtime | None = None
    #: the file cache of each scan root this run opened (None: not usable)
    file_caches: dict[Path, FileCache | None] = field(default_factory=dict)
    #: entries of each scan root's file cache that projects answered from their snapshot used
    #: (``zizhi.snapshot``): kept when another project of the root writes the cache
    cache_kept: dict[Path, set[str]] = field(default_factory=dict)
    #: the run's worker processes (``zizhi.workers``: one pool per run, started when first needed,
    #: shut down by ``workers.close_pool`` at the end of the run)
    workers: dict[str, Any] = field(default_factory=dict)
    #: the file kinds extracted purely (``zizhi_cacheable_kinds``), asked once per run
    cacheable_kinds: frozenset[str] | None = None
    #: the platform table (``platform_table()`` loads it from the plugins when not given)
    platforms: PlatformTable | None = None
    #: plugins' own per-run memos, keyed by the plugin's name and what is memoised ("js:tokens")
    memo: dict[str, Any] = field(default_factory=dict)
    _real_roots: dict[Path, str] = field(default_factory=dict, repr=False)
    #: the real paths of the folders of files read by name in this run (``safeio.real_path``)
    real_folders: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def cache(self) -> dict[str, Any]:
        """``memo`` under its old name (plugins written before it was renamed)."""
        return self.memo

    def platform_table(self) -> PlatformTable:
        """The platforms zizhi knows (``zizhi_platform_table``)."""
        if self.platforms is None:
            from zizhi.platforms import load_platform_table

            self.platforms = load_platform_table(self.pm)
        return self.platforms

    def sink(self, diagnostics: list[Diagnostic]) -> ScanContext:
        """This context with ``diagnostics`` as where diagnostics go: what a stage hands a plugin
        whose diagnostics it wants back, instead of swapping the shared list. (A shallow copy, as
        ``dataclasses.replace`` makes, at a tenth of its cost: it is made for every file.)"""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.diagnostics = diagnostics
        return copy

    def real_scan_root(self, fallback: Path | None = None) -> str | None:
        """The real path of the scan root (or of ``fallback`` outside a scan), remembered per run."""
        root = self.scan_root if self.scan_root is not None else fallback
        if root is None:
            return None
        real = self._real_roots.get(root)
        if real is None:
            real = self._real_roots[root] = os.path.realpath(root)
        return real

    def diagnose(
        self,
        code: str,
        message: str,
        path: str,
        line: int = 0,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.diagnostics.append(Diagnostic(code, message, Location(path, line), severity))


def call_hook(ctx: ScanContext, name: str, /, **kwargs: Any) -> Any:
    """``ctx.pm.hook.<name>(**kwargs)``, as pluggy calls it — the implementations registered last
    first, each with the arguments it names; a ``firstresult`` hook's first result other than None,
    else the list of those results —, without pluggy's dispatch: the stages call the per-file hooks
    (classify, preprocess, extract) for every file, where that dispatch cost more than most
    extractors. The implementations are looked up once per run (``ctx.memo``); a hook with a
    wrapper implementation is called through pluggy."""
    key = "zizhi:hook:" + name
    plan = ctx.memo.get(key)
    if plan is None:
        hook = getattr(ctx.pm.hook, name)
        impls = hook.get_hookimpls()
        if any(impl.hookwrapper or getattr(impl, "wrapper", False) for impl in impls):
            plan = ctx.memo[key] = (hook, False, ())
        else:
            first = hook.spec is not None and bool(hook.spec.opts.get("firstresult"))
            calls = tuple((impl.function, _arguments(tuple(impl.argnames))) for impl in reversed(impls))
            plan = ctx.memo[key] = (None, first, calls)
    hook, first, calls = plan
    if hook is not None:
        return hook(**kwargs)
    results = []
    for function, arguments in calls:
        result = function(*arguments(kwargs))
        if result is not None:
            if first:
                return result
            results.append(result)
    return None if first else results


def _arguments(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The arguments an implementation names, from the call's keyword arguments, as a tuple (an
    ``itemgetter``: in C, where a list comprehension per implementation and file cost ~15 ms of a
    run without a cache)."""
    if len(names) >= 2:
        return itemgetter(*names)
    if len(names) == 1:
        one = itemgetter(names[0])
        return lambda kwargs: (one(kwargs),)
    return lambda kwargs: ()
