"""JSON Resume export: the mapping, checked against the JSON Resume 1.0.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from resumeflow_ingest.export import to_json_resume
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

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "jsonresume-1.0.0-subset.schema.json").read_text()
)


def validate(document: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)


def full_profile() -> CandidateProfile:
    return CandidateProfile(
        name=TextValue(value="Jane Doe"),
        headline="Senior Backend Engineer",
        location=TextValue(value="San Francisco, CA"),
        emails=[Email(value="jane.doe@example.com"), Email(value="jd@example.org")],
        phones=[Phone(value="+14155550132", raw="+1 415 555 0132")],
        links=[
            Link(url="https://www.linkedin.com/in/janedoe", kind="linkedin"),
            Link(url="https://janedoe.dev", kind="portfolio"),
        ],
        experience=[
            WorkEntry(
                employer="Acme Corp",
                title="Senior Backend Engineer",
                start="2021-01",
                end="2024-05",
                is_current=True,
                bullets=["Built the ingest API"],
            ),
            WorkEntry(employer="Globex", title="Engineer", start="2017-03", end="Dec twenty"),
        ],
        education=[
            EducationEntry(
                institution="UC Berkeley", degree="B.S.", field="Computer Science", end="2017"
            )
        ],
        skills=[Skill(name="Python", raw="python"), Skill(name="Kubernetes", raw="k8s")],
        languages=[LanguageSkill(language="Spanish", proficiency="fluent")],
        certifications=[Certification(name="CKA", issuer="CNCF", date="2022-06")],
    )


def test_a_full_profile_maps_field_for_field_and_validates() -> None:
    document = to_json_resume(full_profile())
    validate(document)
    assert document["basics"] == {
        "name": "Jane Doe",
        "label": "Senior Backend Engineer",
        "email": "jane.doe@example.com",
        "phone": "+14155550132",
        "url": "https://janedoe.dev",
        "location": {"city": "San Francisco", "region": "CA"},
        "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/janedoe"}],
    }
    current, older = document["work"]
    assert current == {
        "name": "Acme Corp",
        "position": "Senior Backend Engineer",
        "startDate": "2021-01",
        "highlights": ["Built the ingest API"],
    }  # a current job has no endDate
    assert "endDate" not in older  # not a date: left out rather than sent malformed
    assert document["education"] == [
        {
            "institution": "UC Berkeley",
            "area": "Computer Science",
            "studyType": "B.S.",
            "endDate": "2017",
        }
    ]
    assert document["skills"] == [{"name": "Python"}, {"name": "Kubernetes"}]
    assert document["languages"] == [{"language": "Spanish", "fluency": "fluent"}]
    assert document["certificates"] == [{"name": "CKA", "issuer": "CNCF", "date": "2022-06"}]


def test_an_empty_profile_is_still_a_valid_document() -> None:
    document = to_json_resume(CandidateProfile())
    validate(document)
    assert set(document) == {"$schema", "meta"}


def test_the_schema_fixture_refuses_what_it_should() -> None:
    """The fixture is strict enough to catch a wrong mapping."""
    document = to_json_resume(full_profile())
    for broken in (
        {**document, "work": [{"company": "Acme"}]},  # the pre-1.0 field name
        {**document, "basics": {"email": "not an email"}},
        {**document, "education": [{"startDate": "Sept 2013"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)
