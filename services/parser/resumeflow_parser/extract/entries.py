"""Cut a section into entries (a job, a degree): header lines, dates and body.

Entries are anchored on lines that carry a date range. Which neighbouring lines
belong to an entry's header is learnt from the first entry (how many short
header-like lines sit above and below its dates) and applied to the rest, so a
template like "Title / Company / Dates / bullets" is read the same way each time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from resumeflow_parser.extract.dates import DateRange, find_range
from resumeflow_parser.extract.formlabels import label_kind
from resumeflow_parser.extract.lines import Line, union
from resumeflow_parser.extract.roles import is_legal_form, is_org, split_title_at_org
from resumeflow_parser.extract.text import Fragment, fragments, is_bullet, words
from resumeflow_shared.profile import Provenance

_MAX_HEADER_LINES = 2
_MAX_TEXT_BEFORE_DATES = 2
_NOT_LETTER_BEFORE = re.compile(
    r"(?:^|[\t|,;:(\[·•—–-]|\b(?:expected|graduated|graduation|completed|class of|issued))\s*$",
    re.IGNORECASE,
)
# A name cut after a connecting word ("Universidade do" / "Porto", "University of").
_CONNECTOR_END = re.compile(
    r"(?<!\bclass)(?<!\bClass)(?<!\bCLASS)\s(?:of|de|do|da|di|der|des|du|del|della|van|von|y|and|&)$"
)
_HYPHEN_CUT = re.compile(r"[^\W\d_]{2}-$")
# An anchor without dates (a dateless education entry keyed on its institution line).
UNDATED = DateRange(None, None, False, (0, 0), single=True)


@dataclass(frozen=True, slots=True)
class Entry:
    header: tuple[Line, ...]
    anchor: Line
    dates: DateRange | None
    body: tuple[Line, ...]

    def provenance(self) -> Provenance:
        lines = [line for line in self.header if line.page == self.anchor.page]
        box = union(line.bbox for line in lines)
        text = " ".join(line.clean for line in lines)
        return Provenance.model_construct(page=self.anchor.page, bbox=_round(box), text=text)

    def locate(self, value: str | None) -> Provenance | None:
        """Where a header value was read: the characters of the first header line
        holding it (None when no line does, e.g. a value joined from two lines)."""
        if not value:
            return None
        for line in self.header:
            at = line.text.find(value)
            if at >= 0:
                return line.provenance(at, at + len(value))
        return None

    def dates_provenance(self) -> Provenance | None:
        """The characters of the date range on the anchor line."""
        if self.dates is None:
            return None
        a, b = self.dates.span
        return self.anchor.provenance(a, b) if b > a else None

    def joined_fragments(self) -> list[tuple[Fragment, str]]:
        """Header fragments with their text, a name wrapped onto the next line joined
        back: a lone legal form ("S.L.") or a tail in lower case ("of Edinburgh")."""
        out: list[tuple[Fragment, str]] = []
        for part in self.fragments():
            text = part.text
            prev = out[-1] if out else None
            if prev is not None and part.line is not prev[0].line and _label_tail(prev[0], text):
                continue
            if prev is not None and part.line is not prev[0].line and _tail(text, prev[1]):
                # "Universitat Politècnica de Valèn-" / "cia": a word hyphenated at the wrap.
                cut = _HYPHEN_CUT.search(prev[1]) is not None and text[:1].islower()
                joined = f"{prev[1][:-1]}{text}" if cut else f"{prev[1]} {text}"
                out[-1] = (prev[0], joined)
            else:
                out.append((part, text))
        return out

    def fragments(self) -> list[Fragment]:
        """Header parts, with the date range cut out of the anchor line."""
        out: list[Fragment] = []
        for line in self.header:
            source = line
            if line is self.anchor and self.dates is not None:
                a, b = self.dates.span
                source = replace(line, text=line.text[:a] + "\t" * (b - a) + line.text[b:])
            out.extend(f for f in fragments(source) if any(ch.isalpha() for ch in f.text))
        return out


def _label_tail(before: Fragment, text: str) -> bool:
    """Is ``text`` the wrapped end of the form label on the line above ("Name and type
    of organisation providing" / "education and training"), not of its value?"""
    label, tab, _ = before.line.text.partition("\t")
    return bool(tab) and label_kind(label) is not None and label_kind(f"{label} {text}") is not None


def _tail(text: str, before: str) -> bool:
    if is_legal_form(text):
        return True
    if _CONNECTOR_END.search(before) and len(text.split()) <= 4:  # "Universidade do" / "Porto"
        return True
    # "Engineer na Mar Aberto" / "Tecnologia Ltda.": the organisation after "at" wrapped,
    # its legal form on the next line.
    words_ = text.split()
    if len(words_) <= 3 and is_legal_form(words_[-1]) and split_title_at_org(before):
        return True
    return text[:1].islower() and len(text.split()) <= 4 and not before.endswith((".", ",", ";"))


def strip_stop(text: str | None) -> str | None:
    """ "Université de Bordeaux." -> "Université de Bordeaux" (entries ending in a full
    stop); "Globex Inc." and "S.A." keep theirs."""
    if not text or not text.endswith("."):
        return text
    if text.endswith(".."):
        return text[:-1]
    last = text.split()[-1]
    if is_legal_form(last) or "." in last[:-1] or len(last) <= 4:
        return text
    return text[:-1]


def _round(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def date_anchor(line: Line, *, max_words: int = 14) -> DateRange | None:
    """The date range that makes ``line`` an entry header, if it is one."""
    if is_bullet(line):
        return None
    found = find_range(line.text)
    if found is None:
        return None
    a, b = found.span
    rest = line.text[:a] + " " + line.text[b:]
    if len(words(rest)) > max_words:
        return None
    # "Promoted in 2019" is prose; "Acme<tab>2019" and "Acme (2019)" are headers.
    if found.single and not _NOT_LETTER_BEFORE.search(line.text[:a]):
        return None
    return found


def header_like(line: Line) -> bool:
    text = line.clean
    label, tab, value = line.text.partition("\t")
    if tab and label_kind(label) is not None:  # a form's label: judge the value beside it
        text = " ".join(value.split())
    if is_bullet(line) or not text or text[0].islower() or len(words(text)) > 10:
        return False
    if len(text) > 90:
        return False
    if text.endswith(".") and not is_org(text.split()[-1]):
        return False
    return not text.endswith((",", ";", ":"))


def segment(
    lines: Sequence[Line], anchor_of: Callable[[Line], DateRange | None] = date_anchor
) -> list[Entry]:
    """Entries of one section, in order; lines before the first header are dropped."""
    found = [(i, anchor_of(line)) for i, line in enumerate(lines)]
    anchors = [(i, r) for i, r in found if r is not None]
    if not anchors:
        return []
    above = _run(lines, anchors[0][0], -1, stop=-1)
    below = _below(lines, anchors)
    starts: list[int] = []
    for k, (i, _) in enumerate(anchors):
        floor = anchors[k - 1][0] if k else -1
        start = i - min(above, _run(lines, i, -1, stop=floor))
        # A header cut by wrapping ("Soluciones Andinas" / "S.L.") keeps its first part.
        if start < i and start - 1 > floor and _continues(lines[start]):
            start -= 1
        starts.append(start)
    lead = _lead(lines, anchors[0][0]) if starts[0] == anchors[0][0] else 0
    entries: list[Entry] = []
    for k, (i, dates) in enumerate(anchors):
        limit = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        end = i + 1 + min(below, _run(lines, i, +1, stop=limit))
        # "PhD Mechanical Engineering, University" / "of Edinburgh.": the wrapped tail.
        if end < limit and _lower_tail(lines[end], lines[end - 1]):
            end += 1
        header, body = tuple(lines[starts[k] : end]), tuple(lines[end:limit])
        if k == 0 and lead:
            header = (*lines[:lead], *header)
            body = (*lines[lead:i], *body)
        entries.append(
            Entry(
                header=header,
                anchor=lines[i],
                dates=None if dates is UNDATED else dates,
                body=body,
            )
        )
    return entries


def _lead(lines: Sequence[Line], first: int) -> int:
    """Header lines that open the section above a line or two of text and then the
    first dates (a label column stacks the section's label and the first entry's dates
    in one cell, so those dates come a row or two under their header): how many."""
    lead = _run(lines, -1, +1, stop=first)
    return lead if lead > 0 and first - lead <= _MAX_TEXT_BEFORE_DATES else 0


def _below(lines: Sequence[Line], anchors: Sequence[tuple[int, DateRange | None]]) -> int:
    """Header lines under the dates, learnt from the first entry; when the next dates
    come right under the first ones (a short first entry), from the next entry."""
    for k, (i, _) in enumerate(anchors):
        stop = _next(anchors, k, len(lines))
        if stop > i + 1 or k + 1 == len(anchors):
            return _run(lines, i, +1, stop=stop)
    return 0


def _lower_tail(line: Line, above: Line) -> bool:
    text = line.clean
    return (
        (text[:1].islower() or bool(_CONNECTOR_END.search(_undated(above))))
        and len(words(text)) <= 4
        and not is_bullet(line)
        and not above.clean.endswith((".", ",", ";"))
        and line.page == above.page
    )


def _undated(line: Line) -> str:
    """The line's text without its date range and the separators around it."""
    found = find_range(line.text)
    text = line.text if found is None else line.text[: found.span[0]] + line.text[found.span[1] :]
    return " ".join(text.replace("\t", " ").split()).strip(" |·•–—-")


def _continues(line: Line) -> bool:
    """Is ``line`` the tail of the line above: a lone legal form such as "GmbH"?"""
    return is_legal_form(line.clean)


def _wraps(line: Line, following: Sequence[Line]) -> bool:
    """Is ``line`` the first part of a wrapped sentence (a bullet's text, not a header)?
    It ends in a hyphenated word cut, or the next line goes on in lower case."""
    text = line.clean
    if _HYPHEN_CUT.search(text):
        return True
    label, tab, _ = line.text.partition("\t")
    if tab and label_kind(label) is not None:  # the label wrapped, not the value
        return False
    if not following or is_bullet(following[0]) or len(words(text)) < 5:
        return False
    nxt = following[0].clean
    if not nxt or not nxt[0].islower() or following[0].page != line.page:
        return False
    return find_range(nxt) is None  # "abril 2025 – actualidad" is a date row, not prose


def _next(anchors: Sequence[tuple[int, DateRange | None]], k: int, default: int) -> int:
    return anchors[k + 1][0] if k + 1 < len(anchors) else default


def _run(lines: Sequence[Line], i: int, step: int, *, stop: int) -> int:
    """How many header-like lines follow ``i`` in direction ``step`` before ``stop``."""
    count = 0
    j = i + step
    while count < _MAX_HEADER_LINES and j != stop and 0 <= j < len(lines):
        if not header_like(lines[j]) or _wraps(lines[j], lines[j + 1 : j + 2]):
            break
        count += 1
        j += step
    return count
