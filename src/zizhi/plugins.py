"""The plugin manager: built-ins and third-party plugins load through one path.

Built-in plugins are listed in ``BUILTIN`` (so that a source checkout without installed
metadata still works) *and* registered as ``zizhi`` entry points in ``pyproject.toml``; the
entry points win where both exist, so a plugin is never loaded twice.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable
from typing import Any

import pluggy

from zizhi import hookspecs

#: Built-in plugins: entry-point name -> module (or "module:object", as in an entry point).
BUILTIN: dict[str, str] = {
    "catalogue": "zizhi_plugins.catalogue",
    "wechat": "zizhi_plugins.wechat",
    "uniapp": "zizhi_plugins.uniapp",
    "vue": "zizhi_plugins.vue",
    "taro": "zizhi_plugins.taro",
    "mpx": "zizhi_plugins.mpx",
    "cocos": "zizhi_plugins.cocos",
    "laya": "zizhi_plugins.laya",
    "egret": "zizhi_plugins.egret",
    "alipay": "zizhi_plugins.alipay:plugin",
    "douyin": "zizhi_plugins.douyin:plugin",
    "baidu": "zizhi_plugins.baidu:plugin",
    "qq": "zizhi_plugins.qq:plugin",
    "kuaishou": "zizhi_plugins.kuaishou:plugin",
    "native": "zizhi_plugins.native:plugin",
    "wxml": "zizhi_plugins.wxml",
    "javascript": "zizhi_plugins.javascript",
    "modules": "zizhi_plugins.modules",
    "npm": "zizhi_plugins.npm",
    "backend": "zizhi_plugins.backend",
    "deps": "zizhi_plugins.deps",
    "python": "zizhi_plugins.python",
    "sourcescan": "zizhi_plugins.sourcescan",
    "features": "zizhi_plugins.features",
    "policy_cn": "zizhi_plugins.policy_cn",
    "reporters": "zizhi_plugins.reporters",
}


def entry_points(**selection: Any) -> Any:
    """The standard library's ``importlib.metadata.entry_points``, imported when needed: it costs
    about 20 ms to import and as much again to read every installed distribution's metadata."""
    from importlib.metadata import entry_points as scan

    return scan(**selection)


class _KnownEntryPoint:
    """An entry point remembered from an earlier run (see ``zizhi_entry_points``)."""

    group = "zizhi"

    def __init__(self, name: str, value: str, dist_name: str, dist_version: str):
        self.name, self.value = name, value
        self.dist = _KnownDist(dist_name, dist_version) if dist_name else None

    def load(self) -> Any:
        module, _, attrs = self.value.partition(":")
        obj: Any = importlib.import_module(module.strip())
        for attr in attrs.split("[", 1)[0].strip().split(".") if attrs.strip() else []:
            obj = getattr(obj, attr)
        return obj


class _KnownDist:
    def __init__(self, name: str, version: str):
        self.name, self.version = name, version


def zizhi_entry_points() -> list[Any]:
    """The ``zizhi`` entry points of the installed distributions.

    Reading them means reading every distribution's metadata on ``sys.path``. The answer is kept
    in the user cache under what that metadata is: the interpreter, and for each ``sys.path``
    folder the name of each ``*.dist-info`` / ``*.egg-info`` in it with the time and size of its
    ``entry_points.txt`` (a zip or egg file on ``sys.path``: its own). Installing, removing or
    upgrading a distribution, or regenerating its metadata in place, changes the key.
    """
    from zizhi import usercache

    key = ""
    if usercache.enabled():
        key = usercache.key_of("entry-points", sys.executable, sys.version, *_metadata_stamps())
        known = usercache.get("entry-points", key)
        if isinstance(known, list) and all(isinstance(k, list) and len(k) == 4 for k in known):
            return [_KnownEntryPoint(*map(str, k)) for k in known]
    eps = list(entry_points(group="zizhi"))
    if key:
        usercache.put("entry-points", key, [
            [ep.name, ep.value, getattr(getattr(ep, "dist", None), "name", "") or "",
             getattr(getattr(ep, "dist", None), "version", "") or ""] for ep in eps])
    return eps


