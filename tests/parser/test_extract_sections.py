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
        ("T O O L S & T E C H N O L O G I E S", "skills"),
        ("E X PE R I E N C E", "experience"),  # a kerned pair written as one word
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
        ("Werkervaring", "experience"),
        ("Esperienze professionali", "experience"),
        ("Opleiding", "education"),
        ("Istruzione e formazione", "education"),
        ("Vaardigheden", "skills"),
        ("Competenze tecniche", "skills"),
        ("Talen", "languages"),
        ("Lingue", "languages"),
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


def test_headings_without_a_known_word_are_found_by_style_and_named_by_content() -> None:
    result = parse_pdf(
        pdfs.simple(
            [
                ("Maximilian Vogel", 20, True),
                ("mvogel@example.de", 10, False),
                ("S T A T I O N E N", 10, True),
                ("Teamleiter Vertrieb | Schwarzwald Digital GmbH   2023 – heute", 10, False),
                ("Projektleiter IT | Rheinauen Pharma SE   2019 – 2023", 10, False),
                ("L E R N W E G", 10, True),
                (
                    "Diplom Maschinenbau | Karlsruher Institut für Technologie   2014 – 2018",
                    10,
                    False,
                ),
                ("W E R K Z E U G K A S T E N", 10, True),
                ("Git • Salesforce • MongoDB • GraphQL • Scrum", 10, False),
                ("V E R S T Ä N D I G U N G", 10, True),
                ("Deutsch — Muttersprache", 10, False),
                ("Englisch — C1", 10, False),
            ]
        ),
        today=TODAY,
    )
    names = [s.name for s in result.sections]
    assert names == ["contact", "experience", "education", "skills", "languages"]
    fields = result.fields
    assert [(j.title, j.employer) for j in fields.experience] == [
        ("Teamleiter Vertrieb", "Schwarzwald Digital GmbH"),
        ("Projektleiter IT", "Rheinauen Pharma SE"),
    ]
    assert [e.institution for e in fields.education] == ["Karlsruher Institut für Technologie"]
    assert {s.name for s in fields.skills} >= {"Git", "Salesforce", "MongoDB"}
    assert [x.language for x in fields.languages] == ["German", "English"]


def test_short_capitalised_skill_lines_are_not_taken_for_headings() -> None:
    found = _sections(
        [
            ("Carmen Ortega", 20, True),
            ("TRAYECTORIA", 11, True),
            ("Analista de datos, Talleres Ebro S.L., 2021 – 2024", 10, False),
            ("CAJA DE HERRAMIENTAS", 11, True),
            ("AWS", 10, False),
            ("SQL", 10, False),
            ("SAP", 10, False),
        ]
    )
    assert found == [
        ("contact", ""),
        ("experience", "TRAYECTORIA"),
        ("skills", "CAJA DE HERRAMIENTAS"),
    ]


def test_a_heading_in_a_margin_column_beside_the_first_entry_is_split_off() -> None:
    s = pdfs.Sheet()
    s.text(72, 60, "Matteo Colombo", size=22, bold=True)
    s.text(40, 120, "Work", size=20)
    s.text(150, 120, "Sviluppatore backend", size=12, bold=True)
    s.text(150, 138, "Banca Adriatica", size=10)
    s.text(150, 154, "Aug 2018 – Mar 2022", size=10)
    s.text(40, 200, "Education", size=20)
    s.text(150, 200, "Politecnico di Torino", size=12, bold=True)
    s.text(150, 218, "Laurea magistrale, 2013 – 2015", size=10)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert [(x.name, x.heading) for x in result.sections][1:] == [
        ("experience", "Work"),
        ("education", "Education"),
    ]
    (job,) = result.fields.experience
    assert (job.title, job.employer, job.start) == (
        "Sviluppatore backend",
        "Banca Adriatica",
        "2018-08",
    )


