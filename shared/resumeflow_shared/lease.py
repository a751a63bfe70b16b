"""Leases: at most one worker at a time does a piece of work that costs money or has an
outside effect (an LLM call, a webhook POST), however often JetStream redelivers it.

A redelivery can reach a second worker while the first is still busy: after a NATS
restart the first worker's heartbeats were lost, or its ack deadline passed on a
loaded machine. The lease (one MongoDB document per piece of work, keyed e.g. by
``resume:run:stage``) makes the second delivery *wait* for the first instead of
repeating its call; it waits without nak-ing, so no delivery attempt is spent. The
holder renews its lease while it works; a holder that was killed stops renewing and
the lease expires after ``ttl`` seconds, so the work is taken over, never lost.

Renewal is conditional on the owner only (not on the expiry), so a holder that could
not renew during a short MongoDB outage keeps its lease unless another worker has
taken it over in the meantime.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.records import Lease
from resumeflow_shared.store import utcnow

log = logging.getLogger(__name__)


def new_owner() -> str:
    """A token naming one holder: this process and this piece of handling."""
    return f"{os.getpid()}:{uuid.uuid4().hex[:12]}"


class LeaseStore:
    """The ``leases`` collection: the only code that reads or writes it."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.leases = db["leases"]

    async def ensure_indexes(self) -> None:
        # Expired leases are removed by MongoDB itself some time after they expire;
        # correctness never depends on that (acquire checks the expiry).
        await self.leases.create_index("expires_at", name="expire", expireAfterSeconds=3600)

    async def try_acquire(self, key: str, owner: str, ttl: float) -> Lease | None:
        """Take ``key`` if it is free, expired, or already ours; ``None`` if held by another."""
        now = utcnow()
        try:
            doc = await self.leases.find_one_and_update(
                {"_id": key, "$or": [{"expires_at": {"$lt": now}}, {"owner": owner}]},
                {
                    "$set": {"owner": owner, "expires_at": now + timedelta(seconds=ttl)},
                    "$setOnInsert": {"acquired_at": now},
                    "$inc": {"holders": 1},
                },
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None  # the upsert lost to a live holder's document
        return Lease.model_validate(doc) if doc else None

    async def holder(self, key: str) -> Lease | None:
        doc = await self.leases.find_one({"_id": key})
        return Lease.model_validate(doc) if doc else None

    async def renew(self, key: str, owner: str, ttl: float) -> bool:
        result = await self.leases.update_one(
            {"_id": key, "owner": owner},
            {"$set": {"expires_at": utcnow() + timedelta(seconds=ttl)}},
        )
        return result.matched_count == 1

    async def release(self, key: str, owner: str) -> None:
        await self.leases.delete_one({"_id": key, "owner": owner})


@contextlib.asynccontextmanager
async def exclusive(
    leases: LeaseStore,
    key: str,
    *,
    ttl: float,
    wait_seconds: float,
    poll_seconds: float = 0.25,
) -> AsyncIterator[Lease]:
    """Hold the lease on ``key`` for the body, waiting up to ``wait_seconds`` for it.

    Raises :class:`Retry` when another live holder keeps it longer than that: the
    message then comes back later instead of doing the work a second time.
    """
    owner = new_owner()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + wait_seconds
    while (lease := await leases.try_acquire(key, owner, ttl)) is None:
        if loop.time() >= give_up:
            raise Retry(f"{key} is being worked on elsewhere", code=ErrorCode.LEASE_HELD)
        await asyncio.sleep(poll_seconds)
    if lease.holders > 1:
        log.info("lease taken over", extra={"lease": key, "holders": lease.holders})
    renewer = asyncio.create_task(_keep(leases, key, owner, ttl))
    try:
        yield lease
    finally:
        renewer.cancel()
        with contextlib.suppress(PyMongoError):
            await leases.release(key, owner)


async def _keep(leases: LeaseStore, key: str, owner: str, ttl: float) -> None:
    while True:
        await asyncio.sleep(ttl / 3)
        try:
            if not await leases.renew(key, owner, ttl):
                log.warning("lease lost to another worker", extra={"lease": key})
                return
        except PyMongoError as exc:  # an outage: keep trying, the owner check protects us
            log.warning("could not renew lease %s: %s", key, exc)
