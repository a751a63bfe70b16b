"""What a section is about, from its content, when its heading says nothing we know.

Designed resumes title their sections "Where I've worked", "Toolbox" or
"Stationen". Such a heading is found by its style (:mod:`sections`); the section's
name then comes from what it holds: entries anchored on date ranges that name a
school or a degree are education, other dated entries are experience, an email
address makes contact details, lines that start with a language name are
languages, short lists of known skills are skills.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from resumeflow_parser.extract.contacts import find_emails
from resumeflow_parser.extract.entries import date_anchor
from resumeflow_parser.extract.languages import starts_with_language
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.skills import known_items
from resumeflow_parser.extract.text import fold

CONTACT = "contact"  # the name the preamble above the first heading goes by too
_SCHOOL_WORDS = (
    "universi", "college", "institut", "school", "escuela", "ecole", "hochschule",
    "politecnic", "polytechn", "academ", "faculda", "facult", "hogeschool", "lycee", "liceo",
    "bachelor", "master", "licence", "licenciatura", "laurea", "diplom", "mestrado", "grado",
    "bsc", "msc", "phd", "mba", "b.sc", "m.sc", "b.a.", "m.a.",
)  # fmt: skip


def guess_section(lines: Sequence[Line]) -> str | None:
    """``contact``, ``experience``, ``education``, ``languages``, ``skills`` or None."""
    if not lines:
        return None
    # The first few dated entries decide; a long section need not be scanned whole.
    anchored = list(itertools.islice((i for i, ln in enumerate(lines) if date_anchor(ln)), 4))
    if anchored:
        schooled = sum(_near_school_word(lines, i) for i in anchored)
        return "education" if 2 * schooled >= len(anchored) else "experience"
    if find_emails(lines):
        return CONTACT
    spoken = sum(starts_with_language(line.text) for line in lines)
    if 2 * spoken >= len(lines):
        return "languages"
    counts = [known_items(line.text) for line in lines]
    known, items = sum(k for k, _ in counts), sum(n for _, n in counts)
    if known >= 3 and 2 * known >= items:
        return "skills"
    return None


def _near_school_word(lines: Sequence[Line], i: int) -> bool:
    window = " ".join(line.text for line in lines[max(0, i - 2) : i + 3])
    folded = fold(window)
    return any(word in folded for word in _SCHOOL_WORDS)
