"""The shared runner against a real nats-server: handler intent -> JetStream action."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import nats
import pytest
from nats.aio.client import Client as NATS
from nats.js.api import ConsumerInfo, RawStreamMsg

from resumeflow_dev.natsd import NatsServer
from resumeflow_shared import bus, deadletters
from resumeflow_shared.errors import ErrorCode, Rejected, Retry
from resumeflow_shared.events import ResumeFailed, ResumeIngested, ResumeParsed
from resumeflow_shared.runner import Delivery, StageRunner, StageSpec
from resumeflow_shared.settings import WorkerSettings

T = TypeVar("T")


def ingested(resume_id: str = "r1", run: int = 1) -> ResumeIngested:
    return ResumeIngested(
        resume_id=resume_id,
        tenant_id="t1",
        run=run,
        file_id="f1",
        filename="a.pdf",
        size_bytes=10,
        sha256="00",
    )


def parsed(event: ResumeIngested) -> ResumeParsed:
    return ResumeParsed(**event.carry(), page_count=1, char_count=10)


@pytest.fixture
async def nc(nats_server: NatsServer) -> AsyncIterator[NATS]:
    client = await nats.connect(nats_server.url)
    yield client
    await client.drain()


def settings(nats_url: str, **overrides: object) -> WorkerSettings:
    values: dict[str, object] = {
        "NATS_URL": nats_url,
        "max_deliver": 3,
        "backoff": [0.2, 0.2, 0.2],
        "ack_wait_seconds": 1.0,
        "shutdown_grace_seconds": 2.0,
    }
    values.update(overrides)
    return WorkerSettings.model_validate(values)


async def collect(nc: NATS, subject: str, count: int, timeout: float = 10) -> list[bytes]:
    """Read ``count`` messages of ``subject`` from the event log."""
    js = nc.jetstream()
    sub = await js.subscribe(subject, ordered_consumer=True)
    out = []
    try:
        for _ in range(count):
            msg = await sub.next_msg(timeout=timeout)
            out.append(msg.data)
    finally:
        await sub.unsubscribe()
    return out


async def eventually(
    probe: Callable[[], Awaitable[T]], ok: Callable[[T], bool], what: str, timeout: float = 10.0
) -> T:
    """Poll ``probe`` until ``ok`` holds; fail naming the condition and the last value seen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await probe()
        if ok(value):
            return value
        if loop.time() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}; last: {value!r}")
        await asyncio.sleep(0.05)


def settled(info: ConsumerInfo) -> bool:
    """Everything the consumer got is settled (acked or terminated): nothing waits for
    delivery, for an ack or for a redelivery, and the ack floor reached the last delivery."""
    assert info.delivered is not None
    assert info.ack_floor is not None
    return (
        info.num_pending == 0
        and info.num_ack_pending == 0
        and info.num_redelivered == 0
        and info.ack_floor.consumer_seq == info.delivered.consumer_seq
    )


async def wait_settled(nc: NATS, cfg: WorkerSettings, deliveries: int = 1) -> ConsumerInfo:
    """The parser consumer's own record (from JetStream) once its work is settled."""
    info = await eventually(
        lambda: nc.jetstream().consumer_info(cfg.stream, "parser"),
        settled,
        "the parser consumer to settle",
    )
    assert info.delivered is not None
    # consumer_seq counts every delivery, redeliveries included
    assert info.delivered.consumer_seq == deliveries, info
    return info


async def dead_letter(nc: NATS, cfg: WorkerSettings, subject: str | None = None) -> RawStreamMsg:
    """The only message in the dead-letter stream, headers included."""
    js = nc.jetstream()
    await eventually(
        lambda: js.stream_info(cfg.dlq_stream),
        lambda info: info.state.messages >= 1,
        "a dead letter",
    )
    assert (await js.stream_info(cfg.dlq_stream)).state.messages == 1
    letter = subject or deadletters.subject("parser", "t1", "r1")
    return await js.get_last_msg(cfg.dlq_stream, letter)


class Harness:
    def __init__(self, nc: NATS, cfg: WorkerSettings, handler: object) -> None:
        self.failures: list[ResumeFailed] = []
        self.deliveries: list[Delivery] = []

        async def on_failed(failed: ResumeFailed) -> None:
            self.failures.append(failed)

        async def wrapped(event: ResumeIngested, delivery: Delivery) -> ResumeParsed | None:
            self.deliveries.append(delivery)
            return await handler(event, delivery)  # type: ignore[operator, no-any-return]

        spec = StageSpec("parser", [ResumeIngested], wrapped, on_failed)
        self.runner = StageRunner(nc, spec, cfg)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Harness:
        await bus.ensure_streams(self.runner.js, self.runner.settings)
        self.task = asyncio.create_task(self.runner.run())
        await asyncio.wait_for(self.runner.ready.wait(), 10)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.runner.stop()
        assert self.task is not None
        await asyncio.wait_for(self.task, 15)


async def test_result_is_published_with_dedup_id_and_source_acked(
    nc: NATS, nats_server: NatsServer
) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        return parsed(event)

    async with Harness(nc, cfg, handler) as h:
        await bus.ensure_streams(nc.jetstream(), cfg)
        await bus.publish(nc.jetstream(), ingested())
        (data,) = await collect(nc, "resume.parsed", 1)
        await wait_settled(nc, cfg)
    assert ResumeParsed.model_validate_json(data).resume_id == "r1"
    assert [d.attempt for d in h.deliveries] == [1]
    # the same result published again is recognised as a duplicate
    assert await bus.publish(nc.jetstream(), parsed(ingested())) is False


