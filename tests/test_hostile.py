"""A hostile repository (docs/security.md): it cannot make zizhi write, delete or read outside the
scanned tree, hang or crash it, hide a finding without a trace, or inject into its output."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import bounded, copy_fixture, load_report
from zizhi import filecache

needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    (victim / "v1-keep").mkdir(parents=True)
    (victim / "v1-keep" / "data.txt").write_text("precious", encoding="utf-8")
    (victim / "v2-file").write_text("precious", encoding="utf-8")
    (victim / "notes.txt").write_text("precious", encoding="utf-8")
    return victim


def _untouched(victim: Path) -> None:
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*")) == [
        "notes.txt", "v1-keep", "v1-keep/data.txt", "v2-file"]
    assert all(p.read_text(encoding="utf-8") == "precious" for p in victim.rglob("*") if p.is_file())


# ---------------------------------------------------------------- the cache


@needs_symlinks
def test_symlinked_cache_folder_in_the_repository_is_refused(run, tmp_path, monkeypatch) -> None:
    """``.zizhi_cache -> ../victim`` committed to the repository, and the CI asks for the cache
    there: nothing is written or deleted in the link's target; a ZZ010 warning names the link."""
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    victim = _victim(tmp_path)
    root = copy_fixture("js-apis", tmp_path)
    (root / ".zizhi_cache").symlink_to(victim, target_is_directory=True)
    code, out = run("check", root, "--format", "json", "--cache-dir", root / ".zizhi_cache")
    assert code in (0, 1), run.stderr
    _untouched(victim)
    diags = [d for p in load_report(out)["projects"] for d in p["diagnostics"] if d["code"] == "ZZ010"]
    assert any(".zizhi_cache" in d["message"] and "cache" in d["message"] for d in diags), diags
    # and by default the cache is not in the repository at all
    code, _ = run("check", root)
    _untouched(victim)
    code, _ = run("clean", root, "--cache-dir", root / ".zizhi_cache")
    assert code == 0
    _untouched(victim)


@needs_symlinks
def test_cache_never_writes_or_prunes_through_links(engine_fp, tmp_path) -> None:
    """Inside the cache's own folder, a ``CACHEDIR.TAG``, a shard or an old-format entry that is a
    link to a file or folder elsewhere: the link may be replaced or removed, its target never."""
    root = copy_fixture("js-apis", tmp_path).resolve()
    victim = _victim(tmp_path)
    base = tmp_path / "cache"
    cache = filecache.FileCache(root, engine_fp, base)
    cache.dir.mkdir(parents=True)
    cache.folder.mkdir()
    (base / "CACHEDIR.TAG").symlink_to(victim / "notes.txt")
    (base / ".gitignore").symlink_to(victim / "v2-file")
    (cache.folder / f"{filecache.FileCache.shard('x'):02x}.json").symlink_to(victim / "notes.txt")
    (cache.dir / "v1-old").symlink_to(victim / "v1-keep", target_is_directory=True)
    (cache.dir / "v2-old").symlink_to(victim / "v2-file")
    cache.memo_put("x", os.stat(root / "app.json"), "d", 1)
    cache.save()
    _untouched(victim)
    assert not (cache.dir / "v1-old").exists() and not (cache.dir / "v2-old").is_symlink()
    assert not (cache.folder / f"{filecache.FileCache.shard('x'):02x}.json").is_symlink()
    assert not list(cache.folder.glob(".tmp-*"))
    # a fingerprint folder that is a link is neither read nor written through
    other = filecache.FileCache(root, "e" * 32, base)
    other.dir.mkdir(parents=True, exist_ok=True)
    other.folder.symlink_to(victim, target_is_directory=True)
    other.memo_put("x", os.stat(root / "app.json"), "d", 1)
    other.save()
    _untouched(victim)


@pytest.fixture(scope="module")
def engine_fp() -> str:
    return "f" * 32


