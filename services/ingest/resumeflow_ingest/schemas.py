"""The public HTTP models (what the OpenAPI description documents)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from resumeflow_shared import tracing
from resumeflow_shared.profile import CandidateProfile, ParseResult, Section
from resumeflow_shared.records import Delivery, ErrorInfo, ResumeRecord, Status


class ResumeAccepted(BaseModel):
    id: str
    status: Status
    status_url: str
    duplicate_of: str | None = Field(
        None, description="Set when the upload was answered with an existing resume."
    )


class FilePublic(BaseModel):
    filename: str
    content_type: str = Field(
        "application/pdf",
        description="What the upload was, from its content: application/pdf or the DOCX type.",
    )
    size_bytes: int
    sha256: str


class ParseSummary(BaseModel):
    page_count: int
    ocr: bool
    likely_resume: bool
    resume_score: float
    sections: list[str]
    warnings: list[str]


class ResumePublic(BaseModel):
    id: str
    batch_id: str | None
    status: Status
    stalled: bool = False
    run: int
    created_at: datetime
    updated_at: datetime
    timestamps: dict[str, datetime]
    attempts: dict[str, int]
    file: FilePublic
    callback_url: str | None
    error: ErrorInfo | None
    parse: ParseSummary | None
    profile: CandidateProfile | None
    profile_source: str | None
    model: str | None
    deliveries: list[Delivery]
    trace_id: str | None = Field(
        None, description="The resume's OpenTelemetry trace id, to look it up in a trace viewer."
    )

    @classmethod
    def of(cls, record: ResumeRecord, *, stalled: bool = False) -> ResumePublic:
        parse = record.parse
        return cls(
            id=record.id,
            batch_id=record.batch_id,
            status=record.status,
            stalled=stalled,
            run=record.run,
            created_at=record.created_at,
            updated_at=record.updated_at,
            timestamps=record.timestamps,
            attempts=record.attempts,
            file=FilePublic(
                filename=record.file.filename,
                content_type=record.file.content_type,
                size_bytes=record.file.size_bytes,
                sha256=record.file.sha256,
            ),
            callback_url=record.callback_url,
            error=record.error,
            parse=ParseSummary(
                page_count=parse.page_count,
                ocr=parse.ocr,
                likely_resume=parse.likely_resume,
                resume_score=parse.resume_score,
                sections=[s.name for s in parse.sections],
                warnings=parse.warnings,
            )
            if parse
            else None,
            profile=record.profile,
            profile_source=record.profile_source,
            model=record.model,
            deliveries=record.deliveries,
            trace_id=tracing.trace_id_of(record.trace_parent),
        )


class ResumeList(BaseModel):
    items: list[ResumePublic]
    next_cursor: str | None = None


ReplayStage = Literal["parser", "enhancer", "notifier"]


class ReplayRequest(BaseModel):
    stage: ReplayStage | None = Field(
        None, description="Stage to re-run from; default: the failed stage, else parser."
    )


class BulkReplayRequest(ReplayRequest):
    resume_ids: list[str] | None = Field(None, max_length=1000)
    batch_id: str | None = Field(None, max_length=128)
    status: Literal["failed", "completed", "cancelled"] | None = None


class Skipped(BaseModel):
    id: str
    reason: str


class BulkReplayResult(BaseModel):
    replayed: list[str]
    skipped: list[Skipped]


class ParsePublic(BaseModel):
    id: str
    parse: ParseResult


__all__ = ["ParsePublic", "ResumeAccepted", "ResumeList", "ResumePublic", "Section"]
