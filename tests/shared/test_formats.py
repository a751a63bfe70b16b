"""Upload format sniffing: decided by the bytes, whatever the file is called."""

from __future__ import annotations

import io
import zipfile

import pytest

from resumeflow_dev.samples import (
    corrupt_docx,
    encrypted_docx,
    legacy_doc,
    odt_document,
    resume_docx,
    resume_pdf,
    rtf_document,
)
from resumeflow_shared.formats import DOCX_CONTENT_TYPE, Kind, sniff


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_a_pdf_is_a_pdf_even_with_junk_before_its_header() -> None:
    assert sniff(resume_pdf()).kind is Kind.PDF
    assert sniff(b"\r\n junk %PDF-1.4 rest").kind is Kind.PDF


def test_a_real_docx_is_recognised_with_its_content_type() -> None:
    found = sniff(resume_docx())
    assert found.kind is Kind.DOCX
    assert found.accepted
    assert found.content_type == DOCX_CONTENT_TYPE


def test_a_zip_that_is_not_a_docx_is_not_accepted() -> None:
    only_document = zipped({"word/document.xml": b"<w:document/>"})  # no [Content_Types].xml
    only_types = zipped({"[Content_Types].xml": b"<Types/>", "readme.txt": b"hi"})
    for data in (only_document, only_types, zipped({"a.txt": b"a"})):
        found = sniff(data)
        assert found.kind is Kind.ZIP
        assert not found.accepted


def test_a_damaged_zip_naming_the_word_parts_counts_as_a_docx() -> None:
    # Accepted, so that its conversion fails on the resume with conversion_failed
    # instead of the upload being refused as "not a PDF".
    truncated = resume_docx()[:-200]
    assert sniff(truncated).kind is Kind.DOCX
    assert sniff(corrupt_docx()).kind is Kind.DOCX
    assert sniff(b"PK\x03\x04 broken, names nothing").kind is Kind.ZIP


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (odt_document(), Kind.ODT),
        (legacy_doc(), Kind.DOC),
        (encrypted_docx(), Kind.DOCX_ENCRYPTED),
        (rtf_document(), Kind.RTF),
        (b"\xef\xbb\xbf{\\rtf1 with a byte-order mark}", Kind.RTF),
        (b"GIF89a an image", Kind.UNKNOWN),
        (b"Jane Doe, plain text", Kind.UNKNOWN),
    ],
)
def test_other_formats_are_named_and_not_accepted(data: bytes, kind: Kind) -> None:
    found = sniff(data)
    assert found.kind is kind
    assert not found.accepted


def test_a_zip_bomb_mimetype_is_not_inflated() -> None:
    bomb = zipped({"mimetype": b"a" * 50_000_000})
    assert sniff(bomb).kind is Kind.ZIP
