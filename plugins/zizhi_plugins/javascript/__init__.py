"""JavaScript and TypeScript through tree-sitter: platform API references, SDK imports and
well-known service endpoints in string literals.

Three readers, one table (``HANDLERS``): each handler names the node types it reads (the full
walk), how to find those nodes from byte offsets without visiting every node (the anchored walk,
the usual path), and how to find the same thing in a vendored bundle's bytes without a parse (the
token scan).

What counts: ``wx.X`` and ``wx['X']`` (also with optional chaining), aliases
(``const w = wx``, ``import Taro from '@tarojs/taro'``), destructuring
(``const { requestPayment } = wx``), the object ``promisifyAll(wx, wxp)`` fills
(``wxp.requestPayment()``), longer chains (``wx.cloud.callFunction``) and the object on the global
object (``window.wx``, ``GameGlobal['wx']``, LayaAir's ``Laya.Browser.window.wx``: the catalogue's
``global_objects``).
What does not: names in comments, in ordinary strings, or in type declaration files (``.d.ts``).

JSX: an element of a component imported from ``@tarojs/components`` (``<LivePusher>``,
``<Button openType="getPhoneNumber">``) is a ``component`` signal under the mini-program tag
name (``live-pusher``, attribute ``open-type``), so the template entries of the catalogue apply.
Only rendered elements count: a component imported and never rendered is not a signal.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.lazyre import lazy
from zizhi.model import Location, Project, Severity, Signal, SourceFile
from zizhi_plugins import semantic
from zizhi_plugins.jstree import language_of as language_of  # (semantic reads it from here)
from zizhi_plugins.jstree import node_text as _text
from zizhi_plugins.jstree import parser as _parser
from zizhi_plugins.jstree import string_value as _string_value
from zizhi_plugins.jstree import template_text as _template_text

if TYPE_CHECKING:  # tree-sitter loads when a file is parsed (a warm run may parse none)
    from tree_sitter import Node

_EXTS = {".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".wxs": "js", ".sjs": "js",
         ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx"}

#: How many names a global object's expression has at most (``Laya.Browser.window``: 3).
_GLOBAL_PARTS = 5
#: Wrappers that do not change which object an expression is.
_TRANSPARENT = {"parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression",
                "type_assertion"}
_TYPE_NODES = {"type_arguments", "predefined_type", "type_identifier", "generic_type", "object_type",
               "union_type", "array_type", "nested_type_identifier", "literal_type"}

#: miniprogram-api-promise's function that copies an API object's functions, promisified, onto another
_PROMISIFY_ALL = "promisifyAll"
#: Module names that export a platform namespace object as default or as a named export.
_NAMESPACE_MODULES = {"@tarojs/taro": "Taro"}
#: Modules whose exported components are the mini-program's built-in components in PascalCase, and
#: Taro UI's (taro-ui: AtButton, AtInput ...; at-button, at-input: wrappers that pass openType,
#: type and value on to the built-in ones, listed beside them in the catalogue)
_COMPONENT_MODULES = {"@tarojs/components", "taro-ui"}
#: uni-app's compiled mini-program (a committed build: ``mp-weixin/``, ``unpackage/dist``, read when
#: the repository has no source): the Vue 3 (vite) build calls uni's API through its shared chunk,
#: ``const common_vendor = require("../../common/vendor.js")`` then ``common_vendor.index.X`` (uni's
#: ``X``); the Vue 2 (webpack) build hands ``uni`` to each module, ``/* WEBPACK VAR INJECTION
#: */(function(uni) {`` (or among the other names it hands in: ``(function(global, uni) {``,
#: ``(function(uni, uniCloud) {``). Both are the compilers' fixed output, not an app's naming.
_UNI_VENDOR = "\0uni-vendor"  # the alias of the chunk's module object (never a name in source)
#: the root chunk as the vite build requires it from any of its files: only ``../`` (or ``./``) then
#: ``common/vendor.js`` (an app's own ``../lib/common/vendor`` is no compiler's)
_UNI_VENDOR_MODULE = lazy(r"(?:\./|(?:\.\./){1,40})common/vendor\.js")
#: the binding a subpackage's own chunk gets (rollup names it after the chunk's path,
#: ``pagesSub_common_vendor``): its exports are the subpackage's libraries, its ``index`` none of uni's
_SUBPACKAGE_VENDOR = "_common_vendor"
_INJECTION_MARK = b"WEBPACK VAR INJECTION */(function("
#: the names webpack hands in (bounded: a list of a few identifiers)
_INJECTION = lazy(rb"WEBPACK VAR INJECTION \*/\(function\(([\w$, ]{1,200})\)")


def injects_uni(data: bytes) -> bool:
    """Whether a module of uni-app's Vue 2 (webpack) build is handed ``uni`` (``_INJECTION``)."""
    return _INJECTION_MARK in data and any(b"uni" in [p.strip() for p in m.group(1).split(b",")]
                                           for m in _INJECTION.finditer(data))


def compiled_uni(data: bytes) -> bool:
    """Whether a file may be uni-app's compiled output calling uni's API (``_UNI_VENDOR_MODULE``,
    ``injects_uni``): a cheap test of the bytes, for the prefilter."""
    return b"common/vendor" in data or _INJECTION_MARK in data


def kebab(name: str) -> str:
    """``LivePusher`` -> ``live-pusher``, ``openType`` -> ``open-type``, ``VoipRoom`` -> ``voip-room``."""
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower())):
            out.append("-")
        out.append(ch.lower())
    return "".join(out)


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    low = relpath.lower()
    if low.endswith((".d.ts", ".d.mts", ".d.cts")):
        return "dts"  # type declarations describe APIs; they never call them
    dot = low.rfind(".")
    return _EXTS.get(low[dot:]) if dot >= 0 else None


def _walker_constants(ctx: ScanContext, project: Project) -> tuple[frozenset[str], frozenset[str], Globs,
                                                                    tuple[str, ...], frozenset[str]]:
    """What every walker of a project's files reads of the catalogue, made once per run: the
    platform's API objects, the import names, their patterns (``Globs``), the endpoints in lower
    case (in the catalogue's order, as each walker made them), the global objects (``window``)."""
    key = f"js:walker:{project.platform}:{project.framework}"
    found: Any = ctx.cache.get(key)
    if found is None:
        cat = ctx.catalogue
        found = ctx.cache[key] = (frozenset(cat.namespaces_for(project.platform, project.framework)),
                                  cat.names("import"), _globs(tuple(cat.patterns("import"))),
                                  tuple(e.lower() for e in cat.names("endpoint")), frozenset(cat.global_objects))
    return found


