"""Scoring zizhi against hand labels: ``zizhi eval MANIFEST CORPUS_DIR``.

A manifest is a list of entries in the format of the shared corpus (``shared/corpus/README.md``):
``id``, ``features`` (feature -> ``path:line`` evidence the code really has), ``absent`` (features a
careless scan might claim but the code does not have: traps) and ``licences`` (licence id ->
``required`` / ``not_required`` / ``uncertain``). ``CORPUS_DIR/<id>`` holds each repository.

Feature metrics: true positives, misses (labelled, not found), traps (claimed although in ``absent``),
extras (found, neither labelled nor in ``absent``). Licence metrics consider only obligations of kind
``licence`` / ``filing``, taking per licence id the strongest level over all projects found in the repo.
A licence counts as detected when reported as ``required`` or ``likely`` (what the product promises:
"likely needed"); ``depends`` is a hint, not a detection, and is counted apart. A repository on which
zizhi fails counts as an empty report. Per feature and per licence: precision (what zizhi claims that
the labels confirm: a feature claimed although labelled absent, a licence although labelled
not_required, is a false alarm) and recall.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zizhi import __version__ as ZIZHI_VERSION
from zizhi.context import Options
from zizhi.engine import Engine, check

LEVEL_RANK: dict[str, int] = {"required": 3, "likely": 2, "depends": 1}
CONFIDENCE_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
LICENCE_KINDS = frozenset({"licence", "filing"})
#: what counts as a detection: the product promises "likely needed"; `depends` is a hint, not a detection
DETECTED_LEVELS = frozenset({"required", "likely"})

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


def print_summary(results: Sequence[RepoResult], totals: Totals, out: Any, baseline: bool = True) -> None:
    """The table of repositories and the overall rates; ``baseline``: also the shared corpus's
    baseline and aim (which mean nothing on another labelled set)."""
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
    if not baseline:
        return
    w(f"\nBaseline ({BASELINE_NAME}, on the whole corpus): licence recall {pct(BASELINE['licence_recall'])},"
      f" false alarms {pct(BASELINE['licence_false_alarm_rate'])}; feature recall {pct(BASELINE['feature_recall'])},"
      f" traps {pct(BASELINE['trap_rate'])}\n")
    w(f"Aim: recall >= {pct(AIM['recall'])}, false alarms <= {pct(AIM['false_alarm_rate'])},"
      f" traps <= {pct(AIM['trap_rate'])}\n")


# ---------------------------------------------------------------------------------------------------------------
# per feature and per licence


def per_id(results: Sequence[RepoResult]) -> dict[str, dict[str, dict[str, int]]]:
    """``{"features": {id: {tp, fn, fp}}, "licences": {id: {tp, fn, fp}}}``: fp is a feature claimed
    although labelled absent, or a licence reported (required/likely) although labelled not_required."""
    feats: dict[str, dict[str, int]] = {}
    lics: dict[str, dict[str, int]] = {}

    def bump(table: dict[str, dict[str, int]], key: str, what: str) -> None:
        table.setdefault(key, {"tp": 0, "fn": 0, "fp": 0})[what] += 1

    for r in results:
        for f in r.tp:
            bump(feats, f, "tp")
        for f in r.misses:
            bump(feats, f, "fn")
        for f in r.traps:
            bump(feats, f, "fp")
        for lid in r.lic_required:
            bump(lics, lid, "fn" if lid in r.lic_misses else "tp")
        for lid in r.lic_false_strict:
            bump(lics, lid, "fp")
    return {"features": dict(sorted(feats.items())), "licences": dict(sorted(lics.items()))}


def print_per_id(table: dict[str, dict[str, dict[str, int]]], out: Any) -> None:
    w = out.write
    for title, rows in (("feature", table["features"]), ("licence", table["licences"])):
        w(f"\n{title:<22}{'precision':>11}{'recall':>9}   tp  fn  fp\n")
        for key, c in rows.items():
            w(f"{key:<22}{pct(ratio(c['tp'], c['tp'] + c['fp'])):>11}{pct(ratio(c['tp'], c['tp'] + c['fn'])):>9}"
              f"  {c['tp']:>3} {c['fn']:>3} {c['fp']:>3}\n")


# ---------------------------------------------------------------------------------------------------------------
# the command


def read_manifests(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Entries of one or more manifests (a list, or ``{"entries": [...]}``); ValueError when malformed."""
    out: list[dict[str, Any]] = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("entries", [])
        if not isinstance(data, list) or not all(isinstance(e, dict) and "id" in e for e in data):
            raise ValueError(f"{path}: not a list of entries with an id")
        out.extend(data)
    return out


def evaluate(entries: Sequence[dict[str, Any]], corpus: Path, engine: Engine, out: Any,
             revision: str = f"zizhi {ZIZHI_VERSION}") -> dict[str, Any]:
    """Run zizhi on ``corpus/<id>`` of each entry, print each repository, the summary and the table
    per feature and per licence to ``out``; the raw numbers."""
    results: list[RepoResult] = []
    totals = Totals()
    for entry in entries:
        r = run_one(entry, corpus / str(entry["id"]), engine)
        results.append(r)
        totals.add(r)
        print_repo(r, out)
        out.flush()
    print_summary(results, totals, out, baseline=False)
    table = per_id(results)
    print_per_id(table, out)
    return {"zizhi": revision, "corpus": str(corpus), "totals": asdict(totals), "rates": totals.rates(),
            "per_id": table, "repos": [asdict(r) for r in results]}


def cmd_eval(args: Any) -> int:
    """``zizhi eval MANIFEST CORPUS_DIR [--only ID] [--json OUT]``: 0 when run, 2 on bad input."""
    from zizhi.cliutil import _disabled, _usage, check_writable
    from zizhi.engine import UsageError, load_engine

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        return _usage(f"{args.corpus}: no such folder")
    try:
        manifest = read_manifests([Path(args.manifest)])
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return _usage(f"{args.manifest}: {getattr(exc, 'strerror', None) or exc}")
    if args.json and (problem := check_writable(args.json, "--json")):
        return _usage(problem)
    entries = [e for e in manifest if not args.only or str(e["id"]) in args.only]
    missing = [str(e["id"]) for e in entries if not (corpus / str(e["id"])).is_dir()]
    for eid in missing:
        print(f"zizhi: skipped {eid}: no folder {corpus / eid}", file=sys.stderr)
    entries = [e for e in entries if str(e["id"]) not in missing]
    if not entries:
        return _usage("nothing to evaluate: no entry of the manifest has its folder in the corpus")
    try:
        engine = load_engine(disabled=_disabled(args))
    except UsageError as exc:
        return _usage(str(exc))
    payload = evaluate(entries, corpus, engine, sys.stdout)
    if args.json:
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0
