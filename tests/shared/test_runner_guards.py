"""Runner guards against a real nats-server: failure events cannot loop, and a handler
cannot run past its deadline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import nats
import pytest
from nats.aio.client import Client as NATS

from resumeflow_dev.natsd import NatsServer
from resumeflow_shared import bus, deadletters
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.events import ResumeFailed, ResumeIngested
from resumeflow_shared.runner import Delivery, StageRunner, StageSpec
from resumeflow_shared.settings import WorkerSettings


@pytest.fixture
async def nc(nats_server: NatsServer) -> AsyncIterator[NATS]:
    client = await nats.connect(nats_server.url)
    yield client
    await client.drain()


async def count(nc: NATS, stream: str, subject: str) -> int:
    info = await nc.jetstream().stream_info(stream, subjects_filter=subject)
    return int((info.state.subjects or {}).get(subject, 0))


async def wait_until(check: object, timeout: float = 20) -> None:
    async with asyncio.timeout(timeout):
        while True:
            if await check():  # type: ignore[operator]
                return
            await asyncio.sleep(0.05)


async def test_a_failure_the_notifier_cannot_handle_is_dead_lettered_not_republished(
    nc: NATS, nats_server: NatsServer
) -> None:
    cfg = WorkerSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "max_deliver": 2,
            "backoff": [1.0],
            "ack_wait_seconds": 1.0,
            "shutdown_grace_seconds": 2.0,
            # shorter than the backoff: a republished resume.failed would not be deduplicated
            "NATS_DUPLICATE_WINDOW_SECONDS": 0.5,
        }
    )
    calls: list[int] = []
    marked: list[ResumeFailed] = []

    async def handler(event: ResumeFailed, delivery: Delivery) -> None:
        calls.append(delivery.attempt)
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    async def on_failed(failed: ResumeFailed) -> None:
        marked.append(failed)

    spec = StageSpec("notifier", [ResumeFailed], handler, on_failed)
    runner = StageRunner(nc, spec, cfg)
    await bus.ensure_streams(runner.js, cfg)
    task = asyncio.create_task(runner.run())
    try:
        await asyncio.wait_for(runner.ready.wait(), 10)
        original = ResumeFailed(
            resume_id="r1",
            tenant_id="t1",
            stage="parser",
            code=ErrorCode.PDF_CORRUPT,
            message="broken",
        )
        await bus.publish(nc.jetstream(), original)

        async def dead_lettered() -> bool:
            letter = deadletters.subject("notifier", "t1", "r1")
            return await count(nc, cfg.dlq_stream, letter) == 1

        await wait_until(dead_lettered)
        failed_events = await count(nc, cfg.stream, "resume.failed")
        info = await nc.jetstream().consumer_info(cfg.stream, "notifier")
    finally:
        runner.stop()
        await asyncio.wait_for(task, 15)
    assert failed_events == 1  # only the original: nothing republished
    assert calls == [1, 2]
    assert marked == []
    assert info.num_pending == 0


async def test_a_handler_past_its_deadline_is_retried_then_failed_as_handler_timeout(
    nc: NATS, nats_server: NatsServer
) -> None:
    cfg = WorkerSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "max_deliver": 2,
            "backoff": [0.1],
            "ack_wait_seconds": 1.0,
            "shutdown_grace_seconds": 2.0,
            "handler_timeout_seconds": 0.3,
        }
    )
    never = asyncio.Event()
    calls: list[int] = []

    async def stuck(event: ResumeIngested, delivery: Delivery) -> None:
        calls.append(delivery.attempt)
        await never.wait()  # a webhook receiver dripping one byte every few seconds

    async def on_failed(failed: ResumeFailed) -> None:
        return None

    spec = StageSpec("parser", [ResumeIngested], stuck, on_failed)
    runner = StageRunner(nc, spec, cfg)
    await bus.ensure_streams(runner.js, cfg)
    task = asyncio.create_task(runner.run())
    try:
        await asyncio.wait_for(runner.ready.wait(), 10)
        await bus.publish(
            nc.jetstream(),
            ResumeIngested(
                resume_id="r1",
                tenant_id="t1",
                file_id="f1",
                filename="a.pdf",
                size_bytes=10,
                sha256="00",
            ),
        )
        sub = await nc.jetstream().subscribe("resume.failed", ordered_consumer=True)
        msg = await sub.next_msg(timeout=20)
        await sub.unsubscribe()
    finally:
        runner.stop()
        await asyncio.wait_for(task, 15)
    failed = ResumeFailed.model_validate_json(msg.data)
    assert (failed.code, failed.attempts) == ("handler_timeout", 2)
    assert calls == [1, 2]
