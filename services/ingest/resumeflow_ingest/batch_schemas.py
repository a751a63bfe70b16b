"""The public HTTP models of batches, cancellation and per-file upload results."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from resumeflow_ingest.problems import ErrorDetail
from resumeflow_shared.batches import BatchRecord, Progress
from resumeflow_shared.records import Status

# no control characters: they would make the mailer raise (see routes.EMAIL)
EMAIL = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"


class BatchCreate(BaseModel):
    name: str | None = Field(None, max_length=200)
    callback_url: str | None = Field(
        None, max_length=2048, description="Receives the batch.completed webhook."
    )
    notify_email: str | None = Field(None, max_length=254, pattern=EMAIL)


class BatchPublic(BaseModel):
    id: str
    name: str | None
    state: Literal["open", "processing", "completed"] = Field(
        description="open: takes uploads; processing: closed, resumes still running; "
        "completed: closed and every resume terminal (batch.completed was sent)."
    )
    callback_url: str | None
    created_at: datetime
    closed_at: datetime | None
    completed_at: datetime | None
    counts: dict[str, int] = Field(description="Resumes per status, counted from the resumes.")
    total: int
    terminal: int
    percent_done: float = Field(description="Terminal resumes / all resumes, 0-100.")
    throughput_per_second: float = Field(
        description="Resumes finished per second over the last minute (or since the first "
        "upload, if that was sooner)."
    )
    eta_seconds: float | None = Field(
        description="Remaining resumes / throughput; null when nothing finished recently."
    )

    @classmethod
    def of(cls, batch: BatchRecord, progress: Progress) -> BatchPublic:
        rate = progress.recent_terminal / progress.window_seconds
        remaining = progress.total - progress.terminal
        state: Literal["open", "processing", "completed"] = (
            "completed" if batch.completed_at else "processing" if batch.closed else "open"
        )
        return cls(
            id=batch.id,
            name=batch.name,
            state=state,
            callback_url=batch.callback_url,
            created_at=batch.created_at,
            closed_at=batch.closed_at,
            completed_at=batch.completed_at,
            counts=progress.counts,
            total=progress.total,
            terminal=progress.terminal,
            percent_done=round(100.0 * progress.terminal / progress.total, 1)
            if progress.total
            else 0.0,
            throughput_per_second=round(rate, 3),
            eta_seconds=round(remaining / rate, 1)
            if rate > 0
            else (0.0 if not remaining else None),
        )


class BatchList(BaseModel):
    items: list[BatchPublic]


class FileResult(BaseModel):
    """One file of a multi-file upload: its resume, or why it was refused."""

    filename: str
    id: str | None = None
    status: Status | None = None
    duplicate_of: str | None = None
    error: ErrorDetail | None = None


class BatchUploadResult(BaseModel):
    batch_id: str
    accepted: int
    rejected: int
    items: list[FileResult]
    batch: BatchPublic


class BatchCancelResult(BaseModel):
    batch_id: str
    cancelled: list[str] = Field(
        description="Resumes that were still running and are now cancelled."
    )
