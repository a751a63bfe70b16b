"""The enhancer's stage handler called directly with plain data: its idempotency
branches, and "an LLM answer is paid for once" (a lease per resume run, the answer
recorded before anything can lose it), against the dev MongoDB and a local
OpenAI-compatible server through the real ``openai`` client."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from stage_records import parsed, queued

from resumeflow_dev.fake_llm import FakeLLM, echo_hints
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_enhancer.answers import Answers
from resumeflow_enhancer.cache import LLMCache
from resumeflow_enhancer.handler import Enhancer, EnhancerDeps, handle
from resumeflow_enhancer.llm import make_client
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.events import ResumeEnhanced
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.records import ErrorInfo
from resumeflow_shared.runner import Delivery
from resumeflow_shared.store import ResumeStore, utcnow

FIRST = Delivery("enhancer", 1, 5)


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    server = FakeLLM(latency_s=0.4).start()
    yield server
    server.stop()


def deps_for(store: ResumeStore, llm: FakeLLM | None, ttl: float = 30.0) -> EnhancerDeps:
    settings = EnhancerSettings.model_validate(
        {"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": llm.base_url if llm else "", "model": "m"}
    )
    client = make_client(settings) if llm else None
    enhancer = Enhancer(settings, Answers(LLMCache(store.db)), client)
    return EnhancerDeps(store, LeaseStore(store.db), enhancer, ttl)


async def test_enhances_a_parsed_resume_and_records_the_profile(
    store: ResumeStore, llm: FakeLLM
) -> None:
    record, event = await parsed(store)
    result = await handle(deps_for(store, llm), event, FIRST)
    assert isinstance(result, ResumeEnhanced)
    assert (result.resume_id, result.profile_source, result.model) == (record.id, "llm", "m")
    stored = await store.get(record.tenant_id, record.id)
    assert stored is not None
    assert stored.status == "enhanced"
    assert stored.profile is not None
    assert stored.profile.name is not None
    assert stored.profile.name.value == "Jane Doe"
    assert stored.attempts == {"enhancer": 1}
    assert len(llm.calls) == 1
    assert await LeaseStore(store.db).holder(f"enhance:{record.id}:1") is None  # released


async def test_a_redelivery_after_success_re_announces_without_calling(
    store: ResumeStore, llm: FakeLLM
) -> None:
    _, event = await parsed(store)
    deps = deps_for(store, llm)
    first = await handle(deps, event, FIRST)
    again = await handle(deps, event, Delivery("enhancer", 2, 5))
    assert again is not None
    assert first is not None
    assert again.dedup_id() == first.dedup_id()  # the same Nats-Msg-Id: collapses downstream
    assert len(llm.calls) == 1


async def test_events_of_an_older_run_or_a_failed_resume_are_dropped(
    store: ResumeStore, llm: FakeLLM
) -> None:
    record, event = await parsed(store)
    old_run = event.model_copy(update={"run": 2})
    assert await handle(deps_for(store, llm), old_run, FIRST) is None
    error = ErrorInfo(stage="parser", code="pdf_corrupt", message="x")
    await store.mark_failed(record.tenant_id, record.id, run=1, error=error)
    assert await handle(deps_for(store, llm), event, FIRST) is None
    assert llm.calls == []


async def test_a_resume_without_a_stored_parse_is_retried(store: ResumeStore) -> None:
    record = await queued(store)
    _, event = await parsed(store)
    event = event.model_copy(update={"resume_id": record.id})
    with pytest.raises(Retry):
        await handle(deps_for(store, None), event, FIRST)


async def test_without_a_key_the_deterministic_profile_is_stored(store: ResumeStore) -> None:
    record, event = await parsed(store)
    result = await handle(deps_for(store, None), event, FIRST)
    assert result is not None
    assert result.profile_source == "deterministic"
    stored = await store.get(record.tenant_id, record.id)
    assert stored is not None
    assert stored.profile_source == "deterministic"


async def test_concurrent_redeliveries_make_one_llm_call(store: ResumeStore, llm: FakeLLM) -> None:
    """A redelivery reaching another worker mid-call (a NATS restart, a missed ack
    deadline) waits for the first one instead of paying for the answer again."""
    _, event = await parsed(store)
    results = await asyncio.gather(
        *(handle(deps_for(store, llm), event, Delivery("enhancer", n, 5)) for n in (1, 2, 3))
    )
    assert all(isinstance(r, ResumeEnhanced) for r in results)
    assert len({r.dedup_id() for r in results if r}) == 1
    assert len(llm.calls) == 1


async def test_a_dead_holders_lease_expires_and_the_work_is_taken_over(
    store: ResumeStore, llm: FakeLLM
) -> None:
    record, event = await parsed(store)
    leases = LeaseStore(store.db)
    key = f"enhance:{record.id}:1"
    await leases.leases.insert_one(
        {
            "_id": key,
            "owner": "killed-worker",
            "acquired_at": utcnow(),
            "expires_at": utcnow() + timedelta(seconds=1.5),
        }
    )
    result = await handle(deps_for(store, llm, ttl=5), event, FIRST)
    assert result is not None
    assert len(llm.calls) == 1
    held = await leases.holder(key)
    assert held is None


async def test_a_live_holder_beyond_the_wait_means_retry_not_a_second_call(
    store: ResumeStore, llm: FakeLLM
) -> None:
    record, event = await parsed(store)
    leases = LeaseStore(store.db)
    assert await leases.try_acquire(f"enhance:{record.id}:1", "busy-worker", 60) is not None
    with pytest.raises(Retry) as caught:
        await handle(deps_for(store, llm, ttl=0.5), event, FIRST)
    assert caught.value.code == ErrorCode.LEASE_HELD
    assert llm.calls == []


async def test_an_answer_received_during_a_mongodb_outage_is_not_paid_for_again(
    proxied_store: tuple[ResumeStore, TcpProxy],
) -> None:
    """MongoDB goes away while the LLM is answering: the answer is kept and recorded
    when MongoDB is back, and the resume completes with exactly one call."""
    store, proxy = proxied_store
    outage_over = threading.Event()

    def answer_during_an_outage(prompt: str) -> dict[str, object]:
        proxy.block()
        threading.Timer(3.0, lambda: (proxy.unblock(), outage_over.set())).start()
        return echo_hints(prompt)

    server = FakeLLM(responder=answer_during_an_outage).start()
    try:
        record, event = await parsed(store)
        result = await handle(deps_for(store, server), event, FIRST)
    finally:
        server.stop()
    assert outage_over.is_set()
    assert result is not None
    assert len(server.calls) == 1
    stored = await store.get(record.tenant_id, record.id)
    assert stored is not None
    assert stored.status == "enhanced"
