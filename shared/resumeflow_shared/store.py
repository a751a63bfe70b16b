"""MongoDB access for every service, through PyMongo's ``AsyncMongoClient`` only.

Uploads live in GridFS (bucket ``uploads``; PDFs made of DOCX uploads in ``renditions``);
each resume is one document in ``resumes``. Every query is scoped by tenant. Writes that
change status go through :meth:`ResumeStore.advance`, which enforces the forward-only
status model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bson import Binary, ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.events import Event, ResumeFailed
from resumeflow_shared.records import STATUS_RANK, TERMINAL, Delivery, ErrorInfo, ResumeRecord

Document = dict[str, Any]
LLM_CACHE = "llm_cache"
RETENTION_TTL_GRACE_SECONDS = 86400
#: Long enough for any message about an erased resume to have left the pipeline.
ERASED_MARKER_SECONDS = 30 * 86400
BUCKET_FILES = "uploads.files"
BUCKET_CHUNKS = "uploads.chunks"
#: GridFS's default chunk size: a typical resume is one chunk
CHUNK_BYTES = 255 * 1024


def utcnow() -> datetime:
    return datetime.now(UTC)


def connect(url: str, *, timeout_ms: int = 5000) -> AsyncMongoClient[Document]:
    """One client per process, opened at start-up and passed in."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        appname="resumeflow",
    )


class FileNotStored(LookupError):
    """The upload's bytes are gone from GridFS."""


