"""tree-sitter for JavaScript and TypeScript, as a library the plugins share (the ``javascript``
extractor, Taro's app config reader, the semantic signals): the language and parser of a file
kind, a node's text and a string literal's value. It is not a plugin."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node, Parser


@cache
def language_of(kind: str) -> Any:
    """The tree-sitter language of a file kind (js, jsx, ts, tsx)."""
    from tree_sitter import Language

    from zizhi.grammars import language  # (the grammar's binding, without its package's imports)

    if kind in ("ts", "tsx"):
        lang = language("tree_sitter_typescript", "language_tsx" if kind == "tsx" else "language_typescript")
    else:
        lang = language("tree_sitter_javascript")

    return Language(lang)


@cache
def parser(kind: str) -> Parser:
    from tree_sitter import Parser

    return Parser(language_of(kind))


def node_text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def string_value(node: Node) -> str | None:
    """The value of a string literal (or of a template string without substitutions); else None."""
    if node.type == "string":
        return "".join(node_text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return node_text(node)[1:-1]
    return None


def template_text(node: Node) -> str:
    """A template string's literal text with each ``${…}`` as ``{}``."""
    raw = node.text or b""
    parts: list[bytes] = []
    start = node.start_byte + 1
    for child in node.named_children:
        if child.type == "template_substitution":
            parts += [raw[start - node.start_byte:child.start_byte - node.start_byte], b"{}"]
            start = child.end_byte
    parts.append(raw[start - node.start_byte:max(start - node.start_byte, len(raw) - 1)])
    return b"".join(parts).decode("utf-8", "replace")
