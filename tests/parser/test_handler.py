"""The parser stage handler called directly with plain data: a resume stored in the
(dev) MongoDB, an event, a delivery, and a fake PDF parser that records its calls."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from resumeflow_dev.requires import needs
from resumeflow_dev.samples import corrupt_docx, resume_docx
from resumeflow_parser.convert import find_soffice
from resumeflow_parser.handler import build_handler, handle
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.events import ResumeIngested, ResumeParsed
from resumeflow_shared.profile import CandidateProfile, PageText, ParseResult, TextValue
from resumeflow_shared.records import STATUS_RANK, ErrorInfo, FileInfo, ResumeRecord
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import FileNotStored, ResumeStore, utcnow

PDF = b"%PDF-1.7 stand-in bytes: the fake parser never opens them"
TENANT = "t1"
TEXT = "Jane Doe\njane@example.com"


def parse_result(
    text: str = "Jane Doe\njane@example.com", likely_resume: bool = True
) -> ParseResult:
    return ParseResult(
        page_count=1,
        pages=[PageText(number=1, width=612, height=792, text=text)],
        fields=CandidateProfile(name=TextValue(value="Jane Doe")),
        likely_resume=likely_resume,
        resume_score=0.9 if likely_resume else 0.1,
    )


@dataclass
class FakeParser:
    """Answers with ``result`` (or raises ``error``) and remembers every call."""

    result: ParseResult = field(default_factory=parse_result)
    error: Exception | None = None
    calls: list[tuple[bytes, dict[str, Any]]] = field(default_factory=list)

    async def parse(
        self, data: bytes, *, timeout_s: float, memory_mb: int, **parse_kwargs: Any
    ) -> ParseResult:
        self.calls.append((data, {"timeout_s": timeout_s, "memory_mb": memory_mb, **parse_kwargs}))
        if self.error is not None:
            raise self.error
        return self.result


async def stored_resume(
    store: ResumeStore, data: bytes = PDF, **fields: Any
) -> tuple[ResumeRecord, ResumeIngested]:
    """A resume as ingest stores it (file in GridFS, ``queued`` record), and its event."""
    file_id = await store.put_file(TENANT, "cv.pdf", data)
    now = utcnow()
    record = ResumeRecord(
        id=uuid.uuid4().hex,
        tenant_id=TENANT,
        status="queued",
        status_rank=0,
        created_at=now,
        updated_at=now,
        timestamps={"queued": now},
        file=FileInfo(
            file_id=file_id,
            filename="cv.pdf",
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        ),
    )
    record = record.model_copy(update=fields)
    await store.insert(record)
    event = ResumeIngested(
        resume_id=record.id,
        tenant_id=TENANT,
        run=record.run,
        file_id=file_id,
        filename="cv.pdf",
        size_bytes=len(data),
        sha256=record.file.sha256,
    )
    return record, event


async def run(
    store: ResumeStore,
    event: ResumeIngested,
    parser: FakeParser,
    attempt: int = 1,
    settings: ParserSettings | None = None,
) -> ResumeParsed | None:
    return await handle(
        event,
        Delivery("parser", attempt, 5),
        store=store,
        settings=settings or ParserSettings(),
        parser=parser,
    )


async def reread(store: ResumeStore, record: ResumeRecord) -> ResumeRecord:
    again = await store.get(TENANT, record.id)
    assert again is not None
    return again


async def test_a_queued_resume_is_parsed_stored_and_announced(store: ResumeStore) -> None:
    record, event = await stored_resume(store)
    parser = FakeParser()
    settings = ParserSettings(max_pages=7, timeout_seconds=12, memory_mb=256, ocr="off")
    result = await run(store, event, parser, attempt=2, settings=settings)
    assert result is not None
    assert (result.resume_id, result.tenant_id, result.run) == (record.id, TENANT, 1)
    assert (result.page_count, result.char_count, result.ocr) == (1, len(TEXT), False)
    ((data, limits),) = parser.calls
    assert data == PDF
    assert limits == {
        "timeout_s": 12,
        "memory_mb": 256,
        "max_pages": 7,
        "ocr": "off",
        "default_region": "US",
    }
    stored = await reread(store, record)
    assert stored.status == "parsed"
    assert stored.parse == parser.result
    assert stored.attempts == {"parser": 2}
    assert {"queued", "parsing", "parsed"} <= set(stored.timestamps)


@pytest.mark.parametrize("status", ["parsed", "enhancing", "enhanced", "completed"])
async def test_an_already_parsed_resume_is_reannounced_not_parsed_again(
    store: ResumeStore, status: str
) -> None:
    earlier = parse_result("Stored earlier")
    record, event = await stored_resume(
        store,
        status=status,
        status_rank=STATUS_RANK[status],
        terminal=status == "completed",
        parse=earlier,
        attempts={"parser": 1},
    )
    parser = FakeParser()
    result = await run(store, event, parser, attempt=2)
    assert result is not None
    assert result.char_count == len("Stored earlier")  # from the stored parse
    assert parser.calls == []
    stored = await reread(store, record)
    assert (stored.status, stored.attempts, stored.parse) == (status, {"parser": 1}, earlier)


async def test_a_failed_resume_is_left_alone(store: ResumeStore) -> None:
    error = ErrorInfo(stage="parser", code="pdf_corrupt", message="broken", attempts=1)
    record, event = await stored_resume(
        store, status="failed", status_rank=5, terminal=True, error=error
    )
    parser = FakeParser()
    assert await run(store, event, parser, attempt=2) is None
    assert parser.calls == []
    stored = await reread(store, record)
    assert (stored.status, stored.error, stored.attempts) == ("failed", error, {})


async def test_an_event_of_an_older_run_is_ignored(store: ResumeStore) -> None:
    record, event = await stored_resume(store, run=2)
    parser = FakeParser()
    old = event.model_copy(update={"run": 1})
    assert await run(store, old, parser) is None
    assert parser.calls == []
    stored = await reread(store, record)
    assert (stored.status, stored.attempts) == ("queued", {})


async def test_an_event_for_an_unknown_resume_is_rejected(store: ResumeStore) -> None:
    _, event = await stored_resume(store)
    ghost = event.model_copy(update={"resume_id": "no-such-resume"})
    with pytest.raises(Rejected) as caught:
        await run(store, ghost, FakeParser())
    assert caught.value.code == ErrorCode.INVALID_EVENT


async def test_a_missing_file_is_rejected_after_recording_the_attempt(store: ResumeStore) -> None:
    record, event = await stored_resume(store)
    await store.delete_file(event.file_id)
    parser = FakeParser()
    with pytest.raises(Rejected) as caught:
        await run(store, event, parser)
    assert caught.value.code == ErrorCode.FILE_MISSING
    assert parser.calls == []
    stored = await reread(store, record)
    assert (stored.status, stored.attempts) == ("parsing", {"parser": 1})


async def test_a_parser_rejection_propagates_and_nothing_is_stored(store: ResumeStore) -> None:
    record, event = await stored_resume(store)
    parser = FakeParser(error=Rejected(ErrorCode.PDF_ENCRYPTED, "password protected"))
    with pytest.raises(Rejected) as caught:
        await run(store, event, parser)
    assert caught.value.code == ErrorCode.PDF_ENCRYPTED
    stored = await reread(store, record)
    assert (stored.status, stored.parse) == ("parsing", None)


@pytest.mark.parametrize("reject", [True, False])
async def test_non_resumes_fail_only_when_configured(store: ResumeStore, reject: bool) -> None:
    record, event = await stored_resume(store)
    parser = FakeParser(result=parse_result("Invoice 42", likely_resume=False))
    settings = ParserSettings(reject_non_resumes=reject)
    if reject:
        with pytest.raises(Rejected) as caught:
            await run(store, event, parser, settings=settings)
        assert caught.value.code == ErrorCode.NOT_A_RESUME
        assert "0.10" in caught.value.message
        assert (await reread(store, record)).status == "parsing"
    else:
        assert await run(store, event, parser, settings=settings) is not None
        assert (await reread(store, record)).status == "parsed"


async def test_a_redelivery_after_a_crash_mid_parse_parses_and_counts_the_attempt(
    store: ResumeStore,
) -> None:
    """A worker died after marking 'parsing' (attempt 1): the redelivery parses it."""
    record, event = await stored_resume(store, status="parsing", status_rank=1)
    await store.record_attempt(TENANT, record.id, "parser", 1)
    parser = FakeParser()
    assert await run(store, event, parser, attempt=2) is not None
    assert len(parser.calls) == 1
    stored = await reread(store, record)
    assert (stored.status, stored.attempts) == ("parsed", {"parser": 2})


async def test_build_handler_wires_the_same_handler(store: ResumeStore) -> None:
    record, event = await stored_resume(store)
    spec = build_handler(store, ParserSettings(), FakeParser())
    assert (spec.name, list(spec.consumes)) == ("parser", [ResumeIngested])
    assert await spec.handler(event, Delivery("parser", 1, 5)) is not None
    assert (await reread(store, record)).status == "parsed"


needs_soffice = needs(find_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")


@needs_soffice
async def test_a_docx_is_parsed_as_its_pdf_which_is_stored_once(store: ResumeStore) -> None:
    docx = resume_docx()
    record, event = await stored_resume(store, docx)
    failing = FakeParser(error=RuntimeError("worker died"))
    with pytest.raises(RuntimeError):
        await run(store, event, failing)
    ((converted, _),) = failing.calls
    assert converted.startswith(b"%PDF-")
    first = await reread(store, record)
    assert first.file.pdf_file_id is not None
    assert await store.read_rendition(first.file.pdf_file_id) == converted
    assert await store.read_file(first.file.file_id) == docx  # the upload stays as it came

    # The redelivery parses the stored rendition: LibreOffice would not make the same bytes.
    parser = FakeParser()
    assert await run(store, event, parser, attempt=2) is not None
    assert [data for data, _ in parser.calls] == [converted]
    stored = await reread(store, record)
    assert (stored.status, stored.file.pdf_file_id) == ("parsed", first.file.pdf_file_id)

    await store.erase(TENANT, record.id)
    with pytest.raises(FileNotStored):
        await store.read_file(first.file.file_id)
    with pytest.raises(FileNotStored):
        await store.read_rendition(first.file.pdf_file_id)


@needs_soffice
async def test_a_docx_that_cannot_be_converted_is_rejected_unparsed(store: ResumeStore) -> None:
    record, event = await stored_resume(store, corrupt_docx())
    parser = FakeParser()
    with pytest.raises(Rejected) as caught:
        await run(store, event, parser)
    assert caught.value.code == ErrorCode.CONVERSION_FAILED
    assert parser.calls == []
    assert (await reread(store, record)).file.pdf_file_id is None
