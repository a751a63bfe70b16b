"""Re-running work: replay a resume from a stage, and recover stalled resumes.

A replay bumps the resume's ``run`` (so every event gets a fresh de-dup id and stale
events of the old run are ignored), resets the status to the stage's input status and
publishes that stage's input event. Nothing is re-uploaded: the file, the parse and the
profile stay where they are, and LLM answers stay cached unless the model or prompt
version changed.
"""

from __future__ import annotations

from resumeflow_ingest.deps import AppState
from resumeflow_ingest.problems import ApiError
from resumeflow_ingest.schemas import ReplayStage
from resumeflow_shared import bus
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.events import Event, ResumeEnhanced, ResumeIngested, ResumeParsed
from resumeflow_shared.records import ResumeRecord

#: The status a resume returns to when a stage re-runs, i.e. that stage's input.
RESTART_STATUS: dict[str, str] = {"parser": "queued", "enhancer": "parsed", "notifier": "enhanced"}
#: Which stage works on a resume in a given non-terminal status.
STAGE_OF_STATUS: dict[str, ReplayStage] = {
    "queued": "parser",
    "parsing": "parser",
    "parsed": "enhancer",
    "enhancing": "enhancer",
    "enhanced": "notifier",
}


def stage_input(record: ResumeRecord, stage: ReplayStage, run: int) -> Event:
    ids = {
        "resume_id": record.id,
        "tenant_id": record.tenant_id,
        "batch_id": record.batch_id,
        "run": run,
    }
    if stage == "parser":
        return ResumeIngested(
            **ids,
            file_id=record.file.file_id,
            filename=record.file.filename,
            content_type=record.file.content_type,
            size_bytes=record.file.size_bytes,
            sha256=record.file.sha256,
        )
    if stage == "enhancer":
        if record.parse is None:
            raise ApiError(409, ErrorCode.NOT_REPLAYABLE, "the resume has no parse to enhance")
        return ResumeParsed(
            **ids,
            page_count=record.parse.page_count,
            char_count=sum(len(p.text) for p in record.parse.pages),
            ocr=record.parse.ocr,
        )
    if record.profile is None:
        raise ApiError(409, ErrorCode.NOT_REPLAYABLE, "the resume has no profile to deliver")
    source = "llm" if record.profile_source == "llm" else "deterministic"
    return ResumeEnhanced(**ids, profile_source=source, model=record.model)


def default_stage(record: ResumeRecord) -> ReplayStage:
    """A failed resume re-runs from the stage that failed; otherwise from the start."""
    if record.error and record.error.stage in RESTART_STATUS:
        stage: ReplayStage = record.error.stage  # type: ignore[assignment]
        return stage
    return "parser"


async def replay(state: AppState, record: ResumeRecord, stage: ReplayStage | None) -> ResumeRecord:
    if not record.terminal:
        raise ApiError(
            409, ErrorCode.NOT_REPLAYABLE, f"the resume is still {record.status}; wait for it"
        )
    chosen = stage or default_stage(record)
    run = record.run + 1
    event = stage_input(record, chosen, run)
    status = RESTART_STATUS[chosen]
    updated = await state.store.reset_for_replay(record, status=status, stage=chosen)
    if updated is None:
        raise ApiError(409, ErrorCode.NOT_REPLAYABLE, "the resume changed; fetch it and retry")
    await bus.publish(state.nc.jetstream(), event, traceparent=record.trace_parent)
    return updated
