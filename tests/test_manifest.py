"""Manifests: plugins, requiredPrivateInfos, page registration, components, mini-games."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import (
    FIXTURES,
    copy_fixture,
    diagnostics,
    evidence_places,
    feature,
    features,
    findings,
    make_project,
    obligations,
    project,
    write_files,
)
from zizhi.report.i18n import translate_diagnostic


def test_live_plugin_provider_is_live_streaming_at_the_plugin_line(run) -> None:
    _, report = run.report(FIXTURES / "live-plugin")
    assert features(report) == {"live_streaming"}
    ev = feature(report, "live_streaming")["evidence"]
    assert [(e["signal"], e["kind"], e["name"], e["path"], e["line"]) for e in ev] == [
        ("live.official_plugin", "manifest", "plugins.provider:wx2b03c6e691cd7370", "app.json", 4)]
    lines = (FIXTURES / "live-plugin" / "app.json").read_text(encoding="utf-8").splitlines()
    assert '"live-player-plugin"' in lines[ev[0]["line"] - 1]
    # E-commerce live on WeChat's own plugin only: the platform hosts the streams, so no live licence or
    # 社交-直播 category is asked for (the pack's decided_not_only); the security assessment only as a question,
    # a note at the plugin's line
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in findings(report) if f["code"] != "ZZ100"] == [
        ("ZZ120", "note", "app.json", 4)]


def test_unknown_plugin_provider_is_not_a_feature(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"app.json": json.dumps({
        "pages": ["pages/index/index"], "plugins": {"x": {"version": "1.0.0", "provider": "wx0000000000000000"}}})})
    _, report = run.report(root)
    assert features(report) == set()


def test_required_private_infos_declared(run) -> None:
    _, report = run.report(FIXTURES / "location-declared")
    assert evidence_places(report, "location") == {("pages/index/index.js", 3), ("app.json", 4)}
    declared = [e for e in feature(report, "location")["evidence"] if e["signal"] == "loc.declared"]
    assert [(e["name"], e["strength"]) for e in declared] == [("requiredPrivateInfos:getLocation", "supporting")]
    ob = obligations(report)["declaration:requiredPrivateInfos.getLocation"]
    assert ob["held"] is True and ob["rule"] == "ZZ301"
    assert findings(report, "ZZ301") == []


def test_zz301_when_get_location_is_not_declared(run) -> None:
    code, report = run.report(FIXTURES / "location-undeclared")
    zz301 = findings(report, "ZZ301")
    assert [(f["severity"], f["path"], f["line"]) for f in zz301] == [("error", "pages/index/index.js", 3)]
    assert "requiredPrivateInfos" in zz301[0]["message"]
    assert obligations(report)["declaration:requiredPrivateInfos.getLocation"]["held"] is False
    assert code == 1


def test_zz302_background_location_without_background_mode(run) -> None:
    _, report = run.report(FIXTURES / "background-location")
    zz302 = findings(report, "ZZ302")
    assert [(f["severity"], f["path"], f["line"]) for f in zz302] == [("error", "pages/index/index.js", 3)]
    assert findings(report, "ZZ301") == []  # requiredPrivateInfos does list it
    assert obligations(report)["declaration:requiredPrivateInfos.startLocationUpdateBackground"]["held"] is True


def test_no_zz302_with_background_mode(run, tmp_path: Path) -> None:
    root = copy_fixture("background-location", tmp_path)
    app = json.loads((root / "app.json").read_text(encoding="utf-8"))
    app["requiredBackgroundModes"] = ["location"]
    (root / "app.json").write_text(json.dumps(app, indent=2), encoding="utf-8")
    _, report = run.report(root)
    assert findings(report, "ZZ302") == []
    assert obligations(report)["declaration:requiredBackgroundModes.location"]["held"] is True


def test_unregistered_page_is_not_counted(run) -> None:
    _, report = run.report(FIXTURES / "pages-components")
    assert "ads" not in features(report)
    zz008 = diagnostics(report, "ZZ008")
    assert len(zz008) == 1
    assert zz008[0]["path"] == "pages/old/old"
    assert zz008[0]["severity"] == "note"
    assert "pages/old/old" in zz008[0]["message"] and "2 signal" in zz008[0]["message"]
    assert "ICP_B25" not in obligations(report)


def test_component_referenced_from_using_components_is_counted(run) -> None:
    _, report = run.report(FIXTURES / "pages-components")
    assert evidence_places(report, "payment") == {("components/pay-card/pay-card.js", 5)}
    assert not [d for d in diagnostics(report, "ZZ008") if "pay-card" in d["path"]]


def test_registering_the_page_makes_it_count(run, tmp_path: Path) -> None:
    root = copy_fixture("pages-components", tmp_path)
    (root / "app.json").write_text('{"pages": ["pages/index/index", "pages/old/old"]}', encoding="utf-8")
    _, report = run.report(root)
    assert evidence_places(report, "ads") == {("pages/old/old.wxml", 1), ("pages/old/old.js", 1)}
    assert diagnostics(report, "ZZ008") == []


def test_subpackage_pages_are_registered(run, tmp_path: Path) -> None:
    root = copy_fixture("pages-components", tmp_path)
    (root / "app.json").write_text(json.dumps({
        "pages": ["pages/index/index"], "subpackages": [{"root": "pages/old", "pages": ["old"]}]}), encoding="utf-8")
    _, report = run.report(root)
    assert "ads" in features(report)
    assert diagnostics(report, "ZZ008") == []


PAY_CARD = {
    "components/pay-card/pay-card.json": '{ "component": true }',
    "components/pay-card/pay-card.wxml": "<view>pay</view>\n",
    "components/pay-card/pay-card.js": "Component({ methods: { pay(p) { wx.requestPayment(p) } } })\n",
}


def test_a_component_only_unregistered_pages_use_is_not_counted(run, tmp_path: Path) -> None:
    # a template's leftovers: the order page is gone from app.json, its components stay on disk
    root = make_project(tmp_path / "p", {
        **PAY_CARD,
        "pages/order/order.json": '{ "usingComponents": { "pay-card": "/components/pay-card/pay-card" } }',
        "pages/order/order.wxml": "<pay-card />\n",
    })
    _, report = run.report(root)
    assert "payment" not in features(report)
    notes = {d["path"]: d["message"] for d in diagnostics(report, "ZZ008")}
    assert "used by no page registered in app.json" in notes["components/pay-card/pay-card"]
    assert "not registered" in notes["pages/order/order"]
    _, zh = run("check", root, "--lang", "zh")
    assert "组件“components/pay-card/pay-card”未被 app.json 中注册的任何页面使用" in zh


def test_a_component_reached_through_other_components_or_the_app_is_counted(run, tmp_path: Path) -> None:
    wrapper = {
        "components/checkout/checkout.json": json.dumps({"component": True,
                                                         "usingComponents": {"pay-card": "../pay-card/pay-card"}}),
        "components/checkout/checkout.wxml": "<pay-card />\n",
    }
    for i, files in enumerate((
        # a registered page uses a component that uses it
        {"pages/index/index.json": '{ "usingComponents": { "checkout": "/components/checkout/checkout" } }', **wrapper},
        # app.json's global usingComponents
        {"app.json": json.dumps({"pages": ["pages/index/index"],
                                 "usingComponents": {"pay-card": "components/pay-card/pay-card"}})},
        # the custom tab bar the framework loads by its place
        {"custom-tab-bar/index.json": json.dumps({"component": True,
                                                  "usingComponents": {"pay-card": "../components/pay-card/pay-card"}}),
         "custom-tab-bar/index.wxml": "<pay-card />\n"},
        # a path through app.json's resolveAlias
        {"app.json": json.dumps({"pages": ["pages/index/index"], "resolveAlias": {"@comp/*": "/components/*"}}),
         "pages/index/index.json": '{ "usingComponents": { "pay-card": "@comp/pay-card/pay-card" } }'},
        {"app.json": json.dumps({"pages": ["pages/index/index"], "resolveAlias": {"~/*": "/*"}}),
         "pages/index/index.json": '{ "usingComponents": { "pay-card": "~/components/pay-card/pay-card" } }'},
        # a registered page whose JSON cannot be read: what it uses is not known, so nothing is dropped
        {"pages/index/index.json": '{ "usingComponents": { "pay-card": '},
    )):
        root = make_project(tmp_path / str(i), {**PAY_CARD, **files})
        _, report = run.report(root)
        assert "payment" in features(report), i


def test_a_generics_default_and_alipays_custom_tab_bar_are_used(run, tmp_path: Path) -> None:
    # componentGenerics: a list component renders its items with a default component unless the page
    # passes generic:item; that default is used, though no usingComponents names it
    root = make_project(tmp_path / "generic", {
        **PAY_CARD,
        "pages/index/index.json": '{ "usingComponents": { "list": "/components/list/list" } }',
        "pages/index/index.wxml": "<list />\n",
        "components/list/list.json": json.dumps({"component": True, "componentGenerics": {
            "item": {"default": "/components/pay-card/pay-card"}, "other": True}}),
        "components/list/list.wxml": "<item />\n",
    })
    _, report = run.report(root)
    assert "payment" in features(report)
    assert diagnostics(report, "ZZ008") == []
    # Alipay loads its custom tab bar from customize-tab-bar/ (tabBar.customize), not custom-tab-bar/
    ali = tmp_path / "ali"
    for rel, text in {
        "mini.project.json": "{}",
        "app.json": json.dumps({"pages": ["pages/index/index"], "tabBar": {"customize": True, "items": [
            {"pagePath": "pages/index/index", "name": "home"}]}}),
        "app.js": "App({})\n",
        "pages/index/index.axml": "<view>home</view>\n",
        "pages/index/index.js": "Page({})\n",
        "customize-tab-bar/index.json": '{ "component": true }',
        "customize-tab-bar/index.axml": "<view>tabs</view>\n",
        "customize-tab-bar/index.js": "Component({ methods: { pay(p) { my.tradePay(p) } } })\n",
    }.items():
        (ali / rel).parent.mkdir(parents=True, exist_ok=True)
        (ali / rel).write_text(text, encoding="utf-8")
    _, report = run.report(ali)
    assert report["projects"][0]["platform"] == "alipay"
    assert "payment" in features(report)
    assert diagnostics(report, "ZZ008") == []


def test_component_without_component_flag_used_by_a_page_is_counted(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.json": '{ "usingComponents": { "promo": "/widgets/promo/promo" } }',
        "widgets/promo/promo.wxml": '<ad unit-id="adunit-7" />\n',
    })
    _, report = run.report(root)
    assert evidence_places(report, "ads") == {("widgets/promo/promo.wxml", 1)}


def test_mini_game(run) -> None:
    _, report = run.report(FIXTURES / "minigame")
    p = project(report)
    assert (p["kind"], p["manifest"]) == ("minigame", "game.json")
    assert features(report) == {"game"}
    assert [b["id"] for b in p["business_types"]] == ["mini_game"]
    obs = obligations(report)
    # Review 2026-11: a mini-game without virtual payment needs the filing pre-approval, not a 版号.
    assert "PUBLISHING" not in obs
    assert (obs["GAME_FILING"]["kind"], obs["GAME_FILING"]["level"]) == ("filing", "required")
    assert obs["control:game_health_notice"]["level"] == "likely"
    cat = obs["category:wechat:游戏"]
    assert (cat["kind"], cat["level"], cat["held"]) == ("category", "required", False)
    assert {"ZZ100", "ZZ115", "ZZ201", "ZZ403"} <= {f["code"] for f in findings(report)}


def test_bare_game_json_is_a_mini_game(run, tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "game.json").write_text('{"deviceOrientation": "landscape"}', encoding="utf-8")
    (root / "game.js").write_text("wx.createCanvas()\n", encoding="utf-8")
    _, report = run.report(root)
    assert project(report)["kind"] == "minigame"
    assert "category:wechat:游戏" in obligations(report)


def test_mini_game_built_from_src_is_read_from_its_source(run, tmp_path: Path) -> None:
    """project.config.json points miniprogramRoot at dist/, which a build writes and git ignores:
    the source folder holding game.json is read, with a note; a mini-game is always ``game``."""
    root = make_project(tmp_path / "built", {
        "project.config.json": '{"appid": "wx00000000000000f2", "compileType": "game", "miniprogramRoot": "dist/"}',
        "src/game.json": '{"deviceOrientation": "portrait"}\n',
        "src/game.js": "const ad = wx.createRewardedVideoAd({ adUnitId: 'adunit-1' })\n",
    })
    for rel in ("app.json", "app.js", "pages/index/index.wxml", "pages/index/index.js"):
        (root / rel).unlink()
    _, report = run.report(root)
    p = project(report)
    assert (p["kind"], p["manifest"]) == ("minigame", "src/game.json")
    assert {"game", "ads"} <= features(report)
    assert evidence_places(report, "ads") == {("src/game.js", 1)}
    notes = diagnostics(report, "ZZ012")
    assert len(notes) == 1 and "'dist'" in notes[0]["message"] and "'src'" in notes[0]["message"]
    assert not diagnostics(report, "ZZ004")


def test_mini_game_without_readable_game_json_is_still_a_game(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "nogame", {
        "project.config.json": '{"appid": "wx00000000000000f2", "compileType": "game", "miniprogramRoot": "dist/"}',
    })
    for rel in ("app.json", "app.js", "pages/index/index.wxml", "pages/index/index.js"):
        (root / rel).unlink()
    (root / "dist").mkdir()
    (root / "dist" / "game.js").write_text("wx.createCanvas()\n", encoding="utf-8")
    _, report = run.report(root)
    assert project(report)["kind"] == "minigame" and "game" in features(report)
    assert diagnostics(report, "ZZ004") and not diagnostics(report, "ZZ012")  # dist/ is there: no source guessed


def test_present_build_output_is_not_replaced_by_source(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "present", {
        "project.config.json": '{"appid": "wx00000000000000f1", "miniprogramRoot": "miniprogram/"}',
        "miniprogram/app.json": '{"pages": ["pages/index/index"]}',
        "miniprogram/pages/index/index.wxml": "<view/>",
        "src/app.json": '{"pages": ["pages/other/other"]}',
    })
    _, report = run.report(root)
    assert project(report)["manifest"] == "miniprogram/app.json"
    assert not diagnostics(report, "ZZ012")


def test_mini_game_with_in_app_purchase_requires_publishing(run, tmp_path: Path) -> None:
    root = copy_fixture("minigame", tmp_path)
    (root / "shop.js").write_text("wx.requestMidasPayment({ mode: 'game', buyQuantity: 1 })\n", encoding="utf-8")
    with (root / "game.js").open("a", encoding="utf-8") as game:
        game.write("require('./shop')\n")
    _, report = run.report(root)
    assert {"game", "virtual_payment"} <= features(report)
    obs = obligations(report)
    assert obs["PUBLISHING"]["level"] == "required"
    assert "GAME_FILING" not in obs  # the 版号 path replaces the filing pre-approval
    assert {"control:game_health_notice", "control:game_minors"} <= set(obs)


def test_included_template_is_counted(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.wxml": '<include src="/templates/banner.wxml" />\n<view>home</view>\n',
        "templates/banner.wxml": '<ad unit-id="adunit-0000000000000008" />\n',
    })
    _, report = run.report(root)
    assert diagnostics(report, "ZZ008") == []
    assert evidence_places(report, "ads") == {("templates/banner.wxml", 1)}


def test_imported_template_with_relative_src_is_counted(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.wxml": '<import src="../../templates/live.wxml" />\n<template is="live" />\n',
        "templates/live.wxml": '<template name="live"><live-pusher url="rtmp://x/y" /></template>\n',
    })
    _, report = run.report(root)
    assert diagnostics(report, "ZZ008") == []
    assert "live_streaming" in features(report)


def test_manifest_column_counts_characters_not_bytes(run, tmp_path: Path) -> None:
    line = ('{"window": {"navigationBarTitleText": "直播广场"}, "pages": ["pages/index/index"], '
            '"plugins": {"live": {"provider": "wx2b03c6e691cd7370", "version": "1.3.5"}}}')
    root = make_project(tmp_path / "p", {"app.json": line + "\n"})
    _, report = run.report(root)
    ev = feature(report, "live_streaming")["evidence"][0]
    assert (ev["path"], ev["line"]) == ("app.json", 1)
    assert ev["column"] == line.index('"live"') + 1


def test_one_reader_of_pages_and_subpackages() -> None:
    """app.json, uni-app's pages.json and Taro's app config register pages through one reader
    (zizhi_plugins.appjson.registered_pages): both spellings of subpackages, slashes stripped,
    the page written as a name or as {"path": …}; what is not a list registers nothing."""
    from zizhi_plugins.appjson import registered_pages, subpackages

    app = {"pages": ["/pages/index/index", 3], "subpackages": [{"root": "pkgA/", "pages": ["a/a"]}],
           "subPackages": [{"root": "pkgB", "pages": ["b/b/"]}, {"pages": ["no/root"]}, "x"]}
    assert registered_pages(app) == {"pages/index/index", "pkgA/a/a", "pkgB/b/b"}
    pages_json = {"pages": [{"path": "pages/index/index"}, {"style": {}}, "pages/str"],
                  "subPackages": [{"root": "pkg", "pages": [{"path": "p/p"}]}]}
    assert registered_pages(pages_json, "paths") == {"pages/index/index", "pkg/p/p"}
    assert registered_pages({"pages": "pages/index/index", "subPackages": {"root": "x"}}) == set()
    assert registered_pages(None) == set() and list(subpackages(["not", "a", "manifest"])) == []
    assert [s["root"] for s in subpackages(app) if "root" in s] == ["pkgA/", "pkgB"]


# ---------------------------------------------------------------- a repository that left out app.json


def _pages_only(root: Path, pages: dict[str, str]) -> Path:
    for rel, script in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / f"{rel}.wxml").write_text("<view>{{title}}</view>\n", encoding="utf-8")
        (root / f"{rel}.js").write_text(script, encoding="utf-8")
    return root


def test_pages_without_app_json_are_read_as_the_mini_program(run, tmp_path: Path) -> None:
    root = _pages_only(tmp_path / "repo" / "WechatApp", {
        "pages/index/index": "Page({ onLoad() { wx.getLocation({ type: 'gcj02' }) } })\n",
        "pages/pay/pay": "Page({ buy(o) { wx.requestPayment(o) } })\n",
        "components/card/card": "Component({})\n",
    }).parent
    (root / "server").mkdir()
    (root / "server" / "app.js").write_text("const express = require('express')\n", encoding="utf-8")
    _, report = run.report(root)
    p = project(report)
    assert (p["root"], p["platform"], p["kind"], p["manifest"]) == ("WechatApp", "wechat", "miniprogram", None)
    assert {"location", "payment"} <= features(report)
    assert evidence_places(report, "payment") == {("WechatApp/pages/pay/pay.js", 1)}
    warning = diagnostics(report, "ZZ016")
    assert len(warning) == 1 and "2 pages" in warning[0]["message"] and warning[0]["path"] == "WechatApp/pages"
    assert not diagnostics(report, "ZZ008") and not diagnostics(report, "ZZ004")
    # a finding with no evidence of its own points at a file that is there (not a missing config)
    assert [(f["path"], f["line"]) for f in findings(report, "ZZ100")] == [("WechatApp/pages/index/index.wxml", 1)]
    zh = translate_diagnostic("ZZ016", warning[0]["message"])
    assert zh and "pages/ 下找到的 2 个页面按已注册页面读取" in zh


def test_one_template_or_a_project_elsewhere_is_not_read_as_pages(run, tmp_path: Path) -> None:
    lone = _pages_only(tmp_path / "lone", {"pages/index/index": "Page({})\n"})
    code, _ = run("check", lone, "--format", "json")
    assert code == 2 and "no mini-program project found" in run.stderr  # one page proves nothing
    # A repository with a project: loose pages elsewhere stay unread (they are not what the project registers).
    root = make_project(tmp_path / "withapp", {})
    _pages_only(root / "old", {"pages/a/a": "wx.requestPayment({})\n", "pages/b/b": "Page({})\n"})
    _, report = run.report(root)
    assert [p["root"] for p in report["projects"]] == ["."] and not diagnostics(report, "ZZ016")
    # Templates without their scripts are not pages.
    bare = tmp_path / "bare"
    for rel in ("pages/a/a.wxml", "pages/b/b.wxml"):
        (bare / rel).parent.mkdir(parents=True, exist_ok=True)
        (bare / rel).write_text("<view/>", encoding="utf-8")
    code, _ = run("check", bare, "--format", "json")
    assert code == 2


def test_pages_beside_another_platforms_project_are_not_read(run, tmp_path: Path) -> None:
    # the WeChat plugin sees only its own claims: a uni-app, Taro or Alipay project in the repository
    # makes loose WeChat pages leftovers too (the engine keeps a fallback project only when nothing else is found)
    uni = tmp_path / "uni"
    write_files(uni / "app", {"pages.json": '{"pages": [{"path": "pages/index/index"}]}',
                              "manifest.json": '{"name": "x"}',
                              "package.json": '{"dependencies": {"@dcloudio/uni-app": "3"}}',
                              "pages/index/index.vue": "<template><view/></template>\n"})
    _pages_only(uni / "native", {"pages/a/a": "wx.requestPayment({})\n", "pages/b/b": "Page({})\n"})
    ali = tmp_path / "ali"
    write_files(ali / "app", {"app.json": '{"pages": ["pages/index/index"]}', "app.js": "App({})\n",
                              "pages/index/index.axml": "<view/>\n", "pages/index/index.js": "Page({})\n"})
    _pages_only(ali / "native", {"pages/a/a": "wx.requestPayment({})\n", "pages/b/b": "Page({})\n"})
    for root, platform in ((uni, "wechat"), (ali, "alipay")):
        _, report = run.report(root)
        assert [(p["root"], p["platform"]) for p in report["projects"]] == [("app", platform)], root
        assert not diagnostics(report, "ZZ016")


def test_the_changed_files_hook_skips_loose_pages_beside_a_project(run, tmp_path: Path) -> None:
    # `zizhi check .` does not read old/ (the repository has a project); from old/ upwards it would look
    # like the only project: the hook must not fail a commit on pages the whole check leaves out
    from gitrepo import make_repo

    repo = make_repo(tmp_path / "repo", {"pages/index/index.wxml": "<view/>\n"})
    _pages_only(repo / "old", {"pages/a/a": "Page({ f() { wx.requestPayment({}) } })\n", "pages/b/b": "Page({})\n"})
    code, out = run("check", repo / "old" / "pages" / "a" / "a.js")
    assert code == 0 and out == "" and "not in a mini-program project; skipped" in run.stderr
    # a repository that is only such pages: the hook scans them as `zizhi check .` does
    alone = make_repo(tmp_path / "alone", {"pages/index/index.wxml": "<view/>\n"})
    shutil.rmtree(alone / "app")
    _pages_only(alone / "WechatApp", {"pages/a/a": "Page({ f() { wx.requestPayment({}) } })\n",
                                      "pages/b/b": "Page({})\n"})
    _, report = run.report(alone / "WechatApp" / "pages" / "a" / "a.js")
    assert [p["root"] for p in report["projects"]] == ["."] and "payment" in features(report)


def test_thousands_of_folders_with_pages_are_found_in_one_pass() -> None:
    # each candidate folder's templates were counted by a pass over the whole listing: 5,000 folders
    # of two pages took 15 s (the cost is the benchmark's to measure, not a test's); the outermost of
    # nested ones is kept
    from zizhi_plugins.appjson import TEMPLATE_EXTS
    from zizhi_plugins.wechat import pages_without_manifest

    listing = sorted(f"m{i}/pages/{p}/{p}.{ext}" for i in range(5000) for p in ("a", "b") for ext in ("wxml", "js"))
    listing += ["m0/sub/pages/c/c.wxml", "m0/sub/pages/c/c.js", "m0/sub/pages/d/d.wxml", "m0/sub/pages/d/d.js"]
    found = pages_without_manifest(sorted(listing), TEMPLATE_EXTS)
    assert len(found) == 5000 and "m0/sub" not in found and found[0] == "m0"


def test_pages_without_app_json_at_the_scanned_folder_say_so(run, tmp_path: Path) -> None:
    root = _pages_only(tmp_path / "WechatApp", {"pages/a/a": "Page({})\n", "pages/b/b": "Page({})\n"})
    _, report = run.report(root)
    [warning] = diagnostics(report, "ZZ016")
    assert warning["message"].startswith("no app.json (nor project.config.json) in the scanned folder: the 2 pages")
    zh = translate_diagnostic("ZZ016", warning["message"])
    assert zh and zh.startswith("扫描的文件夹中没有 app.json")
    # and a folder with nothing to read names the fallback among what it looked for
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _ = run("check", empty, "--format", "json")
    assert code == 2 and "a pages/ folder of two or more WeChat pages" in run.stderr
