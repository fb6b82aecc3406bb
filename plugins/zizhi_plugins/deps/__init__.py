"""Dependency manifests of every language, each declared package a ``dependency`` signal with
the file and line that declares it (``package.json`` is the ``npm`` plugin's).

* ``requirements*.txt``: line by line (pip's format; options, comments and ``-r`` lines skipped);
  the name is the PyPI name, normalised (``WeChatPy_v3`` -> ``wechatpy-v3``);
* ``pyproject.toml`` (``[project].dependencies``, optional dependencies,
  ``[tool.poetry.*dependencies]``) and ``Pipfile`` (``[packages]``, ``[dev-packages]``): read
  with ``tomllib``, which gives no positions; the line is where the name first appears after
  its section header, a text search said in ``attrs.position = "text-search"``;
* ``pom.xml``: the standard library's expat parser, whose ``CurrentLineNumber`` gives the line
  of each ``<dependency>``; the name is ``groupId:artifactId``;
* ``build.gradle(.kts)``: token scan of ``"group:artifact:version"`` string literals outside
  comments (``attrs.scan = "token"``);
* ``composer.json``: JSON with positions (``zizhi.jsonpos``), ``vendor/package``;
* ``go.mod``: line by line (``require`` lines and blocks), the module path.

A declared package is a fact about the build, not proof that the code uses it: catalogue entries
of kind ``dependency`` are ``supporting``; the import in code is the strong signal.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.jsonpos import parse_json
from zizhi.model import Location, Project, Severity, Signal, SourceFile
from zizhi.toml import TOMLDecodeError, loads
from zizhi_plugins.sourcescan.lexer import string_literals

MANIFESTS = {"pyproject.toml": "pyproject", "Pipfile": "pipfile", "pom.xml": "pom", "build.gradle": "gradle",
             "build.gradle.kts": "gradle", "composer.json": "composer", "go.mod": "gomod"}
_REQ = re.compile(r"^requirements[\w.-]*\.(txt|in)$")
_PEP508_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def manifest_kind(relpath: str) -> str | None:
    name = posixpath.basename(relpath)
    if name in MANIFESTS:
        return MANIFESTS[name]
    if _REQ.match(name):
        return "requirements"
    return None


def pypi_name(name: str) -> str:
    """PEP 503 normalisation: ``WeChatPy_v3`` -> ``wechatpy-v3``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    kind = manifest_kind(relpath)
    if kind == "composer":
        return "json"  # JSON like package.json; read here by its file name
    return "depmanifest" if kind else None


def _sig(file: SourceFile, name: str, line: int, col: int = 0, **attrs: str) -> Signal:
    return Signal("dependency", name, Location(file.relpath, line, col), attrs=attrs, origin=file.origin)


def _requirements(file: SourceFile, text: str) -> list[Signal]:
    out = []
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-", "git+", "http:", "https:", "file:")):
            continue
        m = _PEP508_NAME.match(line)
        if m:
            out.append(_sig(file, pypi_name(m.group(1)), i, raw.find(m.group(1)) + 1, ecosystem="pypi",
                            section="requirements"))
    return out


def _line_after(lines: list[str], header_pat: re.Pattern[str] | None, name: str) -> int:
    """Line of ``name`` as a word, first after the section header (1 when not found)."""
    start = 0
    if header_pat is not None:
        for i, text in enumerate(lines):
            if header_pat.match(text.strip()):
                start = i
                break
    word = re.compile(r"(?<![A-Za-z0-9_.-])" + re.escape(name) + r"(?![A-Za-z0-9_-])", re.I)
    for i in range(start, len(lines)):
        stripped = lines[i].lstrip()
        if stripped.startswith("#"):
            continue
        if word.search(lines[i]):
            return i + 1
    return 1


def _toml_deps(file: SourceFile, text: str, ctx: ScanContext, kind: str) -> list[Signal]:
    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        ctx.diagnose("ZZ005", f"TOML syntax error: {exc}", file.relpath, int(m.group(1)) if m else 0,
                     severity=Severity.NOTE)
        return []
    except RecursionError:  # arrays or tables nested thousands deep: tomllib recurses
        ctx.diagnose("ZZ005", "TOML nested too deeply to read; its dependencies are missing", file.relpath,
                     severity=Severity.NOTE)
        return []
    lines = text.splitlines()
    found: list[tuple[str, str, str]] = []  # (name, section, header regex)
    if kind == "pyproject":
        project: Any = data.get("project", {})
        if isinstance(project, dict):
            for spec in project.get("dependencies", []) or []:
                if isinstance(spec, str) and _PEP508_NAME.match(spec):
                    found.append((_PEP508_NAME.match(spec).group(1), "project.dependencies", r"\[project\]"))  # type: ignore[union-attr]
            optional = project.get("optional-dependencies", {})
            if isinstance(optional, dict):
                for group, specs in optional.items():
                    for spec in specs if isinstance(specs, list) else []:
                        m = _PEP508_NAME.match(spec) if isinstance(spec, str) else None
                        if m:
                            found.append((m.group(1), f"project.optional-dependencies.{group}",
                                          r"\[project\.optional-dependencies\]"))
        poetry: Any = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
        if isinstance(poetry, dict):
            sections = [("dependencies", poetry.get("dependencies")),
                        ("dev-dependencies", poetry.get("dev-dependencies"))]
            groups = poetry.get("group", {})
            if isinstance(groups, dict):
                sections += [(f"group.{g}.dependencies", v.get("dependencies")) for g, v in groups.items()
                             if isinstance(v, dict)]
            for section, deps in sections:
                for name in deps if isinstance(deps, dict) else {}:
                    if name.lower() != "python":
                        found.append((name, f"tool.poetry.{section}",
                                      r"\[tool\.poetry\." + re.escape(section) + r"\]"))
    else:
        for section in ("packages", "dev-packages"):
            deps = data.get(section)
            for name in deps if isinstance(deps, dict) else {}:
                found.append((name, section, r"\[" + re.escape(section) + r"\]"))
    return [_sig(file, pypi_name(name), _line_after(lines, re.compile(header), name), ecosystem="pypi",
                 section=section, position="text-search") for name, section, header in found]


