"""Hostile and broken files: each ends in a terminal state a user can see, with a
stable code, and no worker crashes or restarts on the way."""

from __future__ import annotations

import shutil
import signal

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
    resume_pdf,
    truncated_pdf,
)
from resumeflow_dev.stack import SERVICES, Stack
from resumeflow_dev.tcp_proxy import TcpProxy

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


def test_sigterm_finishes_the_message_in_flight_and_exits_zero(
    gated_stack: Stack, parser_db: TcpProxy
) -> None:
    """SIGTERM reaches the parser while its handler is mid-message (held at its first
    database call); the draining worker itself finishes and acks it, then exits 0."""
    stack = gated_stack
    parser_db.hold()
    resume_id = client.upload(stack.api_url, resume_pdf()).json()["id"]
    client.wait_for(
        lambda: [resume_id.encode() in r for r in parser_db.held()] == [True],
        what="the parser handler to block on its first database call",
    )
    parser = stack.procs["parser"]
    parser.send_signal(signal.SIGTERM)
    # it has stopped fetching and waits on its one handler: only now let the handler go on
    client.wait_for(
        lambda: "draining 1 in-flight message(s)" in stack.log_tail("parser", 200),
        what="the parser to drain",
    )
    parser_db.release()
    assert parser.wait(timeout=40) == 0
    # no parser runs any more, so the draining worker is the one that parsed it
    result = client.wait_terminal(stack.api_url, resume_id)
    assert result["status"] == "completed", result["error"]
    assert result["attempts"]["parser"] == 1
    state = stack.consumer("parser")
    assert state["delivered"]["consumer_seq"] == 1, state  # one delivery: not redelivered
    assert state["ack_floor"]["consumer_seq"] == 1, state  # and acked
    assert (state["num_pending"], state["num_ack_pending"], state["num_redelivered"]) == (0, 0, 0)
    assert stack.terminate("enhancer") == 0
    assert stack.terminate("notifier") == 0
