"""Skills: list items of the skills sections, canonicalised through ``skills_vocab.json``.

Inside a skills list every short item is a skill (unknown ones are kept with
``known=False``). In prose only unambiguous vocabulary terms count: "Go", "R" or
"Spring" in a sentence are English far more often than technology.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from resumeflow_parser.extract.dates import find_range
from resumeflow_parser.extract.languages import starts_with_language
from resumeflow_parser.extract.lines import Line
from resumeflow_parser.extract.text import BULLETS, fold, words, wordset
from resumeflow_shared.profile import Skill

_ITEM = re.compile(rf"[^,;|\t(){{}}\[\]{re.escape(BULLETS.replace('-', '').replace('*', ''))}]+")
_LABEL = re.compile(r"^\s*[^\W\d][^:]{0,30}:\s*")
_SPACED_SLASH = re.compile(r"\s+/\s+")
_COMPOUND = re.compile(r"\s*(?:/|&|\band\b)\s*")
_TOKEN = re.compile(r"\.?[^\W_][\w+#.\-/']*")
_MAX_NGRAM = 4
_NOT_SKILLS = wordset(
    """
    languages programming languages programming frameworks framework tools tooling databases
    database cloud platforms technologies libraries other others soft skills technical
    skills hard skills concepts methodologies devops frontend front-end backend back-end
    testing os operating systems skills software environments web mobile data infrastructure
    and etc expert advanced intermediate beginner basic proficient familiar native fluent
    working knowledge exposure strong good excellent years year experience level
    """
)

_CEFR = re.compile(r"[ABC][12]\+?")
_PROSE_OPENERS = wordset(
    """
    experienced experience proficient proficiency familiar familiarity knowledge strong
    solid skilled excellent hands-on worked working using with including in of and
    """
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    exact: dict[str, str]
    compact: dict[str, str]
    prose: dict[str, str]

    def lookup(self, text: str) -> str | None:
        key = _key(text)
        return self.exact.get(key) or self.compact.get(_compact(key))


def _key(text: str) -> str:
    return " ".join(fold(text).split()).strip(" .:")


def _compact(key: str) -> str:
    return re.sub(r"[\s._-]", "", key)


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (read once per process)."""
    raw: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("skills_vocab.json").read_text(encoding="utf-8")
    )
    not_in_prose = {_key(a) for a in raw["not_in_prose"]}
    exact: dict[str, str] = {}
    prose: dict[str, str] = {}
    for entry in raw["skills"]:
        name: str = entry["name"]
        ambiguous = bool(entry.get("ambiguous", False))
        for spelling in (name, *entry["aliases"]):
            key = _key(spelling)
            exact.setdefault(key, name)
            safe = len(key) >= 4 and key not in not_in_prose
            if safe and not (ambiguous and spelling == name):
                prose.setdefault(key, name)
            if spelling == name and not ambiguous and key not in not_in_prose:
                prose.setdefault(key, name)
    compact = {_compact(k): v for k, v in exact.items()}
    return Vocabulary(exact=exact, compact=compact, prose=prose)


def extract_skills(
    sections: Iterable[Sequence[Line]],
    prose: Iterable[Line] = (),
    *,
    not_skills: Iterable[str] = (),
) -> list[Skill]:
    """Skills from skills-section lines, else (no such section) known terms in ``prose``.

    ``not_skills``: names that are something else in this resume (an employer called
    "Shopify" is not the candidate's Shopify skill).
    """
    vocab = vocabulary()
    found: dict[str, Skill] = {}
    for lines in sections:
        for line in lines:
            for skill in _list_items(line, vocab):
                found.setdefault(skill.name.casefold(), skill)
    if found:
        return list(found.values())
    excluded = {name.casefold() for name in not_skills}
    for line in prose:
        for skill in _mentions(line, 0, len(line.text), vocab):
            if skill.name.casefold() not in excluded and skill.raw.casefold() not in excluded:
                found.setdefault(skill.name.casefold(), skill)
    return list(found.values())


