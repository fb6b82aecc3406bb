"""Taro: the app config read without running it, JSX components mapped to the mini-program tags,
targets per project file, TARO_ENV branches, registered pages."""

from __future__ import annotations

from conftest import FIXTURES, by_platform, feats, places, write_files
from zizhi_plugins.javascript import kebab
from zizhi_plugins.taro import read_app_config, taro_env_blank

TARO = FIXTURES / "taro"


def test_kebab() -> None:
    assert [kebab(n) for n in ("LivePusher", "VoipRoom", "Ad", "openType", "AdCustom", "WebView")] == \
        ["live-pusher", "voip-room", "ad", "open-type", "ad-custom", "web-view"]


def test_app_config_is_read_without_running_it() -> None:
    doc = read_app_config("let x = 1\nexport default defineAppConfig({\n  pages: ['a/b', `c/d`],\n"
                          "  requiredPrivateInfos: ['getLocation'],\n  window: { title: x, color: f() },\n})\n")
    assert doc is not None
    assert doc.value == {"pages": ["a/b", "c/d"], "requiredPrivateInfos": ["getLocation"],
                         "window": {"title": None, "color": None}}
    assert doc.pos_of("requiredPrivateInfos", 0)[0] == 4
    legacy = read_app_config("class App extends Component {\n  config: Config = {\n    pages: ['pages/i/i'],\n"
                             "  }\n  render() { return null }\n}\n")
    assert legacy is not None and legacy.value == {"pages": ["pages/i/i"]}
    plain = read_app_config("export default {\n  pages: ['p/q'],\n}\n")
    assert plain is not None and plain.value == {"pages": ["p/q"]}


def test_app_config_names_its_module_constants() -> None:
    """Taro's CLI runs the app config as a module and takes its default export (else its
    ``module.exports``): a page list in a constant (``pages: PAGES``, ``{ pages }``, spread into
    another), or the whole config in one (``defineAppConfig(config)``, ``export default config``), is
    what the module says; a constant the file changes afterwards, or a name it imports, is not known."""
    consts = ("const MAIN = ['pages/index/index'] as const\n"
              "export const pages = [...MAIN, 'pages/me/index']\n"
              "const shop = { root: 'pkg', pages: ['pay/index'] }\n"
              "const base = { window: { navigationBarTitleText: 'x' } }\n")
    for tail in ("export default defineAppConfig({ ...base, pages, subPackages: [shop] })\n",
                 "const config = { ...base, pages: pages, subPackages: [shop] }\n"
                 "export default defineAppConfig(config)\n",
                 "const config = { ...base, pages, subPackages: [shop] }\nexport default config\n",
                 "module.exports = { ...base, pages, subPackages: [shop] }\n"):
        doc = read_app_config(consts + tail)
        assert doc is not None, tail
        assert doc.value == {"window": {"navigationBarTitleText": "x"},
                             "pages": ["pages/index/index", "pages/me/index"],
                             "subPackages": [{"root": "pkg", "pages": ["pay/index"]}]}, tail
        assert doc.pos_of("pages", 1) == (2, 32)  # where the constant writes it
    changed = read_app_config("const pages = ['pages/index/index']\nif (x) pages.push('pages/pay/index')\n"
                              "export default defineAppConfig({ pages })\n")
    imported = read_app_config("import { pages } from './pages'\nexport default defineAppConfig({ pages })\n")
    circle = read_app_config("const a = [...b]\nconst b = [...a]\nexport default defineAppConfig({ pages: a })\n")
    assert changed is not None and imported is not None and circle is not None
    assert changed.value == imported.value == {"pages": None} and circle.value == {"pages": [None]}
    # hostile: constants that double at every level stay bounded
    bomb = "const a0 = ['p/' + 'x']\n" + "".join(f"const a{i} = [...a{i - 1}, ...a{i - 1}]\n" for i in range(1, 40))
    assert read_app_config(bomb + "export default { pages: a39 }\n") is not None


