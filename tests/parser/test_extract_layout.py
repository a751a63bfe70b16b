"""Reading order: one column, two columns, a sidebar, and what must not become a column."""

from __future__ import annotations

from collections.abc import Sequence

import pdfs
import pytest
from pdfs import TODAY, section

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.layout import reading_order
from resumeflow_parser.extract.lines import Line, merge_row


def test_one_column_keeps_right_aligned_dates_on_their_title_row() -> None:
    result = parse_pdf(pdfs.one_column(), today=TODAY)

    lines = result.pages[0].text.splitlines()
    assert "Senior Software Engineer\tJan 2020 – Present" in lines
    assert "Software Engineer\tMar 2016 – Jun 2020" in lines
    assert [s.name for s in result.sections] == [
        "contact",
        "summary",
        "experience",
        "education",
        "skills",
        "languages",
        "certifications",
    ]


def test_two_columns_written_row_by_row_are_read_column_by_column() -> None:
    result = parse_pdf(pdfs.two_column(), today=TODAY)

    text = result.pages[0].text
    assert text.index("Built risk models in Python.") < text.index("EDUCATION")
    experience = section(result, "experience").text
    assert "Klarna Bank AB" in experience
    assert "KTH" not in experience
    assert "SKILLS" not in experience
    assert section(result, "skills").text == "Scala, Python, Cassandra,\nGCP, Kubernetes"
    assert section(result, "languages").text == "Swedish — native\nEnglish — fluent"


def test_sidebar_sections_stay_whole_and_the_main_column_opens_with_the_name() -> None:
    result = parse_pdf(pdfs.sidebar(), today=TODAY)

    assert [(s.name, s.heading) for s in result.sections] == [
        ("contact", "CONTACT"),
        ("skills", "SKILLS"),
        ("languages", "LANGUAGES"),
        ("contact", ""),
        ("experience", "PROFESSIONAL EXPERIENCE"),
        ("education", "EDUCATION"),
    ]
    assert section(result, "languages").text == "English (C2)\nHindi (native)\nTamil (native)"
    assert result.fields.name is not None
    assert result.fields.name.value == "Priya Raman"


def _dated_rows_resume() -> bytes:
    """Short left-aligned lines with dates and places right-aligned on the same rows."""
    s = pdfs.Sheet()
    s.text(72, 60, "Tomás Oliveira", 20, True)
    s.text(72, 80, "tomas@example.pt · +351 912 345 678", 9)
    s.text(72, 110, "Experiência Profissional", 12, True)
    y = 128.0
    for title, dates, employer, place in (
        ("Engenheiro de Software", "set 2021 - atual", "Feedzai", "Lisboa, Portugal"),
        ("Desenvolvedor Backend", "03/2018 - 08/2021", "OutSystems", "Remote"),
        ("Estagiário", "2017", "Critical Software", "Coimbra, Portugal"),
    ):
        s.text(72, y, title, 10.5, True)
        s.right(540, y, dates, 9)
        s.text(72, y + 14, employer)
        s.right(540, y + 14, place, 9)
        s.text(72, y + 28, "• Java e Kotlin")
        y += 48
    s.text(72, y, "Formação Acadêmica", 12, True)
    s.text(72, y + 18, "Universidade de Lisboa")
    s.right(540, y + 18, "2013 – 2017", 9)
    s.text(72, y + 32, "Licenciatura em Engenharia Informática")
    return pdfs.render(s)


def test_right_aligned_dates_and_places_are_not_mistaken_for_a_second_column() -> None:
    result = parse_pdf(_dated_rows_resume(), default_region="PT", today=TODAY)

    lines = result.pages[0].text.splitlines()
    assert "Engenheiro de Software\tset 2021 - atual" in lines
    assert "Feedzai\tLisboa, Portugal" in lines
    assert [e.employer for e in result.fields.experience] == [
        "Feedzai",
        "OutSystems",
        "Critical Software",
    ]


def test_page_numbers_and_running_headers_stay_out_of_sections() -> None:
    first = pdfs.Sheet()
    first.text(72, 30, "Ana Souza — Curriculum", 8)
    first.text(72, 80, "Ana Souza", 20, True)
    first.text(72, 110, "EXPERIENCE", 12, True)
    first.text(72, 128, "Data Engineer at Nubank")
    first.right(540, 128, "2019 – Present")
    first.text(72, 142, "• Built the ledger pipeline in Scala.")
    first.text(290, 770, "Page 1 of 2", 8)
    second = pdfs.Sheet()
    second.text(72, 30, "Ana Souza — Curriculum", 8)
    second.text(72, 80, "• Cut batch latency from hours to minutes.")
    second.text(72, 110, "EDUCATION", 12, True)
    second.text(72, 128, "Universidade de São Paulo")
    second.text(290, 770, "Page 2 of 2", 8)

    result = parse_pdf(pdfs.render(first, second), today=TODAY)

    experience = section(result, "experience").text
    assert "Page" not in experience
    assert "Curriculum" not in experience
    assert result.fields.experience[0].bullets == [
        "Built the ledger pipeline in Scala.",
        "Cut batch latency from hours to minutes.",
    ]
    assert "Page 2 of 2" in result.pages[1].text  # the page text itself stays complete


