"""The tokenizer pass over one template: start tags the catalogue names, with their attributes
and positions (kept apart so that a run that tokenizes no template does not import html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser

from zizhi.model import Location, Signal, SourceFile


class Collector(HTMLParser):
    def __init__(self, wanted: set[str], file: SourceFile):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.file = file
        self.signals: list[Signal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.wanted:
            return
        line, col = self.getpos()
        values = {k: (v or "") for k, v in attrs}
        # Mini-program directive prefixes differ (wx:, a:, tt:, s-): keep attributes as written.
        self.signals.append(
            Signal("component", tag, Location(self.file.relpath, line, col + 1), attrs=values,
                   origin=self.file.origin, vendored=self.file.vendored)
        )

    handle_startendtag = handle_starttag
