"""Work entries (employer, title, place, dates, bullets) and the months they cover.

Title and employer are told apart by vocabulary (job-title words, company
suffixes, "X at Y"); when neither side of a pair is recognisable both stay empty
rather than risk swapping them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from resumeflow_parser.extract.dates import month_index
from resumeflow_parser.extract.entries import Entry, segment, strip_stop
from resumeflow_parser.extract.formlabels import label_kind
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.locations import place, place_suffix
from resumeflow_parser.extract.roles import (
    is_legal_form,
    is_org,
    is_title,
    org_strength,
    split_title_at_org,
)
from resumeflow_parser.extract.text import paragraphs
from resumeflow_shared.profile import WorkEntry, WorkSources

_DURATION = re.compile(
    r"^\d+\s*(?:years?|yrs?|months?|mos?|jahre?|monate?|ans?|mois|años|anos|meses|anni|mesi"
    r"|jaar|maanden)\b(?:[\s,]+\d+\s*\w+)?$",
    re.IGNORECASE,
)


@dataclass
class _Header:
    title: str | None = None
    employer: str | None = None
    location: str | None = None
    unknown: list[str] = field(default_factory=list)
    # Unknown fragments set on the row that holds the dates: where designs put the
    # employer or title, rather than a label such as "Highlights".
    on_anchor: list[str] = field(default_factory=list)


def extract_experience(sections: Iterable[Sequence[Line]]) -> list[WorkEntry]:
    """Work entries from the lines of each experience section."""
    out: list[WorkEntry] = []
    for lines in sections:
        out.extend(_work_entry(entry) for entry in segment(lines))
    return out


def _work_entry(entry: Entry) -> WorkEntry:
    header = _read_header(entry)
    dates = entry.dates
    start = end = None
    current = False
    if dates is not None:
        start, current = dates.start, dates.is_current
        end = dates.end if dates.end is not None or current else dates.start
    return WorkEntry(
        employer=header.employer,
        title=header.title,
        location=header.location,
        start=start,
        end=end,
        is_current=current,
        bullets=[text for text, _ in paragraphs(entry.body)],
        source=entry.provenance(),
        sources=WorkSources(
            employer=entry.locate(header.employer),
            title=entry.locate(header.title),
            dates=entry.dates_provenance(),
        ),
    )


def _read_header(entry: Entry) -> _Header:
    header = _Header()
    parts = entry.joined_fragments()
    labelled: tuple[Line, str] | None = None
    for k, (fragment, text) in enumerate(parts):
        kind = label_kind(text)
        if kind is not None:  # a form's label: not a value, but it names the one beside it
            beside = k + 1 < len(parts) and parts[k + 1][0].line is fragment.line
            labelled = (fragment.line, kind) if beside else None
            continue
        if labelled is not None and labelled[0] is fragment.line and _fill(header, *labelled, text):
            labelled = None
            continue
        labelled = None
        before = len(header.unknown)
        _take(header, text)
        if fragment.line.bbox == entry.anchor.bbox:  # the anchor row, dates cut out
            header.on_anchor += header.unknown[before:]
    _resolve(header)
    header.employer = strip_stop(header.employer)
    header.title = strip_stop(header.title)
    return header


def _fill(header: _Header, line: Line, kind: str, text: str) -> bool:
    """Fill the field a label names; False when the label names no header field."""
    if kind == "title" and header.title is None:
        header.title = text
        return True
    if kind == "employer" and header.employer is None:
        # "Name and address of employer": the name, then its address after a comma
        # ("Globex, Inc." is one name).
        name, comma, address = (part.strip() for part in text.partition(","))
        if comma and address and not is_legal_form(address.split(",")[0]):
            header.location = header.location or address
            text = name
        header.employer = text
        return True
    return False


def _take(header: _Header, text: str) -> None:
    text = text.strip(" ()[]")
    if not text or _DURATION.match(text):  # "2 years 3 months": a theme's own arithmetic
        return
    # "City of Bristol Council" names a place but is an organisation.
    found = place(text, fragment=True) if org_strength(text) < 2 else None
    if found is not None:
        header.location = header.location or found
        return
    # "Acme Inc. / Engineer" separates; "UI / UX Designer" is one title.
    left, slash, right = text.partition(" / ")
    if slash and len(left.split()) >= 2 and len(right.split()) >= 2:
        _take(header, left)
        _take(header, right)
        return
    pair = split_title_at_org(text)
    if pair is not None:
        header.title = header.title or pair[0]
        # "Title at X": X is the employer by the separator, whatever its words.
        org = pair[1]
        suffix = place_suffix(org)
        if suffix is not None and org_strength(suffix[1]) < 2:
            header.location = header.location or suffix[1]
            org = org[: suffix[0]].rstrip(" ,")
        if header.employer is None and org and place(org, fragment=True) is None:
            header.employer = org
        else:
            _take(header, org)
        return
    suffix = place_suffix(text)
    if suffix is not None and org_strength(suffix[1]) < 2:
        header.location = header.location or suffix[1]
        _take(header, text[: suffix[0]].rstrip(" ,"))
        return
    if "," in text:
        left, right = (part.strip() for part in text.split(",", 1))
        # "Engineer, Acme Corp" splits; "Globex, Inc." is one name.
        if not is_legal_form(right.split(",")[0]) and (is_title(left) or is_title(right)):
            _take(header, left)
            _take(header, right)
            return
        # "Systemadministrator, Hafenblick Logistik GmbH": an organisation after the
        # comma makes the part before it the title, even without a title word.
        if org_strength(right) == 2 and not is_org(left) and not is_legal_form(right):
            header.title = header.title or left
            _take(header, right)
            return
        # "Acme Corp, Coimbra": a company, then a short capitalised name is its place.
        if is_org(left) and _place_like(right) and not is_legal_form(right):
            header.location = header.location or right
            _take(header, left)
            return
    _assign(header, text)


def _place_like(text: str) -> bool:
    tokens = text.split()
    return (
        1 <= len(tokens) <= 3
        and all(t[0].isupper() for t in tokens)
        and not (is_org(text) or is_title(text))
    )


def _assign(header: _Header, text: str) -> None:
    # "Software Engineer" ends like "Acme Software" but is a title; "Globex Inc." is not.
    if header.title is None and is_title(text) and org_strength(text) < 2:
        header.title = text
    elif header.employer is None and is_org(text):
        header.employer = text
    else:
        header.unknown.append(text)


def _resolve(header: _Header) -> None:
    # With one side recognised, a single leftover fragment is the other side; of
    # several, the one on the dates' row (with none there, the leftovers themselves:
    # "Employer<tab>City" over "Title<tab>dates").
    pool = header.unknown if len(header.unknown) == 1 or not header.on_anchor else header.on_anchor
    # "ACME CORP | Rennes | 2019 – 2021": the employer, then its place (one or two
    # capitalised words) in the order people write them, whether or not we know the place.
    if (
        len(pool) == 2
        and header.employer is None
        and header.location is None
        and _place_like(pool[1])
        and len(pool[1].split()) <= 2
    ):
        header.location = pool[1]
        pool = pool[:1]
    if len(pool) != 1:
        return
    if header.title is not None and header.employer is None:
        header.employer = pool[0]
    elif header.employer is not None and header.title is None:
        header.title = pool[0]


def total_months(entries: Iterable[WorkEntry], today: date) -> int:
    """Months covered by at least one job; overlaps count once, current jobs end ``today``."""
    spans = sorted(s for s in (_span(e, today) for e in entries) if s is not None)
    total = 0
    reach = None
    for start, end in spans:
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def _span(entry: WorkEntry, today: date) -> tuple[int, int] | None:
    if entry.start is None:
        return None
    now = today.year * 12 + today.month  # exclusive: the current month counts
    start = month_index(entry.start, end=False)
    if entry.is_current:
        end = now
    elif entry.end is not None:
        end = month_index(entry.end, end=True)
        if end <= start and "-" not in entry.end:
            end = (int(entry.end[:4]) + 1) * 12  # "2019" alone: the whole year
    else:
        return None
    end = min(end, now)
    return (start, end) if end > start else None
