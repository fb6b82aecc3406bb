"""``zizhi audit``: every project of many repositories, in parallel, streamed as JSON Lines.

One task per repository (``audit_repository``): the engine's ``check`` on that repository, each
project of its report written as one record — the report schema's project object plus
``repository``, ``commit`` (the checkout's HEAD, read from ``.git`` without running git) and
``snippets`` (the source text of evidence lines); problems of the walk tied to no project (a link not
followed, an unreadable folder) are one record ``{"repository", "commit", "diagnostics"}``; and a
repository that cannot be audited is one record ``{"repository", "commit", "error"}``.
``schemas/audit-record.schema.json`` is the contract.

Tasks run in local processes (``--jobs``) or on a Dask cluster (``--engine dask``, zizhi/audit_dask.py);
either way the records are the same. Records of one repository are written with one write, so an
interrupted run leaves at most one incomplete repository, which ``--resume`` runs again (with every
repository whose record is an error).

This module imports nothing heavy at import time (``zizhi --help`` stays fast); the engine is loaded
once per worker process.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zizhi.engine import Engine

#: Files or folders whose presence at a folder's top makes it a repository (a project of its own) rather
#: than a folder of repositories, when it has no ``.git``.
PROJECT_MARKERS = ("project.config.json", "app.json", "game.json", "mini.project.json", "pages.json",
                   "manifest.json", "package.json", "project.swan.json", "project.tt.json", "src")
#: Evidence snippets kept per record, and their length.
MAX_SNIPPETS, SNIPPET_CHARS = 200, 160

_ENGINES: dict[tuple[str, ...], Engine] = {}

#: The Chinese of the help texts of ``zizhi audit`` and ``zizhi report`` (cli.py ``_add_audit_parsers``).
HELP_ZH: dict[str, str] = {
    "audit many repositories in parallel; one JSON Lines record per project":
        "并行审计多个仓库；每个项目一条 JSON Lines 记录",
    "a portfolio report (html, markdown, csv) from audit's JSON Lines":
        "由 audit 的 JSON Lines 生成项目组合报告（html、markdown、csv）",
    "repositories, or folders whose sub-folders are repositories": "仓库，或其子文件夹均为仓库的文件夹",
    "read more paths from FILE, one per line (-: standard input)": "从 FILE 读取更多路径，每行一个（-：标准输入）",
    "write the JSON Lines here (default: stdout)": "将 JSON Lines 写入此文件（默认：标准输出）",
    "also write the HTML portfolio report at the end": "结束时另写 HTML 项目组合报告",
    "skip the repositories -o FILE already holds (failed ones run again) and append":
        "跳过 -o FILE 中已有的仓库（失败的重新审计）并追加写入",
    "repositories audited at once (default 0: every CPU)": "同时审计的仓库数（默认 0：每个 CPU 一个）",
    "local processes (default) or a Dask cluster (pip install 'zizhi[dask]'; docs/audit.md)":
        "本地进程（默认）或 Dask 集群（pip install 'zizhi[dask]'；见 docs/audit.md）",
    "with --engine dask: the scheduler (tcp://host:8786); default a local cluster of --jobs":
        "与 --engine dask 同用：调度器地址（tcp://host:8786）；默认启动 --jobs 个进程的本地集群",
    "with --engine dask: send each repository packed to the workers instead of its path":
        "与 --engine dask 同用：把每个仓库打包发送给工作节点，而不是发送路径",
    "no progress line (never shown in CI or off a terminal)": "不显示进度行（CI 中或非终端时从不显示）",
    "exit 1 when a finding is at least this severe (default: each project's config, else warning)":
        "存在至少此严重程度的问题时以 1 退出（默认：各项目的配置，否则 warning）",
    "only these rule codes": "只报告这些规则代码",
    "not these rule codes": "不报告这些规则代码",
    "only projects built for this platform (%(platforms)s)": "只审计为此平台构建的项目（%(platforms)s）",
    "ignore inline zizhi-disable comments": "忽略行内 zizhi-disable 注释",
    "neither read nor write the per-file cache (also: ZIZHI_NO_CACHE=1)":
        "不读也不写逐文件缓存（亦可：ZIZHI_NO_CACHE=1）",
    "keep the per-file cache in DIR": "把逐文件缓存放在 DIR",
    "what zizhi audit wrote (-: standard input)": "zizhi audit 写出的文件（-：标准输入）",
    "write to this file instead of stdout": "写入此文件而不是标准输出",
}


@dataclass
class Task:
    """One repository to audit: ``repository`` is its name in the records (the path as given)."""

    repository: str
    path: str
    commit: str | None = None
    packed: bytes | None = None  # the repository as a tar archive (``--pack``) for workers without the path


@dataclass
class Settings:
    """What every task of a run shares (picklable: it goes to worker processes and cluster workers)."""

    lang: str = "en"
    disabled: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    platform: str | None = None
    suppressions: bool = True
    cache: bool = False
    cache_dir: str | None = None
    fail_on: str | None = None


# --- which repositories ----------------------------------------------------------------------------------


def is_repository(folder: Path) -> bool:
    """A git checkout, or a folder with a mini-program marker at its top (a plain copy of one)."""
    if (folder / ".git").exists():
        return True
    return any((folder / name).exists() for name in PROJECT_MARKERS)


def repositories(paths: Iterable[str]) -> tuple[list[Task], list[str]]:
    """The repositories of the paths given (each a repository, or a folder of them: its sub-folders),
    and the problems of paths that are neither (missing, unreadable)."""
    tasks: list[Task] = []
    problems: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        folder = Path(raw)
        try:
            if not folder.is_dir():
                problems.append(f"{raw}: {'not a folder' if folder.exists() else 'no such folder'}")
                continue
            if is_repository(folder):
                found = [folder]
            else:
                found = sorted(child for child in folder.iterdir()
                               if child.is_dir() and not child.is_symlink() and not child.name.startswith("."))
        except OSError as exc:
            problems.append(f"{raw}: cannot read: {exc.strerror or exc}")
            continue
        if not found:
            problems.append(f"{raw}: neither a repository nor a folder of repositories")
        for repo in found:
            key = str(repo.resolve())
            if key in seen:
                continue
            seen.add(key)
            tasks.append(Task(repository=str(repo), path=str(repo), commit=head_commit(repo)))
    return tasks, problems


def read_list(source: str) -> list[str]:
    """``--from FILE``: one path per line (``-``: standard input); blank lines and ``#`` comments skipped."""
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _small(path: Path, limit: int = 1 << 20) -> str:
    with path.open("rb") as fh:
        return fh.read(limit).decode("utf-8", "replace")


