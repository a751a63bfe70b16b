"""HTML/CSS resumes printed to PDF by headless Chromium.

Two kinds of template: designs of our own (sidebars, columns, tables, a dates
gutter, right-aligned dates, icon fonts before contacts, headings with no
dictionary word), and JSON Resume themes from npm fed our own resume JSON.
"""

from __future__ import annotations

import html
import json
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import content
import headings
import phonebook
from content import Resume

HERE = Path(__file__).resolve().parent
NODE = HERE / "node"
FA_CSS = NODE / "node_modules/@fortawesome/fontawesome-free/css/all.min.css"
Render = Callable[[Resume, random.Random], tuple[bytes, bool]]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("no chromium on PATH (bench/realworld/build.py installs Debian 'chromium')")


def print_pdf(page: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "cv.html", Path(tmp) / "cv.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={tmp}/profile",
            # Themes link web fonts and CSS from CDNs; offline they must fail fast, and a
            # fresh machine with network must print the same document.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            "--virtual-time-budget=3000",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        if not out.exists():
            raise RuntimeError("chromium printed nothing")
        return out.read_bytes()


def e(text: str) -> str:
    return html.escape(text, quote=True)


ICONS = {
    "email": "fa-solid fa-envelope",
    "phone": "fa-solid fa-phone",
    "city": "fa-solid fa-location-dot",
    "linkedin": "fa-brands fa-linkedin",
    "github": "fa-brands fa-github",
    "portfolio": "fa-solid fa-globe",
}


def contacts(r: Resume, *, icons: bool, mailto: bool = True) -> list[str]:
    """One HTML fragment per contact item, optionally with an icon-font glyph before it."""

    def item(kind: str, body: str) -> str:
        icon = f'<i class="{ICONS[kind]}"></i> ' if icons else ""
        return f"{icon}{body}"

    mail = f'<a href="mailto:{e(r.email)}">{e(r.email)}</a>' if mailto else e(r.email)
    out = [item("email", mail), item("phone", e(r.phone.raw)), item("city", e(r.city))]
    out += [item(k, f'<a href="https://{e(b)}">{e(b)}</a>') for b, k in r.links]
    return out


def page(css: str, body: str, lang: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{FA_CSS.as_uri()}"><style>'
        "@page{size:A4;margin:0} body{margin:0;font-family:'DejaVu Sans',Arial,sans-serif;"
        f"font-size:10pt;color:#222}} a{{color:inherit;text-decoration:none}} {css}</style></head>"
        f"<body>{body}</body></html>"
    )


def _style(rng: random.Random) -> tuple[str, bool]:
    ds = rng.choice(("mon", "month", "mm/yyyy", "yyyy", "mon"))
    return ds, ds == "yyyy"


def _langs(r: Resume) -> str:
    return "".join(
        f"<li>{e(r.lang_label(c))} — {e(headings.level(r.lang, lv))}</li>" for c, lv in r.languages
    )


def _bullets(j: content.Job) -> str:
    return "<ul>" + "".join(f"<li>{e(b)}</li>" for b in j.bullets) + "</ul>" if j.bullets else ""


def sidebar_left(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    side = (
        f"<h2>{e(h['contact'])}</h2><ul class=c>"
        + "".join(f"<li>{x}</li>" for x in contacts(r, icons=True))
        + f"</ul><h2>{e(h['skills'])}</h2><ul>"
        + "".join(f"<li>{e(s)}</li>" for s in r.skills)
        + f"</ul><h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    jobs = "".join(
        f"<div class=job><h3>{e(j.title)}</h3><div class=emp><a href='#'>{e(j.employer)}</a></div>"
        f"<div class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</div>{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><h3>{e(s.degree_long)}, {e(s.subject)}</h3><div class=emp>{e(s.institution)}"
        f"</div><div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div></div>"
        for s in r.schools
    )
    main = (
        f"<h1>{e(r.given)}<br><b>{e(r.family.upper())}</b></h1><p class=hl>{e(r.headline)}</p>"
        f"<p>{e(r.summary)}</p><h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
    )
    css = (
        ".w{display:grid;grid-template-columns:32% 68%;min-height:297mm}"
        ".s{background:#243447;color:#eee;padding:24px 16px}.m{padding:24px 28px}"
        "h1{font-weight:300;font-size:28pt;margin:0}h2{font-size:12pt;text-transform:uppercase;"
        "border-bottom:1px solid #999;margin-top:18px}.s ul{list-style:none;padding:0}"
        ".c li{overflow-wrap:anywhere;margin:4px 0}.emp{color:#2a6f97;font-weight:600}"
        ".d{color:#777;font-size:9pt}h3{margin:8px 0 2px;font-size:11pt}.hl{color:#2a6f97}"
    )
    body = f"<div class=w><div class=s>{side}</div><div class=m>{main}</div></div>"
    return print_pdf(page(css, body, r.lang)), yo


def sidebar_right(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=True)
    jobs = "".join(
        f"<div class=job><div class=row><b>{e(j.employer)}</b>"
        f"<span>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
        f"<div class=t>{e(j.title)}</div>{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=row><b>{e(s.institution)}</b>"
        f"<span>{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div>"
        f"<div class=t>{e(s.degree)} · {e(s.subject)}</div></div>"
        for s in r.schools
    )
    side = (
        f"<h2>{e(h['contact'])}</h2>"
        + "".join(f"<p>{x}</p>" for x in contacts(r, icons=True))
        + f"<h2>{e(h['skills'])}</h2><p>{'<br>'.join(e(s) for s in r.skills)}</p>"
        + f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    main = (
        f"<h1>{e(r.name)}</h1><div class=hl>{e(r.headline)}</div><h2>{e(h['profile'])}</h2>"
        f"<p>{e(r.summary)}</p><h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
    )
    css = (
        ".w{display:flex}.m{width:64%;padding:30px}.s{width:36%;padding:30px 18px;background:#f3efe6}"
        "h1{font-family:Georgia,serif;font-size:26pt;margin:0}h2{color:#b5542d;font-size:11pt;"
        "margin:16px 0 6px}.row{display:flex;justify-content:space-between}.row span{color:#666;"
        "font-size:9pt}.t{font-style:italic}.job{margin-bottom:10px}.s ul{padding-left:14px}"
    )
    body = f"<div class=w><div class=m>{main}</div><div class=s>{side}</div></div>"
    return print_pdf(page(css, body, r.lang)), yo


def two_column(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.3)
    at = {
        "en": "at",
        "de": "bei",
        "fr": "chez",
        "es": "en",
        "it": "presso",
        "nl": "bij",
        "pt": "na",
    }
    jobs = "".join(
        f"<div class=job><b>{e(j.title)}</b> {at[r.lang]} <b>{e(j.employer)}</b>"
        f"<div class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}"
        f"{' · ' + e(j.city) if j.city else ''}</div>{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><b>{e(s.degree)} {e(s.subject)}</b><br>{e(s.institution)}"
        f"<div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div></div>"
        for s in r.schools
    )
    head = (
        f"<header><h1>{e(r.name)}</h1><div>{e(r.headline)}</div><div class=ct>"
        + " &nbsp;|&nbsp; ".join(contacts(r, icons=False))
        + "</div></header>"
    )
    right = (
        f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2><p>{e(', '.join(r.skills))}</p>"
        f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    css = (
        "header{background:#0b525b;color:#fff;padding:22px 30px}h1{margin:0;font-size:24pt}"
        ".ct{font-size:9pt;margin-top:6px}.cols{display:grid;grid-template-columns:1fr 1fr;"
        "gap:26px;padding:10px 30px}h2{font-size:11pt;color:#0b525b;text-transform:uppercase;"
        "letter-spacing:1px}.d{color:#666;font-size:9pt;font-style:italic}.job{margin-bottom:10px}"
    )
    body = f"{head}<div class=cols><div><h2>{e(h['experience'])}</h2>{jobs}</div><div>{right}</div></div>"
    return print_pdf(page(css, body, r.lang)), yo


def three_column(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    jobs = "".join(
        f"<div class=job><div class=t>{e(j.title)}</div><div>{e(j.employer)}"
        f"{' — ' + e(j.city) if j.city else ''}</div>"
        f"<div class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</div>{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=t>{e(s.institution)}</div><div>{e(s.degree_long)} "
        f"({e(s.subject)})</div><div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div></div>"
        for s in r.schools
    )
    c1 = (
        f"<h2>{e(h['contact'])}</h2>"
        + "".join(f"<p>{x}</p>" for x in contacts(r, icons=True))
        + f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    c3 = f"<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}</h2>" + "".join(
        f"<span class=tag>{e(s)}</span> " for s in r.skills
    )
    css = (
        "h1{font-size:22pt;margin:26px 24px 0}.hl{margin:0 24px;color:#8a5a00}.cols{display:grid;"
        "grid-template-columns:25% 43% 32%;gap:0}.cols>div{padding:8px 14px}.c1 p{overflow-wrap:"
        "anywhere;font-size:8.5pt}h2{font-size:10pt;border-bottom:2px solid #8a5a00}.t{font-weight:"
        "700}.d{font-size:8.5pt;color:#555}.tag{display:inline-block;border:1px solid #ccc;"
        "border-radius:8px;padding:1px 6px;margin:2px;font-size:8.5pt}.job{margin-bottom:9px}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=hl>{e(r.headline)}</div><div class=cols>"
        f"<div class=c1>{c1}</div><div><h2>{e(h['experience'])}</h2>{jobs}</div><div>{c3}</div></div>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def table(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=False)
    rows = [f"<tr><th colspan=2>{e(h['experience'])}</th></tr>"]
    rows += [
        f"<tr><td class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</td><td><b>{e(j.title)}"
        f"</b><br>{e(j.employer)}{', ' + e(j.city) if j.city else ''}{_bullets(j)}</td></tr>"
        for j in r.jobs
    ]
    rows.append(f"<tr><th colspan=2>{e(h['education'])}</th></tr>")
    rows += [
        f"<tr><td class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</td><td><b>{e(s.degree)}"
        f" {e(s.subject)}</b><br>{e(s.institution)}</td></tr>"
        for s in r.schools
    ]
    rows.append(
        f"<tr><th colspan=2>{e(h['skills'])}</th></tr><tr><td></td><td>{e(', '.join(r.skills))}</td></tr>"
    )
    rows.append(
        f"<tr><th colspan=2>{e(h['languages'])}</th></tr><tr><td></td><td><ul>{_langs(r)}</ul></td></tr>"
    )
    info = "".join(f"<tr><td class=d></td><td>{x}</td></tr>" for x in contacts(r, icons=False))
    css = (
        "table{width:88%;margin:10px auto;border-collapse:collapse}td{vertical-align:top;padding:4px"
        " 8px;border-bottom:1px solid #ddd}td.d{width:28%;text-align:right;color:#444}th{text-align:"
        "left;padding-top:14px;font-size:12pt;color:#1d3557}h1{text-align:center;margin-top:30px}"
    )
    body = f"<h1>{e(r.name)}</h1><table>{info}{''.join(rows)}</table>"
    return print_pdf(page(css, body, r.lang)), yo


def gutter(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=True)
    sep = rng.choice((" | ", " — ", " / "))

    def block(title: str, items: list[tuple[str, str]]) -> str:
        inner = "".join(f"<div class=g>{e(a)}</div><div>{b}</div>" for a, b in items)
        return f"<div class=g><h2>{e(title)}</h2></div><div></div>{inner}"

    jobs = [
        (
            content.show_range(j.start, j.end, ds, r.lang),
            f"<b>{e(j.employer)}</b>{sep}{e(j.title)}{_bullets(j)}",
        )
        for j in r.jobs
    ]
    edu = [
        (
            content.show_range(s.start, s.end, ds, r.lang),
            f"<b>{e(s.institution)}</b>{sep}{e(s.degree)} {e(s.subject)}",
        )
        for s in r.schools
    ]
    grid = (
        block(h["experience"], jobs)
        + block(h["education"], edu)
        + block(h["skills"], [("", e(", ".join(r.skills)))])
        + block(h["languages"], [("", f"<ul>{_langs(r)}</ul>")])
    )
    css = (
        ".grid{display:grid;grid-template-columns:120px 1fr;column-gap:18px;row-gap:6px;margin:0 40px}"
        ".g{color:#666;text-align:right;font-size:9pt}h2{font-size:10pt;color:#000;margin:14px 0 0}"
        "h1{margin:36px 40px 2px 178px}.ct{margin:0 40px 10px 178px;font-size:9pt}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct>"
        + " · ".join(contacts(r, icons=True))
        + f"</div><div class=grid>{grid}</div>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def right_dates(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    jobs = "".join(
        f"<div class=job><span class=r>{e(content.show_range(j.start, j.end, ds, r.lang))}</span>"
        f"<b>{e(j.title)}</b> | {e(j.employer)}{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><span class=r>{e(content.show_range(s.start, s.end, ds, r.lang))}</span>"
        f"<b>{e(s.degree)}, {e(s.subject)}</b> | {e(s.institution)}</div>"
        for s in r.schools
    )
    css = (
        "body{padding:36px 48px;font-family:'Liberation Serif',serif}h1{text-align:center;"
        "letter-spacing:4px;text-transform:uppercase;margin:0}.ct{text-align:center;font-size:9pt}"
        "h2{font-size:10pt;letter-spacing:3px;text-transform:uppercase;border-bottom:1px solid #000;"
        "margin:14px 0 6px}.r{float:right;color:#333}.job{margin-bottom:6px}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct>" + " • ".join(contacts(r, icons=False)) + "</div>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2>{e(' • '.join(r.skills))}<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def header_band(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    jobs = "".join(
        f"<div class=job><div class=row><span><b>{e(j.title)}</b> @ {e(j.employer)}</span>"
        f"<span class=pill>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
        f"{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=row><span><b>{e(s.degree)} {e(s.subject)}</b> @ {e(s.institution)}"
        f"</span><span class=pill>{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div></div>"
        for s in r.schools
    )
    css = (
        ".band{background:#3d348b;color:#fff;padding:26px 36px}h1{margin:0;font-size:26pt}"
        ".ct{margin-top:8px;font-size:9pt}.main{padding:6px 36px}h2{color:#3d348b;font-size:12pt}"
        ".row{display:flex;justify-content:space-between;align-items:center}.pill{background:#eee;"
        "border-radius:10px;padding:1px 8px;font-size:8.5pt}.job{margin-bottom:8px}"
    )
    body = (
        f"<div class=band><h1>{e(r.name)}</h1><div>{e(r.headline)}</div><div class=ct>"
        + " &nbsp;•&nbsp; ".join(contacts(r, icons=True))
        + "</div></div><div class=main>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2>{e(' · '.join(r.skills))}<h2>{e(h['languages'])}</h2>"
        f"<ul>{_langs(r)}</ul></div>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def timeline(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    jobs = "".join(
        f"<div class=ev><div class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</div>"
        f"<div class=emp>{e(j.employer.upper())}</div><div class=t>{e(j.title)}</div>{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=ev><div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div>"
        f"<div class=emp>{e(s.institution.upper())}</div><div class=t>{e(s.degree_long)} — "
        f"{e(s.subject)}</div></div>"
        for s in r.schools
    )
    css = (
        "body{padding:30px 44px}h1{font-size:30pt;font-weight:200;margin:0}.ct{font-size:9pt;"
        "color:#555}.ev{border-left:2px solid #e07a5f;padding:0 0 10px 14px;margin-left:6px}"
        ".d{color:#e07a5f;font-size:9pt}.emp{font-size:8.5pt;letter-spacing:1px;color:#555}"
        ".t{font-size:12pt}h2{font-size:11pt;margin:16px 0 6px}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct>" + " / ".join(contacts(r, icons=True)) + "</div>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2><p>{e(', '.join(r.skills))}</p><h2>{e(h['languages'])}</h2>"
        f"<ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def cards(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    jobs = "".join(
        f"<div class=card><div class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</div>"
        f"<div class=t>{e(j.title)}</div><div class=emp>{e(j.employer)}</div></div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=card><div class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}</div>"
        f"<div class=t>{e(s.degree)} {e(s.subject)}</div><div class=emp>{e(s.institution)}</div></div>"
        for s in r.schools
    )
    css = (
        "body{padding:30px 36px;background:#fff}h1{margin:0;font-size:24pt;color:#264653}"
        ".grid{display:grid;grid-template-columns:1fr 1fr;gap:10px}.card{border:1px solid #ccc;"
        "border-radius:6px;padding:8px}.d{font-size:8.5pt;color:#2a9d8f}.t{font-weight:700}"
        ".emp{color:#555}h2{font-size:11pt;color:#264653}.tag{display:inline-block;background:"
        "#e9f5f3;border-radius:4px;padding:2px 6px;margin:2px}.ct span{margin-right:14px}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><p>{e(r.summary)}</p><div class=ct>"
        + "".join(f"<span>{x}</span>" for x in contacts(r, icons=True))
        + "</div>"
        f"<h2>{e(h['experience'])}</h2><div class=grid>{jobs}</div>"
        f"<h2>{e(h['education'])}</h2><div class=grid>{edu}</div><h2>{e(h['skills'])}</h2>"
        + "".join(f"<span class=tag>{e(s)}</span>" for s in r.skills)
        + f"<h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def smallcaps(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=True)
    jobs = "".join(
        f"<p><span class=sc>{e(j.employer)}</span> — {e(j.title)} "
        f"({e(content.show_range(j.start, j.end, ds, r.lang, sep=' to ' if r.lang == 'en' else ' – '))})"
        f"{_bullets(j)}</p>"
        for j in r.jobs
    )
    edu = "".join(
        f"<p><span class=sc>{e(s.institution)}</span> — {e(s.degree)} {e(s.subject)} "
        f"({e(content.show_range(s.start, s.end, ds, r.lang))})</p>"
        for s in r.schools
    )
    css = (
        "body{padding:40px 56px;font-family:'Liberation Serif',serif;font-size:11pt}h1{font-variant:"
        "small-caps;font-size:24pt;margin:0}.sc{font-variant:small-caps;font-weight:700}h2{font-size:"
        "12pt;font-style:italic;font-weight:400;margin:16px 0 4px;color:#7b2cbf}.ct{font-size:9.5pt}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=ct>" + "<br>".join(contacts(r, icons=False)) + "</div>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}<h2>{e(h['skills'])}"
        f"</h2><p>{e(', '.join(r.skills))}</p><h2>{e(h['languages'])}</h2><ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


# ---- fourth-pass designs: layouts the first 32 templates did not cover ---------------

SYMBOLS = {
    "email": "✉",
    "phone": "☎",
    "city": "⌂",
    "linkedin": "➚",
    "github": "➚",
    "portfolio": "➚",
}


def _office_phone(r: Resume, rng: random.Random, odds: float = 0.7) -> None:
    """Most of these designs print an office or home line, in its country's style."""
    if rng.random() < odds:
        r.phone = phonebook.landline(rng, r.country)


def _symbol_contacts(r: Resume) -> list[str]:
    """Contacts behind Unicode pictographs (no icon font), as word-processor designs do."""
    out = [f"{SYMBOLS['email']} {e(r.email)}", f"{SYMBOLS['phone']} {e(r.phone.raw)}"]
    out.append(f"{SYMBOLS['city']} {e(r.city)}")
    out += [f"{SYMBOLS[k]} {e(b)}" for b, k in r.links]
    return out


def stacked_light(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Title bold with dates flush right; the employer on its own line below in a light
    weight; education "Degree in Subject, School" on one line; pictographs before contacts."""
    ds, yo = _style(rng)
    _office_phone(r, rng)
    content.print_long_degrees(r)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    joiner = rng.choice((", ", " - "))
    jobs = "".join(
        f"<div class=job><div class=row><span class=t>{e(j.title)}</span>"
        f"<span class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
        f"<div class=emp>{e(j.employer)}{' · ' + e(j.city) if j.city else ''}</div>"
        f"{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=row><span>{e(s.degree)} ({e(s.subject)}){joiner}"
        f"{e(s.institution)}</span><span class=d>{e(content.show_range(s.start, s.end, ds, r.lang))}"
        "</span></div></div>"
        for s in r.schools
    )
    css = (
        "body{padding:34px 46px;font-family:'DejaVu Sans',sans-serif}h1{font-size:25pt;"
        "font-weight:200;margin:0;letter-spacing:1px}.hl{font-weight:200;font-size:13pt;color:#555}"
        ".ct{margin:8px 0 4px;font-size:8.5pt;color:#333}.ct span{margin-right:16px}"
        "h2{font-size:10.5pt;font-weight:700;color:#005f73;margin:16px 0 6px;padding-bottom:2px;"
        "border-bottom:3px solid #94d2bd}.row{display:flex;justify-content:space-between}"
        ".t{font-weight:700;font-size:10.5pt}.d{font-size:8.5pt;color:#777}"
        ".emp{font-weight:200;color:#555;font-size:10pt}.job{margin-bottom:9px}ul{margin:3px 0}"
    )
    body = (
        f"<h1>{e(r.name)}</h1><div class=hl>{e(r.headline)}</div><div class=ct>"
        + "".join(f"<span>{x}</span>" for x in _symbol_contacts(r))
        + f"</div><h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
        f"<h2>{e(h['skills'])}</h2><p>{e(' / '.join(r.skills))}</p>"
        f"<h2>{e(h['languages'])}</h2><p>"
        + " · ".join(
            f"{e(r.lang_label(c))} ({e(headings.level(r.lang, lv))})" for c, lv in r.languages
        )
        + "</p>"
    )
    return print_pdf(page(css, body, r.lang)), yo


HEAD_ICONS = {
    "experience": "fa-solid fa-briefcase",
    "education": "fa-solid fa-graduation-cap",
    "skills": "fa-solid fa-screwdriver-wrench",
    "languages": "fa-solid fa-language",
}


def inline_header(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """One line per job: ``Title — Employer``, ``Title @ Employer`` or ``Employer | Title``
    with the dates right-aligned; icon-font glyphs before the headings; name left and the
    contacts stacked right-aligned beside it."""
    ds, yo = _style(rng)
    _office_phone(r, rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)
    style = rng.choice(("dash", "at", "pipe"))

    def head(j: content.Job) -> str:
        if style == "dash":
            return f"<b>{e(j.title)}</b> — {e(j.employer)}"
        if style == "at":
            return f"<b>{e(j.title)}</b> @ {e(j.employer)}"
        return f"<b>{e(j.employer)}</b> | {e(j.title)}"

    jobs = "".join(
        f"<div class=job><div class=row><span>{head(j)}</span>"
        f"<span class=d>{e(content.show_range(j.start, j.end, ds, r.lang))}</span></div>"
        f"{'<div class=c>' + e(j.city) + '</div>' if j.city else ''}{_bullets(j)}</div>"
        for j in r.jobs
    )
    edu = "".join(
        f"<div class=job><div class=row><span><b>{e(s.degree)} {e(s.subject)}</b> - "
        f"{e(s.institution)}</span><span class=d>"
        f"{e(content.show_range(s.start, s.end, ds, r.lang))}</span></div></div>"
        for s in r.schools
    )

    def h2(key: str) -> str:
        return f'<h2><i class="{HEAD_ICONS[key]}"></i> {e(h[key])}</h2>'

    css = (
        "body{padding:30px 40px;font-family:'Liberation Sans',Arial,sans-serif}"
        ".top{display:flex;justify-content:space-between;align-items:flex-end;border-bottom:"
        "2px solid #6a040f;padding-bottom:8px}h1{margin:0;font-size:24pt;color:#6a040f}"
        ".ct{text-align:right;font-size:8.5pt;line-height:1.5}h2{font-size:11pt;color:#6a040f;"
        "margin:16px 0 6px}h2 i{width:18px}.row{display:flex;justify-content:space-between;"
        "align-items:baseline}.d{font-size:9pt;color:#444;white-space:nowrap;margin-left:12px}"
        ".c{font-size:8.5pt;color:#666;font-style:italic}.job{margin-bottom:8px}"
    )
    body = (
        f"<div class=top><div><h1>{e(r.name)}</h1><div>{e(r.headline)}</div></div><div class=ct>"
        + "<br>".join(contacts(r, icons=True))
        + "</div></div>"
        f"{h2('experience')}{jobs}{h2('education')}{edu}{h2('skills')}<p>{e(', '.join(r.skills))}</p>"
        f"{h2('languages')}<ul>{_langs(r)}</ul>"
    )
    return print_pdf(page(css, body, r.lang)), yo


def icon_sidebar(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """A coloured sidebar with the name on top and each contact behind an icon-font glyph
    in a badge; the main column has a narrow dates column, the title bold and the
    employer (or school) in small caps below."""
    ds, yo = _style(rng)
    _office_phone(r, rng)
    content.print_long_degrees(r)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.4)

    def badge(kind: str, body: str) -> str:
        return f'<div class=ci><span class=ic><i class="{ICONS[kind]}"></i></span><span>{body}</span></div>'

    side = (
        f"<h1>{e(r.given)} {e(r.family)}</h1><div class=hl>{e(r.headline)}</div>"
        f"<h3>{e(h['contact'])}</h3>"
        + badge("phone", e(r.phone.raw))
        + badge("email", f'<a href="mailto:{e(r.email)}">{e(r.email)}</a>')
        + badge("city", e(r.city))
        + "".join(badge(k, f'<a href="https://{e(b)}">{e(b)}</a>') for b, k in r.links)
        + f"<h3>{e(h['skills'])}</h3>"
        + "".join(f"<div class=sk>{e(s)}</div>" for s in r.skills)
        + f"<h3>{e(h['languages'])}</h3><ul>{_langs(r)}</ul>"
    )

    def entry(dates: str, top: str, below: str, extra: str = "") -> str:
        return (
            f"<div class=en><div class=d>{e(dates)}</div><div><div class=t>{e(top)}</div>"
            f"<div class=sc>{e(below)}</div>{extra}</div></div>"
        )

    jobs = "".join(
        entry(
            content.show_range(j.start, j.end, ds, r.lang, sep=" – "),
            j.title,
            j.employer + (f", {j.city}" if j.city else ""),
            _bullets(j),
        )
        for j in r.jobs
    )
    edu = "".join(
        entry(
            content.show_range(s.start, s.end, ds, r.lang),
            f"{s.degree}, {s.subject}",
            s.institution,
        )
        for s in r.schools
    )
    css = (
        ".w{display:grid;grid-template-columns:30% 70%;min-height:297mm}.s{background:#1b4332;"
        "color:#f1faee;padding:26px 16px;font-size:9pt}.s h1{font-size:19pt;margin:0;color:#fff}"
        ".hl{color:#b7e4c7;margin:4px 0 10px}.s h3{font-size:10pt;letter-spacing:2px;"
        "text-transform:uppercase;color:#b7e4c7;margin:18px 0 6px}.ci{display:flex;"
        "align-items:center;margin:6px 0;overflow-wrap:anywhere}.ic{display:inline-flex;width:22px;"
        "height:22px;border-radius:11px;background:#2d6a4f;align-items:center;justify-content:"
        "center;margin-right:8px;flex:none;font-size:9pt}.sk{margin:2px 0}.s ul{padding-left:14px}"
        ".m{padding:26px 26px}.m h2{font-size:12pt;color:#1b4332;border-bottom:1px solid #1b4332;"
        "margin:14px 0 8px}.en{display:grid;grid-template-columns:22% 78%;column-gap:10px;"
        "margin-bottom:9px}.en .d{font-size:8.5pt;color:#555}.t{font-weight:700}"
        ".sc{font-variant:small-caps;color:#2d6a4f}"
    )
    main = (
        f"<h2>{e(h['profile'])}</h2><p>{e(r.summary)}</p>"
        f"<h2>{e(h['experience'])}</h2>{jobs}<h2>{e(h['education'])}</h2>{edu}"
    )
    body = f"<div class=w><div class=s>{side}</div><div class=m>{main}</div></div>"
    return print_pdf(page(css, body, r.lang)), yo


# ---- JSON Resume themes (npm) -------------------------------------------------------


def _iso(index: int) -> str:
    year, month = content.ym(index)
    return f"{year}-{month:02d}-01"


def json_resume(r: Resume) -> dict[str, object]:
    """Our content in the JSON Resume schema (both current and legacy field names)."""
    profiles = []
    for bare, kind in r.links:
        network = {"linkedin": "LinkedIn", "github": "GitHub", "portfolio": "Website"}[kind]
        profiles.append(
            {"network": network, "username": bare.rsplit("/", 1)[-1], "url": f"https://{bare}"}
        )
    return {
        "basics": {
            "name": r.name,
            "label": r.headline,
            "email": r.email,
            "phone": r.phone.raw,
            "summary": r.summary,
            "location": {"city": r.city, "countryCode": r.country},
            "profiles": profiles,
        },
        "work": [
            {
                "name": j.employer,
                "company": j.employer,
                "position": j.title,
                "location": j.city or "",
                "startDate": _iso(j.start),
                **({"endDate": _iso(j.end)} if j.end is not None else {}),
                "highlights": j.bullets,
            }
            for j in r.jobs
        ],
        "education": [
            {
                "institution": s.institution,
                "area": s.subject,
                "studyType": s.degree,
                "startDate": _iso(s.start),
                "endDate": _iso(s.end),
            }
            for s in r.schools
        ],
        "skills": [{"name": "Skills", "keywords": r.skills}],
        "languages": [
            {"language": r.lang_label(c), "fluency": headings.level(r.lang, lv)}
            for c, lv in r.languages
        ],
    }


def theme(package: str, *, year_only: bool = False) -> Render:
    def render(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
        doc = json.dumps(json_resume(r), ensure_ascii=False)
        done = subprocess.run(
            ["node", str(NODE / "render_theme.mjs"), package],
            input=doc.encode(),
            cwd=NODE,
            capture_output=True,
            timeout=120,
            check=True,
        )
        return print_pdf(done.stdout.decode("utf-8")), year_only

    return render


TEMPLATES: dict[str, Render] = {
    "html-sidebar-left": sidebar_left,
    "html-sidebar-right": sidebar_right,
    "html-two-column": two_column,
    "html-three-column": three_column,
    "html-table": table,
    "html-gutter": gutter,
    "html-right-dates": right_dates,
    "html-header-band": header_band,
    "html-timeline": timeline,
    "html-cards": cards,
    "html-smallcaps": smallcaps,
    "html-stacked-light": stacked_light,
    "html-inline-header": inline_header,
    "html-icon-sidebar": icon_sidebar,
    **{
        f"jsonresume-{t}": theme(f"jsonresume-theme-{t}")
        for t in ("even", "flat", "kendall", "macchiato", "stackoverflow", "elegant")
    },
}
