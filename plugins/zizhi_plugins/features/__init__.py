"""Features from evidence, and business types from features. The logic is generic; what counts
is data in the catalogue:

* a feature is present when one *strong* signal shows it, or when two different *supporting*
  signals do (a declared SDK plus a related component, say); *context* signals never suffice;
* a signal found only in a vendored bundle counts as supporting, not strong;
* a feature marked ``colocated`` needs its supporting signals in one page or component (the
  same path without extension: ``post.js`` + ``post.wxml``), not scattered over the project;
* a business type applies when all of its ``all`` features and one of its ``any`` features are
  present and none of its ``none`` features; ``fallback`` types apply when no other does.
"""

from __future__ import annotations

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import BusinessType, Evidence, Feature, Project


@hookimpl
def zizhi_detect(project: Project, evidence: list[Evidence], ctx: ScanContext) -> list[Feature]:
    by_feature: dict[str, list[tuple[str, Evidence]]] = {}
    for ev in evidence:
        for feature, strength in ev.features.items():
            by_feature.setdefault(feature, []).append((strength, ev))
    out = []
    for feature, items in sorted(by_feature.items()):
        strong = [e for s, e in items if s == "strong"]
        supporting = [e for s, e in items if s == "supporting"]
        spec = ctx.catalogue.features.get(feature, {})
        need = int(spec.get("min_supporting", 2))
        if spec.get("colocated"):
            supporting = _best_unit(supporting, need)
        if strong:
            confidence = "high"
        elif len({e.signal_id for e in supporting}) >= need:
            confidence = "medium"
        else:
            continue
        ordered = sorted(strong, key=lambda e: e.signal.location) + sorted(supporting, key=lambda e: e.signal.location)
        out.append(Feature(feature, confidence, ordered))
    return out


def _best_unit(evidence: list[Evidence], need: int) -> list[Evidence]:
    """The supporting evidence of the first page/component unit that has enough of it."""
    units: dict[str, list[Evidence]] = {}
    for e in evidence:
        path = e.signal.location.path
        units.setdefault(path.rsplit(".", 1)[0] if "/" in path or "." in path else path, []).append(e)
    for unit in sorted(units):
        if len({e.signal_id for e in units[unit]}) >= need:
            return units[unit]
    return []


@hookimpl
def zizhi_classify(project: Project, features: list[Feature], ctx: ScanContext) -> list[BusinessType]:
    have = {f.id for f in features}
    out = []
    fallbacks = []
    for bt in ctx.catalogue.business_types:
        if bt.get("fallback"):
            fallbacks.append(bt)
            continue
        if bt.get("project_kinds") and project.kind not in bt["project_kinds"]:
            continue
        need_all = set(bt.get("all", []))
        need_any = set(bt.get("any", []))
        if not need_all <= have or (need_any and not need_any & have) or set(bt.get("none", [])) & have:
            continue
        out.append(BusinessType(bt["id"], sorted(need_all | (need_any & have))))
    if not out:
        out.extend(BusinessType(bt["id"], []) for bt in fallbacks)
    return out
