"""Project snapshots (``zizhi.snapshot``): an unchanged project is answered from the user's cache after
one stat pass; any change the project's facts depend on is a miss, and the report is always the
one a run without any cache gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import copy_fixture, make_project
from zizhi import engine as engine_mod
from zizhi import filecache, walk
from zizhi.context import Options
from zizhi.engine import check, load_engine
from zizhi.filecache import default_base, root_folder_name


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch):
    """Files written a moment ago by the test count as old enough to trust by their stat."""
    monkeypatch.setattr(walk, "RACY_NS", 0)


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """The projects that went through extraction (not answered by their snapshot) in each run, by
    root name; ``name+`` when only the files that changed were extracted (the project not loaded)."""
    seen: list[str] = []
    real = engine_mod.extract

    def spy(project, ctx, nested, reuse=None, record=None):
        seen.append(project.root.name + ("+" if reuse is not None else ""))
        return real(project, ctx, nested, reuse=reuse, record=record)

    monkeypatch.setattr(engine_mod, "extract", spy)
    return seen


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The project files read (project-relative) by extraction in each run."""
    from zizhi import extract as extract_mod

    seen: list[str] = []
    real = extract_mod.read_file

    def spy(project, relpath, kind, ctx, checked=False):
        seen.append(relpath)
        return real(project, relpath, kind, ctx, checked)

    monkeypatch.setattr(extract_mod, "read_file", spy)
    return seen


def render(engine, path: Path, fmt: str = "json", **options) -> str:
    report = check([path], engine, Options(**options))
    return engine.reporters[fmt](report)


def snapshots(root: Path) -> list[Path]:
    return snapshot_files(root, "snap")


def test_unchanged_project_is_answered_from_its_snapshot(engine, tmp_path, extracted) -> None:
    root = copy_fixture("voice-square", tmp_path)
    plain = {fmt: render(engine, root, fmt=fmt) for fmt in ("json", "sarif", "text")}
    extracted.clear()
    assert render(engine, root, cache=True) == plain["json"]
    assert extracted == ["voice-square"]  # cold: loaded and extracted, snapshot written
    assert len(snapshots(root)) == 1
    extracted.clear()
    for fmt, text in plain.items():
        assert render(engine, root, fmt=fmt, cache=True) == text
    assert extracted == [], "an unchanged project was loaded again"
    assert not list(root.rglob("snap-*")), "a snapshot is never written into the scanned tree"


def assert_loaded_again(engine, root: Path, extracted: list[str]) -> None:
    """After a part- file was damaged: an edit of the fixture's script is a warm run that loads the
    whole project again (the damaged part is no evidence) and reports what a run without a cache does."""
    script = root / "pages/index/index.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    extracted.clear()
    warm = render(engine, root, cache=True)
    assert extracted == ["js-apis"]
    assert warm == render(engine, root)


def snapshot_files(root: Path, prefix: str) -> list[Path]:
    return sorted((default_base() / root_folder_name(root.resolve())).glob(f"v*-*/{prefix}-*.json"))


@pytest.mark.parametrize("change", ["script", "two scripts", "stylesheet", "app.js"])
def test_a_changed_script_is_extracted_alone(engine, tmp_path, extracted, reads, change) -> None:
    """The changed-files hook's case: a few scripts edited; the project is not loaded again, only
    the changed files are read, and the report is the one a run without any cache gives."""
    root = copy_fixture("voice-square", tmp_path)
    (root / "app.wxss").write_text("page { color: black; }\n", encoding="utf-8")  # read by no one
    render(engine, root, cache=True)
    scripts = sorted((root / "pages").rglob("*.js"))
    edited = scripts[:2] if change == "two scripts" else scripts[:1] if change == "script" else []
    if change == "app.js":  # read by the backend plugin (is it a server's?): the answer is asked again
        edited = [root / "app.js"]
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "\nwx.requestPayment({})\n", encoding="utf-8")
    if change == "stylesheet":
        (root / "app.wxss").write_text("page { color: red; }\n", encoding="utf-8")
    extracted.clear()
    reads.clear()
    warm = render(engine, root, cache=True)
    assert extracted == ["voice-square+"]
    assert sorted(reads) == sorted(p.relative_to(root).as_posix() for p in edited)
    assert warm == render(engine, root)
    extracted.clear()
    assert render(engine, root, cache=True) == warm
    assert extracted == []
    # another edit: the part- file was not rewritten for a few files, so the first ones are
    # extracted again too (known to the per-file cache by their stat: not read)
    other = scripts[-1]
    other.write_text(other.read_text(encoding="utf-8") + "\nwx.getLocation({})\n", encoding="utf-8")
    extracted.clear()
    reads.clear()
    again = render(engine, root, cache=True)
    assert extracted == ["voice-square+"] and reads == [other.relative_to(root).as_posix()]
    assert again == render(engine, root)


