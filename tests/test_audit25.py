"""Audit of how uni-app and Vue single-file components are read (branch audit25): constructs of
uni-app code that zizhi read otherwise than the framework and the platform do. Fixtures are written
here from scratch."""

from __future__ import annotations

from pathlib import Path

from conftest import by_platform, diagnostics, feats, write_files

#: a uni-app project for WeChat with one page, pages/index/index, that the cases add to
BASE = {
    "pages.json": '{"pages": [{"path": "pages/index/index"}, {"path": "pages/live/live"}]}',
    "manifest.json": '{"name": "t", "mp-weixin": {"appid": "wx00000000000000a5"}}',
    "main.js": "import App from './App'\n",
    "App.vue": "<script>\nexport default {}\n</script>\n",
    "pages/index/index.vue": "<template>\n  <view>home</view>\n</template>\n",
}


# ---------------------------------------------------------------- a .nvue beside a .vue of its name


def test_nvue_beside_a_vue_of_its_name_is_the_app_s_alone(run, tmp_path: Path) -> None:
    """uni-app: where a page has a .vue and a .nvue of one name, the App compiles the .nvue and every
    other platform the .vue; a mini-program build never compiles that .nvue. A .nvue alone is
    compiled for mini-programs too (uni-app mode), and still counts."""
    write_files(tmp_path / "both", {
        **BASE,
        "pages/live/live.vue": "<template>\n  <view>soon</view>\n</template>\n",
        "pages/live/live.nvue": "<template>\n  <div><live-pusher url=\"rtmp://x\" /></div>\n</template>\n"
                                "<script>\nexport default { onLoad() { uni.startRecord({}) } }\n</script>\n",
    })
    _, report = run.report(tmp_path / "both")
    wechat = by_platform(report)["wechat"]
    assert not feats(wechat) & {"live_streaming", "rtc_video", "voice_recording"}
    (note,) = [d for d in diagnostics(report, "ZZ009") if d["path"] == "pages/live/live.nvue"]
    assert "pages/live/live.vue" in note["message"] and "App" in note["message"]

    write_files(tmp_path / "alone", {
        **BASE,
        "pages/live/live.nvue": "<template>\n  <div><live-pusher url=\"rtmp://x\" /></div>\n</template>\n",
    })
    _, report = run.report(tmp_path / "alone")
    assert feats(by_platform(report)["wechat"]) & {"live_streaming", "rtc_video"}


# ---------------------------------------------------------------- a bound conditional's branches


def _page(tag: str) -> dict[str, str]:
    return {**BASE, "pages/live/live.vue": f"<template>\n  <view>\n    {tag}\n  </view>\n</template>\n"
                                            "<script>\nexport default { data() { return { agreed: false } } }\n"
                                            "</script>\n"}


def test_a_bound_conditional_is_each_of_its_branches(run, tmp_path: Path) -> None:
    """``:open-type="agreed ? 'getPhoneNumber' : ''"`` (the phone button once the user has ticked the
    privacy agreement) binds a JavaScript expression: the property is one of its branches, as a
    mini-program template's ``{{flag ? 'a' : 'b'}}`` (WXML's data binding, 三元运算) is. It is a phone
    button; a conditional none of whose branches is that value is not; an entry that asks for a value
    not to be there (``live-pusher`` not in RTC mode) holds unless every branch is that value."""
    cases = {
        "vue": (""":open-type="agreed ? 'getPhoneNumber' : ''" """.join(["<button ", ">login</button>"]),
                {"phone_number"}),
        "nested": (""":open-type="agreed ? (old ? 'getUserInfo' : 'getPhoneNumber') : ''" """.join(
            ["<button ", ">login</button>"]), {"phone_number"}),
        "wxml-style": ("""open-type="{{agreed ? '' : 'getPhoneNumber'}}" """.join(["<button ", ">login</button>"]),
                       {"phone_number"}),
        "neither": (""":open-type="agreed ? 'contact' : 'share'" """.join(["<button ", ">x</button>"]), set()),
        "either-mode": (""":mode="call ? 'RTC' : 'SD'" """.join(["<live-pusher url=\"rtmp://x\" ", "/>"]),
                        {"live_streaming", "rtc_video"}),
        "rtc-only": (""":mode="call ? 'RTC' : 'RTC'" """.join(["<live-pusher url=\"rtmp://x\" ", "/>"]),
                     {"rtc_video"}),
    }
    wanted = {"phone_number", "live_streaming", "rtc_video"}
    for case, (tag, found) in cases.items():
        write_files(tmp_path / case, _page(tag))
        _, report = run.report(tmp_path / case)
        assert feats(by_platform(report)["wechat"]) & wanted == found, case


def test_conditional_branches_are_read_bounded() -> None:
    from zizhi.catalogue import _attr_values

    assert _attr_values("{{a ? 'x' : b ? 'y' : ''}}") == ("x", "y", "")
    assert _attr_values("{{a?.b ?? 'x'}}") == ("{{a?.b ?? 'x'}}",)  # optional chaining, nullish: no conditional
    assert _attr_values("{{a ? (b) + (c) : 'd'}}") == ("{{(b) + (c)}}", "d")  # an expression stays one
    assert _attr_values("getPhoneNumber") == ("getphonenumber",)
    hostile = "{{" + "a ? " * 5000 + "'x'" + " : 'y'" * 5000 + "}}"
    assert _attr_values(hostile) == (hostile.lower(),)  # too long to be read for its branches
    deep = "{{" + "a ? " * 10 + "'x'" + " : 'y'" * 10 + "}}"  # nested past the bound: the rest unread
    assert "y" in _attr_values(deep) and "x" not in _attr_values(deep)


# ---------------------------------------------------------------- uniCloud's cloud objects


def test_a_cloud_object_s_name_is_a_cloud_function_s(tmp_path: Path) -> None:
    """uniCloud's cloud object (云对象) is a cloud function whose methods the client calls:
    ``uniCloud.importObject('comment-co')`` then ``co.add(…)`` is what ``uniCloud.callFunction({ name })``
    is, and its name is read as one (an endpoint, ``source`` cloud-function). Cloud functions' and
    objects' names may hold dashes (uniCloud's own ``uni-id-co``); a dashed string given to anything
    else is no cloud function's name."""
    from zizhi.context import Options
    from zizhi.engine import check, load_engine

    write_files(tmp_path, {**BASE, "pages/live/live.vue": (
        "<template>\n  <view>x</view>\n</template>\n<script>\n"
        "const commentCo = uniCloud.importObject('comment-co')\n"
        "export default {\n  methods: {\n    async send(t) {\n      await commentCo.add({ content: t })\n"
        "      await uniCloud.importObject('post-co', { customUI: true }).publish({ t })\n"
        "      await uniCloud.callFunction({ name: 'add-reply', data: { t } })\n"
        "      this.track('comment-box')\n"
        "    }\n  }\n}\n</script>\n")})
    report = check([tmp_path], load_engine(), Options())
    endpoints = {s.name: (s.location.line, dict(s.attrs)) for p in report.projects for s in p.signals
                 if s.kind == "endpoint"}
    assert endpoints["comment-co"] == (5, {"words": "comment co", "op": "", "source": "cloud-function"})
    assert endpoints["post-co"][0] == 10 and endpoints["post-co"][1]["source"] == "cloud-function"
    assert endpoints["add-reply"][1] == {"words": "add reply", "op": "write", "source": "cloud-function"}
    assert "comment-box" not in endpoints