def _metadata_stamps() -> list[str]:
    """What identifies the installed distributions' entry points, cheaply (a directory listing per
    ``sys.path`` folder and a ``stat`` per distribution: ~2 ms, against ~25 ms to read them)."""
    stamps = []
    for entry in sys.path:
        folder = entry or "."
        try:
            if not os.path.isdir(folder):
                st = os.stat(folder)
                stamps.append(f"{entry}\0{st.st_mtime_ns}\0{st.st_size}")
                continue
            with os.scandir(folder) as it:
                metas = sorted(e.name for e in it if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            stamps.append(f"{entry}\0-")
            continue
        stamps.append(f"{entry}\0")
        for name in metas:
            try:
                st = os.stat(os.path.join(folder, name, "entry_points.txt"))
                stamps.append(f"{name}\0{st.st_mtime_ns}\0{st.st_size}")
            except OSError:
                stamps.append(f"{name}\0-")
    return stamps


class PluginError(Exception):
    """A plugin could not be loaded or does not fit the hook specifications."""


_ABSENT = object()


class ZizhiPluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution each entry-point plugin came from."""

    def __init__(self) -> None:
        super().__init__("zizhi")
        self.distributions: dict[str, str] = {}  # plugin name -> "name version"

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        """pluggy's, which looks up every name of a plugin with ``inspect.getattr_static`` (~950
        names over the built-in plugins' modules: most of registering them), after a cheap look at
        a module's own names: a plain function without the hook marker, a class, a built-in function
        or an object that cannot be called is no hook implementation, whatever pluggy's version."""
        if isinstance(plugin, types.ModuleType):
            value = plugin.__dict__.get(name, _ABSENT) if not name.startswith("__") else _ABSENT
        elif not isinstance(plugin, type):
            # an instance (the app.json-family platforms): its own attribute, else its class's, found
            # as getattr_static finds them (the dunders of object and of a dataclass: ~45 names each)
            value = _static_attr(plugin, name)
        else:
            value = _ABSENT
        if value is not _ABSENT:
            if type(value) is types.FunctionType:
                opts = value.__dict__.get("zizhi_impl")
                if opts is None:
                    return None
                if type(plugin) is types.ModuleType:
                    # a module's function with the marker: what pluggy would find (its static lookup
                    # of a plain module's own name is the module's dict), without looking again
                    return opts if isinstance(opts, dict) else None
            elif isinstance(value, (type, types.BuiltinFunctionType, *_SLOTS)) or (
                    not callable(value) and not isinstance(value, (staticmethod, classmethod))):
                return None  # (a class or a builtin imported, a constant, a module, a slot of object …)
        return super().parse_hookimpl_opts(plugin, name)


#: What a class's dictionary holds for a method written in C (``object.__eq__``, ``list.append``
#: …): no marker can be set on one.
_SLOTS = (types.WrapperDescriptorType, types.MethodDescriptorType, types.ClassMethodDescriptorType,
          types.MethodWrapperType, types.GetSetDescriptorType, types.MemberDescriptorType)


def _static_attr(plugin: Any, name: str) -> Any:
    """``plugin``'s attribute ``name`` as ``inspect.getattr_static`` finds it on an instance whose
    class is a plain one (_ABSENT: not found so, or a class with a metaclass of its own: pluggy looks)."""
    klass = type(plugin)
    if type(klass) is not type:
        return _ABSENT
    try:
        own = object.__getattribute__(plugin, "__dict__")
    except AttributeError:
        own = None
    for base in klass.__mro__:
        if name in base.__dict__:
            found = base.__dict__[name]
            # a data descriptor of the class wins over the instance's own value (getattr_static's rule)
            if isinstance(own, dict) and name in own and not hasattr(type(found), "__set__"):
                return own[name]
            return found
    if isinstance(own, dict) and name in own:
        return own[name]
    return _ABSENT


def get_plugin_manager(disabled: Iterable[str] = ()) -> ZizhiPluginManager:
    """Load every plugin except the ``disabled`` ones (``-p no:NAME``) and validate them."""
    disabled = set(disabled)
    pm = ZizhiPluginManager()
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)

    seen: dict[str, str] = {}
    try:
        eps = zizhi_entry_points()
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
        dist = getattr(ep, "dist", None)
        if dist is not None and dist.name != "zizhi":
            pm.distributions[ep.name] = f"{dist.name} {dist.version}"
    for name, module in BUILTIN.items():
        if name in disabled or name in seen:
            continue
        try:
            module_name, _, attr = module.partition(":")
            plugin = importlib.import_module(module_name)
            if attr:  # "module:object", as in an entry point
                plugin = getattr(plugin, attr)
        except Exception as exc:
            raise PluginError(f"built-in plugin {name!r} ({module}) failed to load: {exc}") from exc
        _register(pm, name, plugin)

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(f"plugin {name!r} implements an unknown hook: {exc}") from exc
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
    dists = getattr(pm, "distributions", {})
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda np: np[0]):
        if plugin is None:
            continue
        hooks = sorted(h.name for h in (pm.get_hookcallers(plugin) or []))
        out.append(
            {
                "name": name,
                "module": getattr(plugin, "__name__", repr(plugin)),
                "distribution": dists.get(name, "built-in"),
                "hooks": hooks,
            }
        )
    return out
