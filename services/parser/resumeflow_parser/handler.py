"""The parser stage: ``resume.ingested`` in, ``resume.parsed`` out.

Idempotent: a redelivered event for a resume that is already parsed re-announces the
stored result instead of parsing again. A DOCX is first converted to PDF
(:mod:`resumeflow_parser.convert`); that PDF is stored once, named on the record, and
reused by redeliveries and replays.
"""

from __future__ import annotations

from resumeflow_parser import convert
from resumeflow_parser.sandbox import Parser
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared import tracing
from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.events import ResumeIngested, ResumeParsed
from resumeflow_shared.formats import Kind, sniff
from resumeflow_shared.profile import ParseResult
from resumeflow_shared.records import STATUS_RANK, ResumeRecord
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import FileNotStored, ResumeStore


def parsed_event(event: ResumeIngested, parse: ParseResult) -> ResumeParsed:
    return ResumeParsed(
        **event.carry(),
        page_count=parse.page_count,
        char_count=sum(len(p.text) for p in parse.pages),
        ocr=parse.ocr,
    )


def converter_for(settings: ParserSettings) -> convert.Converter:
    return convert.Converter(
        timeout_s=settings.convert_timeout_seconds, concurrency=settings.convert_concurrency
    )


async def as_pdf(
    record: ResumeRecord, data: bytes, *, store: ResumeStore, converter: convert.Converter
) -> bytes:
    """``data`` itself for a PDF; for a DOCX its stored PDF rendition, made once."""
    if sniff(data).kind is not Kind.DOCX:
        return data
    if record.file.pdf_file_id is not None:
        try:
            return await store.read_rendition(record.file.pdf_file_id)
        except FileNotStored:
            pass  # made again below, and named in place of the lost one
    with tracing.span("convert docx", attributes={"resumeflow.file.size_bytes": len(data)}):
        pdf = await converter.to_pdf(data)
    file_id = await store.put_rendition(record.tenant_id, record.id, pdf)
    named = await store.set_pdf_rendition(
        record.tenant_id, record.id, file_id, replacing=record.file.pdf_file_id
    )
    if not named:
        await store.delete_rendition(file_id)  # another delivery stored one first, or erased
    return pdf


async def handle(
    event: ResumeIngested,
    delivery: Delivery,
    *,
    store: ResumeStore,
    settings: ParserSettings,
    parser: Parser,
    converter: convert.Converter | None = None,
) -> ResumeParsed | None:
    """Parse the upload (a DOCX as its PDF) once per run and store the result; see module doc."""
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
    converter = converter or converter_for(settings)
    data = await as_pdf(record, data, store=store, converter=converter)
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
    converter = converter_for(settings)  # one per process: its limit is per process

    async def handler(event: ResumeIngested, delivery: Delivery) -> ResumeParsed | None:
        return await handle(
            event, delivery, store=store, settings=settings, parser=parser, converter=converter
        )

    return StageSpec(
        name="parser", consumes=[ResumeIngested], handler=handler, on_failed=store.fail
    )