def head_commit(repo: Path) -> str | None:
    """The commit checked out in ``repo`` (its own ``.git`` folder: HEAD, a loose ref or packed-refs), or
    None. git is not run: the repository is untrusted, and its config could name programs to run."""
    git = repo / ".git"
    try:
        if git.is_symlink() or not git.is_dir():
            return None  # a worktree's .git file points elsewhere: not followed
        head = _small(git / "HEAD").strip()
        if not head.startswith("ref:"):
            return head if _is_sha(head) else None
        ref = head[4:].strip()
        if not ref.startswith("refs/") or ".." in ref.split("/"):
            return None
        loose = git / ref
        if loose.is_file() and not loose.is_symlink():
            sha = _small(loose).strip()
            return sha if _is_sha(sha) else None
        packed = git / "packed-refs"
        if packed.is_file() and not packed.is_symlink():
            for line in _small(packed, 64 << 20).splitlines():
                parts = line.split(" ")
                if len(parts) == 2 and parts[1] == ref and _is_sha(parts[0]):
                    return parts[0]
    except OSError:
        return None
    return None


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


# --- one repository ----------------------------------------------------------------------------------------


def _engine(disabled: list[str]) -> Engine:
    key = tuple(disabled)
    if key not in _ENGINES:
        from zizhi.engine import load_engine

        _ENGINES[key] = load_engine(list(disabled))
    return _ENGINES[key]


