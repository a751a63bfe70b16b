"""Date expressions to partial ISO dates, one case per format resumes use."""

from __future__ import annotations

import pytest

from resumeflow_parser.extract.dates import (
    cut_range_head,
    find_range,
    find_ranges,
    parse_date,
    range_tail,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Jan 2020 - Present", "2020-01", None, True),
        ("January 2020 – present", "2020-01", None, True),
        ("Jan. 2019 — Mar. 2021", "2019-01", "2021-03", False),
        ("Sept 2019 to Dec 2020", "2019-09", "2020-12", False),
        ("2019-03 – 2023-08", "2019-03", "2023-08", False),
        ("03/2019 - 11/2022", "2019-03", "2022-11", False),
        ("3/2019 – current", "2019-03", None, True),
        ("2018 – 2020", "2018", "2020", False),
        ("2018-2020", "2018", "2020", False),
        ("Since 2021", "2021", None, True),
        ("since March 2021", "2021-03", None, True),
        ("2020 to date", "2020", None, True),
        ("Summer 2017", "2017-06", "2017-08", False),
        ("Fall 2018 - Spring 2019", "2018-09", "2019-05", False),
        ("Jan - Mar 2020", "2020-01", "2020-03", False),
        ("Jan '20 - now", "2020-01", None, True),
        ("enero de 2019 - actualidad", "2019-01", None, True),
        ("desde 2019 hasta la actualidad", "2019", None, True),
        ("Mars 2018 à aujourd’hui", "2018-03", None, True),
        ("déc. 2015 – févr. 2017", "2015-12", "2017-02", False),
        ("März 2017 – heute", "2017-03", None, True),
        ("seit 2020", "2020", None, True),
        ("set 2015 - atual", "2015-09", None, True),
        ("fevereiro de 2016 até março de 2018", "2016-02", "2018-03", False),
        ("settembre 2019 – oggi", "2019-09", None, True),
        ("gen 2018 - giu 2020", "2018-01", "2020-06", False),
        ("maart 2017 – heden", "2017-03", None, True),
        ("mei 2015 - okt 2016", "2015-05", "2016-10", False),
        ("2021-06-01 — 2022-12-01", "2021-06", "2022-12", False),  # ISO with a day
        ("2023-04-01 —", "2023-04", None, True),  # open range: nothing after the dash
        ("Acme Corp\t2019 –", "2019", None, True),
    ],
)
def test_ranges(text: str, start: str, end: str | None, current: bool) -> None:
    found = find_range(text)
    assert found is not None
    assert (found.start, found.end, found.is_current) == (start, end, current)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2019-03", "2019-03"),
        ("03/2019", "2019-03"),
        ("03.2019", "2019-03"),
        ("May 2019", "2019-05"),
        ("15 June 2018", "2018-06"),
        ("2016", "2016"),
        ("12/03/2019", "2019"),  # day and month are ambiguous; only the year is certain
    ],
)
def test_single_dates(text: str, value: str) -> None:
    assert parse_date(text) == value


def test_the_range_is_found_inside_a_header_line_with_its_span() -> None:
    text = "Senior Engineer, Acme\tJan 2020 – Present"
    found = find_range(text)
    assert found is not None
    assert text[found.span[0] : found.span[1]] == "Jan 2020 – Present"


@pytest.mark.parametrize(
    "text",
    [
        "2021 - 2019",  # ends before it starts
        "Led a team of 12 engineers",
        "Reduced latency by 40%",
        "Room 1999B",
    ],
)
def test_no_range_in_text_without_one(text: str) -> None:
    assert [r for r in find_ranges(text) if not r.single] == []


def test_numbers_that_are_not_years_are_not_dates() -> None:
    assert find_ranges("ISO 27001 and 1,000,000 users") == []


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("08.2022–", True),
        ("Sep 2022 – Aug", True),
        ("Jan 2020 -", True),
        ("2019 – 2020", False),
        ("Since 2021", False),
        ("2020 – Present", False),
        ("Led the 2019 - x", False),
    ],
)
def test_a_range_cut_by_wrapping_is_recognised(text: str, cut: bool) -> None:
    assert cut_range_head(text) is cut


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("2026", True),
        ("03.2026", True),
        ("Present", True),
        ("Aug 2026", True),
        ("Acme 2020", False),
    ],
)
def test_the_rest_of_a_cut_range(text: str, tail: bool) -> None:
    assert range_tail(text) is tail
