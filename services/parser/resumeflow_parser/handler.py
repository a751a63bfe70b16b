"""The parser stage: ``resume.ingested`` in, ``resume.parsed`` out.

Idempotent: a redelivered event for a resume that is already parsed re-announces the
stored result instead of parsing again.
"""

from __future__ import annotations

from resumeflow_parser.sandbox import Parser
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared import tracing
from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.events import ResumeIngested, ResumeParsed
from resumeflow_shared.profile import ParseResult
from resumeflow_shared.records import STATUS_RANK
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import FileNotStored, ResumeStore


def parsed_event(event: ResumeIngested, parse: ParseResult) -> ResumeParsed:
    return ResumeParsed(
        **event.carry(),
        page_count=parse.page_count,
        char_count=sum(len(p.text) for p in parse.pages),
        ocr=parse.ocr,
    )


async def handle(
    event: ResumeIngested,
    delivery: Delivery,
    *,
    store: ResumeStore,
    settings: ParserSettings,
    parser: Parser,
) -> ResumeParsed | None:
    """Parse the uploaded PDF once per run and store the result; see the module doc."""
    record, moved = await store.begin(event, "parsing", stage="parser", attempt=delivery.attempt)
    if record is None:
        return None
    if not moved:
        if record.parse is not None and record.status_rank >= STATUS_RANK["parsed"]:
            return parsed_event(event, record.parse)
        if record.terminal:
            return None
        await store.record_attempt(event.tenant_id, event.resume_id, "parser", delivery.attempt)
    try:
        data = await store.read_file(event.file_id, sha256=record.file.sha256)
    except FileNotStored:
        raise Rejected(ErrorCode.FILE_MISSING, "the uploaded file is gone") from None
    with tracing.span("parse pdf", attributes={"resumeflow.file.size_bytes": len(data)}) as span:
        parse = await parser.parse(
            data,
            timeout_s=settings.timeout_seconds,
            memory_mb=settings.memory_mb,
            max_pages=settings.max_pages,
            ocr=settings.ocr,
            default_region=settings.default_region,
        )
        span.set_attributes(
            {
                "resumeflow.parse.pages": parse.page_count,
                "resumeflow.parse.ocr": parse.ocr,
                "resumeflow.parse.resume_score": parse.resume_score,
            }
        )
    if settings.reject_non_resumes and not parse.likely_resume:
        raise Rejected(
            ErrorCode.NOT_A_RESUME,
            f"this document does not look like a resume (score {parse.resume_score:.2f})",
        )
    await store.advance(
        event.tenant_id,
        event.resume_id,
        "parsed",
        run=event.run,
        fields={"parse": parse.model_dump(mode="json")},
        with_parse=False,
    )
    return parsed_event(event, parse)


def build_handler(
    store: ResumeStore, settings: ParserSettings, parser: Parser
) -> StageSpec[ResumeIngested]:
    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed | None:
        return await handle(event, delivery, store=store, settings=settings, parser=parser)

    return StageSpec(
        name="parser", consumes=[ResumeIngested], handler=handler, on_failed=store.fail
    )
