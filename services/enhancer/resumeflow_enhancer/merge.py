"""Merging an LLM answer with the deterministic parse, field by field, from evidence.

Neither source wins by rule. A value is kept when the document shows it, looked for
the way people print things: case, accents, line breaks inside an e-mail address or
a URL, and the separators inside a phone number do not matter, and the link targets
the parser read count as text. Then:

* **name**: the parser's, unless it does not look like a person's name (a company, a
  form label, a heading, a degree) or the model's completes it (a name cut in half);
  the model's must be in the text;
* **contacts**: the parser's, plus the model's that the text shows and the parser
  missed (a number written ``05.56.31.32.33``, an address broken over two lines);
* **experience, education**: the model's entries that the text shows (employer or
  title, school or degree), each field checked; entries the parser found and the
  model did not are kept too. A model that names someone the text does not show is
  answering about someone else: the entries it pairs with stand as the parser read
  them, and it adds only entries whose employer and title (school and degree) the
  text shows;
* **skills, languages, certifications**: the union, the model's only where the text
  shows them: a skill as a term of its own ("Go" is not in "Google"), a language
  outside the candidate's name and addresses ("Castellano" is a surname).

Every field's outcome is recorded in ``decisions`` (which source, and why); values the
model gave that the text does not show are listed in ``flags``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import phonenumbers

from resumeflow_enhancer.llm import LLMEducation, LLMProfile, LLMWork
from resumeflow_shared.languages import LANGUAGE_NAMES
from resumeflow_shared.profile import (
    CandidateProfile,
    Certification,
    EducationEntry,
    Email,
    Flag,
    LanguageSkill,
    Link,
    MergeDecision,
    Phone,
    Skill,
    TextValue,
    WorkEntry,
    total_experience_months,
)

_Entry = TypeVar("_Entry", WorkEntry, EducationEntry)
_Item = TypeVar("_Item", LanguageSkill, Certification)
Source = Literal["parser", "model", "both"]
_LINK_KINDS = {"linkedin", "github", "portfolio", "other"}

# What a person's name is not: words of company names, form labels and headings, and
# degrees. Lower case, compared word by word after folding.
_NOT_NAME_WORDS = {
    # legal forms and company words
    "gmbh", "ag", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "corp", "corp.", "co.",
    "s.a.", "sa", "sarl", "s.r.l.", "srl", "bv", "b.v.", "nv", "oy", "ab", "kg", "se",
    "company", "corporation", "group", "holding", "solutions", "technologies", "labs",
    # form labels and headings
    "applied", "position", "resume", "résumé", "cv", "curriculum", "vitae", "lebenslauf",
    "profile", "profil", "contact", "personal", "information", "details", "summary",
    "objective", "experience", "education", "skills", "references", "page",
    # degrees
    "b.ed.", "b.ed", "bsc", "b.sc.", "msc", "m.sc.", "mba", "phd", "ph.d.", "ba", "b.a.",
    "ma", "m.a.", "bachelor", "master", "diploma", "degree", "licence", "licenciatura",
}  # fmt: skip
NOT_IN_TEXT = "not found in the resume text"
# a phone number as printed: digits with spaces, dots, dashes, slashes or brackets,
# never across a tab or a line (a date column often follows on the same line)
_PHONE_RUN = re.compile(r"\+?\d[\d \u00a0().\-/]{5,}\d")
# the same degree, abbreviated or spelled out
_DEGREES = [
    ("bsc", "bachelor of science"),
    ("msc", "master of science"),
    ("ba", "bachelor of arts"),
    ("ma", "master of arts"),
    ("beng", "bachelor of engineering"),
    ("meng", "master of engineering"),
    ("mba", "master of business administration"),
    ("phd", "doctor of philosophy"),
    ("llb", "bachelor of laws"),
    ("llm", "master of laws"),
]


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form for "does it appear" checks."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


def _compact(text: str) -> str:
    """Folded, without any whitespace or soft hyphen: an address or URL broken over
    lines in a narrow column reads the same as one printed on a single line."""
    return re.sub(r"[\s\u00ad]+", "", fold(text))


def _url_key(url: str) -> str:
    key = _compact(url)
    key = re.sub(r"^(https?://)?(www\.)?", "", key)
    return key.rstrip("/")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _same_number(a: str, b: str) -> bool:
    """The same phone number, whatever the country prefix (``+33 5...`` / ``05...``)."""
    da, db = _digits(a), _digits(b)
    if len(da) < 7 or len(db) < 7:
        return False
    tail = min(len(da), len(db), 9)
    return da[-tail:] == db[-tail:]


def _degree_forms(value: str) -> set[str]:
    """A degree as written, plus its other form (``M.Sc.`` / ``Master of Science``)."""
    key = re.sub(r"[.\s]", "", fold(value))
    forms = {fold(value)}
    for short, long in _DEGREES:
        if key == short or fold(value).startswith(long):
            forms |= {short, long}
    return forms


class Evidence:
    """What the document shows, and the record of how each field was decided."""

    def __init__(self, text: str, det: CandidateProfile) -> None:
        targets = [e.value for e in det.emails] + [link.url for link in det.links]
        self.text = fold(text)
        self.lines = [fold(line) for line in text.splitlines()]
        self.compact = _compact(text) + "\n" + "\n".join(_compact(t) for t in targets)
        self.undotted = self.text.replace(".", "")
        # The text without the candidate's name, e-mail addresses and URLs: a surname
        # such as "Castellano" or "English" is not a language the person lists.
        self.prose = _ADDRESS.sub(" ", self.text)
        if det.name is not None and fold(det.name.value):
            self.prose = self.prose.replace(fold(det.name.value), " ")
        self.numbers = [m.group(0) for m in _PHONE_RUN.finditer(text)]
        self.flags: list[Flag] = []
        self.decisions: list[MergeDecision] = []

    def shows(self, value: str | None) -> bool:
        return bool(value) and fold(value or "") in self.text

    def shows_compact(self, value: str | None) -> bool:
        return bool(value) and _compact(value or "") in self.compact

    def shows_name(self, value: str | None) -> bool:
        """Letter-spaced headers (``J Ö R N``) count: names are compared without spaces."""
        return self.shows(value) or self.shows_compact(value)

    def shows_degree(self, value: str | None) -> bool:
        if not value:
            return False
        for form in _degree_forms(value):
            if " " in form and form in self.text:
                return True
            if " " not in form and re.search(rf"\b{re.escape(form)}\b", self.undotted):
                return True
        return False

    def starts_a_line(self, tail: str) -> bool:
        return any(line.startswith(tail) for line in self.lines if line)

    def ends_a_line(self, head: str) -> bool:
        """``head`` ends a line (with or without a hyphen): the start of a value that
        the layout broke, whose rest the parser read on a later line."""
        return any(line.rstrip("-").endswith(head) for line in self.lines if line)

    def shows_number(self, value: str) -> bool:
        return any(_same_number(value, run) for run in self.numbers)

    def shows_language(self, name: str) -> bool:
        """The language under any of its names (``German`` as ``Deutsch``), outside the
        candidate's name and contact details."""
        names = (*LANGUAGE_NAMES.get(name.strip().title(), ()), fold(name))
        return any(re.search(rf"\b{re.escape(n)}\b", self.prose) for n in names)

    def shows_term(self, value: str, within: str | None = None) -> bool:
        """``value`` as a term of its own in the text (or in ``within``, folded): "Go"
        is not in "Google" or "Django", "Git" not in "github.com", "SQL" not in
        "PostgreSQL"."""
        return _shows_term(fold(value), self.text if within is None else within)

    def shows_year(self, value: str | None) -> bool:
        return not value or not value[:4].isdigit() or value[:4] in self.text

    def flag(
        self, field: str, value: str | None, reason: str = "not found in the resume text"
    ) -> None:
        if value:
            self.flags.append(Flag(field=field, value=value, reason=reason))

    def decide(self, field: str, source: Source, reason: str) -> None:
        self.decisions.append(MergeDecision(field=field, source=source, reason=reason))

    def added(self, field: str, added: int, parser_had: bool, what: str) -> None:
        """The decision for a list the model can only add to (emails, phones, links)."""
        source: Source = "both" if added and parser_had else "model" if added else "parser"
        self.decide(field, source, f"{added} {what} from the model that the text shows")