def test_app_config_columns_are_characters_found_without_decoding_each_row() -> None:
    """A value's column counts characters (a Chinese title before it on its line), and is found
    without decoding its row up to each value: on a long line (a minified config, a megabyte of
    comment first) that was quadratic, and a constant's values are converted each time the config
    names it (here 3,200 values, each once decoding the megabyte before it)."""
    from zizhi_plugins.jsconfig import find_config, module_constants, object_doc
    from zizhi_plugins.jstree import parser

    class Counted(bytes):
        """The config's bytes, counting how many are sliced out (a row decoded up to a value)."""
        sliced = 0

        def __getitem__(self, key):  # type: ignore[no-untyped-def,override]
            part = super().__getitem__(key)
            if isinstance(key, slice):
                Counted.sliced += len(part)
            return part

    def doc_of(text: str):  # type: ignore[no-untyped-def]
        data = Counted(text.encode("utf-8"))
        root = parser("tsx").parse(bytes(data)).root_node
        consts = module_constants(root)
        node = find_config(root, consts)
        assert node is not None
        return object_doc(node, data, consts), len(data)

    doc, _size = doc_of("const P = ['pages/我的/index']\n"
                        "export default { window: { navigationBarTitleText: '首页' }, "
                        "pages: ['pages/a/index', ...P] }\n")
    assert doc.value["pages"] == ["pages/a/index", "pages/我的/index"]
    assert doc.pos_of("pages") == (2, 60) and doc.pos_of("pages", 0) == (2, 68) and doc.pos_of("pages", 1) == (1, 12)
    items = ",".join(f"'pages/p{i}/页'" for i in range(50))
    Counted.sliced = 0
    doc, size = doc_of("/*" + "注" * 100_000 + "*/ const A = [" + items + "]; const B = [" + ",".join(["...A"] * 8)
                       + "]; export default { pages: [" + ",".join(["...B"] * 8) + "] }\n")
    assert len(doc.value["pages"]) == 3200
    assert Counted.sliced <= size  # (it was 3,200 times the line's first 300 KB)


def test_pages_in_a_constant_are_registered(run, tmp_path) -> None:
    """``pages`` named by a constant registers the pages the constant lists (it registered none: every
    page was unreachable and the project had no features)."""
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "const pages = ['pages/index/index', 'pages/pay/index']\n"
                             "export default defineAppConfig({\n  pages,\n})\n",
        "src/pages/index/index.tsx": "export default function Index() { return null }\n",
        "src/pages/pay/index.tsx": "import Taro from '@tarojs/taro'\n"
                                   "export default function Pay() { Taro.requestPayment({}); return null }\n",
        "src/pages/old/index.tsx": "import Taro from '@tarojs/taro'\n"
                                   "export default function Old() { Taro.createRewardedVideoAd({}); return null }\n",
    })
    _, report = run.report(tmp_path)
    wechat = by_platform(report)["wechat"]
    assert places(wechat, "payment") == {("src/pages/pay/index.tsx", 2, "Taro.requestPayment")}
    assert "ads" not in feats(wechat)
    assert [d["path"] for d in wechat["diagnostics"] if d["code"] in ("ZZ004", "ZZ008")] == ["src/pages/old/index"]


def test_taro_env_branches() -> None:
    text = ("if (process.env.TARO_ENV === 'weapp') {\n  wx.a()\n} else if (process.env.TARO_ENV === 'tt') {\n"
            "  tt.b()\n}\n")
    weapp = taro_env_blank(text, "weapp")
    assert weapp is not None and "wx.a()" in weapp and "tt.b()" not in weapp
    tt = taro_env_blank(text, "tt")
    assert tt is not None and "wx.a()" not in tt and "tt.b()" in tt
    assert tt.count("\n") == text.count("\n")


