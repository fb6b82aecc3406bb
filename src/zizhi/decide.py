"""Stage 4: features + business types -> obligations, from the policy packs (data only)."""

from __future__ import annotations

from typing import Any

from zizhi.context import ScanContext
from zizhi.model import Evidence, Level, Obligation, Project, Reason

SEMANTIC_ZH = "该功能仅由语义信号（自有接口、数据集合、界面文字、命名）推断，请人工确认"
SEMANTIC_EN = ("the feature was inferred from semantic signals only (the app's own endpoints, data collections, "
               "UI text, names): confirm it by hand")


def _discounted(trigger: dict[str, Any], project: Project, features: set[str],
                btypes: set[str]) -> tuple[set[str], set[str]]:
    """``features`` and ``btypes`` without those a trigger's ``decided_not_only`` sets aside: a feature
    every piece of whose deciding evidence (the report's evidence of it, not every match beside it)
    matches one of these globs counts as absent for this trigger, and so does a business type it made
    (live streams only through the platform's own e-commerce live plugin are no live service of the
    app's own, nor a live-entertainment business)."""
    globs = trigger.get("decided_not_only")
    if not globs:
        return features, btypes
    from fnmatch import fnmatchcase

    aside = {f.id for f in project.features if f.id in features and f.evidence
             and all(any(fnmatchcase(e.signal_id, g) for g in globs) for e in f.evidence)}
    if not aside:
        return features, btypes
    made = {b.id for b in project.business_types if set(b.because) & aside}
    return features - aside, btypes - made


def _matches(trigger: dict[str, Any], project: Project, features: set[str], btypes: set[str]) -> bool:
    """Whether ``trigger`` fires for these features and business types (already discounted by its
    ``decided_not_only``: ``_discounted``)."""
    if "platforms" in trigger and project.platform not in trigger["platforms"]:
        return False
    subject = getattr(project.config, "subject", None)
    if subject and subject in trigger.get("subjects_none", []):
        return False
    if "project_kinds" in trigger and project.kind not in trigger["project_kinds"]:
        return False
    if trigger.get("features_all") and not set(trigger["features_all"]) <= features:
        return False
    if trigger.get("features_none") and set(trigger["features_none"]) & features:
        return False
    if trigger.get("business_types_none") and set(trigger["business_types_none"]) & btypes:
        return False
    anys = []
    if "features_any" in trigger:
        anys.append(bool(set(trigger["features_any"]) & features))
    if "business_types_any" in trigger:
        anys.append(bool(set(trigger["business_types_any"]) & btypes))
    if anys and not any(anys):
        return False
    if not _evidence_allows(trigger, project, features):
        return False
    return bool(anys) or bool(trigger.get("features_all")) or trigger.get("always", False)


def _evidence_allows(rule: dict[str, Any], project: Project, features: set[str]) -> bool:
    """``evidence_any``: the evidence of the rule's features (every catalogue match for them, also
    what did not decide the feature: a face-swap page beside an images API) must hold a signal
    matching one of these ids (globs); ``evidence_not_only``: it must hold one that matches none of
    these. A feature with no evidence at all (fed by a plugin) fails the first and passes the
    second: nothing says it is the narrower case."""
    wanted, only = rule.get("evidence_any"), rule.get("evidence_not_only")
    if not wanted and not only:
        return True
    from fnmatch import fnmatchcase

    named = (set(rule.get("features_any", [])) | set(rule.get("features_all", []))) & features
    ids = {e.signal_id for f in project.features if f.id in named for e in f.evidence}
    # (a vocabulary's context words describe the project, they are no evidence of a feature)
    ids |= {e.signal_id for e in project.evidence
            if named.intersection(f for f, strength in e.features.items() if strength != "context")}
    if not ids:
        return not wanted
    if wanted and not any(fnmatchcase(i, p) for i in ids for p in wanted):
        return False
    return not only or not all(any(fnmatchcase(i, p) for p in only) for i in ids)


def _evidence_for(project: Project, feature_ids: list[str]) -> list[Evidence]:
    out: list[Evidence] = []
    seen = set()
    for f in project.features:
        if f.id not in feature_ids:
            continue
        for e in sorted(f.evidence, key=lambda e: (e.features.get(f.id) != "strong", e.signal.location)):
            key = (e.signal_id, e.signal.location)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def _providers(project: Project, feature_ids: list[str], lang: str) -> str:
    """The providers (LLM vendors ...) named by the evidence of these features, for ``{providers}`` in reasons."""
    found = sorted({e.provider for f in project.features if f.id in feature_ids for e in f.evidence if e.provider})
    if found:
        return "、".join(found) if lang == "zh" else ", ".join(found)
    return "未识别" if lang == "zh" else "not identified"


