"""Skills: vocabulary aliases, unknown list items, and restraint in prose."""

from __future__ import annotations

import json
from importlib import resources

import pdfs
import pytest
from pdfs import TODAY, line

from resumeflow_parser.extract import parse_pdf
from resumeflow_parser.extract.skills import extract_skills, vocabulary


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("JS", "JavaScript"),
        ("js", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("Golang", "Go"),
        ("ReactJS", "React"),
        ("React.js", "React"),
        ("node js", "Node.js"),
        ("NodeJS", "Node.js"),
        ("C#", "C#"),
        ("c++", "C++"),
        ("sklearn", "scikit-learn"),
        ("GCP", "Google Cloud"),
        ("Amazon Web Services", "AWS"),
        ("TF", "Terraform"),
        ("MS SQL", "Microsoft SQL Server"),
        (".NET Core", ".NET"),
    ],
)
def test_aliases_map_to_canonical_names(written: str, canonical: str) -> None:
    assert vocabulary().lookup(written) == canonical


def test_the_vocabulary_ships_inside_the_package_and_is_sizeable() -> None:
    raw = json.loads(
        resources.files("resumeflow_parser.extract").joinpath("skills_vocab.json").read_text()
    )
    names = [entry["name"] for entry in raw["skills"]]
    assert len(names) >= 300
    assert len(set(names)) == len(names)


def test_skill_lists_with_labels_parentheses_and_compounds() -> None:
    lines = [
        line("Languages: Python, JS, TypeScript"),
        line("Frameworks: Django (DRF), React | Vue"),
        line("HTML/CSS • Docker & k8s"),
        line("Other: Pulsar, Temporal, Advanced"),
    ]

    skills = extract_skills([lines])

    assert [(s.name, s.known) for s in skills] == [
        ("Python", True),
        ("JavaScript", True),
        ("TypeScript", True),
        ("Django", True),
        ("React", True),
        ("Vue.js", True),
        ("HTML", True),
        ("CSS", True),
        ("Docker", True),
        ("Kubernetes", True),
        ("Pulsar", False),
        ("Temporal", False),
    ]
    k8s = next(s for s in skills if s.name == "Kubernetes")
    assert k8s.raw == "k8s"
    assert k8s.source is not None
    assert k8s.source.text == "k8s"


def test_skills_section_of_a_whole_document() -> None:
    skills = parse_pdf(pdfs.one_column(), today=TODAY).fields.skills
    assert [s.name for s in skills] == [
        "Python",
        "JavaScript",
        "TypeScript",
        "Go",
        "Kubernetes",
        "Docker",
        "PostgreSQL",
        "AWS",
        "Terraform",
        "CI/CD",
    ]


def test_without_a_skills_section_only_unambiguous_terms_come_from_prose() -> None:
    prose = [
        line("Go to market lead for the R&D team; moved services to Kubernetes."),
        line("Wrote the ingestion layer in Rust and Python with PostgreSQL."),
        line("Spring planning and Express delivery for C suite stakeholders."),
    ]

    skills = extract_skills([], prose)

    assert [s.name for s in skills] == ["Kubernetes", "Python", "PostgreSQL"]


def test_prose_inside_a_skills_section_yields_only_known_terms() -> None:
    skills = extract_skills(
        [[line("Experienced with distributed systems, Terraform and Google Cloud Platform.")]]
    )
    assert [(s.name, s.known) for s in skills] == [
        ("Distributed Systems", True),
        ("Terraform", True),
        ("Google Cloud", True),
    ]


def test_languages_levels_dates_and_links_in_a_skills_table_are_not_skills() -> None:
    lines = [
        line("Français\tB2"),
        line("Digital skills\tTerraform, Figma, Event Storming"),
        line("28 November 2026\thttps://europass.cedefop.europa.eu"),
    ]
    names = [s.name for s in extract_skills([lines])]
    assert "Terraform" in names
    assert "Figma" in names
    assert "Event Storming" in names  # an unknown skill is still kept
    assert not {"Français", "B2", "28 November 2026"} & set(names)
    assert not any("europa" in n for n in names)
