"""The fast path changes speed, never results: prefilters, the anchored walk, the vendored token
scan, the file cache and worker processes, and lazy imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zizhi_plugins.javascript as js
import zizhi_plugins.wxml as wxml
from conftest import EXAMPLES, FIXTURES, copy_fixture, make_project
from zizhi import walk, workers
from zizhi.context import Options, ScanContext
from zizhi.engine import check, load_engine
from zizhi.filecache import default_base, root_folder_name
from zizhi.model import Project, SourceFile

PROJECTS = sorted([p for p in FIXTURES.iterdir() if p.is_dir()] + [p for p in EXAMPLES.iterdir() if p.is_dir()])


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def cache_home(root: Path) -> Path:
    """Where the per-file cache of the scan root ``root`` lives (the user's cache folder)."""
    return default_base() / root_folder_name(root.resolve())


def render(engine, path: Path, **options) -> str:
    report = check([path], engine, Options(**options))
    return engine.reporters["json"](report)


@pytest.fixture(scope="module")
def reference(engine) -> dict[str, str]:
    """Each project's JSON report on the plain path: one process, no cache."""
    return {p.name: render(engine, p) for p in PROJECTS}


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_no_prefilter_same_report(path: Path, engine, reference, monkeypatch) -> None:
    everything = js.LiteralSet(["x"])
    everything.occurs_in = lambda data: True  # type: ignore[method-assign]
    monkeypatch.setattr(js, "_prefilter", lambda ctx: everything)  # every file is parsed
    monkeypatch.setattr(wxml, "_prefilter", lambda ctx: ({n.lower() for n in ctx.catalogue.names("component")},
                                                         re.compile(""), re.compile("")))
    assert render(engine, path) == reference[path.name]


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_full_walk_and_parsed_vendored_files_same_report(path: Path, engine, reference, monkeypatch) -> None:
    monkeypatch.setattr(js._Walker, "walk_anchored", js._Walker.walk)
    assert render(engine, path, parse_vendored=True) == reference[path.name]


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_cache_cold_and_warm_same_report(path: Path, engine, reference, tmp_path) -> None:
    copy = copy_fixture(path.name, tmp_path)
    cold = render(engine, copy, cache=True)
    warm = render(engine, copy, cache=True)
    assert cold == warm == render(engine, copy)

    def comparable(text: str) -> list[dict[str, object]]:
        projects = json.loads(text)["projects"]
        for p in projects:
            p.pop("config", None)  # the absolute path of the copy's config file
            for f in p["findings"]:
                f.pop("fingerprint", None)  # identities include where the project sits in its repository
        return projects

    assert comparable(cold) == comparable(reference[path.name])


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_two_workers_same_report(path: Path, engine, reference, monkeypatch) -> None:
    monkeypatch.setattr(workers, "CHUNK", 1)  # tiny projects: still spread over two workers
    used = []
    real = workers.jobs_for
    monkeypatch.setattr(workers, "jobs_for", lambda ctx, size, count: used.append(real(ctx, size, count)) or used[-1])
    from zizhi import extract as extract_mod

    here: list[str] = []  # files extracted in this process
    real_run = extract_mod.run_extractors
    monkeypatch.setattr(extract_mod, "run_extractors", lambda source, project, ctx:
                        here.append(f"{source.kind}:{source.relpath}") or real_run(source, project, ctx))
    pure = extract_mod._cacheable_kinds(ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy))
    assert render(engine, path, jobs=2) == reference[path.name]
    assert not used or max(used) == 2  # (a project without files of a cacheable kind has nothing to spread)
    if used:  # the pure files went to the workers (only each project's main manifest stays here)
        projects = len(json.loads(reference[path.name])["projects"])
        assert sum(k.split(":")[0] in pure for k in here) <= projects, here


def test_one_worker_pool_per_run(engine, tmp_path, monkeypatch) -> None:
    """Workers are started once per run, not once per project (a corpus of 70 projects started 70
    pools), and are gone when the run ends; the report is the one of a single process."""
    import concurrent.futures

    monkeypatch.setattr(workers, "CHUNK", 1)
    started: list[object] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    scan = tmp_path / "scan"
    for name in ("a", "b", "c"):
        make_project(scan / name, {"pages/index/index.js": "wx.requestPayment({})\n",
                                   "pages/index/other.js": "wx.getLocation({})\n"})
    single = render(engine, scan, jobs=1)
    assert render(engine, scan, jobs=2) == single
    assert len(started) == 1
    assert started[0]._shutdown_thread  # ended with the run


def test_cache_hits_misses_and_safety(engine, tmp_path) -> None:
    root = copy_fixture("js-apis", tmp_path)
    first = render(engine, root, cache=True)
    folders = list(cache_home(root).glob("v*-*"))
    assert len(folders) == 1 and folders[0].is_dir()
    cache_files = sorted(folders[0].glob("*.json"))
    assert cache_files
    assert (default_base() / ".gitignore").read_text().strip().endswith("*")
    # an edited file is a miss: the report follows the edit
    index = root / "pages/index/index.js"
    index.write_text(index.read_text(encoding="utf-8") + "\nwx.requestOrderPayment({})\n", encoding="utf-8")
    edited = render(engine, root, cache=True)
    assert edited != first
    assert edited == render(engine, root)
    from zizhi.filecache import FileCache

    assert FileCache(root.resolve(), engine.fingerprint()).entries  # the shards hold what was written
    # a corrupt cache file is ignored (and rewritten)
    for shard in cache_files:
        shard.write_text("{not json", encoding="utf-8")
    assert render(engine, root, cache=True) == edited
    for shard in cache_files:
        json.loads(shard.read_text(encoding="utf-8"))
    # another zizhi / plugin / policy version: another fingerprint, never the old entries
    engine2 = load_engine()
    engine2._fingerprint = "0" * 32
    assert render(engine2, root, cache=True) == edited
    assert len(list(cache_home(root).glob("v*-*"))) == 2


def test_cached_entries_are_really_used(engine, tmp_path) -> None:
    root = copy_fixture("voice-square", tmp_path)
    render(engine, root, cache=True)
    ctx_report = check([root], engine, Options(cache=True))
    assert ctx_report.projects  # ran
    from zizhi.filecache import FileCache

    cache = FileCache(root.resolve(), engine.fingerprint())
    assert cache.entries, "nothing cached"
    for ident, entry in cache.entries.items():
        assert cache.get(ident, entry[0]) is not None


def test_warm_run_reads_no_unchanged_file(engine, tmp_path, monkeypatch) -> None:
    """Like git's index: a cached file whose stat is unchanged is neither read nor hashed; an
    edited one is, and so is one modified just before it was hashed (racy)."""
    from zizhi import extract as extract_mod

    monkeypatch.setattr(walk, "RACY_NS", 0)  # files copied a moment ago count as old enough
    root = copy_fixture("voice-square", tmp_path)
    cold = render(engine, root, cache=True)
    reads: list[str] = []
    real = extract_mod.read_file

    def spy(project, relpath, kind, ctx, checked=False):
        reads.append(relpath)
        return real(project, relpath, kind, ctx, checked)

    monkeypatch.setattr(extract_mod, "read_file", spy)
    assert render(engine, root, cache=True) == cold
    pure = extract_mod._cacheable_kinds(ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy))
    cacheable = [r for r in reads if r.rsplit(".", 1)[-1] in pure and r != "app.json"]
    assert not cacheable, f"unchanged cached files were read again: {cacheable}"
    assert reads == [], "an unchanged project is answered by its snapshot: nothing is read (zizhi.snapshot)"
    # an edit of the same size within the same second: the stat differs (mtime, ctime)
    index = next(root.rglob("*.js"))
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("wx.", "xw.", 1), encoding="utf-8")
    reads.clear()
    edited = render(engine, root, cache=True)
    assert index.relative_to(root).as_posix() in reads
    assert edited == render(engine, root)


