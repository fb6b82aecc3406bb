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
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zizhi import __version__ as ZIZHI_VERSION
from zizhi.context import Options
from zizhi.engine import Engine, check, load_engine

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/corpus")
DEFAULT_MANIFEST = Path(__file__).resolve().parents[2] / "shared/corpus/manifest.json"

LEVEL_RANK: dict[str, int] = {"required": 3, "likely": 2, "depends": 1}
CONFIDENCE_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
LICENCE_KINDS = frozenset({"licence", "filing"})
#: what counts as a detection: the product promises "likely needed"; `depends` is a hint, not a detection
DETECTED_LEVELS = frozenset({"required", "likely"})
DEFAULT_SPLIT = Path(__file__).resolve().parent / "corpus_split.json"

BASELINE_NAME = "careful grep"
BASELINE: dict[str, float] = {
    "licence_recall": 1.00,
    "licence_false_alarm_rate": 0.21,
    "feature_recall": 0.87,
    "trap_rate": 0.26,
}
AIM: dict[str, float] = {"recall": 0.95, "false_alarm_rate": 0.03, "trap_rate": 0.03}


# ---------------------------------------------------------------------------------------------------------------
# data


@dataclass
class FeatureHit:
    """One feature zizhi reported (union over projects)."""

    id: str
    confidence: str
    evidence: list[str] = field(default_factory=list)  # "path:line (signal name)", relative to the repo folder


@dataclass
class LicenceHit:
    """The strongest level zizhi gave a licence id over all projects, with the triggers behind it."""

    id: str
    level: str
    triggers: list[str] = field(default_factory=list)


@dataclass
class RepoResult:
    id: str
    platform: str
    seconds: float = 0.0
    error: str | None = None
    projects: list[str] = field(default_factory=list)  # "root (platform/framework/kind)"
    found: dict[str, FeatureHit] = field(default_factory=dict)
    licences: dict[str, LicenceHit] = field(default_factory=dict)
    # features
    labelled: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    tp: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    miss_label_evidence: dict[str, list[str]] = field(default_factory=dict)
    # licences
    lic_required: list[str] = field(default_factory=list)
    lic_not_required: list[str] = field(default_factory=list)
    lic_uncertain: list[str] = field(default_factory=list)
    lic_misses: list[str] = field(default_factory=list)  # required, not reported as required/likely
    lic_only_depends: list[str] = field(default_factory=list)  # required, reported only as `depends`
    lic_false_strict: list[str] = field(default_factory=list)  # not_required, reported as required/likely
    lic_false_lenient: list[str] = field(default_factory=list)  # not_required, reported as required
    unc_ok: list[str] = field(default_factory=list)  # uncertain, reported likely/depends
    unc_required: list[str] = field(default_factory=list)  # uncertain, reported as required (note)
    unc_missing: list[str] = field(default_factory=list)  # uncertain, not reported (note)
    unlabelled_licences: list[str] = field(default_factory=list)  # reported, but no label for that id


@dataclass
class Totals:
    repos: int = 0
    errors: int = 0
    labelled: int = 0
    tp: int = 0
    misses: int = 0
    absent: int = 0
    traps: int = 0
    extras: int = 0
    lic_required: int = 0
    lic_required_reported: int = 0
    lic_only_depends: int = 0
    lic_not_required: int = 0
    lic_false_strict: int = 0
    lic_false_lenient: int = 0
    lic_uncertain: int = 0
    unc_ok: int = 0
    unc_required: int = 0
    unc_missing: int = 0
    seconds: float = 0.0

    def add(self, r: RepoResult) -> None:
        self.repos += 1
        self.errors += r.error is not None
        self.labelled += len(r.labelled)
        self.tp += len(r.tp)
        self.misses += len(r.misses)
        self.absent += len(r.absent)
        self.traps += len(r.traps)
        self.extras += len(r.extras)
        self.lic_required += len(r.lic_required)
        self.lic_required_reported += len(r.lic_required) - len(r.lic_misses)
        self.lic_only_depends += len(r.lic_only_depends)
        self.lic_not_required += len(r.lic_not_required)
        self.lic_false_strict += len(r.lic_false_strict)
        self.lic_false_lenient += len(r.lic_false_lenient)
        self.lic_uncertain += len(r.lic_uncertain)
        self.unc_ok += len(r.unc_ok)
        self.unc_required += len(r.unc_required)
        self.unc_missing += len(r.unc_missing)
        self.seconds += r.seconds

    def rates(self) -> dict[str, float | None]:
        return {
            "feature_recall": ratio(self.tp, self.labelled),
            "trap_rate": ratio(self.traps, self.absent),
            "licence_recall": ratio(self.lic_required_reported, self.lic_required),
            "licence_false_alarm_rate_strict": ratio(self.lic_false_strict, self.lic_not_required),
            "licence_false_alarm_rate_lenient": ratio(self.lic_false_lenient, self.lic_not_required),
        }


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


# ---------------------------------------------------------------------------------------------------------------
# running zizhi


