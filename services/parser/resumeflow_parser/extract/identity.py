"""Who the resume is about: the candidate's name, headline and location.

The name is the largest name-shaped line near the top of the first page, so a
sidebar read before the main column cannot push it out of first place.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from resumeflow_parser.extract.headings import lookup
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.locations import place
from resumeflow_parser.extract.roles import is_org, is_title
from resumeflow_parser.extract.text import fragments, words, wordset
from resumeflow_shared.profile import TextValue

_PARTICLES = wordset(
    """
    de da das do dos del della der den di du la le van von y e bin binti al el ten ter zu st
    """
)
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_][^\W\d_'’.-]*)*\.?)$")
_NAME_LABEL = re.compile(r"^(?:name|nombre|nom|nome)\s*:\s*", re.IGNORECASE)
_HEADLINE_SEP = re.compile(r"\s+[|·—–]\s+")
_TOP_SHARE = 0.4
_MAX_CANDIDATES = 15


def find_name(lines: Sequence[Line], page_height: float) -> TextValue | None:
    """The candidate's name from the first page's lines (in reading order)."""
    first_page = [line for line in lines if line.page == 1]
    near_top = [line for line in first_page if line.y0 < _TOP_SHARE * page_height]
    # By height on the page, not reading order: a sidebar read first must not crowd it out.
    top_down = sorted(near_top or first_page[:60], key=lambda line: line.y0)
    candidates = top_down[:_MAX_CANDIDATES] + _labelled(first_page)
    best: tuple[float, int, TextValue] | None = None
    for order, line in enumerate(candidates):
        span = _name_span(line)
        if span is not None:
            value = line.text[span[0] : span[1]]
            found = TextValue(value=value, source=line.provenance(*span))
        elif order < len(top_down) and (stacked := _stacked_name(top_down, order)) is not None:
            found = TextValue(value=stacked, source=line.provenance(0, len(line.text)))
        elif (spaced := _letter_spaced_name(line)) is not None:
            found = TextValue(value=spaced, source=line.provenance(0, len(line.text)))
        else:
            continue
        rank = (line.size + (0.5 if line.bold else 0.0), -order)
        if best is None or rank > (best[0], best[1]):
            best = (rank[0], rank[1], found)
    return best[2] if best is not None else None


def _labelled(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines if _NAME_LABEL.match(line.text)]


def _name_span(line: Line) -> tuple[int, int] | None:
    label = _NAME_LABEL.match(line.text)
    start = label.end() if label else 0
    # A name set beside the contact details, or after a form label in a table
    # ("Personal information<tab>Jane Doe"): any one tab-separated part may be it.
    for part in line.text[start:].split("\t"):
        # "Jane Doe | Engineering Manager": a headline set on the name's row.
        head = _HEADLINE_SEP.split(part, 1)[0]
        tries = (part,) if head == part else (part, head)
        name = _after_heading(part) or next((p for p in tries if looks_like_name(p)), None)
        if name is not None:
            begin = line.text.index(name, line.text.index(part, start))
            return begin, begin + len(name)
        start += len(part) + 1
    return None


def _after_heading(text: str) -> str | None:
    """ "PERSONAL INFORMATION Jane Doe": the name after a heading set on its row."""
    tokens = text.split()
    for k in range(1, min(3, len(tokens) - 2) + 1):  # a name of two words or more remains
        rest = " ".join(tokens[k:])
        if lookup(" ".join(tokens[:k])) is not None and looks_like_name(rest):
            return rest
    return None


def _letter_spaced_name(line: Line) -> str | None:
    """ "M A X I M I L I A N  V O G E L": words rebuilt from the gaps between glyphs."""
    tokens = line.text.split()
    if len(tokens) < 4 or 2 * sum(len(t) <= 2 for t in tokens) < len(tokens) or "\t" in line.text:
        return None
    glyphs = [(ch, box) for ch, box in zip(line.text, line.boxes, strict=False) if not ch.isspace()]
    gaps = [b[0] - a[2] for (_, a), (_, b) in itertools.pairwise(glyphs)]
    if not gaps:
        return None
    usual = statistics.median(gaps)
    text = glyphs[0][0]
    for (ch, _), gap in zip(glyphs[1:], gaps, strict=True):
        text += (" " if gap > usual + 0.2 * line.size else "") + ch
    return text if looks_like_name(text) else None


def _stacked_name(lines: Sequence[Line], i: int) -> str | None:
    """A name set on two lines ("Jane" above "DOE"), the same size, one under the other."""
    first = lines[i]
    # The next line in the same column: a sidebar line at the same height is not it.
    below = [x for x in lines[i + 1 : i + 6] if x.x0 < first.x1 and first.x0 < x.x1]
    if not below or len(first.text.split()) != 1:
        return None
    second = below[0]
    gap = second.y0 - first.y1  # glyph boxes of tightly set lines overlap a little
    near = -first.size / 2 <= gap < first.size and abs(second.size - first.size) < 1.5
    overlaps = second.x0 < first.x1 and first.x0 < second.x1
    if not (near and overlaps) or "\t" in first.text + second.text:
        return None
    joined = f"{first.text.strip()} {second.text.strip()}"
    return joined if len(second.text.split()) <= 2 and looks_like_name(joined) else None


def looks_like_name(text: str) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or len(text) > 60:
        return False
    if lookup(text) is not None or is_title(text, could_be_name=True) or is_org(text):
        return False
    if place(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or all(ch.islower() for ch in letters):
        return False
    named = 0
    for token in tokens:
        if token.casefold() in _PARTICLES:
            continue
        if not _NAME_WORD.match(token) or not token[0].isupper():
            return False
        named += 1
    return named >= 2


def find_headline(lines: Sequence[Line], name: TextValue | None) -> str | None:
    """A job-title line right under the name ("Senior Backend Engineer")."""
    if name is None or name.source is None:
        return None
    x0, top, x1, bottom = name.source.bbox
    middle = (top + bottom) / 2
    below = [
        line
        for line in lines
        if line.page == 1 and middle < line.y0 < bottom + 40 and line.x0 < x1 and line.x1 > x0
    ]
    for line in sorted(below, key=lambda item: item.y0)[:2]:
        parts = fragments(line)
        text = parts[0].text if parts else ""
        if is_title(text) and len(words(text)) <= 10 and "@" not in text:
            return text
    return None


def find_location(lines: Sequence[Line]) -> TextValue | None:
    """A place among the contact details ("Berlin, Germany", "Location: Madrid")."""
    for line in lines:
        for part in fragments(line):
            found = place(part.text)
            if found is not None:
                source = line.provenance(part.start, part.end)
                return TextValue(value=found, source=source)
    return None
