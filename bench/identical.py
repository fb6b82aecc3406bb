"""Check that a refactoring leaves every report byte for byte as it was.

Usage (from the repository root, with the project's virtualenv)::

    # the reports of the commit to compare against (or, on that commit, without --rev)
    python bench/identical.py record /tmp/reports-before --rev main --corpus /work/corpus --corpus /work/newcorpus
    # after it: the same targets again, compared with what was recorded (exit 1 on any difference)
    python bench/identical.py compare /tmp/reports-before --corpus /work/corpus --corpus /work/newcorpus

What is run: ``zizhi check --no-cache`` in its JSON, SARIF and text (English and Chinese) formats on
every fixture project under ``tests/fixtures`` and every example under ``examples``, and on each
``<id>`` folder of every ``--corpus`` folder (the repositories of the shared corpus are not part of
this project; see ``bench/corpus_eval.py``). A corpus repository listed in a manifest
(``--manifest``: ``bench/newcorpus.json``, ``shared/corpus/manifest.json``; each entry an ``id`` and
its ``roots``) is checked on its roots, as ``bench/corpus_eval.py`` does; any other on its whole folder.
With ``--cached`` (compare only), each target is also checked twice with the caches on, in a user cache
folder of its own: a cold run (it writes the per-file cache, the project snapshots and the whole-command
result) and a warm one (answered by the whole-command result cache, ``zizhi.resultcache``, when the
tree is unchanged): both must give the recorded report, and the warm runs answered from the result
cache are counted (its entry not written again).
Each run's exit code, standard output and standard error are recorded and compared; checks run in the
target's folder with relative paths, so the reports do not depend on where the trees are. ``--jobs``
runs that many checks at once. Checks run with ``PYTHONHASHSEED=0`` (``--hash-seed``): some reports
have depended on the order of a set of strings, which is not what a refactoring is checked for;
``--hash-seed random`` on both sides shows whether they still do.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FORMATS: dict[str, list[str]] = {
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "text-en": ["--format", "text", "--lang", "en"],
    "text-zh": ["--format", "text", "--lang", "zh"],
}


@dataclass(frozen=True)
class Target:
    name: str  # the recording's file name stem: fixtures/js-apis, corpus/wx-official-demo
    cwd: Path
    paths: tuple[str, ...]  # relative to cwd


def fixture_targets() -> list[Target]:
    found = []
    for group in ("tests/fixtures", "examples"):
        base = REPO_ROOT / group
        for child in sorted(base.iterdir()) if base.is_dir() else []:
            if child.is_dir() and not child.name.startswith("."):
                found.append(Target(f"{group.rsplit('/', 1)[-1]}/{child.name}", child, (".",)))
    return found


def corpus_targets(corpora: Sequence[Path], manifests: Sequence[Path]) -> list[Target]:
    roots: dict[str, list[str]] = {}
    for manifest in manifests:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries = data if isinstance(data, list) else data.get("repos", data.get("entries", []))
        for entry in entries:
            roots[str(entry["id"])] = [str(r) for r in entry.get("roots", ["."])]
    found = []
    for corpus in corpora:
        for child in sorted(corpus.iterdir()):
            if not child.is_dir() or child.name.startswith("."):
                continue
            paths = tuple(r for r in roots.get(child.name, ["."]) if (child / r).exists()) or (".",)
            found.append(Target(f"{corpus.name}/{child.name}", child, paths))
    return found


def run_one(target: Target, fmt: str, cache_dir: str, seed: str, code: Path | None, cached: bool = False) -> str:
    """One check as a recording: exit code, then stdout, then stderr. ``code``: a tree of zizhi's
    sources to run instead of the installed one. ``cached``: with the caches on (in ``cache_dir``)."""
    env = dict(os.environ, ZIZHI_NO_CACHE="1", ZIZHI_CACHE_DIR=cache_dir, NO_COLOR="1", COLUMNS="100",
               PYTHONHASHSEED=seed)
    if cached:
        env.pop("ZIZHI_NO_CACHE")
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code / "src"), str(code / "plugins")])
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([sys.executable, "-m", "zizhi", "check", *target.paths,
                           *([] if cached else ["--no-cache"]), *FORMATS[fmt]],
                          cwd=target.cwd, env=env, capture_output=True, timeout=600, check=False)
    out = proc.stdout.decode("utf-8", "surrogateescape")
    err = proc.stderr.decode("utf-8", "surrogateescape")
    return f"exit {proc.returncode}\n--- stdout\n{out}\n--- stderr\n{err}"


def results_state(cache_dir: str) -> dict[str, int]:
    """The whole-command results in a user cache folder: file name -> mtime."""
    folder = Path(cache_dir) / "results"
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")} if folder.is_dir() else {}


def run_cached(target: Target, fmt: str, cache_dir: str, seed: str) -> tuple[str, str, bool]:
    """(the cold run's recording, the warm run's, whether the warm run was answered from the result cache)."""
    cold = run_one(target, fmt, cache_dir, seed, None, cached=True)
    before = results_state(cache_dir)
    warm = run_one(target, fmt, cache_dir, seed, None, cached=True)
    return cold, warm, bool(before) and results_state(cache_dir) == before


def recording_path(out: Path, target: Target, fmt: str) -> Path:
    return out / f"{target.name}.{fmt}.txt"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("record", "compare"))
    ap.add_argument("out", type=Path, help="folder of the recorded reports")
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="folder holding <id>/ repositories")
    ap.add_argument("--manifest", type=Path, action="append", default=[],
                    help="corpus manifest (JSON) naming each repository's roots")
    ap.add_argument("--no-fixtures", action="store_true", help="only the corpus folders")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rev", default=None, metavar="REV",
                    help="run the zizhi of this git revision (its tree, `git archive`d to a temporary folder and put "
                         "first on PYTHONPATH; the installed entry points must name the same plugins) instead of "
                         "the installed one: `record --rev main` records the reports from before a change")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="only targets whose name (fixtures/js-apis, corpus/weui-wxss) contains NAME")
    ap.add_argument("--hash-seed", default="0", metavar="SEED",
                    help="PYTHONHASHSEED of the checks (default 0; 'random' shows whether a report depends on it)")
    ap.add_argument("--cached", action="store_true",
                    help="compare: also check each target cold and warm with the caches on (the warm run answered "
                         "by the whole-command result cache) against the same recording")
    args = ap.parse_args(argv)

    targets = ([] if args.no_fixtures else fixture_targets()) + corpus_targets(args.corpus, args.manifest)
    targets = [t for t in targets if not args.only or any(o in t.name for o in args.only)]
    runs = [(t, fmt) for t in targets for fmt in FORMATS]
    with tempfile.TemporaryDirectory(prefix="zizhi-identical-") as tmp, \
            ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        code = None
        if args.rev:
            code = Path(tmp) / "code"
            code.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", args.rev], capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        cache_dir = str(Path(tmp) / "cache")
        results = list(pool.map(lambda tf: run_one(tf[0], tf[1], cache_dir, args.hash_seed, code), runs))
        cached: list[tuple[str, str, bool]] = []
        if args.cached and args.action == "compare":
            cached = list(pool.map(lambda itf: run_cached(itf[1][0], itf[1][1], str(Path(tmp) / f"cached-{itf[0]}"),
                                                          args.hash_seed), enumerate(runs)))
    differ = missing = 0
    names: list[str] = []
    for (target, fmt), actual in zip(runs, results, strict=True):
        path = recording_path(args.out, target, fmt)
        if args.action == "record":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", errors="surrogateescape")
            continue
        if not path.exists():
            missing += 1
            print(f"NOT RECORDED {target.name} ({fmt})")
            continue
        expected = path.read_text(encoding="utf-8", errors="surrogateescape")
        if actual != expected:
            differ += 1
            names.append(f"{target.name} ({fmt})")
            diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                        fromfile=f"recorded {target.name} ({fmt})", tofile="now")
            sys.stdout.writelines(list(diff)[:80])
            print()
    if args.action == "record":
        print(f"recorded {len(runs)} reports of {len(targets)} targets in {args.out}")
        return 0
    hits = 0
    unanswered = []
    for (target, fmt), (cold, warm, hit) in zip(runs, cached, strict=False):
        hits += hit
        if not hit:
            unanswered.append(f"{target.name} ({fmt}, {warm.partition(chr(10))[0]})")
        path = recording_path(args.out, target, fmt)
        expected = path.read_text(encoding="utf-8", errors="surrogateescape") if path.exists() else None
        for label, actual in (("cold, caches on", cold), ("warm, caches on", warm)):
            if expected is not None and actual != expected:
                differ += 1
                names.append(f"{target.name} ({fmt}, {label})")
                diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            fromfile=f"recorded {target.name} ({fmt})", tofile=label)
                sys.stdout.writelines(list(diff)[:80])
                print()
    if cached:
        print(f"with the caches on: {len(cached)} targets and formats cold and warm; {hits} warm runs answered "
              "from the whole-command result cache")
        if unanswered:
            print("  not answered from it (a run ending in exit 2 is never kept): " + ", ".join(unanswered))
    for name in names:
        print(f"DIFFERS {name}")
    total = len(runs) + 2 * len(cached)
    print(f"{total - differ - missing} of {total} reports identical ({len(targets)} targets); "
          f"{differ} differ, {missing} not recorded")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
