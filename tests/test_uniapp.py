"""uni-app: pages.json + manifest.json, one project per target platform, #ifdef conditional
compilation, Vue SFC blocks with original line numbers, registered pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, by_platform, feats, places, write_files
from zizhi_plugins.taro import read_app_config, taro_env_blank
from zizhi_plugins.uniapp import conditional, targets
from zizhi_plugins.vue import blocks, view

UNIAPP = FIXTURES / "uniapp"


# ---------------------------------------------------------------- conditional compilation

def test_ifdef_blanks_other_builds_and_keeps_lines() -> None:
    text = "a()\n// #ifdef APP-PLUS\nb()\n// #endif\n/* #ifndef MP-WEIXIN */\nc()\n/* #endif */\nd()\n"
    out = conditional(text, {"MP", "MP-WEIXIN"})
    assert out.count("\n") == text.count("\n")
    lines = out.split("\n")
    assert lines[0] == "a()" and lines[2].strip() == "" and lines[5].strip() == "" and lines[7] == "d()"
    assert len(lines[2]) == len("b()")  # columns kept


def test_ifdef_or_and_nesting() -> None:
    text = ("<!-- #ifdef H5 || MP-WEIXIN -->\nx\n<!-- #ifdef APP-PLUS -->\ny\n<!-- #endif -->\nz\n<!-- #endif -->\n"
            "<!-- #ifdef MP-ALIPAY -->\nw\n<!-- #endif -->\n")
    lines = conditional(text, {"MP", "MP-WEIXIN"}).split("\n")
    assert [lines[1], lines[3].strip(), lines[5], lines[8].strip()] == ["x", "", "z", ""]
    assert conditional(text, {"MP", "MP-ALIPAY"}).split("\n")[8] == "w"


def test_targets_follow_the_manifest_sections() -> None:
    assert targets({"mp-weixin": {"appid": "wx1"}, "mp-alipay": {"usingComponents": True}}) == ["wechat"]
    assert targets({"mp-weixin": {"appid": ""}, "mp-alipay": {"appid": "2021"}}) == ["alipay"]
    assert targets({"mp-toutiao": {"permission": {"scope.userLocation": {}}}}) == ["douyin"]
    assert targets({"mp-weixin": {"usingComponents": True}}) == ["wechat"]  # nothing targeted: WeChat
    assert targets({}, "kuaishou") == ["kuaishou"]


# ---------------------------------------------------------------- SFC blocks

def test_sfc_blocks_keep_line_numbers() -> None:
    text = ("<template>\n  <view>\n    <template v-if=\"a\"><ad unit-id=\"1\"/></template>\n  </view>\n</template>\n"
            "<script lang=\"ts\">\nuni.requestPayment({})\n</script>\n<style>\n.a{}\n</style>\n")
    found = blocks(text)
    assert [k for k, _, _ in found] == ["vue-template", "ts"]
    _kind, start, end = found[0]
    assert "</view>" in text[start:end] and "<script" not in text[start:end]
    script = view(text, found[1][1], found[1][2])
    assert len(script) == len(text) and script.split("\n")[6] == "uni.requestPayment({})"


# ---------------------------------------------------------------- the fixture project

def test_one_project_per_target_platform(run) -> None:
    _, report = run.report(UNIAPP)
    projects = by_platform(report)
    assert set(projects) == {"wechat", "alipay"}  # mp-toutiao holds only usingComponents: not a target
    assert all(p["framework"] == "uni-app" and p["root"] == "." for p in projects.values())


def test_wechat_build(run) -> None:
    _, report = run.report(UNIAPP)
    wechat = by_platform(report)["wechat"]
    assert {"ads", "location", "payment", "phone_number", "live_streaming"} <= feats(wechat)
    assert ("pages/index/index.vue", 4, "ad") in places(wechat, "ads")  # inside <!-- #ifdef MP-WEIXIN -->
    assert ("pages/index/index.vue", 9, "button") in places(wechat, "phone_number")
    assert ("pages/index/index.vue", 21, "uni.getLocation") in places(wechat, "location")
    assert places(wechat, "payment") == {("pages/pay/pay.vue", 10, "uni.requestPayment")}  # no my.tradePay
    assert ("pkg/live/live.vue", 3, "live-pusher") in places(wechat, "live_streaming")  # subPackages page


def test_traps_app_plus_h5_comments_strings(run) -> None:
    _, report = run.report(UNIAPP)
    for p in report["projects"]:
        assert "voice_recording" not in feats(p)  # #ifdef APP-PLUS; an unused component
        assert "video_playback" not in feats(p)  # <video> inside <!-- #ifdef H5 -->
        names = {e["name"] for f in p["features"] for e in f["evidence"] if e["path"] == "pages/index/index.vue"}
        assert "live-player" not in names and "uni.requestPayment" not in names  # comment, string


def test_alipay_build(run) -> None:
    _, report = run.report(UNIAPP)
    alipay = by_platform(report)["alipay"]
    assert "ads" not in feats(alipay)  # the ad is in an MP-WEIXIN block
    assert ("pages/pay/pay.vue", 13, "my.tradePay") in places(alipay, "payment")
    assert not [o for o in alipay["obligations"] if o["id"].startswith("category:wechat")]


def test_unregistered_and_app_only_pages_are_not_counted(run) -> None:
    _, report = run.report(UNIAPP)
    wechat = by_platform(report)["wechat"]
    dropped = {d["path"] for d in wechat["diagnostics"] if d["code"] == "ZZ008"}
    # a component no file uses (no tag, no import) is dead code too
    assert dropped == {"pages/dead/dead", "pages/app-only/app-only", "components/im-input/im-input"}
    assert "pages.json" in next(d for d in wechat["diagnostics"] if d["code"] == "ZZ008")["message"]
    # the component imported by a page is reachable; its <map> is supporting location evidence
    assert ("components/shop-map/shop-map.vue", 2, "map") in places(wechat, "location")


def test_manifest_section_is_the_app_json(run) -> None:
    _, report = run.report(UNIAPP)
    wechat = by_platform(report)["wechat"]
    decl = [o for o in wechat["obligations"] if o["kind"] == "declaration"]
    assert decl and all(o["held"] for o in decl)  # requiredPrivateInfos declared in mp-weixin
    manifest_evidence = {(e["path"], e["line"]) for f in wechat["features"] for e in f["evidence"]
                         if e["kind"] == "manifest"}
    assert ("manifest.json", 13) in manifest_evidence


def test_platform_option(run) -> None:
    _, report = run.report(UNIAPP, "--platform", "wechat")
    assert [p["platform"] for p in report["projects"]] == ["wechat"]
    _, report = run.report(UNIAPP, "--platform", "douyin")  # asked for explicitly: built for Douyin
    assert [p["platform"] for p in report["projects"]] == ["douyin"]
    assert "ads" not in feats(report["projects"][0])
    code, _ = run("check", FIXTURES / "js-apis", "--platform", "alipay")
    assert code == 2 and "--platform alipay" in run.stderr


def test_ifdef_in_pages_json_and_comments(run, tmp_path) -> None:
    write_files(tmp_path, {
        "pages.json": '{\n  // comment\n  "pages": [\n    {"path": "pages/a/a"},\n    // #ifdef H5\n'
                      '    {"path": "pages/h5/h5"},\n    // #endif\n  ]\n}\n',
        "manifest.json": '{ /* c */ "mp-weixin": {"appid": "wx1"} }\n',
        "pages/a/a.vue": "<template><view/></template>\n<script>\nuni.getLocation()\n</script>\n",
        "pages/h5/h5.vue": "<template><view/></template>\n<script>\nuni.requestPayment({})\n</script>\n",
    })
    _, report = run.report(tmp_path)
    p = report["projects"][0]
    assert feats(p) == {"location"}
    assert [d["path"] for d in p["diagnostics"] if d["code"] == "ZZ008"] == ["pages/h5/h5"]
    assert not [d for d in p["diagnostics"] if d["code"] == "ZZ003"]


# ---------------------------------------------------------------- hostile input

_PIECES = st.sampled_from(["// #ifdef MP-WEIXIN\n", "// #ifndef H5\n", "// #endif\n", "<!-- #ifdef APP-PLUS -->\n",
                           "<!-- #endif -->\n", "/* #ifdef MP || H5 */\n", "uni.getLocation()\n", "<template>",
                           "</template>", "<script lang=\"ts\">", "</script>", "<ad/>", "中文\n", "\r\n", "{", "}"])


@settings(max_examples=60, deadline=None, database=None)
@given(parts=st.lists(_PIECES, max_size=30))
def test_preprocessors_keep_lines_and_never_fail(parts: list[str]) -> None:
    text = "".join(parts)
    out = conditional(text, {"MP", "MP-WEIXIN"})
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    for kind, start, end in blocks(text):
        assert kind and 0 <= start <= end <= len(text)
        assert len(view(text, start, end)) == len(text)
    blanked = taro_env_blank(text, "weapp")
    assert blanked is None or blanked.count("\n") == text.count("\n")
    read_app_config(text)


def test_unicloud_functions_are_backend(run, tmp_path) -> None:
    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/a/a"}]}',
        "manifest.json": '{"mp-weixin": {"appid": "wx1"}}',
        "pages/a/a.vue": "<template><view/></template>\n<script>\nuniCloud.callFunction({ name: 'pay' })\n</script>\n",
        "uniCloud-aliyun/cloudfunctions/pay/index.js": "const db = uniCloud.database()\n",
    })
    _, report = run.report(tmp_path)
    p = report["projects"][0]
    (cloud,) = [f for f in p["features"] if f["id"] == "cloud_functions"]
    origins = {(e["name"], e["origin"]) for e in cloud["evidence"]}
    assert ("project.unicloud", "backend") in origins and ("uniCloud.database", "backend") in origins
    assert ("uniCloud.callFunction", "frontend") in origins


def test_boilerplate_unicloud_call_alone_is_not_cloud_development(run, tmp_path) -> None:
    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/a/a"}]}',
        "pages/a/a.vue": "<template><view/></template>\n<script>\nuniCloud.callFunction({ name: 'x' })\n</script>\n",
    })
    _, report = run.report(tmp_path)
    assert report["projects"][0]["features"] == []


def test_unicloud_calls_and_modules_are_one_supporting_entry(run, tmp_path) -> None:
    """cloud.unicloud (client calls) and cloud.unicloud_import (uni-id, uni-pay modules) have ids of
    their own and one group: together they are still one supporting entry, as when they shared an
    id; without the group they would be two."""
    import copy
    from types import SimpleNamespace

    from zizhi.catalogue import Catalogue, load_toml
    from zizhi.model import Location, Signal
    from zizhi_plugins.catalogue import HERE as CATALOGUE_DIR
    from zizhi_plugins.features import zizhi_detect

    write_files(tmp_path, {
        "pages.json": '{"pages": [{"path": "pages/a/a"}]}',
        "pages/a/a.vue": "<template><view/></template>\n<script>\nimport uniId from 'uni-id'\n"
                         "uniCloud.callFunction({ name: 'x' })\n</script>\n",
    })
    _, report = run.report(tmp_path)
    assert "cloud_functions" not in {f["id"] for f in report["projects"][0]["features"]}

    data = load_toml(CATALOGUE_DIR / "catalogue.toml")
    signals = [Signal("import", "uni-id", Location("pages/a/a.vue", 3)),
               Signal("api", "uniCloud.callFunction", Location("pages/a/a.vue", 4))]
    ungrouped = copy.deepcopy(data)
    for entry in ungrouped["signal"]:
        entry.pop("group", None)
    for catalogue_data, grouped in ((data, True), (ungrouped, False)):
        catalogue = Catalogue()
        catalogue.add(catalogue_data, "cat")
        evidence = catalogue.evidence(signals)
        assert [e.signal_id for e in evidence] == ["cloud.unicloud_import", "cloud.unicloud"]
        if not grouped:
            (cloud,) = zizhi_detect(project=None, evidence=evidence, ctx=SimpleNamespace(catalogue=catalogue))
            assert (cloud.id, cloud.confidence) == ("cloud_functions", "medium")


def test_vue_bindings_and_handlers_read_as_the_compiled_template_s(run, tmp_path) -> None:
    """uni-app compiles ``:value="form.phone"`` to ``value="{{form.phone}}"`` and ``@input`` to
    ``bindinput``: the catalogue's entries, written for mini-program templates, read a Vue template
    alike (a typed phone field; a bound open-type literal is the phone button)."""
    base = {"pages.json": '{"pages": [{"path": "pages/index/index"}]}',
            "manifest.json": '{"name": "x", "mp-weixin": {"appid": "wx1"}}',
            "main.js": "import App from './App'\n", "App.vue": "<template><view/></template>\n"}

    def page(tag: str) -> str:
        return f"<template>\n  <view>\n    {tag}\n  </view>\n</template>\n<script>\nexport default {{}}\n</script>\n"

    cases = {
        "bound": ('<input :value="form.phone" />', True),
        "v-bind": ('<input v-bind:value="form.mobile" />', True),
        "handler": ('<input @input.native="onPhoneInput" />', True),
        "literal": (""":open-type="'getPhoneNumber'" """.join(["<button ", ">x</button>"]), True),
        "other": ('<input :value="form.name" @input="onName" />', False),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, {**base, "pages/index/index.vue": page(tag)})
        _, report = run.report(tmp_path / case)
        assert ("phone_number" in feats(by_platform(report)["wechat"])) is found, case