class ResumeStore:
    """The ``resumes`` collection and the ``uploads`` GridFS bucket of one database."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.db = db
        self.resumes = db["resumes"]
        # GridFS layout (files + chunks), written and read by hand below: one round trip
        # each way instead of the driver's four (it looks for indexes on every upload).
        # The bucket API is still used to delete, and anything GridFS can read it.
        self.files = AsyncGridFSBucket(db, bucket_name="uploads")
        self.file_docs = db[BUCKET_FILES]
        self.chunks = db[BUCKET_CHUNKS]
        # PDFs the parser made of DOCX uploads: a bucket of their own, so the parser
        # writes there and never into the uploads (see deploy/mongo/init-users.js).
        self.renditions = AsyncGridFSBucket(db, bucket_name="renditions")
        # Ids (no content) of erased resumes, so late pipeline events are dropped quietly.
        self.erased = db["erased"]
        # The enhancer's LLM answers; keys start with the SHA-256 of the parse text.
        self.llm_cache = db[LLM_CACHE]

    @classmethod
    def from_client(cls, client: AsyncMongoClient[Document], db_name: str) -> ResumeStore:
        return cls(client[db_name])

    async def ensure_indexes(self) -> None:
        """Indexes for the queries served; idempotent, run by ingest at start (only)."""
        # the GridFS spec's indexes (the driver would create them on first upload)
        await self.file_docs.create_index(
            [("filename", ASCENDING), ("uploadDate", ASCENDING)], name="filename_1_uploadDate_1"
        )
        await self.chunks.create_index(
            [("files_id", ASCENDING), ("n", ASCENDING)], name="files_id_1_n_1", unique=True
        )
        await self.resumes.create_index(
            [("tenant_id", ASCENDING), ("created_at", DESCENDING)], name="tenant_recent"
        )
        await self.resumes.create_index(
            [("tenant_id", ASCENDING), ("batch_id", ASCENDING), ("status", ASCENDING)],
            name="tenant_batch_status",
        )
        await self.resumes.create_index(
            [("tenant_id", ASCENDING), ("idempotency_key", ASCENDING)],
            name="tenant_idempotency_key",
            unique=True,
            partialFilterExpression={"idempotency_key": {"$type": "string"}},
        )
        await self.resumes.create_index(
            [("tenant_id", ASCENDING), ("file.sha256", ASCENDING)], name="tenant_sha256"
        )
        await self.resumes.create_index(
            [("terminal", ASCENDING), ("updated_at", ASCENDING)], name="open_by_age"
        )
        # Retention: ingest's sweeper erases a resume (file, cache, record) at
        # ``expires_at``; this TTL index is the backstop for the record should the
        # sweeper not run for a day.
        await self.resumes.create_index(
            "expires_at", name="retention_ttl", expireAfterSeconds=RETENTION_TTL_GRACE_SECONDS
        )
        await self.erased.create_index(
            "erased_at", name="erased_ttl", expireAfterSeconds=ERASED_MARKER_SECONDS
        )
        # the console's (and API's) "failed with this code" list, newest first
        await self.resumes.create_index(
            [("tenant_id", ASCENDING), ("error.code", ASCENDING), ("created_at", DESCENDING)],
            name="tenant_error_code",
        )

    async def ping(self) -> None:
        await self.db.command("ping")

    # --- files ------------------------------------------------------------------

    async def put_file(
        self, tenant_id: str, filename: str, data: bytes, *, sha256: str | None = None
    ) -> str:
        """Store an upload in the GridFS layout: its chunks, then the files document
        (a reader never sees a files document without all of its chunks)."""
        file_id = ObjectId()
        now = utcnow()
        chunks = [
            {"files_id": file_id, "n": n, "data": Binary(data[at : at + CHUNK_BYTES])}
            for n, at in enumerate(range(0, len(data), CHUNK_BYTES))
        ]
        if chunks:
            await self.chunks.insert_many(chunks)
        await self.file_docs.insert_one(
            {
                "_id": file_id,
                "length": len(data),
                "chunkSize": CHUNK_BYTES,
                "uploadDate": now.replace(microsecond=now.microsecond // 1000 * 1000),
                "filename": filename,
                "metadata": {
                    "tenant_id": tenant_id,
                    "sha256": sha256 or hashlib.sha256(data).hexdigest(),
                },
            }
        )
        return str(file_id)

    async def read_file(self, file_id: str, *, sha256: str | None = None) -> bytes:
        """An upload's bytes from its chunks, in one query. With ``sha256`` (the
        record's), a missing or damaged chunk is detected like a missing file."""
        cursor = self.chunks.find({"files_id": ObjectId(file_id)}, sort=[("n", ASCENDING)])
        docs = await cursor.to_list(None)
        if not docs or any(doc["n"] != n for n, doc in enumerate(docs)):
            raise FileNotStored(file_id)
        data = b"".join(bytes(doc["data"]) for doc in docs)
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise FileNotStored(file_id)
        return data

    async def put_rendition(self, tenant_id: str, resume_id: str, pdf: bytes) -> str:
        file_id = await self.renditions.upload_from_stream(
            f"{resume_id}.pdf", pdf, metadata={"tenant_id": tenant_id, "resume_id": resume_id}
        )
        return str(file_id)

    async def read_rendition(self, file_id: str) -> bytes:
        try:
            stream = await self.renditions.open_download_stream(ObjectId(file_id))
        except NoFile as exc:
            raise FileNotStored(file_id) from exc
        return await stream.read()

    async def delete_rendition(self, file_id: str) -> None:
        try:
            await self.renditions.delete(ObjectId(file_id))
        except NoFile:
            return

    async def set_pdf_rendition(
        self, tenant_id: str, resume_id: str, file_id: str, *, replacing: str | None = None
    ) -> bool:
        """Name the PDF made of a resume's upload in place of ``replacing`` (none, or a
        file found missing); False if another one was named meanwhile or it is gone.

        The caller deletes its own file on False, so a redelivery racing the first
        conversion, or an erasure during it, leaves no orphan behind.
        """
        done = await self.resumes.update_one(
            {"_id": resume_id, "tenant_id": tenant_id, "file.pdf_file_id": replacing},
            {"$set": {"file.pdf_file_id": file_id, "updated_at": utcnow()}},
        )
        return done.modified_count == 1

    async def delete_file(self, file_id: str) -> None:
        try:
            await self.files.delete(ObjectId(file_id))
        except NoFile:
            return

    # --- resumes ----------------------------------------------------------------

    async def insert(self, record: ResumeRecord) -> ResumeRecord:
        """Insert a new resume; an existing idempotency key raises ``DuplicateKeyError``."""
        await self.resumes.insert_one(record.to_document())
        return record

    async def get(
        self, tenant_id: str, resume_id: str, *, with_parse: bool = True
    ) -> ResumeRecord | None:
        doc = await self.resumes.find_one(
            {"_id": resume_id, "tenant_id": tenant_id},
            projection=None if with_parse else {"parse": 0},
        )
        return ResumeRecord.model_validate(doc) if doc else None

    async def find_by_idempotency_key(self, tenant_id: str, key: str) -> ResumeRecord | None:
        doc = await self.resumes.find_one({"tenant_id": tenant_id, "idempotency_key": key})
        return ResumeRecord.model_validate(doc) if doc else None

    async def find_by_sha256(self, tenant_id: str, sha256: str) -> ResumeRecord | None:
        doc = await self.resumes.find_one(
            {"tenant_id": tenant_id, "file.sha256": sha256, "status": {"$ne": "failed"}},
            sort=[("created_at", ASCENDING)],
        )
        return ResumeRecord.model_validate(doc) if doc else None

    async def advance(
        self,
        tenant_id: str,
        resume_id: str,
        status: str,
        *,
        run: int,
        fields: Mapping[str, Any] | None = None,
        with_parse: bool = True,
    ) -> ResumeRecord | None:
        """Move a resume forward to ``status`` and set ``fields`` in the same write.

        Returns the updated record (without its parse unless ``with_parse``: it is the
        largest part, and most callers have it or do not need it), or ``None`` when the
        transition does not apply (already at or past ``status``, terminal, another
        run, or unknown resume).
        """
        now = utcnow()
        update: Document = {
            "status": status,
            "status_rank": STATUS_RANK[status],
            "terminal": status in TERMINAL,
            "updated_at": now,
            f"timestamps.{status}": now,
            **(fields or {}),
        }
        doc = await self.resumes.find_one_and_update(
            {
                "_id": resume_id,
                "tenant_id": tenant_id,
                "run": run,
                "terminal": False,
                "status_rank": {"$lt": STATUS_RANK[status]},
            },
            {"$set": update},
            projection=None if with_parse else {"parse": 0},
            return_document=ReturnDocument.AFTER,
        )
        return ResumeRecord.model_validate(doc) if doc else None

    async def begin(
        self, event: Event, status: str, *, stage: str, attempt: int, with_parse: bool = True
    ) -> tuple[ResumeRecord | None, bool]:
        """A stage starting work on an event's resume: ``(record, True)`` when this call
        moved it to ``status`` and counted the attempt, in one round trip (the common
        case). Otherwise (a redelivery, another run, terminal, erased) the record as
        :meth:`current` reads it and ``False``: the caller decides, and counts its
        attempt with :meth:`record_attempt` if it goes on."""
        now = utcnow()
        doc = await self.resumes.find_one_and_update(
            {
                "_id": event.resume_id,
                "tenant_id": event.tenant_id,
                "run": event.run,
                "terminal": False,
                "status_rank": {"$lt": STATUS_RANK[status]},
            },
            {
                "$set": {
                    "status": status,
                    "status_rank": STATUS_RANK[status],
                    "terminal": status in TERMINAL,
                    "updated_at": now,
                    f"timestamps.{status}": now,
                },
                "$max": {f"attempts.{stage}": attempt},
            },
            projection=None if with_parse else {"parse": 0},
            return_document=ReturnDocument.AFTER,
        )
        if doc is not None:
            return ResumeRecord.model_validate(doc), True
        return await self.current(event, with_parse=with_parse), False

    async def cancel(self, tenant_id: str, resume_id: str) -> ResumeRecord | None:
        """Make a resume ``cancelled`` unless it is already terminal (then ``None``).

        Terminal, so :meth:`advance` refuses every later move: each stage stops at its
        next boundary and a failure after this point cannot overwrite it.
        """
        now = utcnow()
        doc = await self.resumes.find_one_and_update(
            {"_id": resume_id, "tenant_id": tenant_id, "terminal": False},
            {
                "$set": {
                    "status": "cancelled",
                    "status_rank": STATUS_RANK["cancelled"],
                    "terminal": True,
                    "updated_at": now,
                    "timestamps.cancelled": now,
                }
            },
            return_document=ReturnDocument.AFTER,
        )
        return ResumeRecord.model_validate(doc) if doc else None

    async def record_attempt(
        self, tenant_id: str, resume_id: str, stage: str, attempt: int
    ) -> None:
        await self.resumes.update_one(
            {"_id": resume_id, "tenant_id": tenant_id},
            {"$max": {f"attempts.{stage}": attempt}, "$set": {"updated_at": utcnow()}},
        )

    async def mark_failed(
        self, tenant_id: str, resume_id: str, *, run: int, error: ErrorInfo
    ) -> ResumeRecord | None:
        return await self.advance(
            tenant_id, resume_id, "failed", run=run, fields={"error": error.model_dump()}
        )

    async def fail(self, failed: ResumeFailed) -> None:
        """The runners' failure hook: record the stage's verdict on the resume."""
        error = ErrorInfo(
            stage=failed.stage, code=failed.code, message=failed.message, attempts=failed.attempts
        )
        await self.mark_failed(failed.tenant_id, failed.resume_id, run=failed.run, error=error)

    async def current(self, event: Event, *, with_parse: bool = True) -> ResumeRecord | None:
        """The resume an event is about, or ``None`` when the event belongs to an older run.

        An event for a resume that does not exist is a permanent error.
        """
        record = await self.get(event.tenant_id, event.resume_id, with_parse=with_parse)
        if record is None and await self.was_erased(event.tenant_id, event.resume_id):
            return None
        if record is None:
            raise Rejected(ErrorCode.INVALID_EVENT, "the event names a resume that does not exist")
        return record if record.run == event.run else None

    async def add_delivery(self, tenant_id: str, resume_id: str, delivery: Delivery) -> None:
        await self.resumes.update_one(
            {"_id": resume_id, "tenant_id": tenant_id},
            {"$push": {"deliveries": delivery.model_dump()}},
        )

    async def delivered(self, tenant_id: str, resume_id: str, webhook_id: str) -> bool:
        """Whether a webhook with this id was already delivered (so it is never sent twice)."""
        doc = await self.resumes.find_one(
            {
                "_id": resume_id,
                "tenant_id": tenant_id,
                "deliveries": {"$elemMatch": {"webhook_id": webhook_id, "outcome": "delivered"}},
            },
            projection={"_id": 1},
        )
        return doc is not None

    # --- listing, replay and recovery (ingest) -------------------------------------

    async def newest(
        self, tenant_id: str, filters: Mapping[str, object], limit: int
    ) -> list[ResumeRecord]:
        """Newest first, without the (large) parse."""
        query = {"tenant_id": tenant_id, **filters}
        cursor = self.resumes.find(query, projection={"parse": 0}).sort("created_at", DESCENDING)
        return [ResumeRecord.model_validate(d) for d in await cursor.limit(limit).to_list(None)]

    async def finished(
        self, tenant_id: str, filters: Mapping[str, object], limit: int = 1000
    ) -> list[ResumeRecord]:
        """Terminal resumes matching ``filters`` (a bulk replay's selection)."""
        query = {"tenant_id": tenant_id, "terminal": True, **filters}
        docs = await self.resumes.find(query).limit(limit).to_list(None)
        return [ResumeRecord.model_validate(d) for d in docs]

    async def reset_for_replay(
        self, record: ResumeRecord, *, status: str, stage: str
    ) -> ResumeRecord | None:
        """Start run ``record.run + 1`` at ``status``; ``None`` if the resume moved on."""
        now = utcnow()
        doc = await self.resumes.find_one_and_update(
            {"_id": record.id, "tenant_id": record.tenant_id, "run": record.run},
            {
                "$set": {
                    "run": record.run + 1,
                    "status": status,
                    "status_rank": STATUS_RANK[status],
                    "terminal": False,
                    "error": None,
                    "updated_at": now,
                    "recoveries": 0,
                    "timestamps": {"queued": record.created_at, "replayed": now},
                },
                "$push": {
                    "history": {
                        "run": record.run,
                        "status": record.status,
                        "error": record.error.model_dump() if record.error else None,
                        "replayed_at": now,
                        "replayed_from": stage,
                    }
                },
            },
            return_document=ReturnDocument.AFTER,
        )
        return ResumeRecord.model_validate(doc) if doc else None

    async def forget(self, tenant_id: str, resume_id: str) -> None:
        """Drop a record whose upload was rolled back (it was never announced)."""
        await self.resumes.delete_one({"_id": resume_id, "tenant_id": tenant_id})

    async def idle_since(self, cutoff: datetime, limit: int) -> tuple[int, list[ResumeRecord]]:
        """Open resumes without progress since ``cutoff``: how many, and up to ``limit``."""
        query = {"terminal": False, "updated_at": {"$lt": cutoff}}
        count = await self.resumes.count_documents(query)
        docs = await self.resumes.find(query).limit(limit).to_list(None)
        return count, [ResumeRecord.model_validate(d) for d in docs]

    async def claim_recovery(self, record: ResumeRecord) -> bool:
        """Count one more recovery, only if nobody touched the resume since it was read."""
        claimed = await self.resumes.update_one(
            {"_id": record.id, "run": record.run, "updated_at": record.updated_at},
            {"$set": {"updated_at": utcnow(), "recoveries": record.recoveries + 1}},
        )
        return claimed.modified_count == 1

    # --- erasure and retention ----------------------------------------------------

    async def erase(self, tenant_id: str, resume_id: str) -> ResumeRecord | None:
        """Remove a resume for good: record (with its parse), file and cached LLM answers.

        The marker is written first so that pipeline events still in flight for the
        resume are dropped instead of failing; the record goes last so a crash
        midway leaves something to erase again.
        """
        record = await self.get(tenant_id, resume_id)
        if record is None:
            return None
        await self.erased.replace_one(
            {"_id": resume_id},
            {"tenant_id": tenant_id, "erased_at": utcnow()},
            upsert=True,
        )
        await self.delete_file(record.file.file_id)
        if record.file.pdf_file_id is not None:
            await self.delete_rendition(record.file.pdf_file_id)
        if record.parse is not None:
            prefix = hashlib.sha256(record.parse.text.encode()).hexdigest()
            await self.llm_cache.delete_many({"_id": {"$regex": f"^{prefix}:"}})
        await self.resumes.delete_one({"_id": resume_id, "tenant_id": tenant_id})
        return record

    async def was_erased(self, tenant_id: str, resume_id: str) -> bool:
        doc = await self.erased.find_one({"_id": resume_id, "tenant_id": tenant_id})
        return doc is not None

    async def expired(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        """(tenant, resume id) of resumes past their retention."""
        docs = await self.resumes.find(
            {"expires_at": {"$lte": now}}, projection={"_id": 1, "tenant_id": 1}
        ).to_list(limit)
        return [(d["tenant_id"], d["_id"]) for d in docs]


__all__ = ["DuplicateKeyError", "FileNotStored", "ResumeStore", "connect", "utcnow"]
