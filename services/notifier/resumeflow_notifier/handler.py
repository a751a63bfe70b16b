"""The notifier stage: completes resumes and tells the caller.

``resume.enhanced`` -> mark ``completed`` -> signed webhook, email -> ``resume.completed``.
``resume.failed``   -> signed failure webhook, email -> ``resume.failure_notified``.
``resume.cancelled`` -> signed cancellation webhook (then the batch check, below).
``resume.completed``, ``resume.failure_notified``, ``batch.closed`` -> ``batch.completed``
when this event finishes its batch (see ``batches``); ``batch.completed`` -> its webhook.
The status is written before the webhook is sent, so a receiver that reads the
resume back on receipt always sees the state the webhook announced.

Sending happens under a lease per (resume, run, event): a redelivery that reaches a
second worker while the first is still sending waits, then finds the delivery
recorded, so one webhook id is POSTed twice only when the first attempt's outcome was
never learned (its worker was killed mid-request).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from resumeflow_notifier import batches as batch_events
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.webhooks import Outcome, WebhookSender
from resumeflow_shared import telemetry as tm
from resumeflow_shared.batches import BatchStore
from resumeflow_shared.events import (
    BatchClosed,
    BatchCompleted,
    Event,
    ResumeCancelled,
    ResumeCompleted,
    ResumeEnhanced,
    ResumeFailed,
    ResumeFailureNotified,
)
from resumeflow_shared.lease import LeaseStore, exclusive
from resumeflow_shared.records import ResumeRecord
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import ResumeStore


@dataclass(frozen=True)
class NotifierDeps:
    store: ResumeStore
    leases: LeaseStore
    sender: WebhookSender
    mailer: Mailer
    lease_ttl_seconds: float
    batches: BatchStore


def _observe_pipeline(record: ResumeRecord) -> None:
    done = record.timestamps.get("completed")
    if done is not None:
        tm.PIPELINE_DURATION.observe((done - record.created_at).total_seconds())


async def _notify(
    deps: NotifierDeps, record: ResumeRecord, event_type: str, delivery: Delivery
) -> Outcome:
    if not record.callback_url and not deps.mailer.wants(record):
        return "none"  # nothing to send: no lease, no round trip
    ttl = deps.lease_ttl_seconds
    key = f"notify:{record.id}:{record.run}:{event_type}"
    async with exclusive(deps.leases, key, ttl=ttl, wait_seconds=2 * ttl):
        # Under the lease, the sender and the mailer look up what a previous holder
        # delivered before sending (by webhook id), so nothing goes out twice.
        outcome = await deps.sender.send(record, event_type, delivery)
        await deps.mailer.send(record, event_type, delivery.attempt)
    return outcome


async def on_enhanced(
    deps: NotifierDeps, event: ResumeEnhanced, delivery: Delivery
) -> ResumeCompleted | None:
    store = deps.store
    record, moved = await store.begin(
        event, "completed", stage="notifier", attempt=delivery.attempt, with_parse=False
    )
    if record is None:
        return None
    if moved:
        _observe_pipeline(record)
    elif record.status != "completed":
        return None
    else:
        await store.record_attempt(event.tenant_id, event.resume_id, "notifier", delivery.attempt)
    outcome = await _notify(deps, record, "resume.completed", delivery)
    return ResumeCompleted(**event.carry(), webhook=outcome)


async def on_failed(
    deps: NotifierDeps, event: ResumeFailed, delivery: Delivery
) -> ResumeFailureNotified | None:
    record = await deps.store.current(event, with_parse=False)
    if record is None or record.status != "failed":
        return None
    outcome = await _notify(deps, record, "resume.failed", delivery)
    return ResumeFailureNotified(**event.carry(), webhook=outcome)


async def handle(deps: NotifierDeps, event: Event, delivery: Delivery) -> Event | None:
    if isinstance(event, ResumeFailed):
        # A batch event the runner gave up on is announced with an empty resume id:
        # there is no resume to notify about (its dead letter is kept).
        return await on_failed(deps, event, delivery) if event.resume_id else None
    if isinstance(event, ResumeEnhanced):
        return await on_enhanced(deps, event, delivery)
    if isinstance(event, ResumeCancelled):
        return await batch_events.on_cancelled(
            deps.store, deps.batches, deps.sender, event, delivery
        )
    if isinstance(event, BatchCompleted):
        ttl = deps.lease_ttl_seconds
        key = f"notify-batch:{event.batch_id}"
        async with exclusive(deps.leases, key, ttl=ttl, wait_seconds=2 * ttl):
            await batch_events.deliver_completed(
                deps.batches, deps.sender, deps.mailer, event, delivery
            )
        return None
    return await batch_events.settle(deps.batches, event)


def build_handler(deps: NotifierDeps) -> StageSpec[Event]:
    return StageSpec(
        name="notifier",
        consumes=[
            ResumeEnhanced,
            ResumeFailed,
            ResumeCancelled,
            ResumeCompleted,
            ResumeFailureNotified,
            BatchClosed,
            BatchCompleted,
        ],
        handler=functools.partial(handle, deps),
        on_failed=deps.store.fail,
    )