def _text(template: str, project: Project, feature_ids: list[str], lang: str) -> str:
    if "{providers}" not in template:
        return template
    return template.replace("{providers}", _providers(project, feature_ids, lang))


def _category_ids(obligations: dict[str, Obligation], project: Project) -> set[str]:
    """The 服务类目 this project needs (at level likely or required) or has chosen in its config."""
    needed = {o.data["id"] for o in obligations.values()
              if o.kind == "category" and o.level != Level.DEPENDS and o.data.get("accepted") is not False}
    chosen = getattr(project.config, "categories", None) or {}
    return needed | set(chosen.get(project.platform, []))


def _in(category: str, names: list[str]) -> bool:
    return any(category == n or category.startswith(n + "-") for n in names)


def _gates(project: Project, ctx: ScanContext, obligations: dict[str, Obligation]) -> list[Obligation]:
    """Capabilities the platform opens only to listed categories (voip-room, 1-to-1 calls, live-pusher …)
    used by a project whose features need a category that does not open them: review rejects it."""
    out = []
    categories = _category_ids(obligations, project)
    for gate in ctx.policy.gates:
        if project.platform not in gate["platforms"]:
            continue
        hits: list[Evidence] = []
        feats: set[str] = set()
        for f in project.features:  # only evidence that counted towards a feature
            for e in f.evidence:
                if e.signal_id in gate["signals_any"]:
                    feats.add(f.id)
                    if all((e.signal_id, e.signal.location) != (h.signal_id, h.signal.location) for h in hits):
                        hits.append(e)
        if not hits or any(_in(c, gate["open_categories"]) for c in categories):
            continue
        closed = sorted(c for c in categories if _in(c, gate["closed_prefixes"]))
        if not closed:
            continue
        hits.sort(key=lambda e: e.signal.location)
        out.append(Obligation(
            id=f"gate:{gate['id']}", kind="gate", level=Level(gate["level"]), rule=gate["rule"],
            reasons=[Reason(trigger=gate["id"], text_zh=gate["because_zh"], text_en=gate["because_en"],
                            features=sorted(feats))],
            basis=ctx.policy.basis(gate["basis"]), evidence=hits, data={**gate, "closed": closed},
        ))
    return out