def test_racy_file_is_hashed_again(engine, tmp_path, monkeypatch) -> None:
    """A file changed less than RACY_NS before it was hashed is never trusted by its stat alone."""
    import os

    from zizhi import filecache

    root = copy_fixture("js-apis", tmp_path)  # copied now: every file is racy for this run
    render(engine, root, cache=True)
    cache = filecache.FileCache(root.resolve(), engine.fingerprint())
    rel = "pages/index/index.js"
    ident = next(i for i in cache.entries if i.endswith(":" + rel))
    assert cache.known(ident, os.stat(root / rel)) is None
    monkeypatch.setattr(walk, "RACY_NS", 0)
    assert cache.known(ident, os.stat(root / rel)) is not None
    (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.known(ident, os.stat(root / rel)) is None  # another stat: read it


def test_uni_app_targets_keep_their_own_entries(engine, tmp_path, monkeypatch) -> None:
    """A file read for two targets (mp-weixin and mp-alipay) has an entry for each: a warm run
    hits both instead of each target evicting the other's."""
    from zizhi import extract as extract_mod
    from zizhi.filecache import FileCache

    monkeypatch.setattr(walk, "RACY_NS", 0)
    root = copy_fixture("uniapp", tmp_path)
    first = render(engine, root, cache=True)
    cache = FileCache(root.resolve(), engine.fingerprint())
    vue = [i for i in cache.entries if i.endswith("pages/index/index.vue")]
    assert sorted(i.split(":", 1)[0] for i in vue) == ["alipay", "wechat"]
    reads: list[str] = []
    real = extract_mod.read_file
    monkeypatch.setattr(extract_mod, "read_file", lambda project, relpath, *a, **k: reads.append(relpath) or
                        real(project, relpath, *a, **k))
    assert render(engine, root, cache=True) == first
    assert not [r for r in reads if r.endswith(".vue")]


def test_clean_command(run, tmp_path) -> None:
    root = copy_fixture("js-apis", tmp_path)
    code, _ = run("check", root, "--format", "json", "-o", tmp_path / "out.json")
    assert not cache_home(root).exists()  # the test environment sets ZIZHI_NO_CACHE
    code, _ = run("check", root, "--no-cache", "-j", "1")
    assert code in (0, 1)
    import os

    os.environ.pop("ZIZHI_NO_CACHE")
    code, _ = run("check", root, "-j", "2")
    assert cache_home(root).is_dir()
    code, _ = run("clean", root)
    assert code == 0
    assert not cache_home(root).exists()
    code, _ = run("check", root, "-j", "-1")
    assert code == 2


def test_no_cache_is_about_the_scanned_files(run, tmp_path, monkeypatch) -> None:
    """--no-cache (and ZIZHI_NO_CACHE=1) write no per-file cache but keep the user cache of zizhi's
    own validated data (keyed by its bytes, nothing of the scan in it); ZIZHI_NO_CACHE=all turns
    both off. Either way the report is the same."""
    root = copy_fixture("js-apis", tmp_path)
    home = tmp_path / "uc"
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(home))
    monkeypatch.setenv("ZIZHI_NO_CACHE", "1")
    _, with_data_cache = run.report(root, "--no-cache")
    assert list((home / "toml").glob("*.json")) and list((home / "valid").glob("*.json"))
    assert not (home / "files").exists()
    _, again = run.report(root, "--no-cache")  # answered from the data cache
    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("ZIZHI_NO_CACHE", "all")
    _, without = run.report(root)
    assert not (tmp_path / "none").exists()
    assert with_data_cache == again == without


