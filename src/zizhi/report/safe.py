"""Making the report's data safe to print (the scanned repository is untrusted, docs/security.md).

File names, page names from manifests, string literals and JSON snippets are data: a file named
``a\\n::error::x.js`` must not start a line of ``--format github`` output (a workflow command), ANSI
escapes in a name must not reach the terminal, and a name that is not UTF-8 (read as lone
surrogates) must not crash an output. ``sanitize`` rewrites every data string of a report before
it is rendered: control characters (C0, DEL, C1), line and paragraph separators and bidirectional
overrides become visible escapes (``\\x1b``, ``\\n``, ``\\u202e``) and lone surrogates become U+FFFD.
``final`` is the last pass over a rendered text: lone surrogates to U+FFFD and any control character
but newline and tab removed.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zizhi.model import Location
    from zizhi.report import Report

_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROL}\ud800-\udfff]")
_FINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def display(text: str) -> str:
    """One line of data, safe to print."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def final(text: str, keep: str = "") -> str:
    """A rendered output, safe to write: no lone surrogate, no control character but \\n and \\t
    (and those of ``keep``)."""
    if not _FINAL.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        ch = m.group(0)
        return "\ufffd" if "\ud800" <= ch <= "\udfff" else ch if ch in keep else ""

    return _FINAL.sub(one, text)


def _location(loc: Location) -> Location:
    path = display(loc.path)
    return loc if path == loc.path else dataclasses.replace(loc, path=path)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return display(value)
    if isinstance(value, dict):
        return {_value(k): _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def sanitize(report: Report) -> None:
    """Rewrite, in place, every data string of ``report`` with ``display``."""
    seen: set[int] = set()

    def signal(s: Any) -> None:
        if id(s) in seen:
            return
        seen.add(id(s))
        s.location = _location(s.location)
        s.name, s.snippet = display(s.name), display(s.snippet)
        s.attrs = _value(s.attrs)

    def diagnostic(d: Any) -> None:
        d.location = _location(d.location)
        d.message = display(d.message)

    for d in report.diagnostics:
        diagnostic(d)
    for p in report.projects:
        p.relroot = display(p.relroot)
        for d in p.diagnostics:
            diagnostic(d)
        for f in p.findings:
            f.location = _location(f.location)
            f.message_zh, f.message_en = display(f.message_zh), display(f.message_en)
            f.key = display(f.key)
            for e in f.evidence:
                signal(e.signal)
        for group in (p.obligations, p.features):
            for item in group:
                for e in item.evidence:
                    signal(e.signal)
        if p.suppressed:
            p.suppressed = _value(list(p.suppressed))
        p.changed_evidence = {(display(path), line) for path, line in p.changed_evidence}
        p.backends = _value(p.backends)
    report.filtered.stale = _value(report.filtered.stale)  # entries of a baseline file: data too
