"""Every output format from the one report: SARIF (validated against the OASIS schema), GitHub
annotations (escaping with hostile names), GitLab Code Quality, JUnit, Markdown, and several
formats in one run."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, load_report, make_project, write_files
from gitrepo import make_repo

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"  # OASIS, unmodified: tests/data/README.md
AD = '<ad unit-id="adunit-1" ad-type="banner" />\n'
VOIP = "wx.joinVoIPChat({ roomType: 'voice' })"
HOSTILE_PAGE = "pages/a,b:c%25 d/index"  # a comma, a colon, a percent sign and a space
#: Paths in sarif/github/gitlab are relative to the repository: the examples' start with examples/ in a checkout.
in_checkout = pytest.mark.skipif(not (ROOT / ".git").exists(),
                                 reason="needs the zizhi git checkout (repo-relative paths)")


@pytest.fixture
def sarif_validator():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def hostile_repo(tmp_path: Path) -> Path:
    """A repository whose project has a hostile page name, a suppression problem and a voice call."""
    return make_repo(tmp_path / "repo", {
        "app.json": json.dumps({"pages": ["pages/index/index", HOSTILE_PAGE]}),
        f"{HOSTILE_PAGE}.wxml": AD,
        f"{HOSTILE_PAGE}.js": "Page({})\n",
        "pages/index/index.js": f"Page({{ onLoad() {{\n  // zizhi-disable-next-line ZZ103\n  {VOIP}\n}} }})\n",
    })


def sarif_of(run, *argv: object) -> dict:
    code, out = run("check", *argv, "--format", "sarif")
    assert code in (0, 1), run.stderr
    return json.loads(out)


# --- SARIF --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sarif_is_valid(run, sarif_validator, tmp_path: Path, lang: str) -> None:
    for target in (EXAMPLES / "voice-square", hostile_repo(tmp_path) / "app"):
        doc = sarif_of(run, target, "--lang", lang)
        errors = sorted(sarif_validator.iter_errors(doc), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_rules_come_from_the_rule_metadata(run) -> None:
    from zizhi.engine import load_engine

    doc = sarif_of(run, EXAMPLES / "voice-square")
    driver = doc["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == [r.code for r in load_engine().rules]
    b22 = rules["ZZ103"]
    assert b22["shortDescription"]["text"].startswith("Value-added telecom licence")
    assert b22["fullDescription"]["text"] and b22["help"]["text"] and "### How to comply" in b22["help"]["markdown"]
    assert b22["helpUri"].endswith("docs/rules.md#zz103")
    assert {"compliance", "MPC_B22"} <= set(b22["properties"]["tags"])
    assert rules["ZZ020"]["name"] == "suppression-without-reason"


@in_checkout
def test_sarif_results_carry_the_reasoning_chain(run) -> None:
    run_ = sarif_of(run, EXAMPLES / "voice-square")["runs"][0]
    assert run_["automationDetails"]["id"] == "zizhi/examples/voice-square/"
    rules = run_["tool"]["driver"]["rules"]
    (b22,) = [r for r in run_["results"] if r["ruleId"] == "ZZ103"]
    assert rules[b22["ruleIndex"]]["id"] == "ZZ103"
    assert b22["level"] == "warning"
    loc = b22["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "examples/voice-square/pages/room/room.js", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 5
    related = b22["relatedLocations"]
    assert related[0]["message"]["text"] == "wx.joinVoIPChat (rtc.voip) → rtc_voice → MPC_B22"
    assert "[wx.joinVoIPChat examples/voice-square/pages/room/room.js:5](1) → rtc_voice → MPC_B22" in \
        b22["message"]["text"]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_sarif_uris_are_percent_encoded(run, tmp_path: Path) -> None:
    doc = sarif_of(run, hostile_repo(tmp_path) / "app")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert "app/pages/a%2Cb%3Ac%2525%20d/index.wxml" in uris


def test_fingerprints_stay_when_unrelated_lines_move(run, tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n",
                                         "pages/index/index.wxml": AD})

    def results() -> dict[str, tuple[str, int]]:
        doc = sarif_of(run, root)
        return {r["ruleId"]: (r["partialFingerprints"]["zizhiIdentity/v2"],
                              r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in doc["runs"][0]["results"]}

    before = results()
    write_files(root, {"pages/index/index.js": f"// a\n// b\n\nPage({{ onLoad() {{ {VOIP} }} }})\n",
                       "pages/index/index.wxml": "<view>moved</view>\n\n" + AD})
    after = results()
    assert before.keys() == after.keys()
    assert {k: v[0] for k, v in before.items()} == {k: v[0] for k, v in after.items()}
    assert before["ZZ103"][1] == 1 and after["ZZ103"][1] == 4
    assert len({v[0] for v in after.values()}) == len(after)  # unique


# --- GitHub -------------------------------------------------------------------------------------------------


_CODES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(text: str) -> str:
    """What the runner does with an escaped value (one pass)."""
    return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: _CODES[m.group(0)], text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaping_round_trips(text: str) -> None:
    """Lossless but for what must never reach the runner: control characters other than CR and LF
    are removed, lone surrogates become U+FFFD (zizhi.report.safe)."""
    from zizhi.report.safe import final
    from zizhi_plugins.reporters.github import escape_data, escape_property

    text_safe = final(text, keep="\r")
    assert unescape(escape_property(text)) == text_safe
    assert unescape(escape_data(text)) == text_safe
    assert not set(escape_property(text)) & set(",:\r\n") and not set(escape_data(text)) & set("\r\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"/*<!->- \nZ01", "zizhi-disable-", "line", "next-", "ZZ101", "--", "é"]))
       .map("".join))
def test_suppression_parser_takes_anything(text: str) -> None:
    from zizhi.suppress import parse

    for s in parse(text, "a.js"):
        assert s.target in (s.line, s.line + 1) and all(c.startswith("ZZ") for c in s.codes)


ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def test_escaping() -> None:
    from zizhi_plugins.reporters.github import annotation, escape_data, escape_property

    hostile = "100% a,b:c\r\nd%0A"
    assert escape_data(hostile) == "100%25 a,b:c%0D%0Ad%250A"
    assert escape_property(hostile) == "100%25 a%2Cb%3Ac%0D%0Ad%250A"
    line = annotation("error", "msg: 50%,\nnext::line", "dir/a,b:c.js", 3, 2, "ZZ101 x (category:wechat:a,b)")
    assert line == ("::error file=dir/a%2Cb%3Ac.js,line=3,col=2,title=ZZ101 x (category%3Awechat%3Aa%2Cb)"
                    "::msg: 50%25,%0Anext::line")
    m = ANNOTATION.match(line)
    assert m is not None
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    assert unescape(props["file"]) == "dir/a,b:c.js"
    assert unescape(m.group(3)) == "msg: 50%,\nnext::line"


def test_github_annotations_with_hostile_file_names(run, tmp_path: Path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    app = hostile_repo(tmp_path) / "app"
    code, out = run("check", app, "--format", "github")
    assert code == 1
    annotations = [ANNOTATION.match(line) for line in out.splitlines() if line.startswith("::")]
    assert annotations and all(annotations)
    files = set()
    for m in annotations:
        assert m is not None
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        files.add(unescape(props["file"]))
        assert "\n" not in m.group(3)  # one line each: newlines are escaped
    assert f"app/{HOSTILE_PAGE}.wxml" in files
    levels = {m.group(1) for m in annotations if m is not None}
    assert {"error", "warning"} <= levels
    assert f"== Project {app.as_posix()}  [" in out  # the text report follows, the project as given
    assert "Summary:" in out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## zizhi") and "ZZ101" in text


@in_checkout
def test_github_without_step_summary(run, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    code, out = run("check", EXAMPLES / "ad-tool", "--format", "github")
    assert code == 1 and out.startswith("::error file=examples/ad-tool/")


# --- GitLab, JUnit, Markdown --------------------------------------------------------------------------------


@in_checkout
def test_gitlab_code_quality(run, tmp_path: Path) -> None:
    code, out = run("check", EXAMPLES / "voice-square", hostile_repo(tmp_path) / "app", "--format", "gitlab")
    assert code == 1
    issues = json.loads(out)
    assert len({i["fingerprint"] for i in issues}) == len(issues) > 3
    for i in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= i.keys()
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert not i["location"]["path"].startswith("/") and i["location"]["lines"]["begin"] >= 1
    assert {i["severity"] for i in issues if i["check_name"] == "ZZ100"} == {"major"}
    paths = {i["location"]["path"] for i in issues}
    assert "examples/voice-square/pages/room/room.js" in paths
    assert f"app/{HOSTILE_PAGE}.wxml" in paths


def test_junit(run) -> None:
    code, out = run("check", EXAMPLES / "voice-square", "--format", "junit")
    assert code == 1  # ZZ205: WeChat VoIP is closed to the social categories it needs
    root = ET.fromstring(out)
    (suite,) = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert {"ICP_FILING", "ICP_B25", "MPC_B22"} <= cases.keys()
    assert cases["ICP_FILING"].find("failure") is None  # held
    failure = cases["MPC_B22"].find("failure")
    assert failure is not None and failure.get("type") == "ZZ103 warning"
    assert "wx.joinVoIPChat (rtc.voip) → rtc_voice → MPC_B22" in (failure.text or "")
    assert int(suite.get("tests") or 0) == len(cases)
    assert int(suite.get("failures") or 0) == sum(1 for c in cases.values() if c.find("failure") is not None)


@in_checkout
def test_markdown_pr_comment(run, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/app")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    code, out = run("check", EXAMPLES / "voice-square", "--format", "markdown")
    assert code == 1  # ZZ205 errors
    assert out.startswith("## zizhi")
    assert "https://github.com/acme/app/blob/abc123/examples/voice-square/pages/room/room.js#L5" in out
    assert "`wx.joinVoIPChat` → Real-time voice → `MPC_B22`" in out  # signal → feature (by name) → obligation
    assert "rules.md#zz103" in out


def test_markdown_of_a_diff_says_what_the_change_needs(run, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_files(repo / "app", {"pages/index/index.js": f"Page({{ onLoad() {{ {VOIP} }} }})\n"})
    _, out = run("check", repo / "app", "--format", "markdown", "--diff", "HEAD")
    assert out.startswith("## zizhi: what this change needs")
    assert "ZZ103" in out and "ZZ100" not in out
    assert "Left out: 1 existing before HEAD." in out
    assert "— this change adds `wx.joinVoIPChat`: Value-added telecom licence — domestic multi-party" in out


# --- several formats in one run -----------------------------------------------------------------------------


def test_several_formats_in_one_run(run, tmp_path: Path) -> None:
    sarif, report = tmp_path / "z.sarif", tmp_path / "z.json"
    code, out = run("check", EXAMPLES / "ad-tool", "--format", "text", "--format", f"sarif:{sarif}",
                    "-f", f"json:{report}")
    assert code == 1
    assert f"== Project {EXAMPLES / 'ad-tool'}  [" in out
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert load_report(report)["projects"][0]["root"] == "."


def test_output_pairs_with_the_format_without_a_file(run, tmp_path: Path) -> None:
    target, sarif = tmp_path / "r.json", tmp_path / "z.sarif"
    code, out = run("check", EXAMPLES / "ad-tool", "--format", "json", "--output", target, "-f", f"sarif:{sarif}")
    assert code == 1 and out == ""
    assert load_report(target) and sarif.is_file()
    code, out = run("check", EXAMPLES / "ad-tool", "--output", target)  # default format: text
    assert out == "" and target.read_text(encoding="utf-8").startswith("== Project")


@pytest.mark.parametrize("argv", [
    ["--format", "text", "--format", "json"],  # two to stdout
    ["--format", "text", "--format", "json", "--output", "x"],  # --output: which one?
    ["--format", "sarif:"],  # no file after the colon
    ["--format", "text", "--format", "nope:x"],  # unknown
])
def test_ambiguous_or_unknown_formats_are_exit_2(run, argv: list[str]) -> None:
    code, out = run("check", EXAMPLES / "plain-tool", *argv)
    assert code == 2 and out == ""
    assert run.stderr.startswith("zizhi: error:")


def _big_report(tmp_path: Path):
    from zizhi.engine import check, load_engine

    root = make_project(tmp_path / "p", {"pages/index/index.wxml": AD})
    report = check([root], load_engine())
    finding = report.projects[0].findings[0]
    finding.message_en = "x" * 1000
    report.projects[0].findings = [finding] * 200
    return report


def test_markdown_is_never_cut(tmp_path: Path) -> None:
    from zizhi_plugins.reporters.markdown import MAX_CHARS, render_markdown

    text = render_markdown(_big_report(tmp_path))
    assert len(text) > 200 * 1000 > MAX_CHARS  # every finding: a file written with -o is whole
    assert text.count("x" * 1000) == 200 and "cut" not in text


def test_job_summary_is_cut_and_links_to_the_full_report(tmp_path: Path, monkeypatch) -> None:
    from zizhi.report.view import View
    from zizhi_plugins.reporters.markdown import MAX_CHARS, job_summary

    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.setenv("GITHUB_RUN_ID", "42")
    report = _big_report(tmp_path)
    report.view = View(files={"markdown": "zizhi.md"})
    text = job_summary(report)
    assert len(text) < MAX_CHARS + 400
    tail = text.rsplit("\n", 2)[-2]
    assert "cut to fit the job summary" in tail and "`zizhi.md`" in tail
    assert "(https://github.com/o/r/actions/runs/42)" in tail
    report.view = View()
    assert "zizhi.md" not in job_summary(report)  # no Markdown file written: the job log only
