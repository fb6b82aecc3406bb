"""Framework config files read without running them, as a library the framework plugins share (Taro's
app config, an Mpx app's ``<script name="json">`` block): an object literal in
``defineAppConfig({...})``, ``export default {...}``, ``module.exports = {...}`` or a ``config = {...}``
field, parsed with tree-sitter, with the module's constants it names; and a package's dependencies. It
is not a plugin."""

from __future__ import annotations

import bisect
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhi import safeio
from zizhi.context import ScanContext
from zizhi.jsonpos import JsonDoc
from zizhi.lazyre import lazy
from zizhi.textio import decode
from zizhi_plugins.jstree import node_text as _text
from zizhi_plugins.jstree import parser as _parser
from zizhi_plugins.jstree import string_value as _string_value

if TYPE_CHECKING:
    from tree_sitter import Node


def read_text(path: Path, ctx: ScanContext) -> str | None:
    """A framework file's text (decoded as zizhi decodes sources), None when it cannot be read."""
    try:
        return decode(safeio.read_bytes(path, ctx)).text
    except OSError:
        return None


def depends_on(pkg: Any, names: tuple[str, ...]) -> bool:
    """Whether a parsed package.json depends (or dev-depends) on one of ``names``."""
    if not isinstance(pkg, dict):
        return False
    return any(isinstance(pkg.get(key), dict) and any(name in pkg[key] for name in names)
               for key in ("dependencies", "devDependencies"))


def blank_outside(text: str, start: int, end: int) -> str:
    """``text`` with everything outside [start, end) blanked: lines and columns unchanged."""
    return _blank(text[:start]) + text[start:end] + _blank(text[end:])


def _blank(part: str) -> str:
    return "".join(c if c == "\n" else " " for c in part)


WRAPPERS = {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
             "type_assertion"}


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in WRAPPERS:
        node = next((c for c in node.named_children if c.type not in ("type_identifier", "generic_type",
                                                                        "predefined_type", "object_type")), None)
    return node


#: how many constants deep a value may refer (``pages: PAGES``, ``const PAGES = [...MAIN]`` ...)
_MAX_REFS = 8
#: the methods that change an array or object in place: a constant the file changes with one
#: (``PAGES.push('pages/pay/index')``) no longer holds what its declaration wrote
_MUTATORS = frozenset({"push", "unshift", "splice", "pop", "shift", "reverse", "sort", "fill", "copyWithin"})


def module_constants(root: Node) -> dict[str, Node]:
    """The module's top-level ``const NAME = value`` (exported or not) by name: the values a config
    object's names stand for when the module runs (Taro's CLI runs the app config as a module).
    A constant the file changes afterwards (``NAME.push(...)``, ``NAME.x = ...``, ``NAME[i] = ...``,
    ``Object.assign(NAME, ...)``) is left out: its declaration is not what it holds."""
    consts: dict[str, Node] = {}
    for stmt in root.named_children:
        decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
        if decl is None or decl.type != "lexical_declaration" or _text(decl.child(0)) != "const":
            continue
        for d in decl.named_children:
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if d.type == "variable_declarator" and name is not None and name.type == "identifier" and value is not None:
                consts[_text(name)] = value
    if not consts:
        return consts
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type in ("assignment_expression", "augmented_assignment_expression"):
            target = unwrap(node.child_by_field_name("left"))
            while target is not None and target.type in ("member_expression", "subscript_expression"):
                target = unwrap(target.child_by_field_name("object"))
            if target is not None and target.type == "identifier":
                consts.pop(_text(target), None)
        elif node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is not None and fn.type == "member_expression":
                obj, prop = unwrap(fn.child_by_field_name("object")), fn.child_by_field_name("property")
                if obj is not None and obj.type == "identifier" and _text(prop) in _MUTATORS:
                    consts.pop(_text(obj), None)
                elif _text(fn) == "Object.assign" and args is not None and args.named_children:
                    first = unwrap(args.named_children[0])
                    if first is not None and first.type == "identifier":
                        consts.pop(_text(first), None)
    return consts


#: a name in an expression, and the shorthand property that names its value (``{ pages }``)
_NAMES = frozenset({"identifier", "shorthand_property_identifier"})


def resolve_constant(node: Node | None, consts: dict[str, Node]) -> Node | None:
    """``node`` unwrapped, and a name of a module constant replaced by the constant's value (a few
    levels deep, never in a circle)."""
    node = unwrap(node)
    for _ in range(_MAX_REFS):
        if node is None or node.type not in _NAMES or _text(node) not in consts:
            return node
        node = unwrap(consts[_text(node)])
    return None if node is not None and node.type in _NAMES else node


