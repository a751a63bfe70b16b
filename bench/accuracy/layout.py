"""A tiny text layout engine shared by both canvas producers.

Content is a list of :class:`Item` (a paragraph made of styled :class:`Span`); items
flow top-down into a :class:`Region` (a column on the page) and come out as absolute
:class:`Run`, :class:`Rule` and :class:`Box` drawing operations. Coordinates are PDF
points with the origin at the top left (PyMuPDF's convention); the ReportLab backend
flips them.

Atomic spans (``breakable=False``) never wrap: contact items, names, employers and
titles stay in one run so a checker can find them verbatim in the extracted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import fonts

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)


@dataclass
class Span:
    text: str
    bold: bool = False
    size: float | None = None  # None: the item's size
    color: Color = BLACK
    breakable: bool = True


@dataclass
class Item:
    spans: list[Span]
    size: float
    right: Span | None = None  # right-aligned on the first line (dates)
    gutter: Span | None = None  # in a left gutter on the first line (dates)
    gutter_width: float = 0.0
    bullet: str | None = None
    gap: float = 0.0  # extra space above
    rule: str | None = None  # "above" or "below": a horizontal line
    rule_color: Color = BLACK


@dataclass(frozen=True)
class Region:
    x0: float
    x1: float
    top: float
    bottom: float
    top_next: float  # where the region starts on continuation pages


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float  # baseline
    text: str
    bold: bool
    size: float
    color: Color


@dataclass(frozen=True)
class Rule:
    page: int
    x0: float
    x1: float
    y: float
    color: Color


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    color: Color


@dataclass
class Drawing:
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # repeated on every page
    pages: int = 1


@dataclass
class _Token:
    text: str
    span: Span
    size: float


def _tokens(item: Item) -> list[_Token]:
    out = []
    for span in item.spans:
        size = span.size or item.size
        parts = [span.text]
        if span.breakable and span.text.strip():
            parts = re.findall(r"\s*\S+\s*", span.text)
        out += [_Token(p, span, size) for p in parts if p]
    return out


class Flow:
    """Places items into one region, starting new pages as needed."""

    def __init__(self, drawing: Drawing, fam: fonts.Family, region: Region, page: int = 0):
        self.d, self.fam, self.region = drawing, fam, region
        self.page, self.y = page, region.top

    def _w(self, text: str, span: Span, size: float) -> float:
        return fonts.width(self.fam, span.bold, text, size)

    def _newline(self, height: float) -> float:
        if self.y + height > self.region.bottom:
            self.page += 1
            self.d.pages = max(self.d.pages, self.page + 1)
            self.y = self.region.top_next
        baseline = self.y + height * 0.78
        self.y += height
        return baseline

    def _lines(self, item: Item, first_width: float, width: float) -> list[list[_Token]]:
        lines: list[list[_Token]] = [[]]
        used = 0.0
        for tok in _tokens(item):
            avail = first_width if len(lines) == 1 else width
            text = tok.text.lstrip() if not lines[-1] else tok.text
            w = self._w(text.rstrip(), tok.span, tok.size)
            if lines[-1] and used + w > avail:
                lines.append([])
                used = 0.0
                avail = width
                text = tok.text.lstrip()
                w = self._w(text.rstrip(), tok.span, tok.size)
            if not tok.span.breakable and w > avail:  # shrink an atom that cannot fit
                tok.size = max(5.0, tok.size * avail / w)
                w = avail
            tok.text = text
            lines[-1].append(tok)
            used += self._w(text, tok.span, tok.size)
        return [line for line in lines if line]

    def add(self, item: Item) -> None:
        r = self.region
        self.y += item.gap
        if item.rule == "above":
            self.d.rules.append(Rule(self.page, r.x0, r.x1, self.y, item.rule_color))
            self.y += 3
        left = r.x0 + item.gutter_width + (10.0 if item.bullet else 0.0)
        width = r.x1 - left
        first = width
        if item.right is not None:
            first -= self._w(item.right.text, item.right, item.right.size or item.size) + 10
        for i, line in enumerate(self._lines(item, first, width) or [[]]):
            size = max([t.size for t in line] + [item.size])
            base = self._newline(size * 1.32)
            if i == 0:
                self._first_line_extras(item, base)
            self._emit(line, left, base)
        if item.rule == "below":
            self.d.rules.append(Rule(self.page, r.x0, r.x1, self.y + 1, item.rule_color))
            self.y += 4

    def _first_line_extras(self, item: Item, base: float) -> None:
        r = self.region
        for span, x in ((item.gutter, r.x0), (item.right, None)):
            if span is None:
                continue
            size = span.size or item.size
            if x is None:
                x = r.x1 - self._w(span.text, span, size)
            self._run(x, base, span.text, span, size)
        if item.bullet:
            bullet = Span(item.bullet)
            self._run(r.x0 + item.gutter_width + 2, base, item.bullet, bullet, item.size)

    def _emit(self, line: list[_Token], x: float, base: float) -> None:
        """Merge same-style neighbours into one run, as word processors do."""
        groups: list[list[_Token]] = []
        for tok in line:
            if groups and groups[-1][-1].span is tok.span and groups[-1][-1].size == tok.size:
                groups[-1].append(tok)
            else:
                groups.append([tok])
        for n, group in enumerate(groups):
            text = "".join(t.text for t in group)
            if n == len(groups) - 1:
                text = text.rstrip()
            span, size = group[0].span, group[0].size
            self._run(x, base, text, span, size)
            x += self._w(text, span, size)

    def _run(self, x: float, y: float, text: str, span: Span, size: float) -> None:
        if text.strip():
            self.d.runs.append(Run(self.page, x, y, text, span.bold, size, span.color))
