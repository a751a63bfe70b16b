"""Webhook deliveries: SSRF refusals at send time, deadline, generic errors, and
per-tenant signing secrets with rotation. Real receivers on real sockets."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink
from resumeflow_notifier import signing
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared import netguard
from resumeflow_shared.records import FileInfo, ResumeRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore
from resumeflow_shared.webhook_secrets import WebhookSecretStore


@pytest.fixture
def sink() -> Iterator[WebhookSink]:
    receiver = WebhookSink().start()
    yield receiver
    receiver.stop()


def settings(**env: object) -> NotifierSettings:
    return NotifierSettings.model_validate({"WEBHOOK_SIGNING_SECRET": TEST_SECRET, **env})


async def resume(store: ResumeStore, url: str, tenant: str = "t", rid: str = "r-1") -> ResumeRecord:
    now = datetime.now(UTC)
    record = ResumeRecord(
        id=rid,
        tenant_id=tenant,
        status="completed",
        status_rank=5,
        terminal=True,
        created_at=now,
        updated_at=now,
        file=FileInfo(file_id="f", filename="a.pdf", size_bytes=1, sha256="0"),
        callback_url=url,
    )
    return await store.insert(record)


LAST = Delivery("notifier", 5, 5)


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/hooks",
        "http://127.1:{port}/hooks",
        "http://0x7f000001:{port}/hooks",
        "http://2130706433:{port}/hooks",
        "http://localhost.:{port}/hooks",
        "http://localhost:{port}/hooks",
        "http://[::1]:{port}/hooks",
        "http://[::ffff:127.0.0.1]:{port}/hooks",
        "http://[::ffff:7f00:1]:{port}/hooks",
        "http://0.0.0.0:{port}/hooks",
        "http://169.254.169.254:{port}/latest/meta-data",
    ],
)
async def test_private_targets_are_refused_at_send_time(
    store: ResumeStore, sink: WebhookSink, template: str
) -> None:
    port = int(sink.url.rsplit(":", 1)[1].split("/")[0])
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, settings())
        record = await resume(store, template.format(port=port))
        outcome = await sender.send(record, "resume.completed", LAST)
    assert outcome == "failed"
    assert sink.received == []
    stored = await store.get("t", "r-1")
    assert stored is not None
    assert stored.deliveries[-1].error == "webhook_target_refused"


async def test_a_name_resolving_inward_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    async def private(host: str, port: int) -> list[netguard.IPAddress]:
        return [netguard.literal_address("93.184.216.34"), netguard.literal_address("10.0.0.7")]  # type: ignore[list-item]

    monkeypatch.setattr(netguard, "resolve", private)
    with pytest.raises(netguard.UnsafeTarget):
        await netguard.check("https://hooks.example.com/x", allow_private=False)


async def test_the_request_goes_to_the_checked_address_without_resolving_again(
    store: ResumeStore, sink: WebhookSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hooks.test.invalid cannot resolve through real DNS: the request can only have
    # reached the sink through the address the check returned.
    async def checked(host: str, port: int) -> list[netguard.IPAddress]:
        assert host == "hooks.test.invalid"
        return [netguard.literal_address("127.0.0.1")]  # type: ignore[list-item]

    monkeypatch.setattr(netguard, "resolve", checked)
    port = int(sink.url.rsplit(":", 1)[1].split("/")[0])
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, settings(ALLOW_PRIVATE_CALLBACKS=True))
        record = await resume(store, f"http://hooks.test.invalid:{port}/hooks")
        assert await sender.send(record, "resume.completed", LAST) == "delivered"
    (received,) = sink.received
    assert received.headers["host"] == f"hooks.test.invalid:{port}"


async def test_the_receivers_answer_is_not_shown_to_the_caller(store: ResumeStore) -> None:
    receiver = WebhookSink(fail_first=10, fail_status=404).start()
    try:
        async with httpx.AsyncClient() as http:
            sender = WebhookSender(store, http, settings(ALLOW_PRIVATE_CALLBACKS=True))
            record = await resume(store, receiver.url)
            assert await sender.send(record, "resume.completed", LAST) == "failed"
    finally:
        receiver.stop()
    stored = await store.get("t", "r-1")
    assert stored is not None
    (delivery,) = stored.deliveries
    assert delivery.error == "webhook_failed"
    assert delivery.status_code is None


class Dripper:
    """Answers 200 with a long body, one byte every 0.2 s, for as long as it is read."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while not self.stop.wait(0.2):
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


async def test_a_dripping_receiver_is_cut_off_by_the_delivery_deadline(store: ResumeStore) -> None:
    dripper = Dripper()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            sender = WebhookSender(
                store,
                http,
                settings(ALLOW_PRIVATE_CALLBACKS=True, delivery_deadline_seconds=1),
            )
            record = await resume(store, f"http://127.0.0.1:{dripper.port}/hooks")
            # without a total deadline this never returns: each byte resets the read timeout
            async with asyncio.timeout(30):
                outcome = await sender.send(record, "resume.completed", LAST)
    finally:
        dripper.close()
    assert outcome == "failed"
    stored = await store.get("t", "r-1")
    assert stored is not None
    assert stored.deliveries[-1].error == "webhook_failed"


async def test_tenant_secrets_sign_only_their_own_webhooks(
    store: ResumeStore, sink: WebhookSink
) -> None:
    secrets = WebhookSecretStore(store.db)
    secret_a = (await secrets.rotate("tenant-a", timedelta(hours=1))).secret
    secret_b = (await secrets.rotate("tenant-b", timedelta(hours=1))).secret
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, settings(ALLOW_PRIVATE_CALLBACKS=True))
        for_b = await resume(store, sink.url, tenant="tenant-b", rid="r-b")
        assert await sender.send(for_b, "resume.completed", LAST) == "delivered"
        for_c = await resume(store, sink.url, tenant="tenant-c", rid="r-c")
        assert await sender.send(for_c, "resume.completed", LAST) == "delivered"
    to_b, to_c = sink.received
    assert signing.verify(secret_b, to_b.headers, to_b.body)
    assert not signing.verify(secret_a, to_b.headers, to_b.body)  # A cannot forge B's
    assert not signing.verify(TEST_SECRET, to_b.headers, to_b.body)
    # a tenant without its own secret falls back to the global one
    assert signing.verify(TEST_SECRET, to_c.headers, to_c.body)
    assert not signing.verify(secret_b, to_c.headers, to_c.body)


async def test_rotation_signs_with_old_and_new_until_the_old_is_deleted(
    store: ResumeStore, sink: WebhookSink
) -> None:
    secrets = WebhookSecretStore(store.db)
    old = await secrets.rotate("t", timedelta(hours=1))
    new = await secrets.rotate("t", timedelta(hours=1))
    async with httpx.AsyncClient() as http:
        sender = WebhookSender(store, http, settings(ALLOW_PRIVATE_CALLBACKS=True))
        await sender.send(await resume(store, sink.url, rid="r-1"), "resume.completed", LAST)
        assert await secrets.delete("t", old.id)
        await sender.send(await resume(store, sink.url, rid="r-2"), "resume.completed", LAST)
    during, after = sink.received
    assert len(during.headers["webhook-signature"].split()) == 2
    assert signing.verify(old.secret, during.headers, during.body)
    assert signing.verify(new.secret, during.headers, during.body)
    assert not signing.verify(old.secret, after.headers, after.body)
    assert signing.verify(new.secret, after.headers, after.body)
