"""Sample one synthetic resume: the content, how each value is written, and its truth.

A :class:`Resume` holds both the rendered strings (``raw``/``text`` fields) and the
truth derived from the same choices, so the truth never depends on a parser.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import asdict, dataclass, field

import dates
import phones
import pools


@dataclass
class Job:
    employer: str
    title: str
    location: str | None
    span: dates.Span
    bullets: list[str]


@dataclass
class School:
    institution: str
    degree: str
    field: str
    degree_text: str
    start: str | None
    end: str | None
    date_text: str
    grade: str | None


@dataclass
class Resume:
    id: str
    lang: str  # language of headings and "present" words: en, es, de
    name: str
    headline: str | None
    summary: str | None
    location: str
    emails: list[str]
    phones: list[phones.Phone]
    links: list[tuple[str, str]]  # (url as written, kind)
    jobs: list[Job]
    schools: list[School]
    skills: list[tuple[str, str]]  # (canonical, as written)
    languages: list[tuple[str, str, str]]  # (canonical, as written, proficiency as written)
    certifications: list[tuple[str, str, str | None, str]]  # (name, issuer, date truth, text)
    meta: dict[str, object] = field(default_factory=dict)

    def truth(self) -> dict[str, object]:
        """The labels for this resume, as written to ``<id>.truth.json``."""
        return {
            "id": self.id,
            "meta": self.meta,
            "name": self.name,
            "emails": self.emails,
            "phones": [asdict(p) for p in self.phones],
            "links": [{"url": url, "kind": kind} for url, kind in self.links],
            "location": self.location,
            "experience": [
                {
                    "employer": j.employer,
                    "title": j.title,
                    "location": j.location,
                    "start": j.span.start,
                    "end": j.span.end,
                    "is_current": j.span.is_current,
                    "date_text": j.span.text,
                }
                for j in self.jobs
            ],
            "total_experience_months": dates.total_months(
                [(j.span.first_month, j.span.last_month) for j in self.jobs]
            ),
            "education": [
                {
                    "institution": s.institution,
                    "degree": s.degree,
                    "field": s.field,
                    "start": s.start,
                    "end": s.end,
                    "grade": s.grade,
                }
                for s in self.schools
            ],
            "skills": [{"name": canon, "raw": raw} for canon, raw in self.skills],
            "languages": [
                {"language": canon, "raw": raw, "proficiency": prof}
                for canon, raw, prof in self.languages
            ],
            "certifications": [
                {"name": n, "issuer": i, "date": d} for n, i, d, _ in self.certifications
            ],
        }


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ł", "l"))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = folded.replace("Ł", "L").replace("ı", "i")
    return folded.replace("ø", "o").replace("Ø", "O")


def _person(rng: random.Random, country: str) -> tuple[str, str]:
    origin = pools.ORIGIN_FOR_COUNTRY[country]
    if rng.random() < 0.4:
        origin = rng.choice(list(pools.NAMES))
    given, family = pools.NAMES[origin]
    return f"{rng.choice(given)} {rng.choice(family)}", origin


def _emails(rng: random.Random, name: str) -> list[str]:
    first, last = (ascii_fold(p).lower().replace("'", "") for p in name.split(" ", 1))
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}.{first}", f"{first}"])
    emails = [f"{local}{rng.choice(['', '', '87', '.dev'])}@{rng.choice(pools.EMAIL_DOMAINS)}"]
    if rng.random() < 0.2:
        emails.append(f"{first[0]}.{last}@alumni.example.edu")
    return emails


def _links(rng: random.Random, name: str) -> list[tuple[str, str]]:
    first, last = (ascii_fold(p).lower().replace("'", "") for p in name.split(" ", 1))
    prefix = rng.choice(["", "https://", "https://www.", "www."])
    links: list[tuple[str, str]] = []
    if rng.random() < 0.75:
        slug = f"{first}-{last}-{rng.randrange(16**4):04x}"
        links.append((f"{prefix}linkedin.com/in/{slug}", "linkedin"))
    if rng.random() < 0.5:
        links.append((f"{prefix.replace('www.', '')}github.com/{first[0]}{last}", "github"))
    if rng.random() < 0.3:
        tld = rng.choice(["dev", "io", "me"])
        links.append((f"{rng.choice(['', 'https://'])}{first}{last}.{tld}", "portfolio"))
    return links


def _jobs(rng: random.Random, fmt: str, lang: str, skills: list[str], long_form: bool) -> list[Job]:
    count = rng.choice([3, 4]) if long_form else rng.choice([1, 2, 2, 3, 3, 4])
    most_bullets = 7 if long_form else 3
    end: int | None = None if rng.random() < 0.6 else dates.REFERENCE_MONTH - rng.randint(1, 14)
    employers = rng.sample(pools.EMPLOYERS, count)
    titles = rng.sample(pools.TITLES, count)
    jobs: list[Job] = []
    cursor = end if end is not None else dates.REFERENCE_MONTH
    for i in range(count):
        start = cursor - rng.randint(6, 48)
        span = dates.render_range(rng, start, end, fmt, lang)
        location = rng.choice(pools.JOB_CITIES) if rng.random() < 0.5 else None
        bullets = _bullets(rng, skills, rng.randint(0, most_bullets))
        jobs.append(Job(employers[i], titles[i], location, span, bullets))
        # The next (older) job ends a little before this one starts, or overlaps it.
        end = start + rng.randint(-6, -1) if rng.random() > 0.25 else start + rng.randint(1, 10)
        cursor = end
    # At most four jobs in all, as the eval set promises.
    if rng.random() < 0.2 and len(jobs) < 4:  # a side job overlapping the others
        side_start = dates.REFERENCE_MONTH - rng.randint(10, 40)
        side_end = side_start + rng.randint(4, 12)
        span = dates.render_range(rng, side_start, side_end, fmt, lang)
        employer = rng.choice([e for e in pools.EMPLOYERS if e not in employers])
        jobs.insert(1, Job(employer, rng.choice(pools.FREELANCE_TITLES), "Remote", span, []))
    if rng.random() < 0.15 and len(jobs) < 4:
        year = dates.split(cursor)[0] - 1
        employer = rng.choice([e for e in pools.EMPLOYERS if e not in employers])
        jobs.append(Job(employer, rng.choice(pools.INTERN_TITLES), None, dates.summer(year), []))
    return jobs


def _bullets(rng: random.Random, skills: list[str], count: int) -> list[str]:
    templates = [t for t in pools.BULLET_TEMPLATES if skills or "{skill}" not in t]
    return [
        template.format(
            n=rng.choice(["2 million", "40,000", "300k"]),
            p=rng.randint(12, 60),
            k=rng.randint(3, 9),
            skill=rng.choice(skills) if skills else "",
        )
        for template in rng.sample(templates, min(count, len(templates)))
    ]


def _schools(rng: random.Random, fmt: str, last_job_start: int) -> list[School]:
    levels = [1] if rng.random() < 0.55 else [1, 2]
    grad = last_job_start - rng.randint(0, 8)
    schools: list[School] = []
    for level in reversed(levels):
        degree = rng.choice([d for d, lv in pools.DEGREES if lv == level])
        subject = rng.choice(pools.FIELDS_OF_STUDY)
        start = grad - (12 * rng.choice([2, 3, 4]) if level == 1 else 24) + rng.randint(-1, 1)
        style = rng.choice(["range", "range", "end_only"])
        if style == "range":
            span = dates.render_range(rng, start, grad, "year" if fmt == "year" else fmt, "en")
            start_truth, end_truth, text = span.start, span.end, span.text
        else:
            shown = dates.show(grad, rng.choice(["year", "mon", "month"]))
            text = rng.choice(["{d}", "Graduated {d}", "Class of {d}"]).format(d=shown.text)
            if text.startswith("Class of"):
                shown = dates.show(grad, "year")
                text = f"Class of {shown.text}"
            start_truth, end_truth = None, shown.truth
        joiner = rng.choice([" in ", ", ", " — "])
        grade = rng.choice(pools.GRADES) if rng.random() < 0.3 else None
        schools.append(
            School(
                rng.choice(pools.INSTITUTIONS),
                degree,
                subject,
                f"{degree}{joiner}{subject}",
                start_truth,
                end_truth,
                text,
                grade,
            )
        )
        grad = start - rng.randint(0, 6)
    return schools


def _skills(rng: random.Random, forced: list[str]) -> list[tuple[str, str]]:
    chosen = [s for s in pools.SKILLS if s[0] in forced]
    others = [s for s in pools.SKILLS if s[0] not in forced]
    chosen += rng.sample(others, rng.randint(3, 10) - min(len(chosen), 3))
    rng.shuffle(chosen)
    out = []
    for canon, aliases in chosen:
        raw = rng.choice(aliases) if aliases and rng.random() < 0.35 else canon
        out.append((canon, raw))
    return out


def _languages(rng: random.Random, origin: str, lang: str) -> list[tuple[str, str, str]]:
    native = pools.NATIVE_LANGUAGE[origin]
    names = [native] + [c for c, _ in rng.sample(pools.LANGUAGES, 3) if c != native]
    if "English" not in names:
        names.insert(1, "English")
    names = names[: rng.randint(1, 3)] if lang == "en" else names[: rng.randint(2, 3)]
    written = dict(pools.LANGUAGES)
    out = [(names[0], written[names[0]], rng.choice(pools.NATIVE_WORDS))]
    out += [(n, written[n], rng.choice(pools.PROFICIENCIES)) for n in names[1:]]
    return out


def _certifications(rng: random.Random) -> list[tuple[str, str, str | None, str]]:
    out = []
    for name, issuer, _ in rng.sample(pools.CERTIFICATIONS, rng.choice([0, 0, 1, 1, 2, 3])):
        shown = dates.show(dates.REFERENCE_MONTH - rng.randint(3, 80), rng.choice(["year", "mon"]))
        style = rng.choice(["{n} — {i} ({d})", "{n}, {i}, {d}", "{d} · {n} · {i}", "{n} ({i})"])
        date = None if "{d}" not in style else shown.truth
        out.append((name, issuer, date, style.format(n=name, i=issuer, d=shown.text)))
    return out


def sample(rng: random.Random, resume_id: str) -> Resume:
    """Draw one resume's content; layout and fonts are chosen by the renderer."""
    country = rng.choice(pools.COUNTRIES)
    city, area = rng.choice(pools.CITIES[country])
    name, origin = _person(rng, country)
    lang = rng.choice(["en"] * 6 + ["es", "de"])
    fmt = rng.choice(dates.DATE_FORMATS)
    certs = _certifications(rng)
    forced = [skill for n, _, _, _ in certs for c, _, skill in pools.CERTIFICATIONS if c == n]
    skills = _skills(rng, [s for s in forced if s])
    # Some candidates write a lot: their resumes run onto a second page.
    long_form = rng.random() < 0.3
    jobs = _jobs(rng, fmt, lang, [raw for _, raw in skills], long_form)
    if any("Machine Learning" in j.title for j in jobs) and "Machine Learning" not in dict(skills):
        skills.append(("Machine Learning", "Machine Learning"))
    oldest_start = min(j.span.first_month for j in jobs)
    return Resume(
        id=resume_id,
        lang=lang,
        name=name,
        headline=rng.choice(pools.HEADLINES) if rng.random() < 0.4 else None,
        summary=rng.choice(pools.SUMMARIES) if rng.random() < 0.5 else None,
        location=city,
        emails=_emails(rng, name),
        phones=phones.sample(rng, country, area),
        links=_links(rng, name),
        jobs=jobs,
        schools=_schools(rng, fmt, oldest_start),
        skills=skills,
        languages=_languages(rng, origin, lang),
        certifications=certs,
        meta={
            "country": country,
            "date_format": fmt,
            "heading_language": lang,
            "long_form": long_form,
        },
    )
