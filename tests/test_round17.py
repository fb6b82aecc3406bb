"""Detection round 17: the common UI libraries' text areas and pickers read as the native ones
(a composer built with uView, Vant, uni-ui, TDesign, NutUI, Taro UI... is a composer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project
from zizhi.context import Options
from zizhi.engine import check, load_engine


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def features(engine, root: Path) -> dict[str, tuple[str, set[str]]]:
    report = check([root], engine, Options())
    return {f.id: (f.confidence, {e.signal_id for e in f.evidence}) for p in report.projects for f in p.features}


_UNI = {
    "pages.json": '{"pages": [{"path": "pages/share/edit"}]}',
    "manifest.json": '{"name": "x", "mp-weixin": {"appid": "wx1"}}',
    "App.vue": "<script>export default {}</script>\n",
    "main.js": "import App from './App'\n",
}

_PAGE = """\
<template>
  <view>
    {editor}
    {picker}
    <button @click="submit">OK</button>
  </view>
</template>
<script>
export default {{
  methods: {{
    submit() {{
      uni.uploadFile({{ url: 'https://x.example.com/upload', filePath: this.path, name: 'f' }})
      uni.request({{ url: 'https://x.example.com/api/share/save', method: 'POST', data: this.form }})
    }},
  }},
}}
</script>
"""


@pytest.mark.parametrize("editor,picker", [
    ('<u--textarea v-model="text" placeholder="说说"></u--textarea>', '<u-upload :fileList="files"></u-upload>'),
    ('<uni-easyinput type="textarea" v-model="text" />', '<uni-file-picker v-model="files" />'),
    ('<van-field type="textarea" :value="text" />', '<van-uploader :file-list="files" />'),
    ('<t-textarea :value="text" />', '<t-upload :files="files" />'),
])
def test_library_composer_is_a_composer(engine, tmp_path: Path, editor: str, picker: str) -> None:
    """A page with a UI library's text area, its picker and an upload: the composer that the native
    textarea, wx.chooseImage and an upload make (ugc_post, from the catalogue's ugc.editor and
    ugc.media_pick groups: each library's component counts once with them, not twice)."""
    root = make_project(tmp_path / "p", {**_UNI, "pages/share/edit.vue": _PAGE.format(editor=editor, picker=picker)})
    found = features(engine, root)
    assert "ugc_post" in found, found
    assert found["ugc_post"][1] & {"ugc.editor_lib", "ugc.editor_typed"}
    assert "ugc.media_pick_lib" in found["ugc_post"][1]


def test_library_single_line_field_is_no_editor(engine, tmp_path: Path) -> None:
    """A library's input field without ``type="textarea"`` is a one-line field (a name, a phone
    number): no composer."""
    page = _PAGE.format(editor='<van-field :value="name" label="姓名" />',
                        picker='<u-upload :fileList="files"></u-upload>')
    root = make_project(tmp_path / "p", {**_UNI, "pages/share/edit.vue": page})
    assert "ugc_post" not in features(engine, root)
