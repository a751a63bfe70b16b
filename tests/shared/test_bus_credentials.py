"""How a service's NATS credentials and TLS settings reach nats.connect."""

from __future__ import annotations

import ssl

import certifi
import pytest

from resumeflow_shared import bus
from resumeflow_shared.settings import CommonSettings


def test_no_credentials_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NATS_USER", "NATS_PASSWORD", "NATS_TLS_CA", "NATS_TLS_CERT", "NATS_TLS_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert bus.credentials(CommonSettings()) == {}


def test_user_and_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATS_USER", "parser")
    monkeypatch.setenv("NATS_PASSWORD", "nats_s3cret")
    settings = CommonSettings()
    assert "nats_s3cret" not in repr(settings)  # a SecretStr: never in logs or reprs
    assert bus.credentials(settings) == {"user": "parser", "password": "nats_s3cret"}


def test_a_ca_file_turns_on_verified_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATS_TLS_CA", certifi.where())
    context = bus.credentials(CommonSettings())["tls"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_a_missing_ca_file_fails_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATS_TLS_CA", "/nonexistent/ca.pem")
    with pytest.raises(FileNotFoundError):
        bus.credentials(CommonSettings())
