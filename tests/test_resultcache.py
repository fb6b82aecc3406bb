"""The whole-command result cache (``zizhi.resultcache``): ``zizhi check`` on an unchanged tree is
answered before the engine is loaded, with the bytes, files and exit code the run gave; any change
the answer depends on is a miss, and the answer is always the one a run without any cache gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_fixture, fence, make_project
from zizhi import cli, resultcache, walk

ZIZHI_TOML_HELD = '[holdings]\nICP_FILING = "粤ICP备00000000号-1X"\n'
LOCATION = "Page({ onLoad() { wx.getLocation({}) } })\n"


@pytest.fixture
def cache(monkeypatch, tmp_path) -> Path:
    """Caches on, in a folder of the test's own; files written a moment ago count as trusted."""
    folder = tmp_path / "usercache"
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(folder))
    monkeypatch.delenv("ZIZHI_NO_CACHE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setattr(walk, "RACY_NS", 0)
    monkeypatch.chdir(tmp_path)
    return folder / "results"


class Zizhi:
    """``zizhi ARGV`` as its own process would run it (``main()`` reading ``sys.argv``, which turns
    the result cache on); ``.ran`` counts the runs that went to the engine (not answered)."""

    def __init__(self, monkeypatch, capsys):
        self.monkeypatch, self.capsys = monkeypatch, capsys
        import gc

        from zizhi import filecache

        monkeypatch.setattr(gc, "freeze", lambda: None)  # (``main()`` freezes: not the test process's objects)
        monkeypatch.setattr(filecache, "GC_FROZEN", False)  # (and says so, for the rest of the process)
        self.ran = 0
        self.active = False
        real = cli._run

        def spy(args):
            self.ran += self.active  # (not the runs of ``uncached``)
            return real(args)

        monkeypatch.setattr(cli, "_run", spy)

    def __call__(self, *argv: object) -> tuple[int, str, str]:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "argv", ["zizhi", *map(str, argv)])
        self.active = True
        try:
            code = cli.main()
        finally:
            self.active = False
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def zizhi(monkeypatch, capsys) -> Zizhi:
    return Zizhi(monkeypatch, capsys)


