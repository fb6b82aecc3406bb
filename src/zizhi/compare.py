"""Stage 5: obligations vs what the project declares -> findings.

Declarations come from the config (subject type, held licences, chosen 类目) and from the
manifests (``requiredPrivateInfos`` ...). Rule selection and severity overrides apply last.
"""

from __future__ import annotations

from typing import Any

from zizhi.config import Config
from zizhi.context import ScanContext
from zizhi.model import Evidence, Finding, Level, Location, Obligation, Project, Severity

LEVEL_ZH = {"required": "必需", "likely": "很可能需要", "depends": "视情况而定"}
LEVEL_EN = {"required": "is required", "likely": "is likely needed", "depends": "may be needed"}


def _where(project: Project, evidence: list[Evidence]) -> Location:
    if evidence:
        return evidence[0].signal.location
    if not project.manifest and project.fallback and project.pages:
        # no manifest (ZZ016): a file that is there — the first page's template, which made it a page —
        # rather than a config that is not
        return Location(project.rel(f"{min(project.pages)}.wxml"), 1)
    manifest = project.manifest or "project.config.json"
    return Location(project.rel(manifest), 1)


def reasons_text(ob: Obligation, lang: str) -> str:
    """The reasons of an obligation as they end a finding's message."""
    parts = []
    for r in ob.reasons:
        text = r.text_zh if lang == "zh" else r.text_en
        cond = r.condition_zh if lang == "zh" else r.condition_en
        parts.append(f"{text}（{cond}）" if cond and lang == "zh" else f"{text} ({cond})" if cond else text)
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def _feature_names(features: list[str], ctx: ScanContext, lang: str) -> str:
    """Features by name for a message (``实时语音、虚拟支付`` / ``Real-time voice, Virtual goods payment``)."""
    key = "name_zh" if lang == "zh" else "name_en"
    names = [str(ctx.catalogue.features.get(f, {}).get(key) or f) for f in features]
    return ("「" + "、".join(names) + "」") if lang == "zh" and names else ", ".join(names)


def _manifest_contains(project: Project, key: str, value: Any) -> bool:
    data: Any = project.app_manifest
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    if value is None:
        return data is not None
    if isinstance(data, list):
        return value in data
    if isinstance(data, dict):
        return value in data
    return bool(data == value)


