"""Unusable PDFs become coded rejections; scans are read through OCR when it is there."""

from __future__ import annotations

import pdfs
import pymupdf
import pytest
from pdfs import TODAY

from resumeflow_dev.requires import needs
from resumeflow_parser.extract import ocr, parse_pdf
from resumeflow_shared.errors import ErrorCode, Rejected

SCAN_LINES = [
    "Maria Garcia",
    "maria.garcia@example.com",
    "EXPERIENCE",
    "Software Engineer at Acme Corp",
    "Jan 2019 - Present",
]
needs_tesseract = needs(ocr.find_tessdata() is not None, "Tesseract (tesseract-ocr)")


def _code(data: bytes, **kwargs: object) -> ErrorCode:
    with pytest.raises(Rejected) as caught:
        parse_pdf(data, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert caught.value.message  # every rejection carries a sentence for the user
    return caught.value.code


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"hello world " * 100, id="not-a-pdf"),
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 20, id="garbage-after-header"),
        pytest.param(pdfs.one_column()[:120], id="truncated-in-the-header"),
        pytest.param(pdfs.one_column()[:800], id="truncated-before-any-text"),
    ],
)
def test_corrupt_pdfs(data: bytes) -> None:
    assert _code(data) == ErrorCode.PDF_CORRUPT


def test_a_truncated_pdf_whose_text_survives_is_parsed_with_a_warning() -> None:
    data = pdfs.one_column()
    result = parse_pdf(data[: len(data) // 2], today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "Jane Q. Doe"
    assert "the PDF was damaged and has been repaired" in result.warnings


def test_a_user_password_is_rejected() -> None:
    data = pdfs.encrypted(pdfs.one_column(), user_pw="s3cret")
    assert _code(data) == ErrorCode.PDF_ENCRYPTED


def test_an_owner_password_alone_does_not_stop_parsing() -> None:
    data = pdfs.encrypted(pdfs.one_column(), user_pw="")
    result = parse_pdf(data, today=TODAY)
    assert result.fields.name is not None
    assert result.fields.name.value == "Jane Q. Doe"
    assert result.fields.total_experience_months == 103


def test_too_many_pages() -> None:
    assert _code(pdfs.pages(3), max_pages=2) == ErrorCode.TOO_MANY_PAGES
    assert parse_pdf(pdfs.pages(2), max_pages=2).page_count == 2


def test_no_text_without_ocr_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "find_tessdata", lambda: None)
    assert _code(pdfs.image_only(SCAN_LINES)) == ErrorCode.NEEDS_OCR


def test_no_text_with_ocr_switched_off() -> None:
    assert _code(pdfs.image_only(SCAN_LINES), ocr="off") == ErrorCode.PDF_NO_TEXT


@needs_tesseract
def test_a_blank_page_has_no_text_even_after_ocr() -> None:
    assert _code(pdfs.render(pdfs.Sheet())) == ErrorCode.PDF_NO_TEXT


@needs_tesseract
def test_a_scanned_page_is_read_through_ocr() -> None:
    result = parse_pdf(pdfs.image_only(SCAN_LINES), today=TODAY)

    assert result.ocr is True
    assert [e.value for e in result.fields.emails] == ["maria.garcia@example.com"]
    assert result.fields.name is not None
    assert result.fields.name.value == "Maria Garcia"
    (job,) = result.fields.experience
    assert (job.title, job.employer, job.start, job.is_current) == (
        "Software Engineer",
        "Acme Corp",
        "2019-01",
        True,
    )
    source = result.fields.emails[0].source
    assert source is not None
    assert source.page == 1
    assert source.bbox[0] > 50


@needs_tesseract
def test_forced_ocr_reads_pages_that_have_text_too() -> None:
    result = parse_pdf(pdfs.simple([(t, 14, False) for t in SCAN_LINES]), ocr="force")
    assert result.ocr is True
    assert "maria.garcia@example.com" in result.pages[0].text


def test_a_mixed_document_keeps_its_text_pages_when_ocr_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "find_tessdata", lambda: None)
    doc = pymupdf.open(stream=pdfs.one_column(), filetype="pdf")
    doc.insert_pdf(pymupdf.open(stream=pdfs.image_only(SCAN_LINES), filetype="pdf"))
    result = parse_pdf(doc.tobytes(), today=TODAY)

    assert result.page_count == 2
    assert result.ocr is False
    assert result.pages[1].text == ""
    assert "no text layer and no OCR on page(s) 2" in result.warnings
    assert result.fields.name is not None
    assert result.fields.name.value == "Jane Q. Doe"


def test_an_unknown_ocr_mode_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="ocr must be one of"):
        parse_pdf(pdfs.one_column(), ocr="sometimes")


# What MuPDF returns for a damaged Chromium PDF whose fonts lost their Unicode maps:
# two-byte glyph ids, i.e. a NUL before each letter shifted by 29 ("happiest" -> "KDSSLHVW").
GLYPH_IDS = "\x00K\x00D\x00S\x00S\x00L\x00H\x00V\x00W\x00\x03\x00F\x00O\x00R\x00V\x00H"
SHIFTED = "KDSSLHVW FORVH WR WKH GDWD DQDOBVW ZLWK EDFNJURXQG RSHUDWLRQV PDQDJHU"


def _garbled(text: str, *, truncate: bool) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    for row in range(12):
        page.insert_text((72, 72 + 14 * row), text * 2, fontsize=9)
    data = bytes(doc.tobytes())
    # Cut off the cross-reference table, as a truncated upload does: MuPDF repairs it.
    return data[: data.rfind(b"xref")] if truncate else data


@pytest.mark.parametrize("text", [GLYPH_IDS, SHIFTED], ids=["nul-glyph-ids", "shifted-letters"])
def test_glyph_id_text_is_no_text_layer(text: str) -> None:
    assert ocr.needs_ocr(text * 8)


def test_real_text_with_acronyms_is_a_text_layer() -> None:
    assert not ocr.needs_ocr(
        "Senior SRE at Acme. HTML, CSS, SQL, HTTP, AWS, GCP, K8s; Kubernetes and Python. " * 3
    )


@pytest.mark.parametrize("text", [GLYPH_IDS, SHIFTED], ids=["nul-glyph-ids", "shifted-letters"])
def test_a_repaired_pdf_with_glyph_id_text_is_rejected_not_completed(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "find_tessdata", lambda: None)
    data = _garbled(text, truncate=True)
    assert pymupdf.open(stream=data, filetype="pdf").is_repaired
    assert _code(data) == ErrorCode.PDF_CORRUPT


def test_an_intact_pdf_with_glyph_id_text_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "find_tessdata", lambda: None)
    assert _code(_garbled(GLYPH_IDS, truncate=False)) == ErrorCode.NEEDS_OCR