def uncached(monkeypatch, capsys, *argv: object) -> tuple[int, str, str]:
    """The same command without any cache, in-process (``main(argv)``: no result cache either)."""
    capsys.readouterr()
    code = cli.main([*map(str, argv), "--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


def test_unchanged_tree_is_answered_with_the_same_bytes(cache, zizhi, monkeypatch, capsys, tmp_path):
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    first = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 1 and first[0] == 1
    assert len(list(cache.glob("*.json"))) == 1
    again = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 1, "the unchanged tree went to the engine again"
    assert again == first
    assert uncached(monkeypatch, capsys, "check", "app", "--format", "json") == first


def test_exit_codes_0_and_1_are_kept(cache, zizhi, tmp_path):
    make_project(tmp_path / "clean", {"zizhi.toml": ZIZHI_TOML_HELD})
    make_project(tmp_path / "dirty", {"pages/index/index.js": LOCATION})
    assert zizhi("check", "clean")[0] == 0
    assert zizhi("check", "dirty")[0] == 1
    assert zizhi.ran == 2
    assert zizhi("check", "clean")[0] == 0
    assert zizhi("check", "dirty")[0] == 1
    assert zizhi.ran == 2


def test_a_run_ending_in_exit_2_is_never_kept(cache, zizhi, tmp_path):
    make_project(tmp_path / "app", {})
    first = zizhi("check", "app", "missing-folder")
    assert first[0] == 2 and "missing-folder" in first[2]
    assert not cache.exists() or not list(cache.glob("*.json"))
    assert zizhi("check", "app", "missing-folder") == first
    assert zizhi.ran == 2


def test_an_edited_file_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    root = make_project(tmp_path / "app", {})
    before = zizhi("check", "app", "--format", "json")
    (root / "pages/index/index.js").write_text(LOCATION, encoding="utf-8")
    after = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2 and after != before
    assert after == uncached(monkeypatch, capsys, "check", "app", "--format", "json")
    assert zizhi("check", "app", "--format", "json") == after and zizhi.ran == 2


def test_an_edited_file_not_among_the_recently_changed_ones_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    """The files changed most recently are looked at first (a quick miss); the others still count."""
    monkeypatch.setattr(resultcache, "HOT", 1)
    root = make_project(tmp_path / "app", {})
    newest = root / "pages/index/index.wxml"
    time.sleep(0.05)  # (past the file system clock's tick)
    newest.write_text(newest.read_text(encoding="utf-8"), encoding="utf-8")
    zizhi("check", "app", "--format", "json")
    assert [h[0] for h in json.loads(entry(cache).read_text(encoding="utf-8"))["hot"]] == [str(newest)]
    (root / "pages/index/index.js").write_text(LOCATION, encoding="utf-8")
    after = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2
    assert after == uncached(monkeypatch, capsys, "check", "app", "--format", "json")


def test_a_link_given_that_leads_elsewhere_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    make_project(tmp_path / "one", {})
    make_project(tmp_path / "two", {"pages/index/index.js": LOCATION})
    (tmp_path / "app").symlink_to(tmp_path / "one")
    first = zizhi("check", "app", "--format", "json")
    (tmp_path / "app").unlink()
    (tmp_path / "app").symlink_to(tmp_path / "two")
    after = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2 and after != first
    assert after == uncached(monkeypatch, capsys, "check", "app", "--format", "json")


def test_a_report_file_that_cannot_be_written_any_more(cache, zizhi, tmp_path):
    make_project(tmp_path / "app", {})
    (tmp_path / "out").mkdir()
    first = zizhi("check", "app", "--format", "json:out/r.json")
    assert first[0] == 1 and zizhi.ran == 1
    (tmp_path / "out" / "r.json").unlink()
    (tmp_path / "out").rmdir()
    code, _out, err = zizhi("check", "app", "--format", "json:out/r.json")
    assert code == 2 and "out/r.json" in err


def test_an_added_file_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    root = make_project(tmp_path / "app", {})
    zizhi("check", "app", "--format", "json")
    (root / "pages/index/more.js").write_text(LOCATION, encoding="utf-8")
    after = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2
    assert after == uncached(monkeypatch, capsys, "check", "app", "--format", "json")


def test_a_config_change_is_a_miss(cache, zizhi, tmp_path):
    root = make_project(tmp_path / "app", {})
    assert zizhi("check", "app")[0] == 1
    (root / "zizhi.toml").write_text(ZIZHI_TOML_HELD, encoding="utf-8")
    assert zizhi("check", "app")[0] == 0
    (root / "zizhi.toml").write_text(ZIZHI_TOML_HELD.replace("ICP_FILING", "# ICP_FILING"), encoding="utf-8")
    assert zizhi("check", "app")[0] == 1
    assert zizhi.ran == 3


def test_a_config_above_the_tree_is_a_dependency(cache, zizhi, tmp_path):
    """``find_config`` looks above the scanned folder (up to the repository root)."""
    outer = tmp_path / "repo"
    (outer / ".git").mkdir(parents=True)
    make_project(outer / "app", {})
    (outer / "app" / ".git").rmdir()  # (not fenced: the config search goes on to repo/)
    assert zizhi("check", "repo/app")[0] == 1
    (outer / "zizhi.toml").write_text(ZIZHI_TOML_HELD, encoding="utf-8")
    assert zizhi("check", "repo/app")[0] == 0
    assert zizhi.ran == 2



def test_a_config_linked_from_outside_the_tree_is_a_dependency(cache, zizhi, tmp_path):
    """A config in the tree may be a link to a file of the repository outside it (a shared one):
    the config search reads it, so its target's stat counts, not only where the link leads."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "shared").mkdir()
    shared = repo / "shared" / "zizhi.toml"
    shared.write_text(ZIZHI_TOML_HELD, encoding="utf-8")
    make_project(repo / "app", {})
    (repo / "app" / ".git").rmdir()  # (the config search goes on to repo/, which allows the link)
    (repo / "app" / "zizhi.toml").symlink_to("../shared/zizhi.toml")
    assert zizhi("check", "repo/app")[0] == 0
    shared.write_text(ZIZHI_TOML_HELD.replace("ICP_FILING", "# ICP_FILING"), encoding="utf-8")
    assert zizhi("check", "repo/app")[0] == 1, "the result from before the config changed was given"
    assert zizhi.ran == 2


def test_an_environment_change_that_alters_output_is_another_command(cache, zizhi, monkeypatch, capsys, tmp_path):
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    monkeypatch.setenv("ZIZHI_LANG", "en")
    english = zizhi("check", "app")
    monkeypatch.setenv("ZIZHI_LANG", "zh")
    chinese = zizhi("check", "app")
    assert zizhi.ran == 2 and english[1] != chinese[1]
    assert "小程序备案" in chinese[1] and "is required" in english[1] and "is required" not in chinese[1]
    assert chinese == uncached(monkeypatch, capsys, "check", "app")
    monkeypatch.setenv("ZIZHI_LANG", "en")
    assert zizhi("check", "app") == english and zizhi.ran == 2
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")  # links in the SARIF report
    zizhi("check", "app")
    assert zizhi.ran == 3


def test_an_engine_change_is_a_miss(cache, zizhi, monkeypatch, tmp_path):
    """The engine's identity: its packages' listings and stats (here a stand-in package), and the
    modules the run imported."""
    make_project(tmp_path / "app", {})
    package = tmp_path / "fake_plugin"
    package.mkdir()
    (package / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    real = resultcache._packages
    monkeypatch.setattr(resultcache, "_packages", lambda engine: [*real(engine), str(package)])
    zizhi("check", "app")
    stored = json.loads(next(cache.glob("*.json")).read_text(encoding="utf-8"))
    packages = stored["deps"]["packages"]
    assert str(Path(resultcache.__file__).parent) in packages
    assert any(p.endswith("zizhi_plugins") for p in packages)
    assert any("pluggy" in m for m in stored["deps"]["modules"])
    zizhi("check", "app")
    assert zizhi.ran == 1
    (package / "__init__.py").write_text("X = 2\n", encoding="utf-8")
    zizhi("check", "app")
    assert zizhi.ran == 2
    (package / "new.py").write_text("", encoding="utf-8")
    zizhi("check", "app")
    assert zizhi.ran == 3
    zizhi("check", "app")
    assert zizhi.ran == 3



def test_a_plugin_in_a_namespace_package_is_watched_whole(tmp_path, monkeypatch):
    """A plugin's package without ``__init__.py`` has no ``__file__``: its folders (``__path__``)
    are still listed and stat'ed, or an edit of its data (a catalogue it reads) would go unseen."""
    import importlib

    folder = tmp_path / "site" / "zz_namespace_plugin"
    folder.mkdir(parents=True)
    (folder / "hooks.py").write_text("X = 1\n", encoding="utf-8")
    (folder / "catalogue.toml").write_text("a = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    module = importlib.import_module("zz_namespace_plugin.hooks")

    class Manager:
        def list_name_plugin(self):
            return [("namespaced", module)]

    class Engine:
        pm = Manager()

    try:
        assert str(folder) in resultcache._packages(Engine())
    finally:
        for name in ("zz_namespace_plugin.hooks", "zz_namespace_plugin"):
            sys.modules.pop(name, None)


def test_no_cache_neither_reads_nor_writes(cache, zizhi, monkeypatch, tmp_path):
    make_project(tmp_path / "app", {})
    zizhi("check", "app", "--no-cache")
    zizhi("check", "app", "--no-cache")
    assert zizhi.ran == 2 and not cache.exists()
    monkeypatch.setenv("ZIZHI_NO_CACHE", "1")
    zizhi("check", "app")
    assert zizhi.ran == 3 and not cache.exists()


def test_output_files_are_written_again(cache, zizhi, monkeypatch, capsys, tmp_path):
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    argv = ("check", "app", "--format", "json:out/report.json", "--format", "sarif:out/report.sarif",
            "--format", "text")
    (tmp_path / "out").mkdir()
    first = zizhi(*argv)
    files = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert set(files) == {"report.json", "report.sarif"}
    for p in (tmp_path / "out").iterdir():
        p.unlink()
    assert zizhi(*argv) == first and zizhi.ran == 1
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == files
    # (the output folder is outside the scanned tree: writing the reports changes nothing it reads)
    uncached(monkeypatch, capsys, *argv)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == files


def test_stderr_is_given_again(cache, zizhi, tmp_path):
    make_project(tmp_path / "app", {})
    first = zizhi("check", "app", "--select", "ZZ100", "--select", "ZZ011")  # ZZ011: a retired code, a warning
    assert first[2]
    assert zizhi("check", "app", "--select", "ZZ100", "--select", "ZZ011") == first and zizhi.ran == 1


def entry(cache: Path) -> Path:
    (found,) = cache.glob("*.json")
    return found



def test_a_cache_folder_that_cannot_be_named_leaves_the_run_as_it_is(cache, zizhi, monkeypatch, capsys, tmp_path):
    """No home folder (a container's user without one): the result cache is left out, never an
    exception escaping main() (a traceback and exit 1, the code of findings)."""
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})

    def nowhere() -> str:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(resultcache, "results_dir", nowhere)
    argv = ("check", "app", "--format", "json")
    assert zizhi(*argv) == uncached(monkeypatch, capsys, *argv)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not-a-dict", "other-key", "code-2", "code-7", "code-true",
                                    "file-not-named", "event-type", "digest", "deps-type", "link"])