def audit_repository(task: Task, settings: Settings) -> dict[str, Any]:
    """Audit one repository: ``{"repository", "commit", "records", "error", "warnings", "exit", "seconds"}``
    (``warnings``: what ``zizhi check`` would print on stderr, such as a config naming a retired rule
    code). Never raises for a bad repository: its error is the result."""
    start = time.perf_counter()
    result: dict[str, Any] = {"repository": task.repository, "commit": task.commit, "records": [], "error": None,
                              "warnings": [], "exit": 0, "seconds": 0.0}
    unpacked: Path | None = None
    try:
        if task.packed is not None:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="zizhi-audit-") as tmp:
                unpacked = Path(tmp) / "repo"
                unpack(task.packed, unpacked)
                _audit(task, settings, unpacked, result)
        else:
            _audit(task, settings, Path(task.path), result)
    except Exception as exc:  # one repository's failure is recorded; the rest go on
        from zizhi.engine import UsageError

        message = str(exc) if isinstance(exc, UsageError) else f"{type(exc).__name__}: {exc}"
        result.update(records=[], error=message, exit=2)
    if unpacked is not None:  # name the repository, not the folder it was unpacked in
        if result["error"]:
            result["error"] = result["error"].replace(str(unpacked), task.repository)
        result["warnings"] = [w.replace(str(unpacked), task.repository) for w in result["warnings"]]
    result["seconds"] = time.perf_counter() - start
    return result


def _audit(task: Task, settings: Settings, root: Path, result: dict[str, Any]) -> None:
    from zizhi.context import Options
    from zizhi.engine import check
    from zizhi.report.safe import display, sanitize

    engine = _engine(settings.disabled)
    options = Options(lang=settings.lang, suppressions=settings.suppressions, platform=settings.platform,
                      jobs=1, cache=settings.cache, cache_dir=settings.cache_dir)
    report = check([root], engine, options, None, settings.select, settings.ignore)
    sanitize(report)
    data = report.to_dict()
    records = []
    for project, obj in zip(report.projects, data["projects"], strict=True):
        if obj.get("config") and task.packed is not None:  # the unpacked folder's path: name the repository's
            obj["config"] = display(str(Path(task.repository) / Path(obj["config"]).relative_to(root)))
        records.append({"repository": task.repository, "commit": task.commit, **obj,
                        "snippets": _snippets(project)})
    result["records"] = records
    result["diagnostics"] = [d.to_dict() for d in report.diagnostics]  # the run's, tied to no project
    result["warnings"] = [display(w) for w in report.warnings]  # a retired rule code in its config ...
    errors = [f"{p}" for p in report.path_errors]
    if errors:
        result["error"] = "; ".join(errors)
    result["exit"] = repository_exit(records, settings.fail_on, error=bool(errors))


def _snippets(project: Any) -> dict[str, str]:
    """``path:line`` → the source text of evidence the findings and obligations cite (bounded)."""
    from zizhi.report.safe import display

    out: dict[str, str] = {}
    groups = [f.evidence for f in project.findings] + [o.evidence for o in project.obligations]
    for evidence in groups:
        for e in evidence[:20]:
            s = e.signal
            if not s.snippet:
                continue
            key = f"{s.location.path}:{s.location.line}"
            if key not in out:
                out[key] = display(s.snippet[:SNIPPET_CHARS])
                if len(out) >= MAX_SNIPPETS:
                    return out
    return out


FAIL_RANK = {"error": 3, "warning": 2, "note": 1, "never": 99}
SEVERITY_RANK = {"error": 3, "warning": 2, "note": 1}


