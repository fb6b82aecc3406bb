"""Dependency manifests of every language: each declared package a ``dependency`` signal with its
file and line, read by the ``deps`` plugin (and by extractors called directly)."""

from __future__ import annotations

from pathlib import Path

from zizhi.context import Options, ScanContext
from zizhi.engine import load_engine
from zizhi.model import Project, SourceFile
from zizhi_plugins import deps


def _extract(name: str, text: str) -> tuple[list[tuple[str, int, dict[str, str]]], list[tuple[str, int]]]:
    engine = load_engine()
    ctx = ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=Options())
    kind = "json" if name.endswith(".json") else "depmanifest"
    file = SourceFile(abspath=Path(name), relpath=name, project_relpath=name, kind=kind, data=text.encode(),
                      text=text, origin="backend")
    proj = Project(root=Path("."), relroot=".", platform="wechat", framework="native", kind="miniprogram")
    found = deps.zizhi_extract(file=file, project=proj, ctx=ctx) or []
    return ([(s.name, s.location.line, s.attrs) for s in found],
            [(d.code, d.location.line) for d in ctx.diagnostics])


def _names(found: list[tuple[str, int, dict[str, str]]]) -> list[tuple[str, int]]:
    return [(n, line) for n, line, _ in found]


def test_requirements() -> None:
    found, _ = _extract("requirements-prod.txt", "# comment\n-r base.txt\nWeChatPy_v3==1.0  # pay\n\nopenai[all]>=1\n"
                        "git+https://github.com/x/y\n")
    assert _names(found) == [("wechatpy-v3", 3), ("openai", 5)]


def test_pyproject_project_and_poetry() -> None:
    text = ('[project]\nname = "srv"\ndependencies = [\n  "flask>=3",\n  "dashscope",\n]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.11"\nzhipuai = "^2"\n')
    found, _ = _extract("pyproject.toml", text)
    assert _names(found) == [("flask", 4), ("dashscope", 5), ("zhipuai", 10)]
    assert all(a["position"] == "text-search" for _, _, a in found)


def test_pipfile() -> None:
    found, _ = _extract("Pipfile", '[packages]\nwechatpy = "*"\n\n[dev-packages]\npytest = "*"\n')
    assert _names(found) == [("wechatpy", 2), ("pytest", 5)]


def test_bad_toml_is_a_diagnostic() -> None:
    found, diags = _extract("pyproject.toml", "[project\nname = 1\n")
    assert found == [] and diags == [("ZZ005", 1)]


def test_pom_lines_from_expat_and_comments_ignored() -> None:
    text = ("<project>\n  <dependencies>\n    <!-- <dependency><groupId>com.openai</groupId>"
            "<artifactId>openai-java</artifactId></dependency> -->\n    <dependency>\n"
            "      <groupId>com.github.wechatpay-apiv3</groupId>\n      <artifactId>wechatpay-java</artifactId>\n"
            "    </dependency>\n  </dependencies>\n</project>\n")
    found, _ = _extract("pom.xml", text)
    assert _names(found) == [("com.github.wechatpay-apiv3:wechatpay-java", 4)]


def test_broken_pom_keeps_what_came_before() -> None:
    text = ("<project><dependencies>\n<dependency><groupId>a.b</groupId><artifactId>c</artifactId></dependency>\n"
            "<dependency><groupId>\n</project>\n")
    found, diags = _extract("pom.xml", text)
    assert _names(found) == [("a.b:c", 2)]
    assert diags and diags[0][0] == "ZZ005" and diags[0][1] >= 3


def test_gradle_token_scan() -> None:
    text = ("dependencies {\n    // implementation 'com.openai:openai-java:0.1'\n"
            "    implementation 'com.github.binarywang:weixin-java-pay:4.6.0'\n"
            "    /* implementation \"com.alipay.sdk:alipay-sdk-java:4\" */\n"
            "    implementation(\"com.tencentcloudapi:tencentcloud-sdk-java-tms:3.1\")\n}\n")
    found, _ = _extract("build.gradle", text)
    assert _names(found) == [("com.github.binarywang:weixin-java-pay", 3),
                             ("com.tencentcloudapi:tencentcloud-sdk-java-tms", 5)]
    assert all(a["scan"] == "token" for _, _, a in found)


def test_composer_positions() -> None:
    text = '{\n  "require": {\n    "php": ">=8",\n    "W7Corp/EasyWeChat": "^6"\n  }\n}\n'
    found, _ = _extract("composer.json", text)
    assert _names(found) == [("w7corp/easywechat", 4)]


def test_go_mod() -> None:
    text = ("module x\n\nrequire github.com/openai/openai-go v1.0.0\n// require github.com/no/pe v1\n"
            "require (\n\tgithub.com/wechatpay-apiv3/wechatpay-go v0.2.18 // indirect\n)\n")
    found, _ = _extract("go.mod", text)
    assert _names(found) == [("github.com/openai/openai-go", 3), ("github.com/wechatpay-apiv3/wechatpay-go", 6)]
    assert found[1][2]["section"] == "indirect"
