"""Scheduling the per-file extractors: here, or in worker processes.

One pool serves the whole run (every project of every path given), started when a project first
has enough to extract (``jobs_for``) and ended with the run (``close_pool``). Workers rebuild the
plugin manager and the catalogue in an initializer (plugins and loaded data
are never pickled) with the setup function the engine hands over (``Runtime.setup``: this module
imports neither the engine nor the extract stage); each task is one file (its bytes and text,
already read by the main process) and returns that file's signals and diagnostics.
``executor.map`` keeps file order, and the extract stage sorts signals, so a report never
depends on the number of workers.

Only files of the kinds that extractors declare pure (``zizhi_cacheable_kinds``) are sent to
workers: their result depends on the file and the project's platform alone, not on what
``zizhi_load_project`` read. When plugins were registered in a way a worker cannot repeat (not
through entry points or the built-in list), extraction stays in this process. Diagnostics come
back as return values, with the signals.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from zizhi.model import Diagnostic, Project, Signal, SourceFile
from zizhi.sources import run_extractors

if TYPE_CHECKING:
    from collections.abc import Callable

    from zizhi.context import Options, ScanContext

#: Below this many bytes to extract, worker start-up costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
#: Files per task sent to a worker.
CHUNK = 8

_WORKER: dict[str, Any] = {}


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_for(ctx: ScanContext, total_bytes: int, count: int) -> int:
    """``--jobs N`` as given; 0 (auto): every CPU when the files to extract are many, else 1."""
    jobs = ctx.options.jobs
    if jobs == 0:
        jobs = cpu_count() if total_bytes >= PARALLEL_MIN_BYTES else 1
    return max(1, min(jobs, count // CHUNK + 1))


def _init_worker(setup: Callable[[list[str], Options], ScanContext], disabled: list[str], options: Options,
                 user_cache: bool) -> None:
    from zizhi import usercache

    usercache.configure(user_cache)  # --no-cache reaches workers started by spawn (macOS, Windows)
    _WORKER["ctx"] = setup(disabled, options)


def _extract_batch(project: Project, sources: list[SourceFile]) -> list[tuple[list[Signal] | None,
                                                                             list[Diagnostic]]]:
    return [run_extractors(source, project, _WORKER["ctx"]) for source in sources]


def _slim(project: Project) -> Project:
    """What a pure extractor may read of the project (no manifests, files, documents or config)."""
    return Project(root=project.root, relroot=project.relroot, platform=project.platform,
                   framework=project.framework, kind=project.kind, manifest=project.manifest,
                   app_root=project.app_root, backend_roots=list(project.backend_roots))


def _repeatable(ctx: ScanContext) -> bool:
    """Whether a worker's fresh plugin manager has the same plugins as ours."""
    from zizhi.plugins import get_plugin_manager

    if ctx.runtime is None or ctx.runtime.setup is None:
        return False
    mine = sorted(name for name, plugin in ctx.pm.list_name_plugin() if plugin is not None)
    fresh = get_plugin_manager(ctx.runtime.disabled)
    return mine == sorted(name for name, plugin in fresh.list_name_plugin() if plugin is not None)


def _batches(items: Iterator[tuple[int, SourceFile]], size: int) -> Iterator[list[tuple[int, SourceFile]]]:
    batch: list[tuple[int, SourceFile]] = []
    for pair in items:
        batch.append(pair)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


Result = tuple[list[Signal] | None, list[Diagnostic]]


def extract_many(project: Project, items: Iterator[tuple[int, SourceFile]], count: int, total_bytes: int,
                 ctx: ScanContext, run: Callable[[SourceFile, Project, ScanContext], Result] = run_extractors,
                 ) -> Iterator[tuple[int, Result]]:
    """(index, (signals, diagnostics)) of each (index, source) of ``items``, in order. ``items`` is
    consumed as work is done (a bounded window of batches is in flight), so file contents do not
    pile up; ``count`` and ``total_bytes`` (at most that many files and bytes) decide whether
    workers are worth starting. ``run`` extracts a file in this process (workers run
    ``zizhi.sources.run_extractors``)."""
    jobs = jobs_for(ctx, total_bytes, count) if count else 1
    pool = _pool(ctx, jobs) if jobs > 1 else None
    if pool is not None:
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        slim = _slim(project)
        jobs = ctx.workers["jobs"]
        window: deque[tuple[list[tuple[int, SourceFile]], Future[list[Result]] | None]] = deque()
        try:
            for batch in _batches(items, CHUNK):
                window.append((batch, None))  # kept until done: redone here if the pool breaks
                window[-1] = (batch, pool.submit(_extract_batch, slim, [s for _, s in batch]))
                while window and (len(window) >= jobs * 4 or window[0][1].done()):  # type: ignore[union-attr]
                    yield from _first_done(window)
            while window:
                yield from _first_done(window)
            return
        except (BrokenProcessPool, OSError):  # no processes here (sandbox, limits): go on in this one
            ctx.workers["broken"] = True
            items = itertools.chain([pair for batch, _ in window for pair in batch], items)
    for index, source in items:
        yield index, run(source, project, ctx)


def _pool(ctx: ScanContext, jobs: int) -> Any:
    """The run's pool of worker processes, started when a project first needs one (``jobs``
    workers) and used by every later project of the run (``close_pool`` ends it); None when
    workers cannot repeat our plugins or could not be started."""
    held = ctx.workers
    if held.get("broken"):
        return None
    if "pool" not in held:
        if not _repeatable(ctx):
            held["broken"] = True
            return None
        from concurrent.futures import ProcessPoolExecutor

        from zizhi import usercache

        assert ctx.runtime is not None and ctx.runtime.setup is not None  # (_repeatable)
        # Workers get the options without the parallel setting (they never start pools of their own).
        options = replace(ctx.options, jobs=1)
        try:
            held["pool"] = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                               initargs=(ctx.runtime.setup, list(ctx.runtime.disabled), options,
                                                         usercache.enabled()))
        except OSError:
            held["broken"] = True
            return None
        held["jobs"] = jobs
    return held["pool"]


def close_pool(ctx: ScanContext) -> None:
    """End the run's worker processes, if it started any."""
    pool = ctx.workers.pop("pool", None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _first_done(window: deque[tuple[list[tuple[int, SourceFile]], Any]]) -> Iterator[tuple[int, Result]]:
    batch, future = window[0]
    results = future.result()
    window.popleft()
    for (index, _source), result in zip(batch, results, strict=True):
        yield index, result
