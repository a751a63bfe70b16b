"""Delivering one webhook, once: the id is stable across retries and checked before
sending, so a redelivered event never produces a second successful delivery."""

from __future__ import annotations

import json
import logging
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from resumeflow_notifier import signing
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_shared import telemetry as tm
from resumeflow_shared import tracing
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.persist import until_stored
from resumeflow_shared.records import Delivery as DeliveryRecord
from resumeflow_shared.records import ResumeRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore, utcnow

log = logging.getLogger(__name__)

Outcome = Literal["delivered", "failed", "none"]
# 4xx answers that may succeed later (the receiver is overloaded or not deployed yet).
RETRYABLE_4XX = {408, 409, 425, 429}


def webhook_id(record: ResumeRecord, event_type: str) -> str:
    return f"msg_{record.id}_{event_type.replace('.', '_')}_{record.run}"


def payload(record: ResumeRecord, event_type: str, settings: NotifierSettings) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resume_id": record.id,
        "tenant_id": record.tenant_id,
        "batch_id": record.batch_id,
        "status": record.status,
        "run": record.run,
        "url": f"{settings.public_base_url.rstrip('/')}/v1/resumes/{record.id}",
    }
    if record.error:
        data["error"] = record.error.model_dump()
    if settings.include_profile and record.profile is not None:
        data["profile"] = record.profile.model_dump(mode="json")
        data["profile_source"] = record.profile_source
    return {"type": event_type, "timestamp": utcnow().isoformat(), "data": data}


class WebhookSender:
    def __init__(
        self, store: ResumeStore, http: httpx.AsyncClient, settings: NotifierSettings
    ) -> None:
        self.store = store
        self.http = http
        self.settings = settings

    async def send(self, record: ResumeRecord, event_type: str, delivery: Delivery) -> Outcome:
        """Deliver ``event_type`` for ``record`` to its callback, if any.

        Raises :class:`Retry` on a retryable failure while attempts remain; on the
        last attempt records the failure and returns ``"failed"`` instead, because an
        unreachable webhook must not fail a resume that is otherwise done.
        """
        if not record.callback_url:
            return "none"
        wid = webhook_id(record, event_type)
        if await self.store.delivered(record.tenant_id, record.id, wid):
            return "delivered"
        body = json.dumps(payload(record, event_type, self.settings), default=str).encode()
        headers = signing.headers(self.settings.signing_secret.get_secret_value(), wid, body)
        with tracing.span(
            "webhook POST",
            kind=tracing.SpanKind.CLIENT,
            attributes={
                "http.request.method": "POST",
                "server.address": urlsplit(record.callback_url).hostname,
                "resumeflow.webhook.id": wid,
                "resumeflow.webhook.event": event_type,
            },
        ) as span:
            tracing.inject(headers)  # receivers may continue the resume's trace
            status, error = await self._post(record.callback_url, body, headers)
            if status is not None:
                span.set_attribute("http.response.status_code", status)
            if error:
                tracing.fail(span, "webhook_failed", error)
        ok = status is not None and 200 <= status < 300
        retryable = not ok and (status is None or status >= 500 or status in RETRYABLE_4XX)
        outcome: Literal["delivered", "retry", "failed"] = (
            "delivered" if ok else "retry" if retryable and not delivery.last_attempt else "failed"
        )
        attempt = DeliveryRecord(
            webhook_id=wid,
            event=event_type,
            url=record.callback_url,
            attempt=delivery.attempt,
            at=utcnow(),
            status_code=status,
            outcome=outcome,
            error=error,
        )
        # The receiver has answered: losing that answer would mean sending again.
        await until_stored(
            lambda: self.store.add_delivery(record.tenant_id, record.id, attempt),
            what="the webhook outcome",
        )
        tm.WEBHOOK_DELIVERIES.labels(outcome).inc()
        if outcome == "retry":
            raise Retry(f"webhook delivery failed: {error or status}", code=ErrorCode.UNAVAILABLE)
        return "delivered" if ok else "failed"

    async def _post(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None]:
        try:
            response = await self.http.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"
