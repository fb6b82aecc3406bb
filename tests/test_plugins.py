"""The plugin system: documented hooks, the built-ins, disabling one, rejecting a broken one."""

from __future__ import annotations

import inspect
import types
from typing import Any

import pytest

import zizhi.plugins
from conftest import FIXTURES, features
from zizhi import hookimpl, hookspecs
from zizhi.plugins import BUILTIN, PluginError, describe, get_plugin_manager

HOOKS = {
    name: fn for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, "zizhi_spec")
}


def test_hookspecs_are_found() -> None:
    assert {"zizhi_discover", "zizhi_extract", "zizhi_detect", "zizhi_classify", "zizhi_policy_packs",
            "zizhi_reporters"} <= set(HOOKS)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_is_documented(name: str) -> None:
    doc = inspect.getdoc(HOOKS[name])
    assert doc and len(doc.strip()) > 20, f"hook {name} has no docstring"


def _listing(out: str) -> dict[str, list[str]]:
    """``zizhi plugins`` output -> {plugin: hooks}."""
    plugins: dict[str, list[str]] = {}
    current = ""
    for line in out.splitlines():
        if line.strip().startswith("hooks:"):
            plugins[current] = [h.strip() for h in line.split("hooks:", 1)[1].split(",") if h.strip()]
        elif line.strip():
            current = line.split()[0]
    return plugins


def test_plugins_command_lists_the_builtins_with_their_hooks(run) -> None:
    code, out = run("plugins")
    assert code == 0
    listing = _listing(out)
    assert set(listing) == set(BUILTIN) and len(listing) == len(BUILTIN)
    for name, hooks in listing.items():
        assert hooks, f"{name} lists no hooks"
        assert set(hooks) <= set(HOOKS), f"{name}: unknown hooks {set(hooks) - set(HOOKS)}"
    assert {"zizhi_discover", "zizhi_load_project", "zizhi_extract"} <= set(listing["wechat"])
    assert listing["wxml"] == ["zizhi_cacheable_kinds", "zizhi_extract"]
    assert listing["catalogue"] == ["zizhi_platform_table", "zizhi_signal_catalogues"]
    assert set(listing["policy_cn"]) == {"zizhi_policy_packs", "zizhi_rules"}
    assert listing["reporters"] == ["zizhi_reporters"]
    assert set(listing["features"]) == {"zizhi_detect", "zizhi_classify"}


def test_every_builtin_module_is_loaded_once() -> None:
    pm = get_plugin_manager()
    modules = [info["module"] for info in describe(pm)]
    assert sorted(modules) == sorted(m.partition(":")[0] for m in BUILTIN.values())


def test_disabling_wxml_plugin(run) -> None:
    _, report = run.report(FIXTURES / "wxml-components")
    assert "ads" in features(report)
    _, report = run.report(FIXTURES / "wxml-components", "-p", "no:wxml")
    assert features(report) == set()
    code, out = run("plugins", "-p", "no:wxml")
    assert code == 0
    assert "wxml" not in _listing(out)
    assert len(_listing(out)) == len(BUILTIN) - 1


def test_disabling_one_plugin_keeps_the_others(run) -> None:
    _, report = run.report(FIXTURES / "js-apis", "-p", "no:wxml")
    assert "payment" in features(report)  # the javascript plugin still runs


def test_bad_plugin_option_is_a_usage_error(run) -> None:
    code, _ = run("check", FIXTURES / "ads-banner", "-p", "wxml")
    assert code == 2
    assert "no:NAME" in run.stderr


# ---------------------------------------------------------------- third-party plugins


class MisspelledPlugin:
    """A plugin whose hook name has a typo: zizhi_extrat instead of zizhi_extract."""

    @hookimpl
    def zizhi_extrat(self, file: Any, project: Any, ctx: Any) -> list[Any]:
        return []


class FakeDist:
    name = "zizhi-extra"
    project_name = "zizhi-extra"
    version = "1.2.3"


class FakeEntryPoint:
    group = "zizhi"
    dist = FakeDist()

    def __init__(self, name: str, plugin: object):
        self.name = name
        self.value = f"{name}_module:plugin"
        self._plugin = plugin

    def load(self) -> object:
        return self._plugin


def _with_entry_point(monkeypatch: pytest.MonkeyPatch, ep: FakeEntryPoint) -> None:
    real = zizhi.plugins.entry_points

    def fake(**kwargs: Any) -> list[Any]:
        return [*real(**kwargs), ep]

    monkeypatch.setattr(zizhi.plugins, "entry_points", fake)


def test_plugin_with_a_misspelled_hook_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_point(monkeypatch, FakeEntryPoint("badplugin", MisspelledPlugin()))
    with pytest.raises(PluginError) as info:
        get_plugin_manager()
    message = str(info.value)
    assert "zizhi_extrat" in message
    assert "MisspelledPlugin" in message