class _Walker:
    def __init__(self, file: SourceFile, ctx: ScanContext, project: Project, data: bytes, low: bytes | None = None):
        self.file = file
        self.data = data
        #: ``data.lower()`` (given by the caller that made it already, else made when asked)
        self._low = low
        namespaces, self.imports, self.import_globs, self.endpoints, self.globals = _walker_constants(ctx, project)
        # `my` or `tt` is only the platform API in an Alipay or Douyin project; elsewhere a variable.
        self.namespaces = set(namespaces)
        # wx-server-sdk's `cloud`; tencentcloud-sdk-nodejs's `tencentcloud.tms.v20201229.Client`
        if file.origin == "backend":
            self.namespaces |= {"cloud", "tencentcloud"}
        elif "uni" not in self.namespaces and injects_uni(data):
            self.namespaces.add("uni")  # a module of uni-app's Vue 2 build: `uni` is handed in
        self.aliases: dict[str, str] = {}
        self.components: dict[str, str] = {}  # local JSX name -> mini-program tag
        self.signals: list[Signal] = []
        self._idents: dict[bytes, int] | None = None  # whole identifier -> how often (``uses``)

    def uses(self, name: str) -> int:
        """How often ``name`` occurs in the file as a whole identifier (``_ident_spans``): for an ASCII
        name, from one count of every identifier of the file, made when first asked, so that a file
        importing thousands of names by name reads its text once, not once per name."""
        encoded = name.encode("utf-8", "surrogatepass")
        if not (encoded and _IDENT_BYTES.issuperset(encoded)):
            return len(_ident_spans(frozenset({name}), self.data))
        if self._idents is None:
            counts: dict[bytes, int] = {}
            for m in _IDENT_RUN.finditer(self.data):
                word = m.group()
                counts[word] = counts.get(word, 0) + 1
            self._idents = counts
        return self._idents.get(encoded, 0)

    @property
    def low(self) -> bytes:
        if self._low is None:
            self._low = self.data.lower()
        return self._low

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

    def dotted(self, node: Node | None) -> str | None:
        """``Laya.Browser.window`` -> "Laya.Browser.window" (names only, through ``(x as any)``; at most
        ``_GLOBAL_PARTS`` of them), else None."""
        parts: list[str] = []
        while node is not None and len(parts) <= _GLOBAL_PARTS:
            if node.type == "identifier":
                parts.append(_text(node))
                return ".".join(reversed(parts))
            if node.type == "member_expression":
                prop = node.child_by_field_name("property")
                if prop is None or prop.type != "property_identifier":
                    return None
                parts.append(_text(prop))
                node = node.child_by_field_name("object")
            elif node.type in _TRANSPARENT:
                node = next((c for c in node.named_children if c.type not in _TYPE_NODES), None)
            else:
                return None
        return None

    def global_namespace(self, node: Node) -> str | None:
        """The API object ``node`` is when it is one's name on the global object (``window.wx``,
        ``GameGlobal['wx']``, ``Laya.Browser.window.wx``: the catalogue's ``global_objects``), else None."""
        if not self.globals:
            return None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            name = _text(prop) if prop is not None and prop.type == "property_identifier" else None
        elif node.type == "subscript_expression":
            index = node.child_by_field_name("index")
            name = _string_value(index) if index is not None else None
        else:
            return None
        if name is None or name not in self.namespaces:
            return None
        return name if self.dotted(node.child_by_field_name("object")) in self.globals else None

    def chain(self, node: Node) -> list[str] | None:
        """``wx.cloud.callFunction`` -> ["wx", "cloud", "callFunction"], aliases resolved (and the
        global object's ``window.wx.cloud.callFunction``)."""
        parts: list[str] = []
        cur: Node | None = node
        while cur is not None:
            if cur.type in ("member_expression", "subscript_expression"):
                found = self.global_namespace(cur)
                if found is not None:
                    parts.append(found)
                    return parts[::-1]
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
                if root == _UNI_VENDOR:  # common_vendor.index.X: uni.X; any other export is not the API
                    return ["uni", *parts[-2::-1]] if len(parts) >= 2 and parts[-1] == "index" else None
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
        globs = self.import_globs
        return globs.match(spec) or globs.match(spec.rsplit("/", 1)[-1])

    def wants(self, handler: Handler) -> bool:
        """Whether ``handler`` can find anything in this file (its ``needs`` attribute is not empty)."""
        return not handler.needs or bool(getattr(self, handler.needs))

    def visit(self, phase: int, nodes: Iterable[Node]) -> None:
        """Hand each node of ``nodes`` to the handler of its type in ``phase`` (``HANDLERS``)."""
        dispatch = {t: visit for h in HANDLERS if h.phase == phase and self.wants(h) for t, visit in h.visits.items()}
        for node in nodes:
            visit = dispatch.get(node.type)
            if visit is not None:
                visit(self, node)

    def walk(self, root: Node) -> None:
        """Every node, in document order: first the definitions (aliases), so that uses before the
        declaration in the file still resolve, then the signals."""
        nodes: list[Node] = []
        stack = [root]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(reversed(node.children))
        for phase in PHASES:
            self.visit(phase, nodes)

    def walk_anchored(self, root: Node) -> None:
        """The same signals as :meth:`walk`, visiting only the nodes at byte offsets where a name
        we look for occurs (each handler's ``anchor``, found by regular expressions over the bytes)
        instead of every node.

        Minified bundles have millions of nodes and a handful of ``wx``; the tree is still parsed
        in full (so scoping and syntax are exactly the parser's), but Python touches only the
        anchors and their few ancestors. The nodes of a phase are handed over in document order, as
        :meth:`walk` meets them. ``tests/test_speed.py`` checks it against :meth:`walk`.
        """
        anchors = _Anchors(self, root)
        for phase in PHASES:
            found: dict[tuple[int, int, str], Node] = {}
            for anchor in dict.fromkeys(h.anchor for h in HANDLERS if h.phase == phase and h.anchor and self.wants(h)):
                for node in anchor(anchors):
                    found.setdefault((node.start_byte, node.end_byte, node.type), node)
            self.visit(phase, (found[k] for k in sorted(found, key=lambda k: (k[0], -k[1]))))

    def member(self, node: Node) -> None:
        parent = node.parent
        if parent is not None and parent.type in ("member_expression", "subscript_expression") and \
                parent.child_by_field_name("object") == node and self.chain(parent) is not None:
            return  # the outer expression reports the longer chain
        parts = self.chain(node)
        if parts and len(parts) >= 2:
            self.emit("api", ".".join(parts), node)

    def call(self, node: Node) -> None:
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type in ("identifier", "import") and _text(fn) in ("require", "import"):
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            spec = _string_value(first) if first is not None else None
            if spec and self.module_wanted(spec):
                self.emit("import", spec, node)

    def string(self, node: Node) -> None:
        value = _string_value(node)
        if value is None and node.type == "template_string" and node.end_byte - node.start_byte <= 2000:
            value = _template_text(node)  # `${BASE}/images/generations` (bounded: a URL, not a page)
        if (value and "/" in value) or (value and "." in value):
            low = value.lower()
            if any(e in low for e in self.endpoints):
                self.emit("endpoint", value[:300], node)

    def declarator(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        while value.type in _TRANSPARENT:  # const w = (window as any).wx
            inner = next((c for c in value.named_children if c.type not in _TYPE_NODES), None)
            if inner is None:
                return
            value = inner
        glob = self.global_namespace(value) if value.type in ("member_expression", "subscript_expression") else None
        if value.type == "identifier" or glob is not None:
            root = glob if glob is not None else self.root_name(_text(value))
            if root is None or (root == _UNI_VENDOR and name.type != "identifier"):
                return  # const { index } = common_vendor: no compiler writes it, and the chunk's alias is no API name
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
                elif spec and len(spec) <= 200 and _UNI_VENDOR_MODULE.fullmatch(spec) \
                        and not _text(name).endswith(_SUBPACKAGE_VENDOR):
                    self.aliases[_text(name)] = _UNI_VENDOR

    def promisified(self, node: Node) -> None:
        """``promisifyAll(wx, wxp)``: WeChat's own miniprogram-api-promise puts every API of ``wx``,
        promisified, on ``wxp`` (developers.weixin.qq.com/miniprogram/dev/extended/utils/api-promise.html),
        so ``wxp.requestPayment()`` calls ``wx.requestPayment``: ``wxp`` is an alias of ``wx`` from here on.
        Only the function of that name, called with an API object (or an alias) and a name."""
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or fn.type != "identifier" or _text(fn) != _PROMISIFY_ALL or args is None:
            return
        given = [a for a in args.named_children if a.type != "comment"]
        if len(given) != 2 or given[0].type != "identifier" or given[1].type != "identifier":
            return
        root = self.root_name(_text(given[0]))
        if root is not None and root != _UNI_VENDOR:
            self.aliases[_text(given[1])] = root

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
                    if inner.end_byte - inner.start_byte <= _MAX_BOUND and any(v is not None for v in values):
                        # each branch, as a template's {{cond ? 'share' : 'getPhoneNumber'}} is (the catalogue
                        # reads every branch): the first string alone left the second unread
                        value = "{{" + _text(inner) + "}}"
                    else:
                        value = next((v for v in values if v), None)
                elif inner is not None and inner.type == "binary_expression" and \
                        _text(inner.child_by_field_name("operator")) in ("&&", "||", "??"):
                    # needPhone && 'getPhoneNumber', type || 'getPhoneNumber': the string it may take, as
                    # a conditional expression's (the other operand is no string it can be)
                    right = inner.child_by_field_name("right")
                    value = (_string_value(right) or None) if right is not None else None
                else:
                    value = _string_value(inner) if inner is not None else None
                if value is None and inner is not None and inner.type in _BOUND_EXPRESSIONS:
                    # value={form.phone}: a binding, kept as its source text as a template's {{form.phone}}
                    # is (what a field is bound to says what it holds); bounded
                    value = "{" + _text(inner)[:_MAX_BOUND] + "}"
                elif value is None and inner is not None and inner.type in _JSX_HANDLERS and _jsx_event(key):
                    # onInput={e => setText(e.detail.value)}: an event handler, kept as a placeholder (its
                    # source says nothing the catalogue reads; that one is wired does: SignalEntry.bound)
                    value = "{handler}"
                elif value is None and inner is not None and inner.type in _JSX_LITERALS:
                    # showLocation={true}, enableCamera={false}: a literal bound, as Vue's :enable-camera="false"
                    # is read (enable-camera="{{false}}"): on, or off
                    value = "{{" + _text(inner)[:_MAX_BOUND] + "}}"
            if value is not None:
                attrs[kebab(key)] = value
                event = _jsx_event(key)
                if event and value.startswith("{") and not value.startswith("{{"):
                    # onInput={onPhoneInput}: the handler Taro binds as the template's bindinput="…"
                    attrs.setdefault("bind" + event, value[1:-1])
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
        types_only = any(c.type == "type" for c in node.children)  # import type { … }: TypeScript's types
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.aliases[_text(part)] = ns
                elif part.type == "namespace_import":
                    for ident in part.named_children:
                        self.aliases[_text(ident)] = ns
                elif part.type == "named_imports" and not types_only:  # import { getUserProfile } from '@tarojs/taro'
                    for spec_node in (c for c in part.named_children if c.type == "import_specifier"
                                      and not any(t.type == "type" for t in c.children)):  # { type Config }: a type
                        original = spec_node.child_by_field_name("name")
                        local = spec_node.child_by_field_name("alias") or original
                        # like a destructuring of the namespace: the API taken — when the file uses the
                        # name beside its import (an editor's auto-import never called is no call)
                        if original is not None and local is not None and self.uses(_text(local)) > 1:
                            self.emit("api", f"{ns}.{_text(original)}", original)


class _Anchors:
    """Where the anchored walk looks: the nodes at byte offsets where a name we look for occurs,
    one method per kind of handler (``Handler.anchor``)."""

    def __init__(self, walker: _Walker, root: Node):
        self.walker = walker
        self.root = root
        self.data = walker.data
        self._keywords: list[Node | None] | None = None
        self._globals: list[Node] | None = None

    def at(self, start: int, end: int) -> Node | None:
        return self.root.descendant_for_byte_range(start, end)

    def idents(self, names: set[str]) -> list[Node]:
        if not names:
            return []
        found = []
        for start, end in _ident_spans(frozenset(names), self.data):
            node = self.at(start, end)
            if node is not None and node.type == "identifier":
                found.append(node)
        return found

    def keywords(self) -> list[Node | None]:
        """The nodes of every ``require`` and ``import``."""
        if self._keywords is None:
            self._keywords = []
            for start, end in _word_spans(_KEYWORDS, self.data):
                kw = self.at(start, end)
                if kw is not None and kw.type == "import" and kw.parent is not None and kw.parent.type == "import":
                    kw = kw.parent  # import('x'): the keyword token inside the callee node `import`
                self._keywords.append(kw)
        return self._keywords

    def definitions(self) -> list[Node]:
        """The declarators and imports that can define an alias: imports, ``x = require(…)``, and
        ``x = ns`` / ``y = x`` for every name that may be one (a closure over the names)."""
        alias_nodes: dict[tuple[int, int], Node] = {}
        for kw in self.keywords():
            parent = kw.parent if kw is not None else None
            if parent is None:
                continue
            if kw.type == "import" and parent.type == "import_statement":  # type: ignore[union-attr]
                alias_nodes[(parent.start_byte, parent.end_byte)] = parent
            elif kw.type == "identifier" and parent.type == "call_expression":  # type: ignore[union-attr]
                decl = parent.parent
                if decl is not None and decl.type == "variable_declarator" and \
                        decl.child_by_field_name("value") == parent:
                    alias_nodes[(decl.start_byte, decl.end_byte)] = decl
        candidates = set(self.walker.namespaces)
        for access in self.global_accesses():  # const wx = Laya.Browser.window.wx
            decl = access.parent
            while decl is not None and decl.type in _TRANSPARENT:
                decl = decl.parent
            if decl is not None and decl.type == "variable_declarator":
                alias_nodes[(decl.start_byte, decl.end_byte)] = decl
                name = decl.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    candidates.add(_text(name))
        for ident in self.idents({_PROMISIFY_ALL}):  # promisifyAll(wx, wxp): wxp may be an alias
            call = ident.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == ident:
                alias_nodes[(call.start_byte, call.end_byte)] = call
                args = call.child_by_field_name("arguments")
                candidates |= {_text(a) for a in (args.named_children if args is not None else ())
                               if a.type == "identifier"}
        for node in alias_nodes.values():  # names an import of a namespace module may bind
            if node.type == "import_statement":
                candidates |= {_text(n) for n in _descendants(node) if n.type == "identifier"}
            else:
                name = node.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    candidates.add(_text(name))
        fresh = set(candidates)
        while fresh:
            new: set[str] = set()
            for ident in self.idents(fresh):
                decl = ident.parent
                if decl is not None and decl.type == "variable_declarator" and \
                        decl.child_by_field_name("value") == ident:
                    alias_nodes[(decl.start_byte, decl.end_byte)] = decl
                    name = decl.child_by_field_name("name")
                    if name is not None and name.type == "identifier" and _text(name) not in candidates:
                        new.add(_text(name))
            candidates |= new
            fresh = new
        return list(alias_nodes.values())

    def global_accesses(self) -> list[Node]:
        """The member and subscript expressions that are an API object's name on the global object
        (``window.wx``, ``GameGlobal['wx']``): found at the name (a property, or a string's text)."""
        if self._globals is None:
            walker = self.walker
            found: list[Node] = []
            if walker.globals and walker.namespaces:
                for start, end in _ident_spans(frozenset(walker.namespaces), self.data):
                    node = self.at(start, end)
                    if node is not None and node.type == "string_fragment":
                        node = node.parent
                    parent = node.parent if node is not None else None
                    if parent is not None and parent.type in ("member_expression", "subscript_expression") and \
                            walker.global_namespace(parent) is not None:
                        found.append(parent)
            self._globals = found
        return self._globals

    def namespace_uses(self) -> Iterator[Node]:
        """The member and subscript expressions a namespace or an alias starts (``wx.a``, ``wx.a.b``;
        ``window.wx.a``)."""
        walker = self.walker
        for ident in [*self.idents(set(walker.namespaces) | set(walker.aliases)), *self.global_accesses()]:
            cur = ident
            while True:
                parent = cur.parent
                if parent is None:
                    break
                if parent.type in ("member_expression", "subscript_expression"):
                    if parent.child_by_field_name("object") != cur:
                        break
                    yield parent
                elif parent.type not in _TRANSPARENT:
                    break
                cur = parent

    def module_calls(self) -> Iterator[Node]:
        """``require('x')`` / ``import('x')``."""
        for kw in self.keywords():
            parent = kw.parent if kw is not None else None
            if parent is not None and parent.type == "call_expression" and \
                    parent.child_by_field_name("function") == kw:
                yield parent

    def endpoint_strings(self) -> Iterator[Node]:
        """The string literals holding an endpoint's text."""
        # bytes.lower() keeps offsets; the endpoints are lower case already
        for start, end in _endpoint_spans(self.walker.endpoints, self.walker.low):
            hit = self.at(start, end)
            while hit is not None and hit.type not in ("string", "template_string"):
                hit = hit.parent
            if hit is not None:
                yield hit


_IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
#: a maximal run of ``_IDENT_BYTES``: each is one whole identifier (or a number) of the text
_IDENT_RUN = lazy(rb"[A-Za-z0-9_$]+")
#: up to this many names, ``_ident_spans`` finds each with ``bytes.find``; more, by one pass of ``_IDENT_RUN``
_FIND_NAMES = 24


def literal_regex(words: Iterable[str]) -> re.Pattern[bytes]:
    """One regex matching any of ``words``, the longest at the leftmost place (as an alternation
    sorted longest first would), with the words' common prefixes factored into a trie:
    ``wx\\.(?:request(?:Payment|...)|create...)``. Python's regex engine tries every branch of an
    alternation at every position; with a trie it tests one character per branch point instead
    (5x faster over the official demo's 1,000 JS files for the 153 prefilter tokens)."""
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return re.compile(_trie_pattern(trie).encode("utf-8", "surrogatepass") or b"(?!)")


class LiteralSet:
    """Whether any of some literal strings occurs in a file's bytes: what
    ``literal_regex(words).search(data) is not None`` answers. Compiling that regex takes
    milliseconds (a few hundred words), more than the ``in`` tests of a few files cost: a run that
    reads a few files (the changed-files hook) tests each word with ``in``, and the regex is
    compiled once the ``in`` tests asked so far have cost about what its compile costs (or once
    ``regex`` is wanted for its matches)."""

    #: what the ``in`` tests may cost before the regex is compiled, in words x bytes tested, per word
    #: of the set: an ``in`` test costs ~0.4 ns a byte and ~50 ns a call (``IN_CALL`` bytes), a
    #: compile ~21 µs a word (6.5 ms for 306 words): the ``in`` tests stop when they have cost what
    #: the compile would (never more than twice the cheaper of the two). A budget of 8M for every
    #: set compiled the hook's 306-word set after three files of 10 kB.
    IN_BUDGET_PER_WORD = 50_000
    IN_CALL = 128
    #: data shorter than this (an identifier, a string literal) is looked up by its pairs of bytes
    #: while the regex is not compiled, and costs no budget: ``in`` tests of a few hundred words cost
    #: ~75 µs however short the data (the changed-files hook asks ~100 such; they drained the budget
    #: and made it compile the regex), the pairs ~2 µs
    SHORT = 256
    #: a set of this many words or fewer is always tested with ``in``: ~0.55 ns a byte a word, where
    #: the regex of a few words costs ~8 ns a byte whatever their number (10 words over the official
    #: demo's 3.7 MB of scripts: 20 ms with ``in``, 29 ms with the regex; 46 words: the same)
    FEW = 16

    def __init__(self, words: Iterable[str]):
        self.words = tuple(sorted({w.encode("utf-8", "surrogatepass") for w in words if w}))
        self._few = len(self.words) <= self.FEW
        self._regex: re.Pattern[bytes] | None = None
        self._budget = self.IN_BUDGET_PER_WORD * len(self.words)
        #: (the words of one byte, {a word's first two bytes: the words starting with them}), built when first asked
        self._by_pair: tuple[tuple[bytes, ...], dict[bytes, tuple[bytes, ...]]] | None = None

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def regex(self) -> re.Pattern[bytes]:
        if self._regex is None:
            self._regex = literal_regex(w.decode("utf-8", "surrogatepass") for w in self.words)
        return self._regex

    def occurs_in(self, data: bytes) -> bool:
        if self._few:
            return any(map(data.__contains__, self.words))
        if self._regex is None:
            if len(data) < self.SHORT:
                return self._occurs_in_short(data)
            cost = len(self.words) * (len(data) + self.IN_CALL)
            if cost <= self._budget:
                self._budget -= cost
                return any(map(data.__contains__, self.words))  # (the words tried in C, no frame each)
        return self.regex.search(data) is not None

    def _occurs_in_short(self, data: bytes) -> bool:
        """``occurs_in`` by the pairs of bytes of ``data``: a word of two bytes or more occurs at ``i``
        only if it starts with ``data[i:i + 2]``."""
        if self._by_pair is None:
            pairs: dict[bytes, list[bytes]] = {}
            for w in self.words:
                if len(w) > 1:
                    pairs.setdefault(w[:2], []).append(w)
            self._by_pair = (tuple(w for w in self.words if len(w) == 1),
                             {pair: tuple(ws) for pair, ws in pairs.items()})
        ones, by_pair = self._by_pair
        if ones and any(map(data.__contains__, ones)):
            return True
        get = by_pair.get
        for i in range(len(data) - 1):
            starting = get(data[i:i + 2])
            if starting is not None and any(data.startswith(w, i) for w in starting):
                return True
        return False


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer word first, then this one


def _word_spans(pattern: re.Pattern[bytes], data: bytes) -> Iterator[tuple[int, int]]:
    """Matches of ``pattern`` that are whole identifiers (not part of a longer name)."""
    for m in pattern.finditer(data):
        start, end = m.span()
        if (start and data[start - 1] in _IDENT_BYTES) or (end < len(data) and data[end] in _IDENT_BYTES):
            continue
        yield start, end


def _all_spans(pattern: re.Pattern[bytes], data: bytes) -> Iterator[tuple[int, int]]:
    """Every match of ``pattern``, overlapping ones included."""
    m = pattern.search(data)
    while m is not None:
        yield m.span()
        m = pattern.search(data, m.start() + 1)


def _ident_spans(names: frozenset[str], data: bytes) -> list[tuple[int, int]]:
    """``_word_spans(_ident_regex(names), data)`` as a list, without compiling a regex for the names
    (each file has its own aliases: a compile per file cost more than the search). For names of
    ASCII identifier bytes only, the whole-identifier occurrences of each name, found with
    ``bytes.find``, are exactly the regex's (where one name matches as a whole identifier no other
    can, and no whole identifier starts inside another's match); any other name: the regex."""
    encoded = [n.encode("utf-8", "surrogatepass") for n in names]
    if not all(e and _IDENT_BYTES.issuperset(e) for e in encoded):
        return list(_word_spans(_ident_regex(names), data))
    if len(encoded) > _FIND_NAMES:  # (one find per name reads the text once per name: a file aliasing
        wanted = frozenset(encoded)  # thousands of names read it thousands of times) the maximal runs
        return [m.span() for m in _IDENT_RUN.finditer(data) if m.group() in wanted]  # of identifier bytes, once
    spans = []
    size = len(data)
    for e in encoded:
        n = len(e)
        at = data.find(e)
        while at >= 0:
            end = at + n
            if not ((at and data[at - 1] in _IDENT_BYTES) or (end < size and data[end] in _IDENT_BYTES)):
                spans.append((at, end))
            at = data.find(e, at + 1)
    spans.sort()
    return spans


class Globs:
    """Whether a name matches any of some glob patterns (``fnmatch.fnmatchcase`` of each in turn).
    The catalogue's are all of the form ``X``, ``X*``, ``*X`` or ``*X*`` (``*`` only): those are
    answered with ``==``, ``startswith``, ``endswith`` and ``in``, without a regex (compiling one
    for the 85 import patterns cost ~4 ms, more than a run of a few files spends matching them);
    any other pattern by one regex of them (``_patterns_regex``)."""

    def __init__(self, patterns: Iterable[str]):
        exact: set[str] = set()
        starts: list[str] = []
        ends: list[str] = []
        inner: list[str] = []
        rest: list[str] = []
        for p in patterns:
            body = p.strip("*")
            if any(c in body for c in "*?[") or not body:
                rest.append(p)  # (a pattern of stars only matches anything: the regex says so too)
            elif p.startswith("*") and p.endswith("*") and len(p) >= 2:
                inner.append(body) if p == f"*{body}*" else rest.append(p)
            elif p.startswith("*"):
                ends.append(body) if p == f"*{body}" else rest.append(p)
            elif p.endswith("*"):
                starts.append(body) if p == f"{body}*" else rest.append(p)
            else:
                exact.add(p)
        self.exact, self.starts, self.ends, self.inner = frozenset(exact), tuple(starts), tuple(ends), tuple(inner)
        self.rest = tuple(rest)

    def match(self, name: str) -> bool:
        if name in self.exact or name.startswith(self.starts) or name.endswith(self.ends) or \
                any(w in name for w in self.inner):
            return True
        pattern = _patterns_regex(self.rest)
        return pattern is not None and pattern.match(name) is not None


@lru_cache(maxsize=8)
def _globs(patterns: tuple[str, ...]) -> Globs:
    return Globs(patterns)


@lru_cache(maxsize=8)
def _patterns_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex matching what any of the glob ``patterns`` matches (``fnmatch.fnmatchcase`` of each
    in turn, at a fraction of the cost: each alternative is anchored at both ends, as fnmatch's are)."""
    import fnmatch

    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)) if patterns else None