def test_help_loads_no_plugin() -> None:
    """The platform list of ``check --help`` is read from the table only when that help is shown."""
    code = ("import sys, contextlib, io\nfrom zizhi.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['--help'])\n"
            "print(sorted({m for m in sys.modules} & {'zizhi.plugins', 'zizhi.platforms', 'zizhi_plugins', "
            "'tree_sitter', 'jsonschema', 'libcst'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_version_imports_no_parser_or_validator() -> None:
    code = ("import sys, contextlib, io\nfrom zizhi.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['--version'])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'tree_sitter', 'jsonschema', 'libcst', "
            "'tree_sitter_javascript', 'tree_sitter_typescript', 'tree_sitter_json', 'zizhi_plugins'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- the vendored token scan


def test_vendored_token_scan(tmp_path) -> None:
    bundle = (
        "/* wx.requestPayment in a licence comment */\n"
        "!function(){var a=wx.createRewardedVideoAd({}); foo.wx.requestPayment();"
        " wx['joinVoIPChat']();\n"
        "  // wx.getLocation is not called here\n"
        "  var u = 'https://api.openai.com/v1/chat'; require('trtc-wx-sdk')}();\n"
    )
    root = make_project(tmp_path / "p", {"lib/sdk.min.js": bundle, "app.js": "require('./lib/sdk.min.js')\n"})
    engine = load_engine()
    report = check([root], engine, Options())
    signals = [(s.kind, s.name, s.location.line, s.location.column, s.attrs.get("scan"))
               for s in report.projects[0].signals if s.location.path == "lib/sdk.min.js"]
    assert signals == [
        ("api", "wx.createRewardedVideoAd", 2, 19, "tokens"),
        ("api", "wx.joinVoIPChat", 2, 74, "tokens"),
        ("endpoint", "https://api.openai.com/v1/chat", 4, 11, "tokens"),
        ("import", "trtc-wx-sdk", 4, 45, "tokens"),
    ]
    parsed = check([root], engine, Options(parse_vendored=True))
    walked = sorted((s.kind, s.name, s.location.line, s.location.column)
                    for s in parsed.projects[0].signals if s.location.path == "lib/sdk.min.js")
    assert walked == [sig[:4] for sig in signals]


# ---------------------------------------------------------------- anchored walk == full walk

PIECES = [
    "wx.requestPayment({})", "wx['createInterstitialAd']()", "wx?.chooseLocation()", "const w = wx;",
    "w.joinVoIPChat()", "const { requestVirtualPayment, x: y } = wx;", "wx.cloud.callFunction({})",
    "require('trtc-wx-sdk')", "import('openai')", "fetch('https://api.openai.com/v1/x')",
    "`https://api.deepseek.com/${a}`", "// wx.getLocation()", "'wx.getLocation'", "(wx).a.b", "(wx.a).b",
    "foo.wx.bar()", "const b = w;", "b.createBannerAd()", "wx.a[x].b", "let e = wx, f = e; f.connectSocket()",
    "function g(wx) { return wx.login() }", "const t = require('@tarojs/taro'); t.requestPayment()",
    "x = { wx: 1 }", "wx", "wx.", "if (a) { wx.getRecorderManager() }", "/* wx.startRecord() */",
    # uni-app's compiled output (its vendor chunk's `index`, the uni webpack hands in)
    'const common_vendor = require("../../common/vendor.js");', "common_vendor.index.requestPayment({})",
    "common_vendor.ref(0)", "const { index } = common_vendor;", "const cv = common_vendor;", "cv.index.getLocation()",
    'var pagesSub_common_vendor = require("../common/vendor.js"); pagesSub_common_vendor.index.login()',
    "/* WEBPACK VAR INJECTION */(function(global, uni) {", "uni.chooseLocation()",
    # the API object on the global object (the catalogue's global_objects)
    "window.wx.createBannerAd({})", "GameGlobal['wx'].login()", "Laya.Browser.window.wx.showToast({})",
    "const lw = Laya.Browser.window.wx;", "lw.startRecord()", "const gw = (window).wx;", "gw.getLocation()",
    "foo.window.wx.requestPayment()", "window.wx", "const { vibrateShort } = window['wx'];",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.booleans())
def test_anchored_walk_equals_full_walk(engine, pieces: list[str], backend: bool) -> None:
    source = "\n".join(pieces)
    data = source.encode()
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy)
    project = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    file = SourceFile(abspath=Path("a.js"), relpath="a.js", project_relpath="a.js", kind="js", data=data,
                      text=source, origin="backend" if backend else "frontend")
    tree = js._parser("js").parse(data)

    def run(method: str) -> list[tuple[object, ...]]:
        walker = js._Walker(file, ctx, project, data=data)
        getattr(walker, method)(tree.root_node)
        return sorted({(s.kind, s.name, s.location) for s in walker.signals})

    assert run("walk_anchored") == run("walk")


# ---------------------------------------------------------------- the benchmark itself


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("zizhi_bench_run", FIXTURES.parents[1] / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_generator_writes_a_project_zizhi_reads(engine, tmp_path) -> None:
    bench = _bench_module()
    lines = bench.generate(tmp_path / "gen", 5000)
    assert 4000 <= lines <= 6000
    assert 0.8 * lines <= bench.count_lines(tmp_path / "gen") <= lines
    report = check([tmp_path / "gen"], engine, Options())
    assert report.projects[0].signals
    assert re.compile(bench.grep_pattern())


def test_bench_cuts_the_first_rules_of_the_semgrep_rules_whole(tmp_path) -> None:
    """issue 15's warm target compares zizhi with semgrep given only 4 rules: the first 4 of the catalogue's
    rules, each whole, the YAML anchor the later ones refer to (defined in the first) kept."""
    bench = _bench_module()
    text = bench.first_rules(4, tmp_path / "four.yml").read_text(encoding="utf-8")
    whole = bench.RULES.read_text(encoding="utf-8")
    assert text.count("\n- id:") + text.startswith("- id:") == 4
    assert whole.startswith(text) and whole[len(text):].startswith("- id:")
    anchors = set(re.findall(r"&(\w+)", text))
    assert anchors and set(re.findall(r"\*(\w+)", text)) <= anchors


def test_bench_runs_end_to_end_without_semgrep(tmp_path, capsys) -> None:
    bench = _bench_module()
    project = copy_fixture("voice-square", tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n<!-- bench:ratios -->\nold table\n<!-- /bench:ratios -->\n\nrest\n", encoding="utf-8")
    assert bench.main(["--project", str(project), "--no-semgrep", "--repeat", "2", "--lines", "1000",
                       "--growth", "1000,2000", "--readme", str(readme)]) == 0
    out = capsys.readouterr().out
    for heading in ("Ratios", "Real project", "Prefilter", "Generated project", "Growth"):
        assert f"## {heading}" in out
    assert "semgrep: not run" in out
    # every figure of the ratio table is a ratio to grep and to reading the bytes, median [min–max]
    for run in ("zizhi, no cache (", "zizhi, no cache, 2 workers", "zizhi, first run", "zizhi, cold",
                "zizhi, warm |", "zizhi, warm 5-file project", "hook zizhi, 5 files changed",
                "hook zizhi-changed, the 5 files"):
        row = next(line for line in out.splitlines() if line.startswith(f"| {run}"))
        assert row.count("x [") == 3, row
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.endswith("<!-- /bench:ratios -->\n\nrest\n")
    assert "| zizhi, warm 5-file project |" in text and "Targets:" in text
    with pytest.raises(SystemExit):
        bench.main(["--project", str(project), "--only", "nothing"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab*.-/", max_size=8), st.text(alphabet="ab.-/", max_size=10))
def test_glob_match_is_fnmatchcase(pattern: str, name: str) -> None:
    """The catalogue's glob test (no regex compiled) says what fnmatch says."""
    import fnmatch

    from zizhi.catalogue import glob_match

    assert glob_match(name, pattern) == fnmatch.fnmatchcase(name, pattern)
    assert glob_match(name, pattern + "?") == fnmatch.fnmatchcase(name, pattern + "?")


# ---------------------------------------------------------------- the user cache of policy data


def test_user_cache_remembers_parsed_and_validated_data(tmp_path, monkeypatch) -> None:
    """The catalogue and policy pack are parsed and validated once; the same bytes load the same
    data from the user cache; changed bytes or schema are a new key; failures are not remembered."""
    import datetime as dt

    from zizhi import resources, usercache
    from zizhi.catalogue import DataError, load_toml

    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "uc"))
    monkeypatch.delenv("ZIZHI_NO_CACHE")
    monkeypatch.setattr(usercache, "_ENABLED", [])
    pack = tmp_path / "pack.toml"
    pack.write_text('name = "x"\nchecked = 2026-11-28\nat = 2026-11-28T10:00:00+08:00\n[t]\nv = 1.5\n',
                    encoding="utf-8")
    parsed = load_toml(pack)
    assert list((tmp_path / "uc" / "toml").glob("*.json"))
    again = load_toml(pack)
    assert again == parsed and isinstance(again["checked"], dt.date) and again["at"].utcoffset()
    pack.write_text('name = "y"\n', encoding="utf-8")
    assert load_toml(pack) == {"name": "y"}
    pack.write_text('name = \n', encoding="utf-8")
    with pytest.raises(DataError):
        load_toml(pack)

    calls: list[str] = []
    real = resources.schema_errors
    monkeypatch.setattr(resources, "schema_errors", lambda name, inst: calls.append(name) or real(name, inst))
    engine_a = load_engine()
    validated = len(calls)
    assert validated >= 2  # catalogue and policy pack
    engine_b = load_engine()
    assert len(calls) == validated, "validated again although nothing changed"
    assert engine_a.policy.licences == engine_b.policy.licences
    assert [e.id for e in engine_a.catalogue.entries] == [e.id for e in engine_b.catalogue.entries]
    bad = {"name": "bad"}  # not a valid policy pack: an error, every time
    assert resources.first_schema_error("policy.schema.json", bad)
    assert resources.first_schema_error("policy.schema.json", bad)
    usercache.configure(False)  # --no-cache: nothing read or written
    try:
        assert usercache.get("toml", "x") is None
        load_engine()
        assert len(calls) > validated
    finally:
        usercache.configure(True)
        monkeypatch.setattr(usercache, "_ENABLED", [])


def test_file_memo_computes_once_per_content(engine, tmp_path, monkeypatch) -> None:
    """What a plugin derives from one file (a page's JSON) is computed once; an unchanged stat is
    not even read; a touched file with the same bytes is read but not recomputed; new bytes are."""
    from zizhi import filecache

    monkeypatch.setattr(walk, "RACY_NS", 0)
    page = tmp_path / "page.json"
    page.write_text('{"usingComponents": {}}', encoding="utf-8")
    calls: list[bytes] = []

    def compute(data: bytes) -> dict[str, object]:
        calls.append(data)
        return {"size": len(data), "pair": (1, 2)}

    def run() -> object:
        ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy,
                          options=Options(cache=True), runtime=engine.runtime(), scan_root=tmp_path)
        value = filecache.file_memo(ctx, page, "test", compute)
        filecache.close_caches(ctx)
        return value

    assert run() == {"size": 23, "pair": [1, 2]}  # always through JSON: the cold run sees what a warm one does
    assert run() == {"size": 23, "pair": [1, 2]} and len(calls) == 1
    monkeypatch.setattr(filecache, "content_digest", lambda data: pytest.fail("read although unchanged"))
    run()
    monkeypatch.undo()
    monkeypatch.setattr(walk, "RACY_NS", 0)
    import os

    os.utime(page)  # touched: another stat, same bytes
    run()
    assert len(calls) == 1
    page.write_text('{"usingComponents": {"a": "b"}}', encoding="utf-8")
    assert run() == {"size": 31, "pair": [1, 2]} and len(calls) == 2
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=Options(cache=False))
    assert filecache.file_memo(ctx, page, "test", compute) == {"size": 31, "pair": [1, 2]} and len(calls) == 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab.c中", min_size=1, max_size=5), min_size=1, max_size=8),
       st.text(alphabet="ab.cx中", max_size=40))
