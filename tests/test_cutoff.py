"""The early cut-off (``zizhi.resultcache.Candidate``, ``zizhi.snapshot.changed_alike``): a command
whose kept result differs from now only by files of its project's listing, each of which gives
exactly the facts the project's part- file holds for it, is answered with that result. Every edit
here is compared byte for byte (exit code, stdout, stderr) with the same command run without any
cache; the edits that change nothing the engine reads are answered by the cut-off, the others not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_project
from test_resultcache import cache, uncached, zizhi  # noqa: F401 (fixtures)
from zizhi import resultcache

PAY = "Page({\n  pay() {\n    wx.requestPayment({})\n  },\n  where() { wx.getLocation({}) },\n})\n"
HOOK = ["check", "app/pages/index/index.js", "app/app.js", "--format", "json"]


@pytest.fixture
def cut_offs(monkeypatch) -> list[int]:
    """How many runs the cut-off answered."""
    taken: list[int] = []
    real = resultcache.CutOff.answer

    def answer(self):
        taken.append(1)
        return real(self)

    monkeypatch.setattr(resultcache.CutOff, "answer", answer)
    return taken


def warm(zizhi, tmp_path: Path, files: dict[str, str] | None = None, argv: list[str] = HOOK) -> Path:  # noqa: F811
    """The project, and the command run twice (its part- file written, then reused): kept."""
    root = make_project(tmp_path / "app", {"pages/index/index.js": PAY, **(files or {})})
    zizhi(*argv)
    (root / "pages/index/other.js").write_text("// a file of the listing, changed\n", encoding="utf-8")
    zizhi(*argv)
    return root


def same_as_without_cache(zizhi, monkeypatch, capsys, argv: list[str] = HOOK):  # noqa: F811
    got = zizhi(*argv)
    assert got == uncached(monkeypatch, capsys, *argv)
    return got


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("edit", [
    pytest.param(lambda t: t + "\n// a comment at the end\n", id="comment-at-the-end"),
    pytest.param(lambda t: t + "\n\n   \n", id="whitespace-at-the-end"),
    pytest.param(lambda t: t + "/* block */", id="block-comment"),
    # (a call's arguments are not among the facts of its signal: its name and place are)
    pytest.param(lambda t: t.replace("wx.requestPayment({})", "wx.requestPayment({a: 1})"), id="an-argument"),
])
def test_an_edit_that_changes_no_fact_is_answered_by_the_cut_off(cache, zizhi, cut_offs, monkeypatch, capsys,  # noqa: F811
                                                                 tmp_path, edit):
    root = warm(zizhi, tmp_path)
    before = zizhi.ran
    page = root / "pages/index/index.js"
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    got = same_as_without_cache(zizhi, monkeypatch, capsys)
    assert cut_offs == [1] and zizhi.ran == before + 1 and got[0] == 1
    append(page, "\n")  # (again: the cut-off's file still holds)
    same_as_without_cache(zizhi, monkeypatch, capsys)
    assert cut_offs == [1, 1]


@pytest.mark.parametrize("edit", [
    pytest.param(lambda t: "// a line above moves every signal\n" + t, id="signal-moved"),
    pytest.param(lambda t: t.replace("wx.requestPayment({})", "wx.requestPayment({})\n    wx.scanCode({})"),
                 id="signal-added"),
    pytest.param(lambda t: t.replace("wx.requestPayment({})", "1"), id="signal-removed"),
    pytest.param(lambda t: t + "\nfunction (\n", id="syntax-broken"),
    pytest.param(lambda t: t + "\n// zizhi-disable-next-line\n", id="suppression-comment"),
    pytest.param(lambda t: t.replace("where() { wx.getLocation", "where() {   wx.getLocation"),
                 id="same-signal-other-column"),
])
def test_an_edit_that_changes_facts_takes_the_normal_path(cache, zizhi, cut_offs, monkeypatch, capsys, tmp_path,  # noqa: F811
                                                          edit):
    root = warm(zizhi, tmp_path)
    page = root / "pages/index/index.js"
    kept = zizhi(*HOOK)
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    got = same_as_without_cache(zizhi, monkeypatch, capsys)
    assert not cut_offs
    if "disable" not in page.read_text(encoding="utf-8"):
        assert got != kept  # (the facts changed: so does the report)


def test_a_config_change_takes_the_normal_path(cache, zizhi, cut_offs, monkeypatch, capsys, tmp_path):  # noqa: F811
    root = warm(zizhi, tmp_path)
    (root / "zizhi.toml").write_text('[holdings]\nICP_FILING = "粤ICP备00000000号-1X"\n', encoding="utf-8")
    append(root / "pages/index/index.js", "\n// a comment\n")
    same_as_without_cache(zizhi, monkeypatch, capsys)
    (root / "zizhi.toml").write_text('[holdings]\nICP_FILING = "粤ICP备00000000号-2X"\n', encoding="utf-8")
    append(root / "pages/index/index.js", "\n// a comment\n")
    same_as_without_cache(zizhi, monkeypatch, capsys)
    assert not cut_offs


def test_other_options_are_another_command(cache, zizhi, cut_offs, monkeypatch, capsys, tmp_path):  # noqa: F811
    root = warm(zizhi, tmp_path)
    append(root / "pages/index/index.js", "\n// a comment\n")
    for extra in (["--lang", "en"], ["--format", "sarif"], ["--select", "ZZ100"], ["--no-suppressions"]):
        same_as_without_cache(zizhi, monkeypatch, capsys, [*HOOK, *extra])
    assert not cut_offs


@pytest.mark.parametrize("change", ["renamed", "deleted", "added"])
def test_a_file_renamed_deleted_or_added_takes_the_normal_path(cache, zizhi, cut_offs, monkeypatch, capsys,  # noqa: F811
                                                               tmp_path, change):
    root = warm(zizhi, tmp_path, {"utils/pay.js": "module.exports = () => wx.requestPayment({})\n"})
    append(root / "pages/index/index.js", "\n// a comment\n")
    utils = root / "utils/pay.js"
    if change == "renamed":
        utils.rename(root / "utils/pay2.js")
    elif change == "deleted":
        utils.unlink()
    else:
        (root / "utils/new.js").write_text("wx.scanCode({})\n", encoding="utf-8")
    same_as_without_cache(zizhi, monkeypatch, capsys)
    assert not cut_offs


def test_a_baseline_edited_takes_the_normal_path(cache, zizhi, cut_offs, monkeypatch, capsys, tmp_path):  # noqa: F811
    argv = [*HOOK, "--baseline", "app/base.json"]
    root = make_project(tmp_path / "app", {"pages/index/index.js": PAY})
    uncached(monkeypatch, capsys, "check", "app", "--write-baseline", "app/base.json")
    warm(zizhi, tmp_path, argv=argv)
    (root / "base.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    append(root / "pages/index/index.js", "\n// a comment\n")
    same_as_without_cache(zizhi, monkeypatch, capsys, argv)
    assert not cut_offs


def test_a_forged_or_damaged_cut_off_file_is_no_answer(cache, zizhi, cut_offs, monkeypatch, capsys, tmp_path):  # noqa: F811
    root = warm(zizhi, tmp_path)
    [path] = cache.glob("*.cut")
    kept = json.loads(path.read_text(encoding="utf-8"))
    for forged in ({**kept, "facts": "0" * 64}, {**kept, "events": [["o", "forged\n"]], "facts": "x"},
                   {**kept, "key": "0" * 40}, {**kept, "code": 5}, {**kept, "lines": [1, 2]}, "not json"):
        path.write_text(forged if isinstance(forged, str) else json.dumps(forged), encoding="utf-8")
        append(root / "pages/index/index.js", "\n// a comment\n")
        got = same_as_without_cache(zizhi, monkeypatch, capsys)
        assert "forged" not in got[1]
    assert not cut_offs


def test_a_cut_off_file_in_the_scanned_repository_is_never_read(zizhi, cut_offs, monkeypatch, capsys,  # noqa: F811
                                                                 tmp_path):
    from zizhi import walk

    monkeypatch.setattr(walk, "RACY_NS", 0)
    monkeypatch.delenv("ZIZHI_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "app" / ".cache"))
    root = warm(zizhi, tmp_path)
    append(root / "pages/index/index.js", "\n// a comment\n")
    same_as_without_cache(zizhi, monkeypatch, capsys)
    assert not cut_offs and not list((tmp_path / "app" / ".cache").rglob("*.cut"))


def test_after_an_edit_that_changed_facts_the_next_one_that_changes_none_is_answered(cache, zizhi, cut_offs,  # noqa: F811
                                                                                     monkeypatch, capsys, tmp_path):
    """The facts' id holds what the files extracted again gave where it differs from the part-
    file: a result made after a signal was added is the answer once more only while the facts are
    those again (and never for the facts of before)."""
    root = warm(zizhi, tmp_path)
    page = root / "pages/index/index.js"
    append(page, "\nwx.scanCode({})\n")
    added = same_as_without_cache(zizhi, monkeypatch, capsys)
    assert not cut_offs
    append(page, "\n// a comment\n")
    assert same_as_without_cache(zizhi, monkeypatch, capsys) == added
    assert cut_offs == [1]
    page.write_text(page.read_text(encoding="utf-8").replace("wx.scanCode({})", ""), encoding="utf-8")
    same_as_without_cache(zizhi, monkeypatch, capsys)
    assert cut_offs == [1]  # (the signal gone: other facts)
