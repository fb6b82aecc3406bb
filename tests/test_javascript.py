"""JS/TS extraction: what counts as a use of the wx namespace, and the traps that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    FIXTURES,
    copy_fixture,
    diagnostics,
    evidence_places,
    feature,
    features,
    findings,
    make_project,
    project,
)
from zizhi.context import Options
from zizhi.engine import check, load_engine

INDEX = "pages/index/index.js"


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.fixture
def apis(run):
    code, report = run.report(FIXTURES / "js-apis")
    assert code in (0, 1)
    return report


# ---------------------------------------------------------------- what counts


def test_js_apis_detects_exactly_the_expected_features(apis) -> None:
    assert features(apis) == {
        "payment", "ads", "location", "rtc_voice", "virtual_payment", "cloud_functions", "rtc_video",
        "ai_llm", "ai_llm_foreign", "im_chat", "video_playback",
    }


@pytest.mark.parametrize(
    ("feature_id", "signal", "name", "line"),
    [
        ("payment", "pay.request", "wx.requestPayment", 8),  # wx.X
        ("ads", "ads.interstitial", "wx.createInterstitialAd", 11),  # wx['X']
        ("location", "loc.chooseLocation", "wx.chooseLocation", 14),  # wx?.X
        ("rtc_voice", "rtc.voip", "wx.joinVoIPChat", 17),  # const w = wx; w.X
        ("virtual_payment", "pay.virtual", "wx.requestVirtualPayment", 3),  # const { X } = wx
        ("cloud_functions", "cloud.client", "wx.cloud.callFunction", 23),  # longer chain
        ("rtc_video", "rtc.trtc", "trtc-wx-sdk", 4),  # require('trtc-wx-sdk')
        ("ai_llm", "ai.openai", "https://api.openai.com/v1/chat/completions", 26),  # endpoint string
    ],
)
def test_js_api_forms_with_evidence(apis, feature_id, signal, name, line) -> None:
    f = feature(apis, feature_id)
    assert f["confidence"] == "high"
    matching = [e for e in f["evidence"] if e["signal"] == signal]
    assert matching, f"{feature_id}: no {signal} evidence in {f['evidence']}"
    ev = matching[0]
    assert (ev["name"], ev["path"], ev["line"]) == (name, INDEX, line)
    assert ev["strength"] == "strong"
    assert ev["origin"] == "frontend"
    assert ev["column"] >= 1


def test_chain_reports_the_longest_name_only(engine) -> None:
    report = check([FIXTURES / "js-apis"], engine, Options())
    names = {s.name for s in report.projects[0].signals if s.kind == "api" and s.location.line == 23}
    assert names == {"wx.cloud.callFunction"}  # not also wx.cloud


def test_endpoint_signal_keeps_the_full_url(apis) -> None:
    ev = feature(apis, "ai_llm")["evidence"][0]
    assert ev["kind"] == "endpoint"
    assert ev["column"] == 30  # the string literal, not the wx.request call


def test_typescript_page(apis) -> None:
    # pages/typed/typed.ts: type annotations, an interface and an ES import.
    assert ("pages/typed/typed.ts", 1) in evidence_places(apis, "im_chat")  # import TIM from 'tim-wx-sdk'
    assert evidence_places(apis, "video_playback") == {("pages/typed/typed.ts", 11)}
    assert not [d for d in project(apis)["diagnostics"] if d["code"] == "ZZ005"]


def test_es_import_of_trtc_sdk(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.ts": "import TRTC from 'trtc-wx-sdk'\n\nconst trtc = new TRTC(this)\nexport default trtc\n",
    })
    _, report = run.report(root)
    assert "rtc_video" in features(report)
    assert evidence_places(report, "rtc_video") == {("pages/index/index.ts", 1)}


def test_alias_declared_after_use_still_resolves(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "function go() { pay.requestPayment({}) }\nconst pay = wx\nPage({ go })\n",
    })
    _, report = run.report(root)
    assert evidence_places(report, "payment") == {(INDEX, 1)}


def test_renamed_destructuring(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.js": "const { requestPayment: pay } = wx\nPage({ buy() { pay({}) } })\n",
    })
    _, report = run.report(root)
    assert evidence_places(report, "payment") == {(INDEX, 1)}


def test_backend_cloud_function_is_backend_evidence(run) -> None:
    _, report = run.report(EXAMPLES / "voice-square")
    ev = feature(report, "content_security")["evidence"]
    assert {(e["path"], e["origin"]) for e in ev} == {("cloudfunctions/publish/index.js", "backend")}


# ---------------------------------------------------------------- traps


def test_traps_produce_no_features(run) -> None:
    code, report = run.report(FIXTURES / "js-traps")
    assert features(report) == set()
    assert [b["id"] for b in project(report)["business_types"]] == ["tool"]
    assert [o["id"] for o in project(report)["obligations"]] == ["ICP_FILING"]
    assert [f["code"] for f in findings(report)] == ["ZZ100"]
    assert code == 1  # only because the filing is not declared


def test_traps_produce_no_signals_at_all(engine) -> None:
    """Comments, strings, a .d.ts file and a local getUserInfo(): nothing is even a signal."""
    report = check([FIXTURES / "js-traps"], engine, Options())
    p = report.projects[0]
    assert p.signals == []
    # The declaration file is not read as code at all.
    kinds = {f.project_relpath: f.kind for f in p.files}
    assert "typings/wx.d.ts" not in kinds or kinds["typings/wx.d.ts"] == "dts"
    assert kinds[INDEX] == "js"


def test_dts_trap_is_meaningful(run, tmp_path: Path) -> None:
    """Control: the same declarations in an ordinary .ts file are read, so the .d.ts rule matters."""
    root = copy_fixture("js-traps", tmp_path)
    (root / "typings" / "wx.d.ts").rename(root / "typings" / "wx.ts")
    (root / "app.js").write_text("require('./typings/wx')\nApp({})\n", encoding="utf-8")  # loaded, so it counts
    _, report = run.report(root)
    assert {"payment", "location", "ads"} <= features(report)


@pytest.mark.parametrize(
    "source",
    [
        "// wx.requestPayment({})\nPage({})\n",
        "/*\n wx.requestPayment({})\n*/\nPage({})\n",
        "const s = \"wx.requestPayment\"\nPage({ s })\n",
        "const s = `wx.requestPayment`\nPage({ s })\n",
        "const re = /wx.requestPayment/\nPage({ re })\n",
        "const obj = { wx: {} }\nobj.wx.requestPayment\nPage({})\n",
        "function requestPayment() {}\nrequestPayment()\nPage({})\n",
    ],
    ids=["line-comment", "block-comment", "string", "template", "regex", "property-named-wx", "local-function"],
)
def test_payment_traps(run, tmp_path: Path, source: str) -> None:
    root = make_project(tmp_path / "p", {INDEX: source})
    _, report = run.report(root)
    assert "payment" not in features(report)


def test_local_get_user_info_is_not_the_platform_api(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        INDEX: "function getUserProfile() { return {} }\nPage({ onLoad() { this.user = getUserProfile() } })\n",
    })
    _, report = run.report(root)
    assert "user_profile" not in features(report)
    # ... while the real one is.
    (root / INDEX).write_text("Page({ onLoad() { wx.getUserProfile({}) } })\n", encoding="utf-8")
    _, report = run.report(root)
    assert evidence_places(report, "user_profile") == {(INDEX, 1)}


def test_vendored_bundle_is_only_supporting(run, engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"utils/sdk/pay.min.js": "wx.requestPayment({})\n",
                                         INDEX: "require('../../utils/sdk/pay.min.js')\nPage({})\n"})
    _, report = run.report(root)
    assert "payment" not in features(report)  # one supporting signal is not enough
    signals = [s for s in check([root], engine, Options()).projects[0].signals if s.name == "wx.requestPayment"]
    assert [(s.location.path, s.vendored) for s in signals] == [("utils/sdk/pay.min.js", True)]


def test_js_without_syntax_problems_has_no_zz005(run) -> None:
    _, report = run.report(FIXTURES / "js-apis")
    assert diagnostics(report, "ZZ005") == []


# ---------------------------------------------------------------- known bugs


def test_js_column_counts_characters_not_bytes(run, tmp_path: Path) -> None:
    line = "wx.showToast({ title: '支付' }); wx.requestPayment({})"
    root = make_project(tmp_path / "p", {INDEX: line + "\n"})
    _, report = run.report(root)
    ev = feature(report, "payment")["evidence"][0]
    assert ev["column"] == line.index("wx.requestPayment") + 1  # 32; reported: 36


def test_ts_type_assertion_on_wx(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "pages/index/index.ts": "export function gift(): void {\n  (wx as any).requestVirtualPayment({})\n}\n",
    })
    _, report = run.report(root)
    assert evidence_places(report, "virtual_payment") == {("pages/index/index.ts", 2)}


def test_destructuring_with_default(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        INDEX: "const { requestPayment = null } = wx\nPage({ buy() { requestPayment && requestPayment({}) } })\n",
    })
    _, report = run.report(root)
    assert evidence_places(report, "payment") == {(INDEX, 1)}


def test_an_endpoint_in_a_template_with_substitutions(tmp_path) -> None:
    """`${BASE}/images/generations` names the images API whatever the host; a template of anything
    else names no endpoint."""
    from conftest import make_project
    from zizhi.context import Options
    from zizhi.engine import check, load_engine

    root = make_project(tmp_path / "p", {
        "app.json": '{"pages": ["pages/index/index"]}',
        "pages/index/index.js": ("const draw = (p) => wx.request({ url: `${CONFIG.BASE}/images/generations`,"
                                 " method: 'POST', data: p })\nconst t = `${a}/${b}`\nPage({ draw })\n"),
    })
    report = check([root], load_engine(), Options())
    ends = [(s.name, s.location.line) for p in report.projects for s in p.signals if s.kind == "endpoint"
            and not s.attrs.get("words")]
    assert ends == [("{}/images/generations", 1)]
    assert "deep_synthesis" in {f.id for p in report.projects for f in p.features}