def test_trie_regex_matches_like_the_longest_first_alternation(words: list[str], text: str) -> None:
    """The prefilter's trie-shaped regex finds exactly what a plain alternation sorted longest
    first finds: the longest word at the leftmost place."""
    plain = re.compile(b"(?:" + b"|".join(re.escape(w.encode()) for w in sorted(set(words), key=lambda n: (-len(n), n)))
                       + b")")
    data = text.encode()
    assert [m.span() for m in js.literal_regex(words).finditer(data)] == [m.span() for m in plain.finditer(data)]


def test_a_changed_file_rewrites_only_its_shard(engine, tmp_path, monkeypatch) -> None:
    """The cache is spread over shard files: a run that re-extracted one file writes one shard;
    a run that changed nothing writes none; an old format's files are removed."""
    from zizhi import filecache

    monkeypatch.setattr(walk, "RACY_NS", 0)
    root = copy_fixture("voice-square", tmp_path)
    cache_home(root).mkdir(parents=True)
    (cache_home(root) / "v2-0123.json").write_text("{}", encoding="utf-8")  # an older zizhi's cache
    render(engine, root, cache=True)
    folder = next(cache_home(root).glob(f"v{filecache.FORMAT}-*"))
    assert not (cache_home(root) / "v2-0123.json").exists()
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert len(before) > 1
    render(engine, root, cache=True)
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")} == before  # nothing written
    page = next(p for p in sorted(root.rglob("*.js")) if ".zizhi_cache" not in p.parts)
    page.write_text(page.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    render(engine, root, cache=True)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    # (the project's snapshot files are rewritten too: zizhi.snapshot)
    changed = [name for name in after if after[name] != before.get(name) and not name.startswith(("snap-", "part-"))]
    ident = next(i for i in filecache.FileCache(root.resolve(), engine.fingerprint()).entries
                 if i.endswith(page.relative_to(root).as_posix()))
    assert changed == [f"{filecache.FileCache.shard(ident):02x}.json"]


def test_damaged_cache_values_are_recomputed(engine, tmp_path, monkeypatch) -> None:
    """A cache file that is valid JSON but holds damaged values (hand-edited, bit rot) only makes
    the run slower: every damaged entry and memo is computed again, and the report is the same."""

    monkeypatch.setattr(walk, "RACY_NS", 0)
    root = copy_fixture("pages-components", tmp_path)
    reference = render(engine, root)
    render(engine, root, cache=True)
    folder = next(cache_home(root).glob("v*-*"))
    memos = entries = 0
    for shard in folder.glob("*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        for ident in data.get("memos", {}):
            data["memos"][ident][3] = {"doc": {"value": 1, "positions": 7}, "diagnostics": "x"}
            memos += 1
        for ident in data.get("entries", {}):
            data["entries"][ident][1] = [["api", "wx.x"]]  # a signal with missing fields
            entries += 1
        shard.write_text(json.dumps(data), encoding="utf-8")
    assert memos and entries
    assert render(engine, root, cache=True) == reference
    assert render(engine, root, cache=True) == reference  # and the rewritten values are sound


def test_lone_surrogates_do_not_break_the_cache(engine, tmp_path) -> None:
    """A page title with a broken escape (a lone surrogate) reaches the cache through the page's
    parsed JSON: it is written as an escape, read back the same, and leaves no temporary file."""
    root = copy_fixture("pages-components", tmp_path)
    page = next(p for p in sorted(root.rglob("*.json")) if p.name not in ("app.json", "project.config.json"))
    page.write_text('{"navigationBarTitleText": "\\ud800 broken", "usingComponents": {}}', encoding="utf-8")
    reference = render(engine, root)
    assert render(engine, root, cache=True) == reference
    assert render(engine, root, cache=True) == reference
    assert not list(cache_home(root).rglob(".tmp-*"))
    assert list(cache_home(root).rglob("*.json"))


def test_no_cache_reaches_the_workers() -> None:
    """--no-cache is a switch of this process; workers (started by spawn on macOS and Windows)
    get it through their initializer."""
    from zizhi import usercache
    from zizhi.engine import worker_context

    saved = list(usercache._ENABLED)
    try:
        workers._init_worker(worker_context, [], Options(), False)
        assert usercache.enabled() is False
        workers._init_worker(worker_context, [], Options(), True)
        assert usercache.enabled() is True
        assert workers._WORKER["ctx"].options == Options()
    finally:
        usercache._ENABLED[:] = saved
        workers._WORKER.clear()


def test_a_racy_memo_is_trusted_once_hashed_again(engine, tmp_path, monkeypatch) -> None:
    """A page saved just before a run is read and hashed again on the next run, which renews its
    hash time: from then on its stat is trusted and it is not read."""
    import os

    from zizhi import filecache

    page = tmp_path / "page.json"
    page.write_text("{}", encoding="utf-8")
    cache = filecache.FileCache(tmp_path, "f" * 32)
    st = os.stat(page)
    cache.memo_put("m::page.json", st, "d", {"v": 1})
    assert cache.memo_get("m::page.json", st) == (False, None)  # racy: written a moment ago
    later = filecache.FileCache(tmp_path, "f" * 32)
    later.memos = cache.memos
    later.started_ns = st.st_mtime_ns + walk.RACY_NS + 1  # a run well after the write
    assert later.memo_get("m::page.json", st, "d") == (True, {"v": 1})  # read and hashed: renewed
    assert later.memo_get("m::page.json", st) == (True, {"v": 1})  # now trusted unread


def test_one_table_drives_the_walks_and_the_token_scan(engine, monkeypatch) -> None:
    """The full walk, the anchored walk and the token scan read one table of handlers
    (``javascript.HANDLERS``): a handler taken out of it is gone from all three."""
    source = ("wx.requestPayment({})\nconst w = wx\nw.login()\nrequire('trtc-wx-sdk')\n"
              "fetch('https://api.openai.com/v1/x')\n")
    data = source.encode()
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy)
    project = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    file = SourceFile(abspath=Path("a.js"), relpath="a.js", project_relpath="a.js", kind="js", data=data,
                      text=source)
    tree = js._parser("js").parse(data)

    def found() -> dict[str, list[tuple[str, str]]]:
        out = {}
        for method in ("walk", "walk_anchored"):
            walker = js._Walker(file, ctx, project, data=data)
            getattr(walker, method)(tree.root_node)
            out[method] = sorted({(s.kind, s.name) for s in walker.signals})
        out["token_scan"] = sorted({(s.kind, s.name) for s in js.token_scan(file, ctx, project, data)})
        return out

    every = found()
    endpoint = ("endpoint", "https://api.openai.com/v1/x")
    walked = [("api", "wx.login"), ("api", "wx.requestPayment"), endpoint, ("import", "trtc-wx-sdk")]
    assert every == {"walk": walked, "walk_anchored": walked,
                     "token_scan": [("api", "wx.requestPayment"), endpoint, ("import", "trtc-wx-sdk")]}
    monkeypatch.setattr(js, "HANDLERS", tuple(h for h in js.HANDLERS if h.name != "endpoint"))
    assert found() == {reader: [s for s in signals if s != endpoint] for reader, signals in every.items()}
    monkeypatch.setattr(js, "HANDLERS", tuple(h for h in js.HANDLERS if h.name != "alias"))
    assert ("api", "wx.login") not in found()["walk"] + found()["walk_anchored"]


# ---------------------------------------------------------------- less Python around the parser


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab$_1中\\", min_size=1, max_size=4), min_size=1, max_size=5),
       st.text(alphabet="ab$_1 .(中\\", max_size=40))
