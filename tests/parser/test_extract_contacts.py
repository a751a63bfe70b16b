"""Names, emails, phones (E.164), typed links and the candidate's location."""

from __future__ import annotations

import pdfs
import pymupdf
import pytest
from pdfs import TODAY, line

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.contacts import find_emails, find_links, find_phones, link_kind
from resumeflow_parser.extract.lines import Line, merge_row
from resumeflow_parser.extract.regions import place_region


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("Phone: (415) 555-0132", "US", "+14155550132"),
        ("415.555.2671", "US", "+14155552671"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("Tel. 030 1234567", "DE", "+49301234567"),
        ("+49 30 12345678", "US", "+493012345678"),
        ("Móvil: 612 345 678", "ES", "+34612345678"),
        ("+33 6 12 34 56 78", "US", "+33612345678"),
        ("+55 11 91234-5678", "US", "+5511912345678"),
        ("+91 98765 43210", "US", "+919876543210"),
        ("+52 55 1234 5678", "US", "+525512345678"),
    ],
)
def test_phones_are_normalised_to_e164(text: str, region: str, e164: str) -> None:
    (phone,) = find_phones([line(text)], region)
    assert phone.value == e164
    assert phone.valid
    assert phone.source is not None
    assert phone.source.text == phone.raw


@pytest.mark.parametrize(
    "text",
    ["Jan 2019 - 2020", "Reduced costs by 1234567 USD", "ISBN 978-3-16-148410-0", "2019/2020"],
)
def test_numbers_that_are_not_phones_are_ignored(text: str) -> None:
    assert find_phones([line(text)], "US") == []


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("0176/28782942", "+4917628782942"),  # German mobile, not valid in the US
        ("07550 280434", "+447550280434"),  # UK mobile
        ("07.73.77.72.71", "+33773777271"),  # French mobile, dotted
    ],
)
def test_national_numbers_invalid_in_the_default_region_are_read_elsewhere(
    text: str, e164: str
) -> None:
    (phone,) = find_phones([line(text)], "US")
    assert phone.value == e164


def test_a_country_domain_decides_a_number_valid_in_two_regions() -> None:
    # "331 9386372" is a US number with area code 331 and an Italian mobile.
    assert [p.value for p in find_phones([line("331 9386372")], "US")] == ["+13319386372"]
    (phone,) = find_phones([line("331 9386372")], "US", hints=["IT"])
    assert phone.value == "+393319386372"


@pytest.mark.parametrize("text", ["2022 – 01/2026", "Aug 2019 – 2022 · 2014 – 2018"])
def test_date_ranges_are_not_read_as_phone_numbers(text: str) -> None:
    assert find_phones([line(text)], "US") == []


def test_region_hints_come_from_country_domains() -> None:
    result = parse_pdf(
        pdfs.simple(
            [
                ("Giulia Ricci", 20, True),
                ("giulia.ricci@libero.it | 331 9386372", 10, False),
                ("Esperienza lavorativa", 13, True),
                ("Sviluppatrice backend, Lumina Software S.r.l.  2020 – 2024", 10, False),
            ]
        ),
        today=TODAY,
    )
    assert [p.value for p in result.fields.phones] == ["+393319386372"]


def test_where_the_candidate_lives_outranks_a_webmail_domain() -> None:
    # A Dutch mobile written nationally, a German webmail address, a city in Holland.
    result = parse_pdf(
        pdfs.simple(
            [
                ("Maartje Smit", 20, True),
                ("maartje.smit@posteo.de | 06-22233856 | Leiden", 10, False),
                ("Experience", 13, True),
                ("Data Analyst, Nubaria B.V.  2020 – 2024", 10, False),
            ]
        ),
        today=TODAY,
    )
    assert [p.value for p in result.fields.phones] == ["+31622233856"]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Leiden", "NL"),
        ("Porto, Portugal", "PT"),
        ("Austin, TX", "US"),
        ("Acme Corp", None),
        ("Leeds, GB", "GB"),  # a country code, not a state
        ("Groningen NL", "NL"),
        ("\ufffdFirenze", "IT"),  # an icon glyph before the city
        ("Wilmington, DE", None),  # Delaware or Germany: the city does not say
    ],
)
def test_the_country_of_a_place(text: str, region: str | None) -> None:
    assert place_region(text) == region