# an e-mail address or a URL as printed: a run of text with an @ or a slash in it
_ADDRESS = re.compile(r"\S*[@/]\S*")


def _shows_term(term: str, text: str) -> bool:
    # a term's own characters (C++, C#, .NET, Node.js) may touch it; a letter or digit
    # may not
    return bool(term) and re.search(rf"(?<![\w+#]){re.escape(term)}(?![\w+#])", text) is not None


# degrees abbreviated with dots and spaces: "B. Ed.", "M. Sc.", "Ph. D."
_DOTTED_DEGREE = re.compile(r"\b(?:[bm]\.\s?(?:ed|sc|a|eng|phil)|ph\.\s?d)\b")


def looks_like_a_name(value: str) -> bool:
    folded = fold(value)
    words = folded.split()
    if not 1 < len(words) <= 5 or any(c.isdigit() or c == "@" for c in value):
        return False
    if _DOTTED_DEGREE.search(folded):
        return False
    return not any(w.strip(",;:") in _NOT_NAME_WORDS for w in words)


def _name(det: TextValue | None, llm: str | None, ev: Evidence) -> TextValue | None:
    if llm and not ev.shows_name(llm):
        ev.flag("name", llm)
        llm = None
    if det is None:
        if llm:
            ev.decide("name", "model", "only the model found a name")
            return TextValue(value=llm)
        return None
    if not llm:
        ev.decide("name", "parser", "the model gave no name found in the text")
        return det
    if fold(det.value) == fold(llm):
        ev.decide("name", "both", "both read the same name")
        return det
    if _compact(det.value) == _compact(llm):
        ev.decide("name", "model", "the same letters; the model's spacing (letter-spaced header)")
        return TextValue(value=llm, source=det.source)
    det_words, llm_words = fold(det.value).split(), fold(llm).split()
    if len(det_words) < len(llm_words) and all(w in llm_words for w in det_words):
        ev.decide("name", "model", "the model's name completes the parser's")
        return TextValue(value=llm, source=det.source)
    if not looks_like_a_name(det.value) and looks_like_a_name(llm):
        ev.decide("name", "model", "the parser's name looks like a company, label or degree")
        return TextValue(value=llm)
    ev.decide("name", "parser", "both are in the text; the parser's stands where a name does")
    return det


