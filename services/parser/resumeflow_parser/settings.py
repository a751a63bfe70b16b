"""Parser settings: the shared worker settings plus extraction limits (``PARSER_*``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from resumeflow_shared.settings import WorkerSettings


class ParserSettings(WorkerSettings):
    model_config = SettingsConfigDict(env_prefix="PARSER_", extra="ignore", populate_by_name=True)

    # More handlers than parse workers: while one waits on MongoDB (reading the file,
    # storing the parse) another keeps the worker busy.
    concurrency: int = Field(4, ge=1, le=64)
    max_pages: int = Field(30, ge=1, le=1000)
    timeout_seconds: float = Field(60.0, gt=0, description="Wall-clock limit per document.")
    memory_mb: int = Field(
        1024, ge=128, description="Address space a parse may add on top of the libraries'."
    )
    sandbox: Literal["pool", "fork"] = Field(
        "pool",
        description="pool: long-lived preloaded workers; fork: a forked child per document.",
    )
    network_isolation: Literal["auto", "required", "off"] = Field(
        "auto",
        description=(
            "Parse workers in a network namespace of their own. auto: when the kernel "
            "allows (else a warning and resumeflow_parser_network_isolated 0); "
            "required: refuse to start without; off: do not try."
        ),
    )
    pool_size: int | None = Field(
        None,
        ge=1,
        le=64,
        description="Parse workers; default: the CPU count, at most PARSER_CONCURRENCY.",
    )
    pool_max_docs: int = Field(200, ge=1, description="Documents before a worker is replaced.")
    pool_max_rss_mb: int = Field(
        1024, ge=64, description="A worker whose RSS grows past this is replaced."
    )
    pool_max_tries: int = Field(
        2, ge=1, le=5, description="Workers a document may take down before it fails."
    )
    convert_timeout_seconds: float = Field(
        60.0, gt=0, description="Wall-clock limit for LibreOffice to turn one DOCX into a PDF."
    )
    convert_concurrency: int = Field(
        1, ge=1, le=16, description="LibreOffice conversions at once per parser process."
    )
    ocr: Literal["auto", "off", "force"] = "auto"
    default_region: str = Field("US", min_length=2, max_length=2)
    reject_non_resumes: bool = Field(
        False, description="Fail documents that are probably not resumes (not_a_resume)."
    )