@pytest.mark.parametrize("change", ["page json", "app.json", "imported template"])
def test_a_file_the_loading_read_loads_the_project_again(engine, tmp_path, extracted, change) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index"], "usingComponents": {}}\n',
        "pages/index/index.json": '{"usingComponents": {}}\n',
        "pages/index/index.wxml": '<import src="/templates/card.wxml"/>\n<view>index</view>\n',
        "templates/card.wxml": "<template name=\"card\"><view>card</view></template>\n",
        "pages/index/index.js": "Page({})\n",
    })
    render(engine, root, cache=True)
    if change == "page json":
        (root / "pages/index/index.json").write_text('{"navigationBarTitleText": "x", "usingComponents": {}}\n')
    elif change == "app.json":
        (root / "app.json").write_text('{"pages": ["pages/index/index"], "requiredPrivateInfos": ["getLocation"]}\n')
    else:
        (root / "templates/card.wxml").write_text("<template name=\"card\"><live-player/></template>\n")
    extracted.clear()
    warm = render(engine, root, cache=True)
    # a page's JSON and app.json are extracted with what the loading read: everything again; the
    # template is read by the loading (what it imports) but is loaded as before: extracted alone
    assert extracted == (["p+"] if change == "imported template" else ["p"])
    assert warm == render(engine, root)


@pytest.mark.parametrize("server", [False, True])
def test_what_the_loading_derived_from_a_script_is_derived_again(engine, tmp_path, extracted, server) -> None:
    """The backend plugin reads scripts at the project's root to tell a server's (``gulpfile.js``
    requiring express), and records only that answer: after an edit it is asked again; the same
    answer extracts only the changed file, another (now a server) loads the project again."""
    root = make_project(tmp_path / "p", {"gulpfile.js": "const gulp = require('gulp')\n"})
    render(engine, root, cache=True)
    body = "const express = require('express')\nexpress().listen(80)\n" if server else "// tasks\n"
    (root / "gulpfile.js").write_text(body)
    extracted.clear()
    warm = render(engine, root, cache=True)
    assert extracted == (["p"] if server else ["p+"])
    assert warm == render(engine, root)


@pytest.mark.parametrize("damage", ["not json", "another static key", "bad results", "bad stats",
                                    "a path not a string", "a signal's name a list", "a signal's line a string",
                                    "a signal's path a number", "a diagnostic's line a string",
                                    "the manifest's file left out", "the manifest's signals left out",
                                    "a file's signals not a list", "a file's diagnostics not a list"])
def test_a_damaged_part_file_loads_the_project_again(engine, tmp_path, extracted, damage) -> None:
    root = copy_fixture("js-apis", tmp_path)
    render(engine, root, cache=True)
    [part] = snapshot_files(root, "part")
    data = json.loads(part.read_text(encoding="utf-8"))
    if damage == "not json":
        text = "{"
    else:
        if damage == "another static key":
            data["static"] = "0" * 64
        elif damage == "bad results":
            data["results"] = [[1, 2]]
        elif damage == "a path not a string":
            data["results"]["files"][0] = 1
        elif damage in ("a file's signals not a list", "a file's diagnostics not a list"):
            # (an empty value of another type: no signal, no diagnostic, but not what was written)
            results = data["results"]
            if "signals" in damage:
                results["signals"]["name"] = 0
            else:
                results["diagnostics"]["0"] = ""
        elif damage.startswith("the manifest's"):
            # (a row without results is extracted again; the manifest alone, out of the loading,
            # lost its requiredPrivateInfos signal: it is loaded again, as when it changed)
            results = data["results"]
            index = results["files"].index("app.json")
            results["metas" if damage == "the manifest's file left out" else "counts"][index] = None
        elif damage.startswith("a signal's"):
            # (a part of another type failed after the reading, in detection's sorting or matching)
            column, value = {"a signal's name a list": ("name", ["wx.login"]),
                             "a signal's line a string": ("line", "x"),
                             "a signal's path a number": ("path", 1.5)}[damage]
            data["results"]["signals"][column][0] = value
        elif damage == "a diagnostic's line a string":
            diagnostics = data["results"]["diagnostics"]
            if not diagnostics:  # (the fixture gives its files no diagnostic: one made up, then damaged)
                diagnostics["0"] = [["X", "m", data["results"]["files"][0], 1, 1, "warning"]]
            next(iter(diagnostics.values()))[0][3] = "x"
        else:
            data["stats"] = {}
        text = json.dumps(data)
    part.write_text(text, encoding="utf-8")
    assert_loaded_again(engine, root, extracted)


