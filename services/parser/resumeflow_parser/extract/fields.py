"""Assemble the :class:`ParseResult` from page layouts: sections, profile, verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from resumeflow_parser.extract.certifications import extract_certifications
from resumeflow_parser.extract.classify import Evidence, classify, count_ranges
from resumeflow_parser.extract.contacts import find_emails, find_links, find_phones
from resumeflow_parser.extract.education import extract_education
from resumeflow_parser.extract.entries import date_anchor
from resumeflow_parser.extract.experience import extract_experience, total_months
from resumeflow_parser.extract.identity import find_headline, find_location, find_name
from resumeflow_parser.extract.languages import extract_languages
from resumeflow_parser.extract.layout import drop_furniture
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.pages import ReadDocument
from resumeflow_parser.extract.regions import region_hints
from resumeflow_parser.extract.sections import PREAMBLE, Block, split_sections
from resumeflow_parser.extract.skills import extract_skills
from resumeflow_parser.extract.text import fragments, paragraphs
from resumeflow_shared.profile import CandidateProfile, Email, Link, PageText, ParseResult

# Numbers and addresses in these sections belong to someone else (a referee, an
# employer's switchboard), or are too often not phone numbers at all.
_CONTACT_LINES = 12  # where a contact block's "City, Country" sits
_NO_PHONES = frozenset(
    {"references", "experience", "education", "projects", "publications", "volunteering"}
)


def build_result(read: ReadDocument, *, region: str, today: date) -> ParseResult:
    """Sections, profile and resume verdict for the pages read from a document."""
    pages = drop_furniture(read.pages)
    lines = [line for page in pages for line in page.lines]
    blocks = split_sections(lines, [flow for page in pages for flow in page.flows])
    profile = build_profile(blocks, read, region=region, today=today, page_height=pages[0].height)
    verdict = classify(
        Evidence(
            sections=frozenset(b.name for b in blocks if b.heading is not None),
            has_email=bool(profile.emails),
            has_phone=bool(profile.phones),
            has_name=profile.name is not None,
            date_ranges=count_ranges([line.text for line in lines]),
            page_count=len(read.pages),
            text="\n".join(line.text for line in lines),
        )
    )
    warnings = list(read.warnings)
    if lines and not any(b.heading is not None for b in blocks):
        warnings.append("no section headings were recognised")
    if not verdict.likely_resume:
        warnings.append("probably not a resume: " + ("; ".join(verdict.reasons) or "weak signals"))
    return ParseResult(
        page_count=len(read.pages),
        pages=[
            PageText(number=p.number, width=p.width, height=p.height, text=p.text)
            for p in read.pages
        ],
        sections=[b.to_section() for b in blocks if b.lines],
        fields=profile,
        ocr=read.ocr,
        likely_resume=verdict.likely_resume,
        resume_score=verdict.score,
        warnings=warnings,
    )


def build_profile(
    blocks: Sequence[Block], read: ReadDocument, *, region: str, today: date, page_height: float
) -> CandidateProfile:
    """Every profile field the rules can fill; each extractor only sees its sections."""
    by_name: dict[str, list[tuple[Line, ...]]] = defaultdict(list)
    for block in blocks:
        by_name[block.name].append(block.lines)
    everything = [line for block in blocks for line in block.lines]
    contact = _lines(by_name[PREAMBLE])
    own = [line for b in blocks if b.name != "references" for line in b.lines]
    phone_lines = [line for b in blocks if b.name not in _NO_PHONES for line in b.lines]
    name = find_name(everything, page_height)
    experience = extract_experience(by_name["experience"])
    # Entry headers name employers and schools, not skills.
    prose = [
        line
        for line in _lines(by_name["experience"] + by_name["summary"] + by_name["projects"])
        if date_anchor(line) is None
    ]
    employers = [job.employer for job in experience if job.employer]
    emails = find_emails(own)
    links = find_links(own, read.links, contact=contact, owner=name.value if name else None)
    return CandidateProfile(
        name=name,
        headline=find_headline(contact, name),
        summary=_summary(by_name["summary"]),
        location=find_location(contact),
        emails=emails,
        phones=find_phones(phone_lines, region, hints=_hints(emails, links, everything, contact)),
        links=links,
        experience=experience,
        total_experience_months=total_months(experience, today),
        education=extract_education(by_name["education"]),
        skills=extract_skills(by_name["skills"], prose, not_skills=employers),
        languages=extract_languages(by_name["languages"], everything),
        certifications=extract_certifications(by_name["certifications"]),
    )


def _hints(
    emails: Sequence[Email], links: Sequence[Link], lines: Sequence[Line], contact: Sequence[Line]
) -> list[str]:
    # The contact block first; then the top of the document, where designs that
    # head their contact details "About" or "Profile" put them.
    top = [line for line in lines[:_CONTACT_LINES] if line.page == 1]
    places = (part.text for line in (*contact[:_CONTACT_LINES], *top) for part in fragments(line))
    return region_hints(emails, links, " ".join(line.text for line in lines), places)


def _lines(groups: Iterable[Sequence[Line]]) -> list[Line]:
    return [line for group in groups for line in group]


def _summary(groups: Sequence[Sequence[Line]]) -> str | None:
    text = "\n".join(item for group in groups for item, _ in paragraphs(group))
    return text or None