def _location(det: TextValue | None, llm: str | None, ev: Evidence) -> TextValue | None:
    if det is not None:
        ev.decide("location", "parser", "read from the contact block")
        return det
    if llm and ev.shows(llm):
        ev.decide("location", "model", "only the model found one, and the text shows it")
        return TextValue(value=llm)
    ev.flag("location", llm)
    return None


def _emails(det: list[Email], llm: list[str], ev: Evidence) -> list[Email]:
    emails = list(det)
    added = 0
    for value in llm:
        key = _compact(value)
        if not ev.shows_compact(value) and not _rejoined(key, emails, ev):
            ev.flag("emails", value)
            continue
        # the parser's address cut at a line break is replaced by the whole one
        partial = next(
            (
                i
                for i, e in enumerate(emails)
                if key != _compact(e.value) and _compact(e.value) in key
            ),
            None,
        )
        if partial is not None:
            emails[partial] = Email(value=value, source=emails[partial].source)
            added += 1
        elif all(_compact(e.value) != key for e in emails):
            emails.append(Email(value=value))
            added += 1
    ev.added("emails", added, bool(det), "address(es)")
    return emails


def _completes(key: str, part: str, ev: Evidence) -> bool:
    """``part`` is what the parser read of ``key`` (its head or its tail) and the text
    shows the rest where the layout broke the value: ending a line (``imo-``) or
    starting one (``m`` after ``...@outlook.co``)."""
    if not part or key == part:
        return False
    if key.endswith(part):
        head = key[: -len(part)]
        return len(head) >= 2 and ev.ends_a_line(head)
    if key.startswith(part):
        return ev.starts_a_line(key[len(part) :])
    return False


def _rejoined(key: str, emails: list[Email], ev: Evidence) -> bool:
    return any("@" in e.value and _completes(key, _compact(e.value), ev) for e in emails)


def _as_phone(value: str, det: list[Phone]) -> Phone:
    regions = [
        phonenumbers.region_code_for_country_code(n.country_code)
        for p in det
        if (n := _parsed(p.value, None)) is not None and n.country_code is not None
    ]
    number = _parsed(value, regions[0] if regions else None)
    if number is not None and phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return Phone(value=e164, raw=value)
    return Phone(value=value, raw=value, valid=False)


