"""``zizhi audit``: the command. The work itself is the library ``zizhi.audit`` (repositories,
records, the local pool) and ``zizhi.audit_dask``; the HTML report is ``zizhi.report.portfolio``.
Apart from them so that none of those imports the command line."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any

from zizhi.audit import (  # the library
    Progress,
    Settings,
    _engine,
    read_list,
    read_records,
    repositories,
    repository_exit,
    result_lines,
    resume_state,
    run_local,
    show_progress,
)

# --- the command ------------------------------------------------------------------------------------------------


def cmd_audit(args: Any) -> int:
    """``zizhi audit PATH… | --from FILE``; exit codes as ``check`` (the worst repository's)."""
    from zizhi import usercache
    from zizhi.cliutil import (
        _cache_dir,
        _disabled,
        _lang,
        _usage,
        check_writable,
        retired_option_values,
        unknown_option_values,
        warn,
    )

    use_cache = not args.no_cache and os.environ.get("ZIZHI_NO_CACHE", "") in ("", "0")
    usercache.configure(usercache.wanted_by_environment())  # zizhi's own validated data: off only with =all
    paths = list(args.paths)
    if args.from_file:
        try:
            paths += read_list(args.from_file)
        except (OSError, UnicodeDecodeError) as exc:
            return _usage(f"--from {args.from_file}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    if not paths:
        return _usage("give repositories or folders of repositories, or --from FILE")
    if args.jobs < 0:
        return _usage("--jobs takes 0 (every CPU) or a positive number")
    if args.resume and (not args.output or args.output == "-"):
        return _usage("--resume needs -o FILE.jsonl (what the earlier run wrote)")
    if (args.scheduler or args.pack) and args.engine != "dask":
        return _usage("--scheduler and --pack go with --engine dask")
    for target, what in ((args.output, "-o"), (args.html, "--html")):
        if target and target != "-":
            problem = check_writable(target, what)
            if problem:
                return _usage(problem)
    lang = _lang(args)
    engine = _engine(_disabled(args))  # loaded here once: bad plugins, data or options fail before any work
    problem = unknown_option_values(engine, args)
    if problem:
        return _usage(problem)
    for warning in retired_option_values(args, lang):
        warn(warning, lang)
    settings = Settings(lang=lang, disabled=_disabled(args), select=args.select, ignore=args.ignore,
                        platform=args.platform, suppressions=not args.no_suppressions, cache=use_cache,
                        cache_dir=_cache_dir(args), fail_on=args.fail_on)
    tasks, problems = repositories(paths)
    for problem in problems:
        print(f"zizhi: error: {problem}", file=sys.stderr)
    if not tasks:
        return _usage("no repository to audit")
    output = Path(args.output) if args.output and args.output != "-" else None
    held: list[dict[str, Any]] = []
    if args.resume and output is not None and output.exists():
        done, held = resume_state(output)
        before = len(tasks)
        tasks = [t for t in tasks if t.repository not in done]
        print(f"zizhi: resuming: {before - len(tasks)} repositories already in {output}, {len(tasks)} to go",
              file=sys.stderr)
    jobs = args.jobs or os.cpu_count() or 1
    keep = bool(args.html) and output is None  # with -o, the page is made from the file at the end
    records: list[dict[str, Any]] = list(held) if keep else []
    exits = [repository_exit([r], args.fail_on) for r in held]
    progress = Progress(len(tasks), sys.stderr if show_progress(args.quiet) else None, lang)
    failures: list[str] = []
    config_warnings: list[str] = []  # what check would say on stderr (a retired rule code in a config), said once
    sink: IO[str] = output.open("a" if args.resume else "w", encoding="utf-8") if output is not None else sys.stdout

    def on_result(result: dict[str, Any]) -> None:
        text = result_lines(result)
        sink.write(text)
        sink.flush()
        exits.append(int(result["exit"]))
        if result.get("error"):
            failures.append(f"{result['repository']}: {result['error']}")
        config_warnings.extend(w for w in result.get("warnings", []) if w not in config_warnings)
        if keep:
            records.extend(json.loads(line) for line in text.splitlines())
        progress.update(result)

    start = time.monotonic()
    try:
        if args.engine == "dask":
            from zizhi.audit_dask import run_dask

            run_dask(tasks, settings, jobs, on_result, scheduler=args.scheduler, pack_tasks=args.pack)
        else:
            run_local(tasks, settings, jobs, on_result)
    finally:
        progress.close()
        if sink is not sys.stdout:
            sink.close()
    elapsed = time.monotonic() - start
    for warning in sorted(config_warnings):  # repositories finish in any order
        warn(warning, lang)
    for failure in failures:
        print(f"zizhi: error: {failure}", file=sys.stderr)
    if args.html:
        from zizhi.report.portfolio import render_html

        if output is not None:
            records = list(read_records(output))
        from zizhi.cliutil import _write
        from zizhi.report.safe import final

        _write(final(render_html(records, lang, engine.policy)), args.html)
    kept = f"; {len(held)} records kept from {output}" if held else ""
    print(f"zizhi: audited {progress.done} repositories ({len(failures)} failed), {progress.projects} projects, "
          f"{progress.findings} findings in {elapsed:.1f}s{kept}", file=sys.stderr)
    if problems:
        return 2
    return max(exits, default=0)
