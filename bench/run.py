"""zizhi's speed, measured against grep, reading the bytes and semgrep in the same run, printed as ratios.

Usage (from the repository root, with zizhi installed; semgrep through ``pip install '.[bench]'``)::

    python bench/run.py --project /work/corpus/wx-official-demo          # everything (a few minutes)
    python bench/run.py --project DIR --only ratios --readme README.md   # the ratio table, into the README
    python bench/run.py --project DIR --growth 10000,100000 --lines 50000  # smaller
    python bench/run.py --project DIR --no-semgrep                         # without semgrep

Machines are noisy, so every comparison runs its commands interleaved in the same run (one round
runs each command once), and the verdicts are ratios: each round's time of a command over the same
round's time of grep (or of reading the bytes), reported as the median of ``--repeat`` rounds with
their min and max. Each run is its own process; wall time is measured around it, CPU time (user +
system) and peak memory (``ru_maxrss``; with worker processes, the largest of them) are the
process's own (``os.wait4``). On a loaded machine wall time swings with the other jobs; CPU time
much less, so both are shown. What is measured:

1. ratios on the real project (copied to a temporary folder, so that no cache is written into it):
   ``grep -rE`` for the catalogue's tokens, reading the bytes of the same files (``cat``), and zizhi
   without the per-file cache (``--no-cache``; and with two worker processes, ``--jobs 2``), on its
   first run (a fresh user cache too: a new machine), cold (after ``zizhi clean``: it writes the
   per-file cache) and warm (answered by the whole-command result cache, ``zizhi.resultcache``), a
   warm project of 5 files (answered alike), and
   the two pre-commit hooks after 5 files changed (``zizhi`` on the whole project,
   ``zizhi-changed`` on the 5 files, run at the project's root as pre-commit does) by a comment
   added at their end (no fact changes), and ``zizhi-changed`` after an API call added at their end
   (a new signal);
2. zizhi (no cache, default workers and ``-j1``, warm) vs semgrep with ``bench/semgrep-rules.yml``
   (the catalogue as semgrep rules) vs grep, on the real project and on a generated project of
   ``--lines`` lines;
3. growth: zizhi's time and peak memory on generated projects of ``--growth`` lines (and grep's
   time), with the cost per 1,000 lines, which must stay flat (linear growth).

``--readme FILE`` writes the ratio table of 1. between the ``<!-- bench:ratios -->`` markers of FILE.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = HERE / "semgrep-rules.yml"
SKIP_DIRS = ["node_modules", "miniprogram_npm", ".git", "dist", "unpackage", ".zizhi_cache"]
INCLUDE = ["*.js", "*.mjs", "*.cjs", "*.ts", "*.tsx", "*.jsx", "*.wxs", "*.wxml", "*.json"]


def measure(argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    wall, _cpu, mem, code = measure_cpu(argv, cwd, env)
    return wall, mem, code


def measure_cpu(argv: list[str], cwd: Path | None = None,
                env: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds (user + system), peak RSS in MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def median_runs(argvs: dict[str, list[str]], repeat: int, cwd: Path | None = None,
                before: dict[str, list[str]] | None = None) -> dict[str, tuple[float, float]]:
    """Run each command ``repeat`` times, interleaved; median wall time and max peak memory."""
    times: dict[str, list[float]] = {k: [] for k in argvs}
    mems: dict[str, float] = {k: 0.0 for k in argvs}
    for _ in range(repeat):
        for name, argv in argvs.items():
            if before and name in before:
                subprocess.run(before[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall, mem, code = measure(argv, cwd)
            if code not in (0, 1):
                raise SystemExit(f"{name} failed (exit {code}): {' '.join(argv)}")
            times[name].append(wall)
            mems[name] = max(mems[name], mem)
    return {k: (statistics.median(v), mems[k]) for k, v in times.items()}


# ---------------------------------------------------------------- the commands


def zizhi(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zizhi", "check", str(path), "--format", "json", "-o", os.devnull, *extra]


def grep_pattern() -> str:
    """The catalogue's tokens as one extended regex: what a careful grep would look for."""
    sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent / "plugins")]
    from zizhi.engine import load_engine

    cat = load_engine().catalogue
    alts = set()
    for kind in ("api", "import", "endpoint", "component", "manifest"):
        for name in cat.names(kind) | set(cat.patterns(kind)):
            literal = name.split(":", 1)[-1] if kind == "manifest" else name
            literal = literal.replace("*", "")
            if kind == "component":
                alts.add("<" + re.escape(literal))
            elif literal:
                alts.add(re.escape(literal).replace(r"\-", "-"))
    return "|".join(sorted(alts))


