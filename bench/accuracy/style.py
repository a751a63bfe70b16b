"""Visual choices for one resume: fonts, heading style, entry style, separators.

Everything is drawn from the resume's seeded ``random.Random`` before any
machine-dependent check (font availability), so the random stream, and therefore the
truth, is the same everywhere.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

import fonts
from layout import Color

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)

HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "experience": {
        "en": (
            "Work Experience",
            "Professional Experience",
            "Employment History",
            "Experience",
            "Career History",
        ),
        "es": ("Experiencia", "Experiencia Profesional", "Experiencia Laboral"),
        "de": ("Berufserfahrung", "Berufliche Erfahrung"),
    },
    "education": {
        "en": ("Education", "Academic Background", "Education & Training", "Qualifications"),
        "es": ("Formación", "Formación Académica", "Educación"),
        "de": ("Ausbildung", "Bildungsweg", "Studium"),
    },
    "skills": {
        "en": ("Skills", "Technical Skills", "Core Competencies", "Tools & Technologies"),
        "es": ("Habilidades", "Conocimientos", "Competencias"),
        "de": ("Kenntnisse", "Fähigkeiten", "IT-Kenntnisse"),
    },
    "languages": {"en": ("Languages",), "es": ("Idiomas",), "de": ("Sprachen", "Sprachkenntnisse")},
    "certifications": {
        "en": ("Certifications", "Certificates", "Licenses & Certifications"),
        "es": ("Certificaciones", "Certificados"),
        "de": ("Zertifikate", "Zertifizierungen"),
    },
    "summary": {
        "en": ("Summary", "Profile", "About Me", "Professional Summary"),
        "es": ("Perfil", "Sobre mí", "Resumen"),
        "de": ("Profil", "Über mich", "Kurzprofil"),
    },
    "contact": {"en": ("Contact", "Contact Details"), "es": ("Contacto",), "de": ("Kontakt",)},
}

LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "email": {"en": ("Email", "E-mail", "Mail"), "es": ("Correo",), "de": ("E-Mail",)},
    "phone": {
        "en": ("Phone", "Tel.", "Mobile", "M"),
        "es": ("Teléfono", "Móvil"),
        "de": ("Telefon", "Mobil", "Tel."),
    },
    "location": {
        "en": ("Location", "Address", "Based in"),
        "es": ("Ubicación",),
        "de": ("Wohnort", "Adresse"),
    },
}

ACCENTS: tuple[Color, ...] = ((0.1, 0.2, 0.45), (0.0, 0.0, 0.0), (0.55, 0.1, 0.1), (0.1, 0.4, 0.35))
SIDEBAR_FILLS: tuple[Color, ...] = ((0.93, 0.94, 0.96), (0.95, 0.93, 0.9), (0.9, 0.95, 0.93))


@dataclass(frozen=True)
class Style:
    family: str
    page: tuple[float, float]
    base: float
    heading_case: str  # upper, title, spaced (letter-spaced caps)
    heading_bold: bool
    heading_extra: float  # points above the base size
    heading_rule: str  # none, below, above
    heading_colon: bool
    accent: Color
    sidebar_fill: Color
    bullet: str
    sep: str  # between contact items
    contact: str  # line, lines, labelled
    entry: str  # title_first, employer_first, stacked, gutter, employer_paren
    skills: str  # comma, bullets, grouped, lines
    languages: str  # inline, lines
    draw_order: str  # stream (column by column) or rows (sorted by y, like some exporters)
    name_size: float
    headings: dict[str, str]

    def to_meta(self) -> dict[str, object]:
        meta = asdict(self)
        meta.pop("headings")
        return meta


def heading_text(style: Style, text: str) -> str:
    if style.heading_case == "upper":
        text = text.upper()
    elif style.heading_case == "spaced":
        text = "  ".join(" ".join(word.upper()) for word in text.split())
    return text + (":" if style.heading_colon else "")


def draw(rng: random.Random, lang: str) -> Style:
    return Style(
        family=rng.choice(fonts.FAMILY_KEYS),
        page=rng.choice((A4, LETTER)),
        base=rng.choice((9.0, 9.5, 10.0, 10.5, 11.0)),
        heading_case=rng.choice(("upper",) * 4 + ("title",) * 5 + ("spaced",)),
        heading_bold=rng.random() < 0.8,
        heading_extra=rng.choice((0.0, 1.0, 2.0, 3.0, 5.0)),
        heading_rule=rng.choice(("none", "below", "below", "above")),
        heading_colon=rng.random() < 0.15,
        accent=rng.choice(ACCENTS),
        sidebar_fill=rng.choice(SIDEBAR_FILLS),
        bullet=rng.choice(("•", "-", "–", "·")),
        sep=rng.choice((" | ", " · ", "  •  ", "  ", " / ")),
        contact=rng.choice(("line", "lines", "labelled")),
        entry=rng.choice(("title_first", "employer_first", "stacked", "gutter", "employer_paren")),
        skills=rng.choice(("comma", "bullets", "grouped", "lines")),
        languages=rng.choice(("inline", "lines")),
        draw_order=rng.choice(("stream", "stream", "rows")),
        name_size=rng.choice((16.0, 18.0, 20.0, 24.0)),
        headings={k: rng.choice(v[lang]) for k, v in HEADINGS.items()},
    )
