"""Measure zizhi against the hand-labelled corpus of real mini-program repositories.

Usage (from the repository root, with the project's virtualenv)::

    python bench/corpus_eval.py                       # every manifest entry whose folder exists
    python bench/corpus_eval.py --only wx-official-demo --only weui-wxss
    python bench/corpus_eval.py --platform-prefix wechat --json /tmp/corpus.json
    python bench/corpus_eval.py --split build          # the half detection is tuned on
    python bench/corpus_eval.py --split check          # the half it is not
    python bench/corpus_eval.py --manifest bench/newcorpus.json --corpus /work/newcorpus   # a held-out set

The repositories themselves are not part of this project: get them at their pinned commits into
``--corpus`` (see ``shared/corpus/README.md``). Label conventions:

* ``features``: feature -> evidence list (``path:line``) the code really has;
* ``absent``: features a careless scan might claim but the code does not have (traps);
* ``licences``: licence id -> ``required`` / ``not_required`` / ``uncertain``.

Feature metrics: true positives, misses (labelled, not found), traps (claimed although in ``absent``),
extras (found, neither labelled nor in ``absent``). Licence metrics consider only obligations of kind
``licence`` / ``filing``, taking per licence id the strongest level over all projects found in the repo.
A licence counts as detected when reported as ``required`` or ``likely`` (what the product promises:
"likely needed"); ``depends`` is a hint, not a detection, and is counted apart. A repo on which zizhi
fails (exception, no project found) counts as an empty report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from zizhi import __version__ as ZIZHI_VERSION
from zizhi.engine import load_engine
from zizhi.evaluate import (
    AIM,
    BASELINE,
    BASELINE_NAME,
    RepoResult,
    Totals,
    per_id,
    print_per_id,
    print_repo,
    print_summary,
    run_one,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/corpus")
DEFAULT_MANIFEST = Path(__file__).resolve().parents[2] / "shared/corpus/manifest.json"

DEFAULT_SPLIT = Path(__file__).resolve().parent / "corpus_split.json"


# ---------------------------------------------------------------------------------------------------------------
# main


def zizhi_revision() -> str:
    """Version and git commit of the zizhi being measured ("+dirty" when tracked files are modified)."""
    try:
        head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"zizhi {ZIZHI_VERSION}"
    return f"zizhi {ZIZHI_VERSION} @ {head}{'+dirty' if dirty else ''}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder holding <id>/ repositories")
    ap.add_argument("--manifest", type=Path, action="append", default=[],
                    help="labels (manifest.json); repeatable; default: the shared corpus")
    ap.add_argument("--split", choices=("build", "check"), default=None,
                    help="evaluate only this half of the shared corpus (bench/corpus_split.json)")
    ap.add_argument("--only", action="append", default=[], metavar="ID", help="evaluate only this id (repeatable)")
    ap.add_argument("--platform-prefix", default=None, metavar="PREFIX",
                    help="evaluate only entries whose manifest platform starts with PREFIX (e.g. wechat)")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the raw numbers here")
    return ap.parse_args(argv)


def select_entries(manifest: list[dict[str, Any]], args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[str]]:
    chosen: list[dict[str, Any]] = []
    skipped: list[str] = []
    known = {str(e["id"]) for e in manifest}
    for wanted in args.only:
        if wanted not in known:
            skipped.append(f"{wanted}: not in manifest")
    for entry in manifest:
        eid = str(entry["id"])
        if args.only and eid not in args.only:
            continue
        if args.platform_prefix and not str(entry.get("platform", "")).startswith(args.platform_prefix):
            continue
        if not (args.corpus / eid).is_dir():
            skipped.append(f"{eid}: no folder {args.corpus / eid}")
            continue
        chosen.append(entry)
    return chosen, skipped


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.manifest = args.manifest or [DEFAULT_MANIFEST]
    manifest: list[dict[str, Any]] = []
    for path in args.manifest:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):  # tolerate {"entries": [...]}
            data = data.get("entries", [])
        manifest.extend(data)
    if args.split:
        half = set(json.loads(DEFAULT_SPLIT.read_text(encoding="utf-8"))[args.split])
        manifest = [e for e in manifest if str(e["id"]) in half]
    entries, skipped = select_entries(manifest, args)
    out = sys.stdout
    for s in skipped:
        out.write(f"skipped {s}\n")
    if not entries:
        out.write("nothing to evaluate\n")
        return 2

    revision = zizhi_revision()
    out.write(f"{revision}; manifest {', '.join(map(str, args.manifest))}; split {args.split or 'all'};"
              f" corpus {args.corpus}\n")
    t0 = time.perf_counter()
    engine = load_engine()
    out.write(f"engine loaded in {time.perf_counter() - t0:.2f}s; {len(entries)} repos\n")

    results: list[RepoResult] = []
    totals = Totals()
    for entry in entries:
        r = run_one(entry, args.corpus / str(entry["id"]), engine)
        results.append(r)
        totals.add(r)
        print_repo(r, out)
        out.flush()
    print_summary(results, totals, out)
    table = per_id(results)
    print_per_id(table, out)

    if args.json:
        payload = {
            "zizhi": revision,
            "manifest": [str(m) for m in args.manifest],
            "split": args.split,
            "corpus": str(args.corpus),
            "skipped": skipped,
            "totals": asdict(totals),
            "rates": totals.rates(),
            "per_id": table,
            "baseline": {"name": BASELINE_NAME, **BASELINE},
            "aim": AIM,
            "repos": [asdict(r) for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        out.write(f"\nraw numbers written to {args.json}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
