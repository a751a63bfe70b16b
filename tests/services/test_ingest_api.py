"""The ingest API in-process (real FastAPI app, real NATS, real MongoDB client)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import (
    SampleResume,
    encrypted_docx,
    legacy_doc,
    odt_document,
    resume_docx,
    resume_pdf,
    rtf_document,
)
from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings

PDF = resume_pdf()


def make_client(nats_url: str, mongo_url: str, db: str, **env: object) -> TestClient:
    settings = IngestSettings.model_validate(
        {"NATS_URL": nats_url, "MONGODB_URL": mongo_url, "MONGODB_DB": db, **env}
    )
    return TestClient(create_app(settings))


@pytest.fixture
def api(nats_server: NatsServer, mongo_url: str, db_name: str) -> Iterator[TestClient]:
    with make_client(nats_server.url, mongo_url, db_name, MAX_UPLOAD_BYTES=200_000) as client:
        yield client


def post(
    api: TestClient,
    data: bytes = PDF,
    filename: str = "cv.pdf",
    declared: str = "application/pdf",
    **kwargs: object,
) -> httpx.Response:
    headers = kwargs.pop("headers", {})
    return api.post(
        "/v1/resumes",
        files={"file": (filename, data, declared)},
        data=kwargs,
        headers=headers,  # type: ignore[arg-type]
    )


def test_upload_is_queued_and_readable(api: TestClient) -> None:
    response = post(api, callback_url="https://hooks.example.com/x", batch_id="b-1")
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["location"] == body["status_url"]
    resume = api.get(f"/v1/resumes/{body['id']}").json()
    assert resume["status"] == "queued"
    assert resume["batch_id"] == "b-1"
    assert resume["file"]["size_bytes"] == len(PDF)
    assert resume["callback_url"] == "https://hooks.example.com/x"
    listed = api.get("/v1/resumes", params={"batch_id": "b-1"}).json()["items"]
    assert [r["id"] for r in listed] == [body["id"]]


def test_requests_make_no_thread_pool_hops(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FastAPI runs a plain ``def`` dependency in the thread pool: every request would
    wait for a thread twice (bench/upload_latency.py), for a few dictionary lookups."""
    hops: list[object] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    uploaded = post(api, batch_id="b-hops")
    assert uploaded.status_code == 202, uploaded.text
    assert api.get(f"/v1/resumes/{uploaded.json()['id']}").status_code == 200
    assert api.post("/v1/batches", json={}).status_code == 201
    assert api.get("/v1/webhook-secrets").status_code == 200
    assert hops == []


def test_idempotency_key_returns_the_first_resume(api: TestClient) -> None:
    first = post(api, headers={"Idempotency-Key": "k-1"})
    again = post(api, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 202
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    other_file = post(
        api, data=resume_pdf(SampleResume(name="June Doe")), headers={"Idempotency-Key": "k-1"}
    )
    assert other_file.status_code == 409
    assert other_file.json()["error"]["code"] == "idempotency_conflict"


def test_dedupe_by_content_hash_only_when_asked(api: TestClient) -> None:
    first = post(api).json()["id"]
    plain = post(api)
    assert plain.status_code == 202
    assert plain.json()["id"] != first
    deduped = post(api, dedupe="true")
    assert deduped.status_code == 200
    assert deduped.json()["duplicate_of"] == first


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 400, "empty_file"),
        (b"PK\x03\x04 a zip, not a pdf", 415, "not_a_pdf"),
        (b"%PDF-1.4\n" + b"x" * 300_000, 413, "file_too_large"),
    ],
    ids=["empty", "zip", "too-large"],
)
def test_bad_uploads_get_stable_codes(api: TestClient, data: bytes, status: int, code: str) -> None:
    response = post(api, data=data)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("data", "filename", "declared", "stored_as"),
    [
        (resume_docx(), "cv.docx", DOCX_TYPE, DOCX_TYPE),
        (resume_docx(), "cv.pdf", "application/pdf", DOCX_TYPE),
        (PDF, "cv.docx", DOCX_TYPE, "application/pdf"),
    ],
    ids=["docx", "docx-named-pdf", "pdf-named-docx"],
)
def test_the_stored_content_type_comes_from_the_bytes_not_the_name(
    api: TestClient, data: bytes, filename: str, declared: str, stored_as: str
) -> None:
    response = post(api, data=data, filename=filename, declared=declared)
    assert response.status_code == 202, response.text
    resume = api.get(f"/v1/resumes/{response.json()['id']}").json()
    assert resume["file"]["content_type"] == stored_as
    assert resume["file"]["filename"] == filename


