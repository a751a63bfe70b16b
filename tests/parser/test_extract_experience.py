"""Work entries from real page layouts, and months of experience with overlaps merged."""

from __future__ import annotations

from datetime import date

import pdfs
import pytest
from pdfs import TODAY, line

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.experience import extract_experience, total_months
from resumeflow_shared.profile import WorkEntry


def _summary(entries: list[WorkEntry]) -> list[tuple[str | None, ...]]:
    return [(e.title, e.employer, e.location, e.start, e.end) for e in entries]


def test_title_row_with_dates_then_company_and_place() -> None:
    result = parse_pdf(pdfs.one_column(), today=TODAY)

    entries = result.fields.experience
    assert _summary(entries) == [
        ("Senior Software Engineer", "Acme Corp", "San Francisco, CA", "2020-01", None),
        ("Software Engineer", "Globex Inc.", "New York, NY", "2016-03", "2020-06"),
        ("Engineering Intern", "Initech LLC", "Austin, TX", "2015-06", "2015-08"),
    ]
    assert [e.is_current for e in entries] == [True, False, False]
    assert entries[0].bullets == [
        "Led the migration of 40 services to Kubernetes, cutting infrastructure costs by 30%.",
        "Built event pipelines on Kafka and PostgreSQL.",
    ]
    # Jan 2020 - Jun 2024 and Mar 2016 - Jun 2020 overlap: 100 months, plus a 3-month summer.
    assert result.fields.total_experience_months == 103


def test_title_company_and_dates_on_separate_lines() -> None:
    result = parse_pdf(pdfs.two_column(), today=TODAY)

    assert _summary(result.fields.experience) == [
        ("Staff Engineer", "Spotify AB", None, "2019-03", "2023-08"),
        ("Software Developer", "Klarna Bank AB", None, "2015-06", "2019-02"),
    ]
    assert result.fields.experience[0].bullets == [
        "Scaled the playlist service to 400M users with Scala and Cassandra.",
        "Mentored six engineers.",
    ]


def test_title_at_company_and_title_comma_company() -> None:
    result = parse_pdf(pdfs.sidebar(), today=TODAY)

    assert _summary(result.fields.experience) == [
        ("Data Scientist", "Flipkart", None, "2019-08", None),
        ("Analyst", "Mu Sigma", None, "2016-07", "2019-07"),
    ]


def test_company_dash_title_with_dates_and_place_below() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Initech GmbH — Backend Developer", 10.5, True),
            ("04/2017 – 12/2019 | Berlin, Germany", 9, False),
            ("• Moved billing from PHP to Go.", 10, False),
            ("Hooli — Site Reliability Engineer", 10.5, True),
            ("01/2020 – heute | Remote", 9, False),
            ("• On call for the search fleet.", 10, False),
        ]
    )

    result = parse_pdf(data, today=TODAY)

    assert _summary(result.fields.experience) == [
        ("Backend Developer", "Initech GmbH", "Berlin, Germany", "2017-04", "2019-12"),
        ("Site Reliability Engineer", "Hooli", "Remote", "2020-01", None),
    ]
    assert result.fields.experience[1].is_current


