"""The plugin manager: built-ins and third-party plugins load through one path.

Built-in plugins are listed in ``BUILTIN`` (so that a source checkout without installed
metadata still works) *and* registered as ``zizhi`` entry points in ``pyproject.toml``; the
entry points win where both exist, so a plugin is never loaded twice.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

import pluggy

from zizhi import hookspecs

#: Built-in plugins: entry-point name -> module.
BUILTIN: dict[str, str] = {
    "catalogue": "zizhi_plugins.catalogue",
    "wechat": "zizhi_plugins.wechat",
    "wxml": "zizhi_plugins.wxml",
    "javascript": "zizhi_plugins.javascript",
    "npm": "zizhi_plugins.npm",
    "features": "zizhi_plugins.features",
    "policy_cn": "zizhi_plugins.policy_cn",
    "reporters": "zizhi_plugins.reporters",
}


class PluginError(Exception):
    """A plugin could not be loaded or does not fit the hook specifications."""


def get_plugin_manager(disabled: Iterable[str] = ()) -> pluggy.PluginManager:
    """Load every plugin except the ``disabled`` ones (``-p no:NAME``) and validate them."""
    disabled = set(disabled)
    pm = pluggy.PluginManager("zizhi")
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)

    seen: dict[str, str] = {}
    try:
        eps = list(entry_points(group="zizhi"))
    except Exception:  # broken metadata must not stop the built-ins
        eps = []
    for ep in eps:
        if ep.name in disabled or ep.name in seen:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        _register(pm, ep.name, plugin)
        seen[ep.name] = ep.value
    for name, module in BUILTIN.items():
        if name in disabled or name in seen:
            continue
        try:
            plugin = importlib.import_module(module)
        except Exception as exc:
            raise PluginError(f"built-in plugin {name!r} ({module}) failed to load: {exc}") from exc
        _register(pm, name, plugin)

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} implements an unknown hook: {exc}") from exc
    return pm


def _register(pm: pluggy.PluginManager, name: str, plugin: Any) -> None:
    if pm.is_registered(plugin) or pm.has_plugin(name):
        return
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(f"plugin {name!r} is invalid: {exc}") from exc


def describe(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Each plugin with the hooks it implements (for ``zizhi plugins``)."""
    out = []
    dists = {plugin: dist for plugin, dist in pm.list_plugin_distinfo()}
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda np: np[0]):
        if plugin is None:
            continue
        hooks = sorted(h.name for h in (pm.get_hookcallers(plugin) or []))
        dist = dists.get(plugin)
        out.append(
            {
                "name": name,
                "module": getattr(plugin, "__name__", repr(plugin)),
                "distribution": f"{dist.project_name} {dist.version}" if dist else "built-in",
                "hooks": hooks,
            }
        )
    return out
