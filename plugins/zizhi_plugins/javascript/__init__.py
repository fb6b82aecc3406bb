"""JavaScript and TypeScript through tree-sitter: platform API references, SDK imports and
well-known service endpoints in string literals.

What counts: ``wx.X`` and ``wx['X']`` (also with optional chaining), aliases
(``const w = wx``, ``import Taro from '@tarojs/taro'``), destructuring
(``const { requestPayment } = wx``) and longer chains (``wx.cloud.callFunction``).
What does not: names in comments, in ordinary strings, or in type declaration files (``.d.ts``).

JSX: an element of a component imported from ``@tarojs/components`` (``<LivePusher>``,
``<Button openType="getPhoneNumber">``) is a ``component`` signal under the mini-program tag
name (``live-pusher``, attribute ``open-type``), so the template entries of the catalogue apply.
Only rendered elements count: a component imported and never rendered is not a signal.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tree_sitter import Language, Node, Parser

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import Location, Project, Severity, Signal, SourceFile

_EXTS = {".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".wxs": "js", ".sjs": "js",
         ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx"}

#: Wrappers that do not change which object an expression is.
_TRANSPARENT = {"parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression",
                "type_assertion"}
_TYPE_NODES = {"type_arguments", "predefined_type", "type_identifier", "generic_type", "object_type",
               "union_type", "array_type", "nested_type_identifier", "literal_type"}

#: Module names that export a platform namespace object as default or as a named export.
_NAMESPACE_MODULES = {"@tarojs/taro": "Taro"}
#: Modules whose exported components are the mini-program's built-in components in PascalCase.
_COMPONENT_MODULES = {"@tarojs/components"}


def kebab(name: str) -> str:
    """``LivePusher`` -> ``live-pusher``, ``openType`` -> ``open-type``, ``VoipRoom`` -> ``voip-room``."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("-")
        out.append(ch.lower())
    return "".join(out)