def test_a_damaged_or_hostile_entry_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path, damage):
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    first = zizhi("check", "app", "--format", "json")
    path = entry(cache)
    stored = json.loads(path.read_text(encoding="utf-8"))
    evil = tmp_path / "evil.txt"
    if damage == "garbage":
        path.write_bytes(b"\x00\xff{not json")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "not-a-dict":
        path.write_text("[1, 2, 3]", encoding="utf-8")
    else:
        if damage == "other-key":
            stored["key"] = "0" * 40
        elif damage == "code-2":
            stored["code"] = 2
        elif damage == "code-7":
            stored["code"] = 7
        elif damage == "code-true":
            stored["code"] = True
        elif damage == "file-not-named":
            stored["events"].append(["f", str(evil), "written by a hostile cache entry"])
        elif damage == "event-type":
            stored["events"].append(["x", 1])
        elif damage == "digest":
            stored["events"] = [["o", "forged\n"]]
            stored["digest"] = "0" * 64
        elif damage == "deps-type":
            stored["deps"]["trees"] = {"a": 1}
        if damage == "link":
            target = tmp_path / "elsewhere.json"
            target.write_text(json.dumps(stored), encoding="utf-8")
            path.unlink()
            path.symlink_to(target)
        else:
            path.write_text(json.dumps(stored), encoding="utf-8")
    again = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2, "a damaged entry was given as an answer"
    assert again == first and not evil.exists()


