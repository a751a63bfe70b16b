"""Hostile and broken files: each ends in a terminal state a user can see, with a
stable code, and no worker crashes or restarts on the way."""

from __future__ import annotations

import shutil

import pytest

from resumeflow_dev import client
from resumeflow_dev.samples import (
    corrupt_pdf,
    decompression_bomb_pdf,
    deeply_nested_pdf,
    encrypted_pdf,
    image_only_pdf,
    many_pages_pdf,
    owner_password_only_pdf,
    truncated_pdf,
)
from resumeflow_dev.stack import SERVICES, Stack

pytestmark = pytest.mark.e2e

OCR = shutil.which("tesseract") is not None


def test_every_bad_input_ends_terminal_with_its_code(stack: Stack) -> None:
    cases = {
        # MuPDF repairs a truncated file when the page content survived; the parse says so.
        "truncated": (truncated_pdf(), {"completed"}),
        "garbage-after-header": (corrupt_pdf(), {"pdf_corrupt"}),
        "encrypted-user-password": (encrypted_pdf(), {"pdf_encrypted"}),
        "encrypted-owner-only": (owner_password_only_pdf(), {"completed"}),
        "500-pages": (many_pages_pdf(500), {"too_many_pages"}),
        # Inflates to 1 GiB: must be stopped by the sandbox's limits or read as empty.
        "decompression-bomb": (
            decompression_bomb_pdf(1024),
            {"parse_resource_limit", "parse_timeout", "pdf_no_text", "needs_ocr", "pdf_corrupt"},
        ),
        "nested-100k-deep": (deeply_nested_pdf(), {"pdf_corrupt", "pdf_no_text", "needs_ocr"}),
        "image-only": (image_only_pdf(), {"completed"} if OCR else {"needs_ocr"}),
    }
    pids = {name: stack.procs[name].pid for name in SERVICES}
    ids = {}
    for name, (pdf, _) in cases.items():
        response = client.upload(stack.api_url, pdf, filename=f"{name}.pdf")
        assert response.status_code == 202, (name, response.text)
        ids[name] = response.json()["id"]
    outcomes = {}
    for name, resume_id in ids.items():
        result = client.wait_terminal(stack.api_url, resume_id, timeout=180)
        if name == "truncated":
            assert any("repaired" in w for w in result["parse"]["warnings"]), result["parse"]
        error = result["error"]
        outcomes[name] = error["code"] if error else result["status"]
        if error:
            assert result["status"] == "failed"
            assert error["stage"] == "parser"
            assert error["message"]
    print(outcomes)
    for name, (_, allowed) in cases.items():
        assert outcomes[name] in allowed, (name, outcomes[name])
    assert {n: stack.procs[n].pid for n in SERVICES} == pids, "a worker restarted"
    assert all(stack.procs[n].poll() is None for n in SERVICES), "a worker died"


def test_sigterm_drains_and_exits_zero(stack: Stack) -> None:
    ids = [client.upload(stack.api_url, image_only_pdf()).json()["id"] for _ in range(3)]
    assert stack.terminate("parser") == 0
    stack.start_service("parser")
    results = [client.wait_terminal(stack.api_url, rid, timeout=120) for rid in ids]
    assert all(r["status"] in {"completed", "failed"} for r in results)
    assert stack.terminate("enhancer") == 0
    assert stack.terminate("notifier") == 0
