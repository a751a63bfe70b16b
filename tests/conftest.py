"""Fixtures shared by every test level: real servers, never mocks of them.

* MongoDB: the URL in ``MONGODB_URL`` when set (a real server), else the development
  wire-protocol server started once per session; each test gets its own database.
* NATS: a real nats-server with JetStream per test, on a free port, temp store dir.
* Traces: the real OpenTelemetry SDK with its in-memory exporter, for in-process tests.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_shared import tracing
from resumeflow_shared.store import ResumeStore, connect


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    url = os.environ.get("MONGODB_URL")
    if url:
        yield url
        return
    from resumeflow_dev.mongo_server import start_in_thread

    url, stop = start_in_thread()
    try:
        yield url
    finally:
        stop()


@pytest.fixture
def db_name() -> str:
    return f"rf_test_{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def store(mongo_url: str, db_name: str) -> AsyncIterator[ResumeStore]:
    client = connect(mongo_url)
    resume_store = ResumeStore.from_client(client, db_name)
    await resume_store.ensure_indexes()
    try:
        yield resume_store
    finally:
        await client.drop_database(db_name)
        await client.close()


@pytest.fixture
async def proxied_store(
    mongo_url: str, db_name: str
) -> AsyncIterator[tuple[ResumeStore, TcpProxy]]:
    """A store that reaches MongoDB through a proxy the test can cut (an outage)."""
    parts = urllib.parse.urlsplit(mongo_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 27017).start()
    client = connect(f"mongodb://127.0.0.1:{proxy.port}", timeout_ms=1000)
    resume_store = ResumeStore.from_client(client, db_name)
    await resume_store.ensure_indexes()
    try:
        yield resume_store, proxy
    finally:
        proxy.unblock()
        await client.drop_database(db_name)
        await client.close()
        proxy.stop()


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _span_exporter() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    tracing.setup("tests").add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
def spans(_span_exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    """Spans finished during this test, recorded by the SDK this process installed."""
    _span_exporter.clear()
    yield _span_exporter
    _span_exporter.clear()
