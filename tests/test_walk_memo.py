"""A scan root listed from the walk kept in the cache (``zizhi.walk.scan_listing`` with a memo):
the same listing as a walk, whatever changed; a damaged or foreign memo is a miss."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from zizhi import walk
from zizhi.filecache import FolderWalkMemo


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "RACY_NS", 0)  # folders made a moment ago count as old enough


def tree(root: Path) -> Path:
    for rel in ["app.json", "pages/a/a.js", "pages/a/a.wxml", "pages/b/b.js", "utils/x.js",
                "node_modules/m/index.js", "deep/er/still/f.js"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    return root


class Counting(FolderWalkMemo):
    def __init__(self, base: Path):
        super().__init__(lambda: "f" * 32, base)
        self.reads = self.writes = 0

    def read(self, scan_root: Path) -> bytes | None:
        self.reads += 1
        return super().read(scan_root)

    def write(self, scan_root: Path, data: bytes) -> None:
        self.writes += 1
        super().write(scan_root, data)


def listed(root: Path, memo: FolderWalkMemo | None) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    cache: dict[str, object] = {} if memo is None else {walk.MEMO: memo}
    problems: list[tuple[str, str, str]] = []
    listing = walk.scan_listing(cache, root, lambda c, m, p: problems.append((c, m, p)))
    return list(listing), list(cache[f"skipped:{root}"]), problems  # type: ignore[call-overload]


def listed_without_walking(root: Path, memo: FolderWalkMemo) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    """``listed``, failing if the tree was walked rather than read from the memo."""
    calls = []
    original = walk.list_files
    walk.list_files = lambda *a, **k: calls.append(1) or original(*a, **k)  # type: ignore[assignment]
    try:
        result = listed(root, memo)
    finally:
        walk.list_files = original  # type: ignore[assignment]
    assert calls == [], "the tree was walked"
    return result


def memo_file(base: Path) -> Path:
    found = list(base.rglob(FolderWalkMemo.NAME))
    assert len(found) == 1
    return found[0]


def later() -> None:
    time.sleep(0.03)  # (a folder's times tick with the kernel's coarse clock: a change now must show)


def test_an_unchanged_tree_is_listed_from_the_memo(tmp_path: Path) -> None:
    root = tree(tmp_path / "p")
    memo = Counting(tmp_path / "cache")
    first = listed(root, memo)
    assert memo.writes == 1 and first == listed(root, None)
    assert first[1] == ["node_modules"]
    seen: set[str] = set()
    walk.WATCHERS.append(seen)
    try:
        assert listed_without_walking(root, memo) == first
        assert memo.writes == 1  # not walked, not written again
    finally:
        walk.WATCHERS.remove(seen)
    assert seen == {os.path.abspath(root)}  # (the result cache still learns the tree was read)


@pytest.mark.parametrize("change", ["add", "remove", "rename", "add-folder", "remove-folder", "deep-add",
                                    "file-to-folder", "skipped-folder", "unreadable"])
def test_any_change_to_the_folders_is_listed_as_a_walk_lists_it(tmp_path: Path, change: str) -> None:
    root = tree(tmp_path / "p")
    memo = Counting(tmp_path / "cache")
    listed(root, memo)
    later()
    if change == "add":
        (root / "pages/a/new.js").write_text("y", encoding="utf-8")
    elif change == "remove":
        (root / "pages/b/b.js").unlink()
    elif change == "rename":
        (root / "utils/x.js").rename(root / "utils/y.js")
    elif change == "add-folder":
        (root / "pages/c").mkdir()
        (root / "pages/c/c.js").write_text("y", encoding="utf-8")
    elif change == "remove-folder":
        (root / "deep/er/still/f.js").unlink()
        (root / "deep/er/still").rmdir()
    elif change == "deep-add":
        (root / "deep/er/still/g.js").write_text("y", encoding="utf-8")
    elif change == "file-to-folder":
        (root / "utils/x.js").unlink()
        (root / "utils/x.js").mkdir()
        (root / "utils/x.js/inner.js").write_text("y", encoding="utf-8")
    elif change == "skipped-folder":
        (root / "dist").mkdir()
        (root / "dist/out.js").write_text("y", encoding="utf-8")
    elif change == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads any folder")
        os.chmod(root / "pages/b", 0)
    try:
        assert listed(root, memo) == listed(root, None)
        assert listed(root, memo) == listed(root, None)  # (and from the memo written again)
    finally:
        if change == "unreadable":
            os.chmod(root / "pages/b", 0o755)


def test_a_file_changed_in_place_needs_no_walk(tmp_path: Path) -> None:
    """A file's content is not the listing's business (the snapshots' stat pass sees it)."""
    root = tree(tmp_path / "p")
    memo = Counting(tmp_path / "cache")
    first = listed(root, memo)
    later()
    (root / "pages/a/a.js").write_text("changed", encoding="utf-8")
    assert listed(root, memo) == first and memo.writes == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_tree_with_a_link_is_always_walked(tmp_path: Path) -> None:
    root = tree(tmp_path / "p")
    os.symlink(root / "utils", root / "pages/linked")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, root / "out")
    memo = Counting(tmp_path / "cache")
    first = listed(root, memo)
    assert memo.writes == 0 and first[2]  # (the link out of the tree is reported)
    assert listed(root, memo) == first == listed(root, None)


