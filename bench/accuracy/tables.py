"""The ``table`` family: a two-column CV table (Europass-like), drawn two ways.

``reportlab_table`` builds a ReportLab platypus ``Table``; ``pymupdf_story`` writes the
same rows as an HTML table laid out by PyMuPDF's Story engine (MuPDF's HTML layout,
which also shapes ligatures such as "ﬁ", as real exporters do).
"""

from __future__ import annotations

import io
import random
from html import escape
from pathlib import Path

import backends
import fonts
import pymupdf
from corpus import Resume
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from style import LABELS, Style, heading_text

Row = tuple[str, str]  # (left cell, right cell) as minimal HTML: <b>, <br/>
HEAD = "\x00"  # left-cell marker for a heading row that spans both columns


def rows(rng: random.Random, style: Style, resume: Resume) -> tuple[list[str], list[Row]]:
    """Header lines (name first) and table rows, shared by both renderers."""
    e = escape
    header = [f"<b>{e(resume.name)}</b>"] + ([e(resume.headline)] if resume.headline else [])
    contact = [("location", resume.location)] + [("email", m) for m in resume.emails]
    contact += [("phone", p.raw) for p in resume.phones] + [("link", u) for u, _ in resume.links]
    out: list[Row] = []
    if rng.random() < 0.5:
        header.append(e(style.sep.join(v for _, v in contact)))
    else:
        out.append((HEAD, e(heading_text(style, style.headings["contact"]))))
        for kind, value in contact:
            label = rng.choice(LABELS[kind][resume.lang]) if kind in LABELS else ""
            out.append((e(label), e(value)))
    if resume.summary:
        out += [(HEAD, e(heading_text(style, style.headings["summary"]))), ("", e(resume.summary))]
    out.append((HEAD, e(heading_text(style, style.headings["experience"]))))
    for job in resume.jobs:
        where = f", {e(job.location)}" if job.location else ""
        body = f"<b>{e(job.title)}</b><br/>{e(job.employer)}{where}"
        body += "".join(f"<br/>{e(style.bullet)} {e(b)}" for b in job.bullets)
        out.append((e(job.span.text), body))
    out.append((HEAD, e(heading_text(style, style.headings["education"]))))
    for s in resume.schools:
        grade = f"<br/>{e(s.grade)}" if s.grade else ""
        out.append((e(s.date_text), f"<b>{e(s.degree_text)}</b><br/>{e(s.institution)}{grade}"))
    out.append((HEAD, e(heading_text(style, style.headings["skills"]))))
    out.append(("", e(", ".join(raw for _, raw in resume.skills))))
    out.append((HEAD, e(heading_text(style, style.headings["languages"]))))
    out += [(e(raw), e(prof)) for _, raw, prof in resume.languages]
    if resume.certifications:
        out.append((HEAD, e(heading_text(style, style.headings["certifications"]))))
        out += [("", e(text)) for *_, text in resume.certifications]
    return header, out


def _rl_markup(html: str, fam: fonts.Family) -> str:
    return html.replace("<b>", f'<font name="{fam.rl_bold}">').replace("</b>", "</font>")


def reportlab_table(rng: random.Random, style: Style, resume: Resume, fam: fonts.Family) -> bytes:
    backends.register_reportlab_fonts(fam)
    header, body = rows(rng, style, resume)
    base = ParagraphStyle(
        "base", fontName=fam.rl_regular, fontSize=style.base, leading=style.base * 1.3
    )
    big = ParagraphStyle(
        "big", parent=base, fontSize=style.name_size, leading=style.name_size * 1.3
    )
    size = style.base + style.heading_extra
    head = ParagraphStyle("head", parent=base, fontSize=size, leading=size * 1.3)
    story: list[object] = [Paragraph(_rl_markup(header[0], fam), big)]
    story += [Paragraph(_rl_markup(line, fam), base) for line in header[1:]]
    story.append(Spacer(1, 10))
    data, commands = [], []
    for i, (left, right) in enumerate(body):
        if left == HEAD:
            data.append([Paragraph(_rl_markup(f"<b>{right}</b>", fam), head), ""])
            commands.append(("SPAN", (0, i), (1, i)))
            if style.heading_rule != "none":
                commands.append(("LINEBELOW", (0, i), (1, i), 0.7, colors.Color(*style.accent)))
        else:
            data.append(
                [Paragraph(_rl_markup(left, fam), base), Paragraph(_rl_markup(right, fam), base)]
            )
    width = style.page[0] - 96
    left_w = rng.choice((95.0, 110.0, 125.0))
    table = Table(data, colWidths=[left_w, width - left_w], repeatRows=0)
    commands.append(("VALIGN", (0, 0), (-1, -1), "TOP"))
    if rng.random() < 0.4:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
    table.setStyle(TableStyle(commands))
    story.append(table)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=style.page,
        leftMargin=48,
        rightMargin=48,
        topMargin=48,
        bottomMargin=48,
        invariant=1,
    )
    doc.build(story)
    return buf.getvalue()


_CSS_FAMILY = {"helvetica": "sans-serif", "times": "serif", "courier": "monospace"}


def pymupdf_story(rng: random.Random, style: Style, resume: Resume, fam: fonts.Family) -> bytes:
    header, body = rows(rng, style, resume)
    archive = None
    css_family = _CSS_FAMILY.get(fam.key, "sans-serif")
    face = ""
    if fam.embedded_ttf:
        regular, bold = Path(fam.mu_regular), Path(fam.mu_bold)
        archive = pymupdf.Archive(str(regular.parent))
        face = (
            f"@font-face {{font-family: rf; src: url({regular.name});}}"
            f"@font-face {{font-family: rf; font-weight: bold; src: url({bold.name});}}"
        )
        css_family = "rf"
    border = "border: 0.5pt solid #888;" if rng.random() < 0.4 else ""
    left_w = rng.choice((95, 110, 125))
    css = (
        f"{face} body {{font-family: {css_family}; font-size: {style.base}pt;}}"
        f"td {{vertical-align: top; padding: 2pt 4pt; {border}}}"
        f".h {{font-size: {style.base + style.heading_extra}pt; font-weight: bold;"
        " padding-top: 8pt;}"
        f".name {{font-size: {style.name_size}pt;}}"
    )
    html = f'<p class="name">{header[0]}</p>' + "".join(f"<p>{line}</p>" for line in header[1:])
    html += '<table style="width: 100%; border-collapse: collapse;">'
    for left, right in body:
        if left == HEAD:
            html += f'<tr><td colspan="2" class="h">{right}</td></tr>'
        else:
            html += f'<tr><td style="width: {left_w}pt">{left}</td><td>{right}</td></tr>'
    html += "</table>"
    # HTML collapses the double spaces of letter-spaced headings; keep them visible.
    html = html.replace("<br/>", "<br>").replace("  ", "&#160; ")
    story = pymupdf.Story(html=html, user_css=css, archive=archive)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    page_rect = pymupdf.Rect(0, 0, *style.page)
    more = 1
    while more:
        device = writer.begin_page(page_rect)
        more, _ = story.place(pymupdf.Rect(48, 48, page_rect.x1 - 48, page_rect.y1 - 48))
        story.draw(device)
        writer.end_page()
    writer.close()
    doc = pymupdf.open(stream=buf.getvalue())
    doc.subset_fonts()
    data: bytes = doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return data
