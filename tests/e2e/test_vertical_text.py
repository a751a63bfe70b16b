"""A PDF set in vertical Japanese through the real services: it has a text layer, so
it completes with its contacts instead of failing with ``needs_ocr``."""

from __future__ import annotations

import httpx
import pytest

from resumeflow_dev import client
from resumeflow_dev.samples import VERTICAL_COLUMNS, vertical_japanese_pdf
from resumeflow_dev.stack import Stack

pytestmark = pytest.mark.e2e


def test_a_vertical_japanese_resume_completes(stack: Stack) -> None:
    response = client.upload(stack.api_url, vertical_japanese_pdf(), filename="rirekisho.pdf")
    assert response.status_code == 202, response.text

    resume_id = response.json()["id"]
    result = client.wait_terminal(stack.api_url, resume_id, timeout=180)
    assert result["status"] == "completed", result["error"]
    assert [e["value"] for e in result["profile"]["emails"]] == ["taro.yamada@example.jp"]
    assert result["parse"]["ocr"] is False
    parse = httpx.get(f"{stack.api_url}/v1/resumes/{resume_id}/parse", timeout=10).json()
    text = parse["parse"]["pages"][0]["text"]
    assert text.index(VERTICAL_COLUMNS[0][0]) < text.index(VERTICAL_COLUMNS[-1][0])
