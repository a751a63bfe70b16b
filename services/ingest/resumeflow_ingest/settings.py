"""Ingest settings (``INGEST_*``; port, upload limit and API keys keep plain names)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

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
        description="Comma-separated key:tenant pairs. Unset: no auth, default tenant (dev).",
    )
    allow_private_callbacks: bool = Field(
        True, description="Allow callback URLs on loopback/private addresses (off in prod)."
    )
    public_base_url: str | None = Field(
        None, validation_alias=AliasChoices("PUBLIC_BASE_URL", "INGEST_PUBLIC_BASE_URL")
    )
    publish_timeout_seconds: float = Field(5.0, gt=0)
    stall_after_seconds: float = Field(
        900.0, gt=0, description="No progress for this long marks a resume stalled."
    )
    stall_recoveries: int = Field(
        3, ge=0, description="Re-announce a stalled resume this often, then fail it (stalled)."
    )
    sweep_interval_seconds: float = Field(30.0, gt=0)

    def tenants_by_key(self) -> dict[str, str]:
        if self.api_keys is None:
            return {}
        pairs = {}
        for item in self.api_keys.get_secret_value().split(","):
            key, _, tenant = item.strip().partition(":")
            if key:
                pairs[key] = tenant or self.default_tenant
        return pairs

    def check_production(self) -> None:
        if self.environment == "prod" and not self.tenants_by_key():
            raise SystemExit("API_KEYS: required when RESUMEFLOW_ENV=prod")