def record_fail_on(record: dict[str, Any], fail_on: str | None) -> str:
    """``--fail-on``, else the project's config's ``fail_on`` (read again from its file), else warning."""
    if fail_on:
        return fail_on
    config = record.get("config")
    if config:
        try:
            from zizhi.config import load_config

            path = Path(config)
            cfg = load_config(path.parent, path)
            if cfg.fail_on:
                return str(cfg.fail_on)
        except Exception:  # a config that no longer reads: the default
            pass
    return "warning"


def repository_exit(records: list[dict[str, Any]], fail_on: str | None, error: bool = False) -> int:
    """As ``check``: 2 for a repository that could not be audited or an internal error (ZZ099), 1 for a
    finding at the fail level, else 0."""
    if error:
        return 2
    code = 0
    for r in records:
        if any(d.get("code") == "ZZ099" and d.get("severity") == "error" for d in r.get("diagnostics", [])):
            return 2
        rank = FAIL_RANK[record_fail_on(r, fail_on)] if r.get("findings") else 99
        if any(SEVERITY_RANK.get(f.get("severity", ""), 0) >= rank for f in r.get("findings", [])):
            code = 1
    return code


# --- packing a repository for workers that do not share the path -----------------------------------------


MAX_PACK_BYTES = 1 << 30


def pack(path: Path) -> bytes:
    """The repository's regular files and folders as a gzip'd tar (links are left out, as the walk leaves
    out links going outside; ``.git`` is left out: the commit travels with the task)."""
    import io
    import tarfile

    buf = io.BytesIO()
    total = 0
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d != ".git" and not os.path.islink(os.path.join(dirpath, d)))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if os.path.islink(full) or not os.path.isfile(full):
                    continue
                total += os.path.getsize(full)
                if total > MAX_PACK_BYTES:
                    raise ValueError(f"{path}: over {MAX_PACK_BYTES >> 20} MiB to pack")
                tar.add(full, arcname=os.path.relpath(full, path), recursive=False)
    return buf.getvalue()


def unpack(data: bytes, root: Path) -> None:
    """Extract what ``pack`` made into ``root``: regular files and folders only, every name inside ``root``."""
    import io
    import tarfile

    root.mkdir(parents=True)
    base = root.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            target = (base / member.name).resolve()
            if base not in target.parents or not (member.isfile() or member.isdir()):
                raise ValueError(f"packed repository: refused member {member.name!r}")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is None:
                continue
            with source, target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)


# --- runners -------------------------------------------------------------------------------------------------

