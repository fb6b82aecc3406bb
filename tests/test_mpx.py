"""Mpx (``@mpxjs/core``): the project found by its package and ``src/app.mpx``, the app's JSON block
read as its app.json (with lines in app.mpx), ``.mpx`` pages read as single-file components,
targets from ``static/<mode>/``, unregistered pages not counted, broken JSON diagnosed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, all_diagnostics, cli, diagnostics, evidence_places, features, project, write_files
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi_plugins.mpx import json_block, read_json_block
from zizhi_plugins.vue import blocks

MPX = FIXTURES / "mpx"


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return load_engine()

PKG = '{"dependencies": {"@mpxjs/core": "2.9.0"}}'
APP = ('<script src="./app.ts"></script>\n<script type="application/json">\n'
       '{ "pages": ["./pages/chat/index"] }\n</script>\n')
CHAT = ('<template>\n  <button open-type="getPhoneNumber" bindgetphonenumber="onPhone">登录</button>\n</template>\n'
        '<script>\ncreatePage({ onPhone (e) { wx.request({ url: "/login/phone", data: e.detail }) } })\n</script>\n')


def test_the_fixture_is_one_mpx_project_and_its_static_folder_is_not_another(engine) -> None:
    report = scan(engine, MPX)
    assert len(report["projects"]) == 1
    p = project(report)
    assert (p["framework"], p["platform"], p["manifest"]) == ("mpx", "wechat", "src/app.mpx")
    # static/wx/project.config.json points at no app.json: the target's project file, copied into
    # the build, not a project of its own (no "app.json not found")
    assert not [d for d in all_diagnostics(report) if d["code"] == "ZZ004"]


def test_pages_templates_scripts_and_the_app_json_are_read(engine) -> None:
    report = scan(engine, MPX)
    assert features(report) == {"ads", "location", "payment"}
    assert ("src/pages/index.mpx", 3) in evidence_places(report, "ads")  # <ad> in the page's template
    assert ("src/pages/index.mpx", 14) in evidence_places(report, "location")  # its inline script
    assert ("src/app.mpx", 9) in evidence_places(report, "location")  # requiredPrivateInfos, its line in app.mpx
    assert ("src/pages/live/index.ts", 5) in evidence_places(report, "payment")  # <script src="./index.ts">


def test_a_page_app_mpx_does_not_register_is_not_counted(engine) -> None:
    report = scan(engine, MPX)
    assert "live_streaming" not in features(report)  # <live-pusher> only in src/pages/old/index.mpx
    (note,) = diagnostics(report, "ZZ008")
    assert note["path"] == "src/pages/old/index"


def test_the_json_block_is_no_script(engine, tmp_path: Path) -> None:
    """A JSON block read as JavaScript is a syntax error (``"pages": [...]`` at statement level);
    it is config: the vue plugin's blocks leave it out, no ZZ005."""
    text = (MPX / "src/pages/index.mpx").read_text(encoding="utf-8")
    kinds = [kind for kind, _s, _e in blocks(text)]
    assert kinds == ["vue-template", "js"]
    live = (MPX / "src/pages/live/index.mpx").read_text(encoding="utf-8")
    assert [kind for kind, _s, _e in blocks(live)] == ["vue-template", "ts"]  # (src=: empty, nothing inline)
    assert not diagnostics(scan(engine, MPX), "ZZ005")


def test_json_blocks_of_both_forms_keep_their_lines(engine) -> None:
    doc = read_json_block('<template></template>\n<script type="application/json">\n{\n  "pages": ["./a"]\n}\n'
                          '</script>\n')
    assert doc is not None and doc.value == {"pages": ["./a"]}
    assert doc.pos_of("pages", 0)[0] == 4
    js = read_json_block("<script>\nx()\n</script>\n<script name=\"json\">\nmodule.exports = {\n"
                         "  pages: ['./b'],\n}\n</script>\n")
    assert js is not None and js.value == {"pages": ["./b"]} and js.pos_of("pages", 0)[0] == 6
    assert json_block("<template><view/></template>") is None
    assert read_json_block('<script type="application/json">[1, 2]</script>') is None  # not an object


def test_targets_follow_the_static_mode_folders(engine, tmp_path: Path) -> None:
    write_files(tmp_path, {"package.json": PKG, "src/app.mpx": APP, "src/app.ts": "createApp({})\n",
                           "src/pages/chat/index.mpx": CHAT,
                           "static/wx/project.config.json": '{"appid": "wx1"}',
                           "static/ali/mini.project.json": '{"format": 2}'})
    report = scan(engine, tmp_path)
    assert sorted((p["platform"], p["framework"]) for p in report["projects"]) == \
        [("alipay", "mpx"), ("wechat", "mpx")]
    code, out, _err = cli(["check", "--no-cache", "--format", "json", "--platform", "alipay", str(tmp_path)])
    assert code in (0, 1)
    assert [(p["platform"], p["framework"]) for p in json.loads(out)["projects"]] == [("alipay", "mpx")]


def test_broken_json_block_is_diagnosed_with_its_line_and_the_scan_goes_on(engine, tmp_path: Path) -> None:
    broken = ('<script src="./app.ts"></script>\n<script type="application/json">\n'
              '{ "pages": ["./pages/chat/index",, }\n</script>\n')
    write_files(tmp_path, {"package.json": PKG, "src/app.mpx": broken, "src/app.ts": "createApp({})\n",
                           "src/pages/chat/index.mpx": CHAT})
    report = scan(engine, tmp_path)
    errs = diagnostics(report, "ZZ003")
    assert errs and errs[0]["path"] == "src/app.mpx" and errs[0]["line"] == 3
    assert project(report)["framework"] == "mpx"
    assert "phone_number" in features(report)  # the pages are still read (every .mpx page, none registered)


def test_no_json_block_is_a_diagnostic_not_a_crash(engine, tmp_path: Path) -> None:
    write_files(tmp_path, {"package.json": PKG, "src/app.mpx": '<script src="./app.ts"></script>\n',
                           "src/app.ts": "createApp({})\n", "src/pages/chat/index.mpx": CHAT})
    report = scan(engine, tmp_path)
    assert project(report)["framework"] == "mpx"
    assert [d for d in diagnostics(report, "ZZ004") if d["path"] == "src/app.mpx"]


def test_app_mpx_without_the_framework_package_is_not_an_mpx_project(engine, tmp_path: Path) -> None:
    """Only a package that depends on Mpx makes a folder with src/app.mpx an Mpx project (a stray
    file of that name in a Vue or a server repository is not)."""
    write_files(tmp_path, {"package.json": '{"dependencies": {"vue": "3"}}', "src/app.mpx": APP,
                           "src/pages/chat/index.mpx": CHAT})
    from zizhi.engine import UsageError

    with pytest.raises(UsageError, match="no mini-program project found"):
        scan(engine, tmp_path)
