"""Java, Kotlin, PHP and Go backend sources through a precise token scan (``lexer.py``), not a
parser: imports (``import com.x.Y;``, PHP ``use A\\B;``, Go import paths), string literals that
hold known endpoints (``api.mch.weixin.qq.com/v3/pay/partner/…``), and parameter names of WeChat
Pay's partner mode (``"sub_mchid"``, Go struct tags ``json:"sub_mchid"``). Comments never count,
nor test sources (``src/test/``, ``*Test.java``, ``*_test.go``, ``tests/``). Every signal carries
``attrs.scan = "token"``.

Only files under a backend folder of the project are read (see the ``backend`` plugin).
"""

from __future__ import annotations

import bisect
import re

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.lazyre import lazy
from zizhi.model import Location, Project, Signal, SourceFile
from zizhi_plugins import semantic
from zizhi_plugins.backend import is_test_path

from .lexer import scan

_LANGS = {".java": "java", ".kt": "java", ".go": "go", ".php": "php"}
#: Request parameters that show WeChat Pay partner (服务商) mode or profit sharing.
PARAM_NAMES = frozenset({"sub_mchid", "sp_mchid", "sub_mch_id", "sp_appid", "sub_appid", "profit_sharing",
                         "profitsharing"})
_JAVA_IMPORT = lazy(r"^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+(?:\.\*)?)[ \t]*;", re.M)
_KOTLIN_IMPORT = lazy(r"^[ \t]*import[ \t]+([\w.]+(?:\.\*)?)[ \t]*$", re.M)
_PHP_USE = lazy(r"^[ \t]*use[ \t]+(?:function[ \t]+|const[ \t]+)?\\?([\w\\]+)", re.M)
_GO_TAG = lazy(r'json:"([\w-]+)')


def _lang(relpath: str) -> str | None:
    dot = relpath.rfind(".")
    return _LANGS.get(relpath[dot:].lower()) if dot >= 0 else None


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    lang = _lang(relpath)
    if lang is None or not project.in_backend(relpath) or is_test_path(relpath):
        return None
    return lang


def endpoint_tokens(ctx: ScanContext) -> list[str]:
    toks = ctx.cache.get("backend:endpoints")
    if toks is None:
        toks = sorted({e.lower() for e in ctx.catalogue.names("endpoint")})
        ctx.cache["backend:endpoints"] = toks
    return list(toks)


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind not in ("java", "go", "php") or file.text is None:
        return None
    text = file.text
    code, literals = scan(text, hash_comments=file.kind == "php")
    out: list[Signal] = []

    def sig(kind: str, name: str, line: int, col: int, **attrs: str) -> None:
        out.append(Signal(kind, name, Location(file.relpath, line, col), attrs={"lang": file.kind, "scan": "token",
                                                                                 **attrs}, origin=file.origin,
                          vendored=file.vendored))

    newlines: list[int] = []  # (filled on first use: most files have no import to place)

    def line_col(offset: int) -> tuple[int, int]:
        # by bisection over the newlines: counting from the start for each import was quadratic
        if not newlines:
            newlines.extend(m.start() for m in re.finditer("\n", code))
            newlines.append(len(code) + 1)
        line = bisect.bisect_left(newlines, offset)
        return line + 1, offset - (newlines[line - 1] + 1 if line else 0) + 1

    if file.kind == "java":
        pattern = _KOTLIN_IMPORT if file.relpath.endswith(".kt") else _JAVA_IMPORT
        for m in pattern.finditer(code):
            sig("import", m.group(1), *line_col(m.start(1)))
    elif file.kind == "php":
        for m in _PHP_USE.finditer(code):
            if code[m.start():m.start() + 200].lstrip().startswith("use") and "(" not in m.group(0):
                sig("import", m.group(1), *line_col(m.start(1)))
    tokens = endpoint_tokens(ctx)
    go_imports = _merged(_go_import_spans(code)) if file.kind == "go" else []
    go_starts = [a for a, _ in go_imports]
    starts = [0] + [i + 1 for i, ch in enumerate(code) if ch == "\n"] if go_imports else []

    def in_go_import(offset: int) -> bool:  # by bisection: a test against every span was quadratic
        n = bisect.bisect_right(go_starts, offset)
        return n > 0 and offset < go_imports[n - 1][1]

    for lit in literals:
        value = lit.value
        if go_imports and in_go_import(starts[lit.line - 1] + lit.column - 1):
            sig("import", value, lit.line, lit.column)
            continue
        low = value.lower()
        if ("/" in low or "." in low) and any(t in low for t in tokens):
            sig("endpoint", value[:300], lit.line, lit.column)
        if value.strip() in PARAM_NAMES:
            sig("param", value.strip(), lit.line, lit.column)
        elif lit.quote == "`":
            for m in _GO_TAG.finditer(value):
                if m.group(1) in PARAM_NAMES:
                    sig("param", m.group(1), lit.line, lit.column)
    # what the server's own routes and methods are named (semantic signals)
    out += semantic.server_signals(file, ctx, file.kind, code, ((lit.value, lit.line, lit.column) for lit in literals))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same offsets."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _go_import_spans(code: str) -> list[tuple[int, int]]:
    spans = []
    last_paren = code.rfind(")")
    for m in re.finditer(r"\bimport\s*\(", code):
        end = code.find(")", m.end()) if m.end() <= last_paren else -1  # (no rescan when there is none)
        spans.append((m.end(), len(code) if end < 0 else end))
    for m in re.finditer(r'\bimport\s+(?:[\w.]+\s+)?"', code):
        close = code.find('"', m.end())
        spans.append((m.end() - 1, len(code) if close < 0 else close + 1))
    return spans