def compare(project: Project, ctx: ScanContext) -> list[Finding]:
    cfg: Config = project.config or Config()
    findings: list[Finding] = []
    for ob in project.obligations:
        where = _where(project, ob.evidence)
        feats = sorted({f for r in ob.reasons for f in r.features})
        names_zh, names_en = _feature_names(feats, ctx, "zh"), _feature_names(feats, ctx, "en")
        lz, le = LEVEL_ZH[ob.level.value], LEVEL_EN[ob.level.value]
        because_zh, because_en = reasons_text(ob, "zh"), reasons_text(ob, "en")

        def emit(code: str, severity: Severity, zh: str, en: str, fix_zh: str, fix_en: str,
                 with_features: bool = True, ob: Obligation = ob, where: Location = where,
                 feats: list[str] = feats) -> None:
            findings.append(Finding(
                code=code, severity=severity, location=where, obligation=ob.id,
                features=feats if with_features else [], evidence=ob.evidence,
                message_zh=zh, message_en=en, fix_zh=fix_zh, fix_en=fix_en,
            ))

        if ob.kind in ("licence", "filing"):
            lic = ob.data
            number = cfg.holdings.get(ob.id, "")
            ob.held, ob.held_as = bool(number), number
            if not ob.held:
                emit(ob.rule, ob.level.severity,
                     f"{lz}：{lic['name_zh']}（{ob.id}），配置未声明持有。原因：{because_zh}",
                     f"{lic['name_en']} / {lic['name_zh']} ({ob.id}) {le} and is not declared as held. "
                     f"Because: {because_en}",
                     lic.get("how_zh", ""), lic.get("how_en", ""))
            if cfg.subject == "individual" and lic.get("enterprise_only") and ob.level != Level.DEPENDS:
                emit("ZZ203", Severity.ERROR,
                     f"个人主体无法取得{lic['name_zh']}（{ob.id}），而功能{names_zh}需要它",
                     f"An individual subject cannot obtain {lic['name_zh']} ({ob.id}), which features "
                     f"{names_en or 'of this project'} need",
                     "以企业等非个人主体注册小程序，或移除相关功能。",
                     "Register the mini-program under an enterprise (non-personal) subject, or drop the feature.")
        elif ob.kind == "category" and ob.data.get("accepted") is False:
            cat = ob.data
            ob.held = False  # no configuration can hold a category the platform does not accept
            emit("ZZ204", ob.level.severity,
                 f"{cat['platform']} 不接入类目「{cat['id']}」（暂不接入），而功能{names_zh}"
                 f"指向它。原因：{because_zh}",
                 f"{cat['platform']} does not accept the category 「{cat['id']}」 (暂不接入), which features "
                 f"{names_en or 'of this project'} point to. Because: {because_en}",
                 "确认业务能否归入该平台接受的其他类目；否则不要在该平台上线这些功能。",
                 "Check whether the service fits another category the platform accepts; otherwise do not ship "
                 "these features on this platform.")
        elif ob.kind == "category":
            cat = ob.data
            chosen = cfg.categories.get(cat["platform"], [])
            match = next((c for c in chosen if c == cat["id"] or c.startswith(cat["id"] + "-")), "")
            ob.held, ob.held_as = bool(match), match
            alternatives = [a for a in cat.get("alternatives", []) if a in chosen]
            if alternatives:
                ob.held, ob.held_as = True, alternatives[0]
            if not ob.held:
                emit(ob.rule, ob.level.severity,
                     f"{lz}：{cat['platform']} 服务类目「{cat['id']}」未在配置 [categories] 中选择。原因：{because_zh}",
                     f"{cat['platform']} service category 「{cat['id']}」 ({cat['name_en']}) {le} "
                     f"and is not chosen in [categories]. Because: {because_en}",
                     f"在平台后台添加类目「{cat['id']}」并提交资质：{cat.get('qualification_zh', '见文档')}",
                     f"Add the category 「{cat['id']}」 in the platform console with its qualification: "
                     f"{cat.get('qualification_en', 'see the docs')}")
            if cfg.subject == "individual" and cat.get("personal_allowed") is False and ob.level != Level.DEPENDS:
                emit("ZZ202", Severity.ERROR,
                     f"个人主体不能选择类目「{cat['id']}」，而功能{names_zh}需要它",
                     f"An individual (个人主体) subject cannot choose 「{cat['id']}」, which features "
                     f"{names_en} need",
                     "改用企业等非个人主体，或移除相关功能。",
                     "Use an enterprise (non-personal) subject, or drop the feature.")
        elif ob.kind == "gate":
            gate = ob.data
            ob.held = False  # a closed capability cannot be held: the code or the categories must change
            closed = "、".join(gate["closed"])
            opened = "、".join(gate["open_categories"])
            emit(ob.rule, ob.level.severity,
                 f"{gate['name_zh']}：项目的功能需要类目「{closed}」，而该能力只向以下类目开放：{opened}。"
                 f"审核将驳回。原因：{because_zh}",
                 f"{gate['name_en']}: the features need the category 「{', '.join(gate['closed'])}」, and the "
                 f"platform opens this capability only to: {', '.join(gate['open_categories'])}. Review will "
                 f"reject it. Because: {because_en}",
                 gate["instead_zh"], gate["instead_en"])
        elif ob.kind == "declaration":
            decl = ob.data
            ob.held = _manifest_contains(project, decl["manifest_key"], decl.get("contains"))
            if not ob.held:
                manifest = project.declared_in or project.manifest or "app.json"
                emit(ob.rule, ob.level.severity,
                     f"{decl['name_zh']}：{manifest} 缺少声明。{because_zh}",
                     f"{decl['name_en']}: not declared in {manifest}. {because_en}",
                     decl.get("how_zh", ""), decl.get("how_en", ""), with_features=False)
        elif ob.kind == "control":
            ctl = ob.data
            # a control is met by a feature found firmly; one guessed from the app's own words only
            # (a sensitive-word page, a checkContent function) is worth saying, not taking as met
            low = str(ctx.catalogue.semantic.get("confidence", "low"))
            satisfying = [f for f in project.features if f.id in ctl["satisfied_by_features"]]
            ob.held = any(f.confidence != low for f in satisfying)
            guessed = "; ".join(f"{f.id}: {f.because}" for f in satisfying)
            if not ob.held and guessed:
                emit(ob.rule, Severity.NOTE,
                     f"{ctl['name_zh']}：{because_zh}。代码的用词像是自有过滤（{guessed}），仅为推测，请确认",
                     f"{ctl['name_en']}: {because_en}. The app's own words suggest a filter of its own "
                     f"({guessed}), a guess only: confirm it", ctl.get("how_zh", ""), ctl.get("how_en", ""))
            elif not ob.held:
                emit(ob.rule, ob.level.severity, f"{ctl['name_zh']}：{because_zh}", f"{ctl['name_en']}: {because_en}",
                     ctl.get("how_zh", ""), ctl.get("how_en", ""))
    return apply_rule_config(findings, cfg, ctx)


def rule_on(code: str, cfg: Config, ctx: ScanContext) -> bool:
    """Whether the config and ``--select``/``--ignore`` leave the rule on."""
    select = ctx.select
    ignore = ctx.ignore
    if not cfg.rule_enabled(code) or any(code.startswith(p) for p in ignore):
        return False
    return not select or any(code.startswith(p) for p in select)


def apply_rule_config(findings: list[Finding], cfg: Config, ctx: ScanContext) -> list[Finding]:
    out = []
    for f in findings:
        if not rule_on(f.code, cfg, ctx):
            continue
        override = cfg.severity.get(f.code)
        if override:
            f.severity = Severity(override)
        out.append(f)
    out.sort(key=lambda f: (-f.severity.rank, f.code, f.location))
    return out