_KEYWORDS = literal_regex(["require", "import"])
_ident_regex = lru_cache(maxsize=256)(lambda names: literal_regex(names))
_endpoint_regex = lru_cache(maxsize=16)(lambda endpoints: literal_regex(endpoints))
#: the endpoints as a ``LiteralSet``, asked first whether one occurs at all (most files hold none)
_endpoint_set = lru_cache(maxsize=16)(lambda endpoints: LiteralSet(endpoints))


def _endpoint_spans(endpoints: tuple[str, ...], low: bytes) -> Iterator[tuple[int, int]]:
    """``_all_spans(_endpoint_regex(endpoints), low)``; a file holding none of the endpoints compiles
    nothing (``LiteralSet``: a run that reads a few files, the changed-files hook, compiled the
    endpoints' regex, ~2.5 ms, to find nothing in them). The set's regex is the same pattern
    (``literal_regex`` of the same words; an empty one is left out, where ``_endpoint_regex``
    matched the empty text and ``_all_spans`` never ended)."""
    found = _endpoint_set(endpoints)
    if not found.occurs_in(low):
        return iter(())
    return _all_spans(found.regex, low)


def _descendants(node: Node) -> list[Node]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.children)
    return out


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


def _prefilter(ctx: ScanContext) -> LiteralSet:
    """One precompiled alternation of every token (lower case), searched once over the file's
    lower-cased bytes: a file that mentions none of them cannot yield a signal, so it is not parsed
    (tested with ``in`` while few files were asked: ``LiteralSet``)."""
    pattern: Any = ctx.cache.get("js:prefilter")
    if pattern is None:
        # Only whether one occurs is asked: a token holding another (tencentcloud.tms holds cloud)
        # changes no answer, and with fewer branches the regex searches twice as fast.
        minimal: list[str] = []
        for token in sorted({t.decode().lower() for t in _tokens(ctx)}, key=len):
            if not any(map(token.__contains__, minimal)):  # (a token holding one: m in token)
                minimal.append(token)
        pattern = LiteralSet(minimal)
        ctx.cache["js:prefilter"] = pattern
    return pattern