def test_alias_spans_are_the_regex_ones(names: list[str], text: str) -> None:
    """The anchored walk's names found with ``bytes.find`` (no regex compiled per file) are the
    whole-identifier matches of the names' trie regex (non-identifier names: the regex itself)."""
    data = text.encode()
    assert js._ident_spans(frozenset(names), data) == list(js._word_spans(js._ident_regex(frozenset(names)), data))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab*?-/@[]!", min_size=1, max_size=6), max_size=5),
       st.text(alphabet="ab-/@[]!", max_size=10))
def test_import_globs_match_as_fnmatch_does(patterns: list[str], spec: str) -> None:
    """One regex of the catalogue's import globs says what ``fnmatchcase`` of each says."""
    import fnmatch

    regex = js._patterns_regex(tuple(patterns))
    assert (regex is not None and regex.match(spec) is not None) == any(
        fnmatch.fnmatchcase(spec, p) for p in patterns)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab**?-/@[]!.\\", min_size=0, max_size=6), max_size=5),
       st.text(alphabet="ab-/@[]!.*\\", max_size=10))
def test_globs_without_a_regex_match_as_fnmatch_does(patterns: list[str], spec: str) -> None:
    """``Globs`` answers ``X``, ``X*``, ``*X`` and ``*X*`` with string tests and the others with the
    regex: what ``fnmatchcase`` of each pattern says."""
    import fnmatch

    assert js.Globs(patterns).match(spec) == any(fnmatch.fnmatchcase(spec, p) for p in patterns)


def test_globs_of_the_catalogue_need_no_regex(engine) -> None:
    """The catalogue's import globs are all of the string-test forms (no regex compiled for them)."""
    globs = js.Globs(engine.catalogue.patterns("import"))
    assert globs.rest == () and globs.starts and globs.inner
    assert globs.match("@agora/agora-miniapp-sdk-x") and globs.match("openai.chat") and not globs.match("openai")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x2fff, max_codepoint=0xa100) | st.sampled_from(
    ["a", " ", "\u33ff", "\u3400", "\u9fff", "\ua000", "\ud800", "\U0002a6d6", "é"]), max_size=12))
def test_has_cjk_says_what_the_character_class_says(text: str) -> None:
    """``semantic._has_cjk`` (over the UTF-8 bytes) finds a character of U+3400–U+9FFF exactly where
    the regex ``[\\u3400-\\u9fff]`` does (lone surrogates included)."""
    from zizhi_plugins import semantic

    assert semantic._has_cjk(text) == (re.search("[\u3400-\u9fff]", text) is not None)


def test_vocabulary_words_and_pairs_read_each_entry_once(engine) -> None:
    """``single_words`` and ``pairs`` read each word-matching entry once; the same sets as reading
    it under every word it is listed by."""
    cat = engine.catalogue
    for kind in ("endpoint", "identifier", "collection"):
        listed = [e for entries in cat._words.get(kind, {}).values() for e in entries]
        assert cat.single_words(kind) == {n.lower() for e in listed for n in e.names if "+" not in n}
        assert cat.pairs(kind) == {tuple(n.lower().split("+", 1)) for e in listed for n in e.names if "+" in n}
        assert cat.pairs(kind) and cat.single_words(kind)


def test_read_bytes_without_the_lstat_refuses_what_inside_refuses(engine, tmp_path: Path) -> None:
    """``safeio.read_bytes`` opens a file with ``O_NOFOLLOW`` once its folder is known to be in the
    tree, instead of an ``lstat`` and ``inside`` first: a link, a folder linked out of the tree or
    back into it, a FIFO and a file over the limit are still answered as ``inside`` answers."""
    import os

    from zizhi import safeio

    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "pages").mkdir(parents=True)
    outside.mkdir()
    (root / "pages" / "a.json").write_bytes(b'{"a": 1}')
    (outside / "secret.json").write_bytes(b"secret")
    (root / "pages" / "in.json").symlink_to(root / "pages" / "a.json")
    (root / "pages" / "out.json").symlink_to(outside / "secret.json")
    (root / "linked-out").symlink_to(outside)
    (root / "linked-in").symlink_to(root / "pages")
    os.mkfifo(root / "pages" / "fifo.json")
    (root / "pages" / "big.json").write_bytes(b"x" * 100)
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, scan_root=root)
    for _ in range(2):  # (the second time with the folders' real paths remembered)
        assert safeio.read_bytes(root / "pages" / "a.json", ctx) == b'{"a": 1}'
        assert safeio.read_bytes(root / "pages" / "in.json", ctx) == b'{"a": 1}'
        assert safeio.read_bytes(root / "linked-in" / "a.json", ctx) == b'{"a": 1}'
        for refused in (root / "pages" / "out.json", root / "linked-out" / "secret.json"):
            with pytest.raises(safeio.OutsideTree):
                safeio.read_bytes(refused, ctx)
        with pytest.raises(OSError) as fifo:
            safeio.read_bytes(root / "pages" / "fifo.json", ctx)
        assert not isinstance(fifo.value, safeio.OutsideTree)
        with pytest.raises(safeio.TooLarge):
            safeio.read_bytes(root / "pages" / "big.json", ctx, limit=99)
        assert safeio.read_bytes(root / "pages" / "big.json", ctx, limit=100) == b"x" * 100
        with pytest.raises(FileNotFoundError):
            safeio.read_bytes(root / "pages" / "missing.json", ctx)


def test_prefilter_keeps_the_tokens_that_hold_no_other(engine) -> None:
    """The prefilter is asked only whether a token occurs: it drops the tokens that hold another,
    and finds a token in a text exactly when the full list does."""
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy)
    tokens = [t.decode() for t in js._tokens(ctx)]
    prefilter = js._prefilter(ctx)
    for token in tokens:
        for text in (token, f"x {token[:-1]} y", f"a{token}b", token.upper()):
            low = text.lower().encode()
            expected = any(t.encode() in low for t in tokens)
            assert (prefilter.regex.search(low) is not None) == expected, text
            assert js.LiteralSet(t.decode() for t in prefilter.words).occurs_in(low) == expected, text


