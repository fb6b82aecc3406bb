"""``zizhi audit --engine dask``: the same tasks as the local run, on a Dask cluster (docs/audit.md).

Dask rather than Ray: a repository is a plain function call on files with no shared state between
tasks, which is what ``distributed`` schedules best; it installs from PyPI as pure Python wheels (Ray is
a large binary wheel per platform and Python version), it starts a local cluster in-process for tests
and laptops, and it runs on the clusters people already have (SSH, Kubernetes, YARN, SLURM/PBS through
dask-jobqueue) behind one scheduler address.

Each task is ``zizhi.audit.audit_repository`` on one repository: the workers read the repository from a
path they share with the client (the default), or receive it packed (``--pack``: regular files only, no
``.git``; the commit travels with the task). Tasks are submitted through a bounded window, so packing a
large portfolio does not hold it all in memory. A worker that dies does not lose its repository: the
scheduler runs the task again on another worker (``distributed.scheduler.allowed-failures``, 3 by
default), and a task that still fails is recorded as that repository's error, which ``--resume`` runs
again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zizhi.audit import Settings, Task, audit_repository, pack

#: Tasks in flight per worker: enough to keep every worker busy, few enough to bound packed bytes.
WINDOW_PER_WORKER = 4


def _worker_version() -> str:
    from zizhi import __version__

    return __version__


def run_dask(tasks: list[Task], settings: Settings, jobs: int, on_result: Callable[[dict[str, Any]], None],
             scheduler: str | None = None, pack_tasks: bool = False,
             fn: Callable[[Task, Settings], dict[str, Any]] = audit_repository) -> None:
    """Run ``fn`` on every task on the cluster at ``scheduler`` (a local cluster of ``jobs`` worker
    processes, one thread each, when None), calling ``on_result`` as results arrive."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        from zizhi.engine import UsageError

        raise UsageError("--engine dask needs Dask's distributed scheduler: pip install 'zizhi[dask]'") from exc
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=os.environ.get("ZIZHI_DASK_TIMEOUT", "30s"))
        except (OSError, TimeoutError, ValueError) as exc:
            from zizhi.engine import UsageError

            raise UsageError(f"--scheduler {scheduler}: cannot connect: {exc}") from exc
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        _same_zizhi(client)
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        queue = iter(tasks)
        by_key: dict[Any, Task] = {}

        def submit() -> Any | None:
            task = next(queue, None)
            if task is None:
                return None
            arg: Any = task
            if pack_tasks:  # scattered: the bytes go to a worker as data, not inside the task graph
                arg = client.scatter(Task(task.repository, task.path, task.commit, pack(Path(task.path))))
            future = client.submit(fn, arg, settings, pure=False, retries=1)
            by_key[future.key] = Task(task.repository, task.path, task.commit)  # not the packed bytes
            return future

        first = [f for f in (submit() for _ in range(workers * WINDOW_PER_WORKER)) if f is not None]
        done = as_completed(first)
        for future in done:
            task = by_key.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker after repeated deaths, a lost connection ...
                result = {"repository": task.repository, "commit": task.commit, "records": [], "exit": 2,
                          "error": f"{type(exc).__name__} on the cluster: {exc}", "seconds": 0.0}
            future.release()
            on_result(result)
            following = submit()
            if following is not None:
                done.add(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _same_zizhi(client: Any) -> None:
    """Workers running another zizhi would give other results: refuse, naming the versions."""
    from zizhi import __version__
    from zizhi.engine import UsageError

    versions = client.run(_worker_version)
    other = {worker: v for worker, v in versions.items() if v != __version__}
    if other:
        raise UsageError(f"the cluster's workers run other zizhi versions than {__version__}: "
                         + ", ".join(f"{w} has {v}" for w, v in sorted(other.items())))
