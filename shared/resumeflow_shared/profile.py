"""The typed results a user reads: the parse (text, layout, sections) and the profile.

Every extracted value can carry a :class:`Provenance` (page, bounding box, source
text), so a UI can highlight it and a reviewer can check it. Dates are partial ISO
strings (``"2020"`` or ``"2020-03"``) because resumes rarely give a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PartialDate = str  # "YYYY" or "YYYY-MM"

BBox = tuple[float, float, float, float]

CANONICAL_SECTIONS: tuple[str, ...] = (
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "certifications",
    "languages",
    "awards",
    "publications",
    "volunteering",
    "interests",
    "references",
    "contact",
    "other",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Provenance(_Model):
    """Where a value was read: 1-based page number, PDF-point bbox (x0, y0, x1, y1), text."""

    page: int = Field(ge=1)
    bbox: BBox
    text: str


class TextValue(_Model):
    value: str
    source: Provenance | None = None


class Email(_Model):
    value: str
    source: Provenance | None = None


class Phone(_Model):
    value: str = Field(description="E.164 when the number could be normalised, else as written.")
    raw: str
    valid: bool = True
    source: Provenance | None = None


LinkKind = Literal["linkedin", "github", "portfolio", "other"]


class Link(_Model):
    url: str
    kind: LinkKind = "other"
    source: Provenance | None = None


class WorkSources(_Model):
    """Where each part of a work entry was read; the entry's ``source`` is its whole header."""

    employer: Provenance | None = None
    title: Provenance | None = None
    dates: Provenance | None = None


class EducationSources(_Model):
    """Where each part of an education entry was read."""

    institution: Provenance | None = None
    degree: Provenance | None = None
    dates: Provenance | None = None


class WorkEntry(_Model):
    employer: str | None = None
    title: str | None = None
    location: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    is_current: bool = False
    bullets: list[str] = Field(default_factory=list)
    source: Provenance | None = None
    sources: WorkSources = Field(default_factory=WorkSources)


class EducationEntry(_Model):
    institution: str | None = None
    degree: str | None = None
    field: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    grade: str | None = None
    source: Provenance | None = None
    sources: EducationSources = Field(default_factory=EducationSources)


class Skill(_Model):
    name: str = Field(description="Canonical name from the shipped vocabulary, or as written.")
    raw: str
    known: bool = Field(default=True, description="False when not in the vocabulary.")
    source: Provenance | None = None


class LanguageSkill(_Model):
    language: str
    proficiency: str | None = None
    source: Provenance | None = None


class Certification(_Model):
    name: str
    issuer: str | None = None
    date: PartialDate | None = None
    source: Provenance | None = None


class Flag(_Model):
    """A value that failed a cross-check (e.g. an LLM employer found nowhere in the text)."""

    field: str
    value: str
    reason: str


class MergeDecision(_Model):
    """How the enhancer settled one field between the parser and the LLM, and why."""

    field: str
    source: Literal["parser", "model", "both"]
    reason: str


class CandidateProfile(_Model):
    """The structured candidate profile, whichever enhancer produced it."""

    name: TextValue | None = None
    headline: str | None = None
    summary: str | None = None
    location: TextValue | None = None
    emails: list[Email] = Field(default_factory=list)
    phones: list[Phone] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    experience: list[WorkEntry] = Field(default_factory=list)
    total_experience_months: int = 0
    education: list[EducationEntry] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[LanguageSkill] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    decisions: list[MergeDecision] = Field(
        default_factory=list,
        description="With an LLM: which source each field came from, and why.",
    )


class PageText(_Model):
    number: int = Field(ge=1)
    width: float
    height: float
    text: str


class Section(_Model):
    name: str = Field(description="One of CANONICAL_SECTIONS.")
    heading: str
    text: str
    page: int = Field(ge=1)
    bbox: BBox | None = None


class ParseResult(_Model):
    """What the parser stores for a resume; the enhancer reads it back by resume id."""

    page_count: int
    pages: list[PageText]
    sections: list[Section] = Field(default_factory=list)
    fields: CandidateProfile = Field(default_factory=CandidateProfile)
    ocr: bool = False
    likely_resume: bool = True
    resume_score: float = 1.0
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


def _month_index(value: PartialDate | None, *, end: bool) -> int | None:
    """Months since year 0; a bare year means January (start) or December (end)."""
    if not value or not value[:4].isdigit():
        return None
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else (12 if end else 1)
    return year * 12 + (month - 1)


def total_experience_months(entries: Iterable[WorkEntry], today: date | None = None) -> int:
    """Months covered by at least one job, overlapping jobs merged, both ends inclusive.

    A current job (or one with a start but no end) runs until ``today``.
    """
    now = today or date.today()
    spans: list[tuple[int, int]] = []
    for entry in entries:
        start = _month_index(entry.start, end=False)
        if start is None:
            continue
        stop = (
            now.year * 12 + now.month - 1
            if entry.is_current or not entry.end
            else _month_index(entry.end, end=True)
        )
        if stop is not None and stop >= start:
            spans.append((start, stop))
    total, current_end = 0, -1
    for start, stop in sorted(spans):
        if stop <= current_end:
            continue
        total += stop - max(start, current_end + 1) + 1
        current_end = stop
    return total
