"""Fixtures shared by every test level: real servers, never mocks of them.

* MongoDB: the URL in ``MONGODB_URL`` when set (a real server), else the development
  wire-protocol server started once per session; each test gets its own database.
* NATS: a real nats-server with JetStream per test, on a free port, temp store dir.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from resumeflow_dev.natsd import NatsServer
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
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "nats").start()
    try:
        yield server
    finally:
        server.stop()
