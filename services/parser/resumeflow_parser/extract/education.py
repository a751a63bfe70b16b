"""Education entries: institution, degree, field, dates and grade."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from resumeflow_parser.extract.dates import DateRange
from resumeflow_parser.extract.entries import UNDATED, Entry, date_anchor, segment, strip_stop
from resumeflow_parser.extract.formlabels import label_kind
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.locations import place, place_suffix
from resumeflow_parser.extract.text import fold
from resumeflow_shared.profile import EducationEntry, EducationSources

_INSTITUTION = re.compile(
    r"\b(?:university|universidad|universite|universitat|universidade|universita|college"
    r"|institute|instituto|institut|school|escuela|ecole|schule|hochschule|academy|academia"
    r"|academie|polytechnic|politecnico|politecnica|polytechnique|faculdade|facultad|faculte"
    r"|conservatory|conservatorio|campus|gymnasium|liceo|lycee|colegio|escola|fachhochschule"
    r"|eth|epfl|mit|ucla|tu|uc|universiteit|hogeschool|universitet|uniwersytet|insa|iit"
    r"|technion|politechnika|hochschule|kolleg)\b"
)
_DEGREE_WORDS = re.compile(
    r"\b(?:bachelor|bachelors|bachelor's|master|masters|master's|doctor|doctorate|phd"
    r"|associate degree|diploma|degree|licenciatura|licenciado|licenciada|grado|maestria"
    r"|doctorado|ingenieria|tecnico superior|licence|maitrise|doctorat|diplome|bts|dut"
    r"|diplom|magister|staatsexamen|abitur|bacharelado|mestrado|doutorado|tecnologo"
    r"|high school diploma|baccalaureat|baccalaureate|a-levels|ged|mba|msc|bsc|beng|meng"
    r"|btech|mtech|bba|llb|llm|basc|masc|bcom|bcomm|mcom|bfa|mfa|bsn|msn|mph|mpa|barch"
    r"|pharmd|mbbs|laurea|dottorato|diploma di laurea|master's|bachelor's)\b"
)
_DEGREE_ABBR = re.compile(
    r"^(?:B\.?\s?S\.?c?\.?|B\.?A\.?|M\.?S\.?c?\.?|M\.?A\.?|MBA|Ph\.?\s?D\.?|B\.?Eng\.?|M\.?Eng\.?"
    r"|B\.?Tech\.?|M\.?Tech\.?|LL\.?[BM]\.?|M\.?D\.?|J\.?D\.?|A\.?A\.?S?\.?|BBA|Dipl\.?-Ing\.?"
    r"|B\.?Ed\.?|M\.?Ed\.?|M\.?Phil\.?|D\.?Phil\.?|B\.?A\.?Sc\.?|M\.?A\.?Sc\.?|B\.?Com\.?m?"
    r"|M\.?Com\.?|B\.?F\.?A\.?|M\.?F\.?A\.?|B\.?S\.?N\.?|M\.?S\.?N\.?|M\.?P\.?H\.?|M\.?P\.?A\.?"
    r"|B\.?Arch\.?|M\.?Arch\.?|Pharm\.?D\.?|Ed\.?D\.?|D\.?D\.?S\.?|M\.?B\.?B\.?S\.?|Mag\.?)"
    r"(?=[\s,(:-]|$)"
)
_SEPARATORS = re.compile(r"\s+(?:@|at)\s+|\s*[|·]\s*|\s+[—–/]\s+|\s*,\s*")
_FIELD_JOIN = re.compile(r"\s+(?:in|en|em|im)\s+")
#: "Diplôme d'ingénieur (Informatique)": a field in parentheses after the degree
_FIELD_IN_PARENS = re.compile(r"^(?P<degree>.+?)\s*\((?P<field>[^()]+)\)$")
#: "(Hons)" after a degree is a class of degree, not its field
_HONOURS = re.compile(r"^(?:hons?\.?|honou?rs)$", re.I)
_CLOSING = {"(": ")", "[": "]"}
_GRADE = re.compile(
    r"\b(?:c?gpa|grade|grades|final grade|nota(?: media| final)?|note|mention|notenschnitt"
    r"|abschlussnote|media|m[eé]dia|calificaci[oó]n)"
    r"(?:\s*[:=]\s*(?P<value>[^\t|;]{1,24})|\s+(?P<number>\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)?))"
    r"|(?P<honours>(?:first|upper second|lower second)[- ]class(?: honou?rs)?|summa cum laude"
    r"|magna cum laude|cum laude|with (?:high )?distinction|with honou?rs|mit auszeichnung"
    r"|matr[ií]cula de honor|tr[eè]s bien|sobresaliente)",
    re.IGNORECASE,
)


def extract_education(sections: Iterable[Sequence[Line]]) -> list[EducationEntry]:
    """Entries with at least an institution or a degree; dateless ones keyed on schools."""
    out: list[EducationEntry] = []
    for lines in sections:
        entries = segment(lines, date_anchor)
        if not entries:
            entries = segment(lines, _institution_anchor)
        for entry in entries:
            found = _education_entry(entry)
            if found is not None:
                out.append(found)
    return out


def _institution_anchor(line: Line) -> DateRange | None:
    return UNDATED if _INSTITUTION.search(fold(line.clean)) else None


def _education_entry(entry: Entry) -> EducationEntry | None:
    institution = degree = None
    for _, text in entry.joined_fragments():
        if label_kind(text) is not None:  # "School", "Title of qualification awarded"
            continue
        for part in _parts(text):
            if institution is None and _INSTITUTION.search(fold(part)):
                institution = part
            elif degree is None and _is_degree(part):
                degree = part
    if institution is None and degree is None:
        return None
    institution = strip_stop(institution)
    name, field = _degree_and_field(_GRADE.sub("", degree)) if degree else (None, None)
    start, end = _dates(entry.dates)
    return EducationEntry(
        institution=institution,
        degree=name,
        field=field,
        start=start,
        end=end,
        grade=_grade(entry),
        source=entry.provenance(),
        sources=EducationSources(
            institution=entry.locate(institution),
            degree=entry.locate(degree),
            dates=entry.dates_provenance(),
        ),
    )


def _parts(text: str) -> list[str]:
    """Split "BSc Physics, University of Leeds", "MSc @ KTH", "Statistics, MSc, Rutgers"
    when the pieces say different things (a school and a degree)."""
    text = _unwrap(text)
    suffix = place_suffix(text)
    if suffix is not None and _INSTITUTION.search(fold(text[: suffix[0]])):
        text = text[: suffix[0]].rstrip(" ,")
    if place(text, fragment=True) is not None:
        return []
    cuts = [0, *(x for m in _SEPARATORS.finditer(text) for x in m.span()), len(text)]
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=True) if text[a:b].strip()]
    kinds = [_kind(text[a:b]) for a, b in spans]
    # Split when the pieces say different things, or when one names the school and
    # another (a degree we have no word for, "Laurea magistrale") comes before it.
    named = {k for k in kinds if k}
    if len(named) < 2 and not (named == {"institution"} and kinds[0] is None):
        return [text] if text else []
    merged: list[tuple[int, int, str | None]] = []
    for (a, b), kind in zip(spans, kinds, strict=True):
        # "University of Texas at Austin": a plain piece after a school is part of it.
        if kind is None and merged and merged[-1][2] == "institution":
            merged[-1] = (merged[-1][0], b, "institution")
        else:
            merged.append((a, b, kind))
    return [text[a:b].strip() for a, b, _ in merged]


def _unwrap(text: str) -> str:
    """ "(University of Cambridge)" -> its inside; a bracket another fragment opened or
    will close goes too, but a pair inside the text stays: "Diplôme (Informatique)"."""
    text = text.strip().lstrip(")] ").rstrip("([ ")  # a closer first or an opener last: no pair
    while len(text) > 1 and _CLOSING.get(text[0]) == text[-1] and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    while text and text[0] in "([" and not _balanced(text):
        text = text[1:].lstrip()
    while text and text[-1] in ")]" and not _balanced(text):
        text = text[:-1].rstrip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _kind(text: str) -> str | None:
    if _INSTITUTION.search(fold(text)):
        return "institution"
    return "degree" if _is_degree(text) else None


def _is_degree(text: str) -> bool:
    return bool(_DEGREE_ABBR.match(text) or _DEGREE_WORDS.search(fold(text)))


def _degree_and_field(text: str) -> tuple[str, str | None]:
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text).strip(" ,;:-–")
    joined = _FIELD_JOIN.search(text)
    if joined is not None:
        return text[: joined.start()].strip(" ,"), text[joined.end() :].strip(" ,") or None
    parens = _FIELD_IN_PARENS.match(text)
    if parens is not None and _is_degree(parens["degree"]) and not _is_degree(parens["field"]):
        field = parens["field"].strip(" ,")
        return parens["degree"].strip(" ,"), None if _HONOURS.match(field) else field or None
    abbr = _DEGREE_ABBR.match(text)
    if abbr is not None:
        rest = text[abbr.end() :].strip(" ,:-–()")
        return abbr.group().strip(), None if _HONOURS.match(rest) else rest or None
    if "," in text:
        left, right = (p.strip() for p in text.split(",", 1))
        if _is_degree(left) and not _is_degree(right):
            return left, right or None
    return text, None


def _dates(dates: DateRange | None) -> tuple[str | None, str | None]:
    if dates is None:
        return None, None
    if dates.single and not dates.is_current:
        return None, dates.end or dates.start  # a lone date on a degree is when it ended
    return dates.start, dates.end


def _grade(entry: Entry) -> str | None:
    for line in (*entry.header, *entry.body):
        m = _GRADE.search(line.text)
        if m is not None:
            value = m["honours"] or m["value"] or m["number"]
            return " ".join(value.split()).strip(" ,.") or None
    return None
