"""The ``/v1/batches`` API and cancellation: thin routes over ``cancel``, ``intake``
and the batch store.

A batch takes uploads until it is closed (``POST /v1/batches/{id}/close``, ``close=true``
on a multi-file upload, or cancelling it). Once closed and every resume in it is
terminal, the notifier claims its completion once and sends ``batch.completed``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from fastapi.responses import StreamingResponse

from resumeflow_ingest import cancel, intake, live, retention
from resumeflow_ingest.batch_schemas import (
    BatchCancelResult,
    BatchCreate,
    BatchList,
    BatchPublic,
    BatchUploadResult,
    FileResult,
)
from resumeflow_ingest.deps import AppState, State, StreamTenant, Tenant
from resumeflow_ingest.problems import ApiError, ErrorBody, ErrorDetail
from resumeflow_ingest.schemas import ResumePublic
from resumeflow_ingest.uploads import check_callback, check_document
from resumeflow_shared import telemetry as tm
from resumeflow_shared.batches import BatchRecord, BatchStore
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.store import utcnow

router = APIRouter(prefix="/v1")

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (400, 401, 404, 409, 413, 422, 503)
}


async def batch_store(state: State) -> BatchStore:
    return BatchStore(state.store.db)


Batches = Annotated[BatchStore, Depends(batch_store)]


async def _batch(batches: BatchStore, tenant_id: str, batch_id: str) -> BatchRecord:
    batch = await batches.get(tenant_id, batch_id)
    if batch is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no batch with id {batch_id!r}")
    return batch


async def _public(batches: BatchStore, batch: BatchRecord) -> BatchPublic:
    return BatchPublic.of(batch, await batches.progress(batch.tenant_id, batch.id))


async def check_open(state: AppState, tenant_id: str, batch_id: str | None) -> None:
    """Uploads into a closed batch are refused; an unknown ``batch_id`` stays a free label."""
    if batch_id is None:
        return
    batch = await BatchStore(state.store.db).get(tenant_id, batch_id)
    if batch is not None and batch.closed:
        raise ApiError(409, ErrorCode.BATCH_CLOSED, f"batch {batch_id!r} is closed to uploads")


@router.post(
    "/batches",
    status_code=201,
    response_model=BatchPublic,
    responses=ERRORS,
    tags=["batches"],
    summary="Create a batch to upload resumes into",
)
async def create_batch(
    body: BatchCreate, state: State, tenant_id: Tenant, batches: Batches
) -> BatchPublic:
    callback = await check_callback(
        body.callback_url, allow_private=state.settings.allow_private_callbacks
    )
    now = utcnow()
    batch = BatchRecord(
        id=uuid.uuid4().hex,
        tenant_id=tenant_id,
        name=body.name,
        callback_url=callback,
        notify_email=body.notify_email,
        created_at=now,
        updated_at=now,
    )
    return await _public(batches, await batches.create(batch))


@router.get(
    "/batches", response_model=BatchList, responses=ERRORS, tags=["batches"], summary="List batches"
)
async def list_batches(
    tenant_id: Tenant, batches: Batches, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> BatchList:
    """The caller's batches, newest first."""
    return BatchList(
        items=[await _public(batches, b) for b in await batches.recent(tenant_id, limit)]
    )


@router.get(
    "/batches/{batch_id}",
    response_model=BatchPublic,
    responses=ERRORS,
    tags=["batches"],
    summary="A batch's counts per status, percent done, throughput and ETA",
)
async def get_batch(batch_id: str, tenant_id: Tenant, batches: Batches) -> BatchPublic:
    return await _public(batches, await _batch(batches, tenant_id, batch_id))


async def _accept_one(
    state: AppState, tenant_id: str, batch: BatchRecord, file: UploadFile, dedupe: bool
) -> FileResult:
    filename = (file.filename or "resume.pdf")[:255]
    try:
        data = await file.read()
        detected = check_document(data, state.settings.max_upload_bytes)
        upload = intake.Upload(
            tenant_id=tenant_id,
            filename=filename,
            data=data,
            content_type=detected.content_type,
            callback_url=None,
            notify_email=None,
            batch_id=batch.id,
            idempotency_key=None,
            dedupe=dedupe,
        )
        accepted = await intake.accept(state, upload)
    except ApiError as exc:
        tm.UPLOADS.labels(exc.code).inc()
        return FileResult(filename=filename, error=ErrorDetail(code=exc.code, message=exc.message))
    tm.UPLOADS.labels("accepted" if accepted.created else "existing").inc()
    record = accepted.record
    return FileResult(
        filename=filename,
        id=record.id,
        status=record.status,
        duplicate_of=None if accepted.created else record.id,
    )


