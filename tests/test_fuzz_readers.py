"""Property-based tests of every reader of untrusted text (docs/security.md): manifest JSON and
JSONC, templates, JavaScript/TypeScript, Vue, Python, TOML config. Each takes anything without an
exception, within hypothesis' deadline, and gives the same answer twice; the linear scanners
that replaced a regex or html.parser (tests/test_hostile.py) answer as the one they replaced
wherever that one was sound."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zizhi.context import Options, ScanContext
from zizhi.engine import load_engine
from zizhi.model import Project, SourceFile

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def _ctx(engine) -> ScanContext:
    return ScanContext(pm=engine.pm, catalogue=engine.catalogue, policy=engine.policy, options=Options())


def _source(text: str, kind: str, relpath: str, vendored: bool = False, origin: str = "frontend") -> SourceFile:
    return SourceFile(abspath=Path("/nonexistent") / relpath, relpath=relpath, project_relpath=relpath, kind=kind,
                      data=text.encode("utf-8", "surrogatepass"), text=text, encoding="utf-8", origin=origin,
                      vendored=vendored)


def _project(framework: str = "native") -> Project:
    return Project(root=Path("/nonexistent"), relroot=".", platform="wechat", framework=framework, kind="miniprogram",
                   backend_roots=["server"])


JSONISH = st.lists(st.sampled_from(['{', '}', '[', ']', '"a"', '"pages"', ':', ',', '1', '-2.5e3', 'true', 'null',
                                    '// c\n', '/* x */', '/*', '"\\u00e9"', '"\\ud800"', '\n', ' ', '"', '\\']),
                   max_size=60).map("".join)
MARKUP = st.lists(st.sampled_from(['<', '>', '/', '<!--', '-->', '<!', '<?', '</', 'view', 'live-pusher', 'ad',
                                   ' ', '\n', '=', '"', "'", 'a', 'x="1"', "y='<b>'", '&amp;', '<script>',
                                   '</script>', '<template>', '</template>', '<style>', 'wx:if="{{a<b}}"']),
                  max_size=50).map("".join)
JS = st.lists(st.sampled_from(['wx', '.', 'request', 'Payment', '(', ')', '{', '}', '[', ']', "'", '"', '`', '//',
                               '/*', '*/', 'import', 'require', 'from', ' ', '\n', 'api.weixin.qq.com', ':', ';',
                               'Taro', '@tarojs/taro', 'x', '=', '$', '\\']),
              max_size=60).map("".join)


@FAST
@given(st.one_of(JSONISH, st.text(max_size=200)))
def test_json_reader_takes_anything(text: str) -> None:
    from zizhi.jsonpos import parse_json

    a, b = parse_json(text), parse_json(text)
    assert a == b
    for line, col, message in a.errors:
        assert line >= 1 and col >= 1 and message
    a.line_of("pages", 0)  # positions can be asked for


@FAST
@given(st.one_of(JSONISH, st.text(max_size=200)))
def test_uniapp_trailing_commas_keep_lines_and_columns(text: str) -> None:
    from zizhi_plugins.uniapp import drop_trailing_commas

    out = drop_trailing_commas(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert all(a == b or (a == "," and b == " ") for a, b in zip(text, out, strict=True))


class _Reference(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, list[tuple[str, str | None]], int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        self.out.append((tag, attrs, line, col))

    handle_startendtag = handle_starttag


WELL_FORMED = st.lists(st.one_of(
    st.builds(lambda tag, attrs, close: f"<{tag}{attrs}{close}>",
              st.sampled_from(["view", "live-pusher", "ad", "Button", "text"]),
              st.lists(st.sampled_from([' a="1"', " b='x y'", " wx:if=\"{{a<b}}\"", " c", " D=e", ' f="&amp;"',
                                       ' openType="x"', ' open-type="share"', " bindGetUserInfo=y",
                                       ' :enableCamera="false"']),
                       max_size=3).map("".join),
              st.sampled_from(["", "/"])),
    st.sampled_from(["</view>", "text", "\n", "<!-- c <ad> -->", "{{x}}", "  "]),
), max_size=20).map("".join)


@FAST
@given(WELL_FORMED)
def test_template_tokenizer_reads_start_tags_as_html_parser_does(text: str) -> None:
    from zizhi_plugins.wxml.collector import start_tags

    reference = _Reference()
    reference.feed(text)
    reference.close()
    assert start_tags(text) == reference.out
    # the Collector's camelCase aliases come after the tag's own attributes, and only under names not written
    aliased = start_tags(text, camel=True)
    assert len(aliased) == len(reference.out)
    for (tag, attrs, line, col), (_, written, _, _) in zip(aliased, reference.out, strict=True):
        assert (tag, attrs[:len(written)], line, col) in reference.out
        assert not {name for name, _ in attrs[len(written):]} & {name for name, _ in written}


@FAST
@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_template_and_vue_readers_take_anything(text: str) -> None:
    from zizhi_plugins.vue import blocks
    from zizhi_plugins.wxml.collector import start_tags

    tags = start_tags(text)
    assert tags == start_tags(text)
    assert all(1 <= line <= text.count("\n") + 1 and col >= 0 for _, _, line, col in tags)
    parts = blocks(text)
    assert parts == blocks(text)
    assert all(0 <= start <= end <= len(text) for _, start, end in parts)


_OLD_MODULE_FROM = re.compile(rb"""import\b[\w$\s{},*]*?(?:\bfrom\s*)?(?:'([^'\\\n]+)'|"([^"\\\n]+)")""")


