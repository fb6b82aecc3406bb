"""The data that flows through the pipeline, one stage to the next.

paths -> Project -> Signal -> Feature -> BusinessType -> Obligation -> Finding -> report.

Everything here is plain data (dataclasses), so that plugins can create it without knowing
the engine, and so that every output format renders the same model.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class Level(str, Enum):
    """How sure the policy is that an obligation applies."""

    REQUIRED = "required"
    LIKELY = "likely"
    DEPENDS = "depends"

    @property
    def rank(self) -> int:
        return {"required": 3, "likely": 2, "depends": 1}[self.value]

    @property
    def severity(self) -> Severity:
        return {
            "required": Severity.ERROR,
            "likely": Severity.WARNING,
            "depends": Severity.NOTE,
        }[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file. ``path`` is relative to the scan root, with forward slashes."""

    path: str
    line: int = 0  # 1-based; 0 = the file as a whole
    column: int = 0  # 1-based; 0 = unknown

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        return self.path


@dataclass(slots=True)  # many instances: no per-instance dict
class SourceFile:
    """A file of a project, read once. ``text`` is None when it could not be decoded.

    Once extracted (or found in the cache, unread), a file in ``Project.files`` keeps its facts but
    not its content: ``data`` is empty and ``text`` None, so that memory does not grow with the
    tree. ``markers`` keeps what later stages need of the text: the lines holding an inline
    suppression comment, as the extractors saw them.
    """

    abspath: Path
    relpath: str  # relative to the scan root
    project_relpath: str  # relative to the project root
    kind: str  # "json", "js", "ts", "tsx", "wxml", "other" ...
    data: bytes
    text: str | None = None
    encoding: str = "utf-8"
    origin: str = "frontend"  # "frontend" | "backend"
    vendored: bool = False  # a third-party bundle copied into the project (lib/, *.min.js ...)
    markers: list[tuple[int, str]] = field(default_factory=list)  # (line, text): zizhi-disable comments


@dataclass(slots=True)  # many instances: no per-instance dict
class Diagnostic:
    """Something zizhi could not read or understand. Never a compliance finding."""

    code: str
    message: str
    location: Location
    severity: Severity = Severity.WARNING

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
        }


@dataclass(slots=True)  # many instances: no per-instance dict
class Signal:
    """One fact at one place: an API reference, a component, a manifest key, a dependency..."""

    kind: str  # api | component | manifest | dependency | endpoint | file | project
    name: str  # e.g. "wx.requestPayment", "live-pusher", "plugins.wx2b03c6e691cd7370"
    location: Location
    attrs: dict[str, str] = field(default_factory=dict)
    origin: str = "frontend"
    vendored: bool = False
    snippet: str = ""


@dataclass(slots=True)  # many instances: no per-instance dict
class Evidence:
    """A signal matched by a catalogue entry: the first link of every reasoning chain."""

    signal_id: str  # catalogue entry id, e.g. "pay.request"
    signal: Signal
    strength: str  # strong | supporting | semantic | context: the strongest of ``features``
    verified: str  # official | secondary | unverified
    features: dict[str, str] = field(default_factory=dict)  # feature -> strength
    provider: str = ""  # the service behind the signal (an LLM provider ...), from the catalogue
    group: str = ""  # what counts once toward min_supporting: the entry's group, else its id (not reported)

    def to_dict(self) -> dict[str, Any]:
        loc = self.signal.location
        out: dict[str, Any] = {
            "signal": self.signal_id,
            "kind": self.signal.kind,
            "name": self.signal.name,
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "origin": self.signal.origin,
            "strength": self.strength,
        }
        if self.provider:
            out["provider"] = self.provider
        return out


@dataclass
class Feature:
    """A feature the project has, with its confidence and the evidence for it."""

    id: str
    confidence: str  # high (a strong signal) | medium (supporting signals) | low (semantic signals agree)
    evidence: list[Evidence]
    #: for a feature found from semantic signals: the agreeing kinds and what they say
    because: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.because:
            out["because"] = self.because
        return out


@dataclass
class BusinessType:
    """A business type the project's features add up to."""

    id: str
    because: list[str]  # feature ids

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "features": list(self.because)}


