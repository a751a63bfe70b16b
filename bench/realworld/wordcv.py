"""Word-style resumes: DOCX built with python-docx, exported to PDF by LibreOffice.

Styles follow what word-processor templates do: built-in heading styles, a
right tab stop for dates, a two-column table, a Google-Docs-like layout
(employer, city — title; dates in small grey capitals), a German "Lebenslauf"
table with dates in the left column.
"""

from __future__ import annotations

import io
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
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

Render = Callable[[Resume, random.Random], tuple[bytes, bool]]


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError(
        "no LibreOffice (bench/realworld/build.py installs libreoffice-writer-nogui)"
    )


def export(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "cv.docx"
        src.write_bytes(buf.getvalue())
        cmd = [
            soffice(),
            f"-env:UserInstallation=file://{tmp}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        out = Path(tmp) / "cv.pdf"
        if not out.exists():
            raise RuntimeError("LibreOffice exported nothing")
        return out.read_bytes()


def _style(rng: random.Random) -> tuple[str, bool]:
    ds = rng.choice(("mon", "month", "mm/yyyy", "yyyy", "mm.yyyy"))
    return ds, ds == "yyyy"


def _font(doc: Document, name: str, size: float) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(size)


def _run(
    par,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    color: tuple[int, int, int] | None = None,
    caps: bool = False,
):
    run = par.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor(*color)
    if caps:
        run.font.small_caps = True
    return run


def _right_tab(par, doc: Document) -> None:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    par.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _langs(r: Resume) -> str:
    return ", ".join(f"{r.lang_label(c)} ({headings.level(r.lang, lv)})" for c, lv in r.languages)


def classic(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Built-in Title/Heading 1 styles; "Title, Employer" bold with dates on a right tab."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=False)
    doc = Document()
    _font(doc, rng.choice(("Liberation Serif", "Liberation Sans")), 10.5)
    doc.add_heading(r.name, level=0)
    doc.add_paragraph(" | ".join([r.city, r.phone.raw, r.email, *[b for b, _ in r.links]]))
    doc.add_heading(h["experience"], level=1)
    for j in r.jobs:
        p = doc.add_paragraph()
        _right_tab(p, doc)
        _run(p, f"{j.title}, {j.employer}", bold=True)
        _run(p, f"\t{content.show_range(j.start, j.end, ds, r.lang)}")
        for b in j.bullets:
            doc.add_paragraph(b, style="List Bullet")
    doc.add_heading(h["education"], level=1)
    for s in r.schools:
        p = doc.add_paragraph()
        _right_tab(p, doc)
        _run(p, s.institution, bold=True)
        _run(p, f"\t{content.show_range(s.start, s.end, ds, r.lang)}")
        doc.add_paragraph(f"{s.degree_long} – {s.subject}")
    doc.add_heading(h["skills"], level=1)
    doc.add_paragraph(", ".join(r.skills))
    doc.add_heading(h["languages"], level=1)
    doc.add_paragraph(_langs(r))
    return export(doc), yo


def modern(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Coloured caps headings as plain bold runs; employer line, then italic title line."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    accent = rng.choice(((31, 78, 121), (140, 40, 40), (30, 110, 80)))
    doc = Document()
    _font(doc, "Liberation Sans", 10)

    def heading(text: str) -> None:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        _run(p, text.upper(), bold=True, size=12, color=accent)

    p = doc.add_paragraph()
    _run(p, r.name, bold=True, size=22, color=accent)
    p = doc.add_paragraph()
    _run(p, r.headline, italic=True, size=12)
    doc.add_paragraph("  ·  ".join([r.email, r.phone.raw, r.city, *[b for b, _ in r.links]]))
    heading(h["experience"])
    for j in r.jobs:
        p = doc.add_paragraph()
        _right_tab(p, doc)
        _run(p, j.employer, bold=True)
        _run(p, f"\t{content.show_range(j.start, j.end, ds, r.lang)}", color=(90, 90, 90))
        p = doc.add_paragraph()
        _run(p, j.title + (f", {j.city}" if j.city else ""), italic=True)
        for b in j.bullets:
            doc.add_paragraph(b, style="List Bullet")
    heading(h["education"])
    for s in r.schools:
        p = doc.add_paragraph()
        _right_tab(p, doc)
        _run(p, f"{s.degree} {s.subject}", bold=True)
        _run(p, f"\t{content.show_range(s.start, s.end, ds, r.lang)}")
        doc.add_paragraph(s.institution)
    heading(h["skills"])
    doc.add_paragraph(" • ".join(r.skills))
    heading(h["languages"])
    doc.add_paragraph(_langs(r))
    return export(doc), yo


def gdocs(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Google-Docs-like: "Employer, City — Title" then dates in small grey capitals."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.3)
    doc = Document()
    _font(doc, "Liberation Sans", 10)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(1.9)
    p = doc.add_paragraph()
    _run(p, r.name, size=26)
    for line in (r.city, r.phone.raw, r.email, *[b for b, _ in r.links]):
        p = doc.add_paragraph()
        _run(p, line, size=9)
        p.paragraph_format.space_after = Pt(0)

    def heading(text: str) -> None:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(14)
        _run(p, text, bold=True, size=11, color=(0, 153, 153))

    heading(h["experience"])
    for j in r.jobs:
        p = doc.add_paragraph()
        _run(p, j.employer, bold=True)
        _run(p, (f", {j.city}" if j.city else "") + " — ")
        _run(p, j.title, italic=True)
        p = doc.add_paragraph()
        _run(
            p, content.show_range(j.start, j.end, ds, r.lang).upper(), size=8, color=(102, 102, 102)
        )
        for b in j.bullets:
            doc.add_paragraph(b, style="List Bullet")
    heading(h["education"])
    for s in r.schools:
        p = doc.add_paragraph()
        _run(p, s.institution, bold=True)
        _run(p, f" — {s.degree_long}, {s.subject}", italic=True)
        p = doc.add_paragraph()
        _run(
            p, content.show_range(s.start, s.end, ds, r.lang).upper(), size=8, color=(102, 102, 102)
        )
    heading(h["skills"])
    doc.add_paragraph(", ".join(r.skills))
    heading(h["languages"])
    doc.add_paragraph(_langs(r))
    return export(doc), yo


def sidebar_table(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """A borderless two-column table: contacts, skills, languages left; history right."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.5)
    doc = Document()
    _font(doc, "Liberation Sans", 9.5)
    tbl = doc.add_table(rows=1, cols=2)
    left, right = tbl.rows[0].cells
    left.width, right.width = Cm(5.5), Cm(11.5)
    p = left.paragraphs[0]
    _run(p, r.given + "\n", bold=True, size=18)
    _run(p, r.family, bold=True, size=18)
    for title, lines in (
        (h["contact"], [r.email, r.phone.raw, r.city, *[b for b, _ in r.links]]),
        (h["skills"], r.skills),
        (h["languages"], [_langs(r)]),
    ):
        _run(left.add_paragraph(), title.upper(), bold=True, color=(200, 80, 0))
        for line in lines:
            left.add_paragraph(line)
    _run(right.paragraphs[0], h["experience"].upper(), bold=True, color=(200, 80, 0))
    for j in r.jobs:
        p = right.add_paragraph()
        _run(p, j.title, bold=True)
        p = right.add_paragraph()
        _run(p, f"{j.employer} | {content.show_range(j.start, j.end, ds, r.lang)}")
        for b in j.bullets:
            right.add_paragraph("• " + b)
    _run(right.add_paragraph(), h["education"].upper(), bold=True, color=(200, 80, 0))
    for s in r.schools:
        p = right.add_paragraph()
        _run(p, f"{s.degree} {s.subject}", bold=True)
        right.add_paragraph(f"{s.institution} | {content.show_range(s.start, s.end, ds, r.lang)}")
    return export(doc), yo


def lebenslauf(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """Tabular CV: dates in the left column, entries right; one table per section."""
    ds, yo = _style(rng)
    h = headings.pick(r.lang, rng, unusual=False)
    doc = Document()
    _font(doc, "Liberation Serif", 11)
    title = {
        "de": "Lebenslauf",
        "fr": "Curriculum vitae",
        "es": "Currículum vitae",
        "it": "Curriculum vitae",
        "nl": "Curriculum vitae",
        "pt": "Currículo",
    }
    doc.add_heading(title.get(r.lang, "Curriculum Vitae"), level=0)
    info = doc.add_table(rows=0, cols=2)
    labels = {
        "de": ("Name", "Anschrift", "Telefon", "E-Mail"),
        "en": ("Name", "Address", "Phone", "Email"),
    }
    lab = labels.get(r.lang, labels["en"])
    for label, value in zip(lab, (r.name, r.city, r.phone.raw, r.email), strict=True):
        row = info.add_row().cells
        row[0].text, row[1].text = label + ":", value

    def section(name: str, rows: list[tuple[str, str, str]]) -> None:
        doc.add_heading(name, level=1)
        t = doc.add_table(rows=0, cols=2)
        for when, first, second in rows:
            cells = t.add_row().cells
            cells[0].width, cells[1].width = Cm(4), Cm(12)
            cells[0].text = when
            p = cells[1].paragraphs[0]
            _run(p, first, bold=True)
            if second:
                cells[1].add_paragraph(second)

    section(
        h["experience"],
        [(content.show_range(j.start, j.end, ds, r.lang), j.employer, j.title) for j in r.jobs],
    )
    section(
        h["education"],
        [
            (
                content.show_range(s.start, s.end, ds, r.lang),
                s.institution,
                f"{s.degree} {s.subject}",
            )
            for s in r.schools
        ],
    )
    section(h["skills"], [("", ", ".join(r.skills), "")])
    section(h["languages"], [("", _langs(r), "")])
    return export(doc), yo


PHONE_LABEL = {"en": "Phone", "de": "Telefon", "fr": "Tél.", "es": "Teléfono", "it": "Tel."}
PHONE_LABEL |= {"nl": "Tel.", "pt": "Telefone"}


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def grid_table(r: Resume, rng: random.Random) -> tuple[bytes, bool]:
    """One ruled table for the whole CV: shaded section rows across both cells, dates
    in the left cell broken after the dash, the entry right (employer or title first,
    drawn per document); schools in small caps after the degree."""
    ds, yo = _style(rng)
    if rng.random() < 0.7:
        r.phone = phonebook.landline(rng, r.country)
    h = headings.pick(r.lang, rng, unusual=rng.random() < 0.3)
    employer_first = rng.random() < 0.5
    doc = Document()
    _font(doc, rng.choice(("Liberation Sans", "DejaVu Sans")), 10)
    name = doc.add_paragraph()
    _run(name, r.name, bold=True, size=20, color=(0x1D, 0x35, 0x57))
    doc.add_paragraph(r.headline)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(3.6), Cm(13)

    def row(left: str, parts: list[tuple[str, dict[str, bool]]]) -> None:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.6), Cm(13)
        cells[0].text = left
        par = cells[1].paragraphs[0]
        for i, (text, fmt) in enumerate(parts):
            if i and fmt.get("newline", True):
                par = cells[1].add_paragraph()
            _run(
                par,
                text,
                bold=fmt.get("bold", False),
                italic=fmt.get("italic", False),
                caps=fmt.get("caps", False),
            )

    def heading(text: str) -> None:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[1])
        _run(merged.paragraphs[0], text.upper(), bold=True, color=(0x1D, 0x35, 0x57))
        _shade(merged, "DDE6F0")

    def dates(start: int, end: int | None) -> str:
        first, _, last = content.show_range(start, end, ds, r.lang).partition(" – ")
        return f"{first} –\n{last}"

    heading(h["contact"])
    row(PHONE_LABEL[r.lang], [(r.phone.raw, {})])
    row("E-mail", [(r.email, {})])
    row("", [(r.city, {})])
    for bare, _ in r.links:
        row("", [(bare, {})])
    heading(h["experience"])
    for j in r.jobs:
        where = f", {j.city}" if j.city else ""
        first = [(j.employer + where, {"bold": True}), (j.title, {"italic": True})]
        if not employer_first:
            first = [(j.title, {"bold": True}), (j.employer + where, {})]
        row(dates(j.start, j.end), first + [(f"• {b}", {}) for b in j.bullets])
    heading(h["education"])
    for sc in r.schools:
        row(
            dates(sc.start, sc.end),
            [
                (f"{sc.degree} {sc.subject}, ", {"bold": True}),
                (sc.institution, {"caps": True, "newline": False}),
            ],
        )
    heading(h["skills"])
    row("", [(", ".join(r.skills), {})])
    heading(h["languages"])
    for c, lv in r.languages:
        row(r.lang_label(c), [(headings.level(r.lang, lv), {})])
    return export(doc), yo


TEMPLATES: dict[str, Render] = {
    "docx-classic": classic,
    "docx-modern": modern,
    "docx-gdocs": gdocs,
    "docx-sidebar-table": sidebar_table,
    "docx-lebenslauf": lebenslauf,
    "docx-grid-table": grid_table,
}
