"""Command line: ``zizhi check|audit|report|eval|explain|rules|licences|plugins|init|clean``.

Exit codes: 0 clean, 1 findings at or above ``--fail-on`` (default ``warning``: a ``required`` or
``likely`` obligation not held fails, a ``depends`` one — a note — does not), 2 usage, config or
internal error (never downgraded by ``--fail-on``). Writing a baseline exits 0. Heavy modules are
imported lazily so that ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zizhi import __version__
from zizhi.cliutil import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    HelpFormatter,
    OutputError,
    Parser,
    _cache_dir,
    _disabled,
    _lang,
    _silence_stdout,
    _usage,
    _write,
    check_writable,
    retired_option_values,
    unknown_option_values,
    warn,
)

TYPE_CHECKING = False  # (typing is not imported: ~4 ms of every run, and of a result given again)
if TYPE_CHECKING:
    from typing import Any

    from zizhi.engine import Engine
    from zizhi.report import Report
    from zizhi.rules import Rule

FAIL_RANK = {"error": 3, "warning": 2, "note": 1, "never": 99}
#: Without --fail-on or fail_on in the config: required (error) and likely (warning) fail, depends (note) does not.
DEFAULT_FAIL_ON = "warning"


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["zh", "en"], default=None,
                   help="message language (default: $ZIZHI_LANG, else the locale: zh when LC_ALL, LC_MESSAGES "
                        "or LANG is zh_*, else en)")
    p.add_argument("-p", dest="plugin_opts", action="append", default=[], metavar="no:NAME",
                   help="disable a plugin (repeatable)")


def build_parser(lang: str = "en", command: str | None = None) -> argparse.ArgumentParser:
    """The command line; its help in Chinese for ``lang`` zh (``zizhi/cli_zh.py``). ``command``
    ``check``: a command line that starts with it, whose other commands' parsers would never be
    asked (the top level's usage names them ``COMMAND``), so they are not made (~4 ms of every
    check, the result cache's answers included)."""
    parser = Parser(  # (its help formatter finds the terminal's width without importing shutil)
        prog="zizhi",
        description="资质 zizhi: which licences, filings and 服务类目 a mini-program's features need.",
    )
    parser.add_argument("--version", action="version", version=f"zizhi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="scan projects and report what they need", formatter_class=HelpFormatter)
    c.add_argument("paths", nargs="*", default=["."],
                   help="folders to scan (default: .); files: scan the project holding each file and report "
                        "only findings touching those files (the pre-commit changed-files hook)")
    c.add_argument("--format", "-f", action="append", default=None, metavar="FORMAT[:FILE]",
                   help="output format: text, concise, json, sarif, github, gitlab, junit, markdown (default: text); "
                        "repeatable, FORMAT:FILE writes that format to FILE")
    c.add_argument("--verbose", "-v", action="store_true",
                   help="text: every piece of evidence, the legal basis and the held obligations in full")
    c.add_argument("--statistics", action="store_true",
                   help="print how many findings each rule has instead of the report on stdout "
                        "(formats written to files are still written)")
    c.add_argument("--output", "-o", help="write the one format given without :FILE to this file instead of stdout")
    c.add_argument("--diff", metavar="REV",
                   help="only findings that the changes since git revision REV (commits and working tree) introduce")
    c.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in this baseline file")
    c.add_argument("--write-baseline", metavar="FILE", help="record today's findings in this baseline file")
    c.add_argument("--no-suppressions", action="store_true",
                   help="ignore inline zizhi-disable comments (audit what they hide)")
    c.add_argument("--fail-on", choices=list(FAIL_RANK), default=None,
                   help="exit 1 when a finding is at least this severe (default: the project's config, else "
                        "warning: required and likely obligations fail, depends ones do not)")
    c.add_argument("--config", help="use this config file instead of searching for zizhi.toml / pyproject.toml")
    c.add_argument("--select", action="append", default=[], metavar="CODE",
                   help="only report these rule codes or prefixes (repeatable)")
    c.add_argument("--ignore", action="append", default=[], metavar="CODE",
                   help="do not report these rule codes or prefixes (repeatable)")
    c.add_argument("--platform", default=None, metavar="PLATFORM",
                   help="report only projects built for this platform (%(platforms)s); a uni-app or Taro "
                        "project built for several platforms is one project per platform")
    c.add_argument("--show-config", action="store_true", help="print the config of each project and exit")
    c.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="worker processes (default 0: every CPU for large trees, else 1)")
    c.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the content-hash cache of per-file results, nor the results of "
                        "whole commands (also: ZIZHI_NO_CACHE=1; "
                        "ZIZHI_NO_CACHE=all also turns off the user cache of zizhi's own validated data)")
    c.add_argument("--cache-dir", metavar="DIR", default=None,
                   help="keep the per-file cache in DIR (e.g. .zizhi_cache to cache it in CI) instead of the user's "
                        "cache folder; a cache in the scanned repository is read only when named here "
                        "(also: $ZIZHI_FILE_CACHE_DIR)")
    _add_common(c)
    if command != "check":
        _add_other_commands(sub)
    if lang == "zh":
        from zizhi.cli_zh import translate

        translate(parser)
    return parser


