"""Backend code beside the mini-program: discovery and attachment, Python (libcst), Node cloud
functions and servers, Java/PHP/Go token scans, dependency manifests, and the traps (declared but
never imported, test files, commented-out code, a front-end ``api/`` folder)."""

from __future__ import annotations

from pathlib import Path

from conftest import (
    FIXTURES,
    diagnostics,
    feature,
    features,
    fence,
    findings,
    make_project,
    project,
    write_files,
)
from zizhi.resources import schema_errors


def _report(run, name: str) -> dict:
    _code, report = run.report(FIXTURES / name)
    return report


def _evidence(report: dict, feature_id: str) -> set[tuple[str, str, int, str]]:
    """(signal id, path, line, origin) of a feature's evidence."""
    return {(e["signal"], e["path"], e["line"], e["origin"]) for e in feature(report, feature_id)["evidence"]}


# ---------------------------------------------------------------- discovery and attachment


def test_sibling_server_attaches_to_the_project_beside_it(run) -> None:
    report = _report(run, "backend-python")
    p = project(report)
    assert p["root"] == "miniprogram"
    assert p["backends"] == [{"root": "server", "language": "python", "kind": "server"}]
    assert report["report_version"] == "1.2"
    assert schema_errors("report.schema.json", report) == []


def test_cloudfunctions_and_server_inside_the_project(run) -> None:
    p = project(_report(run, "backend-node"))
    assert p["backends"] == [
        {"root": "cloudfunctions", "language": "node", "kind": "cloudfunctions"},
        {"root": "server", "language": "node", "kind": "server"},
    ]


def test_frontend_api_folder_is_not_a_backend(run) -> None:
    """miniprogram/api/*.js is the app's request helper; api/ with composer.json is the server."""
    php = project(_report(run, "backend-php"))
    assert php["backends"] == [{"root": "api", "language": "php", "kind": "server"}]
    node = _report(run, "backend-node")
    assert all(b["root"] != "miniprogram/api" for b in project(node)["backends"])


def test_backend_at_the_top_serves_every_project_under_it(run, tmp_path: Path) -> None:
    make_project(tmp_path / "apps" / "buyer", {})
    make_project(tmp_path / "apps" / "seller", {})
    write_files(tmp_path, {"backend/app.py": "import dashscope\n", "backend/requirements.txt": "dashscope\n"})
    (tmp_path / ".git").mkdir(exist_ok=True)
    _code, report = run.report(tmp_path)
    assert len(report["projects"]) == 2
    for p in report["projects"]:
        assert p["backends"] == [{"root": "backend", "language": "python", "kind": "server"}]
        assert "ai_llm" in {f["id"] for f in p["features"]}


def test_a_server_beside_an_app_without_project_config_is_no_cloud_function(run, tmp_path: Path) -> None:
    """An app.json with no project.config.json (the devtools' file not committed) beside a Spring
    Cloud backend: the services are a server found by their content, not cloud functions."""
    write_files(tmp_path, {
        "wx-front/app.json": '{"pages": ["pages/index/index"]}',
        "wx-front/app.js": "App({})\n",
        "wx-front/pages/index/index.js": "Page({})\n",
        "wx-front/pages/index/index.wxml": "<view>index</view>\n",
        "pom.xml": "<project><modules><module>goods-service</module></modules></project>\n",
        "goods-service/pom.xml": "<project><artifactId>goods-service</artifactId></project>\n",
        "goods-service/src/main/java/a/GoodsController.java":
            "import org.springframework.web.bind.annotation.RestController;\n"
            "@RestController\npublic class GoodsController {}\n",
    })
    fence(tmp_path)
    _code, report = run.report(tmp_path)
    p, = report["projects"]
    assert p["backends"] and all(b["kind"] == "server" for b in p["backends"])
    assert "cloud_functions" not in {f["id"] for f in p["features"]}
    # a folder named cloudfunctions beside it still is one
    write_files(tmp_path, {"wx-front/cloudfunctions/login/index.js": "exports.main = async () => ({})\n"})
    _code, report = run.report(tmp_path)
    assert "cloud_functions" in {f["id"] for f in report["projects"][0]["features"]}


def test_backend_inside_a_nested_project_belongs_to_it(run, tmp_path: Path) -> None:
    make_project(tmp_path, {})
    make_project(tmp_path / "second", {})
    write_files(tmp_path / "second", {"server/app.py": "import zhipuai\n"})
    _code, report = run.report(tmp_path)
    by_root = {p["root"]: p for p in report["projects"]}
    assert by_root["."]["backends"] == []
    assert by_root["second"]["backends"] == [{"root": "second/server", "language": "python", "kind": "server"}]
    assert "ai_llm" not in {f["id"] for f in by_root["."]["features"]}


