"""Turning bytes into text without crashing and without hiding what happened.

Mini-program repositories carry UTF-8 (with or without a BOM), GBK/GB18030 files written by
older Windows editors, binaries with source-like names, and huge minified bundles.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Decoded:
    """A file's bytes decoded: its text (None when it could not be) and why not."""

    text: str | None
    encoding: str
    problem: str = ""  # why text is None, or a note on how it was decoded
    nul: int = 0  # NUL bytes replaced by spaces (a text file with a stray NUL is still read)


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 8 KiB (and no UTF-16 BOM) marks a binary file, as git does."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc, "byte-order mark" if enc == "utf-8-sig" else "")
            except UnicodeDecodeError as exc:
                return Decoded(None, enc, f"invalid {enc}: {exc.reason} at byte {exc.start}")
    if looks_binary(data):
        # A stray NUL in a comment must not hide a whole source file: a file that is UTF-8 once its
        # few NUL bytes (at most 1 in 100) are spaces is read as text, and says so.
        nul = data.count(b"\x00")
        if nul * 100 <= len(data):
            try:
                text = data.replace(b"\x00", b" ").decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return Decoded(text, "utf-8", f"{nul} NUL byte(s) read as spaces", nul=nul)
        return Decoded(None, "binary", "binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Chinese projects written on Windows: GBK, whose superset is GB18030.
    try:
        return Decoded(data.decode("gb18030"), "gb18030", "decoded as GB18030 (GBK), not UTF-8")
    except UnicodeDecodeError:
        pass
    return Decoded(
        data.decode("utf-8", errors="replace"),
        "utf-8",
        f"invalid UTF-8 at byte {utf8_error.start}; undecodable bytes replaced",
    )


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def is_minified(text: str) -> bool:
    """A bundle whose lines are far longer than hand-written code."""
    if len(text) < 20_000:
        return False
    lines = text.count("\n") + 1
    return len(text) / lines > 400