async def test_retry_naks_then_succeeds_with_attempt_count(
    nc: NATS, nats_server: NatsServer
) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        if delivery.attempt < 3:
            raise Retry("flaky", delay=0.1)
        return parsed(event)

    async with Harness(nc, cfg, handler) as h:
        await bus.publish(nc.jetstream(), ingested())
        await collect(nc, "resume.parsed", 1)
        await wait_settled(nc, cfg, deliveries=3)
    assert [d.attempt for d in h.deliveries] == [1, 2, 3]
    assert h.failures == []


async def test_exhausted_retries_fail_and_dead_letter(nc: NATS, nats_server: NatsServer) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        # Not an outage (those are parked, see test_breaker.py): the message's own problem.
        raise Retry("garbage", delay=0.1, code=ErrorCode.LLM_INVALID_OUTPUT)

    async with Harness(nc, cfg, handler) as h:
        await bus.publish(nc.jetstream(), ingested())
        (failed_data,) = await collect(nc, "resume.failed", 1)
        dead = await dead_letter(nc, cfg)
        await wait_settled(nc, cfg, deliveries=3)
    assert dead.headers is not None
    assert dead.headers["Resumeflow-Error-Code"] == "llm_invalid_output"
    failed = ResumeFailed.model_validate_json(failed_data)
    assert (failed.code, failed.stage, failed.attempts) == ("llm_invalid_output", "parser", 3)
    assert "gave up after 3 attempt(s)" in failed.message
    assert [f.code for f in h.failures] == ["llm_invalid_output"]
    assert ResumeIngested.model_validate_json(dead.data).resume_id == "r1"
    assert len(h.deliveries) == 3


async def test_rejected_fails_at_once(nc: NATS, nats_server: NatsServer) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        raise Rejected(ErrorCode.PDF_CORRUPT, "broken")

    async with Harness(nc, cfg, handler) as h:
        await bus.publish(nc.jetstream(), ingested())
        (failed_data,) = await collect(nc, "resume.failed", 1)
        # terminated, not nak'ed: one delivery, nothing left to redeliver
        await wait_settled(nc, cfg)
        dead = await dead_letter(nc, cfg)
    assert ResumeFailed.model_validate_json(failed_data).code == "pdf_corrupt"
    assert dead.headers is not None
    assert dead.headers["Resumeflow-Error-Code"] == "pdf_corrupt"
    assert len(h.deliveries) == 1


async def test_invalid_payload_is_dead_lettered_not_redelivered(
    nc: NATS, nats_server: NatsServer
) -> None:
    cfg = settings(nats_server.url)
    called: list[ResumeIngested] = []

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        called.append(event)  # the runner would swallow a raise here as a retry
        return parsed(event)

    async with Harness(nc, cfg, handler) as h:
        await nc.jetstream().publish("resume.ingested", b'{"resume_id": 1}')
        # no tenant can be read from it: filed under the unknown tenant
        dead = await dead_letter(nc, cfg, deadletters.subject("parser", None, None))
        # delivered once and terminated: a nak (redelivery) would leave it ack-pending,
        # then redelivered, and consumer_seq would grow past 1
        await wait_settled(nc, cfg)
    assert dead.data == b'{"resume_id": 1}'
    assert dead.headers is not None
    assert dead.headers["Resumeflow-Error-Code"] == "invalid_event"
    assert dead.headers["Resumeflow-Original-Subject"] == "resume.ingested"
    assert called == []
    assert h.deliveries == []
    assert h.failures == []


async def test_worker_killed_mid_message_hits_max_deliveries_advisory(
    nc: NATS, nats_server: NatsServer
) -> None:
    """A handler that never finishes (as if its worker died each time) ends failed."""
    cfg = settings(nats_server.url, ack_wait_seconds=1.0, backoff=[1.0, 1.0, 1.0])
    release = asyncio.Event()

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        await release.wait()
        return parsed(event)

    harness = Harness(nc, cfg, handler)
    # No heartbeats: simulate dead workers by making in_progress a no-op.
    harness.runner._heartbeat = _no_heartbeat  # type: ignore[method-assign]
    async with harness as h:
        await bus.publish(nc.jetstream(), ingested())
        (failed_data,) = await collect(nc, "resume.failed", 1, timeout=20)
        release.set()
    failed = ResumeFailed.model_validate_json(failed_data)
    assert failed.code == "max_deliveries_exceeded"
    assert [f.code for f in h.failures] == ["max_deliveries_exceeded"]


async def _no_heartbeat(msg: object) -> None:
    await asyncio.Event().wait()


async def test_consumer_survives_nats_restart(nc: NATS, nats_server: NatsServer) -> None:
    cfg = settings(nats_server.url)

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        return parsed(event)

    async with Harness(nc, cfg, handler):
        await bus.publish(nc.jetstream(), ingested("before"))
        await collect(nc, "resume.parsed", 1)
        nats_server.stop()
        await eventually(
            lambda: _value(nc.is_connected), lambda up: not up, "the client to see the outage"
        )
        nats_server.start()
        await eventually(lambda: _value(nc.is_connected), bool, "the client to reconnect", 20)
        await bus.publish(nc.jetstream(), ingested("after"))
        data = await collect(nc, "resume.parsed", 2, timeout=20)
    ids = [ResumeParsed.model_validate_json(d).resume_id for d in data]
    assert ids == ["before", "after"]


async def _value(value: T) -> T:
    return value