def _label_column_resume() -> bytes:
    """Section labels in a narrow left column, each on the row where its content starts."""
    s = pdfs.Sheet()
    s.text(50, 60, "Robin Meyer", 22, True)
    s.text(50, 80, "robin.meyer@example.de · +49 151 23456789 · Hamburg, Germany", 9)
    y = 115.0
    for label, lines in (
        (
            "EXPERIENCE",
            [
                "Backend Engineer, Otto Group",
                "01/2020 – heute",
                "• Built order services in Kotlin.",
                "• Ran Kafka clusters.",
                "Junior Developer, Xing SE",
                "2017 – 2019",
                "• Moved the monolith from PHP to Go.",
            ],
        ),
        ("EDUCATION", ["Universität Hamburg", "B.Sc. Informatik, 2017"]),
        ("SKILLS", ["Kotlin, Go, Kafka, PostgreSQL"]),
    ):
        s.text(50, y, label, 10, True)
        y = s.lines(170, y, lines) + 16
    return pdfs.render(s)


def test_a_label_column_is_read_row_by_row_with_labels_as_headings() -> None:
    result = parse_pdf(_label_column_resume(), today=TODAY)

    assert [(s.name, s.heading) for s in result.sections] == [
        ("contact", ""),
        ("experience", "EXPERIENCE"),
        ("education", "EDUCATION"),
        ("skills", "SKILLS"),
    ]
    assert [(e.title, e.employer, e.start) for e in result.fields.experience] == [
        ("Backend Engineer", "Otto Group", "2020-01"),
        ("Junior Developer", "Xing SE", "2017"),
    ]


def test_a_dense_sidebar_on_the_main_columns_baselines_is_still_a_column() -> None:
    s = pdfs.Sheet(shades=[(0, 0, 180, pdfs.HEIGHT)])
    sidebar = ["SKILLS", "Python", "Go", "Terraform", "AWS", "LANGUAGES", "English", "French"]
    main = [
        "EXPERIENCE",
        "Platform Engineer, Doctolib",
        "2021 – Present",
        "• Runs the Kubernetes platform for 300 engineers and",
        "  the on-call rotation behind it.",
        "• Cut cloud spend by a third in one year.",
        "Site Reliability Engineer, Criteo",
        "2018 – 2021",
        "• Automated failover for the bidding clusters.",
        "• Wrote the incident review process.",
        "EDUCATION",
        "École Polytechnique",
        "Diplôme d'ingénieur, 2018",
        "Ingénieur in Computer Science",
        "Paris, France",
        "INTERESTS",
        "Climbing, chess",
    ]
    for k, text in enumerate(sidebar):
        s.text(24, 120 + 14 * k, text, 10, bold=text.isupper())
    for k, text in enumerate(main):
        s.text(210, 120 + 14 * k, text, 10, bold=text.isupper())

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert section(result, "skills").text == "Python\nGo\nTerraform\nAWS"
    assert section(result, "languages").text == "English\nFrench"
    assert [e.employer for e in result.fields.experience] == ["Doctolib", "Criteo"]


def test_bullet_glyphs_drawn_apart_from_their_text_stay_on_their_rows() -> None:
    s = pdfs.Sheet(shades=[(0, 0, 180, pdfs.HEIGHT)])
    for k, text in enumerate(["SKILLS", "Go", "Python", "gRPC", "Spanner"]):
        s.text(24, 120 + 16 * k, text, 10, bold=text.isupper())
    s.text(210, 60, "Kai Tanaka", 20, True)
    s.text(210, 90, "EXPERIENCE", 12, True)
    s.text(210, 108, "Engineer, Mercari", 10.5, True)
    s.right(580, 108, "2020 – Present", 9)
    items = [f"Shipped ranking change {k} in Go." for k in range(1, 13)]
    for k, text in enumerate(items):
        s.text(214, 124 + 14 * k, "•")  # a separate text object, 12pt left of its text
        s.text(230, 124 + 14 * k, text)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert "•\tShipped ranking change 1 in Go." in result.pages[0].text.splitlines()
    assert result.fields.experience[0].bullets == items
    assert section(result, "skills").text == "Go\nPython\ngRPC\nSpanner"


