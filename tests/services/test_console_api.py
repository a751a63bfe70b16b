"""The console's server side in-process: page images, stream tokens, static files,
the error-code filter (real FastAPI app, real NATS, real MongoDB client)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pymupdf
import pytest
from fastapi.testclient import TestClient

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import resume_pdf
from resumeflow_ingest import stream_tokens
from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.profile import PageText, ParseResult
from resumeflow_shared.records import ErrorInfo

PDF = resume_pdf()
KEYS = "key-a:tenant-a,key-b:tenant-b"
SECRET = "5c0d7b2e91f84a3c6e0b9d1f2a7c4e8b"
A = {"Authorization": "Bearer key-a"}
B = {"Authorization": "Bearer key-b"}


@pytest.fixture
def api(nats_server: NatsServer, mongo_url: str, db_name: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings(nats_server, mongo_url, db_name, SECRET))) as client:
        yield client


def settings(
    nats_server: NatsServer, mongo_url: str, db_name: str, secret: str | None
) -> IngestSettings:
    env = {
        "NATS_URL": nats_server.url,
        "MONGODB_URL": mongo_url,
        "MONGODB_DB": db_name,
        "API_KEYS": KEYS,
    }
    return IngestSettings.model_validate(env | ({"STREAM_TOKEN_SECRET": secret} if secret else {}))


def upload(api: TestClient, headers: dict[str, str] = A) -> str:
    response = api.post(
        "/v1/resumes", files={"file": ("cv.pdf", PDF, "application/pdf")}, headers=headers
    )
    assert response.status_code == 202, response.text
    resume_id: str = response.json()["id"]
    return resume_id


def set_fields(api: TestClient, resume_id: str, **fields: Any) -> None:
    """Store what the parser (or a failure) would have stored, through the app's own client."""
    store = api.app.state.resumeflow.store  # type: ignore[attr-defined]
    assert api.portal is not None
    api.portal.call(store.resumes.update_one, {"_id": resume_id}, {"$set": fields})


def mark_parsed(api: TestClient, resume_id: str) -> tuple[float, float]:
    with pymupdf.open(stream=PDF, filetype="pdf") as doc:
        width, height = doc[0].rect.width, doc[0].rect.height
    parse = ParseResult(
        page_count=1, pages=[PageText(number=1, width=width, height=height, text="Jane Doe")]
    )
    set_fields(api, resume_id, parse=parse.model_dump(mode="python"))
    return width, height


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_page_renders_at_the_requested_scale_for_its_owner_only(api: TestClient) -> None:
    resume_id = upload(api)
    before = api.get(f"/v1/resumes/{resume_id}/pages/1.png", headers=A)
    assert before.status_code == 404  # not parsed yet: nothing is rendered
    assert before.json()["error"]["code"] == "not_found"

    width, height = mark_parsed(api, resume_id)
    image = api.get(f"/v1/resumes/{resume_id}/pages/1.png", params={"scale": 2}, headers=A)
    assert image.status_code == 200, image.text
    assert image.headers["content-type"] == "image/png"
    assert png_size(image.content) == (round(width * 2), round(height * 2))

    other_tenant = api.get(f"/v1/resumes/{resume_id}/pages/1.png", headers=B)
    assert other_tenant.status_code == 404
    no_key = api.get(f"/v1/resumes/{resume_id}/pages/1.png")
    assert no_key.json()["error"]["code"] == "unauthorized"
    missing_page = api.get(f"/v1/resumes/{resume_id}/pages/2.png", headers=A)
    assert missing_page.status_code == 404
    for scale in ("0", "0.01", "3.5", "-1", "nan"):
        capped = api.get(f"/v1/resumes/{resume_id}/pages/1.png", params={"scale": scale}, headers=A)
        assert capped.status_code == 422, scale
        assert capped.json()["error"]["code"] == "invalid_request"


def read_first_event(api: TestClient, url: str, **kwargs: Any) -> tuple[int, Any]:
    """(200, first event name) from a stream, or (status, error body) when refused."""
    with api.stream("GET", url, **kwargs) as response:
        if response.status_code != 200:
            response.read()
            return response.status_code, response.json()
        for line in response.iter_lines():
            if line.startswith("event: "):
                return 200, line.removeprefix("event: ")
    raise AssertionError("the stream ended without an event")


