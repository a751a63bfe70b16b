"""The ``resumes`` document and its status model.

Status only moves forward: each status has a rank and a transition applies only when
the stored rank is lower and the resume is not terminal. A late or repeated event
therefore cannot move a completed resume back. A deliberate re-run (replay) is the
one exception and bumps ``run``, which every event carries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from resumeflow_shared.profile import CandidateProfile, ParseResult

Status = Literal[
    "queued", "parsing", "parsed", "enhancing", "enhanced", "completed", "failed", "cancelled"
]

STATUS_RANK: dict[str, int] = {
    "queued": 0,
    "parsing": 1,
    "parsed": 2,
    "enhancing": 3,
    "enhanced": 4,
    "completed": 5,
    "failed": 5,
    "cancelled": 5,
}
#: ``cancelled`` is terminal, so :meth:`ResumeStore.advance` refuses to move a cancelled
#: resume and every stage stops at its next boundary without further work.
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


class ErrorInfo(BaseModel):
    stage: str
    code: str
    message: str
    attempts: int = 1


class FileInfo(BaseModel):
    file_id: str
    filename: str
    content_type: str = "application/pdf"
    size_bytes: int
    sha256: str
    # The PDF the parser made of a DOCX: the parse, its provenance boxes and the page
    # images all refer to it, while the upload itself stays stored as it came.
    pdf_file_id: str | None = None


class Delivery(BaseModel):
    """One webhook delivery attempt for one event (``webhook_id`` is stable across retries)."""

    webhook_id: str
    event: str
    url: str
    attempt: int
    at: datetime
    status_code: int | None = None
    outcome: Literal["delivered", "retry", "failed"]
    error: str | None = None


class Lease(BaseModel):
    """One ``leases`` document: who may do a piece of work right now (see ``lease``)."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    key: str = Field(alias="_id")
    owner: str
    expires_at: datetime
    acquired_at: datetime
    holders: int = 1


class ResumeRecord(BaseModel):
    """A resume as stored. ``_id`` is the public resume id."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str = Field(alias="_id")
    tenant_id: str
    batch_id: str | None = None
    status: Status
    status_rank: int
    terminal: bool = False
    run: int = 1
    created_at: datetime
    updated_at: datetime
    timestamps: dict[str, datetime] = Field(default_factory=dict)
    attempts: dict[str, int] = Field(default_factory=dict)
    file: FileInfo
    callback_url: str | None = None
    notify_email: str | None = None
    idempotency_key: str | None = None
    trace_parent: str | None = None
    error: ErrorInfo | None = None
    parse: ParseResult | None = None
    profile: CandidateProfile | None = None
    profile_source: str | None = None
    model: str | None = None
    usage: dict[str, Any] | None = None
    deliveries: list[Delivery] = Field(default_factory=list)
    #: stall recoveries in this run (the sweeper gives up after INGEST_STALL_RECOVERIES)
    recoveries: int = 0
    #: earlier runs, one entry per replay: run, status, error, replayed_at, replayed_from
    history: list[dict[str, Any]] = Field(default_factory=list)
    #: Retention: the resume is erased at this time (``RETENTION_DAYS``); None keeps it.
    expires_at: datetime | None = None

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="python")
