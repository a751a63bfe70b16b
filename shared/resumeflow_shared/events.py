"""Event contracts: one pydantic model per subject, shared by producer and consumer.

Events carry ids and small metadata, never file bytes or full parse results: those
live in MongoDB and are looked up by ``resume_id``. Every event is scoped by tenant
and carries a ``run`` number, so a deliberate re-run of a stage (replay, re-enhance
with a new model) gets a fresh de-duplication id while accidental duplicates of the
same run collapse into one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import ClassVar, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

#: Stage names double as durable consumer names and as the ``error.stage`` value.
Stage = Literal["ingest", "parser", "enhancer", "notifier"]


class Identity(TypedDict):
    """What ties an event to its resume and run; inherited by the next event."""

    resume_id: str
    tenant_id: str
    batch_id: str | None
    run: int


def _now() -> datetime:
    return datetime.now(UTC)


def _event_id() -> str:
    return uuid.uuid4().hex


class Event(BaseModel):
    """Fields every event carries. Subclasses set ``subject``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    subject: ClassVar[str]

    schema_version: int = SCHEMA_VERSION
    event_id: str = Field(default_factory=_event_id)
    occurred_at: datetime = Field(default_factory=_now)
    resume_id: str
    tenant_id: str
    batch_id: str | None = None
    run: int = Field(default=1, ge=1, description="Bumped by every deliberate re-run.")

    def dedup_id(self) -> str:
        """The ``Nats-Msg-Id``: stable for (resume, event type, run), so retries collapse."""
        return f"{self.resume_id}:{self.subject}:{self.run}"

    def carry(self) -> Identity:
        """The identity fields the next event in the pipeline inherits."""
        return Identity(
            resume_id=self.resume_id, tenant_id=self.tenant_id, batch_id=self.batch_id, run=self.run
        )

    def ids(self) -> dict[str, str | int | None]:
        """The fields that identify this event in logs."""
        return {"resume_id": self.resume_id, "batch_id": self.batch_id, "run": self.run}

    def span_attributes(self) -> dict[str, str | int]:
        """The fields that identify this event on trace spans."""
        attributes: dict[str, str | int] = {
            "resumeflow.resume_id": self.resume_id,
            "resumeflow.tenant_id": self.tenant_id,
            "resumeflow.run": self.run,
        }
        if self.batch_id:
            attributes["resumeflow.batch_id"] = self.batch_id
        return attributes


class ResumeIngested(Event):
    """An upload was stored; the parser takes it from here."""

    subject: ClassVar[str] = "resume.ingested"

    file_id: str
    filename: str
    content_type: str = "application/pdf"
    size_bytes: int
    sha256: str


class ResumeParsed(Event):
    """Text and layout were extracted; the enhancer takes it from here."""

    subject: ClassVar[str] = "resume.parsed"

    page_count: int
    char_count: int
    ocr: bool = False


class ResumeEnhanced(Event):
    """A typed profile was stored; the notifier completes the resume."""

    subject: ClassVar[str] = "resume.enhanced"

    profile_source: Literal["llm", "deterministic"]
    model: str | None = None


class ResumeCompleted(Event):
    """The resume reached ``completed`` and its callback (if any) was attempted."""

    subject: ClassVar[str] = "resume.completed"

    webhook: Literal["delivered", "failed", "none"] = "none"


class ResumeFailed(Event):
    """A stage gave up on the resume: permanently bad input or an exhausted retry budget."""

    subject: ClassVar[str] = "resume.failed"

    stage: Stage
    code: str
    message: str
    attempts: int = 1


class ResumeFailureNotified(Event):
    """The notifier delivered (or gave up delivering) the failure callback."""

    subject: ClassVar[str] = "resume.failure_notified"

    webhook: Literal["delivered", "failed", "none"] = "none"


class ResumeCancelled(Event):
    """The caller cancelled the resume; every stage stops at its next boundary and the
    notifier sends the ``resume.cancelled`` callback."""

    subject: ClassVar[str] = "resume.cancelled"


class BatchEvent(Event):
    """An event about a whole batch rather than one resume (``resume_id`` is empty)."""

    resume_id: str = ""
    batch_id: str

    def dedup_id(self) -> str:
        """One per (batch, event type): a batch closes and completes once."""
        return f"batch:{self.batch_id}:{self.subject}"


class BatchClosed(BatchEvent):
    """No more uploads go into the batch; the notifier checks whether it is complete."""

    subject: ClassVar[str] = "batch.closed"


class BatchCompleted(BatchEvent):
    """Every resume of a closed batch is terminal; decided once by an atomic claim on the
    batch document, then the notifier delivers the ``batch.completed`` callback."""

    subject: ClassVar[str] = "batch.completed"

    total: int
    counts: dict[str, int]


ALL_EVENTS: tuple[type[Event], ...] = (
    ResumeIngested,
    ResumeParsed,
    ResumeEnhanced,
    ResumeCompleted,
    ResumeFailed,
    ResumeFailureNotified,
    ResumeCancelled,
    BatchClosed,
    BatchCompleted,
)

EVENTS_BY_SUBJECT: dict[str, type[Event]] = {e.subject: e for e in ALL_EVENTS}
