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
from resumeflow_shared.profile import LanguageSkill

_NAMES: dict[str, tuple[str, ...]] = {
    "English": ("english", "ingles", "anglais", "englisch", "inglese", "engels"),
    "Spanish": (
        "spanish",
        "espanol",
        "castellano",
        "espagnol",
        "spanisch",
        "espanhol",
        "spagnolo",
        "spaans",
    ),
    "French": ("french", "frances", "francais", "franzosisch", "francese", "frans"),
    "German": ("german", "aleman", "allemand", "deutsch", "alemao", "tedesco", "duits"),
    "Portuguese": (
        "portuguese",
        "portugues",
        "portugais",
        "portugiesisch",
        "portoghese",
        "portugees",
    ),
    "Italian": ("italian", "italiano", "italien", "italienisch", "italiaans"),
    "Dutch": (
        "dutch",
        "neerlandes",
        "holandes",
        "neerlandais",
        "niederlandisch",
        "nederlands",
        "olandese",
    ),
    "Catalan": ("catalan", "catala", "katalanisch"),
    "Basque": ("basque", "euskera", "vasco", "baskisch"),
    "Galician": ("galician", "gallego", "galego"),
    "Mandarin": ("mandarin", "mandarin chinese", "chino mandarin", "chinois mandarin"),
    "Chinese": ("chinese", "chino", "chinois", "chinesisch", "chines"),
    "Cantonese": ("cantonese", "cantones", "cantonais", "kantonesisch"),
    "Japanese": ("japanese", "japones", "japonais", "japanisch"),
    "Korean": ("korean", "coreano", "coreen", "koreanisch"),
    "Arabic": ("arabic", "arabe", "arabisch"),
    "Hebrew": ("hebrew", "hebreo", "hebreu", "hebraisch", "hebraico"),
    "Russian": ("russian", "ruso", "russe", "russisch", "russo"),
    "Ukrainian": ("ukrainian", "ucraniano", "ukrainien", "ukrainisch"),
    "Polish": ("polish", "polaco", "polonais", "polnisch"),
    "Czech": ("czech", "checo", "tcheque", "tschechisch", "tcheco"),
    "Romanian": ("romanian", "rumano", "roumain", "rumanisch", "romeno"),
    "Hungarian": ("hungarian", "hungaro", "hongrois", "ungarisch"),
    "Greek": ("greek", "griego", "grec", "griechisch", "grego"),
    "Turkish": ("turkish", "turco", "turc", "turkisch"),
    "Swedish": ("swedish", "sueco", "suedois", "schwedisch"),
    "Norwegian": ("norwegian", "noruego", "norvegien", "norwegisch", "noruegues"),
    "Danish": ("danish", "danes", "danois", "danisch", "dinamarques"),
    "Finnish": ("finnish", "finlandes", "finnois", "finnisch"),
    "Hindi": ("hindi",),
    "Urdu": ("urdu", "ourdou"),
    "Bengali": ("bengali", "bangla"),
    "Punjabi": ("punjabi", "panjabi"),
    "Tamil": ("tamil",),
    "Telugu": ("telugu",),
    "Marathi": ("marathi",),
    "Persian": ("persian", "farsi", "persa", "persan", "persisch"),
    "Vietnamese": ("vietnamese", "vietnamita", "vietnamien", "vietnamesisch"),
    "Thai": ("thai", "tailandes", "thailandais", "thailandisch"),
    "Indonesian": ("indonesian", "indonesio", "indonesien", "indonesisch", "bahasa indonesia"),
    "Malay": ("malay", "malayo", "malais", "malaiisch", "bahasa melayu"),
    "Tagalog": ("tagalog", "filipino"),
    "Swahili": ("swahili", "suajili"),
    "Latin": ("latin", "latein", "latim"),
    "Sign Language": ("asl", "american sign language", "sign language"),
}
_CANONICAL: dict[str, str] = {s: name for name, ss in _NAMES.items() for s in ss}


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
