"""Replaying dead letters: each message in ``RESUMES_DLQ`` names a resume that a stage
gave up on; replay re-runs that resume from that stage and removes the dead letter."""

from __future__ import annotations

import contextlib
import json
import logging

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from resumeflow_ingest import replay
from resumeflow_ingest.deps import AppState
from resumeflow_ingest.problems import ApiError
from resumeflow_ingest.schemas import BulkReplayResult, Skipped
from resumeflow_shared.events import EVENTS_BY_SUBJECT

log = logging.getLogger(__name__)


async def replay_all(state: AppState, tenant_id: str, limit: int = 1000) -> BulkReplayResult:
    js = state.nc.jetstream()
    stream = state.settings.dlq_stream
    result = BulkReplayResult(replayed=[], skipped=[])
    sub = await js.pull_subscribe(
        "dlq.>",
        stream=stream,
        config=ConsumerConfig(
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            inactive_threshold=30.0,
        ),
    )
    try:
        seen = 0
        while seen < limit:
            try:
                msgs = await sub.fetch(100, timeout=1.0)
            except TimeoutError:  # nats' TimeoutError subclasses it: the stream is drained
                break
            for msg in msgs:
                seen += 1
                await msg.ack()
                headers = msg.headers or {}
                model = EVENTS_BY_SUBJECT.get(headers.get("Resumeflow-Original-Subject", ""))
                if model is None:
                    continue
                try:
                    event = model.model_validate_json(msg.data)
                except ValueError:
                    continue
                if event.tenant_id != tenant_id:
                    continue
                record = await state.store.get(tenant_id, event.resume_id)
                if record is None or record.status != "failed" or record.run != event.run:
                    with contextlib.suppress(Exception):
                        await js.delete_msg(stream, msg.metadata.sequence.stream)
                    continue
                try:
                    await replay.replay(state, record, None)
                except ApiError as exc:
                    result.skipped.append(Skipped(id=record.id, reason=exc.message))
                    continue
                result.replayed.append(record.id)
                await js.delete_msg(stream, msg.metadata.sequence.stream)
    finally:
        with contextlib.suppress(Exception):
            await sub.unsubscribe()
    return result


async def discard_for(state: AppState, tenant_id: str, resume_id: str, limit: int = 10_000) -> int:
    """Remove the dead letters of one resume (erasure); returns how many were removed.

    The dead-letter stream is not indexed by resume, so this reads it through an
    ephemeral consumer, at most ``limit`` messages.
    """
    js = state.nc.jetstream()
    stream = state.settings.dlq_stream
    removed = 0
    sub = await js.pull_subscribe(
        "dlq.>",
        stream=stream,
        config=ConsumerConfig(
            ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL, inactive_threshold=30.0
        ),
    )
    try:
        seen = 0
        while seen < limit:
            try:
                msgs = await sub.fetch(100, timeout=1.0)
            except TimeoutError:  # drained
                break
            for msg in msgs:
                seen += 1
                try:
                    ids = json.loads(msg.data)
                except ValueError:
                    continue
                if ids.get("resume_id") == resume_id and ids.get("tenant_id") == tenant_id:
                    with contextlib.suppress(Exception):
                        await js.delete_msg(stream, msg.metadata.sequence.stream)
                        removed += 1
    finally:
        with contextlib.suppress(Exception):
            await sub.unsubscribe()
    return removed