@pytest.mark.parametrize("damage", ["not a table", "an unknown entry", "a bad key", "none"])
def test_the_matches_kept_in_a_part_file_are_learned_only_when_valid(engine, tmp_path, extracted, damage) -> None:
    """The part- file keeps what the catalogue matched for the project's signals (``matches``); a
    run that reuses it learns them back instead of matching every signal again. A damaged table
    teaches nothing, and the report is the one without any cache either way."""
    root = copy_fixture("js-apis", tmp_path)
    cold = render(engine, root, cache=True)
    [part] = snapshot_files(root, "part")
    data = json.loads(part.read_text(encoding="utf-8"))
    assert data["matches"] and all(len(row) == 5 for row in data["matches"])
    if damage == "not a table":
        data["matches"] = {"a": 1}
    elif damage == "an unknown entry":
        data["matches"][0][4] = ["no.such.entry"]
    elif damage == "a bad key":
        data["matches"][0][3] = [[1, 2]]
    part.write_text(json.dumps(data), encoding="utf-8")
    script = root / "pages/index/index.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    extracted.clear()
    engine.catalogue._matched.clear()  # (what an earlier test of this process matched)
    matched: list[object] = []
    match = engine.catalogue._match
    engine.catalogue._match = lambda signal: matched.append(signal) or match(signal)
    try:
        warm = render(engine, root, cache=True)
    finally:
        del engine.catalogue._match
    assert extracted == ["js-apis+"]
    assert (not matched) if damage == "none" else matched  # (the edited file's signals: the same as before)
    assert warm == render(engine, root) == cold


@pytest.mark.parametrize("change", ["edit", "add", "delete", "rename", "config", "npm"])
def test_a_change_is_a_miss_and_the_report_follows_it(engine, tmp_path, extracted, change) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "Page({ pay() { wx.requestPayment({}) } })\n",
        "pages/index/extra.js": "wx.getLocation({})\n",
        "utils/old.js": "module.exports = 1\n",
    })
    render(engine, root, cache=True)
    render(engine, root, cache=True)
    extracted.clear()
    if change == "edit":
        (root / "pages/index/index.js").write_text("Page({ ad() { wx.createRewardedVideoAd({}) } })\n")
    elif change == "add":
        (root / "pages/index/live.wxml").write_text('<live-player src="x"></live-player>\n')
    elif change == "delete":
        (root / "pages/index/index.js").unlink()
    elif change == "rename":
        (root / "utils/old.js").rename(root / "utils/new.js")
    elif change == "config":
        (root / "zizhi.toml").write_text('[holdings]\nICP_B25 = "京B2-20240000"\n')
    elif change == "npm":  # a folder the walk skips, which the npm plugin lists
        (root / "miniprogram_npm/@vant/weapp").mkdir(parents=True)
    warm = render(engine, root, cache=True)
    assert extracted in (["p"], ["p+"]), "the change was not seen"
    assert warm == render(engine, root)
    extracted.clear()
    assert render(engine, root, cache=True) == warm
    assert extracted == [], "the new snapshot was not used"


def test_unread_folders_do_not_invalidate(engine, tmp_path, extracted) -> None:
    """Version-control and tool folders are never read: a commit does not cost a full warm run."""
    root = make_project(tmp_path / "p", {".git/HEAD": "ref: refs/heads/main\n"})
    render(engine, root, cache=True)
    (root / ".git/index").write_bytes(b"changed")
    (root / ".git/objects").mkdir()
    extracted.clear()
    render(engine, root, cache=True)
    assert extracted == []


