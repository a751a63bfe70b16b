"""Sixth-pass templates: four more JSON Resume themes from npm (third-party designs fed
our content) and two designs of ours for contacts and job headers the corpus lacked.

Contacts as real CVs print them: a phone label in the document's language (``Tél.``,
``Handy``, ``Móvil``), ``(+44) 7700 900123``, a number set in two spans, links as bare
domains, a link only behind an icon (its target is the only place it is written), a
long URL wrapped over two lines. Job headers: ``Employer, City`` above the title;
``Title, *Employer*`` with the employer in italics after a comma.
"""

from __future__ import annotations

import random

import content
import headings
import phonenumbers
from content import Resume
from htmlcv import FA_CSS, Render, _bullets, _langs, _office_phone, _style, e, print_pdf, theme

PHONE_LABEL = {
    "en": ("Cell", "Mobile", "Tel."),
    "de": ("Handy", "Mobil", "Tel."),
    "fr": ("Tél.", "Portable", "Mobile"),
    "es": ("Móvil", "Tel.", "Teléfono"),
    "it": ("Cell.", "Tel."),
    "nl": ("Mobiel", "Tel."),
    "pt": ("Telemóvel", "Tel.", "Celular"),
}


def _bracketed(raw: str, e164: str) -> str:
    """``(+44) 7700 900123``: the country code in brackets, the rest as the country groups it."""
    number = phonenumbers.parse(e164)
    intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    code = f"+{number.country_code}"
    return f"({code}) {intl.removeprefix(code).strip()}" if intl.startswith(code) else raw


def _page(css: str, body: str, lang: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{FA_CSS.as_uri()}"><style>'
        "@page{size:A4;margin:0} body{margin:0;color:#222} a{color:inherit;text-decoration:none}"
        f"{css}</style></head><body>{body}</body></html>"
    )


