"""Batch completion and cancellation callbacks, for the notifier stage.

Every event that can make a batch's last resume terminal (``resume.completed``,
``resume.failure_notified``, ``resume.cancelled``) and ``batch.closed`` lead to
:func:`settle`, which asks the store to claim the batch's completion for that event.
Only the claim's winner returns ``batch.completed`` (published with a per-batch de-dup
id), and the ``batch.completed`` handler sends the callback under a stable webhook id
that is checked before sending: concurrent finishes, redeliveries and replays produce
one ``batch.completed`` callback per batch.
"""

from __future__ import annotations

import json
import logging
from email.message import EmailMessage
from typing import Any, Literal

from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared import telemetry as tm
from resumeflow_shared.batches import BatchRecord, BatchStore
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.events import BatchCompleted, Event, ResumeCancelled
from resumeflow_shared.persist import until_stored
from resumeflow_shared.records import Delivery as DeliveryRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore, utcnow

log = logging.getLogger(__name__)


async def settle(batches: BatchStore, event: Event) -> BatchCompleted | None:
    """``batch.completed`` when this event's handler owns the batch's completion."""
    if not event.batch_id:
        return None
    claimed = await batches.claim_completion(event.tenant_id, event.batch_id, event.dedup_id())
    if claimed is None:
        return None
    batch, progress = claimed
    log.info("batch completed", extra={"batch_id": batch.id, "total": progress.total})
    return BatchCompleted(
        tenant_id=batch.tenant_id, batch_id=batch.id, total=progress.total, counts=progress.counts
    )


async def on_cancelled(
    store: ResumeStore,
    batches: BatchStore,
    sender: WebhookSender,
    event: ResumeCancelled,
    delivery: Delivery,
) -> BatchCompleted | None:
    """The ``resume.cancelled`` callback, then the batch check (a cancel may finish it)."""
    record = await store.current(event, with_parse=False)
    if record is None or record.status != "cancelled":
        return None
    await sender.send(record, "resume.cancelled", delivery)
    return await settle(batches, event)


def batch_payload(batch: BatchRecord, event: BatchCompleted, base_url: str) -> dict[str, Any]:
    data = {
        "batch_id": batch.id,
        "tenant_id": batch.tenant_id,
        "name": batch.name,
        "total": event.total,
        "counts": event.counts,
        "completed_at": batch.completed_at.isoformat() if batch.completed_at else None,
        "url": f"{base_url.rstrip('/')}/v1/batches/{batch.id}",
    }
    return {"type": "batch.completed", "timestamp": utcnow().isoformat(), "data": data}


async def email_completed(
    mailer: Mailer, batches: BatchStore, batch: BatchRecord, event: BatchCompleted, attempt: int
) -> None:
    """One best-effort e-mail to the batch's ``notify_email`` (recorded, never retried)."""
    settings = mailer.settings
    if not (settings.smtp_host and batch.notify_email):
        return
    key = f"email_batch_{batch.id}_completed"
    if await batches.delivered(batch.tenant_id, batch.id, key):
        return
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = batch.notify_email
    message["Subject"] = f"Batch finished: {batch.name or batch.id}"
    counts = ", ".join(f"{n} {status}" for status, n in sorted(event.counts.items()))
    url = f"{settings.public_base_url.rstrip('/')}/v1/batches/{batch.id}"
    message.set_content(f"{event.total} resume(s) processed: {counts}.\n\nBatch: {url}\n")
    error = await mailer.deliver(message)
    await batches.add_delivery(
        batch.tenant_id,
        batch.id,
        DeliveryRecord(
            webhook_id=key,
            event="batch.completed",
            url=f"mailto:{batch.notify_email}",
            attempt=attempt,
            at=utcnow(),
            outcome="failed" if error else "delivered",
            error=error,
        ),
    )


async def deliver_completed(
    batches: BatchStore,
    sender: WebhookSender,
    mailer: Mailer,
    event: BatchCompleted,
    delivery: Delivery,
) -> None:
    """E-mail, then ``batch.completed`` to the batch's callback, each once (the webhook
    with the same retry rules as resumes)."""
    batch = await batches.get(event.tenant_id, event.batch_id)
    if batch is None:
        return
    await email_completed(mailer, batches, batch, event, delivery.attempt)
    if not batch.callback_url:
        return
    wid = f"msg_batch_{batch.id}_completed"
    if await batches.delivered(batch.tenant_id, batch.id, wid):
        return
    body = json.dumps(batch_payload(batch, event, sender.settings.public_base_url)).encode()
    result = await sender.post_signed(batch.tenant_id, batch.callback_url, wid, event.subject, body)
    outcome: Literal["delivered", "retry", "failed"] = (
        "delivered"
        if result.ok
        else "retry"
        if result.retryable and not delivery.last_attempt
        else "failed"
    )
    attempt = DeliveryRecord(
        webhook_id=wid,
        event="batch.completed",
        url=batch.callback_url,
        attempt=delivery.attempt,
        at=utcnow(),
        status_code=result.status if result.ok else None,
        outcome=outcome,
        error=None if result.error is None else str(result.error),
    )
    # The receiver has answered: losing that answer would mean sending again.
    await until_stored(
        lambda: batches.add_delivery(batch.tenant_id, batch.id, attempt),
        what="the batch webhook outcome",
    )
    tm.WEBHOOK_DELIVERIES.labels(outcome).inc()
    if outcome == "retry":
        raise Retry(f"batch webhook delivery failed: {result.error}", code=ErrorCode.UNAVAILABLE)
