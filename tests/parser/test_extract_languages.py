"""Spoken languages with proficiency, in the five supported languages' own words."""

from __future__ import annotations

import pdfs
import pytest
from pdfs import TODAY, line

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.languages import extract_languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English (Native), Spanish – C1, German: basic", [
            ("English", "native"), ("Spanish", "C1"), ("German", "basic"),
        ]),
        ("Español (nativo) | Inglés (B2+) | Francés (intermedio)", [
            ("Spanish", "native"), ("English", "B2"), ("French", "intermediate"),
        ]),
        ("Français : langue maternelle · Anglais : courant", [
            ("French", "native"), ("English", "fluent"),
        ]),
        ("Deutsch – Muttersprache; Englisch – verhandlungssicher", [
            ("German", "native"), ("English", "fluent"),
        ]),
        ("Português (fluente), Italiano", [("Portuguese", "fluent"), ("Italian", None)]),
        ("Mandarin Chinese — Full professional proficiency", [("Mandarin", "professional")]),
        ("English, Native", [("English", "native")]),
        ("Italiano — Madrelingua, Inglese — C1, Tedesco — B1", [
            ("Italian", "native"), ("English", "C1"), ("German", "B1"),
        ]),
        ("Nederlands — Moedertaal, Engels — C1, Frans — B2", [
            ("Dutch", "native"), ("English", "C1"), ("French", "B2"),
        ]),
    ],
)  # fmt: skip
def test_language_lines(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = extract_languages([[line(text)]])
    assert [(s.language, s.proficiency) for s in found] == expected


def test_unknown_items_in_a_languages_section_are_dropped() -> None:
    found = extract_languages([[line("English (C2), Klingon (fluent), lots of travel")]])
    assert [(s.language, s.proficiency) for s in found] == [("English", "C2")]


def test_a_languages_label_elsewhere_counts_only_for_human_languages() -> None:
    elsewhere = [line("Languages: English, Polish (native)"), line("Languages: Python, Go, Rust")]
    found = extract_languages([], elsewhere)
    assert [(s.language, s.proficiency) for s in found] == [
        ("English", None),
        ("Polish", "native"),
    ]


def test_languages_from_a_sidebar_point_at_their_lines() -> None:
    languages = parse_pdf(pdfs.sidebar(), today=TODAY).fields.languages
    assert [(s.language, s.proficiency) for s in languages] == [
        ("English", "C2"),
        ("Hindi", "native"),
        ("Tamil", "native"),
    ]
    source = languages[1].source
    assert source is not None
    assert source.text == "Hindi (native)"
    assert source.bbox[0] < 190


def test_europass_labels_beside_languages_in_another_section() -> None:
    elsewhere = [
        line("Mother tongue\tEnglish"),
        line("Other languages\tItalian (Professional working proficiency), German B1"),
        line("Digital skills\tGo, SAP, .NET"),
    ]
    found = extract_languages([], elsewhere)
    assert [(s.language, s.proficiency) for s in found] == [
        ("English", "native"),
        ("Italian", "professional"),
        ("German", "B1"),
    ]
