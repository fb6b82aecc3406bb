"""A precise token scan for C-like languages (Java, Kotlin, Go, PHP, Gradle's Groovy/Kotlin).

Not a parser: it separates code, comments and string literals, which is all the backend
extractors need (imports, endpoint strings, parameter names). Handled: ``//`` and ``/* */``
comments, ``#`` comments (PHP), ``"…"`` and ``'…'`` literals with backslash escapes, Go raw
strings in backticks, triple-quoted strings (Groovy/Kotlin). Signals found this way carry
``attrs.scan = "token"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Literal:
    """A string literal of the source, where it starts and its quote."""

    value: str
    line: int  # 1-based
    column: int  # 1-based, characters
    quote: str


def scan(text: str, hash_comments: bool = False) -> tuple[str, list[Literal]]:
    """(the code with comments blanked to spaces, newlines kept; the string literals)."""
    out: list[Literal] = []
    code = list(text)
    i, n, line, line_start = 0, len(text), 1, 0

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if code[k] != "\n":
                code[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            line_start = i + 1
            i += 1
        elif text.startswith("//", i) or (hash_comments and c == "#" and not text.startswith("#[", i)):
            j = text.find("\n", i)
            end = n if j < 0 else j
            blank(i, end)
            i = end
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            end = n if j < 0 else j + 2
            blank(i, end)
            line += text.count("\n", i, end)
            nl = text.rfind("\n", i, end)
            if nl >= 0:
                line_start = nl + 1
            i = end
        elif c in "\"'`":
            triple = c != "`" and text.startswith(c * 3, i)
            delim = c * 3 if triple else c
            j = i + len(delim)
            start_line, col = line, i - line_start + 1
            while j < n and not text.startswith(delim, j):
                if text[j] == "\\" and c != "`":
                    j += 2
                    continue
                if text[j] == "\n":
                    if not triple and c != "`":
                        break  # an unterminated literal ends at the line's end
                    line += 1
                    line_start = j + 1
                j += 1
            out.append(Literal(text[i + len(delim):j], start_line, col, c))
            i = j + len(delim)
        else:
            i += 1
    return "".join(code), out


def string_literals(text: str, hash_comments: bool = False) -> list[tuple[str, int, int, str]]:
    """String literals outside comments as (quote, line, column, value)."""
    return [(lit.quote, lit.line, lit.column, lit.value) for lit in scan(text, hash_comments)[1]]