def test_committed_cache_is_not_trusted(run, tmp_path, monkeypatch) -> None:
    """A ``.zizhi_cache`` in the repository with a poisoned entry (no signals for a file that has a
    payment call) hides nothing: by default the cache lives in the user's cache folder and a cache in
    the repository is read only when ``--cache-dir`` names it."""
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    root = copy_fixture("js-apis", tmp_path)
    _, honest = run.report(root, "--no-cache")
    codes = sorted(f["code"] for p in honest["projects"] for f in p["findings"])
    assert codes
    repo_cache = root / ".zizhi_cache"
    run.report(root, "--cache-dir", repo_cache)  # as if the attacker committed the cache of a run
    shards = list(repo_cache.rglob("v*-*/*.json"))
    assert shards
    for shard in shards:
        data = json.loads(shard.read_text(encoding="utf-8"))
        for entry in data.get("entries", {}).values():
            entry[1] = []  # no signals
        shard.write_text(json.dumps(data), encoding="utf-8")
    _, report = run.report(root)  # default: the repository's cache is not read
    assert sorted(f["code"] for p in report["projects"] for f in p["findings"]) == codes


def test_entries_are_checked_against_the_content_hash(tmp_path) -> None:
    root = tmp_path.resolve()
    (root / "a.js").write_text("wx.x()", encoding="utf-8")
    st = os.stat(root / "a.js")
    cache = filecache.FileCache(root, "f" * 32, tmp_path / "c")
    cache.put("i", "k", st, "d1", [], [], [], False, "utf-8")
    assert cache.get("i", "k", st, "d1") is not None
    assert cache.get("i", "k", st, "d2") is None  # the entry describes other bytes


def test_default_cache_is_outside_the_repository(run, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    root = copy_fixture("js-apis", tmp_path)
    run.report(root)
    assert not (root / ".zizhi_cache").exists()
    home = filecache.default_base() / filecache.root_folder_name(root.resolve())
    assert home.is_dir() and list(home.glob("v*-*/*.json"))
    code, _ = run("clean", root)
    assert code == 0 and not home.exists()


# ---------------------------------------------------------------- links out of the scanned tree


SECRET = "TOP-SECRET-CONTENT-4711"


def _secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"pages": "' + SECRET + '", "window": "' + SECRET + '"}',
                                         encoding="utf-8")
    (outside / "leak.js").write_text(f"wx.requestPayment({{}}) // {SECRET}\n", encoding="utf-8")
    return outside


@needs_symlinks
@pytest.mark.parametrize("link", ["app.json", "pages/index/index.json"])
def test_manifest_linked_out_of_the_tree_is_not_read(run, tmp_path, link) -> None:
    """``app.json`` or a page JSON linked to a file outside the repository: never read, never quoted
    (schema diagnostics land in CI logs, SARIF and the job summary); a diagnostic names the link."""
    outside = _secret(tmp_path)
    root = copy_fixture("js-apis", tmp_path)
    target = root / link
    if target.exists():
        target.unlink()
    target.symlink_to(outside / "secret.json")
    for fmt in ("json", "text", "sarif", "github", "markdown"):
        code, out = run("check", root, "--format", fmt)
        assert code in (0, 1), run.stderr
        assert SECRET not in out and SECRET not in run.stderr
    _, report = run.report(root)
    diags = report["diagnostics"] + [d for p in report["projects"] for d in p["diagnostics"]]
    assert any(d["code"] == "ZZ010" and d["path"].endswith(link) and "outside" in d["message"] for d in diags), diags


