"""Turn a sampled resume plus a style into layout items, one list per section."""

from __future__ import annotations

import random

from corpus import Job, Resume, School
from layout import Item, Span
from style import LABELS, Style, heading_text

SKILL_GROUPS = ("Programming", "Tools", "Platforms", "Data")


def heading(style: Style, key: str, gap: float = 8.0) -> Item:
    size = style.base + style.heading_extra
    text = heading_text(style, style.headings[key])
    span = Span(text, style.heading_bold, color=style.accent, breakable=False)
    rule = None if style.heading_rule == "none" else style.heading_rule
    return Item([span], size, gap=gap, rule=rule, rule_color=style.accent)


def name_items(style: Style, resume: Resume) -> list[Item]:
    items = [Item([Span(resume.name, True, breakable=False)], style.name_size)]
    if resume.headline:
        items.append(Item([Span(resume.headline)], style.base + 1, gap=2))
    return items


def _contact_values(rng: random.Random, resume: Resume) -> list[tuple[str, str]]:
    values = [("location", resume.location)]
    values += [("email", e) for e in resume.emails]
    values += [("phone", p.raw) for p in resume.phones]
    values += [("link", url) for url, _ in resume.links]
    head, tail = values[:1], values[1:]
    rng.shuffle(tail)  # the order of contact details varies between resumes
    return head + tail if rng.random() < 0.5 else tail + head


def contact_items(rng: random.Random, style: Style, resume: Resume, narrow: bool) -> list[Item]:
    values = _contact_values(rng, resume)
    size = style.base - (0.5 if narrow else 0)
    if style.contact == "line" and not narrow:
        spans: list[Span] = []
        for i, (_, value) in enumerate(values):
            if i:
                spans.append(Span(style.sep))
            spans.append(Span(value, breakable=False))
        return [Item(spans, size, gap=3)]
    items = []
    for kind, value in values:
        spans = [Span(value, breakable=False)]
        if style.contact == "labelled" and kind in LABELS:
            label = rng.choice(LABELS[kind][resume.lang])
            spans.insert(0, Span(f"{label}: ", bold=True))
        items.append(Item(spans, size, gap=1))
    return items


def summary_items(style: Style, resume: Resume) -> list[Item]:
    if not resume.summary:
        return []
    return [heading(style, "summary"), Item([Span(resume.summary)], style.base, gap=2)]


def _job_header(rng: random.Random, style: Style, job: Job) -> list[Item]:
    size = style.base
    title = Span(job.title, True, breakable=False)
    employer = Span(job.employer, breakable=False)
    date = Span(job.span.text, breakable=False)
    where = [Span(f", {job.location}")] if job.location else []
    if style.entry == "title_first":
        sep = Span(rng.choice((" — ", ", ", " at ", " | ")))
        return [Item([title, sep, employer, *where], size, right=date, gap=5)]
    if style.entry == "employer_first":
        first = Item([Span(job.employer, True, breakable=False), *where], size, right=date, gap=5)
        return [first, Item([Span(job.title, breakable=False)], size)]
    if style.entry == "stacked":
        tail = [Span(f"{job.location} | ")] if job.location else []
        return [
            Item([title], size, gap=5),
            Item([employer], size),
            Item([*tail, Span(job.span.text, breakable=False)], size - 0.5),
        ]
    if style.entry == "gutter":
        gutter = Span(job.span.text, size=size - 1.5, breakable=False)
        return [Item([title, Span(", "), employer, *where], size, gutter=gutter, gap=5)]
    paren = Span(f" ({job.span.text})", breakable=False)
    return [
        Item([Span(job.employer, True, breakable=False), paren], size, gap=5),
        Item([title], size),
    ]


def experience_items(rng: random.Random, style: Style, resume: Resume) -> list[Item]:
    items = [heading(style, "experience")]
    indent = 95.0 if style.entry == "gutter" else 0.0
    for job in resume.jobs:
        header = _job_header(rng, style, job)
        for extra in header[1:]:
            extra.gutter_width = indent
        header[0].gutter_width = indent
        items += header
        for bullet in job.bullets:
            items.append(
                Item([Span(bullet)], style.base - 0.5, bullet=style.bullet, gutter_width=indent)
            )
    return items


def _school_items(rng: random.Random, style: Style, school: School) -> list[Item]:
    size = style.base
    inst = Span(school.institution, True, breakable=False)
    degree = Span(school.degree_text, breakable=False)
    date = Span(school.date_text, breakable=False)
    if rng.random() < 0.5:
        items = [Item([inst], size, right=date, gap=5), Item([degree], size)]
    else:
        items = [
            Item([degree], size, right=date, gap=5),
            Item([Span(school.institution, breakable=False)], size),
        ]
    if school.grade:
        items.append(Item([Span(school.grade)], size - 0.5))
    return items


def education_items(rng: random.Random, style: Style, resume: Resume) -> list[Item]:
    items = [heading(style, "education")]
    for school in resume.schools:
        items += _school_items(rng, style, school)
    return items


def skills_items(rng: random.Random, style: Style, resume: Resume, narrow: bool) -> list[Item]:
    items = [heading(style, "skills")]
    raws = [raw for _, raw in resume.skills]
    mode = "lines" if narrow and style.skills == "bullets" else style.skills
    if mode == "comma":
        items.append(Item([Span(", ".join(raws))], style.base, gap=2))
    elif mode == "bullets":
        items.append(Item([Span("  •  ".join(raws))], style.base, gap=2))
    elif mode == "grouped":
        cut = (
            sorted(rng.sample(range(1, len(raws)), min(2, len(raws) - 1))) if len(raws) > 1 else []
        )
        chunks = [raws[a:b] for a, b in zip([0, *cut], [*cut, len(raws)], strict=True)]
        for label, chunk in zip(SKILL_GROUPS, chunks, strict=False):
            items.append(
                Item([Span(f"{label}: ", True), Span(", ".join(chunk))], style.base, gap=1)
            )
    else:
        items += [Item([Span(r, breakable=False)], style.base, bullet=style.bullet) for r in raws]
    return items


def language_items(rng: random.Random, style: Style, resume: Resume) -> list[Item]:
    forms = ("{l} ({p})", "{l} – {p}", "{l}: {p}", "{l} — {p}")
    form = rng.choice(forms)
    texts = [form.format(l=raw, p=prof) for _, raw, prof in resume.languages]
    items = [heading(style, "languages")]
    if style.languages == "inline":
        spans: list[Span] = []
        for i, text in enumerate(texts):
            spans += ([Span(" · ")] if i else []) + [Span(text, breakable=False)]
        return [*items, Item(spans, style.base, gap=2)]
    return items + [Item([Span(t, breakable=False)], style.base, gap=1) for t in texts]


def certification_items(style: Style, resume: Resume) -> list[Item]:
    if not resume.certifications:
        return []
    items = [heading(style, "certifications")]
    for *_, text in resume.certifications:
        items.append(Item([Span(text)], style.base, bullet=style.bullet, gap=1))
    return items
