"""uni-app projects: ``pages.json`` + ``manifest.json`` (JSON with comments), conditional
compilation, targets, registered pages.

* **Root**: a folder with ``pages.json`` (pages as ``{"path": ...}`` objects) and, normally,
  ``manifest.json``.
* **No pages.json**: a folder whose ``manifest.json`` is uni-app's (a DCloud app id ``__UNI__…``, or
  a mini-program target's or the App's section) beside ``App.vue`` and ``.vue`` pages under ``pages/``,
  with no pages.json (a repository that keeps it as a template, ``pages.json.bak``, which its set-up
  script copies; or left it out), is the project: its pages under ``pages/`` are read as registered,
  with a note (``ZZ012``) naming the template kept. Not inside a uni-app project found already (by
  its pages.json, a pages.config, or a manifest.json further up): a copy the project keeps
  (``backup/``, a ``uni_modules`` package's demo) is that project's files.
* **Targets**: one project per mini-program platform the manifest targets: an ``mp-weixin`` /
  ``mp-alipay`` / ``mp-toutiao`` / ``mp-baidu`` / ``mp-qq`` / ``mp-kuaishou`` section with an
  ``appid`` or with ``permission`` / ``requiredPrivateInfos`` / ``plugins``. A manifest that
  targets none of them (template sections hold only ``usingComponents``) is read as a WeChat
  build. ``--platform X`` asks for the X build even when the manifest does not name it.
* **Conditional compilation**: ``#ifdef`` / ``#ifndef`` / ``#endif`` in ``//``, ``/* */`` and
  ``<!-- -->`` comments (JS, TS, Vue, pages.json) decide what each target compiles: code inside
  ``#ifdef APP-PLUS`` or ``#ifdef H5`` is blanked for every mini-program build.
* **Manifest signals**: the target's section (``mp-weixin`` ...) is the app.json of the build:
  its ``requiredPrivateInfos``, ``permission`` and ``plugins`` are read as app.json's would be.
* **Pages**: ``pages`` and ``subPackages`` of pages.json; a ``.vue`` page under a page folder
  that pages.json does not register and no file imports is not counted (``ZZ008``).
* **pages.json generated at build time**: a Vite project on ``@uni-helper/vite-plugin-uni-pages``
  (unibest and other templates) keeps ``pages.config.{ts,mts,cts,js,mjs,cjs,json}`` beside ``src/``
  and has the build write ``src/pages.json`` from it and from the pages it finds: every ``.vue``
  under ``src/pages``, and under the ``subPackages`` folders its options in ``vite.config`` name
  (``'src/pages-sub'``: paths from the Vite root; one outside ``src/`` is not the project's). With no
  pages.json in the repository (nor beside ``src/``), ``src/`` is read as the project (its
  ``manifest.json``, when committed, decides the targets) and those pages as registered, with a note
  (``ZZ012``: a build output not in the repository, its source read). A ``.vue`` in a
  ``components`` folder is read as a component, not a page (the ``exclude`` of unibest's config;
  the plugin's default leaves out only ``__*__`` folders, as zizhi does too): it counts where it is
  used. The config is a regular file, never a link; ``vite.config`` is read bounded (its first
  64 KiB, four ``subPackages`` lists, fifty folders). Scanning ``src/`` itself (the changed-files
  hook scans a project's root) finds the same project, its config read from the folder above.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

from zizhi import hookimpl, safeio
from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.jsonpos import JsonDoc, parse_json
from zizhi.lazyre import lazy
from zizhi.model import Location, ModuleRoots, Project, Severity, Signal, SourceFile
from zizhi.platforms import PlatformTable
from zizhi.textio import decode
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.appjson import (
    LEGACY_UNICLOUD,
    manifest_signals,
    match_page_case,
    plugin_signals,
    project_files,
    registered_pages,
    unreachable_page_files,
)

#: manifest.json section -> platform (signals.md §2.3, addendum A.1): the platform table's
#: ``uniapp_target`` (what a project reads is the table's; these are its built-in entries).
SECTIONS: dict[str, str] = {
    "mp-weixin": "wechat", "mp-alipay": "alipay", "mp-toutiao": "douyin", "mp-baidu": "baidu", "mp-qq": "qq",
    "mp-kuaishou": "kuaishou",
}
#: platform -> the conditional-compilation name defined when building for it.
DEFINES: dict[str, str] = {
    "wechat": "MP-WEIXIN", "alipay": "MP-ALIPAY", "douyin": "MP-TOUTIAO", "baidu": "MP-BAIDU", "qq": "MP-QQ",
    "kuaishou": "MP-KUAISHOU",
}
_TARGET_KEYS = ("appid", "permission", "requiredPrivateInfos", "plugins", "requiredBackgroundModes")
SFC_EXTS = (".vue", ".nvue", ".uvue")
#: the global config of @uni-helper/vite-plugin-uni-pages, from which the build writes src/pages.json
PAGES_CONFIGS = tuple(f"pages.config.{ext}" for ext in ("ts", "mts", "cts", "js", "mjs", "cjs", "json"))
_VITE_CONFIGS = tuple(f"vite.config.{ext}" for ext in ("ts", "mts", "cts", "js", "mjs", "cjs"))
#: the start of the plugin's ``subPackages: ['src/pages-sub']`` option (folders of subpackage pages);
#: its list is cut at the first ``]`` within ``_LIST_CHARS`` (a search, not a backtracking regex)
_SUBPACKAGES = lazy(r"""\bsubPackages\s*:\s*\[""")
_STRING = lazy(r"""['"`]([\w./@-]{1,200})['"`]""")
_CONFIG_CHARS, _LIST_CHARS, _MAX_LISTS, _MAX_TRIES, _MAX_DIRS = 65536, 4000, 4, 64, 50


def _ours(project: Project) -> bool:
    return project.framework == "uni-app"


def _read(path: Path, ctx: ScanContext) -> JsonDoc | None:
    try:
        decoded = decode(safeio.read_bytes(path, ctx))
    except OSError:
        return None
    return parse_json(decoded.text) if decoded.text is not None else None


def targets(manifest: Any, wanted: str | None = None, table: PlatformTable | None = None) -> list[str]:
    """The mini-program platforms a manifest.json builds for (see the module docs); ``table``: the
    platform table (default: the built-in platforms)."""
    sections = table.uniapp_targets() if table is not None else SECTIONS
    defines = table.uniapp_defines() if table is not None else DEFINES
    if wanted:
        return [wanted] if wanted in defines else []
    data = manifest if isinstance(manifest, dict) else {}
    out = []
    for section, platform in sections.items():
        conf = data.get(section)
        if isinstance(conf, dict) and any(conf.get(k) for k in _TARGET_KEYS):
            out.append(platform)
    return out or ["wechat"]


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    out = []
    for rel in files_named(ctx.listings, path, "pages.json"):
        folder = posixpath.dirname(rel)
        doc = _read(path / rel, ctx)
        pages = doc.value.get("pages") if doc and isinstance(doc.value, dict) else None
        if not isinstance(pages, list) or not any(isinstance(p, dict) and "path" in p for p in pages):
            continue
        manifest_rel = f"{folder}/manifest.json".lstrip("/")
        mdoc = _read(path / manifest_rel, ctx) if manifest_rel in listing else None
        root = path / folder if folder else path
        for platform in targets(mdoc.value if mdoc else None, ctx.options.platform, ctx.platform_table()):
            project = Project(
                root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                framework="uni-app", kind="miniprogram", manifest="manifest.json" if mdoc else "pages.json",
            )
            project.pages_manifest = "pages.json"
            out.append(project)
    listed = set(listing)
    with_pages = _folders_with_pages(listing)
    seen: set[str] = set()
    sources = [posixpath.dirname(rel) for rel in files_named(ctx.listings, path, *PAGES_CONFIGS)]
    if Path(os.path.abspath(path)).name == "src" and not os.path.lexists(path / ".git"):
        # the scan root is a src/ folder itself (the changed-files hook scans the project's root):
        # its pages.config is in the folder above (not when src/ is a repository's top: above it is
        # no longer the repository)
        sources.append("..")
    for folder in sources:
        src = "" if folder == ".." else f"{folder}/src".lstrip("/")
        if folder in seen:
            continue
        seen.add(folder)
        if f"{src}/".lstrip("/") not in with_pages:
            continue
        root = path / src if src else path
        conf = _config_for(root)
        if not conf:
            continue  # a pages.json in the repository (read as any other), or no regular pages.config beside src/
        manifest_rel = f"{src}/manifest.json".lstrip("/")
        mdoc = _read(path / manifest_rel, ctx) if manifest_rel in listed else None
        for platform in targets(mdoc.value if mdoc else None, ctx.options.platform, ctx.platform_table()):
            # (no manifest.json either: the config the build writes pages.json from is the manifest
            # that findings without evidence point at, a file that is there)
            project = Project(root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                              framework="uni-app", kind="miniprogram",
                              manifest="manifest.json" if mdoc else f"../{conf}")
            project.pages_manifest = "pages.json"
            out.append(project)
    # A uni-app source folder without its pages.json (the build's input kept as a template the
    # repository's set-up script copies, pages.json.bak; or left out): its manifest.json is uni-app's
    # and App.vue and pages/ are beside it. Read as the project, its pages/ as registered (ZZ012).
    done = {posixpath.dirname(rel) for rel in files_named(ctx.listings, path, "pages.json")}
    # the folders of the projects found (src/ of a pages.config project, read above; a pages.json
    # project): neither they nor a folder inside one are claimed again (a copy of the app kept in it,
    # backup/ or uni_modules/x/, is the project's files, not another project)
    taken = {os.path.relpath(os.path.abspath(p.root), os.path.abspath(path)).replace(os.sep, "/") for p in out}
    taken = {"" if t == "." else t for t in taken}
    for rel in sorted(files_named(ctx.listings, path, "manifest.json"), key=lambda r: (r.count("/"), r)):
        folder = posixpath.dirname(rel)
        prefix = f"{folder}/" if folder else ""
        parts = folder.split("/") if folder else []
        if folder in done or any("/".join(parts[:n]) in taken for n in range(len(parts) + 1)):
            continue
        if not any(f"{prefix}App{ext}" in listed for ext in SFC_EXTS) or prefix not in with_pages:
            continue
        mdoc = _read(path / rel, ctx)
        if mdoc is None or not _uniapp_manifest(mdoc.value):
            continue
        root = path / folder if folder else path
        for platform in targets(mdoc.value, ctx.options.platform, ctx.platform_table()):
            project = Project(root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                              framework="uni-app", kind="miniprogram", manifest="manifest.json")
            project.pages_manifest = "pages.json"
            out.append(project)
        taken.add(folder)  # (a copy inside it is its files)
    return out


def _folders_with_pages(listing: list[str]) -> set[str]:
    """The folders (``""`` or ``"a/b/"``) holding a single-file component somewhere under a ``pages/``
    of their own, from one pass over the listing (asked per candidate folder, a scan of the listing
    each time was quadratic in a tree of many manifests)."""
    out: set[str] = set()
    for f in listing:
        if not f.endswith(SFC_EXTS) or "pages/" not in f:
            continue
        if f.startswith("pages/"):
            out.add("")
        at = f.find("/pages/")
        while at >= 0:
            out.add(f[:at + 1])
            at = f.find("/pages/", at + 1)
    return out


def _uniapp_manifest(value: Any) -> bool:
    """Whether a manifest.json is a uni-app project's: its app id is a DCloud one (``__UNI__…``), or it
    holds a mini-program target's section (``mp-weixin`` …) or the App's (``app-plus``)."""
    if not isinstance(value, dict):
        return False
    appid = value.get("appid")
    return (isinstance(appid, str) and appid.startswith("__UNI__")) or \
        any(isinstance(value.get(k), dict) for k in (*SECTIONS, "app-plus"))


def _pages_json_missing(project: Project) -> bool:
    """A uni-app project read from its manifest.json with no pages.json in its folder (see discovery)."""
    return project.manifest == "manifest.json" and not os.path.lexists(project.root / "pages.json")


def _config_for(root: Path) -> str:
    """The name of the regular file ``pages.config.*`` beside ``root`` (a ``src/`` folder), never a
    link nor a folder, when neither ``root`` nor the folder above holds a pages.json; else "". Its
    stat is noted as read (``safeio.note_read``): a result cached for a scan of ``src/`` itself goes
    stale with it."""
    where = Path(os.path.abspath(root))
    if where.name != "src" or os.path.lexists(where / "pages.json") or os.path.lexists(where.parent / "pages.json"):
        return ""
    for name in PAGES_CONFIGS:
        config = where.parent / name
        if config.is_file() and not config.is_symlink():
            safeio.note_read(config)
            return name
    return ""


def generated_from(project: Project) -> str:
    """The ``pages.config`` file next to the project's ``src/`` from which the build writes its
    pages.json, when the repository holds no pages.json (``""`` otherwise)."""
    return _config_for(project.root)


def generated_pages(project: Project, ctx: ScanContext, vite: bool = True) -> tuple[set[str], list[str]]:
    """The pages vite-plugin-uni-pages would register: every single-file component under ``pages/``
    and under the subpackage folders ``vite.config`` names (``subPackages: ['src/pages-sub']``),
    outside any ``components`` folder (unibest's ``exclude``; the plugin's own default leaves out
    ``__*__`` folders, which are left out too); and those folders. ``vite``: False for a project
    without the plugin (no pages.json at all): the pages under ``pages/`` only."""
    dirs = ["pages"]
    parent = Path(os.path.abspath(project.root)).parent
    # scanning src/ itself, the folder above is outside the scan root: read there (never through a
    # link, O_NOFOLLOW) and noted, so that a cached result or snapshot is not trusted past a change
    above = ctx.scan_root is not None and not safeio.inside(parent, safeio.boundary_of(ctx) or "")
    for name in _VITE_CONFIGS if vite else ():
        config = parent / name
        if above:
            safeio.note_read(config)  # (one added later: a cached result of this scan is stale)
        if config.is_symlink() or not config.is_file():
            continue
        try:
            data = safeio.read_bytes(config, ctx, boundary=os.path.realpath(parent) if above else None)
        except OSError:
            break
        for spec in _subpackage_dirs(data[:_CONFIG_CHARS].decode("utf-8", "replace")):
            if spec not in dirs:
                dirs.append(spec)
        break
    files = [f for f in project_files(project, ctx) if f.endswith(SFC_EXTS)]
    dirs = [d for d in dirs if d == "pages" or any(f.startswith(d + "/") for f in files)]
    pages = set()
    for f in files:
        folders = f.split("/")[:-1]
        if "components" in folders or "node_modules" in folders or any(_DUNDER.match(d) for d in folders):
            continue
        if any(f.startswith(d + "/") for d in dirs):
            pages.add(f.rsplit(".", 1)[0])
    return pages, dirs


_DUNDER = lazy(r"__.*__$")


def _subpackage_dirs(text: str) -> list[str]:
    """The folders (relative to ``src/``) that the ``subPackages`` lists of a vite config name,
    read bounded: a path from the Vite root under ``src/`` (``'src/pages-sub'``); one that leaves
    it (``'../x'``, ``'/etc'``, ``'src/../..'``) or names another folder is not the project's."""
    out: list[str] = []
    lists = 0
    for tries, m in enumerate(_SUBPACKAGES.finditer(text)):
        if tries >= _MAX_TRIES or lists >= _MAX_LISTS:
            break
        end = text.find("]", m.end(), m.end() + _LIST_CHARS)
        if end < 0:
            continue
        lists += 1
        for spec in _STRING.findall(text, m.end(), end)[:_MAX_DIRS]:
            norm = posixpath.normpath(spec)
            if not norm.startswith("src/"):
                continue
            folder = norm[len("src/"):]
            if folder and folder not in out and len(out) < _MAX_DIRS:
                out.append(folder)
    return out


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    if _ours(project) and relpath.lower().endswith(".json"):
        return "json"
    return None


# ---------------------------------------------------------------- conditional compilation

# The expression is the rest of the line, its closing "*/" or "-->" removed (``_expression``): a lazy
# ``(.*?)(?:\*/|-->)?\s*$`` was quadratic on a long run of spaces.
_DIRECTIVE = lazy(r"^\s*(?://|/\*|<!--)\s*#\s*(ifdef|ifndef|endif)\b(.*)$")


def _expression(rest: str) -> str:
    rest = rest.rstrip()
    for end in ("*/", "-->"):
        if rest.endswith(end):
            return rest[: -len(end)]
    return rest


def defined_names(project: Project, ctx: ScanContext) -> set[str]:
    doc = project.documents.get("manifest.json")
    manifest = doc.value if doc is not None else None
    vue3 = isinstance(manifest, dict) and str(manifest.get("vueVersion", "")).strip() == "3"
    define = ctx.platform_table().uniapp_defines().get(project.platform, "")
    return {"MP", define, "VUE3" if vue3 else "VUE2", "UNI-APP"} - {""}


def _section(project: Project, ctx: ScanContext) -> str | None:
    """The manifest.json section of the project's target (``mp-weixin``)."""
    entry = ctx.platform_table().get(project.platform)
    return entry.uniapp_target or None if entry is not None else None


def _holds(expr: str, defined: set[str]) -> bool:
    expr = expr.strip()
    return any(all(t.strip().upper() in defined for t in part.split("&&")) for part in expr.split("||"))


def conditional(text: str, defined: set[str]) -> str:
    """``text`` with the code the build does not compile blanked (lines and columns kept)."""
    if "#if" not in text:
        return text
    stack: list[bool] = []
    out = []
    for line in text.split("\n"):
        m = _DIRECTIVE.match(line)
        if m:
            if m.group(1) == "endif":
                if stack:
                    stack.pop()
            else:
                holds = _holds(_expression(m.group(2)), defined)
                stack.append(holds if m.group(1) == "ifdef" else not holds)
            out.append(line)
        elif all(stack):
            out.append(line)
        else:
            out.append(re.sub(r"\S", " ", line))
    return "\n".join(out)


@hookimpl
def zizhi_preprocess_context(project: Project, ctx: ScanContext) -> str | None:
    return "uni-app #ifdef " + ",".join(sorted(defined_names(project, ctx))) if _ours(project) else None


@hookimpl
def zizhi_preprocess(file: SourceFile, project: Project, ctx: ScanContext) -> str | None:
    if not _ours(project) or file.text is None or "#if" not in file.text:
        return None
    if file.kind not in ("js", "jsx", "ts", "tsx", "vue", "json"):
        return None
    return conditional(file.text, defined_names(project, ctx))


# ---------------------------------------------------------------- manifests and pages


def _parse(project: Project, rel: str, ctx: ScanContext) -> JsonDoc | None:
    shown = project.rel(rel)
    try:
        decoded = decode(safeio.read_bytes(project.root / rel, ctx))
    except OSError as exc:
        safeio.diagnose_unreadable(ctx, exc, shown)
        return None
    if decoded.text is None:
        ctx.diagnose("ZZ007", f"manifest skipped: {decoded.problem}", shown, severity=Severity.ERROR)
        return None
    text = decoded.text
    if rel == "pages.json":
        # uni-app's build drops the other builds' entries and tolerates the trailing comma left behind
        text = drop_trailing_commas(conditional(text, defined_names(project, ctx)))
    doc = parse_json(text)  # comments are allowed in uni-app's JSON files
    for line, _col, msg in doc.errors[:3]:
        ctx.diagnose("ZZ003", f"invalid JSON: {msg}; values after this point may be missing", shown, line,
                     severity=Severity.ERROR)
    return doc


#: Strings, comments and the punctuation that decides whether a comma trails, each matched once
#: (an unterminated string or comment runs to the end of its line or of the text): linear time. (The
#: regex this replaces, ``,((?:\s|//[^\n]*|/\*.*?\*/)*[\]}])``, backtracked exponentially on a
#: ``//////`` separator comment, and touched commas inside strings.)
_JSONC_TOKEN = lazy(r'"(?:[^"\\\n]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)|[,\]}]', re.S)


def drop_trailing_commas(text: str) -> str:
    """``text`` with each comma that only whitespace and comments separate from a closing ``]`` or
    ``}`` replaced by a space (lines and columns kept), outside strings and comments."""
    if "," not in text:
        return text
    trailing: list[int] = []
    pending = -1
    last = 0
    for m in _JSONC_TOKEN.finditer(text):
        start = m.start()
        if pending >= 0 and not text[last:start].isspace() and last != start:
            pending = -1  # a value between the comma and this token
        last = m.end()
        token = text[start]
        if token == ",":
            pending = start
        elif token in "]}":
            if pending >= 0:
                trailing.append(pending)
            pending = -1
        elif token == '"':
            pending = -1
        # a comment: keeps the pending comma
    if not trailing:
        return text
    chars = list(text)
    for at in trailing:
        chars[at] = " "
    return "".join(chars)


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    if not _ours(project):
        return
    docs: dict[str, JsonDoc] = project.documents
    if (project.root / "manifest.json").is_file():
        mdoc = _parse(project, "manifest.json", ctx)
        if mdoc is not None:
            docs["manifest.json"] = mdoc
            section = mdoc.value.get(_section(project, ctx) or "") if isinstance(mdoc.value, dict) else None
            # The target's section is what the build copies into its app.json.
            project.manifests["manifest.json"] = section if isinstance(section, dict) else {}
    conf = generated_from(project)
    if conf:
        project.pages, dirs = generated_pages(project, ctx)
        if project.manifest != "manifest.json":
            project.manifests.setdefault(project.manifest, {})
        shown = project.rel(f"../{conf}")  # (beside src/: "../pages.config.ts" when src/ is the scan root)
        ctx.diagnose("ZZ012", f"pages.json is written by the build from {conf} (vite-plugin-uni-pages) and is not in "
                     f"the repository; the {len(project.pages)} pages under {', '.join(d + '/' for d in dirs)} "
                     f"were read as registered", shown, severity=Severity.NOTE)
        _find_unreachable(project, ctx, {d.split("/", 1)[0] for d in dirs})
        for folder in _unicloud_folders(project):
            project.backend_roots.append(folder)
        return
    if _pages_json_missing(project):
        project.pages, dirs = generated_pages(project, ctx, vite=False)
        variants = sorted(f for f in project_files(project, ctx) if f.startswith("pages.json.") and "/" not in f)
        under = ", ".join(d + "/" for d in dirs)
        if variants:
            kept = ", ".join(variants[:3])
            ctx.diagnose("ZZ012", f"no pages.json beside manifest.json (the repository keeps {kept}, which its "
                         f"set-up turns into one); the {len(project.pages)} pages under {under} were read as "
                         "registered", project.rel("manifest.json"), severity=Severity.NOTE)
        else:
            ctx.diagnose("ZZ012", f"no pages.json beside manifest.json; the {len(project.pages)} pages under {under} "
                         "were read as registered", project.rel("manifest.json"), severity=Severity.NOTE)
        _find_unreachable(project, ctx, {d.split("/", 1)[0] for d in dirs})
        for folder in _unicloud_folders(project):
            project.backend_roots.append(folder)
        return
    pdoc = _parse(project, "pages.json", ctx)
    if pdoc is None:
        return
    docs["pages.json"] = pdoc
    if project.manifest == "pages.json":
        project.manifests["pages.json"] = pdoc.value
    project.pages = registered_pages(pdoc.value, "paths")
    match_page_case(project, ctx, project_files(project, ctx), SFC_EXTS, "", "pages.json")
    # Page folders of every build (before conditional compilation): a page registered only for
    # the App build sits in one of them and is unreachable in this one.
    raw = _read(project.root / "pages.json", ctx)
    every_build = registered_pages(raw.value if raw else None, "paths") | project.pages
    _find_unreachable(project, ctx, {p.split("/", 1)[0] for p in every_build if "/" in p})
    for folder in _unicloud_folders(project):
        project.backend_roots.append(folder)


def _find_unreachable(project: Project, ctx: ScanContext, page_dirs: set[str]) -> None:
    unreachable = unreachable_page_files(project, ctx, page_dirs, SFC_EXTS)
    unreachable.update(unused_components(project, ctx, page_dirs, set(unreachable)))
    project.unreachable = unreachable


_WORD = lazy(r"[A-Za-z_$][\w$-]*")


def _norm(name: str) -> str:
    return name.replace("-", "").lower()


def unused_components(project: Project, ctx: ScanContext, page_dirs: set[str], known: set[str]) -> dict[str, str]:
    """``.vue`` components (not pages) whose name no other file mentions: not imported, not used
    as a tag (easycom), not registered. A UI library copied whole into the project carries many
    (an IM input with a recorder nobody renders)."""
    files = [f for f in project_files(project, ctx) if "node_modules/" not in f]
    words: dict[str, set[str]] = {}
    for f in files:
        if not f.lower().endswith((*SFC_EXTS, ".js", ".ts", ".json")):
            continue
        try:
            text = safeio.read_text(project.root / f, ctx)
        except OSError:
            continue
        for w in {_norm(w) for w in _WORD.findall(text)}:
            words.setdefault(w, set()).add(f)
    out: dict[str, str] = {}
    for f in files:
        if not f.lower().endswith(SFC_EXTS) or f in known:
            continue
        unit = f.rsplit(".", 1)[0]
        if unit in project.pages or (f.split("/", 1)[0] in page_dirs and "components" not in f.split("/")[:-1]):
            continue  # a page (or a page folder's own file): unreachable_page_files decides
        name = posixpath.basename(unit)
        if name == "index":
            name = posixpath.basename(posixpath.dirname(unit)) or name
        if words.get(_norm(name), set()) - {f}:
            continue
        out[f] = unit
    return out


def _unicloud_folders(project: Project) -> list[str]:
    """The project's uniCloud function folders: ``uniCloud-<provider>/cloudfunctions`` and, of the
    first layout, ``cloudfunctions-aliyun`` / ``cloudfunctions-tcb`` (each holding a function's folder)."""
    out: list[str] = []
    try:
        entries = sorted(p for p in project.root.iterdir() if p.is_dir() and not p.is_symlink() and
                         (p.name.startswith("uniCloud") or p.name in LEGACY_UNICLOUD))
    except OSError:
        return out
    for entry in entries:
        functions = entry if entry.name in LEGACY_UNICLOUD else entry / "cloudfunctions"
        try:
            if functions.is_dir() and any(p.is_dir() for p in functions.iterdir()):
                out.append(functions.relative_to(project.root).as_posix())
        except OSError:
            continue
    return out


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "json" or not _ours(project) or file.project_relpath not in ("manifest.json", "pages.json"):
        return None
    if file.project_relpath == "pages.json":  # its subpackages' plugins (the app's are in manifest.json)
        pages = project.documents.get("pages.json")
        if pages is None or not isinstance(pages.value, dict):
            return []
        subpackages = {k: v for k, v in pages.value.items() if k in ("subPackages", "subpackages")}
        return plugin_signals(file, pages, subpackages)
    doc = project.documents.get("manifest.json")
    section = _section(project, ctx)
    if doc is None or section is None:
        return []
    return manifest_signals(file, project, doc, (section,))


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    if not _ours(project):
        return None
    return [Signal("project", "project.unicloud", Location(project.rel(root)), origin="backend")
            for root in project.backend_roots if root.startswith("uniCloud") or root in LEGACY_UNICLOUD]


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """``main.js`` / ``main.ts`` and ``App.vue`` start a uni-app build; every ``.vue`` page and
    component is a root too (pages.json and easycom decide about them, ``ZZ008``). ``@/`` and ``/``
    are the folder of pages.json (the project root). ``platforms/<other platform>/`` is left out
    (uni-app's whole-folder conditional compilation), and so is a ``.nvue`` beside a ``.vue`` of the
    same name (the App's version of that page or component: other platforms compile the ``.vue``)."""
    if not _ours(project):
        return None
    # 整体目录条件编译: platforms/<platform>/ holds one platform's pages; another build does not compile them.
    target = _section(project, ctx) or ""
    excluded: dict[str, str] = {}
    listed = set(project.listing)
    for rel in project.listing:
        parts = rel.split("/")
        if len(parts) > 2 and parts[0] == "platforms" and parts[1] != target:
            excluded.setdefault(f"platforms/{parts[1]}/",
                                f"is in 'platforms/{parts[1]}/', which the {target or project.platform} build does "
                                "not compile (uni-app compiles only platforms/<its platform>/)")
        elif rel.endswith(".nvue") and rel[:-len(".nvue")] + ".vue" in listed:
            # a .vue and a .nvue of one name: the App uses the .nvue, every other platform the .vue
            # (uni-app's nvue guide); a mini-program build never compiles this .nvue
            excluded.setdefault(rel, f"is the App's own version of '{rel[:-len('.nvue')]}.vue', which the "
                                f"{target or project.platform} build compiles instead (uni-app: where a .vue and "
                                "a .nvue share a name, only the App uses the .nvue)")
    return ModuleRoots(entries=["main", "App.vue", "App.uvue"], aliases={"@/": "", "~@/": ""}, bases=[""],
                       excluded=excluded, imported_only=_imported_only(project))


def _imported_only(project: Project) -> tuple[str, ...]:
    """The single-file components in a ``components`` folder that easycom does not register by their
    place (``components/<name>/<name>.vue``, ``uni_modules/<id>/components/<name>/<name>.vue``):
    only an import brings them in (a copied plugin's variants, ``components/comment/web.vue``, that
    nothing imports are dead code). None when pages.json has custom easycom rules that may name a
    folder of the project, or turns easycom's scan off (what registers a component is not known)."""
    pages = project.documents.get("pages.json")
    easycom = pages.value.get("easycom") if pages is not None and isinstance(pages.value, dict) else None
    if isinstance(easycom, dict):
        # custom rules: under "custom", or (the older form) beside "autoscan"
        custom = easycom.get("custom")
        rules = [*(custom.values() if isinstance(custom, dict) else ()),
                 *(v for k, v in easycom.items() if k not in ("autoscan", "custom"))]
        folders = {rel.split("/", 1)[0] for rel in project.listing if "/" in rel}
        if easycom.get("autoscan") is False or any(
                not isinstance(t, str) or t.startswith(("@/", "/", ".", "~"))
                or t.split("/", 1)[0] in folders for t in rules):
            return ()
    out = []
    for rel in project.listing:
        if not rel.endswith(SFC_EXTS) or rel.rsplit(".", 1)[0] in project.pages:
            continue
        parts = rel.split("/")
        if "components" not in parts[:-1] or "node_modules" in parts:
            continue
        stem = parts[-1].rsplit(".", 1)[0]
        at = len(parts) - 3
        if at >= 0 and parts[-2] == stem and parts[at] == "components" and \
                (at == 0 or (at == 2 and parts[0] == "uni_modules")):
            continue  # where easycom looks
        out.append(rel)
    return tuple(sorted(out))
