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