def test_literal_set_answers_as_its_regex_before_and_after_compiling() -> None:
    """``LiteralSet.occurs_in`` tests ``in`` for the first files, then searches with the regex:
    the same answers either way (words holding others, regex metacharacters, non-ASCII)."""
    words = ["wx.request", "request", "a+b", "(x)", "直播", "uploadFile", "upload"]
    texts = [b"", b"wx.req", b"my request here", b"a+b", b"ab", b"(x)", "直播间".encode(), b"uploadfile",
             b"UPLOAD", b"uploadFile"]
    texts += [t + b" " * 300 for t in texts] + [b" " * 300 + t for t in texts]  # long ones: by `in`, then the regex
    fresh = js.LiteralSet(words)
    fresh._few = False  # (as a set of more than FEW words: by `in` while the budget lasts)
    # half by `in`, the rest by the regex
    fresh._budget = sum(len(words) * (len(t) + fresh.IN_CALL) for t in texts[:len(texts) // 2])
    by_pairs = js.LiteralSet(words)  # short texts: by pairs of bytes, never compiling
    by_pairs._few = False
    few = js.LiteralSet(words)  # a few words: always by `in`
    assert few._few and len(words) <= few.FEW
    for text in texts:
        expected = any(w.encode() in text for w in words)
        assert fresh.occurs_in(text) == expected, text
        assert (js.LiteralSet(words).regex.search(text) is not None) == expected, text
        assert few.occurs_in(text) == expected, text
        if len(text) < by_pairs.SHORT:
            assert by_pairs.occurs_in(text) == expected, text
    assert fresh._regex is not None and by_pairs._regex is None and few._regex is None
    many = js.LiteralSet(f"w{i}" for i in range(js.LiteralSet.FEW + 1))
    assert not many._few
    one_byte = js.LiteralSet(["$", "ab"])
    assert one_byte.occurs_in(b"x$") and one_byte.occurs_in(b"ab") and not one_byte.occurs_in(b"a b")
    assert not js.LiteralSet([]) and not js.LiteralSet([]).occurs_in(b"anything")


def test_call_hook_calls_as_pluggy_does() -> None:
    """``call_hook`` gives what pluggy gives: the last registered first, None results left out, the
    first result of a firstresult hook; with a wrapper implementation it goes through pluggy."""
    import pluggy

    from zizhi.context import call_hook

    spec, impl = pluggy.HookspecMarker("t"), pluggy.HookimplMarker("t")

    class Spec:
        @spec
        def many(self, a, b): ...

        @spec(firstresult=True)
        def first(self, a): ...

    pm = pluggy.PluginManager("t")
    pm.add_hookspecs(Spec)
    for i, answer in enumerate([1, None, 3]):
        plugin = type(f"P{i}", (), {"many": impl(lambda self, b, a, v=answer: None if v is None else (v, a, b)),
                                    "first": impl(lambda self, a, v=answer: v)})
        pm.register(plugin(), name=f"p{i}")

    def ctx() -> ScanContext:
        return ScanContext(pm=pm, catalogue=None, policy=None)  # type: ignore[arg-type]

    assert call_hook(ctx(), "many", a=1, b=2) == pm.hook.many(a=1, b=2) == [(3, 1, 2), (1, 1, 2)]
    assert call_hook(ctx(), "first", a=0) == pm.hook.first(a=0) == 3
    pm.register(type("NoArgs", (), {"many": impl(lambda self: "none")})(), name="no-args")
    assert call_hook(ctx(), "many", a=1, b=2) == pm.hook.many(a=1, b=2) == ["none", (3, 1, 2), (1, 1, 2)]

    class Wrapper:
        @impl(wrapper=True)
        def first(self, a):
            return (yield) * 10

    pm.register(Wrapper(), name="wrapper")
    assert call_hook(ctx(), "first", a=0) == pm.hook.first(a=0) == 30


def test_template_tags_read_only_wanted_attributes() -> None:
    from zizhi_plugins.wxml.collector import start_tags

    text = '<view a="1">\n<ad unit-id="x" />\n<button open-type="share" <b c="d">'
    full = start_tags(text)
    assert start_tags(text, {"ad"}) == [(tag, attrs if tag == "ad" else [], line, col)
                                        for tag, attrs, line, col in full]
    assert [attrs for tag, attrs, _, _ in full if tag == "ad"] == [[("unit-id", "x")]]


def test_real_path_by_folder_is_realpath(tmp_path) -> None:
    """``safeio.real_path`` (a folder's real path remembered) gives what ``os.path.realpath`` gives:
    links to folders inside and outside, a link as the file, dangling links, ``.`` and ``..``."""
    import os
    import random

    from zizhi.safeio import inside, real_path

    d = tmp_path
    (d / "a/b/c").mkdir(parents=True)
    (d / "out/x").mkdir(parents=True)
    (d / "out/x/f.txt").write_text("x")
    (d / "a/b/c/g.js").write_text("x")
    os.symlink(d / "out", d / "a/link")
    os.symlink("../..", d / "a/b/up")
    os.symlink(d / "out/x/f.txt", d / "a/b/flink")
    os.symlink("nowhere", d / "a/dangling")
    paths = [f"{d}/a/b/c/g.js", f"{d}/a/link/x/f.txt", f"{d}/a/b/up/b/c/g.js", f"{d}/a/b/flink", f"{d}/a/dangling",
             f"{d}/a/dangling/z", f"{d}/a/b/c/missing.js", f"{d}/a/b/../b/c/g.js", f"{d}/a/./b/c/g.js",
             f"{d}//a//b/c/g.js", f"{d}/a/b/c/", f"{d}/a/b/c/.", f"{d}/a/b/c/..", "relative/x.js", "x.js",
             f"{d}/a/link/x/../x/f.txt"]
    folders: dict[str, str] = {}
    for _ in range(3):
        for p in random.sample(paths, len(paths)):
            assert real_path(p, folders) == os.path.realpath(p), p
            top = os.path.realpath(d / "a")
            assert inside(p, top, folders) == inside(p, top), p


def test_lazy_regex_is_the_compiled_regex() -> None:
    import re

    from zizhi.lazyre import lazy

    for pattern, flags, texts in ((r"(a)(b)?", re.I, ["xAb", "", "ba"]), (rb"x+", 0, [b"xxaxx", b""])):
        lazy_one, compiled = lazy(pattern, flags), re.compile(pattern, flags)
        for text in texts:
            assert repr(lazy_one.search(text)) == repr(compiled.search(text))
            assert lazy_one.findall(text) == compiled.findall(text)
            assert [m.span() for m in lazy_one.finditer(text)] == [m.span() for m in compiled.finditer(text)]
            assert lazy_one.sub(pattern[:0], text) == compiled.sub(pattern[:0], text)
        assert (lazy_one.pattern, lazy_one.flags, lazy_one.groups) == \
            (compiled.pattern, compiled.flags, compiled.groups)


def test_the_garbage_collector_is_left_as_it_was(tmp_path) -> None:
    """A caller's ``main(argv)`` keeps its collector as it is (only the command line, ``main()``,
    pauses and freezes it); reading a cache file restores it."""
    import gc

    from zizhi.cli import main
    from zizhi.filecache import paused_gc

    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    main(["check", str(FIXTURES / "js-apis"), "--format", "json", "-o", str(tmp_path / "out.json")])
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_command_line_pauses_its_collector_only_until_its_engine_is_loaded(monkeypatch) -> None:
    """``main()`` (a process of its own) turns the collector off while it starts: ``check`` turns it
    back on once its engine is loaded, any other command (``audit`` runs long) once its arguments
    are read; it is on again when ``main`` returns."""
    import gc

    from zizhi import cli

    seen: dict[str, bool] = {}

    def dispatch(args):
        seen[args.command] = gc.isenabled()
        if args.command == "check":
            cli._engine(args)
            seen["check, engine loaded"] = gc.isenabled()
        return 0

    monkeypatch.setattr(cli, "_dispatch", dispatch)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # (not the test process's objects)
    from zizhi import filecache

    monkeypatch.setattr(filecache, "GC_FROZEN", False)
    for argv in (["zizhi", "rules"], ["zizhi", "check", str(FIXTURES / "js-apis")]):
        monkeypatch.setattr(sys, "argv", argv)
        assert cli.main() == 0
        assert gc.isenabled()
    assert seen == {"rules": True, "check": False, "check, engine loaded": True}
    # what it froze is frozen again after a cache file is read, without counting the frozen objects
    assert filecache.GC_FROZEN
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: pytest.fail("counted"))
    with filecache.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled() and frozen == [True]


@pytest.mark.parametrize("options", [{}, {"cache": True}, {"jobs": 2}], ids=["no-cache", "cache", "workers"])
def test_no_stat_is_kept_once_a_file_is_done(engine, tmp_path, monkeypatch, options) -> None:
    """Each file's stat (~600 bytes) is kept only while the cache needs it: held to the assembly of
    signals, the stats of a 1M-line project (57,000 files) were a sixth of the run's peak memory."""
    from zizhi import extract as extract_mod

    monkeypatch.setattr(workers, "CHUNK", 1)
    monkeypatch.setattr(workers, "PARALLEL_MIN_BYTES", 0)
    root = copy_fixture("js-apis", tmp_path)
    reference = render(engine, root)
    held: list[object] = []
    assembled: list[int] = []
    real = extract_mod._assemble

    def spy(project, ctx, items, *args, **kwargs):
        assembled.append(len(items))
        held.extend(item.stat for item in items if item.stat is not None)
        return real(project, ctx, items, *args, **kwargs)

    monkeypatch.setattr(extract_mod, "_assemble", spy)
    for _ in range(2 if options.get("cache") else 1):  # cold, then warm (same files, unchanged)
        assert render(engine, root, **options) == reference
    assert assembled and min(assembled) > 0
    assert held == []


def test_vendored_sdk_of_answers_the_same_before_and_after_compiling(engine) -> None:
    """The first files are tested by glob per name (no regex compiled: the changed-files hook reads
    five), the rest with the compiled regex: the same answers."""
    import copy

    names = ["lib/tim-wx-sdk.js", "a/b/TIM-WX.JS", "easemob-websdk-4.1.js", "x/agora_miniapp_sdk_v2.js", "app.js",
             "utils/tim.js", "trtc-wx.js.map"]
    markers = [m for sdk in engine.catalogue.vendored_sdks for m in sdk.markers]
    heads = ["", "// generated by something else", *markers[:3]]
    by_glob = copy.copy(engine.catalogue)
    by_regex = copy.copy(engine.catalogue)
    by_glob._sdk_regexes, by_glob._sdk_asked = None, 0
    by_regex._sdk_regexes, by_regex._sdk_asked = None, 100
    for name in names:
        for head in heads:
            assert by_glob.vendored_sdk_of(name, head) == by_regex.vendored_sdk_of(name, head), (name, head)
    assert by_glob._sdk_regexes is None and by_regex._sdk_regexes is not None
    assert any(by_glob.vendored_sdk_of(n, "") for n in names)


def test_endpoint_spans_are_the_regex_spans_before_and_after_compiling() -> None:
    """``_endpoint_spans`` asks a ``LiteralSet`` first (a file holding no endpoint compiles nothing),
    then searches with the set's regex: the spans of ``_endpoint_regex``, overlapping ones included."""
    endpoints = ("api.weixin.qq.com", "qq.com", "/cgi-bin/token", "open.douyin.com", "直播.cn")
    texts = [b"", b"nothing here", b"https://api.weixin.qq.com/cgi-bin/token?x=1",
             b"'qq.com' and 'open.douyin.com' and 'qq.com'", "直播.cn/x".encode(), b"qq.co", b"x" * 300 + b"qq.com"]
    js._endpoint_set.cache_clear()
    fresh = js._endpoint_set(endpoints)
    for text in texts:
        assert list(js._endpoint_spans(endpoints, text)) == list(js._all_spans(js._endpoint_regex(endpoints), text))
    assert fresh._regex is not None  # (compiled once a text held one)
    js._endpoint_set.cache_clear()
    assert list(js._endpoint_spans(endpoints, b"no endpoint in this script" * 20)) == []
    assert js._endpoint_set(endpoints)._regex is None  # nothing found: nothing compiled
    assert list(js._endpoint_spans(("", "a"), b"ba")) == [(1, 2)]  # (an empty endpoint matches nothing)
    assert list(js._endpoint_spans((), b"abc")) == []


def _one_plugin(tmp_path, monkeypatch):
    """A user cache of its own and a plugin manager whose one plugin's code is ``tmp_path/plug.py``:
    (that file's path, the manager's class)."""
    import types

    from zizhi import usercache

    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "usercache"))
    monkeypatch.setattr(usercache, "_ENABLED", [True])
    source = tmp_path / "plug.py"
    plugin = types.ModuleType("plug")
    plugin.__file__ = str(source)

    class PM:
        distributions = types.MappingProxyType({})

        def list_name_plugin(self):
            return [("plug", plugin)]

    return source, PM