@dataclass
class Reason:
    """Why an obligation applies: the trigger, in both languages, with what it rests on."""

    trigger: str  # policy trigger id
    text_zh: str
    text_en: str
    features: list[str] = field(default_factory=list)
    business_types: list[str] = field(default_factory=list)
    condition_zh: str = ""
    condition_en: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "features": self.features,
            "business_types": self.business_types,
            "text": {"zh": self.text_zh, "en": self.text_en},
            "condition": {"zh": self.condition_zh, "en": self.condition_en}
            if (self.condition_zh or self.condition_en)
            else None,
        }


@dataclass
class Obligation:
    """Something the project must hold, declare or do."""

    id: str  # licence id, "category:wechat:社交-直播", "declaration:...", "control:..."
    kind: str  # licence | filing | category | declaration | control
    level: Level
    rule: str  # the rule code a missing obligation is reported under
    reasons: list[Reason]
    basis: list[dict[str, Any]]
    evidence: list[Evidence]
    held: bool | None = None  # None: not applicable (e.g. controls are "satisfied")
    held_as: str = ""  # certificate number or chosen category
    data: dict[str, Any] = field(default_factory=dict)  # kind-specific facts from the pack

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "level": self.level.value,
            "rule": self.rule,
            "held": self.held,
            "held_as": self.held_as or None,
            "because": [r.to_dict() for r in self.reasons],
            "basis": self.basis,
            "evidence": [e.to_dict() for e in self.evidence[:20]],
        }


@dataclass
class Finding:
    """What the report says of one rule: its code, place, message and reasoning chain."""

    code: str
    severity: Severity
    message_zh: str
    message_en: str
    location: Location
    obligation: str = ""  # obligation id
    features: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    fix_zh: str = ""
    fix_en: str = ""
    key: str = ""  # stable identity of a finding with no obligation (a suppression comment: path and codes)

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def fix(self, lang: str) -> str:
        return self.fix_zh if lang == "zh" else self.fix_en

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message(lang),
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "obligation": self.obligation or None,
            "features": self.features,
            "evidence": [e.to_dict() for e in self.evidence[:20]],
            "fix": self.fix(lang) or None,
        }


#: the platforms' template extensions (WeChat, Alipay, Douyin, Baidu, QQ, Kuaishou): a script beside a
#: template of the same stem is a page's or a component's
#: what ``zizhi_classify_file`` answers for a file it claims so that it is not read at all (a
#: framework's generated or editor folders: library/, a committed build): no other plugin classifies it
NOT_READ = ""

TEMPLATE_EXTS = (".wxml", ".axml", ".ttml", ".swan", ".qml", ".ksml")


@dataclass
class ModuleRoots:
    """Where a project's code starts, for reachability by module (``zizhi_module_roots``).

    Paths are project-relative. An entry is a file (an extension may be left out: ``app`` finds
    ``app.ts`` or ``app.js``) or a folder ending in ``/`` (every file under it: a worker folder).
    The first entry is the app's main script: when it is not on disk, nothing is pruned."""

    entries: list[str]
    aliases: dict[str, str] = field(default_factory=dict)  # import prefix -> folder: {"@/": "src/"}
    bases: list[str] = field(default_factory=lambda: [""])  # where "/x" and bare "x" are looked for: the app root
    suffixes: list[str] = field(default_factory=list)  # per-target file suffixes tried first (Taro: ".weapp")
    #: template extensions: a script beside a template of the same stem is a page or component's, and
    #: loads with it (its registration decides, ZZ008)
    units: tuple[str, ...] = TEMPLATE_EXTS
    #: folders (ending in ``/``) or files the build leaves out -> why (uni-app's platforms/app-plus/ in a
    #: WeChat build, a page's ``.nvue`` beside its ``.vue``); their files never count, whatever imports them
    excluded: dict[str, str] = field(default_factory=dict)
    #: single-file components that only an import brings in (uni-app's: not a page, not where easycom
    #: finds a component by its tag): reachability decides about them as about scripts
    imported_only: tuple[str, ...] = ()


