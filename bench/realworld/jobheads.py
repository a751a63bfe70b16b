"""Fifth-pass HTML designs: employer and title layouts people send that the first 38
templates did not have, printed by headless Chromium.

Each design differs in how a job's employer and title are set (capitals on the date
line, a promotion ladder under one employer, a Europass-like label column, one comma
line, a table with a header row, the employer as a link) and in how the phone is
printed (a country label, an extension, a ``tel:`` link).
"""

from __future__ import annotations

import random

import content
import headings
from content import Resume
from htmlcv import Render, _bullets, _langs, _office_phone, _style, e, page, print_pdf

COUNTRY_LABEL = {
    "US": "US",
    "GB": "UK",
    "DE": "DE",
    "FR": "FR",
    "ES": "ES",
    "IT": "IT",
    "NL": "NL",
    "PT": "PT",
    "BR": "BR",
}


def _skills(r: Resume) -> str:
    return e(", ".join(r.skills))


def _link_list(r: Resume) -> list[str]:
    return [f'<a href="https://{e(b)}">{e(b)}</a>' for b, _ in r.links]


def caps_dateline(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """``EMPLOYER · City · 2019 – 2022`` in small capitals on one line, the title below it
    in italics; the phone behind a country label (``Tel. (DE) +49 …``)."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.6)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    dot = rng.choice((" · ", " | ", " — "))

    def line(j: content.Job) -> str:
        parts = [f"<span class=emp>{e(j.employer.upper())}</span>"]
        if j.city:
            parts.append(e(j.city))
        parts.append(e(content.show_range(j.start, j.end, ds, r.lang)))
        return dot.join(parts)

    jobs = "".join(
        f"<div class=job><div class=l1>{line(j)}</div><div class=t>{e(j.title)}</div>"
        f"{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=l1><span class=emp>{e(s.institution.upper())}</span>{dot}"
        f"{e(content.show_range(s.start, s.end, ds, r.lang))}</div>"
        f"<div class=t>{e(s.degree)}, {e(s.subject)}</div></div>"
        for s in r.schools
    )
    # Upper-cased employers are what the document prints; the truth follows it.
    for j in r.jobs:
        j.employer = j.employer.upper()
    for s in r.schools:
        s.institution = s.institution.upper()
    tel = f"Tel. ({COUNTRY_LABEL[r.country]}) {e(r.phone.raw)}"
    css = (
        "body{padding:36px 50px;font-family:'Liberation Serif',serif;font-size:10.5pt}"
        "h1{font-size:22pt;margin:0;text-align:center;letter-spacing:2px}"
        ".ct{text-align:center;font-size:9pt;margin:6px 0 14px}.ct span{margin:0 8px}"
        "h2{font-size:11pt;text-transform:uppercase;letter-spacing:3px;border-bottom:1px solid #000;"
        "margin:16px 0 6px}.l1{font-size:9.5pt;letter-spacing:1px}.emp{font-weight:700}"
        ".t{font-style:italic}.job{margin-bottom:8px}ul{margin:2px 0}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct><span>{e(r.email)}</span><span>{tel}</span>"
        f"<span>{e(r.city)}</span>"
        + "".join(f"<span>{x}</span>" for x in _link_list(r))
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2><p>{_skills(r)}</p>"
        f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def ladder(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """A promotion ladder: the employer once in bold with its whole span, then one row
    per role (title left, dates right); the phone with an office extension."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    # The two most recent roles are at one employer (a promotion), as people print them.
    if len(r.jobs) >= 2:
        r.jobs[1].employer = r.jobs[0].employer
        r.jobs[1].city = r.jobs[0].city
    groups: list[list[content.Job]] = []
    for j in r.jobs:
        if groups and groups[-1][0].employer == j.employer:
            groups[-1].append(j)
        else:
            groups.append([j])

    def group(js: list[content.Job]) -> str:
        first, last = js[-1], js[0]
        span = content.show_range(first.start, last.end, ds, r.lang)
        rows = "".join(
            f"<div class=row><span class=t>{e(j.title)}</span>"
            f"<span class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
            f"{_bullets(j)}"
            for j in js
        )
        where = f", {e(js[0].city)}" if js[0].city else ""
        return (
            f"<div class=grp><div class=row><span class=emp>{e(js[0].employer)}{where}</span>"
            f"<span class=d>{e(span)}</span></div>{rows}</div>"
        )

    edu = "".join(
        f"<div class=grp><div class=row><span class=emp>{e(s.institution)}</span>"
        f"<span class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div>"
        f"<div>{e(s.degree)} — {e(s.subject)}</div></div>"
        for s in r.schools
    )
    ext = rng.choice((" ext. ", " x", " Durchwahl ", " poste "))
    phone = f"{e(r.phone.raw)}{ext}{rng.randint(10, 499)}" if rng.random() < 0.6 else e(r.phone.raw)
    css = (
        "body{padding:32px 44px;font-family:'DejaVu Sans',sans-serif;font-size:9.5pt}"
        "h1{font-size:20pt;margin:0;color:#023e8a}.ct{font-size:8.5pt;margin:4px 0 10px}"
        "h2{font-size:10.5pt;color:#023e8a;text-transform:uppercase;margin:14px 0 6px}"
        ".row{display:flex;justify-content:space-between}.emp{font-weight:700;font-size:10.5pt}"
        ".t{padding-left:14px}.d{color:#555;font-size:8.5pt;white-space:nowrap}"
        ".grp{margin-bottom:9px}ul{margin:2px 0 4px 14px}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div>{e(r.headline)}</div><div class=ct>"
        + " | ".join([e(r.email), phone, e(r.city), *_link_list(r)])
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>"
        + "".join(group(g) for g in groups)
        + f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2><p>{_skills(r)}</p>"
        f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


EUROPASS = {
    "dates": "Dates",
    "title": "Occupation or position held",
    "employer": "Name and address of employer",
    "school": "Name and type of organisation providing education and training",
    "degree": "Title of qualification awarded",
    "phone": "Telephone",
    "email": "E-mail",
}


def europass_labels(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """An old-Europass-like form: a right-aligned label column ("Occupation or position
    held", "Name and address of employer") and the values beside it."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.6)
    content.print_long_degrees(r)

    def rows(pairs: list[tuple[str, str]]) -> str:
        return "".join(f"<tr><td class=lb>{e(k)}</td><td>{v}</td></tr>" for k, v in pairs)

    def job(j: content.Job) -> str:
        where = f", {e(j.city)}" if j.city else ""
        return (
            rows(
                [
                    (EUROPASS["dates"], e(content.show_range(j.start, j.end, ds, r.lang))),
                    (EUROPASS["title"], f"<b>{e(j.title)}</b>"),
                    (EUROPASS["employer"], f"{e(j.employer)}{where}"),
                ]
            )
            + "<tr><td></td><td class=sp></td></tr>"
        )

    def school(s: content.School) -> str:
        return (
            rows(
                [
                    (EUROPASS["dates"], e(content.show_range(s.start, s.end, ds, r.lang))),
                    (EUROPASS["degree"], f"<b>{e(s.degree)}</b> ({e(s.subject)})"),
                    (EUROPASS["school"], e(s.institution)),
                ]
            )
            + "<tr><td></td><td class=sp></td></tr>"
        )

    def head(text: str) -> str:
        return f"<tr><td class=hd>{e(text)}</td><td class=rule></td></tr>"

    h = headings.pick(r.lang, rng, unusual=False)
    table = (
        "<table>"
        + head(h["contact"])
        + rows(
            [
                ("Name", f"<b>{e(r.name)}</b>"),
                ("Address", e(r.city)),
                (EUROPASS["phone"], e(r.phone.raw)),
                (EUROPASS["email"], e(r.email)),
                *[("Web", x) for x in _link_list(r)],
            ]
        )
        + head(h["experience"])
        + "".join(job(j) for j in r.jobs)
        + head(h["education"])
        + "".join(school(s) for s in r.schools)
        + head(h["skills"])
        + rows([("", _skills(r))])
        + head(h["languages"])
        + rows([("", f"<ul>{_langs(r)}</ul>")])
        + "</table>"
    )
    css = (
        "body{padding:30px 36px;font-family:'Liberation Sans',Arial,sans-serif;font-size:9pt}"
        "table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:1px 6px}"
        ".lb{width:32%;text-align:right;color:#1f3864;font-size:8.5pt;border-right:1px solid #999}"
        ".hd{text-align:right;font-weight:700;font-size:11pt;color:#1f3864;padding-top:12px;"
        "border-right:1px solid #999}.sp{height:6px}ul{margin:0;padding-left:14px}"
    )
    return print_pdf(page(css, table, r.lang)), yo


def comma_line(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """``Title, Employer, City`` in one bold line with the dates on the line below in grey
    (or before it, ``2019 – 2022: Title, Employer``); a two-column page."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.6)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    before = rng.random() < 0.5

    def job(j: content.Job) -> str:
        head = f"{e(j.title)}, {e(j.employer)}" + (f", {e(j.city)}" if j.city else "")
        dates = e(content.show_range(j.start, j.end, ds, r.lang))
        if before:
            return f"<div class=job><div><span class=d>{dates}:</span> <b>{head}</b></div>{_bullets(j)}</div>"
        return (
            f"<div class=job><div><b>{head}</b></div><div class=d>{dates}</div>{_bullets(j)}</div>"
        )

    edu = "".join(
        f"<div class=job><div><b>{e(s.degree)} in {e(s.subject)}, {e(s.institution)}</b></div>"
        f"<div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div></div>"
        for s in r.schools
    )
    side = (
        f"<h2>{e(h['contact'])}</h2><p>{e(r.email)}<br>{e(r.phone.raw)}<br>{e(r.city)}<br>"
        + "<br>".join(_link_list(r))
        + f"</p><h2>{e(h['skills'])}</h2><ul>"
        + "".join(f"<li>{e(s)}</li>" for s in r.skills)
        + f"</ul><h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    main = (
        f"<h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p><h2>{e(h['experience'])}</h2>"
        + "".join(job(j) for j in r.jobs)
        + f"<h2>{e(h['education'])}</h2>{edu}"
    )
    css = (
        "body{font-family:'DejaVu Serif',serif;font-size:9.5pt}.top{background:#eee;"
        "padding:22px 36px}h1{margin:0;font-size:21pt}.w{display:grid;grid-template-columns:"
        "64% 36%}.m{padding:6px 20px 20px 36px}.s{padding:6px 30px 20px 16px;font-size:9pt}"
        "h2{font-size:11pt;color:#7b2cbf;margin:14px 0 6px}.d{color:#666;font-size:8.5pt}"
        ".job{margin-bottom:8px}ul{margin:2px 0;padding-left:16px}"
    )
    body = (
        f"<div class=top><h1>{e(r.name)}</h1><div>{e(r.headline)}</div></div>"
        f"<div class=w><div class=m>{main}</div><div class=s>{side}</div></div>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def header_table(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Experience as a ruled table with a header row (``Company | Role | Period``, in the
    document's language or English), education the same; bullets under the table."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.6)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    cols = rng.choice((("Company", "Role", "Period"), ("Employer", "Position", "Dates")))
    order = rng.choice(((0, 1, 2), (2, 0, 1)))

    def table(head: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> str:
        th = "".join(f"<th>{e(head[i])}</th>" for i in order)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(row[i])}</td>" for i in order) + "</tr>" for row in rows
        )
        return f"<table><tr>{th}</tr>{body}</table>"

    jobs = table(
        cols,
        [(j.employer, j.title, content.show_range(j.start, j.end, ds, r.lang)) for j in r.jobs],
    )
    notes = "".join(f"<p class=n><b>{e(j.title)}</b></p>{_bullets(j)}" for j in r.jobs if j.bullets)
    edu = table(
        ("School", "Degree", "Period"),
        [
            (
                s.institution,
                f"{s.degree} {s.subject}",
                content.show_range(s.start, s.end, ds, r.lang),
            )
            for s in r.schools
        ],
    )
    css = (
        "body{padding:34px 44px;font-family:'Liberation Sans',Arial,sans-serif;font-size:9.5pt}"
        "h1{font-size:22pt;margin:0}.ct{margin:4px 0 12px;font-size:9pt}"
        "h2{font-size:11pt;margin:14px 0 6px;color:#2b2d42}table{border-collapse:collapse;"
        "width:100%}th,td{border:1px solid #8d99ae;padding:3px 6px;text-align:left;"
        "vertical-align:top}th{background:#edf2f4}.n{margin:6px 0 0}ul{margin:2px 0}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct>"
        + " · ".join([e(r.email), e(r.phone.raw), e(r.city), *_link_list(r)])
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>{jobs}{notes}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2><p>{_skills(r)}</p>"
        f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def linked_employer(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """The employer as an underlined hyperlink after the title (``Title at <Employer>``
    or on its own line), dates in a left column; the phone as a ``tel:`` link with an
    icon-less label ("Mobile:" / "Phone:")."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.6)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    own_line = rng.random() < 0.5

    def site(name: str) -> str:
        return "https://www." + content.ascii_fold(name).lower().replace(" ", "")[:20] + ".com"

    def job(j: content.Job) -> str:
        link = f'<a class=emp href="{e(site(j.employer))}">{e(j.employer)}</a>'
        where = f"<span class=c> — {e(j.city)}</span>" if j.city else ""
        if own_line:
            head = f"<div class=t>{e(j.title)}</div><div>{link}{where}</div>"
        else:
            head = f"<div><span class=t>{e(j.title)}</span> at {link}{where}</div>"
        return (
            f"<div class=en><div class=d>{e(content.show_range(j.start, j.end, ds, r.lang, sep=' – '))}"
            f"</div><div>{head}{_bullets(j)}</div></div>"
        )

    edu = "".join(
        f"<div class=en><div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div>"
        f"<div><div class=t>{e(s.degree)}, {e(s.subject)}</div>"
        f'<div><a class=emp href="{e(site(s.institution))}">{e(s.institution)}</a></div></div></div>'
        for s in r.schools
    )
    label = rng.choice(("Mobile:", "Phone:", "Tel:"))
    digits = r.phone.e164
    css = (
        "body{padding:34px 44px;font-family:'DejaVu Sans',sans-serif;font-size:9.5pt}"
        "h1{font-size:21pt;margin:0}.ct{margin:6px 0 12px;font-size:9pt;line-height:1.5}"
        "h2{font-size:11pt;margin:14px 0 6px;color:#9d0208;border-bottom:1px solid #ddd}"
        ".en{display:grid;grid-template-columns:24% 76%;margin-bottom:8px}.d{color:#555;"
        "font-size:8.5pt}.t{font-weight:700}a.emp{color:#9d0208;text-decoration:underline}"
        ".c{color:#666}ul{margin:2px 0}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div>{e(r.headline)}</div><div class=ct>"
        f'{e(label)} <a href="tel:{e(digits)}">{e(r.phone.raw)}</a><br>'
        f'<a href="mailto:{e(r.email)}">{e(r.email)}</a><br>{e(r.city)}<br>'
        + "<br>".join(_link_list(r))
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>"
        + "".join(job(j) for j in r.jobs)
        + f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2><p>{_skills(r)}</p>"
        f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


# In the order they were written; holdout.txt holds every second one.
TEMPLATES: dict[str, Render] = {
    "html-caps-dateline": caps_dateline,
    "html-promotion-ladder": ladder,
    "html-europass-labels": europass_labels,
    "html-comma-line": comma_line,
    "html-header-table": header_table,
    "html-linked-employer": linked_employer,
}
