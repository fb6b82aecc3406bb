"""JSON (and JSON with comments) parsed with the position of every value.

Manifests must report ``file:line`` for a plugin id or a ``requiredPrivateInfos`` entry, so the
standard library's ``json`` (no positions) is not enough. tree-sitter's JSON grammar gives
positions, tolerates comments (uni-app's ``manifest.json``) and recovers from errors, which we
report with their line.

Most files are plain, valid JSON, and most of their positions are never asked for: the standard
library's parser (in C) reads the value, and the tree-sitter parse that gives positions runs the
first time one is asked for. A document that is not strict JSON (comments, errors) is parsed by
tree-sitter at once, as its errors need it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

_PARSER: Parser | None = None


def _parser() -> Parser:
    global _PARSER
    if _PARSER is None:
        from tree_sitter import Language, Parser

        from zizhi.grammars import language

        _PARSER = Parser(Language(language("tree_sitter_json")))
    return _PARSER


Pointer = tuple[str | int, ...]


class JsonDoc:
    """A parsed document: its value, errors (line, column, message), whether it has comments, and
    the (line, column) of each value and object key by JSON pointer (computed when first asked)."""

    def __init__(self, value: Any = None, positions: dict[Pointer, tuple[int, int]] | None = None,
                 key_positions: dict[Pointer, tuple[int, int]] | None = None,
                 errors: list[tuple[int, int, str]] | None = None, has_comments: bool = False,
                 text: str | None = None):
        self.value = value
        self.errors: list[tuple[int, int, str]] = errors if errors is not None else []
        self.has_comments = has_comments
        self._positions = positions
        self._key_positions = key_positions
        self._text = text  # strict JSON whose positions are not computed yet

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonDoc) and (self.value, self.errors, self.has_comments, self.positions,
                                               self.key_positions) == (other.value, other.errors,
                                                                       other.has_comments, other.positions,
                                                                       other.key_positions)

    __hash__ = None  # type: ignore[assignment]

    def _locate(self) -> None:
        if self._positions is not None and self._key_positions is not None:
            return
        full = _parse_tree(self._text) if self._text is not None else JsonDoc(positions={}, key_positions={})
        self._positions, self._key_positions, self._text = full.positions, full.key_positions, None

    @property
    def positions(self) -> dict[Pointer, tuple[int, int]]:
        """Value positions (pointer -> (line, col))."""
        self._locate()
        assert self._positions is not None
        return self._positions

    @property
    def key_positions(self) -> dict[Pointer, tuple[int, int]]:
        """Object-key positions (pointer of the member -> (line, col))."""
        self._locate()
        assert self._key_positions is not None
        return self._key_positions

    def line_of(self, *pointer: str | int) -> int:
        """Line of the key (for object members) or value at ``pointer``; nearest parent if absent."""
        p: Pointer = tuple(pointer)
        while True:
            if p in self.key_positions:
                return self.key_positions[p][0]
            if p in self.positions:
                return self.positions[p][0]
            if not p:
                return 1
            p = p[:-1]

    def to_json(self) -> dict[str, Any]:
        """A plain JSON form (for the cache); ``from_json`` gives the same document back. The
        positions are computed and kept, so that a document read from the cache is not parsed again."""
        return {"value": self.value, "positions": [[list(p), *pos] for p, pos in self.positions.items()],
                "keys": [[list(p), *pos] for p, pos in self.key_positions.items()],
                "errors": [list(e) for e in self.errors], "comments": self.has_comments}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JsonDoc:
        return cls(data["value"], {tuple(p): (line, col) for p, line, col in data["positions"]},
                   {tuple(p): (line, col) for p, line, col in data["keys"]},
                   [(line, col, msg) for line, col, msg in data["errors"]], bool(data["comments"]))

    def pos_of(self, *pointer: str | int) -> tuple[int, int]:
        p: Pointer = tuple(pointer)
        while p and p not in self.key_positions and p not in self.positions:
            p = p[:-1]
        return self.key_positions.get(p) or self.positions.get(p) or (1, 1)


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


#: Values nested deeper than this are left out, with an error (a manifest is a few levels deep; a
#: document nested thousands deep exhausted the recursion of the converter, the schema validator and
#: the cache's encoder, and its positions cost the square of its depth).
MAX_DEPTH = 200


def parse_json(text: str) -> JsonDoc:
    """Parse JSON text; never raises. Errors are listed with 1-based line and column."""
    try:  # strict JSON (no NaN, no comments, no trailing commas): the C parser, positions later
        value = json.loads(text, parse_constant=_not_json)
    except (ValueError, RecursionError):
        return _parse_tree(text)
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        return _parse_tree(text)  # too deep: the tree's conversion leaves the deep part out, with an error
    return JsonDoc(value, text=text)


def _depth(value: Any) -> int:
    """How deeply ``value`` nests (iteratively: it may be nested thousands deep)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        if isinstance(v, list):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in v if isinstance(item, (dict, list)))
    return deepest