def test_contact_line_fields_each_point_at_their_own_characters() -> None:
    result = parse_pdf(pdfs.one_column(), today=TODAY)
    fields = result.fields

    assert [e.value for e in fields.emails] == ["jane.doe@example.com"]
    assert [(p.value, p.raw) for p in fields.phones] == [("+14155550132", "(415) 555-0132")]
    assert [(k.kind, k.url) for k in fields.links] == [
        ("linkedin", "https://linkedin.com/in/janedoe"),
        ("github", "https://github.com/janedoe"),
    ]
    assert fields.location is not None
    assert fields.location.value == "San Francisco, CA"
    email, phone = fields.emails[0].source, fields.phones[0].source
    assert email is not None
    assert phone is not None
    assert email.text == "jane.doe@example.com"
    assert phone.text == "(415) 555-0132"
    assert email.bbox[1] == pytest.approx(phone.bbox[1])
    assert email.bbox[2] < phone.bbox[0]  # the email sits left of the phone on that line


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.linkedin.com/in/jane", "linkedin"),
        ("https://de.linkedin.com/in/jane", "linkedin"),
        ("https://github.com/jane", "github"),
        ("https://jane.github.io", "portfolio"),
        ("https://www.behance.net/jane", "portfolio"),
        ("https://twitter.com/jane", "other"),
        ("https://acme.com/about", "other"),
    ],
)
def test_link_kinds(url: str, kind: str) -> None:
    assert link_kind(url) == kind


def test_a_personal_site_is_a_portfolio_only_among_the_contact_details() -> None:
    contact = line("janedoe.dev | jane@doe.dev")
    body = line("Rebuilt acme.com checkout; see https://acme.com/case-study.")

    links = find_links([contact, body], [], contact=[contact])

    assert [(k.url, k.kind) for k in links] == [
        ("https://janedoe.dev", "portfolio"),
        ("https://acme.com/case-study", "other"),
    ]
    # A footer contact row read after the last section: the email marks it.
    footer = line("Firenze • lorenzo@yahoo.fr • lorenzomarchetti.io")
    links = find_links([body, footer], [], contact=[])
    assert [(k.url, k.kind) for k in links] == [
        ("https://acme.com/case-study", "other"),
        ("https://lorenzomarchetti.io", "portfolio"),
    ]


def test_a_site_named_after_the_candidate_is_a_portfolio_wherever_it_stands() -> None:
    # A profiles section or a link list under the summary is no contact block, but a
    # domain that spells the candidate's family name is theirs.
    body = line("Website: https://devonwhitfield.dev · Blog: https://acme.com/blog")
    other = line("See https://leonoralbuquerque.net/talks and https://acme.com/about")

    links = find_links([body, other], [], owner="Devon Whitfield")
    assert [(k.url, k.kind) for k in links] == [
        ("https://devonwhitfield.dev", "portfolio"),
        ("https://acme.com/blog", "other"),
        ("https://leonoralbuquerque.net/talks", "other"),
        ("https://acme.com/about", "other"),
    ]
    links = find_links([other], [], owner="Leonor de Albuquerque")
    assert [(k.url, k.kind) for k in links] == [
        ("https://leonoralbuquerque.net/talks", "portfolio"),
        ("https://acme.com/about", "other"),
    ]


def test_link_annotations_are_read_with_the_text_under_them() -> None:
    doc = pymupdf.open(stream=pdfs.one_column(), filetype="pdf")
    page = doc[0]
    hit = page.search_for("github.com/janedoe")[0]
    page.insert_link({"kind": pymupdf.LINK_URI, "from": hit, "uri": "https://gitlab.com/jane-doe"})
    data = doc.tobytes()

    links = parse_pdf(data, today=TODAY).fields.links

    annotated = [k for k in links if k.url == "https://gitlab.com/jane-doe"]
    assert len(annotated) == 1
    assert annotated[0].kind == "other"
    assert annotated[0].source is not None
    assert annotated[0].source.text == "github.com/janedoe"


