"""Page text in reading order: lines from MuPDF, split into columns, joined into rows.

MuPDF returns text in content-stream order, which for designed resumes can hop
between a sidebar and the main column line by line. We rebuild the order from
geometry: find a vertical gutter, read each band column by column, and join
fragments on one baseline (a title and its right-aligned dates) into one row.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pymupdf

from resumeflow_parser.extract.dates import cut_range_head, find_range, month_only, range_tail
from resumeflow_parser.extract.lines import (
    FRAGMENT_GAP_EM,
    PRINTABLE_ASCII,
    Line,
    finish_line,
    merge_row,
    push_glyph,
)
from resumeflow_parser.extract.lines import split_line as split_fragments
from resumeflow_parser.extract.vertical import (
    mostly_vertical,
    vertical_glyphs,
    vertical_lines,
    vertical_order,
)
from resumeflow_shared.profile import BBox

TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
) & ~pymupdf.TEXT_PRESERVE_LIGATURES

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MIN_GUTTER = 10.0
_MAX_MARKS = 500
_HEADER_BAND_LINES = 10
_HEADER_CLUSTER = 6
_MONTH_TAIL = re.compile(r"[-–—]\s*([^\W\d_]{3,9})\.?$")
_CUT_WORD = re.compile(r"\d.*[^\W\d_]-$")
_LOWER_YEAR = re.compile(r"[^\W\d_A-Z]+\s+(?:19[5-9]\d|20[0-3]\d)(?!\d)")
_YEAR_FIRST = re.compile(r"(?:19[5-9]\d|20[0-3]\d)(?!\d)")
_MAX_COLUMN_LINES = 4000  # beyond this a page is not a resume layout; read it top-down
# A right-hand fragment carrying a year, "present" or "City, ST" is the date or place
# of the row it sits on, not the start of a second column.
_TRAILING = re.compile(
    r"\b(?:19[5-9]\d|20[0-3]\d)\b|\bpresent\b|\bcurrent\b|^[^\W\d][\w .'-]*,\s*[^\W\d][\w .'-]*$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|página|pagina)?\s*\d{1,3}(?:\s*(?:/|of|de|von|sur)\s*\d{1,3})?$",
    re.IGNORECASE,
)


Flow = tuple[Line, Line]  # (first line of a two-column band, first line of its right column)


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    flows: tuple[Flow, ...] = ()

    @property
    def columns(self) -> bool:
        return bool(self.flows)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def read_page(
    page: pymupdf.Page, number: int, textpage: Any = None, *, raw: dict[str, Any] | None = None
) -> PageLayout:
    """Lines of one page in reading order (``textpage``: an OCR text page; ``raw``: the
    page's ``rawdict`` with :data:`TEXT_FLAGS`, if the caller has it already)."""
    if textpage is not None:
        raw = page.get_text("rawdict", textpage=textpage)
    elif raw is None:
        raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    lines = raw_lines(raw, number)
    glyphs = vertical_glyphs(raw)
    flows: list[Flow] = []  # column flows are a horizontal notion: a vertical page has none
    if glyphs and mostly_vertical(glyphs, lines):
        ordered = vertical_order(reading_order(lines)[0], vertical_lines(glyphs, number))
    else:
        ordered, flows = reading_order(lines)
    rect = page.rect
    return PageLayout(number, rect.width, rect.height, tuple(ordered), tuple(flows))


def plain_text(raw: dict[str, Any]) -> str:
    """The text of a ``rawdict`` extraction, one line of it per line (no reading order)."""
    return "\n".join(
        "".join([char["c"] for span in line.get("spans", ()) for char in span.get("chars", ())])
        for block in raw.get("blocks", ())
        if block.get("type") == 0
        for line in block.get("lines", ())
    )


def raw_lines(raw: dict[str, Any], number: int) -> list[Line]:
    """Horizontal text lines of a ``rawdict`` extraction (vertical and rotated text skipped;
    :mod:`~resumeflow_parser.extract.vertical` reads vertical text)."""
    out: list[Line] = []
    for block in raw.get("blocks", []):
        if block.get("type") != 0:
            continue
        for entry in block.get("lines", []):
            dx, dy = entry.get("dir", (1.0, 0.0))
            if dx <= 0 or abs(dy) > 0.05:
                continue
            line = _line_from_spans(entry.get("spans", []), number)
            if line is not None:
                out.append(line)
    return out


def _line_from_spans(spans: Sequence[dict[str, Any]], number: int) -> Line | None:
    # build_line's work, done as the glyphs come (this loop sees every character, so
    # what it calls per glyph is bound to locals first).
    chars: list[str] = []
    boxes: list[BBox] = []
    add_char, add_box = chars.append, boxes.append
    isfinite, printable = math.isfinite, PRINTABLE_ASCII
    sizes: Counter[float] = Counter()
    bold_chars = 0
    prev_x1: float | None = None
    for span in spans:
        size = float(span.get("size", 0.0))
        bold = bool(span.get("flags", 0) & 16) or _bold_font(span.get("font", ""))
        gap = FRAGMENT_GAP_EM * max(size, 1.0)
        visible = 0
        for char in span.get("chars", ()):
            bbox = char["bbox"]
            try:
                x0, y0, x1, y1 = bbox  # MuPDF's floats
            except ValueError:
                continue  # not a box
            # One check for all four: a sum of finite page coordinates is finite.
            if not isfinite(x0 + y0 + x1 + y1):
                continue
            if prev_x1 is not None and x0 - prev_x1 > gap:
                push_glyph(chars, boxes, "\t", (prev_x1, y0, x0, y1))
            c = char["c"]
            prev_x1 = x1
            if c in printable:
                add_char(c)
                add_box(bbox)
                visible += 1
                continue
            push_glyph(chars, boxes, c, bbox)
            if not c.isspace():
                visible += 1
        if visible:
            sizes[round(size, 1)] += visible
            if bold:
                bold_chars += visible
    if not sizes:
        return None
    visible = sum(sizes.values())
    size = sizes.most_common(1)[0][0]
    return finish_line(number, chars, boxes, size, bold_chars >= 0.6 * visible)


@functools.lru_cache(maxsize=256)
def _bold_font(font: str) -> bool:
    return bool(_BOLD_FONT.search(font))


def reading_order(lines: Sequence[Line]) -> tuple[list[Line], list[Flow]]:
    """Order lines for reading, with where each right-hand column starts (if any)."""
    pieces = _attach_marks([piece for line in lines for piece in split_fragments(line)])
    pieces = _join_cut_ranges(pieces)
    gutter = find_gutter(pieces)
    if gutter is None:
        return rows(pieces), []
    return _read_columns(pieces, gutter)


def _attach_marks(pieces: list[Line]) -> list[Line]:
    """Join a lone bullet glyph to the text it marks, so bullets never form a column."""
    marks = [p for p in pieces if not any(ch.isalnum() for ch in p.text) and len(p.text) <= 2]
    if not marks or len(marks) > _MAX_MARKS:
        return pieces
    taken: set[int] = set()
    joined: dict[int, Line] = {}
    for mark in marks:
        target = _marked(mark, pieces, taken)
        if target is not None:
            taken.update((id(mark), id(target)))
            joined[id(target)] = merge_row([mark, target])
    return [joined.get(id(p), p) for p in pieces if id(p) not in taken or id(p) in joined]


def _join_cut_ranges(pieces: list[Line]) -> list[Line]:
    """Join a date range wrapped in a narrow column: "08.2022 –" over "03.2026", and
    first a month over its year ("October" over "2023–Present").

    The tail's characters keep their x but take the head's row, so the joined
    range stays one fragment on the row of the entry it dates.
    """
    bottoms: dict[int, float] = {}  # a joined head's lowest row, for the next join
    # Cheap tests first: this runs on every piece of every page.
    cut = [p for p in pieces if p.text[-1:] == "-" and len(p.text) <= 40]
    cut = [p for p in cut if _CUT_WORD.search(p.text)]
    if cut:  # "January 2020 – Jan-" over "uary 2022"
        pieces = _join_below(pieces, cut, _LOWER_YEAR.match, bottoms)
    months = [p for p in pieces if len(p.text) <= 12 and p.text[-1:].isalpha()]
    months = [p for p in months if month_only(p.text)]
    months = [p for p in months if not _continued_right(p, pieces)]
    if months:
        pieces = _join_below(pieces, months, _YEAR_FIRST.match, bottoms)
    heads = [p for p in pieces if len(p.text) <= 40 and _open_end(p.text)]
    heads = [p for p in heads if cut_range_head(p.text)]
    if heads:
        pieces = _join_below(pieces, heads, range_tail, bottoms)
    years = [p for p in pieces if len(p.text) == 4 and _YEAR_FIRST.fullmatch(p.text)]
    return _join_year_pairs(pieces, years) if len(years) >= 2 else pieces


def _join_year_pairs(pieces: list[Line], years: Sequence[Line]) -> list[Line]:
    """A year set just over a later year, both alone on their rows: the two ends of a
    range drawn as labels (a timeline bar's start and end years), joined as one.

    A later year below is what a range looks like; single-year entries listed newest
    first go down in time, and entries with their text beside them are not alone."""
    alone = [y for y in years if not any(p is not y and _row_mate(p, [y]) for p in pieces)]
    joined: dict[int, Line] = {}
    gone: set[int] = set()
    for head in sorted(alone, key=lambda line: line.y0):
        if id(head) in gone or id(head) in joined:
            continue
        for tail in alone:
            gap = tail.y0 - head.y1
            if (
                tail is head
                or id(tail) in gone
                or id(tail) in joined
                or not -0.3 * head.height <= gap < 0.8 * head.height
                or not _overlaps_x(head, tail)
                or int(tail.text) <= int(head.text)
            ):
                continue
            glue = (head.x1, head.y0, head.x1, head.y1)
            boxes = [(x0, head.y0, x1, head.y1) for x0, _, x1, _ in tail.boxes]
            joined[id(head)] = replace(
                head,
                text=f"{head.text}–{tail.text}",
                boxes=(*head.boxes, glue, *boxes),
            )
            gone.add(id(tail))
            break
    if not joined:
        return pieces
    return [joined.get(id(p), p) for p in pieces if id(p) not in gone]


def _open_end(text: str) -> bool:
    """Cheap test: does ``text`` end in a dash, or a month name after a dash?"""
    last = text[-1]
    if last in "-–—":
        return True
    if not last.isalpha() and last != ".":
        return False
    tail = _MONTH_TAIL.search(text, len(text) - 14)
    return tail is not None and month_only(tail[1])


def _join_below(
    pieces: list[Line],
    heads: Sequence[Line],
    fits: Callable[[str], object],
    bottoms: dict[int, float],
) -> list[Line]:
    joined: dict[int, Line] = {}
    gone: set[int] = set()
    for head in heads:
        if id(head) in gone:
            continue
        tail = _range_tail_below(head, bottoms.get(id(head), head.y1), pieces, gone, fits)
        if tail is None:
            continue
        gone.add(id(tail))
        glue = "" if head.text[-1] in "-–—" else " "
        boxes = [(x0, head.y0, x1, head.y1) for x0, _, x1, _ in tail.boxes]
        text, kept = head.text, head.boxes
        if tail.text[:1].islower() and text.endswith("-"):  # a word cut by a hyphen
            text, kept = text[:-1], kept[:-1]
        joined[id(head)] = new = replace(
            head,
            text=text + glue + tail.text,
            boxes=(*kept, *([boxes[0]] if glue else []), *boxes),
        )
        bottoms[id(new)] = tail.y1
    return [joined.get(id(p), p) for p in pieces if id(p) not in gone]


def _continued_right(head: Line, pieces: Sequence[Line]) -> bool:
    """Does a piece go on right beside ``head`` on its row ("July", "2018", "–" set
    apart by justification)? Then ``head`` is not a month wrapped above its year."""
    return any(
        p is not head
        and 0 <= p.x0 - head.x1 < 3 * head.size
        and len(p.text) <= 12
        and (p.text.strip() in "-–—" or any(ch.isdigit() for ch in p.text))
        and _row_mate(p, [head])
        for p in pieces
    )


def _range_tail_below(
    head: Line,
    bottom: float,
    pieces: Sequence[Line],
    gone: set[int],
    fits: Callable[[str], object],
) -> Line | None:
    for piece in pieces:
        if piece is head or id(piece) in gone or not _overlaps_x(head, piece):
            continue
        gap = piece.y0 - bottom  # line boxes of tight leading overlap a little
        if not -0.3 * head.height <= gap < 0.8 * head.height or len(piece.text) > 20:
            continue
        if fits(piece.text):
            return piece
    return None


def _marked(mark: Line, pieces: Sequence[Line], taken: set[int]) -> Line | None:
    reach = mark.x1 + 3 * mark.size
    for piece in pieces:
        if piece is mark or id(piece) in taken or not mark.x1 <= piece.x0 <= reach:
            continue
        if _row_mate(mark, [piece]):
            return piece
    return None


def rows(lines: Sequence[Line]) -> list[Line]:
    """Top-to-bottom rows; fragments sharing a baseline are joined left to right."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda item: ((item.y0 + item.y1) / 2, item.x0)):
        group = groups[-1] if groups else None
        if group is not None and _same_row(group, line):
            if not any(_duplicate(line, other) for other in group):
                group.append(line)
            continue
        groups.append([line])
    return [merge_row(group) for group in groups]


def _same_row(group: Sequence[Line], line: Line) -> bool:
    first = group[0]
    centre = (first.y0 + first.y1) / 2
    if abs((line.y0 + line.y1) / 2 - centre) > 0.35 * min(first.height, line.height):
        return False
    return all(_duplicate(line, other) or not _overlaps_x(line, other) for other in group)


def _overlaps_x(a: Line, b: Line) -> bool:
    return a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1


def _duplicate(a: Line, b: Line) -> bool:
    # Some generators fake bold by drawing the same text twice, a fraction apart.
    return a.text == b.text and _overlaps_x(a, b)


def find_gutter(lines: Sequence[Line]) -> float | None:
    """The x of a vertical gap that splits the page into two columns, if there is one."""
    if not 8 <= len(lines) <= _MAX_COLUMN_LINES:
        return None
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    span = right_edge - left_edge
    ends = sorted(line.x1 for line in lines)
    starts = sorted(line.x0 for line in lines)
    best: tuple[tuple[int, int], float] | None = None
    for x in sorted(set(ends)):
        n_left = bisect.bisect_right(ends, x + 0.5)
        first_right = bisect.bisect_right(starts, x + 0.5)
        n_right = len(starts) - first_right
        if n_right == 0 or starts[first_right] - x < _MIN_GUTTER:
            continue
        # The gap must leave room for a column on each side (a sidebar's text may be
        # short, so it is the gap, not the left text's end, that must sit inside).
        if starts[first_right] < left_edge + 0.15 * span or x > left_edge + 0.85 * span:
            continue
        score = (len(lines) - n_left - n_right, -min(n_left, n_right))
        if best is None or score < best[0]:
            best = (score, x)
    if best is None or not _plausible_columns(lines, best[1]):
        return None
    return best[1]


def _plausible_columns(lines: Sequence[Line], x: float) -> bool:
    left = [line for line in lines if line.x1 <= x + 0.5]
    right = [line for line in lines if line.x0 > x + 0.5]
    crossing = [line for line in lines if line.x1 > x + 0.5 and line.x0 <= x + 0.5]
    if len(left) < 3 or len(right) < 3 or len(crossing) > 0.25 * len(lines):
        return False
    # A side whose lines all share one row (chips or tags set across the page) is the
    # rest of that row, not a column.
    if any(_one_row(side) for side in (left, right)):
        return False
    top = max(min(line.y0 for line in left), min(line.y0 for line in right))
    bottom = min(max(line.y1 for line in left), max(line.y1 for line in right))
    shorter = min(
        max(line.y1 for line in side) - min(line.y0 for line in side) for side in (left, right)
    )
    if bottom - top < 0.3 * shorter:
        return False
    inside = [line for line in crossing if top < (line.y0 + line.y1) / 2 < bottom]
    if len(inside) > max(1, 0.1 * len(lines)):
        return False
    # Right-aligned dates under a right-aligned contact block (beside the name) are
    # still the rows' dates: the contact block does not make them a column.
    if _trailing_share(_below_header(right), left) >= 0.5 or _trailing_share(left, right) >= 0.5:
        return False
    if _dated_cells(right, left):
        return False
    # The column is judged whole first: the cut under a contact block on top of the
    # labels may fall between two of its dates instead.
    labels = _below_header(left)
    if _label_column(left, right, crossing) or (
        labels is not left and _label_column(labels, right, crossing)
    ):
        return False
    return not _label_column(right, left)


def _one_row(side: Sequence[Line]) -> bool:
    return max(line.y0 for line in side) - min(line.y0 for line in side) < min(
        line.height for line in side
    )


def _dated_cells(side: Sequence[Line], other: Sequence[Line]) -> bool:
    """Most lines of ``side`` sit on rows whose other part holds a date range: the last
    cells of a table's rows (``Period | Company | Role``), not a column of their own."""
    dated = [line for line in other if find_range(line.text) is not None]
    if len(dated) < 3:
        return False
    mates = sum(_row_mate(line, dated) for line in side)
    return mates >= 3 and 2 * mates >= len(side)


def _row_mate(line: Line, other: Sequence[Line]) -> bool:
    centre = (line.y0 + line.y1) / 2
    return any(abs((o.y0 + o.y1) / 2 - centre) < 0.35 * min(o.height, line.height) for o in other)


def _trailing_share(side: Sequence[Line], other: Sequence[Line]) -> float:
    trailing = 0
    for line in side:
        if len(line.text.split()) <= 6 and _TRAILING.search(line.text) and _row_mate(line, other):
            trailing += 1
    return trailing / len(side)


def _label_column(side: Sequence[Line], other: Sequence[Line], wide: Sequence[Line] = ()) -> bool:
    """Sparse labels ("EXPERIENCE") each set on the row where their content starts.

    A sidebar is dense (one line after another); a label column is mostly gaps.
    ``wide``: lines across the gutter, which a label may head too (a skills line
    set the full width under its label).
    """
    # Date ranges at the column's left edge, each on the row of its entry: the left
    # cells of a table (rows such as "Phone | ..." or one per language may be dense,
    # and entries with few lines leave the cells beside them as long as the labels).
    edge = min(line.x0 for line in side) + 3
    dated = sum(
        line.x0 <= edge and _dated_mate(line, other) and find_range(line.text) is not None
        for line in side
    )
    cells = dated >= 3 and 4 * dated >= len(side)
    if not cells and len(side) > 0.75 * len(other):
        return False
    # A label sits on its content's first row, or (a heading) just above it.
    content = [*other, *wide]
    if sum(_row_mate(line, other) or _leads(line, content) for line in side) < 0.8 * len(side):
        return False
    if cells:
        return True
    tops = sorted(line.y0 for line in side)
    gaps = sorted(b - a for a, b in itertools.pairwise(tops))
    # Labels set larger than their content (small capitals with a tall first letter)
    # are spaced by the content's rows: measure in the smaller of the two heights.
    height = min(
        sorted(line.height for line in side)[len(side) // 2],
        sorted(line.height for line in other)[len(other) // 2],
    )
    if not gaps:
        return False
    # Sparser still when the labels are few beside their content.
    spread = 2.5 if 2 * len(side) > len(other) else 2.2
    return gaps[len(gaps) // 2] >= spread * height


def _below_header(side: Sequence[Line]) -> Sequence[Line]:
    """The column without a short contact block at its top (beside a name), which a
    label column may carry above its labels: cut at the first wide vertical gap."""
    ordered = sorted(side, key=lambda line: line.y0)
    for k, (a, b) in enumerate(itertools.pairwise(ordered[: _HEADER_CLUSTER + 1])):
        # Two line heights: small contact lines (icons, 9pt) set closer to the labels.
        if b.y0 - a.y1 > 2.0 * a.height:
            # A block of a few lines, with labels below it to judge.
            return ordered[k + 1 :] if k >= 1 and len(ordered) - k > 2 else side
    return side


def _leads(line: Line, other: Sequence[Line]) -> bool:
    """Does a line of ``other`` start within a few line heights below ``line``?

    Measured from the label's foot in the taller of the two heights: a small label
    (6pt small caps) sits as far above its entry as a body-size one would."""
    return any(
        o.y0 >= line.y0 and o.y0 - line.y1 <= 2.5 * max(line.height, o.height) for o in other
    )


def _read_columns(lines: Sequence[Line], x: float) -> tuple[list[Line], list[Flow]]:
    out: list[Line] = []
    flows: list[Flow] = []
    left: list[Line] = []
    right: list[Line] = []
    ordered = sorted(lines, key=lambda item: item.y0)
    taken: set[int] = set()
    for k, line in enumerate(ordered):
        if id(line) in taken:
            continue
        if line.x1 <= x + 0.5:
            left.append(line)
        elif line.x0 > x + 0.5:
            right.append(line)
        else:
            # A line across the gutter ends the band; a date on its row (in a
            # narrow left column) belongs to it, not to the band's columns. A date
            # wider than the gutter takes the entry on its row likewise.
            dated = _dated_mate(line, line)

            def mate(p: Line, line: Line = line, dated: bool = dated) -> bool:
                return _dated_mate(p, line) or (dated and _row_mate(p, [line]))

            mates = [p for p in (*left, *right) if mate(p)]
            for p in ordered[k + 1 :]:
                if p.y0 >= line.y1:
                    break
                if id(p) not in taken and mate(p):
                    mates.append(p)
                    taken.add(id(p))
            gone = {id(p) for p in mates}
            _band(
                [p for p in left if id(p) not in gone],
                [p for p in right if id(p) not in gone],
                out,
                flows,
            )
            left, right = [], []
            out.extend(rows([line, *mates]) if mates else [line])
    _band(left, right, out, flows)
    return out, flows


def _dated_mate(piece: Line, line: Line | Sequence[Line]) -> bool:
    """A short date (or "City, ST") on the row of ``line`` (or of one of the lines)."""
    return (
        len(piece.text.split()) <= 6
        and bool(_TRAILING.search(piece.text))
        and _row_mate(piece, [line] if isinstance(line, Line) else line)
    )


def _band(left: list[Line], right: list[Line], out: list[Line], flows: list[Flow]) -> None:
    # Each column is read whole, top to bottom; a name or heading at the top of the
    # right column stays with the column (sections.py treats its opening as preamble).
    if not left or not right or all(_dated_mate(line, right) for line in left):
        # Left of the gutter only dates, each on a row of the right column: a key column
        # narrower in this band than in the others (curve sizes it per section), read
        # as rows like the page's other dated rows.
        out.extend(rows([*left, *right]))
        return
    cells = _grid_rows(left, right)
    if cells is not None:
        for cell_left, cell_right in cells:
            left_rows, right_rows = rows(cell_left), rows(cell_right)
            out.extend((*left_rows, *right_rows))
            if left_rows and right_rows:
                flows.append((left_rows[0], right_rows[0]))
        return
    # A header band (a name and title beside a short contact block) ends with the
    # contact block: left lines below it (the first heading) come after it. Beside a
    # sidebar or a second column, the left column has more than a few lines.
    bottom = max(line.y1 for line in right)
    top = [line for line in left if line.y0 <= bottom]
    after = [line for line in left if line.y0 > bottom]
    first = min(left, key=lambda line: line.y0)
    beside = min(line.y0 for line in right) <= first.y1 + first.height
    if beside and after and len(right) <= _HEADER_BAND_LINES and 0 < len(top) <= 3:
        left = top
    else:
        after = []
    left_rows, right_rows = rows(left), rows(right)
    out.extend((*left_rows, *right_rows, *rows(after)))
    flows.append((left_rows[0], right_rows[0]))


def _blocks(side: Sequence[Line]) -> list[list[Line]]:
    """Runs of lines with no blank line between them, top to bottom."""
    out: list[list[Line]] = []
    for line in sorted(side, key=lambda item: item.y0):
        if out and line.y0 - max(o.y1 for o in out[-1]) <= 0.6 * line.height:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _grid_rows(
    left: Sequence[Line], right: Sequence[Line]
) -> list[tuple[list[Line], list[Line]]] | None:
    """A grid of cards (two entries side by side, row after row) split into its rows.

    Read column by column, a grid puts the second card of every row after the
    last card of the first column, under the wrong heading. The cue: every block of
    the right column starts level with a block of the left column, and no left block
    starts inside a right one; then each row (from one block top to the next, on
    either side) is read left cell, then right cell. A sidebar's blocks do not all
    line up with the main column's.
    """
    left_blocks, right_blocks = _blocks(left), _blocks(right)
    if len(right_blocks) < 2:
        return None
    left_tops = [min(line.y0 for line in block) for block in left_blocks]
    for block in right_blocks:
        top, bottom = min(line.y0 for line in block), max(line.y1 for line in block)
        if not any(abs(top - t) <= 2 for t in left_tops):
            return None
        if any(top + 2 < t < bottom for t in left_tops):
            return None
    tops = sorted({*left_tops, *(min(line.y0 for line in b) for b in right_blocks)})
    cuts = [t for k, t in enumerate(tops) if k == 0 or t - tops[k - 1] > 2]
    cells: list[tuple[list[Line], list[Line]]] = []
    for k, top in enumerate(cuts):
        end = cuts[k + 1] - 2 if k + 1 < len(cuts) else math.inf
        cells.append(
            (
                [line for line in left if top - 2 <= line.y0 < end or (k == 0 and line.y0 < top)],
                [line for line in right if top - 2 <= line.y0 < end or (k == 0 and line.y0 < top)],
            )
        )
    return cells


def drop_furniture(pages: Sequence[PageLayout]) -> list[PageLayout]:
    """Remove page numbers and running headers/footers repeated after the first page."""
    seen: set[str] = set()
    out: list[PageLayout] = []
    for page in pages:
        kept: list[Line] = []
        keys: set[str] = set()
        for line in page.lines:
            margin = line.y1 < 0.1 * page.height or line.y0 > 0.9 * page.height
            key = re.sub(r"\d+", "#", line.clean.casefold())
            if margin and (_PAGE_NUMBER.match(line.clean) or key in seen):
                continue
            if margin:
                keys.add(key)
            kept.append(line)
        seen |= keys
        out.append(replace(page, lines=tuple(kept)))
    return out