# ---------------------------------------------------------------- Python


def test_python_backend_features_and_providers(run) -> None:
    report = _report(run, "backend-python")
    assert features(report) == {"ai_llm", "multi_merchant", "payment"}
    ai = _evidence(report, "ai_llm")
    assert ("ai.deepseek", "server/app.py", 12, "backend") in ai  # base_url=f"{DEEPSEEK}/v1"
    providers = {e.get("provider") for e in feature(report, "ai_llm")["evidence"]}
    assert "DeepSeek 深度求索" in providers


def test_python_constants_partner_params_and_routes(run) -> None:
    report = _report(run, "backend-python")
    mm = _evidence(report, "multi_merchant")
    assert ("pay.partner", "server/payments/partner.py", 4, "backend") in mm  # BASE + "/v3/profitsharing/orders"
    assert ("pay.partner_params", "server/payments/partner.py", 10, "backend") in mm  # {"sub_mchid": ...}
    assert ("pay.partner_mode", "server/payments/partner.py", 6, "backend") in mm  # partner_mode=True
    pay = _evidence(report, "payment")
    assert ("pay.notify_route", "server/app.py", 25, "backend") in pay  # @app.route("/pay/notify")
    assert ("pay.server_sdk_py", "server/payments/partner.py", 1, "backend") in pay
    names = {e["name"] for e in feature(report, "multi_merchant")["evidence"]}
    assert "https://api.mch.weixin.qq.com/v3/profitsharing/orders" in names
    assert "EDI_B21" in {o["id"] for o in project(report)["obligations"]}


def test_python_traps(run) -> None:
    """Declared-only tencentcloud TMS, commented-out moderation, anthropic in tests/: none count."""
    report = _report(run, "backend-python")
    assert "content_security" not in features(report)
    assert "ai_llm_foreign" not in features(report)
    assert not findings(report, "ZZ402")
    paths = {e["path"] for f in project(report)["features"] for e in f["evidence"]}
    assert not any("tests/" in p for p in paths)


def test_python_syntax_error_is_a_note_and_the_scan_goes_on(run) -> None:
    report = _report(run, "backend-python")
    diags = diagnostics(report, "ZZ005")
    assert [(d["path"], d["line"], d["severity"]) for d in diags] == [("server/broken.py", 2, "note")]
    assert "payment" in features(report)


def test_python_foreign_model_is_a_note(run, tmp_path: Path) -> None:
    make_project(tmp_path, {"server/llm.py": "from anthropic import Anthropic\n\nclient = Anthropic()\n"})
    _code, report = run.report(tmp_path)
    assert {"ai_llm", "ai_llm_foreign"} <= features(report)
    zz402 = findings(report, "ZZ402")
    assert [(f["path"], f["line"], f["severity"]) for f in zz402] == [("server/llm.py", 1, "note")]


def test_python_openai_with_domestic_base_url_is_not_foreign(run, tmp_path: Path) -> None:
    make_project(tmp_path, {"server/llm.py": (
        'import openai\n\nHOST = "https://dashscope.aliyuncs.com"\n'
        'client = openai.OpenAI(base_url=HOST + "/compatible-mode/v1")\n')})
    _code, report = run.report(tmp_path)
    assert "ai_llm_foreign" not in features(report)
    ev = {(e["signal"], e["line"], e.get("provider")) for e in feature(report, "ai_llm")["evidence"]}
    assert ("ai.dashscope", 4, "Alibaba DashScope/Qwen 阿里通义") in ev


def test_django_and_fastapi_notify_routes(run, tmp_path: Path) -> None:
    make_project(tmp_path, {
        "backend/shop/urls.py": "from django.urls import path\nurlpatterns = [path('wxpay/notify/', v.notify)]\n",
        "backend/api.py": "@router.post('/Pay/Callback')\nasync def cb():\n    pass\n",
    })
    _code, report = run.report(tmp_path)
    # two supporting routes of one entry are not payment on their own
    assert "payment" not in features(report)
    write_files(tmp_path, {"backend/requirements.txt": "wechatpayv3\n"})
    _code, report = run.report(tmp_path)
    pay = _evidence(report, "payment")
    assert ("pay.notify_route", "backend/shop/urls.py", 2, "backend") in pay
    assert ("pay.notify_route", "backend/api.py", 1, "backend") in pay


