"""Backend code in the mini-program's repository, tied to the project it serves.

A mini-program repository often carries its server beside the front end. What decides many
licences is there: partner payments and profit sharing (EDI), LLM calls (生成式AI), moderation
calls, IM and RTC server SDKs. This plugin finds the backend folders and tells each project which
are its own; files under them get ``origin = "backend"``, and other plugins read them
(``python``, ``sourcescan`` for Java/PHP/Go, ``javascript`` for Node, ``deps`` for manifests).

Which folders are backends:

* WeChat cloud functions (``cloudfunctionRoot`` of ``project.config.json``, or ``cloudfunctions/``);
  uniCloud ``uniCloud*/cloudfunctions`` (and its first layout's ``cloudfunctions-aliyun``, ``cloudfunctions-tcb``);
* folders named ``server``, ``backend`` or ``cloudfunctions``;
* folders named ``api`` or ``service`` only when they hold server code (a build manifest such as
  ``pom.xml``, ``go.mod``, ``composer.json``, ``requirements.txt``, ``package.json``, or ``.py``,
  ``.java``, ``.go``, ``.php`` files): a mini-program's own ``api/request.js`` is front-end code;
* a folder outside every project that holds a server build manifest (``pom.xml``,
  ``build.gradle``, ``go.mod``, ``composer.json``, ``requirements.txt``, ``pyproject.toml``,
  ``Pipfile``, ``manage.py``), e.g. a Maven module beside the app.

Which project a backend serves (same repository = same scan root):

* a backend folder inside a project's root belongs to the innermost project that contains it;
* a backend folder outside every project attaches to the projects found under its parent folder
  (its siblings and their subfolders); when none is there, to the projects under the grandparent,
  and so on up to the scan root. ``repo/server`` therefore serves ``repo/miniprogram``, and a
  server at the scan root's top level serves every project of the scan.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import NOT_READ, Project
from zizhi.walk import scan_listing
from zizhi_plugins.appjson import LEGACY_UNICLOUD  # uniCloud's first layout: cloudfunctions-aliyun/-tcb

STRONG_NAMES = frozenset({"server", "backend", "cloudfunctions"})
WEAK_NAMES = frozenset({"api", "service"})
#: Build manifests of server code (a package.json alone may be the front end's).
SERVER_MANIFESTS = frozenset({
    "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "composer.json", "requirements.txt",
    "pyproject.toml", "Pipfile", "manage.py", "setup.py",
})
LANG_BY_EXT = {".py": "python", ".java": "java", ".kt": "java", ".go": "go", ".php": "php",
               ".js": "node", ".ts": "node", ".mjs": "node", ".cjs": "node"}
LANG_BY_MANIFEST = {"pom.xml": "java", "build.gradle": "java", "build.gradle.kts": "java", "go.mod": "go",
                    "composer.json": "php", "requirements.txt": "python", "pyproject.toml": "python",
                    "Pipfile": "python", "manage.py": "python", "setup.py": "python", "package.json": "node"}
SERVER_EXTS = (".py", ".java", ".kt", ".go", ".php")


def _ext(path: str) -> str:
    dot = path.rfind(".")
    return path[dot:].lower() if dot > path.rfind("/") else ""


def _inside(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def _candidates(listing: list[str], project_roots: list[str]) -> dict[str, str]:
    """Backend folders of the scan (scan-relative) -> their kind (cloudfunctions, unicloud, server)."""
    dirs: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}  # folder -> the names of the files directly in it
    for rel in listing:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            dirs.setdefault("/".join(parts[:i]), []).append(rel)
        names.setdefault("/".join(parts[:-1]), set()).add(parts[-1])
    found: dict[str, str] = {}
    for folder, files in dirs.items():
        parts = folder.split("/")
        name, parent = parts[-1], parts[-2] if len(parts) > 1 else ""
        direct = names.get(folder, set())
        has_server_code = bool(direct & (SERVER_MANIFESTS | {"package.json"})) or any(
            f.endswith(SERVER_EXTS) for f in files)
        if (name == "cloudfunctions" and parent.startswith("uniCloud")) or name in LEGACY_UNICLOUD:
            found[folder] = "unicloud"  # (cloudfunctions-aliyun/-tcb: uniCloud's first layout)
        elif name == "cloudfunctions":
            found[folder] = "cloudfunctions"
        elif name in STRONG_NAMES or (name in WEAK_NAMES and has_server_code):
            found[folder] = "server"
        elif direct & SERVER_MANIFESTS and not any(_inside(p, folder) for p in project_roots) and \
                not any(_inside(folder, p) for p in project_roots if p not in ("", ".")):
            found[folder] = "server"  # a build module beside the app, outside every project
    # A folder holding a project is not a backend; keep the outermost backend folder.
    found = {f: k for f, k in found.items() if not any(_inside(p, f) for p in project_roots if p not in ("", "."))}
    return {f: k for f, k in found.items() if not any(o != f and _inside(f, o) for o in found)}


#: Imports that make a file server code, wherever it sits: a mini-program cannot run any of these
#: (web frameworks and WeChat's cloud-function SDK). Matched near the top of the file.
SERVER_IMPORTS: dict[str, tuple[str, int]] = {
    "python": (r"^[ \t]*(?:from|import)[ \t]+(?:flask|fastapi|django|tornado|sanic|aiohttp|starlette|"
               r"bottle|falcon|quart|litestar)\b", re.M),
    "node": (r"""(?:\brequire\s*\(\s*|\bfrom\s*)['"](?:express|koa|egg|fastify|restify|hapi|@hapi/hapi|"""
             r"""@nestjs/[\w-]{1,40}|@midwayjs/[\w-]{1,40}|@koa/router|koa-router|wx-server-sdk|"""
             r"""@cloudbase/node-sdk|tcb-admin-node)['"]""", 0),
    "java": (r"^[ \t]*import[ \t]+(?:org\.springframework|javax\.servlet|jakarta\.servlet|io\.vertx|"
             r"io\.quarkus|io\.micronaut)\.", re.M),
    "php": (r"^[ \t]*(?:use|namespace)[ \t]+\\?(?:think|Illuminate|App\\Http|"
            r"Symfony\\Component\\HttpFoundation|Hyperf|Webman)\\", re.M),
    "go": (r"""["'](?:github\.com/gin-gonic/gin|github\.com/labstack/echo|github\.com/gofiber/fiber|"""
           r"""github\.com/beego/beego|github\.com/zeromicro/go-zero|github\.com/gogf/gf)""", 0),
}
#: Texts without which ``SERVER_IMPORTS[lang]`` cannot match (each of its alternatives holds one):
#: a file with none of them imports no server framework, and its regex is not compiled (~4 ms for
#: the node one: an edited script at a project's root, asked again by the snapshot, is no server).
SERVER_NEEDLES: dict[str, tuple[str, ...]] = {
    "python": ("flask", "fastapi", "django", "tornado", "sanic", "aiohttp", "starlette", "bottle", "falcon",
               "quart", "litestar"),
    "node": ("express", "koa", "egg", "fastify", "restify", "hapi", "@nestjs/", "@midwayjs/", "wx-server-sdk",
             "@cloudbase/node-sdk", "tcb-admin-node"),
    "java": ("org.springframework", "javax.servlet", "jakarta.servlet", "io.vertx", "io.quarkus", "io.micronaut"),
    "php": ("think", "Illuminate", "App\\Http", "Symfony\\Component\\HttpFoundation", "Hyperf", "Webman"),
    "go": ("github.com/gin-gonic/gin", "github.com/labstack/echo", "github.com/gofiber/fiber",
           "github.com/beego/beego", "github.com/zeromicro/go-zero", "github.com/gogf/gf"),
}
LANG_OF_EXT = {".py": "python", ".js": "node", ".ts": "node", ".mjs": "node", ".cjs": "node", ".java": "java",
               ".kt": "java", ".php": "php", ".go": "go"}