@pytest.mark.parametrize("damage", ["not json", "a list", "another key", "wrong fields", "bad values"])
def test_a_damaged_or_foreign_snapshot_is_a_miss(engine, tmp_path, extracted, damage) -> None:
    root = copy_fixture("js-apis", tmp_path)
    plain = render(engine, root)
    render(engine, root, cache=True)
    [snap] = snapshots(root)
    data = json.loads(snap.read_text(encoding="utf-8"))
    if damage == "not json":
        text = "{not json"
    elif damage == "a list":
        text = "[1, 2]"
    elif damage == "another key":  # a snapshot of another tree or state, copied in
        data["key"] = "0" * 64
        text = json.dumps(data)
    elif damage == "wrong fields":
        data["project"]["evil"] = 1
        text = json.dumps(data)
    else:
        data["project"]["signals"] = [["api", "wx.x"]]
        data["project"]["files"] = [[None, 1]]
        text = json.dumps(data)
    snap.write_text(text, encoding="utf-8")
    extracted.clear()
    assert render(engine, root, cache=True) == plain
    assert extracted == ["js-apis+"]  # (nothing changed: the part- file has every file's result)
    json.loads(snap.read_text(encoding="utf-8"))  # written again, whole
    extracted.clear()
    assert render(engine, root, cache=True) == plain
    assert extracted == []


@pytest.mark.parametrize("options", [{"lang": "zh"}, {"parse_vendored": True}, {"suppressions": False},
                                     {"max_file_bytes": 10}, {"platform": "wechat"}])
def test_an_option_that_changes_output_is_another_key(engine, tmp_path, extracted, options) -> None:
    root = copy_fixture("js-apis", tmp_path)
    render(engine, root, cache=True)
    extracted.clear()
    warm = render(engine, root, fmt="text", cache=True, **options)
    assert extracted == ["js-apis"]
    assert warm == render(engine, root, fmt="text", **options)


def test_select_and_another_engine_are_other_keys(engine, tmp_path, extracted) -> None:
    root = copy_fixture("js-apis", tmp_path)
    render(engine, root, cache=True)
    extracted.clear()
    report = check([root], engine, Options(cache=True), select=["ZZ1"])
    assert extracted == ["js-apis"] and report.projects
    other = load_engine()
    other._fingerprint = "1" * 32  # another zizhi, plugin or policy pack
    extracted.clear()
    warm = render(other, root, cache=True)
    assert extracted == ["js-apis"]
    assert warm == render(engine, root)


def test_racy_files_are_not_trusted(engine, tmp_path, extracted, monkeypatch) -> None:
    """A file changed just before the run: no snapshot is used or written (an edit within the same
    clock tick would leave its stat unchanged)."""
    monkeypatch.setattr(walk, "RACY_NS", 10**18)
    root = copy_fixture("js-apis", tmp_path)
    render(engine, root, cache=True)
    render(engine, root, cache=True)
    assert extracted == ["js-apis", "js-apis"]
    assert snapshots(root) == []


