"""Built-in output formats: ``text`` (people) and ``json`` (machines, ``schemas/report.schema.json``)."""

from __future__ import annotations

import json

from zizhi import hookimpl
from zizhi.report import Report, Reporter

from .text import render_text


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def zizhi_reporters() -> dict[str, Reporter]:
    return {"text": render_text, "json": render_json}
