"""The tokenizer pass over one template: start tags the catalogue names, with their attributes
and positions.

Not ``html.parser``: its tokenizer rescans the rest of the text from every ``<`` that does not
close (``<a <a <a …`` took 48 s for 50 KB; an unterminated ``<!--`` repeated was quadratic too).
This one reads start tags as ``html.parser`` does (tag names and attribute names lower-cased,
attribute values unquoted and unescaped, ``<!-- comments -->``, ``<!…>``, ``<?…>`` and end tags
skipped, ``<script>``/``<style>`` content raw) in linear time: a tag's attributes end at the
first ``>`` outside quotes, or before a ``<`` (broken markup such as ``<ad unit-id="x"`` followed by
``<view>`` is the tag ``ad``, then ``view``), an unclosed ``<name`` at the end is text, and an
unterminated comment, declaration or end tag ends the markup (as ``html.parser`` leaves it: text,
with no tag in it).

One addition, asked for (``camel=True``, the ``Collector``'s): a property written in camelCase
(``openType``, Vue's ``:enableCamera``) is also given under its kebab-case name, the one the catalogue
keys on (``open-type``, ``:enable-camera``), after the attributes the tag writes; see ``_kebab``.
"""

from __future__ import annotations

import re
from html import unescape

from zizhi.model import Location, Signal, SourceFile

_OPEN = re.compile(r"<(?:!--|[!?/]|([a-zA-Z][^\t\n\r\f />\x00<]*))")
_TAG_REST = re.compile(r"""(?:[^<>"']|"[^"]*"|'[^']*')*(?:>|(?=<))""")
_SPACE = re.compile(r"(?:\s|/(?!>))*")
# html.parser's attrfind_tolerant
_ATTR = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_RAW_CLOSE = {name: re.compile(rf"</{name}", re.I) for name in ("script", "style")}
#: A template names a component's property in camelCase as well as in kebab-case: Vue takes ``openType``
#: and ``open-type`` for the same prop, and WXML unpacked from a compiled package writes
#: ``openType="getUserInfo"``, which the runtime maps to the same property. Such a name (letters and
#: digits, a lower-case first: a property's name), bare or bound by Vue (``:openType``, ``v-bind:openType``),
#: is also given kebab-cased, every capital after the first letter a new word as Vue's ``hyphenate`` and
#: the runtime's dash-to-camel read it (``iOSMode`` is ``i-o-s-mode``). Not an event binding:
#: ``bindGetUserInfo``, ``catchTap``, Alipay's ``onTap`` bind events, not properties, and keep
#: html.parser's lower-cased name alone (``bindgetuserinfo``, never ``bind-get-user-info``); nor a
#: directive's argument (``bind:getUserInfo``, ``wx:forItem``), nor ``data-*`` (a dash already).
_CAMEL = re.compile(r"(:|v-bind:)?([a-z][a-z0-9]*[A-Z][a-zA-Z0-9]*)")
_EVENT = re.compile(r"(?:bind|catch|on)[A-Z0-9]")
_CAPITAL = re.compile(r"[A-Z]")


def _kebab(attrname: str) -> str | None:
    """``attrname``'s kebab-case name, or None when it is no camelCase property (see ``_CAMEL``)."""
    m = _CAMEL.fullmatch(attrname)
    if m is None or _EVENT.match(m.group(2)):
        return None
    return (m.group(1) or "") + _CAPITAL.sub(r"-\g<0>", m.group(2)).lower()