@cache
def _parser(kind: str) -> Parser:
    if kind in ("ts", "tsx"):
        import tree_sitter_typescript as tsts

        lang = tsts.language_tsx() if kind == "tsx" else tsts.language_typescript()
    else:
        import tree_sitter_javascript as tsjs

        lang = tsjs.language()
    return Parser(Language(lang))


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    low = relpath.lower()
    if low.endswith((".d.ts", ".d.mts", ".d.cts")):
        return "dts"  # type declarations describe APIs; they never call them
    dot = low.rfind(".")
    return _EXTS.get(low[dot:]) if dot >= 0 else None


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def _string_value(node: Node) -> str | None:
    if node.type == "string":
        return "".join(_text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return _text(node)[1:-1]
    return None


class _Walker:
    def __init__(self, file: SourceFile, ctx: ScanContext, project: Project, data: bytes):
        cat = ctx.catalogue
        self.file = file
        self.data = data
        backend = file.origin == "backend"
        # `my` or `tt` is only the platform API in an Alipay or Douyin project; elsewhere a variable.
        self.namespaces = cat.namespaces_for(project.platform, project.framework)
        if backend:
            self.namespaces |= {"cloud"}
        self.aliases: dict[str, str] = {}
        self.components: dict[str, str] = {}  # local JSX name -> mini-program tag
        self.imports = cat.names("import")
        self.import_patterns = cat.patterns("import")
        self.endpoints = [e.lower() for e in cat.names("endpoint")]
        self.signals: list[Signal] = []

    def loc(self, node: Node) -> Location:
        row, col = node.start_point  # col counts bytes; report characters
        if col:
            col = len(self.data[node.start_byte - col : node.start_byte].decode("utf-8", "replace"))
        return Location(self.file.relpath, row + 1, col + 1)

    def emit(self, kind: str, name: str, node: Node, **attrs: str) -> None:
        self.signals.append(Signal(kind, name, self.loc(node), attrs=attrs, origin=self.file.origin,
                                   vendored=self.file.vendored, snippet=_text(node)[:120]))

    def root_name(self, ident: str) -> str | None:
        if ident in self.namespaces:
            return ident
        return self.aliases.get(ident)

    def chain(self, node: Node) -> list[str] | None:
        """``wx.cloud.callFunction`` -> ["wx", "cloud", "callFunction"], aliases resolved."""
        parts: list[str] = []
        cur: Node | None = node
        while cur is not None:
            if cur.type == "member_expression":
                prop = cur.child_by_field_name("property")
                if prop is None or prop.type not in ("property_identifier", "private_property_identifier"):
                    return None
                parts.append(_text(prop))
                cur = cur.child_by_field_name("object")
            elif cur.type == "subscript_expression":
                index = cur.child_by_field_name("index")
                value = _string_value(index) if index is not None else None
                if value is None:
                    return None
                parts.append(value)
                cur = cur.child_by_field_name("object")
            elif cur.type == "identifier":
                root = self.root_name(_text(cur))
                if root is None:
                    return None
                parts.append(root)
                return parts[::-1]
            elif cur.type in _TRANSPARENT:  # (wx), wx!, wx as any, <any>wx, wx satisfies T
                cur = next((c for c in cur.named_children if c.type not in _TYPE_NODES), None)
            else:
                return None
        return None

    def module_wanted(self, spec: str) -> bool:
        if spec in self.imports:
            return True
        base = spec.rsplit("/", 1)[-1]
        import fnmatch

        return any(fnmatch.fnmatchcase(spec, p) or fnmatch.fnmatchcase(base, p) for p in self.import_patterns)

    def walk(self, root: Node) -> None:
        # First pass: aliases, so that uses before the declaration in the file still resolve.
        stack = [root]
        nodes: list[Node] = []
        while stack:
            node = stack.pop()
            nodes.append(node)
            t = node.type
            if t == "variable_declarator":
                self.declarator(node)
            elif t == "import_statement":
                self.import_statement(node)
            stack.extend(reversed(node.children))
        for node in nodes:
            t = node.type
            if t in ("jsx_opening_element", "jsx_self_closing_element") and self.components:
                self.jsx_element(node)
            elif t in ("member_expression", "subscript_expression"):
                parent = node.parent
                if parent is not None and parent.type in ("member_expression", "subscript_expression") and \
                        parent.child_by_field_name("object") == node and self.chain(parent) is not None:
                    continue  # the outer expression reports the longer chain
                parts = self.chain(node)
                if parts and len(parts) >= 2:
                    self.emit("api", ".".join(parts), node)
            elif t == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type in ("identifier", "import") and _text(fn) in ("require", "import"):
                    args = node.child_by_field_name("arguments")
                    first = args.named_children[0] if args is not None and args.named_children else None
                    spec = _string_value(first) if first is not None else None
                    if spec and self.module_wanted(spec):
                        self.emit("import", spec, node)
            elif t in ("string", "template_string") and self.endpoints:
                value = _string_value(node)
                if (value and "/" in value) or (value and "." in value):
                    low = value.lower()
                    if any(e in low for e in self.endpoints):
                        self.emit("endpoint", value[:300], node)

    def declarator(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        if value.type == "identifier":
            root = self.root_name(_text(value))
            if root is None:
                return
            if name.type == "identifier":
                self.aliases[_text(name)] = root
            elif name.type == "object_pattern":
                for prop in name.named_children:
                    if prop.type == "object_assignment_pattern":  # { requestPayment = null }
                        left = prop.child_by_field_name("left")
                        if left is not None and left.type == "shorthand_property_identifier_pattern":
                            self.emit("api", f"{root}.{_text(left)}", left)
                    elif prop.type == "shorthand_property_identifier_pattern":
                        self.emit("api", f"{root}.{_text(prop)}", prop)
                    elif prop.type == "pair_pattern":
                        key = prop.child_by_field_name("key")
                        if key is not None:
                            self.emit("api", f"{root}.{_text(key).strip(chr(39) + chr(34))}", key)
        elif value.type == "call_expression" and name.type == "identifier":
            fn = value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if fn is not None and _text(fn) == "require" and args is not None and args.named_children:
                spec = _string_value(args.named_children[0])
                if spec in _NAMESPACE_MODULES:
                    self.aliases[_text(name)] = _NAMESPACE_MODULES[spec]

    def jsx_element(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        tag = self.components.get(_text(name)) if name is not None else None
        if tag is None:
            return
        attrs: dict[str, str] = {}
        for attr in node.named_children:
            if attr.type != "jsx_attribute" or not attr.named_children:
                continue
            key = _text(attr.named_children[0])
            value_node = attr.named_children[1] if len(attr.named_children) > 1 else None
            value: str | None = "true" if value_node is None else _string_value(value_node)
            if value is None and value_node is not None and value_node.type == "jsx_expression":
                inner = value_node.named_children[0] if value_node.named_children else None
                if inner is not None and inner.type == "ternary_expression":  # cond ? 'getPhoneNumber' : ''
                    branches = [inner.child_by_field_name(f) for f in ("consequence", "alternative")]
                    values = [_string_value(b) for b in branches if b is not None]
                    value = next((v for v in values if v), None)
                else:
                    value = _string_value(inner) if inner is not None else None
            if value is not None:
                attrs[kebab(key)] = value
        self.signals.append(Signal("component", tag, self.loc(node), attrs=attrs, origin=self.file.origin,
                                   vendored=self.file.vendored, snippet=_text(node)[:120]))

    def import_statement(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = _string_value(source) if source is not None else None
        if not spec:
            return
        if self.module_wanted(spec):
            self.emit("import", spec, node)
        if spec in _COMPONENT_MODULES:
            for clause in node.named_children:
                for named in (c for c in clause.named_children if c.type == "named_imports"):
                    for spec_node in (c for c in named.named_children if c.type == "import_specifier"):
                        original = spec_node.child_by_field_name("name")
                        local = spec_node.child_by_field_name("alias") or original
                        if original is not None and local is not None:
                            self.components[_text(local)] = kebab(_text(original))
            return
        ns = _NAMESPACE_MODULES.get(spec)
        if ns is None:
            return
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.aliases[_text(part)] = ns
                elif part.type == "namespace_import":
                    for ident in part.named_children:
                        self.aliases[_text(ident)] = ns


def _span(n: Node) -> tuple[int, int]:
    return n.end_byte - n.start_byte, n.start_byte


def _first_error(node: Node) -> Node | None:
    """The narrowest ERROR or MISSING node: where the parser actually got stuck, not the whole
    region it wrapped in an error."""
    best: Node | None = None
    stack = [node]
    while stack:
        n = stack.pop()
        is_error = n.type == "ERROR" or n.is_missing
        if is_error and (best is None or _span(n) < _span(best)):
            best = n
        if n.has_error:
            stack.extend(n.children)
    return best


def _tokens(ctx: ScanContext) -> list[bytes]:
    """Substrings (lower case) of which a file must hold one to be worth a parse: modules,
    endpoints, the server SDK object."""
    toks: Any = ctx.cache.get("js:tokens")
    if toks is None:
        cat = ctx.catalogue
        names = {"cloud"} | set(_NAMESPACE_MODULES) | _COMPONENT_MODULES
        names |= cat.names("import") | {e.lower() for e in cat.names("endpoint")}
        names |= {p.strip("*").split("*")[0] for p in cat.patterns("import") if p.strip("*")}
        toks = sorted({n.lower().encode() for n in names if n}, key=len)
        ctx.cache["js:tokens"] = toks
    return list(toks)


def _namespace_pattern(ctx: ScanContext, project: Project) -> re.Pattern[bytes] | None:
    """The project's API objects as whole words (``my`` and ``tt`` are substrings of half the
    code in the world; only an Alipay or Douyin build looks for them)."""
    key = f"js:ns:{project.platform}:{project.framework}"
    if key not in ctx.cache:
        spaces = sorted(ctx.catalogue.namespaces_for(project.platform, project.framework))
        ctx.cache[key] = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in spaces) + rb")\b") \
            if spaces else None
    pattern: re.Pattern[bytes] | None = ctx.cache[key]
    return pattern


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind not in ("js", "jsx", "ts", "tsx") or file.text is None:
        return None
    data = file.text.encode("utf-8")
    low = data.lower()
    # Prefilter: most files mention none of the names we look for; skip their parse.
    ns = _namespace_pattern(ctx, project)
    if not any(tok in low for tok in _tokens(ctx)) and not (ns is not None and ns.search(data)):
        return []
    tree = _parser(file.kind).parse(data)
    root = tree.root_node
    if root.has_error:
        err = _first_error(root)
        line = err.start_point[0] + 1 if err is not None else 0
        ctx.diagnose("ZZ005", f"{file.kind.upper()} syntax error; the rest of the file was read as far as the "
                     "parser could recover", file.relpath, line, severity=Severity.NOTE)
    walker = _Walker(file, ctx, project, data=data)
    walker.walk(root)
    return walker.signals