def test_taro_env_in_expressions_and_conditions() -> None:
    """Taro's docs decide per target in JSX too (``{process.env.TARO_ENV === 'weapp' && <X/>}``): the
    right of ``&&``, a conditional expression's branch, a condition of several tests or a constant
    holding one; a blanked expression is ``0``, so the text still parses as the build's code."""
    text = ("const isTt = process.env.TARO_ENV === 'tt'\n"
            "const pay = () => process.env.TARO_ENV === 'tt' ? tt.pay({}) : wx.requestPayment({})\n"
            "if (isTt) { tt.a() }\n"
            "if (process.env.TARO_ENV !== 'weapp' && ok) tt.b()\n"
            "const v = <View>{process.env.TARO_ENV === 'weapp' && <Ad unitId='x' />}\n"
            "  {ok && process.env.TARO_ENV === 'tt' && (\n    <LivePusher url='x' />\n  )}\n"
            "  {!(process.env.TARO_ENV === 'weapp') ? <A /> : <B />}</View>\n")
    weapp = taro_env_blank(text, "weapp")
    assert weapp is not None and weapp.count("\n") == text.count("\n")
    assert "wx.requestPayment" in weapp and "<Ad" in weapp and "<B />" in weapp
    assert not any(w in weapp for w in ("tt.pay", "tt.a", "tt.b", "LivePusher", "<A />"))
    tt = taro_env_blank(text, "tt")
    assert tt is not None and "wx.requestPayment" not in tt and "<Ad" not in tt and "<B />" not in tt
    assert all(w in tt for w in ("tt.pay", "tt.a", "tt.b", "LivePusher", "<A />"))
    from zizhi_plugins.jstree import parser
    for out in (weapp, tt):
        assert not parser("tsx").parse(out.encode()).root_node.has_error, out
    # undecided conditions are kept whole
    assert taro_env_blank("if (a && process.env.TARO_ENV === 'weapp') {}\nx = a ? b : c\n", "weapp") is None


def test_taro_env_switch() -> None:
    """``switch (process.env.TARO_ENV)``, as Taro's docs allow for any test of it: the build runs
    the case of its target's name, or ``default``, and falls through until a ``break``; the others are
    blanked, and a switch with a case that is no string is left whole."""
    text = ("switch (process.env.TARO_ENV) {\n"
            "  case 'weapp':\n"
            "  case 'qq':\n"
            "    wx.requestPayment({})\n"
            "    break\n"
            "  case 'tt': {\n"
            "    tt.pay({})\n"
            "    break\n"
            "  }\n"
            "  case 'alipay':\n"
            "    my.tradePay({})\n"
            "  // falls through\n"
            "  default:\n"
            "    h5Pay()\n"
            "}\n")
    weapp = taro_env_blank(text, "weapp")
    assert weapp is not None and weapp.count("\n") == text.count("\n")
    assert "wx.requestPayment" in weapp and not any(w in weapp for w in ("tt.pay", "my.tradePay", "h5Pay"))
    qq = taro_env_blank(text, "qq")
    assert qq is not None and "wx.requestPayment" in qq and "tt.pay" not in qq
    tt = taro_env_blank(text, "tt")
    assert tt is not None and "tt.pay" in tt and not any(w in tt for w in ("wx.requestPayment", "my.tradePay", "h5Pay"))
    alipay = taro_env_blank(text, "alipay")  # falls through into default
    assert alipay is not None and "my.tradePay" in alipay and "h5Pay" in alipay and "tt.pay" not in alipay
    swan = taro_env_blank(text, "swan")  # no case of its own: default only
    assert swan is not None and "h5Pay" in swan and "my.tradePay" not in swan and "wx.requestPayment" not in swan
    from zizhi_plugins.jstree import parser
    for out in (weapp, qq, tt, alipay, swan):
        assert not parser("tsx").parse(out.encode()).root_node.has_error, out
    assert taro_env_blank("switch (process.env.TARO_ENV) {\n case WEAPP: wx.a(); break\n case 'tt': tt.b()\n}\n",
                          "weapp") is None
    assert taro_env_blank("switch (mode) {\n case 'tt': tt.b()\n}\n", "weapp") is None


