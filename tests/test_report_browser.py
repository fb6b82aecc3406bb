"""The HTML portfolio report in a real headless browser (Debian's Chromium, driven by Playwright):
it renders from ``file://`` with no network, its filters, sorting, drill-down and language switch work,
and a repository with hostile names and strings runs no script and breaks no layout. A screenshot is
kept in ``$ZIZHI_TEST_ARTIFACTS`` (default ``test-artifacts/`` of the checkout).

Needs ``pip install '.[audit]'`` (Playwright) and ``apt-get install chromium``; skipped, saying so,
where either is missing — except in CI (``CI=true``), where .ci/run installs both and a skip would hide
a broken report, so it fails instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT, cli

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PWNED = "window.__pwned=1"
HOSTILE_REPO = f"<img src=x onerror={PWNED}>"
HOSTILE_SNIPPET = f'</script><script>{PWNED}</script>'


def _chromium() -> str | None:
    for candidate in (os.environ.get("ZIZHI_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}: CI must run the browser test (.ci/run installs chromium and the audit extra)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install '.[audit]')")
    executable = _chromium()
    if executable is None:
        _missing("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="zizhi-chromium-") as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=executable, args=ARGS,
                                                       headless=True, viewport={"width": 1400, "height": 900},
                                                       offline=True)
        try:
            yield context
        finally:
            context.close()


def hostile_repository(root: Path) -> Path:
    """A WeChat project whose folder, file names and strings are HTML, script and Markdown."""
    repo = root / HOSTILE_REPO
    files = {
        "project.config.json": '{"appid": "wx00000000000000f1", "projectname": "x", "compileType": "miniprogram"}\n',
        "app.json": '{"pages": ["pages/index/index"]}\n',
        "app.js": "App({})\n",
        "pages/index/index.wxml": "<view>index</view><ad unit-id=\"x\"></ad>\n",
        "pages/index/index.js": f'Page({{}})\nwx.requestPayment({{note: "{HOSTILE_SNIPPET}"}})\n',
        f'pages/index/"onerror={PWNED} <script>.js': "wx.requestPayment({})\n",
        "pages/index/[a](javascript:alert(1)).js": "wx.createRewardedVideoAd({})\n",
        "pages/index/" + "x" * 240 + ".js": "wx.requestPayment({})\n",
    }
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    repos = base / "repos"
    repos.mkdir()
    try:
        hostile_repository(repos)
    except OSError as exc:
        pytest.skip(f"hostile file names not supported here: {exc}")
    for name in ("ads-banner", "wxml-live-pusher", "alipay"):
        shutil.copytree(FIXTURES / name, repos / name)
    shutil.copytree(EXAMPLES / "voice-square", repos / "voice-square")
    html = base / "report.html"
    code, _, stderr = cli(["audit", str(repos), "-o", str(base / "out.jsonl"), "--html", str(html), "--jobs", "1"])
    assert code == 1, stderr
    return html


def _open(browser: Any, html: Path) -> tuple[Any, list[str]]:
    problems: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda req: problems.append(f"request: {req.url}") if not req.url.startswith("file:") else None)
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)
    return page, problems


def _rows(page: Any) -> list[str]:
    return [str(t) for t in page.locator("tr.row td:first-child").all_text_contents()]


def test_renders_filters_sorts_and_switches_language(browser, report_page) -> None:
    page, problems = _open(browser, report_page)
    try:
        rows = _rows(page)
        assert len(rows) == 5  # the hostile project, ads-banner, the live pusher, alipay, voice-square
        assert page.locator("h1").text_content() == "zizhi portfolio report"
        assert page.locator(".chart svg rect").count() > 0
        # search
        page.fill("#f-search", "ads-banner")
        assert [r.rsplit("/", 1)[-1] for r in _rows(page)] == ["ads-banner"]
        page.fill("#f-search", "")
        # platform
        page.select_option("#f-platform", "alipay")
        assert [r.rsplit("/", 1)[-1] for r in _rows(page)] == ["alipay"]
        page.select_option("#f-platform", "")
        # licence and state: MPC_B22 likely or required only for the voice room
        page.select_option("#f-licence", "MPC_B22")
        assert {r.rsplit("/", 1)[-1] for r in _rows(page)} == {"voice-square"}
        page.select_option("#f-licence", "")
        before = len(_rows(page))
        page.select_option("#f-findings", "error")
        with_errors = _rows(page)
        assert 0 < len(with_errors) <= before
        page.select_option("#f-findings", "")
        # sorting by repository, both ways
        page.click("th[data-key=repository]")
        assert _rows(page) == sorted(_rows(page))
        page.click("th[data-key=repository]")
        assert _rows(page) == sorted(_rows(page), reverse=True)
        # drill-down: the reasoning chain and the legal basis
        page.locator("tr.row", has_text="voice-square").first.click()
        detail = page.locator("tr.detail").first.text_content() or ""
        assert "MPC_B22" in detail and "Legal basis" in detail and "Evidence" in detail
        # Chinese
        page.click("#f-lang")
        assert page.locator("h1").text_content() == "zizhi 项目组合报告"
        assert "法律依据" in (page.locator("tr.detail").first.text_content() or "")
        artifacts = Path(os.environ.get("ZIZHI_TEST_ARTIFACTS", ROOT / "test-artifacts"))
        artifacts.mkdir(parents=True, exist_ok=True)
        page.click("#f-lang")
        page.screenshot(path=str(artifacts / "portfolio-report.png"), full_page=True)
        assert (artifacts / "portfolio-report.png").stat().st_size > 10_000
    finally:
        page.close()
    assert problems == []


def test_hostile_repository_runs_no_script_and_breaks_no_layout(browser, report_page) -> None:
    page, problems = _open(browser, report_page)
    try:
        hostile = page.locator("tr.row", has_text="onerror")
        assert hostile.count() == 1
        assert (hostile.locator("td").first.text_content() or "").endswith(HOSTILE_REPO)
        hostile.click()
        detail = page.locator("tr.detail").first
        assert "wx.requestPayment" in detail.locator("pre").all_text_contents()  # code snippets of the evidence
        assert any(f'"onerror={PWNED} <script>.js' in t for t in detail.locator("code").all_text_contents())
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 2  # the data block and the page's own script
        assert page.locator("img").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        # no layout broken: the long names wrap inside the page
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth") + 1
        assert page.locator("table.portfolio tr#head th").count() > 5
    finally:
        page.close()
    assert problems == []


def test_hostile_records_stay_text_in_the_page(browser, tmp_path) -> None:
    """Records written by hand (no sanitising on the way): script in every string the page shows."""
    from test_audit import HOSTILE, hostile_records
    from zizhi.report.portfolio import render_html

    html = tmp_path / "hostile.html"
    html.write_text(render_html(hostile_records(), "en"), encoding="utf-8")
    page, problems = _open(browser, html)
    try:
        page.locator("tr.row").first.click()
        text = page.locator("tr.detail").first.text_content() or ""
        assert HOSTILE[0] in text and HOSTILE[1] in text
        assert HOSTILE[0] in page.locator("tr.detail pre").first.text_content()
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 2 and page.locator("img").count() == 0
        assert page.locator("a").count() == 0  # a basis link that is not https:// is shown as text only
        assert HOSTILE[1] in (page.locator("ul.errors").text_content() or "")
    finally:
        page.close()
    assert problems == []
