"""The notifier stage: completes resumes and tells the caller.

``resume.enhanced`` -> mark ``completed`` -> signed webhook, email -> ``resume.completed``.
``resume.failed``   -> signed failure webhook, email -> ``resume.failure_notified``.
``resume.cancelled`` -> signed cancellation webhook (then the batch check, below).
``resume.completed``, ``resume.failure_notified``, ``batch.closed`` -> ``batch.completed``
when this event finishes its batch (see ``batches``); ``batch.completed`` -> its webhook.
The status is written before the webhook is sent, so a receiver that reads the
resume back on receipt always sees the state the webhook announced.
"""

from __future__ import annotations

from resumeflow_notifier import batches as batch_events
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.webhooks import WebhookSender
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
from resumeflow_shared.records import ResumeRecord
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import ResumeStore


def _observe_pipeline(record: ResumeRecord) -> None:
    done = record.timestamps.get("completed")
    if done is not None:
        tm.PIPELINE_DURATION.observe((done - record.created_at).total_seconds())


def build_handler(store: ResumeStore, sender: WebhookSender, mailer: Mailer) -> StageSpec:
    async def on_enhanced(event: ResumeEnhanced, delivery: Delivery) -> ResumeCompleted | None:
        record = await store.current(event)
        if record is None:
            return None
        completed = await store.advance(
            event.tenant_id, event.resume_id, "completed", run=event.run
        )
        if completed is not None:
            _observe_pipeline(completed)
            record = completed
        if record.status != "completed":
            return None
        await store.record_attempt(event.tenant_id, event.resume_id, "notifier", delivery.attempt)
        outcome = await sender.send(record, "resume.completed", delivery)
        await mailer.send(record, "resume.completed", delivery.attempt)
        return ResumeCompleted(**event.carry(), webhook=outcome)

    async def on_failed(event: ResumeFailed, delivery: Delivery) -> ResumeFailureNotified | None:
        record = await store.current(event)
        if record is None or record.status != "failed":
            return None
        outcome = await sender.send(record, "resume.failed", delivery)
        await mailer.send(record, "resume.failed", delivery.attempt)
        return ResumeFailureNotified(**event.carry(), webhook=outcome)

    batches = BatchStore(store.db)

    async def handle(event: Event, delivery: Delivery) -> Event | None:
        if isinstance(event, ResumeFailed):
            # A batch event the runner gave up on is announced with an empty resume id:
            # there is no resume to notify about (its dead letter is kept).
            return await on_failed(event, delivery) if event.resume_id else None
        if isinstance(event, ResumeEnhanced):
            return await on_enhanced(event, delivery)
        if isinstance(event, ResumeCancelled):
            return await batch_events.on_cancelled(store, batches, sender, event, delivery)
        if isinstance(event, BatchCompleted):
            await batch_events.deliver_completed(batches, sender, mailer, event, delivery)
            return None
        return await batch_events.settle(batches, event)

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
        handler=handle,
        on_failed=store.fail,
    )