def known_skill(text: str) -> bool:
    return vocabulary().lookup(text) is not None


def known_items(text: str) -> tuple[int, int]:
    """(items that are known skills, all items) of a list line such as ``"Go, k8s, Jira"``."""
    vocab = vocabulary()
    # A spaced slash parts items ("AWS / Terraform / Jenkins"), an unspaced one is a
    # compound ("CI/CD") that counts once.
    items = [p.strip(" -*") for m in _ITEM.finditer(text) for p in _SPACED_SLASH.split(m.group())]
    items = [item for item in items if item]
    return sum(vocab.lookup(item) is not None for item in items), len(items)


def _list_items(line: Line, vocab: Vocabulary) -> Iterator[Skill]:
    label = _LABEL.match(line.text)
    offset = label.end() if label and len(words(label.group())) <= 4 else 0
    for m in _ITEM.finditer(line.text, offset):
        start, end = _trim(line.text, m.start(), m.end())
        if end > start:
            yield from _item(line, start, end, vocab)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " -*.:":
        start += 1
    while end > start and text[end - 1] in " .:":
        end -= 1
    return start, end


def _item(line: Line, start: int, end: int, vocab: Vocabulary) -> Iterator[Skill]:
    raw = line.text[start:end]
    name = vocab.lookup(raw)
    if name is not None:
        yield Skill(name=name, raw=raw, known=True, source=line.provenance(start, end))
        return
    parts = _split_compound(raw, start, vocab)
    if parts:
        for a, b, part_name in parts:
            yield Skill(name=part_name, raw=line.text[a:b], source=line.provenance(a, b))
        return
    mentioned = list(_mentions(line, start, end, vocab))
    if mentioned or len(words(raw)) > _MAX_NGRAM:
        yield from mentioned  # "experienced with Terraform": the known term, not the phrase
    elif _plausible(raw):
        yield Skill(name=raw, raw=raw, known=False, source=line.provenance(start, end))


def _split_compound(raw: str, offset: int, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """ "HTML/CSS" or "Docker & Kubernetes": every part must be a known skill."""
    cuts = list(_COMPOUND.finditer(raw))
    if not cuts:
        return []
    bounds = [0, *(p for m in cuts for p in m.span()), len(raw)]
    out: list[tuple[int, int, str]] = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        a, b = _trim(raw, a, b)
        name = vocab.lookup(raw[a:b]) if b > a else None
        if name is None:
            return []
        out.append((offset + a, offset + b, name))
    return out


def _plausible(raw: str) -> bool:
    key = _key(raw)
    if not key or key in _NOT_SKILLS or len(raw) > 40 or not re.search(r"[^\W\d_]", raw):
        return False
    # What else shares a skills table: spoken languages and their levels, dates, links.
    if _CEFR.fullmatch(raw.strip()) or "://" in raw or find_range(raw) is not None:
        return False
    if starts_with_language(raw) and len(words(raw)) <= 3:
        return False
    if all(word in _NOT_SKILLS for word in key.split()) or key.split()[0] in _PROSE_OPENERS:
        return False
    return not raw.rstrip().endswith((".", "!", "?"))


def _mentions(line: Line, start: int, end: int, vocab: Vocabulary) -> Iterator[Skill]:
    tokens = [
        (m.start(), m.start() + len(m.group().rstrip(".,:;'")))
        for m in _TOKEN.finditer(line.text, start, end)
    ]
    i = 0
    while i < len(tokens):
        for n in range(min(_MAX_NGRAM, len(tokens) - i), 0, -1):
            a, b = tokens[i][0], tokens[i + n - 1][1]
            name = vocab.prose.get(_key(line.text[a:b]))
            if name is not None:
                yield Skill(name=name, raw=line.text[a:b], source=line.provenance(a, b))
                i += n
                break
        else:
            i += 1
