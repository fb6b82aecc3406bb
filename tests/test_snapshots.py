"""Snapshots of whole reports (text in both languages, and JSON) for the examples and some fixtures.

A change in wording, order, evidence or obligations shows up here as a unified diff. To accept the
new output, regenerate with ``ZIZHI_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py``
and review the diff of ``tests/snapshots/`` before committing.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("ZIZHI_UPDATE_SNAPSHOTS") == "1"

TARGETS = {
    "voice-square": EXAMPLES / "voice-square",
    "ad-tool": EXAMPLES / "ad-tool",
    "plain-tool": EXAMPLES / "plain-tool",
    "js-apis": FIXTURES / "js-apis",
    "wxml-components": FIXTURES / "wxml-components",
    "minigame": FIXTURES / "minigame",
    "pages-components": FIXTURES / "pages-components",
    "modules": FIXTURES / "modules",
    "backend-python": FIXTURES / "backend-python",
    "backend-node": FIXTURES / "backend-node",
    "backend-java": FIXTURES / "backend-java",
    "backend-php": FIXTURES / "backend-php",
    "uniapp": FIXTURES / "uniapp",
    "taro": FIXTURES / "taro",
    "mpx": FIXTURES / "mpx",
    "short-drama": FIXTURES / "short-drama",  # avsp.short_drama, cat.short_drama
    "alipay": FIXTURES / "alipay",
    "douyin": FIXTURES / "douyin",
    "douyin-game": FIXTURES / "douyin-game",
    "baidu": FIXTURES / "baidu",
    "qq": FIXTURES / "qq",
    "kuaishou": FIXTURES / "kuaishou",
    # the other fixtures, so that a refactoring that changes any report shows (bench/identical.py
    # checks the same on the corpus)
    "ads-banner": FIXTURES / "ads-banner",
    "background-location": FIXTURES / "background-location",
    "bad-json": FIXTURES / "bad-json",
    "js-traps": FIXTURES / "js-traps",
    "live-plugin": FIXTURES / "live-plugin",
    "location-declared": FIXTURES / "location-declared",
    "location-undeclared": FIXTURES / "location-undeclared",
    "syntax-error": FIXTURES / "syntax-error",
    "ugc-post": FIXTURES / "ugc-post",
    "wrong-type": FIXTURES / "wrong-type",
    "wxml-commented-ad": FIXTURES / "wxml-commented-ad",
    "wxml-live-pusher": FIXTURES / "wxml-live-pusher",
    "wxml-rtc-pusher": FIXTURES / "wxml-rtc-pusher",
    "vendored-lib": FIXTURES / "vendored-lib",
    "virtual-goods": FIXTURES / "virtual-goods",  # ZZ015: a payment call that buys a membership only
    "virtual-goods-shop": FIXTURES / "virtual-goods-shop",  # and the same beside a cart: both stay
}

FORMATS = [("text", "en", "txt"), ("text", "zh", "txt"), ("json", "en", "json")]


def normalise(text: str) -> str:
    """Make the output independent of where the repository is checked out, and of the version."""
    for root in {str(ROOT), ROOT.as_posix()}:
        text = text.replace(root, "<ROOT>")
    return text


def normalise_json(text: str) -> str:
    data = json.loads(text)
    data["tool"]["version"] = "<VERSION>"
    return normalise(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}; create it with ZIZHI_UPDATE_SNAPSHOTS=1")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"snapshots/{name}", tofile="actual"))
        pytest.fail(f"output differs from snapshots/{name} "
                    f"(ZIZHI_UPDATE_SNAPSHOTS=1 regenerates it):\n{diff}", pytrace=False)


@pytest.mark.parametrize(("fmt", "lang", "ext"), FORMATS, ids=[f"{f}-{lang}" for f, lang, _ in FORMATS])
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_snapshot(run, target: str, fmt: str, lang: str, ext: str) -> None:
    code, out = run("check", TARGETS[target], "--format", fmt, "--lang", lang)
    assert code in (0, 1), run.stderr
    assert run.stderr == ""
    if fmt == "json":
        compare(f"{target}.{lang}.json", normalise_json(out))
    else:
        compare(f"{target}.{lang}.txt", f"# exit code: {code}\n" + normalise(out))


#: The CI formats, snapshotted on one example (their content is tested in test_formats.py).
CI_FORMATS = {"sarif": "sarif.json", "github": "github.txt", "gitlab": "gitlab.json", "junit": "junit.xml",
              "markdown": "md"}
CI_ENV = ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "CI_PROJECT_URL",
          "CI_COMMIT_SHA", "ZIZHI_RULES_DOCS")


@pytest.mark.parametrize("fmt", sorted(CI_FORMATS))
def test_ci_format_snapshot(run, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the zizhi git checkout: these formats use repository-relative paths")
    for name in CI_ENV:
        monkeypatch.delenv(name, raising=False)
    code, out = run("check", TARGETS["voice-square"], "--format", fmt)
    assert code in (0, 1), run.stderr
    if fmt == "sarif":
        data = json.loads(out)
        for r in data["runs"]:
            r["tool"]["driver"]["version"] = r["tool"]["driver"]["semanticVersion"] = "<VERSION>"
        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    compare(f"voice-square.{CI_FORMATS[fmt]}", normalise(out))


def test_normalise_hides_the_checkout_path(run) -> None:
    _, out = run("check", EXAMPLES / "ad-tool")
    assert str(ROOT) in out  # the text report shows the absolute config path ...
    assert "<ROOT>/examples/ad-tool/zizhi.toml" in normalise(out)  # ... which snapshots normalise
    assert str(ROOT) not in normalise(out)


def test_no_stale_snapshots() -> None:
    expected = {f"{t}.{lang}.{ext}" for t in TARGETS for _, lang, ext in FORMATS}
    expected |= {f"voice-square.{ext}" for ext in CI_FORMATS.values()}
    present = {p.name for p in SNAPSHOTS.glob("*") if p.is_file()}
    assert present == expected, f"stale: {present - expected}; missing: {expected - present}"
