"""Upload to webhook through the four real services over real NATS JetStream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from consumers import eventually, wait_consumer
from standardwebhooks import Webhook, WebhookVerificationError

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.otlp_sink import OtlpSink, ReceivedSpan
from resumeflow_dev.samples import SampleResume, corrupt_pdf, encrypted_pdf, resume_pdf
from resumeflow_dev.stack import Stack
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_dev.webhook_sink import TEST_SECRET, Received, WebhookSink

pytestmark = pytest.mark.e2e

PEOPLE = [
    SampleResume(name="Jane Doe", email="jane.doe@example.com", phone="+1 415 555 0132"),
    SampleResume(name="José Álvarez", email="jose.alvarez@example.es", phone="+34 612 345 678"),
]
EXPECTED_E164 = ["+14155550132", "+34612345678"]


def verified(hook: Received) -> Any:
    """The payload, once the reference Standard Webhooks library (not our own signing
    module) accepts the signature; a tampered body must be refused by it too."""
    receiver = Webhook(TEST_SECRET)
    payload = receiver.verify(hook.body, hook.headers)
    with pytest.raises(WebhookVerificationError):
        receiver.verify(hook.body + b" ", hook.headers)
    return payload


NAMES = ["Alice Martin", "Bruno Costa", "Chen Wei", "Dana Okafor", "Emil Novak", "Fatima Zahra"]


def test_resumes_complete_with_profile_and_signed_webhook(
    stack: Stack, sink: WebhookSink, fake_llm: FakeLLM
) -> None:
    ids = []
    for person in PEOPLE:
        response = client.upload(stack.api_url, resume_pdf(person), callback_url=sink.url)
        assert response.status_code == 202, response.text
        body = response.json()
        assert body["status"] == "queued"
        assert body["status_url"].endswith(f"/v1/resumes/{body['id']}")
        ids.append(body["id"])

    for resume_id, person, e164 in zip(ids, PEOPLE, EXPECTED_E164, strict=True):
        result = client.wait_terminal(stack.api_url, resume_id)
        assert result["status"] == "completed", result.get("error")
        profile = result["profile"]
        assert profile["name"]["value"] == person.name
        assert [e["value"] for e in profile["emails"]] == [person.email]
        assert [p["value"] for p in profile["phones"]] == [e164]
        assert result["profile_source"] == "llm"
        assert set(result["timestamps"]) >= {"queued", "parsed", "enhanced", "completed"}

        client.wait_for(lambda rid=resume_id: sink.for_resume(rid), what="webhook")
        (hook,) = sink.for_resume(resume_id)
        payload = verified(hook)
        assert payload == hook.json()
        assert payload["type"] == "resume.completed"
        assert payload["data"]["status"] == "completed"
        assert payload["data"]["profile"]["name"]["value"] == person.name

    assert len(fake_llm.successful_calls()) == len(PEOPLE)


def test_one_trace_follows_a_resume_through_all_four_services(
    stack: Stack, sink: WebhookSink, otlp: OtlpSink
) -> None:
    trace_id, caller = "5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174"
    response = client.upload(
        stack.api_url,
        resume_pdf(PEOPLE[0]),
        callback_url=sink.url,
        headers={"traceparent": f"00-{trace_id}-{caller}-01"},
    )
    resume_id = response.json()["id"]
    result = client.wait_terminal(stack.api_url, resume_id)
    assert result["status"] == "completed"
    assert result["trace_id"] == trace_id

    wanted = {
        ("resumeflow-ingest", "POST /v1/resumes"),
        ("resumeflow-ingest", "send resume.ingested"),
        ("resumeflow-parser", "process resume.ingested"),
        ("resumeflow-parser", "parse pdf"),
        ("resumeflow-parser", "send resume.parsed"),
        ("resumeflow-enhancer", "process resume.parsed"),
        ("resumeflow-enhancer", "chat fake-model"),
        ("resumeflow-enhancer", "send resume.enhanced"),
        ("resumeflow-notifier", "process resume.enhanced"),
        ("resumeflow-notifier", "webhook POST"),
        ("resumeflow-notifier", "send resume.completed"),
    }
    client.wait_for(
        lambda: wanted <= {(s.service, s.name) for s in otlp.trace(trace_id)},
        what="spans from every service",
    )
    by_id = {s.span_id: s for s in otlp.trace(trace_id)}
    spans: dict[str, ReceivedSpan] = {s.name: s for s in by_id.values()}

    def parent(name: str) -> str:
        return by_id[spans[name].parent_span_id or ""].name

    assert spans["POST /v1/resumes"].parent_span_id == caller
    assert spans["POST /v1/resumes"].kind == "server"
    assert parent("send resume.ingested") == "POST /v1/resumes"
    assert parent("process resume.ingested") == "send resume.ingested"
    assert parent("parse pdf") == "process resume.ingested"
    assert parent("send resume.parsed") == "process resume.ingested"
    assert parent("process resume.parsed") == "send resume.parsed"
    assert parent("chat fake-model") == "process resume.parsed"
    assert parent("process resume.enhanced") == "send resume.enhanced"
    assert parent("webhook POST") == "process resume.enhanced"
    assert parent("send resume.completed") == "process resume.enhanced"
    assert spans["process resume.ingested"].attributes["resumeflow.resume_id"] == resume_id
    assert spans["chat fake-model"].attributes["gen_ai.usage.input_tokens"] > 0
    assert spans["parse pdf"].attributes["resumeflow.parse.pages"] == 1
    assert not any(s.error for s in by_id.values())
    # the webhook carries the trace on, so a receiver can join it
    (hook,) = sink.for_resume(resume_id)
    assert hook.headers["traceparent"] == f"00-{trace_id}-{spans['webhook POST'].span_id}-01"


def test_non_pdf_is_rejected_at_upload(stack: Stack) -> None:
    response = client.upload(stack.api_url, b"GIF89a not a pdf at all", filename="resume.pdf")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "not_a_pdf"
    empty = client.upload(stack.api_url, b"", filename="empty.pdf")
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "empty_file"


@pytest.mark.parametrize(
    ("pdf", "code"),
    [(corrupt_pdf(), "pdf_corrupt"), (encrypted_pdf(), "pdf_encrypted")],
    ids=["corrupt", "encrypted"],
)
def test_bad_pdfs_fail_with_their_code_and_notify(
    stack: Stack, sink: WebhookSink, pdf: bytes, code: str
) -> None:
    response = client.upload(stack.api_url, pdf, callback_url=sink.url)
    assert response.status_code == 202
    resume_id = response.json()["id"]
    result = client.wait_terminal(stack.api_url, resume_id)
    assert result["status"] == "failed"
    assert result["error"]["code"] == code
    assert result["error"]["stage"] == "parser"
    assert result["error"]["message"]
    client.wait_for(lambda: sink.for_resume(resume_id), what="failure webhook")
    (hook,) = sink.for_resume(resume_id)
    payload = verified(hook)
    assert payload["type"] == "resume.failed"
    assert payload["data"]["error"]["code"] == code


def test_unknown_resume_is_404_with_error_schema(stack: Stack) -> None:
    response = httpx.get(f"{stack.api_url}/v1/resumes/nope", timeout=5)
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "no resume with id 'nope'"}
    }


def test_killing_the_parser_mid_message_and_with_work_queued_loses_nothing(
    gated_stack: Stack, parser_db: TcpProxy
) -> None:
    """SIGKILL while parser handlers are mid-message (each stopped at its first database
    call, which reads its resume) and more work waits: every resume still completes,
    and the ones that were mid-handler needed another delivery."""
    stack = gated_stack
    in_flight = int(stack.service_env["parser"]["PARSER_CONCURRENCY"])
    parser_db.hold()
    ids = [
        client.upload(stack.api_url, resume_pdf(SampleResume(name=name))).json()["id"]
        for name in NAMES
    ]

    def mid_handler() -> list[str]:
        return [rid for rid in ids if any(rid.encode() in r for r in parser_db.held())]

    # the state the kill hits: every handler slot busy on a known resume, the rest waiting
    eventually(
        lambda: len(mid_handler()) == in_flight,
        "parser handlers to block",
        lambda: f"held: {parser_db.held()}, consumer: {stack.consumer('parser')}",
    )
    held = mid_handler()
    stack.kill("parser")
    parser_db.release()
    stack.start_service("parser")
    results = [client.wait_terminal(stack.api_url, rid, timeout=90) for rid in ids]
    assert [r["status"] for r in results] == ["completed"] * len(ids)
    assert [r["profile"]["name"]["value"] for r in results] == NAMES
    # a killed delivery never got as far as recording its attempt: a later one finished it
    attempts = {rid: r["attempts"]["parser"] for rid, r in zip(ids, results, strict=True)}
    assert all(attempts[rid] >= 2 for rid in held), (held, attempts)
    wait_consumer(stack, "parser", num_pending=0, num_ack_pending=0, num_redelivered=0)


ORDER = ["queued", "parsing", "parsed", "enhancing", "enhanced", "completed"]


def sse_bodies(response: httpx.Response) -> Iterator[dict[str, Any]]:
    for line in response.iter_lines():
        if line.startswith("data: "):
            yield json.loads(line[6:])


def until(events: Iterator[dict[str, Any]], status: str) -> list[dict[str, Any]]:
    """Bodies read from the stream up to and including the first with ``status``."""
    seen = []
    for body in events:
        seen.append(body)
        if body["status"] == status:
            return seen
    raise AssertionError(f"the stream ended before {status!r}; saw {seen}")


def test_live_progress_streams_every_step_in_order(stack: Stack) -> None:
    """Connected before any stage can start, each stage started only once the previous
    step was streamed: the whole sequence is known. Events announce queued, parsed,
    enhanced and completed; 'parsing'/'enhancing' are never announced, so they appear
    only if a 15 s keep-alive re-read happens to fall inside that stage."""
    for stage in ("parser", "enhancer", "notifier"):
        assert stack.terminate(stage) == 0
    resume_id = client.upload(stack.api_url, resume_pdf()).json()["id"]
    url = f"{stack.api_url}/v1/resumes/{resume_id}/events"
    with httpx.stream("GET", url, timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_bodies(response)
        bodies = until(events, "queued")
        for stage, reached in (
            ("parser", "parsed"),
            ("enhancer", "enhanced"),
            ("notifier", "completed"),
        ):
            stack.start_service(stage)
            bodies += until(events, reached)
        assert next(events, None) is None, "the stream goes on after the terminal status"
    statuses = [b["status"] for b in bodies]
    steps = [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]]
    announced = [s for s in steps if s not in {"parsing", "enhancing"}]
    assert announced == ["queued", "parsed", "enhanced", "completed"], statuses
    assert steps == sorted(steps, key=ORDER.index), statuses
    assert bodies[-1]["profile"]["name"]["value"] == "Jane Doe"