def test_a_component_only_another_target_renders_does_not_count(run, tmp_path) -> None:
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0", "@tarojs/components": "3.6.0"}}',
        "project.config.json": '{"appid": "wx1"}', "project.tt.json": '{"appid": "tt1"}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": (
            "import { View, Ad, LivePusher } from '@tarojs/components'\n"
            "export default function Index() {\n"
            "  return <View>\n"
            "    {process.env.TARO_ENV === 'weapp' && <Ad unitId='x' />}\n"
            "    {process.env.TARO_ENV === 'tt' ? <LivePusher url='x' /> : null}\n"
            "  </View>\n"
            "}\n"),
    })
    _, report = run.report(tmp_path)
    projects = by_platform(report)
    assert "ads" in feats(projects["wechat"]) and "live_streaming" not in feats(projects["wechat"])
    assert "live_streaming" in feats(projects["douyin"]) and "ads" not in feats(projects["douyin"])


def test_targets_and_framework(run) -> None:
    _, report = run.report(TARO)
    projects = by_platform(report)
    assert set(projects) == {"wechat", "douyin"}  # project.config.json + project.tt.json
    assert all(p["framework"] == "taro" and p["manifest"] == "src/app.config.ts" for p in projects.values())


def test_jsx_components_map_to_mini_program_tags(run) -> None:
    _, report = run.report(TARO)
    wechat = by_platform(report)["wechat"]
    assert places(wechat, "phone_number") == {("src/pages/index/index.tsx", 9, "button")}  # openType
    assert places(wechat, "ads") == {("src/pages/index/index.tsx", 10, "ad")}
    assert ("src/pages/live/index.tsx", 6, "voip-room") in places(wechat, "rtc_video")  # aliased import
    assert ("src/components/Player/index.tsx", 4, "video") in places(wechat, "video_playback")
    assert ("src/pkg/call/index.tsx", 4, "Taro.joinVoIPChat") in places(wechat, "rtc_voice")


def test_imported_but_not_rendered_component_does_not_count(run) -> None:
    _, report = run.report(TARO)
    for p in report["projects"]:
        names = {e["name"] for f in p["features"] for e in f["evidence"]}
        assert "live-pusher" not in names


def test_app_config_declarations(run) -> None:
    _, report = run.report(TARO)
    wechat = by_platform(report)["wechat"]
    assert ("src/app.config.ts", 9, "requiredPrivateInfos:getLocation") in places(wechat, "location")
    assert ("src/app.config.ts", 14, "plugins.provider:wx2b03c6e691cd7370") in places(wechat, "live_streaming")
    decl = [o for o in wechat["obligations"] if o["kind"] == "declaration"]
    assert decl and all(o["held"] for o in decl)


def test_taro_env_decides_per_target(run) -> None:
    _, report = run.report(TARO)
    projects = by_platform(report)
    assert "cloud_functions" in feats(projects["wechat"]) and "payment" not in feats(projects["wechat"])
    assert "payment" in feats(projects["douyin"]) and "cloud_functions" not in feats(projects["douyin"])
    assert not [d for d in projects["douyin"]["diagnostics"] if d["code"] == "ZZ005"]


def test_unregistered_page(run) -> None:
    _, report = run.report(TARO)
    wechat = by_platform(report)["wechat"]
    assert [d["path"] for d in wechat["diagnostics"] if d["code"] == "ZZ008"] == ["src/pages/old/index"]
    assert "payment" not in feats(wechat)


def test_taro1_config_in_app_tsx(run, tmp_path) -> None:
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "1.3.0", "@tarojs/components": "1.3.0"}}',
        "src/app.tsx": "import Taro, { Component, Config } from '@tarojs/taro'\nclass App extends Component {\n"
                       "  config: Config = {\n    pages: ['pages/living/index'],\n  }\n}\n",
        "src/pages/living/index.tsx": "import Taro from '@tarojs/taro'\nimport { View, LivePusher } from "
                                      "'@tarojs/components'\nexport default class L extends Taro.Component {\n"
                                      "  render() {\n    return <View><LivePusher url='rtmp://x' /></View>\n  }\n}\n",
    })
    _, report = run.report(tmp_path)
    (p,) = report["projects"]
    assert (p["platform"], p["framework"], p["manifest"]) == ("wechat", "taro", "src/app.tsx")
    assert places(p, "live_streaming") == {("src/pages/living/index.tsx", 5, "live-pusher")}


