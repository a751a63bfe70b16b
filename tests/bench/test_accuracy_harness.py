"""The accuracy harness is honest: reproducible labels that match the PDFs, and a
scorer whose precision / recall / F1 are right on predictions made by hand."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import phonenumbers
import pymupdf
import pytest

from resumeflow_shared.profile import (
    CandidateProfile,
    Certification,
    EducationEntry,
    Email,
    LanguageSkill,
    Link,
    Phone,
    Skill,
    TextValue,
    WorkEntry,
)

BENCH = Path(__file__).resolve().parents[2] / "bench" / "accuracy"
sys.path.insert(0, str(BENCH))

import dates  # noqa: E402
import generate  # noqa: E402
import matching  # noqa: E402
import pools  # noqa: E402
import score  # noqa: E402

SEED = 99
COUNT = len(generate.COMBOS)  # one file per layout family x producer


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    generate.write_set(first, SEED, COUNT)
    generate.write_set(second, SEED, COUNT)
    return first, second


def _truths(directory: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(directory.glob("*.truth.json"))]


def _text(pdf: Path) -> str:
    with pymupdf.open(pdf) as doc:
        raw = " ".join(page.get_text() for page in doc)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def test_same_seed_gives_same_truth_and_same_pdfs(generated: tuple[Path, Path]) -> None:
    first, second = generated
    assert _truths(first) == _truths(second)
    assert len(_truths(first)) == COUNT
    for pdf in sorted(first.glob("*.pdf")):
        assert pdf.read_bytes() == (second / pdf.name).read_bytes(), pdf.name


def test_another_seed_gives_other_resumes(tmp_path: Path) -> None:
    generate.write_set(tmp_path, SEED + 1, 2)
    _, truth = generate.build(SEED, 0)
    assert (
        _truths(tmp_path)[0]["name"] != truth["name"]
        or _truths(tmp_path)[0]["emails"] != truth["emails"]
    )


def test_every_layout_and_producer_is_covered(generated: tuple[Path, Path]) -> None:
    combos = {(t["meta"]["layout"], t["meta"]["producer"]) for t in _truths(generated[0])}
    assert combos == set(generate.COMBOS)


def test_truth_values_appear_in_the_rendered_pdf(generated: tuple[Path, Path]) -> None:
    for truth in _truths(generated[0]):
        text = _text(generated[0] / f"{truth['id']}.pdf")
        expected = [truth["name"], *truth["emails"], *(p["raw"] for p in truth["phones"])]
        expected += [j["employer"] for j in truth["experience"]]
        expected += [e["institution"] for e in truth["education"]]
        for value in expected:
            assert unicodedata.normalize("NFKC", value) in text, (truth["id"], value)


def test_truth_phones_are_the_e164_form_of_what_was_rendered(generated: tuple[Path, Path]) -> None:
    for truth in _truths(generated[0]):
        country = truth["meta"]["country"]
        for phone in truth["phones"]:
            number = phonenumbers.parse(phone["raw"], country)
            assert phonenumbers.is_valid_number(number), phone
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            assert e164 == phone["value"]


def test_truth_dates_and_skills_are_well_formed(generated: tuple[Path, Path]) -> None:
    canonical = {name for name, _ in pools.SKILLS}
    for truth in _truths(generated[0]):
        for job in truth["experience"]:
            assert re.fullmatch(r"\d{4}(-\d{2})?", job["start"])
            assert job["is_current"] == (job["end"] is None)
        assert {s["name"] for s in truth["skills"]} <= canonical
        assert truth["total_experience_months"] > 0


def test_total_months_merges_overlaps_inclusively() -> None:
    jan20, dec20 = dates.month_index(2020, 1), dates.month_index(2020, 12)
    jun20, mar21 = dates.month_index(2020, 6), dates.month_index(2021, 3)
    assert dates.total_months([(jan20, dec20)]) == 12
    assert dates.total_months([(jan20, dec20), (jun20, mar21)]) == 15
    assert dates.total_months([(jun20, mar21), (jan20, jan20)]) == 11
    assert dates.summer(2017).last_month - dates.summer(2017).first_month + 1 == 3


# --- scorer -------------------------------------------------------------------------

TRUTH: dict[str, Any] = {
    "id": "t1",
    "meta": {"layout": "one_column"},
    "name": "José García",
    "emails": ["jose@example.com", "j.garcia@alumni.example.edu"],
    "phones": [{"value": "+34612345678", "raw": "612 34 56 78"}],
    "links": [{"url": "linkedin.com/in/jose", "kind": "linkedin"}],
    "location": "Madrid, Spain",
    "experience": [
        {
            "employer": "Telefónica",
            "title": "Software Engineer",
            "start": "2020-01",
            "end": None,
            "is_current": True,
        },
        {
            "employer": "Initech",
            "title": "Data Analyst",
            "start": "2017",
            "end": "2019",
            "is_current": False,
        },
    ],
    "total_experience_months": 107,
    "education": [
        {
            "institution": "Universidad Complutense de Madrid",
            "degree": "M.Sc.",
            "field": "Computer Science",
            "start": None,
            "end": "2016",
        }
    ],
    "skills": [{"name": "Python"}, {"name": "JavaScript"}, {"name": "Kubernetes"}],
    "languages": [
        {"language": "Spanish", "proficiency": "Native"},
        {"language": "English", "proficiency": "C1"},
    ],
    "certifications": [
        {"name": "Certified Kubernetes Administrator", "issuer": "CNCF", "date": "2022"}
    ],
}


def perfect(truth: dict[str, Any]) -> CandidateProfile:
    return CandidateProfile(
        name=TextValue(value=truth["name"]),
        location=TextValue(value=truth["location"]),
        emails=[Email(value=e) for e in truth["emails"]],
        phones=[Phone(value=p["value"], raw=p["raw"]) for p in truth["phones"]],
        links=[Link(url=x["url"], kind=x["kind"]) for x in truth["links"]],
        experience=[
            WorkEntry(
                employer=j["employer"],
                title=j["title"],
                start=j["start"],
                end=j["end"],
                is_current=j["is_current"],
            )
            for j in truth["experience"]
        ],
        total_experience_months=truth["total_experience_months"],
        education=[
            EducationEntry(
                institution=e["institution"], degree=e["degree"], field=e["field"], end=e["end"]
            )
            for e in truth["education"]
        ],
        skills=[Skill(name=s["name"], raw=s["name"]) for s in truth["skills"]],
        languages=[
            LanguageSkill(language=x["language"], proficiency=x["proficiency"])
            for x in truth["languages"]
        ],
        certifications=[
            Certification(name=c["name"], issuer=c["issuer"], date=c["date"])
            for c in truth["certifications"]
        ],
    )


def scored(pred: CandidateProfile, truth: dict[str, Any] = TRUTH) -> score.Scores:
    case = score.Case(truth["id"], Path("unused.pdf"), truth)
    scores = score.Scores()
    scores.add(case, pred)
    return scores


def test_perfect_prediction_scores_one_everywhere() -> None:
    s = scored(perfect(TRUTH))
    for name, _ in score.field_order():
        c = s.overall[name]
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), name


def test_perfect_generated_truth_scores_one(generated: tuple[Path, Path]) -> None:
    s = score.Scores()
    for truth in _truths(generated[0]):
        s.add(score.Case(truth["id"], Path("x.pdf"), truth), perfect(truth))
    assert all(s.overall[name].f1 == 1.0 for name, _ in score.field_order())


def test_empty_prediction_scores_zero_and_no_field_is_dropped() -> None:
    s = scored(CandidateProfile())
    for name, _ in score.field_order():
        c = s.overall[name]
        assert c.truth > 0, name
        assert c.pred == 0, name
        assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0), name
    printed = score.table(s)
    for f in matching.FIELDS:
        assert f.name in printed
    assert "total_experience_months" in printed


def test_partially_wrong_prediction_counts_hits_misses_and_extras() -> None:
    pred = perfect(TRUTH).model_copy(
        update={
            "name": TextValue(value="JOSE  GARCIA"),  # case, spacing and accents forgiven...
            "emails": [Email(value="Jose@Example.com"), Email(value="wrong@example.com")],
            "phones": [Phone(value="+34612345679", raw="x")],
            "experience": [
                WorkEntry(
                    employer="Telefonica",
                    title="Software Engineer",
                    start="2020-01",
                    is_current=True,
                ),
                WorkEntry(employer="Initech", title="Analyst", start="2017-01", end="2019"),
            ],
            "education": [
                EducationEntry(
                    institution="Universidad Complutense de Madrid",
                    degree="MSc in Computer Science",
                )
            ],
            "skills": [
                Skill(name="python", raw="py"),
                Skill(name="JavaScript", raw="JS"),
                Skill(name="Go", raw="Go"),
                Skill(name="Go", raw="Golang"),
            ],
            "total_experience_months": 111,  # 4 months off: outside the 3-month tolerance
        }
    )
    s = scored(pred).overall
    assert s["name"].f1 == 1.0
    assert s["name_exact"].f1 == 0.0  # ...but not by the exact variant
    assert (s["email"].matched, s["email"].pred, s["email"].truth) == (1, 2, 2)
    assert (s["email"].precision, s["email"].recall) == (0.5, 0.5)
    assert (s["phone"].matched, s["phone"].f1) == (0, 0.0)
    assert s["employer"].f1 == 1.0
    assert (s["job_title"].matched, s["job_title"].precision) == (1, 0.5)
    assert s["job_start"].matched == 1  # "2017-01" is not "2017"
    assert s["job_end"].f1 == 1.0  # "present" and "2019"
    assert s["experience_entry"].matched == 1
    assert s["degree"].f1 == 1.0  # degree + field accepted for "M.Sc." / "Computer Science"
    assert s["education_end"].recall == 0.0
    skills = s["skills"]
    assert (skills.matched, skills.pred, skills.truth) == (2, 4, 3)
    assert skills.precision == 0.5
    assert skills.recall == pytest.approx(2 / 3)
    assert skills.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (s["total_experience_months"].pred, s["total_experience_months"].matched) == (1, 0)
    assert (
        scored(pred.model_copy(update={"total_experience_months": 104}))
        .overall["total_experience_months"]
        .matched
        == 1
    )


def test_counts_are_micro_averaged_over_files() -> None:
    s = score.Scores()
    case = score.Case("t1", Path("x.pdf"), TRUTH)
    s.add(case, perfect(TRUTH))
    s.add(case, CandidateProfile())
    email = s.overall["email"]
    assert (email.matched, email.pred, email.truth) == (2, 2, 4)
    assert (email.precision, email.recall) == (1.0, 0.5)
    assert s.by_layout["one_column"]["email"].truth == 4


def test_normalisation_rules() -> None:
    assert matching.norm("  Société   Générale ") == matching.norm("societe generale")
    assert matching.norm("M.Sc.") == matching.norm("MSc")
    assert matching.norm("C++") != matching.norm("C#")
    assert matching.norm_url("https://www.LinkedIn.com/in/x/") == "linkedin.com/in/x"
    assert matching.Counts().f1 == 1.0  # nothing to find, nothing found
