"""Module references: what each script and template loads, as one ``module`` signal per file for
reachability (``zizhi/modules.py``; ``attrs.refs`` packs them, ``modules.unpack`` reads them).
Never evidence of a feature: the catalogue has no ``module`` entries and the extract stage takes
them out of the project's signals.

Read from the text with bounded regular expressions, not parsed (every script is read, most of
which the JavaScript plugin's prefilter skips): ``import … from 'x'``, ``export … from 'x'``,
``import 'x'``, ``require('x')``, ``require.async('x')``, ``import('x')``, LayaAir's ``loadLib('x')`` (its
builds' ``require``); a dynamic ``require('./lang/'
+ name)`` or ``import(`./lang/${name}`)`` is its literal prefix (a ``prefix`` reference); a
``require(table[name].path)`` whose path is not written out at all is ``*`` (``dynamic``: it may load
any module below its own folder), and so is one that begins with what is not written out
(``require("" + modules[i].file)``, ``import(`${dir}/x`)``). Templates:
``<import src>``, ``<include src>``, ``<wxs src>``, Alipay's ``<import-sjs from>``, Douyin's ``<sjs src>``,
Baidu's ``<filter src>``. A reference in a comment is read too: an extra edge only keeps more code
counted, never less. ``requirePlugin('WechatSI')`` is a ``plugin`` reference to the plugin app.json
declares under that name. ``X.callFunction({ name: 'pay' })`` and ``uniCloud.importObject('pay-co')`` are
``cloud`` references to the cloud function or object called; any other ``callFunction`` or
``importObject`` (a computed name, an alias, a wrapper's definition) is ``*``: any may be called.

Each script's and template's names (identifiers of three characters or more, comments and strings
included) go with them as a set of their hashes (``attrs.names``, ``zizhi.modules.pack_names``): whether
another module may call a function by its name (``uncalled_members``). A template's count: it calls its
page's methods by name, and a page may take them from another module (``Page({ ...payMixin })``, a
``Behavior``). Not a copied library's. In a run without the per-file cache, where nothing keeps them past
the assembly, the text itself is kept for it (``zizhi.modules.NameStash``: ``attrs.names`` is ``~``).

A script that is a copied SDK bundle (the ``vendored_sdk`` entries of the catalogue: its file name,
or text only the bundle holds) says so: an ``sdk`` reference named after the SDK's module; the
extract stage turns an import of it from reachable code into an ``import`` signal of that module.
"""

from __future__ import annotations

import re
from functools import cache

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import Location, Project, Signal, SourceFile
from zizhi.modules import STASH_KEY, Ref, pack, pack_names

_SCRIPT_KINDS = {"js", "jsx", "ts", "tsx", "vue"}
_TEMPLATE_KINDS = {"wxml", "axml", "ttml", "swan", "qml", "ksml"}
_SFC = (".vue", ".nvue", ".uvue", ".wpy", ".mpx")

# Anchored at a keyword found by str.find (a regex scanning for the keyword itself is 20x slower);
# compiled when a file is first read (a warm run reads none).
_PATTERNS = {
    "from": (r"""(?:import|export)\b[^;'"`()]{0,2000}?\bfrom\s*(?:'([^'\n]{1,500})'|"([^"\n]{1,500})")""", 0),
    "bare": (r"""import\s*(?:'([^'\n]{1,500})'|"([^"\n]{1,500})")""", 0),
    "call": (r"""(?:require(?:\s*\.\s*async)?|import|loadLib)\s*\(\s*"""
             r"""(?:'([^'\n]{0,500})'|"([^"\n]{0,500})"|`([^`]{0,500})`)\s*(\+)?""", 0),
    "dynamic": (r"""(?:require|import)\s*\(\s*[\w$\[(]""", 0),  # require(table[name].path)
    # require.context('./components', true, /\.vue$/) (webpack), import.meta.glob('./components/*.vue')
    # (Vite): every module under the folder may be loaded (a whole folder registered globally)
    "context": (r"""require\s*\.\s*context\s*\(\s*(?:'([^'\n]{1,500})'|"([^"\n]{1,500})")""", 0),
    "glob": (r"""import\s*\.\s*meta\s*\.\s*glob(?:Eager)?\s*\(\s*\[?\s*(?:'([^'\n]{1,500})'|"([^"\n]{1,500})")""", 0),
    # callFunction({ name: 'pay', ... }): the cloud function called (its name, or nothing when computed);
    # the name may follow a data object of two levels ({ data: { a: {} }, name: 'pay' })
    "cloud": (r"""callFunction\s*\(\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]{0,200}\}){0,400}\}){0,600}?"""
              r"""\bname\s*:\s*(?:'([\w.\-]{1,100})'|"([\w.\-]{1,100})")""", 0),
    # uniCloud.importObject('uni-pay-co'): a uniCloud cloud object, called by its folder's name
    "cloud_object": (r"""importObject\s*\(\s*(?:'([\w.\-]{1,100})'|"([\w.\-]{1,100})")""", 0),
    # requirePlugin('WechatSI'): the plugin that app.json declares under that name
    "plugin": (r"""requirePlugin\s*\(\s*(?:'([\w.\-]{1,100})'|"([\w.\-]{1,100})")""", 0),
    "template": (r"""<\s*(?:import|include|wxs|sjs|import-sjs|filter)\b[^>]{0,2000}?\b(?:src|from)\s*=\s*"""
                 r"""(?:"([^"\n]{1,500})"|'([^'\n]{1,500})')""", re.I),
}