def test_wechat_only_config_keys_do_not_reach_other_builds(run) -> None:
    _, report = run.report(TARO)
    douyin = by_platform(report)["douyin"]
    assert "live_streaming" not in feats(douyin)  # the live-player-plugin of app.config.ts is WeChat's
    assert "live_streaming" in feats(by_platform(report)["wechat"])


def test_framework_objects_mirror_the_wechat_api() -> None:
    """``Taro.X`` / ``uni.X`` are WeChat's ``wx.X``: an API the catalogue lists only under ``wx.``
    matches through the framework object; a name listed under the framework object itself wins."""
    from zizhi.engine import load_engine
    from zizhi.model import Location, Signal

    cat = load_engine().catalogue
    assert cat.mirrors == {"Taro": "wx", "uni": "wx"}

    def ids(name: str) -> set[str]:
        return {e.id for e in cat.match(Signal("api", name, Location("a.js", 1)))}

    assert ids("Taro.requestCommonPayment") == ids("wx.requestCommonPayment") == {"pay.plugin"}
    assert ids("uni.createBannerAd") == ids("wx.createBannerAd") != set()
    # listed under `uni.` in an entry of its own: not also the `wx.` entry
    assert ids("uni.chooseImage") and ids("uni.chooseImage").isdisjoint(ids("wx.chooseImage"))
    assert ids("my.requestCommonPayment") == set()  # a native object of another platform mirrors nothing
    assert ids("Taro.noSuchApi") == set()


def test_my_is_a_variable_in_taro_code_outside_alipay(run, tmp_path) -> None:
    """`my` is Alipay's API object only in Alipay projects: in Taro code built for WeChat,
    `const my = this.state` is a variable and `my.createRewardedAd()` no ad."""
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": (
            "export default function Index() {\n"
            "  const my = { createRewardedAd() {} }\n"
            "  my.createRewardedAd()\n"
            "  Taro.createRewardedVideoAd({ adUnitId: 'x' })\n"
            "  return null\n"
            "}\n"
        ),
    })
    _, report = run.report(tmp_path)
    wechat = by_platform(report)["wechat"]
    assert places(wechat, "ads") == {("src/pages/index/index.tsx", 4, "Taro.createRewardedVideoAd")}


def test_taro_ui_components_are_the_built_in_ones_they_wrap(run, tmp_path) -> None:
    """Taro UI (taro-ui) is Taro's own component library: AtButton passes openType to a button, AtInput
    is an input; a component of another library by the same name is not."""
    page = (
        "import { View } from '@tarojs/components'\n"
        "import { AtButton, AtInput } from 'taro-ui'\n"
        "export default function Login() {\n"
        "  return <View>\n"
        "    <AtButton openType='getUserInfo' onGetUserInfo={() => {}}>授权</AtButton>\n"
        "    <AtInput name='mobile' placeholder='请输入手机号' />\n"
        "  </View>\n"
        "}\n"
    )
    write_files(tmp_path / "a", {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0", "taro-ui": "3.1.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": page,
    })
    _, report = run.report(tmp_path / "a")
    wechat = by_platform(report)["wechat"]
    assert places(wechat, "user_profile") == {("src/pages/index/index.tsx", 5, "at-button")}
    assert places(wechat, "phone_number") == {("src/pages/index/index.tsx", 6, "at-input")}
    write_files(tmp_path / "b", {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": page.replace("'taro-ui'", "'./my-widgets'"),
    })
    _, report = run.report(tmp_path / "b")
    assert not {"user_profile", "phone_number"} & set(feats(by_platform(report)["wechat"]))


COMPUTED_CONFIG = (
    "const main = ['pages/index/index']\n"
    "const shop = [process.env.TARO_ENV === 'weapp' && 'pages/shop/pay/index'].filter(Boolean)\n"
    "export default defineAppConfig({\n"
    "  pages: (() => [...main, ...shop])(),\n"
    "})\n"
)


