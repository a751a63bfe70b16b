"""Field labels of form-like CVs ("Occupation or position held", "Employer:", "Dates").

Europass and many application forms print a label before each value, on the same row.
The label is not a value; it says which field the value beside it fills.
"""

from __future__ import annotations

import functools
import re

from resumeflow_parser.extract.text import fold


def _phrases(text: str) -> frozenset[str]:
    """Phrases written as one ``|``-separated string (data, not prose)."""
    return frozenset(" ".join(p.split()) for p in text.split("|"))


# Folded, without a trailing colon. Europass's own labels in its main languages, and
# the short labels forms use.
_LABELS: dict[str, frozenset[str]] = {
    "employer": _phrases(
        """
        employer|name and address of employer|name of employer|company|company name
        |organisation|organization|arbeitgeber|name und adresse des arbeitgebers|unternehmen
        |firma|employeur|nom et adresse de l'employeur|entreprise|empresa
        |nombre y direccion del empleador|azienda|nome e indirizzo del datore di lavoro
        |datore di lavoro|werkgever|naam en adres van de werkgever|bedrijf|empregador
        |nome e endereco do empregador
        """
    ),
    "title": _phrases(
        """
        occupation or position held|position held|position|role|job title|title|occupation
        |beruf oder funktion|funktion|position|profession ou poste occupe|poste occupe|poste
        |fonction|profesion o cargo desempenado|cargo|puesto|lavoro o posizione ricoperti
        |ruolo|posizione|functie of positie|functie|funcao ou cargo ocupado|funcao
        """
    ),
    "dates": _phrases("dates|date|period|periode|zeitraum|datum|fechas|periodo|data|datas"),
    "school": _phrases(
        """
        school|institution|name and type of organisation providing education and training
        |name und art der bildungs- oder ausbildungseinrichtung
        |nom et type de l'etablissement d'enseignement ou de formation
        |nombre y tipo del centro de estudios|nome e tipo d'organizzazione erogatrice
        |naam en type van de onderwijs- of opleidingsinstelling
        """
    ),
    "degree": _phrases(
        """
        degree|qualification|title of qualification awarded
        |bezeichnung der erworbenen qualifikation|intitule du certificat ou diplome delivre
        |titulo de la cualificacion obtenida|qualifica conseguita
        |naam van het behaalde diploma of certificaat
        """
    ),
}
_TRAIL = re.compile(r"\s*:\s*$")
# A long label wraps in its narrow column ("Name and type of organisation providing" /
# "education and training"): its first part, of at least this many words, is the label.
_WRAPPED_WORDS = 4


@functools.lru_cache(maxsize=4096)  # asked of every header fragment, often twice
def label_kind(text: str) -> str | None:
    """The field a form label names (``"employer"``, ``"title"``, ``"dates"``,
    ``"school"``, ``"degree"``), or None when ``text`` is not a label."""
    key = " ".join(fold(_TRAIL.sub("", text)).split())
    if not key:
        return None
    for kind, labels in _LABELS.items():
        if key in labels:
            return kind
    if len(key.split()) >= _WRAPPED_WORDS:
        for kind, labels in _LABELS.items():
            if any(label.startswith(key + " ") for label in labels):
                return kind
    return None