def test_a_date_column_with_wrapped_ranges_beside_a_header_band() -> None:
    # A moderncv-like page: name and title beside a right-aligned contact block,
    # then one column whose ranges wrap in a narrow left gutter ("08.2022–" over
    # "03.2026") and whose bullets reach past the contact block's left edge.
    s = pdfs.Sheet()
    s.text(60, 80, "Rita Almeida", size=28)
    s.text(60, 112, "Analista de sistemas", size=16)
    for k, text in enumerate(["Porto", "+351 912 345 678", "rita@example.pt", "rita-almeida"]):
        s.right(532, 78 + 12 * k, text)
    s.text(131, 180, "Experiência profissional", size=13)
    y = 205.0
    for start, end, header in [
        ("08.2022–", "03.2026", "Analista de sistemas, Vantage Point Analytics"),
        ("06.2020–", "07.2022", "Desenvolvedor mobile, Bluefin Health Inc., Recife"),
    ]:
        s.right(123, y, start)
        s.right(123, y + 13, end)
        s.text(131, y, header, size=10.9)
        s.text(131, y + 13, "• Designed the reporting pipeline used by 8 regional offices.")
        y += 34
    s.text(131, y + 20, "Educação", size=13)
    s.right(123, y + 44, "2015-2019")
    s.text(131, y + 44, "Mestrado em Informática, Universidade de Coimbra", size=10.9)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start, e.end) for e in result.fields.experience] == [
        ("Analista de sistemas", "Vantage Point Analytics", "2022-08", "2026-03"),
        ("Desenvolvedor mobile", "Bluefin Health Inc.", "2020-06", "2022-07"),
    ]
    assert [e.institution for e in result.fields.education] == ["Universidade de Coimbra"]
    assert result.fields.emails[0].value == "rita@example.pt"


def test_bold_labels_and_dates_in_a_left_gutter_with_headings_no_dictionary_knows() -> None:
    # Headings in the body's size and weight, set in a margin left of the text column
    # ("Track record", "Schooling"), dates beside each entry, content to the right.
    s = pdfs.Sheet()
    s.text(134, 40, "Hannah Whitfield", 20, True)
    s.text(134, 60, "hannah98@example.com · (512) 366-7886 · Columbus, OH", 9)
    s.right(120, 100, "Track record", 10, True)
    s.right(120, 116, "Apr 2022 - May 2026", 9)
    s.text(134, 116, "Bluefin Health Inc. / Engineering Manager")
    s.text(164, 137, "• Led a team of 3 engineers through a migration.")
    s.right(120, 160, "Mar 2019 - Feb 2022", 9)
    s.text(134, 160, "City of Bristol Council / Machine Learning Scientist")
    s.text(164, 181, "• Built dashboards tracking 41 key indicators.")
    s.right(120, 230, "Schooling", 10, True)
    s.right(120, 246, "May 2013 - Jul 2015", 9)
    s.text(134, 246, "University of Toronto / PhD Economics", bold=True)
    s.right(120, 290, "Stack", 10, True)
    s.text(134, 306, "Kafka, Power BI, Node.js, Pandas, PostgreSQL")

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start, e.end) for e in result.fields.experience] == [
        ("Engineering Manager", "Bluefin Health Inc.", "2022-04", "2026-05"),
        ("Machine Learning Scientist", "City of Bristol Council", "2019-03", "2022-02"),
    ]
    assert [(e.institution, e.degree) for e in result.fields.education] == [
        ("University of Toronto", "PhD")
    ]
    assert "PostgreSQL" in [skill.name for skill in result.fields.skills]


def test_a_label_column_under_a_contact_block_is_still_read_row_by_row() -> None:
    # moderncv "fancy"-like: contacts right-aligned at the top of the left margin,
    # then one section label per section on the row where the section starts.
    s = pdfs.Sheet()
    s.text(168, 90, "Imogen Castellano", 28)
    s.text(168, 130, "Cloud Solutions Architect", 16)
    for k, text in enumerate(["Raleigh, NC", "303-627-1755", "imo@example.com"]):
        s.right(149, 100 + 12 * k, text)
    s.right(149, 200, "Experience", 13)
    s.text(168, 200, "Cloud Solutions Architect, Bluefin Health Inc.", 10.5)
    s.right(536, 200, "July 2024 - Present")
    s.text(168, 214, "Moved the billing platform to managed Kubernetes.")
    s.text(168, 228, "QA Automation Lead, Kestrel Media Corporation", 10.5)
    s.right(536, 228, "May 2020 - June 2024")
    s.right(149, 280, "Education", 13)
    s.text(168, 280, "BEng Computer Science, King's College London", 10.5)
    s.right(536, 280, "June 2016 - June 2020")
    s.right(149, 340, "Skills", 13)
    s.text(168, 340, "Docker, Node.js, MongoDB, Redis, Vue.js, Pandas, AWS")
    s.right(149, 400, "Languages", 13)
    s.text(168, 400, "English: Native")
    s.text(168, 414, "Spanish: B1")

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start) for e in result.fields.experience] == [
        ("Cloud Solutions Architect", "Bluefin Health Inc.", "2024-07"),
        ("QA Automation Lead", "Kestrel Media Corporation", "2020-05"),
    ]
    assert [e.institution for e in result.fields.education] == ["King's College London"]
    assert "Redis" in [skill.name for skill in result.fields.skills]


