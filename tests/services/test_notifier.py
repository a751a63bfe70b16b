"""Webhook signing and delivery: Standard Webhooks signatures, retries, no duplicates."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from resumeflow_dev.smtp_sink import SmtpSink
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink
from resumeflow_notifier import signing
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared.errors import Retry
from resumeflow_shared.records import FileInfo, ResumeRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore


def test_signature_matches_the_standard_webhooks_reference_vector() -> None:
    # From the Standard Webhooks spec's test vectors.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    sig = signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_verify_rejects_tampering_and_stale_timestamps() -> None:
    body = b'{"a": 1}'
    headers = signing.headers(TEST_SECRET, "msg_1", body)
    assert signing.verify(TEST_SECRET, headers, body)
    assert not signing.verify(TEST_SECRET, headers, b'{"a": 2}')
    stale = signing.headers(TEST_SECRET, "msg_1", body, now=int(time.time()) - 3600)
    assert not signing.verify(TEST_SECRET, stale, body)


def test_settings_refuse_a_non_standard_secret() -> None:
    with pytest.raises(ValueError, match="whsec_"):
        NotifierSettings.model_validate({"WEBHOOK_SIGNING_SECRET": "whsec_not base64!"})


@pytest.fixture
def sink() -> Iterator[WebhookSink]:
    receiver = WebhookSink(fail_first=1).start()
    yield receiver
    receiver.stop()


async def completed_resume(store: ResumeStore, url: str) -> ResumeRecord:
    now = datetime.now(UTC)
    record = ResumeRecord(
        id="r-1",
        tenant_id="t",
        status="completed",
        status_rank=5,
        terminal=True,
        created_at=now,
        updated_at=now,
        file=FileInfo(file_id="f", filename="a.pdf", size_bytes=1, sha256="0"),
        callback_url=url,
    )
    return await store.insert(record)


async def test_delivery_retries_then_succeeds_once(store: ResumeStore, sink: WebhookSink) -> None:
    settings = NotifierSettings.model_validate(
        {"WEBHOOK_SIGNING_SECRET": TEST_SECRET, "ALLOW_PRIVATE_CALLBACKS": True}
    )
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, settings)
        record = await completed_resume(store, sink.url)
        with pytest.raises(Retry):
            await sender.send(record, "resume.completed", Delivery("notifier", 1, 5))
        assert await sender.send(record, "resume.completed", Delivery("notifier", 2, 5)) == (
            "delivered"
        )
        # a redelivered event must not produce a second delivery
        assert await sender.send(record, "resume.completed", Delivery("notifier", 3, 5)) == (
            "delivered"
        )
    assert len(sink.received) == 2
    ids = {r.headers["webhook-id"] for r in sink.received}
    assert len(ids) == 1, "webhook-id must be stable across retries"
    stored = await store.get("t", "r-1")
    assert stored is not None
    assert [d.outcome for d in stored.deliveries] == ["retry", "delivered"]


async def test_unreachable_webhook_gives_up_on_last_attempt(store: ResumeStore) -> None:
    settings = NotifierSettings.model_validate(
        {
            "WEBHOOK_SIGNING_SECRET": TEST_SECRET,
            "request_timeout_seconds": 1,
            "ALLOW_PRIVATE_CALLBACKS": True,
        }
    )
    async with httpx.AsyncClient(timeout=1) as http:
        sender = WebhookSender(store, http, settings)
        record = await completed_resume(store, "http://127.0.0.1:9/unreachable")
        outcome = await sender.send(record, "resume.completed", Delivery("notifier", 5, 5))
    assert outcome == "failed"
    stored = await store.get("t", "r-1")
    assert stored is not None
    assert stored.status == "completed"
    assert stored.deliveries[-1].outcome == "failed"
    assert stored.deliveries[-1].error


async def test_email_is_sent_once_per_event_when_smtp_is_configured(store: ResumeStore) -> None:
    smtp = SmtpSink().start()
    try:
        settings = NotifierSettings.model_validate(
            {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_FROM": "rf@example.com"}
        )
        record = await completed_resume(store, "https://unused.example.com")
        record.notify_email = "recruiter@example.com"
        mailer = Mailer(store, settings)
        await mailer.send(record, "resume.completed", 1)
        await mailer.send(record, "resume.completed", 2)  # redelivered event
    finally:
        smtp.stop()
    (message,) = smtp.messages
    assert message["To"] == "recruiter@example.com"
    assert message["Subject"] == "Resume processed: a.pdf"
    assert "/v1/resumes/r-1" in message.get_content()


async def test_email_failure_is_recorded_not_raised(store: ResumeStore) -> None:
    settings = NotifierSettings.model_validate({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": 9})
    record = await completed_resume(store, "https://unused.example.com")
    record.notify_email = "recruiter@example.com"
    await Mailer(store, settings).send(record, "resume.completed", 1)
    stored = await store.get("t", "r-1")
    assert stored is not None
    assert stored.deliveries[-1].url == "mailto:recruiter@example.com"
    assert stored.deliveries[-1].outcome == "failed"
