"""Spoken languages and how well: ``English (native)``, ``Español – C1``, ``Deutsch: fließend``.

Language names are recognised in English, Spanish, French, German, Portuguese, Italian
and Dutch and reported in English; proficiency is a CEFR level when one is written, else
one of native, bilingual, fluent, professional, advanced, intermediate, basic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.text import fold
from resumeflow_shared.languages import LANGUAGE_NAMES
from resumeflow_shared.profile import LanguageSkill

_CANONICAL: dict[str, str] = {s: name for name, ss in LANGUAGE_NAMES.items() for s in ss}


_LEVELS: dict[str, tuple[str, ...]] = {
    "native": ("native", "mother tongue", "first language", "nativo", "nativa", "lengua materna",
               "langue maternelle", "maternelle", "muttersprache", "muttersprachlich",
               "lingua materna", "native speaker", "madrelingua", "moedertaal"),
    "bilingual": ("bilingual", "bilingue", "zweisprachig"),
    "fluent": ("fluent", "fluency", "fluido", "fluida", "fluidez", "courant", "couramment",
               "fliessend", "verhandlungssicher", "fluente", "vloeiend"),
    "professional": ("professional working proficiency", "full professional proficiency",
                     "professional", "profesional", "professionnel", "profissional"),
    "advanced": ("advanced", "avanzado", "avanzada", "avance", "fortgeschritten", "sehr gut",
                 "avancado", "proficient"),
    "intermediate": ("intermediate", "conversational", "intermedio", "intermedia",
                     "intermediaire", "mittelstufe", "gute kenntnisse", "intermediario",
                     "conversacao", "working knowledge"),
    "basic": ("limited working proficiency", "elementary proficiency", "basic", "beginner",
              "elementary", "basico", "basica", "principiante", "notions", "debutant",
              "grundkenntnisse", "grundlagen", "elementar"),
}  # fmt: skip
_LEVEL = re.compile(
    "|".join(
        rf"(?P<{name}>\b(?:{'|'.join(sorted(map(re.escape, ws), key=len, reverse=True))})\b)"
        for name, ws in _LEVELS.items()
    )
)
_CEFR = re.compile(r"(?<![\w])([ABC][12])\+?(?![\w])")
_ITEM = re.compile(r"[^,;|\t•·/]+")
_LABEL = re.compile(
    r"^\s*(?:(?:other|foreign) languages?|languages?|language skills|(?:otros )?idiomas"
    r"|lenguas|(?:autres )?langues|(?:weitere |fremd)?sprachen|sprachkenntnisse|altre lingue"
    r"|lingue straniere|(?:andere )?talen|l[ií]nguas|(?P<native>mother tongues?\(?s?\)?"
    r"|native languages?|lengua materna|langues? maternelles?|muttersprachen?|lingua madre"
    r"|madrelingua|moedertaal|l[ií]ngua materna))\s*(?::|\t)\s*",
    re.IGNORECASE,
)


def extract_languages(
    sections: Iterable[Sequence[Line]], elsewhere: Iterable[Line] = ()
) -> list[LanguageSkill]:
    """From languages sections, plus ``Languages: ...`` lines anywhere else."""
    found: dict[str, LanguageSkill] = {}
    candidates: list[tuple[Line, int]] = [(line, 0) for lines in sections for line in lines]
    for line in elsewhere:
        label = _LABEL.match(line.text)
        if label is not None:
            candidates.append((line, label.end()))
    for line, offset in candidates:
        label = _LABEL.match(line.text)
        native = label is not None and label["native"] is not None
        for skill in _items(line, offset):
            if native and skill.proficiency is None:  # "Mother tongue: English"
                skill = skill.model_copy(update={"proficiency": "native"})
            if skill.language not in found or (
                found[skill.language].proficiency is None and skill.proficiency is not None
            ):
                found[skill.language] = skill
    return list(found.values())


def _items(line: Line, offset: int) -> Iterator[LanguageSkill]:
    pending: LanguageSkill | None = None
    label = _LABEL.match(line.text)
    start_at = label.end() if label is not None else offset
    for m in _ITEM.finditer(line.text, start_at):
        text = m.group()
        language = _language(text)
        level = proficiency(text)
        if language is None:
            if pending is not None and pending.proficiency is None and level is not None:
                pending = pending.model_copy(update={"proficiency": level})
            continue
        if pending is not None:
            yield pending
        source = line.provenance(*_strip(line.text, *m.span()))
        pending = LanguageSkill(language=language, proficiency=level, source=source)
    if pending is not None:
        yield pending


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " -–—:":
        start += 1
    while end > start and text[end - 1] in " -–—:":
        end -= 1
    return start, end


def starts_with_language(text: str) -> bool:
    """Does ``text`` start with a language name ("Deutsch — Muttersprache")?"""
    return _language(text) is not None


def _language(text: str) -> str | None:
    """The language an item starts with (its first one or two words)."""
    tokens = re.findall(r"[^\W\d_]+", fold(text))
    for n in (3, 2, 1):
        if len(tokens) >= n and " ".join(tokens[:n]) in _CANONICAL:
            return _CANONICAL[" ".join(tokens[:n])]
    return None


def proficiency(text: str) -> str | None:
    """A CEFR level if one is written, else a normalised proficiency word."""
    cefr = _CEFR.search(text)
    if cefr is not None:
        return cefr.group(1)
    m = _LEVEL.search(fold(text))
    if m is None or m.lastgroup is None:
        return None
    return m.lastgroup
