"""Read every page of an open document, with OCR where the text layer is missing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from resumeflow_parser.extract import ocr as ocr_engine
from resumeflow_parser.extract.contacts import PdfLink
from resumeflow_parser.extract.document import link_annotations
from resumeflow_parser.extract.layout import TEXT_FLAGS, PageLayout, plain_text, read_page
from resumeflow_shared.errors import ErrorCode, Rejected

log = logging.getLogger(__name__)

OCR_MODES = ("auto", "off", "force")
# A dense resume page holds about 5,000 characters. Far beyond that it is a text
# bomb or a data dump, and reading it glyph by glyph would only burn time.
MAX_PAGE_CHARS = 50_000


@dataclass
class ReadDocument:
    pages: list[PageLayout] = field(default_factory=list)
    links: list[PdfLink] = field(default_factory=list)
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(page.lines for page in self.pages)


@dataclass
class _Plan:
    mode: str
    textless: list[int] = field(default_factory=list)
    oversized: list[int] = field(default_factory=list)
    _tessdata: str | None = None
    _looked: bool = False

    @property
    def tessdata(self) -> str | None:
        """Looked up on the first page that needs OCR: the search touches the disk,
        and born-digital documents never need it."""
        if self.mode == "off":
            return None
        if not self._looked:
            self._tessdata, self._looked = ocr_engine.find_tessdata(), True
        return self._tessdata


def read_document(doc: pymupdf.Document, *, ocr: str) -> ReadDocument:
    """Layouts of all readable pages; :class:`Rejected` when nothing usable comes out."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    plan = _Plan(ocr)
    out = ReadDocument()
    if ocr == "force" and plan.tessdata is None:
        out.warnings.append("OCR was requested but Tesseract language data is not installed")
    failed = 0
    for index in range(doc.page_count):
        try:
            _read(doc.load_page(index), index + 1, plan, out)
        except RuntimeError as exc:  # MuPDF errors on a damaged page
            failed += 1
            log.warning("unreadable page", extra={"page": index + 1, "error": str(exc)})
            out.warnings.append(f"page {index + 1} could not be read")
    if failed == doc.page_count:
        raise Rejected(ErrorCode.PDF_CORRUPT, "no page of the PDF could be read")
    _settle(doc, plan, out)
    return out


def _read(page: pymupdf.Page, number: int, plan: _Plan, out: ReadDocument) -> None:
    out.links.extend(link_annotations(page, number))
    # One extraction serves the size and OCR checks and the layout: printing the
    # text page as plain text as well cost a third of what bare get_text() does.
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    text = plain_text(raw)
    if len(text) > MAX_PAGE_CHARS:
        plan.oversized.append(number)
        out.warnings.append(f"page {number} skipped: {len(text)} characters of text")
        out.pages.append(PageLayout(number, page.rect.width, page.rect.height, ()))
        return
    textless = ocr_engine.needs_ocr(text)
    textpage = None
    if (textless or plan.mode == "force") and (tessdata := plan.tessdata) is not None:
        textpage = _ocr(page, number, tessdata, out)
    if textless and textpage is None:
        plan.textless.append(number)
        out.pages.append(PageLayout(number, page.rect.width, page.rect.height, ()))
        return
    out.pages.append(read_page(page, number, textpage, raw=raw if textpage is None else None))


def _ocr(page: pymupdf.Page, number: int, tessdata: str, out: ReadDocument) -> Any:
    try:
        textpage = ocr_engine.ocr_textpage(page, tessdata, TEXT_FLAGS)
    except RuntimeError as exc:
        log.warning("ocr failed", extra={"page": number, "error": str(exc)})
        out.warnings.append(f"OCR failed on page {number}")
        return None
    out.ocr = True
    return textpage


def _settle(doc: pymupdf.Document, plan: _Plan, out: ReadDocument) -> None:
    if out.has_text:
        if plan.textless:
            listed = ", ".join(map(str, plan.textless))
            out.warnings.append(f"no text layer and no OCR on page(s) {listed}")
        if doc.is_repaired:
            out.warnings.append("the PDF was damaged and has been repaired")
        return
    if plan.oversized:
        raise Rejected(
            ErrorCode.PARSE_RESOURCE_LIMIT,
            f"the PDF holds far more text than a resume (over {MAX_PAGE_CHARS} characters a page)",
        )
    if doc.is_repaired:
        raise Rejected(ErrorCode.PDF_CORRUPT, "the PDF is damaged and no text could be recovered")
    if out.ocr or plan.mode == "off":
        raise Rejected(ErrorCode.PDF_NO_TEXT, "the PDF contains no readable text")
    raise Rejected(
        ErrorCode.NEEDS_OCR, "the PDF has no text layer and OCR (Tesseract) is not available"
    )
