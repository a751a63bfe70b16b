"""Merging an LLM answer with the deterministic parse, by explicit rules.

The LLM is checked, not trusted:

* contacts (emails, phones, links) come from the deterministic parser, which found
  them in the text and normalised them; an LLM contact is added only if it appears
  in the text;
* name and location: deterministic first, else the LLM's if it appears in the text;
* experience, education, languages, certifications: the LLM's entries (it reads
  structure better), each employer, school and year checked against the text; a
  value found nowhere is kept but listed in ``flags`` so a reviewer sees it;
  provenance is copied from a matching deterministic entry (per-field boxes only
  for the fields both agree on);
* skills: the union, deterministic (vocabulary-normalised) first.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

from resumeflow_enhancer.llm import LLMProfile
from resumeflow_shared.profile import (
    CandidateProfile,
    Certification,
    EducationEntry,
    Email,
    Flag,
    LanguageSkill,
    Link,
    Skill,
    TextValue,
    WorkEntry,
    total_experience_months,
)

_Entry = TypeVar("_Entry", WorkEntry, EducationEntry)
_LINK_KINDS = {"linkedin", "github", "portfolio", "other"}


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form for "does it appear" checks."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


class Checker:
    def __init__(self, text: str) -> None:
        self.text = fold(text)
        self.flags: list[Flag] = []

    def present(self, value: str | None) -> bool:
        return bool(value) and fold(value or "") in self.text

    def check(self, field: str, value: str | None) -> None:
        if value and not self.present(value):
            self.flags.append(Flag(field=field, value=value, reason="not found in the resume text"))

    def check_year(self, field: str, value: str | None) -> None:
        if value and value[:4].isdigit() and value[:4] not in self.text:
            self.flags.append(Flag(field=field, value=value, reason="year not found in the text"))


def _match(entries: list[WorkEntry], employer: str | None) -> WorkEntry | None:
    key = fold(employer or "")
    return next((e for e in entries if key and fold(e.employer or "") == key), None)


def _experience(llm: LLMProfile, det: CandidateProfile, check: Checker) -> list[WorkEntry]:
    merged = []
    for i, job in enumerate(llm.experience):
        check.check(f"experience[{i}].employer", job.employer)
        check.check_year(f"experience[{i}].start", job.start)
        check.check_year(f"experience[{i}].end", job.end)
        twin = _match(det.experience, job.employer)
        entry = WorkEntry(**job.model_dump(), source=twin.source if twin else None)
        if twin is not None:
            _agreed_sources(entry, twin)
        merged.append(entry)
    return merged


def _education(llm: LLMProfile, det: CandidateProfile, check: Checker) -> list[EducationEntry]:
    merged = []
    for i, school in enumerate(llm.education):
        check.check(f"education[{i}].institution", school.institution)
        check.check_year(f"education[{i}].end", school.end)
        key = fold(school.institution or "")
        twin = next((e for e in det.education if key and fold(e.institution or "") == key), None)
        entry = EducationEntry(**school.model_dump(), source=twin.source if twin else None)
        if twin is not None:
            _agreed_sources(entry, twin)
        merged.append(entry)
    return merged


def _agreed_sources(entry: _Entry, twin: _Entry) -> None:
    """The twin's per-field boxes for the fields whose values the two agree on: a box
    must point at the value shown, never at the deterministic parser's other guess."""
    sources = twin.sources.model_copy()
    for name in type(sources).model_fields:
        if name == "dates":
            same = (entry.start, entry.end) == (twin.start, twin.end)
        else:
            same = fold(getattr(entry, name) or "") == fold(getattr(twin, name) or "")
        if not same:
            setattr(sources, name, None)
    entry.sources = sources


def _contacts(
    llm: LLMProfile, det: CandidateProfile, check: Checker
) -> tuple[list[Email], list[Link]]:
    emails = list(det.emails)
    known = {fold(e.value) for e in emails}
    for value in llm.emails:
        if fold(value) not in known and check.present(value):
            emails.append(Email(value=value))
            known.add(fold(value))
    links = list(det.links)
    known_links = {fold(link.url) for link in links}
    for link in llm.links:
        if fold(link.url) not in known_links and check.present(link.url):
            kind = link.kind if link.kind in _LINK_KINDS else "other"
            links.append(Link(url=link.url, kind=kind))
    return emails, links


def _skills(llm: LLMProfile, det: CandidateProfile) -> list[Skill]:
    skills = list(det.skills)
    known = {fold(s.name) for s in skills} | {fold(s.raw) for s in skills}
    for name in llm.skills:
        if fold(name) not in known:
            skills.append(Skill(name=name, raw=name, known=False))
            known.add(fold(name))
    return skills


def _text_value(
    det: TextValue | None, llm: str | None, field: str, check: Checker
) -> TextValue | None:
    if det is not None:
        return det
    if llm:
        check.check(field, llm)
        return TextValue(value=llm)
    return None


def merge(det: CandidateProfile, llm: LLMProfile, text: str) -> CandidateProfile:
    check = Checker(text)
    emails, links = _contacts(llm, det, check)
    experience = _experience(llm, det, check) or det.experience
    education = _education(llm, det, check) or det.education
    languages = [LanguageSkill(**lang.model_dump()) for lang in llm.languages] or det.languages
    certifications = [
        Certification(**c.model_dump()) for c in llm.certifications
    ] or det.certifications
    for i, cert in enumerate(certifications):
        check.check(f"certifications[{i}].name", cert.name)
    return CandidateProfile(
        name=_text_value(det.name, llm.name, "name", check),
        headline=llm.headline or det.headline,
        summary=llm.summary or det.summary,
        location=_text_value(det.location, llm.location, "location", check),
        emails=emails,
        phones=list(det.phones),
        links=links,
        experience=experience,
        total_experience_months=total_experience_months(experience) or det.total_experience_months,
        education=education,
        skills=_skills(llm, det),
        languages=languages,
        certifications=certifications,
        flags=[*det.flags, *check.flags],
    )