def grep(path: Path, pattern_file: Path) -> list[str]:
    argv = ["grep", "-rEn", "-f", str(pattern_file)]
    argv += [f"--exclude-dir={d}" for d in SKIP_DIRS] + [f"--include={g}" for g in INCLUDE]
    return [*argv, str(path)]


def semgrep(path: Path, rules: Path = RULES) -> list[str]:
    exe = shutil.which("semgrep") or str(Path(sys.executable).with_name("semgrep"))
    return [exe, "scan", "--config", str(rules), "--metrics", "off", "--disable-version-check", "--quiet",
            "--json", "-o", os.devnull, *[f"--exclude={d}" for d in SKIP_DIRS], str(path)]


def first_rules(count: int, out: Path) -> Path:
    """The first ``count`` rules of ``bench/semgrep-rules.yml`` in a file of their own (issue 15 compares
    zizhi warm with semgrep given only 4 rules: semgrep's own start-up, whatever the rules). The file is
    cut at its rules' ``- id:`` lines; the first rule defines the YAML anchor the next ones use."""
    lines = RULES.read_text(encoding="utf-8").splitlines(keepends=True)
    # a rule's first line at the indentation of the first rule's (``- id:`` under ``rules:``)
    first = next((line for line in lines if line.lstrip().startswith("- id:")), "")
    indent = first[:len(first) - len(first.lstrip())]
    starts = [i for i, line in enumerate(lines) if line.startswith(indent + "- id:")]
    if len(starts) < count:
        raise SystemExit(f"{RULES} holds {len(starts)} rule(s), fewer than the {count} asked for")
    end = starts[count] if len(starts) > count else len(lines)
    out.write_text("".join(lines[:end]), encoding="utf-8")
    return out


