"""Vue single-file components (``.vue``, ``.nvue``, ``.uvue``) of uni-app and Taro-Vue projects, and
WePY's (``.wpy``: Tencent's framework for WeChat mini-programs, whose pages and components are
single-file components of the same shape, ``<template>`` with Vue's ``:prop``/``@tap`` bindings and a
``<script>`` that calls ``wx.*``; wepy.config.js builds them into the app, often not committed), and
Mpx's (``.mpx``: a ``<template>`` in the mini-program template syntax, ``wx:if``/``bindtap``; its JSON
block, ``<script type="application/json">`` or ``<script name="json">``, is the page's config, which
the ``mpx`` plugin reads: it is no script here).

An SFC is split into its top-level blocks; each block is handed to the extractors that already
read its language, as a view of the same file in which everything outside the block is blanked
(spaces, newlines kept). So ``<template>`` goes to the template extractor (kind
``vue-template``) and ``<script>`` / ``<script setup>`` to the JavaScript extractor (``js``, or
``ts``/``tsx``/``jsx`` after ``lang``), and every signal keeps its line and column in the
original file. ``<style>`` blocks are not read.
"""

from __future__ import annotations

import dataclasses
import re

from zizhi import hookimpl, modules
from zizhi.context import ScanContext
from zizhi.lazyre import lazy
from zizhi.model import Project, Signal, SourceFile
from zizhi_plugins.jsconfig import blank_outside

SFC_EXTS = (*modules.SFC_EXTS, *modules.WEPY_EXTS, *modules.MPX_EXTS)

# Comments are skipped with str.find, and a tag's attributes end at the first "<" or ">" outside
# quotes: each byte is scanned a bounded number of times (``<!--.*?-->`` and ``[^>]*`` rescanned
# the rest of the file from every unterminated ``<!--`` or unclosed ``<template``: quadratic).
_TOP = lazy(r"<!--|<(template|script|style)\b((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_TEMPLATE_TAG = lazy(r"<!--|<(/?)template\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?(/?)>", re.I)
_LANG = lazy(r"""\blang\s*=\s*["']?([A-Za-z]+)""")
_CONFIG_SCRIPT = lazy(r"""\b(?:type\s*=\s*["']?application/json|name\s*=\s*["']?json)\b""")
_SCRIPT_KINDS = {"ts": "ts", "tsx": "tsx", "jsx": "jsx", "uts": "ts", "typescript": "ts"}


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    return "vue" if relpath.lower().endswith(SFC_EXTS) else None


def blocks(text: str, default: str = "js") -> list[tuple[str, int, int]]:
    """(kind, start, end) character ranges of the template and script blocks' contents."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    last_close = text.rfind("-->")
    while True:
        m = _TOP.search(text, pos)
        if m is None:
            return out
        tag = (m.group(1) or "").lower()
        if not tag:  # a top-level comment
            pos = _after_comment(text, m.start(), last_close)
            continue
        if m.group(2).rstrip().endswith("/"):  # <template src="..." /> : nothing inline
            pos = m.end()
            continue
        start = m.end()
        if tag == "template":
            end = _template_end(text, start)
        else:
            close = re.compile(rf"</{tag}\s*>", re.I).search(text, start)
            end = close.start() if close else len(text)
        if tag == "script" and _CONFIG_SCRIPT.search(m.group(2)):
            pass  # Mpx's JSON block (<script type="application/json">, <script name="json">): config, the mpx plugin's
        elif tag == "script":
            lang = _LANG.search(m.group(2))
            out.append((_SCRIPT_KINDS.get(lang.group(1).lower(), "js") if lang else default, start, end))
        elif tag == "template":
            out.append(("vue-template", start, end))
        pos = end + 1


def _after_comment(text: str, start: int, last_close: int) -> int:
    """Where the comment opened at ``start`` ends; an unterminated one is skipped as if it were
    text (as the regex ``<!--.*?-->`` did), without searching again for its end."""
    if start + 4 > last_close:
        return start + 4
    end = text.find("-->", start + 4)
    return end + 3 if end >= 0 else start + 4


def _template_end(text: str, start: int) -> int:
    depth = 1
    pos = start
    last_close = text.rfind("-->")
    while True:
        m = _TEMPLATE_TAG.search(text, pos)
        if m is None:
            return len(text)
        if m.group(0) == "<!--":
            pos = _after_comment(text, m.start(), last_close)
            continue
        pos = m.end()
        if m.group(2):
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()


def view(text: str, start: int, end: int) -> str:
    """``text`` with everything outside [start, end) blanked: lines and columns unchanged."""
    return blank_outside(text, start, end)


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "vue" or file.text is None:
        return None
    out: list[Signal] = []
    default = "ts" if file.relpath.lower().endswith(".uvue") else "js"  # uni-app x: UTS, a TypeScript dialect
    for kind, start, end in blocks(file.text, default):
        part = dataclasses.replace(file, kind=kind, text=view(file.text, start, end))
        for result in ctx.pm.hook.zizhi_extract(file=part, project=project, ctx=ctx):
            out.extend(result or [])
    return out


@hookimpl
def zizhi_cacheable_kinds() -> list[str]:
    """A single-file component's blocks go to the JavaScript and template extractors, which are
    pure: so is what this plugin reads of it."""
    return ["vue"]
