"""Templates (WXML and its siblings: Alipay ``.axml``, Douyin ``.ttml``, Baidu ``.swan``, QQ ``.qml``,
Kuaishou ``.ksml``, and the ``<template>`` block of Vue SFCs): components and their attributes.

Parsed with the standard library's tolerant HTML tokenizer, which keeps line numbers, skips
``<!-- comments -->`` (commented-out markup is not a signal) and never fails on broken markup.
Only tags the signal catalogue names are reported.
"""

from __future__ import annotations

import re

from zizhi import hookimpl
from zizhi.catalogue import glob_match
from zizhi.context import ScanContext
from zizhi.model import Project, Signal, SourceFile
from zizhi_plugins import semantic

TEMPLATE_KINDS = {"wxml", "axml", "ttml", "swan", "qml", "ksml", "vue-template"}


def _prefilter(ctx: ScanContext) -> tuple[set[str], re.Pattern[str], re.Pattern[str]]:
    """The wanted tags, and two precompiled regexes a template must match to be tokenized: a
    start tag is "<" right before its name (any case: the tokenizer lower-cases names); the
    second keeps the older, case-sensitive mention test, so that no result changes. A glob of the
    catalogue (``*input*``) is wanted where its fixed part is, in any case (``<customInput``)."""
    cached = ctx.cache.get("wxml:prefilter")
    if cached is None:
        exact = {n.lower() for n in ctx.catalogue.names("component")}
        patterns = sorted({p.lower() for p in ctx.catalogue.patterns("component")})
        wanted = Wanted(exact, patterns)
        # a pattern (*input*: the app's own input components) is wanted where its fixed part is
        fixed = sorted({max(p.split("*"), key=len) for p in patterns} - {""})
        alts = "|".join([re.escape(t) for t in sorted(exact, key=lambda t: (-len(t), t))] +
                        [rf"[\w-]*{re.escape(f)}" for f in fixed])
        mentions = "|".join([re.escape(t) for t in sorted(exact, key=lambda t: (-len(t), t))] +
                            [f"(?i:{re.escape(f)})" for f in fixed])  # customInput: tags keep their case
        cached = (wanted, re.compile(f"<(?:{alts})", re.IGNORECASE), re.compile(mentions))
        ctx.cache["wxml:prefilter"] = cached
    return cached


class Wanted(set[str]):
    """The tags the catalogue names: exact names, and globs (``*input*``: an app's own component
    named after an input, ``customInput``, ``my-input``) answered once per tag name."""

    def __init__(self, exact: set[str], patterns: list[str]):
        super().__init__(exact)
        self.patterns = patterns
        self._seen: dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        if super().__contains__(name):
            return True
        if not self.patterns or not isinstance(name, str):
            return False
        hit = self._seen.get(name)
        if hit is None:
            hit = self._seen[name] = any(glob_match(name, p) for p in self.patterns)
        return hit


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