@pytest.mark.parametrize(
    "name",
    [
        "José Álvarez-Núñez",
        "Zoë Łukasiewicz",
        "Siobhán O’Connor",
        "Jean-Luc de la Tour",
        "Sam Cook",
        "ANNA-LENA SCHÄFER",
    ],
)
def test_names_with_diacritics_and_particles(name: str) -> None:
    data = pdfs.simple(
        [
            (name, 22, True),
            ("Product Designer", 12, False),
            ("hello@example.com", 9, False),
            ("Experience", 13, True),
            ("Designer at Canva", 10, False),
        ]
    )

    result = parse_pdf(data, today=TODAY)

    assert result.fields.name is not None
    assert result.fields.name.value == name
    assert result.fields.headline == "Product Designer"


def test_no_name_is_better_than_a_wrong_one() -> None:
    data = pdfs.simple(
        [
            ("Senior Software Engineer", 18, True),
            ("hello@example.com | +1 415 555 2671", 9, False),
            ("Experience", 13, True),
            ("Engineer at Initech", 10, False),
        ]
    )
    assert parse_pdf(data, today=TODAY).fields.name is None


def test_references_do_not_lend_the_candidate_their_contacts() -> None:
    data = pdfs.simple(
        [
            ("Kim Park", 20, True),
            ("kim@example.com", 9, False),
            ("References", 13, True),
            ("Dr. Lee, lee@university.edu, +1 617 555 0199", 10, False),
        ]
    )
    fields = parse_pdf(data, today=TODAY).fields
    assert [e.value for e in fields.emails] == ["kim@example.com"]
    assert fields.phones == []


def test_a_name_set_on_two_lines_is_joined() -> None:
    s = pdfs.Sheet()
    s.text(60, 70, "Lucía", size=24)
    s.text(60, 98, "VÁZQUEZ", size=24, bold=True)
    s.text(60, 130, "lucia@example.es", size=10)
    s.text(300, 200, "Contact", size=12, bold=True)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "Lucía VÁZQUEZ"


@pytest.mark.parametrize("gap", [160, 0], ids=["apart", "same-run"])
def test_a_name_after_a_form_label_on_its_row(gap: int) -> None:
    # Europass: the label in a left column, or (in its text layer) one run with the name.
    s = pdfs.Sheet()
    s.text(40, 80, "PERSONAL INFORMATION" + ("" if gap else " Nathaniel Delgado"), size=9)
    if gap:
        s.text(40 + gap, 80, "Nathaniel Delgado", size=16)
    s.text(200, 104, "nathaniel@example.com", size=9)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "Nathaniel Delgado"


def test_the_document_language_decides_a_national_number() -> None:
    # "331 9386372" is also a US number (area code 331); the page is in Italian.
    lines = [
        ("Giulia Ricci", 20, True),
        ("giulia@example.com | 331 9386372 | Bologna", 10, False),
        ("Esperienza lavorativa", 13, True),
        ("Sviluppatrice presso Lumina Software, gennaio 2020 – oggi", 10, False),
        ("Istruzione", 13, True),
        ("Laurea magistrale, Università di Bologna, settembre 2014 – luglio 2016", 10, False),
        ("Lingue", 13, True),
        ("Italiano — madrelingua, Inglese — C1", 10, False),
    ]
    result = parse_pdf(pdfs.simple(lines), today=TODAY)
    assert [p.value for p in result.fields.phones] == ["+393319386372"]


def test_a_number_grouped_the_default_regions_way_stays_there() -> None:
    # Portuguese text, but "(617) 228-4438" is grouped as US numbers are, not as in Brazil.
    (phone,) = find_phones([line("Telefone: (617) 228-4438")], "US", hints=["PT", "BR"])
    assert phone.value == "+16172284438"


def test_a_headline_on_the_name_s_row_is_not_part_of_the_name() -> None:
    s = pdfs.Sheet()
    s.text(120, 80, "Kwame Whitfield | Engineering Manager", size=24)
    s.text(200, 110, "kwhitfield@example.com", size=10)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "Kwame Whitfield"


