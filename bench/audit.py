"""``zizhi audit``'s throughput on many repositories: local processes vs Dask's local cluster.

Usage (from the repository root, with ``pip install '.[dask]'``)::

    python bench/audit.py                        # 1,000 generated repositories, growth 10/100/1000
    python bench/audit.py --repos 200 --growth 10,100 --jobs 2
    python bench/audit.py --source /work/corpus  # copies of real checkouts instead of the fixtures

The repositories are copies of the test fixtures and examples (or of ``--source``'s sub-folders),
cycled, each in its own folder of a temporary directory that is deleted afterwards (nothing fetched is
ever written into this repository). Every run is ``zizhi audit`` in its own process, without the
per-file cache (``ZIZHI_NO_CACHE=1``: each copy is new to zizhi anyway), wall time measured around it.
What is printed:

1. throughput on ``--repos`` repositories with ``--jobs`` workers: local processes vs Dask's local
   cluster of the same number of worker processes, in projects per second per core;
2. the fixed costs: one process starting and loading the engine (``zizhi audit`` of one minimal
   repository), and the time of one minimal repository inside a warm worker (the cost every
   repository pays whatever its size);
3. growth: local wall time for 10 … ``--repos`` repositories, and the time per repository, which should
   stay flat.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINIMAL = {
    "project.config.json": '{"appid": "wx00000000000000f1", "projectname": "m", "compileType": "miniprogram"}\n',
    "app.json": '{"pages": ["pages/index/index"]}\n',
    "app.js": "App({})\n",
    "pages/index/index.wxml": "<view>hello</view>\n",
    "pages/index/index.js": "Page({})\n",
}


def sources(source: Path | None) -> list[Path]:
    if source is not None:
        return sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
    fixtures = ROOT / "tests" / "fixtures"
    skip = {"syntax-error", "bad-json", "wrong-type"}  # kept: they are repositories too, but rarer in life
    return sorted(p for p in fixtures.iterdir() if p.is_dir() and p.name not in skip) + sorted(
        p for p in (ROOT / "examples").iterdir() if p.is_dir())


def generate(out: Path, count: int, pool: list[Path]) -> Path:
    out.mkdir(parents=True)
    for i in range(count):
        shutil.copytree(pool[i % len(pool)], out / f"r{i:05d}-{pool[i % len(pool)].name}", symlinks=True)
    return out


def minimal(out: Path) -> Path:
    for rel, text in MINIMAL.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


def audit(paths: list[Path], jobs: int, engine: str, out: Path) -> tuple[float, list[dict[str, object]]]:
    env = {**os.environ, "ZIZHI_NO_CACHE": "1"}
    env.pop("CI", None)
    cmd = [sys.executable, "-m", "zizhi", "audit", *map(str, paths), "-o", str(out), "--jobs", str(jobs),
           "--quiet", "--engine", engine]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return wall, records


def warm_task_seconds(repo: Path, repeat: int) -> float:
    """The median time of one minimal repository in a warm worker (engine loaded, code imported)."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "plugins")]
    os.environ["ZIZHI_NO_CACHE"] = "1"
    from zizhi.audit import Settings, Task, audit_repository

    task, settings = Task(str(repo), str(repo)), Settings()
    audit_repository(task, settings)  # loads the engine
    return statistics.median(audit_repository(task, settings)["seconds"] for _ in range(repeat))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--growth", default="10,100,1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--source", type=Path, default=None, help="copy these sub-folders instead of the fixtures")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    growth = sorted({int(n) for n in args.growth.split(",") if n.strip()} | {args.repos})
    pool = sources(args.source)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; jobs {args.jobs}; sources: {len(pool)} "
          f"{'folders of ' + str(args.source) if args.source else 'fixtures and examples'}")
    with tempfile.TemporaryDirectory(prefix="zizhi-bench-audit-") as tmp:
        base = Path(tmp)
        one = minimal(base / "minimal" / "one")
        start_wall, _ = audit([one], 1, "local", base / "one.jsonl")
        per_repo = warm_task_seconds(one, 20)
        print(f"fixed cost: process start and engine load {start_wall:.2f} s (zizhi audit of one minimal "
              f"repository); one minimal repository in a warm worker {per_repo * 1000:.1f} ms")
        rows = []
        for n in growth:
            folder = generate(base / f"repos-{n}", n, pool)
            wall, records = audit([folder], args.jobs, "local", base / f"local-{n}.jsonl")
            projects = sum(1 for r in records if "error" not in r)
            rows.append((n, projects, wall))
            print(f"local  {n:>5} repositories, {projects:>5} projects: {wall:7.1f} s, "
                  f"{wall / n * 1000:6.1f} ms per repository, {projects / wall / args.jobs:5.2f} projects/s/core")
            if n == args.repos and not args.no_dask:
                dwall, drecords = audit([folder], args.jobs, "dask", base / f"dask-{n}.jsonl")
                dprojects = sum(1 for r in drecords if "error" not in r)
                print(f"dask   {n:>5} repositories, {dprojects:>5} projects: {dwall:7.1f} s, "
                      f"{dwall / n * 1000:6.1f} ms per repository, {dprojects / dwall / args.jobs:5.2f} "
                      f"projects/s/core (local cluster, {args.jobs} worker processes, 1 thread each)")
                same = sorted(map(json.dumps, records)) == sorted(map(json.dumps, drecords))
                print(f"dask records identical to local: {same}")
            shutil.rmtree(folder)
        print()
        print("| repositories | projects | wall (s) | ms per repository | projects/s/core |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        for n, projects, wall in rows:
            print(f"| {n} | {projects} | {wall:.1f} | {wall / n * 1000:.0f} | {projects / wall / args.jobs:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
