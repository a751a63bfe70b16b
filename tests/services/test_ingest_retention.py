"""Retention by tenant and no orphaned files, through the in-process ingest app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from resumeflow_dev.client import wait_for
from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import resume_pdf
from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.store import ResumeStore

PDF = resume_pdf()


def client(nats_url: str, mongo_url: str, db: str, **env: object) -> TestClient:
    settings = IngestSettings.model_validate(
        {
            "NATS_URL": nats_url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DB": db,
            "API_KEYS": "key-a:tenant-a,key-b:tenant-b",
            **env,
        }
    )
    return TestClient(create_app(settings))


def upload(api: TestClient, key: str) -> str:
    files = {"file": ("cv.pdf", PDF, "application/pdf")}
    response = api.post("/v1/resumes", files=files, headers={"X-API-Key": key})
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


@pytest.fixture
def files(mongo_url: str, db_name: str) -> Iterator[MongoClient[dict[str, object]]]:
    with MongoClient(mongo_url) as mongo:
        yield mongo


def test_resumes_past_their_tenants_retention_are_erased(
    nats_server: NatsServer,
    mongo_url: str,
    db_name: str,
    files: MongoClient[dict[str, object]],
) -> None:
    env = {
        # tenant-a keeps resumes ~0.1 s, tenant-b has no retention
        "TENANT_RETENTION_DAYS": f"tenant-a:{0.1 / 86400}",
        "retention_sweep_seconds": 0.2,
    }
    with client(nats_server.url, mongo_url, db_name, **env) as api:
        kept = upload(api, "key-b")
        expiring = upload(api, "key-a")

        def erased() -> bool:
            got = api.get(f"/v1/resumes/{expiring}", headers={"X-API-Key": "key-a"})
            return got.status_code == 404

        wait_for(erased, what="retention erasure")
        still = api.get(f"/v1/resumes/{kept}", headers={"X-API-Key": "key-b"})
    assert still.status_code == 200
    assert files[db_name]["uploads.files"].count_documents({}) == 1  # only tenant-b's file


def test_an_insert_failing_after_the_file_write_leaves_no_orphan(
    nats_server: NatsServer,
    mongo_url: str,
    db_name: str,
    files: MongoClient[dict[str, object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def failing_insert(self: ResumeStore, record: object) -> object:
        raise PyMongoError("injected: the insert fails after the file was stored")

    monkeypatch.setattr(ResumeStore, "insert", failing_insert)
    with client(nats_server.url, mongo_url, db_name) as api:
        files_ = {"file": ("cv.pdf", PDF, "application/pdf")}
        response = api.post("/v1/resumes", files=files_, headers={"X-API-Key": "key-a"})
    assert response.status_code == 503
    assert files[db_name]["uploads.files"].count_documents({}) == 0
    assert files[db_name]["uploads.chunks"].count_documents({}) == 0
