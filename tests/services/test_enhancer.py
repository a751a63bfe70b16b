"""The enhancer with the real ``openai`` client against a local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo.errors import AutoReconnect

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_enhancer.answers import Answers
from resumeflow_enhancer.cache import LLMCache
from resumeflow_enhancer.handler import Enhancer
from resumeflow_enhancer.llm import LLMProfile, LLMResult, extract_profile, make_client
from resumeflow_enhancer.merge import merge
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared.errors import ErrorCode, Rejected, Retry
from resumeflow_shared.profile import (
    CandidateProfile,
    Email,
    PageText,
    ParseResult,
    Provenance,
    TextValue,
    WorkEntry,
    WorkSources,
)
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore

TEXT = "Jane Doe\njane@example.com\nEXPERIENCE\nEngineer, Acme Corp\n2019 - 2023\n"


def parse_result() -> ParseResult:
    fields = CandidateProfile(
        name=TextValue(value="Jane Doe"), emails=[Email(value="jane@example.com")]
    )
    pages = [PageText(number=1, width=612, height=792, text=TEXT)]
    return ParseResult(page_count=1, pages=pages, fields=fields)


def answer(prompt: str) -> dict[str, Any]:
    return {
        "name": "Jane Doe",
        "emails": ["jane@example.com", "invented@example.com"],
        "experience": [
            {"employer": "Acme Corp", "title": "Engineer", "start": "2019", "end": "2023"},
            {"employer": "Hallucinated Ltd", "title": "CTO", "start": "2010", "end": "2011"},
        ],
        "skills": ["Python"],
    }


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    server = FakeLLM(responder=answer).start()
    yield server
    server.stop()


def settings_for(base_url: str) -> EnhancerSettings:
    return EnhancerSettings.model_validate(
        {"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": base_url, "model": "fake-model"}
    )


async def test_profile_is_merged_cross_checked_and_cached(llm: FakeLLM, store: ResumeStore) -> None:
    settings = settings_for(llm.base_url)
    enhancer = Enhancer(settings, Answers(LLMCache(store.db)), make_client(settings))
    profile, meta = await enhancer.profile(parse_result(), Delivery("enhancer", 1, 5))
    assert meta["profile_source"] == "llm"
    assert meta["usage"]["prompt_tokens"] == 900
    assert [e.value for e in profile.emails] == ["jane@example.com"]  # invented one dropped
    # the invented job is dropped, and listed for a reviewer
    assert [j.employer for j in profile.experience] == ["Acme Corp"]
    flagged = {(f.field, f.value) for f in profile.flags}
    assert ("experience[1]", "Hallucinated Ltd") in flagged
    assert profile.total_experience_months == 60
    decided = {d.field: d.source for d in profile.decisions}
    assert decided["name"] == "both"
    assert decided["experience"] == "model"
    again, meta2 = await enhancer.profile(parse_result(), Delivery("enhancer", 2, 5))
    assert meta2["usage"]["cached"] is True
    assert again == profile
    assert len(llm.calls) == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, ErrorCode.LLM_RATE_LIMITED), (503, ErrorCode.LLM_UNAVAILABLE)],
)
async def test_http_errors_become_retries(status: int, code: ErrorCode) -> None:
    server = FakeLLM(force_status=status).start()
    try:
        settings = settings_for(server.base_url)
        with pytest.raises(Retry) as caught:
            await extract_profile(make_client(settings), settings, TEXT, "{}")
    finally:
        server.stop()
    assert caught.value.code == code
    if status == 429:
        assert caught.value.delay == 1.0  # from Retry-After


async def test_bad_request_is_permanent() -> None:
    server = FakeLLM(force_status=400).start()
    try:
        settings = settings_for(server.base_url)
        with pytest.raises(Rejected) as caught:
            await extract_profile(make_client(settings), settings, TEXT, "{}")
    finally:
        server.stop()
    assert caught.value.code == ErrorCode.LLM_REFUSED


async def test_dead_endpoint_is_llm_unavailable() -> None:
    settings = settings_for("http://127.0.0.1:9/v1")
    with pytest.raises(Retry) as caught:
        await extract_profile(make_client(settings), settings, TEXT, "{}")
    assert caught.value.code == ErrorCode.LLM_UNAVAILABLE


async def test_invalid_output_retries_then_falls_back_on_last_attempt(
    store: ResumeStore,
) -> None:
    server = FakeLLM(invalid_rate=1.0).start()
    try:
        settings = settings_for(server.base_url)
        enhancer = Enhancer(settings, Answers(LLMCache(store.db)), make_client(settings))
        with pytest.raises(Retry) as caught:
            await enhancer.profile(parse_result(), Delivery("enhancer", 1, 3))
        assert caught.value.code == ErrorCode.LLM_INVALID_OUTPUT
        profile, meta = await enhancer.profile(parse_result(), Delivery("enhancer", 3, 3))
    finally:
        server.stop()
    assert meta["profile_source"] == "deterministic"
    assert profile.name is not None
    assert profile.name.value == "Jane Doe"
    assert [f.value for f in profile.flags] == ["llm_invalid_output"]


async def test_refusal_is_permanent() -> None:
    server = FakeLLM(refusal="I can't help with that").start()
    try:
        settings = settings_for(server.base_url)
        with pytest.raises(Rejected) as caught:
            await extract_profile(make_client(settings), settings, TEXT, "{}")
    finally:
        server.stop()
    assert caught.value.code == ErrorCode.LLM_REFUSED
    assert "can't help" in caught.value.message


async def test_without_a_key_the_profile_is_deterministic(store: ResumeStore) -> None:
    settings = EnhancerSettings()
    assert not settings.llm_enabled
    enhancer = Enhancer(settings, Answers(LLMCache(store.db)), None)
    profile, meta = await enhancer.profile(parse_result(), Delivery("enhancer", 1, 5))
    assert meta == {"profile_source": "deterministic", "model": None}
    assert profile == parse_result().fields


class _DownOnce(LLMCache):
    """The durable cache, unreachable for its first write (a MongoDB outage)."""

    def __init__(self, store: ResumeStore) -> None:
        super().__init__(store.db)
        self.failures = 1

    async def put(self, key: str, result: LLMResult) -> None:
        if self.failures:
            self.failures -= 1
            raise AutoReconnect("connection refused")
        await super().put(key, result)


async def test_an_answer_kept_only_in_memory_is_recorded_before_it_is_used(
    store: ResumeStore,
) -> None:
    cache = _DownOnce(store)
    answers = Answers(cache, record_deadline=0)
    result = LLMResult(LLMProfile(name="Jane Doe"), "fake-model", "v1", 10, 5, 0.0, 1.0)
    with pytest.raises(Retry):
        await answers.record("k1", result)  # MongoDB down past the record deadline
    assert await store.db["llm_cache"].find_one({"_id": "k1"}) is None
    # The redelivery finds the answer in memory, and writes it before using it.
    assert await answers.get("k1") == result
    stored = await store.db["llm_cache"].find_one({"_id": "k1"})
    assert stored is not None
    assert stored["profile"]["name"] == "Jane Doe"


def test_merged_entries_keep_per_field_boxes_only_where_both_sources_agree() -> None:
    box = {"page": 1, "text": "x"}
    det = CandidateProfile(
        experience=[
            WorkEntry(
                employer="Acme Corp",
                title="Engineer",
                start="2019",
                end="2023",
                source=Provenance(bbox=(0, 0, 9, 9), **box),
                sources=WorkSources(
                    employer=Provenance(bbox=(1, 1, 2, 2), **box),
                    title=Provenance(bbox=(3, 3, 4, 4), **box),
                    dates=Provenance(bbox=(5, 5, 6, 6), **box),
                ),
            )
        ]
    )
    llm = LLMProfile.model_validate(
        {
            "experience": [
                {"employer": "ACME corp", "title": "Staff Engineer", "start": "2019", "end": "2023"}
            ]
        }
    )
    (job,) = merge(det, llm, TEXT).experience
    assert job.source is not None
    assert job.source.bbox == (0, 0, 9, 9)
    assert job.sources.employer is not None
    assert job.sources.employer.bbox == (1, 1, 2, 2)
    # "Staff Engineer" is nowhere in the text: the parser's title stands, with its box
    assert job.title == "Engineer"
    assert job.sources.title is not None
    assert job.sources.title.bbox == (3, 3, 4, 4)
    assert job.sources.dates is not None
    assert job.sources.dates.bbox == (5, 5, 6, 6)
