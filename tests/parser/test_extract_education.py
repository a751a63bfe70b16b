"""Education entries and certifications."""

from __future__ import annotations

import pdfs
import pytest
from pdfs import TODAY, line

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.certifications import extract_certifications
from resumeflow_parser.extract.education import extract_education
from resumeflow_parser.extract.entries import strip_stop
from resumeflow_parser.extract.lines import Line
from resumeflow_shared.profile import EducationEntry


def _rows(entries: list[EducationEntry]) -> list[tuple[str | None, ...]]:
    return [(e.institution, e.degree, e.field, e.start, e.end, e.grade) for e in entries]


def test_degree_row_with_dates_then_institution_and_grade() -> None:
    education = parse_pdf(pdfs.one_column(), today=TODAY).fields.education
    assert _rows(education) == [
        ("University of Texas at Austin", "B.Sc.", "Computer Science", "2012", "2016", "3.8/4.0")
    ]
    # School, degree and dates each point at the characters they were read from.
    sources = education[0].sources
    assert sources.institution is not None
    assert sources.institution.text == "University of Texas at Austin"
    assert sources.degree is not None
    assert sources.degree.text.startswith("B.Sc.")
    assert sources.dates is not None
    assert "2012" in sources.dates.text
    boxes = {sources.institution.bbox, sources.degree.bbox, sources.dates.bbox}
    assert len(boxes) == 3


def test_several_templates_in_one_section() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            ("Stanford University, Stanford, CA", 10.5, True),
            ("Master of Science in Computer Science, 2019", 10, False),
            ("Universidad de Buenos Aires", 10.5, True),
            ("Licenciatura en Economía | 2010 – 2015", 10, False),
            ("Promedio: 8,7/10", 10, False),
            ("Technische Universität München", 10.5, True),
            ("B.Sc. Informatik · Expected May 2025", 10, False),
        ]
    )

    education = parse_pdf(data, today=TODAY).fields.education

    assert _rows(education) == [
        ("Stanford University", "Master of Science", "Computer Science", None, "2019", None),
        ("Universidad de Buenos Aires", "Licenciatura", "Economía", "2010", "2015", None),
        ("Technische Universität München", "B.Sc.", "Informatik", None, "2025-05", None),
    ]


def test_dateless_entries_are_keyed_on_their_institutions() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            ("Massachusetts Institute of Technology", 10.5, True),
            ("PhD in Physics", 10, False),
            ("Harvard University", 10.5, True),
            ("BA, Physics (magna cum laude)", 10, False),
        ]
    )

    education = parse_pdf(data, today=TODAY).fields.education

    assert _rows(education) == [
        ("Massachusetts Institute of Technology", "PhD", "Physics", None, None, None),
        ("Harvard University", "BA", "Physics", None, None, "magna cum laude"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "issuer", "when"),
    [
        (
            "AWS Certified Solutions Architect – Associate, Amazon Web Services, 2021",
            "AWS Certified Solutions Architect – Associate",
            "Amazon Web Services",
            "2021",
        ),
        (
            "Certified Kubernetes Administrator (CKA), CNCF, Mar 2022",
            "Certified Kubernetes Administrator (CKA)",
            "CNCF",
            "2022-03",
        ),
        ("PMP (PMI, 2019)", "PMP", "PMI", "2019"),
        (
            "Deep Learning Specialization — issued by DeepLearning.AI — 06/2020",
            "Deep Learning Specialization",
            "DeepLearning.AI",
            "2020-06",
        ),
        ("CompTIA Security+", "CompTIA Security+", None, None),
        (
            "Professional Scrum Master I | Scrum.org | Credential ID 123456",
            "Professional Scrum Master I",
            "Scrum.org",
            None,
        ),
        ("· 2022 · ITIL 4 Foundation · Axelos", "ITIL 4 Foundation", "Axelos", "2022"),
    ],
)
def test_certifications(text: str, name: str, issuer: str | None, when: str | None) -> None:
    (cert,) = extract_certifications([[line(text)]])
    assert (cert.name, cert.issuer, cert.date) == (name, issuer, when)
    assert cert.source is not None
    assert cert.source.page == 1


def test_bulleted_certifications_join_their_wrapped_lines() -> None:
    certs = extract_certifications(
        [
            [
                line("• Google Professional Cloud Architect,", y=100),
                line("Google Cloud, 2023", y=114),
                line("• Oracle Certified Professional: Java SE 11 Developer", y=128),
            ]
        ]
    )
    assert [(c.name, c.issuer, c.date) for c in certs] == [
        ("Google Professional Cloud Architect", "Google Cloud", "2023"),
        ("Oracle Certified Professional: Java SE 11 Developer", None, None),
    ]


def test_degree_and_school_joined_by_separators_are_split() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            (
                "Licenciatura Ciência da Computação @ Universidade de Coimbra   2015 – 2018",
                10,
                False,
            ),
            ("Statistics, MSc, Rutgers University   2012 – 2014", 10, False),
            ("B.Sc. Computer Science — University of Texas at Austin   2008 – 2012", 10, False),
        ]
    )
    rows = [(e.institution, e.degree) for e in parse_pdf(data, today=TODAY).fields.education]
    assert rows == [
        ("Universidade de Coimbra", "Licenciatura Ciência da Computação"),
        ("Rutgers University", "MSc"),
        ("University of Texas at Austin", "B.Sc."),
    ]


