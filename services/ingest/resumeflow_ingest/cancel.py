"""Cancelling resumes and batches.

The store makes the resume ``cancelled`` (terminal) in one conditional write, so a
stage that is working on it stops at its next boundary: ``advance`` refuses to move
it, and the enhancer does not call the LLM again on a redelivery. Then
``resume.cancelled`` goes out and the notifier sends the callback. Cancelling again
re-announces (same de-dup id), so a cancel whose publish failed can simply be repeated.
"""

from __future__ import annotations

from resumeflow_ingest.deps import AppState
from resumeflow_ingest.problems import ApiError
from resumeflow_shared import bus
from resumeflow_shared.batches import BatchStore
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.events import BatchClosed, ResumeCancelled
from resumeflow_shared.records import ResumeRecord


async def _announce(state: AppState, record: ResumeRecord) -> None:
    event = ResumeCancelled(
        resume_id=record.id, tenant_id=record.tenant_id, batch_id=record.batch_id, run=record.run
    )
    try:
        await bus.publish(state.nc.jetstream(), event, traceparent=record.trace_parent)
    except Exception as exc:
        raise ApiError(
            503,
            ErrorCode.UNAVAILABLE,
            "the resume is cancelled but its notification is not queued; repeat the cancel",
        ) from exc


async def cancel_resume(state: AppState, record: ResumeRecord) -> ResumeRecord:
    """Cancel a running resume; 409 ``not_cancellable`` once it completed or failed."""
    if record.status != "cancelled":
        cancelled = await state.store.cancel(record.tenant_id, record.id)
        if cancelled is None:
            # Finished before (or while) we tried: say what it is now.
            now = await state.store.get(record.tenant_id, record.id) or record
            if now.status != "cancelled":
                raise ApiError(
                    409,
                    ErrorCode.NOT_CANCELLABLE,
                    f"the resume is already {now.status}; only running resumes can be cancelled",
                    {"status": now.status},
                )
            cancelled = now
        record = cancelled
    await _announce(state, record)
    return record


async def close_batch(state: AppState, batches: BatchStore, tenant_id: str, batch_id: str) -> None:
    """Close a batch and let the notifier check whether it is complete already."""
    batch = await batches.close(tenant_id, batch_id)
    if batch is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no batch with id {batch_id!r}")
    await bus.publish(state.nc.jetstream(), BatchClosed(tenant_id=tenant_id, batch_id=batch_id))


async def cancel_batch(
    state: AppState, batches: BatchStore, tenant_id: str, batch_id: str
) -> list[str]:
    """Close the batch, then cancel every resume in it that is still running."""
    await close_batch(state, batches, tenant_id, batch_id)
    cancelled = []
    for resume_id in await batches.open_resume_ids(tenant_id, batch_id):
        record = await state.store.cancel(tenant_id, resume_id)
        if record is not None:
            await _announce(state, record)
            cancelled.append(record.id)
    return cancelled
