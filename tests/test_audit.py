"""``zizhi audit``: many repositories in parallel, JSON Lines records, failures recorded, --resume, exit
codes; and ``zizhi report`` (markdown, csv, html) from those records."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from conftest import EXAMPLES, FIXTURES, SCHEMAS, cli
from gitrepo import git, make_repo
from zizhi import audit
from zizhi.report import portfolio


@pytest.fixture(scope="module")
def record_validator() -> Draft7Validator:
    schemas = {name: json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
               for name in ("report.schema.json", "audit-record.schema.json")}
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    Draft7Validator.check_schema(schemas["audit-record.schema.json"])
    return Draft7Validator(schemas["audit-record.schema.json"], registry=registry)


def portfolio_tree(base: Path) -> Path:
    """A folder of repositories: three fixture copies, a git checkout, and one folder with no project."""
    root = base / "repos"
    root.mkdir()
    for name in ("ads-banner", "wxml-live-pusher"):
        shutil.copytree(FIXTURES / name, root / name)
    shutil.copytree(EXAMPLES / "plain-tool", root / "plain-tool")
    make_repo(root / "gitrepo", {"pages/index/index.js": "Page({})\nwx.requestPayment({})\n"})
    (root / "empty").mkdir()
    (root / "empty" / "README.md").write_text("no mini-program here\n", encoding="utf-8")
    return root


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> tuple[Path, Path, int, str]:
    base = tmp_path_factory.mktemp("audit")
    root = portfolio_tree(base)
    out = base / "out.jsonl"
    code, _, stderr = cli(["audit", str(root), "-o", str(out), "--jobs", "2", "--html", str(base / "r.html")])
    return root, out, code, stderr


def test_every_repository_is_audited_and_a_failure_is_recorded(audited, record_validator) -> None:
    root, out, code, stderr = audited
    records = lines(out)
    repos = {r["repository"] for r in records}
    assert repos == {str(root / n) for n in ("ads-banner", "wxml-live-pusher", "plain-tool", "gitrepo", "empty")}
    errors = [r for r in records if "error" in r]
    assert [e["repository"] for e in errors] == [str(root / "empty")]
    assert "no mini-program project found" in errors[0]["error"]
    assert code == 2  # a repository could not be audited: exit 2, as check with a path it cannot scan
    assert f"zizhi: error: {root / 'empty'}" in stderr
    assert "audited 5 repositories (1 failed), 4 projects" in stderr
    for record in records:
        assert list(record_validator.iter_errors(record)) == [], record.get("repository")


def test_records_are_the_check_report_projects_plus_repository_and_commit(audited) -> None:
    root, out, _, _ = audited
    records = {r["repository"]: r for r in lines(out) if "error" not in r}
    for name in ("ads-banner", "gitrepo"):
        _, stdout, _ = cli(["check", str(root / name), "--format", "json"])
        expected = json.loads(stdout)["projects"]
        got = [r for r in records.values() if r["repository"] == str(root / name)]
        assert [{k: v for k, v in r.items() if k not in ("repository", "commit", "snippets")} for r in got] == expected
    head = git(root / "gitrepo", "rev-parse", "HEAD").strip()
    assert records[str(root / "gitrepo")]["commit"] == head
    assert records[str(root / "ads-banner")]["commit"] is None
    pay = records[str(root / "gitrepo")]
    assert any("wx.requestPayment" in s for s in pay["snippets"].values())


def test_parallel_and_serial_runs_agree(audited, tmp_path) -> None:
    root, out, _, _ = audited
    serial = tmp_path / "serial.jsonl"
    code, _, _ = cli(["audit", str(root), "-o", str(serial), "--jobs", "1"])
    assert code == 2
    key = lambda r: (r["repository"], r.get("root", ""), r.get("platform", ""))  # noqa: E731
    assert sorted(lines(serial), key=key) == sorted(lines(out), key=key)


def test_resume_skips_what_the_output_holds_and_reruns_the_cut_and_failed(audited, tmp_path) -> None:
    root, out, _, _ = audited
    full = lines(out)
    partial = tmp_path / "partial.jsonl"
    text = out.read_text(encoding="utf-8")
    good = [line for line in text.splitlines(keepends=True) if "error" not in json.loads(line)]
    # an interrupted run: two complete repositories, then half a line of the third
    kept = [line for line in good if json.loads(line)["repository"].endswith(("ads-banner", "plain-tool"))]
    cut = next(line for line in good if json.loads(line)["repository"].endswith("gitrepo"))
    partial.write_text("".join(kept) + cut[: len(cut) // 2], encoding="utf-8")
    code, _, stderr = cli(["audit", str(root), "-o", str(partial), "--resume"])
    assert code == 2
    assert "resuming: 2 repositories already" in stderr and "3 to go" in stderr
    key = lambda r: (r["repository"], r.get("root", ""), r.get("platform", ""))  # noqa: E731
    assert sorted(lines(partial), key=key) == sorted(full, key=key)
    # resuming a finished run audits only the failed repository again
    code, _, stderr = cli(["audit", str(root), "-o", str(partial), "--resume"])
    assert "resuming: 4 repositories already" in stderr and "1 to go" in stderr
    assert sorted(lines(partial), key=key) == sorted(full, key=key)


def test_exit_codes_follow_check(tmp_path) -> None:
    shutil.copytree(EXAMPLES / "plain-tool", tmp_path / "plain")
    shutil.copytree(FIXTURES / "ads-banner", tmp_path / "ads")
    assert cli(["audit", str(tmp_path / "plain"), "-o", str(tmp_path / "a.jsonl")])[0] == \
        cli(["check", str(tmp_path / "plain")])[0]
    assert cli(["audit", str(tmp_path / "ads"), "-o", str(tmp_path / "b.jsonl")])[0] == 1
    assert cli(["audit", str(tmp_path / "ads"), "-o", str(tmp_path / "c.jsonl"), "--fail-on", "never"])[0] == 0
    assert cli(["audit", str(tmp_path / "nowhere")])[0] == 2
    assert cli(["audit"])[0] == 2
    assert cli(["audit", str(tmp_path / "ads"), "--resume"])[0] == 2  # --resume needs -o
    assert cli(["audit", str(tmp_path / "ads"), "--scheduler", "tcp://x:1"])[0] == 2


def test_from_file_and_stdout(tmp_path, capsys) -> None:
    shutil.copytree(FIXTURES / "ads-banner", tmp_path / "ads")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# repositories\n\n{tmp_path / 'ads'}\n", encoding="utf-8")
    code, stdout, stderr = cli(["audit", "--from", str(listing)])
    assert code == 1
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [r["repository"] for r in records] == [str(tmp_path / "ads")]
    assert "\r" not in stderr and "█" not in stderr  # no progress line off a terminal


def test_progress_line_and_when_it_shows(monkeypatch) -> None:
    stream = io.StringIO()
    progress = audit.Progress(4, stream)
    progress.update({"records": [{"findings": [1, 2]}, {"findings": []}], "error": None})
    progress.update({"records": [], "error": "boom"})
    line = progress.line()
    assert "repositories 2/4" in line and "projects 2" in line and "findings 2" in line and "failed 1" in line
    assert "left" in line and "/s" in line
    zh = audit.Progress(4, None, "zh")
    zh.update({"records": [], "error": None})
    assert "仓库 1/4" in zh.line() and "剩余" in zh.line()
    assert audit.fit(line, 30) == line[:30] and audit.fit("仓库 12", 4) == "仓库" and audit.fit("ab", 10) == "ab"
    monkeypatch.setenv("CI", "true")
    assert audit.show_progress(False) is False
    monkeypatch.delenv("CI")
    assert audit.show_progress(True) is False


def test_head_commit_without_running_git(tmp_path) -> None:
    repo = make_repo(tmp_path / "r")
    head = git(repo, "rev-parse", "HEAD").strip()
    assert audit.head_commit(repo) == head
    git(repo, "pack-refs", "--all")
    assert audit.head_commit(repo) == head
    git(repo, "checkout", "-q", "--detach")
    assert audit.head_commit(repo) == head
    (tmp_path / "plain").mkdir()
    assert audit.head_commit(tmp_path / "plain") is None
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    assert audit.head_commit(tmp_path / "wt") is None


def test_pack_round_trip_and_unsafe_archives_refused(tmp_path) -> None:
    import tarfile

    src = tmp_path / "src"
    shutil.copytree(FIXTURES / "ads-banner", src)
    (src / "link").symlink_to("/etc")
    root = tmp_path / "out"
    audit.unpack(audit.pack(src), root)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == sorted(
        p.relative_to(src).as_posix() for p in src.rglob("*") if not p.is_symlink())
    evil = io.BytesIO()
    with tarfile.open(fileobj=evil, mode="w:gz") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(ValueError, match="refused"):
        audit.unpack(evil.getvalue(), tmp_path / "evil")
    assert not (tmp_path / "escape.txt").exists()


# ---------------------------------------------------------------- reports from the records


def test_report_formats_from_the_records(audited, tmp_path) -> None:
    root, out, _, _ = audited
    code, md, _ = cli(["report", str(out), "--format", "markdown"])
    assert code == 0
    assert f"`{root / 'ads-banner'}`" in md and "ICP_FILING" in md and "no mini-program project found" in md
    code, text, _ = cli(["report", str(out), "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    records = [r for r in lines(out) if "error" not in r]
    assert len([r for r in rows if not r["error"]]) == sum(max(1, len(r["obligations"])) for r in records)
    icp = [r for r in rows if r["obligation"] == "ICP_FILING"]
    assert icp and all(r["name_zh"].startswith("小程序备案") for r in icp)
    code, _, _ = cli(["report", str(out), "--lang", "zh", "-o", str(tmp_path / "p.html")])
    assert code == 0 and (tmp_path / "p.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    audit_page = (out.parent / "r.html").read_text(encoding="utf-8")  # audit --html, from the records it wrote
    assert audit_page.startswith("<!DOCTYPE html>") and "no mini-program project found" in audit_page
    assert cli(["report", str(tmp_path / "missing.jsonl")])[0] == 2


HOSTILE = ('</script><script>window.__pwned=1</script>', '"onerror="window.__pwned=1', '[click](javascript:alert(1))',
           "=HYPERLINK(\"http://x\")")


def hostile_records() -> list[dict[str, Any]]:
    record = {"repository": f"<img src=x onerror=window.__pwned=1>{HOSTILE[2]}", "commit": None,
              "root": HOSTILE[0], "platform": "wechat", "framework": "native", "kind": "miniprogram",
              "features": [{"id": "payment", "confidence": "high", "evidence": [
                  {"signal": "pay.request", "kind": "api", "name": HOSTILE[1], "path": f"pages/{HOSTILE[0]}.js",
                   "line": 1, "origin": "frontend", "strength": "strong"}]}],
              "business_types": [{"id": HOSTILE[3], "features": ["payment"]}],
              "obligations": [{"id": "ICP_FILING", "kind": "filing", "level": "required", "rule": "ZZ101",
                               "held": False, "because": [{"trigger": "t", "features": [],
                                                           "text": {"zh": HOSTILE[0], "en": HOSTILE[1]}}],
                               "basis": [{"law": "x", "title": HOSTILE[0], "verified": "official",
                                          "url": "javascript:window.__pwned=1"}], "evidence": []}],
              "findings": [{"code": "ZZ101", "severity": "error", "message": HOSTILE[0], "path": HOSTILE[1],
                            "line": 1}],
              "diagnostics": [], "snippets": {f"pages/{HOSTILE[0]}.js:1": HOSTILE[0]}}
    return [record, {"repository": HOSTILE[0], "commit": None, "error": HOSTILE[1]}]


def test_hostile_strings_stay_data_in_every_format() -> None:
    records = hostile_records()
    page = portfolio.render_html(records, "en")
    head, _, rest = page.partition('<script type="application/json" id="zizhi-data">')
    data, _, tail = rest.partition("</script>")
    assert "<" not in data and ">" not in data  # nothing in the data block can end it
    assert json.loads(data.replace("\\u003c", "<"))["projects"][0]["root"] == HOSTILE[0]
    assert "<img" not in head and "<script" not in head and '"onerror' not in head  # the error list: escaped
    assert tail.count("<script>") == 1 and "__pwned" not in tail
    assert page.count("<script") == 2
    md = portfolio.render_markdown(records, "en")
    outside_code = "".join(part for i, part in enumerate(md.split("`")) if i % 2 == 0)
    assert "<img" not in outside_code and "](javascript" not in outside_code and "<script" not in outside_code
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") == 8, line  # no pipe from data adds a column
    rows = list(csv.reader(io.StringIO(portfolio.render_csv(records, "en"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    assert any(cell == "'" + HOSTILE[3] for row in rows for cell in row)


def test_diagnostics_tied_to_no_project_are_a_record(tmp_path, record_validator) -> None:
    repo = tmp_path / "repos" / "linked"
    shutil.copytree(FIXTURES / "ads-banner", repo)
    (repo / "pages" / "root").symlink_to("/")
    out = tmp_path / "out.jsonl"
    code, _, _ = cli(["audit", str(tmp_path / "repos"), "-o", str(out)])
    assert code == 1
    records = lines(out)
    assert all(list(record_validator.iter_errors(r)) == [] for r in records)
    run = [r for r in records if "root" not in r]
    assert [set(r) for r in run] == [{"repository", "commit", "diagnostics"}]
    assert run[0]["diagnostics"][0]["code"] == "ZZ010" and run[0]["diagnostics"][0]["path"] == "pages/root"
    _, md, _ = cli(["report", str(out), "--format", "markdown"])
    assert "ZZ010 pages/root: symbolic link" in md
    page = portfolio.render_html(records)
    assert 'data-t="run_diagnostics"' in page and "ZZ010 pages/root" in page
    code, _, stderr = cli(["audit", str(tmp_path / "repos"), "-o", str(out), "--resume"])
    assert "1 repositories already" in stderr and "0 to go" in stderr
    assert lines(out) == records


def test_every_help_text_of_audit_and_report_has_its_chinese() -> None:
    import argparse

    from zizhi.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    common = {"help", "lang", "plugin_opts"}  # the options every command shares: translated with check's
    texts = [c.help for c in sub._choices_actions if c.dest in ("audit", "report")]
    for name in ("audit", "report"):
        texts += [a.help for a in sub.choices[name]._actions if a.help and a.dest not in common]
    missing = [t for t in texts if t not in audit.HELP_ZH]
    assert not missing and len(texts) > 20


def test_a_retired_rule_code_in_a_repositorys_config_is_said_as_check_says_it(tmp_path) -> None:
    for name in ("one", "two"):
        shutil.copytree(EXAMPLES / "plain-tool", tmp_path / name)
        (tmp_path / name / "zizhi.toml").write_text('[rules]\nignore = ["ZZ011"]\n', encoding="utf-8")
    check_code, _, check_err = cli(["check", str(tmp_path / "one")])
    code, _, stderr = cli(["audit", str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(tmp_path / "a.jsonl")])
    assert code == check_code
    said = [line for line in stderr.splitlines() if "ZZ011" in line]
    assert len(said) == 2 and {Path(line.split(": ")[2]).parent.name for line in said} == {"one", "two"}
    assert said[0] in check_err.splitlines() or said[1] in check_err.splitlines()  # check's own words
    # the records are the contract's: projects only, no line of another kind
    assert all("obligations" in r for r in lines(tmp_path / "a.jsonl"))