def test_a_letter_spaced_name_is_read_as_its_words() -> None:
    s = pdfs.Sheet()
    s.text(150, 80, "M A X I M I L I A N     V O G E L", size=20, bold=True)
    s.text(150, 110, "mvogel@example.de", size=10)
    result = parse_pdf(pdfs.render(s), today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "MAXIMILIAN VOGEL"


def test_an_email_wrapped_in_a_narrow_column_is_joined() -> None:
    def at(text: str, y: float, x0: float = 57) -> Line:
        boxes = tuple((x0 + 5 * i, y, x0 + 5 * (i + 1), y + 9) for i in range(len(text)))
        return Line(page=1, text=text, boxes=boxes, size=9, bold=False)

    found = find_emails([at("friederike.brandstatter@", 169), at("posteo.de", 179)])
    assert [e.value for e in found] == ["friederike.brandstatter@posteo.de"]
    # LaTeX hyphenates: "imo-" alone on its line, a title from the next column between.
    found = find_emails(
        [at("\ufffdimo-", 119, 115), at("Cloud Solutions Architect", 123, 168),
         at("gen.castellano@fastmail.com", 132, 60)]
    )  # fmt: skip
    assert [e.value for e in found] == ["imogen.castellano@fastmail.com"]
    # The same, with the headline read onto the row of "ro-" (one row, two pieces).
    row = merge_row([at("\ufffdro-", 119, 121), at("Desarrolladora backend", 119, 168)])
    found = find_emails([row, at("cio.herrera@hotmail.es", 132, 59)])
    assert [e.value for e in found] == ["rocio.herrera@hotmail.es"]
    # Two whole addresses on consecutive lines stay two.
    found = find_emails([at("a.b@example.com", 100), at("c.d@example.org", 110)])
    assert [e.value for e in found] == ["a.b@example.com", "c.d@example.org"]


def test_a_url_wrapped_at_a_hyphen_is_joined_with_its_tail() -> None:
    def at(text: str, y: float) -> Line:
        boxes = tuple((57 + 5 * i, y, 57 + 5 * (i + 1), y + 9) for i in range(len(text)))
        return Line(page=1, text=text, boxes=boxes, size=9, bold=False)

    lines = [at("linkedin.com/in/kwame-", 100), at("whitfield-856", 110), at("Bristol", 120)]
    lines.append(at("© European Union, 2002 – 2026 | https://europass.cedefop.europa.eu", 700))
    links = find_links(lines, [], contact=lines)  # the template's footer link is not kept
    assert [(link.kind, link.url) for link in links] == [
        ("linkedin", "https://linkedin.com/in/kwame-whitfield-856")
    ]


def test_digits_inside_an_email_or_a_url_on_a_labelled_line_are_no_phone() -> None:
    # A phone label lets merely possible numbers through on its line; the digits of an
    # address or a profile URL beside it are still not numbers of their own.
    text = "matthias22@gmail.com\tTel. (DE) +49 160 1301685\tlinkedin.com/in/matthias-vogel-689"

    assert [p.value for p in find_phones([line(text)], "DE")] == ["+491601301685"]


@pytest.mark.parametrize(
    ("head", "tail", "e164"),
    [
        ("\ufffd+55 41", "99682-1043\tAnalista de sistemas", "+5541996821043"),
        ("Tel. (+44)", "7911 123456", "+447911123456"),
        ("Mobile: +49 157", "58365105 · Leipzig", "+4915758365105"),
    ],
)
def test_an_international_number_wrapped_onto_the_next_line(
    head: str, tail: str, e164: str
) -> None:
    # A narrow contact column wraps the number after its country (and area) code.
    lines = [line("Belo Horizonte", y=90), line(head, y=100), line(tail, y=112)]

    assert [p.value for p in find_phones(lines, "US")] == [e164]


def test_a_country_code_at_a_line_end_does_not_take_a_year_below() -> None:
    lines = [line("Speaks to +44", y=100), line("2019 – 2022 Engineer, Acme", y=112)]

    assert find_phones(lines, "US") == []