def _parsed(value: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


def _phones(det: list[Phone], llm: list[str], ev: Evidence) -> list[Phone]:
    phones = list(det)
    added = 0
    for value in llm:
        if not ev.shows_number(value):
            ev.flag("phones", value)
            continue
        same = next(
            (
                k
                for k, p in enumerate(phones)
                if _same_number(value, p.value) or _same_number(value, p.raw)
            ),
            None,
        )
        if same is not None:
            old = phones[same]
            new = _as_phone(value, det)
            # printed without a country code, the parser guessed the country; the model
            # read the whole document (address, language): its country is kept
            national = not re.match(r"\s*(\+|00)", old.raw)
            if national and new.valid and new.value != old.value and value.startswith("+"):
                phones[same] = Phone(value=new.value, raw=old.raw, source=old.source)
                added += 1
            continue
        phones.append(_as_phone(value, det))
        added += 1
    ev.added("phones", added, bool(det), "number(s)")
    return phones


def _links(det: list[Link], llm: LLMProfile, ev: Evidence) -> list[Link]:
    links = list(det)
    known = {_url_key(link.url) for link in links}
    added = 0
    for link in llm.links:
        key = _url_key(link.url)
        if key in known:
            # the same link: the model's kind where the parser could only say "other"
            same = next(i for i, old in enumerate(links) if _url_key(old.url) == key)
            if links[same].kind == "other" and link.kind in _LINK_KINDS - {"other"}:
                links[same] = links[same].model_copy(update={"kind": link.kind})
            continue
        cut = next(
            (
                i
                for i, old in enumerate(links)
                if key.startswith(part := _url_key(old.url))
                and (ev.shows_compact(key) or _completes(key, part, ev))
            ),
            None,
        )
        if cut is None and not ev.shows_compact(key):
            ev.flag("links", link.url)
            continue
        kind = link.kind if link.kind in _LINK_KINDS else "other"
        # the parser's link cut at a line break gives way to the whole one
        if cut is not None:
            links[cut] = Link(url=link.url, kind=kind, source=links[cut].source)
        else:
            links.append(Link(url=link.url, kind=kind))
        known.add(key)
        added += 1
    # a link cut at a line break is dropped where the whole one is in the list too
    # (the parser may read both: the text and the link's target); a parent path
    # (a GitHub profile beside one of its repositories) is not a cut
    keys = [_url_key(link.url) for link in links]
    links = [
        link
        for link, key in zip(links, keys, strict=True)
        if not any(
            other != key and other.startswith(key) and other[len(key)] != "/" for other in keys
        )
    ]
    ev.added("links", added, bool(det), "link(s)")
    return links


def _same_text(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fold(a or "") == fold(b or "")


def _overlaps(a: str | None, b: str | None) -> bool:
    fa, fb = fold(a or ""), fold(b or "")
    return bool(fa and fb) and (fa in fb or fb in fa)


def _work_twin(job: LLMWork, det: list[WorkEntry]) -> WorkEntry | None:
    for entry in det:
        if _same_text(job.employer, entry.employer):
            return entry
    for entry in det:
        dates = job.start and (job.start, job.end) == (entry.start, entry.end)
        if dates or (_overlaps(job.employer, entry.employer) and _overlaps(job.title, entry.title)):
            return entry
    return None


def _another_job(job: LLMWork, twin: WorkEntry) -> bool:
    titles_differ = bool(job.title and twin.title) and not _overlaps(job.title, twin.title)
    dates_differ = bool(job.start and twin.start) and (job.start, job.end) != (
        twin.start,
        twin.end,
    )
    return titles_differ and dates_differ


@dataclass(frozen=True)
class _Kind:
    """How the entries of one list (jobs, schools) are checked and paired."""

    name: str  # the profile field: "experience", "education"
    anchor: str  # what ties an entry to this document: its employer / school...
    fallback: str  # ...or, when the model names none, its title / degree
    texts: tuple[str, ...]  # the text fields checked one by one
    entry: type[WorkEntry] | type[EducationEntry]
    twin: Callable[[Any, list[Any]], Any]
    contradicts: Callable[[Any, Any], bool]


def _shows(ev: Evidence, field: str, value: str | None) -> bool:
    return ev.shows_degree(value) if field == "degree" else ev.shows(value)


def _checked(kind: _Kind, i: int, answer: Any, twin: Any, ev: Evidence) -> dict[str, Any]:
    """The model's entry with each field checked against the text; a field the text
    does not show, or the model leaves out, takes the paired parser entry's value."""
    values: dict[str, Any] = answer.model_dump()
    if twin is not None:
        # a value the model leaves out does not erase the one the parser read
        if not values["end"] and twin.end and "is_current" in values:
            values["is_current"] = twin.is_current  # the parser read an end
        for field in (*kind.texts, "start", "end"):
            values[field] = values[field] or getattr(twin, field)
    for field in kind.texts:
        if values[field] and not _shows(ev, field, values[field]):
            ev.flag(f"{kind.name}[{i}].{field}", values[field])
            values[field] = getattr(twin, field) if twin else None
    for field in ("start", "end"):
        if not ev.shows_year(values[field]):
            ev.flag(f"{kind.name}[{i}].{field}", values[field], "year not found in the text")
            values[field] = getattr(twin, field) if twin else None
    return values


def _entries(
    kind: _Kind, answers: list[Any], parsed: list[Any], ev: Evidence, same_person: bool
) -> list[Any]:
    """The model's entries the text shows, each field checked (a field the text does
    not show takes the paired parser entry's value), then the parser's entries the
    model did not give. When the model may be answering about someone else (not
    ``same_person``), the entries it pairs with stand as the parser read them, and it
    only adds entries whose anchor and title (degree) the text shows."""
    merged: list[Any] = []
    used: set[int] = set()
    dropped = stood = 0
    for i, answer in enumerate(answers):
        anchor, fallback = getattr(answer, kind.anchor), getattr(answer, kind.fallback)
        # the anchor when the model names one: titles alone are too common to tell this
        # person's job from someone else's
        if not (ev.shows(anchor) if anchor else _shows(ev, kind.fallback, fallback)):
            ev.flag(f"{kind.name}[{i}]", anchor or fallback, f"no {kind.anchor} in the text")
            dropped += 1
            continue
        twin = kind.twin(answer, [e for k, e in enumerate(parsed) if k not in used])
        if twin is not None and kind.contradicts(answer, twin):
            ev.flag(f"{kind.name}[{i}]", fallback, "contradicts the entry the parser read")
            dropped += 1
            continue
        if twin is None and not same_person and not _shows(ev, kind.fallback, fallback):
            # a model answering about someone else may name an employer this document
            # also shows; an entry the parser did not read needs its title shown too
            ev.flag(f"{kind.name}[{i}]", anchor or fallback, f"no {kind.fallback} in the text")
            dropped += 1
            continue
        if twin is not None:
            used.add(next(k for k, e in enumerate(parsed) if e is twin))
            if not same_person:
                # the paired entry stands as the parser read it
                merged.append(twin)
                stood += 1
                continue
        values = _checked(kind, i, answer, twin, ev)
        entry = kind.entry(**values, source=twin.source if twin else None)
        if twin is not None:
            _agreed_sources(entry, twin)
        merged.append(entry)
    kept = [e for k, e in enumerate(parsed) if k not in used]
    added = len(merged) - stood
    reason = f"{added} entr(ies) from the model the text shows ({dropped} dropped), "
    if stood:
        reason += (
            f"{stood} the parser read kept as read (the model names someone the text "
            "does not show), "
        )
    ev.decide(
        kind.name,
        "both" if added and (kept or stood) else "model" if added else "parser",
        reason + f"{len(kept)} more only the parser found",
    )
    return merged + kept


def _school_twin(school: LLMEducation, det: list[EducationEntry]) -> EducationEntry | None:
    for entry in det:
        if _same_text(school.institution, entry.institution):
            return entry
    for entry in det:
        dates = school.end and (school.start, school.end) == (entry.start, entry.end)
        if dates or _overlaps(school.institution, entry.institution):
            return entry
    return None


def _never(answer: Any, twin: Any) -> bool:
    return False


EXPERIENCE = _Kind(
    "experience", "employer", "title", ("employer", "title", "location"),
    WorkEntry, _work_twin, _another_job,
)  # fmt: skip
EDUCATION = _Kind(
    "education", "institution", "degree", ("institution", "degree", "field"),
    EducationEntry, _school_twin, _never,
)  # fmt: skip


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


def agrees(det: CandidateProfile, llm: LLMProfile) -> bool:
    """Whether the model reads the same document as the parser: it agrees on most of
    what the parser is sure of (the name, the employers, the skills)."""
    votes: list[bool] = []
    if det.name is not None and llm.name:
        votes.append(_compact(det.name.value) == _compact(llm.name))
    employers = {fold(e.employer) for e in det.experience if e.employer}
    if employers:
        theirs = {fold(j.employer) for j in llm.experience if j.employer}
        votes.append(2 * len(employers & theirs) >= len(employers))
    listed = {fold(s.name) for s in det.skills} | {fold(s.raw) for s in det.skills}
    if det.skills:
        votes.append(2 * sum(1 for n in llm.skills if fold(n) in listed) >= len(det.skills))
    return 2 * sum(votes) > len(votes)


def _skills(
    llm: LLMProfile, det: CandidateProfile, ev: Evidence, where: str | None, agreed: bool
) -> list[Skill]:
    """A skill the model adds must be in the text; unless the model agrees with the
    parser about this document, in the skills section (when the parser found one): a
    technology named in a job's description is not a skill someone lists."""
    skills = list(det.skills)
    known = {fold(s.name) for s in skills} | {fold(s.raw) for s in skills}
    section = fold(where) if where and not agreed else None
    for name in llm.skills:
        if fold(name) in known:
            continue
        if not ev.shows_term(name, section):
            ev.flag("skills", name)
            continue
        skills.append(Skill(name=name, raw=name, known=False))
        known.add(fold(name))
    ev.decide("skills", "both", "the parser's, and the model's the text shows")
    return skills


def _union(
    field: str,
    parsed: list[_Item],
    answers: list[Any],
    name: Callable[[Any], str],
    shown: Callable[[str], bool],
    make: Callable[[Any], _Item],
    ev: Evidence,
) -> list[_Item]:
    """The parser's items, plus the model's that are new and that the text shows."""
    items = list(parsed)
    known = {fold(name(item)) for item in items}
    for answer in answers:
        key = name(answer)
        if fold(key) in known:
            continue
        if not shown(key):
            ev.flag(field, key)
            continue
        items.append(make(answer))
        known.add(fold(key))
    ev.decide(field, "both", "the parser's, and the model's the text shows")
    return items


def merge(
    det: CandidateProfile, llm: LLMProfile, text: str, *, skills_text: str | None = None
) -> CandidateProfile:
    """``skills_text``: the document's skills section, when the parser found one."""
    ev = Evidence(text, det)
    # A model that names someone the document does not show is answering about
    # someone else: it may add what the text shows, but changes nothing the parser read.
    elsewhere = bool(llm.name) and not ev.shows_name(llm.name)
    experience: list[WorkEntry] = _entries(
        EXPERIENCE, llm.experience, det.experience, ev, not elsewhere
    )
    return CandidateProfile(
        name=_name(det.name, llm.name, ev),
        headline=llm.headline or det.headline,
        summary=llm.summary or det.summary,
        location=_location(det.location, llm.location, ev),
        emails=_emails(det.emails, llm.emails, ev),
        phones=_phones(det.phones, llm.phones, ev),
        links=_links(det.links, llm, ev),
        experience=experience,
        total_experience_months=total_experience_months(experience) or det.total_experience_months,
        education=_entries(EDUCATION, llm.education, det.education, ev, not elsewhere),
        skills=_skills(llm, det, ev, skills_text, agrees(det, llm)),
        languages=_union(
            "languages",
            det.languages,
            llm.languages,
            lambda lang: lang.language,
            ev.shows_language,
            lambda lang: LanguageSkill(language=lang.language, proficiency=lang.proficiency),
            ev,
        ),
        certifications=_union(
            "certifications",
            det.certifications,
            llm.certifications,
            lambda cert: cert.name,
            ev.shows,
            lambda cert: Certification(**cert.model_dump()),
            ev,
        ),
        flags=[*det.flags, *ev.flags],
        decisions=ev.decisions,
    )
