"""Month arithmetic, date rendering and the total-experience rule of the eval set.

Internally a date is a month index ``year * 12 + (month - 1)``. What a resume *shows*
decides the truth: a date rendered as "2019" is truth ``"2019"`` even though the
generator picked a month, and "Summer 2017" is truth ``"2017"``.

Total experience (documented in bench/README.md):
- every job covers the months from its start to its end, both inclusive;
- a year-only date counts as January of that year (start and end alike);
- "Summer YYYY" covers June to August of that year;
- "Present" (and "now", "heute", ...) is the reference month, 2026-11;
- overlapping jobs are merged, so a month is counted once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

REFERENCE_MONTH = 2026 * 12 + 10  # 2026-11, the month of today=2026-11-01

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Formats for one date. "year" drops the month, so its truth has year precision.
DATE_FORMATS = ("mon", "month", "iso", "slash", "dot", "year")
SEPARATORS = (" - ", " – ", "–", " to ", " — ")
PRESENT_WORDS = {
    "en": ("Present", "present", "Current", "now", "Now", "Today"),
    "es": ("Actualidad", "Presente"),
    "de": ("heute", "Heute"),
}


@dataclass(frozen=True)
class Shown:
    """One rendered date: its text, its truth string and the month used for totals."""

    text: str
    truth: str
    month: int


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def split(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def show(index: int, fmt: str) -> Shown:
    year, month = split(index)
    if fmt == "year":
        return Shown(str(year), str(year), month_index(year, 1))
    text = {
        "mon": f"{MONTHS_SHORT[month - 1]} {year}",
        "month": f"{MONTHS_LONG[month - 1]} {year}",
        "iso": f"{year}-{month:02d}",
        "slash": f"{month:02d}/{year}",
        "dot": f"{month:02d}.{year}",
    }[fmt]
    return Shown(text, f"{year}-{month:02d}", index)


@dataclass(frozen=True)
class Span:
    """A rendered date range and what it means."""

    text: str
    start: str | None  # truth start, None when only an end is shown
    end: str | None  # truth end, None when current
    is_current: bool
    first_month: int
    last_month: int


def render_range(rng: random.Random, start: int, end: int | None, fmt: str, lang: str) -> Span:
    """Render a job's range in ``fmt``; ``end=None`` means the job is current."""
    if fmt == "year" and end is not None and split(start)[0] == split(end)[0]:
        start -= 12  # keep year-only ranges from collapsing into "2019 – 2019"
    first = show(start, fmt)
    if end is None:
        word = rng.choice(PRESENT_WORDS[lang])
        if lang == "en" and fmt in ("mon", "month") and rng.random() < 0.2:
            return Span(
                f"Since {first.text}", first.truth, None, True, first.month, REFERENCE_MONTH
            )
        text = f"{first.text}{rng.choice(SEPARATORS)}{word}"
        return Span(text, first.truth, None, True, first.month, REFERENCE_MONTH)
    last = show(end, fmt)
    text = f"{first.text}{rng.choice(SEPARATORS)}{last.text}"
    return Span(text, first.truth, last.truth, False, first.month, last.month)


def summer(year: int) -> Span:
    """An internship shown as "Summer 2017": truth has year precision, covers Jun-Aug."""
    return Span(
        f"Summer {year}", str(year), str(year), False, month_index(year, 6), month_index(year, 8)
    )


def total_months(spans: list[tuple[int, int]]) -> int:
    """Months covered by the union of inclusive ``(first, last)`` month ranges."""
    total = 0
    cover_end = -1
    for first, last in sorted(spans):
        if last <= cover_end:
            continue
        total += last - max(first, cover_end + 1) + 1
        cover_end = last
    return total