def test_a_racy_folder_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "RACY_NS", 2_000_000_000)
    root = tree(tmp_path / "p")  # (made just now)
    memo = Counting(tmp_path / "cache")
    listed(root, memo)
    assert memo.writes == 0


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not-a-dict", "other-format", "other-root",
                                    "wrong-count", "stamps-short", "listing-not-text", "no-root-folder",
                                    "deep-json", "empty"])
def test_a_damaged_or_foreign_memo_is_a_miss(tmp_path: Path, damage: str) -> None:
    root = tree(tmp_path / "p")
    memo = Counting(tmp_path / "cache")
    truth = listed(root, memo)
    path = memo_file(tmp_path / "cache")
    raw = path.read_bytes()
    stored = json.loads(raw)
    if damage == "truncated":
        data = raw[: len(raw) // 2]
    elif damage == "garbage":
        data = b"\x80\x00\xff" * 50
    elif damage == "not-a-dict":
        data = b"[1, 2, 3]"
    elif damage == "empty":
        data = b""
    elif damage == "deep-json":
        data = b"[" * 100_000 + b"]" * 100_000
    else:
        if damage == "other-format":
            stored["format"] = walk.MEMO_FORMAT + 1
        elif damage == "other-root":
            stored["root"] = str(tmp_path / "q")
        elif damage == "wrong-count":
            stored["counts"][0] += 1
        elif damage == "stamps-short":
            stored["stamps"] = stored["stamps"].rpartition("\0")[0]
        elif damage == "listing-not-text":
            stored["listing"] = [1, 2]
        elif damage == "no-root-folder":
            stored["folders"] = "x" + stored["folders"]
        data = json.dumps(stored).encode()
    path.write_bytes(data)
    # a foreign listing with the right shape but a wrong claim is caught by the folders' stats
    assert listed(root, memo) == truth == listed(root, None)


def test_a_forged_listing_needs_the_folders_stats(tmp_path: Path) -> None:
    """A memo claiming other files for the same folders is only believed while every folder's stat
    is the one it names: then it is what zizhi itself wrote of that tree."""
    root = tree(tmp_path / "p")
    memo = Counting(tmp_path / "cache")
    truth = listed(root, memo)
    path = memo_file(tmp_path / "cache")
    stored = json.loads(path.read_bytes())
    stored["stamps"] = "\0".join("0:0:0:0:0:0" for _ in stored["stamps"].split("\0"))
    stored["listing"] = stored["listing"] + "\0forged.js"
    stored["counts"][0] += 1
    path.write_bytes(json.dumps(stored).encode())
    assert listed(root, memo) == truth


def test_the_changed_files_hook_gives_the_same_report_with_the_memo(tmp_path: Path, monkeypatch) -> None:
    """End to end: the hook's report after a file is added equals a run without any cache."""
    import shutil
    import subprocess
    import sys

    fixture = Path(__file__).parent / "fixtures" / "js-apis"
    if not fixture.is_dir():
        pytest.skip("no js-apis fixture")
    root = tmp_path / "p"
    shutil.copytree(fixture, root)
    env = {**os.environ, "ZIZHI_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ZIZHI_NO_CACHE", None)
    scripts = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.js"))
    assert scripts

    def run(*extra: str) -> str:
        out = subprocess.run([sys.executable, "-m", "zizhi", "check", *scripts, "--format", "json", *extra],
                             cwd=root, env=env, capture_output=True, text=True)
        assert out.returncode in (0, 1), out.stderr
        return out.stdout + out.stderr

    run()
    time.sleep(2.1)  # (past the racy window: the walk is kept)
    run()
    assert list((tmp_path / "cache").rglob(FolderWalkMemo.NAME))
    (root / scripts[0]).parent.joinpath("added.js").write_text("wx.requestPayment({})\n", encoding="utf-8")
    scripts.append((Path(scripts[0]).parent / "added.js").as_posix())
    assert run() == run("--no-cache")


@pytest.mark.parametrize("forgery", ["dotdot-folder", "dotdot-file", "absolute-file", "absolute-folder",
                                     "duplicate-file", "unsorted", "dotdot-skipped"])
def test_a_memo_naming_a_path_out_of_the_tree_is_a_miss(tmp_path: Path, forgery: str) -> None:
    """Even with stats that match (a forger who can write the cache can read them), a memo whose
    lists name a path out of the scan root, or a file twice, is never believed."""
    root = tree(tmp_path / "p")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.js").write_text("s", encoding="utf-8")
    memo = Counting(tmp_path / "cache")
    truth = listed(root, memo)
    path = memo_file(tmp_path / "cache")
    stored = json.loads(path.read_bytes())
    folders, stamps = stored["folders"].split("\0"), stored["stamps"].split("\0")
    files = stored["listing"].split("\0")
    if forgery in ("dotdot-folder", "absolute-folder"):
        rel = "../elsewhere" if forgery == "dotdot-folder" else str(outside)
        folders.append(rel)
        stamps.append(walk._folder_stamp(str(root / rel) if forgery == "dotdot-folder" else rel) or "")
        files = sorted([*files, f"{rel}/secret.js"])
    elif forgery == "dotdot-file":
        files = sorted([*files, "pages/../../elsewhere/secret.js"])
    elif forgery == "absolute-file":
        files = sorted([*files, str(outside / "secret.js")])
    elif forgery == "duplicate-file":
        files = sorted([*files, files[0]])
    elif forgery == "unsorted":
        files = list(reversed(files))
    elif forgery == "dotdot-skipped":
        stored["skipped"] += "\0../elsewhere"
        stored["counts"][1] += 1
    stored.update(folders="\0".join(folders), stamps="\0".join(stamps), listing="\0".join(files))
    stored["counts"][0], stored["counts"][2] = len(files), len(folders)
    path.write_bytes(json.dumps(stored).encode())
    assert listed(root, memo) == truth == listed(root, None)


def test_a_name_holding_two_dots_is_still_kept(tmp_path: Path) -> None:
    """``..`` inside a name (``a..b.js``, ``..config``) is a name, not a way out: the memo holds."""
    root = tree(tmp_path / "p")
    (root / "pages/a/a..b.js").write_text("x", encoding="utf-8")
    (root / "..config").mkdir()
    (root / "..config/c.js").write_text("x", encoding="utf-8")
    memo = Counting(tmp_path / "cache")
    first = listed(root, memo)
    assert listed_without_walking(root, memo) == first and "..config/c.js" in first[0]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@pytest.mark.parametrize("change", ["folder-to-link-inside", "folder-to-link-outside", "file-to-link-outside",
                                    "link-added", "loop-added"])
def test_a_link_put_where_the_memo_saw_none_is_walked(tmp_path: Path, change: str) -> None:
    """A folder or file replaced by a link (in or out of the tree), or a link added, after the walk
    was kept: the next listing is the walk's, with its ZZ010 for a link out of the tree or a loop."""
    root = tree(tmp_path / "p")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.js").write_text("s", encoding="utf-8")
    memo = Counting(tmp_path / "cache")
    listed(root, memo)
    assert memo.writes == 1
    later()
    if change.startswith("folder-to-link"):
        for f in (root / "utils").iterdir():
            f.unlink()
        (root / "utils").rmdir()
        os.symlink(root / "pages/a" if change.endswith("inside") else outside, root / "utils")
    elif change == "file-to-link-outside":
        (root / "utils/x.js").unlink()
        os.symlink(outside / "secret.js", root / "utils/x.js")
    elif change == "link-added":
        os.symlink(outside, root / "deep/er/still/out")
    elif change == "loop-added":
        os.symlink(root / "deep", root / "deep/er/still/loop")
    got = listed(root, memo)
    assert got == listed(root, None)
    assert not any("secret" in p or "loop" in p for p in got[0])
    if change != "folder-to-link-inside":
        assert got[2]  # (the link is reported as a walk reports it)
