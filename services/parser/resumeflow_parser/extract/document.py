"""Open a PDF from bytes, turning every way it can be unusable into a coded rejection."""

from __future__ import annotations

import logging

import pymupdf

from resumeflow_parser.extract.contacts import PdfLink
from resumeflow_shared.errors import ErrorCode, Rejected

log = logging.getLogger(__name__)

_HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first KiB


def open_pdf(data: bytes, *, max_pages: int) -> pymupdf.Document:
    """An open document, or :class:`Rejected` (corrupt, encrypted, too many pages)."""
    if not data:
        raise Rejected(ErrorCode.PDF_CORRUPT, "the file is empty")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise Rejected(ErrorCode.PDF_CORRUPT, "the file is not a PDF (no %PDF- header)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:  # pymupdf.FileDataError is a RuntimeError
        raise Rejected(ErrorCode.PDF_CORRUPT, f"the PDF cannot be read ({exc})") from exc
    try:
        _check(doc, max_pages)
    except BaseException:
        doc.close()
        raise
    return doc


def _check(doc: pymupdf.Document, max_pages: int) -> None:
    # An owner password alone (printing/copying restrictions) opens with an empty
    # user password; only a real user password stops us.
    if doc.needs_pass and not doc.authenticate(""):
        raise Rejected(ErrorCode.PDF_ENCRYPTED, "the PDF is protected by a password")
    try:
        pages = doc.page_count
    except RuntimeError as exc:
        raise Rejected(ErrorCode.PDF_CORRUPT, f"the PDF page tree is broken ({exc})") from exc
    if pages == 0:
        raise Rejected(ErrorCode.PDF_CORRUPT, "the PDF has no pages")
    if pages > max_pages:
        raise Rejected(
            ErrorCode.TOO_MANY_PAGES, f"the PDF has {pages} pages; the limit is {max_pages}"
        )


def link_annotations(page: pymupdf.Page, number: int) -> list[PdfLink]:
    """URI link annotations of one page (a broken annotation is skipped, not fatal)."""
    out: list[PdfLink] = []
    try:
        links = page.get_links()
    except RuntimeError:
        log.warning("unreadable link annotations", extra={"page": number})
        return out
    for link in links:
        uri = link.get("uri")
        rect = link.get("from")
        if isinstance(uri, str) and uri and rect is not None:
            out.append(PdfLink(number, (rect.x0, rect.y0, rect.x1, rect.y1), uri))
    return out