def test_a_new_build_output_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    """Discovery lists unpackage/dist/build/, three levels into a folder the walk skips (whose
    entries only are looked at): a build output added there is a miss."""
    app = tmp_path / "app"
    app.mkdir()
    fence(app)
    make_project(app / "unpackage/dist/build/mp-weixin", {})
    (app / "unpackage/dist/build/mp-weixin/.git").rmdir()
    first = zizhi("check", "app", "--format", "json")
    assert json.loads(first[1])["projects"][0]["root"] == "unpackage/dist/build/mp-weixin"
    make_project(app / "unpackage/dist/build/mp-alipay", {"pages/index/index.js": LOCATION})
    (app / "unpackage/dist/build/mp-alipay/.git").rmdir()
    after = zizhi("check", "app", "--format", "json")
    expected = uncached(monkeypatch, capsys, "check", "app", "--format", "json")
    assert zizhi.ran == 2, "the result from before the new build output was given"
    assert after == expected


def test_a_file_removed_during_the_run_is_not_kept_as_absent(cache, zizhi, monkeypatch, capsys, tmp_path):
    """A file removed after the scan read it and before the state was taken leaves no file to be
    racy: its folder's own stat is."""
    root = make_project(tmp_path / "app", {"pages/index/more.js": LOCATION})
    monkeypatch.setattr(walk, "RACY_NS", 500_000_000)
    time.sleep(0.6)  # (the files are older than RACY_NS: trusted)
    real = resultcache.Session._store

    def store(self, *args):
        (root / "pages/index/more.js").unlink()  # (after the scan read it, before the state is taken)
        return real(self, *args)

    monkeypatch.setattr(resultcache.Session, "_store", store)
    first = zizhi("check", "app", "--format", "json")
    monkeypatch.setattr(resultcache.Session, "_store", real)
    assert "more.js" in first[1]
    after = zizhi("check", "app", "--format", "json")
    assert zizhi.ran == 2, "the result of a file since removed was given"
    assert after == uncached(monkeypatch, capsys, "check", "app", "--format", "json")


