"""Coverage-guided fuzzing (atheris) of the readers of untrusted text that are most exposed: JSON and
JSONC manifests (with uni-app's trailing-comma pass) and templates (WXML, Vue blocks).

    python tests/hostile/fuzz_atheris.py -max_total_time=30 -timeout=5

``-timeout`` makes an input that takes longer than that many seconds a failure: the readers must
stay linear. CI runs it briefly when atheris installs (``.ci/run``); ``pip install atheris``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from zizhi.jsonpos import parse_json
    from zizhi_plugins.uniapp import drop_trailing_commas
    from zizhi_plugins.vue import blocks
    from zizhi_plugins.wxml.collector import start_tags


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 2)
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    if which == 0:
        doc = parse_json(text)
        assert doc == parse_json(text)
        doc.line_of("pages")
    elif which == 1:
        out = drop_trailing_commas(text)
        assert len(out) == len(text)
        parse_json(out)
    else:
        tags = start_tags(text)
        assert all(line >= 1 and col >= 0 for _, _, line, col in tags)
        for _, start, end in blocks(text):
            assert 0 <= start <= end <= len(text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
