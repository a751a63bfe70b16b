"""Judge a document's extracted text for reading order against its truth, with no parser.

The text is folded (case, accents) into a stream of word tokens, so line breaks,
tabs, Markdown marks and table rules do not count. For every truth entry (a job:
employer, title, start year; a school: institution, degree):

- **intact**: one window of the stream holds an occurrence of each of the entry's
  fields and no field of another entry (employer, title, institution, degree, or
  another job's start year that is not one of this job's years), and the window
  is at most ``SLACK`` tokens longer than the fields themselves;
- **located** at the window's start, or else at the first occurrence of its
  employer / institution; entries in **order** are adjacent truth pairs located in
  truth order (an unlocated entry puts its pairs out of order).

Contacts are found **intact** when the address (case-folded) or the phone's digits
(separators dropped) occur unbroken, and the name's tokens occur side by side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SLACK = 80  # tokens a window may hold besides the fields: a header row and a few bullets
_TOKEN = re.compile(r"[^\W_]+")
_PHONE_SEPARATORS = re.compile(r"[ \t\u00a0\u202f\-\u2010\u2011\u2013./()+]+")
_NON_DIGIT = re.compile(r"\D+")


def tokens(text: str) -> list[str]:
    """Word tokens of ``text``, case- and accent-folded."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _TOKEN.findall(folded)


@dataclass(frozen=True)
class Entry:
    """One truth entry: its fields as token tuples, keyed by what they are."""

    kind: str  # "job" or "school"
    fields: dict[str, tuple[str, ...]]
    years: frozenset[str] = frozenset()

    @property
    def anchor(self) -> tuple[str, ...]:
        return self.fields.get("employer") or self.fields.get("institution") or ()

    @property
    def names(self) -> set[tuple[str, ...]]:
        """The fields that name the entry (dates are not names)."""
        return {v for k, v in self.fields.items() if k != "start"}


def entries(truth: dict[str, Any]) -> list[list[Entry]]:
    """The truth's jobs and its schools, each list in truth order."""
    jobs = []
    for job in truth.get("experience") or []:
        fields = {k: tuple(tokens(job.get(k) or "")) for k in ("employer", "title")}
        years = {str(job[k])[:4] for k in ("start", "end") if job.get(k)}
        if job.get("start"):
            fields["start"] = (str(job["start"])[:4],)
        jobs.append(Entry("job", {k: v for k, v in fields.items() if v}, frozenset(years)))
    schools = []
    for school in truth.get("education") or []:
        fields = {k: tuple(tokens(school.get(k) or "")) for k in ("institution", "degree")}
        schools.append(Entry("school", {k: v for k, v in fields.items() if v}))
    return [[e for e in jobs if e.fields], [e for e in schools if e.fields]]


def occurrences(stream: Sequence[str], needle: Sequence[str]) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` where ``needle`` occurs in ``stream``."""
    n = len(needle)
    if not n:
        return []
    first = needle[0]
    return [
        (i, i + n)
        for i, tok in enumerate(stream)
        if tok == first and tuple(stream[i : i + n]) == tuple(needle)
    ]


@dataclass
class Judged:
    """What the metric saw in one text: per entry, found / intact / position."""

    found: list[list[bool]] = field(default_factory=list)
    intact: list[list[bool]] = field(default_factory=list)
    position: list[list[int | None]] = field(default_factory=list)


def _blockers(
    entry: Entry, group: Sequence[Entry], everyone: Sequence[Entry]
) -> set[tuple[str, ...]]:
    out = {name for other in everyone if other is not entry for name in other.names}
    if entry.kind == "job":
        out |= {
            other.fields["start"]
            for other in group
            if other is not entry
            and "start" in other.fields
            and other.fields["start"][0] not in entry.years
        }
    return out - set(entry.fields.values())


def _window(
    stream: Sequence[str], entry: Entry, blocked: list[tuple[int, int]], slack: int
) -> int | None:
    """Start of the shortest window holding every field and no blocker, if short enough."""
    own = {k: occurrences(stream, v) for k, v in entry.fields.items()}
    if not all(own.values()):
        return None
    spans = [s for found in own.values() for s in found]
    # A blocker inside one of this entry's own occurrences is part of that field.
    walls = sorted(b for b in blocked if not any(s[0] <= b[0] and b[1] <= s[1] for s in spans))
    events = sorted((s, e, k) for k, found in own.items() for s, e in found)
    need = len(own)
    budget = sum(len(v) for v in entry.fields.values()) + slack
    best: tuple[int, int] | None = None
    for i, (start, _, _) in enumerate(events):
        seen: set[str] = set()
        end = start
        for _, e, k in events[i:]:
            seen.add(k)
            end = max(end, e)
            if len(seen) == need:
                break
        if len(seen) < need or end - start > budget:
            continue
        if any(start < w_end and w_start < end for w_start, w_end in walls):
            continue
        if best is None or end - start < best[1] - best[0]:
            best = (start, end)
    return None if best is None else best[0]


def judge(text: str, groups: Sequence[Sequence[Entry]], slack: int = SLACK) -> Judged:
    """Judge ``text`` against the truth's entry lists (see :func:`entries`)."""
    stream = tokens(text)
    everyone = [e for group in groups for e in group]
    out = Judged()
    for group in groups:
        found, intact, position = [], [], []
        for entry in group:
            blocked = [
                span
                for name in _blockers(entry, group, everyone)
                for span in occurrences(stream, name)
            ]
            start = _window(stream, entry, blocked, slack)
            where = [occurrences(stream, v) for v in entry.fields.values()]
            found.append(all(where))
            intact.append(start is not None)
            if start is None:
                anchor = occurrences(stream, entry.anchor)
                start = anchor[0][0] if anchor else None
            position.append(start)
        out.found.append(found)
        out.intact.append(intact)
        out.position.append(position)
    return out


def in_order(positions: Sequence[int | None], keep: Sequence[bool]) -> tuple[int, int]:
    """Adjacent pairs (both kept) located in truth order, and how many pairs there are."""
    good = total = 0
    for i in range(len(positions) - 1):
        if not (keep[i] and keep[i + 1]):
            continue
        total += 1
        a, b = positions[i], positions[i + 1]
        good += a is not None and b is not None and a < b
    return good, total


def contacts(text: str, truth: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per contact kind, (found intact, in truth)."""
    folded = text.casefold()
    digits = _PHONE_SEPARATORS.sub("", text)
    stream = tokens(text)
    out: dict[str, tuple[int, int]] = {}
    emails = [e.casefold() for e in truth.get("emails") or []]
    out["email"] = (sum(e in folded for e in emails), len(emails))
    phones = [_NON_DIGIT.sub("", p.get("raw") or "") for p in truth.get("phones") or []]
    phones = [p for p in phones if p]
    out["phone"] = (sum(p in digits for p in phones), len(phones))
    name = tokens(truth.get("name") or "")
    out["name"] = (int(bool(occurrences(stream, name))), int(bool(name)))
    return out
