"""Section headings and proficiency words per language, plain and unusual.

"Unusual" headings are what people write on designed resumes: no dictionary
section word ("Where I've worked", "Toolbox"), so a parser has to find the
section from layout, not vocabulary.
"""

from __future__ import annotations

import random

PLAIN = {
    "en": (
        ("Experience", "Work Experience", "Professional Experience", "Employment"),
        ("Education",),
        ("Skills", "Technical Skills"),
        ("Languages",),
        ("Contact",),
        ("Profile", "Summary"),
    ),
    "de": (
        ("Berufserfahrung", "Beruflicher Werdegang"),
        ("Ausbildung", "Studium"),
        ("Kenntnisse", "IT-Kenntnisse"),
        ("Sprachen",),
        ("Kontakt",),
        ("Profil",),
    ),
    "fr": (
        ("Expérience professionnelle", "Expériences"),
        ("Formation",),
        ("Compétences",),
        ("Langues",),
        ("Contact",),
        ("Profil",),
    ),
    "es": (
        ("Experiencia laboral", "Experiencia profesional"),
        ("Formación", "Educación"),
        ("Habilidades", "Competencias"),
        ("Idiomas",),
        ("Contacto",),
        ("Perfil",),
    ),
    "it": (
        ("Esperienza lavorativa", "Esperienze professionali"),
        ("Istruzione", "Formazione"),
        ("Competenze",),
        ("Lingue",),
        ("Contatti",),
        ("Profilo",),
    ),
    "nl": (
        ("Werkervaring",),
        ("Opleiding",),
        ("Vaardigheden",),
        ("Talen",),
        ("Contact",),
        ("Profiel",),
    ),
    "pt": (
        ("Experiência profissional",),
        ("Formação académica", "Educação"),
        ("Competências",),
        ("Idiomas",),
        ("Contacto",),
        ("Perfil",),
    ),
}
UNUSUAL = {
    "en": (
        ("Where I've worked", "Track record", "The journey"),
        ("Schooling", "Learning"),
        ("Toolbox", "Stack"),
        ("Tongues", "I speak"),
        ("Reach me", "Say hello"),
        ("Hello", "In short"),
    ),
    "de": (
        ("Stationen",),
        ("Lernweg",),
        ("Werkzeugkasten",),
        ("Verständigung",),
        ("Erreichbar",),
        ("Kurz gesagt",),
    ),
    "fr": (
        ("Parcours",),
        ("Études",),
        ("Boîte à outils",),
        ("Je parle",),
        ("Me joindre",),
        ("En bref",),
    ),
    "es": (
        ("Trayectoria",),
        ("Estudios",),
        ("Caja de herramientas",),
        ("Hablo",),
        ("Escríbeme",),
        ("En breve",),
    ),
    "it": (
        ("Percorso",),
        ("Studi",),
        ("Cassetta degli attrezzi",),
        ("Parlo",),
        ("Scrivimi",),
        ("In breve",),
    ),
    "nl": (
        ("Loopbaan",),
        ("Studie",),
        ("Gereedschapskist",),
        ("Ik spreek",),
        ("Bereik mij",),
        ("In het kort",),
    ),
    "pt": (
        ("Percurso",),
        ("Estudos",),
        ("Caixa de ferramentas",),
        ("Falo",),
        ("Fale comigo",),
        ("Em resumo",),
    ),
}
KEYS = ("experience", "education", "skills", "languages", "contact", "profile")
NATIVE_WORD = {
    "en": "Native",
    "de": "Muttersprache",
    "fr": "Langue maternelle",
    "es": "Nativo",
    "it": "Madrelingua",
    "nl": "Moedertaal",
    "pt": "Nativo",
}


def pick(lang: str, rng: random.Random, *, unusual: bool) -> dict[str, str]:
    table = UNUSUAL if unusual else PLAIN
    return {key: rng.choice(options) for key, options in zip(KEYS, table[lang], strict=True)}


def level(lang: str, level: str) -> str:
    return NATIVE_WORD[lang] if level == "native" else level