def start_tags(text: str, names: set[str] | None = None, *,
               camel: bool = False) -> list[tuple[str, list[tuple[str, str | None]], int, int]]:
    """(tag, attributes, line, column) of each start tag, the column 0-based (html.parser's getpos).
    ``names``: only these tags' attributes are read (the others' are left empty; where each tag
    ends does not depend on them). ``camel``: a camelCase property's kebab-case name too (``_kebab``),
    after the tag's own attributes and only where the tag does not write that name itself (a name
    written wins: ``open-type="contact" openType="getUserInfo"`` is a contact button)."""
    out: list[tuple[str, list[tuple[str, str | None]], int, int]] = []
    last_close = text.rfind("-->")
    pos = 0
    line, line_at, line_start = 1, 0, 0  # newlines counted up to line_at
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        start, opener = m.start(), m.group(0)
        if opener == "<!--":
            end = text.find("-->", start + 4) if start + 4 <= last_close else -1
            if end < 0:
                break  # an unterminated comment: the rest is text
            pos = end + 3
            continue
        if opener in ("<!", "<?", "</"):
            end = text.find(">", start + 2)
            if end < 0:
                break
            pos = end + 1
            continue
        rest = _TAG_REST.match(text, m.end())
        if rest is None:
            pos = start + 1  # "<name" that never closes: text
            continue
        name = m.group(1).lower()
        attrs: list[tuple[str, str | None]] = []
        aliases: list[tuple[str, str | None]] = []
        k = rest.end()  # another tag's attributes: not read
        if names is None or name in names:
            k = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
        while k < rest.end():
            a = _ATTR.match(text, k, rest.end())
            if a is None or a.end() == k:
                break
            attrname, given, value = a.group(1, 2, 3)
            if not given:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((attrname.lower(), value))
            if camel and (kebab := _kebab(attrname)) is not None:
                aliases.append((kebab, value))
            k = a.end()
        if aliases:
            written = {n for n, _ in attrs}
            attrs += [(n, v) for n, v in aliases if n not in written]
        newlines = text.count("\n", line_at, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", line_at, start) + 1
        line_at = start
        out.append((name, attrs, line, start - line_start))
        pos = rest.end()
        if name in _RAW_CLOSE:
            close = _RAW_CLOSE[name].search(text, pos)
            if close is None:
                break
            pos = close.start()
    return out


class Collector:
    """Start tags of ``wanted`` names in a template, as ``component`` signals."""

    def __init__(self, wanted: set[str], file: SourceFile):
        self.wanted = wanted
        self.file = file
        self.vue = file.kind == "vue-template"
        self.signals: list[Signal] = []
        self._pos = (1, 0)

    def feed(self, text: str) -> None:
        for tag, attrs, line, col in start_tags(text, self.wanted, camel=True):
            self._pos = (line, col)
            if tag not in self.wanted:
                continue
            values = {k: (v or "") for k, v in attrs}
            if self.vue:
                _as_compiled(values)
            # Mini-program directive prefixes differ (wx:, a:, tt:, s-): keep attributes as written.
            self.signals.append(
                Signal("component", tag, Location(self.file.relpath, line, col + 1), attrs=values,
                       origin=self.file.origin, vendored=self.file.vendored)
            )

    def close(self) -> None:
        pass

    def getpos(self) -> tuple[int, int]:
        return self._pos


def _as_compiled(values: dict[str, str]) -> None:
    """A Vue template's bindings and handlers also under the names the mini-program template that
    uni-app and Taro-Vue compile it to gives them: ``:value="form.phone"`` (``v-bind:value``) is
    ``value="{{form.phone}}"``, ``@input="onPhone"`` (``v-on:input``) is ``bind:input="onPhone"``; an
    attribute written both ways keeps its plain one. The catalogue's entries, written for the
    compiled templates, read both alike."""
    for key in list(values):
        if key.startswith(("v-bind:", ":")):
            plain = key.split(":", 1)[1]
            if plain and plain not in values:
                values[plain] = "{{" + values[key] + "}}"
        elif key.startswith(("v-on:", "@")):
            event = key[5:] if key.startswith("v-on:") else key[1:]
            event = event.split(".", 1)[0]  # @input.native, @tap.stop: the event's modifiers
            if event and f"bind:{event}" not in values and f"bind{event}" not in values:
                values[f"bind:{event}"] = values[key]
