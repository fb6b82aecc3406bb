"""Templates (WXML and its siblings: Alipay ``.axml``, Douyin ``.ttml``, Baidu ``.swan``, QQ ``.qml``,
Kuaishou ``.ksml``, and the ``<template>`` block of Vue SFCs): components and their attributes.

Parsed with the standard library's tolerant HTML tokenizer, which keeps line numbers, skips
``<!-- comments -->`` (commented-out markup is not a signal) and never fails on broken markup.
Only tags the signal catalogue names are reported.
"""

from __future__ import annotations

import re

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import Project, Signal, SourceFile
from zizhi_plugins import semantic

TEMPLATE_KINDS = {"wxml", "axml", "ttml", "swan", "qml", "ksml", "vue-template"}


def _prefilter(ctx: ScanContext) -> tuple[set[str], re.Pattern[str], re.Pattern[str]]:
    """The wanted tags, and two precompiled regexes a template must match to be tokenized: a
    start tag is "<" right before its name (any case: the tokenizer lower-cases names); the
    second keeps the older, case-sensitive mention test, so that no result changes."""
    cached = ctx.cache.get("wxml:prefilter")
    if cached is None:
        wanted = {n.lower() for n in ctx.catalogue.names("component")}
        alts = "|".join(re.escape(t) for t in sorted(wanted, key=lambda t: (-len(t), t)))
        cached = (wanted, re.compile(f"<(?:{alts})", re.IGNORECASE), re.compile(alts))
        ctx.cache["wxml:prefilter"] = cached
    return cached


def _table_kinds(ctx: ScanContext) -> set[str]:
    """Template kinds of the platform table (a platform added as data: its templates are read here,
    in the main process, since ``zizhi_cacheable_kinds`` cannot know them)."""
    kinds: set[str] | None = ctx.memo.get("wxml:table-kinds")
    if kinds is None:
        kinds = ctx.memo["wxml:table-kinds"] = {ext[1:] for ext in ctx.platform_table().template_exts()}
    return kinds


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.text is None or (file.kind not in TEMPLATE_KINDS and file.kind not in _table_kinds(ctx)):
        return None
    wanted, tag_start, mention = _prefilter(ctx)
    # UI text that names an action (写评论, 开始匹配): semantic signals, see zizhi_plugins.semantic
    texts = semantic.template_signals(file.text, file, ctx)
    # Prefilter: one pass of one precompiled regex; most templates use none of the tags we want.
    if not wanted or tag_start.search(file.text) is None or mention.search(file.text) is None:
        return texts
    from .collector import Collector  # html.parser: imported when a template is tokenized

    parser = Collector(wanted, file)
    try:
        parser.feed(file.text)
        parser.close()
    except Exception as exc:  # html.parser is tolerant; this is belt and braces
        ctx.diagnose("ZZ005", f"template could not be read past this point: {exc}", file.relpath,
                     parser.getpos()[0])
    return parser.signals + texts


@hookimpl
def zizhi_cacheable_kinds() -> list[str]:
    """What this plugin reads of a file depends on the file and the project's platform alone."""
    return sorted(TEMPLATE_KINDS)