def test_a_label_column_close_under_a_tall_contact_block_is_read_row_by_row() -> None:
    # The same layout with six contact lines and the first label only a little more
    # than two line heights below them (moderncv "fancy" with an icon per contact).
    s = pdfs.Sheet()
    s.text(168, 90, "Rocío Herrera", 28)
    s.text(168, 124, "Desarrolladora backend", 16)
    contacts = ["Bilbao", "+34 640628927", "rocio@example.es", "in/rocio-h", "gh/rherrera", "Spain"]
    for k, text in enumerate(contacts):
        s.right(149, 100 + 12 * k, text, 9)
    s.right(149, 205, "Experiencia", 13)
    s.text(168, 205, "Desarrolladora backend, Banco del Cantábrico.", 10)
    s.right(536, 205, "2025 - actualidad")
    s.text(168, 236, "Técnica de soporte, Nubaria Tecnología, Zaragoza.", 10)
    s.right(536, 236, "2022 - 2025")
    s.right(149, 267, "Formación", 13)
    s.text(168, 267, "Licenciatura Matemáticas, Universitat Politècnica de València.", 10)
    s.right(536, 267, "2020 - 2022")
    s.right(149, 312, "Idiomas", 13)
    s.text(168, 312, "Español: Nativo")

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start) for e in result.fields.experience] == [
        ("Desarrolladora backend", "Banco del Cantábrico", "2025"),
        ("Técnica de soporte", "Nubaria Tecnología", "2022"),
    ]
    assert [e.institution for e in result.fields.education] == [
        "Universitat Politècnica de València"
    ]


def test_small_labels_over_dates_in_a_gutter_with_full_width_lines_under_some() -> None:
    # Our LaTeX gutter design: labels in 6pt type a little above the first
    # date, dates beside each entry, and the skills and languages lines set across
    # the whole width under their labels. Still a label column, read row by row.
    s = pdfs.Sheet()
    s.text(51, 70, "Nathaniel Whitfield", 20)
    s.text(51, 84, "Product Manager", 10)
    for x, text in ((51, "Portland"), (134, "(503) 540-5205"), (225, "nath@proton.me")):
        s.text(x, 100, text, 10)
    s.text(51, 111, "Experience", 6)
    jobs = [
        ("03/2024 – 08/2026", "Product Manager", "Saltmarsh Ventures Ltd.", 2),
        ("04/2023 – 01/2024", "Machine Learning Scientist", "Vantage Point Analytics", 3),
        ("10/2020 – 12/2022", "Marketing Coordinator", "Oakridge Software Ltd", 2),
    ]
    y = 136.0
    for dates, title, employer, bullets in jobs:
        s.text(51, y, dates, 8)
        s.text(154, y, title, 9, bold=True)
        s.text(154, y + 12, employer, 9)
        for k in range(bullets):
            s.text(154, y + 24 + 12 * k, f"– Shipped the thing number {k + 1} on time.", 10)
        y += 24 + 12 * bullets + 12
    s.text(51, y, "Education", 6)
    s.text(51, y + 24, "04/2017 – 04/2020", 8)
    s.text(154, y + 24, "BA Psychology", 9, bold=True)
    s.text(154, y + 36, "Rutgers University", 10)
    s.text(51, y + 60, "Skills", 6)
    s.text(51, y + 84, "TypeScript · GraphQL · Kafka · React · Kubernetes · Redis · Python", 10)
    s.text(51, y + 108, "Languages", 6)
    s.text(51, y + 132, "English (Native), Dutch (Professional working proficiency)", 10)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start) for e in result.fields.experience] == [
        ("Product Manager", "Saltmarsh Ventures Ltd.", "2024-03"),
        ("Machine Learning Scientist", "Vantage Point Analytics", "2023-04"),
        ("Marketing Coordinator", "Oakridge Software Ltd", "2020-10"),
    ]
    assert [(e.institution, e.degree) for e in result.fields.education] == [
        ("Rutgers University", "BA")
    ]


