"""Ingest's security surface in-process: callback URL checks, webhook secret routes,
notify_email validation and the production validators."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import resume_pdf
from resumeflow_dev.webhook_sink import TEST_SECRET
from resumeflow_ingest import keys
from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_notifier.settings import DEV_SECRET, NotifierSettings

PDF = resume_pdf()
KEY_A, ID_A = keys.new_key()
KEY_B, ID_B = keys.new_key()
API_KEYS = f"{keys.entry(KEY_A, ID_A, 'tenant-a')},{keys.entry(KEY_B, ID_B, 'tenant-b')}"
A = {"X-API-Key": KEY_A}
B = {"Authorization": f"Bearer {KEY_B}"}


@pytest.fixture
def api(nats_server: NatsServer, mongo_url: str, db_name: str) -> Iterator[TestClient]:
    settings = IngestSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DB": db_name,
            "API_KEYS": API_KEYS,
        }
    )
    with TestClient(create_app(settings)) as client:
        yield client


def upload(api: TestClient, **form: str) -> httpx.Response:
    files = {"file": ("cv.pdf", PDF, "application/pdf")}
    return api.post("/v1/resumes", files=files, data=form, headers=A)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.1:8080/",
        "http://0x7f000001:8080/",
        "http://2130706433/",
        "http://localhost.:8080/",
        "http://LOCALHOST/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/",
        "http://[fe80::1]/",
        "http://metadata.google.internal/",
        "http://user:pw@hooks.example.com/",
    ],
)
def test_private_callback_urls_are_refused_by_default(api: TestClient, url: str) -> None:
    response = upload(api, callback_url=url)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_callback_url"


def test_public_callback_urls_are_accepted(api: TestClient) -> None:
    assert upload(api, callback_url="https://hooks.example.com/x").status_code == 202


def test_control_characters_in_notify_email_are_refused(api: TestClient) -> None:
    response = upload(api, notify_email="a\x01b@example.com")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert upload(api, notify_email="ok@example.com").status_code == 202


def test_webhook_secrets_rotate_list_and_delete_per_tenant(api: TestClient) -> None:
    first = api.post("/v1/webhook-secrets", headers=A)
    assert first.status_code == 201, first.text
    assert first.json()["secret"].startswith("whsec_")
    second = api.post("/v1/webhook-secrets", headers=A).json()
    listed = api.get("/v1/webhook-secrets", headers=A).json()["items"]
    assert [s["id"] for s in listed] == [second["id"], first.json()["id"]]
    assert all("secret" not in s for s in listed)  # never shown after creation
    assert listed[1]["expires_at"] is not None  # the old one is in its rollover
    assert listed[0]["expires_at"] is None
    assert api.get("/v1/webhook-secrets", headers=B).json()["items"] == []
    assert api.delete(f"/v1/webhook-secrets/{first.json()['id']}", headers=B).status_code == 404
    assert api.delete(f"/v1/webhook-secrets/{first.json()['id']}", headers=A).status_code == 204
    remaining = api.get("/v1/webhook-secrets", headers=A).json()["items"]
    assert [s["id"] for s in remaining] == [second["id"]]


def test_hashed_keys_authenticate_and_plain_lookalikes_do_not(api: TestClient) -> None:
    assert api.get("/v1/resumes", headers=A).status_code == 200
    entry_hash = keys.entry(KEY_A, ID_A, "tenant-a").split(":")[1]
    refused = api.get("/v1/resumes", headers={"X-API-Key": entry_hash})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"


FRESH = "9b3e0f4c2a71d85e6f0a3c9d1b7e4f2a"  # what openssl rand -hex 16 prints


def prod_ingest(**env: object) -> IngestSettings:
    return IngestSettings.model_validate({"RESUMEFLOW_ENV": "prod", **env})


def test_production_refuses_missing_plain_keys_and_private_callbacks() -> None:
    with pytest.raises(SystemExit, match="API_KEYS is not set"):
        prod_ingest().check_production()
    with pytest.raises(SystemExit, match="plain-text"):
        prod_ingest(API_KEYS="change-me:default").check_production()
    with pytest.raises(SystemExit, match="ALLOW_PRIVATE_CALLBACKS"):
        prod_ingest(
            API_KEYS=API_KEYS, STREAM_TOKEN_SECRET=FRESH, ALLOW_PRIVATE_CALLBACKS=True
        ).check_production()
    prod_ingest(API_KEYS=API_KEYS, STREAM_TOKEN_SECRET=FRESH).check_production()


@pytest.mark.parametrize(
    ("secret", "says"),
    [
        (None, "STREAM_TOKEN_SECRET is not set"),
        ("change-me-stream-token-secret", "STREAM_TOKEN_SECRET is a placeholder"),  # examples
        ("3f1c9a0b7e2d", "STREAM_TOKEN_SECRET is shorter than 24 characters"),
    ],
)
def test_production_refuses_a_missing_placeholder_or_short_stream_token_secret(
    secret: str | None, says: str
) -> None:
    env = {"API_KEYS": API_KEYS} | ({"STREAM_TOKEN_SECRET": secret} if secret else {})
    with pytest.raises(SystemExit, match=says):
        prod_ingest(**env).check_production()


def test_dev_without_a_stream_token_secret_starts_and_says_tokens_are_per_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = IngestSettings.model_validate({"API_KEYS": API_KEYS})
    settings.check_production()
    create_app(settings)
    assert "STREAM_TOKEN_SECRET is not set" in caplog.text
    assert "other replicas" in caplog.text


def test_dev_without_keys_starts_with_a_loud_warning(caplog: pytest.LogCaptureFixture) -> None:
    IngestSettings.model_validate({}).check_production()
    assert "INSECURE CONFIGURATION" in caplog.text
    assert "API_KEYS is not set" in caplog.text


@pytest.mark.parametrize(
    "secret",
    [
        DEV_SECRET,
        TEST_SECRET,
        "whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=",  # secret.example.yaml
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",  # docs/operations.md
        "whsec_" + "Y2hhbmdlbWVjaGFuZ2VtZWNoYW5nZW1lIQ==",  # base64 of "changemechangemechangeme!"
    ],
)
def test_production_refuses_published_and_placeholder_signing_secrets(secret: str) -> None:
    settings = NotifierSettings.model_validate(
        {"RESUMEFLOW_ENV": "prod", "WEBHOOK_SIGNING_SECRET": secret}
    )
    with pytest.raises(SystemExit, match="WEBHOOK_SIGNING_SECRET"):
        settings.check_production()


def test_production_accepts_a_fresh_secret_and_refuses_private_callbacks() -> None:
    fresh = "whsec_" + "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="
    NotifierSettings.model_validate(
        {"RESUMEFLOW_ENV": "prod", "WEBHOOK_SIGNING_SECRET": fresh}
    ).check_production()
    with pytest.raises(SystemExit, match="ALLOW_PRIVATE_CALLBACKS"):
        NotifierSettings.model_validate(
            {
                "RESUMEFLOW_ENV": "prod",
                "WEBHOOK_SIGNING_SECRET": fresh,
                "ALLOW_PRIVATE_CALLBACKS": True,
            }
        ).check_production()


def test_the_key_tool_prints_a_key_and_the_hashed_entry_that_accepts_it() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "resumeflow_ingest.keys", "new", "acme"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    key = out.split("shown once): ", 1)[1].split()[0]
    entry = out.split("(configure this): ", 1)[1].split()[0].strip()
    assert key.startswith("rf_")
    assert key not in entry  # only the hash is configured
    ring = keys.parse(entry, "default")
    assert ring.tenant_for(key) == "acme"
    assert ring.tenant_for(key + "x") is None
    assert ring.tenant_for(entry) is None
