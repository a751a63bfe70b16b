"""DOCX: LibreOffice -> PDF -> parse_pdf (what the parser does) vs reading with python-docx.

    uv run python bench/docx_compare.py [--per-template N] [--templates a,b] [--seed S]

The documents are the real-world corpus's Word family (bench/realworld/wordcv.py),
regenerated from the same seeds as bench/realworld/build.py but kept as DOCX. Truth is
built the way build.py builds it. Two readers:

* ``libreoffice``: ``resumeflow_parser.convert.docx_to_pdf`` (soffice headless, fresh
  profile per document, as in production), then ``parse_pdf``.
* ``python-docx``: paragraphs and table rows read in body order with python-docx,
  their text typeset one line per paragraph (headings and bold runs kept as bold,
  run sizes kept) into a PDF with PyMuPDF, then ``parse_pdf``. The extractor needs
  lines with positions and fonts, so this is the cheapest way to reuse it; its boxes
  point into that synthetic page, not at where Word or LibreOffice would draw the text.

Prints seconds per document (median and total, reader only: conversion or reading
plus parse) and recall / precision / F1 per field for each reader, with the
matching rules of bench/realworld/score.py. Single process, one document at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE / "realworld"), str(HERE / "accuracy")]

import build  # noqa: E402
import content  # noqa: E402
import docx  # noqa: E402
import matching  # noqa: E402
import pymupdf  # noqa: E402
import score  # noqa: E402
import wordcv  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from resumeflow_parser.convert import docx_to_pdf  # noqa: E402
from resumeflow_parser.extract import parse_pdf  # noqa: E402
from resumeflow_shared.profile import CandidateProfile  # noqa: E402

TODAY = date(2026, 11, 1)
DEFAULT_TEMPLATES = tuple(wordcv.TEMPLATES)


def regenerate(name: str, index: int, seed: int) -> tuple[str, bytes, content.Resume, bool]:
    """The DOCX build.py would have exported for (template, index), and its person."""
    captured: list[bytes] = []

    def keep(document: Any) -> bytes:
        out = io.BytesIO()
        document.save(out)
        captured.append(out.getvalue())
        return b""

    doc_id = f"{name}-{index:02d}"
    rng = random.Random(f"{seed}:{name}:{index}")
    resume = content.sample(rng, doc_id)
    real_export, wordcv.export = wordcv.export, keep
    try:
        _, year_only = wordcv.TEMPLATES[name](resume, rng)
    finally:
        wordcv.export = real_export
    return doc_id, captured[0], resume, year_only


def truth_for(resume: content.Resume, year_only: bool, printed_pdf: bytes) -> dict[str, Any]:
    resume.links = build._printed_links(resume.links, *build._shown(printed_pdf))
    return content.truth(resume, year_only=year_only)


# --- the python-docx reader ----------------------------------------------------------


def docx_lines(data: bytes) -> list[tuple[str, float, bool]]:
    """(text, size in pt, bold) per paragraph (table cells too), in document order.

    A tab stays in the text: :func:`typeset` puts what follows the last one at the
    right margin, as the right-aligned tab stops of these templates do.
    """
    document = docx.Document(io.BytesIO(data))
    default = document.styles["Normal"].font.size
    base = default.pt if default is not None else 11.0
    lines: list[tuple[str, float, bool]] = []

    def paragraph(p: Any) -> None:
        text = p.text.strip()
        if not text:
            return
        style = (p.style.name or "") if p.style is not None else ""
        sizes = [r.font.size.pt for r in p.runs if r.font.size is not None]
        size = max(sizes) if sizes else base
        if style == "Title":
            size = max(size, base * 2)
        elif style.startswith("Heading"):
            size = max(size, base * 1.3)
        runs = [r for r in p.runs if r.text.strip()]
        bold = style.startswith(("Heading", "Title")) or bool(runs and all(r.bold for r in runs))
        lines.append((text, size, bold))

    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            paragraph(docx.text.paragraph.Paragraph(block, document))
        elif block.tag == qn("w:tbl"):
            table = docx.table.Table(block, document)
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        paragraph(p)
    return lines


def typeset(lines: list[tuple[str, float, bool]]) -> bytes:
    """One line per paragraph on Letter pages, wrapped at the margin."""
    pdf = pymupdf.open()
    page, y = pdf.new_page(width=612, height=792), 72.0
    for line, size, bold in lines:
        font = "hebo" if bold else "helv"
        text, tab, right = line.rpartition("\t") if "\t" in line else (line, "", "")
        text = text.replace("\t", " ")
        words, current = text.split(), ""
        wrapped = []
        for word in words:
            candidate = f"{current} {word}".strip()
            if pymupdf.get_text_length(candidate, fontname=font, fontsize=size) > 468:
                wrapped.append(current)
                current = word
            else:
                current = candidate
        wrapped.append(current)
        for part in wrapped:
            if y + size * 1.3 > 740:
                page, y = pdf.new_page(width=612, height=792), 72.0
            y += size * 1.3
            page.insert_text((72, y), part, fontname=font, fontsize=size)
        if tab and right.strip():
            width = pymupdf.get_text_length(right.strip(), fontname="helv", fontsize=size)
            page.insert_text((540 - width, y), right.strip(), fontname="helv", fontsize=size)
        y += size * 0.4
    data: bytes = pdf.tobytes()
    pdf.close()
    return data


# --- the comparison ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-template", type=int, default=3)
    parser.add_argument("--templates", default=",".join(DEFAULT_TEMPLATES))
    parser.add_argument("--seed", type=int, default=build.DEFAULT_SEED)
    args = parser.parse_args(argv)

    seconds: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, dict[str, matching.Counts]] = defaultdict(
        lambda: defaultdict(matching.Counts)
    )
    errors: list[str] = []
    docs = 0
    for name in args.templates.split(","):
        for index in range(args.per_template):
            doc_id, data, resume, year_only = regenerate(name, index, args.seed)
            docs += 1
            started = time.perf_counter()
            try:
                pdf = asyncio.run(docx_to_pdf(data, timeout_s=120))
                via_lo = parse_pdf(pdf, today=TODAY).fields
            except Exception as exc:
                errors.append(f"libreoffice {doc_id}: {exc}")
                pdf, via_lo = b"", CandidateProfile()
            seconds["libreoffice"].append(time.perf_counter() - started)

            started = time.perf_counter()
            try:
                via_docx = parse_pdf(typeset(docx_lines(data)), today=TODAY).fields
            except Exception as exc:
                errors.append(f"python-docx {doc_id}: {exc}")
                via_docx = CandidateProfile()
            seconds["python-docx"].append(time.perf_counter() - started)

            truth = (
                truth_for(resume, year_only, pdf)
                if pdf
                else content.truth(resume, year_only=year_only)
            )
            for reader, pred in (("libreoffice", via_lo), ("python-docx", via_docx)):
                for field in score.FIELDS:
                    found, _, _ = matching.compare(score.BY_NAME[field], truth, pred)
                    counts[reader][field].add(found)

    readers = ("libreoffice", "python-docx")
    print(f"{docs} DOCX ({args.templates}, {args.per_template} each), seed {args.seed}\n")
    print(f"{'seconds per document':<24}" + "".join(f"{r:>14}" for r in readers))
    print(f"{'  median':<24}" + "".join(f"{statistics.median(seconds[r]):>14.2f}" for r in readers))
    print(f"{'  max':<24}" + "".join(f"{max(seconds[r]):>14.2f}" for r in readers))
    print(f"{'  total':<24}" + "".join(f"{sum(seconds[r]):>14.1f}" for r in readers))
    print()
    head = f"{'field (recall / F1)':<24}" + "".join(f"{r:>14}" for r in readers)
    print(head)
    for field in score.FIELDS:
        cells = "".join(
            f"{counts[r][field].recall:>8.2f}/{counts[r][field].f1:<5.2f}" for r in readers
        )
        print(f"{field:<24}{cells}")
    for reader in readers:
        total = matching.Counts()
        for c in counts[reader].values():
            total.add(c)
        print(
            f"{'all fields ' + reader:<24} recall {total.recall:.3f}  "
            f"precision {total.precision:.3f}  F1 {total.f1:.3f}"
        )
    for line in errors:
        print(f"error {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
