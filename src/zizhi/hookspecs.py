"""Every hook a zizhi plugin can implement.

Plugins are modules or objects with functions marked ``@zizhi.hookimpl`` and named after
these specs. Built-in plugins live in ``plugins/zizhi_plugins`` and are registered through the
``zizhi`` entry-point group, exactly like third-party ones. A test fails if a hook here has no
docstring.

The pipeline calls them in this order, and data flows one way:
``zizhi_discover`` -> ``zizhi_extract`` -> ``zizhi_detect`` -> ``zizhi_classify`` -> decide
(``zizhi_policy_packs``) -> compare -> render (``zizhi_reporters``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from zizhi.context import ScanContext
    from zizhi.model import BusinessType, Evidence, Feature, ModuleRoots, Project, Signal, SourceFile
    from zizhi.report import Reporter
    from zizhi.rules import Rule

hookspec = pluggy.HookspecMarker("zizhi")


@hookspec
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project] | None:
    """Find the mini-program projects at or below ``path`` (an absolute directory).

    Return a :class:`~zizhi.model.Project` per root this plugin recognises (platform, framework,
    kind, main manifest), or None. The engine drops duplicates and nested roots claimed twice,
    then collects each project's files. Besides those, a project may carry ``app_root``,
    ``backend_roots``, ``project_config``, ``built_from``, ``cloudfunction_roots``,
    ``pages_manifest`` (the manifest ``ZZ008`` names), ``fallback`` (a guess the engine keeps only
    when no plugin finds any other project), ``outputs`` (folders the framework's tools write its
    builds into: a project another plugin finds there is dropped) and ``companions`` (folders beside
    the root whose files are the project's own too). ``ctx.scan_root`` is the folder scanned and
    ``ctx.listings`` its listing (``zizhi.walk.scan_listing``, ``files_named``).
    """


@hookspec
def zizhi_platforms() -> dict[str, list[str]] | None:
    """The target platforms this plugin builds projects for: ``{platform id: other names people
    use for it}`` (``{"wechat": ["weixin", "wx", "mp-weixin"]}``). The ids are the values of
    ``Project.platform``, ``--platform``, ``[categories]`` and ``platforms`` in the config; the other
    names only serve "did you mean" when a config or option names a platform zizhi does not know.
    """


@hookspec
def zizhi_platform_table() -> list[dict[str, Any]] | None:
    """Return ``[[platform]]`` entries (validated by ``schemas/platform.schema.json``): a target
    platform's id and names, API objects, template, style and script extensions, project files and
    appid prefix, and what uni-app (``uniapp_target``, ``uniapp_define``) and Taro (``taro_env``,
    ``taro_project_files``) call it. An app.json-family platform (``family = "app.json"``,
    ``discovery = "appjson"``) needs nothing else to be found and read.
    """


@hookspec(firstresult=True)
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    """Name the kind of the project file ``relpath`` (project-relative) of ``project``
    (``"json"``, ``"js"``, ``"wxml"`` ...) or return None.

    The first plugin that answers wins. Files no plugin claims are not read; nor are those a plugin
    claims with ``zizhi.model.NOT_READ`` (``""``: a framework's generated or editor folders, which
    no other plugin may then read as source).
    """


@hookspec
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    """Read the project's manifests into ``project.manifests`` and registered pages into
    ``project.pages``, adding diagnostics for broken or invalid manifests.

    Also, as the project needs: ``project.unreachable`` (each file of a page on disk that nothing
    registers -> that page: its signals do not count, ``ZZ008``), ``project.documents`` (parsed
    documents the plugin's own extractors read later, by project-relative path),
    ``project.backend_roots``, ``project.backends`` and ``project.declared_in`` (the file whose
    declarations ``manifests[manifest]`` holds when it is not the manifest: a game engine's build's
    ``game.json``, which a missing declaration's finding names). ``ctx.projects`` holds every project
    discovered under the scan root. Called once per project before extraction. Files read by name
    go through ``zizhi.safeio.read_bytes`` or ``zizhi.filecache.file_memo`` (else call
    ``safeio.note_read``): a project's snapshot loads it again when one of them changes.
    """


@hookspec(firstresult=True)
def zizhi_preprocess(file: SourceFile, project: Project, ctx: ScanContext) -> str | None:
    """Return the text of ``file`` as the target build of ``project`` sees it, or None to keep it
    (``ctx``: the run's context; preprocessing runs in the main process).

    Frameworks with conditional compilation (uni-app ``// #ifdef MP-WEIXIN``) blank out the code
    that is not compiled for ``project.platform``. The result must keep every line and column
    where it was (replace dropped characters with spaces, keep newlines), so that evidence
    still points at the original file. Called once per file, before ``zizhi_extract``.
    """


@hookspec
def zizhi_preprocess_context(project: Project, ctx: ScanContext) -> str | None:
    """Return, as a string, everything this plugin's ``zizhi_preprocess`` depends on in ``project``
    besides the file's own text (uni-app: the names defined for ``#ifdef``), or None (``ctx``: the
    run's context).

    The content-hash cache keys on it, so a file whose bytes are unchanged is neither read nor
    preprocessed again on a warm run. A plugin that implements ``zizhi_preprocess`` without this
    hook still works: the cache then keys on the preprocessed text, and reads every file.
    """


@hookspec
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    """Return the signals found in ``file`` of ``project`` (each with its location), or None if it is
    not of a kind this plugin reads. Problems go to ``ctx.diagnose`` (the engine hands each file a
    context of its own and keeps the diagnostics with the file); never raise for bad input.
    Per-run memos of a plugin go in ``ctx.memo`` under keys prefixed with its name.
    """


@hookspec
def zizhi_cacheable_kinds() -> list[str] | None:
    """Return the file kinds (``"js"``, ``"wxml"`` ...) this plugin extracts *purely*: their
    signals and diagnostics depend only on the file (bytes, path, origin, vendored flag), the
    project's platform and framework and the loaded data, never on other files or on what
    ``zizhi_load_project`` read.

    Files of these kinds may be extracted in worker processes and their results cached by
    content hash (``.zizhi_cache/``). Claim a kind only if every extractor of it is pure.
    """


@hookspec(firstresult=True)
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """Return where the code of ``project`` starts (its app or game script, registered pages, workers,
    subpackages, aliases), or None if the project is not of a platform or framework this plugin
    knows (``ctx``: the run's context). Scripts that nothing reachable from these roots imports do
    not count (``ZZ009``); with no plugin answering, every script counts."""


@hookspec
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    """Return signals that belong to ``project`` as a whole (its manifests, its kind, its
    installed packages), not to one source file (``ctx``: the run's context). Called after every
    file's signals are taken: ``project.files``, ``project.listing`` and
    ``project.unreachable_modules`` are known."""


@hookspec
def zizhi_signal_catalogues() -> list[dict[str, Any]] | None:
    """Return signal catalogues: data (validated by ``schemas/catalogue.schema.json``) that
    maps signals to features and declares the feature and business-type vocabulary."""


@hookspec
def zizhi_detect(project: Project, evidence: list[Evidence], ctx: ScanContext) -> list[Feature] | None:
    """Infer features of ``project`` from its matched ``evidence`` (``ctx``: the run's context, with
    the catalogue)."""


@hookspec
def zizhi_classify(project: Project, features: list[Feature], ctx: ScanContext) -> list[BusinessType] | None:
    """Infer business types of ``project`` (social_community, voice_room, marketplace ...) from its
    ``features`` (``ctx``: the run's context, with the catalogue)."""


@hookspec
def zizhi_policy_packs() -> list[Path] | None:
    """Return paths of policy packs (TOML, validated by ``schemas/policy.schema.json``): the
    licences, filings, categories, declarations and controls, and what triggers each."""


@hookspec
def zizhi_rules() -> list[Rule] | None:
    """Return rule metadata (stable code, name, severity, docs) for the findings and
    diagnostics this plugin can produce."""


@hookspec
def zizhi_reporters() -> dict[str, Reporter] | None:
    """Return output formats by name (``text``, ``json`` ...), each a callable that renders a
    :class:`~zizhi.report.Report` to a string."""
