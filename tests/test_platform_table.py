"""The platform table (``[[platform]]``, ``schemas/platform.schema.json``, ``zizhi_platform_table``):
validated, the one source of the names a config or ``--platform`` may use, and what every reader
of platforms agrees with."""

from __future__ import annotations

import re
from typing import Any

import pytest

import zizhi.plugins
from conftest import FIXTURES, ROOT
from zizhi import hookimpl
from zizhi.catalogue import DataError
from zizhi.engine import load_engine
from zizhi.model import ModuleRoots
from zizhi.platforms import load_platform_table
from zizhi.plugins import get_plugin_manager

BUILTIN_IDS = ["wechat", "alipay", "douyin", "baidu", "qq", "kuaishou"]


@pytest.fixture(scope="module")
def table() -> Any:
    return load_platform_table(get_plugin_manager())


def test_the_builtin_table(table) -> None:
    assert [p.id for p in table] == BUILTIN_IDS
    assert all(p.family == "app.json" and p.template_ext for p in table)
    assert table.get("wechat").discovery == "plugin" and table.get("alipay").discovery == "appjson"


def test_config_and_platform_option_names_come_from_the_table(table) -> None:
    known = load_engine().known()
    assert known.platforms == table.names()
    assert known.platform_problem("alipay") == ""
    assert "did you mean 'douyin'" in known.platform_problem("toutiao")


def test_every_reader_agrees_with_the_table(table) -> None:
    """What still holds a platform constant of its own must say what the table says."""
    from zizhi_plugins import appjson, modules, taro, uniapp, wxml
    from zizhi_plugins.alipay import plugin as alipay
    from zizhi_plugins.baidu import plugin as baidu
    from zizhi_plugins.douyin import plugin as douyin
    from zizhi_plugins.kuaishou import plugin as kuaishou
    from zizhi_plugins.qq import plugin as qq

    assert table.template_exts() == appjson.TEMPLATE_EXTS
    assert table.uniapp_targets() == uniapp.SECTIONS
    assert table.uniapp_defines() == uniapp.DEFINES
    assert table.taro_envs() == taro.TARO_ENV
    assert table.taro_project_files() == taro.PROJECT_FILES
    kinds = {p.template_ext[1:] for p in table}
    assert kinds <= wxml.TEMPLATE_KINDS and kinds == modules._TEMPLATE_KINDS
    assert set(ModuleRoots(entries=[]).units) == set(table.template_exts())
    for plugin in (alipay, baidu, douyin, kuaishou, qq):
        entry = table.get(plugin.platform)
        assert (plugin.template_ext, plugin.project_files, plugin.appid_prefix, plugin.project_config_keys,
                plugin.also_template_exts, plugin.project_root_key) == (
            entry.template_ext, entry.project_files, entry.appid_prefix, entry.project_config_keys,
            entry.also_template_exts, entry.project_root_key)


