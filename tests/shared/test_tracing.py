"""Traces through the real runner and nats-server, recorded by the real OpenTelemetry SDK."""

from __future__ import annotations

import json
import logging

import nats
import pytest
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from test_runner import Harness, ingested, parsed, settings

from resumeflow_dev.natsd import NatsServer
from resumeflow_shared import bus, tracing
from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.events import ResumeIngested, ResumeParsed
from resumeflow_shared.runner import Delivery
from resumeflow_shared.telemetry import JsonFormatter

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
CALLER = f"00-{TRACE}-{CALLER_SPAN}-01"


async def next_message(nc: NATS, subject: str, timeout: float = 10) -> Msg:
    sub = await nc.jetstream().subscribe(subject, ordered_consumer=True)
    try:
        return await sub.next_msg(timeout=timeout)
    finally:
        await sub.unsubscribe()


def by_name(spans: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    return {s.name: s for s in spans.get_finished_spans()}


def hex_ids(span: ReadableSpan) -> tuple[str, str]:
    assert span.context is not None
    return f"{span.context.trace_id:032x}", f"{span.context.span_id:016x}"


def parent_id(span: ReadableSpan) -> str:
    assert span.parent is not None
    return f"{span.parent.span_id:016x}"


@pytest.fixture
async def nc(nats_server: NatsServer) -> NATS:
    client = await nats.connect(nats_server.url)
    yield client  # type: ignore[misc]
    await client.drain()


async def test_a_stage_continues_the_trace_of_the_event_it_consumes(
    nc: NATS, nats_server: NatsServer, spans: InMemorySpanExporter
) -> None:
    cfg = settings(nats_server.url)
    seen: list[str | None] = []

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        seen.append(tracing.current_traceparent())
        return parsed(event)

    async with Harness(nc, cfg, handler):
        await bus.publish(nc.jetstream(), ingested(), traceparent=CALLER)
        out = await next_message(nc, "resume.parsed")

    found = by_name(spans)
    sent, process, forwarded = (
        found["send resume.ingested"],
        found["process resume.ingested"],
        found["send resume.parsed"],
    )
    assert {hex_ids(s)[0] for s in (sent, process, forwarded)} == {TRACE}
    assert parent_id(sent) == CALLER_SPAN
    assert parent_id(process) == hex_ids(sent)[1]
    assert parent_id(forwarded) == hex_ids(process)[1]
    assert (sent.kind, process.kind, forwarded.kind) == (
        SpanKind.PRODUCER,
        SpanKind.CONSUMER,
        SpanKind.PRODUCER,
    )
    # the handler ran inside the consumer span; the next event carries the producer span
    assert seen == [f"00-{TRACE}-{hex_ids(process)[1]}-01"]
    assert out.headers is not None
    assert out.headers["traceparent"] == f"00-{TRACE}-{hex_ids(forwarded)[1]}-01"
    attributes = dict(process.attributes or {})
    assert attributes["resumeflow.resume_id"] == "r1"
    assert attributes["resumeflow.tenant_id"] == "t1"
    assert attributes["resumeflow.attempt"] == 1
    assert attributes["resumeflow.outcome"] == "ok"
    assert attributes["messaging.message.id"] == "r1:resume.ingested:1"
    assert process.status.status_code is not StatusCode.ERROR


async def test_a_rejected_event_ends_its_span_as_an_error_and_the_failure_joins_the_trace(
    nc: NATS, nats_server: NatsServer, spans: InMemorySpanExporter
) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        raise Rejected(ErrorCode.PDF_ENCRYPTED, "locked")

    async with Harness(nc, cfg, handler):
        await bus.publish(nc.jetstream(), ingested(), traceparent=CALLER)
        await next_message(nc, "resume.failed")

    found = by_name(spans)
    process, failed = found["process resume.ingested"], found["send resume.failed"]
    assert process.status.status_code is StatusCode.ERROR
    assert (process.attributes or {})["error.type"] == "pdf_encrypted"
    assert (process.attributes or {})["resumeflow.outcome"] == "rejected"
    assert hex_ids(failed)[0] == TRACE
    assert parent_id(failed) == hex_ids(process)[1]


async def test_without_a_caller_trace_each_event_starts_one(
    nc: NATS, nats_server: NatsServer, spans: InMemorySpanExporter
) -> None:
    cfg = settings(nats_server.url)
    await bus.ensure_streams(nc.jetstream(), cfg)
    await bus.publish(nc.jetstream(), ingested("a"))
    await bus.publish(nc.jetstream(), ingested("b"))
    first, second = spans.get_finished_spans()
    assert first.parent is None
    assert hex_ids(first)[0] != hex_ids(second)[0]


def test_log_lines_inside_a_span_carry_its_ids(spans: InMemorySpanExporter) -> None:
    formatter = JsonFormatter("test")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    assert "trace_id" not in json.loads(formatter.format(record))
    with tracing.span("work", parent=tracing.extract({"traceparent": CALLER})) as span:
        line = json.loads(formatter.format(record))
    assert line["trace_id"] == TRACE
    assert line["span_id"] == f"{span.get_span_context().span_id:016x}"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (CALLER, TRACE),
        (None, None),
        ("", None),
        ("garbage", None),
        (f"00-{'0' * 32}-{CALLER_SPAN}-01", None),  # an all-zero trace id is invalid
        (f"00-{TRACE[:-1]}-{CALLER_SPAN}-01", None),
    ],
)
def test_trace_id_of_accepts_only_valid_traceparents(
    header: str | None, expected: str | None
) -> None:
    assert tracing.trace_id_of(header) == expected