_CHAIN_TAIL = lazy(rb"""(?:\s*\??\.\s*([A-Za-z_$][\w$]*)|\s*\[\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)")\s*\])""")
_MODULE_CALL = lazy(rb"""(?:require|import)\s*\(\s*(?:'([^'\\\n]+)'|"([^"\\\n]+)")\s*\)""")
_IMPORT_WORD = lazy(rb"import\b")
_IMPORT_RUN = lazy(rb"[\w$\s{},*]*")
_QUOTED = lazy(rb"""'([^'\\\n]+)'|"([^"\\\n]+)(?:")""")


def _module_from(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    r"""(start, end, module) of ``import … 'x'`` / ``import … from "x"``: what the regex
    ``import\b[\w$\s{},*]*?(?:\bfrom\s*)?(?:'…'|"…")`` finds with ``finditer``, in linear time (that
    regex rescanned the same run from every ``import`` in it: quadratic on ``import import …``)."""
    pos = 0
    while True:
        m = _IMPORT_WORD.search(data, pos)
        if m is None:
            return
        run_end = _IMPORT_RUN.match(data, m.end()).end()  # type: ignore[union-attr]
        q = _QUOTED.match(data, run_end)
        if q is not None:
            yield m.start(), q.end(), q.group(1) if q.group(1) is not None else q.group(2)
            pos = q.end()
        else:  # every ``import`` in this run fails alike: skip the run
            pos = max(run_end, m.end())


class _Places:
    """Lines, columns and comments of a bundle's bytes, each answer in (amortised) logarithmic time
    (the token scan asks for every match: scanning back from each was quadratic, and cubic on a
    minified one-line bundle with many ``//``)."""

    def __init__(self, data: bytes):
        import bisect

        self.data = data
        self.bisect = bisect.bisect_right
        self.newlines = [m.start() for m in re.finditer(rb"\n", data)]
        self.opens = [m.start() for m in re.finditer(rb"/\*", data)]
        self.closes = [m.start() for m in re.finditer(rb"\*/", data)]
        self.line_comment: dict[int, int] = {}  # line start -> where its // comment starts (or -1)
        self.quotes = {q: [m.start() for m in re.finditer(re.escape(q), data)] for q in (b"'", b'"', b"`")}
        self.col_at: tuple[int, int] = (-1, 0)  # (byte position, column) of the last column asked for

    def line_start(self, pos: int) -> int:
        n = self.bisect(self.newlines, pos - 1)
        return self.newlines[n - 1] + 1 if n else 0

    def line_end(self, pos: int) -> int:
        n = self.bisect(self.newlines, pos - 1)
        return self.newlines[n] if n < len(self.newlines) else len(self.data)

    def line(self, pos: int) -> int:
        return self.bisect(self.newlines, pos - 1) + 1

    def column(self, pos: int) -> int:
        start = self.line_start(pos)
        last, col = self.col_at
        if not (start <= last <= pos):
            last, col = start, 1
        col += len(self.data[last:pos].decode("utf-8", "replace"))
        self.col_at = (pos, col)
        return col

    def last_before(self, positions: list[int], lo: int, pos: int) -> int:
        """The last of ``positions`` in [lo, pos), or -1."""
        n = self.bisect(positions, pos - 1)
        return positions[n - 1] if n and positions[n - 1] >= lo else -1

    def first_from(self, positions: list[int], pos: int, hi: int) -> int:
        """The first of ``positions`` in [pos, hi), or -1."""
        n = self.bisect(positions, pos - 1)
        return positions[n] if n < len(positions) and positions[n] < hi else -1

    def in_comment(self, pos: int) -> bool:
        """Whether ``pos`` is inside a ``/* */`` or ``//`` comment, judged from its surroundings
        only (no tokenizer: a quote or a regex literal can fool it; good enough for a supporting
        signal): after a ``/*`` with no ``*/`` since, or after the first ``//`` of its line that
        has an even number of each quote before it and no ``:`` right before it."""
        # (a "/*" or "*/" counts once it ends before ``pos``, as ``rfind(…, 0, pos)`` counted it)
        if self.last_before(self.opens, 0, pos - 1) > self.last_before(self.closes, 0, pos - 1):
            return True
        start = self.line_start(pos)
        at = self.line_comment.get(start)
        if at is None:
            at = -1
            end = self.line_end(start)
            counts = {q: 0 for q in self.quotes}
            scanned = start
            for m in re.compile(rb"//").finditer(self.data, start, end):
                for q in counts:
                    counts[q] += self.data.count(q, scanned, m.start())
                scanned = m.start()
                colon = m.start() > start and self.data[m.start() - 1] == 0x3A  # ":" right before (a URL)
                if not colon and all(c % 2 == 0 for c in counts.values()):
                    at = m.start()
                    break
            self.line_comment[start] = at
        return at >= 0 and at + 2 <= pos  # the "//" itself ends before ``pos``


class _TokenScan:
    """A vendored bundle's signals from its bytes alone (:func:`token_scan`), one method per kind of
    handler (``Handler.scan``); each signal is marked ``scan = "tokens"``."""

    def __init__(self, file: SourceFile, ctx: ScanContext, project: Project, data: bytes):
        self.walker = _Walker(file, ctx, project, data=data)  # what to look for: namespaces, modules, endpoints
        self.file = file
        self.data = data
        self.places = _Places(data)
        self.found: list[Signal] = []

    def emit(self, kind: str, name: str, start: int, end: int) -> None:
        places = self.places
        self.found.append(Signal(kind, name, Location(self.file.relpath, places.line(start), places.column(start)),
                                 attrs={"scan": "tokens"}, origin=self.file.origin, vendored=True,
                                 snippet=self.data[start:end][:120].decode("utf-8", "replace")))

    def api(self) -> None:
        """``ns.a.b`` / ``ns['a']`` at a namespace that is not a property (``foo.wx``)."""
        data, in_comment = self.data, self.places.in_comment
        if not self.walker.namespaces:
            return
        for start, end in _word_spans(_ident_regex(frozenset(self.walker.namespaces)), data):
            if (start and data[start - 1:start] == b".") or in_comment(start):
                continue  # foo.wx: a property, not the namespace
            parts = [data[start:end].decode()]
            pos = end
            while True:
                m = _CHAIN_TAIL.match(data, pos)
                if m is None:
                    break
                parts.append(next(g for g in m.groups() if g is not None).decode("utf-8", "replace"))
                pos = m.end()
            if len(parts) >= 2:
                self.emit("api", ".".join(parts), start, pos)

    def module_calls(self) -> None:
        """``require('x')`` / ``import('x')``."""
        self._modules((m.start(), m.end(), next(g for g in m.groups() if g is not None))
                      for m in _MODULE_CALL.finditer(self.data))

    def import_from(self) -> None:
        """``import … 'x'`` / ``import … from "x"``."""
        self._modules(_module_from(self.data))

    def _modules(self, modules: Iterable[tuple[int, int, bytes]]) -> None:
        data, in_comment = self.data, self.places.in_comment
        for start, end, raw in modules:
            if (start and data[start - 1] in _IDENT_BYTES) or in_comment(start):
                continue
            spec = raw.decode("utf-8", "replace")
            if self.walker.module_wanted(spec):
                self.emit("import", spec, start, end)

    def endpoints(self) -> None:
        """Endpoint text in a quoted string on its line."""
        data, places = self.data, self.places
        low = self.walker.low
        seen: set[int] = set()
        for start, _end in _endpoint_spans(self.walker.endpoints, low):
            line_start = places.line_start(start)
            line_end = places.line_end(start)
            opening = max(places.last_before(places.quotes[q], line_start, start) for q in (b"'", b'"', b"`"))
            if opening < 0 or opening in seen:
                continue
            closing = places.first_from(places.quotes[data[opening:opening + 1]], start, line_end)
            if closing < 0:
                continue
            seen.add(opening)
            value = data[opening + 1:closing].decode("utf-8", "replace")
            if ("/" in value or "." in value) and "${" not in value:
                self.emit("endpoint", value[:300], opening, closing + 1)


def token_scan(file: SourceFile, ctx: ScanContext, project: Project, data: bytes) -> list[Signal]:
    """Signals of a vendored bundle from its bytes alone, without a parse: each handler's ``scan``.

    Vendored code (``lib/``, ``sdk/``, ``*.min.js``, minified files) only ever counts as
    *supporting* evidence that an SDK is shipped, never as what the app itself does; its parse
    was most of zizhi's time. So: ``ns.a.b`` / ``ns['a']`` at a namespace that is not a property
    (``foo.wx``), ``require('x')`` / ``import('x')`` / ``import … from 'x'``, and endpoint text in
    a quoted string on its line — each signal marked ``scan = "tokens"``. Unlike the tree walk it
    does not follow aliases (``var e = wx``: in a minified bundle the same one-letter name is
    reused in every scope, so the walk's file-wide aliases were mostly noise there; the alias
    handler has no scan) and it does not tell code from comments.
    """
    scanner = _TokenScan(file, ctx, project, data)
    for handler in HANDLERS:
        if handler.scan is not None and scanner.walker.wants(handler):
            handler.scan(scanner)
    return scanner.found


@dataclass(frozen=True)
class Handler:
    """One thing the JavaScript reader looks for, and how each of its three readers finds it: the
    full walk hands it the nodes of its types (``visits``: node type -> the ``_Walker`` method
    reading it), the anchored walk only the nodes its ``anchor`` lists (None: not anchored — a file
    that needs it gets the full walk), the token scan of a bundle calls its ``scan`` (None: a
    bundle is not read for it)."""

    name: str
    phase: int  # 1: definitions (aliases), read in the whole file before any use; 2: signals
    visits: Mapping[str, Callable[[_Walker, Node], None]]
    anchor: Callable[[_Anchors], Iterable[Node]] | None
    scan: Callable[[_TokenScan], None] | None
    needs: str = ""  # a _Walker attribute that must not be empty (no JSX components, no endpoints: nothing to find)


#: The one table the full walk, the anchored walk and the token scan read.
HANDLERS: tuple[Handler, ...] = (
    Handler("alias", 1, {"variable_declarator": _Walker.declarator, "call_expression": _Walker.promisified},
            _Anchors.definitions, None),
    Handler("import", 1, {"import_statement": _Walker.import_statement}, _Anchors.definitions, _TokenScan.import_from),
    Handler("component", 2, dict.fromkeys(("jsx_opening_element", "jsx_self_closing_element"), _Walker.jsx_element),
            None, None, needs="components"),
    Handler("api", 2, dict.fromkeys(("member_expression", "subscript_expression"), _Walker.member),
            _Anchors.namespace_uses, _TokenScan.api),
    Handler("module call", 2, {"call_expression": _Walker.call}, _Anchors.module_calls, _TokenScan.module_calls),
    Handler("endpoint", 2, dict.fromkeys(("string", "template_string"), _Walker.string), _Anchors.endpoint_strings,
            _TokenScan.endpoints, needs="endpoints"),
)
PHASES = sorted({h.phase for h in HANDLERS})


def _namespace_pattern(ctx: ScanContext, project: Project) -> re.Pattern[bytes] | None:
    """The project's API objects as whole words (``my`` and ``tt`` are substrings of half the
    code in the world; only an Alipay or Douyin build looks for them)."""
    key = f"js:ns:{project.platform}:{project.framework}"
    if key not in ctx.cache:
        spaces = sorted(ctx.catalogue.namespaces_for(project.platform, project.framework))
        # The literals first (a leading \\b would make the regex engine try every byte); the word
        # boundaries are checked by `_has_word`.
        ctx.cache[key] = literal_regex(spaces) if spaces else None
    pattern: re.Pattern[bytes] | None = ctx.cache[key]
    return pattern


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: a JSX attribute's expression read as a binding (its source text): a name, a member, a call
#: (value={form.phone}, onInput={onPhoneInput}, placeholder={t('form.phone')}); not a function or an
#: object literal, whose text says what code does, not what the field holds
_BOUND_EXPRESSIONS = frozenset({"identifier", "member_expression", "call_expression", "subscript_expression"})
#: an event handler's value in JSX that is no binding (``onInput={e => …}``, ``onChange={function () {…}}``)
_JSX_HANDLERS = frozenset({"arrow_function", "function_expression", "function"})
#: a JSX attribute's literal that is no string (``showLocation={true}``, ``enableCamera={false}``,
#: ``scale={16}``), read as a template's bound literal (``{{true}}``)
_JSX_LITERALS = frozenset({"true", "false", "number", "null"})
_MAX_BOUND = 200
#: a JSX event prop: ``on`` then a capital (``onInput``, ``onGetPhoneNumber``)
_JSX_EVENT = lazy(r"on[A-Z][A-Za-z]{0,60}")


def _jsx_event(prop: str) -> str | None:
    """The mini-program event a Taro JSX prop binds: ``onInput`` -> ``input``, ``onGetPhoneNumber`` ->
    ``getphonenumber``, ``onClick`` -> ``tap`` (Taro's React reconciler: the prop's name without ``on``,
    lower-cased, click being the mini-program's tap; its template writes it ``bindinput``); None for
    any other prop."""
    if not _JSX_EVENT.fullmatch(prop):
        return None
    event = prop[2:].lower()
    return "tap" if event == "click" else event


def _has_word(pattern: re.Pattern[bytes], data: bytes) -> bool:
    """``re.search(rb"\\b(?:names)\\b", data)`` for names of word characters, only faster."""
    for m in pattern.finditer(data):
        start, end = m.span()
        if (not start or data[start - 1] not in _WORD_BYTES) and (end == len(data) or data[end] not in _WORD_BYTES):
            return True
    return False


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind not in ("js", "jsx", "ts", "tsx") or file.text is None:
        return None
    if file.origin != "backend":
        return _extract(file, project, ctx, set())
    # a Node server's routes joined to their router's prefix (Express, koa-router)
    routes, skip = semantic.node_route_signals(file, ctx)
    return (_extract(file, project, ctx, skip) or []) + routes


def _extract(file: SourceFile, project: Project, ctx: ScanContext, skip: set[tuple[int, int]]) -> list[Signal]:
    assert file.text is not None
    data = file.text.encode("utf-8")
    # Prefilter: most files mention none of the names we look for; skip their parse.
    ns = _namespace_pattern(ctx, project)
    low = data.lower()
    # (the namespace first: a search of a few literals at ~2 GB/s that answers for half the files,
    # before the prefilter's regex of ~90 tokens at ~30 MB/s)
    wanted = (ns is not None and _has_word(ns, data)) or _prefilter(ctx).occurs_in(low) or compiled_uni(data)
    if file.vendored and not ctx.options.parse_vendored:
        return token_scan(file, ctx, project, data) if wanted else []
    # Semantic signals (own endpoints, collections, UI text, names) need the parse too, but only
    # where a word of their vocabulary occurs.
    parts = frozenset() if file.vendored else semantic.hints(data, low, ctx, file.relpath, file.project_relpath)
    if not wanted:
        if not parts:
            return semantic.path_signals(file, ctx)
        tree = _parser(file.kind).parse(data)
        return _mark_members(semantic.js_signals(tree.root_node, file.kind, data, file, ctx, parts, skip),
                             tree.root_node, data, file)
    tree = _parser(file.kind).parse(data)
    root = tree.root_node
    if root.has_error:
        err = _first_error(root)
        line = err.start_point[0] + 1 if err is not None else 0
        ctx.diagnose("ZZ005", f"{file.kind.upper()} syntax error; the rest of the file was read as far as the "
                     "parser could recover", file.relpath, line, severity=Severity.NOTE)
    walker = _Walker(file, ctx, project, data=data, low=low)
    if any(module.encode() in data for module in _COMPONENT_MODULES):
        walker.walk(root)  # JSX components (Taro): the component handler has no anchor (no name we search)
    else:
        walker.walk_anchored(root)
    if not parts:  # a bundle's words say nothing of the app; most files hold none
        return _mark_members(walker.signals, root, data, file) + semantic.path_signals(file, ctx)
    return _mark_members(walker.signals + semantic.js_signals(root, file.kind, data, file, ctx, parts, skip),
                         root, data, file)


# ---------------------------------------------------------------- functions the module never calls

_FUNCTION_VALUES = frozenset({"function", "function_expression", "arrow_function", "generator_function"})
_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})
#: the most top-level functions of one module looked at (a bundle's thousands say nothing)
_MAX_MEMBERS = 2000
#: a name as the module says it (a whole identifier: ``pay`` is not said by ``wechatPay``)
_WORD = re.compile(rb"[A-Za-z_$][\w$]*")


