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
from urllib.parse import urlsplit

import httpx

from resumeflow_notifier import signing
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.webhooks import RETRYABLE_4XX, WebhookSender
from resumeflow_shared import telemetry as tm
from resumeflow_shared import tracing
from resumeflow_shared.batches import BatchRecord, BatchStore
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.events import BatchCompleted, Event, ResumeCancelled
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
    record = await store.current(event)
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
    settings = sender.settings
    body = json.dumps(batch_payload(batch, event, settings.public_base_url)).encode()
    headers = signing.headers(settings.signing_secret.get_secret_value(), wid, body)
    with tracing.span(
        "webhook POST",
        kind=tracing.SpanKind.CLIENT,
        attributes={
            "http.request.method": "POST",
            "server.address": urlsplit(batch.callback_url).hostname,
            "resumeflow.webhook.id": wid,
            "resumeflow.webhook.event": "batch.completed",
        },
    ):
        status, error = await _post(sender.http, batch.callback_url, body, headers)
    ok = status is not None and 200 <= status < 300
    retryable = not ok and (status is None or status >= 500 or status in RETRYABLE_4XX)
    outcome: Literal["delivered", "retry", "failed"] = (
        "delivered" if ok else "retry" if retryable and not delivery.last_attempt else "failed"
    )
    await batches.add_delivery(
        batch.tenant_id,
        batch.id,
        DeliveryRecord(
            webhook_id=wid,
            event="batch.completed",
            url=batch.callback_url,
            attempt=delivery.attempt,
            at=utcnow(),
            status_code=status,
            outcome=outcome,
            error=error,
        ),
    )
    tm.WEBHOOK_DELIVERIES.labels(outcome).inc()
    if outcome == "retry":
        raise Retry(f"batch webhook delivery failed: {error or status}", code=ErrorCode.UNAVAILABLE)


async def _post(
    http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str | None]:
    try:
        response = await http.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"