def find_config(root: Node, consts: dict[str, Node] | None = None) -> Node | None:
    """The app config object: ``defineAppConfig({...})``, ``export default {...}``,
    ``module.exports = {...}`` (what Taro's CLI takes of the module it runs: its default export,
    else its exports) or a class field ``config = {...}`` (Taro 1/2); the object may be a module
    constant named there (``const config = {...}``, ``export default defineAppConfig(config)``)."""
    consts = module_constants(root) if consts is None else consts
    stack = [root]
    default: Node | None = None
    field: Node | None = None
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is not None and _text(fn) == "defineAppConfig" and args is not None and args.named_children:
                arg = resolve_constant(args.named_children[0], consts)
                if arg is not None and arg.type == "object":
                    return arg
        elif node.type == "export_statement" and default is None:
            value = resolve_constant(node.child_by_field_name("value"), consts)
            if value is not None and value.type == "object":
                default = value
        elif node.type == "assignment_expression" and default is None and node.parent is not None \
                and node.parent.type == "expression_statement" and node.parent.parent == root \
                and _text(node.child_by_field_name("left")) == "module.exports":
            value = resolve_constant(node.child_by_field_name("right"), consts)
            if value is not None and value.type == "object":
                default = value
        elif node.type in ("public_field_definition", "field_definition") and field is None:
            name = node.child_by_field_name("name") or node.child_by_field_name("property")
            value = unwrap(node.child_by_field_name("value"))
            if name is not None and _text(name) == "config" and value is not None and value.type == "object":
                field = value
        stack.extend(reversed(node.children))
    return default or field


#: a byte that continues a UTF-8 character (a character's other bytes: 0x80-0xBF)
_CONTINUATION = lazy(rb"[\x80-\xbf]")
#: how many values a config may expand to through its constants (``[...A, ...A]`` with ``A`` of
#: ``[...B, ...B]`` doubles at each level): a bound for hostile input, far above any real config
_MAX_VALUES = 20_000
#: how deep values nest (an object holding a constant that holds the object: a circle)
_MAX_DEPTH = 64


def object_doc(node: Node, data: bytes, consts: dict[str, Node] | None = None) -> JsonDoc:
    """A JS object literal as a :class:`JsonDoc` (values with positions); a name of a module
    constant (``consts``: ``pages: PAGES``, ``{ pages }``, ``[...MAIN, 'pages/me/index']``,
    ``{ ...base, pages }``) is the constant's value, as when the module runs; what is not a literal
    (a variable, a call, a spread of either) is None (in an object, an unknown spread adds nothing)."""
    doc = JsonDoc()
    consts = consts or {}
    budget = [_MAX_VALUES]

    ascii_only = data.isascii()
    continuing: list[array] = []  # (the offsets of UTF-8 continuation bytes, found on first need)

    def pos(n: Node) -> tuple[int, int]:
        # the column in characters: the row's bytes before the node less those that continue a
        # character (UTF-8), counted by bisection; decoding the row up to each node was quadratic on a
        # long line, and a constant's values are converted each time the config names it
        row, col = n.start_point
        if col and not ascii_only:
            if not continuing:
                continuing.append(array("q", (m.start() for m in _CONTINUATION.finditer(data))))
            offsets = continuing[0]
            col -= bisect.bisect_left(offsets, n.start_byte) - bisect.bisect_left(offsets, n.start_byte - col)
        return row + 1, col + 1

    def members(n: Node, depth: int) -> list[Node | None]:
        """An array's or an object's members, a spread of a constant of the same kind replaced by
        its members (None: a spread of anything else)."""
        out: list[Node | None] = []
        for c in n.named_children:
            if c.type == "comment":
                continue
            budget[0] -= 1
            if budget[0] < 0:
                out.append(None)
                break
            if c.type != "spread_element":
                out.append(c)
                continue
            value = resolve_constant(c.named_children[0] if c.named_children else None, consts)
            if value is not None and value.type == n.type and depth < _MAX_REFS:
                out.extend(members(value, depth + 1))
            else:
                out.append(None)
        return out

    def convert(n: Node | None, pointer: tuple[str | int, ...]) -> Any:
        n = resolve_constant(n, consts)
        if n is None or len(pointer) > _MAX_DEPTH or budget[0] < 0:
            return None
        doc.positions[pointer] = pos(n)
        if n.type == "object":
            obj: dict[str, Any] = {}
            for pair in members(n, 0):
                if pair is None:
                    continue
                if pair.type not in ("pair", "shorthand_property_identifier"):
                    continue
                # { pages }: the key and its value are the one name
                key_node = pair.child_by_field_name("key") if pair.type == "pair" else pair
                value_node = pair.child_by_field_name("value") if pair.type == "pair" else pair
                if key_node is None:
                    continue
                key = _string_value(key_node) if key_node.type == "string" else _text(key_node)
                if key is None:
                    continue
                member = (*pointer, key)
                doc.key_positions[member] = pos(key_node)
                obj[key] = convert(value_node, member)
            return obj
        if n.type == "array":
            return [convert(c, (*pointer, i)) for i, c in enumerate(members(n, 0))]
        if n.type in ("string", "template_string"):
            return _string_value(n)
        if n.type == "number":
            try:
                return float(_text(n)) if "." in _text(n) else int(_text(n), 0)
            except ValueError:
                return None
        return {"true": True, "false": False}.get(n.type)

    doc.value = convert(node, ())
    return doc


def read_app_config(text: str) -> JsonDoc | None:
    data = text.encode("utf-8")
    tree = _parser("tsx").parse(data)
    consts = module_constants(tree.root_node)
    node = find_config(tree.root_node, consts)
    return object_doc(node, data, consts) if node is not None else None
