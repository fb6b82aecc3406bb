"""Hostile input for the backend readers (hypothesis): the token scan and the manifest readers
never raise, and the Python reader turns anything unparsable into a ZZ005 note."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zizhi.context import Options, ScanContext
from zizhi.engine import load_engine
from zizhi.model import Project, SourceFile
from zizhi_plugins import deps, python, sourcescan
from zizhi_plugins.sourcescan.lexer import scan

ENGINE = load_engine()
PIECES = st.sampled_from(['"', "'", "`", "/*", "*/", "//", "#", "\\", "\n", "import ", "use ", "(", ")",
                          '"sub_mchid"', "api.mch.weixin.qq.com/v3/pay/partner/", "<dependency>", "</dependency>",
                          "require (", "[project]", "dependencies = [", "def f(:", "f'{", "中文"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)


def _ctx() -> ScanContext:
    return ScanContext(pm=ENGINE.pm, catalogue=ENGINE.catalogue, policy=ENGINE.policy, options=Options())


def _file(name: str, kind: str, text: str) -> SourceFile:
    return SourceFile(abspath=Path(name), relpath=name, project_relpath=name, kind=kind, data=text.encode(),
                      text=text, origin="backend")


PROJECT = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram",
                  backend_roots=["server"])


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_token_scan_never_raises_and_keeps_lines(text: str) -> None:
    code, literals = scan(text, hash_comments=True)
    assert len(code) == len(text) and code.count("\n") == text.count("\n")
    for lit in literals:
        assert 1 <= lit.line <= text.count("\n") + 1


@settings(max_examples=100, deadline=None)
@given(TEXT, st.sampled_from([("server/A.java", "java"), ("server/a.go", "go"), ("server/a.php", "php")]))
def test_sourcescan_never_raises(text: str, target: tuple[str, str]) -> None:
    name, kind = target
    signals = sourcescan.zizhi_extract(file=_file(name, kind, text), project=PROJECT, ctx=_ctx()) or []
    assert all(s.location.line >= 1 for s in signals)


@settings(max_examples=100, deadline=None)
@given(TEXT, st.sampled_from(["server/requirements.txt", "server/pyproject.toml", "server/Pipfile",
                              "server/pom.xml", "server/build.gradle", "server/composer.json", "server/go.mod"]))
def test_manifest_readers_never_raise(text: str, name: str) -> None:
    kind = "json" if name.endswith(".json") else "depmanifest"
    deps.zizhi_extract(file=_file(name, kind, text), project=PROJECT, ctx=_ctx())


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_python_reader_never_raises(text: str) -> None:
    ctx = _ctx()
    python.zizhi_extract(file=_file("server/app.py", "python", text), project=PROJECT, ctx=ctx)
    assert all(d.code == "ZZ005" for d in ctx.diagnostics)
