"""The ``batches`` collection: a named group of resumes with one completion callback.

A batch stores only what the caller said about it (name, callback, e-mail), whether it
is closed to new uploads, and whether its completion was claimed. Counts are never
stored as counters: they are counted from the resumes' own statuses (index
``tenant_batch_status``), so a redelivered or replayed event cannot make them drift.

Completion is decided once by :meth:`BatchStore.claim_completion`: a conditional
``find_one_and_update`` that only one caller can win, remembered with the key of the
event that won it so that the winner's redelivery (after a crash between the claim and
the publish) can finish the job while every other caller is told "not yours".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from resumeflow_shared.records import STATUS_RANK, TERMINAL, Delivery
from resumeflow_shared.store import Document, utcnow


class BatchRecord(BaseModel):
    """A batch as stored. ``_id`` is the public batch id."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str = Field(alias="_id")
    tenant_id: str
    name: str | None = None
    callback_url: str | None = None
    notify_email: str | None = None
    created_at: datetime
    updated_at: datetime
    closed: bool = False
    closed_at: datetime | None = None
    completed_at: datetime | None = None
    #: The de-dup id of the event whose handler won the completion claim.
    completed_by: str | None = None
    deliveries: list[Delivery] = Field(default_factory=list)

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="python")


class Progress(BaseModel):
    """Counts per status and how fast the terminal count grew recently."""

    counts: dict[str, int]
    total: int
    terminal: int
    #: Terminal resumes over the last minute (or since the first upload, if sooner).
    recent_terminal: int
    window_seconds: float


#: Statuses of resumes still in the pipeline (the index tenant_batch_status serves them).
OPEN_STATUSES = sorted(set(STATUS_RANK) - TERMINAL)


class BatchStore:
    """Batch documents plus the batch-scoped queries over ``resumes``."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.batches = db["batches"]
        self.resumes = db["resumes"]

    async def ensure_indexes(self) -> None:
        await self.batches.create_index(
            [("tenant_id", ASCENDING), ("created_at", DESCENDING)], name="tenant_recent"
        )

    async def create(self, record: BatchRecord) -> BatchRecord:
        await self.batches.insert_one(record.to_document())
        return record

    async def get(self, tenant_id: str, batch_id: str) -> BatchRecord | None:
        doc = await self.batches.find_one({"_id": batch_id, "tenant_id": tenant_id})
        return BatchRecord.model_validate(doc) if doc else None

    async def recent(self, tenant_id: str, limit: int) -> list[BatchRecord]:
        cursor = self.batches.find({"tenant_id": tenant_id}).sort("created_at", DESCENDING)
        return [BatchRecord.model_validate(d) for d in await cursor.limit(limit).to_list(None)]

    async def close(self, tenant_id: str, batch_id: str) -> BatchRecord | None:
        """Close the batch to new uploads (idempotent); ``None`` for an unknown batch."""
        now = utcnow()
        await self.batches.update_one(
            {"_id": batch_id, "tenant_id": tenant_id, "closed": False},
            {"$set": {"closed": True, "closed_at": now, "updated_at": now}},
        )
        return await self.get(tenant_id, batch_id)

    async def progress(
        self, tenant_id: str, batch_id: str, window_seconds: float = 60.0
    ) -> Progress:
        """Counted from the resumes themselves, so redelivery and replay cannot skew it."""
        grouped = await (
            await self.resumes.aggregate(
                [
                    {"$match": {"tenant_id": tenant_id, "batch_id": batch_id}},
                    {"$group": {"_id": "$status", "n": {"$sum": 1}}},
                ]
            )
        ).to_list(None)
        counts = {str(g["_id"]): int(g["n"]) for g in grouped}
        now = utcnow()
        first = await self.resumes.find_one(
            {"tenant_id": tenant_id, "batch_id": batch_id},
            projection={"created_at": 1},
            sort=[("created_at", ASCENDING)],
        )
        window = window_seconds
        if first is not None:
            elapsed = (now - first["created_at"]).total_seconds()
            window = max(min(window_seconds, elapsed), 1e-3)
        recent = await self.resumes.count_documents(
            {
                "tenant_id": tenant_id,
                "batch_id": batch_id,
                "terminal": True,
                "updated_at": {"$gte": now - timedelta(seconds=window)},
            }
        )
        return Progress(
            counts=counts,
            total=sum(counts.values()),
            terminal=sum(n for status, n in counts.items() if status in TERMINAL),
            recent_terminal=recent,
            window_seconds=window,
        )

    async def claim_completion(
        self, tenant_id: str, batch_id: str, claimant: str
    ) -> tuple[BatchRecord, Progress] | None:
        """The batch and its final counts when ``claimant`` owns its completion, else ``None``.

        Owned means: the batch is closed, all of its resumes are terminal, and this
        call set ``completed_at`` (or an earlier call with the same ``claimant`` did).
        """
        batch = await self.get(tenant_id, batch_id)
        if batch is None or not batch.closed:
            return None
        if batch.completed_at is not None:
            return (
                (batch, await self.progress(tenant_id, batch_id))
                if (batch.completed_by == claimant)
                else None
            )
        # Every terminal resume of a closed batch asks; until the last one, a single
        # indexed lookup says "not yet" (counting the whole batch each time made a
        # 1,000-resume batch cost a million document reads).
        if await self.resumes.find_one(
            {"tenant_id": tenant_id, "batch_id": batch_id, "status": {"$in": OPEN_STATUSES}},
            projection={"_id": 1},
        ):
            return None
        progress = await self.progress(tenant_id, batch_id)
        # An empty closed batch completes too (every file refused): callers still hear back.
        if progress.terminal < progress.total:
            return None
        now = utcnow()
        doc = await self.batches.find_one_and_update(
            {"_id": batch_id, "tenant_id": tenant_id, "closed": True, "completed_at": None},
            {"$set": {"completed_at": now, "completed_by": claimant, "updated_at": now}},
            return_document=ReturnDocument.AFTER,
        )
        return (BatchRecord.model_validate(doc), progress) if doc else None

    async def resume_ids(self, tenant_id: str, batch_id: str) -> list[str]:
        cursor = self.resumes.find(
            {"tenant_id": tenant_id, "batch_id": batch_id}, projection={"_id": 1}
        )
        return [str(d["_id"]) for d in await cursor.to_list(None)]

    async def delete(self, tenant_id: str, batch_id: str) -> bool:
        result = await self.batches.delete_one({"_id": batch_id, "tenant_id": tenant_id})
        return result.deleted_count == 1

    async def open_resume_ids(self, tenant_id: str, batch_id: str) -> list[str]:
        cursor = self.resumes.find(
            {"tenant_id": tenant_id, "batch_id": batch_id, "terminal": False},
            projection={"_id": 1},
        )
        return [str(d["_id"]) for d in await cursor.to_list(None)]

    async def add_delivery(self, tenant_id: str, batch_id: str, delivery: Delivery) -> None:
        await self.batches.update_one(
            {"_id": batch_id, "tenant_id": tenant_id},
            {"$push": {"deliveries": delivery.model_dump()}},
        )

    async def delivered(self, tenant_id: str, batch_id: str, webhook_id: str) -> bool:
        doc = await self.batches.find_one(
            {
                "_id": batch_id,
                "tenant_id": tenant_id,
                "deliveries": {"$elemMatch": {"webhook_id": webhook_id, "outcome": "delivered"}},
            },
            projection={"_id": 1},
        )
        return doc is not None