@cache
def _re(name: str) -> re.Pattern[str]:
    pattern, flags = _PATTERNS[name]
    return re.compile(pattern, flags)


#: how LayaAir's builds load the engine's modules and the game's scripts: their ``game.js`` sets
#: ``window.loadLib = require`` and their ``index.js`` calls ``loadLib("js/bundle.js")`` (a build read as a
#: native mini-game: a repository that holds the publish without the project)
_LOAD_LIB = "loadLib"

_SDK_HEAD = 512 * 1024  # an SDK's fingerprints are read in the first 512 KiB of a script
_IDENT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def _keywords(text: str, word: str) -> list[int]:
    """Offsets of ``word`` as a whole identifier that is not a property (``x.require``)."""
    return [pos for pos, before, _after in _occurrences(text, word) if before != "."]


def _occurrences(text: str, word: str) -> list[tuple[int, str, str]]:
    """(offset, the character before, the next 40 after) of ``word`` as a whole identifier."""
    out, pos, n = [], text.find(word), len(word)
    while pos >= 0:
        before = text[pos - 1] if pos else " "
        after = text[pos + n:pos + n + 40]
        if before not in _IDENT and after[:1] not in _IDENT:
            out.append((pos, before, after))
        pos = text.find(word, pos + n)
    return out


#: ``from`` before a quote (``from 'x'``), and a character ``_PATTERNS["from"]`` does not let between its keyword
#: and its ``from``
_QUOTED_FROM = re.compile(r"""\bfrom\s*['"]""")
_FROM_STOP = re.compile(r"""[;'"`()]""")
_FROM_REACH = 2000
_NOWHERE = 1 << 62


