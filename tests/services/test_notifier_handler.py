"""The notifier's stage handler called directly with plain data: completes the
resume, sends one signed webhook per event, and never POSTs a webhook id again
once the receiver's answer is known (concurrent redeliveries, a MongoDB outage
between the answer and its recording)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from stage_records import enhanced

from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_dev.webhook_sink import TEST_SECRET, Received, WebhookSink
from resumeflow_notifier.handler import NotifierDeps, handle
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared.batches import BatchStore
from resumeflow_shared.events import ResumeCompleted, ResumeFailed, ResumeFailureNotified
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.records import ErrorInfo
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore

FIRST = Delivery("notifier", 1, 8)


@pytest.fixture
def sink() -> Iterator[WebhookSink]:
    receiver = WebhookSink(latency_s=0.3).start()
    yield receiver
    receiver.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def deps_for(store: ResumeStore, http: httpx.AsyncClient) -> NotifierDeps:
    settings = NotifierSettings.model_validate(
        {"WEBHOOK_SIGNING_SECRET": TEST_SECRET, "ALLOW_PRIVATE_CALLBACKS": True}
    )
    sender = WebhookSender(store, http, settings)
    mailer = Mailer(store, settings)
    return NotifierDeps(store, LeaseStore(store.db), sender, mailer, 30.0, BatchStore(store.db))


async def test_completes_the_resume_and_delivers_one_webhook(
    store: ResumeStore, sink: WebhookSink, http: httpx.AsyncClient
) -> None:
    record, event = await enhanced(store, callback_url=sink.url)
    result = await handle(deps_for(store, http), event, FIRST)
    assert isinstance(result, ResumeCompleted)
    assert result.webhook == "delivered"
    stored = await store.get(record.tenant_id, record.id)
    assert stored is not None
    assert stored.status == "completed"
    assert [(d.outcome, d.status_code) for d in stored.deliveries] == [("delivered", 204)]
    assert [r.json()["type"] for r in sink.received] == ["resume.completed"]


async def test_a_redelivery_after_delivery_sends_nothing(
    store: ResumeStore, sink: WebhookSink, http: httpx.AsyncClient
) -> None:
    _, event = await enhanced(store, callback_url=sink.url)
    deps = deps_for(store, http)
    first = await handle(deps, event, FIRST)
    again = await handle(deps, event, Delivery("notifier", 2, 8))
    assert first is not None
    assert again is not None
    assert again.dedup_id() == first.dedup_id()
    assert len(sink.received) == 1


async def test_a_failed_resume_gets_its_failure_webhook(
    store: ResumeStore, sink: WebhookSink, http: httpx.AsyncClient
) -> None:
    record, _ = await enhanced(store, callback_url=sink.url)
    error = ErrorInfo(stage="enhancer", code="llm_refused", message="no")
    await store.mark_failed(record.tenant_id, record.id, run=1, error=error)
    failed = ResumeFailed(
        resume_id=record.id,
        tenant_id=record.tenant_id,
        stage="enhancer",
        code="llm_refused",
        message="no",
    )
    result = await handle(deps_for(store, http), failed, FIRST)
    assert isinstance(result, ResumeFailureNotified)
    body = sink.received[0].json()
    assert (body["type"], body["data"]["error"]["code"]) == ("resume.failed", "llm_refused")


async def test_concurrent_redeliveries_post_the_webhook_once(
    store: ResumeStore, sink: WebhookSink, http: httpx.AsyncClient
) -> None:
    _, event = await enhanced(store, callback_url=sink.url)
    results = await asyncio.gather(
        *(handle(deps_for(store, http), event, Delivery("notifier", n, 8)) for n in (1, 2, 3))
    )
    assert all(isinstance(r, ResumeCompleted) for r in results)
    assert len(sink.received) == 1


async def test_an_answer_received_during_a_mongodb_outage_is_recorded_not_resent(
    proxied_store: tuple[ResumeStore, TcpProxy], http: httpx.AsyncClient
) -> None:
    store, proxy = proxied_store
    outage_over = threading.Event()

    def cut_mongo(_: Received) -> None:
        proxy.block()
        threading.Timer(3.0, lambda: (proxy.unblock(), outage_over.set())).start()

    receiver = WebhookSink(on_receive=cut_mongo).start()
    try:
        record, event = await enhanced(store, callback_url=receiver.url)
        result = await handle(deps_for(store, http), event, FIRST)
        again = await handle(deps_for(store, http), event, Delivery("notifier", 2, 8))
    finally:
        receiver.stop()
    assert outage_over.is_set()
    assert result is not None
    assert again is not None
    assert len(receiver.received) == 1
    stored = await store.get(record.tenant_id, record.id)
    assert stored is not None
    assert [d.outcome for d in stored.deliveries] == ["delivered"]
