"""A task for tests/test_audit_dask.py that kills its worker process the first time it meets one
repository (shipped to the workers by value with cloudpickle)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def die_once(victim: str, marker: str) -> Callable[[Any, Any], dict[str, Any]]:
    def task(task: Any, settings: Any) -> dict[str, Any]:
        from zizhi.audit import audit_repository

        if task.repository == victim and not Path(marker).exists():
            Path(marker).write_text("died\n", encoding="utf-8")
            os._exit(13)  # the worker process dies, as on an out-of-memory kill
        return audit_repository(task, settings)

    return task