@router.post(
    "/batches/{batch_id}/resumes",
    status_code=202,
    response_model=BatchUploadResult,
    responses=ERRORS,
    tags=["batches"],
    summary="Upload many resumes (PDF or DOCX) into a batch in one multipart request",
)
async def upload_many(
    batch_id: str,
    state: State,
    tenant_id: Tenant,
    batches: Batches,
    files: Annotated[list[UploadFile], File(description="One or more resumes, PDF or DOCX.")],
    close: Annotated[bool, Form(description="Close the batch after these files.")] = False,
    dedupe: Annotated[bool, Form(description="Answer identical files with their resume.")] = False,
) -> BatchUploadResult:
    """Each file is checked and queued on its own: the answer lists every file with its
    resume id or its error code, in the order sent. A bad file does not refuse the rest."""
    batch = await _batch(batches, tenant_id, batch_id)
    if batch.closed:
        raise ApiError(409, ErrorCode.BATCH_CLOSED, f"batch {batch_id!r} is closed to uploads")
    if len(files) > state.settings.max_batch_files:
        raise ApiError(
            413,
            ErrorCode.FILE_TOO_LARGE,
            f"at most {state.settings.max_batch_files} files per request",
        )
    items = [await _accept_one(state, tenant_id, batch, f, dedupe) for f in files]
    if close:
        await cancel.close_batch(state, batches, tenant_id, batch_id)
        batch = await _batch(batches, tenant_id, batch_id)
    accepted = sum(1 for i in items if i.error is None)
    return BatchUploadResult(
        batch_id=batch_id,
        accepted=accepted,
        rejected=len(items) - accepted,
        items=items,
        batch=await _public(batches, batch),
    )


@router.post(
    "/batches/{batch_id}/close",
    response_model=BatchPublic,
    responses=ERRORS,
    tags=["batches"],
    summary="Close a batch to uploads; it completes once every resume in it is terminal",
)
async def close(batch_id: str, state: State, tenant_id: Tenant, batches: Batches) -> BatchPublic:
    await cancel.close_batch(state, batches, tenant_id, batch_id)
    return await _public(batches, await _batch(batches, tenant_id, batch_id))


@router.post(
    "/batches/{batch_id}/cancel",
    response_model=BatchCancelResult,
    responses=ERRORS,
    tags=["batches"],
    summary="Close a batch and cancel every resume in it that is still running",
)
async def cancel_batch(
    batch_id: str, state: State, tenant_id: Tenant, batches: Batches
) -> BatchCancelResult:
    cancelled = await cancel.cancel_batch(state, batches, tenant_id, batch_id)
    return BatchCancelResult(batch_id=batch_id, cancelled=cancelled)


@router.delete(
    "/batches/{batch_id}",
    status_code=204,
    response_class=Response,
    responses=ERRORS,
    tags=["batches"],
    summary="Erase a batch and every resume in it (as DELETE /v1/resumes/{id} does for one)",
)
async def delete_batch(
    batch_id: str, state: State, tenant_id: Tenant, batches: Batches
) -> Response:
    """Resumes first, the batch last: a crash midway leaves the batch to delete again."""
    await _batch(batches, tenant_id, batch_id)
    for resume_id in await batches.resume_ids(tenant_id, batch_id):
        await retention.erase(state, tenant_id, resume_id)
    await batches.delete(tenant_id, batch_id)
    return Response(status_code=204)


@router.get(
    "/batches/{batch_id}/events",
    responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
    response_class=StreamingResponse,
    tags=["batches"],
    summary="Live batch progress as Server-Sent Events until the batch is completed",
)
async def batch_events(
    batch_id: str, state: State, tenant_id: StreamTenant, batches: Batches
) -> StreamingResponse:
    """``event: progress`` with the batch (as in GET) now and after every change, then
    ``event: completed`` and the end of the stream once the batch is completed."""
    first = await _batch(batches, tenant_id, batch_id)

    async def stream() -> AsyncIterator[str]:
        with state.live.listen(live.batch_key(batch_id)) as queue:
            batch: BatchRecord | None = first
            last = None
            while batch is not None:
                body = (await _public(batches, batch)).model_dump_json()
                if batch.completed_at is not None:
                    yield live.sse("completed", body)
                    return
                if body != last:
                    yield live.sse("progress", body)
                    last = body
                if await live.next_change(queue) is None:
                    yield ": keep-alive\n\n"
                live.drain(queue)  # one recount per burst of events, not one per event
                batch = await batches.get(tenant_id, batch_id)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


@router.post(
    "/resumes/{resume_id}/cancel",
    response_model=ResumePublic,
    responses=ERRORS,
    tags=["resumes"],
    summary="Cancel a running resume; it stops at the next stage boundary",
)
async def cancel_resume(resume_id: str, state: State, tenant_id: Tenant) -> ResumePublic:
    """409 ``not_cancellable`` when the resume already completed or failed; cancelling a
    cancelled resume answers 200 again."""
    record = await state.store.get(tenant_id, resume_id)
    if record is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no resume with id {resume_id!r}")
    return ResumePublic.of(await cancel.cancel_resume(state, record))
