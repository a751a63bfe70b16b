"""Who the resume is about: the candidate's name, headline and location.

The name is the largest name-shaped line near the top of the first page, so a
sidebar read before the main column cannot push it out of first place.
"""

from __future__ import annotations

import re
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
_TOP_SHARE = 0.4
_MAX_CANDIDATES = 15


def find_name(lines: Sequence[Line], page_height: float) -> TextValue | None:
    """The candidate's name from the first page's lines (in reading order)."""
    first_page = [line for line in lines if line.page == 1]
    near_top = [line for line in first_page if line.y0 < _TOP_SHARE * page_height]
    # By height on the page, not reading order: a sidebar read first must not crowd it out.
    top_down = sorted(near_top or first_page[:60], key=lambda line: line.y0)
    candidates = top_down[:_MAX_CANDIDATES] + _labelled(first_page)
    best: tuple[float, int, Line, int, int] | None = None
    for order, line in enumerate(candidates):
        span = _name_span(line)
        if span is None:
            continue
        rank = (line.size + (0.5 if line.bold else 0.0), -order)
        if best is None or rank > (best[0], best[1]):
            best = (rank[0], rank[1], line, *span)
    if best is None:
        return None
    line, start, end = best[2], best[3], best[4]
    return TextValue(value=line.text[start:end], source=line.provenance(start, end))


def _labelled(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines if _NAME_LABEL.match(line.text)]


def _name_span(line: Line) -> tuple[int, int] | None:
    label = _NAME_LABEL.match(line.text)
    start = label.end() if label else 0
    end = len(line.text)
    if "\t" in line.text[start:]:
        end = line.text.index("\t", start)  # a name set beside the contact details
    text = line.text[start:end]
    return (start, end) if looks_like_name(text) else None


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