def test_a_month_over_its_year_and_a_month_cut_by_a_hyphen_in_a_date_column() -> None:
    s = pdfs.Sheet()
    s.text(60, 60, "Devon Whitfield", 24)
    s.text(60, 90, "devon@example.com", 10)
    s.text(131, 130, "Experience", 13)
    rows = [
        (["October", "2023-Present"], "Junior Web Developer, Granite Peak Bank"),
        (["March", "2021-July", "2023"], "Engineering Manager, Kestrel Media Corporation"),
        (["January 2018 - Jan-", "uary 2021"], "QA Automation Lead, Vantage Point Analytics"),
    ]
    y = 155.0
    for dates, header in rows:
        for k, part in enumerate(dates):
            s.right(123, y + 13 * k, part)
        s.text(131, y, header)
        s.text(131, y + 13, "Built dashboards for the leadership team.")
        y += 13 * len(dates) + 12

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.start, e.end, e.is_current) for e in result.fields.experience] == [
        ("Junior Web Developer", "2023-10", None, True),
        ("Engineering Manager", "2021-03", "2023-07", False),
        ("QA Automation Lead", "2018-01", "2021-01", False),
    ]


def test_a_grid_of_cards_is_read_row_by_row_under_its_headings() -> None:
    """Two entries side by side, row after row: each row's right card comes before the
    next row, so the second school does not land in experience (or in no section)."""
    s = pdfs.Sheet()
    s.text(40, 50, "Olivia Mensah", 20, True)
    s.text(40, 80, "olivia@example.org", 10)
    s.text(320, 80, "Columbus, OH", 10)
    cards = [
        ("EXPERIENCE", None, None),
        (
            "row",
            ("Dec 2023 – Present", "Backend Developer", "Tallgrass Insurance Group"),
            ("Feb 2022 – Nov 2023", "Customer Success Manager", "Harbour & Pike LLP"),
        ),
        ("row", ("Aug 2017 – Oct 2021", "Financial Analyst", "Vantage Point Analytics"), None),
        ("EDUCATION", None, None),
        (
            "row",
            ("Feb 2013 – Feb 2017", "MSc Mechanical Engineering", "University of Edinburgh"),
            ("Jan 2009 – Jan 2013", "BSc Psychology", "King's College London"),
        ),
    ]
    y = 120.0
    for kind, first, second in cards:
        if first is None:
            s.text(40, y, kind, 12, True)
            y += 30
            continue
        for x, card in ((48, first), (320, second)):
            for k, text in enumerate(card or ()):
                s.text(x, y + 12 * k, text, 10)
        y += 56

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.employer, e.title) for e in result.fields.experience] == [
        ("Tallgrass Insurance Group", "Backend Developer"),
        ("Harbour & Pike LLP", "Customer Success Manager"),
        ("Vantage Point Analytics", "Financial Analyst"),
    ]
    assert [e.institution for e in result.fields.education] == [
        "University of Edinburgh",
        "King's College London",
    ]


def test_words_of_a_stretched_justified_row_are_one_phrase_and_the_dates_stay_apart() -> None:
    # MuPDF returns each word of a row whose glue TeX stretched as a line of its own.
    def word(text: str, x0: float, size: float = 11) -> Line:
        boxes = tuple((x0 + 5 * i, 266, x0 + 5 * (i + 1), 276) for i in range(len(text)))
        return Line(page=1, text=text, boxes=boxes, size=size, bold=False)

    parts, x = [], 168.0
    for text in ["Développeuse", "full-stack,", "Transports", "Garonne", "SAS,"]:
        parts.append(word(text, x))
        x = parts[-1].x1 + 9  # under an em
    parts.append(word("08/2019–09/2023", x + 8))  # right-aligned: further off

    assert merge_row(parts).text == (
        "Développeuse full-stack, Transports Garonne SAS,\t08/2019–09/2023"
    )
    # A margin label in larger type beside its entry stays a fragment of its own.
    label = Line(page=1, text="Experience", boxes=((80, 264, 149, 278),) * 10, size=13, bold=False)
    assert merge_row([label, word("Engineer", 157)]).text == "Experience\tEngineer"


