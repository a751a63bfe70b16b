"""Draw a :class:`layout.Drawing` with ReportLab or with PyMuPDF.

Both writers are deterministic: ReportLab runs with ``invariant=1`` (fixed dates and
document id) and PyMuPDF writes no metadata dates and no new id, with subset fonts.
"""

from __future__ import annotations

import io

import fonts
import pymupdf
from layout import Drawing, Run
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def ordered_runs(drawing: Drawing, order: str) -> list[Run]:
    """``stream`` keeps layout order; ``rows`` interleaves columns line by line."""
    if order == "rows":
        return sorted(drawing.runs, key=lambda r: (r.page, round(r.y), r.x))
    return sorted(drawing.runs, key=lambda r: r.page)


def register_reportlab_fonts(fam: fonts.Family) -> None:
    if fam.embedded_ttf and fam.rl_regular not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(fam.rl_regular, fam.mu_regular))
        pdfmetrics.registerFont(TTFont(fam.rl_bold, fam.mu_bold))


def reportlab_pdf(drawing: Drawing, fam: fonts.Family, order: str) -> bytes:
    register_reportlab_fonts(fam)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(drawing.width, drawing.height), invariant=1)
    h = drawing.height
    runs = ordered_runs(drawing, order)
    for page in range(drawing.pages):
        for box in drawing.boxes:
            c.setFillColorRGB(*box.color)
            c.rect(box.x0, h - box.y1, box.x1 - box.x0, box.y1 - box.y0, stroke=0, fill=1)
        for rule in (r for r in drawing.rules if r.page == page):
            c.setStrokeColorRGB(*rule.color)
            c.setLineWidth(0.7)
            c.line(rule.x0, h - rule.y, rule.x1, h - rule.y)
        for run in (r for r in runs if r.page == page):
            c.setFillColorRGB(*run.color)
            c.setFont(fam.rl_bold if run.bold else fam.rl_regular, run.size)
            c.drawString(run.x, h - run.y, run.text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _mu_fonts(page: pymupdf.Page, fam: fonts.Family) -> tuple[str, str]:
    names = []
    for tag, spec in (("F0", fam.mu_regular), ("F1", fam.mu_bold)):
        if spec.endswith(".ttf"):
            page.insert_font(fontname=tag, fontfile=spec)
        else:  # embed the built-in Nimbus clone so Latin Extended glyphs work
            page.insert_font(fontname=tag, fontbuffer=fonts.mu_font(spec).buffer)
        names.append(tag)
    return names[0], names[1]


def pymupdf_pdf(drawing: Drawing, fam: fonts.Family, order: str) -> bytes:
    doc = pymupdf.open()
    runs = ordered_runs(drawing, order)
    for number in range(drawing.pages):
        page = doc.new_page(width=drawing.width, height=drawing.height)
        regular, bold = _mu_fonts(page, fam)
        for box in drawing.boxes:
            page.draw_rect(pymupdf.Rect(box.x0, box.y0, box.x1, box.y1), color=None, fill=box.color)
        for rule in (r for r in drawing.rules if r.page == number):
            page.draw_line((rule.x0, rule.y), (rule.x1, rule.y), color=rule.color, width=0.7)
        for run in (r for r in runs if r.page == number):
            page.insert_text(
                (run.x, run.y),
                run.text,
                fontname=bold if run.bold else regular,
                fontsize=run.size,
                color=run.color,
            )
    doc.subset_fonts()
    data: bytes = doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return data