def _parse_tree(text: str) -> JsonDoc:
    """Parse with tree-sitter: value, positions, errors and comments at once."""
    data = text.encode("utf-8", "surrogatepass")
    tree = _parser().parse(data)
    doc = JsonDoc(positions={}, key_positions={})
    root = tree.root_node
    if root.has_error:
        _collect_errors(root, doc)
    values = [c for c in root.named_children if c.type not in ("comment", "ERROR") and not c.is_missing]
    doc.has_comments = any(c.type == "comment" for c in root.named_children)
    if not values:
        if not doc.errors:
            doc.errors.append((1, 1, "empty document"))
        return doc
    if len(values) > 1:
        line, col = _pos(values[1], data)
        doc.errors.append((line, col, "more than one top-level value"))
    doc.value = _convert(values[0], doc, data)
    return doc


def _pos(node: Node, data: bytes | None = None) -> tuple[int, int]:
    """1-based line and *character* column (tree-sitter counts bytes)."""
    row, col = node.start_point
    if data is not None and col:
        col = len(data[node.start_byte - col : node.start_byte].decode("utf-8", "replace"))
    return row + 1, col + 1


def _collect_errors(node: Node, doc: JsonDoc) -> None:
    stack = [node]
    while stack and len(doc.errors) < 5:
        n = stack.pop()
        if n.is_missing:
            line, col = _pos(n)
            doc.errors.append((line, col, f"missing {n.type!r}"))
            continue
        if n.type == "ERROR":
            line, col = _pos(n)
            snippet = (n.text or b"")[:30].decode("utf-8", "replace").replace("\n", " ")
            doc.errors.append((line, col, f"unexpected {snippet!r}"))
            continue
        if n.has_error:
            stack.extend(reversed(n.children))
    doc.errors.sort()


def _convert(root: Node, doc: JsonDoc, data: bytes) -> Any:
    """The value of ``root``, recording the position of every value and key: iterative (a
    document may be nested thousands deep), in the order a recursive walk would record them;
    containers nested deeper than ``MAX_DEPTH`` are left out (None) with an error."""
    out: list[Any] = [None]
    # (node, pointer, the list or dict to put its value in, and under which index or key)
    stack: list[tuple[Node, Pointer, Any, Any]] = [(root, (), out, 0)]
    too_deep = False
    while stack:
        node, pointer, parent, slot = stack.pop()
        t = node.type
        if isinstance(parent, dict) and pointer:
            key_node = node.parent.child_by_field_name("key") if node.parent is not None else None
            if key_node is not None:
                doc.key_positions[pointer] = _pos(key_node, data)
        if t in ("object", "array") and len(pointer) >= MAX_DEPTH:
            if not too_deep:
                too_deep = True
                line, col = _pos(node, data)
                doc.errors.append((line, col, f"nested more than {MAX_DEPTH} levels deep; deeper values are left out"))
            doc.positions[pointer] = _pos(node, data)
            parent[slot] = None
            continue
        doc.positions[pointer] = _pos(node, data)
        if t == "object":
            obj: dict[str, Any] = {}
            parent[slot] = obj
            todo: list[tuple[Node, Pointer, Any, Any]] = []
            for child in node.named_children:
                if child.type == "comment":
                    doc.has_comments = True
                    continue
                if child.type != "pair":
                    continue
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                if key_node is None:
                    continue
                key = _string_value(key_node, data)
                if not isinstance(key, str):
                    key = str(key)
                member: Pointer = (*pointer, key)
                if value_node is None:
                    doc.key_positions[member] = _pos(key_node, data)
                    obj[key] = None
                    continue
                obj[key] = None  # (keeps the order of the keys; the value comes when its turn does)
                todo.append((value_node, member, obj, key))
            stack.extend(reversed(todo))
        elif t == "array":
            items: list[Any] = []
            parent[slot] = items
            todo = []
            for child in node.named_children:
                if child.type == "comment":
                    doc.has_comments = True
                    continue
                if child.type == "ERROR" or child.is_missing:
                    continue  # already reported; not a value
                todo.append((child, (*pointer, len(items)), items, len(items)))
                items.append(None)
            stack.extend(reversed(todo))
        else:
            parent[slot] = _scalar(node, t, data)
    return out[0]


def _scalar(node: Node, t: str, data: bytes) -> Any:
    if t == "string":
        return _string_value(node, data)
    if t == "number":
        try:
            return json.loads(data[node.start_byte : node.end_byte])
        except ValueError:
            return None
    if t == "true":
        return True
    if t == "false":
        return False
    return None


def _string_value(node: Node, data: bytes) -> Any:
    raw = data[node.start_byte : node.end_byte]
    if node.type != "string":
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace").strip('"')