def test_right_aligned_dates_under_a_right_aligned_contact_block_stay_on_their_rows() -> None:
    """A header with the name left and the contacts stacked flush right: the dates
    flush right below are still each row's dates, not a second column."""
    s = pdfs.Sheet()
    s.text(40, 60, "Grace Castellano", 22, True)
    s.text(40, 78, "Backend Developer", 10)
    for k, text in enumerate(
        [
            "grace.castellano@example.org",
            "919.763.1912",
            "Raleigh, NC",
            "github.com/gcastellano",
            "gracecastellano.net",
        ]
    ):
        s.right(570, 40 + 11 * k, text, 8.5)
    s.text(40, 120, "Experience", 11, True)
    jobs = [
        ("Backend Developer — Granite Peak Bank", "Brighton", "2023 – 2026"),
        ("Engineering Manager — Meridian Freight Co.", "Austin, TX", "2019 – 2023"),
        ("Financial Analyst — Copperleaf Energy", "Leeds", "2015 – 2019"),
    ]
    y = 140.0
    for head, city, dates in jobs:
        s.text(40, y, head, 10)
        s.right(570, y, dates, 9)
        s.text(40, y + 12, city, 8.5)
        s.text(52, y + 26, "• Reduced customer onboarding time from 7 weeks to 5 days.", 10)
        y += 48
    s.text(40, y + 10, "Education", 11, True)
    s.text(40, y + 30, "BSc Statistics - King's College London", 10)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.employer, e.title, e.start) for e in result.fields.experience] == [
        ("Granite Peak Bank", "Backend Developer", "2023"),
        ("Meridian Freight Co.", "Engineering Manager", "2019"),
        ("Copperleaf Energy", "Financial Analyst", "2015"),
    ]


def _placed(text: str, x0: float, y0: float, x1: float, y1: float) -> Line:
    step = (x1 - x0) / len(text)
    boxes = tuple((x0 + step * i, y0, x0 + step * (i + 1), y1) for i in range(len(text)))
    return Line(page=1, text=text, boxes=boxes, size=y1 - y0, bold=False)


def test_a_key_column_sized_per_section_keeps_each_date_on_its_entry_row() -> None:
    """The ``curve`` class sizes its date column per section: a long range in the first
    section runs past the gutter the others leave, and a short one in the next section
    stands alone left of it. Both stay on their entry's row, in their section.
    (Lines placed as MuPDF reads a curve CV compiled by pdflatex.)"""
    page = [
        ("03 15 59 22 00", 455, 57, 539, 68),
        ("chevalier.annesophie@yahoo.fr", 380, 71, 539, 82),
        ("Bordeaux", 57, 78, 102, 89),
        ("linkedin.com/in/annesophie-chevalier-940", 327, 84, 539, 96),
        ("github.com/achevalier", 419, 97, 539, 109),
        ("Anne-Sophie Chevalier", 158, 132, 437, 153),
        ("Consultant SAP", 226, 159, 369, 177),
        ("Parcours", 172, 197, 235, 210),
        ("06.2025–aujourd’hui", 57, 222, 153, 233),
        (
            "• Consultant SAP, Granite Peak Bank, Bordeaux. Designed the reporting",
            172,
            222,
            539,
            233,
        ),
        ("pipeline used by 7 regional offices.", 185, 235, 347, 246),
        ("Études", 154, 275, 202, 288),
        ("04.2021–05.2025", 57, 300, 134, 311),
        ("• Master Génie civil, Sorbonne Université", 154, 300, 376, 311),
        ("Boîte à outils", 77, 337, 172, 350),
        ("• Redis, Terraform, Git, Kubernetes, C#, SQL, Power BI, Scrum", 77, 362, 469, 372),
        ("Je parle", 116, 398, 173, 411),
        ("Français", 57, 423, 96, 434),
        ("• Langue maternelle", 116, 423, 216, 434),
        ("Anglais", 57, 436, 92, 447),
        ("• C1", 116, 436, 142, 447),
    ]

    ordered = [line.text for line in reading_order([_placed(*row) for row in page])[0]]

    parcours, etudes = ordered.index("Parcours"), ordered.index("Études")
    assert ordered[parcours + 1] == (
        "06.2025–aujourd’hui\t• Consultant SAP, Granite Peak Bank, Bordeaux. Designed the reporting"
    )
    assert ordered[etudes + 1] == "04.2021–05.2025\t• Master Génie civil, Sorbonne Université"


