"""Ingest settings (``INGEST_*``; port, upload limit and API keys keep plain names)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from resumeflow_ingest import keys
from resumeflow_shared import prodcheck
from resumeflow_shared.settings import CommonSettings


class IngestSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore", populate_by_name=True)

    host: str = Field("0.0.0.0", validation_alias=AliasChoices("HOST", "INGEST_HOST"))
    port: int = Field(8000, ge=0, le=65535, validation_alias=AliasChoices("PORT", "INGEST_PORT"))
    max_upload_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, validation_alias=AliasChoices("MAX_UPLOAD_BYTES")
    )
    max_batch_files: int = Field(
        500, ge=1, description="Files per multi-file upload (POST /v1/batches/{id}/resumes)."
    )
    max_batch_upload_bytes: int = Field(
        100 * 1024 * 1024,
        ge=1024,
        description="Whole body of one multi-file upload; each file still obeys MAX_UPLOAD_BYTES.",
    )
    api_keys: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("API_KEYS"),
        description="Comma-separated id:sha256:tenant entries (python -m resumeflow_ingest.keys"
        " new TENANT); key:tenant plain pairs outside prod only. Unset: no auth (dev only).",
    )
    stream_token_secret: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("STREAM_TOKEN_SECRET", "INGEST_STREAM_TOKEN_SECRET"),
        description="Signs the short-lived ?access_token= of event streams (openssl rand -hex"
        " 32; the same on every replica). Required in prod; unset: a random key per process.",
    )
    allow_private_callbacks: bool = Field(
        False,
        validation_alias=AliasChoices("ALLOW_PRIVATE_CALLBACKS", "INGEST_ALLOW_PRIVATE_CALLBACKS"),
        description="Allow callback URLs on loopback/private addresses (dev and tests only).",
    )
    tenant_max_concurrent_uploads: int = Field(
        16, ge=0, description="Uploads one tenant may have in flight per replica (0: no limit)."
    )
    # 200 a second: a tenant sending a 10,000-resume batch is the product's point; the
    # limit is there to stop abuse, not to pace a big batch
    tenant_uploads_per_minute: int = Field(
        12_000,
        ge=0,
        description="Uploads one tenant may start per minute per replica (0: no limit).",
    )
    public_base_url: str | None = Field(
        None, validation_alias=AliasChoices("PUBLIC_BASE_URL", "INGEST_PUBLIC_BASE_URL")
    )
    tenant_max_event_streams: int = Field(
        20, ge=0, description="Open /events streams one tenant may hold per replica (0: no limit)."
    )
    retention_days: float | None = Field(
        None,
        gt=0,
        validation_alias=AliasChoices("RETENTION_DAYS", "INGEST_RETENTION_DAYS"),
        description="Erase resumes this many days after upload (unset: keep).",
    )
    tenant_retention_days: str = Field(
        "",
        validation_alias=AliasChoices("TENANT_RETENTION_DAYS", "INGEST_TENANT_RETENTION_DAYS"),
        description="Per-tenant overrides, comma-separated tenant:days pairs.",
    )
    retention_sweep_seconds: float = Field(300.0, gt=0)
    webhook_secret_rollover_seconds: float = Field(
        86400.0, ge=0, description="How long older webhook secrets stay valid after a rotation."
    )
    publish_timeout_seconds: float = Field(5.0, gt=0)
    stall_after_seconds: float = Field(
        900.0, gt=0, description="No progress for this long marks a resume stalled."
    )
    stall_recoveries: int = Field(
        3, ge=0, description="Re-announce a stalled resume this often, then fail it (stalled)."
    )
    sweep_interval_seconds: float = Field(30.0, gt=0)

    def retention_days_for(self, tenant_id: str) -> float | None:
        for item in self.tenant_retention_days.split(","):
            tenant, _, days = item.strip().rpartition(":")
            if tenant == tenant_id and days:
                return float(days)
        return self.retention_days

    def check_production(self) -> None:
        """Refuse an open or guessable configuration in prod; warn loudly elsewhere."""
        problems = []
        ring = keys.parse(
            self.api_keys.get_secret_value() if self.api_keys else "", self.default_tenant
        )
        if ring.empty:
            problems.append("API_KEYS is not set: the API is open to anyone")
        if ring.plain:
            problems.append("API_KEYS holds plain-text keys; configure id:sha256:tenant entries")
        if self.stream_token_secret is None:
            # Outside prod a random per-process key is fine (create_app says so).
            if self.environment == "prod":
                problems.append("STREAM_TOKEN_SECRET is not set")
        elif issue := prodcheck.secret_problem(self.stream_token_secret.get_secret_value()):
            problems.append(f"STREAM_TOKEN_SECRET {issue}")
        if self.allow_private_callbacks:
            problems.append("ALLOW_PRIVATE_CALLBACKS is on: webhooks may reach internal hosts")
        prodcheck.enforce(self.environment, problems)