def test_a_margin_heading_wrapped_onto_two_lines_beside_the_first_entry() -> None:
    """ "Professional" over "Experience", right-aligned in the margin, its first line
    on the first entry's row: one heading, and the entry is not cut from it."""
    s = pdfs.Sheet()
    s.text(150, 60, "Imogen Castellano", size=22, bold=True)
    s.right(140, 120, "Professional", size=13)
    s.right(140, 135, "Experience", size=13)
    s.text(150, 120, "Cloud Solutions Architect, Bluefin Health Inc.", size=10)
    s.right(540, 120, "July 2024 – Present", size=10)
    s.text(150, 150, "Ran the move of 40 services to managed Kubernetes.", size=10)
    s.right(140, 180, "Education", size=13)
    s.text(150, 180, "BEng Computer Science, King's College London", size=10)
    s.right(540, 180, "June 2021", size=10)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert [(x.name, x.heading) for x in result.sections][1:] == [
        ("experience", "Professional Experience"),
        ("education", "Education"),
    ]
    (job,) = result.fields.experience
    assert (job.title, job.employer, job.start) == (
        "Cloud Solutions Architect",
        "Bluefin Health Inc.",
        "2024-07",
    )


@pytest.mark.parametrize("wrap_beside", [False, True])
def test_a_left_aligned_margin_label_wrapped_beside_its_content_names_it_by_keyword(
    wrap_beside: bool,
) -> None:
    """ "Professional Skills" over "Summary", left-aligned in a label column, the list
    beside it (its last item maybe wrapped onto the label's second row): a skills
    section, although no dictionary knows the phrase, and "Summary" starts none."""
    s = pdfs.Sheet()
    s.text(200, 60, "Imogen Okafor", size=22, bold=True)
    s.text(40, 110, "Contact", size=13)
    s.text(200, 110, "Email  imogen34@gmail.com", size=10)
    s.text(40, 150, "Professional Skills", size=13)
    items = "Skills: Jira, Vue.js, Django, MongoDB, Jenkins"
    s.text(200, 150, items + ("," if wrap_beside else ", Kafka"), size=10)
    s.text(40, 165, "Summary", size=13)
    if wrap_beside:
        s.text(200, 164, "Kafka", size=10)
    s.text(40, 200, "Work Experience", size=13)
    s.text(200, 200, "Data Engineer at Bluefin Health Inc.", size=10)
    s.right(540, 200, "July 2024 – Present", size=10)
    s.text(200, 215, "Ran the move of 40 services to managed Kubernetes.", size=10)
    s.text(40, 245, "Education", size=13)
    s.text(200, 245, "BEng Computer Science, King's College London", size=10)
    s.right(540, 245, "June 2021", size=10)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    names = [x.name for x in result.sections]
    assert "summary" not in names
    assert {"Jira", "MongoDB", "Jenkins", "Apache Kafka"} <= {k.name for k in result.fields.skills}
    (job,) = result.fields.experience
    assert (job.title, job.employer) == ("Data Engineer", "Bluefin Health Inc.")


def test_an_unknown_letter_spaced_heading_in_the_heading_style_starts_a_section() -> None:
    data = pdfs.simple(
        [
            ("Javier Vázquez", 20, True),
            ("T R AY E C T O R I A", 10, True),
            ("Técnica de soporte | Soluciones Andinas S.L.\tfeb. 2026 – actualidad", 10, False),
            ("E S T U D I O S", 10, True),
            ("Licenciatura, Economía | Universidad de Granada\t2021 – 2025", 10, False),
            ("H A B L O", 10, True),
            ("Español — Nativo", 10, False),
        ]
    )

    result = parse_pdf(data, today=TODAY)

    assert [(j.title, j.employer) for j in result.fields.experience] == [
        ("Técnica de soporte", "Soluciones Andinas S.L.")
    ]


