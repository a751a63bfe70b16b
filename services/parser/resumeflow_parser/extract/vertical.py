"""Vertical text (Japanese, Chinese, Korean set top to bottom) in reading order.

MuPDF reports vertical writing as lines whose direction is (0, 1), often one
glyph per line. We gather the glyphs into columns and read the columns right to
left, each top to bottom, which is how vertical CJK is read.

Vertical text is only read on a page where it outweighs the horizontal text. On
a horizontal resume the only vertical text is decoration (a rotated "RESUME"
down the margin, a sidebar label): putting it into the flow would tear a
section apart or leave a stray word in the last one, so such pages read
exactly as they did before vertical text was read at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from resumeflow_parser.extract.lines import Line
from resumeflow_shared.profile import BBox

# A direction this close to straight down (or up) is vertical writing.
_SKEW = 0.05
# Glyphs this many font sizes apart down a column start a new line of the column.
_COLUMN_GAP_EM = 1.5

_Glyph = tuple[str, BBox, float, bool]  # character, box, font size, bold


def vertical_glyphs(raw: dict[str, Any]) -> list[tuple[int, list[_Glyph]]]:
    """The glyphs of each vertical line of a ``rawdict``, with its direction (1 = down)."""
    out: list[tuple[int, list[_Glyph]]] = []
    for block in raw.get("blocks", ()):
        if block.get("type") != 0:
            continue
        for entry in block.get("lines", ()):
            dx, dy = entry.get("dir", (1.0, 0.0))
            if abs(dx) > _SKEW or abs(dy) < 1 - _SKEW:
                continue
            glyphs = [
                (char["c"], tuple(char["bbox"]), float(span.get("size", 0.0)), _bold(span))
                for span in entry.get("spans", ())
                for char in span.get("chars", ())
                if len(char["bbox"]) == 4
            ]
            if glyphs:
                out.append((1 if dy > 0 else -1, glyphs))
    return out


def _bold(span: dict[str, Any]) -> bool:
    return bool(span.get("flags", 0) & 16) or "bold" in str(span.get("font", "")).lower()


def mostly_vertical(glyphs: Sequence[tuple[int, list[_Glyph]]], horizontal: Sequence[Line]) -> bool:
    """Does vertical text outweigh horizontal text (visible characters) on the page?"""
    count = sum(not g[0].isspace() for _, line in glyphs for g in line)
    return count > 0 and count > sum(len(line.text.replace("\t", "")) for line in horizontal)


def vertical_lines(glyphs: Sequence[tuple[int, list[_Glyph]]], number: int) -> list[Line]:
    """Lines of vertical text, in reading order: columns right to left (for text read
    upwards, whose glyph tops face left: left to right), each top to bottom."""
    down = [g for sign, line in glyphs if sign > 0 for g in line]
    up = [g for sign, line in glyphs if sign < 0 for g in line]
    runs = [*_columns(down, upward=False), *_columns(up, upward=True)]
    # A space between words of a column (often U+3000) stays; spaces at its ends go.
    return [_line(run, number) for run in map(_trim, runs) if run]


def _trim(run: list[_Glyph]) -> list[_Glyph]:
    start, stop = 0, len(run)
    while start < stop and run[start][0].isspace():
        start += 1
    while stop > start and run[stop - 1][0].isspace():
        stop -= 1
    return run[start:stop]


def _columns(glyphs: list[_Glyph], *, upward: bool) -> Iterator[list[_Glyph]]:
    """Runs of glyphs that share a column and follow each other closely: columns right
    to left and down each (``upward``: left to right and up each)."""
    # A column is the glyphs centred within its x range: sort by centre x, cut where
    # the next centre falls outside. Centres, not box overlap, so glyph boxes wider
    # than their advance do not join neighbouring columns of tightly set text.
    by_x = sorted(glyphs, key=lambda g: (g[1][0] + g[1][2]) / 2, reverse=not upward)
    columns: list[list[_Glyph]] = []
    cx0 = cx1 = 0.0  # the x range of the last column, kept as it grows
    for glyph in by_x:
        x0, _, x1, _ = glyph[1]
        if columns and cx0 <= (x0 + x1) / 2 <= cx1:
            columns[-1].append(glyph)
            cx0, cx1 = min(cx0, x0), max(cx1, x1)
            continue
        columns.append([glyph])
        cx0, cx1 = x0, x1
    for column in columns:
        column.sort(key=lambda g: (g[1][1] + g[1][3]) / 2, reverse=upward)
        yield from _runs(column)


def _runs(column: list[_Glyph]) -> Iterator[list[_Glyph]]:
    run: list[_Glyph] = []
    for glyph in column:
        if run:
            prev = run[-1][1]
            gap = max(glyph[1][1] - prev[3], prev[1] - glyph[1][3])
            if gap > _COLUMN_GAP_EM * max(glyph[2], 1.0):
                yield run
                run = []
        run.append(glyph)
    if run:
        yield run


def _line(glyphs: list[_Glyph], number: int) -> Line:
    sizes = sorted(g[2] for g in glyphs)
    return Line(
        page=number,
        text="".join(g[0] for g in glyphs),
        boxes=tuple(g[1] for g in glyphs),
        size=round(sizes[len(sizes) // 2], 1),
        bold=sum(g[3] for g in glyphs) >= 0.6 * len(glyphs),
    )


def vertical_order(horizontal: Sequence[Line], vertical: Sequence[Line]) -> list[Line]:
    """One reading order for a mostly vertical page.

    Horizontal rows above the vertical text (a title band) come first and rows
    below it last; a row beside the columns (an e-mail address set sideways among
    them) is read where its right edge falls among the columns.
    """
    if not vertical:
        return list(horizontal)
    top = min(line.y0 for line in vertical)
    bottom = max(line.y1 for line in vertical)
    above = [line for line in horizontal if line.y1 <= top]
    below = [line for line in horizontal if line.y0 >= bottom]
    beside = [line for line in horizontal if line.y1 > top and line.y0 < bottom]
    return [*above, *_merge(vertical, beside), *below]


def _merge(vertical: Sequence[Line], beside: Sequence[Line]) -> list[Line]:
    """Each row goes before the first column that lies left of its right edge; the
    columns keep their order (right to left) and the rows theirs (top to bottom)."""
    slots: dict[int, list[Line]] = {}
    for row in sorted(beside, key=lambda line: line.y0):
        at = next((k for k, col in enumerate(vertical) if col.x1 < row.x1), len(vertical))
        slots.setdefault(at, []).append(row)
    out: list[Line] = []
    for k, column in enumerate(vertical):
        out.extend(slots.get(k, ()))
        out.append(column)
    out.extend(slots.get(len(vertical), ()))
    return out
