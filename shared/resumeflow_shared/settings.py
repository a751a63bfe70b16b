"""Settings shared by every service; each service subclasses one of these.

Connection settings use fixed names (``NATS_URL``, ``MONGODB_URL``...) in every
process. Stage tuning is prefixed with the stage name (``PARSER_MAX_DELIVER``,
``ENHANCER_BACKOFF``...) so one shell or ConfigMap can tune stages independently.
Settings are validated at start-up; :func:`load` turns a validation error into one
readable line naming the variable.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Literal, TypeVar

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

STREAM = "RESUMES"
DLQ_STREAM = "RESUMES_DLQ"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class CommonSettings(BaseSettings):
    """Connections, identity and telemetry; the same variable names in every service."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Literal["dev", "test", "prod"] = Field(
        "dev", validation_alias=_env("RESUMEFLOW_ENV")
    )
    nats_url: str = Field("nats://127.0.0.1:4222", validation_alias=_env("NATS_URL"))
    # Each service's own NATS user (deploy/*/nats.conf, resumeflow_dev.natsauth); unset:
    # no credentials, or those in NATS_URL (nats://user:pass@host).
    nats_user: str | None = Field(None, validation_alias=_env("NATS_USER"))
    nats_password: SecretStr | None = Field(None, validation_alias=_env("NATS_PASSWORD"))
    # TLS to NATS: a CA to verify the server (tls:// URLs use the system CAs without
    # it), and a client certificate and key when the server requires one.
    nats_tls_ca: str | None = Field(None, validation_alias=_env("NATS_TLS_CA"))
    nats_tls_cert: str | None = Field(None, validation_alias=_env("NATS_TLS_CERT"))
    nats_tls_key: str | None = Field(None, validation_alias=_env("NATS_TLS_KEY"))
    mongodb_url: str = Field("mongodb://127.0.0.1:27017", validation_alias=_env("MONGODB_URL"))
    mongodb_db: str = Field("resumeflow", validation_alias=_env("MONGODB_DB"))
    stream: str = Field(STREAM, validation_alias=_env("NATS_STREAM"))
    dlq_stream: str = Field(DLQ_STREAM, validation_alias=_env("NATS_DLQ_STREAM"))
    stream_replicas: int = Field(1, ge=1, le=5, validation_alias=_env("NATS_STREAM_REPLICAS"))
    stream_max_age_days: float = Field(14, gt=0, validation_alias=_env("NATS_STREAM_MAX_AGE_DAYS"))
    duplicate_window_seconds: float = Field(
        600, gt=0, validation_alias=_env("NATS_DUPLICATE_WINDOW_SECONDS")
    )
    log_level: str = Field("INFO", validation_alias=_env("LOG_LEVEL"))
    log_format: Literal["json", "text"] = Field("json", validation_alias=_env("LOG_FORMAT"))
    metrics_port: int = Field(0, ge=0, le=65535, validation_alias=_env("METRICS_PORT"))
    health_port: int = Field(0, ge=0, le=65535, validation_alias=_env("HEALTH_PORT"))
    listen_fd: int | None = Field(
        None,
        ge=0,
        validation_alias=_env("LISTEN_FD"),
        description="An inherited, already listening socket to serve on instead of a port "
        "(socket activation, as systemd and the local stack do).",
    )
    default_tenant: str = Field("default", validation_alias=_env("DEFAULT_TENANT"))
    traces_exporter: Literal["none", "otlp", "console"] = Field(
        "none", validation_alias=_env("OTEL_TRACES_EXPORTER")
    )


class WorkerSettings(CommonSettings):
    """A stage worker: its consumer's retry budget and its concurrency.

    ``backoff`` is the redelivery schedule in seconds, used both for nak delays and
    as the consumer's ack-timeout backoff; its last value repeats.
    """

    concurrency: int = Field(4, ge=1, le=256)
    batch_size: int = Field(8, ge=1, le=256)
    max_deliver: int = Field(5, ge=1, le=100)
    backoff: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [2.0, 10.0, 30.0, 60.0]
    )
    ack_wait_seconds: float = Field(60.0, gt=0)
    max_ack_pending: int = Field(1000, ge=1)
    shutdown_grace_seconds: float = Field(25.0, ge=0)
    lease_ttl_seconds: float = Field(
        30.0,
        gt=0,
        description="How long a killed worker's lease on an LLM call or a webhook outlives it.",
    )
    breaker_threshold: int = Field(
        3, ge=1, description="Dependency outages in a row that pause the stage (see breaker)."
    )
    breaker_cooldown_seconds: float = Field(5.0, gt=0)
    breaker_max_cooldown_seconds: float = Field(60.0, gt=0)
    handler_timeout_seconds: float = Field(
        600.0, gt=0, description="One handler call's deadline; past it: retry, handler_timeout."
    )

    @field_validator("backoff", mode="before")
    @classmethod
    def _split_backoff(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [float(v) for v in text.split(",") if v.strip()]
        return value

    @field_validator("backoff")
    @classmethod
    def _positive(cls, value: list[float]) -> list[float]:
        if not value or any(v <= 0 for v in value):
            raise ValueError("backoff must be a non-empty list of positive seconds")
        return value

    def delay_for(self, attempt: int) -> float:
        """The redelivery delay after delivery number ``attempt`` (1-based)."""
        return self.backoff[min(attempt, len(self.backoff)) - 1]


S = TypeVar("S", bound=BaseSettings)


def load(cls: type[S]) -> S:
    """Build settings from the environment or exit with a line naming each bad variable."""
    try:
        return cls()
    except ValidationError as exc:
        prefix = str(cls.model_config.get("env_prefix", "") or "")
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            problems.append(f"{(prefix + name).upper()}: {err['msg']}")
        sys.stderr.write(f"{cls.__name__}: invalid configuration: {'; '.join(problems)}\n")
        raise SystemExit(2) from None
    except SettingsError as exc:
        sys.stderr.write(f"{cls.__name__}: invalid configuration: {exc}\n")
        raise SystemExit(2) from None