@dataclass
class Project:
    """A mini-program (or mini-game) root found under the scanned paths."""

    root: Path  # absolute
    relroot: str  # relative to the scan root ("." for the scan root itself)
    platform: str  # wechat, alipay, douyin, ...
    framework: str  # native, uni-app, taro, ...
    kind: str  # miniprogram | minigame | plugin | library
    manifest: str = ""  # project-relative path of app.json / game.json
    app_root: str = ""  # project-relative folder of the mini-program code ("" = the root)
    manifests: dict[str, Any] = field(default_factory=dict)  # parsed manifest data by relpath
    files: list[SourceFile] = field(default_factory=list)
    backend_roots: list[str] = field(default_factory=list)  # project-relative; "../server" = a sibling folder
    backends: list[dict[str, str]] = field(default_factory=list)  # {"root": scan-relative, "language": ...}
    pages: set[str] = field(default_factory=set)  # registered page paths (no extension)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    business_types: list[BusinessType] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    config: Any = None  # zizhi.config.Config
    # What one stage tells a later one about the project (each named in the hook specifications):
    #: the project config file of the platform (``project.config.json``), project-relative; "": none
    project_config: str = ""
    #: the build output ``project_config`` names as the app root, when its source folder was read instead
    built_from: str = ""
    #: cloud-function folders among ``backend_roots`` (None: all of them)
    cloudfunction_roots: list[str] | None = None
    #: the manifest that registers pages, named in ``ZZ008`` (``app.json``, ``pages.json``, Taro's app config)
    pages_manifest: str = "app.json"
    #: a last resort of discovery (WeChat pages without their app.json): kept only when no plugin finds
    #: any other project under the path, in the source or in a build output (``zizhi.discover``)
    fallback: bool = False
    #: folders the framework's own tools write the project's builds into, project-relative ("../x": beside
    #: the root): Cocos Creator's ``build/``, LayaAir's ``release/`` and ``bin/``, Egret's ``../name_wxgame``.
    #: A project another plugin finds in one is that build, not a project of its own (``zizhi.discover``)
    outputs: list[str] = field(default_factory=list)
    #: folders beside the root ("../name_wxgame": the companion project Egret's build writes) whose files are
    #: the project's own too: listed and offered to ``zizhi_classify_file`` as the root's are, as front-end
    #: code (``zizhi.sources.collect_files``)
    companions: list[str] = field(default_factory=list)
    #: the file whose declarations ``manifests[manifest]`` holds, when it is not ``manifest`` itself (a game
    #: engine's project: the ``game.json`` its build writes, as a build template or a committed build shows
    #: it): what a missing declaration's finding names
    declared_in: str = ""
    #: a file of a page on disk that nothing registers -> that page (``zizhi_load_project``); its signals
    #: are not counted (``ZZ008``)
    unreachable: dict[str, str] = field(default_factory=dict)
    #: the units of ``unreachable`` that are components which no reachable page or component uses
    #: (``ZZ008`` says so rather than "not registered"); sorted
    unused_components: list[str] = field(default_factory=list)
    #: documents a platform plugin parsed in ``zizhi_load_project`` for its own extractors, by
    #: project-relative path (``zizhi.jsonpos.JsonDoc``: manifests with their positions)
    documents: dict[str, Any] = field(default_factory=dict)
    #: every file under the project's root, read or not (project-relative; the extract stage)
    listing: list[str] = field(default_factory=list)
    #: scripts nothing reachable imports -> why (the extract stage; ``ZZ009``)
    unreachable_modules: dict[str, str] = field(default_factory=dict)
    #: every catalogue match (detect); declarations are checked against it
    evidence: list[Evidence] = field(default_factory=list)
    #: findings an inline comment suppressed (the JSON report lists them)
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    #: (scan-relative path, line) of the evidence ``--diff`` found changed
    changed_evidence: set[tuple[str, int]] = field(default_factory=set)

    def rel(self, project_relpath: str) -> str:
        """A project-relative path made relative to the scan root."""
        if self.relroot in ("", "."):
            return posixpath.normpath(project_relpath) if project_relpath.startswith("../") else project_relpath
        if not project_relpath:
            return self.relroot
        joined = f"{self.relroot}/{project_relpath}"
        return posixpath.normpath(joined) if project_relpath.startswith("../") else joined

    def in_backend(self, project_relpath: str) -> bool:
        """Whether a project-relative path is under one of the project's backend folders."""
        return any(project_relpath == b or project_relpath.startswith(b.rstrip("/") + "/") for b in self.backend_roots)

    @property
    def app_manifest(self) -> dict[str, Any]:
        data = self.manifests.get(self.manifest)
        return data if isinstance(data, dict) else {}
