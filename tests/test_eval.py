"""``zizhi eval MANIFEST CORPUS_DIR``: detections scored against hand labels, per feature and per
licence (issue 13, item 5)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, cli


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "ads-banner", corpus / "ads")
    shutil.copytree(FIXTURES / "ugc-post", corpus / "ugc")
    manifest = tmp_path / "labels.json"
    manifest.write_text(json.dumps([
        {"id": "ads", "features": {"ads": ["pages/index/index.wxml:2"]}, "absent": ["payment"],
         "licences": {"ICP_FILING": "required", "ICP_B25": "not_required"}},
        {"id": "ugc", "features": {"ugc_post": ["pages/post/post.js:1"], "payment": ["x.js:1"]}, "absent": [],
         "licences": {"ICP_FILING": "required", "SECURITY_ASSESSMENT": "required"}},
        {"id": "gone", "features": {}, "licences": {}},
    ]), encoding="utf-8")
    return manifest, corpus


def test_eval_scores_per_feature_and_licence(tmp_path: Path) -> None:
    manifest, corpus = _corpus(tmp_path)
    out_json = tmp_path / "out.json"
    code, out, err = cli(["eval", manifest, corpus, "--json", out_json])
    assert code == 0, err
    assert "skipped gone" in err
    assert "feature recall            66.7%  (2/3)" in out
    assert "Baseline" not in out  # the shared corpus's baseline means nothing on another set
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isalpha() and "%" in line}
    assert rows["payment"] == ["n/a", "0.0%", "0", "1", "0"]        # labelled, missed
    assert rows["ICP_B25"] == ["0.0%", "n/a", "0", "0", "1"]        # a false alarm: ads make B25 likely
    assert rows["ICP_FILING"] == ["100.0%", "100.0%", "2", "0", "0"]
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["per_id"]["licences"]["ICP_B25"] == {"tp": 0, "fn": 0, "fp": 1}
    assert [r["id"] for r in data["repos"]] == ["ads", "ugc"]


def test_eval_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    manifest, corpus = _corpus(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"entries": [{"no id": 1}]}', encoding="utf-8")
    assert cli(["eval", broken, corpus])[0] == 2
    assert cli(["eval", manifest, tmp_path / "missing"])[0] == 2
    assert cli(["eval", manifest, corpus, "--only", "gone"])[0] == 2  # nothing left to evaluate
