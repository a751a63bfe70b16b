"""Places: ``City, ST``, ``City, Country``, labelled addresses and ``Remote``.

A bare word is never a place here: ``City, Region`` only counts when the region is a
US state, a Canadian province or a country we know, so ``Engineer, Backend`` is not
mistaken for a city.
"""

from __future__ import annotations

import re

from resumeflow_parser.extract.roles import is_org
from resumeflow_parser.extract.text import fold, wordset

_STATES = wordset(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR AB BC MB NB NL NS
    NT NU ON PE QC SK YT
    """
)
_COUNTRIES = frozenset(
    fold(c.strip())
    for c in [
        "\n    united states",
        "usa",
        "us",
        "u.s.",
        "u.s.a.",
        "united kingdom",
        "uk",
        "u.k.",
        "england",
        "scotland",
        "wales",
        "ireland\n    ",
        "canada",
        "australia",
        "new zealand",
        "germany",
        "deutschland",
        "france",
        "spain",
        "españa",
        "espana",
        "portugal\n    ",
        "brazil",
        "brasil",
        "mexico",
        "méxico",
        "argentina",
        "chile",
        "colombia",
        "peru",
        "perú",
        "uruguay",
        "venezuela",
        "ecuador\n    ",
        "bolivia",
        "paraguay",
        "costa rica",
        "panama",
        "panamá",
        "guatemala",
        "puerto rico",
        "italy",
        "italia",
        "netherlands\n    ",
        "the netherlands",
        "nederland",
        "belgium",
        "belgique",
        "belgië",
        "switzerland",
        "schweiz",
        "suisse",
        "austria\n    ",
        "österreich",
        "sweden",
        "sverige",
        "norway",
        "norge",
        "denmark",
        "danmark",
        "finland",
        "suomi",
        "poland",
        "polska\n    ",
        "czech republic",
        "czechia",
        "slovakia",
        "slovenia",
        "croatia",
        "serbia",
        "romania",
        "hungary",
        "bulgaria",
        "greece\n    ",
        "turkey",
        "türkiye",
        "israel",
        "india",
        "china",
        "japan",
        "singapore",
        "south korea",
        "korea",
        "philippines\n    ",
        "indonesia",
        "vietnam",
        "thailand",
        "malaysia",
        "taiwan",
        "hong kong",
        "pakistan",
        "bangladesh",
        "sri lanka",
        "uae\n    ",
        "united arab emirates",
        "saudi arabia",
        "qatar",
        "egypt",
        "morocco",
        "south africa",
        "nigeria",
        "kenya",
        "ghana\n    ",
        "ukraine",
        "russia",
        "estonia",
        "latvia",
        "lithuania",
        "luxembourg",
        "iceland",
        "cyprus",
        "malta",
        "remote\n    ",
    ]
)
_PLACE_WORD = r"[^\W\d_][\w'.-]*"
_PLACE = re.compile(
    rf"(?P<city>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}})"
    rf"(?:,\s*(?P<mid>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}))?"
    rf",\s*(?P<region>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}})(?:\s+\d{{5}}(?:-\d{{4}})?)?$"
)
_LABEL = re.compile(
    r"^(?:location|address|based in|city|ubicaci[oó]n|direcci[oó]n|localidad|adresse"
    r"|localisation|ville|wohnort|anschrift|standort|localiza[cç][aã]o|endere[cç]o|cidade)"
    r"\s*:?\s+(?P<place>\S.{1,60})$",
    re.IGNORECASE,
)
_REMOTE = re.compile(r"^(?:remote|remoto|à distance|teletrabajo|hybrid|híbrido)$", re.IGNORECASE)


def place(text: str, *, fragment: bool = False) -> str | None:
    """The place ``text`` names (the whole text, or a labelled value), else None.

    ``fragment``: ``text`` is one part of an entry header, where a lone country or
    ``Remote`` is the place too.
    """
    text = " ".join(text.split()).strip(" |•·,;")
    if not text or len(text) > 70:
        return None
    labelled = _LABEL.match(text)
    if labelled:
        return labelled["place"].strip(" .")
    if fragment and (_REMOTE.match(text) or fold(text) in _COUNTRIES):
        return text
    m = _PLACE.fullmatch(text)
    if m is None or not _known_region(m["region"]) or is_org(m["city"]):
        return None
    if _known_region(m["city"]):
        return None  # "Spain, Portugal" is a list, not a place
    return text


def place_suffix(text: str) -> tuple[int, str] | None:
    """A place after a comma in ``text`` (``"Acme Corp, Berlin, Germany"``): offset, value."""
    for m in re.finditer(",", text):
        candidate = text[m.end() :]
        found = place(candidate, fragment=True)
        if found is not None:
            return m.end() + len(candidate) - len(candidate.lstrip()), found
    return None


def _known_region(region: str) -> bool:
    return region in _STATES or fold(region) in _COUNTRIES
