"""The libcst part of the Python plugin, imported only when a Python file is worth a parse
(importing libcst costs about 0.2 s, which every run would otherwise pay at start-up)."""

from __future__ import annotations

import posixpath
import re
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from zizhi.context import ScanContext
from zizhi.model import Location, Severity, Signal, SourceFile
from zizhi_plugins.sourcescan import PARAM_NAMES, endpoint_tokens

BASE_URL_KWARGS = frozenset({"base_url", "api_base", "openai_api_base", "base_uri", "endpoint", "host"})
ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket", "add_route"})
DJANGO_ROUTES = frozenset({"path", "re_path", "url"})


def _dotted(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


class _Consts(cst.CSTVisitor):
    """Module-level ``NAME = <string expression>`` assignments, in order."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def visit_Module(self, node: cst.Module) -> bool:
        for stmt in node.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)):
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                    value = evaluate(small.value, self.values) if small.value is not None else None
                    if value is None:
                        continue
                    for t in targets:
                        if isinstance(t, cst.Name):
                            self.values[t.value] = value
        return False


def evaluate(node: cst.BaseExpression | None, consts: dict[str, str]) -> str | None:
    """The string an expression builds, as far as it is known; None when it is not a string."""
    if node is None:
        return None
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    if isinstance(node, cst.ConcatenatedString):
        left, right = evaluate(node.left, consts), evaluate(node.right, consts)
        return None if left is None and right is None else (left or "") + (right or "")
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            elif isinstance(part, cst.FormattedStringExpression):
                parts.append(evaluate(part.expression, consts) or "")
        return "".join(parts)
    if isinstance(node, cst.Name):
        return consts.get(node.value)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = evaluate(node.left, consts), evaluate(node.right, consts)
        return None if left is None and right is None else (left or "") + (right or "")
    if isinstance(node, cst.Call):  # os.getenv("X", "https://default"), os.environ.get(...)
        fn = _dotted(node.func)
        if fn in ("os.getenv", "os.environ.get", "getenv", "environ.get") and len(node.args) >= 2:
            return evaluate(node.args[1].value, consts)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
            return evaluate(node.func.value, consts)
    return None


class _Visitor(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, file: SourceFile, consts: dict[str, str], tokens: list[str], api_roots: set[str]):
        super().__init__()
        self.api_roots = api_roots
        self.aliases: dict[str, str] = {}  # local name -> qualified name (from the imports)
        self.file = file
        self.consts = consts
        self.tokens = tokens
        self.signals: list[Signal] = []
        self.urls_py = posixpath.basename(file.relpath) == "urls.py"

    def emit(self, kind: str, name: str, node: cst.CSTNode, **attrs: str) -> None:
        pos = self.get_metadata(PositionProvider, node).start
        self.signals.append(Signal(kind, name, Location(self.file.relpath, pos.line, pos.column + 1),
                                   attrs={"lang": "python", **attrs}, origin=self.file.origin,
                                   vendored=self.file.vendored))

    # imports
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = _dotted(alias.name)
            if name:
                self.emit("import", name, alias)
                local = alias.asname.name if alias.asname is not None else None
                if isinstance(local, cst.Name):
                    self.aliases[local.value] = name
                else:
                    self.aliases.setdefault(name.split(".")[0], name.split(".")[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return  # the project's own modules
        module = _dotted(node.module)
        if not module:
            return
        if isinstance(node.names, cst.ImportStar):
            self.emit("import", module, node)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            if name:
                self.emit("import", f"{module}.{name}", alias)
                local = alias.asname.name if alias.asname is not None else None
                self.aliases[local.value if isinstance(local, cst.Name) else name] = f"{module}.{name}"

    # strings
    def _string(self, node: cst.BaseExpression, role: str = "") -> None:
        value = evaluate(node, self.consts)
        if not value:
            return
        low = value.lower()
        if role or (("/" in low or "." in low) and any(t in low for t in self.tokens)):
            attrs = {"role": role} if role else {}
            self.emit("endpoint", value[:300], node, **attrs)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        self._string(node)
        return False

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:
        self._string(node)
        return False

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> bool:
        if isinstance(node.operator, cst.Add):
            value = evaluate(node, self.consts)
            if value is not None:
                self._string(node)
                return False
        return True

    # calls: base_url=, partner parameters, Django routes
    def visit_Call(self, node: cst.Call) -> None:
        for arg in node.args:
            if arg.keyword is None:
                continue
            key = arg.keyword.value
            if key in BASE_URL_KWARGS:
                value = evaluate(arg.value, self.consts)
                if value and ("://" in value or "." in value):
                    self.emit("endpoint", value[:300], arg, role="base_url")
            elif key in PARAM_NAMES:
                self.emit("param", key, arg)
            elif key == "partner_mode" and isinstance(arg.value, cst.Name) and arg.value.value == "True":
                self.emit("param", "partner_mode", arg, value="true")
        fn = _dotted(node.func)
        if fn:  # a call through an import: `tms_client.TmsClient(...)` -> tencentcloud.tms.….TmsClient
            head, _, rest = fn.partition(".")
            qualified = self.aliases.get(head)
            if qualified and qualified.split(".")[0] in self.api_roots:
                self.emit("api", f"{qualified}.{rest}" if rest else qualified, node, call="true")
        if self.urls_py and fn and fn.rsplit(".", 1)[-1] in DJANGO_ROUTES and node.args:
            path = evaluate(node.args[0].value, self.consts)
            if path is not None:
                self.emit("route", "/" + path.lower().lstrip("^/"), node, framework="django")

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = evaluate(node.key, self.consts)
        if key in PARAM_NAMES:
            self.emit("param", key, node.key)

    def visit_SubscriptElement(self, node: cst.SubscriptElement) -> None:
        if isinstance(node.slice, cst.Index):
            key = evaluate(node.slice.value, self.consts)
            if key in PARAM_NAMES:
                self.emit("param", key, node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for dec in node.decorators:
            call = dec.decorator
            if not isinstance(call, cst.Call) or not call.args:
                continue
            fn = _dotted(call.func)
            if not fn or "." not in fn:
                continue
            method = fn.rsplit(".", 1)[-1]
            if method not in ROUTE_METHODS:
                continue
            path = evaluate(call.args[0].value, self.consts)
            if path is not None and path.startswith("/"):
                self.emit("route", path.lower(), dec, method=method, framework="flask/fastapi")


#: Name heads too common to prefilter on (Java/Go package roots, wx-server-sdk's `cloud`).


def read(file: SourceFile, ctx: ScanContext) -> list[Signal]:
    """The signals of one Python file (its text already passed the prefilter).

    libcst runs in a forked child with a time budget (``zizhi.isolate``): a few thousand nested
    brackets or a long chain of operators overflow its native stack (SIGSEGV: the whole run was
    lost) or take minutes. A crash or an overrun is a ``ZZ005`` note, and the file's imports are
    still found by a token scan."""
    from zizhi import isolate

    assert file.text is not None
    roots = ctx.cache.get("python:api_roots")
    if roots is None:  # first segments of the catalogue's api names: calls worth a signal
        cat = ctx.catalogue
        roots = {n.split(".")[0] for n in cat.names("api")} | {p.split(".")[0] for p in cat.patterns("api")}
        ctx.cache["python:api_roots"] = roots
    tokens = endpoint_tokens(ctx)
    if not isolate.available() and max_nesting(file.text) > MAX_NESTING:
        result: Any = isolate.Failure("error", f"nested more than {MAX_NESTING} deep")
    else:
        result = isolate.run(_read, file, tokens, roots)
    if isinstance(result, isolate.Failure):
        why = {"crash": "the parser crashed", "timeout": f"the parser took {result.detail}"}.get(
            result.reason, f"the parser failed: {result.detail}")
        ctx.diagnose("ZZ005", f"Python file could not be parsed ({why}); only its imports were read, by a token "
                     "scan", file.relpath, 0, severity=Severity.NOTE)
        return token_scan(file)
    signals, diags = result
    for code, message, line in diags:
        ctx.diagnose(code, message, file.relpath, line, severity=Severity.NOTE)
    return list(signals)


#: Without fork (Windows), a file nested deeper than this is not given to libcst (whose native
#: parser overflows its stack at a few thousand).
MAX_NESTING = 200


def max_nesting(text: str) -> int:
    """The deepest nesting of brackets in ``text`` (strings and comments not told apart: an upper bound)."""
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth = max(0, depth - 1)
    return deepest


_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))",
                          re.M)


def token_scan(file: SourceFile) -> list[Signal]:
    """The imports of a Python file that could not be parsed (``import a.b``, ``from a import``),
    each marked ``scan = "token"``."""
    assert file.text is not None
    out: list[Signal] = []
    for m in _IMPORT_LINE.finditer(file.text):
        line = file.text.count("\n", 0, m.start()) + 1
        names = [m.group(1)] if m.group(1) else [n.strip() for n in m.group(2).split(",")]
        for name in names:
            out.append(Signal("import", name, Location(file.relpath, line, 1), attrs={"scan": "token"},
                              origin=file.origin, vendored=file.vendored))
    return out


def _read(file: SourceFile, tokens: list[str], roots: set[str]) -> tuple[list[Signal], list[tuple[str, str, int]]]:
    """What ``read`` computes in the isolated child: (signals, diagnostics as (code, message, line))."""
    assert file.text is not None
    try:
        module = cst.parse_module(file.text)
    except cst.ParserSyntaxError as exc:
        return [], [("ZZ005", f"Python syntax error: {exc.message}; this file's signals are missing", exc.raw_line)]
    except (RecursionError, ValueError) as exc:  # pathological nesting, bad code points
        return [], [("ZZ005", f"Python file could not be parsed ({type(exc).__name__}); its signals are missing", 0)]
    consts = _Consts()
    module.visit(consts)
    visitor = _Visitor(file, consts.values, tokens, roots)
    wrapper: Any = MetadataWrapper(module, unsafe_skip_copy=True)
    wrapper.visit(visitor)
    # `base_url="https://…"`: one signal, the keyword's (with its role), not also the bare literal's.
    roles = {(s.name, s.location.line) for s in visitor.signals if s.attrs.get("role")}
    return [s for s in visitor.signals
            if not (s.kind == "endpoint" and not s.attrs.get("role") and (s.name, s.location.line) in roles)], []