def _evidence_strings(evidence: Iterable[dict[str, Any]], limit: int = 5) -> list[str]:
    """Evidence as "path:line (signal name)"; report paths are already relative to the scanned folder."""
    out: list[str] = []
    for ev in evidence:
        loc = str(ev.get("path", "?"))
        line = ev.get("line")
        where = f"{loc}:{line}" if line else loc
        out.append(f"{where} ({ev.get('signal', '?')} {ev.get('name', '')})".rstrip())
        if len(out) >= limit:
            break
    return out


def collect(report: dict[str, Any], result: RepoResult) -> None:
    """Union features over projects; strongest licence/filing level per id over projects."""
    for proj in report.get("projects", []):
        root = str(proj.get("root") or ".")
        result.projects.append(f"{root} ({proj.get('platform')}/{proj.get('framework')}/{proj.get('kind')})")
        for feat in proj.get("features", []):
            fid = str(feat["id"])
            ev = _evidence_strings(feat.get("evidence", []))
            hit = result.found.get(fid)
            if hit is None:
                result.found[fid] = FeatureHit(fid, str(feat.get("confidence", "?")), ev)
            else:
                if CONFIDENCE_RANK.get(str(feat.get("confidence")), 0) > CONFIDENCE_RANK.get(hit.confidence, 0):
                    hit.confidence = str(feat.get("confidence"))
                hit.evidence.extend(e for e in ev if e not in hit.evidence)
        for ob in proj.get("obligations", []):
            if ob.get("kind") not in LICENCE_KINDS:
                continue
            lid, level = str(ob["id"]), str(ob.get("level"))
            triggers = [str(b.get("trigger")) for b in ob.get("because", [])]
            old = result.licences.get(lid)
            if old is None or LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(old.level, 0):
                result.licences[lid] = LicenceHit(lid, level, triggers)
            elif old.level == level:
                old.triggers.extend(t for t in triggers if t not in old.triggers)


def run_one(entry: dict[str, Any], repo_dir: Path, engine: Engine) -> RepoResult:
    result = RepoResult(id=str(entry["id"]), platform=str(entry.get("platform", "?")))
    start = time.perf_counter()
    try:
        report = check([repo_dir], engine, Options())
        collect(report.to_dict(), result)
    except Exception as exc:  # record and go on: one bad repo must not stop the benchmark
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        result.error = f"{type(exc).__name__}: {exc}{where}"
        result.found.clear()
        result.licences.clear()
    result.seconds = time.perf_counter() - start
    score(entry, result)
    return result


def score(entry: dict[str, Any], r: RepoResult) -> None:
    features: dict[str, list[str]] = entry.get("features", {}) or {}
    r.labelled = sorted(features)
    r.absent = sorted(set(entry.get("absent", []) or []))
    found = set(r.found)
    r.tp = sorted(found & set(r.labelled))
    r.misses = sorted(set(r.labelled) - found)
    r.traps = sorted(found & set(r.absent))
    r.extras = sorted(found - set(r.labelled) - set(r.absent))
    r.miss_label_evidence = {f: list(features.get(f, [])) for f in r.misses}

    labels: dict[str, str] = entry.get("licences", {}) or {}
    for lid, label in sorted(labels.items()):
        hit = r.licences.get(lid)
        if label == "required":
            r.lic_required.append(lid)
            if hit is None or hit.level not in DETECTED_LEVELS:
                r.lic_misses.append(lid)
                if hit is not None:
                    r.lic_only_depends.append(lid)
        elif label == "not_required":
            r.lic_not_required.append(lid)
            if hit is not None and hit.level in DETECTED_LEVELS:
                r.lic_false_strict.append(lid)
                if hit.level == "required":
                    r.lic_false_lenient.append(lid)
        elif label == "uncertain":
            r.lic_uncertain.append(lid)
            if hit is None:
                r.unc_missing.append(lid)
            elif hit.level == "required":
                r.unc_required.append(lid)
            else:
                r.unc_ok.append(lid)
    r.unlabelled_licences = sorted(set(r.licences) - set(labels))


# ---------------------------------------------------------------------------------------------------------------
# printing


def _lvl(r: RepoResult, lid: str) -> str:
    hit = r.licences.get(lid)
    if hit is None:
        return lid
    return f"{lid}[{hit.level}: {', '.join(hit.triggers) or '?'}]"