def test_the_pre_commit_hooks_read_every_platform_file(table) -> None:
    """``.pre-commit-hooks.yaml`` is static YAML: its file pattern must cover every template and
    script extension of the table."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    patterns = re.findall(r"^\s*files: (.+)$", text, re.M)
    assert len(patterns) == 2
    for pattern in patterns:
        for platform in table:
            for ext in (platform.template_ext, *platform.script_exts):
                assert re.search(pattern, f"pages/index/index{ext}"), (platform.id, ext)


class _TablePlugin:
    def __init__(self, entries: list[dict[str, Any]]):
        self.entries = entries

    @hookimpl
    def zizhi_platform_table(self) -> list[dict[str, Any]]:
        return self.entries


class _EntryPoint:
    group = "zizhi"
    dist = None

    def __init__(self, plugin: object):
        self.name, self.value, self._plugin = "table", "table_module:plugin", plugin

    def load(self) -> object:
        return self._plugin


def _with(monkeypatch: pytest.MonkeyPatch, entries: list[dict[str, Any]]) -> None:
    real = zizhi.plugins.entry_points
    monkeypatch.setattr(zizhi.plugins, "entry_points", lambda **kw: [*real(**kw), _EntryPoint(_TablePlugin(entries))])


NEW = {"id": "xhs", "name_zh": "小红书", "name_en": "Xiaohongshu", "names": ["xiaohongshu", "小红书"],
       "api_objects": ["xhs"], "family": "app.json", "template_ext": ".xhsml", "project_files": ["project.xhs.json"]}


def test_a_plugin_adds_a_platform_with_one_entry(monkeypatch: pytest.MonkeyPatch, run) -> None:
    _with(monkeypatch, [NEW])
    table = load_platform_table(get_plugin_manager())
    assert [p.id for p in table] == [*BUILTIN_IDS, "xhs"]
    assert table.template_exts()[".xhsml"] == "xhs"
    code, _ = run("check", FIXTURES / "js-apis", "--platform", "xhs")  # a known platform now: no usage error
    assert code == 2 and "--platform xhs keeps only projects built for that platform" in run.stderr
    code, _ = run("check", FIXTURES / "js-apis", "--platform", "xiaohongshu")
    assert code == 2 and "did you mean 'xhs'" in run.stderr
    # the help's list of platforms is the table's, read when the help is shown, in both languages
    code, out = run("check", "--help")
    assert code == 0 and f"({', '.join([*BUILTIN_IDS, 'xhs'])})" in " ".join(out.split())
    code, out = run("audit", "--help", "--lang", "zh")
    assert code == 0 and f"（{'、'.join([*BUILTIN_IDS, 'xhs'])}）" in "".join(out.split())


@pytest.mark.parametrize(("entry", "problem"), [
    ({**NEW, "template_ext": "xhsml"}, "does not match"),
    ({k: v for k, v in NEW.items() if k != "template_ext"}, "template_ext"),
    ({**NEW, "colour": "red"}, "colour"),
    ({**NEW, "id": "alipay"}, "defined twice"),
])
def test_a_bad_entry_is_a_data_error(monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any], problem: str) -> None:
    _with(monkeypatch, [entry])
    with pytest.raises(DataError, match=problem):
        load_platform_table(get_plugin_manager())


def test_an_app_json_platform_from_a_test_plugin_only(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """A new platform of the app.json family: its table entry and an ``AppJsonPlatform`` of the
    shared library, in one third-party plugin; nothing else changes. The project is found once, as
    that platform (WeChat does not claim its bare app.json), and its templates are read."""
    from zizhi.context import Options
    from zizhi.engine import check
    from zizhi_plugins.appjson import AppJsonPlatform

    class Xhs(AppJsonPlatform):
        @hookimpl
        def zizhi_platform_table(self) -> list[dict[str, Any]]:
            return [NEW]

    real = zizhi.plugins.entry_points
    monkeypatch.setattr(zizhi.plugins, "entry_points",
                        lambda **kw: [*real(**kw), _EntryPoint(Xhs("xhs", ".xhsml", ("project.xhs.json",)))])
    root = tmp_path / "xhs-app"
    (root / "pages" / "index").mkdir(parents=True)
    (root / "app.json").write_text('{"pages": ["pages/index/index"]}', encoding="utf-8")
    (root / "pages" / "index" / "index.xhsml").write_text('<view>\n  <live-pusher url="{{u}}"/>\n</view>\n',
                                                        encoding="utf-8")
    (root / "pages" / "index" / "index.js").write_text("Page({})\n", encoding="utf-8")
    report = check([root], load_engine(), Options())
    assert [(p.platform, p.framework, p.kind) for p in report.projects] == [("xhs", "native", "miniprogram")]
    project = report.projects[0]
    assert project.pages == {"pages/index/index"}
    template = [s for s in project.signals if s.location.path == "pages/index/index.xhsml"]
    assert any(s.kind == "component" and s.name == "live-pusher" for s in template), project.signals


def test_an_app_json_platform_from_its_table_entry_alone(monkeypatch: pytest.MonkeyPatch, tmp_path, run) -> None:
    """One ``[[platform]]`` entry and nothing else: the ``native`` plugin reads its projects with the
    app.json-family library; ``-p no:native`` turns that off."""
    _with(monkeypatch, [NEW])
    root = tmp_path / "xhs-app"
    (root / "pages" / "index").mkdir(parents=True)
    (root / "project.xhs.json").write_text("{}", encoding="utf-8")
    (root / "app.json").write_text('{"pages": ["pages/index/index"]}', encoding="utf-8")
    (root / "pages" / "index" / "index.xhsml").write_text('<live-pusher url="{{u}}"/>\n', encoding="utf-8")
    code, report = run.report(root)
    (project,) = report["projects"]
    assert (project["platform"], project["framework"], project["kind"]) == ("xhs", "native", "miniprogram")
    assert "live_streaming" in {f["id"] for f in project["features"]}  # its template was read
    code, _ = run("check", root, "-p", "no:native")
    assert code == 2 and "no mini-program project found" in run.stderr


def test_a_platform_with_a_plugin_of_its_own_is_not_read_twice(monkeypatch: pytest.MonkeyPatch, run) -> None:
    """Turning a platform's own plugin off keeps it off (the ``native`` plugin does not take it over),
    and with it on, its project is reported once."""
    code, _ = run("check", FIXTURES / "alipay", "-p", "no:alipay")
    assert code == 2 and "no mini-program project found" in run.stderr
    _, report = run.report(FIXTURES / "alipay")
    assert [p["platform"] for p in report["projects"]] == ["alipay"]
