"""A line of text as the extractors see it: characters with their boxes and one style.

Keeping a box per character lets every extracted value point at exactly the
characters it came from, not just the line around them.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from resumeflow_shared.profile import BBox, Provenance

# A horizontal jump this many font sizes wide means two fragments on one row (a
# title and its right-aligned date), not two words.
FRAGMENT_GAP_EM = 1.8
PRINTABLE_ASCII = frozenset(chr(c) for c in range(0x21, 0x7F))


@dataclass(frozen=True, slots=True)
class Line:
    """One row of text on one page, in reading order; ``\\t`` separates fragments."""

    page: int
    text: str
    boxes: tuple[BBox, ...]
    size: float
    bold: bool
    bbox: BBox = field(init=False, repr=False, compare=False)
    # The layout code reads these in its inner loops: plain slots, not properties.
    x0: float = field(init=False, repr=False, compare=False)
    y0: float = field(init=False, repr=False, compare=False)
    x1: float = field(init=False, repr=False, compare=False)
    y1: float = field(init=False, repr=False, compare=False)
    height: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        box = union(self.boxes)
        x0, y0, x1, y1 = box
        setter = object.__setattr__
        setter(self, "bbox", box)
        setter(self, "x0", x0)
        setter(self, "y0", y0)
        setter(self, "x1", x1)
        setter(self, "y1", y1)
        setter(self, "height", y1 - y0)

    @property
    def clean(self) -> str:
        """The text with fragment separators turned into spaces."""
        return " ".join(self.text.replace("\t", " ").split())

    def provenance(self, start: int = 0, end: int | None = None) -> Provenance:
        """Where ``text[start:end]`` sits on the page."""
        stop = len(self.text) if end is None else end
        boxes = self.boxes[start:stop] or self.boxes
        text = " ".join(self.text[start:stop].replace("\t", " ").split())
        # Built from our own values (page >= 1, four floats): no validation needed, and
        # every extracted value gets one, so this is on the hot path.
        return Provenance.model_construct(
            page=self.page, bbox=_round(union(boxes)), text=text or self.clean
        )

    def locate(self, needle: str) -> Provenance:
        """Provenance of the first occurrence of ``needle`` (the whole line if absent)."""
        at = self.text.find(needle)
        if at < 0:
            return self.provenance()
        return self.provenance(at, at + len(needle))


def union(boxes: Iterable[BBox]) -> BBox:
    xs0, ys0, xs1, ys1 = zip(*boxes, strict=False)  # boxes have four coordinates
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def _round(box: BBox) -> BBox:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def push_glyph(chars: list[str], boxes: list[BBox], raw: str, box: BBox) -> None:
    """Append one raw glyph to a line being built: NFKC, composed accents, single
    spaces, a fragment break (``\\t``) replacing a space before it. Callers append
    :data:`PRINTABLE_ASCII` glyphs directly; this would keep them as they are."""
    for ch in _normalise_char(raw):
        if unicodedata.combining(ch) and chars:
            composed = unicodedata.normalize("NFC", chars[-1] + ch)
            if len(composed) == 1:
                chars[-1] = composed
                continue
        if ch == " " and (not chars or chars[-1] in " \t"):
            continue
        if ch == "\t" and chars and chars[-1] == " ":
            chars[-1] = "\t"
            boxes[-1] = box
            continue
        chars.append(ch)
        boxes.append(box)


def finish_line(
    page: int, chars: list[str], boxes: list[BBox], size: float, bold: bool
) -> Line | None:
    """The :class:`Line` of glyphs pushed so far, without trailing blanks (None if empty)."""
    while chars and chars[-1] in " \t":
        chars.pop()
        boxes.pop()
    if not chars:
        return None
    return Line(page=page, text="".join(chars), boxes=tuple(boxes), size=size, bold=bold)


@functools.lru_cache(maxsize=4096)
def _normalise_char(raw: str) -> str:
    if raw == "\t":
        return raw
    if raw.isspace() or raw in "\u200b\u200c\u200d\ufeff":
        return " "
    if unicodedata.category(raw) in {"Cc", "Cf", "Co", "Cs"}:
        return ""
    return unicodedata.normalize("NFKC", raw)


def merge_row(parts: Sequence[Line]) -> Line:
    """Join lines that share a baseline, left to right, with a ``\\t`` between them."""
    ordered = sorted(parts, key=lambda line: line.x0)
    first = ordered[0]
    if len(ordered) == 1:
        return first
    text: list[str] = []
    boxes: list[BBox] = []
    prev = first
    for line in ordered:
        if text:
            gap = (boxes[-1][2], line.y0, line.x0, line.y1)
            text.append(" " if _word_gap(prev, line) else "\t")
            boxes.append(gap if gap[2] > gap[0] else line.boxes[0])
        prev = line
        text.append(line.text)
        boxes.extend(line.boxes)
    return Line(
        page=first.page,
        text="".join(text),
        boxes=tuple(boxes),
        size=max(line.size for line in ordered),
        bold=all(line.bold for line in ordered),
    )


def _word_gap(left: Line, right: Line) -> bool:
    """Two pieces of one justified sentence, which MuPDF returns as lines of their
    own when the glue is stretched: under an em apart, in the same size of type."""
    if abs(left.height - right.height) > 0.1 * max(left.height, right.height):
        return False
    return 0 <= right.x0 - left.x1 < 1.0 * min(left.size, right.size)


def split_line(line: Line) -> list[Line]:
    """The line's ``\\t``-separated fragments as lines of their own."""
    if "\t" not in line.text:
        return [line]
    pieces: list[Line] = []
    start = 0
    for end in [*(i for i, ch in enumerate(line.text) if ch == "\t"), len(line.text)]:
        if end > start:
            pieces.append(
                Line(
                    page=line.page,
                    text=line.text[start:end],
                    boxes=line.boxes[start:end],
                    size=line.size,
                    bold=line.bold,
                )
            )
        start = end + 1
    return pieces
