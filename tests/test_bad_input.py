"""Bad input never stops a scan: broken JSON, wrong types, odd encodings, binaries, syntax errors,
symlink loops, huge files. Each becomes a diagnostic with its file (and line where there is one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    FIXTURES,
    cli,
    diagnostics,
    features,
    load_report,
    make_project,
    project,
)

PAY = "Page({\n  pay() {\n    wx.requestPayment({ package: 'prepay_id=1' })\n  }\n})\n"


def test_trailing_comma_in_app_json(run) -> None:
    code, report = run.report(FIXTURES / "bad-json")
    zz003 = diagnostics(report, "ZZ003")
    assert [(d["path"], d["line"], d["severity"]) for d in zz003] == [("app.json", 3, "error")]
    assert "','" in zz003[0]["message"]
    # The scan went on: the page (still registered) was read.
    assert features(report) == {"payment"}
    assert diagnostics(report, "ZZ008") == []
    assert code != 2


def test_text_report_shows_the_json_error_line(run) -> None:
    code, out = run("check", FIXTURES / "bad-json")
    assert "app.json:3: error ZZ003" in out
    assert code != 2


def test_trailing_comma_gives_no_phantom_schema_error(run) -> None:
    _, report = run.report(FIXTURES / "bad-json")
    assert diagnostics(report, "ZZ004") == []


def test_invalid_bare_app_json_is_diagnosed_once(run, tmp_path: Path) -> None:
    root = tmp_path / "bare"
    make_project(root, {"app.json": '{\n  "pages": ["pages/index/index"],\n  "window": {},\n}\n'})
    (root / "project.config.json").unlink()
    _, report = run.report(root)
    assert len(diagnostics(report, "ZZ003")) == 1


def test_pages_of_the_wrong_type(run) -> None:
    code, report = run.report(FIXTURES / "wrong-type")
    zz004 = diagnostics(report, "ZZ004")
    assert [(d["path"], d["line"]) for d in zz004] == [("app.json", 2)]
    assert "pages" in zz004[0]["message"] and "array" in zz004[0]["message"]
    assert code != 2


def test_gbk_encoded_js(run, tmp_path: Path) -> None:
    source = "// 支付页面：调用微信支付（此文件以 GBK 保存）\n" + PAY
    root = make_project(tmp_path / "p", {"pages/index/index.js": source.encode("gbk")})
    _, report = run.report(root)
    assert "payment" in features(report)
    ev = [e for e in project(report)["features"][0]["evidence"] if e["name"] == "wx.requestPayment"]
    assert [(e["path"], e["line"]) for e in ev] == [("pages/index/index.js", 4)]
    zz002 = diagnostics(report, "ZZ002")
    assert [(d["path"], d["severity"]) for d in zz002] == [("pages/index/index.js", "note")]
    assert "GB" in zz002[0]["message"]


def test_utf8_bom_app_json(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": b'\xef\xbb\xbf{\n  "pages": ["pages/index/index"]\n}\n',
        "pages/index/index.js": PAY,
    })
    _, report = run.report(root)
    assert diagnostics(report, "ZZ003") == []
    assert diagnostics(report, "ZZ002") == []
    assert diagnostics(report, "ZZ008") == []  # the page list was read
    assert "payment" in features(report)


def test_utf8_bom_js_is_not_a_problem(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": b"\xef\xbb\xbf" + PAY.encode()})
    _, report = run.report(root)
    assert "payment" in features(report)
    assert diagnostics(report, "ZZ002") == []


def test_binary_file_named_js(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/x.js": b"\x00\x01\x02wx.requestPayment({})\x00\xff"})
    code, report = run.report(root)
    zz007 = diagnostics(report, "ZZ007")
    assert [d["path"] for d in zz007] == ["pages/index/x.js"]
    assert "binary" in zz007[0]["message"]
    assert "payment" not in features(report)
    assert code != 2


def test_syntax_error_after_the_call(run) -> None:
    code, report = run.report(FIXTURES / "syntax-error")
    zz005 = diagnostics(report, "ZZ005")
    assert len(zz005) == 1
    assert zz005[0]["path"] == "pages/index/index.js"
    assert zz005[0]["severity"] == "note"
    assert 1 <= zz005[0]["line"] <= 7
    assert features(report) == {"payment"}
    ev = project(report)["features"][0]["evidence"]
    assert [(e["path"], e["line"]) for e in ev] == [("pages/index/index.js", 3)]
    assert code != 2


def _project_with_a_link_loop(tmp_path: Path) -> Path:
    """A project with a payment call and ``sub/up`` linking back to the project's folder."""
    root = make_project(tmp_path / "p", {"pages/index/index.js": PAY})
    (root / "sub").mkdir()
    try:
        os.symlink("..", root / "sub" / "up", target_is_directory=True)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"no symbolic links here: {exc}")
    return root


