"""Accepting an upload: store the file, create the resume, announce it.

Order matters for "nothing lost": the file and the document are written before the
event is published; if publishing fails both are removed and the caller gets 503,
so a 202 always means the pipeline has the resume.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import uuid
from dataclasses import dataclass

from pymongo.errors import DuplicateKeyError

from resumeflow_ingest import retention
from resumeflow_ingest.deps import AppState
from resumeflow_ingest.problems import ApiError
from resumeflow_shared import bus, tracing
from resumeflow_shared import telemetry as tm
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.events import ResumeIngested
from resumeflow_shared.records import FileInfo, ResumeRecord
from resumeflow_shared.store import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    tenant_id: str
    filename: str
    data: bytes
    content_type: str  # sniffed from the bytes (resumeflow_shared.formats), not declared
    callback_url: str | None
    notify_email: str | None
    batch_id: str | None
    idempotency_key: str | None
    dedupe: bool


@dataclass(frozen=True)
class Accepted:
    record: ResumeRecord
    created: bool


async def _existing(state: AppState, upload: Upload, sha256: str) -> ResumeRecord | None:
    if upload.idempotency_key:
        found = await state.store.find_by_idempotency_key(upload.tenant_id, upload.idempotency_key)
        if found is not None:
            if found.file.sha256 != sha256:
                raise ApiError(
                    409,
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    "this Idempotency-Key was used for a different file",
                    {"resume_id": found.id},
                )
            return found
    if upload.dedupe:
        return await state.store.find_by_sha256(upload.tenant_id, sha256)
    return None


async def accept(state: AppState, upload: Upload) -> Accepted:
    """Store, record and queue an upload (or find the resume it duplicates).

    The current span (the upload request's) becomes the resume's trace: its context is
    kept on the record, so a replay continues the same trace.
    """
    sha256 = hashlib.sha256(upload.data).hexdigest()
    span = tracing.current_span()
    span.set_attribute("resumeflow.tenant_id", upload.tenant_id)
    existing = await _existing(state, upload, sha256)
    if existing is not None:
        span.set_attribute("resumeflow.resume_id", existing.id)
        span.set_attribute("resumeflow.duplicate", True)
        return Accepted(existing, created=False)
    file_id = await state.store.put_file(
        upload.tenant_id, upload.filename, upload.data, sha256=sha256
    )
    now = utcnow()
    record = ResumeRecord(
        id=uuid.uuid4().hex,
        tenant_id=upload.tenant_id,
        batch_id=upload.batch_id,
        status="queued",
        status_rank=0,
        created_at=now,
        updated_at=now,
        timestamps={"queued": now},
        file=FileInfo(
            file_id=file_id,
            filename=upload.filename,
            content_type=upload.content_type,
            size_bytes=len(upload.data),
            sha256=sha256,
        ),
        callback_url=upload.callback_url,
        notify_email=upload.notify_email,
        idempotency_key=upload.idempotency_key,
        trace_parent=tracing.current_traceparent(),
        expires_at=retention.expires_at(state, upload.tenant_id, now),
    )
    span.set_attribute("resumeflow.resume_id", record.id)
    try:
        await state.store.insert(record)
    except DuplicateKeyError:
        # Two concurrent uploads with one Idempotency-Key: the first insert wins.
        await state.store.delete_file(file_id)
        winner = await _existing(state, upload, sha256)
        if winner is None:
            raise
        return Accepted(winner, created=False)
    except BaseException:
        # No record will ever name this file: remove it rather than orphan it.
        with contextlib.suppress(Exception):
            await state.store.delete_file(file_id)
        raise
    event = ResumeIngested(
        resume_id=record.id,
        tenant_id=record.tenant_id,
        batch_id=record.batch_id,
        file_id=file_id,
        filename=upload.filename,
        content_type=upload.content_type,
        size_bytes=len(upload.data),
        sha256=sha256,
    )
    try:
        await bus.publish(
            state.nc.jetstream(),
            event,
            ack_timeout=state.settings.publish_timeout_seconds,
        )
    except Exception as exc:
        log.error("publish failed; rolling the upload back: %s", exc)
        await state.store.forget(record.tenant_id, record.id)
        await state.store.delete_file(file_id)
        raise ApiError(
            503, ErrorCode.UNAVAILABLE, "the pipeline is unavailable; retry the upload"
        ) from exc
    tm.UPLOAD_BYTES.inc(len(upload.data))
    return Accepted(record, created=True)