def test_a_computed_page_list_registers_the_pages_taro_marks(run, tmp_path) -> None:
    """A page list built by code is not known without running it: rather than none, every page
    with a page config of its own (Taro's convention) counts as registered, and a note says so."""
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": COMPUTED_CONFIG,
        "src/pages/index/index.tsx": "export default function Index() { return null }\n",
        "src/pages/index/index.config.ts": "export default definePageConfig({ navigationBarTitleText: '首页' })\n",
        "src/pages/shop/pay/index.tsx": "import Taro from '@tarojs/taro'\n"
                                        "export default function Pay() { Taro.requestPayment({}); return null }\n",
        "src/pages/shop/pay/index.config.ts": "export default definePageConfig({})\n",
        # a component and a helper are no pages, config or not
        "src/components/Card/index.tsx": "export default function Card() { return null }\n",
    })
    _, report = run.report(tmp_path)
    wechat = by_platform(report)["wechat"]
    assert places(wechat, "payment") == {("src/pages/shop/pay/index.tsx", 2, "Taro.requestPayment")}
    [note] = [d for d in wechat["diagnostics"] if d["code"] == "ZZ004"]
    assert note["severity"] == "note" and (note["path"], note["line"]) == ("src/app.config.ts", 4)
    assert note["message"].startswith("the app config's pages are computed, not written as a list of strings: "
                                      "2 page file(s)")


def test_a_literal_page_list_is_read_as_written(run, tmp_path) -> None:
    # the same pages written out: no note, and an unregistered page with a page config stays unregistered
    write_files(tmp_path, {
        "package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
        "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
        "src/pages/index/index.tsx": "export default function Index() { return null }\n",
        "src/pages/shop/pay/index.tsx": "import Taro from '@tarojs/taro'\n"
                                        "export default function Pay() { Taro.requestPayment({}); return null }\n",
        "src/pages/shop/pay/index.config.ts": "export default definePageConfig({})\n",
    })
    _, report = run.report(tmp_path)
    wechat = by_platform(report)["wechat"]
    assert "payment" not in feats(wechat)
    assert not [d for d in wechat["diagnostics"] if d["code"] == "ZZ004"]


def test_the_computed_pages_note_has_its_chinese() -> None:
    from zizhi.report.i18n import translate_diagnostic

    zh = translate_diagnostic("ZZ004", "the app config's pages are computed, not written as a list of strings: "
                              "2 page file(s) with a page config of their own (X.config.ts beside X.tsx) "
                              "are taken as registered")
    assert zh == ("应用配置的 pages 由代码计算，不是字符串列表：按 Taro 的约定，"
                  "自带页面配置（X.config.ts 与 X.tsx 并列）的 2 个页面文件视为已注册")


def test_a_jsx_attribute_bound_to_an_expression_is_read_as_a_binding(run, tmp_path) -> None:
    """``<Input value={form.phone} />`` is bound as ``<input value="{{form.phone}}"/>`` is: what a field
    is bound to says what it holds (a typed phone number); a literal or a function is not a binding."""
    def page(field: str) -> str:
        return ("import { View, Input } from '@tarojs/components'\n"
                "export default function Book({ form, t }) {\n"
                f"  return <View>{field}</View>\n"
                "}\n")
    base = {"package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
            "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n"}
    cases = {
        "member": ("<Input value={form.customer_phone} type='number' />", True),
        "call": ("<Input placeholder={t('booking.customerPhone')} />", False),  # (placeholder: 手机号/电话 only)
        "name": ("<Input value={form.name} />", False),
        "arrow": ("<Input onInput={(e) => setPhone(e.detail.value)} />", False),
    }
    for case, (field, found) in cases.items():
        write_files(tmp_path / case, {**base, "src/pages/index/index.tsx": page(field)})
        _, report = run.report(tmp_path / case)
        wechat = by_platform(report)["wechat"]
        assert ("phone_number" in feats(wechat)) is found, case
    shown = page("<Input value={form.customer_phone} />")
    write_files(tmp_path / "shown", {**base, "src/pages/index/index.tsx": shown})
    _, report = run.report(tmp_path / "shown")
    assert places(by_platform(report)["wechat"], "phone_number") == {("src/pages/index/index.tsx", 3, "input")}


