"""What every stage of one run shares: plugins, loaded data, options and the diagnostics sink."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zizhi.model import Diagnostic, Location, Severity

if TYPE_CHECKING:
    import pluggy

    from zizhi.catalogue import Catalogue
    from zizhi.config import Config
    from zizhi.policy import PolicyPack


@dataclass
class Options:
    lang: str = "en"
    fail_on: str = "warning"
    max_file_bytes: int = 2 * 1024 * 1024
    suppressions: bool = True  # honour inline zizhi-disable comments (--no-suppressions: off)
    #: parse vendored bundles like the app's own code (slow) instead of scanning their tokens
    parse_vendored: bool = False
    #: worker processes for extraction; 0 = every CPU for large trees, else 1
    jobs: int = 1
    #: read and write the content-hash cache of per-file results (``zizhi.filecache``)
    cache: bool = False
    #: the folder holding that cache (``--cache-dir``); None: the user's cache folder
    cache_dir: str | None = None
    platform: str | None = None  # only projects of this target platform (--platform)


@dataclass
class ScanContext:
    pm: pluggy.PluginManager
    catalogue: Catalogue
    policy: PolicyPack
    options: Options = field(default_factory=Options)
    config: Config | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)

    def diagnose(
        self,
        code: str,
        message: str,
        path: str,
        line: int = 0,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.diagnostics.append(Diagnostic(code, message, Location(path, line), severity))
