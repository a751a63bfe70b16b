"""Factories for stage-handler tests: records created through the store, as the
services do (insert at ``queued``, then ``advance``)."""

from __future__ import annotations

import uuid

from resumeflow_shared.events import ResumeEnhanced, ResumeParsed
from resumeflow_shared.profile import CandidateProfile, Email, PageText, ParseResult, TextValue
from resumeflow_shared.records import FileInfo, ResumeRecord
from resumeflow_shared.store import ResumeStore, utcnow

TEXT = "Jane Doe\njane@example.com\nEXPERIENCE\nEngineer, Acme Corp\n2019 - 2023\n"


def parse_result(text: str = TEXT) -> ParseResult:
    fields = CandidateProfile(
        name=TextValue(value="Jane Doe"), emails=[Email(value="jane@example.com")]
    )
    pages = [PageText(number=1, width=612, height=792, text=text)]
    return ParseResult(page_count=1, pages=pages, fields=fields)


async def queued(store: ResumeStore, *, callback_url: str | None = None) -> ResumeRecord:
    now = utcnow()
    record = ResumeRecord(
        _id=uuid.uuid4().hex,
        tenant_id="t1",
        status="queued",
        status_rank=0,
        created_at=now,
        updated_at=now,
        timestamps={"queued": now},
        file=FileInfo(file_id="f" * 24, filename="cv.pdf", size_bytes=10, sha256="0" * 64),
        callback_url=callback_url,
    )
    return await store.insert(record)


async def parsed(
    store: ResumeStore, *, text: str = TEXT, callback_url: str | None = None
) -> tuple[ResumeRecord, ResumeParsed]:
    record = await queued(store, callback_url=callback_url)
    await store.advance(record.tenant_id, record.id, "parsing", run=1)
    result = parse_result(text)
    updated = await store.advance(
        record.tenant_id,
        record.id,
        "parsed",
        run=1,
        fields={"parse": result.model_dump(mode="json")},
    )
    assert updated is not None
    event = ResumeParsed(
        resume_id=record.id, tenant_id=record.tenant_id, page_count=1, char_count=len(text)
    )
    return updated, event


async def enhanced(
    store: ResumeStore, *, callback_url: str | None = None
) -> tuple[ResumeRecord, ResumeEnhanced]:
    record, _ = await parsed(store, callback_url=callback_url)
    await store.advance(record.tenant_id, record.id, "enhancing", run=1)
    profile = parse_result().fields.model_dump(mode="json")
    updated = await store.advance(
        record.tenant_id,
        record.id,
        "enhanced",
        run=1,
        fields={"profile": profile, "profile_source": "deterministic"},
    )
    assert updated is not None
    event = ResumeEnhanced(
        resume_id=record.id, tenant_id=record.tenant_id, profile_source="deterministic"
    )
    return updated, event
