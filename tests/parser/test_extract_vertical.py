"""Vertical Japanese text is read (columns right to left), and sideways labels on a
horizontal resume change nothing."""

from __future__ import annotations

import pdfs
import pymupdf
from pdfs import TODAY

from resumeflow_dev.samples import VERTICAL_COLUMNS, VERTICAL_CONTACTS, vertical_japanese_pdf
from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.layout import read_page
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.vertical import vertical_lines, vertical_order
from resumeflow_shared.profile import BBox


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


def _column(x: float, text: str, width: float) -> tuple[int, list[tuple[str, BBox, float, bool]]]:
    """A vertical MuPDF line: ``text`` down from y=100, glyphs 10pt apart centred on x."""
    half = width / 2
    boxes = [(x - half, 100.0 + 10 * k, x + half, 110.0 + 10 * k) for k in range(len(text))]
    return 1, [(c, box, 10.0, False) for c, box in zip(text, boxes, strict=True)]


def test_tightly_set_columns_whose_glyph_boxes_overlap_stay_apart() -> None:
    # Columns 11pt apart, glyph boxes 16pt wide: each box reaches into both neighbours.
    glyphs = [_column(x, text, 16) for x, text in ((300, "左列"), (311, "中列"), (322, "右列"))]

    assert [line.text for line in vertical_lines(glyphs, 1)] == ["右列", "中列", "左列"]


def test_a_horizontal_row_among_columns_is_read_where_its_right_edge_falls() -> None:
    columns = vertical_lines([_column(x, "縦書き", 10) for x in (400, 300)], 1)
    row = Line(page=1, text="a@b.jp", boxes=((320, 110, 380, 120),), size=10, bold=False)

    assert [line.text for line in vertical_order([row], columns)] == ["縦書き", "a@b.jp", "縦書き"]
