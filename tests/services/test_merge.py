"""The enhancer's merge decides each field from what the document shows: a right
answer from either source survives, a wrong one from the model does not replace the
parser's."""

from __future__ import annotations

from resumeflow_enhancer.llm import LLMProfile
from resumeflow_enhancer.merge import merge
from resumeflow_shared.profile import (
    CandidateProfile,
    Email,
    Link,
    Phone,
    Skill,
    TextValue,
    WorkEntry,
)


def decided(profile: CandidateProfile, field: str) -> str:
    return next(d.source for d in profile.decisions if d.field == field)


def test_a_label_a_company_or_a_degree_is_not_kept_as_the_name() -> None:
    for wrong in ("JOB APPLIED FOR", "Nordlicht Versicherung AG", "B. Ed. Mathematics"):
        text = f"{wrong}\nJane Doe\njane@example.com\n"
        det = CandidateProfile(name=TextValue(value=wrong))
        merged = merge(det, LLMProfile(name="Jane Doe"), text)
        assert merged.name is not None
        assert merged.name.value == "Jane Doe", wrong
        assert decided(merged, "name") == "model"


def test_a_name_cut_in_half_or_letter_spaced_is_completed() -> None:
    cut = merge(
        CandidateProfile(name=TextValue(value="Jane")), LLMProfile(name="Jane Doe"), "Jane Doe\n"
    )
    assert cut.name is not None
    assert cut.name.value == "Jane Doe"
    spaced = merge(
        CandidateProfile(name=TextValue(value="Jör N Hoffma N N")),
        LLMProfile(name="Jörn Hoffmann"),
        "JÖR N HOFFMA N N\n",
    )
    assert spaced.name is not None
    assert spaced.name.value == "Jörn Hoffmann"


def test_a_plausible_name_of_the_parser_stands_against_another_name_in_the_text() -> None:
    text = "Jane Doe\nReferences: John Smith, Acme\n"
    merged = merge(
        CandidateProfile(name=TextValue(value="Jane Doe")), LLMProfile(name="John Smith"), text
    )
    assert merged.name is not None
    assert merged.name.value == "Jane Doe"
    assert decided(merged, "name") == "parser"


def test_contacts_the_layout_broke_are_recognised() -> None:
    text = (
        "Jane Doe\nimo-\nEngineer\ngen.castellano@fastmail.com\n"
        "JANE.DOE@EXAMPLE.COM\nTel. 05.56.31.32.33\t2019 - 2023\n"
        "linkedin.com/in/jane-\ndoe-42\n"
    )
    det = CandidateProfile(
        emails=[Email(value="gen.castellano@fastmail.com")],
        links=[Link(url="linkedin.com/in/jane-", kind="linkedin")],
    )
    llm = LLMProfile(
        emails=["imogen.castellano@fastmail.com", "jane.doe@example.com", "made.up@example.com"],
        phones=["+33556313233", "+44 20 7946 0000"],
        links=[{"url": "linkedin.com/in/jane-doe-42", "kind": "linkedin"}],
    )
    merged = merge(det, llm, text)
    assert [e.value for e in merged.emails] == [
        "imogen.castellano@fastmail.com",
        "jane.doe@example.com",
    ]
    assert [p.value for p in merged.phones] == ["+33556313233"]  # E.164, from "05.56..."
    assert [link.url for link in merged.links] == ["linkedin.com/in/jane-doe-42"]
    flagged = {(f.field, f.value) for f in merged.flags}
    assert ("emails", "made.up@example.com") in flagged
    assert ("phones", "+44 20 7946 0000") in flagged


def test_the_models_country_wins_for_a_number_printed_without_one() -> None:
    det = CandidateProfile(phones=[Phone(value="+49613372740", raw="06 13 37 27 40")])
    merged = merge(det, LLMProfile(phones=["+31613372740"]), "Tel 06 13 37 27 40\n")
    assert [p.value for p in merged.phones] == ["+31613372740"]
    assert merged.phones[0].raw == "06 13 37 27 40"


JOBS_TEXT = (
    "Jane Doe\nExperience\nBackend Engineer, Acme Corp\t2019 - 2023\n"
    "Data Analyst, Globex Ltd\t2016 - 2019\n"
)


def test_a_model_answering_about_someone_else_leaves_the_parse_standing() -> None:
    det = CandidateProfile(
        experience=[
            WorkEntry(employer="Acme Corp", title="Backend Engineer", start="2019", end="2023"),
            WorkEntry(employer="Globex Ltd", title="Data Analyst", start="2016", end="2019"),
        ]
    )
    other = LLMProfile.model_validate(
        {
            "name": "Someone Else",
            "experience": [
                # employers of another person, and one shared employer with another job
                {"employer": "Initech", "title": "CTO", "start": "2010", "end": "2012"},
                {"employer": "Acme Corp", "title": "Sales Manager", "start": "2005", "end": "2008"},
            ],
        }
    )
    merged = merge(det, other, JOBS_TEXT)
    assert [(j.employer, j.title, j.start, j.end) for j in merged.experience] == [
        ("Acme Corp", "Backend Engineer", "2019", "2023"),
        ("Globex Ltd", "Data Analyst", "2016", "2019"),
    ]
    assert merged.name is None
    assert decided(merged, "experience") == "parser"