def run_local(tasks: list[Task], settings: Settings, jobs: int, on_result: Callable[[dict[str, Any]], None]) -> None:
    """Each repository in a process of a local pool (in this process when ``jobs`` is 1). A pool whose
    worker dies is rebuilt and its unfinished repositories are run again, once."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            on_result(audit_repository(task, settings))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(tasks)
    tries: dict[str, int] = {}
    while pending:
        broken: list[Task] = []
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending))) as pool:
            futures = {pool.submit(audit_repository, task, settings): task for task in pending}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    on_result(future.result())
                except BrokenProcessPool:
                    broken.append(task)
        pending = []
        for task in broken:
            tries[task.repository] = tries.get(task.repository, 0) + 1
            if tries[task.repository] > 2:
                on_result({"repository": task.repository, "commit": task.commit, "records": [], "exit": 2,
                           "error": "the worker process died (twice)", "seconds": 0.0})
            else:
                pending.append(task)


# --- JSON Lines -----------------------------------------------------------------------------------------------


def result_lines(result: dict[str, Any]) -> str:
    """The JSON Lines of one repository's result: its project records and a record of the run's own
    diagnostics (problems tied to no project), or one error record."""
    if result.get("error") and not result["records"]:
        return json.dumps({"repository": result["repository"], "commit": result["commit"],
                           "error": result["error"]}, ensure_ascii=False) + "\n"
    lines = [json.dumps(r, ensure_ascii=False) for r in result["records"]]
    if result.get("diagnostics"):  # links not followed, unreadable folders ...: said, not lost
        lines.append(json.dumps({"repository": result["repository"], "commit": result["commit"],
                                 "diagnostics": result["diagnostics"]}, ensure_ascii=False))
    if result.get("error"):
        lines.append(json.dumps({"repository": result["repository"], "commit": result["commit"],
                                 "error": result["error"]}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file; an incomplete last line (an interrupted run) is skipped."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("repository"), str):
                yield record


def resume_state(path: Path) -> tuple[set[str], list[dict[str, Any]]]:
    """For ``--resume``: the repositories the file holds complete, and their records. The file is
    rewritten without error records (those repositories run again) and without the repository an
    interrupted run was writing (its last line incomplete)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    partial: str | None = None
    if lines and not lines[-1].endswith("\n"):
        try:
            json.loads(lines[-1])
        except json.JSONDecodeError:
            cut = lines.pop()  # an interrupted write: its repository runs again, whole
            named = re.match(r'\{"repository": ("(?:[^"\\]|\\.)*")', cut)
            if named:
                partial = json.loads(named.group(1))
            else:  # cut before its name: it may belong to the last complete line's repository
                for line in reversed(lines):
                    try:
                        partial = json.loads(line).get("repository")
                    except (json.JSONDecodeError, AttributeError):
                        continue
                    break
    pairs: list[tuple[str, dict[str, Any]]] = []
    failed: set[str] = set()
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(record, dict) or not isinstance(record.get("repository"), str):
            continue
        if "error" in record:
            failed.add(record["repository"])
        elif record["repository"] != partial:
            pairs.append((line if line.endswith("\n") else line + "\n", record))
    pairs = [(line, r) for line, r in pairs if r["repository"] not in failed]
    records = [r for _, r in pairs]
    kept = [line for line, _ in pairs]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(kept), encoding="utf-8")
    os.replace(tmp, path)
    return {r["repository"] for r in records}, records


# --- progress ---------------------------------------------------------------------------------------------------


class Progress:
    """One line on a terminal, rewritten: repositories done, projects, findings, rate, time left."""

    def __init__(self, total: int, stream: IO[str] | None, lang: str = "en"):
        self.total, self.stream, self.zh = total, stream, lang == "zh"
        self.done = self.projects = self.findings = self.failed = 0
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, result: dict[str, Any]) -> None:
        self.done += 1
        self.projects += len(result["records"])
        self.findings += sum(len(r.get("findings", [])) for r in result["records"])
        self.failed += 1 if result.get("error") else 0
        now = time.monotonic()
        if self.stream is not None and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            self.stream.write("\r\x1b[K" + fit(self.line(now), _columns(self.stream) - 1))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "░" * (width - filled)
        if self.zh:
            return (f"{bar} 仓库 {self.done}/{self.total} · 项目 {self.projects} · 问题 {self.findings}"
                    f"{f' · 失败 {self.failed}' if self.failed else ''} · {rate:.1f} 仓库/秒 · 剩余 {_clock(left)}")
        return (f"{bar} repositories {self.done}/{self.total} · projects {self.projects} · findings {self.findings}"
                f"{f' · failed {self.failed}' if self.failed else ''} · {rate:.1f}/s · {_clock(left)} left")

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def _columns(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 100


def fit(line: str, columns: int) -> str:
    """``line`` cut to ``columns`` terminal cells (CJK characters take two), so that it never wraps:
    a wrapped line could not be rewritten in place."""
    import unicodedata

    used = 0
    for i, ch in enumerate(line):
        used += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used > columns:
            return line[:i]
    return line


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


def show_progress(quiet: bool) -> bool:
    """A progress line only on a terminal, and never in CI."""
    if quiet or os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