def _object_members(obj: Node, out: list[tuple[str, Node, Node]]) -> None:
    """An object literal's methods: ``pay() {}``, ``pay: function () {}``, ``pay: () => {}``."""
    for child in obj.named_children:
        if child.type == "method_definition":
            name = child.child_by_field_name("name")
            if name is not None and name.type == "property_identifier":
                out.append((_text(name), name, child))
        elif child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key is not None and key.type == "property_identifier" and value is not None \
                    and value.type in _FUNCTION_VALUES:
                out.append((_text(key), key, child))


def _framework_class(cls: Node) -> bool:
    """Whether a class's methods may be called by what it extends or is registered with, by name: a
    class that extends another (``extends Component``: the base class calls its lifecycle methods,
    ``render``, ``componentDidMount``, Cocos Creator's ``start``, LayaAir's ``onEnable``) or is
    decorated (``@ccclass``, ``@regClass()``, ``@Component``: the decorator hands it to a framework)."""
    if any(c.type in ("class_heritage", "decorator") for c in cls.children):
        return True
    parent = cls.parent  # (@ccclass('A') export class A …: the decorator is the export statement's)
    return parent is not None and parent.type == "export_statement" and \
        any(c.type == "decorator" for c in parent.children)


def _class_members(cls: Node, out: list[tuple[str, Node, Node]]) -> None:
    if _framework_class(cls):
        return
    body = cls.child_by_field_name("body")
    decorated = False
    for child in body.named_children if body is not None else ():
        if child.type == "decorator":  # (TypeScript: a member's decorators come before it)
            decorated = True
            continue
        if child.type == "method_definition" and not decorated and \
                not any(c.type == "decorator" for c in child.children):  # @Watch('x') onX(): registered
            name = child.child_by_field_name("name")
            if name is not None and name.type == "property_identifier" and _text(name) != "constructor":
                out.append((_text(name), name, child))
        decorated = False