def test_symlink_loop(run, tmp_path: Path) -> None:
    root = _project_with_a_link_loop(tmp_path)
    code, report = run.report(root)
    zz010 = diagnostics(report, "ZZ010")
    assert [d["path"] for d in zz010] == ["sub/up"]
    assert "loop" in zz010[0]["message"]
    assert features(report) == {"payment"}  # each file read once, scan finished
    assert code in (0, 1)


def test_broken_symlink(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    try:
        os.symlink(root / "nowhere.js", root / "dangling.js")
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"no symbolic links here: {exc}")
    _, report = run.report(root)
    assert [d["path"] for d in diagnostics(report, "ZZ010")] == ["dangling.js"]


def test_huge_file_is_skipped(run, tmp_path: Path) -> None:
    big = ("wx.requestPayment({})\n" + "// padding\n" * 200_000).encode()
    assert len(big) > 2 * 1024 * 1024
    root = make_project(tmp_path / "p", {"utils/bundle.js": big})
    code, report = run.report(root)
    zz006 = diagnostics(report, "ZZ006")
    assert [(d["path"], d["severity"]) for d in zz006] == [("utils/bundle.js", "note")]
    assert "payment" not in features(report)
    assert code != 2


def test_empty_folder_is_a_usage_error(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = run("check", empty)
    assert code == 2
    assert out == ""
    assert "no mini-program project found" in run.stderr


def test_nonexistent_path_is_a_usage_error(run, tmp_path: Path) -> None:
    code, _ = run("check", tmp_path / "does-not-exist")
    assert code == 2
    assert "no such file or folder" in run.stderr


def test_one_bad_path_among_good_ones_is_still_an_error(run, tmp_path: Path) -> None:
    code, _ = run("check", FIXTURES / "ads-banner", tmp_path / "missing")
    assert code == 2


def test_bad_page_json_is_a_diagnostic(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.json": '{ "usingComponents": { "a": 1 } }'})
    _, report = run.report(root)
    zz004 = diagnostics(report, "ZZ004")
    assert [(d["path"], d["line"]) for d in zz004] == [("pages/index/index.json", 1)]


def test_json_with_comments(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"app.json": '{\n  // the pages\n  "pages": ["pages/index/index"]\n}\n'})
    _, report = run.report(root)
    zz003 = diagnostics(report, "ZZ003")
    assert [(d["severity"], d["path"]) for d in zz003] == [("warning", "app.json")]
    assert "comments" in zz003[0]["message"]
    assert diagnostics(report, "ZZ008") == []  # the pages are still read


# ---------------------------------------------------------------- property: no crash on any bytes


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(app_json=st.binary(max_size=300), page_js=st.binary(max_size=300))
def test_random_bytes_never_crash(app_json: bytes, page_js: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", {"app.json": app_json, "pages/index/index.js": page_js})
        code, out, err = cli(["check", root, "--format", "json"])
        assert code in (0, 1), err
        report = load_report(out)
        assert len(report["projects"]) == 1
        assert "internal error" not in err


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(app_json=st.text(alphabet='{}[]",: \n/pagesindx0-9tfrulwcomnt', max_size=120))
def test_json_like_garbage_never_crashes(app_json: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", {"app.json": app_json, "pages/index/index.js": PAY})
        code, out, err = cli(["check", root, "--format", "json"])
        assert code in (0, 1), err
        assert not [d for d in load_report(out)["projects"][0]["diagnostics"] if d["code"] == "ZZ099"]



def test_syntax_error_line_points_at_the_error(run) -> None:
    """ZZ005 names the line where the parser got stuck (5-7), not the start of the region it wrapped."""
    _code, report = run.report(FIXTURES / "syntax-error")
    lines = [d["line"] for d in report["projects"][0]["diagnostics"] if d["code"] == "ZZ005"]
    assert lines and all(5 <= line <= 7 for line in lines), lines


def test_listing_problems_once_in_changed_files_mode(run, tmp_path: Path, monkeypatch) -> None:
    """Given file paths, zizhi walks the tree once to find their project and hands that listing to
    the scan: its problems (a symlink loop) are still reported, once, as for a folder."""
    root = _project_with_a_link_loop(tmp_path)
    monkeypatch.chdir(root)
    from zizhi import walk

    walks: list[Path] = []
    real = walk.list_files
    monkeypatch.setattr(walk, "list_files", lambda folder, *a, **k: walks.append(folder) or real(folder, *a, **k))
    _, report = run.report("pages/index/index.js")
    assert [d["path"] for d in diagnostics(report, "ZZ010")] == ["sub/up"]
    assert walks.count(root.resolve()) == 1, walks
    _, whole = run.report(root)
    assert diagnostics(whole, "ZZ010") == diagnostics(report, "ZZ010")