def test_a_jsx_event_prop_is_the_template_event_it_binds(run, tmp_path) -> None:
    """``<Input onInput={onMobileInput} />`` is the ``<input bindinput="onMobileInput"/>`` Taro binds (its
    reconciler: the prop's name without ``on``, lower-cased; onClick is tap): the handler's name says
    what the field holds, as a WXML or a Vue template's handler does; an inline function is no name."""
    from zizhi_plugins.javascript import _jsx_event

    assert [_jsx_event(p) for p in ("onInput", "onGetPhoneNumber", "onClick", "online", "on", "open")] == \
        ["input", "getphonenumber", "tap", None, None, None]
    base = {"package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
            "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n"}
    for case, (prop, found) in {"name": ("onInput={onMobileInput}", True), "member": ("onBlur={this.savePhone}", True),
                                "arrow": ("onInput={(e) => setMobile(e.detail.value)}", False),
                                "other": ("onInput={onNameInput}", False)}.items():
        write_files(tmp_path / case, {**base, "src/pages/index/index.tsx": (
            "import { View, Input } from '@tarojs/components'\n"
            f"export default function F() {{\n  return <View><Input type='number' {prop} /></View>\n}}\n")})
        _, report = run.report(tmp_path / case)
        wechat = by_platform(report)["wechat"]
        assert ("phone_number" in feats(wechat)) is found, case
        if found:
            assert places(wechat, "phone_number") == {("src/pages/index/index.tsx", 3, "input")}


def test_a_jsx_attribute_of_a_logical_expression_is_the_string_it_may_take(run, tmp_path) -> None:
    """``openType={needPhone && 'getPhoneNumber'}`` is read as ``needPhone ? 'getPhoneNumber' : ''``
    is: the button asks for the number when the condition holds."""
    base = {"package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
            "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n"}
    for case, attr in {"and": "needPhone && 'getPhoneNumber'", "or": "props.openType || 'getPhoneNumber'",
                       "nullish": "props.openType ?? `getPhoneNumber`"}.items():
        write_files(tmp_path / case, {**base, "src/pages/index/index.tsx": (
            "import { View, Button } from '@tarojs/components'\n"
            f"export default function F({{ needPhone, props }}) {{\n  return <View><Button openType={{{attr}}} />"
            "</View>\n}\n")})
        _, report = run.report(tmp_path / case)
        assert places(by_platform(report)["wechat"], "phone_number") == {("src/pages/index/index.tsx", 3, "button")}


def test_a_jsx_conditional_attribute_is_each_of_its_branches(run, tmp_path) -> None:
    """``openType={isMember ? 'share' : 'getPhoneNumber'}`` may be either string, as a template's
    ``{{isMember ? 'share' : 'getPhoneNumber'}}`` is (29efe47: the catalogue reads every branch); the
    JSX reader kept the first non-empty string alone, so a phone button in the second branch was a
    share button, and ``mode={call ? 'RTC' : 'SD'}`` was a call alone, never a live stream."""
    base = {"package.json": '{"dependencies": {"@tarojs/taro": "3.6.0"}}',
            "src/app.config.ts": "export default defineAppConfig({ pages: ['pages/index/index'] })\n"}
    cases = {
        "second": ("<Button openType={isMember ? 'share' : 'getPhoneNumber'} />", {"phone_number"}),
        "nested": ("<Button openType={a ? 'share' : b ? 'contact' : 'getPhoneNumber'} />", {"phone_number"}),
        "neither": ("<Button openType={isMember ? 'share' : 'contact'} />", set()),
        "modes": ("<LivePusher url='rtmp://x' mode={call ? 'RTC' : 'SD'} />", {"live_streaming", "rtc_video"}),
    }
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, {**base, "src/pages/index/index.tsx": (
            "import { View, Button, LivePusher } from '@tarojs/components'\n"
            f"export default function F({{ isMember, a, b, call }}) {{\n  return <View>{tag}</View>\n}}\n")})
        _, report = run.report(tmp_path / case)
        assert feats(by_platform(report)["wechat"]) & {"phone_number", "live_streaming", "rtc_video"} == found, case
