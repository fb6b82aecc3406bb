"""The built-in signal catalogue (``catalogue.toml``): feature vocabulary, business types and
the APIs, components, manifest keys, SDKs and endpoints that reveal each feature, with sources
from ``shared/reference/signals.md``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zizhi import hookimpl
from zizhi.catalogue import load_toml

HERE = Path(__file__).parent


@hookimpl
def zizhi_platform_table() -> list[dict[str, Any]]:
    platforms: list[dict[str, Any]] = load_toml(HERE / "platforms.toml")["platform"]
    return platforms


@hookimpl
def zizhi_signal_catalogues() -> list[dict[str, Any]]:
    return [load_toml(HERE / "catalogue.toml"), load_toml(HERE / "vendored.toml")]
