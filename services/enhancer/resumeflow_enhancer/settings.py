"""Enhancer settings (``ENHANCER_*``; the OpenAI variables keep their usual names)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import NoDecode, SettingsConfigDict

from resumeflow_shared.settings import WorkerSettings


class EnhancerSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="ENHANCER_", extra="ignore", populate_by_name=True)

    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "ENHANCER_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ENHANCER_OPENAI_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    request_timeout_seconds: float = Field(120.0, gt=0)
    response_format: Literal["json_schema", "json_object"] = Field(
        "json_schema",
        description="json_object for OpenAI-compatible servers without JSON-schema support.",
    )
    max_input_chars: int = Field(30_000, ge=1000)
    price_input_per_mtok: float = Field(0.0, ge=0, description="US dollars per 1M prompt tokens.")
    price_output_per_mtok: float = Field(0.0, ge=0, description="US dollars per 1M output tokens.")
    backoff: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [5.0, 15.0, 45.0, 120.0]
    )
    concurrency: int = Field(
        128,
        ge=1,
        le=256,
        description="Ceiling for LLM calls in flight; the adaptive limit finds the rate below it.",
    )
    initial_concurrency: int = Field(8, ge=1, description="Where the adaptive limit starts.")
    rpm: int | None = Field(None, ge=1, description="Provider budget: requests per minute.")
    tpm: int | None = Field(None, ge=1, description="Provider budget: tokens per minute.")
    expected_completion_tokens: int = Field(
        800, ge=1, description="Completion tokens assumed before a call, for the TPM budget."
    )

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())
