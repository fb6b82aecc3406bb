"""What the command-line tool's commands share: languages, plugin switches, usage errors, writing
outputs. Its own module so that commands living elsewhere (``zizhi.audit_cli``,
``zizhi.report.portfolio``) use it without importing ``zizhi.cli``, which imports them."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

TYPE_CHECKING = False  # (typing is not imported: ~4 ms of every run, and of a result given again)
if TYPE_CHECKING:
    from typing import Any
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def platform_ids() -> list[str]:
    """The ids of the platform table (and of the older ``zizhi_platforms`` hook), in table order;
    [] when the plugins cannot be loaded (the command itself then says why)."""
    try:
        from zizhi.platforms import load_platform_table
        from zizhi.plugins import get_plugin_manager

        pm = get_plugin_manager()
        ids = [p.id for p in load_platform_table(pm)]
        for result in pm.hook.zizhi_platforms():
            ids += [name for name in result or {} if name not in ids]
        return ids
    except Exception:  # help must never fail
        return []


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil: argparse makes a help
    formatter for each option it is given (to check its metavar), and the first one imported shutil
    for the width (and with it fnmatch, bz2 and lzma: ~2.5 ms of every run, a result given again too)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    try:
        lines = int(os.environ["LINES"])
    except (KeyError, ValueError):
        lines = 0
    if columns <= 0 or lines <= 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            size = os.terminal_size((80, 24))
        if columns <= 0:
            columns = size.columns or 80
    return columns


class PlainFormatter(argparse.HelpFormatter):
    """argparse's own, its width found as argparse finds it (``terminal_columns``, less 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) < 4 and kwargs.get("width") is None:
            kwargs["width"] = terminal_columns() - 2
        super().__init__(*args, **kwargs)


class Parser(argparse.ArgumentParser):
    """An argument parser whose commands' parsers are of its class too, with ``PlainFormatter``
    unless told otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", PlainFormatter)
        super().__init__(*args, **kwargs)


class HelpFormatter(PlainFormatter):
    """Fills ``%(platforms)s`` in a help text with the platform table's ids, loaded only when that
    help is shown: ``zizhi --help`` and every run that shows no help load no plugin for it."""

    separator = ", "
    unknown = "the ids of the platform table"

    def _expand_help(self, action: argparse.Action) -> str:
        if action.help and "%(platforms)s" in action.help and not hasattr(action, "platforms"):
            action.platforms = self.separator.join(platform_ids()) or self.unknown  # type: ignore[attr-defined]
        return super()._expand_help(action)


def _lang(args: argparse.Namespace) -> str:
    """--lang, else $ZIZHI_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese), else en."""
    if args.lang in ("zh", "en"):
        return str(args.lang)
    from zizhi.lang import env_lang

    return env_lang()


def _disabled(args: argparse.Namespace) -> list[str]:
    out = []
    for opt in args.plugin_opts:
        if not opt.startswith("no:"):
            raise SystemExit(_usage(f"-p takes no:NAME, got {opt!r}"))
        out.append(opt[3:])
    return out


def _usage(message: str) -> int:
    print(f"zizhi: error: {message}", file=sys.stderr)
    return EXIT_ERROR


class OutputError(Exception):
    """An output file that cannot be written (exit 2)."""


#: Whether stdout's reader went away in this process (``_silence_stdout``).
STDOUT_LOST = [False]


def _silence_stdout() -> None:
    """After a broken pipe (``zizhi explain ZZ103 | head``): send the rest of stdout, and the flush at
    exit, to the null device, so that Python prints no traceback."""
    STDOUT_LOST[0] = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


#: Called with (file, text) after each output file is written (``zizhi.resultcache`` records them).
FILE_WRITERS: list[Callable[[str, str], None]] = []


def _write(text: str, output: str | None) -> None:
    if output and output != "-":
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from exc
        for writer in FILE_WRITERS:
            writer(output, text)
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: the rest of the run still decides the exit code
        _silence_stdout()


def check_writable(path: str, what: str) -> str:
    """'' if ``path`` can be written as a file (checked before the scan, so that a typo costs no scan)."""
    target = Path(path)
    if target.is_dir():
        return f"{what} {path}: is a folder"
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        return f"{what} {path}: no such folder"
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return f"{what} {path}: not writable"
    return ""


def _cache_dir(args: argparse.Namespace) -> str | None:
    return args.cache_dir or os.environ.get("ZIZHI_FILE_CACHE_DIR") or None


def unknown_option_values(engine: Any, args: argparse.Namespace) -> str:
    """A usage error for a rule code in --select/--ignore or a --platform the engine does not
    know ("" when all are known), with "did you mean …"."""
    from zizhi.config import unknown_code

    known = engine.known()
    for option, codes in (("--select", args.select), ("--ignore", args.ignore)):
        for code in codes:
            why = unknown_code(code, known.codes, known.redirects)
            if why:
                return f"{option} {code}: {why}"
    if args.platform is not None and known.platform_problem(args.platform):
        return f"--platform {args.platform}: {known.platform_problem(args.platform)}"
    return ""


def retired_option_values(args: argparse.Namespace, lang: str) -> list[str]:
    """A warning for each retired rule code in --select/--ignore: it selects or hides nothing, and
    a command line written for an older zizhi still runs."""
    from zizhi.rules import retired_message

    return [f"{option} {code}{'：' if lang == 'zh' else ': '}{retired_message(code, lang)}"
            for option, codes in (("--select", args.select), ("--ignore", args.ignore))
            for code in codes if retired_message(code)]


def warn(message: str, lang: str) -> None:
    print(f"zizhi：警告：{message}" if lang == "zh" else f"zizhi: warning: {message}", file=sys.stderr)