def print_repo(r: RepoResult, out: Any) -> None:
    w = out.write
    w(f"\n== {r.id}  ({r.platform})  {r.seconds:.2f}s\n")
    if r.error:
        w(f"   ERROR: {r.error}\n")
    if r.projects:
        w(f"   projects: {'; '.join(r.projects)}\n")
    w(f"   features  found {len(r.tp)}/{len(r.labelled)} labelled"
      f"   misses {len(r.misses)}   traps {len(r.traps)}/{len(r.absent)}   extras {len(r.extras)}\n")
    for f in r.misses:
        ev = r.miss_label_evidence.get(f) or []
        w(f"     MISS  {f:<17} label evidence: {', '.join(ev[:3])}{' ...' if len(ev) > 3 else ''}\n")
    for f in r.traps:
        hit = r.found[f]
        w(f"     TRAP  {f:<17} [{hit.confidence}] {'; '.join(hit.evidence[:3])}\n")
    for f in r.extras:
        hit = r.found[f]
        w(f"     EXTRA {f:<17} [{hit.confidence}] {'; '.join(hit.evidence[:3])}\n")
    w(f"   licences  required {len(r.lic_required) - len(r.lic_misses)}/{len(r.lic_required)} reported"
      f"   false alarms strict {len(r.lic_false_strict)} / lenient {len(r.lic_false_lenient)}"
      f" of {len(r.lic_not_required)} not_required"
      f"   uncertain ok {len(r.unc_ok)}/{len(r.lic_uncertain)}\n")
    for lid in r.lic_misses:
        if lid in r.lic_only_depends:
            w(f"     MISS  {_lvl(r, lid)} (labelled required, reported only as depends)\n")
        else:
            w(f"     MISS  {lid} (labelled required, not reported)\n")
    for lid in r.lic_false_strict:
        tag = "FALSE" if lid in r.lic_false_lenient else "false"
        w(f"     {tag} {_lvl(r, lid)} (labelled not_required)\n")
    for lid in r.unc_required:
        w(f"     note  {_lvl(r, lid)} (labelled uncertain, reported as required)\n")
    for lid in r.unc_missing:
        w(f"     note  {lid} (labelled uncertain, not reported)\n")
    for lid in r.unlabelled_licences:
        w(f"     note  {_lvl(r, lid)} (no label for this id)\n")


def print_summary(results: Sequence[RepoResult], totals: Totals, out: Any) -> None:
    w = out.write
    w("\n" + "=" * 100 + "\n")
    head = f"{'repo':<26}{'time':>7}  {'feat TP/lab':>11}{'miss':>6}{'trap':>9}{'extra':>7}"
    w(head + f"  {'lic req':>8}{'FA strict':>10}{'FA req':>8}{'unc ok':>8}  err\n")
    for r in results:
        w(f"{r.id:<26}{r.seconds:>6.2f}s  {len(r.tp):>5}/{len(r.labelled):<5}{len(r.misses):>6}"
          f"{len(r.traps):>5}/{len(r.absent):<3}{len(r.extras):>7}"
          f"  {len(r.lic_required) - len(r.lic_misses):>4}/{len(r.lic_required):<3}"
          f"{len(r.lic_false_strict):>6}/{len(r.lic_not_required):<3}{len(r.lic_false_lenient):>8}"
          f"{len(r.unc_ok):>5}/{len(r.lic_uncertain):<2}  {'yes' if r.error else ''}\n")
    rates = totals.rates()
    w("\nOverall (" + f"{totals.repos} repos, {totals.errors} failed and counted as empty reports,"
      f" {totals.seconds:.1f}s in zizhi)\n")
    w(f"  feature recall          {pct(rates['feature_recall']):>7}  ({totals.tp}/{totals.labelled})"
      f"   misses {totals.misses}, extras {totals.extras}\n")
    w(f"  trap rate               {pct(rates['trap_rate']):>7}  ({totals.traps}/{totals.absent})\n")
    w(f"  licence recall          {pct(rates['licence_recall']):>7}"
      f"  ({totals.lic_required_reported}/{totals.lic_required})  as required or likely;"
      f" {totals.lic_only_depends} more only as depends\n")
    w(f"  licence false alarms    {pct(rates['licence_false_alarm_rate_strict']):>7}"
      f"  ({totals.lic_false_strict}/{totals.lic_not_required})  reported as required or likely\n")
    w(f"                          {pct(rates['licence_false_alarm_rate_lenient']):>7}"
      f"  ({totals.lic_false_lenient}/{totals.lic_not_required})  lenient: reported as required\n")
    w(f"  uncertain labels        ok {totals.unc_ok}, reported as required {totals.unc_required},"
      f" not reported {totals.unc_missing} (of {totals.lic_uncertain})\n")
    w(f"\nBaseline ({BASELINE_NAME}, on the whole corpus): licence recall {pct(BASELINE['licence_recall'])},"
      f" false alarms {pct(BASELINE['licence_false_alarm_rate'])}; feature recall {pct(BASELINE['feature_recall'])},"
      f" traps {pct(BASELINE['trap_rate'])}\n")
    w(f"Aim: recall >= {pct(AIM['recall'])}, false alarms <= {pct(AIM['false_alarm_rate'])},"
      f" traps <= {pct(AIM['trap_rate'])}\n")


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

    if args.json:
        payload = {
            "zizhi": revision,
            "manifest": [str(m) for m in args.manifest],
            "split": args.split,
            "corpus": str(args.corpus),
            "skipped": skipped,
            "totals": asdict(totals),
            "rates": totals.rates(),
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