# ---------------------------------------------------------------- Node


def test_node_cloud_functions_and_server(run) -> None:
    report = _report(run, "backend-node")
    assert features(report) == {"ai_llm", "cloud_functions", "content_security", "payment", "ugc_post"}
    sec = _evidence(report, "content_security")
    assert ("sec.cloud_openapi", "cloudfunctions/checkText/index.js", 5, "backend") in sec
    assert ("sec.tencent_tms_api", "server/index.js", 8, "backend") in sec
    assert ("pay.server_sdk", "server/index.js", 4, "backend") in _evidence(report, "payment")
    assert {e.get("provider") for e in feature(report, "ai_llm")["evidence"]} >= {"Zhipu GLM 智谱"}
    # moderation satisfies the UGC control
    assert not findings(report, "ZZ401")


def test_node_traps(run) -> None:
    """@google/generative-ai declared but only required in a comment: not a foreign model."""
    report = _report(run, "backend-node")
    assert "ai_llm_foreign" not in features(report)
    origins = {(e["path"], e["origin"]) for f in project(report)["features"] for e in f["evidence"]}
    assert ("miniprogram/pages/index/index.js", "frontend") in origins
    assert not any(p.startswith("miniprogram/") and o == "backend" for p, o in origins)


def test_text_report_marks_backend_evidence_and_providers(run) -> None:
    code, out = run("check", FIXTURES / "backend-node")
    assert code in (0, 1)
    assert "Backends: cloudfunctions (node), server (node)" in out
    assert "Content moderation (backend)" in out
    assert "Generative AI (backend) [Zhipu GLM 智谱]" in out
    assert "[backend] (provider: Zhipu GLM 智谱) → Generative AI" in out


# ---------------------------------------------------------------- Java, PHP, Go


def test_java_backend(run) -> None:
    report = _report(run, "backend-java")
    assert features(report) == {"multi_merchant", "payment"}
    mm = _evidence(report, "multi_merchant")
    path = "server/src/main/java/com/example/shop/PayService.java"
    assert ("pay.partner_sdk", path, 4, "backend") in mm
    assert ("pay.partner", path, 10, "backend") in mm
    assert ("pay.sdk_declared", "server/pom.xml", 9, "backend") in _evidence(report, "payment")


def test_java_traps(run) -> None:
    """tms only in a test source and a test-scoped dependency; openai only in comments."""
    report = _report(run, "backend-java")
    assert "content_security" not in features(report)
    assert "ai_llm" not in features(report)


def test_php_backend_and_traps(run) -> None:
    report = _report(run, "backend-php")
    assert features(report) == {"payment"}  # no multi_merchant (commented sub_mchid), no ai_llm (declared only)
    pay = _evidence(report, "payment")
    assert ("pay.server_sdk_other", "api/app/Pay.php", 4, "backend") in pay
    assert ("pay.wechatpay_v3_paths", "api/app/Pay.php", 12, "backend") in pay


def test_go_backend(run, tmp_path: Path) -> None:
    make_project(tmp_path, {
        "server/go.mod": ("module example.com/mall\n\ngo 1.21\n\nrequire (\n"
                          "\tgithub.com/wechatpay-apiv3/wechatpay-go v0.2.18\n"
                          "\tgithub.com/sashabaranov/go-openai v1.20.0 // indirect\n)\n"),
        "server/pay.go": ('package main\n\nimport (\n\t"fmt"\n'
                          '\t"github.com/wechatpay-apiv3/wechatpay-go/services/partnerpayments/jsapi"\n)\n\n'
                          'type Req struct {\n\tSubMchid string `json:"sub_mchid"`\n}\n\n'
                          '// import "github.com/sashabaranov/go-openai"\n'
                          'func main() { fmt.Println(jsapi.PrepayRequest{}) }\n'),
        "server/pay_test.go": 'package main\n\nimport "github.com/google/generative-ai-go/genai"\n',
    })
    _code, report = run.report(tmp_path)
    assert project(report)["backends"] == [{"root": "server", "language": "go", "kind": "server"}]
    assert {"multi_merchant", "payment"} <= features(report)
    assert "ai_llm" not in features(report)
    mm = _evidence(report, "multi_merchant")
    assert ("pay.partner_sdk", "server/pay.go", 5, "backend") in mm
    assert ("pay.partner_params", "server/pay.go", 9, "backend") in mm


