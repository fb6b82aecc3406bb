"""Every signal catalogue entry carries an annotated example that triggers it (issue 14, item 6).

``tests/catalogue-examples/<project>/`` holds small projects written from scratch, one per platform
or framework (a WeChat mini-program with its cloud functions and a server, a WeChat mini-game,
Alipay, Douyin, Baidu, QQ, Kuaishou, uni-app, Taro). A line that must trigger catalogue entries says so in
a comment on the same line, in the file's own comment syntax::

    wx.createRewardedVideoAd({})  // zizhi-example: ads.rewarded_video
    <map latitude="0" longitude="0"></map> <!-- zizhi-example: loc.map -->
    import dashscope  # zizhi-example: ai.sdk_dashscope

A file that cannot hold a comment (JSON: ``app.json``, ``package.json``, ``game.json``) is
annotated from the project's ``zizhi-examples.txt``, one example a line::

    <path> | <text on the line: its first line holding it; empty = the file or folder itself> | <ids>

Each project is scanned once. The test asserts that every annotated line yields a signal the
catalogue matches to each named entry at that line, and that every entry of the catalogue (the
``[[signal]]`` entries and the ``sem.<feature>.<kind>`` entries ``[[vocabulary]]`` expands to) has
at least one example. See docs/plugins.md, "Every catalogue entry has an example".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import ROOT
from zizhi.context import Options
from zizhi.engine import check, load_engine

EXAMPLES_ROOT = ROOT / "tests" / "catalogue-examples"
PROJECTS = sorted(p.name for p in EXAMPLES_ROOT.iterdir() if p.is_dir())
SIDECAR = "zizhi-examples.txt"
ANNOTATION = re.compile(r"zizhi-example:\s*([A-Za-z0-9_.]+(?:[\s,]+[A-Za-z0-9_.]+)*)")

#: Entries no file of a project can trigger, each with its reason. Keep it short and honest: an
#: entry belongs here only when the scan has no way to see it, not because an example is missing.
UNTRIGGERABLE: dict[str, str] = {}


@dataclass(frozen=True)
class Example:
    project: str
    path: str  # relative to the project folder, "/"-separated
    line: int  # 1-based; 0 = the file or folder itself (no line)
    ids: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.project}/{self.path}:{self.line} {', '.join(self.ids)}"


def _ids(text: str) -> tuple[str, ...]:
    return tuple(i for i in re.split(r"[\s,]+", text.strip()) if i)


def examples_of(project: str) -> list[Example]:
    """The annotated examples of one example project: inline comments, then its sidecar file."""
    root = EXAMPLES_ROOT / project
    out: list[Example] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file() and p.name != SIDECAR):
        rel = file.relative_to(root).as_posix()
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            m = ANNOTATION.search(line)
            if m:
                out.append(Example(project, rel, number, _ids(m.group(1))))
    sidecar = root / SIDECAR
    if sidecar.is_file():
        for raw in sidecar.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            path, text, ids = (part.strip() for part in raw.split("|"))
            target = root / path
            assert target.exists(), f"{project}/{SIDECAR}: no {path}"
            number = 0
            if text:
                lines = target.read_text(encoding="utf-8").splitlines()
                number = next((n for n, line in enumerate(lines, 1) if text in line), -1)
                assert number > 0, f"{project}/{SIDECAR}: no line of {path} holds {text!r}"
            out.append(Example(project, path, number, _ids(ids)))
    return out


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture(scope="module")
def matched(engine) -> dict[str, dict[tuple[str, int], set[tuple[str, str]]]]:
    """Each example project scanned once: (path, line) -> the (id, kind) of the entries its signals
    match (the union over the project's targets: a uni-app root is one project per target)."""
    out: dict[str, dict[tuple[str, int], set[tuple[str, str]]]] = {}
    for project in PROJECTS:
        report = check([EXAMPLES_ROOT / project], engine, Options())
        found: dict[tuple[str, int], set[tuple[str, str]]] = {}
        for p in report.projects:
            for s in p.signals:
                entries = {(e.id, e.kind) for e in engine.catalogue.match(s)}
                if entries:
                    found.setdefault((s.location.path, s.location.line), set()).update(entries)
        out[project] = found
    return out


def test_there_are_examples() -> None:
    assert {"wechat", "wechat-game", "alipay", "douyin", "baidu", "qq", "kuaishou", "uniapp", "taro"} <= set(PROJECTS)
    for project in PROJECTS:
        assert examples_of(project), f"{project}: no annotated example"


@pytest.mark.parametrize("project", PROJECTS)
def test_every_example_triggers_its_entries(project: str, engine, matched) -> None:
    known = {e.id for e in engine.catalogue.entries}
    failures = []
    for ex in examples_of(project):
        unknown = set(ex.ids) - known
        there = {i for i, _kind in matched[project].get((ex.path, ex.line), set())}
        if unknown:
            failures.append(f"{ex}: no catalogue entry {sorted(unknown)}")
        elif set(ex.ids) - there:
            failures.append(f"{ex}: no signal matching {sorted(set(ex.ids) - there)} (found there: {sorted(there)})")
    assert failures == []


def test_every_catalogue_entry_has_an_example(engine, matched) -> None:
    """Every entry, by id and kind, is matched by a signal at a line annotated with its id."""
    entries = {(e.id, e.kind) for e in engine.catalogue.entries}
    covered = {(i, kind) for project in PROJECTS for ex in examples_of(project)
               for i, kind in matched[project].get((ex.path, ex.line), set()) if i in ex.ids}
    ids = {i for i, _kind in entries}
    assert not set(UNTRIGGERABLE) - ids, "an exception names no catalogue entry"
    assert not {i for i, _kind in covered} & set(UNTRIGGERABLE), "an exception has an example after all: drop it"
    without = sorted(f"{i} ({kind})" for i, kind in entries - covered if i not in UNTRIGGERABLE)
    assert without == [], f"catalogue entries without an annotated example: {without}"
    semantic = {e for e in entries if e[0].startswith("sem.")}  # what [[vocabulary]] expands to
    assert semantic and semantic <= covered


def test_an_annotation_that_names_a_wrong_entry_fails(matched) -> None:
    """The check can fail: the ids found at a line are exact, so a wrong annotation shows."""
    ex = next(e for e in examples_of("wechat") if e.path == "miniprogram/pages/index/index.js" and e.line == 1)
    assert ex.ids == ("im.tencent",)
    assert matched["wechat"][(ex.path, ex.line)] == {("im.tencent", "import")}  # tim-wx-sdk: not an ad
    assert "ads.rewarded_video" not in {i for i, _kind in matched["wechat"][(ex.path, ex.line)]}