UI_EXTS = frozenset({".wxml", ".axml", ".ttml", ".swan", ".qml", ".ksml", ".vue", ".nvue", ".uvue", ".mpx"})
_HEAD_BYTES = 64 * 1024  # imports are at the top; a generated bundle is not read whole


@cache
def _server_re(lang: str) -> re.Pattern[str]:
    """Compiled when a file is first read (a warm run remembers every answer and compiles none)."""
    pattern, flags = SERVER_IMPORTS[lang]
    return re.compile(pattern, flags)


SERVER_PURPOSE = "backend.server-imports"


def server_file(path: Path, lang: str, ctx: ScanContext | None = None) -> bool:
    """Whether the file imports a server framework (its first 64 KiB). Recorded as that answer
    (``safeio.note_read(derived=...)``): a project's snapshot asks again when the file changed, and
    loads the project again only if the answer differs (an edited ``app.js`` beside ``app.json``
    is read here, and is still no server)."""
    from zizhi import safeio

    with safeio.quietly():
        found = _server_file(path, lang, ctx)
    safeio.note_read(path, derived=(f"{SERVER_PURPOSE}.{lang}", found))
    return found


def _derive_server_file(lang: str) -> Any:
    def derive(path: Path, boundary: str) -> bool:
        return _server_file(path, lang, None, boundary)
    return derive