def test_the_engine_fingerprint_follows_the_bytes_of_the_plugins_code(tmp_path, monkeypatch) -> None:
    """The files of zizhi and its plugins are hashed once per stat (remembered in the user cache):
    an edited plugin is another fingerprint, an unchanged one the same, and a damaged memo is
    hashed again rather than trusted."""
    import os

    from zizhi.filecache import engine_fingerprint

    source, PM = _one_plugin(tmp_path, monkeypatch)
    monkeypatch.setattr(walk, "RACY_NS", 0)  # (a file written a moment ago is racy by its ctime)

    def write(text: str, age: int) -> None:
        source.write_text(text, encoding="utf-8")
        past = source.stat().st_mtime_ns - age * 1_000_000_000
        os.utime(source, ns=(past, past))

    write("A = 1\n", 100)
    first = engine_fingerprint(PM(), [], [])  # type: ignore[arg-type]
    memo = tmp_path / "usercache" / "engine-files"
    assert memo.is_dir() and list(memo.glob("*.json"))
    assert engine_fingerprint(PM(), [], []) == first  # type: ignore[arg-type]
    write("A = 2\n", 50)
    second = engine_fingerprint(PM(), [], [])  # type: ignore[arg-type]
    assert second != first
    for entry in memo.glob("*.json"):
        entry.write_text('"0000"', encoding="utf-8")  # not a digest: hashed again
    assert engine_fingerprint(PM(), [], []) == second  # type: ignore[arg-type]
    write("A = 1\n", 40)
    assert engine_fingerprint(PM(), [], []) == first  # type: ignore[arg-type]


def test_the_engine_fingerprint_is_not_fooled_by_a_stat_made_to_look_the_same(tmp_path, monkeypatch) -> None:
    """The fingerprint's memo (a digest per stat of zizhi's and its plugins' files) is keyed on each
    file's size, mtime, ctime and inode, and a file changed in the last ``walk.RACY_NS`` is not
    trusted by its stat: an edit of the same size with the mtime set back, and the file replaced by
    a link to another one with that mtime, are each another fingerprint; nothing racy is remembered."""
    import os

    from zizhi.filecache import engine_fingerprint

    source, PM = _one_plugin(tmp_path, monkeypatch)
    memo = tmp_path / "usercache" / "engine-files"
    source.write_text("A = 1\n", encoding="utf-8")
    old = source.stat().st_mtime_ns - 100 * 1_000_000_000
    os.utime(source, ns=(old, old))
    assert engine_fingerprint(PM(), [], []) != ""  # type: ignore[arg-type]
    assert not memo.exists() or not list(memo.glob("*.json"))  # (its ctime is a moment ago: racy)
    with monkeypatch.context() as m:
        m.setattr(walk, "RACY_NS", 0)  # as if the file were old: its digest is remembered
        first = engine_fingerprint(PM(), [], [])  # type: ignore[arg-type]
        assert list(memo.glob("*.json"))
    # the same size, the mtime set back to what it was: the ctime says otherwise, and it is racy
    source.write_text("A = 2\n", encoding="utf-8")
    os.utime(source, ns=(old, old))
    second = engine_fingerprint(PM(), [], [])  # type: ignore[arg-type]
    assert second != first
    with monkeypatch.context() as m:
        m.setattr(walk, "RACY_NS", 0)  # even trusted by its stat: another stat, hashed again
        assert engine_fingerprint(PM(), [], []) == second  # type: ignore[arg-type]
    # replaced by a link to a file of the first content and the first mtime: another inode
    other = tmp_path / "other.py"
    other.write_text("A = 1\n", encoding="utf-8")
    os.utime(other, ns=(old, old))
    source.unlink()
    source.symlink_to(other)
    with monkeypatch.context() as m:
        m.setattr(walk, "RACY_NS", 0)
        assert engine_fingerprint(PM(), [], []) == first  # type: ignore[arg-type]  # (the same bytes)
    other.write_text("A = 3\n", encoding="utf-8")
    os.utime(other, ns=(old, old))
    with monkeypatch.context() as m:
        m.setattr(walk, "RACY_NS", 0)
        assert engine_fingerprint(PM(), [], []) not in (first, second)  # type: ignore[arg-type]


