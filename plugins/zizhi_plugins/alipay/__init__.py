"""Alipay (支付宝) mini-programs and mini-games.

Roots: ``mini.project.json`` (or a bare ``app.json`` whose templates are ``.axml``); ``.axml``
templates (``a:if``, ``onTap``), ``.sjs``; API object ``my``. The project shape is WeChat's
(app.json pages and subpackages, page JSON, one
template per page), read by the app.json-family functions of the WeChat plugin with this
platform's template extension; API names are catalogue data (``[namespaces]``).
"""

from __future__ import annotations

from pathlib import Path

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import Project, Signal, SourceFile
from zizhi_plugins.wechat import (
    backend_signals,
    classify_app_file,
    discover_native,
    load_app_project,
    manifest_signals,
)

PLATFORM = "alipay"
TEMPLATE_EXT = ".axml"
PROJECT_FILES: tuple[str, ...] = ("mini.project.json",)
APPID_PREFIX = ""


def _ours(project: Project) -> bool:
    return project.platform == PLATFORM and project.framework == "native"


@hookimpl
def zizhi_discover(path: Path, ctx: ScanContext) -> list[Project]:
    return discover_native(path, ctx, PLATFORM, TEMPLATE_EXT, PROJECT_FILES, APPID_PREFIX)


@hookimpl
def zizhi_classify_file(relpath: str, project: Project) -> str | None:
    return classify_app_file(relpath, TEMPLATE_EXT) if _ours(project) else None


@hookimpl
def zizhi_load_project(project: Project, ctx: ScanContext) -> None:
    if _ours(project):
        load_app_project(project, ctx, TEMPLATE_EXT)


@hookimpl
def zizhi_extract(file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
    if file.kind != "json" or not _ours(project):
        return None
    return manifest_signals(file, project)


@hookimpl
def zizhi_project_signals(project: Project, ctx: ScanContext) -> list[Signal] | None:
    return backend_signals(project) if _ours(project) else None