def _server_file(path: Path, lang: str, ctx: ScanContext | None = None, boundary: str | None = None) -> bool:

    def imports_server(data: bytes) -> bool:
        head = data[:_HEAD_BYTES].decode("utf-8", "replace")
        if not any(needle in head for needle in SERVER_NEEDLES[lang]):
            return False  # (what the regex says, without compiling it)
        return _server_re(lang).search(head) is not None

    def decode(value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError("not a yes/no")  # a damaged cache value: computed again
        return value

    from zizhi import safeio

    top = boundary if boundary is not None else safeio.boundary_of(ctx)
    if top is not None and not safeio.inside(path, top):
        return False  # a link out of the scanned tree is never read
    try:
        # Scripts are read directly (few: outside the mini-program's code); a server tree's many
        # files are remembered, so a warm run does not read them.
        if ctx is not None and lang != "node" and path.stat().st_size <= 2 * 1024 * 1024:
            from zizhi.filecache import file_memo

            return file_memo(ctx, path, f"backend.server-imports.{lang}", imports_server, decode)
        with path.open("rb") as f:
            return imports_server(f.read(_HEAD_BYTES))
    except OSError:
        return False


def _register_derivations() -> None:
    from zizhi import safeio

    for lang in SERVER_IMPORTS:
        safeio.DERIVATIONS[f"{SERVER_PURPOSE}.{lang}"] = _derive_server_file(lang)


_register_derivations()


def _by_content(ctx: ScanContext, listing: list[str], projects: list[Project], found: dict[str, str]) -> dict[str, str]:
    """Server code recognised by what it imports, wherever it sits: the folder right below the
    nearest project root (or the scan root) that holds it — or the file itself when it sits
    there directly (``server.js`` beside ``app.json``). JavaScript inside the mini-program's own
    code folder is not read for this (``require('express')`` is never there)."""
    scan_root = ctx.scan_root
    if scan_root is None:
        return {}
    roots = sorted({p.relroot for p in projects if not p.relroot.startswith("/")}, key=lambda r: -len(r))
    app_dirs = []  # scan-relative folders of mini-program code: JS there is the front end's
    for p in projects:
        base = "" if p.relroot in ("", ".") else p.relroot
        code = p.app_root or ("src" if p.framework == "taro" else "")
        app_dirs.append(f"{base}/{code}".strip("/") if code else base)
    project_dirs = {"" if r in (".",) else r for r in roots}
    # Folders right below a mini-program code folder that hold templates or single-file components:
    # the front end's (pages/, components/ ...). A template-free one (koa-server/, utils/) is read.
    ui_tops: set[str] = set()
    ui_exts = tuple(UI_EXTS)
    for rel in listing:
        if rel.endswith(ui_exts):
            for d in app_dirs:
                if _inside(rel, d) and rel != d:
                    below = rel[len(d) + 1:] if d else rel
                    if "/" in below:
                        ui_tops.add(f"{d}/{below.split('/', 1)[0]}".lstrip("/"))
    taro_src = {d for d, p in zip(app_dirs, projects, strict=True) if p.framework == "taro"}
    out: dict[str, str] = {}
    read = 0
    code_exts = tuple(LANG_OF_EXT)
    for rel in listing:
        if not rel.endswith(code_exts):
            continue
        lang = LANG_OF_EXT.get(_ext(rel))
        if lang is None:
            continue
        folder = posixpath.dirname(rel)
        if lang == "node" and folder not in project_dirs:
            # the mini-program's own scripts are not read; a file at the top of a project still is
            app_dir = max((d for d in app_dirs if _inside(rel, d)), key=len, default=None)
            if app_dir is not None:
                below = rel[len(app_dir) + 1:] if app_dir else rel
                top = f"{app_dir}/{below.split('/', 1)[0]}" if app_dir else below.split("/", 1)[0]
                if app_dir in taro_src or folder == app_dir or top in ui_tops:
                    continue
        if any(_inside(rel, f) for f in (*found, *out)):
            continue
        if read >= 5000:
            break  # a bound on the load stage: a huge tree's server code is normally in a named folder
        read += 1
        if not server_file(scan_root / rel, lang, ctx):
            continue
        owner = next((r for r in roots if r not in ("", ".") and _inside(rel, r)), "")
        below = rel[len(owner) + 1:] if owner else rel
        if "/" not in below:
            root = rel  # a server file at the top, beside the mini-program
        else:
            top = f"{owner}/{below.split('/', 1)[0]}" if owner else below.split("/", 1)[0]
            mixed = top in app_dirs or any(_inside(r, top) for r in project_dirs if r)
            root = top if not mixed else (folder if folder not in app_dirs and folder not in project_dirs else rel)
        out[root] = "server"
    return out


def _owners(folder: str, project_roots: list[str]) -> list[str]:
    containing = [p for p in project_roots if _inside(folder, p) and folder != p]
    if containing:
        return [max(containing, key=lambda p: 0 if p in ("", ".") else p.count("/") + 1)]
    parent = posixpath.dirname(folder)
    while True:
        under = [p for p in project_roots if _inside(p, parent)]
        if under:
            return under
        if parent in ("", "."):
            return []
        parent = posixpath.dirname(parent)


def language(files: list[str]) -> str:
    """The main language of a backend folder: its build manifests first, then its source files."""
    manifests = Counter(LANG_BY_MANIFEST[posixpath.basename(f)] for f in files
                        if posixpath.basename(f) in LANG_BY_MANIFEST)
    for lang in ("java", "go", "php", "python"):
        if manifests.get(lang):
            return lang
    code = Counter(LANG_BY_EXT[_ext(f)] for f in files if _ext(f) in LANG_BY_EXT)
    if code:
        return code.most_common(1)[0][0]
    return "node" if manifests.get("node") else "unknown"


def _plan(ctx: ScanContext) -> dict[str, list[tuple[str, str]]]:
    """Scan-relative project root -> its backend folders (scan-relative, kind); once per scan root."""
    scan_root = ctx.scan_root
    key = f"backend:plan:{scan_root}"
    plan: Any = ctx.memo.get(key)
    if plan is not None:
        return dict(plan)
    listing = scan_listing(ctx.listings, scan_root, lambda c, m, p: None) if scan_root is not None else []
    projects: list[Project] = ctx.projects
    roots = [p.relroot for p in projects if not p.relroot.startswith("/")]
    plan = {}
    candidates = _candidates(listing, roots)
    candidates.update(_by_content(ctx, listing, projects, candidates))
    for folder, kind in sorted(candidates.items()):
        for owner in _owners(folder, roots):
            plan.setdefault(owner, []).append((folder, kind))
    ctx.memo[key] = plan
    return dict(plan)


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    scan_root = ctx.scan_root
    if scan_root is None:
        return
    listing = scan_listing(ctx.listings, scan_root, lambda c, m, p: None)
    base = "" if project.relroot in ("", ".") else project.relroot
    kinds: dict[str, str] = {}
    for b in project.backend_roots:  # declared by the platform plugin (cloudfunctionRoot ...)
        kinds[b.rstrip("/")] = "cloudfunctions"
    for folder, kind in _plan(ctx).get(project.relroot, []):
        rel = posixpath.relpath(folder, base) if base else folder
        if any(_inside(rel, have) for have in kinds):
            continue
        if ctx.pm.hook.zizhi_classify_file(relpath=rel + "/", project=project) == NOT_READ:
            continue  # a folder the project's framework never reads (a game engine's committed build)
        kinds = {h: k for h, k in kinds.items() if not _inside(h, rel)}
        kinds[rel] = kind
    project.backend_roots = sorted(kinds)
    project.backends = []
    for rel in project.backend_roots:
        shown = project.rel(rel)
        files = [f for f in listing if f == shown or f.startswith(shown + "/")]
        if not files:
            continue
        project.backends.append({"root": shown, "language": language(files), "kind": kinds[rel]})


@hookimpl(tryfirst=True)
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    """Test code in a backend folder (any language) is claimed as ``test`` so that no extractor reads it."""
    if project.in_backend(relpath) and is_test_path(relpath):
        return "test"
    return None


@hookimpl
def zizhi_cacheable_kinds() -> list[str]:
    """No extractor reads ``test`` files: trivially pure, so a warm run does not read them either."""
    return ["test"]


_TEST_DIRS = frozenset({"test", "tests", "__tests__", "testing", "spec", "testdata"})


def is_test_path(relpath: str) -> bool:
    """Test code does not ship: ``tests/``, ``src/test/``, ``test_*.py``, ``*_test.go``, ``*Test.java`` …"""
    parts = relpath.split("/")
    if any(p in _TEST_DIRS for p in parts[:-1]):
        return True
    name = parts[-1]
    stem = name.rsplit(".", 1)[0]
    return (name.startswith("test_") or stem.endswith(("_test", "_tests", ".test", ".spec")) or name == "conftest.py"
            or (name.endswith((".java", ".kt", ".php")) and stem.endswith(("Test", "Tests"))))