def test_unicloud_and_cloud_ai_in_a_cloud_function(run, tmp_path: Path) -> None:
    make_project(tmp_path, {
        "uniCloud-aliyun/cloudfunctions/chat/index.js": (
            "const cloud = require('wx-server-sdk')\n"
            "exports.main = async () => cloud.extend.AI.createModel('hunyuan-exp')\n"),
        "uniCloud-aliyun/database/posts.schema.json": "{}\n",
    })
    _code, report = run.report(tmp_path)
    assert project(report)["backends"] == [
        {"root": "uniCloud-aliyun/cloudfunctions", "language": "node", "kind": "unicloud"}]
    ev = {(e["signal"], e["line"], e["origin"]) for e in feature(report, "ai_llm")["evidence"]}
    assert ("ai.cloud_ai_server", 2, "backend") in ev


def test_unified_order_class_counts_only_in_backend_code(run, tmp_path: Path) -> None:
    java = "import com.example.pay.MatrixPayUnifiedOrderRequest;\nclass A {}\n"
    make_project(tmp_path, {"server/src/main/java/A.java": java})
    _code, report = run.report(tmp_path)
    assert ("pay.unified_order_class", 1, "backend") in {
        (e["signal"], e["line"], e["origin"]) for e in feature(report, "payment")["evidence"]}


def test_python_calls_through_imports(run, tmp_path: Path) -> None:
    make_project(tmp_path, {"server/moderation.py": (
        "from tencentcloud.tms.v20201229 import tms_client as tc, models\n"
        "import json\n\n"
        "def check(cred, text):\n"
        "    return tc.TmsClient(cred, 'ap-guangzhou').TextModeration(models.TextModerationRequest())\n")})
    _code, report = run.report(tmp_path)
    ev = {(e["signal"], e["name"], e["line"]) for e in feature(report, "content_security")["evidence"]}
    assert ("sec.tencent_tms", "tencentcloud.tms.v20201229.tms_client", 1) in ev
    assert ("sec.tencent_tms_api", "tencentcloud.tms.v20201229.tms_client.TmsClient", 5) in ev


def test_python_files_without_known_words_are_not_parsed(run, tmp_path: Path) -> None:
    """The prefilter: a file naming nothing the catalogue knows is skipped, syntax errors and all."""
    make_project(tmp_path, {"server/util.py": "def add(a, b:\n    return a + b\n",
                            "server/llm.py": "import zhipuai\ndef f(:\n"})
    _code, report = run.report(tmp_path)
    assert [(d["path"], d["line"]) for d in diagnostics(report, "ZZ005")] == [("server/llm.py", 2)]


def test_catalogue_patterns_keep_the_prefilters_useful() -> None:
    """A pattern like "*.*X*" would make "." a prefilter token and every JS file a parse."""
    from zizhi.engine import load_engine

    cat = load_engine().catalogue
    for kind in ("import", "api"):
        for pattern in cat.patterns(kind):
            head = pattern.strip("*").split("*")[0]
            assert len(head.strip("./\\@-_")) >= 3, f"{kind} pattern {pattern!r} has no useful literal prefix"


def test_im_and_rtc_server_sdks(run, tmp_path: Path) -> None:
    make_project(tmp_path, {
        "server/rooms.py": "from tencentcloud.trtc.v20190722 import trtc_client\n",
        "server/im.js": "const axios = require('axios')\n"
                        "axios.post('https://console.tim.qq.com/v4/openim/sendmsg', {})\n",
    })
    _code, report = run.report(tmp_path)
    assert {"rtc_video", "im_chat"} <= features(report)
    assert ("rtc.trtc_server", "server/rooms.py", 1, "backend") in _evidence(report, "rtc_video")
    assert ("im.tencent_rest", "server/im.js", 2, "backend") in _evidence(report, "im_chat")


# ---------------------------------------------------------------- backends recognised by content


def test_server_file_at_the_root_beside_the_mini_program(run, tmp_path: Path) -> None:
    """server.js beside app.json imports Express: server code, though no folder says so."""
    root = make_project(tmp_path / "p", {
        "server.js": "const express = require('express')\nconst app = express()\n"
                     "app.post('/chat', () => fetch('https://api.openai.com/v1/chat/completions'))\n",
    })
    _, report = run.report(root)
    p = project(report)
    assert p["backends"] == [{"root": "server.js", "language": "node", "kind": "server"}]
    ai = feature(report, "ai_llm")
    assert {(e["path"], e["origin"]) for e in ai["evidence"]} == {("server.js", "backend")}
    assert not diagnostics(report, "ZZ009")  # server code is never an unreachable module