def test_comma_separated_headers_split_title_employer_and_city() -> None:
    data = pdfs.simple(
        [
            ("Berufliche Erfahrung", 13, True),
            ("Senior Backend Engineer, Acme Corp", 10.5, True),
            ("Jan 2021 – Present", 9, False),
            ("• Ran the payments API.", 10, False),
            ("Data Analyst | Umbrella Health Ltd, São Paulo", 10.5, True),
            ("2018 – 2020", 9, False),
            ("Developer — Globex, Inc., Bengaluru", 10.5, True),
            ("2016 – 2018", 9, False),
            ("Engineer, Northwind Traders, Springfield", 10.5, True),
            ("2014 – 2016", 9, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert [(e.title, e.employer, e.location) for e in entries] == [
        ("Senior Backend Engineer", "Acme Corp", None),
        ("Data Analyst", "Umbrella Health Ltd", "São Paulo"),
        ("Developer", "Globex, Inc.", "Bengaluru"),
        # a town that is not in the city list stays with the employer, not guessed away
        ("Engineer", "Northwind Traders, Springfield", None),
    ]


def test_unrecognisable_header_parts_stay_empty_rather_than_guessed() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Northwind | Mobile Platform", 10.5, True),
            ("2018 – 2021", 9, False),
            ("• Shipped the offline mode.", 10, False),
        ]
    )

    (entry,) = parse_pdf(data, today=TODAY).fields.experience

    assert (entry.title, entry.employer) == (None, None)
    assert (entry.start, entry.end) == ("2018", "2021")
    assert entry.bullets == ["Shipped the offline mode."]


def test_years_inside_bullets_do_not_start_entries() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Product Manager, Wayne Enterprises", 10.5, True),
            ("2015 – 2020", 9, False),
            ("• Launched the 2018 mobile app to 1M users.", 10, False),
            ("• Promoted in 2017", 10, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert len(entries) == 1
    assert entries[0].bullets == ["Launched the 2018 mobile app to 1M users.", "Promoted in 2017"]


def test_every_entry_points_at_its_header_on_the_page() -> None:
    result = parse_pdf(pdfs.one_column(), today=TODAY)

    source = result.fields.experience[1].source
    assert source is not None
    assert source.page == 1
    assert "Globex Inc." in source.text
    assert "Mar 2016" in source.text
    x0, y0, x1, y1 = source.bbox
    assert 60 < x0 < x1 < pdfs.WIDTH
    assert 0 < y0 < y1 < pdfs.HEIGHT


def _job(start: str, end: str | None = None, current: bool = False) -> WorkEntry:
    return WorkEntry(start=start, end=end, is_current=current)


def test_total_months_merges_overlaps_and_ends_current_jobs_today() -> None:
    jobs = [
        _job("2018-01", "2019-12"),  # 24
        _job("2019-06", "2020-03"),  # overlaps: adds Jan-Mar 2020 only
        _job("2021-01", current=True),  # Jan 2021 - Jun 2024 inclusive: 42
        _job("2022-05", "2022-09"),  # inside the current job: adds nothing
    ]
    assert total_months(jobs, date(2024, 6, 15)) == 24 + 3 + 42


def test_total_months_for_year_only_dates_and_future_or_open_entries() -> None:
    jobs = [
        _job("2015", "2017"),  # 24: a year-only end is read as the start of that year
        _job("2019", "2019"),  # 12: a single year is the whole year
        _job("2012"),  # no end and not current: unknown length, not counted
        _job("2030-01", current=True),  # starts after today
    ]
    assert total_months(jobs, date(2024, 6, 15)) == 36


def test_employer_on_the_dates_row_wins_over_a_label_below_the_title() -> None:
    # JSON Resume "flat": employer and dates on one row, title below, then a label.
    s = pdfs.Sheet()
    s.text(50, 60, "Marcus Mensah", size=20, bold=True)
    s.text(50, 100, "Work", size=18, bold=True)
    s.text(50, 130, "Northwind Robotics", size=12, bold=True)
    s.right(560, 130, "2023-04-01 —", size=12, bold=True)
    s.text(50, 150, "Junior Web Developer", size=12, bold=True)
    s.text(50, 170, "Highlights", size=12, bold=True)
    s.text(65, 190, "Cut monthly infrastructure cost by 34%.", size=12)
    s.text(50, 220, "Vantage Point Analytics", size=12, bold=True)
    s.right(560, 220, "2021-06-01 — 2022-12-01", size=12, bold=True)
    s.text(50, 240, "Product Manager", size=12, bold=True)
    s.text(50, 260, "Highlights", size=12, bold=True)
    s.text(65, 280, "Built dashboards for the leadership team.", size=12)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert _summary(result.fields.experience) == [
        ("Junior Web Developer", "Northwind Robotics", None, "2023-04", None),
        ("Product Manager", "Vantage Point Analytics", None, "2021-06", "2022-12"),
    ]


def test_company_comma_place_and_title_with_a_preposition() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Teamleider klantenservice bij Dijkstra & Zonen B.V.", 10.5, True),
            ("2019 – 2022", 9, False),
            ("Analista de datos en Soluciones Andinas S.L.", 10.5, True),
            ("2016 – 2019", 9, False),
            ("Ferretti Meccanica S.p.A., Bologna", 10.5, True),
            ("Sviluppatore backend, 2014 – 2016", 9, False),
        ]
    )
    result = parse_pdf(data, today=TODAY)
    assert _summary(result.fields.experience) == [
        ("Teamleider klantenservice", "Dijkstra & Zonen B.V.", None, "2019", "2022"),
        ("Analista de datos", "Soluciones Andinas S.L.", None, "2016", "2019"),
        ("Sviluppatore backend", "Ferretti Meccanica S.p.A.", "Bologna", "2014", "2016"),
    ]


