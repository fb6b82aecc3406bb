"""Taro projects: the app config read without running it, targets, registered pages,
``process.env.TARO_ENV`` branches.

* **Root**: a folder whose ``package.json`` depends on ``@tarojs/taro`` (or ``@tarojs/cli``)
  and that has ``src/app.config.(ts|js)`` (Taro 3) or ``src/app.(tsx|jsx|ts|js)`` (Taro 1/2).
* **App config**: the object literal in ``defineAppConfig({...})``, ``export default {...}`` or
  ``module.exports = {...}`` (Taro 3), or the ``config = {...}`` class field of ``src/app.tsx``
  (Taro 1/2), parsed with tree-sitter, never executed; a module constant it names (``pages: PAGES``,
  ``{ pages }``, ``[...MAIN]``, ``defineAppConfig(config)``) is read as the constant's value. Its
  keys follow app.json: ``requiredPrivateInfos``, ``permission``, ``plugins`` … are read as
  app.json's would be, with their lines.
* **Targets**: one project per platform the project keeps a project file for
  (``project.config.json`` WeChat, ``project.tt.json`` Douyin, ``project.alipay.json`` /
  ``mini.project.json`` Alipay, ``project.swan.json`` Baidu, ``project.qq.json`` QQ,
  ``project.ks.json`` Kuaishou); WeChat when there is none; ``--platform`` picks one.
* **TARO_ENV**: ``if (process.env.TARO_ENV === 'alipay') {...} else {...}``, a conditional
  expression on it and the right of ``&&`` (``{process.env.TARO_ENV === 'weapp' && <Ad/>}``) — the
  code another target compiles is blanked for this one (also through ``!``, ``&&``, ``||`` and a
  module constant holding the test).
* **Pages**: ``pages`` and ``subPackages`` of the app config; page files under ``src/`` that
  nothing registers or imports are not counted (``ZZ008``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.discover import relroot
from zizhi.jsonpos import parse_json
from zizhi.lazyre import lazy
from zizhi.model import ModuleRoots, Project, Severity, Signal, SourceFile
from zizhi.walk import files_named, scan_listing
from zizhi_plugins.jsconfig import (
    WRAPPERS,
    depends_on,
    module_constants,
    read_app_config,
    read_text,
    resolve_constant,
    unwrap,
)
from zizhi_plugins.jstree import node_text as _text
from zizhi_plugins.jstree import parser as _parser
from zizhi_plugins.jstree import string_value as _string_value

if TYPE_CHECKING:
    from tree_sitter import Node
from zizhi_plugins.appjson import (
    manifest_signals,
    match_page_case,
    project_files,
    registered_pages,
    unreachable_page_files,
)

#: project file -> target platform (addendum A.1: Taro writes project.<platform>.json): the built-in
#: entries of the platform table's ``taro_project_files`` (a project reads the table's).
PROJECT_FILES: dict[str, str] = {
    "project.config.json": "wechat", "project.tt.json": "douyin", "project.alipay.json": "alipay",
    "mini.project.json": "alipay", "project.swan.json": "baidu", "project.qq.json": "qq", "project.ks.json": "kuaishou",
}
#: platform -> process.env.TARO_ENV value (addendum A.1): the built-in entries of the table's ``taro_env``.
TARO_ENV: dict[str, str] = {
    "wechat": "weapp", "alipay": "alipay", "douyin": "tt", "baidu": "swan", "qq": "qq", "kuaishou": "kwai",
}
APP_CONFIGS = ("src/app.config.ts", "src/app.config.js")
LEGACY_APPS = ("src/app.tsx", "src/app.jsx", "src/app.ts", "src/app.js")
PAGE_EXTS = (".tsx", ".jsx", ".ts", ".js", ".vue")
WECHAT_ONLY_KEYS = ("plugins.", "requiredBackgroundModes:")


def _ours(project: Project) -> bool:
    return project.framework == "taro"


def _is_taro(pkg: Any) -> bool:
    return depends_on(pkg, ("@tarojs/taro", "@tarojs/cli"))


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    listing = scan_listing(ctx.listings, path, lambda c, m, p: ctx.diagnose(c, m, p))
    present = set(listing)
    out = []
    for rel in files_named(ctx.listings, path, "package.json"):
        folder = posixpath.dirname(rel)
        prefix = folder + "/" if folder else ""
        config = next((prefix + c for c in (*APP_CONFIGS, *LEGACY_APPS) if prefix + c in present), None)
        if config is None:
            continue
        text = read_text(path / rel, ctx)
        if text is None or not _is_taro(parse_json(text).value):
            continue
        wanted = ctx.options.platform
        table = ctx.platform_table()
        platforms = [wanted] if wanted in table.taro_envs() else [] if wanted else sorted(
            {p for f, p in table.taro_project_files().items() if prefix + f in present}) or ["wechat"]
        root = path / folder if folder else path
        for platform in platforms:
            project = Project(
                root=root, relroot=relroot(root, ctx.scan_root or path), platform=platform,
                framework="taro", kind="miniprogram", manifest=config[len(prefix):], app_root="src",
            )
            project.pages_manifest = project.manifest
            out.append(project)
    return out


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    if _ours(project) and relpath.lower().endswith(".json"):
        return "json"
    return None


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    if not _ours(project):
        return
    text = read_text(project.root / project.manifest, ctx)
    doc = read_app_config(text) if text is not None else None
    if doc is None or not isinstance(doc.value, dict):
        ctx.diagnose("ZZ004", "no app config object found (defineAppConfig({...}), export default {...} or "
                     "config = {...}); pages and declarations are not known", project.rel(project.manifest))
        project.unreachable = {}
        return
    project.documents[project.manifest] = doc
    project.manifests[project.manifest] = doc.value
    project.pages = registered_pages(doc.value)
    if _pages_computed(doc.value):
        # a page list built by code (spreads of constants, a function per target): which pages it
        # registers is not known without running it; every page Taro's own convention marks (a
        # page config X.config.ts beside X.tsx) counts as registered rather than none
        by_convention = _pages_by_config(project, ctx)
        project.pages |= by_convention
        ctx.diagnose("ZZ004", "the app config's pages are computed, not written as a list of strings: "
                     f"{len(by_convention)} page file(s) with a page config of their own (X.config.ts beside "
                     "X.tsx) are taken as registered", project.rel(project.manifest),
                     doc.positions.get(("pages",), (0, 0))[0], severity=Severity.NOTE)
    match_page_case(project, ctx, project_files(project, ctx, "src/"), PAGE_EXTS, "src/", project.manifest)
    page_dirs = {p.split("/", 1)[0] for p in project.pages if "/" in p}
    project.unreachable = unreachable_page_files(project, ctx, page_dirs, PAGE_EXTS, base="src/")
    if project.root.joinpath("cloudfunctions").is_dir():
        project.backend_roots.append("cloudfunctions")


def _pages_computed(config: dict[str, Any]) -> bool:
    """Whether the app config's ``pages`` (or a subpackage's) is something other than a list of
    strings: a call, a variable, a spread, a conditional entry (``cond && 'pages/x'``)."""
    def computed(value: Any) -> bool:
        return not isinstance(value, list) or any(not isinstance(item, str) for item in value)

    if "pages" in config and computed(config["pages"]):
        return True
    subs = config.get("subPackages", config.get("subpackages"))
    if subs is None:
        return False
    return not isinstance(subs, list) or any(not isinstance(sub, dict) or computed(sub.get("pages")) for sub in subs)


def _pages_by_config(project: Project, ctx: ScanContext) -> set[str]:
    """Page units under ``src/`` that have a page config of their own (``pages/a/index.config.ts``
    beside ``pages/a/index.tsx``): how Taro marks a page, whatever the app config computes."""
    files = set(project_files(project, ctx, "src/"))
    pages = set()
    for f in files:
        stem, dot, ext = f.rpartition(".config.")
        if not dot or ext not in ("ts", "js") or "/" not in stem or "node_modules/" in f:
            continue
        if any(stem + e in files for e in PAGE_EXTS):
            pages.add(stem)
    return pages


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if not _ours(project) or file.project_relpath != project.manifest:
        return None
    doc = project.documents.get(project.manifest)
    if doc is None:
        return []
    signals = manifest_signals(file, project, doc)
    if project.platform != "wechat":  # Taro's docs mark these app config keys WeChat-only (signals.md §2.4)
        signals = [s for s in signals if not s.name.startswith(WECHAT_ONLY_KEYS)]
    return signals


# ---------------------------------------------------------------- process.env.TARO_ENV


_TARO_ENV = "process.env.TARO_ENV"


def _env_test(cond: Node | None) -> tuple[str, bool] | None:
    """``process.env.TARO_ENV === 'x'`` -> ("x", True); ``!==`` -> ("x", False)."""
    cond = unwrap(cond)
    if cond is None or cond.type != "binary_expression":
        return None
    op = cond.child_by_field_name("operator")
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if op is None or left is None or right is None or _text(op) not in ("===", "==", "!==", "!="):
        return None
    if right.end_byte - right.start_byte == len(_TARO_ENV) and _text(right) == _TARO_ENV:
        left, right = right, left
    if left.end_byte - left.start_byte != len(_TARO_ENV) or _text(left) != _TARO_ENV:
        return None  # (the lengths first: a side may be a long expression)
    value = _string_value(right)
    if value is None:
        return None
    return value, _text(op) in ("===", "==")


def _key(node: Node) -> tuple[int, int, str]:
    return node.start_byte, node.end_byte, node.type


def _decisions(root: Node, env: str, consts: dict[str, Node]) -> dict[tuple[int, int, str], bool]:
    """Every expression the build for ``env`` decides, true or false, as far as the
    ``process.env.TARO_ENV`` tests in it decide (``TARO_ENV === 'weapp' && isLogin`` is false in a
    Douyin build), through ``!``, ``&&``, ``||``, parentheses and a module constant holding a test
    (``const isWeapp = process.env.TARO_ENV === 'weapp'``). One pass, children before parents (no
    recursion: a chain of a thousand ``&&`` nests a thousand deep)."""
    val: dict[tuple[int, int, str], bool] = {}

    def get(n: Node | None) -> bool | None:
        return None if n is None else val.get(_key(n))

    def decide(n: Node) -> bool | None:
        kind = n.type
        if kind == "binary_expression":
            op = _text(n.child_by_field_name("operator"))
            if op in ("&&", "||"):
                left, right = get(n.child_by_field_name("left")), get(n.child_by_field_name("right"))
                short = op == "||"  # the value that decides it: true for ||, false for &&
                if short in (left, right):
                    return short
                return (not short) if left is not None and right is not None else None
            test = _env_test(n)
            return None if test is None else (test[0] == env) == test[1]
        if kind == "unary_expression" and _text(n.child_by_field_name("operator")) == "!":
            inner = get(n.child_by_field_name("argument"))
            return None if inner is None else not inner
        if kind in WRAPPERS:
            return get(unwrap(n))
        if kind == "identifier" and _text(n) in consts:
            return get(resolve_constant(n, consts))
        return None

    def walk(top: Node) -> None:
        stack: list[tuple[Node, bool]] = [(top, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                value = decide(node)
                if value is not None:
                    val[_key(node)] = value
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in node.named_children)

    for value_node in consts.values():  # (first: a name may be used before its declaration)
        walk(value_node)
    walk(root)
    return val


_CASE_ENDS = frozenset({"break_statement", "return_statement", "throw_statement", "continue_statement"})


def _ends_case(node: Node) -> bool:
    """Whether a case's last statement leaves the switch (``break``, ``return``, ``throw``, also as
    the last statement of a block): else the next case runs too (falls through)."""
    while node.type == "statement_block" and node.named_children:
        node = node.named_children[-1]
    return node.type in _CASE_ENDS


def _other_cases(switch: Node, env: str) -> list[tuple[int, int, int | None]]:
    """The bodies of a ``switch (process.env.TARO_ENV)``'s cases the build for ``env`` never runs,
    as spans to blank: Taro replaces ``process.env.TARO_ENV`` by the target's name when it compiles
    (跨平台开发), so the switch runs the case of that name, or ``default`` if none has it, and what it
    falls through to until a ``break`` (a ``return`` or a ``throw``). Nothing is decided for a switch
    with a case that is not a string (a constant, an expression) or for an unknown target."""
    value, body = switch.child_by_field_name("value"), switch.child_by_field_name("body")
    value = unwrap(value)
    if not env or value is None or body is None or value.end_byte - value.start_byte != len(_TARO_ENV) \
            or _text(value) != _TARO_ENV:
        return []
    cases = [c for c in body.named_children if c.type in ("switch_case", "switch_default")]
    labels: list[str | None] = []
    for case in cases:
        if case.type == "switch_default":
            labels.append(None)
            continue
        label_node = case.child_by_field_name("value")
        label = _string_value(label_node) if label_node is not None else None
        if label is None:
            return []
        labels.append(label)
    start = labels.index(env) if env in labels else labels.index(None) if None in labels else len(cases)
    runs: set[int] = set()
    for i in range(start, len(cases)):
        runs.add(i)
        statements = [c for c in cases[i].named_children if c != cases[i].child_by_field_name("value")
                      and c.type != "comment"]
        if statements and _ends_case(statements[-1]):
            break
    spans: list[tuple[int, int, int | None]] = []
    for i, case in enumerate(cases):
        colon = next((c for c in case.children if c.type == ":"), None)
        if i not in runs and colon is not None and colon.end_byte < case.end_byte:
            spans.append((colon.end_byte, case.end_byte, None))
    return spans


def taro_env_blank(text: str, env: str) -> str | None:
    """``text`` with the code another target compiles blanked, or None: Taro removes, when it
    compiles for one target, the code a ``process.env.TARO_ENV`` test keeps for another (Taro's docs,
    跨平台开发), in an ``if`` statement, a conditional expression (``TARO_ENV === 'tt' ? <A/> : <B/>``)
    and the right of ``&&`` (``{process.env.TARO_ENV === 'weapp' && <Ad/>}``, as the docs write it in
    JSX). A blanked expression becomes ``0`` (spaces after), so the text still parses."""
    data = text.encode("utf-8")
    tree = _parser("tsx").parse(data)
    consts = module_constants(tree.root_node)
    decided = _decisions(tree.root_node, env, consts)
    if not decided and b"switch" not in data:
        return None
    spans: list[tuple[int, int, int | None]] = []  # (start, end, the byte written at start, if any)
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type == "switch_statement":
            spans.extend(_other_cases(node, env))
        elif node.type == "if_statement":
            cond = node.child_by_field_name("condition")
            taken = decided.get(_key(cond)) if cond is not None else None
            if taken is None:
                continue
            branch = node.child_by_field_name("alternative" if taken else "consequence")
            if branch is not None and branch.type == "statement_block":
                spans.append((branch.start_byte + 1, branch.end_byte - 1, None))  # keep the braces
            elif branch is not None and branch.type == "else_clause":
                spans.append((branch.start_byte, branch.end_byte, None))
            elif branch is not None:  # if (...) call(); -> if (...) ;
                spans.append((branch.start_byte, branch.end_byte, 0x3B))
        elif node.type == "ternary_expression":
            cond = node.child_by_field_name("condition")
            taken = decided.get(_key(cond)) if cond is not None else None
            branch = None if taken is None else node.child_by_field_name("alternative" if taken else "consequence")
            if branch is not None:
                spans.append((branch.start_byte, branch.end_byte, 0x30))
        elif node.type == "binary_expression" and _text(node.child_by_field_name("operator")) == "&&":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and decided.get(_key(left)) is False:
                spans.append((right.start_byte, right.end_byte, 0x30))
    if not spans:
        return None
    out = bytearray(data)
    covered = -1
    for start, end, mark in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= covered:
            continue  # inside a span blanked already: its mark would land in the blank
        covered = max(covered, end)
        for i in range(start, end):
            if out[i] not in (0x0A, 0x0D):
                out[i] = 0x20
        if mark is not None:
            out[start] = mark
    # Multi-byte characters became several spaces: fine for lines; columns after them shift.
    return out.decode("utf-8", "replace")


@hookimpl
def zizhi_preprocess_context(project: Project, ctx: ScanContext) -> str | None:
    return "TARO_ENV=" + ctx.platform_table().taro_envs().get(project.platform, "") if _ours(project) else None


@hookimpl
def zizhi_preprocess(file: SourceFile, project: Project, ctx: ScanContext) -> str | None:
    if not _ours(project) or file.text is None or "TARO_ENV" not in file.text:
        return None
    if file.kind not in ("js", "jsx", "ts", "tsx"):
        return None
    return taro_env_blank(file.text, ctx.platform_table().taro_envs().get(project.platform, ""))


_CONFIG_ALIAS = lazy(r"""['"](@[\w./-]{0,100})['"]\s*:\s*path\.resolve\(\s*__dirname\s*,\s*['"]\.\.['"]\s*,"""
                     r"""\s*['"]([\w./-]{1,200})['"]\s*\)""")


@hookimpl
def zizhi_module_roots(project: Project, ctx: ScanContext) -> ModuleRoots | None:
    """``src/app`` and its config, every registered page (with its ``.config``), the custom tab
    bar; ``@/`` is ``src/`` (Taro's template), more aliases from ``config/index`` (``alias: {'@/x':
    path.resolve(__dirname, '..', 'src/x')}``); ``x.weapp.ts`` is found for ``./x`` in a WeChat build."""
    if not _ours(project):
        return None
    entries = ["src/app", "src/app.config", "src/custom-tab-bar/index"]
    entries += [f"src/{page}" for page in sorted(project.pages)]
    aliases = {"@/": "src/"}
    for name in ("config/index.js", "config/index.ts"):
        text = read_text(project.root / name, ctx)
        for key, target in _CONFIG_ALIAS.findall(text or "")[:50]:
            folder = posixpath.normpath(target)
            if not folder.startswith(".."):
                aliases[key.rstrip("/") + "/"] = folder + "/"
    env = ctx.platform_table().taro_envs().get(project.platform)
    return ModuleRoots(entries=entries, aliases=aliases, bases=["src"], suffixes=[f".{env}"] if env else [])