def _add_other_commands(sub: Any) -> None:
    """Every command but ``check``."""
    _add_audit_parsers(sub)
    ev = sub.add_parser("eval", help="score zizhi against hand labels (precision and recall per feature and licence)")
    ev.add_argument("manifest", metavar="MANIFEST", help="labels: a JSON list of entries as in the shared corpus")
    ev.add_argument("corpus", metavar="CORPUS_DIR", help="the folder holding one <id>/ repository per entry")
    ev.add_argument("--only", action="append", default=[], metavar="ID", help="only this entry (repeatable)")
    ev.add_argument("--json", metavar="OUT", default=None, help="also write the raw numbers here")
    _add_common(ev)

    cl = sub.add_parser("clean", help="remove the per-file cache of the given folders (and a .zizhi_cache/ folder "
                                      "an older zizhi left in them)")
    cl.add_argument("paths", nargs="*", default=["."], help="folders that were scanned (default: .)")
    cl.add_argument("--cache-dir", metavar="DIR", default=None, help="the --cache-dir the scans used")

    e = sub.add_parser("explain", help="explain a rule code (ZZ101) or a licence id (ICP_B25)")
    e.add_argument("what", help="a rule code, a licence id or a 服务类目")
    _add_common(e)

    r = sub.add_parser("rules", help="list every rule (markdown: the docs/rules.md page)")
    r.add_argument("--format", "-f", choices=["text", "json", "markdown"], default="text")
    _add_common(r)

    li = sub.add_parser("licences", help="list the licences and filings of the policy packs")
    li.add_argument("--format", "-f", choices=["text", "json"], default="text")
    _add_common(li)

    pl = sub.add_parser("plugins", help="list plugins and the hooks each implements")
    _add_common(pl)

    i = sub.add_parser("init", help="write a starting zizhi.toml from what is detected")
    i.add_argument("path", nargs="?", default=".", help="the project folder (default: .)")
    i.add_argument("--force", action="store_true", help="overwrite an existing zizhi.toml")
    _add_common(i)