def test_server_folder_of_any_name_is_recognised_by_its_imports(run, tmp_path: Path) -> None:
    make_project(tmp_path / "repo/miniprogram", {})
    write_files(tmp_path / "repo", {
        "mp-api/app.py": "from flask import Flask\nimport openai\napp = Flask(__name__)\n",
        "mp-api/models.py": "class User: pass\n",
        "tools/crawl.py": "import requests\nrequests.get('https://api.openai.com/v1/models')\n",  # not a server
    })
    fence(tmp_path / "repo")
    _, report = run.report(tmp_path / "repo")
    p = project(report)
    assert p["backends"] == [{"root": "mp-api", "language": "python", "kind": "server"}]
    assert {e["path"] for e in feature(report, "ai_llm")["evidence"]} == {"mp-api/app.py"}


def test_front_end_script_named_like_a_server_is_not_a_backend(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "utils/server.js": "module.exports = { base: 'https://example.invalid' }\n",
        "server.js": "module.exports = { port: 8080 }\n",  # no server framework: not server code
    })
    _, report = run.report(root)
    assert project(report)["backends"] == []


def test_server_folder_inside_the_mini_program_folder(run, tmp_path: Path) -> None:
    """koa-server/ beside pages/ in the folder that holds app.json: no template there, and it imports Koa."""
    root = make_project(tmp_path / "p", {
        "koa-server/index.js": "const Koa = require('koa')\nconst routes = require('./routes')\n",
        "koa-server/routes.js": "module.exports = () => fetch('https://api.openai.com/v1/chat/completions')\n",
        "utils/util.js": "module.exports = {}\n",
    })
    _, report = run.report(root)
    assert project(report)["backends"] == [{"root": "koa-server", "language": "node", "kind": "server"}]
    assert {(e["path"], e["origin"]) for e in feature(report, "ai_llm")["evidence"]} == {
        ("koa-server/routes.js", "backend")}


def test_a_text_without_the_needles_is_no_server_import() -> None:
    """``SERVER_NEEDLES``: every alternative of each language's import pattern holds one of them, so
    a head without any is answered without compiling the pattern, as the pattern would answer."""
    from zizhi_plugins.backend import SERVER_IMPORTS, SERVER_NEEDLES, _server_re

    assert set(SERVER_NEEDLES) == set(SERVER_IMPORTS)
    samples = {
        "python": ["from {} import x", "import {}.app", "  from {}.web import y"],
        "node": ["const a = require('{}')", 'import x from "{}"', "require ( '{}' )"],
        "java": ["import {}.web.bind.annotation.RestController;", "import {}.http.HttpServlet;"],
        "php": ["use {}\\Foo;", "namespace \\{}\\Controller;"],
        "go": ['import "{}"', 'import (\n  "{}/v2"\n)'],
    }
    names = {
        "python": ["flask", "fastapi", "django", "tornado", "sanic", "aiohttp", "starlette", "bottle", "falcon",
                   "quart", "litestar"],
        "node": ["express", "koa", "egg", "fastify", "restify", "hapi", "@hapi/hapi", "@nestjs/core",
                 "@midwayjs/web", "@koa/router", "koa-router", "wx-server-sdk", "@cloudbase/node-sdk",
                 "tcb-admin-node"],
        "java": ["org.springframework", "javax.servlet", "jakarta.servlet", "io.vertx", "io.quarkus", "io.micronaut"],
        "php": ["think", "Illuminate", "App\\Http", "Symfony\\Component\\HttpFoundation", "Hyperf", "Webman"],
        "go": ["github.com/gin-gonic/gin", "github.com/labstack/echo", "github.com/gofiber/fiber",
               "github.com/beego/beego", "github.com/zeromicro/go-zero", "github.com/gogf/gf"],
    }
    for lang in SERVER_IMPORTS:
        for name in names[lang]:
            texts = [sample.replace("{}", name) for sample in samples[lang]]
            assert any(_server_re(lang).search(text) for text in texts), (lang, name)  # (a sample it imports)
            for text in texts:
                if _server_re(lang).search(text) is not None:
                    assert any(needle in text for needle in SERVER_NEEDLES[lang]), (lang, text)
        # and the other way: a text with no needle is never matched (every alternative's own text taken out)
        for name in names[lang]:
            for sample in samples[lang]:
                text = sample.replace("{}", name)
                for needle in SERVER_NEEDLES[lang]:
                    text = text.replace(needle, "x")
                assert _server_re(lang).search(text) is None, (lang, text)