def test_an_organisation_named_after_a_city_and_a_theme_s_duration() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Customer Success Manager, City of Bristol Council", 10.5, True),
            ("Jan 2020 – Mar 2023 · 3 years 3 months", 9, False),
            ("Studio Bernini Associati, Verona", 10.5, True),
            ("Project manager · 2016 – 2019", 9, False),
        ]
    )
    result = parse_pdf(data, today=TODAY)
    assert _summary(result.fields.experience) == [
        ("Customer Success Manager", "City of Bristol Council", None, "2020-01", "2023-03"),
        ("Project manager", "Studio Bernini Associati", "Verona", "2016", "2019"),
    ]


def test_employer_title_and_dates_each_point_at_their_own_characters() -> None:
    result = parse_pdf(pdfs.one_column(), today=TODAY)
    job = result.fields.experience[1]
    text = result.pages[0].text

    sources = job.sources
    assert sources.employer is not None
    assert sources.employer.text == "Globex Inc."
    assert sources.title is not None
    assert sources.title.text == "Software Engineer"
    assert sources.dates is not None
    assert "2016" in sources.dates.text
    assert job.source is not None
    boxes = [sources.employer.bbox, sources.title.bbox, sources.dates.bbox]
    assert len(set(boxes)) == 3
    for box in boxes:  # each inside the entry's header box
        assert job.source.bbox[0] - 0.01 <= box[0]
        assert box[2] <= job.source.bbox[2] + 0.01
        assert job.source.bbox[1] - 0.01 <= box[1]
        assert box[3] <= job.source.bbox[3] + 0.01
    assert sources.title.bbox[2] < sources.dates.bbox[0]  # title left of its right-aligned dates
    assert "Globex Inc." in text