def decide(project: Project, ctx: ScanContext) -> list[Obligation]:
    policy = ctx.policy
    features = {f.id for f in project.features}
    #: features found from semantic signals only (confidence low): at most `likely` input to the policy
    semantic_only = {f.id for f in project.features if f.confidence == "low"}
    btypes = {b.id for b in project.business_types}
    # what the project would be without them: a trigger that matches only with them is at most likely
    firm_features = features - semantic_only
    firm_btypes = {b.id for b in project.business_types if not set(b.because) & semantic_only}
    obligations: dict[str, Obligation] = {}

    for trig in policy.triggers:
        features_here, btypes_here = _discounted(trig, project, features, btypes)
        if not _matches(trig, project, features_here, btypes_here):
            continue
        level = Level(trig["level"])
        # (what a trigger set aside is not its reason: neither named nor cited as evidence)
        hit_features = sorted(
            (set(trig.get("features_any", [])) | set(trig.get("features_all", []))) & features_here
        )
        hit_btypes = sorted(set(trig.get("business_types_any", [])) & btypes_here)
        bt_features = sorted({f for b in project.business_types if b.id in hit_btypes for f in b.because})
        named = hit_features or bt_features
        reason = Reason(
            trigger=trig["id"],
            text_zh=_text(trig["because_zh"], project, named, "zh"),
            text_en=_text(trig["because_en"], project, named, "en"),
            features=hit_features or bt_features,
            business_types=hit_btypes,
            condition_zh=trig.get("condition_zh", ""),
            condition_en=trig.get("condition_en", ""),
        )
        if level is Level.REQUIRED and semantic_only and not _matches(
                trig, project, *_discounted(trig, project, firm_features, firm_btypes)):
            level = Level.LIKELY
            reason.condition_zh = "；".join(x for x in (reason.condition_zh, SEMANTIC_ZH) if x)
            reason.condition_en = "; ".join(x for x in (reason.condition_en, SEMANTIC_EN) if x)
        target = trig["obligation"]
        if target.startswith("category:") and policy.categories[target.removeprefix("category:")].get(
                "platform", project.platform) != project.platform:
            continue  # a platform's 服务类目 binds only the projects built for that platform
        if target.startswith("category:"):
            cat = policy.categories[target.removeprefix("category:")]
            kind, rule, data = "category", cat.get("rule", "ZZ201"), cat
            basis = policy.basis(cat.get("basis", []))
        else:
            lic = policy.licences[target]
            kind, rule, data = lic["kind"], lic["rule"], lic
            basis = policy.basis(lic.get("basis", []))
        basis += [b for b in policy.basis(trig.get("basis", [])) if b not in basis]
        evidence = _evidence_for(project, reason.features)
        ob = obligations.get(target)
        if ob is None:
            obligations[target] = Obligation(
                id=target, kind=kind, level=level, rule=rule, reasons=[reason], basis=basis,
                evidence=evidence, data=data,
            )
        else:
            keys = {(e.signal_id, e.signal.location) for e in evidence}
            rest = [e for e in ob.evidence if (e.signal_id, e.signal.location) not in keys]
            if level.rank > ob.level.rank:  # the evidence of the strongest reason leads
                ob.level = level
                ob.evidence = evidence + rest
            else:
                keys = {(e.signal_id, e.signal.location) for e in ob.evidence}
                ob.evidence += [e for e in evidence if (e.signal_id, e.signal.location) not in keys]
            ob.reasons.append(reason)
            ob.basis += [b for b in basis if b not in ob.basis]

    # Strongest reason first, so that messages lead with what made the level.
    for ob in obligations.values():
        ob.reasons.sort(key=lambda r: -_level_of(policy.triggers, r.trigger).rank)

    for decl in policy.declarations:
        if "platforms" in decl and project.platform not in decl["platforms"]:
            continue
        if "project_kinds" in decl and project.kind not in decl["project_kinds"]:
            continue  # app.json's keys bind mini-programs, game.json's mini-games
        if project.kind == "minigame" and project.manifest not in project.manifests:
            continue  # a game engine's project whose build's game.json the repository does not show
        hits = [e for e in project.evidence if e.signal_id in decl["signals_any"]]
        if not hits:
            continue
        obligations[f"declaration:{decl['id']}"] = Obligation(
            id=f"declaration:{decl['id']}", kind="declaration", level=Level(decl["level"]), rule=decl["rule"],
            reasons=[Reason(trigger=decl["id"], text_zh=decl["because_zh"], text_en=decl["because_en"])],
            basis=policy.basis(decl.get("basis", [])), evidence=hits, data=decl,
        )

    for ctl in policy.controls:
        if "platforms" in ctl and project.platform not in ctl["platforms"]:
            continue
        if not set(ctl.get("features_all", [])) <= features or set(ctl.get("features_none", [])) & features:
            continue
        hit = sorted((set(ctl["features_any"]) | set(ctl.get("features_all", []))) & features)
        if not hit or not _evidence_allows(ctl, project, features):
            continue
        reason = Reason(trigger=ctl["id"], text_zh=ctl["because_zh"], text_en=ctl["because_en"], features=hit)
        ctl_level = Level(ctl["level"])
        firm = set(ctl.get("features_all", [])) <= firm_features and (
            not ctl["features_any"] or bool(set(ctl["features_any"]) & firm_features))
        if ctl_level is Level.REQUIRED and not firm:  # only semantic-only features: at most likely
            ctl_level = Level.LIKELY
            reason.condition_zh, reason.condition_en = SEMANTIC_ZH, SEMANTIC_EN
        obligations[f"control:{ctl['id']}"] = Obligation(
            id=f"control:{ctl['id']}", kind="control", level=ctl_level, rule=ctl["rule"], reasons=[reason],
            basis=policy.basis(ctl.get("basis", [])), evidence=_evidence_for(project, hit), data=ctl,
        )

    for ob in _gates(project, ctx, obligations):
        obligations[ob.id] = ob

    order = {"filing": 0, "licence": 1, "category": 2, "gate": 3, "declaration": 4, "control": 5}
    return sorted(obligations.values(), key=lambda o: (order.get(o.kind, 9), -o.level.rank, o.id))


def _level_of(triggers: list[dict[str, Any]], trigger_id: str) -> Level:
    for t in triggers:
        if t["id"] == trigger_id:
            return Level(t["level"])
    return Level.DEPENDS