@needs_symlinks
def test_walk_does_not_follow_links_out_of_the_tree(run, tmp_path) -> None:
    """A folder link to ``/`` (or anywhere outside) is not walked; a file link outside is not read."""
    outside = _secret(tmp_path)
    root = copy_fixture("js-apis", tmp_path)
    (root / "pages" / "everything").symlink_to("/", target_is_directory=True)
    (root / "pages" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (root / "pages" / "index" / "leak.js").symlink_to(outside / "leak.js")
    (root / "inside").symlink_to(root / "pages", target_is_directory=True)  # inside the tree: followed once
    report = bounded(lambda: run.report(root)[1], seconds=60)
    text = json.dumps(report)
    assert SECRET not in text
    links = {d["path"] for d in report["diagnostics"] + [d for p in report["projects"] for d in p["diagnostics"]]
             if d["code"] == "ZZ010" and "outside" in d["message"]}
    # (reached through pages/ or its in-tree link inside/, whichever the walk meets first)
    assert {link.split("/", 1)[1] for link in links} == {"everything", "elsewhere", "index/leak.js"}
    assert not any(e["path"].endswith("leak.js") for f in report["projects"][0]["features"] for e in f["evidence"])


@needs_symlinks
def test_config_linked_out_of_the_repository_is_refused(run, tmp_path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('fail_on = "never"\n', encoding="utf-8")
    root = copy_fixture("js-apis", tmp_path)
    (root / "zizhi.toml").symlink_to(outside)
    code, _ = run("check", root)
    assert code == 2 and "symbolic link" in run.stderr


# ---------------------------------------------------------------- bounded work for every input

import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("hostile_generate", Path(__file__).parent / "hostile" / "generate.py")
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

MB = 1024 * 1024
#: Generous for a slow CI machine; the quadratic and exponential cases took minutes (or never ended).
LIMIT = 30.0


def _scan(root: Path) -> dict:
    from conftest import cli

    code, out, err = cli(["check", str(root), "--format", "json", "--no-cache"])
    assert code in (0, 1), err
    return load_report(out)


def _diags(report: dict) -> list[tuple[str, str, str]]:
    return [(d["code"], d["path"], d["message"])
            for d in report["diagnostics"] + [d for p in report["projects"] for d in p["diagnostics"]]]


def _features(report: dict) -> set[str]:
    return {f["id"] for p in report["projects"] for f in p["features"]}


BOUNDED_CASES = [name for name in generate.CASES if name not in ("minified-page", "nul-byte", "broken-app-json")]


@pytest.mark.parametrize("case", BOUNDED_CASES)
def test_hostile_case_is_bounded(case, tmp_path) -> None:
    """Each adversarial input of about 1 MB (tests/hostile/generate.py) is scanned within the time
    limit, in a child that a crash or a hang cannot take the test run down with."""
    root, = generate.generate(tmp_path, MB, [case])
    report = bounded(_scan, root, seconds=LIMIT)
    assert report["projects"], case


def test_bounded_cases_say_what_they_left_out(tmp_path) -> None:
    cases = ["python-deep-nesting", "python-huge", "toml-deep-nesting", "json-deep-nesting-valid", "big-app-json",
             "big-wxml"]
    roots = {root.name: root for root in generate.generate(tmp_path, MB, cases)}
    reports = {case: bounded(_scan, root, seconds=LIMIT) for case, root in roots.items()}
    crash = _diags(reports["python-deep-nesting"])
    assert any(c == "ZZ005" and p == "server/app.py" and "crashed" in m for c, p, m in crash), crash
    assert "ai_llm" in _features(reports["python-deep-nesting"])  # its import, by the token scan
    assert any(c == "ZZ006" and p == "server/app.py" for c, p, _ in _diags(reports["python-huge"]))
    assert "ai_llm" in _features(reports["python-huge"])
    assert any(c == "ZZ005" and "pyproject.toml" in p for c, p, _ in _diags(reports["toml-deep-nesting"]))
    assert any(c == "ZZ003" and "nested more than" in m for c, _, m in _diags(reports["json-deep-nesting-valid"]))
    assert any(c == "ZZ006" and p == "app.json" for c, p, _ in _diags(reports["big-app-json"]))
    assert any(c == "ZZ006" and p.endswith(".wxml") for c, p, _ in _diags(reports["big-wxml"]))


def test_python_parser_overrun_is_a_diagnostic(tmp_path, monkeypatch) -> None:
    """A per-file time budget: a parse that takes longer is stopped, and says so."""
    from zizhi import isolate

    if not isolate.available():
        pytest.skip("no fork")
    slow = isolate.run(__import__("time").sleep, 5, budget=0.2)
    assert isinstance(slow, isolate.Failure) and slow.reason == "timeout"
    crash = isolate.run(os.abort)
    assert isinstance(crash, isolate.Failure) and crash.reason == "crash"
    assert isolate.run(sum, [1, 2]) == 3


def test_linear_scanners_on_1mb() -> None:
    """The rewritten scanners, each on 1 MB of its worst input, against the behaviour they replace."""
    from zizhi import jsonpos, suppress
    from zizhi_plugins import uniapp, vue
    from zizhi_plugins.appjson import _TEMPLATE_REF
    from zizhi_plugins.javascript import _module_from
    from zizhi_plugins.wxml.collector import start_tags

    def work() -> list[object]:
        out: list[object] = []
        out.append(uniapp.drop_trailing_commas('{"p": [1,\n' + "/" * MB + "\n2]}"))
        out.append(suppress.parse_lines([(1, "// zizhi-disable-line ZZ101" + " " * MB + "x")], "a.js"))
        out.append(list(_module_from(b"import " * (MB // 7))))
        out.append(start_tags("<a " * (MB // 3)))
        out.append(start_tags("<!--" * (MB // 4)))
        out.append(vue.blocks("<!--" * (MB // 4)))
        out.append(vue.blocks("<template " * (MB // 10)))
        out.append(_TEMPLATE_REF.findall("<import " * (MB // 8)))
        out.append(jsonpos.parse_json("[" * MB).errors)
        out.append(uniapp.conditional("// #ifdef MP-WEIXIN" + " " * MB + "x\nuni.a()\n// #endif\n", {"MP"}))
        return out

    results = bounded(work, seconds=LIMIT)
    assert results[0] == '{"p": [1,\n' + "/" * MB + "\n2]}"  # not a trailing comma
    assert results[1][0].codes == ["ZZ101"]


def test_trailing_commas_only_outside_strings_and_comments() -> None:
    from zizhi_plugins.uniapp import drop_trailing_commas

    assert drop_trailing_commas('{"a": [1, 2, ], "b": "x,]", // c,]\n "c": {"d": 1, /* z */ } , }') == \
        '{"a": [1, 2  ], "b": "x,]", // c,]\n "c": {"d": 1  /* z */ }   }'
    assert drop_trailing_commas('[1, "unterminated ,]') == '[1, "unterminated ,]'


# ---------------------------------------------------------------- escaping in every format


FORMATS = ["text", "json", "sarif", "github", "markdown", "gitlab", "junit"]


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("names")
    try:
        root, = generate.generate(out, MB, ["names"])
    except OSError as exc:  # a file system that refuses newlines in names
        pytest.skip(f"hostile names not supported here: {exc}")
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_file_names_in_every_format(fmt, hostile_names, tmp_path, monkeypatch) -> None:
    """A newline and a workflow command, Markdown and HTML, ANSI escapes and bytes that are not
    UTF-8 in file names: every format renders, no line of output starts from data, nothing reaches
    the terminal as a control character, and the name that is not UTF-8 shows replacement
    characters."""
    from conftest import cli

    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.setenv("GITHUB_SHA", "0" * 40)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = cli(["check", str(hostile_names), "--format", fmt])
    assert code in (0, 1), err
    out.encode("utf-8")  # strict: no lone surrogate left
    assert "\x1b" not in out and "\r" not in out
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert fmt == "github" and re.match(r"::(error|warning|notice) ", line), line
            props = line[2:line.index("::", 2)]
            assert ":" not in props, line  # a name's ":" is escaped: the injected command stays inside the value
    if fmt == "github":
        md = summary.read_text(encoding="utf-8")
        assert "\x1b" not in md
        assert "<img" not in re.sub(r"(`+).*?\1", "", md)  # only inside code spans
    if fmt == "markdown":
        assert "<img" not in re.sub(r"(`+).*?\1", "", out)
        assert "](javascript" not in re.sub(r"(`+).*?\1", "", out)
    if fmt == "json" and sys.platform.startswith("linux"):
        paths = {e["path"] for p in json.loads(out)["projects"] for f in p["features"] for e in f["evidence"]}
        assert "pages/index/d\ufffd\ufffd.js" in paths
        assert "pages/index/a\\n::error file=x::injected.js" in paths


def test_markdown_code_spans_and_links() -> None:
    from zizhi_plugins.reporters.markdown import _code, _url

    assert _code("a`b") == "`` a`b ``" and _code("``x") == "``` ``x ```" and _code("plain") == "`plain`"
    assert ")" not in _url("https://h/o/r/blob/s/a)b c<d>.js") and "<" not in _url("x<y")


def test_github_messages_never_start_a_line() -> None:
    from zizhi_plugins.reporters.github import annotation

    line = annotation("error", "x\n::stop-commands::tok\r\x1b[31m", "a\n::error::b,c", 1, 1, "t")
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line.startswith("::error file=a%0A%3A%3Aerror%3A%3Ab%2Cc,line=1,col=1,title=t::")


# ---------------------------------------------------------------- start-up hygiene


def test_python_m_zizhi_does_not_import_from_the_working_folder(tmp_path) -> None:
    """``python -m zizhi`` in a hostile working folder imports neither its ``pluggy.py`` nor the
    plugins of a fake ``*.dist-info`` there."""
    import subprocess

    marker = tmp_path / "imported"
    evil = tmp_path / "repo"
    (evil / "fake-1.0.dist-info").mkdir(parents=True)
    (evil / "pluggy.py").write_text(f"open({str(marker)!r}, 'a').write('pluggy ')\n", encoding="utf-8")
    (evil / "evilplugin.py").write_text(f"open({str(marker)!r}, 'a').write('plugin ')\n", encoding="utf-8")
    (evil / "fake-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: fake\nVersion: 1.0\n",
                                                          encoding="utf-8")
    (evil / "fake-1.0.dist-info" / "entry_points.txt").write_text("[zizhi]\nevil = evilplugin\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    for argv in (["--version"], ["plugins"]):
        done = subprocess.run([sys.executable, "-m", "zizhi", *argv], cwd=evil, env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "evil" not in done.stdout
    assert not marker.exists(), marker.read_text(encoding="utf-8")


# ---------------------------------------------------------------- nothing disappears silently


def _case(tmp_path: Path, name: str) -> dict:
    root, = generate.generate(tmp_path, MB, [name])
    return bounded(_scan, root, seconds=LIMIT)


def test_a_registered_page_is_never_treated_as_minified(tmp_path) -> None:
    """One 20 KB comment line appended to a page made it "minified": its payment call vanished."""
    report = _case(tmp_path, "minified-page")
    assert "payment" in _features(report)
    payment = next(f for p in report["projects"] for f in p["features"] if f["id"] == "payment")
    assert any(e["path"] == "pages/index/index.js" for e in payment["evidence"])


def test_minified_and_vendored_files_are_diagnostics(tmp_path) -> None:
    minified = _case(tmp_path / "a", "minified-lib")
    assert any(c == "ZZ013" and p == "utils/bundle.js" and "minified" in m for c, p, m in _diags(minified))
    vendored = _case(tmp_path / "b", "vendored-lib")
    assert any(c == "ZZ013" and "lib/sdk.js" in m for c, _, m in _diags(vendored))


def test_a_nul_byte_does_not_drop_a_source_file(tmp_path) -> None:
    report = _case(tmp_path, "nul-byte")
    assert "payment" in _features(report)
    assert any(c == "ZZ007" and p == "pages/index/index.js" and "read as text" in m for c, p, m in _diags(report))


def test_binary_files_stay_binary() -> None:
    from zizhi.textio import decode

    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4).text is None
    assert decode(b"a\x00" * 100).text is None  # UTF-16 without a byte-order mark: not a stray NUL


def test_broken_app_json_recovers_its_pages(tmp_path) -> None:
    """A truncated app.json still registers the pages it lists: their signals count."""
    report = _case(tmp_path, "broken-app-json")
    assert "payment" in _features(report)
    assert any(c == "ZZ003" and "2 page(s) recovered" in m for c, _, m in _diags(report))
    assert not any(c == "ZZ008" for c, _, _ in _diags(report))


@pytest.mark.parametrize("edit", [
    'ignore_paths = ["**"]\n', '[rules]\nignore = ["ZZ1"]\n', 'fail_on = "never"\n',
    '[holdings]\nICP_B25 = "沪B2-20260001"\nICP_FILING = "沪ICP备00000001号-1X"\n', '[rules]\nselect = ["ZZ2"]\n',
])
def test_config_that_lowers_reporting_is_a_finding_under_diff_and_baseline(run, tmp_path, edit) -> None:
    """A pull request that silences findings through zizhi.toml shows up as ZZ030 under --diff and
    --baseline, and its own config cannot switch ZZ030 off."""
    from conftest import write_files
    from gitrepo import commit, make_repo

    ad = '<ad unit-id="adunit-0000000000000001"></ad>\n'
    repo = make_repo(tmp_path / "repo", {"pages/index/index.wxml": f"<view>x</view>\n{ad}"})
    app = repo / "app"
    baseline = tmp_path / "baseline.json"
    run("check", app, "--write-baseline", baseline, "--format", "json")
    _, before = run.report(app, "--diff", "HEAD")
    assert not [f for p in before["projects"] for f in p["findings"] if f["code"] == "ZZ030"]
    write_files(app, {"zizhi.toml": edit})
    for mode in (["--diff", "HEAD"], ["--baseline", baseline]):
        code, out = run("check", app, *mode, "--format", "json")
        assert code in (0, 1), run.stderr
        report = load_report(out)
        zz030 = [f for p in report["projects"] for f in p["findings"] if f["code"] == "ZZ030"]
        assert len(zz030) == 1 and zz030[0]["path"] == "zizhi.toml", (mode, edit)
    code, out = run("check", app, "--diff", "HEAD", "--ignore", "ZZ030", "--format", "json")
    assert not [f for p in load_report(out)["projects"] for f in p["findings"] if f["code"] == "ZZ030"]
    commit(repo, "config")
    _, after = run.report(app, "--diff", "HEAD")  # once merged, it is the new normal
    assert not [f for p in after["projects"] for f in p["findings"] if f["code"] == "ZZ030"]


@needs_symlinks
def test_diff_with_links_out_of_the_tree_in_the_base_revision(run, tmp_path) -> None:
    """git archive of a revision holding a link to / (or outside): the link is left out of REV's
    tree, as the walk leaves it out of the working tree; --diff does not fail."""
    from gitrepo import commit, make_repo

    repo = make_repo(tmp_path / "repo")
    (repo / "app" / "pages" / "root").symlink_to("/", target_is_directory=True)
    (repo / "app" / "up").symlink_to("../../..", target_is_directory=True)
    commit(repo, "links")
    code, _ = run("check", repo / "app", "--diff", "HEAD", "--format", "json")
    assert code in (0, 1), run.stderr


@needs_symlinks
def test_init_does_not_write_through_a_link(run, tmp_path) -> None:
    root = copy_fixture("js-apis", tmp_path)
    victim = root / "victim.toml"  # inside the tree, so that only the link stops the write
    victim.write_text('subject = "enterprise"\n', encoding="utf-8")
    (root / "zizhi.toml").symlink_to(victim)
    code, _ = run("init", root, "--force")
    assert code == 2 and victim.read_text(encoding="utf-8") == 'subject = "enterprise"\n'


@needs_symlinks
def test_clean_removes_an_old_in_tree_cache_but_never_through_a_link(run, tmp_path) -> None:
    root = copy_fixture("js-apis", tmp_path)
    legacy = root / ".zizhi_cache"
    (legacy / "v3-x").mkdir(parents=True)
    (legacy / "CACHEDIR.TAG").write_text(filecache.CACHEDIR_TAG, encoding="utf-8")
    code, _ = run("clean", root)
    assert code == 0 and not legacy.exists() and "removed" in run.stderr
    victim = _victim(tmp_path)
    (victim / "CACHEDIR.TAG").write_text(filecache.CACHEDIR_TAG, encoding="utf-8")
    legacy.symlink_to(victim, target_is_directory=True)
    code, _ = run("clean", root)
    assert code == 0 and (victim / "CACHEDIR.TAG").exists() and (victim / "v1-keep" / "data.txt").exists()


@pytest.mark.skipif(os.name != "posix", reason="dir_fd and O_NOFOLLOW are POSIX")
def test_cache_files_are_written_and_read_through_the_folder_never_a_link(tmp_path: Path) -> None:
    """The per-file cache's writer and reader work relative to an open folder (dir_fd) on POSIX:
    a rename over a link replaces the link, not its target, and a link is never read."""
    assert filecache._FD_OK  # (os.replace is not in os.supports_dir_fd: checking it kept this path off)
    folder = tmp_path / "cache"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    (folder / "entry").symlink_to(outside)
    filecache.write_atomically(folder, "entry", b"new", 0o600)
    assert outside.read_bytes() == b"keep"
    assert not (folder / "entry").is_symlink() and (folder / "entry").read_bytes() == b"new"
    assert (folder / "entry").stat().st_mode & 0o777 == 0o600
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    (folder / "link").symlink_to(outside)
    with pytest.raises(OSError):
        filecache._read_file(folder, "link")
    assert filecache._read_file(folder, "entry") == b"new"


@pytest.mark.parametrize(("part", "value"), [(1, ["wx.login"]), (2, 7), (3, "12"), (5, {"a": [1]}), (7, "yes")])
def test_a_cache_entry_whose_signal_has_a_part_of_another_type_is_a_miss(tmp_path, part, value) -> None:
    """A damaged or foreign shard's signal with a part of another type (a list as a name, a string
    as a line) was read back as it was, and failed later, outside the cache's ``except`` (sorting
    the signals, matching them): it is a miss, and the file is read again."""
    from zizhi.model import Location, Signal

    root = tmp_path.resolve()
    (root / "a.js").write_text("wx.login()", encoding="utf-8")
    st = os.stat(root / "a.js")
    signal = Signal("api", "wx.login", Location("a.js", 1, 1), {"via": "call"})
    cache = filecache.FileCache(root, "f" * 32, tmp_path / "c")
    cache.put("i", "k", st, "d1", [signal], [], [], False, "utf-8")
    cache.save()
    again = filecache.FileCache(root, "f" * 32, tmp_path / "c")
    hit = again.get("i", "k", st, "d1")
    assert hit is not None and hit.signals == [signal]
    shards = list((tmp_path / "c").rglob("v*-*/*.json"))
    for shard in shards:
        data = json.loads(shard.read_text(encoding="utf-8"))
        for entry in data.get("entries", {}).values():
            entry[1][0][part] = value
        shard.write_text(json.dumps(data), encoding="utf-8")
    damaged = filecache.FileCache(root, "f" * 32, tmp_path / "c")
    assert damaged.get("i", "k", st, "d1") is None


def test_the_grammars_are_never_loaded_from_the_working_folder_or_the_scanned_tree(tmp_path) -> None:
    """``zizhi.grammars`` loads a grammar's compiled binding from the folder ``find_spec`` gives:
    a scanned repository (the working folder of ``python -m zizhi``) holding a package of that name,
    with an ``__init__`` and a binding of its own, is neither imported nor loaded."""
    import subprocess

    marker = tmp_path / "imported"
    evil = copy_fixture("js-apis", tmp_path)
    for package in ("tree_sitter_javascript", "tree_sitter_typescript", "tree_sitter_json", "tree_sitter"):
        (evil / package).mkdir()
        (evil / package / "__init__.py").write_text(f"open({str(marker)!r}, 'a').write({package!r})\n",
                                                    encoding="utf-8")
        (evil / package / "_binding.abi3.so").write_bytes(b"\x7fELF not a library")
        (evil / package / "_binding.py").write_text(f"open({str(marker)!r}, 'a').write('binding')\n",
                                                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    done = subprocess.run([sys.executable, "-m", "zizhi", "check", ".", "--format", "json", "--no-cache"],
                          cwd=evil, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    # (the scripts were read with the real grammars: ``const { requestVirtualPayment } = wx`` is
    # the semantic reader's destructuring, not a text match)
    assert "wx.requestVirtualPayment" in done.stdout and "wx.requestPayment" in done.stdout