def test_no_cache_turns_snapshots_off(run, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    root = copy_fixture("js-apis", tmp_path)
    run("check", root, "--no-cache")
    monkeypatch.setenv("ZIZHI_NO_CACHE", "1")
    run("check", root)
    assert snapshots(root) == []
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    run("check", root)
    assert len(snapshots(root)) == 1
    run("clean", root)
    assert snapshots(root) == []


def test_snapshot_keeps_the_file_cache_of_its_project(engine, tmp_path, extracted) -> None:
    """Two projects under one scan root: one answered by its snapshot, the other extracted (its
    snapshot is gone). The per-file cache written at the end still holds the first one's entries."""
    make_project(tmp_path / "scan/a", {"pages/index/index.js": "wx.requestPayment({})\n"})
    make_project(tmp_path / "scan/b", {"pages/index/index.js": "wx.getLocation({})\n"})
    scan = tmp_path / "scan"
    plain = render(engine, scan)
    assert render(engine, scan, cache=True) == plain
    assert len(snapshots(scan)) == 2
    for snap in snapshots(scan):
        data = json.loads(snap.read_text(encoding="utf-8"))
        if any(f[1] == "b/pages/index/index.js" for f in data["project"]["files"]):
            snap.unlink()
            snap.with_name("part-" + snap.name.removeprefix("snap-")).unlink()
    extracted.clear()
    assert render(engine, scan, cache=True) == plain
    assert extracted == ["b"]
    cache = filecache.FileCache(scan.resolve(), engine.fingerprint())
    assert any(ident.endswith("a/pages/index/index.js") for ident in cache.entries), sorted(cache.entries)
    extracted.clear()
    assert render(engine, scan, cache=True) == plain
    assert extracted == []


def test_a_link_to_the_cache_inside_the_tree_is_refused(engine, tmp_path) -> None:
    root = copy_fixture("js-apis", tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    os.symlink(victim, root / "cachelink")
    report = check([root], engine, Options(cache=True, cache_dir=str(root / "cachelink" / "c")))
    assert report.projects
    assert not list(victim.rglob("*"))


def test_one_stat_pass_per_scan_root(engine, tmp_path, monkeypatch, extracted) -> None:
    """Every project of a scan root is keyed on the stats of the whole root: they are taken once
    per run, not once per project (a folder of 70 repositories would stat every file 70 times)."""
    from zizhi import snapshot

    for name in ("a", "b", "c"):
        make_project(tmp_path / "scan" / name, {"pages/index/index.js": "wx.requestPayment({})\n"})
    scan = tmp_path / "scan"
    passes: list[int] = []
    real = snapshot._stat_pass
    monkeypatch.setattr(snapshot, "_stat_pass", lambda root, paths, *rest: passes.append(len(paths)) or
                        real(root, paths, *rest))
    plain = render(engine, scan)
    assert render(engine, scan, cache=True) == plain
    assert len(passes) == 1 and passes[0] > 10
    extracted.clear()
    assert render(engine, scan, cache=True) == plain
    assert extracted == [] and len(passes) == 2


def test_the_stat_pass_keeps_the_stamps_of_walk(tmp_path) -> None:
    """``_stat_pass`` formats each file's stat itself (thousands of files: no call per file): the
    stamps and their digest are what ``walk.stat_stamp`` makes, and a file gone is a change."""
    import hashlib

    from zizhi import snapshot

    root = make_project(tmp_path / "p", {"a.js": "1\n", "b/c.json": "{}\n"})
    paths = ["a.js", "b/c.json", "gone.js"]
    stats, digest, _tree = snapshot._stat_pass(str(root), paths, [], 2**62)
    expected = {rel: walk.stat_stamp(os.stat(root / rel)) for rel in paths[:2]}
    assert stats == {**expected, "gone.js": None}
    joined = "".join(f"{rel}\0{stamp}\0" for rel, stamp in expected.items())
    assert digest == hashlib.sha256(joined.encode()).hexdigest()


def test_a_file_read_by_name_outside_the_listing_is_checked(engine, tmp_path, extracted) -> None:
    """miniprogramRoot "dist/": the app is read from a folder the walk skips, so its files are not in
    the listing the key holds; an edit to them must still be seen."""
    root = make_project(tmp_path / "p", {
        "project.config.json": '{"miniprogramRoot": "dist/"}',
        "dist/app.json": '{"pages": ["pages/index/index"]}',
        "dist/pages/index/index.js": "Page({ go() { wx.getLocation({}) } })\n",
        "dist/pages/index/index.wxml": "<view/>\n",
    })
    (root / "app.json").unlink(missing_ok=True)
    (root / "app.js").unlink(missing_ok=True)
    first = render(engine, root, cache=True)
    assert render(engine, root, cache=True) == first
    stamp = os.stat(root / "dist/app.json")
    (root / "dist/app.json").write_text('{"pages": ["pages/index/index"', encoding="utf-8")  # broken in place
    os.utime(root / "dist/app.json", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 5_000_000_000))
    assert render(engine, root, cache=True) == render(engine, root)


def test_several_projects_of_one_root_are_loaded_again_when_a_file_changed(engine, tmp_path, extracted) -> None:
    """The backend plugin's plan is derived once per scan root, its reads credited to the first
    project: with several projects, a changed file loads them again rather than trust a part- file."""
    for name in ("a", "b"):
        make_project(tmp_path / "root" / name, {"app.json": '{"pages": ["pages/index/index"]}',
                                                "pages/index/index.js": "Page({})\n"})
    misc = tmp_path / "root" / "b" / "misc" / "index.js"
    misc.parent.mkdir(parents=True, exist_ok=True)
    misc.write_text("module.exports = 1\n", encoding="utf-8")
    root = tmp_path / "root"
    render(engine, root, cache=True)
    misc.write_text("const express = require('express')\nexpress().listen(1)\n", encoding="utf-8")
    assert render(engine, root, cache=True) == render(engine, root)


def test_reachability_is_kept_while_the_changed_files_import_as_before(engine, tmp_path, extracted,
                                                                       monkeypatch) -> None:
    """The hook's case keeps what reachability made of the project (``extract._dead_modules``): an
    edit that moves lines but imports as before reuses it; an edit that imports a module nothing
    imported counts that module's signals again. Each report is the one a run without any cache gives."""
    from zizhi import modules

    root = make_project(tmp_path / "reach", {
        "pages/index/index.js": "const pay = require('../../utils/pay.js')\nPage({})\n",
        "utils/pay.js": "module.exports = () => wx.requestPayment({})\n",
        "utils/location.js": "module.exports = () => wx.getLocation({})\n",  # imported by nothing: dead
    })
    render(engine, root, cache=True)
    computed: list[int] = []
    real = modules.unreachable_modules

    def spy(*args, **kwargs):
        computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(modules, "unreachable_modules", spy)
    page = root / "pages/index/index.js"
    page.write_text("\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")  # lines move, imports stay
    extracted.clear()
    moved = render(engine, root, cache=True)
    assert extracted == ["reach+"] and computed == [], "reachability was computed again"
    assert moved == render(engine, root)
    assert "utils/location.js" in moved and "ZZ009" in moved
    page.write_text(page.read_text(encoding="utf-8") + "require('../../utils/location.js')\n", encoding="utf-8")
    extracted.clear()
    computed.clear()
    imported = render(engine, root, cache=True)
    assert extracted == ["reach+"] and computed, "a new import reused the old reachability"
    assert imported == render(engine, root)
    assert "wx.getLocation" in imported and imported != moved
    # what was computed again is kept: the next edit that imports as before reuses it
    page.write_text(page.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
    extracted.clear()
    computed.clear()
    again = render(engine, root, cache=True)
    assert extracted == ["reach+"] and computed == [], "the new reachability was not kept"
    assert again == imported == render(engine, root)


def test_a_snapshot_of_another_key_is_not_decoded(monkeypatch) -> None:
    """The key is written first: a snapshot of another key (the tree changed) is a miss without
    decoding its JSON; one of the expected key, or laid out otherwise, is decoded whole."""
    from types import SimpleNamespace

    from zizhi import snapshot

    data = json.dumps({"format": snapshot.FORMAT, "key": "a" * 64, "kept": []}, separators=(",", ":")).encode()
    monkeypatch.setattr(filecache, "read_cache_file", lambda folders, name: data)
    decoded: list[bytes] = []
    real = json.loads
    monkeypatch.setattr(snapshot.json, "loads", lambda d: decoded.append(d) or real(d))
    found = SimpleNamespace(folders=None, name="x")
    assert snapshot._read(found, "snap", "key", "b" * 64) is None and decoded == []
    assert snapshot._read(found, "snap", "key", "a" * 64) is not None and len(decoded) == 1
    assert snapshot._read(found, "snap") is not None and len(decoded) == 2


@pytest.mark.parametrize("damage", ["a count a bool", "a count negative", "a column left out", "a column short",
                                    "an attr value a list", "vendored a number", "diagnostics a list",
                                    "columns a list", "a count too large"])
def test_a_part_file_with_damaged_columns_loads_the_project_again(engine, tmp_path, extracted, damage) -> None:
    """The column layout (FORMAT 6) checks each column's type and length once: a part of another
    type, a count that does not add up or a column missing is damage, never evidence nor a crash."""
    root = copy_fixture("js-apis", tmp_path)
    render(engine, root, cache=True)
    [part] = snapshot_files(root, "part")
    data = json.loads(part.read_text(encoding="utf-8"))
    results = data["results"]
    counted = next(i for i, c in enumerate(results["counts"]) if c)
    if damage == "a count a bool":
        results["counts"][counted] = True
    elif damage == "a count negative":
        results["counts"][counted] = -1
    elif damage == "a count too large":
        results["counts"][counted] += 1
    elif damage == "a column left out":
        del results["signals"]["snippet"]
    elif damage == "a column short":
        results["signals"]["line"].pop()
    elif damage == "an attr value a list":
        results["signals"]["attrs"][0] = {"words": ["x"]}
    elif damage == "vendored a number":
        results["signals"]["vendored"][0] = 0
    elif damage == "diagnostics a list":
        results["diagnostics"] = []
    else:
        results["signals"] = []
    part.write_text(json.dumps(data), encoding="utf-8")
    assert_loaded_again(engine, root, extracted)
