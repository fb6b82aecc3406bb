"""Detection round 14: a chat page that talks through the app's own socket manager, and a job
board's postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import app_json, cli, diagnostics, feature, features, fence, make_project, write_files
from conftest import scan_dict as scan
from zizhi.engine import load_engine
from zizhi.report.i18n import translate_diagnostic


@pytest.fixture(scope="module")
def engine():
    return load_engine()


_SOCKET_MANAGER = """\
let task = null
const handlers = []
function connect(userId) {
  task = wx.connectSocket({ url: getApp().globalData.wsBase + '/ws?uid=' + userId })
  task.onMessage(res => handlers.forEach(h => h(JSON.parse(res.data))))
}
function send(message) { task.send({ data: JSON.stringify(message) }) }
function addMessageHandler(h) { handlers.push(h) }
module.exports = { connect, send, addMessageHandler }
"""

_CHAT_PAGE = """\
const socketManager = require('../../../utils/socketManager')
Page({
  data: { list: [], inputMessage: '' },
  onLoad(q) { socketManager.addMessageHandler(m => this.setData({ list: this.data.list.concat(m) }));
              socketManager.connect(q.userId) },
  handleSendMessage() { socketManager.send({ to: this.data.targetId, content: this.data.inputMessage }) }
})
"""


def _socket_app(page: str, chat_js: str = _CHAT_PAGE, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "app.json": app_json("pages/index/index", page),
        "app.js": "App({ globalData: { wsBase: 'wss://example.com' } })\n",
        "pages/index/index.js": "Page({ open() { wx.navigateTo({ url: '/" + page + "' }) } })\n",
        "pages/index/index.wxml": "<button bindtap=\"open\">消息</button>\n",
        "utils/socketManager.js": _SOCKET_MANAGER,
        f"{page}.js": chat_js,
        f"{page}.wxml": "<view wx:for=\"{{list}}\">{{item.content}}</view>\n"
                        "<input value=\"{{inputMessage}}\" placeholder=\"输入消息...\"/>\n"
                        "<button bindtap=\"handleSendMessage\">发送</button>\n",
        **(extra or {}),
    }


def test_a_chat_page_on_the_apps_socket_manager_is_chat(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", _socket_app("pages/chat/detail/index"))
    report = scan(engine, root)
    assert "im_chat" in features(report)
    found = feature(report, "im_chat")
    # the import of the socket manager on the chat page is the subscription, and says so
    assert "socket pages/chat/detail/index" in found["because"]
    assert any(e["path"] == "pages/chat/detail/index.js" and e["line"] == 1 and e["kind"] == "endpoint"
               for e in found["evidence"])


def test_a_socket_manager_used_by_a_page_not_about_chat_is_no_chat(engine, tmp_path: Path) -> None:
    # the same manager on an order-tracking page: the socket carries its updates, no one's messages
    root = make_project(tmp_path / "p", _socket_app("pages/order/track/index"))
    assert "im_chat" not in features(scan(engine, root))


def test_a_chat_page_that_does_not_import_the_socket_is_no_chat(engine, tmp_path: Path) -> None:
    # the page's name and its send button alone: no channel is opened from it
    quiet = "Page({ data: { list: [] }, handleSendMessage() { this.setData({ inputMessage: '' }) } })\n"
    root = make_project(tmp_path / "p", _socket_app("pages/chat/detail/index", quiet))
    assert "im_chat" not in features(scan(engine, root))


def test_a_socket_manager_nothing_reachable_imports_is_no_chat(engine, tmp_path: Path) -> None:
    # the chat page imports the manager, but no page is registered for it: dead code (ZZ008)
    files = _socket_app("pages/chat/detail/index")
    files["app.json"] = app_json("pages/index/index")
    root = make_project(tmp_path / "p", files)
    assert "im_chat" not in features(scan(engine, root))


def test_a_copied_socket_library_is_not_the_apps_manager(engine, tmp_path: Path) -> None:
    # a vendored bundle that opens a socket (an SDK's transport) is no manager of the app's
    files = _socket_app("pages/chat/detail/index",
                        _CHAT_PAGE.replace("../../../utils/socketManager", "../../../lib/socket.min"))
    del files["utils/socketManager.js"]
    files["lib/socket.min.js"] = _SOCKET_MANAGER.replace("\n", " ")
    root = make_project(tmp_path / "p", files)
    assert "im_chat" not in features(scan(engine, root))


_JOB_API = """\
const request = require('../utils/request')
module.exports = {
  addJob: data => request({ url: '/job/addJob', method: 'POST', data }),
  jobList: q => request({ url: '/job/list', data: q }),
}
"""
_JOB_EDIT_JS = """\
const api = require('../../api/index')
Page({ data: { job: {} }, async save() { await api.addJob(this.data.job); wx.navigateBack() } })
"""
_JOB_LIST_WXML = "<view wx:for=\"{{jobs}}\">{{item.title}}</view>\n<button bindtap=\"toEdit\">发布新职位</button>\n"


def _job_board(edit_js: str = _JOB_EDIT_JS, list_wxml: str = _JOB_LIST_WXML) -> dict[str, str]:
    return {
        "app.json": app_json("pages/jobs/list", "pages/jobs/edit"),
        "utils/request.js": "module.exports = o => new Promise((ok, no) => wx.request({ ...o, success: ok, "
                            "fail: no }))\n",
        "api/index.js": _JOB_API,
        "pages/jobs/list.js": "const api = require('../../api/index')\nPage({ onLoad() { api.jobList({}) }, "
                              "toEdit() { wx.navigateTo({ url: '/pages/jobs/edit' }) } })\n",
        "pages/jobs/list.wxml": list_wxml,
        "pages/jobs/edit.js": edit_js,
        "pages/jobs/edit.wxml": "<input placeholder=\"职位名称\" value=\"{{job.title}}\"/>\n"
                                "<textarea placeholder=\"职位描述\" value=\"{{job.desc}}\"/>\n"
                                "<button bindtap=\"save\">保存</button>\n",
    }


def test_a_job_board_where_employers_post_openings_has_user_posts(engine, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", _job_board())
    report = scan(engine, root)
    assert "ugc_post" in features(report)
    because = feature(report, "ugc_post")["because"]
    assert "/job/addJob" in because and "发布新职位" in because


def test_a_job_board_the_operator_fills_has_no_user_posts(engine, tmp_path: Path) -> None:
    # jobs listed and read, the same 发布 wording nowhere, no job created from the app
    files = _job_board(edit_js="Page({ data: { job: {} } })\n",
                       list_wxml="<view wx:for=\"{{jobs}}\">{{item.title}}</view>\n")
    files["api/index.js"] = _JOB_API.replace("  addJob: data => request({ url: '/job/addJob', method: 'POST', "
                                             "data }),\n", "")
    root = make_project(tmp_path / "p", files)
    assert "ugc_post" not in features(scan(engine, root))


def test_applying_for_a_job_is_no_post(engine, tmp_path: Path) -> None:
    # a job seeker's application: sent to the employer, not published
    files = _job_board()
    files["api/index.js"] = _JOB_API.replace("addJob: data => request({ url: '/job/addJob'",
                                             "submitJobApplication: data => request({ url: '/job/application'")
    files["pages/jobs/edit.js"] = _JOB_EDIT_JS.replace("api.addJob", "api.submitJobApplication")
    files["pages/jobs/list.wxml"] = "<view wx:for=\"{{jobs}}\">{{item.title}}</view>\n<button>投递简历</button>\n"
    root = make_project(tmp_path / "p", files)
    assert "ugc_post" not in features(scan(engine, root))


_POSTS_APP = {
    "app.json": app_json("pages/index/index", "pages/post/edit", "pages/chat/room"),
    "pages/index/index.js": "Page({})\n",
    "pages/index/index.wxml": "<view>发布视频</view>\n",
    "pages/post/edit.js": "Page({ send(t) { wx.request({ url: host + '/post/add', method: 'POST', data: t }) } })\n",
    "pages/post/edit.wxml": "<view>发帖</view>\n",
    "pages/chat/room.js": "Page({ pickVideo() { wx.chooseVideo({ sourceType: ['album', 'camera'] }) } })\n",
}


def test_a_video_picked_in_a_chat_is_a_message_not_a_video_platform(engine, tmp_path: Path) -> None:
    # users post (ugc_post) and the UI says 发布视频, but the one video picker is a chat's: the
    # video goes to the person chatted with, not to the public
    report = scan(engine, make_project(tmp_path / "a", _POSTS_APP))
    assert "ugc_post" in features(report)
    assert "video_platform" not in features(report)
    # the same picker on the composer's page publishes the video
    files = dict(_POSTS_APP)
    files["pages/post/edit.js"] = files["pages/post/edit.js"].replace(
        "Page({ ", "Page({ pickVideo() { wx.chooseVideo({ sourceType: ['album', 'camera'] }) }, ")
    report = scan(engine, make_project(tmp_path / "b", files))
    assert feature(report, "video_platform")["because"].startswith("api wx.chooseVideo (pages/post/edit.js)")


_COMPOSER_JS = ("Page({ pick() { wx.chooseImage({ success: r => wx.uploadFile({ url: host + '/upload', "
                "filePath: r.tempFilePaths[0], name: 'f' }) }) } })\n")
_COMPOSER_WXML = "<textarea placeholder=\"{{hint}}\" bindinput=\"onText\"/>\n<button bindtap=\"pick\">图片</button>\n"


@pytest.mark.parametrize(("unit", "post"), [
    ("pages/post/edit", True),                     # the composer of a post
    ("pages/instructor-profile/index", False),     # a tutor's photo and bio: the profile
    ("pages/userinfo/edit", False),
    ("pages/my/avatar", False),
    ("pages/mine/suggest/suggest", False),         # a suggestion (建议) sent to the operator
])
def test_a_profile_or_a_suggestion_is_not_a_post(engine, tmp_path: Path, unit: str, post: bool) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index", unit),
        "pages/index/index.js": "Page({})\n",
        f"{unit}.js": _COMPOSER_JS,
        f"{unit}.wxml": _COMPOSER_WXML,
    })
    assert ("ugc_post" in features(scan(engine, root))) is post


def test_a_favourite_added_is_no_listing(engine, tmp_path: Path) -> None:
    # goods/fav/add keeps a shop's goods in the user's favourites (收藏), as favorite/add does
    files = {
        "app.json": app_json("pages/index/index", "pages/goods/detail"),
        "pages/index/index.js": "Page({})\n",
        "pages/index/index.wxml": "<view>二手闲置好物</view>\n",
        "api/goods.js": "module.exports = { add: id => wx.request({ url: host + '/shop/goods/fav/add', "
                        "method: 'POST', data: { id } }) }\n",
        "pages/goods/detail.js": "const goods = require('../../api/goods')\nPage({ like() { goods.add(this.id) } })\n",
    }
    report = scan(engine, make_project(tmp_path / "a", files))
    assert "multi_merchant" not in features(report) and "ugc_post" not in features(report)
    files["api/goods.js"] = files["api/goods.js"].replace("/shop/goods/fav/add", "/shop/goods/add")
    assert "multi_merchant" in features(scan(engine, make_project(tmp_path / "b", files)))


_UNIBEST = {
    "package.json": '{"devDependencies": {"@uni-helper/vite-plugin-uni-pages": "^0.2.0", '
                    '"@dcloudio/vite-plugin-uni": "3"}}',
    "pages.config.ts": "import { defineUniPages } from '@uni-helper/vite-plugin-uni-pages'\n"
                       "export default defineUniPages({ globalStyle: { navigationBarTitleText: 'shop' } })\n",
    "manifest.config.ts": "export default defineManifestConfig({ 'mp-weixin': { appid: 'wx0000000000000000' } })\n",
    "vite.config.ts": "export default defineConfig({ plugins: [UniPages({ subPackages: ['src/pages-sub'], "
                      "dts: 'src/types/uni-pages.d.ts' }), Uni()] })\n",
    "src/main.ts": "import { createSSRApp } from 'vue'\nimport App from './App.vue'\n"
                   "export function createApp() { return { app: createSSRApp(App) } }\n",
    "src/App.vue": "<script setup lang=\"ts\">\nonLaunch(() => {})\n</script>\n",
    "src/pages/index/index.vue": "<template><view>首页</view></template>\n",
    "src/pages/order/create.vue": "<template><button @click=\"pay\">支付</button></template>\n"
                                  "<script setup lang=\"ts\">\nimport Row from './components/row.vue'\n"
                                  "function pay() { uni.requestPayment({ provider: 'wxpay', timeStamp: '', "
                                  "nonceStr: '', package: '', signType: 'MD5', paySign: '' }) }\n</script>\n",
    "src/pages/order/components/row.vue": "<template><view>row</view></template>\n",
    "src/pages-sub/me/phone.vue": "<template><button open-type=\"getPhoneNumber\" "
                                  "@getphonenumber=\"onPhone\">绑定手机</button></template>\n",
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    """Only ``files`` (make_project adds a WeChat project of its own)."""
    root.mkdir(parents=True)
    write_files(root, dict(files))
    fence(root)
    return root


def test_a_uniapp_project_whose_pages_json_the_build_writes(engine, tmp_path: Path) -> None:
    # @uni-helper/vite-plugin-uni-pages (unibest): src/pages.json is generated from pages.config.ts
    # and the pages under src/pages and the subpackage folders; the repository holds none
    root = _tree(tmp_path / "p", _UNIBEST)
    report = scan(engine, root)
    [project] = report["projects"]
    assert project["root"] == "src" and project["framework"] == "uni-app"
    assert {"payment", "phone_number"} <= features(report)  # a subpackage's page is read too
    [note] = diagnostics(report, "ZZ012")
    assert note["path"] == "pages.config.ts" and "the 3 pages under pages/, pages-sub/" in note["message"]
    zh = translate_diagnostic("ZZ012", note["message"])
    assert zh.startswith("pages.json 由构建根据 pages.config.ts 生成") and "pages/, pages-sub/ 下的 3 个页面" in zh


def test_a_pages_json_in_the_repository_wins_over_the_config(engine, tmp_path: Path) -> None:
    # with src/pages.json committed, it registers the pages (the subpackage's page is not among them)
    files = dict(_UNIBEST)
    files["src/pages.json"] = '{"pages": [{"path": "pages/index/index"}, {"path": "pages/order/create"}]}'
    report = scan(engine, _tree(tmp_path / "p", files))
    assert "payment" in features(report) and "phone_number" not in features(report)
    assert not diagnostics(report, "ZZ012")


def test_a_pages_config_without_pages_is_no_project(engine, tmp_path: Path) -> None:
    # a library's or a web app's config of the same name, with no page under src/pages
    files = {k: v for k, v in _UNIBEST.items() if not k.startswith("src/pages")}
    files["src/views/home.vue"] = "<template><div/></template>\n"
    code, _out, err = cli(["check", str(_tree(tmp_path / "p", files)), "--format", "json"])
    assert code == 2 and "no mini-program project found" in err


_PUBLISH_JS = """\
Page({
  async submit(e) {
    const db = wx.cloud.database()
    await db.collection(e.detail.value.kind).add({ data: { intro: e.detail.value.detail } })
  }
})
"""
_PUBLISH_WXML = "<form bindsubmit=\"submit\"><textarea name=\"detail\" placeholder=\"请输入活动详情\"/>" \
                "<button form-type=\"submit\">提交</button></form>\n"


@pytest.mark.parametrize(("unit", "js", "wxml", "post"), [
    # a page named to publish that saves what its text field holds, with no photo picked: a composer
    ("pages/publish/publish", _PUBLISH_JS, _PUBLISH_WXML, True),
    ("pages/publishMsg/publishMsg", _PUBLISH_JS, _PUBLISH_WXML, True),
    # the same page that saves nothing (a preview), or saves with no text field (a toggle)
    ("pages/publish/publish", "Page({ submit(e) { this.setData({ shown: e.detail.value }) } })\n", _PUBLISH_WXML,
     False),
    ("pages/publish/publish", _PUBLISH_JS, "<button bindtap=\"submit\">提交</button>\n", False),
    # the same page under another name is a form that saves (a booking, a sign-up)
    ("pages/booking/booking", _PUBLISH_JS, _PUBLISH_WXML, False),
])
def test_a_page_named_to_publish_that_saves_is_a_composer(engine, tmp_path: Path, unit: str, js: str, wxml: str,
                                                          post: bool) -> None:
    root = make_project(tmp_path / "p", {
        "app.json": app_json("pages/index/index", unit),
        "pages/index/index.js": "Page({})\n",
        f"{unit}.js": js,
        f"{unit}.wxml": wxml,
    })
    report = scan(engine, root)
    assert ("ugc_post" in features(report)) is post
    if post:
        assert feature(report, "ugc_post")["because"].startswith(f"a composer in {unit}, named publish")


# ---------------------------------------------------------------- review: the generated pages.json, hostile or odd


def _zz012(report: dict) -> dict:
    [note] = diagnostics(report, "ZZ012")
    return note


def test_scanning_src_itself_finds_the_generated_project(engine, tmp_path: Path) -> None:
    # the changed-files hook scans a project's root: src/ here, its pages.config and vite.config above it
    root = _tree(tmp_path / "p", _UNIBEST)
    whole = scan(engine, root)
    report = scan(engine, root / "src")
    [project] = report["projects"]
    assert project["root"] == "." and project["framework"] == "uni-app"
    assert features(report) == features(whole) and {"payment", "phone_number"} <= features(report)
    note = _zz012(report)
    assert note["path"] == "../pages.config.ts" and (root / "src" / note["path"]).is_file()
    assert "the 3 pages under pages/, pages-sub/" in note["message"]
    assert _zz012(whole)["message"] == note["message"]


def test_the_changed_files_hook_maps_a_staged_page_to_the_generated_project(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", _UNIBEST)
    for page in ("src/pages/order/create.vue", "src/pages-sub/me/phone.vue"):
        code, out, err = cli(["check", str(root / page), "--format", "json", "--no-cache"])
        assert code in (0, 1) and "no mini-program project found" not in err and "in no project" not in err
        assert json.loads(out)["projects"][0]["framework"] == "uni-app"


def test_findings_without_evidence_point_at_a_file_that_is_there(engine, tmp_path: Path) -> None:
    # no pages.json nor manifest.json in the repository: the pages config stands for the manifest
    root = _tree(tmp_path / "p", _UNIBEST)
    for where, base in ((root, root), (root / "src", root / "src")):
        report = scan(engine, where)
        [project] = report["projects"]
        paths = {f["path"] for f in project["findings"]} | {project["manifest"]}
        assert paths and all((base / p).is_file() for p in paths), paths


def test_a_committed_manifest_json_decides_the_targets(engine, tmp_path: Path) -> None:
    files = dict(_UNIBEST)
    files["src/manifest.json"] = '{"mp-alipay": {"appid": "2021000000000000"}, "mp-qq": {"appid": "1110000000"}}'
    root = _tree(tmp_path / "p", files)
    assert {p["platform"] for p in scan(engine, root)["projects"]} == {"alipay", "qq"}
    assert {p["platform"] for p in scan(engine, root / "src")["projects"]} == {"alipay", "qq"}
    code, out, _err = cli(["check", str(root), "--platform", "douyin", "--format", "json", "--no-cache"])
    assert code in (0, 1) and [p["platform"] for p in json.loads(out)["projects"]] == ["douyin"]


@pytest.mark.parametrize("spec", ["'../../etc'", "'/etc'", "'src/../..'", "'src/../../etc'", "'etc'", "'.'",
                                  "'src'", "`src/./../src/etc/..`"])
def test_a_subpackage_option_outside_src_is_not_the_projects(engine, tmp_path: Path, spec: str) -> None:
    files = dict(_UNIBEST)
    files["vite.config.ts"] = f"export default defineConfig({{ plugins: [UniPages({{ subPackages: [{spec}] }})] }})\n"
    files["src/etc/passwd.vue"] = "<template><view/></template>\n"  # (src/etc/: not named by any of them)
    report = scan(engine, _tree(tmp_path / "p", files))
    assert "the 2 pages under pages/ were read" in _zz012(report)["message"]
    assert "phone_number" not in features(report)


def test_the_subpackage_lists_are_read_bounded() -> None:
    from zizhi_plugins.uniapp import _subpackage_dirs

    assert _subpackage_dirs("subPackages: [" * 6000) == []
    assert _subpackage_dirs("subPackages" + " " * 60000 + ": ['src/a']") == ["a"]
    many = "subPackages: [" + ", ".join(f"'src/d{i}'" for i in range(80)) + "]"
    assert len(_subpackage_dirs(many)) == 50
    lists = "".join(f"subPackages: ['src/l{i}']\n" for i in range(10))
    assert _subpackage_dirs(lists) == ["l0", "l1", "l2", "l3"]
    unclosed = "subPackages: [" + "x" * 5000 + "]\nsubPackages: ['src/b']"
    assert _subpackage_dirs(unclosed) == ["b"]


def test_links_and_folders_named_as_configs_are_not_read(engine, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "vite.config.ts").write_text("UniPages({ subPackages: ['src/pages-sub'] })\n", encoding="utf-8")
    (outside / "pages.config.ts").write_text("export default {}\n", encoding="utf-8")
    # a linked vite.config: not read (the subpackage's page is not registered)
    files = {k: v for k, v in _UNIBEST.items() if k != "vite.config.ts"}
    root = _tree(tmp_path / "a", files)
    (root / "vite.config.ts").symlink_to(outside / "vite.config.ts")
    assert "the 2 pages under pages/ were read" in _zz012(scan(engine, root))["message"]
    # a linked pages.config, or a folder of that name: no project (exit 2), never a crash
    for name, make in (("b", lambda p: p.symlink_to(outside / "pages.config.ts")), ("c", lambda p: p.mkdir())):
        files = {k: v for k, v in _UNIBEST.items() if k != "pages.config.ts"}
        root = _tree(tmp_path / name, files)
        make(root / "pages.config.ts")
        if name == "c":
            (root / "pages.config.ts" / "index.ts").write_text("export default {}\n", encoding="utf-8")
        for where in (root, root / "src"):
            code, _out, err = cli(["check", str(where), "--format", "json", "--no-cache"])
            assert code == 2 and "no mini-program project found" in err


def test_a_src_link_out_of_the_tree_is_no_project(tmp_path: Path) -> None:
    outside = _tree(tmp_path / "outside", {k: v for k, v in _UNIBEST.items() if k.startswith("src/")})
    root = _tree(tmp_path / "p", {k: v for k, v in _UNIBEST.items() if not k.startswith("src/")})
    (root / "src").symlink_to(outside / "src")
    code, _out, err = cli(["check", str(root), "--format", "json", "--no-cache"])
    assert code == 2 and "no mini-program project found" in err


def test_several_generated_projects_in_a_monorepo(engine, tmp_path: Path) -> None:
    files = {f"apps/{app}/{k}": v for app in ("shop", "admin") for k, v in _UNIBEST.items()}
    report = scan(engine, _tree(tmp_path / "m", files))
    assert sorted(p["root"] for p in report["projects"]) == ["apps/admin/src", "apps/shop/src"]
    notes = {d["path"] for p in report["projects"] for d in p["diagnostics"] if d["code"] == "ZZ012"}
    assert notes == {"apps/admin/pages.config.ts", "apps/shop/pages.config.ts"}


def test_a_pages_json_beside_src_is_one_project(engine, tmp_path: Path) -> None:
    # a classic uni-app project at the root (pages.json there) and a pages.config: not two projects
    files = dict(_UNIBEST)
    files["pages.json"] = '{"pages": [{"path": "pages/home/home"}]}'
    files["pages/home/home.vue"] = "<template><view/></template>\n"
    report = scan(engine, _tree(tmp_path / "p", files))
    assert [p["root"] for p in report["projects"]] == ["."] and not diagnostics(report, "ZZ012")
    # its src/ alone is no generated project either: the pages.json beside it is not the build's
    code, _out, err = cli(["check", str(tmp_path / "p" / "src"), "--format", "json", "--no-cache"])
    assert code == 2 and "no mini-program project found" in err


def test_a_pages_config_at_the_root_without_src(tmp_path: Path) -> None:
    files = {k.removeprefix("src/"): v for k, v in _UNIBEST.items()}
    code, _out, err = cli(["check", str(_tree(tmp_path / "p", files)), "--format", "json", "--no-cache"])
    assert code == 2 and "no mini-program project found" in err


def test_a_page_in_a_dunder_folder_is_no_page(engine, tmp_path: Path) -> None:
    # the plugin's default exclude: '**/__*__/**' (a components folder is zizhi's own choice, unibest's)
    files = dict(_UNIBEST)
    files["src/pages/__tests__/order.vue"] = "<template><view/></template>\n"
    assert "the 3 pages under pages/, pages-sub/" in _zz012(scan(engine, _tree(tmp_path / "p", files)))["message"]


@pytest.mark.parametrize("folder", ["publish-app", "release", "fabu/mp"])
def test_a_project_folder_named_to_publish_makes_no_composer(engine, tmp_path: Path, folder: str) -> None:
    # the words of a file's path within its project name its page, not those of the folders above the
    # project (a repository whose app is publish-app/): the booking form's save is no composer's, and
    # a file's signals are the same scanned from above the project or from its root
    from zizhi.context import Options
    from zizhi.engine import check

    def writes(where: Path) -> list[tuple[str, str]]:
        [project] = check([where], engine, Options()).projects
        return [(s.name, project.root.joinpath(s.location.path).name if where == project.root
                 else Path(s.location.path).name) for s in project.signals if s.kind == "write"]

    files = {"app.json": app_json("pages/index/index", "pages/booking/booking"),
             "pages/index/index.js": "Page({})\n",
             "pages/booking/booking.js": _PUBLISH_JS, "pages/booking/booking.wxml": _PUBLISH_WXML}
    top = tmp_path / "repo"
    root = make_project(top / folder, files)
    fence(top)
    assert "write" not in {name for name, _ in writes(top)}
    assert writes(top) == writes(root)
    assert "ugc_post" not in features(scan(engine, top))
    # and the composer's own page is one wherever the project sits
    files["app.json"] = app_json("pages/index/index", "pages/publish/publish")
    files["pages/publish/publish.js"] = files.pop("pages/booking/booking.js")
    files["pages/publish/publish.wxml"] = files.pop("pages/booking/booking.wxml")
    other = tmp_path / "other"
    root = make_project(other / folder, files)
    fence(other)
    assert writes(other) == writes(root) == [("write", "publish.js")]
    assert "ugc_post" in features(scan(engine, other))


def test_a_repository_named_src_is_not_read_from_the_folder_above(tmp_path: Path) -> None:
    # a checkout whose folder is named src (CI: the repository's name): what is above it is no part of it
    (tmp_path / "pages.config.ts").write_text("export default {}\n", encoding="utf-8")
    root = _tree(tmp_path / "src", {k.removeprefix("src/"): v for k, v in _UNIBEST.items() if k.startswith("src/")})
    code, _out, err = cli(["check", str(root), "--format", "json", "--no-cache"])
    assert code == 2 and "no mini-program project found" in err


def test_a_servers_job_is_a_schedulers_not_a_posting(engine, tmp_path: Path) -> None:
    # a job added on the server is as often a scheduler's (XXL-JOB's /jobinfo/addJob): the job
    # board's words count only from the mini-program's own code
    files = _job_board(edit_js="Page({ data: { job: {} } })\n")
    files["api/index.js"] = "const request = require('../utils/request')\n" \
                            "module.exports = { jobList: q => request({ url: '/job/list', data: q }) }\n"
    files["server/package.json"] = '{"dependencies": {"express": "^4.18.0"}}'
    files["server/app.js"] = ("const express = require('express')\nconst app = express()\n"
                              "app.post('/jobinfo/addJob', (req, res) => res.json({ code: 0 }))\n"
                              "app.listen(3000)\n")
    report = scan(engine, make_project(tmp_path / "a", files))
    assert "ugc_post" not in features(report)
    # the same route called from the mini-program is the employer posting an opening
    files["api/index.js"] += ("module.exports.addJob = data => request({ url: '/jobinfo/addJob', method: 'POST', "
                              "data })\n")
    files["pages/jobs/edit.js"] = _JOB_EDIT_JS
    assert "ugc_post" in features(scan(engine, make_project(tmp_path / "b", files)))
