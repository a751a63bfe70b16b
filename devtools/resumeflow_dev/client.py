"""A tiny HTTP client for the ingest API, used by tests and benchmarks."""

from __future__ import annotations

import time
from typing import Any

import httpx

TERMINAL = {"completed", "failed", "cancelled"}


def upload(api_url: str, pdf: bytes, filename: str = "resume.pdf", **form: Any) -> httpx.Response:
    files = {"file": (filename, pdf, "application/pdf")}
    headers = form.pop("headers", {})
    return httpx.post(f"{api_url}/v1/resumes", files=files, data=form, headers=headers, timeout=10)


def get_resume(api_url: str, resume_id: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{api_url}/v1/resumes/{resume_id}", timeout=5).json()
    return body


def wait_terminal(api_url: str, resume_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = get_resume(api_url, resume_id)
        if body.get("status") in TERMINAL:
            return body
        time.sleep(0.2)
    raise AssertionError(f"resume {resume_id} not terminal after {timeout}s: {body}")


def wait_for(condition: Any, timeout: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
