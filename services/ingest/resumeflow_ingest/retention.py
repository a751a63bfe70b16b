"""Retention: resumes past ``expires_at`` are erased like a ``DELETE`` would.

``expires_at`` is set at upload from ``RETENTION_DAYS`` (global) or the tenant's entry
in ``TENANT_RETENTION_DAYS``; resumes uploaded without a retention are kept. The
``retention_ttl`` index on ``expires_at`` removes a record a day later should this
sweeper not run, so nothing outlives its retention by more than that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from resumeflow_ingest import dead_letters
from resumeflow_ingest.deps import AppState
from resumeflow_shared.store import utcnow

log = logging.getLogger(__name__)


def expires_at(state: AppState, tenant_id: str, created_at: datetime) -> datetime | None:
    days = state.settings.retention_days_for(tenant_id)
    return None if days is None else created_at + timedelta(days=days)


async def erase(state: AppState, tenant_id: str, resume_id: str) -> bool:
    """Erase one resume and its dead letters; False when there was no such resume."""
    record = await state.store.erase(tenant_id, resume_id)
    if record is None:
        return False
    with contextlib.suppress(Exception):  # best effort: dead letters name ids only
        await dead_letters.discard_for(state, tenant_id, resume_id)
    log.info("resume erased", extra={"resume_id": resume_id, "tenant_id": tenant_id})
    return True


async def sweep_once(state: AppState) -> int:
    erased = 0
    for tenant_id, resume_id in await state.store.expired(utcnow()):
        if await erase(state, tenant_id, resume_id):
            erased += 1
    return erased


async def run_sweeper(state: AppState, stop: asyncio.Event) -> None:
    interval = state.settings.retention_sweep_seconds
    while not stop.is_set():
        try:
            await sweep_once(state)
        except Exception:
            log.exception("retention sweep failed; trying again later")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