def test_headers_with_unknown_titles_wrapped_names_and_wrapped_bullets() -> None:
    # Titles without a title word, a legal form wrapped onto its own line, "en" as the
    # separator, and unbulleted body text whose first line looks like a header.
    data = pdfs.simple(
        [
            ("Experiencia", 13, True),
            ("Systemadministrator, Hafenblick Logistik GmbH", 10.5, True),
            ("11.2020 – 02.2023", 9, False),
            ("Introduced code review guidelines adopted across the depart-", 10, False),
            ("ment.", 10, False),
            ("Jefa de datos en Nubaria Tecnología", 10.5, True),
            ("mayo 2018 – octubre 2020", 9, False),
            ("Cut monthly infrastructure cost by moving batch jobs", 10, False),
            ("to spot capacity.", 10, False),
            ("Desarrolladora backend en Soluciones Andinas", 10.5, True),
            ("S.L.", 10.5, True),
            ("2016 – 2018", 9, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert [(e.title, e.employer, e.start) for e in entries] == [
        ("Systemadministrator", "Hafenblick Logistik GmbH", "2020-11"),
        ("Jefa de datos", "Nubaria Tecnología", "2018-05"),
        ("Desarrolladora backend", "Soluciones Andinas S.L.", "2016"),
    ]


def test_more_legal_forms_and_organisation_words_tell_employers_from_titles() -> None:
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Harbour & Pike LLP, Groningen | 2023 – 2025", 10.5, False),
            ("Datenanalyst", 10, False),
            ("Companhia Douro Logística | 2020 – 2023", 10.5, False),
            ("Analista de sistemas", 10, False),
            ("Datenanalyst, Stadtwerke Kiel | 2018 – 2020", 10.5, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert [(e.employer, e.title) for e in entries] == [
        ("Harbour & Pike LLP", "Datenanalyst"),
        ("Companhia Douro Logística", "Analista de sistemas"),
        ("Stadtwerke Kiel", "Datenanalyst"),
    ]


def test_a_legal_form_with_a_full_stop_and_an_employer_wrapped_after_na() -> None:
    # "Ltda." with its dot is a legal form (the line is a header, not a sentence), and
    # the employer after "na" wrapped onto the next line keeps its tail.
    data = pdfs.simple(
        [
            ("Experiência profissional", 13, True),
            ("Engenheira de software na Mar Aberto", 10, True),
            ("Tecnologia Ltda.", 10, True),
            ("mar 2024 – atual", 9, False),
            ("Reduced customer onboarding time from 6", 10, False),
            ("weeks to 4 days.", 10, False),
            ("Analista de sistemas", 10, True),
            ("Tejo Sistemas Lda.", 10, False),
            ("jan 2020 – jan 2024", 9, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert [(e.title, e.employer, e.start) for e in entries] == [
        ("Engenheira de software", "Mar Aberto Tecnologia Ltda.", "2024-03"),
        ("Analista de sistemas", "Tejo Sistemas Lda.", "2020-01"),
    ]


def test_a_title_then_a_city_and_state_on_the_line_under_the_employer() -> None:
    # "Title, City, ST" is a title and a place, not a three-part place name.
    data = pdfs.simple(
        [
            ("Experience", 13, True),
            ("Saltmarsh Ventures Ltd.\tMay 2018 – Sep 2020", 10.5, True),
            ("Customer Success Manager, Raleigh, NC", 10, False),
            ("Copperleaf Energy\tDec 2015 – May 2018", 10.5, True),
            ("Financial Analyst, Austin, TX", 10, False),
        ]
    )

    entries = parse_pdf(data, today=TODAY).fields.experience

    assert [(e.employer, e.title, e.location) for e in entries] == [
        ("Saltmarsh Ventures Ltd.", "Customer Success Manager", "Raleigh, NC"),
        ("Copperleaf Energy", "Financial Analyst", "Austin, TX"),
    ]


def test_a_list_mark_after_the_dates_and_a_description_run_on_after_the_employer() -> None:
    # curve-style rubrics: "dates<tab>• Title, Employer, City. What I did ..." on one
    # row; the mark is not part of the title, the sentence not part of the employer.
    s = pdfs.Sheet()
    s.text(60, 60, "Sanne van Dijk", 20, True)
    s.text(60, 100, "Werkervaring", 13, True)
    rows = [
        ("06/2022–01/2026", "• Teamleider klantenservice, Kestrel Media Corporation. Cut the"),
        ("07/2021–04/2022", "• Data-analist, Harbour & Pike LLP, Leiden. Cut monthly"),
    ]
    y = 124.0
    for dates, entry in rows:
        s.text(60, y, dates)
        s.text(170, y, entry)
        s.text(182, y + 13, "cost of batch jobs by 28% by moving them to spot capacity.")
        y += 40

    entries = parse_pdf(pdfs.render(s), today=TODAY).fields.experience

    assert [(e.title, e.employer, e.start) for e in entries] == [
        ("Teamleider klantenservice", "Kestrel Media Corporation", "2022-06"),
        ("Data-analist", "Harbour & Pike LLP", "2021-07"),
    ]


def test_a_label_column_names_the_employer_and_the_title() -> None:
    # Europass-like forms put a label before each value ("Occupation or position
    # held", "Name and address of employer"); the label says which field it is, and is
    # neither the employer nor the title itself.
    s = pdfs.Sheet()
    s.text(72, 72, "Work experience", size=13, bold=True)
    rows = [
        ("Dates", "juin 2024 – aujourd'hui"),
        ("Occupation or position held", "Chef de projet"),
        ("Name and address of employer", "Atelier Lumière, Montpellier"),
        ("Dates", "2019 – 2024"),
        ("Occupation or position held", "Responsable qualité"),
        ("Name and address of employer", "Mutuelle des Alpes"),
    ]
    for k, (label, value) in enumerate(rows):
        s.text(60, 100 + 14 * k + 6 * (k // 3), label, size=9)
        s.text(230, 100 + 14 * k + 6 * (k // 3), value, size=9)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [(e.title, e.employer) for e in result.fields.experience] == [
        ("Chef de projet", "Atelier Lumière"),
        ("Responsable qualité", "Mutuelle des Alpes"),
    ]


def test_a_long_value_beside_a_form_label_stays_in_the_entry_header() -> None:
    # Label and value together run past a header's usual length; the value alone does not.
    s = pdfs.Sheet()
    s.text(72, 72, "Work experience", size=13, bold=True)
    rows = [
        ("Dates", "2022 – 2025"),
        ("Occupation or position held", "Marketing Coordinator"),
        ("Name and address of employer", "Northwind Robotics, Brighton"),
        ("Dates", "2020 – 2021"),
        ("Occupation or position held", "Engineering Manager"),
        ("Name and address of employer", "City of Bristol Council, Austin, TX"),
    ]
    for k, (label, value) in enumerate(rows):
        s.text(60, 100 + 14 * k + 6 * (k // 3), label, size=9)
        s.text(230, 100 + 14 * k + 6 * (k // 3), value, size=9)

    result = parse_pdf(pdfs.render(s), today=TODAY)

    assert [e.employer for e in result.fields.experience] == [
        "Northwind Robotics",
        "City of Bristol Council",
    ]


def test_a_date_label_glued_to_the_title_is_cut_off_at_the_capital() -> None:
    # moderncv's timeline sets "since 2023" so close to the title that the text layer
    # has no space: "since 2023Senior Data Engineer".
    lines = [
        line("since 2023Senior Data Engineer", y=100),
        line("Northwind Analytics", y=112),
        line("2019–2022 Data Analyst", y=130),
        line("Globex Corporation", y=142),
    ]

    found = extract_experience([lines])

    assert [(e.title, e.employer, e.start, e.is_current) for e in found] == [
        ("Senior Data Engineer", "Northwind Analytics", "2023", True),
        ("Data Analyst", "Globex Corporation", "2019", False),
    ]


def test_a_glued_postcode_is_not_a_year() -> None:
    lines = [line("Kerkstraat 1, 2023AB Haarlem", y=100)]

    assert extract_experience([lines]) == []


def test_a_first_entry_with_nothing_under_its_dates_does_not_teach_the_rest() -> None:
    # The first job has its title on its dates' row, the next ones under their dates
    # (moderncv's timeline: the year bar sits just above the title's baseline).
    lines = [
        line("since 2023\tSenior Data Engineer, Crescent Labs", y=100),
        line("2020–2023", y=118),
        line("Engineering Manager, Harbour & Pike LLP", y=130),
        line("2017–2020", y=148),
        line("Data Analyst, Globex Corporation", y=160),
    ]

    found = extract_experience([lines])

    assert [(e.title, e.employer) for e in found] == [
        ("Senior Data Engineer", "Crescent Labs"),
        ("Engineering Manager", "Harbour & Pike LLP"),
        ("Data Analyst", "Globex Corporation"),
    ]


def test_employer_then_a_place_the_gazetteer_does_not_know_on_the_dates_row() -> None:
    lines = [
        line("SOLUTIONS NUMÉRIQUES ARMOR | Rennes | oct. 2019 – août 2021", y=100),
        line("Chef de projet", y=112),
        line("STADTWERKE KIEL | Leipzig | 2017 – 2019", y=130),
        line("Entwicklungsingenieur", y=142),
    ]

    found = extract_experience([lines])

    assert [(e.title, e.employer, e.location) for e in found] == [
        ("Chef de projet", "SOLUTIONS NUMÉRIQUES ARMOR", "Rennes"),
        ("Entwicklungsingenieur", "STADTWERKE KIEL", "Leipzig"),
    ]


def test_a_first_header_read_before_a_line_of_its_text_and_then_its_dates() -> None:
    # A label column: the section's label and the first job's dates are stacked in one
    # cell, so the dates come a row under the job's header, after its first bullet; the
    # later jobs have their dates on their header's row.
    lines = [
        line("Projektleiter at Schwarzwald Digital GmbH & Co. KG", y=100),
        line("Introduced code review guidelines adopted across the department.", y=114),
        line("2023-11-01 to 2026-02-01", y=120, size=8),
        line("2022-09-01 to 2023-08-01\tWerkstudentin Marketing at Stadtwerke Kiel", y=140),
        line("Led a team of 9 engineers through a migration of the billing platform.", y=154),
        line("2020-02-01 to 2022-07-01\tSoftwareentwicklerin at Hafenblick Logistik GmbH", y=180),
        line("Reduced customer onboarding time from 4 weeks to 4 days.", y=194),
    ]

    found = extract_experience([lines])

    assert [(e.title, e.employer, e.start) for e in found] == [
        ("Projektleiter", "Schwarzwald Digital GmbH & Co. KG", "2023-11"),
        ("Werkstudentin Marketing", "Stadtwerke Kiel", "2022-09"),
        ("Softwareentwicklerin", "Hafenblick Logistik GmbH", "2020-02"),
    ]
    assert found[0].bullets == ["Introduced code review guidelines adopted across the department."]


@pytest.mark.parametrize(
    ("title", "employer"),
    [
        ("Datenanalyst", "Nordlicht Versicherung AG"),
        ("Finanzanalystin", "Stadtwerke Kiel"),
        ("Produktmanagerin", "Datenwerk Sachsen GmbH"),
        ("Softwarearchitekt", "Rheinauen Pharma SE"),
        ("Systemadministrator", "Bergmann & Söhne KG"),
        ("Unternehmensberaterin", "Hafenblick Logistik GmbH"),
    ],
)
def test_german_compound_titles_end_in_their_role(title: str, employer: str) -> None:
    lines = [line(f"{title} at {employer}", y=100), line("03/2019 – 08/2022", y=114)]

    found = extract_experience([lines])

    assert [(e.title, e.employer) for e in found] == [(title, employer)]


def test_employer_and_an_unknown_place_on_the_row_above_the_title_and_dates() -> None:
    # moderncv's banking style: "Employer<tab>City" over "Title<tab>dates"; neither the
    # employer nor the town is a word we know.
    lines = [
        line("Polderdata\tLeiden", y=100),
        line("Projectleider\tjul 2025–sep 2026", y=112),
        line("Grachtenhuis Media B.V.", y=140),
        line("Front-end developer\tfeb 2022–apr 2025", y=152),
    ]

    found = extract_experience([lines])

    assert [(e.title, e.employer, e.location) for e in found] == [
        ("Projectleider", "Polderdata", "Leiden"),
        ("Front-end developer", "Grachtenhuis Media B.V.", None),
    ]
