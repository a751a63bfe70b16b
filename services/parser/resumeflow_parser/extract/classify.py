"""How likely a document is a resume, from cheap evidence for and against.

For: resume section headings, contact details, date ranges, a name. Against:
invoice, academic-paper, letter and contract vocabulary, and length. The weights
are hand-set so that one strong signal alone does not decide; the score is a
logistic of their sum, and the caller decides what to do with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resumeflow_parser.extract.dates import find_ranges
from resumeflow_parser.extract.text import fold

THRESHOLD = 0.5
_CORE_SECTIONS = frozenset({"experience", "education", "skills", "summary", "projects"})
_AGAINST: dict[str, tuple[str, ...]] = {
    "invoice": (
        "invoice", "invoice number", "invoice no", "bill to", "ship to", "subtotal", "total due",
        "amount due", "balance due", "unit price", "qty", "vat", "tax id", "payment terms",
        "due date", "purchase order", "factura", "facture", "rechnung", "nota fiscal", "iban",
    ),
    "paper": (
        "abstract", "introduction", "related work", "methodology", "conclusion", "et al",
        "doi", "arxiv", "keywords", "figure 1", "table 1", "theorem", "lemma", "proof",
        "bibliography", "acknowledgements", "acknowledgments", "in proceedings",
    ),
    "letter": (
        "dear sir", "dear madam", "dear hiring manager", "to whom it may concern", "sincerely",
        "yours faithfully", "kind regards", "cover letter",
    ),
    "contract": (
        "agreement", "hereby", "hereinafter", "terms and conditions", "the parties", "witnesseth",
        "governing law", "clause", "indemnify", "confidentiality",
    ),
}  # fmt: skip
_PATTERNS = {
    kind: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for kind, words in _AGAINST.items()
}


@dataclass(frozen=True, slots=True)
class Evidence:
    sections: frozenset[str]
    has_email: bool
    has_phone: bool
    has_name: bool
    date_ranges: int
    page_count: int
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    likely_resume: bool
    reasons: list[str] = field(default_factory=list)


def classify(evidence: Evidence) -> Verdict:
    """Score in 0..1 (logistic of weighted evidence) and the reasons against, if any."""
    total = -1.5
    reasons: list[str] = []
    core = len(evidence.sections & _CORE_SECTIONS)
    total += 1.2 * min(core, 4)
    total += 1.0 * evidence.has_email + 0.7 * evidence.has_phone + 0.5 * evidence.has_name
    total += 0.4 * min(evidence.date_ranges, 5)
    folded = fold(evidence.text)
    for kind, pattern in _PATTERNS.items():
        hits = len(set(pattern.findall(folded)))
        if hits >= 3:
            total -= 1.5 * min(hits, 6) / 3
            reasons.append(f"{kind} vocabulary ({hits} terms)")
    if evidence.page_count > 6:
        total -= 0.5 * min(evidence.page_count - 6, 8)
        reasons.append(f"{evidence.page_count} pages")
    if core == 0:
        reasons.append("no resume sections")
    score = round(1.0 / (1.0 + math.exp(-total)), 3)
    return Verdict(score=score, likely_resume=score >= THRESHOLD, reasons=reasons)


def count_ranges(lines: Sequence[str]) -> int:
    """Date ranges (not lone dates) across ``lines``."""
    return sum(1 for line in lines for r in find_ranges(line) if not r.single)