def semgrep_available() -> str:
    exe = shutil.which("semgrep") or str(Path(sys.executable).with_name("semgrep"))
    try:
        # without the version-check flag semgrep asks the network for a newer release, and waits
        out = subprocess.run([exe, "--version", "--disable-version-check"], capture_output=True, text=True,
                             timeout=120, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def compile_bytecode() -> str:
    """Compile zizhi's and its dependencies' modules, as ``pip install`` does for a wheel. A source
    checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (some CI images set it) would otherwise compile
    every module on every run (~0.1 s), which no installed zizhi does."""
    import compileall
    import importlib.util

    dirs = []
    for name in ("zizhi", "zizhi_plugins", "pluggy", "jsonschema", "jsonschema_specifications", "referencing",
                 "rpds", "attr", "attrs", "tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript",
                 "tree_sitter_json", "libcst"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(spec.submodule_search_locations)
    ok = all(compileall.compile_dir(d, quiet=1) for d in dirs)
    note = "" if ok else " (some failed)"
    return f"bytecode: compiled for {len(dirs)} packages, as an installed wheel has it{note}"


# ---------------------------------------------------------------- generated projects

JS_PAGE = """// page {i}: generated by bench/run.py
const util = require('../../utils/util.js')
const app = getApp()

Page({{
  data: {{
    items: [],
    loading: false,
    page: {i},
    title: '第{i}页',
  }},

  onLoad(options) {{
    this.setData({{ loading: true }})
    wx.request({{
      url: 'https://example.com/api/items?page={i}',
      success: (res) => {{
        this.setData({{ items: res.data.items, loading: false }})
      }},
      fail: () => wx.showToast({{ title: '加载失败', icon: 'none' }}),
    }})
  }},

  onShow() {{
    const info = wx.getSystemInfoSync()
    this.setData({{ width: info.windowWidth }})
  }},

  onTap(e) {{
    const id = e.currentTarget.dataset.id
    wx.navigateTo({{ url: '/pages/p{next}/index?id=' + id }})
  }},

  format(value) {{
    // a helper that does not call any platform API
    if (value > 10000) {{
      return (value / 10000).toFixed(1) + '万'
    }}
    return String(value)
  }},
{extra}
  onShareAppMessage() {{
    return {{ title: this.data.title, path: '/pages/p{i}/index' }}
  }},
}})
"""

SIGNAL_JS = [
    "  pay() {\n    wx.requestPayment({ timeStamp: '', nonceStr: '', package: '', signType: 'MD5',"
    " paySign: '' })\n  },\n",
    "  ad() {\n    const ad = wx.createRewardedVideoAd({ adUnitId: 'adunit-1' })\n    ad.show()\n  },\n",
    "  where() {\n    wx.getLocation({ type: 'gcj02', success: (r) => this.setData(r) })\n  },\n",
    "  upload() {\n    wx.chooseMedia({ count: 1, success: (r) => wx.uploadFile({ url: 'https://e.com/u',"
    " filePath: r.tempFiles[0].tempFilePath, name: 'f' }) })\n  },\n",
]

WXML_PAGE = """<!-- page {i} -->
<view class="container">
  <view class="header">
    <text class="title">{{{{title}}}}</text>
  </view>
  <scroll-view scroll-y class="list">
    <block wx:for="{{{{items}}}}" wx:key="id">
      <view class="item" data-id="{{{{item.id}}}}" bindtap="onTap">
        <image class="thumb" src="{{{{item.cover}}}}" mode="aspectFill"></image>
        <view class="meta">
          <text class="name">{{{{item.name}}}}</text>
          <text class="price">¥{{{{item.price}}}}</text>
        </view>
      </view>
    </block>
  </scroll-view>
  <view wx:if="{{{{loading}}}}" class="loading">加载中…</view>
{extra}  <button open-type="share" class="share">分享</button>
</view>
"""

SIGNAL_WXML = ['  <ad unit-id="adunit-{i}"></ad>\n', '  <live-player src="{{url}}" mode="live"></live-player>\n',
               '  <textarea placeholder="说点什么" bindinput="onInput"></textarea>\n']

LINES_PER_PAGE = JS_PAGE.count("\n") + WXML_PAGE.count("\n") + 6


def generate(root: Path, lines: int, seed: int = 6) -> int:
    """A WeChat mini-program of about ``lines`` lines: N pages of JS + WXML + JSON, one page in
    ten with a signal (payment, ads, location, media upload, live player, text input)."""
    rng = random.Random(seed)
    pages = max(1, lines // LINES_PER_PAGE)
    (root / "utils").mkdir(parents=True, exist_ok=True)
    (root / "project.config.json").write_text('{"appid": "wx0000000000000bench", "compileType": "miniprogram"}\n')
    names = [f"pages/p{i}/index" for i in range(pages)]
    (root / "app.json").write_text('{\n  "pages": [\n' + ",\n".join(f'    "{n}"' for n in names) + "\n  ]\n}\n")
    (root / "app.js").write_text("App({ onLaunch() { wx.login({ success: () => {} }) } })\n")
    (root / "utils/util.js").write_text("module.exports = { pad: (n) => (n < 10 ? '0' + n : '' + n) }\n")
    total = 3
    for i in range(pages):
        d = root / f"pages/p{i}"
        d.mkdir(parents=True, exist_ok=True)
        extra_js = SIGNAL_JS[rng.randrange(len(SIGNAL_JS))] if rng.random() < 0.1 else ""
        extra_wxml = SIGNAL_WXML[rng.randrange(len(SIGNAL_WXML))].replace("{i}", str(i)) if rng.random() < 0.1 else ""
        js = JS_PAGE.format(i=i, next=(i + 1) % pages, extra=extra_js)
        wxml = WXML_PAGE.format(i=i, extra=extra_wxml)
        (d / "index.js").write_text(js, encoding="utf-8")
        (d / "index.wxml").write_text(wxml, encoding="utf-8")
        (d / "index.json").write_text(f'{{\n  "navigationBarTitleText": "page {i}",\n  "usingComponents": {{}}\n}}\n')
        (d / "index.wxss").write_text(".container { padding: 16rpx; }\n.item { display: flex; }\n")
        total += js.count("\n") + wxml.count("\n") + 6
    return total


def count_lines(root: Path) -> int:
    n = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for f in filenames:
            if f.endswith((".js", ".ts", ".wxml", ".json", ".wxs", ".tsx", ".mjs", ".cjs", ".jsx")):
                with open(os.path.join(dirpath, f), "rb") as fh:
                    n += fh.read().count(b"\n")
    return n


# ---------------------------------------------------------------- report


def fmt_ratio(x: float) -> str:
    return f"{x:.1f}x" if x >= 1 else f"{x:.2f}x"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def compare_tools(label: str, path: Path, args: argparse.Namespace, pattern_file: Path, use_semgrep: bool,
                  results: dict[str, object]) -> None:
    cmds = {"zizhi": zizhi(path, "--no-cache"), "zizhi -j1": zizhi(path, "--no-cache", "-j", "1"),
            "zizhi, warm cache": zizhi(path), "grep": grep(path, pattern_file)}
    subprocess.run(zizhi(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # fill the cache
    time.sleep(2.1)  # past the cache's racy window (files written by the copy a moment ago are hashed again)
    subprocess.run(zizhi(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    got = median_runs(cmds, args.repeat)
    if use_semgrep:
        few = first_rules(4, path.parent / f"semgrep-4-rules-{path.name}.yml")
        got.update(median_runs({"semgrep": semgrep(path), "semgrep, 4 rules": semgrep(path, few)},
                               args.semgrep_repeat))
    z = got["zizhi"][0]
    print(f"\n## {label}: {path.name} ({count_lines(path):,} lines)\n")
    print("| tool | median wall | peak memory | vs zizhi |")
    print("| --- | --- | --- | --- |")
    for name, (t, mem) in got.items():
        print(f"| {name} | {t:.2f} s | {mem:.0f} MB | {fmt_ratio(t / z)} |")
    g, w = got["grep"][0], got["zizhi, warm cache"][0]
    print(f"\nzizhi (no cache) is {fmt_ratio(z / g)} the time of grep (target ≤ 10x: {verdict(z / g <= 10)}); "
          f"with a warm cache, {fmt_ratio(w / g)} ({verdict(w / g <= 10)})")
    if use_semgrep:
        s = got["semgrep"][0]
        print(f"semgrep is {fmt_ratio(s / z)} the time of zizhi (target ≥ 10x: {verdict(s / z >= 10)})")
        s4 = got["semgrep, 4 rules"][0]
        print(f"semgrep with 4 rules is {fmt_ratio(s4 / w)} the time of zizhi with a warm cache "
              f"(target ≥ 10x: {verdict(s4 / w >= 10)})")
    results[label] = got


def prefilter_bench(root: Path, repeat: int) -> None:
    """The JavaScript prefilter, in this process: a loop of ``token in bytes`` (one pass per token,
    as before) vs one precompiled regex over the lower-cased bytes (one pass)."""
    sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent / "plugins")]
    import zizhi_plugins.javascript as js
    from zizhi.context import ScanContext
    from zizhi.engine import load_engine

    engine = load_engine()
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy)
    tokens = [t.lower() for t in js._tokens(ctx)]
    regex = js._prefilter(ctx).regex
    blobs = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        blobs += [Path(dirpath, f).read_bytes() for f in filenames if f.endswith((".js", ".ts"))]
    loop_t, regex_t = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        a = [any(tok in b.lower() for tok in tokens) for b in blobs]
        loop_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        b_ = [regex.search(b.lower()) is not None for b in blobs]
        regex_t.append(time.perf_counter() - t)
    assert a == b_, "the two prefilters disagree"
    lt, rt = statistics.median(loop_t), statistics.median(regex_t)
    print(f"\n## Prefilter: {len(blobs):,} JS/TS files, {len(tokens)} tokens, {sum(a):,} pass\n")
    print(f"token loop {lt * 1000:.0f} ms, one regex {rt * 1000:.0f} ms: the regex takes {fmt_ratio(rt / lt)} the time"
          " (the same files pass)")


# ---------------------------------------------------------------- ratios in one run

SMALL_PROJECT = {
    "project.config.json": '{"appid": "wx00000000000small", "compileType": "miniprogram"}\n',
    "app.json": '{\n  "pages": ["pages/index/index"]\n}\n',
    "app.js": "App({ onLaunch() { wx.login({ success: () => {} }) } })\n",
    "pages/index/index.js": "Page({\n  pay() {\n    wx.requestPayment({ timeStamp: '', nonceStr: '', package: '',"
                            " signType: 'MD5', paySign: '' })\n  },\n})\n",
    "pages/index/index.wxml": '<view>\n  <button bindtap="pay">pay</button>\n</view>\n',
}


def small_project(root: Path) -> Path:
    """A mini-program of 5 files (what the issue calls a 5-file project)."""
    for rel, text in SMALL_PROJECT.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def listed_files(root: Path) -> list[Path]:
    """The files grep searches (``INCLUDE`` outside ``SKIP_DIRS``), in a stable order."""
    import fnmatch

    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        out += [Path(dirpath, f) for f in sorted(filenames) if any(fnmatch.fnmatch(f, g) for g in INCLUDE)]
    return out


class Step:
    """One measured command of a round: what runs before it (not measured), its argv, folder, env."""

    def __init__(self, name: str, argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
                 before: Callable[[int], dict[str, str] | None] | None = None, target: str = ""):
        self.name, self.argv, self.cwd, self.env, self.before, self.target = name, argv, cwd, env, before, target
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.mem = 0.0


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    """median [min–max]"""
    med = statistics.median(values)
    return f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def ratio_spread(values: list[float]) -> str:
    return f"{fmt_ratio(statistics.median(values))} [{fmt_ratio(min(values))}–{fmt_ratio(max(values))}]"


def ratios(real: Path, pattern_file: Path, tmp: Path, repeat: int) -> str:
    """The ratio table of the real project (markdown), printed and returned."""
    files = listed_files(real)
    listing = tmp / "files.txt"
    listing.write_bytes(b"\0".join(str(f).encode() for f in files))
    small = small_project(tmp / "small-project")
    # the 5 changed files are spread over the project's own JavaScript (not the first 5 in name order)
    js_files = sorted(p for p in real.rglob("*.js") if not set(p.relative_to(real).parts) & set(SKIP_DIRS)
                      and "/test" not in p.relative_to(real).as_posix())
    sources = [js_files[i * len(js_files) // 5] for i in range(5)] if len(js_files) >= 5 else js_files
    rel_sources = [p.relative_to(real).as_posix() for p in sources]

    def run_quietly(argv: list[str], cwd: Path | None = None) -> None:
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def fresh_user_cache(round_: int) -> dict[str, str]:
        folder = tmp / f"first-run-{round_}"
        shutil.rmtree(folder, ignore_errors=True)
        return {**os.environ, "ZIZHI_CACHE_DIR": str(folder)}

    def clean(_round: int) -> None:
        run_quietly([sys.executable, "-m", "zizhi", "clean", str(real)])

    def edit(name: str, call: bool = False) -> Callable[[int], None]:
        """A comment added at the end of each of the 5 files (no fact changes) or, ``call``, an API
        call (a new signal, on a new line each round)."""
        def before(round_: int) -> None:
            run_quietly(zizhi(real))  # the cache warm for the others
            for p in sources:
                with open(p, "a", encoding="utf-8") as fh:
                    fh.write(f"\n{'wx.getLocation({}) ' if call else ''}// edited {round_} {name}\n")
        return before

    here = Path(".")
    steps = [
        Step("grep with the catalogue's tokens", grep(real, pattern_file)),
        Step("reading the bytes (cat)", ["xargs", "-0", "-a", str(listing), "cat"]),
        Step("zizhi, no cache (--no-cache)", zizhi(real, "--no-cache"), target="≤ 10x grep"),
        Step("zizhi, no cache, 2 workers (--jobs 2)", zizhi(real, "--no-cache", "--jobs", "2")),
        Step("zizhi, first run (fresh user cache)", zizhi(real), before=fresh_user_cache),
        Step("zizhi, cold (after zizhi clean)", zizhi(real), before=clean),
        Step("zizhi, warm", zizhi(real), target="≤ 3x grep"),
        Step("zizhi, warm 5-file project", zizhi(small)),
        Step("hook zizhi, 5 files changed", zizhi(here), cwd=real, before=edit("whole")),
        Step("hook zizhi-changed, the 5 files", [*zizhi(here)[:4], *rel_sources, *zizhi(here)[5:]], cwd=real,
             before=edit("changed"), target="≤ 2x warm 5-file project, ≤ 0.2 s"),
        Step("hook zizhi-changed, the 5 files, a call added", [*zizhi(here)[:4], *rel_sources, *zizhi(here)[5:]],
             cwd=real, before=edit("call", call=True)),
    ]
    run_quietly(zizhi(real))  # fill the caches
    run_quietly(zizhi(small))
    time.sleep(2.1)  # past the cache's racy window (files written by the copy a moment ago are hashed again)
    run_quietly(zizhi(real))
    run_quietly(zizhi(small))
    for round_ in range(repeat):
        for step in steps:
            env = step.before(round_) if step.before else None
            wall, cpu, mem, code = measure_cpu(step.argv, step.cwd, env or step.env)
            if code not in (0, 1) and not (step.argv[0] == "grep" and code == 1):
                raise SystemExit(f"{step.name} failed (exit {code}): {' '.join(step.argv)}")
            step.wall.append(wall)
            step.cpu.append(cpu)
            step.mem = max(step.mem, mem)
    grep_s, read_s = steps[0], steps[1]
    by_name = {s.name: s for s in steps}

    def per_round(a: Step, b: Step, cpu: bool = False) -> list[float]:
        xs, ys = (a.cpu, b.cpu) if cpu else (a.wall, b.wall)
        return [x / y for x, y in zip(xs, ys, strict=True) if y > 0] or [float("nan")]

    lines = [f"{real.name}: {count_lines(real):,} lines, {len(files):,} files searched by grep; "
             f"median of {repeat} rounds [min–max]; python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
             "", "| run | wall s | CPU s | ÷ grep (wall) | ÷ grep (CPU) | ÷ reading the bytes (wall) | target |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for step in steps:
        vs_grep = "1x" if step is grep_s else ratio_spread(per_round(step, grep_s))
        vs_grep_cpu = "1x" if step is grep_s else ratio_spread(per_round(step, grep_s, cpu=True))
        vs_read = "1x" if step is read_s else ratio_spread(per_round(step, read_s))
        lines.append(f"| {step.name} | {spread(step.wall)} | {spread(step.cpu)} | {vs_grep} | {vs_grep_cpu}"
                     f" | {vs_read} | {step.target} |")
    nocache = statistics.median(per_round(by_name["zizhi, no cache (--no-cache)"], grep_s))
    warm = statistics.median(per_round(by_name["zizhi, warm"], grep_s))
    hook = by_name["hook zizhi-changed, the 5 files"]
    hook_vs_small = statistics.median(per_round(hook, by_name["zizhi, warm 5-file project"]))
    hook_wall = statistics.median(hook.wall)
    lines += ["", f"Targets: no cache {fmt_ratio(nocache)} grep (≤ 10x: {verdict(nocache <= 10)}); "
              f"warm {fmt_ratio(warm)} grep (≤ 3x: {verdict(warm <= 3)}); the changed-files hook "
              f"{fmt_ratio(hook_vs_small)} a warm 5-file project (≤ 2x: {verdict(hook_vs_small <= 2)}) "
              f"in {hook_wall:.2f} s (≤ 0.2 s: {verdict(hook_wall <= 0.2)})."]
    table = "\n".join(lines)
    print(f"\n## Ratios: {real.name}\n")
    print("changed by the hooks' runs: " + ", ".join(rel_sources) + "\n")
    print(table)
    return table


README_START, README_END = "<!-- bench:ratios -->", "<!-- /bench:ratios -->"


def write_readme(readme: Path, table: str) -> None:
    """Put ``table`` between the markers of ``readme`` (a missing marker is an error: nothing is guessed)."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme}: no {README_START} … {README_END} markers")
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    body = f"{README_START}\nMeasured by `bench/run.py` on {stamp}, {table}\n"
    readme.write_text(text[:start] + body + text[end:], encoding="utf-8")
    print(f"\nwrote the ratio table into {readme}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, required=True, help="a real mini-program repository")
    ap.add_argument("--lines", type=int, default=100_000, help="size of the generated project (default 100000)")
    ap.add_argument("--growth", default="10000,100000,1000000", help="generated sizes for the growth table")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (median; default 3)")
    ap.add_argument("--semgrep-repeat", type=int, default=1, help="semgrep runs per measurement (default 1)")
    ap.add_argument("--no-semgrep", action="store_true", help="do not run semgrep")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--only", default="ratios,tools,growth",
                    help="which parts to run, comma-separated: ratios, tools, growth (default: all)")
    ap.add_argument("--readme", type=Path, help="write the ratio table into this README (between its markers)")
    args = ap.parse_args(argv)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    if not only <= {"ratios", "tools", "growth"}:
        ap.error(f"--only: unknown part(s) {', '.join(sorted(only - {'ratios', 'tools', 'growth'}))}")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows as it runs

    if not (args.project / "app.json").exists() and not any(args.project.rglob("project.config.json")):
        print(f"warning: {args.project} does not look like a mini-program", file=sys.stderr)
    version = "" if args.no_semgrep else semgrep_available()
    use_semgrep = bool(version)
    print("# zizhi benchmark\n")
    missing = "not run (--no-semgrep)" if args.no_semgrep else \
        "NOT INSTALLED (pip install '.[bench]'); the semgrep comparisons are skipped"
    grep_version = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; semgrep: {version or missing}; "
          f"grep: {grep_version}")
    tmp = Path(tempfile.mkdtemp(prefix="zizhi-bench-"))
    saved_env = dict(os.environ)
    os.environ.setdefault("SEMGREP_SEND_METRICS", "off")
    os.environ.setdefault("SEMGREP_ENABLE_VERSION_CHECK", "0")
    # The user cache (parsed policy data, entry points) in a fresh folder, filled by the first run.
    os.environ["ZIZHI_CACHE_DIR"] = str(tmp / "user-cache")
    os.environ.pop("ZIZHI_NO_CACHE", None)
    print(compile_bytecode())
    try:
        pattern_file = tmp / "tokens.txt"
        pattern_file.write_text(grep_pattern() + "\n", encoding="utf-8")
        real = tmp / args.project.name
        shutil.copytree(args.project, real, symlinks=True, ignore=shutil.ignore_patterns(".git", ".zizhi_cache"))
        results: dict[str, object] = {}
        if "ratios" in only:
            table = ratios(real, pattern_file, tmp, args.repeat)
            if args.readme:
                write_readme(args.readme, table)
        if "tools" in only:
            compare_tools("Real project", real, args, pattern_file, use_semgrep, results)
            prefilter_bench(real, args.repeat)
            # generated project
            gen = tmp / f"generated-{args.lines}"
            generate(gen, args.lines)
            compare_tools("Generated project", gen, args, pattern_file, use_semgrep, results)
            shutil.rmtree(gen)

        if "growth" not in only:
            return 0
        print("\n## Growth (generated projects; zizhi full check without cache, default workers)\n")
        print("| lines | files | zizhi wall | zizhi per 1k lines | zizhi -j1 wall | zizhi peak memory | grep wall |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        per_k = []
        peak_big = 0.0
        for size in [int(s) for s in args.growth.split(",") if s]:
            g = tmp / f"growth-{size}"
            lines = generate(g, size)
            files = sum(1 for _ in g.rglob("*") if _.is_file())
            got = median_runs({"zizhi": zizhi(g, "--no-cache"), "zizhi -j1": zizhi(g, "--no-cache", "-j", "1"),
                               "grep": grep(g, pattern_file)}, args.repeat if size <= 200_000 else 1)
            t, mem = got["zizhi"]
            per_k.append((lines, t / lines * 1000))
            peak_big = max(peak_big, got["zizhi -j1"][1], mem)
            print(f"| {lines:,} | {files:,} | {t:.2f} s | {t / lines * 1000 * 1000:.1f} ms"
                  f" | {got['zizhi -j1'][0]:.2f} s | {max(mem, got['zizhi -j1'][1]):.0f} MB | {got['grep'][0]:.2f} s |")
            shutil.rmtree(g)
        if len(per_k) >= 2:
            # linear: the cost per line of the largest size is not above that of the middle sizes
            ratio = per_k[-1][1] / per_k[-2][1]
            print(f"\ncost per line, largest vs next size: {fmt_ratio(ratio)} (linear growth ≈ 1x or less: "
                  f"{verdict(ratio <= 1.3)})")
            print(f"peak memory at {per_k[-1][0]:,} lines: {peak_big:.0f} MB (target < 200 MB: "
                  f"{verdict(peak_big < 200)})")
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