@pytest.mark.parametrize("bullets", [True, False])
def test_a_table_with_dates_in_its_left_cells_is_read_row_by_row(bullets: bool) -> None:
    """One table for the whole CV: label rows set one under the other ("Phone",
    "E-mail", one row per language) make the left cells dense, but the date ranges at
    their left edge, each on the row of its entry, say they are cells, not a sidebar.
    Without bullets the entries' cells have hardly more lines than the labels."""
    s = pdfs.Sheet()
    s.text(90, 92, "Tiago Ferreira", 20, True)
    s.text(90, 118, "Engenheira de software")
    y = 142.0

    def row(left: str, right: Sequence[str]) -> None:
        nonlocal y
        if left:
            s.text(90, y, left, 9)
        for k, text in enumerate(right):
            s.text(192, y + 12 * k, text, 9)
        y += 12 * max(1, len(right))

    row("CONTACT", [])
    row("Phone", ["21 311 2167"])
    row("E-mail", ["tferreira@example.pt", "Braga", "linkedin.com/in/tiago-ferreira-766"])
    row("EXPERIENCE", [])
    row(
        "04/2025 – 03/2026",
        [
            "Banco Atlântico S.A.",
            "Software Engineer",
            *(
                [
                    "• Cut monthly infrastructure cost by 40% by moving batch jobs",
                    "• Reduced customer onboarding time from 7 weeks to 4 days.",
                ]
                if bullets
                else []
            ),
        ],
    )
    row(
        "03/2022 – 12/2024",
        ["Azulejo Digital, Braga", "Project Manager", *(["• Led a team of 7."] if bullets else [])],
    )
    row("04/2021 – 01/2022", ["Companhia Douro Logística", "Systems Analyst"])
    row("EDUCATION", [])
    row("03/2018 – 03/2021", ["Licenciatura Ciência da Computação, Universidade de Coimbra"])
    row("LANGUAGES", [])
    for language, level in [("Portuguese", "Native"), ("Spanish", "B2"), ("French", "B1")]:
        row(language, [level])

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.employer, e.title, e.start) for e in result.fields.experience] == [
        ("Banco Atlântico S.A.", "Software Engineer", "2025-04"),
        ("Azulejo Digital", "Project Manager", "2022-03"),
        ("Companhia Douro Logística", "Systems Analyst", "2021-04"),
    ]


def test_a_timeline_bar_s_start_and_end_years_are_one_range_on_its_entry() -> None:
    """moderncv's ``moderntimeline`` draws a bar in the date column and prints its
    start year just above the entry's row and its end year just below, in small type.
    The two labels are the entry's range; newest-first single years are not joined."""
    s = pdfs.Sheet()
    s.text(60, 100, "Olivia Pemberton", 24)
    s.right(532, 88, "(614) 956-7710", 8)
    s.right(532, 100, "opemberton@example.org", 8)
    s.text(131, 192, "Employment", 12)
    jobs = [
        ("2025", "2026", 112, "QA Automation Lead, Granite Peak Bank, Austin, TX"),
        ("2022", "2025", 96, "Senior Data Engineer, Oakridge Software Ltd, Brighton"),
        ("2018", "2022", 75, "Junior Web Developer, Vantage Point Analytics, Glasgow"),
    ]
    y = 211.0
    for start, end, x, entry in jobs:
        s.text(x, y - 5, start, 6)
        s.text(x - 12, y + 5, end, 6)
        s.text(131, y, entry, 9.5)
        s.text(131, y + 13, "○ Led a team of 4 engineers through a migration of the platform.", 9)
        y += 34
    s.text(131, y + 10, "Certificates", 12)
    s.text(60, y + 30, "2024", 6)
    s.text(131, y + 30, "AWS Certified Developer", 9.5)
    s.text(60, y + 40, "2021", 6)
    s.text(131, y + 40, "Scrum Master", 9.5)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer, e.start, e.end) for e in result.fields.experience] == [
        ("QA Automation Lead", "Granite Peak Bank", "2025", "2026"),
        ("Senior Data Engineer", "Oakridge Software Ltd", "2022", "2025"),
        ("Junior Web Developer", "Vantage Point Analytics", "2018", "2022"),
    ]


def test_the_last_cells_of_a_table_with_a_header_row_stay_on_their_rows() -> None:
    """``Period | Company | Role``: the role cells sit far right of the others, with a
    gap the whole page height, but each is on a row whose first cell holds its dates:
    cells, not a second column (which took every role away from its job)."""
    s = pdfs.Sheet()
    s.text(40, 40, "Maartje Smit", 20, True)
    s.text(40, 66, "maartje@example.nl · 030-4214492 · Leiden", 9)
    s.text(40, 90, "Summary", 12, True)
    s.text(40, 106, "Resultaatgerichte professional met oog voor kwaliteit.", 9)
    s.text(40, 126, "Experience", 12, True)
    y = 142.0
    jobs = [
        ("mei 2023 – apr 2026", "Rabo Noord Coöperatie U.A.", "Projectleider"),
        ("jan 2020 – jan 2023", "Polderdata", "Front-end developer"),
        ("sep 2017 – dec 2019", "Grachtenhuis Media B.V.", "Teamleider klantenservice"),
    ]
    for cells in [("Period", "Company", "Role"), *jobs]:
        for x, text in zip((40, 190, 390), cells, strict=True):
            s.text(x, y, text, 9, bold=cells[0] == "Period")
        y += 15
    for _, _, title in jobs:
        s.text(40, y, title, 9, True)
        s.text(60, y + 12, "• Built dashboards tracking key indicators for the leadership.", 9)
        y += 28
    s.text(40, y, "Skills", 12, True)
    s.text(40, y + 16, "Python, Terraform, Figma, Node.js, TypeScript, Git, Scrum, Redis", 9)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.employer, e.title) for e in result.fields.experience] == [
        ("Rabo Noord Coöperatie U.A.", "Projectleider"),
        ("Polderdata", "Front-end developer"),
        ("Grachtenhuis Media B.V.", "Teamleider klantenservice"),
    ]


