"""Places: ``City, ST``, ``City, Country``, labelled addresses and ``Remote``.

``City, Region`` only counts when the region is a US state, a Canadian province or a
country we know, so ``Engineer, Backend`` is not mistaken for a city. A bare name is
a place only as one part of an entry header (``Acme Corp, London``) and only when it
is a country or one of the major cities listed below; names that are also common
words, given names or companies (Reading, Nice, Victoria, Santander) are left out.
"""

from __future__ import annotations

import re

from resumeflow_parser.extract.roles import is_org, is_title
from resumeflow_parser.extract.text import fold, wordset

_STATES = wordset(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR AB BC MB NB NL NS
    NT NU ON PE QC SK YT
    """
)


def is_state(code: str) -> bool:
    """Is ``code`` a US state or Canadian province abbreviation ("TX", "ON")?"""
    return code in _STATES


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
# Major cities (business and tech hubs) written as their folded names.
_CITIES = frozenset(
    line.strip()
    for line in """
    new york|new york city|nyc|san francisco|los angeles|seattle|boston|chicago|austin
    denver|atlanta|miami|dallas|houston|san diego|san jose|portland|philadelphia
    washington|washington dc|pittsburgh|detroit|minneapolis|salt lake city|phoenix
    nashville|raleigh|baltimore|las vegas|palo alto|mountain view|menlo park|sunnyvale
    cupertino|redmond|cambridge|toronto|montreal|vancouver|ottawa|calgary|waterloo
    mexico city|ciudad de mexico|guadalajara|monterrey|bogota|medellin|lima|santiago
    buenos aires|montevideo|sao paulo|rio de janeiro|belo horizonte|porto alegre
    curitiba|recife|florianopolis|brasilia|campinas|london|manchester|edinburgh|glasgow
    birmingham|bristol|leeds|liverpool|oxford|belfast|dublin|cork|paris|lyon|marseille
    toulouse|bordeaux|lille|nantes|grenoble|berlin|munich|munchen|hamburg|frankfurt
    cologne|koln|stuttgart|dusseldorf|karlsruhe|leipzig|dresden|hanover|hannover
    nuremberg|nurnberg|bonn|vienna|wien|zurich|geneva|geneve|basel|lausanne|bern
    amsterdam|rotterdam|the hague|utrecht|eindhoven|brussels|bruxelles|antwerp|ghent
    luxembourg|copenhagen|stockholm|gothenburg|oslo|helsinki|reykjavik|madrid
    barcelona|valencia|sevilla|seville|bilbao|malaga|zaragoza|lisbon|lisboa|porto
    braga|milan|milano|rome|roma|turin|torino|naples|bologna|florence|firenze|athens
    warsaw|krakow|wroclaw|gdansk|poznan|prague|praha|brno|budapest|bucharest|cluj-napoca
    sofia|belgrade|zagreb|ljubljana|bratislava|tallinn|riga|vilnius|kyiv|kiev|lviv
    istanbul|ankara|izmir|tel aviv|jerusalem|haifa|dubai|abu dhabi|doha|riyadh|cairo
    casablanca|lagos|abuja|nairobi|accra|johannesburg|cape town|durban|mumbai|bombay
    bengaluru|bangalore|delhi|new delhi|gurgaon|gurugram|noida|hyderabad|chennai|pune
    kolkata|ahmedabad|jaipur|kochi|karachi|lahore|islamabad|dhaka|colombo|singapore
    kuala lumpur|jakarta|bangkok|manila|ho chi minh city|hanoi|hong kong|shenzhen
    shanghai|beijing|guangzhou|hangzhou|chengdu|taipei|seoul|busan|tokyo|osaka|kyoto
    sydney|melbourne|brisbane|perth|adelaide|canberra|auckland|wellington
    """.replace("\n", "|").split("|")
    if line.strip()
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
    if fragment and (_REMOTE.match(text) or fold(text) in _COUNTRIES | _CITIES):
        return text
    m = _PLACE.fullmatch(text)
    # "Customer Success Manager, Raleigh, NC": a title before a place is no city.
    if m is None or not _known_region(m["region"]) or is_org(m["city"]) or is_title(m["city"]):
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
