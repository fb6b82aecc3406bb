"""How a human-readable report is shown where it goes: detail, colour, width.

The CLI decides per destination (``View.for_stream``): colour and wrapping only on a terminal's
stdout, never in a file or a pipe. ``NO_COLOR`` (any value) turns colour off, ``FORCE_COLOR`` (any
value but ``0``/``false``) turns it on for stdout even when it is not a terminal (a CI log that shows
colours); ``NO_COLOR`` wins when both are set. A file written with ``-o`` or ``FORMAT:FILE`` never
gets colour or wrapping.

Wrapping counts display columns (a CJK character takes two, an escape sequence none), breaks at
spaces or between wide characters, and indents continuation lines under the text they continue.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

#: SGR codes of the styles the text reports use
STYLES = {"error": "1;31", "warning": "1;33", "note": "1;36", "code": "1", "path": "1", "dim": "2",
          "ok": "32", "missing": "31", "head": "1;4"}
_SGR = re.compile(r"\x1b\[[0-9;]*m")
#: marks a line must not start with (Chinese line-breaking rules)
_NO_LINE_START = set("，。、；：？！）」』】》〉”’…—·,.;:?!)]}")
_TOKEN = re.compile(r"\x1b\[[0-9;]*m| +|[^ \x1b]")


@dataclass
class View:
    """How a text report is shown: verbosity, colour, width."""

    verbose: bool = False  # every reason, all evidence, the legal basis, held obligations in full
    color: bool = False
    width: int = 0  # wrap to this many columns; 0: never wrap
    #: other outputs of this run: format -> file (the job summary links to the full Markdown file)
    files: dict[str, str] = field(default_factory=dict)

    def style(self, text: str, name: str) -> str:
        return f"\x1b[{STYLES[name]}m{text}\x1b[0m" if self.color and text else text

    @classmethod
    def for_stream(cls, stream: IO[str] | None, env: Mapping[str, str] = os.environ,
                   verbose: bool = False) -> View:
        """The view for ``stream`` (None: a file): colour and width only for a terminal."""
        if stream is None:
            return cls(verbose=verbose)
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        return cls(verbose=verbose, color=wants_color(tty, env), width=terminal_width(env) if tty else 0)


def wants_color(tty: bool, env: Mapping[str, str] = os.environ) -> bool:
    if env.get("NO_COLOR", "") != "":
        return False
    if env.get("FORCE_COLOR", "").lower() not in ("", "0", "false"):
        return True
    return tty and env.get("TERM") != "dumb"


def terminal_width(env: Mapping[str, str] = os.environ) -> int:
    """The terminal's width (``COLUMNS`` wins, as for every program); at least 40."""
    columns = env.get("COLUMNS", "")
    if columns.isdigit():
        return max(int(columns), 40)
    import shutil  # (here: it imports lzma and bz2, and only a run on a terminal asks)

    width = shutil.get_terminal_size((100, 24)).columns
    return max(width, 40)


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Display columns of ``text`` (escape sequences take none)."""
    return sum(char_width(ch) for ch in _SGR.sub("", text))


def _tokens(line: str) -> list[str]:
    """Escape sequences, runs of spaces, runs of narrow characters (words), single wide characters."""
    out: list[str] = []
    for token in _TOKEN.findall(line):
        if token.startswith(("\x1b", " ")) or char_width(token) == 2:
            out.append(token)
        elif out and not out[-1].startswith(("\x1b", " ")) and char_width(out[-1][-1]) != 2:
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap(line: str, width: int, indent: int | None = None) -> list[str]:
    """``line`` cut into lines of at most ``width`` columns. Continuation lines start with ``indent``
    spaces (default: the line's own indent + 4). A style open at a cut is closed at the end of the
    line and opened again on the next."""
    if width <= 0 or text_width(line) <= width:
        return [line]
    lead = len(line) - len(line.lstrip(" "))
    pad = " " * (lead + 4 if indent is None else indent)
    if len(pad) > width // 2:
        pad = " " * 4
    out: list[str] = []
    parts: list[str] = []
    used, style, fresh = 0, "", True  # fresh: nothing but the indent on the current line yet

    def cut() -> None:
        nonlocal parts, used, fresh
        while parts and parts[-1].startswith(" "):
            parts.pop()
        out.append("".join(parts) + ("\x1b[0m" if style else ""))
        parts, used, fresh = [pad, style], len(pad), True

    for token in _tokens(line):
        if token.startswith("\x1b"):
            parts.append(token)
            style = "" if token == "\x1b[0m" else style + token
            continue
        w = text_width(token)
        if token.startswith(" "):
            if fresh and out:  # no spaces at the start of a continuation line
                continue
            if used + w > width:
                cut()
                continue
            parts.append(token)
            used += w
            continue
        if used + w > width and not fresh:
            carry = ""
            if token in _NO_LINE_START:  # no line starts with a closing mark: the character before goes too
                while parts and len(parts[-1]) == 1 and char_width(parts[-1]) == 2 and len(carry) < 3:
                    carry = parts.pop() + carry
                    if carry[0] not in _NO_LINE_START:
                        break
                used -= text_width(carry)
            cut()
            if carry:
                parts.append(carry)
                used += text_width(carry)
                fresh = False
        while used + w > width and len(token) > 1:  # a word longer than a whole line: cut inside it
            room, taken, i = width - used, 0, 0
            while i < len(token) and taken + char_width(token[i]) <= room:
                taken += char_width(token[i])
                i += 1
            i = max(i, 1)  # at least one character a line, however narrow the room
            taken = text_width(token[:i])
            parts.append(token[:i])
            used += taken
            token, w = token[i:], text_width(token[i:])
            cut()
        parts.append(token)
        used += w
        fresh = False
    if not fresh or not out:
        out.append("".join(parts))
    return out
