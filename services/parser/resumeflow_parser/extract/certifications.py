"""Certifications: name, issuer (when it is a known body or written "by X") and date."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from resumeflow_parser.extract.dates import find_ranges
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.text import fold, is_bullet, paragraphs, words
from resumeflow_shared.profile import Certification

_ISSUERS = (
    "Amazon Web Services", "AWS", "Microsoft", "Google Cloud", "Google", "Oracle", "Cisco",
    "CompTIA", "PMI", "Project Management Institute", "Scrum Alliance", "Scrum.org", "CNCF",
    "Cloud Native Computing Foundation", "Linux Foundation", "The Linux Foundation", "(ISC)²",
    "(ISC)2", "ISC2", "ISACA", "EC-Council", "Offensive Security", "SANS", "GIAC", "Salesforce",
    "HashiCorp", "Red Hat", "IBM", "SAP", "Axelos", "PeopleCert", "Coursera", "Udemy", "edX",
    "Udacity", "DataCamp", "LinkedIn Learning", "Meta", "Adobe", "VMware", "Databricks",
    "Snowflake", "MongoDB", "Confluent", "Kubernetes", "Tableau", "HubSpot", "CFA Institute",
    "AICPA", "ACCA", "IIBA", "ASQ", "TOEFL", "Cambridge", "Goethe-Institut", "Instituto Cervantes",
    "DELE", "DELF", "IELTS", "British Council", "Stanford", "Harvard", "MIT",
)  # fmt: skip
_ISSUER_KEYS = sorted(((fold(i), i) for i in _ISSUERS), key=lambda p: len(p[0]), reverse=True)
_BY = re.compile(
    r"(?:^|[\s,(])(?:issued by|issuer|by|from|emitido por|delivre par|ausgestellt von|por)"
    r"\s*:?\s+(?P<issuer>[^,;|()\t]{2,60})",
    re.IGNORECASE,
)
_TRIM = " ,;|:-–—·•()[]\t"


def extract_certifications(sections: Iterable[Sequence[Line]]) -> list[Certification]:
    """One certification per item (bullet or line) of the certifications sections."""
    out: list[Certification] = []
    seen: set[str] = set()
    for lines in sections:
        for text, line in _items(lines):
            cert = _certification(text, line)
            if cert is not None and cert.name.casefold() not in seen:
                seen.add(cert.name.casefold())
                out.append(cert)
    return out


def _items(lines: Sequence[Line]) -> list[tuple[str, Line]]:
    # Without bullets every line is its own certification; with them, wrapped lines join.
    if any(is_bullet(line) for line in lines):
        return list(paragraphs(lines))
    out: list[tuple[str, Line]] = []
    right = max((line.x1 for line in lines), default=0.0)
    for prev, line in zip((None, *lines), lines, strict=False):
        if prev is not None and out and _wrapped(prev, line, right):
            out[-1] = (f"{out[-1][0]} {line.text}", out[-1][1])
        else:
            out.append((line.text, line))
    return out


def _wrapped(prev: Line, line: Line, right: float) -> bool:
    """Is ``line`` the tail of ``prev``, wrapped at the column's edge? ``prev`` fills
    the column and holds no date; the tail starts at its left edge and ends short."""
    full = prev.x1 >= right - 0.1 * (right - prev.x0)
    short = line.x1 < right - 0.1 * (right - line.x0)
    return full and short and abs(line.x0 - prev.x0) < 2 and not find_ranges(prev.text)


def _certification(text: str, line: Line) -> Certification | None:
    when = None
    dates = find_ranges(text)
    for found in reversed(dates):
        when = found.end or found.start
        text = text[: found.span[0]] + "\t" + text[found.span[1] :]
    text = re.sub(r"^\s*[•◦▪●■►▸➢➤✓✔❖♦◆*·-]\s*", "", text)
    text = re.sub(
        r"\b(?:issued|obtained|earned|expires?|valid until|credential id\b.*)\s*:?",
        "",
        text,
        flags=re.IGNORECASE,
    )
    name, issuer = _split_issuer(text)
    name = _tidy(name)
    if not name or len(words(name)) > 16 or not re.search(r"[^\W\d_]", name):
        return None
    return Certification(name=name, issuer=issuer, date=when, source=line.locate(name[:30]))


def _tidy(name: str) -> str:
    name = " ".join(name.replace("\t", " ").split())
    name = re.sub(r"\(\s*[,;]?\s*\)", "", name).strip(" ,;|:-–—·•")
    if name.count("(") > name.count(")"):
        name = name.rstrip(" ,;(") + (")" if "(" in name.rstrip(" ,;(") else "")
    return name.strip(" ,;|:-–—·•")


def _split_issuer(text: str) -> tuple[str, str | None]:
    by = _BY.search(text)
    if by is not None:
        issuer = by["issuer"].strip(_TRIM)
        return text[: by.start()] + text[by.end() :], issuer or None
    parts = [p for p in re.split(r"\s*(?:\t|,|\||\s[-–—·•]\s|\(|\))\s*", text) if p.strip(_TRIM)]
    if len(parts) < 2:
        return text, None
    for part in reversed(parts[1:]):
        issuer = _known_issuer(part)
        if issuer is not None:
            at = text.rfind(part)
            return text[:at] + text[at + len(part) :], issuer
    return text, None


def _known_issuer(text: str) -> str | None:
    key = fold(text.strip(_TRIM))
    for folded, issuer in _ISSUER_KEYS:
        if key == folded:
            return issuer
    return None