#: the values of an exported constant that names an endpoint (an API table's entry: ``export const
#: API_CHAT = base + '/chat'``, ``resolvePath('chat/history')``, a template string)
_CONSTANT_VALUES = frozenset({"string", "template_string", "binary_expression", "call_expression"})


def _runs_nothing(value: Node) -> bool:
    """Whether a constant's value only builds a string: no call but a plain function's of strings
    (``resolvePath('chat/history')``): ``wx.getRecorderManager()`` or ``wx.connectSocket({…})`` runs
    when any importer loads the module, whoever names the constant."""
    stack, seen = [value], 0
    while stack and seen < 2000:
        node = stack.pop()
        seen += 1
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is None or fn.type != "identifier" or args is None or \
                    any(a.type not in ("string", "template_string", "identifier") for a in args.named_children):
                return False
        stack.extend(node.named_children)
    return not stack


def _declared(node: Node, out: list[tuple[str, Node, Node]], exported: bool = False,
              constants: set[str] | None = None) -> None:
    """The functions a top-level declaration defines (an object's or a class's methods too); of an
    ``export``, also its string-valued constants (an API table's URLs): one that no code names again
    is a leftover of the table, as an uncalled function is."""
    if node.type in ("function_declaration", "generator_function_declaration"):
        name = node.child_by_field_name("name")
        if name is not None:
            out.append((_text(name), name, node))
    elif node.type in ("class_declaration", "class", "abstract_class_declaration"):
        _class_members(node, out)
    elif node.type in _DECLARATIONS:
        for decl in node.named_children:
            if decl.type != "variable_declarator":
                continue
            name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
            if name is None or name.type != "identifier" or value is None:
                continue
            if value.type in _FUNCTION_VALUES:
                out.append((_text(name), name, decl))
            elif value.type == "object":
                _object_members(value, out)
            elif exported and value.type in _CONSTANT_VALUES and node.type == "lexical_declaration" and \
                    _runs_nothing(value):
                out.append((_text(name), name, decl))
                if constants is not None:
                    constants.add(_text(name))
    elif node.type == "object":
        _object_members(node, out)


