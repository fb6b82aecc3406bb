"""The policy pack after the legal review of 2026-11 (issue 11): triggers that fire and must not.

The six content features (video_platform, news_content, drug_sales, medical_consult, music_streaming,
deep_synthesis) have no catalogue signals yet, so these tests feed features straight into the pipeline
with a small ``zizhi_detect`` plugin (``Feed``); the platform gates use real code (wx.join1v1Chat …),
because a gate looks at the evidence that counted towards a feature.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import make_project
from zizhi import hookimpl
from zizhi.catalogue import DataError, load_toml
from zizhi.engine import check, load_engine
from zizhi.model import Feature, Obligation, Project
from zizhi.policy import PolicyPack

PACK = Path(__file__).resolve().parents[1] / "plugins" / "zizhi_plugins" / "policy_cn" / "pack.toml"


class Feed:
    """A detect plugin that adds the given features (no evidence) to every project."""

    def __init__(self, ids: list[str]):
        self.ids = ids

    @hookimpl
    def zizhi_detect(self, project: Project, evidence: list[Any], ctx: Any) -> list[Feature]:
        return [Feature(id=i, confidence="high", evidence=[]) for i in self.ids]


def scan(tmp_path: Path, feats: list[str], files: dict[str, str | bytes] | None = None,
         config: str = "") -> Project:
    engine = load_engine()
    engine.pm.register(Feed(feats), name="feed")
    files = dict(files or {})
    if config:
        files["zizhi.toml"] = config
    root = make_project(tmp_path / "p", files)
    report = check([root], engine)
    assert len(report.projects) == 1
    return report.projects[0]


def obs(project: Project) -> dict[str, Obligation]:
    return {o.id: o for o in project.obligations}


def level(project: Project, oid: str) -> str | None:
    ob = obs(project).get(oid)
    return ob.level.value if ob else None


def triggers(project: Project, oid: str) -> list[str]:
    return [r.trigger for r in obs(project)[oid].reasons]


def codes(project: Project) -> set[str]:
    return {f.code for f in project.findings}


# ---------------------------------------------------------------- 1. AVSP


def test_user_video_platform_needs_avsp_and_the_video_category(tmp_path: Path) -> None:
    p = scan(tmp_path, ["video_platform", "video_playback"])
    assert level(p, "AVSP") == "likely"
    assert triggers(p, "AVSP") == ["avsp.video_platform"]  # not also the playback trigger
    cat = obs(p)["category:wechat:文娱-其他视频"]
    assert cat.level.value == "likely" and "文娱-视频广场" in cat.data["alternatives"]
    assert "6选1" in cat.data["qualification_zh"]
    assert level(p, "SECURITY_ASSESSMENT") == "likely"
    assert level(p, "ALGO_FILING") == "depends"  # a feed: only when personalised


def test_plain_video_playback_only_depends(tmp_path: Path) -> None:
    p = scan(tmp_path, ["video_playback"])
    assert "AVSP" not in obs(p)  # the content decides: a depends on the category, not a licence question
    ob = obs(p)["category:wechat:文娱-其他视频"]
    assert ob.level.value == "depends" and "content" in ob.reasons[0].text_en
    assert "ALGO_FILING" not in obs(p)


def test_video_category_held_through_its_alternative(tmp_path: Path) -> None:
    p = scan(tmp_path, ["video_platform"], config='[categories]\nwechat = ["文娱-视频广场"]\n')
    assert obs(p)["category:wechat:文娱-其他视频"].held is True


# ---------------------------------------------------------------- 2. games


def _minigame(tmp_path: Path, feats: list[str]) -> Project:
    engine = load_engine()
    engine.pm.register(Feed(feats), name="feed")
    root = tmp_path / "g"
    root.mkdir()
    (root / "project.config.json").write_text('{"appid": "wx00000000000000g1", "compileType": "game"}\n',
                                              encoding="utf-8")
    (root / "game.json").write_text('{"deviceOrientation": "portrait"}\n', encoding="utf-8")
    (root / "game.js").write_text("console.log('hi')\n", encoding="utf-8")
    report = check([root], engine)
    return report.projects[0]


def test_ads_only_minigame_needs_the_filing_pre_approval_not_a_banhao(tmp_path: Path) -> None:
    p = _minigame(tmp_path, ["game", "ads"])
    assert p.kind == "minigame"
    assert "PUBLISHING" not in obs(p)
    ob = obs(p)["GAME_FILING"]
    assert (ob.kind, ob.level.value, ob.rule) == ("filing", "required", "ZZ115")
    assert "代备案授权书" in ob.data["description_zh"] and "著作权自我声明" in ob.data["description_zh"]
    assert "control:game_health_notice" in obs(p) and "control:game_minors" not in obs(p)
    assert {"ZZ115", "ZZ403"} <= codes(p)
    qualification = obs(p)["category:wechat:游戏"].data["qualification_zh"]
    assert "版号" in qualification and "代备案授权书" in qualification and "适龄提示" in qualification


def test_paid_minigame_needs_the_banhao_and_the_minors_rules(tmp_path: Path) -> None:
    p = _minigame(tmp_path, ["game", "virtual_payment"])
    assert level(p, "PUBLISHING") == "required"
    assert "GAME_FILING" not in obs(p)
    assert {"control:game_health_notice", "control:game_minors"} <= set(obs(p))
    assert {"ZZ112", "ZZ403", "ZZ404"} <= codes(p)


def test_game_inside_a_mini_program_only_depends_on_the_filing(tmp_path: Path) -> None:
    p = scan(tmp_path, ["game"])
    assert level(p, "GAME_FILING") == "depends"
    assert "PUBLISHING" not in obs(p)


# ---------------------------------------------------------------- 3. B25


def test_ads_b25_is_agency_reading_for_enterprises_only(tmp_path: Path) -> None:
    p = scan(tmp_path / "e", ["ads"], config='subject = "enterprise"\n')
    ob = obs(p)["ICP_B25"]
    assert ob.level.value == "likely"
    assert {b["law"]: b["verified"] for b in ob.basis}["B25_AGENCY"] == "secondary"
    p = scan(tmp_path / "i", ["ads"], config='subject = "individual"\n')
    assert "ICP_B25" not in obs(p) and "ZZ203" not in codes(p)
    p = scan(tmp_path / "u", ["ads"])  # subject unknown: still asked about
    assert level(p, "ICP_B25") == "likely"


def test_dating_is_required_in_licence_and_category(tmp_path: Path) -> None:
    p = scan(tmp_path, ["random_match", "im_chat"])
    assert level(p, "ICP_B25") == "required"
    assert "b25.dating" in triggers(p, "ICP_B25")
    assert level(p, "category:wechat:社交-陌生人交友") == "required"


def test_random_match_without_social_features_is_only_likely(tmp_path: Path) -> None:
    p = scan(tmp_path / "a", ["random_match"])
    assert level(p, "ICP_B25") == "likely"
    assert level(p, "category:wechat:社交-陌生人交友") == "likely"
    (tmp_path / "b").mkdir()
    p = _minigame(tmp_path / "b", ["random_match", "im_chat", "game"])  # matching opponents in a mini-game
    assert "b25.dating" not in triggers(p, "ICP_B25")
    # a game on a mini-program's pages does not change what the mini-program's matching is (round 19)
    p = scan(tmp_path / "c", ["random_match", "im_chat", "game"])
    assert "b25.dating" in triggers(p, "ICP_B25")


def test_one_to_one_calls_make_b25_likely_and_keep_b22_apart(tmp_path: Path) -> None:
    p = scan(tmp_path, ["rtc_one_to_one"])
    b25 = obs(p)["ICP_B25"]
    assert b25.level.value == "likely" and triggers(p, "ICP_B25") == ["b25.one_to_one"]
    assert "revenue" in b25.reasons[0].condition_en
    assert level(p, "MPC_B22") == "depends"


# ---------------------------------------------------------------- 4. platform gates

CALL_1V1 = "Page({ call() { wx.join1v1Chat({ caller: {}, listener: {} }) } })\n"
VOIP = "Page({ join() { wx.joinVoIPChat({ roomType: 'voice', groupId: 'g' }) } })\n"


def test_social_project_using_1v1_chat_gets_an_error(tmp_path: Path) -> None:
    p = scan(tmp_path, ["random_match", "im_chat"], {"pages/index/index.js": CALL_1V1})
    gate = obs(p)["gate:wechat.1v1_chat"]
    assert (gate.kind, gate.level.value, gate.held) == ("gate", "required", False)
    assert "社交" in " ".join(gate.data["closed"])
    [f] = [f for f in p.findings if f.code == "ZZ205"]
    assert f.severity.value == "error" and f.location.path == "pages/index/index.js"
    assert "工具-视频客服" in f.message_zh and "Review will reject" in f.message_en
    assert f.fix_zh and f.fix_en


def test_voip_in_a_social_project_and_in_an_open_category(tmp_path: Path) -> None:
    p = scan(tmp_path / "s", ["ugc_post"], {"pages/index/index.js": VOIP})
    assert "gate:wechat.voip_room" in obs(p)
    # ... the same code in an education mini-program: open.
    p = scan(tmp_path / "e", ["ugc_post"], {"pages/index/index.js": VOIP},
             config='[categories]\nwechat = ["教育-在线视频课程"]\n')
    assert "gate:wechat.voip_room" not in obs(p)


def test_1v1_chat_without_a_social_category_is_no_gate(tmp_path: Path) -> None:
    p = scan(tmp_path, [], {"pages/index/index.js": CALL_1V1})
    assert not [o for o in p.obligations if o.kind == "gate"]


def test_live_pusher_in_a_marketplace_is_gated(tmp_path: Path) -> None:
    page = {"pages/index/index.wxml": '<live-pusher url="rtmp://x" mode="SD" />\n'}
    p = scan(tmp_path / "m", ["multi_merchant"], page)
    gate = obs(p)["gate:wechat.live_tags"]
    assert gate.level.value == "likely" and "live-player-plugin" in gate.data["instead_en"]
    p = scan(tmp_path / "l", ["multi_merchant"], page, config='[categories]\nwechat = ["社交-直播"]\n')
    assert "gate:wechat.live_tags" not in obs(p)


def test_virtual_payment_in_a_medical_mini_program_is_gated(tmp_path: Path) -> None:
    js = "Page({ buy() { wx.requestVirtualPayment({ mode: 'short_series_coin' }) } })\n"
    p = scan(tmp_path / "m", ["medical_consult"], {"pages/index/index.js": js})
    assert obs(p)["gate:wechat.virtual_payment"].data["closed"] == ["医疗-互联网医院"]
    p = scan(tmp_path / "s", ["im_chat"], {"pages/index/index.js": js})  # 社交 opens it
    assert "gate:wechat.virtual_payment" not in obs(p)


def test_gates_are_data() -> None:
    pack = load_toml(PACK)
    gates = {g["id"]: g for g in pack["gate"]}
    assert set(gates) == {"wechat.voip_room", "wechat.1v1_chat", "wechat.live_tags", "wechat.virtual_payment"}
    assert not any(c.startswith("社交") for c in gates["wechat.1v1_chat"]["open_categories"])
    assert "工具-视频客服" in gates["wechat.1v1_chat"]["open_categories"]


# ---------------------------------------------------------------- 5. categories


def test_comments_alone_need_the_community_category(tmp_path: Path) -> None:
    p = scan(tmp_path, ["ugc_comment"])
    ob = obs(p)["category:wechat:社交-社区/论坛"]
    assert ob.level.value == "likely" and triggers(p, "category:wechat:社交-社区/论坛") == ["cat.comments"]
    assert "7×24" in ob.reasons[0].text_zh


def test_reviews_in_a_shop_only_depend(tmp_path: Path) -> None:
    p = scan(tmp_path, ["ugc_comment", "payment"])  # single_shop: reviews of purchased goods
    ob = obs(p)["category:wechat:社交-社区/论坛"]
    assert ob.level.value == "depends" and [r.trigger for r in ob.reasons] == ["cat.comments_shop"]
    assert "unverified" in ob.reasons[0].condition_en


def test_im_chat_maps_to_the_social_categories(tmp_path: Path) -> None:
    p = scan(tmp_path, ["im_chat"], config='[categories]\nwechat = ["社交-熟人交友"]\n')
    ob = obs(p)["category:wechat:社交"]
    assert ob.level.value == "likely" and ob.held is True and ob.held_as == "社交-熟人交友"


def test_new_categories_exist_with_their_qualifications() -> None:
    engine = load_engine()
    cats = engine.policy.categories
    for cid in ("时政信息", "文娱-微短剧", "深度合成-AI换脸", "医疗-互联网医院", "医疗-药品(非处方药)销售",
                "文娱-其他视频", "社交"):
        cat = cats[f"wechat:{cid}"]
        assert cat["qualification_zh"] and cat["qualification_en"] and cat["basis"], cid


def test_deep_synthesis(tmp_path: Path) -> None:
    p = scan(tmp_path, ["deep_synthesis"])
    assert level(p, "ALGO_FILING") == "likely"
    assert level(p, "category:wechat:深度合成-AI换脸") == "likely"
    consent = obs(p)["control:deep_synthesis_consent"]
    assert consent.level.value == "required" and "ZZ407" in codes(p)
    assert level(p, "control:ai_content_labels") == "likely"


def test_image_generation_is_deep_synthesis_without_the_face_rules(tmp_path: Path) -> None:
    """An app that generates images (an images API, Stable Diffusion's txt2img) provides deep synthesis
    and a generative-AI service, in the AI绘画 category; the face-swap category and the edited
    person's consent are for faces and voices."""
    js = ("Page({ draw(p) { wx.request({ url: 'https://sd.example.com/sdapi/v1/txt2img', method: 'POST',"
          " data: p }) } })\n")
    p = scan(tmp_path / "a", [], {"pages/index/index.js": js})
    assert level(p, "ALGO_FILING") == "depends" and level(p, "GENAI_FILING") == "likely"  # as an LLM's
    assert triggers(p, "GENAI_FILING") == ["genai.synthesis"]
    assert level(p, "category:wechat:深度合成-AI绘画") == "likely"
    assert "category:wechat:深度合成-AI换脸" not in obs(p) and "control:deep_synthesis_consent" not in obs(p)
    # a face swap beside it: the face rules come back
    faces = {"pages/index/index.js": js,
             "pages/swap/swap.js": "Page({ go() { request.post('/api/faceswap/create') } })\n",
             "pages/swap/swap.wxml": "<view>一键换脸</view>\n",
             "app.json": '{"pages": ["pages/index/index", "pages/swap/swap"]}'}
    p = scan(tmp_path / "b", [], faces)
    assert level(p, "category:wechat:深度合成-AI换脸") == "likely" and "control:deep_synthesis_consent" in obs(p)
    assert level(p, "ALGO_FILING") == "likely"


# ---------------------------------------------------------------- 6. DRUG_INFO, 7. NEWS and CULTURE


def test_drug_info_is_a_filing(tmp_path: Path) -> None:
    p = scan(tmp_path, ["drug_sales"])
    ob = obs(p)["DRUG_INFO"]
    assert ob.kind == "filing" and ob.data["name_zh"] == "互联网药品医疗器械信息服务备案"
    assert "首页" in ob.data["description_zh"] and ob.data["authority_zh"] == "省级药品监督管理部门"
    # Its basis is secondary only (no government text yet), so the loader allows no more than likely.
    assert ob.level.value == "likely"
    assert level(p, "category:wechat:医疗-药品(非处方药)销售") == "likely"


def test_medical_consult_depends_and_names_the_institution(tmp_path: Path) -> None:
    p = scan(tmp_path, ["medical_consult"])
    ob = obs(p)["DRUG_INFO"]
    assert ob.level.value == "depends" and "medical institution" in ob.reasons[0].condition_en
    assert "医疗机构" in ob.reasons[0].condition_zh
    assert level(p, "category:wechat:医疗-互联网医院") == "likely"


def test_news_is_required_with_the_news_category(tmp_path: Path) -> None:
    p = scan(tmp_path, ["news_content"])
    assert level(p, "NEWS") == "required"
    assert next(f for f in p.findings if f.code == "ZZ113").severity.value == "error"
    assert level(p, "category:wechat:时政信息") == "likely"


def test_music_and_live_gifts_make_culture_likely(tmp_path: Path) -> None:
    p = scan(tmp_path / "m", ["music_streaming"])
    assert level(p, "CULTURE") == "likely" and triggers(p, "CULTURE") == ["culture.music"]
    # its condition says only what the references support: 经营性 (第3条), no filing of a non-profit service
    ob = next(o for o in p.obligations if o.id == "CULTURE")
    said = ob.reasons[0].condition_zh + ob.reasons[0].condition_en
    assert "网络音乐" in said and "备案" not in said and "non-profit" not in said, said
    p = scan(tmp_path / "l", ["live_streaming", "virtual_payment"])
    assert level(p, "CULTURE") == "likely"


def test_none_of_the_new_features_fires_on_a_plain_tool(tmp_path: Path) -> None:
    p = scan(tmp_path, [])
    assert [o.id for o in p.obligations] == ["ICP_FILING"]


# ---------------------------------------------------------------- 8. security assessment, algorithms


def test_private_messages_only_depend_group_content_likely(tmp_path: Path) -> None:
    p = scan(tmp_path / "im", ["im_chat"])
    assert level(p, "SECURITY_ASSESSMENT") == "depends"
    assert "group" in obs(p)["SECURITY_ASSESSMENT"].reasons[0].condition_en
    p = scan(tmp_path / "ugc", ["ugc_post"])
    assert level(p, "SECURITY_ASSESSMENT") == "likely"


def test_news_feed_algorithm_depends(tmp_path: Path) -> None:
    p = scan(tmp_path, ["news_content"])
    ob = obs(p)["ALGO_FILING"]
    assert ob.level.value == "depends" and "personalised" in ob.reasons[0].condition_en


# ---------------------------------------------------------------- 9. generative AI and data export


def test_domestic_model_is_registration_named_by_provider(tmp_path: Path) -> None:
    js = "Page({ ask() { wx.request({ url: 'https://api.deepseek.com/chat/completions' }) } })\n"
    p = scan(tmp_path, [], {"pages/index/index.js": js})
    ob = obs(p)["GENAI_FILING"]
    assert triggers(p, "GENAI_FILING") == ["genai.llm"]
    assert "DeepSeek" in ob.reasons[0].text_en and "登记" in ob.reasons[0].text_zh
    assert "DATA_EXPORT" not in obs(p)
    assert {"control:genai_model_display", "control:ai_content_labels"} <= set(obs(p))


def test_foreign_model_is_filing_and_data_export(tmp_path: Path) -> None:
    js = "Page({ ask() { wx.request({ url: 'https://api.openai.com/v1/chat/completions' }) } })\n"
    p = scan(tmp_path, [], {"pages/index/index.js": js})
    assert triggers(p, "GENAI_FILING") == ["genai.foreign"]
    assert "OpenAI" in obs(p)["GENAI_FILING"].reasons[0].text_en
    export = obs(p)["DATA_EXPORT"]
    assert (export.kind, export.level.value, export.rule) == ("filing", "depends", "ZZ123")
    cond = export.reasons[0].condition_en
    assert "1,000,000" in cond and "100,000" in cond and "10,000" in cond


# ---------------------------------------------------------------- 10. sources and levels


def test_only_government_and_platform_domains_are_official() -> None:
    pack = load_toml(PACK)
    domains = pack["official_domains"]
    assert domains and all("." in d for d in domains)
    for law in pack["law"]:
        if law["verified"] != "official":
            continue
        host = urlparse(law.get("url", "")).hostname or ""
        assert any(host == d or host.endswith("." + d) for d in domains), (law["id"], host)


def test_a_business_listing_site_is_not_official() -> None:
    laws = {law["id"]: law for law in load_toml(PACK)["law"]}
    assert laws["TELECOM_LICENSING"]["verified"] == "secondary"


def _pack_with(trigger: dict[str, Any], law_verified: str = "secondary") -> dict[str, Any]:
    return {
        "name": "t", "version": 1, "checked": "2026-11-29",
        "law": [{"id": "L", "title": "a law", "verified": law_verified}],
        "licence": [{"id": "X", "kind": "licence", "rule": "ZZ190", "name_zh": "x", "name_en": "x",
                     "authority_zh": "x", "authority_en": "x", "basis": [{"law": "L"}],
                     "description_zh": "x", "description_en": "x", "how_zh": "x", "how_en": "x",
                     "checked": "2026-11-29"}],
        "trigger": [{"id": "t", "obligation": "X", "because_zh": "x", "because_en": "x", **trigger}],
    }


def test_loader_refuses_required_without_an_official_basis() -> None:
    with pytest.raises(DataError, match="required"):
        PolicyPack().add(_pack_with({"level": "required", "always": True}), "test")
    with pytest.raises(DataError, match="required"):  # the trigger's own basis decides when it has one
        PolicyPack().add(_pack_with({"level": "required", "always": True,
                                     "basis": [{"law": "L", "verified": "secondary"}]}, "official"), "test")
    PolicyPack().add(_pack_with({"level": "required", "always": True}, "official"), "test")
    PolicyPack().add(_pack_with({"level": "likely", "always": True}), "test")


def test_loader_refuses_an_official_citation_of_a_secondary_law() -> None:
    with pytest.raises(DataError, match="official"):
        PolicyPack().add(_pack_with({"level": "likely", "always": True,
                                     "basis": [{"law": "L", "verified": "official"}]}), "test")


def test_every_required_trigger_of_the_pack_has_an_official_basis() -> None:
    policy = load_engine().policy
    required = [t for t in policy.triggers if t["level"] == "required"]
    assert {t["id"] for t in required} >= {"filing.always", "b25.dating", "cat.dating", "news.content",
                                            "publishing.minigame_iap", "game_filing.minigame"}
    assert all(policy.has_official_basis(t) for t in required)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("what", ["GAME_FILING", "DATA_EXPORT", "DRUG_INFO", "ZZ205", "ZZ407", "时政信息",
                                  "wechat:文娱-微短剧"])
def test_explain_shows_the_new_obligations_and_categories(run, what: str, lang: str) -> None:
    code, out = run("explain", what, "--lang", lang)
    assert code == 0, run.stderr
    assert out.strip()
    if what == "GAME_FILING":
        assert "小游戏备案前置审批" in out
    if what == "DATA_EXPORT":
        assert "DATA_EXPORT" in out
    if what == "时政信息":
        assert "互联网新闻信息服务许可证" in out and "news_content" in out
