"""Outages: the circuit breaker pauses a stage while a dependency is down, and a
message that meets an outage at the end of its retry budget is parked (re-queued
with a fresh budget) instead of failing its resume."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import nats
import pytest
from nats.aio.client import Client as NATS

from resumeflow_dev.natsd import NatsServer
from resumeflow_shared import bus
from resumeflow_shared.breaker import Breaker, State
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.events import ResumeFailed, ResumeIngested, ResumeParsed
from resumeflow_shared.runner import Delivery, StageRunner, StageSpec
from resumeflow_shared.settings import WorkerSettings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_outages_in_a_row_and_probes_before_closing() -> None:
    clock = Clock()
    breaker = Breaker("enhancer", threshold=3, cooldown=5, max_cooldown=60, clock=clock)
    breaker.record(outage=True)
    breaker.record(outage=False)  # not in a row
    breaker.record(outage=True)
    breaker.record(outage=True)
    assert breaker.allowance(10) == 10
    breaker.record(outage=True)
    assert breaker.state == State.OPEN
    assert breaker.allowance(10) == 0
    clock.now += 5
    assert breaker.allowance(10) == 1  # half-open: one probe
    assert breaker.allowance(10) == 0  # ...and only one
    breaker.settled()
    breaker.record(outage=True)  # the probe met the outage: pause twice as long
    assert breaker.state == State.OPEN
    clock.now += 5
    assert breaker.allowance(10) == 0
    clock.now += 5
    assert breaker.allowance(10) == 1
    breaker.settled()
    breaker.record(outage=False)
    assert breaker.state == State.CLOSED
    assert breaker.allowance(10) == 10


def test_an_empty_probe_fetch_lets_the_next_probe_go() -> None:
    clock = Clock()
    breaker = Breaker("parser", threshold=1, cooldown=1, clock=clock)
    breaker.record(outage=True)
    clock.now += 1
    assert breaker.allowance(4) == 1
    breaker.fetched(0)
    assert breaker.allowance(4) == 1


@pytest.fixture
async def nc(nats_server: NatsServer) -> AsyncIterator[NATS]:
    client = await nats.connect(nats_server.url)
    yield client
    await client.drain()


def ingested() -> ResumeIngested:
    return ResumeIngested(
        resume_id="r1", tenant_id="t1", file_id="f", filename="a.pdf", size_bytes=1, sha256="0"
    )


async def test_a_long_outage_parks_the_message_and_the_resume_completes_after_it(
    nc: NATS, nats_server: NatsServer
) -> None:
    """max_deliver is 3, yet the handler meets the outage 9 times: without parking the
    resume would fail with llm_unavailable after the third delivery."""
    cfg = WorkerSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "max_deliver": 3,
            "backoff": [0.1],
            "ack_wait_seconds": 2.0,
            "breaker_threshold": 2,
            "breaker_cooldown_seconds": 0.1,
            "breaker_max_cooldown_seconds": 0.2,
        }
    )
    failures: list[ResumeFailed] = []
    calls: list[Delivery] = []
    outage_calls = 9
    done = asyncio.Event()

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed:
        calls.append(delivery)
        if len(calls) <= outage_calls:
            raise Retry("the LLM endpoint answered HTTP 503", code=ErrorCode.LLM_UNAVAILABLE)
        done.set()
        return ResumeParsed(**event.carry(), page_count=1, char_count=1)

    async def on_failed(failed: ResumeFailed) -> None:
        failures.append(failed)

    runner = StageRunner(nc, StageSpec("parser", [ResumeIngested], handler, on_failed), cfg)
    await bus.ensure_streams(runner.js, cfg)
    task = asyncio.create_task(runner.run())
    try:
        await asyncio.wait_for(runner.ready.wait(), 10)
        await bus.publish(runner.js, ingested())
        await asyncio.wait_for(done.wait(), 60)
    finally:
        runner.stop()
        await asyncio.wait_for(task, 15)
    assert failures == []
    assert len(calls) == outage_calls + 1
    assert max(d.attempt for d in calls) <= 2  # the last delivery is never spent on an outage
    parked = sum(1 for d in calls[:outage_calls] if d.attempt == 2)
    assert parked == outage_calls // 2  # every second outage parked the message
    info = await nc.jetstream().stream_info(cfg.dlq_stream)
    assert info.state.messages == 0
    stream = await nc.jetstream().stream_info(cfg.stream)
    # the original, one copy per park, and the result
    assert stream.state.messages == 1 + parked + 1
