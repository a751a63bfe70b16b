"""Deterministic resume extraction: PDF bytes in, :class:`ParseResult` out.

Text and layout come from PyMuPDF (with OCR for pages that have no text layer),
sections from headings, and profile fields from rules and vocabularies. Every
value carries the page, box and text it was read from. Nothing here calls a
network service or a model, so the same bytes always give the same result
(given the same ``today``).
"""

from __future__ import annotations

from datetime import date

from resumeflow_parser.extract.document import open_pdf
from resumeflow_parser.extract.fields import build_result
from resumeflow_parser.extract.pages import OCR_MODES, read_document
from resumeflow_shared.profile import ParseResult

__all__ = ["OCR_MODES", "parse_pdf"]


def parse_pdf(
    data: bytes,
    *,
    max_pages: int = 50,
    ocr: str = "auto",
    default_region: str = "US",
    today: date | None = None,
) -> ParseResult:
    """Parse a resume PDF.

    ``ocr``: ``"auto"`` recognises pages without a text layer when Tesseract data is
    installed, ``"off"`` never does, ``"force"`` recognises every page.
    ``default_region``: ISO country for phone numbers written without ``+``.
    ``today``: the date current jobs end on (for experience totals).

    Raises :class:`~resumeflow_shared.errors.Rejected` with ``pdf_corrupt``,
    ``pdf_encrypted``, ``too_many_pages``, ``needs_ocr`` or ``pdf_no_text``. A
    document that does not look like a resume is parsed anyway and flagged with
    ``likely_resume=False``; the caller decides.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    doc = open_pdf(data, max_pages=max_pages)
    try:
        read = read_document(doc, ocr=ocr)
    finally:
        doc.close()
    return build_result(read, region=default_region.upper(), today=today or date.today())