def argv_lang(argv: list[str]) -> str:
    """The language of the help and usage messages, before the arguments are parsed: ``--lang``
    as given (``--lang zh``, ``--lang=zh``), else the environment's (``$ZIZHI_LANG``, the locale)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            return argv[i + 1]
        if arg in ("--lang=zh", "--lang=en"):
            return arg.split("=", 1)[1]
    from zizhi.lang import env_lang

    return env_lang()


def _add_audit_parsers(sub: Any) -> None:
    """``zizhi audit`` (many repositories, JSON Lines) and ``zizhi report`` (portfolio reports from them)."""
    a = sub.add_parser("audit", help="audit many repositories in parallel; one JSON Lines record per project",
                       formatter_class=HelpFormatter)
    a.add_argument("paths", nargs="*", default=[],
                   help="repositories, or folders whose sub-folders are repositories")
    a.add_argument("--from", dest="from_file", metavar="FILE",
                   help="read more paths from FILE, one per line (-: standard input)")
    a.add_argument("--output", "-o", metavar="FILE.jsonl", help="write the JSON Lines here (default: stdout)")
    a.add_argument("--html", metavar="FILE", help="also write the HTML portfolio report at the end")
    a.add_argument("--resume", action="store_true",
                   help="skip the repositories -o FILE already holds (failed ones run again) and append")
    a.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="repositories audited at once (default 0: every CPU)")
    a.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask cluster (pip install 'zizhi[dask]'; docs/audit.md)")
    a.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler (tcp://host:8786); default a local cluster of --jobs")
    a.add_argument("--pack", action="store_true",
                   help="with --engine dask: send each repository packed to the workers instead of its path")
    a.add_argument("--quiet", "-q", action="store_true", help="no progress line (never shown in CI or off a terminal)")
    a.add_argument("--fail-on", choices=list(FAIL_RANK), default=None,
                   help="exit 1 when a finding is at least this severe (default: each project's config, else warning)")
    a.add_argument("--select", action="append", default=[], metavar="CODE", help="only these rule codes")
    a.add_argument("--ignore", action="append", default=[], metavar="CODE", help="not these rule codes")
    a.add_argument("--platform", default=None, metavar="PLATFORM",
                   help="only projects built for this platform (%(platforms)s)")
    a.add_argument("--no-suppressions", action="store_true", help="ignore inline zizhi-disable comments")
    a.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the per-file cache (also: ZIZHI_NO_CACHE=1)")
    a.add_argument("--cache-dir", metavar="DIR", default=None, help="keep the per-file cache in DIR")
    _add_common(a)

    rp = sub.add_parser("report", help="a portfolio report (html, markdown, csv) from audit's JSON Lines")
    rp.add_argument("input", metavar="FILE.jsonl", help="what zizhi audit wrote (-: standard input)")
    rp.add_argument("--format", "-f", choices=["html", "markdown", "csv"], default="html")
    rp.add_argument("--output", "-o", help="write to this file instead of stdout")
    _add_common(rp)


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # a process of its own (the console script, python -m zizhi): see _pause_gc
        _pause_gc()
    try:
        return _main(argv)
    finally:
        _resume_gc()


#: Whether the cyclic garbage collector waits for the engine (``_pause_gc``).
_gc_paused = False


def _pause_gc() -> None:
    """Python's cyclic garbage collector looks at every container object each time enough of them
    have been made: starting up (imports, the plugins, the policy data) makes tens of thousands
    that live as long as the process and are never garbage, and each collection walked them again
    (~10-30 ms of a warm run). In a process of its own, the collector is off until ``check`` has
    loaded its engine (any other command: until its arguments are read); then what exists is moved
    out of its sight (``gc.freeze``) and it runs as usual on what the command makes."""
    global _gc_paused
    import gc

    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def _resume_gc(freeze: bool = False) -> None:
    global _gc_paused
    if _gc_paused:
        import gc

        if freeze:
            gc.freeze()
            from zizhi import filecache

            filecache.GC_FROZEN = True
        gc.enable()
        _gc_paused = False


def _main(argv: list[str] | None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv_lang(raw), "check" if raw[:1] == ["check"] else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    if args.command != "check":
        _resume_gc(freeze=True)  # (zizhi audit runs long, with its collector as usual)
    session = _results(raw, args) if argv is None else None  # (a process of its own: see _results)
    if session is not None:
        try:
            code = session.replay()
        except OutputError as exc:  # (a report file that cannot be written now: as the run would say)
            return _usage(str(exc))
        except KeyboardInterrupt:
            return EXIT_ERROR
        if code is not None:
            return code
        session.record()
    code, normal = EXIT_ERROR, False
    try:
        code, normal = _run(args)
        return code
    finally:
        if session is not None:
            session.finish(code if normal else EXIT_ERROR, _LAST_ENGINE[-1] if _LAST_ENGINE else None,
                           [p for p in (args.config, args.baseline) if p])


def _results(raw: list[str], args: argparse.Namespace) -> Any:
    """The whole-command result cache of ``zizhi check`` (``zizhi.resultcache``), None when this
    command line does not use it. Only for a process of its own (the console script, ``python -m
    zizhi``): a caller of ``main(argv)`` in its own process may have changed the engine in ways
    no file shows."""
    from zizhi import resultcache

    if not resultcache.wanted(args):
        return None
    try:
        plan = output_plan(args.format, args.output)
    except ValueError:
        return None  # (the run says why)
    outputs = {path for _name, path in plan if path and path != "-"}
    try:
        return resultcache.Session(list(raw), outputs, list(args.paths))
    except Exception:  # (no cache folder to name, e.g. no home folder: the run goes on without results)
        return None


def _run(args: argparse.Namespace) -> tuple[int, bool]:
    """(the command's exit code, whether the command ended normally: only then may it be kept)."""
    try:
        code = _dispatch(args)
        sys.stdout.flush()
        return code, True
    except BrokenPipeError:  # stdout's reader went away (| head): end quietly
        _silence_stdout()
        return EXIT_OK, False
    except OutputError as exc:
        return _usage(str(exc)), False
    except SystemExit as exc:
        return int(exc.code or 0), False
    except KeyboardInterrupt:
        return EXIT_ERROR, False
    except Exception as exc:
        from zizhi.catalogue import DataError
        from zizhi.engine import UsageError
        from zizhi.plugins import PluginError

        if isinstance(exc, (UsageError, DataError, PluginError)):
            return _usage(str(exc)), False
        import traceback

        traceback.print_exc()
        return _usage(f"internal error: {type(exc).__name__}: {exc} (please report this)"), False


#: The engine this process loaded (the result cache records its plugins' code).
_LAST_ENGINE: list[Engine] = []


def _engine(args: argparse.Namespace) -> Engine:
    from zizhi.engine import load_engine

    engine = load_engine(_disabled(args))
    _LAST_ENGINE[:] = [engine]
    _resume_gc(freeze=True)  # (the engine lives as long as the process)
    return engine


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "check":
        return cmd_check(args)
    if cmd == "explain":
        return cmd_explain(args)
    if cmd == "rules":
        return cmd_rules(args)
    if cmd == "licences":
        return cmd_licences(args)
    if cmd == "plugins":
        return cmd_plugins(args)
    if cmd == "init":
        return cmd_init(args)
    if cmd == "clean":
        return cmd_clean(args)
    if cmd == "audit":
        from zizhi.audit_cli import cmd_audit

        return cmd_audit(args)
    if cmd == "eval":
        from zizhi.evaluate import cmd_eval

        return cmd_eval(args)
    if cmd == "report":
        from zizhi.report.portfolio import cmd_report

        return cmd_report(args)
    return _usage(f"unknown command {cmd}")


def output_plan(formats: list[str] | None, output: str | None) -> list[tuple[str, str | None]]:
    """(format, file or None for stdout) for each ``--format FORMAT[:FILE]``, ``--output`` paired with
    the one format given without a file. Raises ValueError on an ambiguous plan."""
    plan: list[tuple[str, str | None]] = []
    for spec in formats or ["text"]:
        name, sep, path = spec.partition(":")
        if sep and not path:
            raise ValueError(f"--format {spec!r}: give a file after the colon, or no colon for stdout")
        plan.append((name.strip(), path or None))
    bare = [i for i, (_, path) in enumerate(plan) if path is None]
    if output:
        if len(bare) != 1:
            raise ValueError("--output goes with exactly one --format given without :FILE")
        plan[bare[0]] = (plan[bare[0]][0], output)
    elif len(bare) > 1:
        raise ValueError("only one format can go to stdout; write the others to files with --format FORMAT:FILE")
    return plan


def cmd_check(args: argparse.Namespace) -> int:
    from zizhi import usercache
    from zizhi.context import Options
    from zizhi.engine import check

    use_cache = not args.no_cache and os.environ.get("ZIZHI_NO_CACHE", "") in ("", "0")
    # --no-cache is about the scanned files; the user cache of zizhi's own data (its catalogue and
    # policy packs, parsed and validated, keyed by their bytes) stays on unless ZIZHI_NO_CACHE=all.
    usercache.configure(usercache.wanted_by_environment())
    engine = _engine(args)
    try:
        plan = output_plan(args.format, args.output)
    except ValueError as exc:
        return _usage(str(exc))
    for name, _ in plan:
        if name not in engine.reporters:
            return _usage(f"unknown format {name!r} (available: {', '.join(sorted(engine.reporters))})")
    for problem in [check_writable(path, f"--format {name}:" if path != args.output else "--output")
                    for name, path in plan if path and path != "-"] + (
                        [check_writable(args.write_baseline, "--write-baseline")] if args.write_baseline else []):
        if problem:
            return _usage(problem)
    problem = unknown_option_values(engine, args)
    if problem:
        return _usage(problem)
    for warning in retired_option_values(args, _lang(args)):
        warn(warning, _lang(args))
    config_path = Path(args.config) if args.config else None
    if args.show_config:
        return _show_config([Path(p) for p in args.paths], engine, config_path)
    if args.jobs < 0:
        return _usage("--jobs takes 0 (automatic) or a positive number")
    options = Options(lang=_lang(args), suppressions=not args.no_suppressions, platform=args.platform,
                      jobs=args.jobs, cache=use_cache, cache_dir=_cache_dir(args))
    from zizhi.targets import filter_to_files, resolve_targets

    listings: dict[str, object] = {}  # walked once: finding the projects of the files given, then scanning them
    if use_cache:  # (a tree whose folders are unchanged is listed from the walk kept then: zizhi.walk.scan_listing)
        from zizhi.filecache import FolderWalkMemo
        from zizhi.walk import MEMO

        base = _cache_dir(args)
        listings[MEMO] = FolderWalkMemo(engine.fingerprint, Path(base) if base else None)
    scan_paths, only_files, outside = resolve_targets([Path(p) for p in args.paths], engine, listings)
    for skipped in outside:
        print(f"zizhi：{skipped}：不在小程序项目中，已跳过" if options.lang == "zh" else
              f"zizhi: {skipped}: not in a mini-program project; skipped", file=sys.stderr)
    if not scan_paths:
        print("zizhi：没有要检查的内容" if options.lang == "zh" else "zizhi: nothing to check", file=sys.stderr)
        return EXIT_OK
    from zizhi import progress

    if progress.wanted(sys.stderr):  # a terminal, not CI: a bar once the scan takes over a second
        # (on the terminal itself: the result cache records what the command writes, not the bar)
        with progress.showing(getattr(sys.stderr, "passthrough", sys.stderr), options.lang):
            report = check(scan_paths, engine, options, config_path, args.select, args.ignore, listings)
    else:
        report = check(scan_paths, engine, options, config_path, args.select, args.ignore, listings)
    if args.write_baseline:
        from zizhi.baseline import write_baseline

        try:
            count = write_baseline(report, Path(args.write_baseline))
        except OSError as exc:
            raise OutputError(f"cannot write {args.write_baseline}: {exc.strerror or exc}") from exc
        print(f"zizhi：已把 {count} 个问题写入基线 {args.write_baseline}" if report.lang == "zh" else
              f"zizhi: wrote {count} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
    if args.baseline:
        from zizhi.baseline import apply_baseline

        apply_baseline(report, Path(args.baseline), args.select, args.ignore)
    if args.diff:
        from zizhi.diff import apply_diff

        apply_diff(report, args.diff, scan_paths, engine, options, config_path, args.select, args.ignore)
    filter_to_files(report, only_files)
    from zizhi.report.safe import final, sanitize

    sanitize(report)  # file names and other data: no control characters, no lone surrogates
    from zizhi.report.view import View

    files = {name: path for name, path in plan if path and path != "-"}
    for name, path in plan:
        to_stdout = path in (None, "-")
        # colour and wrapping on a terminal only (NO_COLOR, FORCE_COLOR); never in a file
        report.view = View.for_stream(sys.stdout if to_stdout else None, verbose=args.verbose)
        report.view.files = files
        if to_stdout and args.statistics:
            continue
        render = engine.reporters[name]
        _write(final(render(report), keep="\x1b" if report.view.color else ""), path)  # type: ignore[operator]
    if args.statistics:
        from zizhi.report.stats import statistics

        report.view = View.for_stream(sys.stdout)
        _write(final(statistics(report), keep="\x1b" if report.view.color else ""), None)
    _say_filtered(report)
    for warning in report.warnings:
        warn(warning, report.lang)
    for problem in report.path_errors:  # after the report, so that it is the last thing people read
        print(f"zizhi: error: {problem}", file=sys.stderr)
    if report.path_errors:
        return EXIT_ERROR
    if any(d.severity.value == "error" and d.code == "ZZ099" for p in report.projects for d in p.diagnostics):
        return EXIT_ERROR
    if args.write_baseline:
        return EXIT_OK  # the findings were just accepted: recording them is not a failure
    for p in report.projects:  # each project by its own fail level (--fail-on, else its config, else warning)
        fail_on = args.fail_on or (p.config.fail_on if p.config and p.config.fail_on else DEFAULT_FAIL_ON)
        if any(f.severity.rank >= FAIL_RANK[fail_on] for f in p.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    from zizhi.filecache import clean

    base = _cache_dir(args)
    for raw in args.paths:
        path = Path(raw)
        if not path.is_dir():
            return _usage(f"{raw}: no such folder")
        removed = clean(path, Path(base) if base else None)
        for folder in removed:
            print(f"removed {folder}", file=sys.stderr)
        from zizhi import resultcache

        results = resultcache.clean(str(path.resolve()))
        if results:
            print(f"removed {results} whole-command result(s) from {resultcache.results_dir()}", file=sys.stderr)
        if not removed and not results:
            print(f"no cache of {path}", file=sys.stderr)
    return EXIT_OK


def _say_filtered(report: Report) -> None:
    """One line on stderr for what the baseline and --diff left out (the report carries it too)."""
    if report.filtered.baseline is not None or report.filtered.diff is not None:
        print(f"zizhi：未列出：{report.left_out('zh')}" if report.lang == "zh" else
              f"zizhi: left out: {report.left_out()}", file=sys.stderr)


def _show_config(paths: list[Path], engine: Engine, config_path: Path | None) -> int:
    from zizhi.config import load_config
    from zizhi.context import ScanContext
    from zizhi.discover import discover

    for raw in paths:
        root = raw.resolve()
        ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy)
        ctx.scan_root = root
        for project in discover(root, ctx):
            cfg = load_config(project.root, config_path)
            print(f"[{project.relroot}] config file: {cfg.path or '(none)'}")
            for key, value, origin in cfg.show():
                print(f"  {key} = {value!r}  # {origin}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from zizhi.rules import retired_message

    engine = _engine(args)
    lang = _lang(args)
    what = args.what.strip()
    rule = engine.rules.get(what)
    if rule is None and what.upper() in engine.policy.licences:
        lic = engine.policy.licences[what.upper()]
        rule = engine.rules.get(lic["rule"])
    if rule is None and retired_message(what.upper()):
        print(retired_message(what.upper(), lang, named=False))
        return EXIT_OK
    if rule is None:
        cats = [k for k, c in engine.policy.categories.items() if what in (k, c["id"])]
        if cats:
            print("\n".join(category_text(engine, key, lang) for key in cats), end="")
            return EXIT_OK
        return _usage(f"no rule, licence or category named {what!r}; see `zizhi rules` and `zizhi licences`")
    print(explain_text(rule, lang, engine))
    return EXIT_OK


def trigger_when(t: dict[str, Any], zh: bool) -> str:
    """A trigger's condition in one line: ``random_match + (im_chat | ugc_post); not game; minigame``."""
    parts = []
    if t.get("features_all"):
        parts.append(" + ".join(t["features_all"]))
    anys = list(t.get("features_any", [])) + list(t.get("business_types_any", []))
    if anys:
        parts.append(f"({' | '.join(anys)})" if parts and len(anys) > 1 else " | ".join(anys))
    text = " + ".join(parts) or ("总是" if zh else "always")
    nones = list(t.get("features_none", [])) + list(t.get("business_types_none", []))
    if nones:
        text += ("；无 " if zh else "; not ") + ", ".join(nones)
    for key in ("project_kinds", "platforms"):
        if t.get(key):
            text += ("；" if zh else "; ") + ", ".join(t[key])
    if t.get("subjects_none"):
        text += ("；不适用于主体 " if zh else "; not for subjects ") + ", ".join(t["subjects_none"])
    return text


def category_text(engine: Engine, key: str, lang: str) -> str:
    """``zizhi explain 时政信息``: a 服务类目 of the policy pack, what it needs and what triggers it."""
    zh = lang == "zh"
    cat = engine.policy.categories[key]
    lines = [f"{'服务类目' if zh else 'Service category'} {cat['platform']}:{cat['id']} — {cat['name_en']}", ""]
    if cat.get("accepted") is False:
        closed = "平台不接入该类目（暂不接入）。" if zh else "The platform does not accept this category (暂不接入)."
        lines += [closed, ""]
    qualification = cat.get("qualification_zh" if zh else "qualification_en")
    if qualification:
        lines += ["## " + ("资质" if zh else "Qualification"), qualification, ""]
    if cat.get("alternatives"):
        lines += ["## " + ("可替代类目" if zh else "Alternatives"), "、".join(cat["alternatives"]), ""]
    if "personal_allowed" in cat:
        lines += [("个人主体可选：" if zh else "Open to individual subjects: ")
                  + (("是" if zh else "yes") if cat["personal_allowed"] else ("否" if zh else "no")), ""]
    triggers = [t for t in engine.policy.triggers if t["obligation"] == f"category:{key}"]
    if triggers:
        lines.append("## " + ("触发条件" if zh else "Triggered by"))
        for t in triggers:
            lines.append(f"- [{t['level']}] {trigger_when(t, zh)}: {t['because_zh'] if zh else t['because_en']}")
        lines.append("")
    lines.append("## " + ("依据" if zh else "Basis"))
    for b in engine.policy.basis(cat.get("basis", [])):
        lines.append(f"- {b['title']} {b['article']} [{b['verified']}] {b['url']}".rstrip())
    return "\n".join(lines).rstrip() + "\n"


def explain_text(rule: Rule, lang: str, engine: Engine) -> str:
    zh = lang == "zh"
    fam = rule.family()
    lines = [
        f"{rule.code} {rule.name} — {rule.title_zh if zh else rule.title_en}",
        f"{'类别' if zh else 'Family'}: {fam[0] if zh else fam[1]}   "
        f"{'默认级别' if zh else 'Default severity'}: {severity_word(rule.severity.value, lang)}",
        "",
        "## " + ("检查什么" if zh else "What it checks"), rule.what_zh if zh else rule.what_en, "",
        "## " + ("为什么重要" if zh else "Why it matters"), rule.why_zh if zh else rule.why_en, "",
    ]
    if rule.example:
        lines += ["## " + ("示例" if zh else "Example"), rule.example, ""]
    lines += ["## " + ("如何合规" if zh else "How to comply"), rule.how_zh if zh else rule.how_en, ""]
    lic_id = rule.data.get("licence")
    if lic_id:
        lic = engine.policy.licences[lic_id]
        lines += ["## " + ("许可证" if zh else "Licence"),
                  f"{lic_id}: {lic['name_zh']} / {lic['name_en']}",
                  f"{'主管部门' if zh else 'Authority'}: {lic['authority_zh'] if zh else lic['authority_en']}",
                  f"{'核对日期' if zh else 'Facts checked'}: {lic['checked']}", ""]
        triggers = [t for t in engine.policy.triggers if t["obligation"] == lic_id]
        if triggers:
            lines.append("## " + ("触发条件" if zh else "Triggered by"))
            for t in triggers:
                text = t["because_zh"] if zh else t["because_en"]
                lines.append(f"- [{t['level']}] {trigger_when(t, zh)}: {text}")
            lines.append("")
        basis = engine.policy.basis(lic.get("basis", []))
        lines.append("## " + ("法律依据" if zh else "Legal basis"))
        for b in basis:
            lines.append(f"- {b['title']} {b['article']} [{b['verified']}] {b['url']}".rstrip())
        lines.append("")
    if rule.references:
        lines.append("## " + ("参考" if zh else "References"))
        lines += [f"- {r}" for r in rule.references]
    return "\n".join(lines).rstrip() + "\n"


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    engine = _engine(args)
    lang = _lang(args)
    rules = list(engine.rules)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rules_markdown(engine))
        return EXIT_OK
    for r in rules:
        severity = severity_word(r.severity.value, lang)
        pad = " " * (7 - len(severity) * (2 if lang == "zh" else 1))
        print(f"{r.code}  {severity}{pad}  {r.name:<34} {r.title_zh if lang == 'zh' else r.title_en}")
    return EXIT_OK


def severity_word(value: str, lang: str) -> str:
    from zizhi.report.i18n import severity_name

    return severity_name(value, lang)


def rules_markdown(engine: Engine) -> str:
    """docs/rules.md: every rule's docs in both languages, from the same metadata as ``explain``."""
    from zizhi.rules import RETIRED

    out = ["# Rules", "", "Generated by `zizhi rules --format markdown`; do not edit by hand.", "",
           "| code | name | default severity | title |", "| --- | --- | --- | --- |"]
    rules = list(engine.rules)
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.title_en} / {r.title_zh} |")
    out.append("")
    for r in rules:
        out += [f"## {r.code}", "", explain_text(r, "en", engine).split("\n", 1)[1].replace("\n## ", "\n### "),
                "<details><summary>中文</summary>", "", explain_text(r, "zh", engine).split("\n", 1)[1]
                .replace("\n## ", "\n### "), "</details>", ""]
    out += ["## Retired codes", "",
            "Removed rules. Their codes are never reused; naming one in `--select`, `--ignore` or a config's "
            "`[rules]` is a warning, not an error, and has no effect. / 已停用的规则：代码不会再用于其他规则；"
            "在 `--select`、`--ignore` 或配置 `[rules]` 中使用只给出警告，不起作用。", "",
            "| code | name | why / 原因 |", "| --- | --- | --- |"]
    out += [f"| {code} | {r.name} | {r.why_en[0].upper()}{r.why_en[1:]}. / {r.why_zh}。 |"
            for code, r in sorted(RETIRED.items())]
    out.append("")
    return "\n".join(out)


def cmd_licences(args: argparse.Namespace) -> int:
    import json

    engine = _engine(args)
    lics = engine.policy.licences
    if args.format == "json":
        print(json.dumps({k: {**v, "checked": str(v["checked"])} for k, v in lics.items()},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    zh = _lang(args) == "zh"
    for lid, lic in lics.items():
        print(f"{lid:<20} {lic['rule']}  {lic['name_zh']}")
        print(f"{'':<26} " + (lic["authority_zh"] if zh else f"{lic['name_en']} — {lic['authority_en']}"))
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    from zizhi.plugins import describe

    engine = _engine(args)
    for info in describe(engine.pm):
        print(f"{info['name']:<12} {info['module']:<28} {info['distribution']}")
        print(f"{'':<12} hooks: {', '.join(info['hooks'])}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from zizhi.context import Options
    from zizhi.engine import check

    target_dir = Path(args.path)
    target = target_dir / "zizhi.toml"
    if target.is_symlink():
        return _usage(f"{target} is a symbolic link; not overwritten")
    if target.exists() and not args.force:
        return _usage(f"{target} exists (use --force to overwrite)")
    engine = _engine(args)
    report = check([target_dir], engine, Options(lang=_lang(args)))
    target.write_text(init_text(report), encoding="utf-8")
    print(f"已写入 {target}" if report.lang == "zh" else f"wrote {target}", file=sys.stderr)
    return EXIT_OK


INIT_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "head": ["# zizhi configuration (validated by schemas/config.schema.json).",
                 "# Written by `zizhi init` from what it detected; fill in what you hold."],
        "subject": '# "enterprise" or "individual" (个人主体)',
        "fail_on": "# error | warning (default) | note | never",
        "holdings": "# licence id = certificate or filing number. Detected needs:",
        "categories": "# platform = [chosen 服务类目]. Detected needs:",
        "level": {"required": "required", "likely": "likely", "depends": "depends"},
    },
    "zh": {
        "head": ["# zizhi 配置（由 schemas/config.schema.json 校验）。",
                 "# 由 `zizhi init` 根据检测结果生成；请填写已持有的资质。"],
        "subject": '# 主体类型："enterprise"（企业）或 "individual"（个人主体）',
        "fail_on": "# error | warning（默认）| note | never：问题达到此级别时退出码为 1",
        "holdings": "# 许可证编号 = 证书号或备案号。检测到的需求：",
        "categories": "# 平台 = [已选择的服务类目]。检测到的需求：",
        "level": {"required": "必需", "likely": "很可能需要", "depends": "视情况"},
    },
}


def init_text(report: Report) -> str:
    t = INIT_TEXT["zh" if report.lang == "zh" else "en"]
    lines = [
        *t["head"],
        "",
        t["subject"],
        'subject = "enterprise"',
        f'fail_on = "warning"             {t["fail_on"]}',
        "",
        "[holdings]",
        t["holdings"],
    ]
    licences: dict[str, str] = {}
    categories: dict[str, set[str]] = {}
    for p in report.projects:
        for ob in p.obligations:
            if ob.kind in ("licence", "filing"):
                licences.setdefault(ob.id, ob.level.value)
            elif ob.kind == "category" and ob.data.get("accepted") is not False:  # not-accepted: nothing to choose
                categories.setdefault(ob.data["platform"], set()).add(ob.data["id"])
    for lid, level in licences.items():
        name = report.policy.licences[lid]["name_zh"] if report.policy else lid
        lines.append(f'# {lid} = ""  # {t["level"].get(level, level)}: {name}')
    lines += ["", "[categories]", t["categories"]]
    for platform, cats in sorted(categories.items()):
        joined = ", ".join(f'"{c}"' for c in sorted(cats))
        lines.append(f"# {platform} = [{joined}]")
    lines += ["", "[rules]", "ignore = []", ""]
    return "\n".join(lines)
