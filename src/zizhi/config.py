"""Project configuration: ``zizhi.toml`` or ``[tool.zizhi]`` in ``pyproject.toml``.

The file closest to the project root wins (searched from the project root upwards, stopping at
a repository root); ``--config FILE`` overrides the search. Validated by
``schemas/config.schema.json``; an invalid config is a usage error (exit 2), never ignored.
Strict: a key, licence id, platform or rule code zizhi does not know is an error too, with
"did you mean …" from the known ones (:func:`check_known`), so that a typo never passes silently.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zizhi.catalogue import DataError
from zizhi.resources import first_schema_error, load_schema
from zizhi.rules import RETIRED, retired_message
from zizhi.toml import TOMLDecodeError, loads

CONFIG_NAMES = ("zizhi.toml", ".zizhi.toml", "pyproject.toml")


class ConfigError(DataError):
    pass


@dataclass
class Config:
    """A project's zizhi configuration (``zizhi.toml`` / ``[tool.zizhi]``), as read."""

    path: Path | None = None
    subject: str | None = None  # enterprise | individual | None (unknown)
    holdings: dict[str, str] = field(default_factory=dict)
    categories: dict[str, list[str]] = field(default_factory=dict)
    platforms: list[str] = field(default_factory=list)
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    ignore_paths: list[str] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)

    def rule_enabled(self, code: str) -> bool:
        if any(code.startswith(p) for p in self.ignore):
            return False
        return not self.select or any(code.startswith(p) for p in self.select)

    def path_ignored(self, relpath: str) -> bool:
        return any(fnmatch.fnmatch(relpath, pat) or relpath.startswith(pat.rstrip("/") + "/")
                   for pat in self.ignore_paths)

    def show(self) -> list[tuple[str, Any, str]]:
        rows = []
        for key in ("subject", "platforms", "fail_on", "holdings", "categories", "select", "ignore",
                    "severity", "ignore_paths"):
            value = getattr(self, key)
            rows.append((key, value, self.origins.get(key, "default")))
        return rows


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The closest config file at or above ``start`` (stops after a directory holding ``.git``).
    A config that is a symbolic link to a file outside the repository (or, outside git, outside
    ``start``) is refused: the scanned repository is untrusted (docs/security.md)."""
    from zizhi.safeio import inside

    chain = [start, *start.parents]
    top = next((d for d in chain if (d / ".git").exists()), start)
    for directory in chain:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if candidate.is_symlink() and not inside(candidate, os.path.realpath(top)):
                raise ConfigError(f"{candidate}: a symbolic link to a file outside the repository; not read "
                                  "(name the file with --config to use it)")
            data = read_config_file(candidate)
            if data is not None:
                return candidate, data
        if (directory / ".git").exists():
            break
    return None


def read_config_file(path: Path) -> dict[str, Any] | None:
    """The zizhi table of a config file; None for a pyproject.toml without ``[tool.zizhi]``."""
    from zizhi.safeio import read_bytes

    try:
        raw = loads(read_bytes(path, limit=1024 * 1024).decode("utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except (TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError as exc:  # arrays nested thousands deep: tomllib recurses
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from exc
    if path.name == "pyproject.toml":
        tool = raw.get("tool", {})
        return tool.get("zizhi") if isinstance(tool, dict) and "zizhi" in tool else None
    return raw


def did_you_mean(name: str, known: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """`` (did you mean 'X'?)`` for the closest known name (or the id an alias stands for), else ''."""
    known = sorted(set(known))
    by_alias = {a.lower(): k for a, k in (aliases or {}).items()}
    if name.lower() in by_alias:
        return f" (did you mean {by_alias[name.lower()]!r}?)"
    folded = {k.lower(): k for k in known}
    if name.lower() in folded:
        return f" (did you mean {folded[name.lower()]!r}?)"
    import difflib  # (a misspelt name only)

    close = difflib.get_close_matches(name.lower(), list(folded) + list(by_alias), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {folded.get(close[0]) or by_alias[close[0]]!r}?)"
    return ""


def unknown_code(code: str, codes: Iterable[str], redirects: Iterable[str] = ()) -> str:
    """'' if ``code`` is a known rule code or a prefix of one (``ZZ1``), or a retired code (a
    warning, :func:`retired_codes`), else why not."""
    codes = sorted(set(codes))
    if code in redirects or code in RETIRED or (code and any(c.startswith(code) for c in codes)):
        return ""
    return f"unknown rule code {code!r}{did_you_mean(code, codes)}"


def retired_codes(cfg: Config, lang: str = "en") -> list[str]:
    """A warning for each retired rule code the config names (naming one is not an error)."""
    return [f"{cfg.path}: [rules] {where}: {retired_message(code, lang)}"
            for where, codes in (("select", cfg.select), ("ignore", cfg.ignore), ("severity", list(cfg.severity)))
            for code in codes if retired_message(code)]


@dataclass
class Known:
    """What a config may name: licence and filing ids, platforms (with the other names people use
    for them), rule codes (and renamed codes)."""

    licences: list[str]
    platforms: dict[str, list[str]]
    codes: list[str]
    redirects: list[str] = field(default_factory=list)

    def platform_problem(self, name: str) -> str:
        if name in self.platforms:
            return ""
        aliases = {a: p for p, names in self.platforms.items() for a in names}
        return (f"unknown platform {name!r}{did_you_mean(name, self.platforms, aliases)}; "
                f"known: {', '.join(sorted(self.platforms))}")


def check_known(cfg: Config, known: Known) -> None:
    """Raise ConfigError naming every id in ``cfg`` that zizhi does not know."""
    problems = []
    for key in cfg.holdings:
        if key not in known.licences:
            problems.append(f"[holdings] {key}: unknown licence or filing id{did_you_mean(key, known.licences)} "
                            "(zizhi licences lists them)")
    for key in cfg.categories:
        why = known.platform_problem(key)
        if why:
            problems.append(f"[categories] {key}: {why}")
    for name in cfg.platforms:
        why = known.platform_problem(name)
        if why:
            problems.append(f"platforms: {why}")
    for where, codes in (("select", cfg.select), ("ignore", cfg.ignore), ("severity", list(cfg.severity))):
        for code in codes:
            why = unknown_code(code, known.codes, known.redirects)
            if why:
                problems.append(f"[rules] {where}: {why}")
    if problems:
        raise ConfigError(f"{cfg.path}: " + "; ".join(problems))


def _unknown_keys(data: dict[str, Any], path: Path | None) -> None:
    """Unknown keys (top level and [rules]) as one clear error, before the schema's generic message."""
    schema = load_schema("config.schema.json")
    tables = [("", data, schema["properties"])]
    rules = data.get("rules")
    if isinstance(rules, dict):
        tables.append(("[rules] ", rules, schema["properties"]["rules"]["properties"]))
    problems = [f"{where}unknown key {key!r}{did_you_mean(key, known)}; known: {', '.join(known)}"
                for where, table, known in tables for key in table if key not in known]
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))


def build_config(path: Path | None, data: dict[str, Any] | None) -> Config:
    cfg = Config(path=path)
    if not data:
        return cfg
    _unknown_keys(data, path)
    error = first_schema_error("config.schema.json", data, sep=".")
    if error:
        raise ConfigError(f"{path}: {error}")
    origin = str(path)
    for key in ("subject", "fail_on"):
        if key in data:
            setattr(cfg, key, data[key])
            cfg.origins[key] = origin
    for key in ("holdings", "categories", "platforms", "ignore_paths"):
        if key in data:
            setattr(cfg, key, data[key])
            cfg.origins[key] = origin
    rules = data.get("rules", {})
    for key in ("select", "ignore", "severity"):
        if key in rules:
            setattr(cfg, key, rules[key])
            cfg.origins[key] = origin
    return cfg


def load_config(project_root: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return build_config(explicit, read_config_file(explicit) or {})
    found = find_config(project_root)
    if found is None:
        return Config()
    return build_config(*found)