def test_a_right_model_fixes_entries_and_keeps_the_ones_it_missed() -> None:
    det = CandidateProfile(
        experience=[
            WorkEntry(employer="Backend Engineer", title=None, start="2019", end="2023"),
            WorkEntry(employer="Globex Ltd", title="Data Analyst", start="2016", end="2019"),
        ]
    )
    right = LLMProfile.model_validate(
        {
            "experience": [
                {
                    "employer": "Acme Corp",
                    "title": "Backend Engineer",
                    "start": "2019",
                    "end": "2023",
                }
            ]
        }
    )
    merged = merge(det, right, JOBS_TEXT)
    assert [(j.employer, j.title) for j in merged.experience] == [
        ("Acme Corp", "Backend Engineer"),
        ("Globex Ltd", "Data Analyst"),
    ]
    assert decided(merged, "experience") == "both"


def test_a_language_is_found_under_its_own_name_and_an_unprinted_one_is_not_added() -> None:
    det = CandidateProfile()
    llm = LLMProfile.model_validate(
        {"languages": [{"language": "German", "proficiency": "native"}, {"language": "Korean"}]}
    )
    merged = merge(det, llm, "Sprachen\nDeutsch (Muttersprache), Englisch C1\n")
    assert [lang.language for lang in merged.languages] == ["German"]


def test_a_model_about_someone_else_adds_only_skills_from_the_skills_section() -> None:
    text = "Jane Doe\nBuilt dashboards in Tableau for sales.\nSkills\nPython, SQL\n"
    det = CandidateProfile(
        name=TextValue(value="Jane Doe"),
        skills=[Skill(name="Python", raw="Python"), Skill(name="SQL", raw="SQL")],
    )
    stranger = LLMProfile(name="John Smith", skills=["Tableau", "Java"])
    merged = merge(det, stranger, text, skills_text="Python, SQL")
    assert [s.name for s in merged.skills] == ["Python", "SQL"]
    same_person = LLMProfile(name="Jane Doe", skills=["Python", "SQL", "Tableau"])
    merged = merge(det, same_person, text, skills_text="Python, SQL")
    assert [s.name for s in merged.skills] == ["Python", "SQL", "Tableau"]


def test_what_the_model_leaves_out_does_not_erase_what_the_parser_read() -> None:
    det = CandidateProfile(
        experience=[
            WorkEntry(employer="Acme Corp", title="Backend Engineer", start="2019", end="2023")
        ]
    )
    vague = LLMProfile.model_validate(
        {"experience": [{"employer": "Acme Corp", "start": "2019", "is_current": True}]}
    )
    (job,) = merge(det, vague, JOBS_TEXT).experience
    assert (job.title, job.start, job.end, job.is_current) == (
        "Backend Engineer",
        "2019",
        "2023",
        False,
    )


def test_a_model_naming_someone_else_changes_nothing_the_parser_read() -> None:
    # Another person's answer can share an employer and a title with this document
    # (the contradiction check needs both to differ); its dates must not replace the
    # ones the parser read, and its job the text does not show is not added.
    det = CandidateProfile(
        name=TextValue(value="Jane Doe"),
        experience=[
            WorkEntry(employer="Acme Corp", title="Backend Engineer", start="2019", end="2023"),
        ],
    )
    other = LLMProfile.model_validate(
        {
            "name": "Someone Else",
            "experience": [
                {"employer": "Acme Corp", "title": "Backend Engineer", "start": "2016"},
                {"employer": "Globex Ltd", "title": "Head of Sales", "start": "2010"},
            ],
        }
    )
    merged = merge(det, other, "Jane Doe\n" + JOBS_TEXT)
    assert [(j.employer, j.title, j.start, j.end) for j in merged.experience] == [
        ("Acme Corp", "Backend Engineer", "2019", "2023"),
    ]
    assert decided(merged, "experience") == "parser"
    # The same answer from a model that names this person fixes the entry.
    same = other.model_copy(update={"name": "Jane Doe"})
    merged = merge(det, same, "Jane Doe\n" + JOBS_TEXT)
    assert merged.experience[0].start == "2016"


def test_a_skill_is_a_term_of_its_own_not_part_of_a_word() -> None:
    text = "Jane Doe\nSkills\nDjango, Google Cloud, PostgreSQL, github.com/jane, C++\n"
    det = CandidateProfile(name=TextValue(value="Jane Doe"))
    llm = LLMProfile(name="Jane Doe", skills=["Go", "SQL", "Git", "C++", "Django"])
    merged = merge(det, llm, text, skills_text=text.split("Skills\n")[1])
    assert [s.name for s in merged.skills] == ["C++", "Django"]


def test_a_surname_or_an_address_is_not_a_language() -> None:
    text = "Grace Castellano\ngrace.castellano@example.com\nLanguages\nEnglish, French\n"
    det = CandidateProfile(
        name=TextValue(value="Grace Castellano"),
        emails=[Email(value="grace.castellano@example.com")],
    )
    llm = LLMProfile.model_validate(
        {"name": "Grace Castellano", "languages": [{"language": "Spanish"}, {"language": "French"}]}
    )
    merged = merge(det, llm, text)
    assert [lang.language for lang in merged.languages] == ["French"]
