"""``zizhi audit --engine dask`` on Dask's local cluster: the same records as the local run, from a shared
path or packed, and a worker that dies loses no repository. Needs ``pip install '.[dask]'``; skipped,
saying so, where Dask is missing — except in CI (``CI=true``), where .ci/run installs it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, FIXTURES, cli
from gitrepo import make_repo

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import distributed  # noqa: F401 - in CI a missing Dask is a failure, not a skip
else:
    pytest.importorskip("distributed", reason="Dask is not installed (pip install '.[dask]')")


def _key(r: dict[str, Any]) -> tuple[str, str, str]:
    return (r["repository"], r.get("root", ""), r.get("platform", ""))


def _records(path: Path) -> list[dict[str, Any]]:
    return sorted((json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()), key=_key)


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "repos"
    root.mkdir()
    for name in ("ads-banner", "wxml-live-pusher", "uniapp", "backend-python"):
        shutil.copytree(FIXTURES / name, root / name)
    shutil.copytree(EXAMPLES / "voice-square", root / "voice-square")
    make_repo(root / "gitrepo", {"pages/index/index.js": "Page({})\nwx.requestPayment({})\n"})
    (root / "empty").mkdir()
    (root / "empty" / "notes.txt").write_text("nothing\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local(repos, tmp_path_factory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("local") / "local.jsonl"
    code, _, stderr = cli(["audit", str(repos), "-o", str(out), "--jobs", "2"])
    assert code == 2, stderr  # the empty folder
    return _records(out)


@pytest.mark.parametrize("pack", [False, True], ids=["shared-path", "packed"])
def test_local_cluster_gives_the_local_records(repos, local, tmp_path, pack) -> None:
    out = tmp_path / "dask.jsonl"
    code, _, stderr = cli(["audit", str(repos), "-o", str(out), "--engine", "dask", "--jobs", "2",
                           *(["--pack"] if pack else [])])
    assert code == 2, stderr
    assert "audited 7 repositories (1 failed)" in stderr
    assert _records(out) == local


def test_a_dying_worker_loses_no_repository(repos, local, tmp_path) -> None:
    import cloudpickle

    import dask_die_once
    from zizhi.audit import Settings, repositories
    from zizhi.audit_dask import run_dask

    cloudpickle.register_pickle_by_value(dask_die_once)  # the workers cannot import the tests' folder
    marker = tmp_path / "died"
    tasks, _ = repositories([str(repos)])
    victim = next(t.repository for t in tasks if t.repository.endswith("voice-square"))
    results: list[dict[str, Any]] = []
    run_dask(tasks, Settings(), 2, results.append,
             fn=dask_die_once.die_once(victim, str(marker)))
    assert marker.exists()  # a worker did die, in the middle of that repository
    assert sorted(r["repository"] for r in results) == sorted(t.repository for t in tasks)
    records = sorted((rec for r in results for rec in r["records"]), key=_key)
    assert records == [r for r in local if "error" not in r]


def test_missing_scheduler_is_a_usage_error(repos, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ZIZHI_DASK_TIMEOUT", "3s")
    code, _, stderr = cli(["audit", str(repos / "ads-banner"), "-o", str(tmp_path / "x.jsonl"), "--engine", "dask",
                           "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "Traceback" not in stderr and "--scheduler tcp://127.0.0.1:9: cannot connect" in stderr