def test_unknown_headings_set_bold_and_a_half_point_above_the_body_start_sections() -> None:
    """No heading word we know, no capitals, barely larger than the text: bold at 10.5
    over 10 pt body text is still the headings' style (job titles there are not bold)."""
    s = pdfs.Sheet()
    s.text(40, 50, "Imogen Castellano", 24)
    s.text(40, 68, "imogen65@example.org   07809 761418   Glasgow", 8.5)
    s.text(40, 100, "Hello", 10.5, True)
    y = 114.0
    s.text(40, y, "Analyst with a background in operations, happiest close to the data.")
    s.text(40, y + 28, "The journey", 10.5, True)
    y += 46
    for title, employer, dates in [
        ("Customer Success Manager", "Saltmarsh Ventures Ltd.", "2025 – Present"),
        ("Senior Data Engineer", "Tallgrass Insurance Group · Portland, OR", "2022 – 2024"),
    ]:
        s.text(40, y, title, 10.5)
        s.right(560, y, dates, 8.5)
        s.text(40, y + 13, employer)
        s.text(60, y + 27, "• Designed the reporting pipeline used by 3 regional offices.")
        y += 46
    s.text(40, y, "Learning", 10.5, True)
    s.text(40, y + 16, "Bachelor of Engineering (Psychology) - Rutgers University")
    s.right(560, y + 16, "2016 – 2018", 8.5)
    s.text(40, y + 40, "Stack", 10.5, True)
    s.text(40, y + 56, "PostgreSQL / Google Cloud / Linux / Ansible")

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(j.title, j.employer) for j in result.fields.experience] == [
        ("Customer Success Manager", "Saltmarsh Ventures Ltd."),
        ("Senior Data Engineer", "Tallgrass Insurance Group"),
    ]
    assert [e.institution for e in result.fields.education] == ["Rutgers University"]


def test_a_list_parted_by_spaced_slashes_under_an_unknown_heading_is_skills() -> None:
    result = parse_pdf(
        pdfs.simple(
            [
                ("Imogen Castellano", 20, True),
                ("imogen65@example.org", 10, False),
                ("EXPERIENCE", 13, True),
                ("Senior Data Engineer, Tallgrass Insurance Group   2022 – 2024", 10, False),
                ("EDUCATION", 13, True),
                ("BEng Psychology, Rutgers University   2016 – 2018", 10, False),
                ("TOOLBOX", 13, True),
                ("PostgreSQL / Google Cloud / Linux / Ansible / Airtable", 10, False),
            ]
        ),
        today=TODAY,
    )

    assert [s.name for s in result.sections][-1] == "skills"
    assert {s.name for s in result.fields.skills} >= {"PostgreSQL", "Linux", "Ansible"}


def test_letter_spaced_capitals_that_kerning_glues_in_places_are_still_one_heading() -> None:
    # MuPDF splits "GEREEDSCHAPSKIST" set with letter spacing at the wider gaps only.
    result = parse_pdf(
        pdfs.simple(
            [
                ("Daan Bakker", 20, True),
                ("daan49@example.nl", 10, False),
                ("B E RE I K M I J", 11, True),
                ("Groningen", 10, False),
                ("GE RE E DS CHAPS KI S T", 11, True),
                ("Django", 10, False),
                ("GraphQL", 10, False),
                ("Kotlin", 10, False),
                ("I K S PRE E K", 11, True),
                ("Nederlands — Moedertaal", 10, False),
            ]
        ),
        today=TODAY,
    )

    assert [s.heading for s in result.sections if s.name == "skills"] == ["GE RE E DS CHAPS KI S T"]
    assert {s.name for s in result.fields.skills} >= {"Django", "GraphQL", "Kotlin"}


def test_a_letter_spaced_heading_with_a_hyphen_is_still_its_phrase() -> None:
    # "IT-Kenntnisse" set in spaced capitals: the hyphen stays glued to a letter.
    assert lookup("I T- K E N N T N I S S E") == "skills"
