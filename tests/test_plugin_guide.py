"""The example plugin of docs/plugins.md works as printed (it is the third-party contract)."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from conftest import features, make_project
from test_plugins import FakeEntryPoint, _with_entry_point

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"


def _guide_plugin() -> types.ModuleType:
    code = re.search(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert code, "docs/plugins.md has no python example"
    module = types.ModuleType("zizhi_myvendor")
    exec(compile(code.group(1), str(GUIDE), "exec"), module.__dict__)
    return module


def test_guide_plugin_adds_a_feature(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_entry_point(monkeypatch, FakeEntryPoint("myvendor", _guide_plugin()))
    root = make_project(tmp_path / "p", {"pages/index/index.js": "const live = require('my-live-sdk')\nPage({})\n"})
    _, report = run.report(root)
    assert "live_streaming" in features(report)
    code, out = run("plugins")
    assert code == 0 and "myvendor" in out and "zizhi_signal_catalogues" in out
    _, report = run.report(root, "-p", "no:myvendor")
    assert "live_streaming" not in features(report)
