"""Delivering one webhook, once: the id is stable across retries and checked before
sending, so a redelivered event never produces a second successful delivery."""

from __future__ import annotations

import json
import logging
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from resumeflow_notifier import signing, transport
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_shared import telemetry as tm
from resumeflow_shared import tracing
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.persist import until_stored
from resumeflow_shared.records import Delivery as DeliveryRecord
from resumeflow_shared.records import ResumeRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore, utcnow
from resumeflow_shared.webhook_secrets import WebhookSecretStore

log = logging.getLogger(__name__)

Outcome = Literal["delivered", "failed", "none"]


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
        self,
        store: ResumeStore,
        http: httpx.AsyncClient,
        settings: NotifierSettings,
        secrets: WebhookSecretStore | None = None,
    ) -> None:
        self.store = store
        self.http = http
        self.settings = settings
        self.secrets = secrets or WebhookSecretStore(store.db)
        self.guard = transport.Guard(
            allow_private=settings.allow_private_callbacks,
            deadline_seconds=settings.delivery_deadline_seconds,
            body_cap=settings.response_body_cap_bytes,
        )

    async def signing_secrets(self, tenant_id: str) -> list[str]:
        """The tenant's own secrets (two during a rotation), else the global one."""
        own = await self.secrets.signing(tenant_id)
        return own or [self.settings.signing_secret.get_secret_value()]

    async def post_signed(
        self, tenant_id: str, url: str, wid: str, event_type: str, body: bytes
    ) -> transport.PostResult:
        """One signed, SSRF-guarded POST of ``body`` under webhook id ``wid``."""
        headers = signing.headers(await self.signing_secrets(tenant_id), wid, body)
        with tracing.span(
            "webhook POST",
            kind=tracing.SpanKind.CLIENT,
            attributes={
                "http.request.method": "POST",
                "server.address": urlsplit(url).hostname,
                "resumeflow.webhook.id": wid,
                "resumeflow.webhook.event": event_type,
            },
        ) as span:
            tracing.inject(headers)  # receivers may continue the resume's trace
            result = await transport.post(self.http, url, body, headers, self.guard)
            if result.status is not None:
                span.set_attribute("http.response.status_code", result.status)
            if result.error:
                tracing.fail(span, str(result.error), str(result.error))
        return result

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
        result = await self.post_signed(
            record.tenant_id, record.callback_url, wid, event_type, body
        )
        ok = result.ok
        retryable = result.retryable
        outcome: Literal["delivered", "retry", "failed"] = (
            "delivered" if ok else "retry" if retryable and not delivery.last_attempt else "failed"
        )
        attempt = DeliveryRecord(
            webhook_id=wid,
            event=event_type,
            url=record.callback_url,
            attempt=delivery.attempt,
            at=utcnow(),
            # the receiver's status is not kept: with it the record would say
            # which hosts and ports answer, a port scanner for any tenant
            status_code=result.status if ok else None,
            outcome=outcome,
            error=None if result.error is None else str(result.error),
        )
        # The receiver has answered: losing that answer would mean sending again.
        await until_stored(
            lambda: self.store.add_delivery(record.tenant_id, record.id, attempt),
            what="the webhook outcome",
        )
        tm.WEBHOOK_DELIVERIES.labels(outcome).inc()
        if outcome == "retry":
            raise Retry(f"webhook delivery failed: {result.error}", code=ErrorCode.UNAVAILABLE)
        return "delivered" if ok else "failed"