def test_results_in_the_scanned_tree_are_never_used(zizhi, monkeypatch, tmp_path):
    """A cache folder inside the scanned repository (``ZIZHI_CACHE_DIR`` pointing there) is neither
    written nor read: the repository could have planted the answer."""
    root = make_project(tmp_path / "app", {})
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(root / "cachedir"))
    monkeypatch.delenv("ZIZHI_NO_CACHE", raising=False)
    monkeypatch.setattr(walk, "RACY_NS", 0)
    monkeypatch.chdir(tmp_path)
    assert resultcache.untrusted_location(str(root / "cachedir" / "results"), ["app"])
    zizhi("check", "app")
    zizhi("check", "app")
    assert zizhi.ran == 2
    assert not (root / "cachedir" / "results").exists()


def test_a_result_in_the_scanned_tree_is_not_even_read(zizhi, monkeypatch, tmp_path):
    """A file planted there is neither parsed (megabytes of JSON, bounded but for nothing) nor trusted."""
    root = make_project(tmp_path / "app", {})
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(root / "cachedir"))
    monkeypatch.delenv("ZIZHI_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    read: list[str] = []
    real = resultcache._read
    monkeypatch.setattr(resultcache, "_read", lambda path: read.append(path) or real(path))
    zizhi("check", "app")
    assert not read


def test_racy_files_are_not_trusted(zizhi, monkeypatch, tmp_path):
    """A file changed just before the run began could change again unseen by its stat: not kept."""
    make_project(tmp_path / "app", {})
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "usercache"))
    monkeypatch.delenv("ZIZHI_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(walk, "RACY_NS", 10**18)
    zizhi("check", "app")
    zizhi("check", "app")
    assert zizhi.ran == 2
    assert not list((tmp_path / "usercache" / "results").glob("*.json"))


def test_racy_files_seen_by_the_snapshots_stop_the_keeping_without_a_walk(cache, zizhi, monkeypatch, tmp_path):
    make_project(tmp_path / "app", {})
    monkeypatch.setattr(walk, "RACY_NS", 10**18)  # (the snapshot's stat pass finds every file racy)
    walked: list[str] = []
    real = resultcache._State.tree
    monkeypatch.setattr(resultcache._State, "tree", lambda self, root: walked.append(root) or real(self, root))
    zizhi("check", "app")
    assert not walked and not list(cache.glob("*.json"))


def test_not_kept_for_diff_baseline_writes_and_step_summaries(cache, zizhi, monkeypatch, tmp_path):
    make_project(tmp_path / "app", {})
    zizhi("check", "app", "--write-baseline", "base.json")
    zizhi("check", "app", "--write-baseline", "base.json")
    assert zizhi.ran == 2
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    zizhi("check", "app", "--format", "github")
    zizhi("check", "app", "--format", "github")
    assert zizhi.ran == 4 and (tmp_path / "summary.md").read_text(encoding="utf-8").count("ZZ100") >= 2
    assert not cache.exists() or not list(cache.glob("*.json"))


def test_a_baseline_is_a_dependency(cache, zizhi, monkeypatch, capsys, tmp_path):
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    uncached(monkeypatch, capsys, "check", "app", "--write-baseline", "base.json")
    assert zizhi("check", "app", "--baseline", "base.json")[0] == 0
    Path("base.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    assert zizhi("check", "app", "--baseline", "base.json") == uncached(
        monkeypatch, capsys, "check", "app", "--baseline", "base.json")
    assert zizhi.ran == 2



def test_a_file_read_by_name_removed_during_the_run_is_not_kept_as_absent(cache, zizhi, monkeypatch, capsys,
                                                                           tmp_path):
    """As a file of a tree: a baseline removed after the run read it leaves its folder changed just now."""
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    uncached(monkeypatch, capsys, "check", "app", "--write-baseline", "base.json")
    monkeypatch.setattr(walk, "RACY_NS", 500_000_000)
    time.sleep(0.6)  # (the files are older than RACY_NS: trusted)
    real = resultcache.Session._store

    def store(self, *args):
        Path("base.json").unlink()  # (after the run read it, before the state is taken)
        return real(self, *args)

    monkeypatch.setattr(resultcache.Session, "_store", store)
    assert zizhi("check", "app", "--baseline", "base.json")[0] == 0
    monkeypatch.setattr(resultcache.Session, "_store", real)
    after = zizhi("check", "app", "--baseline", "base.json")
    assert zizhi.ran == 2, "the result of a baseline since removed was given"
    assert after == uncached(monkeypatch, capsys, "check", "app", "--baseline", "base.json")

def test_the_changed_files_hook_is_kept_too(cache, zizhi, monkeypatch, capsys, tmp_path):
    root = make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    monkeypatch.chdir(root)
    first = zizhi("check", "pages/index/index.js", "app.js")
    assert zizhi("check", "pages/index/index.js", "app.js") == first and zizhi.ran == 1
    (root / "app.js").write_text("App({ onLaunch() { wx.getLocation({}) } })\n", encoding="utf-8")
    after = zizhi("check", "pages/index/index.js", "app.js")
    assert zizhi.ran == 2
    assert after == uncached(monkeypatch, capsys, "check", "pages/index/index.js", "app.js")


def test_results_are_bounded(cache, zizhi, monkeypatch, tmp_path):
    for name in ("a", "b", "c"):
        make_project(tmp_path / name, {})
    monkeypatch.setattr(resultcache, "KEEP", 2)
    for name in ("a", "b", "c"):
        zizhi("check", name)
        time.sleep(0.01)  # (distinct mtimes)
    kept = [json.loads(p.read_text(encoding="utf-8"))["deps"]["trees"][0] for p in cache.glob("*.json")]
    assert sorted(Path(t).name for t in kept) == ["b", "c"]
    size = max(p.stat().st_size for p in cache.glob("*.json"))
    monkeypatch.setattr(resultcache, "KEEP_BYTES", size + size // 2)
    zizhi("check", "a")
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setattr(resultcache, "MAX_BYTES", 100)
    zizhi("check", "b")
    assert [json.loads(p.read_text(encoding="utf-8"))["deps"]["trees"][0] for p in cache.glob("*.json")] == \
        [str((tmp_path / "a").resolve())]


def test_files_left_by_a_process_killed_while_writing_are_removed(cache, zizhi, tmp_path):
    make_project(tmp_path / "app", {})
    cache.mkdir(parents=True)
    old, fresh = cache / ".tmp-1-1", cache / ".tmp-2-2"
    for path in (old, fresh):
        path.write_bytes(b"x" * 1000)
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    zizhi("check", "app")
    assert len(list(cache.glob("*.json"))) == 1
    assert not old.exists() and fresh.exists()  # (one being written now is left alone)


def test_zizhi_clean_removes_the_results_of_its_folder(cache, zizhi, tmp_path):
    make_project(tmp_path / "app", {})
    make_project(tmp_path / "other", {})
    zizhi("check", "app")
    zizhi("check", "other")
    assert len(list(cache.glob("*.json"))) == 2
    zizhi("clean", "app")
    (left,) = cache.glob("*.json")
    assert json.loads(left.read_text(encoding="utf-8"))["deps"]["trees"] == [str((tmp_path / "other").resolve())]


def test_examples_answered_from_the_cache_as_without_it(cache, zizhi, monkeypatch, capsys, tmp_path):
    """The equivalence check of the caches, for the result cache: every format, both languages."""
    for name in ("uniapp", "taro", "backend-python"):
        copy_fixture(name, tmp_path)
        for fmt in ("json", "sarif", "text", "markdown"):
            for lang in ("en", "zh"):
                argv = ("check", name, "--format", fmt, "--lang", lang)
                expected = uncached(monkeypatch, capsys, *argv)
                assert zizhi(*argv) == expected
                ran = zizhi.ran
                assert zizhi(*argv) == expected and zizhi.ran == ran


def test_a_hit_loads_neither_the_engine_nor_a_plugin(tmp_path):
    """In a process of its own, as the console script runs."""
    make_project(tmp_path / "app", {"pages/index/index.js": LOCATION})
    env = dict(os.environ, ZIZHI_CACHE_DIR=str(tmp_path / "usercache"), NO_COLOR="1")
    env.pop("ZIZHI_NO_CACHE", None)
    script = ("import sys\n"
              "from zizhi import walk; walk.RACY_NS = 0\n"
              "from zizhi.cli import main\n"
              "sys.argv = ['zizhi', 'check', 'app', '--format', 'json']\n"
              "code = main()\n"
              "loaded = sorted(m for m in sys.modules if m.startswith(('pluggy', 'zizhi_plugins', 'zizhi.engine')))\n"
              "sys.stderr.write('LOADED ' + ' '.join(loaded))\n"
              "sys.exit(code)\n")
    runs = [subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout and json.loads(runs[1].stdout)["projects"]
    assert "zizhi.engine" in runs[0].stderr
    assert runs[1].stderr.endswith("LOADED "), runs[1].stderr


def test_every_environment_variable_read_is_in_the_key():
    """A variable that zizhi or a plugin reads changes what it writes: it must be in the key."""
    pattern = re.compile(r"""(?:environ\.get|getenv|env\.get)\(\s*["']([A-Z_][A-Z0-9_]*)["']"""
                         r"""|env\[["']([A-Z_]+)["']\]""")
    names = set()
    for folder in (ROOT / "src" / "zizhi", ROOT / "plugins" / "zizhi_plugins"):
        for path in folder.rglob("*.py"):
            if "python" in path.parts and path.name == "cst_reader.py":
                continue  # (reads the scanned code's getenv calls, not the environment)
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                names.add(match.group(1) or match.group(2))
    assert names, "the pattern finds nothing: the test is broken"
    missing = sorted(n for n in names if n not in resultcache.ENV_NAMES and not n.startswith(resultcache.ENV_PREFIXES))
    assert not missing



def test_the_interpreters_flags_are_in_the_key():
    """``python -O`` drops asserts (a run that would fail on one ends otherwise): another command."""
    script = "from zizhi import resultcache; print(resultcache.command_key(['check']))"
    keys = {flag: subprocess.run([sys.executable, *([flag] if flag else []), "-c", script], capture_output=True,
                                 text=True, check=True).stdout for flag in ("", "-O", "-b")}
    assert len(set(keys.values())) == 3, keys

def test_config_names_are_those_of_the_config_search():
    from zizhi.config import CONFIG_NAMES

    assert resultcache.CONFIG_NAMES == CONFIG_NAMES


def test_nested_recordings_of_reads_end_by_identity():
    """The whole command records the files read by name around the snapshots' own recordings: two
    equal recordings (both empty) must each remove itself, not the first equal one."""
    from zizhi import safeio

    outer = safeio.recording_reads()
    mine = outer.__enter__()
    try:
        with safeio.recording_reads():
            pass
        assert len(safeio._RECORDING) == 1 and safeio._RECORDING[0] is mine
    finally:
        outer.__exit__(None, None, None)
    assert safeio._RECORDING == []


def _unibest(root: Path) -> Path:
    """A uni-app project whose pages.json the build writes (vite-plugin-uni-pages: none in the tree)."""
    from conftest import write_files
    from test_round14 import _UNIBEST

    root.mkdir(parents=True)
    write_files(root, dict(_UNIBEST))
    fence(root)
    return root


def test_a_page_added_to_a_generated_pages_json_is_a_miss(cache, zizhi, monkeypatch, capsys, tmp_path):
    # its pages are the files the plugin would find, not a pages.json's stat: a new page counts
    root = _unibest(tmp_path / "app")
    for target in ("app", "app/src"):
        first = zizhi("check", target, "--format", "json")
        (root / "src/pages/near").mkdir(exist_ok=True)
        (root / "src/pages/near/near.vue").write_text(
            "<script>\nuni.getLocation({ type: 'gcj02' })\n</script>\n", encoding="utf-8")
        after = zizhi("check", target, "--format", "json")
        assert after != first and after == uncached(monkeypatch, capsys, "check", target, "--format", "json")
        assert "getLocation" in after[1]
        (root / "src/pages/near/near.vue").unlink()


def test_the_configs_above_a_scanned_src_are_dependencies(cache, zizhi, monkeypatch, capsys, tmp_path):
    # scanning src/ itself (the changed-files hook): pages.config and vite.config are outside the tree
    root = _unibest(tmp_path / "app")
    vite = root / "vite.config.ts"
    text = vite.read_text(encoding="utf-8")
    first = zizhi("check", "app/src", "--format", "json")
    assert "pages-sub/" in first[1]
    vite.unlink()
    gone = zizhi("check", "app/src", "--format", "json")
    assert gone != first and gone == uncached(monkeypatch, capsys, "check", "app/src", "--format", "json")
    vite.write_text(text, encoding="utf-8")  # (added again)
    back = zizhi("check", "app/src", "--format", "json")
    assert back == first and zizhi.ran == 3
    (root / "pages.config.ts").rename(root / "pages.config.js")
    moved = zizhi("check", "app/src", "--format", "json")
    assert zizhi.ran == 4 and moved == uncached(monkeypatch, capsys, "check", "app/src", "--format", "json")
