"""The real-world corpus's content and truth are honest: reproducible people, phone
numbers that mean what their truth says, dates at the precision printed, and a
held-out list that names real templates."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import phonenumbers
import pytest

REALWORLD = Path(__file__).resolve().parents[2] / "bench" / "realworld"
sys.path.insert(0, str(REALWORLD))

import build  # noqa: E402
import content  # noqa: E402
import phonebook  # noqa: E402


def _truth(seed: str, *, year_only: bool = False) -> dict[str, object]:
    return content.truth(content.sample(random.Random(seed), "x-00"), year_only=year_only)


def test_the_same_seed_draws_the_same_person_and_truth() -> None:
    assert _truth("s:1") == _truth("s:1")
    assert _truth("s:1") != _truth("s:2")


@pytest.mark.parametrize("index", range(60))
def test_every_phone_as_written_means_its_e164_truth(index: int) -> None:
    resume = content.sample(random.Random(f"phones:{index}"), "x-00")
    written = phonenumbers.parse(resume.phone.raw, resume.country)
    assert phonenumbers.format_number(written, phonenumbers.PhoneNumberFormat.E164) == (
        resume.phone.e164
    )
    assert phonenumbers.is_valid_number(written)


def test_dates_in_the_truth_have_the_precision_the_template_prints() -> None:
    for index in range(20):
        by_month = _truth(f"d:{index}")
        by_year = _truth(f"d:{index}", year_only=True)
        for month_job, year_job in zip(
            by_month["experience"],
            by_year["experience"],
            strict=True,  # type: ignore[call-overload]
        ):
            assert len(month_job["start"]) == 7
            assert year_job["start"] == month_job["start"][:4]
            assert (month_job["end"] is None) == month_job["is_current"]


def test_dates_are_written_in_the_document_s_language() -> None:
    march_2020 = 2020 * 12 + 2
    assert content.show_range(march_2020, None, "month", "de") == "März 2020 \u2013 heute"
    assert content.show_range(march_2020, None, "mon", "fr") == "mars 2020 \u2013 aujourd'hui"
    assert content.show_date(march_2020, "mm/yyyy", "it") == "03/2020"


def test_experience_months_count_both_ends_and_overlaps_once() -> None:
    assert content.total_months([(0, 11)]) == 12
    assert content.total_months([(0, 11), (6, 17)]) == 18


def test_the_holdout_names_a_third_of_the_registered_templates() -> None:
    templates = build.registry()
    held = build.holdout()
    assert held <= set(templates)
    assert len(templates) >= 30
    assert len(templates) // 3 - 1 <= len(held) <= len(templates) // 3 + 1
    for family in {family for family, _ in templates.values()}:
        names = {n for n, (f, _) in templates.items() if f == family}
        assert names - held, f"every family keeps templates to tune on: {family}"


@pytest.mark.parametrize("country", ["US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR"])
def test_every_landline_as_written_means_its_e164_truth(country: str) -> None:
    for index in range(12):
        phone = phonebook.landline(random.Random(f"landline:{country}:{index}"), country)
        written = phonenumbers.parse(phone.raw, country)
        assert phonenumbers.format_number(written, phonenumbers.PhoneNumberFormat.E164) == (
            phone.e164
        )
        assert phonenumbers.is_valid_number(written)


def _pdf(*lines: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 72 + 16 * i), line)
    return bytes(doc.tobytes())


def test_languages_count_only_where_the_document_prints_them() -> None:
    resume = content.sample(random.Random("langs:1"), "x-00")
    assert resume.languages
    label = resume.lang_label(resume.languages[0][0])
    printed = build._truth(resume, _pdf(resume.name, "Languages", label), year_only=False)
    assert [lang["language"] for lang in printed["languages"]] == [  # type: ignore[attr-defined]
        c for c, _ in resume.languages
    ]
    resume = content.sample(random.Random("langs:1"), "x-00")
    # a theme that drops the section: none of the labels is on the page
    silent = build._truth(resume, _pdf(resume.name, "Experience"), year_only=False)
    assert silent["languages"] == []
    assert silent["experience"] == printed["experience"]