def _pom(file: SourceFile, text: str, ctx: ScanContext) -> list[Signal]:
    from xml.parsers import expat  # only for a pom.xml

    parser = expat.ParserCreate()
    stack: list[str] = []
    current: dict[str, str] = {}
    start_line = [0]
    out: list[Signal] = []
    buf: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        stack.append(tag)
        buf.clear()
        if tag in ("dependency", "plugin") and len(stack) >= 2:
            current.clear()
            start_line[0] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        text_value = "".join(buf).strip()
        buf.clear()
        if len(stack) >= 2 and stack[-2] in ("dependency", "plugin") and tag in ("groupId", "artifactId", "version"):
            current[tag] = text_value
        if tag in ("dependency", "plugin") and current.get("artifactId"):
            section = "/".join(s for s in stack[:-1] if s in ("dependencyManagement", "dependencies", "build",
                                                               "plugins", "profile"))
            out.append(_sig(file, f"{current.get('groupId', '')}:{current['artifactId']}", start_line[0],
                            ecosystem="maven", version=current.get("version", ""), section=section or tag))
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = buf.append
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        ctx.diagnose("ZZ005", f"XML syntax error: {expat.ErrorString(exc.code)}; dependencies after it are missing",
                     file.relpath, exc.lineno, severity=Severity.NOTE)
    return out


_GRADLE_COORD = re.compile(r"^([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::([^:@\s]+))?")


def _gradle(file: SourceFile, text: str) -> list[Signal]:
    out = []
    for _q, line, col, value in string_literals(text):
        m = _GRADLE_COORD.match(value)
        if m and "." in m.group(1):
            out.append(_sig(file, f"{m.group(1)}:{m.group(2)}", line, col, ecosystem="maven",
                            version=m.group(3) or "", scan="token"))
    return out


def _composer(file: SourceFile, text: str, ctx: ScanContext) -> list[Signal]:
    doc = parse_json(text)
    if doc.errors:
        line, _col, msg = doc.errors[0]
        ctx.diagnose("ZZ003", f"invalid JSON: {msg}", file.relpath, line)
    out = []
    if isinstance(doc.value, dict):
        for section in ("require", "require-dev"):
            deps = doc.value.get(section)
            for name, version in deps.items() if isinstance(deps, dict) else []:
                if "/" not in name:
                    continue  # php, ext-*: the platform
                line, col = doc.pos_of(section, name)
                out.append(_sig(file, name.lower(), line, col, ecosystem="composer", version=str(version),
                                section=section))
    return out


def _gomod(file: SourceFile, text: str) -> list[Signal]:
    out = []
    block = False
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.split("//", 1)[0].strip()
        if block:
            if line == ")":
                block = False
                continue
            spec = line
        elif line.startswith("require"):
            rest = line[len("require"):].strip()
            if rest == "(":
                block = True
                continue
            spec = rest
        else:
            continue
        parts = spec.split()
        if parts:
            out.append(_sig(file, parts[0], i, raw.find(parts[0]) + 1, ecosystem="go",
                            version=parts[1] if len(parts) > 1 else "",
                            section="indirect" if "// indirect" in raw else "require"))
    return out


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.text is None:
        return None
    kind = manifest_kind(file.project_relpath)
    if kind is None or (kind == "composer" and file.kind not in ("json", "depmanifest")):
        return None
    if kind != "composer" and file.kind != "depmanifest":
        return None
    if kind == "requirements":
        return _requirements(file, file.text)
    if kind in ("pyproject", "pipfile"):
        return _toml_deps(file, file.text, ctx, kind)
    if kind == "pom":
        return _pom(file, file.text, ctx)
    if kind == "gradle":
        return _gradle(file, file.text)
    if kind == "composer":
        return _composer(file, file.text, ctx)
    return _gomod(file, file.text)