def test_a_row_of_chips_running_past_the_text_column_is_not_a_second_column() -> None:
    # A narrow one-column page (every line ends before x 340) whose skills are chips in
    # one row across the page: the chips right of the gap sit on the other chips' row,
    # so they are the rest of that row, not a column read after the page.
    s = pdfs.Sheet()
    body = [
        ("Rocío Domínguez", 18, True),
        ("Jefe de proyecto", 12, False),
        ("rocio45@fastmail.com", 10, False),
        ("EXPERIENCE", 12, True),
        ("Banco del Cantábrico", 10, True),
        ("August 2022 - June 2026", 10, False),
        ("Jefe de proyecto", 10, False),
        ("Designed the reporting pipeline.", 10, False),
        ("Grupo Levante Energía S.A.", 10, True),
        ("August 2018 - May 2022", 10, False),
        ("Diseñador UX", 10, False),
        ("SKILLS", 12, True),
    ]
    y = 60.0
    for text, size, bold in body:
        s.text(40, y, text, size, bold)
        y += 22
    x = 40.0
    for chip in ("Terraform", "Jenkins", "Google Cloud", "SQL", "Linux", "Java", "Kotlin", "Go"):
        s.text(x, y, chip, 9)
        x += 10 + 6 * len(chip) + (40 if chip == "Linux" else 0)
    s.text(40, y + 30, "LANGUAGES", 12, True)
    s.text(40, y + 52, "Español — Nativo", 10)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    skills = section(result, "skills").text
    assert "Java" in skills
    assert "Kotlin" in skills
    assert "Go" in skills


def _big_label_page(label_size: float) -> bytes:
    # Labels in a left column, set larger than the text beside them (small capitals
    # with a tall first letter), with each job's dates in the same column.
    s = pdfs.Sheet()
    s.text(220, 50, "Jörn Vogel", 18, True)
    s.text(220, 72, "Data Engineer", 10)
    rows: list[tuple[float, str | None, list[str]]] = [
        (110, "Contact", ["Email  jorn.vogel@posteo.de", "Phone  +49 157 58365105"]),
        (160, "Skills", ["Python, Go, SQL, Terraform"]),
        (200, "Experience", ["Data Engineer at Hafenblick Logistik GmbH", "Built the pipelines."]),
        (240, None, ["Analyst at Nordlicht Versicherung AG", "Wrote the reports."]),
        (280, None, ["Intern at Datenwerk Sachsen GmbH", "Tested the apps.", "Fixed bugs."]),
        (340, "Education", ["Technische Universität Dresden", "Diplom: Informatik"]),
        (390, "Languages", ["German  Native", "English  Fluent"]),
    ]
    dates = {200: "2021-01 to 2023-05", 240: "2019-03 to 2020-12", 280: "2018-01 to 2019-02"}
    for y, label, texts in rows:
        if label:
            s.text(50, y, label, label_size, True)
        s.lines(220, y, texts)
        if y in dates:
            s.text(50, y if label is None else y + 20, dates[y], 9)
    s.text(50, 362, "2013-10 to 2017-09", 9)
    return pdfs.render(s)


@pytest.mark.parametrize("label_size", [12.0, 13.0, 14.0])
def test_a_label_column_of_large_labels_with_dates_is_read_row_by_row(label_size: float) -> None:
    # The labels' own line height is no measure of how sparse the column is: they are
    # set larger than the text beside them, which gives the column its rows.
    result = parse_pdf(_big_label_page(label_size), today=TODAY)

    lines = result.pages[0].text.splitlines()
    assert "2019-03 to 2020-12\tAnalyst at Nordlicht Versicherung AG" in lines
    assert "2018-01 to 2019-02\tIntern at Datenwerk Sachsen GmbH" in lines