@FAST
@given(JS)
def test_module_from_matches_the_regex_it_replaced(text: str) -> None:
    from zizhi_plugins.javascript import _module_from

    data = text.encode()
    old = [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _OLD_MODULE_FROM.finditer(data)]
    assert list(_module_from(data)) == old


def _old_in_comment(data: bytes, pos: int) -> bool:
    if data.rfind(b"/*", 0, pos) > data.rfind(b"*/", 0, pos):
        return True
    line_start = data.rfind(b"\n", 0, pos) + 1
    prefix = data[line_start:pos]
    at = prefix.find(b"//")
    while at >= 0:
        before = prefix[:at]
        if not before.endswith(b":") and all(before.count(q) % 2 == 0 for q in (b"'", b'"', b"`")):
            return True
        at = prefix.find(b"//", at + 2)
    return False


@FAST
@given(JS)
def test_comment_test_matches_the_one_it_replaced(text: str) -> None:
    from zizhi_plugins.javascript import _Places

    data = text.encode()
    places = _Places(data)
    for pos in range(len(data) + 1):
        assert places.in_comment(pos) == _old_in_comment(data, pos), pos
        line_start = data.rfind(b"\n", 0, pos) + 1
        assert places.line(pos) == data.count(b"\n", 0, pos) + 1
        assert places.column(pos) == len(data[line_start:pos].decode("utf-8", "replace")) + 1


@FAST
@given(JS, st.booleans(), st.sampled_from(["js", "ts", "tsx"]))
def test_javascript_reader_takes_anything(engine, text: str, vendored: bool, kind: str) -> None:
    from zizhi_plugins.javascript import zizhi_extract

    ctx = _ctx(engine)
    project = _project()
    first = zizhi_extract(file=_source(text, kind, f"pages/a.{kind}", vendored), project=project, ctx=ctx)
    again = zizhi_extract(file=_source(text, kind, f"pages/a.{kind}", vendored), project=project, ctx=ctx)
    assert first == again


@FAST
@given(st.one_of(MARKUP, JS, st.text(max_size=200)))
def test_vue_reader_takes_anything(engine, text: str) -> None:
    from zizhi_plugins.vue import zizhi_extract

    ctx = _ctx(engine)
    project = _project("uni-app")
    assert zizhi_extract(file=_source(text, "vue", "pages/a.vue"), project=project, ctx=ctx) == \
        zizhi_extract(file=_source(text, "vue", "pages/a.vue"), project=project, ctx=ctx)


PY = st.lists(st.sampled_from(["import openai", "from wechatpayv3 import WeChatPay", "\n", "(", ")", "[", "]",
                               "x = ", "'https://api.openai.com/v1'", "base_url=", "def f():\n    ", "@app.route",
                               "'/pay/notify'", " ", ":", "\t", "sub_mchid", "\\", '"""']), max_size=40).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PY)
def test_python_reader_takes_anything(engine, text: str) -> None:
    from zizhi_plugins.python.cst_reader import read

    ctx = _ctx(engine)
    a = read(_source(text, "python", "server/app.py", origin="backend"), ctx)
    b = read(_source(text, "python", "server/app.py", origin="backend"), ctx)
    assert a == b


TOMLISH = st.lists(st.sampled_from(['fail_on = "never"', "\n", "[rules]", "ignore = [", '"ZZ1"', "]", ",",
                                    "[holdings]", 'ICP_B25 = "x"', "ignore_paths = [", '"**"', "=", "[", "{", "}",
                                    '"', "subject = 1", "#"]), max_size=30).map("".join)


@FAST
@given(st.one_of(TOMLISH, st.text(max_size=200)))
def test_config_reader_takes_anything(tmp_path_factory, text: str) -> None:
    from zizhi.config import ConfigError, build_config, read_config_file

    path = tmp_path_factory.mktemp("cfg") / "zizhi.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(ConfigError):
        build_config(path, read_config_file(path) or {})
