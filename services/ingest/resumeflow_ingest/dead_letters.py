"""Replaying dead letters: each message in ``RESUMES_DLQ`` names a resume that a stage
gave up on; replay re-runs that resume from that stage and removes the dead letter.

Letters are filed per tenant (``shared/deadletters.py``), so a tenant's replay reads
its own letters only, all of them, however many other tenants have.
"""

from __future__ import annotations

import contextlib
import json
import logging

from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from resumeflow_ingest import replay
from resumeflow_ingest.deps import AppState
from resumeflow_ingest.problems import ApiError
from resumeflow_ingest.schemas import BulkReplayResult, Skipped
from resumeflow_shared import deadletters
from resumeflow_shared.events import EVENTS_BY_SUBJECT

log = logging.getLogger(__name__)


async def replay_all(state: AppState, tenant_id: str, limit: int = 10_000) -> BulkReplayResult:
    result = BulkReplayResult(replayed=[], skipped=[])
    for subject in (deadletters.tenant_filter(tenant_id), deadletters.LEGACY_FILTER):
        await _replay_subject(state, tenant_id, subject, limit, result)
    return result


async def _replay_subject(
    state: AppState, tenant_id: str, subject: str, limit: int, result: BulkReplayResult
) -> None:
    js = state.nc.jetstream()
    stream = state.settings.dlq_stream
    # Letters that a replayed resume causes (it fails again at once) land behind this
    # point: they are not this replay's to read, or it would chase its own tail.
    last = (await js.stream_info(stream)).state.last_seq
    sub = await js.pull_subscribe(
        subject,
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
            fresh = [m for m in msgs if m.metadata.sequence.stream <= last]
            for msg in fresh:
                seen += 1
                await msg.ack()
                await _replay_one(state, tenant_id, msg, result)
            if len(fresh) < len(msgs):
                break
    finally:
        with contextlib.suppress(Exception):
            await sub.unsubscribe()


async def _replay_one(state: AppState, tenant_id: str, msg: Msg, result: BulkReplayResult) -> None:
    js = state.nc.jetstream()
    stream = state.settings.dlq_stream
    headers = msg.headers or {}
    model = EVENTS_BY_SUBJECT.get(headers.get("Resumeflow-Original-Subject", ""))
    if model is None:
        return
    try:
        event = model.model_validate_json(msg.data)
    except ValueError:
        return
    if event.tenant_id != tenant_id:  # only possible for letters in the legacy layout
        return
    record = await state.store.get(tenant_id, event.resume_id)
    if record is None or record.status != "failed" or record.run != event.run:
        with contextlib.suppress(Exception):
            await js.delete_msg(stream, msg.metadata.sequence.stream)
        return
    try:
        await replay.replay(state, record, None)
    except ApiError as exc:
        result.skipped.append(Skipped(id=record.id, reason=exc.message))
        return
    result.replayed.append(record.id)
    await js.delete_msg(stream, msg.metadata.sequence.stream)


async def discard_for(state: AppState, tenant_id: str, resume_id: str, limit: int = 10_000) -> int:
    """Remove the dead letters of one resume (erasure); returns how many were removed.

    Letters in the per-tenant layout are purged by subject in one call; letters in the
    legacy layout are found by reading them (at most ``limit``).
    """
    js = state.nc.jetstream()
    stream = state.settings.dlq_stream
    before = (await js.stream_info(stream)).state.messages
    await js.purge_stream(stream, subject=deadletters.resume_filter(tenant_id, resume_id))
    removed = before - (await js.stream_info(stream)).state.messages
    sub = await js.pull_subscribe(
        deadletters.LEGACY_FILTER,
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
