"""The reading-order metric tells a broken order from a good one, on a PDF made here:
two columns of jobs that a row-by-row reading interleaves."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pymupdf

REALWORLD = Path(__file__).resolve().parents[2] / "bench" / "realworld"
sys.path.insert(0, str(REALWORLD))

import order_metric  # noqa: E402

TRUTH: dict[str, Any] = {
    "name": "Ada Quill",
    "emails": ["ada.quill@example.org"],
    "phones": [{"raw": "+44 7700 900 123"}],
    "experience": [
        {"employer": "Kestrel Media", "title": "Backend Developer", "start": "2021-03"},
        {"employer": "Crescent Labs", "title": "Data Analyst", "start": "2017-09"},
    ],
    "education": [{"institution": "University of Leeds", "degree": "BSc"}],
}
LEFT = ["Backend Developer", "Kestrel Media", "03/2021 - 05/2024", "University of Leeds"]
RIGHT = ["Data Analyst", "Crescent Labs", "09/2017 - 02/2021", "BSc Physics"]


def _two_columns() -> tuple[str, str]:
    """(columns read one after the other, the page read row by row across them)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for row, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 100 + 20 * row
        page.insert_text((50, y), left, fontsize=11)
        page.insert_text((330, y), right, fontsize=11)
    page.insert_text((50, 300), "Ada Quill · ada.quill@example.org · +44 7700 900 123")
    by_column = "\n".join(
        page.get_text(clip=clip, sort=True)
        for clip in (pymupdf.Rect(0, 0, 300, 200), pymupdf.Rect(300, 0, 595, 200))
    )
    across = page.get_text(sort=True)
    doc.close()
    return by_column, across


def test_columns_read_in_turn_keep_every_entry_intact_and_in_order() -> None:
    good, _ = _two_columns()
    judged = order_metric.judge(good, order_metric.entries(TRUTH))
    assert judged.intact[0] == [True, True]
    assert order_metric.in_order(judged.position[0], [True, True]) == (1, 1)


def test_a_reading_across_the_columns_breaks_every_job() -> None:
    _, broken = _two_columns()
    groups = order_metric.entries(TRUTH)
    judged = order_metric.judge(broken, groups)
    assert judged.found[0] == [True, True]  # every field is there ...
    assert judged.intact[0] == [False, False]  # ... but not together


def test_entries_read_backwards_are_intact_but_out_of_order() -> None:
    text = "Data Analyst, Crescent Labs 2017-2021\nBackend Developer at Kestrel Media 2021-2024"
    judged = order_metric.judge(text, order_metric.entries(TRUTH))
    assert judged.intact[0] == [True, True]
    assert order_metric.in_order(judged.position[0], [True, True]) == (0, 1)


def test_a_field_printed_otherwise_is_not_found_by_any_reading() -> None:
    text = "University of Leeds\nBachelor of Science"
    judged = order_metric.judge(text, order_metric.entries(TRUTH))
    assert judged.found[1] == [False]


def test_contacts_count_only_when_unbroken() -> None:
    whole = "ada.quill@example.org | +44 (7700) 900-123 | ADA QUILL"
    assert order_metric.contacts(whole, TRUTH) == {
        "email": (1, 1),
        "phone": (1, 1),
        "name": (1, 1),
    }
    torn = "ada.quill@\nexample.org | +44 7700\n900 123 | Ada\tQuill"
    assert order_metric.contacts(torn, TRUTH) == {"email": (0, 1), "phone": (0, 1), "name": (1, 1)}