def _module_exports(node: Node) -> Node | None:
    """The right side of ``module.exports = …`` / ``exports.x = …`` (None otherwise), and its target."""
    if node.type != "expression_statement" or not node.named_children:
        return None
    expr = node.named_children[0]
    if expr.type != "assignment_expression":
        return None
    left = expr.child_by_field_name("left")
    text = _text(left) if left is not None else ""
    return expr if text == "module.exports" or text.startswith(("module.exports.", "exports.")) else None


def _app_call(node: Node) -> Node | None:
    """The object given to a top-level ``App({ … })`` (the mini-program's app script), else None."""
    if node.type != "expression_statement" or not node.named_children:
        return None
    call = node.named_children[0]
    if call.type != "call_expression":
        return None
    function, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    if function is None or function.type != "identifier" or _text(function) != "App" or arguments is None:
        return None
    first = arguments.named_children[0] if arguments.named_children else None
    return first if first is not None and first.type == "object" else None


def _top_level_members(root: Node) -> tuple[list[tuple[str, Node, Node]], dict[str, int], set[str], set[str]]:
    """(name, name node, definition) of each top-level function of a module, and how often each name
    is said only to export it under that name (``export { pay }``, ``module.exports = { pay }``; not
    ``export { pay as buyVip }``, ``module.exports = { buyVip: pay }``, ``exports.buyVip = pay``:
    the importers call it by the other name, which is said for it). Also the methods of the object a
    top-level ``App({ … })`` registers, and their names apart: the platform calls only its hooks
    (``onLaunch``, ``onShow`` …); any other method is called by name (``getApp().getPermission()``).
    And the exported string constants (``export const API_CHAT = base + '/chat'``: an API table's
    entries), their names apart."""
    members: list[tuple[str, Node, Node]] = []
    exported: dict[str, int] = {}
    app_methods: set[str] = set()
    constants: set[str] = set()

    def export_list(obj: Node) -> None:  # module.exports = { pay, refund: refund }
        for child in obj.named_children:
            if child.type == "shorthand_property_identifier":
                exported[_text(child)] = exported.get(_text(child), 0) + 1
            elif child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if value is not None and value.type == "identifier" and key is not None and \
                        _text(key) == _text(value):
                    exported[_text(value)] = exported.get(_text(value), 0) + 1

    for node in root.named_children:
        if len(members) > _MAX_MEMBERS:
            break
        if node.type == "export_statement":
            declaration = node.child_by_field_name("declaration")
            value = node.child_by_field_name("value")
            # a default export is imported under any name (import Pay from './pay'): not its own
            default = any(c.type == "default" for c in node.children)
            for exported_node in (declaration, value):
                if exported_node is None:
                    continue
                if default and exported_node.type not in ("object", "class_declaration", "class"):
                    continue  # export default function App() {}: the app's entry, a component
                if exported_node.type == "object":
                    export_list(exported_node)
                _declared(exported_node, members, exported=True, constants=constants)
            for clause in node.named_children:
                if clause.type == "export_clause":
                    for spec in clause.named_children:
                        name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        if name is not None and (alias is None or _text(alias) == _text(name)):
                            exported[_text(name)] = exported.get(_text(name), 0) + 1
            continue
        assignment = _module_exports(node)
        if assignment is not None:
            left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
            if right is None or left is None:
                continue
            if _text(left) == "module.exports":  # (module.exports = function () {}: imported under any name)
                if right.type == "object":
                    export_list(right)
                    _object_members(right, members)
            elif right.type in _FUNCTION_VALUES:
                prop = left.child_by_field_name("property")
                if prop is not None:
                    members.append((_text(prop), prop, assignment))
            elif right.type == "identifier":  # exports.pay = pay
                prop = left.child_by_field_name("property")
                if prop is not None and _text(prop) == _text(right):
                    exported[_text(right)] = exported.get(_text(right), 0) + 1
            continue
        app = _app_call(node)
        if app is not None:
            before = len(members)
            _object_members(app, members)
            app_methods.update(name for name, _node, _definition in members[before:])
            continue
        _declared(node, members)
    return members, exported, app_methods, constants


