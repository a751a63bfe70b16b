"""The notifier's batch completion: claimed once under concurrency, redelivery and
replay, then one signed ``batch.completed`` callback (real handler, dev MongoDB)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from resumeflow_dev.smtp_sink import SmtpSink
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink
from resumeflow_notifier import signing
from resumeflow_notifier.handler import NotifierDeps, build_handler
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared.batches import BatchRecord, BatchStore
from resumeflow_shared.errors import Retry
from resumeflow_shared.events import BatchClosed, BatchCompleted, ResumeCompleted, ResumeFailed
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.records import FileInfo, ResumeRecord
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import ResumeStore

SETTINGS = NotifierSettings.model_validate(
    {"WEBHOOK_SIGNING_SECRET": TEST_SECRET, "ALLOW_PRIVATE_CALLBACKS": True}
)


def deps(store: ResumeStore, sender: WebhookSender, mailer: Mailer) -> NotifierDeps:
    leases = LeaseStore(store.db)
    return NotifierDeps(store, leases, sender, mailer, 30.0, BatchStore(store.db))


@pytest.fixture
def sink() -> Iterator[WebhookSink]:
    receiver = WebhookSink(fail_first=1).start()
    yield receiver
    receiver.stop()


async def add_resume(store: ResumeStore, resume_id: str, status: str) -> None:
    now = datetime.now(UTC)
    await store.insert(
        ResumeRecord(
            id=resume_id,
            tenant_id="t",
            batch_id="b-1",
            status=status,  # type: ignore[arg-type]
            status_rank=5 if status == "completed" else 3,
            terminal=status == "completed",
            created_at=now,
            updated_at=now,
            file=FileInfo(file_id="f", filename=f"{resume_id}.pdf", size_bytes=1, sha256="0"),
        )
    )


def done(resume_id: str, run: int = 1) -> ResumeCompleted:
    return ResumeCompleted(resume_id=resume_id, tenant_id="t", batch_id="b-1", run=run)


async def test_completion_is_claimed_once_and_called_back_once(
    store: ResumeStore, sink: WebhookSink
) -> None:
    batches = BatchStore(store.db)
    now = datetime.now(UTC)
    await batches.create(
        BatchRecord(_id="b-1", tenant_id="t", callback_url=sink.url, created_at=now, updated_at=now)
    )
    for resume_id, status in (("r1", "completed"), ("r2", "completed"), ("r3", "enhancing")):
        await add_resume(store, resume_id, status)
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, SETTINGS)
        spec: StageSpec = build_handler(deps(store, sender, Mailer(store, SETTINGS)))

        async def handle(event: object, attempt: int = 1) -> object:
            return await spec.handler(event, Delivery("notifier", attempt, 5))

        # all terminal but r3, and still open: nothing to announce
        assert await handle(done("r1")) is None
        await batches.close("t", "b-1")
        closed = BatchClosed(tenant_id="t", batch_id="b-1")
        assert await handle(closed) is None

        await store.advance("t", "r3", "completed", run=1)
        events = [done("r1"), done("r2"), done("r3"), closed, done("r3")]
        results = await asyncio.gather(*(handle(e) for e in events))
        winners = [r for r in results if r is not None]
        assert len(winners) == 1, results
        (completed,) = winners
        assert isinstance(completed, BatchCompleted)
        assert (completed.total, completed.counts) == (3, {"completed": 3})
        assert completed.dedup_id() == "batch:b-1:batch.completed"
        winner = events[results.index(completed)]

        # the winner's redelivery (crash before publish) announces again; no one else does
        again = await handle(winner, attempt=2)
        assert isinstance(again, BatchCompleted)
        assert (again.dedup_id(), again.counts) == (completed.dedup_id(), completed.counts)
        others = [e for e in events if e.dedup_id() != winner.dedup_id()]
        assert [await handle(e, attempt=2) for e in others] == [None] * len(others)
        # a replayed resume finishing again (run 2) does not complete the batch twice
        assert await handle(done("r1", run=2)) is None

        with pytest.raises(Retry):  # the receiver answers 503 once
            await handle(completed)
        assert await handle(completed, attempt=2) is None
        assert await handle(completed, attempt=3) is None  # redelivered: already delivered

    assert len(sink.received) == 2
    assert {r.headers["webhook-id"] for r in sink.received} == {"msg_batch_b-1_completed"}
    hook = sink.received[-1]
    assert signing.verify(TEST_SECRET, hook.headers, hook.body)
    payload = hook.json()
    assert payload["type"] == "batch.completed"
    assert payload["data"]["batch_id"] == "b-1"
    assert (payload["data"]["total"], payload["data"]["counts"]) == (3, {"completed": 3})
    stored = await batches.get("t", "b-1")
    assert stored is not None
    assert stored.completed_at is not None
    assert [d.outcome for d in stored.deliveries] == ["retry", "delivered"]


async def test_a_completed_batch_emails_its_notify_address_once(store: ResumeStore) -> None:
    smtp = SmtpSink().start()
    try:
        settings = NotifierSettings.model_validate(
            {
                "WEBHOOK_SIGNING_SECRET": TEST_SECRET,
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": smtp.port,
                "SMTP_FROM": "rf@example.com",
            }
        )
        batches = BatchStore(store.db)
        now = datetime.now(UTC)
        await batches.create(
            BatchRecord(
                _id="b-1",
                tenant_id="t",
                name="spring",
                notify_email="lead@example.com",
                created_at=now,
                updated_at=now,
            )
        )
        completed = BatchCompleted(
            tenant_id="t", batch_id="b-1", total=2, counts={"completed": 1, "failed": 1}
        )
        async with httpx.AsyncClient() as http:
            sender = WebhookSender(store, http, settings)
            spec = build_handler(deps(store, sender, Mailer(store, settings)))
            await spec.handler(completed, Delivery("notifier", 1, 5))
            await spec.handler(completed, Delivery("notifier", 2, 5))  # redelivered
    finally:
        smtp.stop()
    (message,) = smtp.messages
    assert message["To"] == "lead@example.com"
    assert message["Subject"] == "Batch finished: spring"
    assert "2 resume(s) processed: 1 completed, 1 failed." in message.get_content()


async def test_a_failed_batch_event_is_not_mistaken_for_a_missing_resume(
    store: ResumeStore,
) -> None:
    """The runner announces a batch event it gave up on as resume.failed with no resume
    id; the notifier must settle it, not reject it as naming an unknown resume."""
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, SETTINGS)
        spec = build_handler(deps(store, sender, Mailer(store, SETTINGS)))
        failed = ResumeFailed(
            **BatchClosed(tenant_id="t", batch_id="b-1").carry(),
            stage="notifier",
            code="internal_error",
            message="gave up",
        )
        assert failed.resume_id == ""
        assert await spec.handler(failed, Delivery("notifier", 1, 5)) is None


async def test_a_closed_empty_batch_completes_so_callers_hear_back(store: ResumeStore) -> None:
    batches = BatchStore(store.db)
    now = datetime.now(UTC)
    await batches.create(BatchRecord(_id="b-0", tenant_id="t", created_at=now, updated_at=now))
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, SETTINGS)
        spec = build_handler(deps(store, sender, Mailer(store, SETTINGS)))
        closed = BatchClosed(tenant_id="t", batch_id="b-0")
        assert await spec.handler(closed, Delivery("notifier", 1, 5)) is None  # still open
        await batches.close("t", "b-0")
        completed = await spec.handler(closed, Delivery("notifier", 2, 5))
    assert isinstance(completed, BatchCompleted)
    assert (completed.total, completed.counts) == (0, {})
