"""The deployed NATS users and permissions (resumeflow_dev.natsauth, the block in
deploy/k8s/base/nats/nats.conf) on a real nats-server: the four services work with
their own users, and each user is refused what it has no business doing."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import nats
import pytest
import trustme
from nats.aio.client import Client as NATS

from resumeflow_dev import client, natsauth
from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import SampleResume, corrupt_pdf, resume_pdf
from resumeflow_dev.stack import Stack
from resumeflow_dev.webhook_sink import WebhookSink
from resumeflow_shared import bus
from resumeflow_shared.bus import inbox_prefix
from resumeflow_shared.settings import CommonSettings

pytestmark = pytest.mark.e2e


def test_pipeline_runs_with_per_service_users(auth_stack: Stack, sink: WebhookSink) -> None:
    person = SampleResume(name="Jane Doe", email="jane.doe@example.com", phone="+1 415 555 0132")
    response = client.upload(auth_stack.api_url, resume_pdf(person), callback_url=sink.url)
    assert response.status_code == 202, response.text
    result = client.wait_terminal(auth_stack.api_url, response.json()["id"])
    assert result["status"] == "completed", result.get("error")
    assert result["profile"]["name"]["value"] == person.name
    client.wait_for(lambda: sink.for_resume(result["id"]), what="webhook")
    (hook,) = sink.for_resume(result["id"])
    assert hook.json()["type"] == "resume.completed"

    # A failure: the parser dead-letters it, the notifier tells the caller; ingest
    # replays the dead letter (ephemeral consumer, delete) and erases it (purge). The
    # parser is stopped before the replay so the replayed resume stays queued instead
    # of failing again into a new letter that the same replay would read.
    response = client.upload(auth_stack.api_url, corrupt_pdf(), callback_url=sink.url)
    assert response.status_code == 202, response.text
    bad = response.json()["id"]
    assert client.wait_terminal(auth_stack.api_url, bad)["status"] == "failed"
    client.wait_for(lambda: sink.for_resume(bad), what="failure webhook")
    assert [h.json()["type"] for h in sink.for_resume(bad)] == ["resume.failed"]
    assert auth_stack.terminate("parser") == 0
    replayed = httpx.post(f"{auth_stack.api_url}/v1/dead-letters/replay", timeout=30)
    assert replayed.status_code == 202, replayed.text
    assert replayed.json()["replayed"] == [bad]
    assert client.get_resume(auth_stack.api_url, bad)["status"] == "queued"
    erased = httpx.delete(f"{auth_stack.api_url}/v1/resumes/{bad}", timeout=30)
    assert erased.status_code == 204, erased.text


@pytest.fixture
def auth_nats(tmp_path: Path) -> Iterator[tuple[NatsServer, dict[str, str]]]:
    """nats-server alone with the deployed authorization block and its passwords."""
    passwords = natsauth.test_passwords()
    config = tmp_path / "nats.conf"
    config.write_text(natsauth.server_config())
    server = NatsServer(tmp_path / "nats", config=config, env=passwords).start()
    yield server, passwords
    server.stop()


Server = tuple[NatsServer, dict[str, str]]


async def _connect(server: Server, service: str, errors: asyncio.Queue[Exception]) -> NATS:
    async def on_error(exc: Exception) -> None:
        errors.put_nowait(exc)

    nats_server, passwords = server
    return await nats.connect(
        nats_server.url,
        user=service,
        password=passwords[f"{service.upper()}_NATS_PASSWORD"],
        inbox_prefix=inbox_prefix(service),
        error_cb=on_error,
        max_reconnect_attempts=0,
    )


async def _refused(server: Server, service: str, subject: str) -> str:
    """The server's error after ``service`` publishes a request to ``subject``."""
    errors: asyncio.Queue[Exception] = asyncio.Queue()
    nc = await _connect(server, service, errors)
    try:
        await nc.publish(subject, b"{}", reply=f"{inbox_prefix(service)}.x")
        await nc.flush()
        return str(await asyncio.wait_for(errors.get(), timeout=10))
    finally:
        await nc.close()


def test_users_may_do_what_the_pipeline_needs(auth_nats: Server) -> None:
    """The control for the refusals below: the same request shape is allowed to its owner."""

    async def attempt() -> None:
        errors: asyncio.Queue[Exception] = asyncio.Queue()
        nc = await _connect(auth_nats, "parser", errors)
        try:
            reply = await nc.request("$JS.API.STREAM.INFO.RESUMES", b"", timeout=10)
            assert b"stream not found" in reply.data  # answered: the request was allowed
            assert errors.empty()
        finally:
            await nc.close()

    asyncio.run(attempt())


def test_parser_cannot_publish_enhanced(auth_nats: Server) -> None:
    error = asyncio.run(_refused(auth_nats, "parser", "resume.enhanced"))
    assert 'permissions violation for publish to "resume.enhanced"' in error.lower()


def test_notifier_cannot_fetch_from_the_parser_consumer(auth_nats: Server) -> None:
    subject = "$JS.API.CONSUMER.MSG.NEXT.RESUMES.parser"
    error = asyncio.run(_refused(auth_nats, "notifier", subject))
    assert f'permissions violation for publish to "{subject.lower()}"' in error.lower()


