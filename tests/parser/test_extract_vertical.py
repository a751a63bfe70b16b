"""Vertical Japanese text is read (columns right to left), and sideways labels on a
horizontal resume change nothing."""

from __future__ import annotations

import pdfs
import pymupdf
from pdfs import TODAY

from resumeflow_dev.samples import VERTICAL_COLUMNS, VERTICAL_CONTACTS, vertical_japanese_pdf
from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.layout import read_page


def test_an_all_vertical_japanese_resume_is_read_column_by_column_right_to_left() -> None:
    # Before vertical text was read, this page looked empty: Rejected(needs_ocr).
    result = parse_pdf(vertical_japanese_pdf(), today=TODAY)

    assert result.pages[0].text.splitlines() == [
        "山田太郎",
        VERTICAL_CONTACTS,
        *(text for text, _ in VERTICAL_COLUMNS[1:]),
    ]
    assert [e.value for e in result.fields.emails] == ["taro.yamada@example.jp"]
    assert [p.value for p in result.fields.phones] == ["+819012345678"]
    assert (result.ocr, result.warnings) == (False, [])


def test_horizontal_rows_above_vertical_columns_are_read_first() -> None:
    result = parse_pdf(vertical_japanese_pdf(header=True), ocr="off", today=TODAY)

    assert result.pages[0].text.splitlines() == [
        "Taro Yamada",
        VERTICAL_CONTACTS,
        *(text for text, _ in VERTICAL_COLUMNS),
    ]
    assert [e.value for e in result.fields.emails] == ["taro.yamada@example.jp"]


def test_a_vertical_column_keeps_the_box_of_each_character() -> None:
    doc = pymupdf.open(stream=vertical_japanese_pdf(), filetype="pdf")
    layout = read_page(doc[0], 1)

    name = next(line for line in layout.lines if line.text == "山田太郎")
    tops = [box[1] for box in name.boxes]
    assert tops == sorted(tops)  # top to bottom
    assert name.x1 - name.x0 < 2 * name.size  # one column, not a row
    assert name.provenance(1, 2).text == "田"


def test_upward_sideways_lines_are_read_left_to_right() -> None:
    # Text turned a quarter left reads bottom to top, its lines follow left to right.
    doc = pymupdf.open()
    page = doc.new_page()
    for k, text in enumerate(("first line going up", "second line going up", "third one")):
        page.insert_text((100 + 20 * k, 500), text, fontname="helv", fontsize=12, rotate=90)
    again = pymupdf.open(stream=doc.tobytes(), filetype="pdf")

    assert read_page(again[0], 1).text.splitlines() == [
        "first line going up",
        "second line going up",
        "third one",
    ]


def test_sideways_labels_on_a_horizontal_resume_change_nothing() -> None:
    plain = parse_pdf(pdfs.one_column(), today=TODAY)
    labelled = parse_pdf(
        pdfs.with_side_labels(pdfs.one_column(), "CURRICULUM VITAE", "JANE DOE 2024"),
        today=TODAY,
    )

    assert labelled.model_dump() == plain.model_dump()
    assert "VITAE" not in labelled.pages[0].text
