"""Built-in output formats, all rendered from the one report model: ``text`` (people), ``concise``
(one line per finding), ``json``
(machines, ``schemas/report.schema.json``), ``sarif`` (GitHub code scanning), ``github``
(workflow annotations + job summary), ``gitlab`` (Code Quality), ``junit`` and ``markdown``
(a pull-request comment)."""

from __future__ import annotations

import importlib

from zizhi import hookimpl
from zizhi.report import Report, Reporter
from zizhi.report.jsontext import dumps_indented


def render_json(report: Report) -> str:
    return dumps_indented(report.to_dict()) + "\n"  # (json.dumps(…, ensure_ascii=False, indent=2), faster)


def _imported_when_used(module: str, name: str) -> Reporter:
    """``.<module>.<name>``, its module imported when a report is first rendered in that format (a
    run writes one or two formats: the others' modules cost a few ms of every run's start)."""

    def render(report: Report) -> str:
        function: Reporter = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return function(report)

    render.__name__ = render.__qualname__ = name
    return render


@hookimpl
def zizhi_reporters() -> dict[str, Reporter]:
    return {"text": _imported_when_used("text", "render_text"),
            "concise": _imported_when_used("concise", "render_concise"), "json": render_json,
            "sarif": _imported_when_used("sarif", "render_sarif"),
            "github": _imported_when_used("github", "render_github"),
            "gitlab": _imported_when_used("gitlab", "render_gitlab"),
            "junit": _imported_when_used("junit", "render_junit"),
            "markdown": _imported_when_used("markdown", "render_markdown")}
