"""Every app.json-family platform of the platform table that has no plugin of its own.

A platform shaped like WeChat is data: its ``[[platform]]`` entry (``family = "app.json"``,
``discovery = "appjson"``). This plugin reads each such platform with the library
``zizhi_plugins.appjson`` — except the platforms a plugin of their own serves (an
``AppJsonPlatform`` registered under any name, or a plugin named after the platform, even when it
is turned off with ``-p no:NAME``, so that turning a platform off keeps it off).
"""

from __future__ import annotations

from pathlib import Path

from zizhi import hookimpl
from zizhi.context import ScanContext
from zizhi.model import ModuleRoots, Project, Signal, SourceFile
from zizhi_plugins.appjson import AppJsonPlatform


class AppJsonFamily:
    """One ``AppJsonPlatform`` per table entry no other plugin serves, made at discovery."""

    def __init__(self) -> None:
        self.readers: dict[str, AppJsonPlatform] = {}  # platform id -> its reader
        self.__name__ = "zizhi_plugins.native"  # shown by `zizhi plugins`

    def _unserved(self, ctx: ScanContext) -> list[AppJsonPlatform]:
        served = {plugin.platform for _, plugin in ctx.pm.list_name_plugin() if isinstance(plugin, AppJsonPlatform)}
        readers = []
        for entry in ctx.platform_table():
            if entry.family != "app.json" or entry.discovery != "appjson" or not entry.template_ext:
                continue
            if entry.id in served or ctx.pm.has_plugin(entry.id) or ctx.pm.is_blocked(entry.id):
                continue
            reader = self.readers.get(entry.id)
            wanted = (entry.template_ext, entry.project_files, entry.appid_prefix, entry.project_config_keys,
                      entry.also_template_exts, entry.project_root_key)
            if reader is None or (reader.template_ext, reader.project_files, reader.appid_prefix,
                                  reader.project_config_keys, reader.also_template_exts,
                                  reader.project_root_key) != wanted:
                reader = self.readers[entry.id] = AppJsonPlatform(entry.id, *wanted)
            readers.append(reader)
        return readers

    def _reader(self, project: Project) -> AppJsonPlatform | None:
        return self.readers.get(project.platform) if project.framework == "native" else None

    @hookimpl
    def zizhi_discover(self, path: Path, ctx: ScanContext) -> list[Project]:
        return [p for reader in self._unserved(ctx) for p in reader.zizhi_discover(path, ctx)]

    @hookimpl
    def zizhi_classify_file(self, relpath: str, project: Project) -> str | None:
        reader = self._reader(project)
        return reader.zizhi_classify_file(relpath, project) if reader is not None else None

    @hookimpl
    def zizhi_load_project(self, project: Project, ctx: ScanContext) -> None:
        reader = self._reader(project)
        if reader is not None:
            reader.zizhi_load_project(project, ctx)

    @hookimpl
    def zizhi_extract(self, file: SourceFile, project: Project, ctx: ScanContext) -> list[Signal] | None:
        reader = self._reader(project)
        return reader.zizhi_extract(file, project, ctx) if reader is not None else None

    @hookimpl
    def zizhi_project_signals(self, project: Project, ctx: ScanContext) -> list[Signal] | None:
        reader = self._reader(project)
        return reader.zizhi_project_signals(project, ctx) if reader is not None else None

    @hookimpl
    def zizhi_module_roots(self, project: Project, ctx: ScanContext) -> ModuleRoots | None:
        reader = self._reader(project)
        return reader.zizhi_module_roots(project, ctx) if reader is not None else None


plugin = AppJsonFamily()