class _FromCursor:
    """Whether ``_PATTERNS["from"]`` may match at an ``import``/``export`` keyword: only where the next quoted
    ``from`` comes before the next character its body does not let through, within its reach. The keywords
    are asked in increasing order, so both are found by searches that only move forward (linear in the text),
    instead of the pattern's lazy scan of up to 2,000 characters at every keyword (a bundle of
    ``import import …`` cost that many steps per keyword)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quoted_from = -1  # the next quoted ``from`` after the last keyword asked (_NOWHERE: none)
        self.stop = -1

    def may_match(self, pos: int, word: str) -> bool:
        text = self.text
        if self.quoted_from <= pos:
            at = text.find("from", pos + 1)
            while at >= 0 and _QUOTED_FROM.match(text, at) is None:
                at = text.find("from", at + 4)
            self.quoted_from = _NOWHERE if at < 0 else at
        if self.quoted_from == _NOWHERE:
            return False
        if self.stop <= pos:
            m = _FROM_STOP.search(text, pos + 1)
            self.stop = _NOWHERE if m is None else m.start()
        return self.quoted_from < self.stop and self.quoted_from - (pos + len(word)) <= _FROM_REACH


def references(text: str, template: bool = False) -> list[tuple[int, str, str]]:
    """(offset, specifier, "import" | "prefix" | "dynamic" | "plugin" | "cloud") of every module
    reference in ``text``; a folder loaded whole (``require.context``, ``import.meta.glob``) is a prefix."""
    out: list[tuple[int, str, str]] = []
    if template:
        for tag in _re("template").finditer(text):
            out.append((tag.start(), tag.group(1) or tag.group(2), "import"))
        return out
    m: re.Match[str] | None
    for word in ("import", "export", "require", _LOAD_LIB):
        froms = _FromCursor(text)
        for pos in _keywords(text, word):
            m = _re("context" if word == "require" else "glob").match(text, pos) if word in ("import", "require") \
                else None
            if m is not None:  # a folder's modules: those under the pattern's part before its first '*'
                pattern = m.group(1) or m.group(2)
                head = pattern.split("*", 1)[0]
                out.append((pos, head[: head.rfind("/") + 1] if "*" in pattern else pattern.rstrip("/") + "/",
                            "prefix"))
                continue
            if word in ("import", "export"):
                m = _re("from").match(text, pos) if froms.may_match(pos, word) else None
                m = m or (_re("bare").match(text, pos) if word == "import" else None)
                if m is not None:
                    out.append((pos, m.group(1) or m.group(2), "import"))
                    continue
            if word == "export":
                continue
            m = _re("call").match(text, pos)
            if m is None:
                if word != _LOAD_LIB and _re("dynamic").match(text, pos):
                    out.append((pos, "*", "dynamic"))
                continue
            quoted = m.group(1) if m.group(1) is not None else m.group(2)
            if quoted is not None:
                # require("" + modules[i].file): a path from a table, not written out at all
                out.append((pos, quoted, "prefix" if m.group(4) else "import") if quoted or not m.group(4)
                           else (pos, "*", "dynamic"))
                continue
            literal = m.group(3) or ""
            hole = literal.find("${")
            out.append((pos, literal, "import") if hole < 0
                       else (pos, literal[:hole], "prefix") if hole else (pos, "*", "dynamic"))
    for pos in _keywords(text, "requirePlugin"):  # requirePlugin('WechatSI'): a plugin app.json declares
        m = _re("plugin").match(text, pos)
        if m is not None:
            out.append((pos, m.group(1) or m.group(2), "plugin"))
    for word, pattern in (("callFunction", "cloud"), ("importObject", "cloud_object")):
        for pos, before, after in _occurrences(text, word):
            called = before == "." and after.lstrip().startswith("(")  # wx.cloud.callFunction(
            m = _re(pattern).match(text, pos) if called else None
            # an alias, a destructured name, a wrapper's own definition: any function may be called
            out.append((pos, (m.group(1) or m.group(2)) if m is not None else "*", "cloud"))
    return [r for r in out if r[1]]


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.text is None:
        return None
    template = file.kind in _TEMPLATE_KINDS
    if not template and file.kind not in _SCRIPT_KINDS:
        # a template of a platform added as data (the platform table), read here in the main process
        template = "." + file.kind in ctx.platform_table().template_exts()
        if not template:
            return None
    if file.kind != "vue" and file.relpath.lower().endswith(_SFC):
        return None  # a block of a single-file component: read once, as the whole file
    text = file.text
    refs: list[Ref] = []
    line, pos = 1, 0
    for offset, spec, how in sorted(references(text, template)):
        line += text.count("\n", pos, offset)
        pos = offset
        refs.append(Ref(spec, how, line))
    if not template and file.kind != "vue":
        sdk = ctx.catalogue.vendored_sdk_of(file.relpath, text[:_SDK_HEAD])  # a copied SDK bundle: what it is
        if sdk is not None:
            refs.append(Ref(sdk.module, "sdk", 0))
    # the names the file says, for the functions of other modules it may call (``uncalled_members``): a
    # template's too (bindtap="buyVip" calls a method the page may have spread in from a mixin module);
    # not a copied library's: it calls none of the app's functions, and it is most of the text
    # (a run without the per-file cache keeps the text instead, for the few names the assembly asks)
    stash = ctx.memo.get(STASH_KEY)
    names = "" if file.vendored else pack_names(text) if stash is None else stash.names(file.project_relpath, text)
    if not refs and not names:
        return []
    # One signal per file (thousands of files: one object each to cache, not one per import).
    attrs = {"refs": pack(refs)} if refs else {}
    if names:
        attrs["names"] = names
    return [Signal("module", "refs", Location(file.relpath, 0), attrs=attrs, origin=file.origin,
                   vendored=file.vendored)]


@hookimpl
def zizhi_cacheable_kinds() -> list[str]:
    """What this plugin reads of a file is the file's text alone."""
    return sorted(_SCRIPT_KINDS | _TEMPLATE_KINDS)
