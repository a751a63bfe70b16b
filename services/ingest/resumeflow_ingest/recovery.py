"""Stuck-work detection: no resume sits in a non-terminal status silently.

Every ``sweep_interval`` the sweeper looks for resumes whose last progress is older than
``stall_after``. It re-announces the current stage's input event (publishes are
de-duplicated and handlers idempotent, so this is safe even if the original message is
merely slow) up to ``stall_recoveries`` times, then fails the resume with ``stalled``.
The count of stalled resumes is the ``resumeflow_stalled_resumes`` gauge. Several
ingest replicas may sweep at once: every action is conditional on the stored state.

Age alone does not make a resume stalled: one *waiting* for a stage (``queued``,
``parsed``, ``enhanced``) behind a backlog is fine as long as that line moves. So the
sweeper also reads each stage's durable consumer (:class:`LineWatch`): while it has a
backlog and delivered or acknowledged anything since the previous sweep, resumes
waiting for that stage are left alone, however old. A stage whose line stopped moving,
a resume whose message is gone (no backlog) and one stuck *inside* a stage still count.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
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


#: Statuses in which a resume waits for a stage's consumer to reach its message.
WAITING = frozenset({"queued", "parsed", "enhanced"})


@dataclass
class SweepReport:
    stalled: int = 0
    recovered: int = 0
    failed: int = 0
    waiting: int = 0


@dataclass
class LineWatch:
    """Each stage consumer's position at the previous sweep, to tell a moving line."""

    seen: dict[str, tuple[int, int]] = field(default_factory=dict)

    async def moving(self, state: AppState) -> set[str]:
        """Stages with a backlog that delivered or acked something since last time."""
        js = state.nc.jetstream()
        out: set[str] = set()
        for stage in set(STAGE_OF_STATUS.values()):
            try:
                info = await js.consumer_info(state.settings.stream, stage)
            except Exception:  # no consumer (no worker ever ran) or NATS away: no evidence
                continue
            position = (info.delivered.consumer_seq or 0, info.ack_floor.consumer_seq or 0)
            backlog = (info.num_pending or 0) + (info.num_ack_pending or 0)
            if backlog and self.seen.get(stage) != position:
                out.add(stage)
            self.seen[stage] = position
        return out


async def sweep(state: AppState, limit: int = 500, watch: LineWatch | None = None) -> SweepReport:
    settings = state.settings
    moving = await (watch or LineWatch()).moving(state)
    cutoff = utcnow() - timedelta(seconds=settings.stall_after_seconds)
    old, records = await state.store.idle_since(cutoff, limit)
    report = SweepReport()
    for record in records:
        if record.status in WAITING and STAGE_OF_STATUS[record.status] in moving:
            report.waiting += 1  # in a line that moves: slow, not stuck
            continue
        report.stalled += 1
        try:
            if record.recoveries >= settings.stall_recoveries:
                await _give_up(state, record)
                report.failed += 1
            else:
                await _recover(state, record)
                report.recovered += 1
        except Exception:
            log.exception("could not recover a stalled resume", extra={"resume_id": record.id})
    report.stalled += max(0, old - len(records))  # beyond this sweep's page
    tm.STALLED.set(report.stalled)
    if report.stalled:
        log.warning("stalled resumes", extra=vars(report))
    return report


async def _recover(state: AppState, record: ResumeRecord) -> None:
    stage = STAGE_OF_STATUS[record.status]
    if await state.store.claim_recovery(record):
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
    watch = LineWatch()
    while not stop.is_set():
        try:
            await sweep(state, watch=watch)
        except Exception:
            log.exception("sweep failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=state.settings.sweep_interval_seconds)