def contact_labels(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """A narrow left column of contacts: the phone behind a label in the document's
    language, written ``(+CC) …`` or in two spans; links as bare domains, one of them only
    as an icon with the link behind it, a long one wrapped. In the main column each job
    starts with ``Employer, City`` in bold over the title in italics, dates right."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.5)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    label = rng.choice(PHONE_LABEL[r.lang])
    form = rng.choice(("bracket", "split", "plain"))
    if form == "bracket":
        shown = _bracketed(r.phone.raw, r.phone.e164)
        r.phone = r.phone.__class__(shown, r.phone.e164)
        phone = e(shown)
    elif form == "split" and " " in r.phone.raw:
        head, tail = r.phone.raw.split(" ", 1)
        phone = f"<span class=cc>{e(head)}</span> <span>{e(tail)}</span>"
    else:
        phone = e(r.phone.raw)
    icon_only = rng.randrange(len(r.links)) if r.links and rng.random() < 0.6 else -1
    links = []
    for i, (bare, kind) in enumerate(r.links):
        if i == icon_only:
            cls = {"linkedin": "fa-brands fa-linkedin", "github": "fa-brands fa-github"}
            icon = cls.get(kind, "fa-solid fa-globe")
            links.append(f'<a href="https://{e(bare)}"><i class="{icon}"></i></a>')
        else:
            shown_url = rng.choice((bare, f"www.{bare}" if kind == "portfolio" else bare))
            links.append(f'<a class=u href="https://{e(bare)}">{e(shown_url)}</a>')
    side = (
        f"<h1>{e(r.given)}<br>{e(r.family)}</h1><div class=hl>{e(r.headline)}</div>"
        f"<h3>{e(h['contact'])}</h3><div class=ct>"
        f"<div><b>{e(label)}</b> {phone}</div><div>{e(r.email)}</div><div>{e(r.city)}</div>"
        + "".join(f"<div>{x}</div>" for x in links)
        + f"</div><h3>{e(h['skills'])}</h3><ul>"
        + "".join(f"<li>{e(s)}</li>" for s in r.skills)
        + f"</ul><h3>{e(h['languages'])}</h3><ul>{_langs(r)}</ul>"
    )

    def job(j: content.Job) -> str:
        where = f", {e(j.city)}" if j.city else ""
        return (
            f"<div class=job><div class=row><span class=emp>{e(j.employer)}{where}</span>"
            f"<span class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
            f"<div class=t>{e(j.title)}</div>{_bullets(j)}</div>"
        )

    edu = "".join(
        f"<div class=job><div class=row><span class=emp>{e(s.institution)}</span>"
        f"<span class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div>"
        f"<div class=t>{e(s.degree)} — {e(s.subject)}</div></div>"
        for s in r.schools
    )
    main = (
        f"<h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p><h2>{e(h['experience'])}</h2>"
        + "".join(job(j) for j in r.jobs)
        + f"<h2>{e(h['education'])}</h2>{edu}"
    )
    css = (
        "body{font-family:'Liberation Sans',Arial,sans-serif;font-size:9.5pt}"
        ".w{display:grid;grid-template-columns:30% 70%;min-height:297mm}"
        ".s{background:#f1f3f5;padding:30px 14px 20px 22px;font-size:8.5pt;overflow-wrap:anywhere}"
        ".m{padding:30px 36px 20px 22px}h1{font-size:19pt;margin:0;line-height:1.1}"
        ".hl{color:#555;margin:4px 0 8px}h3{font-size:9.5pt;text-transform:uppercase;"
        "margin:14px 0 4px;color:#0b7285}.ct div{margin-bottom:3px}.ct i{font-size:12pt}"
        "a.u{color:#0b7285}h2{font-size:11pt;color:#0b7285;margin:14px 0 6px;"
        "border-bottom:2px solid #0b7285}.row{display:flex;justify-content:space-between}"
        ".emp{font-weight:700}.d{color:#666;font-size:8.5pt;white-space:nowrap}"
        ".t{font-style:italic}.job{margin-bottom:8px}ul{margin:2px 0;padding-left:14px}"
    )
    body = f"<div class=w><div class=s>{side}</div><div class=m>{main}</div></div>"
    return print_pdf(_page(css, body, r.lang)), yo


def title_comma_employer(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """``Title, Employer`` with the title bold and the employer in italics after the
    comma, dates flush right on that row, the city on the line below; a header with the
    contacts in one row parted by bullets, the phone behind a localised label."""
    ds, yo = _style(rng)
    _office_phone(r, rng, odds=0.5)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    label = rng.choice(PHONE_LABEL[r.lang])

    def job(j: content.Job) -> str:
        city = f"<div class=c>{e(j.city)}</div>" if j.city else ""
        return (
            f"<div class=job><div class=row><span><b>{e(j.title)}</b>, <i>{e(j.employer)}</i>"
            f"</span><span class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</span>"
            f"</div>{city}{_bullets(j)}</div>"
        )

    edu = "".join(
        f"<div class=job><div class=row><span><b>{e(s.degree)}, {e(s.subject)}</b>, "
        f"<i>{e(s.institution)}</i></span>"
        f"<span class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div></div>"
        for s in r.schools
    )
    items = [f"{e(label)} {e(r.phone.raw)}", e(r.email), e(r.city)]
    items += [f'<a href="https://{e(b)}">{e(b)}</a>' for b, _ in r.links]
    css = (
        "body{padding:34px 46px;font-family:'Liberation Serif',serif;font-size:10.5pt}"
        "h1{font-size:24pt;margin:0;font-weight:400}.ct{font-size:9pt;margin:4px 0 12px}"
        "h2{font-size:11pt;font-variant:small-caps;letter-spacing:1px;margin:14px 0 6px;"
        "border-bottom:1px solid #999}.row{display:flex;justify-content:space-between}"
        ".d{font-size:9pt;white-space:nowrap}.c{font-size:9pt;color:#555}.job{margin-bottom:7px}"
        "ul{margin:2px 0}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div>{e(r.headline)}</div><div class=ct>"
        + " &bull; ".join(items)
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>"
        + "".join(job(j) for j in r.jobs)
        + f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2>"
        f"<p>{e(', '.join(r.skills))}</p><h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(_page(css, body, r.lang)), yo


# In the order they were written; holdout.txt holds every second one.
TEMPLATES: dict[str, Render] = {
    "jsonresume-paper": theme("jsonresume-theme-paper"),
    "jsonresume-class": theme("jsonresume-theme-class"),
    "jsonresume-spartan": theme("jsonresume-theme-spartan"),
    "jsonresume-onepage": theme("jsonresume-theme-onepage"),
    "html-contact-labels": contact_labels,
    "html-title-comma-employer": title_comma_employer,
    # Added after the first six had been tuned on, the same rule.
    "jsonresume-compact": theme("jsonresume-theme-compact"),
    "jsonresume-short": theme("jsonresume-theme-short"),
}
