"""Notifier settings (``NOTIFIER_*``; the signing secret and SMTP keep plain names)."""

from __future__ import annotations

import base64
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from resumeflow_shared import prodcheck
from resumeflow_shared.settings import WorkerSettings

DEV_SECRET = "whsec_" + base64.b64encode(b"resumeflow-development-secret!!").decode()


class NotifierSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFIER_", extra="ignore", populate_by_name=True)

    signing_secret: SecretStr = Field(
        SecretStr(DEV_SECRET),
        validation_alias=AliasChoices("WEBHOOK_SIGNING_SECRET", "NOTIFIER_SIGNING_SECRET"),
        description="Standard Webhooks secret: whsec_ + base64 of at least 24 random bytes.",
    )
    request_timeout_seconds: float = Field(10.0, gt=0)
    delivery_deadline_seconds: float = Field(
        10.0, gt=0, description="Total time for one webhook delivery: resolve, connect, send, read."
    )
    response_body_cap_bytes: int = Field(64 * 1024, ge=0)
    allow_private_callbacks: bool = Field(
        False,
        validation_alias=AliasChoices(
            "ALLOW_PRIVATE_CALLBACKS", "NOTIFIER_ALLOW_PRIVATE_CALLBACKS"
        ),
        description="Deliver to loopback/private addresses (dev and tests only).",
    )
    max_deliver: int = Field(8, ge=1, le=100)
    # Webhook POSTs and MongoDB writes: I/O-bound, so many at a time.
    concurrency: int = Field(32, ge=1, le=256)
    backoff: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [5.0, 30.0, 120.0, 600.0, 1800.0]
    )
    include_profile: bool = Field(True, description="Send the profile inside the webhook body.")
    public_base_url: str = Field(
        "http://127.0.0.1:8000",
        validation_alias=AliasChoices("PUBLIC_BASE_URL", "NOTIFIER_PUBLIC_BASE_URL"),
    )
    smtp_host: str | None = Field(None, validation_alias=AliasChoices("SMTP_HOST"))
    smtp_port: int = Field(25, validation_alias=AliasChoices("SMTP_PORT"))
    smtp_from: str = Field("resumeflow@localhost", validation_alias=AliasChoices("SMTP_FROM"))

    @field_validator("signing_secret")
    @classmethod
    def _decodable(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value().removeprefix("whsec_")
        try:
            key = base64.b64decode(raw, validate=True)
        except ValueError as exc:
            raise ValueError("must be whsec_ followed by base64") from exc
        if len(key) < 24:
            raise ValueError("must decode to at least 24 bytes")
        return value

    def check_production(self) -> None:
        """Refuse a guessable secret or private callbacks in prod; warn loudly elsewhere."""
        problems = []
        issue = prodcheck.secret_problem(self.signing_secret.get_secret_value())
        if issue:
            problems.append(f"WEBHOOK_SIGNING_SECRET {issue}")
        if self.allow_private_callbacks:
            problems.append("ALLOW_PRIVATE_CALLBACKS is on: webhooks may reach internal hosts")
        prodcheck.enforce(self.environment, problems)