def test_event_streams_take_a_short_lived_token_instead_of_a_header(api: TestClient) -> None:
    resume_id = upload(api)
    failed = ErrorInfo(stage="parser", code="pdf_corrupt", message="x").model_dump()
    set_fields(api, resume_id, status="failed", terminal=True, error=failed)
    issued = api.post("/v1/stream-tokens", headers=A)
    assert issued.status_code == 200, issued.text
    token = issued.json()["token"]
    assert "key-a" not in token
    url = f"/v1/resumes/{resume_id}/events"
    assert read_first_event(api, url, params={"access_token": token}) == (200, "status")

    refused = [
        read_first_event(api, url),  # neither header nor token
        read_first_event(api, url, params={"access_token": token + "0"}),  # forged
        read_first_event(api, url, params={"access_token": expired_token("tenant-a")}),
    ]
    for status, body in refused:
        assert status == 401
        assert body["error"]["code"] == "unauthorized"
    b_token = api.post("/v1/stream-tokens", headers=B).json()["token"]
    assert read_first_event(api, url, params={"access_token": b_token})[0] == 404
    assert api.post("/v1/stream-tokens").status_code == 401


def expired_token(tenant_id: str) -> str:
    token, _ = stream_tokens.issue(stream_tokens.signing_key(SECRET), tenant_id, now=1_000_000)
    return token


def test_a_token_signed_with_anything_but_the_stream_token_secret_is_refused(
    api: TestClient,
) -> None:
    resume_id = upload(api)
    url = f"/v1/resumes/{resume_id}/events"
    # Before STREAM_TOKEN_SECRET the key came from API_KEYS, which the configuration
    # shows: such a token, unexpired and for the right tenant, must no longer open a stream.
    from_api_keys = hashlib.sha256(b"resumeflow-stream-token\0" + KEYS.encode()).digest()
    other_secret = stream_tokens.signing_key("0e7a4d2c9b1f83e56a0c7d4b2e9f1a38")
    for key in (from_api_keys, other_secret):
        token, _ = stream_tokens.issue(key, "tenant-a")
        status, body = read_first_event(api, url, params={"access_token": token})
        assert status == 401
        assert body["error"]["code"] == "unauthorized"
    # The same token from the configured secret opens it (the resume is still queued).
    token, _ = stream_tokens.issue(stream_tokens.signing_key(SECRET), "tenant-a")
    set_fields(api, resume_id, status="failed", terminal=True)
    assert read_first_event(api, url, params={"access_token": token}) == (200, "status")


@pytest.mark.parametrize(("secret", "shared"), [(SECRET, True), (None, False)])
def test_replicas_accept_each_others_tokens_only_with_a_shared_secret(
    nats_server: NatsServer, mongo_url: str, db_name: str, secret: str | None, shared: bool
) -> None:
    one = TestClient(create_app(settings(nats_server, mongo_url, db_name, secret)))
    two = TestClient(create_app(settings(nats_server, mongo_url, db_name, secret)))
    with one, two:
        resume_id = upload(one)
        set_fields(one, resume_id, status="failed", terminal=True)
        url = f"/v1/resumes/{resume_id}/events"
        token = one.post("/v1/stream-tokens", headers=A).json()["token"]
        assert read_first_event(one, url, params={"access_token": token}) == (200, "status")
        status, _ = read_first_event(two, url, params={"access_token": token})
    assert status == (200 if shared else 401)


def test_resumes_can_be_listed_by_error_code(api: TestClient) -> None:
    failed, other_code, fine = upload(api), upload(api), upload(api)
    set_fields(
        api,
        failed,
        status="failed",
        error={"stage": "parser", "code": "pdf_corrupt", "message": "x", "attempts": 1},
    )
    set_fields(
        api,
        other_code,
        status="failed",
        error={"stage": "parser", "code": "pdf_encrypted", "message": "x", "attempts": 1},
    )
    listed = api.get("/v1/resumes", params={"error_code": "pdf_corrupt"}, headers=A).json()
    assert [r["id"] for r in listed["items"]] == [failed]
    everything = api.get("/v1/resumes", headers=A).json()["items"]
    assert {failed, other_code, fine} <= {r["id"] for r in everything}


def test_the_console_is_served_from_the_package_with_a_strict_policy(api: TestClient) -> None:
    index = api.get("/")
    assert index.status_code == 200
    assert "text/html" in index.headers["content-type"]
    policy = index.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert 'src="/console/app.js"' in index.text
    script = api.get("/console/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert api.get("/console/nope.js").status_code == 404


def test_a_stream_token_cannot_be_moved_to_another_tenant_or_secret() -> None:
    key = stream_tokens.signing_key(SECRET)
    token, _ = stream_tokens.issue(key, "tenant-a")
    assert stream_tokens.verify(key, token) == "tenant-a"
    signature = token.partition(".")[2]
    other_body = stream_tokens.issue(key, "tenant-b")[0].partition(".")[0]
    assert stream_tokens.verify(key, f"{other_body}.{signature}") is None
    assert stream_tokens.verify(stream_tokens.signing_key(SECRET + "x"), token) is None
    assert stream_tokens.verify(stream_tokens.signing_key(None), token) is None
    assert stream_tokens.verify(key, "not a token") is None
    assert stream_tokens.verify(key, "") is None
