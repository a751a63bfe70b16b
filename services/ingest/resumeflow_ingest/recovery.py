"""Stuck-work detection: no resume sits in a non-terminal status silently.

Every ``sweep_interval`` the sweeper looks for resumes whose last progress is older than
``stall_after``. It re-announces the current stage's input event (publishes are
de-duplicated and handlers idempotent, so this is safe even if the original message is
merely slow) up to ``stall_recoveries`` times, then fails the resume with ``stalled``.
The count of stalled resumes is the ``resumeflow_stalled_resumes`` gauge. Several
ingest replicas may sweep at once: every action is conditional on the stored state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from resumeflow_ingest.deps import AppState
from resumeflow_ingest.replay import STAGE_OF_STATUS, stage_input
from resumeflow_shared import bus
from resumeflow_shared import telemetry as tm
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.events import ResumeFailed
from resumeflow_shared.records import ErrorInfo, ResumeRecord
from resumeflow_shared.store import utcnow

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    stalled: int = 0
    recovered: int = 0
    failed: int = 0


async def sweep(state: AppState, limit: int = 500) -> SweepReport:
    settings = state.settings
    cutoff = utcnow() - timedelta(seconds=settings.stall_after_seconds)
    query = {"terminal": False, "updated_at": {"$lt": cutoff}}
    report = SweepReport(stalled=await state.store.resumes.count_documents(query))
    tm.STALLED.set(report.stalled)
    docs = await state.store.resumes.find(query).limit(limit).to_list(None)
    for doc in docs:
        record = ResumeRecord.model_validate(doc)
        recoveries = int(doc.get("recoveries", 0))
        try:
            if recoveries >= settings.stall_recoveries:
                await _give_up(state, record)
                report.failed += 1
            else:
                await _recover(state, record, recoveries)
                report.recovered += 1
        except Exception:
            log.exception("could not recover a stalled resume", extra={"resume_id": record.id})
    if report.stalled:
        log.warning("stalled resumes", extra=vars(report))
    return report


async def _recover(state: AppState, record: ResumeRecord, recoveries: int) -> None:
    stage = STAGE_OF_STATUS[record.status]
    claimed = await state.store.resumes.update_one(
        {"_id": record.id, "run": record.run, "updated_at": record.updated_at},
        {"$set": {"updated_at": utcnow(), "recoveries": recoveries + 1}},
    )
    if claimed.modified_count:
        await bus.publish(state.nc.jetstream(), stage_input(record, stage, record.run))
        log.warning("re-announced a stalled resume", extra={"resume_id": record.id, "stage": stage})


async def _give_up(state: AppState, record: ResumeRecord) -> None:
    stage = STAGE_OF_STATUS[record.status]
    minutes = state.settings.stall_after_seconds / 60
    failed = ResumeFailed(
        resume_id=record.id,
        tenant_id=record.tenant_id,
        batch_id=record.batch_id,
        run=record.run,
        stage=stage,
        code=ErrorCode.STALLED,
        message=f"no progress in {record.status} after {state.settings.stall_recoveries} "
        f"recoveries of {minutes:g} minutes each",
        attempts=record.attempts.get(stage, 0),
    )
    error = ErrorInfo(
        stage=stage, code=failed.code, message=failed.message, attempts=failed.attempts
    )
    if await state.store.mark_failed(record.tenant_id, record.id, run=record.run, error=error):
        await bus.publish(state.nc.jetstream(), failed)


async def run_sweeper(state: AppState, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await sweep(state)
        except Exception:
            log.exception("sweep failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=state.settings.sweep_interval_seconds)