_STASH_TEXT = st.lists(st.sampled_from(["pay", "wechatPay", "wechatPayX", "9wechatPay", "x9wechatPay", "_pay",
                                        "$pay", "pay$", "定位Now", "Now", "abc", "ab", "1", "2", " ", ".", "(",
                                        "\n", "é", "'", "payé"]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_STASH_TEXT, min_size=1, max_size=5),
       wanted=st.lists(st.sampled_from(["pay", "wechatPay", "wechatPayX", "Now", "abc", "ab", "定位Now", "x\\u0061y"]),
                       min_size=1, max_size=4, unique=True),
       finds=st.sampled_from([16, 0]), looks=st.sampled_from([20000, 0]))
def test_name_stash_says_what_the_packed_names_say(texts, wanted, finds, looks) -> None:
    """``NameStash.sayers`` (a run without the per-file cache) names the files whose packed names hold a
    name, as ``pack_names`` reads them (a whole name, or one after digits), by a search per name or, past
    its bounds, by reading every name once."""
    from zizhi import modules

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(modules, "_STASH_FINDS", finds)
        mp.setattr(modules, "_STASH_LOOKS", looks)
        _check_stash(texts, wanted)


def _check_stash(texts: list[str], wanted: list[str]) -> None:
    from zizhi import modules

    stash = modules.NameStash()
    packed = {}
    for i, text in enumerate(texts):
        got = stash.names(f"f{i}.js", text)
        assert got in (modules.STASHED, "") and (got == "") == (modules.pack_names(text) == "")
        packed[f"f{i}.js"] = set(modules._NAME.findall(text.encode("utf-8")))  # (the names, not their hashes)
    among = {f"f{i}.js" for i in range(0, len(texts), 2)} | {"f0.js"}
    found = stash.sayers(wanted, among)
    for name in wanted:
        expected = [path for path in sorted(packed, key=lambda p: int(p[1:-3]))
                    if path in among and name.encode("utf-8") in packed[path]]
        assert found[name] == expected[:2], (name, found, expected)


def test_a_run_without_the_cache_drops_the_same_uncalled_functions(engine, tmp_path, monkeypatch) -> None:
    """Reachability by function answers the same from the stash (no per-file cache), from packed names
    (the per-file cache, cold and warm; a stash too small for any file) and in worker processes: a
    helper said by another script, by a template, after digits (``9viaDigits``), only inside a longer
    name (``viaLongerX``: no call), by nothing; and none dropped beside a file of more than 20,000
    names (it says every name)."""
    from zizhi import modules

    helper = "".join(f"export function {name}(p) {{\n  wx.requestPayment(p)\n}}\n"
                     for name in ("viaScript", "viaTemplate", "viaDigits", "viaLonger", "viaNothing"))
    files = {
        "app.json": '{"pages": ["pages/index/index"]}',
        "pages/index/index.wxml": "<button bindtap=\"viaTemplate\">buy</button>\n",
        "pages/index/index.js": "import '../../utils/payment'\nimport '../../utils/other'\nPage({ buy() {} })\n",
        "utils/payment.js": helper,
        "utils/other.js": "export const a = viaScript + '9viaDigits' + viaLongerX\n",
    }
    plain_root = make_project(tmp_path / "plain", files)
    bundle = "".join(f"n{i:05d}x{' ' if i % 10 else chr(10)}" for i in range(20001))
    # (imported: a module nothing reachable imports says no name, however many it holds)
    bundle_root = make_project(tmp_path / "bundle", {
        **files, "utils/names.js": bundle,
        "pages/index/index.js": "import '../../utils/names'\n" + files["pages/index/index.js"]})

    def dropped(root: Path, **options) -> list[str]:
        report = check([root], engine, Options(**options))
        return sorted(d.message for p in report.projects for d in p.diagnostics if d.code == "ZZ009")

    # (and the stash is what answers without the cache: each run's files asked of it, or none)
    asked: list[set[str]] = []
    sayers = modules.NameStash.sayers

    def counting(self, wanted, among):
        asked.append(set(among))
        return sayers(self, wanted, among)

    monkeypatch.setattr(modules.NameStash, "sayers", counting)
    plain = dropped(plain_root)
    assert len(plain) == 2 and "viaLonger" in plain[0] and "viaNothing" in plain[1], plain
    assert len(asked) == 1 and {"utils/other.js", "pages/index/index.wxml"} <= asked.pop(), asked
    assert dropped(bundle_root) == []
    assert len(asked) == 1 and "utils/names.js" not in asked.pop()  # (past 20,000 names: packed)
    for root, expected in ((plain_root, plain), (bundle_root, [])):
        cache = str(tmp_path / f"cache-{root.name}")
        assert dropped(root, cache=True, cache_dir=cache) == expected
        assert dropped(root, cache=True, cache_dir=cache) == expected  # warm
        with monkeypatch.context() as mp:
            mp.setattr(modules.NameStash.__init__, "__defaults__", (0,))  # every file packed
            assert dropped(root) == expected
        with monkeypatch.context() as mp:
            mp.setattr(workers, "CHUNK", 1)
            mp.setattr(workers, "jobs_for", lambda ctx, size, count: 2)
            assert dropped(root, jobs=2) == expected
        assert asked == []  # (the cache, a stash of 0 bytes, workers: packed names answer)


def test_name_stash_finds_a_name_after_long_runs_of_digits_in_c() -> None:
    """A name after leading digits (``0…09abc`` says ``abc``, as ``pack_names`` reads it) is looked for where
    its digits start: in C (``rfind`` over the stash's bytes with every digit made one byte), not a byte at
    a time in Python, which took ~0.3 s over a stash of 8 MB of digits, each file ending in a wanted name,
    where packing those files' names took ~20 ms (18x; the stash was to be the cheaper)."""
    import time

    from zizhi import modules

    texts = ["0" * (modules._STASH_FILE - 20) + "abc\n" for _ in range(modules.STASH_BYTES // modules._STASH_FILE)]
    texts += ["x0abc\n", "a_0abc\n", "$1abc\n", "é9abc\n", "12abc\n"]
    stash = modules.NameStash()
    paths = [f"f{i}.js" for i in range(len(texts))]
    assert all(stash.names(path, text) == modules.STASHED for path, text in zip(paths, texts, strict=True))
    start = time.perf_counter()
    found = stash.sayers(["abc"], set(paths[-5:]))
    searched = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        modules.pack_names(text)
    packed = time.perf_counter() - start
    assert found == {"abc": [paths[-2], paths[-1]]}  # (é9abc, 12abc: not x0abc, a_0abc, $1abc)
    assert searched < 5 * packed + 0.05, (searched, packed)
