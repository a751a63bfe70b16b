"""Word documents through the real services: a DOCX completes with page provenance,
a damaged one fails with its code, other office formats are refused at upload."""

from __future__ import annotations

import hashlib

import httpx
import pymupdf
import pytest

from resumeflow_dev import client
from resumeflow_dev.requires import needs
from resumeflow_dev.samples import (
    SampleResume,
    corrupt_docx,
    legacy_doc,
    resume_docx,
    rtf_document,
)
from resumeflow_dev.stack import Stack
from resumeflow_parser.convert import find_soffice

pytestmark = [
    pytest.mark.e2e,
    needs(find_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)"),
]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PERSON = SampleResume(name="Ingrid Larsen", email="ingrid.larsen@example.no")


def test_a_docx_completes_with_boxes_on_its_converted_page(stack: Stack) -> None:
    docx = resume_docx(PERSON)
    response = client.upload(stack.api_url, docx, filename="ingrid.docx")
    assert response.status_code == 202, response.text
    resume_id = response.json()["id"]

    result = client.wait_terminal(stack.api_url, resume_id, timeout=180)
    assert result["status"] == "completed", result["error"]
    assert result["file"]["content_type"] == DOCX_TYPE
    assert result["file"]["sha256"] == hashlib.sha256(docx).hexdigest()  # the upload, not the PDF
    profile = result["profile"]
    assert profile["name"]["value"] == PERSON.name
    assert [e["value"] for e in profile["emails"]] == [PERSON.email]
    assert profile["experience"][0]["employer"] == "Acme Corp"
    source = profile["name"]["source"]
    assert source["page"] == 1
    assert source["text"] == PERSON.name

    # The page the console draws the box on is the converted PDF's, rendered by ingest.
    page = httpx.get(f"{stack.api_url}/v1/resumes/{resume_id}/pages/1.png?scale=1", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"] == "image/png"
    parse = httpx.get(f"{stack.api_url}/v1/resumes/{resume_id}/parse", timeout=10).json()
    width = parse["parse"]["pages"][0]["width"]
    assert pymupdf.Pixmap(page.content).width == round(width)  # scale 1: a pixel per point


def test_a_damaged_docx_fails_with_conversion_failed(stack: Stack) -> None:
    response = client.upload(stack.api_url, corrupt_docx(), filename="broken.docx")
    assert response.status_code == 202, response.text
    result = client.wait_terminal(stack.api_url, response.json()["id"], timeout=180)
    assert result["status"] == "failed"
    assert result["error"]["stage"] == "parser"
    assert result["error"]["code"] == "conversion_failed"


@pytest.mark.parametrize(
    ("data", "named"),
    [(legacy_doc(), "legacy Word .doc"), (rtf_document(), "RTF")],
    ids=["doc", "rtf"],
)
def test_legacy_word_and_rtf_are_refused_at_upload(stack: Stack, data: bytes, named: str) -> None:
    response = client.upload(stack.api_url, data, filename="resume.docx")
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_format"
    assert named in error["message"]