@pytest.mark.parametrize(
    ("data", "status", "code", "named"),
    [
        (legacy_doc(), 415, "unsupported_format", "legacy Word .doc"),
        (rtf_document(), 415, "unsupported_format", "RTF"),
        (odt_document(), 415, "unsupported_format", "OpenDocument"),
        (encrypted_docx(), 422, "docx_encrypted", "password-protected"),
        (b"PK\x03\x04 a zip, not a docx", 415, "not_a_pdf", "not a PDF or DOCX"),
    ],
    ids=["doc", "rtf", "odt", "encrypted", "zip"],
)
def test_other_formats_are_refused_naming_what_they_are(
    api: TestClient, data: bytes, status: int, code: str, named: str
) -> None:
    # Named .docx on purpose: the name must not get a file in.
    response = post(api, data=data, filename="cv.docx", declared=DOCX_TYPE)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert named in error["message"]
    if code == "unsupported_format":
        assert "accepted: PDF or DOCX" in error["message"]
    assert api.get("/v1/resumes").json()["items"] == []


def test_too_large_streaming_body_is_cut_off(api: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        boundary = (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-'
        )
        yield boundary
        for _ in range(100):
            yield b"x" * 10_000

    response = api.post(
        "/v1/resumes",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"


def test_malformed_requests_are_422_with_error_schema(api: TestClient) -> None:
    missing = api.post("/v1/resumes", data={"callback_url": "https://x.example"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid_request"
    bad_hook = post(api, callback_url="ftp://example.com/x")
    assert bad_hook.status_code == 422
    assert bad_hook.json()["error"]["code"] == "invalid_callback_url"
    bad_batch = post(api, batch_id="spaces are not allowed")
    assert bad_batch.json()["error"]["code"] == "invalid_request"


def test_api_keys_scope_every_query_by_tenant(
    nats_server: NatsServer, mongo_url: str, db_name: str
) -> None:
    env = {"API_KEYS": "key-a:tenant-a,key-b:tenant-b"}
    with make_client(nats_server.url, mongo_url, db_name, **env) as api:
        assert post(api).json()["error"]["code"] == "unauthorized"
        created = post(api, headers={"Authorization": "Bearer key-a"}).json()["id"]
        own = api.get(f"/v1/resumes/{created}", headers={"X-API-Key": "key-a"})
        other = api.get(f"/v1/resumes/{created}", headers={"X-API-Key": "key-b"})
    assert own.status_code == 200
    assert other.status_code == 404


def test_nats_down_means_503_and_nothing_kept(
    nats_server: NatsServer, mongo_url: str, db_name: str
) -> None:
    with make_client(nats_server.url, mongo_url, db_name, INGEST_PUBLISH_TIMEOUT_SECONDS=1) as api:
        nats_server.stop()
        response = post(api)
        listed = api.get("/v1/resumes").json()["items"]
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert listed == []


def test_readyz_reports_dependencies(api: TestClient) -> None:
    response = api.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"nats": True, "mongodb": True}
    assert b"resumeflow_http_requests_total" in api.get("/metrics").content


def test_an_upload_continues_the_callers_trace(
    api: TestClient, spans: InMemorySpanExporter
) -> None:
    trace_id, caller_span = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
    response = post(api, headers={"traceparent": f"00-{trace_id}-{caller_span}-01"})
    assert response.status_code == 202
    resume = api.get(f"/v1/resumes/{response.json()['id']}").json()
    assert resume["trace_id"] == trace_id
    found = {s.name: s for s in spans.get_finished_spans()}
    server = found["POST /v1/resumes"]
    assert server.parent is not None
    assert f"{server.parent.span_id:016x}" == caller_span
    assert server.context is not None
    assert f"{server.context.trace_id:032x}" == trace_id
    attributes = dict(server.attributes or {})
    assert attributes["http.response.status_code"] == 202
    assert attributes["resumeflow.resume_id"] == response.json()["id"]
    send = found["send resume.ingested"]
    assert send.parent is not None
    assert send.parent.span_id == server.context.span_id


def test_without_a_caller_trace_an_upload_starts_one_and_probes_are_not_traced(
    api: TestClient, spans: InMemorySpanExporter
) -> None:
    first = api.get(f"/v1/resumes/{post(api).json()['id']}").json()["trace_id"]
    second = api.get(f"/v1/resumes/{post(api).json()['id']}").json()["trace_id"]
    assert len(first) == 32
    assert len(second) == 32
    assert first != second
    spans.clear()
    for path in ("/healthz", "/readyz", "/metrics"):
        assert api.get(path).status_code == 200
    assert spans.get_finished_spans() == ()
    assert api.get("/v1/resumes/nope").status_code == 404
    (span,) = spans.get_finished_spans()
    assert span.name == "GET /v1/resumes/{resume_id}"