def test_an_unbulleted_certification_wrapped_at_the_column_edge_is_one_item() -> None:
    def at(text: str, y: float, x1: float) -> Line:
        found = line(text, y=y)
        width = (x1 - 195) / len(text)
        boxes = tuple((195 + k * width, y, 195 + (k + 1) * width, y + 10) for k in range(len(text)))
        return Line(page=1, text=found.text, boxes=boxes, size=found.size, bold=False)

    certs = extract_certifications(
        [
            [
                at("AWS Certified Solutions Architect – Associate, Amazon Web", 100, 503),
                at("Services, Feb 2022", 111, 292),
                at("Certified Kubernetes Administrator, CNCF, 2021", 122, 420),
            ]
        ]
    )
    assert [(c.name, c.issuer, c.date) for c in certs] == [
        ("AWS Certified Solutions Architect – Associate", "Amazon Web Services", "2022-02"),
        ("Certified Kubernetes Administrator", "CNCF", "2021"),
    ]


def test_a_school_wrapped_in_lower_case_and_a_closing_full_stop() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            ("2017 – 2021\tPhD Mechanical Engineering, University", 10.5, False),
            ("of Edinburgh.", 10.5, False),
            ("2014 – 2017\tBEng Computer Science, King's College London.", 10.5, False),
        ]
    )

    education = parse_pdf(data, today=TODAY).fields.education

    assert [(e.institution, e.degree, e.end) for e in education] == [
        ("University of Edinburgh", "PhD", "2021"),
        ("King's College London", "BEng", "2017"),
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Université de Bordeaux.", "Université de Bordeaux"),
        ("Bluefin Health Inc..", "Bluefin Health Inc."),
        ("Globex Inc.", "Globex Inc."),
        ("Banco Atlântico S.A.", "Banco Atlântico S.A."),
        ("Acme Co.", "Acme Co."),
    ],
)
def test_a_closing_full_stop_goes_unless_it_ends_an_abbreviation(text: str, kept: str) -> None:
    assert strip_stop(text) == kept


def test_schools_beside_degrees_we_have_no_word_for_and_names_cut_after_a_connector() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            ("Laurea magistrale Ingegneria @ Università degli Studi di Padova | 2012-14", 9, False),
            ("Licenciatura Ciência da Computação, Universidade do | 2016-2020", 10, False),
            ("Porto.", 10, False),
            ("Master Informatica, Technische Universiteit Eindhoven | 2008-2010", 10, False),
            ("Hogeschool Utrecht | 2004-2008", 10, False),
        ]
    )

    education = parse_pdf(data, today=TODAY).fields.education

    assert [(e.institution, e.degree) for e in education] == [
        ("Università degli Studi di Padova", "Laurea magistrale Ingegneria"),
        ("Universidade do Porto", "Licenciatura Ciência da Computação"),
        ("Technische Universiteit Eindhoven", "Master Informatica"),
        ("Hogeschool Utrecht", None),
    ]


def test_a_wrapped_form_label_before_the_school_is_neither_school_nor_wrap() -> None:
    # Europass's long label wraps in its column ("... providing" / "education and
    # training"): the school beside its first part is the entry's, and the label's
    # tail is not joined to the school's name.
    rows: list[str] = []
    for dates, degree, school in (
        ("2012 – 2015", "Master", "Université de Bordeaux"),
        ("2009 – 2011", "Licence", "Sorbonne Université"),
    ):
        rows += [
            f"Dates\t{dates}",
            f"Title of qualification awarded\t{degree}",
            f"Name and type of organisation providing\t{school}",
            "education and training",
        ]
    lines = [line(text, y=100 + 12 * k) for k, text in enumerate(rows)]

    found = extract_education([lines])

    assert [(e.institution, e.degree) for e in found] == [
        ("Université de Bordeaux", "Master"),
        ("Sorbonne Université", "Licence"),
    ]


def test_a_school_name_hyphenated_at_the_wrap_is_joined_back() -> None:
    lines = [
        line("06/2021–06/2024\tGrado Administración, Universitat Politècnica de Valèn-", y=100),
        line("cia", y=112),
    ]

    assert [e.institution for e in extract_education([lines])] == [
        "Universitat Politècnica de València"
    ]


def test_a_field_in_parentheses_after_the_degree_is_the_field() -> None:
    data = pdfs.simple(
        [
            ("Education", 13, True),
            ("Diplôme d'ingénieur (Informatique) – INSA Lyon   2015 – 2018", 10, False),
            ("Master of Science (Physics), University of Leeds   2012 – 2014", 10, False),
            ("B.Sc. (Hons), University of Bristol   2008 – 2011", 10, False),
            ("(University of Cambridge)   2006 – 2008", 10, False),
        ]
    )
    rows = [
        (e.institution, e.degree, e.field) for e in parse_pdf(data, today=TODAY).fields.education
    ]
    assert rows == [
        ("INSA Lyon", "Diplôme d'ingénieur", "Informatique"),
        ("University of Leeds", "Master of Science", "Physics"),
        ("University of Bristol", "B.Sc.", None),
        ("University of Cambridge", None, None),
    ]
