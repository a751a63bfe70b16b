"""The ``/v1`` API: thin routes over ``intake`` and the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Body, File, Form, Header, Query, Request, Response, UploadFile
from fastapi.responses import StreamingResponse

from resumeflow_ingest import batches, dead_letters, intake, live, replay, retention
from resumeflow_ingest.deps import State, StreamTenant, Tenant
from resumeflow_ingest.problems import ApiError, ErrorBody
from resumeflow_ingest.schemas import (
    BulkReplayRequest,
    BulkReplayResult,
    ParsePublic,
    ReplayRequest,
    ResumeAccepted,
    ResumeList,
    ResumePublic,
    Skipped,
)
from resumeflow_ingest.uploads import check_callback, check_document
from resumeflow_shared import telemetry as tm
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.records import ResumeRecord, Status
from resumeflow_shared.store import utcnow

# No whitespace or control characters: the address becomes an email header.
EMAIL = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"

router = APIRouter(prefix="/v1", tags=["resumes"])

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (400, 401, 404, 409, 413, 415, 422, 429, 503)
}


def _status_url(request: Request, resume_id: str, state: State) -> str:
    base = state.settings.public_base_url or str(request.base_url)
    return f"{base.rstrip('/')}/v1/resumes/{resume_id}"


async def _get(state: State, tenant_id: str, resume_id: str) -> ResumeRecord:
    record = await state.store.get(tenant_id, resume_id)
    if record is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no resume with id {resume_id!r}")
    return record


@router.post(
    "/resumes",
    status_code=202,
    response_model=ResumeAccepted,
    responses={200: {"model": ResumeAccepted, "description": "An existing resume"}, **ERRORS},
    summary="Upload a resume (PDF or DOCX)",
)
async def upload_resume(
    request: Request,
    response: Response,
    state: State,
    tenant_id: Tenant,
    file: Annotated[
        UploadFile,
        File(description="The resume, a PDF or DOCX (recognised by content, not by name)."),
    ],
    callback_url: Annotated[str | None, Form(max_length=2048)] = None,
    notify_email: Annotated[
        str | None,
        Form(max_length=254, pattern=EMAIL, description="Email me when done."),
    ] = None,
    batch_id: Annotated[str | None, Form(max_length=128, pattern=r"^[\w.:-]+$")] = None,
    dedupe: Annotated[bool, Form(description="Answer an identical file with its resume.")] = False,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
    traceparent: Annotated[
        str | None,
        Header(
            max_length=128,
            description="W3C trace context; the resume's trace continues the caller's.",
        ),
    ] = None,
) -> ResumeAccepted:
    """Store the file and queue it; answers 202 at once with the resume's status URL.

    The same ``Idempotency-Key`` (per tenant) answers 200 with the first resume;
    with ``dedupe=true`` an identical file does too.
    """
    data = await file.read()
    try:
        detected = check_document(data, state.settings.max_upload_bytes)
        callback = await check_callback(
            callback_url, allow_private=state.settings.allow_private_callbacks
        )
        await batches.check_open(state, tenant_id, batch_id)
    except ApiError as exc:
        tm.UPLOADS.labels(exc.code).inc()
        raise
    upload = intake.Upload(
        tenant_id=tenant_id,
        filename=(file.filename or "resume.pdf")[:255],
        data=data,
        content_type=detected.content_type,
        callback_url=callback,
        notify_email=notify_email,
        batch_id=batch_id,
        idempotency_key=idempotency_key,
        dedupe=dedupe,
    )
    del traceparent  # read by the tracing middleware; declared here to document it
    accepted = await intake.accept(state, upload)
    record = accepted.record
    url = _status_url(request, record.id, state)
    response.headers["Location"] = url
    if not accepted.created:
        response.status_code = 200
    tm.UPLOADS.labels("accepted" if accepted.created else "existing").inc()
    return ResumeAccepted(
        id=record.id,
        status=record.status,
        status_url=url,
        duplicate_of=None if accepted.created else record.id,
    )


@router.get(
    "/resumes/{resume_id}",
    response_model=ResumePublic,
    responses=ERRORS,
    summary="A resume's status, stage timestamps, error and profile",
)
async def get_resume(resume_id: str, state: State, tenant_id: Tenant) -> ResumePublic:
    return _public(state, await _get(state, tenant_id, resume_id))


def _public(state: State, record: ResumeRecord) -> ResumePublic:
    deadline = utcnow() - timedelta(seconds=state.settings.stall_after_seconds)
    return ResumePublic.of(record, stalled=not record.terminal and record.updated_at < deadline)


@router.delete(
    "/resumes/{resume_id}",
    status_code=204,
    response_class=Response,
    responses=ERRORS,
    summary="Erase a resume: record, file, parse, cached LLM answers and dead letters",
)
async def delete_resume(resume_id: str, state: State, tenant_id: Tenant) -> Response:
    """Afterwards the resume is 404 everywhere. Events still in the pipeline for it are
    dropped; no webhook is sent for it."""
    if not await retention.erase(state, tenant_id, resume_id):
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no resume with id {resume_id!r}")
    return Response(status_code=204)


@router.get(
    "/resumes/{resume_id}/events",
    responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
    response_class=StreamingResponse,
    summary="Live progress as Server-Sent Events until the resume is finished",
)
async def resume_events(resume_id: str, state: State, tenant_id: StreamTenant) -> StreamingResponse:
    """``event: status`` with the resume (as in GET) now and after every change; the stream
    ends once the resume is completed or failed. A comment line every 15 s keeps proxies
    from closing an idle stream."""
    first = await _get(state, tenant_id, resume_id)

    async def stream() -> AsyncIterator[str]:
        with state.live.listen(resume_id) as queue:
            record: ResumeRecord | None = first
            last = None
            while record is not None:
                body = _public(state, record).model_dump_json()
                if body != last:
                    yield live.sse("status", body)
                    last = body
                if record.terminal:
                    return
                if await live.next_change(queue) is None:
                    yield ": keep-alive\n\n"
                record = await state.store.get(tenant_id, resume_id)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


@router.get(
    "/resumes/{resume_id}/parse",
    response_model=ParsePublic,
    responses=ERRORS,
    summary="The full parse: text per page, sections, fields with provenance",
)
async def get_parse(resume_id: str, state: State, tenant_id: Tenant) -> ParsePublic:
    record = await _get(state, tenant_id, resume_id)
    if record.parse is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "this resume has not been parsed (yet)")
    return ParsePublic(id=record.id, parse=record.parse)


@router.get("/resumes", response_model=ResumeList, responses=ERRORS, summary="List resumes")
async def list_resumes(
    state: State,
    tenant_id: Tenant,
    batch_id: Annotated[str | None, Query(max_length=128)] = None,
    status: Status | None = None,
    error_code: Annotated[
        str | None, Query(max_length=64, description="Only resumes that failed with this code.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ResumeList:
    filters: dict[str, object] = {}
    if batch_id is not None:
        filters["batch_id"] = batch_id
    if error_code is not None:
        filters["error.code"] = error_code
    if status is not None:
        filters["status"] = status
    records = await state.store.newest(tenant_id, filters, limit)
    return ResumeList(items=[_public(state, record) for record in records])


@router.post(
    "/resumes/{resume_id}/replay",
    status_code=202,
    response_model=ResumePublic,
    responses=ERRORS,
    summary="Re-run a finished resume from a stage (e.g. re-enhance with a new model)",
)
async def replay_resume(
    resume_id: str,
    state: State,
    tenant_id: Tenant,
    request: Annotated[ReplayRequest | None, Body()] = None,
) -> ResumePublic:
    record = await _get(state, tenant_id, resume_id)
    stage = request.stage if request else None
    return _public(state, await replay.replay(state, record, stage))


@router.post(
    "/replays",
    status_code=202,
    response_model=BulkReplayResult,
    responses=ERRORS,
    summary="Re-run a set of finished resumes (by ids, batch and/or status) from a stage",
)
async def replay_many(
    request: BulkReplayRequest, state: State, tenant_id: Tenant
) -> BulkReplayResult:
    filters: dict[str, object] = {}
    if request.resume_ids is not None:
        filters["_id"] = {"$in": request.resume_ids}
    if request.batch_id is not None:
        filters["batch_id"] = request.batch_id
    if request.status is not None:
        filters["status"] = request.status
    if not filters:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "name resume_ids, batch_id or status")
    result = BulkReplayResult(replayed=[], skipped=[])
    for record in await state.store.finished(tenant_id, filters):
        try:
            await replay.replay(state, record, request.stage)
            result.replayed.append(record.id)
        except ApiError as exc:
            result.skipped.append(Skipped(id=record.id, reason=exc.message))
    return result


@router.post(
    "/dead-letters/replay",
    status_code=202,
    response_model=BulkReplayResult,
    responses=ERRORS,
    summary="Replay the caller's dead letters: re-run each failed resume from its stage",
)
async def replay_dead_letters(state: State, tenant_id: Tenant) -> BulkReplayResult:
    return await dead_letters.replay_all(state, tenant_id)
