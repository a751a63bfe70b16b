"""Headings: spellings, cases, languages, styles, and lines that only look like headings."""

from __future__ import annotations

import pdfs
import pytest
from pdfs import TODAY

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.headings import lookup


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("WORK EXPERIENCE", "experience"),
        ("Professional Experience:", "experience"),
        ("Employment History", "experience"),
        ("Experiencia Laboral", "experience"),
        ("Expérience professionnelle", "experience"),
        ("Berufserfahrung", "experience"),
        ("Experiência Profissional", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("Education & Training", "education"),
        ("Formación Académica", "education"),
        ("Ausbildung", "education"),
        ("Formação Acadêmica", "education"),
        ("Technical Skills", "skills"),
        ("Compétences", "skills"),
        ("Kenntnisse", "skills"),
        ("Core Competencies", "skills"),
        ("Profile", "summary"),
        ("Sobre mí", "summary"),
        ("Idiomas", "languages"),
        ("Sprachkenntnisse", "languages"),
        ("Licenses & Certifications", "certifications"),
        ("Awards and Honours", "awards"),
        ("Hobbies & Interests", "interests"),
        ("Centres d’intérêt", "interests"),
        ("2. Projects", "projects"),
        ("Volunteer Experience", "volunteering"),
    ],
)
def test_heading_spellings_map_to_canonical_sections(heading: str, name: str) -> None:
    assert lookup(heading) == name


def _sections(lines: list[tuple[str, float, bool]]) -> list[tuple[str, str]]:
    result = parse_pdf(pdfs.simple(lines), today=TODAY)
    return [(s.name, s.heading) for s in result.sections]


def test_mixed_case_and_languages_split_a_document() -> None:
    found = _sections(
        [
            ("Lucía Fernández", 20, True),
            ("Perfil", 12, True),
            ("Ingeniera de datos con seis años de experiencia.", 10, False),
            ("Experiencia laboral", 12, True),
            ("Ingeniera de Datos, Cabify", 10, False),
            ("Competencias", 12, True),
            ("Python, Spark", 10, False),
            ("IDIOMAS", 12, True),
            ("Español (nativo)", 10, False),
        ]
    )
    assert found == [
        ("contact", ""),
        ("summary", "Perfil"),
        ("experience", "Experiencia laboral"),
        ("skills", "Competencias"),
        ("languages", "IDIOMAS"),
    ]


def test_a_document_title_is_not_a_section() -> None:
    found = _sections(
        [
            ("CURRICULUM VITAE", 16, True),
            ("Jan Kowalski", 14, True),
            ("Education", 12, True),
            ("Warsaw University of Technology", 10, False),
        ]
    )
    assert found == [("contact", ""), ("education", "Education")]


def test_a_plain_body_line_is_not_a_heading_when_headings_are_styled() -> None:
    found = _sections(
        [
            ("Sam Lee", 20, True),
            ("SKILLS", 13, True),
            ("Tools", 10, False),  # a sub-list label in body style
            ("Jira, Figma", 10, False),
            ("EXPERIENCE", 13, True),
            ("Designer at Canva", 10, False),
        ]
    )
    assert found == [("contact", ""), ("skills", "SKILLS"), ("experience", "EXPERIENCE")]


def test_an_unknown_heading_in_the_heading_style_ends_the_section_before_it() -> None:
    found = _sections(
        [
            ("Sam Lee", 20, True),
            ("EXPERIENCE", 13, True),
            ("Designer at Canva", 10, False),
            ("EDUCATION", 13, True),
            ("RMIT University", 10, False),
            ("EXHIBITIONS", 13, True),  # not in the vocabulary, same style as the others
            ("Melbourne Design Week 2022", 10, False),
        ]
    )
    assert found[-1] == ("other", "EXHIBITIONS")
    assert ("education", "EDUCATION") in found


def test_a_bold_job_title_is_not_taken_for_an_unknown_heading() -> None:
    found = _sections(
        [
            ("Sam Lee", 20, True),
            ("EXPERIENCE", 13, True),
            ("Senior Product Designer", 10, True),
            ("Canva, 2020 – Present", 10, False),
            ("EDUCATION", 13, True),
            ("RMIT University", 10, False),
        ]
    )
    assert found == [("contact", ""), ("experience", "EXPERIENCE"), ("education", "EDUCATION")]
