"""Stage 3: signals -> evidence -> features -> business types (through detector plugins)."""

from __future__ import annotations

from zizhi.context import ScanContext
from zizhi.model import BusinessType, Evidence, Feature, Project

#: the confidence of a feature found by several detectors is the highest of theirs
_RANK = {"high": 3, "medium": 2, "low": 1}


def detect(project: Project, ctx: ScanContext) -> tuple[list[Evidence], list[Feature]]:
    evidence = ctx.catalogue.evidence(project.signals)
    merged: dict[str, Feature] = {}
    for result in ctx.pm.hook.zizhi_detect(project=project, evidence=evidence, ctx=ctx):
        for feature in result or []:
            if feature.id in merged:
                have = merged[feature.id]
                keys = {(e.signal_id, e.signal.location) for e in have.evidence}
                have.evidence.extend(e for e in feature.evidence if (e.signal_id, e.signal.location) not in keys)
                if _RANK.get(feature.confidence, 0) > _RANK.get(have.confidence, 0):
                    have.confidence = feature.confidence
                    have.because = feature.because
            else:
                merged[feature.id] = feature
    return evidence, sorted(merged.values(), key=lambda f: f.id)


def classify(project: Project, ctx: ScanContext) -> list[BusinessType]:
    merged: dict[str, BusinessType] = {}
    for result in ctx.pm.hook.zizhi_classify(project=project, features=project.features, ctx=ctx):
        for bt in result or []:
            merged.setdefault(bt.id, bt)
    return sorted(merged.values(), key=lambda b: b.id)