def test_misspelled_hook_is_exit_2_from_the_cli(run, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_point(monkeypatch, FakeEntryPoint("badplugin", MisspelledPlugin()))
    code, out = run("check", FIXTURES / "ads-banner")
    assert code == 2
    assert out == ""
    assert "zizhi_extrat" in run.stderr


def test_broken_plugin_can_be_disabled(run, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_point(monkeypatch, FakeEntryPoint("badplugin", MisspelledPlugin()))
    code, _ = run("check", FIXTURES / "ads-banner", "-p", "no:badplugin")
    assert code in (0, 1)


def test_plugin_that_fails_to_import_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Exploding(FakeEntryPoint):
        def load(self) -> object:
            raise ImportError("no module named extra_sdk")

    _with_entry_point(monkeypatch, Exploding("exploding", None))
    with pytest.raises(PluginError, match="exploding"):
        get_plugin_manager()


def test_valid_third_party_plugin_adds_a_reporter(run, monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("zizhi_count_reporter")

    @hookimpl
    def zizhi_reporters() -> dict[str, Any]:
        return {"count": lambda report: f"{sum(len(p.features) for p in report.projects)} features\n"}

    module.zizhi_reporters = zizhi_reporters  # type: ignore[attr-defined]
    _with_entry_point(monkeypatch, FakeEntryPoint("count", module))
    code, out = run("check", FIXTURES / "wxml-components", "--format", "count")
    assert out == "6 features\n"
    assert code in (0, 1)


def test_misspelled_hook_error_names_the_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_point(monkeypatch, FakeEntryPoint("badplugin", MisspelledPlugin()))
    with pytest.raises(PluginError, match="badplugin"):
        get_plugin_manager()


def test_third_party_plugin_is_not_labelled_builtin(run, monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("zizhi_extra")

    @hookimpl
    def zizhi_rules() -> list[Any]:
        return []

    module.zizhi_rules = zizhi_rules  # type: ignore[attr-defined]
    _with_entry_point(monkeypatch, FakeEntryPoint("extra", module))
    _, out = run("plugins")
    line = next(ln for ln in out.splitlines() if ln.startswith("extra "))
    assert "built-in" not in line
    assert "zizhi-extra" in line


def test_entry_points_are_remembered_until_sys_path_changes(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Reading every distribution's metadata costs ~40 ms a run: the zizhi entry points are kept in
    the user cache, keyed by the sys.path folders' times, and give the same plugins."""
    import os

    from zizhi import usercache

    monkeypatch.setenv("ZIZHI_CACHE_DIR", str(tmp_path / "uc"))
    monkeypatch.setattr(usercache, "_ENABLED", [True])
    extra = tmp_path / "site"
    extra.mkdir()
    monkeypatch.syspath_prepend(str(extra))
    calls = []
    real = zizhi.plugins.entry_points
    monkeypatch.setattr(zizhi.plugins, "entry_points", lambda **kw: calls.append(kw) or real(**kw))
    first = get_plugin_manager()
    assert len(calls) == 1
    second = get_plugin_manager()
    assert len(calls) == 1, "metadata read again although nothing was installed"
    assert sorted(n for n, _ in first.list_name_plugin()) == sorted(n for n, _ in second.list_name_plugin())
    assert first.distributions == second.distributions
    for name, plugin in first.list_name_plugin():
        assert second.get_plugin(name) is plugin  # the same module objects, loaded from the same values
    (tmp_path / "unrelated.txt").write_text("x", encoding="utf-8")
    os.utime(extra, ns=(os.stat(extra).st_atime_ns, os.stat(extra).st_mtime_ns + 10**9))
    get_plugin_manager()
    assert len(calls) == 1, "a folder's time alone is not the metadata"
    meta = extra / "other-1.0.dist-info"
    meta.mkdir()  # "installing" a distribution
    get_plugin_manager()
    assert len(calls) == 2
    (meta / "entry_points.txt").write_text("[zizhi]\n", encoding="utf-8")  # its metadata, rewritten in place
    get_plugin_manager()
    assert len(calls) == 3
    get_plugin_manager()
    assert len(calls) == 3


def test_the_prefilter_finds_the_hook_implementations_pluggy_finds(monkeypatch) -> None:
    """``ZizhiPluginManager.parse_hookimpl_opts`` skips, without ``inspect.getattr_static``, names
    that cannot be hook implementations (on modules and on plugin instances: the app.json family's
    platforms); what it registers is what pluggy's own parsing registers."""
    import pluggy

    from zizhi import plugins

    class Platform:
        label = "x"

        def helper(self) -> None:
            return None

    def impls(pm: pluggy.PluginManager) -> list[tuple[object, ...]]:
        return sorted((h.name, pm.get_name(i.plugin), i.function.__qualname__, sorted(i.opts.items()))
                      for h in vars(pm.hook).values() if isinstance(h, pluggy.HookCaller)
                      for i in h.get_hookimpls())

    ours = impls(plugins.get_plugin_manager([]))
    monkeypatch.setattr(plugins.ZizhiPluginManager, "parse_hookimpl_opts", pluggy.PluginManager.parse_hookimpl_opts)
    assert ours == impls(plugins.get_plugin_manager([])) and len(ours) > 50
    # an instance whose class marks a method, with object's and a dataclass's dunders around it
    import zizhi

    def zizhi_rules(self: object) -> list[object]:  # (a marked method, found on the class)
        return []

    Platform.zizhi_rules = zizhi.hookimpl(zizhi_rules)  # type: ignore[attr-defined]
    instance = Platform()
    for parse in (plugins.ZizhiPluginManager.parse_hookimpl_opts, pluggy.PluginManager.parse_hookimpl_opts):
        pm = plugins.ZizhiPluginManager()
        found = {name: parse(pm, instance, name) for name in dir(instance)}
        assert {name for name, opts in found.items() if opts is not None} == {"zizhi_rules"}
