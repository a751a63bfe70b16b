"""Batches and cancel through the ingest API in-process (real app, NATS, MongoDB; no
workers, so resumes stay where ingest leaves them)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import nats
import pytest
from fastapi.testclient import TestClient

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.events import BatchClosed, ResumeCancelled
from resumeflow_shared.settings import STREAM


def make_client(nats_url: str, mongo_url: str, db: str, **env: object) -> TestClient:
    settings = IngestSettings.model_validate(
        {"NATS_URL": nats_url, "MONGODB_URL": mongo_url, "MONGODB_DB": db, **env}
    )
    return TestClient(create_app(settings))


PDFS = [resume_pdf(SampleResume(name=n)) for n in ("Ann Lee", "Bo Yang")]


@pytest.fixture
def api(nats_server: NatsServer, mongo_url: str, db_name: str) -> Iterator[TestClient]:
    with make_client(nats_server.url, mongo_url, db_name, MAX_UPLOAD_BYTES=200_000) as client:
        yield client


def stored_subjects(nats_url: str) -> list[str]:
    """Every event subject in the stream, in order: what the workers would consume."""

    async def read() -> list[str]:
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        info = await js.stream_info(STREAM)
        subjects = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            subjects.append((await js.get_msg(STREAM, seq)).subject or "")
        await nc.close()
        return subjects

    return asyncio.run(read())


def create(api: TestClient, **body: object) -> dict[str, object]:
    response = api.post("/v1/batches", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def upload_many(
    api: TestClient, batch_id: object, files: list[tuple[str, bytes]], **form: str
) -> httpx.Response:
    return api.post(
        f"/v1/batches/{batch_id}/resumes",
        files=[("files", (name, data, "application/pdf")) for name, data in files],
        data=form,
    )


def test_multi_file_upload_reports_each_file_and_counts_by_status(
    api: TestClient, nats_server: NatsServer
) -> None:
    batch = create(api, name="spring hiring", callback_url="https://hooks.example.com/b")
    assert batch["state"] == "open"
    assert batch["total"] == 0
    assert batch["name"] == "spring hiring"

    response = upload_many(
        api, batch["id"], [("a.pdf", PDFS[0]), ("notes.txt", b"hello"), ("b.pdf", PDFS[1])]
    )
    assert response.status_code == 202, response.text
    result = response.json()
    assert [i["filename"] for i in result["items"]] == ["a.pdf", "notes.txt", "b.pdf"]
    assert result["items"][1]["error"]["code"] == "not_a_pdf"
    assert result["items"][1]["id"] is None
    ok = [i["id"] for i in result["items"] if i["error"] is None]
    assert len(ok) == 2
    assert result["accepted"] == 2
    assert result["rejected"] == 1

    got = api.get(f"/v1/batches/{batch['id']}").json()
    assert got["counts"] == {"queued": 2}
    assert (got["total"], got["terminal"], got["percent_done"]) == (2, 0, 0.0)
    assert got["eta_seconds"] is None  # nothing finished yet: no rate to extrapolate
    listed = api.get("/v1/resumes", params={"batch_id": batch["id"]}).json()["items"]
    assert sorted(r["id"] for r in listed) == sorted(ok)
    assert stored_subjects(nats_server.url).count("resume.ingested") == 2


def test_closed_batch_refuses_uploads_on_both_routes(
    api: TestClient, nats_server: NatsServer
) -> None:
    batch = create(api)
    response = upload_many(api, batch["id"], [("a.pdf", PDFS[0])], close="true")
    assert response.json()["batch"]["state"] == "processing"
    assert "batch.closed" in stored_subjects(nats_server.url)

    again = upload_many(api, batch["id"], [("b.pdf", PDFS[1])])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "batch_closed"
    single = api.post(
        "/v1/resumes",
        files={"file": ("b.pdf", PDFS[1], "application/pdf")},
        data={"batch_id": str(batch["id"])},
    )
    assert single.status_code == 409
    assert single.json()["error"]["code"] == "batch_closed"
    assert api.get(f"/v1/batches/{batch['id']}").json()["total"] == 1


def test_unknown_batch_is_404_and_batches_list_newest_first_per_tenant(
    nats_server: NatsServer, mongo_url: str, db_name: str
) -> None:
    env = {"API_KEYS": "key-a:tenant-a,key-b:tenant-b"}
    with make_client(nats_server.url, mongo_url, db_name, **env) as api:
        a, b = {"X-API-Key": "key-a"}, {"X-API-Key": "key-b"}
        first = api.post("/v1/batches", json={"name": "one"}, headers=a).json()
        second = api.post("/v1/batches", json={"name": "two"}, headers=a).json()
        api.post("/v1/batches", json={"name": "other"}, headers=b)
        names = [x["name"] for x in api.get("/v1/batches", headers=a).json()["items"]]
        assert names == ["two", "one"]
        assert api.get(f"/v1/batches/{first['id']}", headers=b).status_code == 404
        for path in ("/v1/batches/nope", "/v1/batches/nope/events", "/v1/batches/nope/close"):
            method = api.post if path.endswith("close") else api.get
            missing = method(path, headers=a)
            assert missing.status_code == 404, path
            assert missing.json()["error"]["code"] == "not_found"
        assert second["id"] != first["id"]


def test_cancel_a_queued_resume_then_cancel_again(api: TestClient, nats_server: NatsServer) -> None:
    upload = api.post("/v1/resumes", files={"file": ("a.pdf", PDFS[0], "application/pdf")})
    resume_id = upload.json()["id"]

    response = api.post(f"/v1/resumes/{resume_id}/cancel")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    assert "cancelled" in response.json()["timestamps"]
    again = api.post(f"/v1/resumes/{resume_id}/cancel")
    assert again.status_code == 200
    assert again.json()["status"] == "cancelled"
    assert api.get(f"/v1/resumes/{resume_id}").json()["status"] == "cancelled"
    # the repeat re-announces under the same de-dup id: one event in the stream
    assert stored_subjects(nats_server.url).count(ResumeCancelled.subject) == 1
    assert api.post("/v1/resumes/nope/cancel").json()["error"]["code"] == "not_found"


def test_cancel_a_batch_cancels_what_runs_and_closes_it(
    api: TestClient, nats_server: NatsServer
) -> None:
    batch = create(api)
    ids = [
        i["id"]
        for i in upload_many(api, batch["id"], [("a.pdf", PDFS[0]), ("b.pdf", PDFS[1])]).json()[
            "items"
        ]
    ]

    response = api.post(f"/v1/batches/{batch['id']}/cancel")
    assert response.status_code == 200, response.text
    assert sorted(response.json()["cancelled"]) == sorted(ids)
    got = api.get(f"/v1/batches/{batch['id']}").json()
    assert got["counts"] == {"cancelled": 2}
    assert (got["percent_done"], got["state"]) == (100.0, "processing")
    subjects = stored_subjects(nats_server.url)
    assert subjects.count(ResumeCancelled.subject) == 2
    assert subjects.count(BatchClosed.subject) == 1
    # nothing left to cancel: a second cancel is a no-op, not an error
    assert api.post(f"/v1/batches/{batch['id']}/cancel").json()["cancelled"] == []


def test_deleting_a_batch_erases_it_and_every_resume_in_it(api: TestClient) -> None:
    batch = create(api, name="to erase")
    uploaded = upload_many(api, batch["id"], [(f"{i}.pdf", pdf) for i, pdf in enumerate(PDFS)])
    ids = [r["id"] for r in uploaded.json()["items"]]
    assert len(ids) == 2
    other = create(api, name="kept")
    kept = upload_many(api, other["id"], [("k.pdf", resume_pdf(SampleResume(name="Kai Moe")))])
    kept_id = kept.json()["items"][0]["id"]

    assert api.delete(f"/v1/batches/{batch['id']}").status_code == 204
    assert api.get(f"/v1/batches/{batch['id']}").status_code == 404
    for resume_id in ids:
        gone = api.get(f"/v1/resumes/{resume_id}")
        assert (gone.status_code, gone.json()["error"]["code"]) == (404, "not_found")
    assert api.get(f"/v1/resumes/{kept_id}").status_code == 200  # another batch: untouched
    again = api.delete(f"/v1/batches/{batch['id']}")
    assert (again.status_code, again.json()["error"]["code"]) == (404, "not_found")
