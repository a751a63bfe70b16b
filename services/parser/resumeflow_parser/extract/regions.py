"""Which countries a resume points to, for phone numbers written without a country code.

Evidence, strongest first: the country-code domains of the candidate's email
addresses and personal sites, then the language the document is written in
(its headings, month names and small words). A number is read for these regions
before the default one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from resumeflow_parser.extract.locations import is_state
from resumeflow_parser.extract.text import fold, wordset
from resumeflow_shared.profile import Email, Link

_TLD_REGION = {
    "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "br": "BR",
    "uk": "GB", "in": "IN", "ch": "CH", "at": "AT", "be": "BE", "ie": "IE", "mx": "MX",
}  # fmt: skip
# Words (folded) that mark a language and are rare in the others; English has none
# here because its numbers are read with the default region.
_MARKERS = {
    "de": wordset(
        """
        und der die das mit bei fur seit heute berufserfahrung ausbildung kenntnisse
        sprachen muttersprache studium werdegang januar februar marz juni juli oktober
        dezember
        """
    ),
    "fr": wordset(
        """
        et le la les des du chez pour avec aujourd experience professionnelle formation
        competences langues maternelle janvier fevrier avril juin juillet aout septembre
        octobre decembre
        """
    ),
    "es": wordset(
        """
        y el los las del con actualidad experiencia laboral formacion habilidades idiomas
        nativo enero febrero marzo abril mayo junio julio agosto septiembre octubre
        noviembre diciembre
        """
    ),
    "it": wordset(
        """
        il di della delle presso oggi esperienza lavorativa istruzione competenze lingue
        madrelingua gennaio febbraio aprile maggio giugno luglio settembre ottobre
        dicembre laurea
        """
    ),
    "nl": wordset(
        """
        en van het bij heden werkervaring opleiding vaardigheden talen moedertaal
        januari februari maart mei juni juli augustus oktober
        """
    ),
    "pt": wordset(
        """
        e o da do na atual experiencia profissional formacao competencias idiomas nativo
        janeiro fevereiro marco maio junho julho setembro outubro dezembro
        """
    ),
}
_LANGUAGE_REGIONS = {
    "de": ("DE", "AT", "CH"), "fr": ("FR", "BE", "CH"), "es": ("ES",), "it": ("IT",),
    "nl": ("NL", "BE"), "pt": ("PT", "BR"),
}  # fmt: skip
# Where a candidate lives is the best sign of where their phone is registered (a
# webmail address says little: people use gmx.de or yahoo.fr from anywhere).
# Countries and their larger cities, folded.
_PLACES = {
    "GB": "united kingdom|uk|england|scotland|wales|london|manchester|birmingham|leeds|"
    "glasgow|edinburgh|bristol|liverpool|sheffield|cardiff|belfast|nottingham|leicester|"
    "oxford|cambridge|brighton|newcastle|southampton|reading|york",
    "IE": "ireland|dublin|cork|galway|limerick",
    "DE": "germany|deutschland|berlin|hamburg|munchen|munich|koln|cologne|frankfurt|"
    "stuttgart|dusseldorf|leipzig|dortmund|essen|bremen|dresden|hannover|hanover|"
    "nurnberg|nuremberg|karlsruhe|mannheim|bonn|munster|aachen|kiel|freiburg|heidelberg",
    "AT": "austria|osterreich|wien|vienna|graz|linz|salzburg|innsbruck",
    "CH": "switzerland|schweiz|suisse|zurich|geneve|geneva|basel|bern|lausanne|luzern",
    "FR": "france|paris|lyon|marseille|toulouse|nice|nantes|strasbourg|montpellier|"
    "bordeaux|lille|rennes|grenoble|brest|nancy|dijon|angers|reims",
    "BE": "belgium|belgique|belgie|bruxelles|brussels|brussel|antwerpen|antwerp|gent|ghent|"
    "liege|leuven|namur|brugge",
    "NL": "netherlands|nederland|amsterdam|rotterdam|den haag|the hague|utrecht|eindhoven|"
    "groningen|tilburg|almere|breda|nijmegen|leiden|haarlem|arnhem|delft|maastricht|"
    "zwolle|enschede|amersfoort",
    "ES": "spain|espana|madrid|barcelona|valencia|sevilla|seville|zaragoza|malaga|bilbao|"
    "murcia|palma|alicante|valladolid|vigo|granada|salamanca|cordoba",
    "PT": "portugal|lisboa|lisbon|porto|braga|coimbra|aveiro|faro|funchal",
    "IT": "italy|italia|roma|rome|milano|milan|napoli|naples|torino|turin|palermo|genova|"
    "bologna|firenze|florence|bari|catania|venezia|venice|verona|padova|trieste|pisa",
    "BR": "brazil|brasil|sao paulo|rio de janeiro|belo horizonte|brasilia|salvador|"
    "fortaleza|curitiba|recife|porto alegre|manaus|campinas|florianopolis|goiania",
    "IN": "india|mumbai|bombay|delhi|new delhi|bengaluru|bangalore|hyderabad|chennai|pune|"
    "kolkata|ahmedabad|jaipur|kochi|noida|gurgaon|gurugram",
}
_PLACE_REGION = {name: region for region, names in _PLACES.items() for name in names.split("|")}
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_WORD = re.compile(r"[^\W\d_]+")
_MIN_MARKERS = 4


def region_hints(
    emails: Iterable[Email], links: Iterable[Link], text: str = "", places: Iterable[str] = ()
) -> list[str]:
    """Regions suggested by where the candidate lives (``places``: fragments of the
    contact block), then by their domains, then by the document's language."""
    lived = next((r for r in map(place_region, places) if r is not None), None)
    out = [lived] if lived is not None else []
    hosts = [e.value.rpartition("@")[2] for e in emails]
    hosts += [urlsplit(link.url).hostname or "" for link in links if link.kind == "portfolio"]
    out += [_TLD_REGION[h.rsplit(".", 1)[-1]] for h in hosts if h.rsplit(".", 1)[-1] in _TLD_REGION]
    language = document_language(text)
    if language is not None:
        out += _LANGUAGE_REGIONS[language]
    return [*dict.fromkeys(out)]


def place_region(text: str) -> str | None:
    """The country of a place written as "Leiden", "Porto, Portugal", "Groningen NL"
    or "Austin, TX"."""
    text = _EDGE.sub("", text)  # an icon glyph before the place
    if not text or len(text) > 40:
        return None
    parts = [fold(p).strip() for p in text.split(",")]
    last = parts[-1].split()
    code = last[-1].upper() if last and len(last[-1]) == 2 else ""
    if len(last) > 1 and code:  # "Groningen NL": the code after the city
        parts[-1] = " ".join(last[:-1])
    for part in reversed(parts):
        if part in _PLACE_REGION:
            return _PLACE_REGION[part]
    if code and is_state(code) and code in _PLACES:
        return None  # "DE", "IN", "NL": a country or a state; the city did not say
    if code in _PLACES or code == "US":
        return code
    if code and text.rstrip()[-2:].isupper() and is_state(code):
        return "US"  # "Austin, TX" (a Canadian province reads as US: same numbering)
    return None


def document_language(text: str) -> str | None:
    """The non-English language most of the marker words belong to, if one clearly leads."""
    hits: Counter[str] = Counter()
    for word in _WORD.findall(fold(text)):
        for language, markers in _MARKERS.items():
            if word in markers:
                hits[language] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < _MIN_MARKERS:
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]