class _Columns:
    """The 1-based column in characters of a place (``byte``, ``col`` bytes into its line), as signals give
    it; asked in the order of the file, each counts from the last place asked on its line (a line of
    thousands of functions is decoded once, not once per function)."""

    def __init__(self, data: bytes):
        self.data = data
        self.last = (-1, 0, 1)  # (the line's first byte, the last place asked on it, its column)

    def __call__(self, byte: int, col: int) -> int:
        line_start = byte - col
        start, last, column = self.last
        if start != line_start or last > byte:
            last, column = line_start, 1
        column += len(self.data[last:byte].decode("utf-8", "replace"))
        self.last = (line_start, byte, column)
        return column


def _framework_called(name: str) -> bool:
    """Whether a method of that name is called by the platform or the framework that holds its object
    (a mixin's or an options object's hooks: ``onLoad``, ``onShareAppMessage``, ``mounted``; a handler
    ``onX`` its template, scene or caller binds by name), not by the app's code."""
    return (len(name) > 2 and name.startswith("on") and name[2].isupper()) or name in _HOOKS


#: the lifecycle hooks of the platforms' and frameworks' components that are not named ``on…``: WeChat's
#: ``Component`` (created, attached, ready, moved, detached) and Vue's options (beforeCreate … unmounted,
#: activated, deactivated, setup, data), React's render — an object holding them is given whole to the framework
_HOOKS = frozenset({"created", "attached", "ready", "moved", "detached", "beforeCreate", "beforeMount", "mounted",
                    "beforeUpdate", "updated", "beforeDestroy", "destroyed", "beforeUnmount", "unmounted",
                    "activated", "deactivated", "setup", "data", "render"})


def _mark_members(signals: list[Signal], root: Node, data: bytes, file: SourceFile) -> list[Signal]:
    """Each signal inside a top-level function of the module (a function, an exported object's or a
    class's method) whose name the module never says again (but to export it) carries that name as
    ``member``: the extract stage drops it when no other file of the project says the name either
    (``zizhi.modules.uncalled_members``). Only a module of the front end's own (not vendored, not a
    single-file component, whose template calls its methods), and never a method that the framework
    may call by name (a class that extends another or is decorated, a hook or a handler: ``onLoad``,
    ``mounted``). A signal belongs to a function by its line and column (two functions may share a
    line); one without a column only on a line inside the function. A wrapper named like the platform
    API it calls (``export const getLocation = () => uni.getLocation(…)``) does not say its own name
    again by calling the API, nor by reading its result (``res.errMsg === 'getLocation:ok'``). A method
    of the app script's ``App({ … })`` other than a hook is marked too (``app_method``): the app script
    is an entry, but the platform calls only its hooks."""
    if not signals or file.vendored or file.origin != "frontend" or \
            file.relpath.lower().endswith((".vue", ".nvue", ".uvue", ".wpy", ".mpx")):
        return signals
    lines = sorted({s.location.line for s in signals if s.attrs.get("source") != "path"})
    if not lines:
        return signals
    members, exported, app_methods, constants = _top_level_members(root)
    holding: list[tuple[tuple[int, int], tuple[int, int], str]] = []  # the functions holding a signal
    column_of = _Columns(data)
    for name, _name_node, definition in members:
        if len(name) < 3 or not name.isascii() or _framework_called(name):
            continue  # (the names files keep are of three characters or more, of ASCII: ``pack_names``)
        first, last = definition.start_point[0] + 1, definition.end_point[0] + 1
        at = bisect_left(lines, first)
        if at < len(lines) and lines[at] <= last:
            holding.append(((first, column_of(definition.start_byte, definition.start_point[1])),
                            (last, column_of(definition.end_byte, definition.end_point[1])), name))
    if not holding:
        return signals
    wanted = {name.encode("utf-8") for _first, _last, name in holding}
    said: dict[bytes, int] = {}
    for word in _WORD.findall(data):  # (one pass over the file, however many functions it holds)
        if word in wanted:
            said[word] = said.get(word, 0) + 1
    # a wrapper named like the platform API it calls (export const getLocation = () => uni.getLocation(…)):
    # the API's name, and the API's result (res.errMsg === 'requestPayment:ok'), are not the module saying
    # its own function's name again
    for api in {s.name for s in signals if s.kind == "api" and s.name.count(".") == 1}:
        tail = api.rsplit(".", 1)[1].encode("utf-8")
        if tail in said:
            head = re.escape(api.split(".", 1)[0].encode("utf-8"))
            calls = len(re.findall(rb"(?<![\w$.])" + head + rb"\s*\.\s*" + re.escape(tail) + rb"(?![\w$])", data))
            results = len(re.findall(rb"(?<![\w$.])" + re.escape(tail) + rb":(?:ok|fail|cancel)\b", data))
            said[tail] -= min(calls + results, said[tail] - 1)
    spans = [(first, last, name) for first, last, name in holding
             if said.get(name.encode("utf-8"), 0) - 1 - exported.get(name, 0) <= 0]
    if not spans:
        return signals
    spans.sort()
    starts = [first for first, _last, _name in spans]
    out = []
    for s in signals:
        line, column = s.location.line, s.location.column
        owner = None
        if s.attrs.get("source") != "path":
            # (top-level functions do not overlap: the last starting before the place, if it ends after it)
            at = bisect_right(starts, (line, max(column, 1))) - 1
            if at >= 0:
                (first_line, _col), end, name = spans[at]
                if (column and end > (line, column)) or (not column and first_line < line < end[0]):
                    owner = name
        if owner is not None:
            # (an app method: the app script is an entry, whose other functions the platform may call)
            marks = {"member": owner, "app_method": "1"} if owner in app_methods else {"member": owner}
            if owner in constants:
                marks["member_constant"] = "1"
            s = Signal(s.kind, s.name, s.location, attrs={**s.attrs, **marks}, origin=s.origin,
                       vendored=s.vendored, snippet=s.snippet)
        out.append(s)
    return out


@hookimpl
def zizhi_cacheable_kinds() -> list[str]:
    """What this plugin reads of a file depends on the file and the project's platform alone
    (type declarations, ``dts``, are read by no extractor: trivially pure)."""
    return ["js", "jsx", "ts", "tsx", "dts"]