def test_a_worker_cannot_change_the_streams(auth_nats: Server) -> None:
    subject = "$JS.API.STREAM.UPDATE.RESUMES"
    error = asyncio.run(_refused(auth_nats, "enhancer", subject))
    assert f'permissions violation for publish to "{subject.lower()}"' in error.lower()


def test_a_service_cannot_read_another_services_replies(auth_nats: Server) -> None:
    async def attempt() -> str:
        errors: asyncio.Queue[Exception] = asyncio.Queue()
        nc = await _connect(auth_nats, "enhancer", errors)
        try:
            await nc.subscribe(f"{inbox_prefix('parser')}.>")
            await nc.flush()
            return str(await asyncio.wait_for(errors.get(), timeout=10))
        finally:
            await nc.close()

    error = asyncio.run(attempt())
    assert 'permissions violation for subscription to "_inbox_parser.>"' in error.lower()


def test_unauthenticated_and_wrong_password_clients_are_refused(auth_nats: Server) -> None:
    nats_server, _ = auth_nats

    async def attempt(**creds: str) -> None:
        nc = NATS()
        try:
            await nc.connect(nats_server.url, allow_reconnect=False, **creds)
        finally:
            await nc.close()

    with pytest.raises(Exception, match=r"(?i)authorization violation"):
        asyncio.run(attempt())
    with pytest.raises(Exception, match=r"(?i)authorization violation"):
        asyncio.run(attempt(user="parser", password="not-the-password"))


@pytest.fixture
def tls_nats(tmp_path: Path) -> Iterator[tuple[NatsServer, dict[str, str], Path]]:
    """nats-server with the deployed users over TLS, client certificates required."""
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1")
    client_cert = ca.issue_cert("parser.resumeflow")
    paths = {
        "ca.pem": ca.cert_pem,
        "server.pem": server_cert.cert_chain_pems[0],
        "server-key.pem": server_cert.private_key_pem,
        "client.pem": client_cert.cert_chain_pems[0],
        "client-key.pem": client_cert.private_key_pem,
    }
    for name, blob in paths.items():
        blob.write_to_path(str(tmp_path / name))
    passwords = natsauth.test_passwords()
    config = tmp_path / "nats.conf"
    config.write_text(
        natsauth.server_config() + f'tls {{\n  cert_file: "{tmp_path / "server.pem"}"\n'
        f'  key_file: "{tmp_path / "server-key.pem"}"\n'
        f'  ca_file: "{tmp_path / "ca.pem"}"\n  verify: true\n}}\n'
    )
    log = (tmp_path / "nats.log").open("ab")
    server = NatsServer(tmp_path / "nats", log=log, config=config, env=passwords).start()
    yield server, passwords, tmp_path
    server.stop()
    server.close_log()


def test_services_connect_over_tls_with_their_settings(
    tls_nats: tuple[NatsServer, dict[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """NATS_TLS_CA/CERT/KEY and NATS_USER/PASSWORD, as a service reads them, reach a
    server that requires TLS and a client certificate; without the certificate the
    same client is refused."""
    server, passwords, certs = tls_nats
    monkeypatch.setenv("NATS_URL", f"tls://127.0.0.1:{server.port}")
    monkeypatch.setenv("NATS_USER", "parser")
    monkeypatch.setenv("NATS_PASSWORD", passwords["PARSER_NATS_PASSWORD"])
    monkeypatch.setenv("NATS_TLS_CA", str(certs / "ca.pem"))
    monkeypatch.setenv("NATS_TLS_CERT", str(certs / "client.pem"))
    monkeypatch.setenv("NATS_TLS_KEY", str(certs / "client-key.pem"))

    async def info(settings: CommonSettings) -> bytes:
        nc = await bus.connect(settings, "tls-test", "parser")
        try:
            reply = await nc.request("$JS.API.STREAM.INFO.RESUMES", b"", timeout=10)
            return bytes(reply.data)
        finally:
            await nc.close()

    assert b"stream not found" in asyncio.run(info(CommonSettings()))

    # The same client without its certificate, step by step so that nothing the client
    # writes can race the server's refusal: read INFO, upgrade to TLS 1.3, send nothing,
    # read. The server reads the client's (empty) certificate, answers with the TLS
    # "certificate required" alert and closes; the read returns that alert. (Through
    # nats-py, which writes CONNECT right after the handshake, the same refusal surfaces
    # as an alert, a reset or a broken pipe, depending on who is first.)
    context = ssl.create_default_context(cafile=os.environ["NATS_TLS_CA"])
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        greeting = raw.makefile("rb").readline()
        assert greeting.startswith(b"INFO ")
        assert b'"tls_required":true' in greeting
        with (
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
            pytest.raises(ssl.SSLError) as refused,
        ):
            tls.recv(1)
    assert refused.value.reason == "TLSV13_ALERT_CERTIFICATE_REQUIRED", refused.value
    log = certs / "nats.log"
    client.wait_for(
        lambda: "TLS handshake error: tls: client didn't provide a certificate" in log.read_text(),
        what="the server's reason",
    )
