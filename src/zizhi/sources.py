"""Reading one project file: which files a project has, their stat, bytes and text, whether they
are vendored, and offering one to the extractor plugins.

The extract stage (``zizhi.extract``) and the worker processes (``zizhi.workers``) both use this;
it uses neither.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from zizhi.context import ScanContext, call_hook
from zizhi.lazyre import lazy
from zizhi.model import Diagnostic, Project, Severity, Signal, SourceFile
from zizhi.safeio import read_fd
from zizhi.textio import decode, is_minified
from zizhi.walk import files_under

VENDOR_HINTS = ("/uni_modules/", "/lib/", "/libs/", "/vendor/", "/vendors/", "/third_party/", "/sdk/", "/utils/sdk/",
                # rich-text renderers copied in (wxParse, jyf-parser, mp-html, u-parse, towxml): their
                # templates hold <video>, <audio> and <ad> for whatever HTML they are given
                "/wxparse/", "/jyf-parser/", "/mp-html/", "/u-parse/", "/towxml/",
                # uView's install folder at the project's root (uView 1 from the plugin market, uview-plus
                # copied): a UI library whose swiper and parser hold <video> for whatever they are given
                "/uview-ui/", "/uview-plus/",
                # the runtime Antmove (a WeChat-to-Alipay converter) generates: it wraps every API of the platform
                "/__antmove/",
                # Vant Weapp's build copied in (uni-app's wxcomponents/vant, static/vant-weapp, components/vant):
                # its uploader picks videos and its field is a textarea for whatever page uses them
                "/vant/", "/vant-weapp/")
#: folders where apps keep their own code as often as copied libraries (``utils/lib/api.js``,
#: ``libs/chat.js``): a script there is vendored only when its head looks like a library's
SHARED_HINTS = frozenset({"/lib/", "/libs/"})
#: a library's head: a licence banner, a release's version tag (``@version 1.2`` in a map SDK's
#: header), a UMD or webpack wrapper (read in the first 2,000 characters; ``[ \t]*``, not ``\s*``,
#: after ``^``: a run of blank lines is not scanned again from each of its line starts)
_LIBRARY_HEAD = lazy(r"@license|@version\b|/\*!|\bcopyright\b|\(c\) \d{4}|\bMIT\b|Licensed under|typeof exports|"
                     r"__esModule|typeof define|define\.amd|__webpack_require__|^[ \t]*!function\s*\(|"
                     r"\(function\s*\(\s*(?:global|root|e|t)\s*,\s*(?:factory|t|e)\s*\)", re.I | re.M)
#: how the head is read: its first characters
_HEAD = 2000
#: an import of the app's own modules by the ``@/`` alias (uni-app's and Vue CLI's: ``@`` is the
#: project's source root), which no copied library can make: a product that puts its copyright
#: banner on every file of its own (CRMEB's ``libs/chat.js`` imports ``@/config/app.js``)
_OWN_IMPORT = lazy(r"""(?:\bfrom|\brequire\(|\bimport\()[ \t]*['"]@/""")
#: the wrapper webpack writes around a library built for every loader (``libraryTarget: 'umd'``):
#: a library's build wherever it was copied (``utils/cos-wx-sdk-v5.js``); an app's own build is
#: wrapped otherwise (``webpackJsonp``)
_UMD_BUILD = "webpackUniversalModuleDefinition"
#: a release's file name, its version in it (``sdk-qq.2.8.1.js``, ``jweixin-1.6.0.js``,
#: ``qqmap-wx-jssdk1.2.js``): apps do not version their own modules' names, a library's releases do
_VERSIONED_NAME = lazy(r"[a-z](?:[-_.]v?|v)?\d{1,3}\.\d{1,3}(?:\.\d{1,4})?\.(?:js|ts)$")


#: the files by which a rich-text renderer copied under any folder name is known (lower-cased names in
#: one folder; ``node/node.js``: a file of a subfolder): mp-html's build (its ``parser.js`` beside the
#: ``node`` component that renders each tag), jyf-parser's and its predecessor Parser's (htmlparser2's
#: ``Tokenizer.js`` and ``DomHandler.js``), wxParse's and its ports' (``html2json.js``, ``htmlparser.js``).
#: The folder names they ship under (mp-html/, jyf-parser/, wxparse/ …) are VENDOR_HINTS already; copied
#: as components/mp-weixin/ or ParserRichText/Parser/, their templates' <video>, <audio> and <ad> are still
#: the renderer's, for whatever HTML it is given
RENDERER_FILES = (frozenset({"parser.js", "node/node.js"}), frozenset({"tokenizer.js", "domhandler.js"}),
                  frozenset({"html2json.js", "htmlparser.js"}))


def renderer_folders(listing: list[str]) -> list[str]:
    """The folders (with a trailing ``/``) holding a rich-text renderer recognised by its files
    (``RENDERER_FILES``), outside the folders VENDOR_HINTS names already."""
    names: dict[str, set[str]] = {}
    for rel in listing:
        if not rel.lower().endswith(".js"):
            continue
        folder, _, name = rel.rpartition("/")
        names.setdefault(folder, set()).add(name.lower())
        parent, _, sub = folder.rpartition("/")
        if sub.lower() == "node" and name.lower() == "node.js":
            names.setdefault(parent, set()).add("node/node.js")
    found = []
    for folder, held in names.items():  # (never the project's root: a renderer is copied into a folder)
        if folder and any(files <= held for files in RENDERER_FILES):
            prefix = folder + "/"
            if not any(h in "/" + prefix.lower() for h in VENDOR_HINTS):
                found.append(prefix)
    return sorted(found)


def collect_files(project: Project, ctx: ScanContext, nested_roots: list[str]) -> list[tuple[str, str]]:
    """(project-relative path, kind) of every file a plugin claims, outside nested projects."""
    rel = project.rel

    def diag(code: str, message: str, relpath: str) -> None:
        ctx.diagnose(code, message, rel(relpath))

    files = []
    scan_root = ctx.scan_root or project.root
    listed: list[str] = []  # every file of the project, read or not (reachability looks for templates beside scripts)
    project.listing = listed
    for relpath in files_under(ctx.listings, scan_root, project.root, diag):
        if any(relpath == n or relpath.startswith(n + "/") for n in nested_roots):
            continue
        listed.append(relpath)
        if project.config is not None and project.config.path_ignored(relpath):
            continue
        kind = call_hook(ctx, "zizhi_classify_file", relpath=relpath, project=project)
        if kind:
            files.append((relpath, kind))
    # Backend folders beside the project in the same repository ("../server"), and the framework's
    # companion folders there ("../name_wxgame"): their files too.
    for broot in [*project.backend_roots, *project.companions]:
        if not broot.startswith("../"):
            continue
        if (project.root / broot).is_file():  # a server file beside the project (../server.js)
            kind = call_hook(ctx, "zizhi_classify_file", relpath=broot, project=project)
            if kind:
                files.append((broot, kind))
            continue
        def sub_diag(code: str, message: str, relpath: str, base: str = broot) -> None:
            ctx.diagnose(code, message, rel(f"{base}/{relpath}"))

        for sub in files_under(ctx.listings, scan_root, (project.root / broot).resolve(), sub_diag):
            relpath = f"{broot}/{sub}"
            kind = call_hook(ctx, "zizhi_classify_file", relpath=relpath, project=project)
            if kind:
                files.append((relpath, kind))
    return files


def stat_file(project: Project, relpath: str, ctx: ScanContext,
              into: list[Diagnostic] | None = None) -> os.stat_result | None:
    """The file's stat, or None (with a diagnostic, into ``into`` if given, else to ``ctx``) when it
    cannot be read or is too large to."""
    shown = project.rel(relpath)
    try:
        st = os.stat(os.path.join(project.root, relpath))  # (a Path per file costs more than the stat)
    except OSError as exc:
        (ctx.sink(into) if into is not None else ctx).diagnose("ZZ001", f"cannot read file: {exc.strerror}", shown)
        return None
    if st.st_size > ctx.options.max_file_bytes:
        (ctx.sink(into) if into is not None else ctx).diagnose(
            "ZZ006", f"file skipped: {st.st_size:,} bytes is over the {ctx.options.max_file_bytes:,}-byte "
            "limit (a bundle?); signals in it are not counted", shown, severity=Severity.NOTE)
        return None
    return st


def is_page(project: Project, relpath: str) -> bool:
    """Whether the file belongs to a page the manifest registers (never treated as vendored)."""
    if not project.pages:
        return False
    unit = relpath.rsplit(".", 1)[0]
    base = project.app_root + "/" if project.app_root else ""
    if base and unit.startswith(base):
        unit = unit[len(base):]
    return unit in project.pages


def _library_script(low: str, text: str) -> bool:
    """Whether a script in ``lib/`` is a copied library: its file name says it is an SDK
    (``libs/qqmap-wx-jssdk.js``, as the vendors' guides name it), or its head begins like a library's
    and does not import the app's own modules by the ``@/`` alias."""
    if "sdk" in low.rpartition("/")[2]:
        return True
    return _LIBRARY_HEAD.search(text, 0, _HEAD) is not None and _OWN_IMPORT.search(text, 0, _HEAD) is None


def vendored_reason(project: Project, relpath: str, kind: str, text: str | None = None) -> str:
    """Why a file counts as a vendored bundle by its name ("" when it does not): ``*.min.js``, a
    release's versioned name (``sdk-qq.2.8.1.js``), a folder such as ``vendor/`` or a minified
    build's (``parser.20200731.min/``, as ``*.min.js`` names a file), or a head that
    is webpack's UMD wrapper (a library's build, wherever it was copied); a registered page never
    does. Under ``lib/`` or ``libs/`` a script is vendored only when its file name says SDK or its
    ``text`` begins like a library's (a licence banner, a version tag, a UMD or webpack wrapper):
    apps keep their own request and chat modules there too."""
    low = "/" + relpath.lower()
    if low.endswith((".min.js", "-min.js", ".bundle.js")):
        reason = "a minified or bundled file name"
    elif _VERSIONED_NAME.search(low.rpartition("/")[2]):
        reason = "a release's versioned file name"
    elif any(folder.endswith(".min") for folder in low.split("/")[1:-1]):
        reason = "under a minified build's folder"  # parser.min/, parser.20200731.min/: jyf-parser's releases
    elif low.rpartition("/")[2].startswith("wxparse"):
        reason = "a file of wxParse (or a port of it: gaoyia-parse, feng-parse …)"
    elif text is not None and kind in ("js", "ts") and text.find(_UMD_BUILD, 0, _HEAD) >= 0:
        reason = "a library's UMD build"
    else:
        hints = [h for h in VENDOR_HINTS if h in low]
        if hints and all(h in SHARED_HINTS for h in hints) and text is not None and kind in ("js", "ts") \
                and not _library_script(low, text):
            hints = []
        reason = f"under a {hints[0].strip('/')}/ folder" if hints else ""
    return "" if not reason or is_page(project, relpath) else reason


def origin_of(project: Project, relpath: str) -> str:
    return "backend" if project.in_backend(relpath) else "frontend"


def read_file(project: Project, relpath: str, kind: str, ctx: ScanContext, checked: bool = False) -> SourceFile | None:
    """Read and decode one file; None (with a diagnostic) when it cannot be. ``checked``: its stat
    was already taken (``stat_file``)."""
    abspath = project.root / relpath
    shown = project.rel(relpath)
    if not checked and stat_file(project, relpath, ctx) is None:
        return None
    try:
        data = _read(abspath)
    except OSError as exc:
        ctx.diagnose("ZZ001", f"cannot read file: {exc.strerror}", shown)
        return None
    decoded = decode(data)
    if decoded.text is None:
        ctx.diagnose("ZZ007", f"file skipped: {decoded.problem}", shown)
        return None
    if decoded.nul:
        ctx.diagnose("ZZ007", f"{decoded.problem}: a text file with NUL bytes, read as text", shown,
                     severity=Severity.NOTE)
    elif decoded.problem and decoded.encoding != "utf-8-sig":
        ctx.diagnose("ZZ002", decoded.problem, shown, severity=Severity.NOTE)
    vendored = vendored_reason(project, relpath, kind, decoded.text) != ""
    if not vendored and kind in ("js", "ts") and not is_page(project, relpath) and is_minified(decoded.text):
        vendored = True
        ctx.diagnose("ZZ013", "treated as minified (lines average over 400 characters): read by a token scan, its "
                     "signals count as supporting evidence only", shown, severity=Severity.NOTE)
    return SourceFile(
        abspath=abspath,
        relpath=shown,
        project_relpath=relpath,
        kind=kind,
        data=data,
        text=decoded.text,
        encoding=decoded.encoding,
        origin=origin_of(project, relpath),
        vendored=vendored,
    )


def _read(path: Path) -> bytes:
    """``path.read_bytes()`` with the ``os`` calls alone (a file listed by the walk: no buffered
    reader, which cost a third of reading a small file)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return read_fd(fd, os.fstat(fd).st_size, sys.maxsize - 1)
    finally:
        os.close(fd)


def run_extractors(source: SourceFile, project: Project, ctx: ScanContext) -> tuple[list[Signal] | None,
                                                                                list[Diagnostic]]:
    """Offer one file to the extractor plugins: (signals, or None after a plugin failure; the
    diagnostics the plugins gave, which go nowhere else)."""
    diagnostics: list[Diagnostic] = []
    sink = ctx.sink(diagnostics)
    try:
        found: list[Signal] = []
        for result in call_hook(ctx, "zizhi_extract", file=source, project=project, ctx=sink):
            found.extend(result or [])
        return found, diagnostics
    except Exception as exc:  # a plugin bug must not lose the rest of the scan
        sink.diagnose("ZZ099", f"internal error while reading this file ({type(exc).__name__}: {exc}); "
                      "its signals are missing — please report this", source.relpath, severity=Severity.ERROR)
        return None, diagnostics
