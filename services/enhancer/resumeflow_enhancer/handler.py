"""The enhancer stage: ``resume.parsed`` in, ``resume.enhanced`` out.

With an API key configured the profile comes from the LLM, merged with the
deterministic parse and cross-checked (see ``merge``); without one, the deterministic
profile is used and marked as such.

An LLM answer is paid for once. Three things make that true by design:

* a lease per (resume, run): a redelivery that reaches a second worker while the
  first one's call is in flight waits for it instead of calling again (``lease``);
* the answer is recorded as soon as it arrives: in process memory at once, then in
  the ``llm_cache`` collection, retried through a MongoDB outage (``answers``);
* every later step looks the answer up before calling.

What remains is a call in flight when its worker is SIGKILLed: its answer never
reached anyone who could record it.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import Any

import openai

from resumeflow_enhancer.answers import Answers
from resumeflow_enhancer.cache import cache_key
from resumeflow_enhancer.llm import LLMResult, extract_profile
from resumeflow_enhancer.merge import merge
from resumeflow_enhancer.pacing import AdaptiveLimit, Budget
from resumeflow_enhancer.prompt import PROMPT_VERSION
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared.errors import ErrorCode, Retry
from resumeflow_shared.events import ResumeEnhanced, ResumeParsed
from resumeflow_shared.lease import LeaseStore, exclusive
from resumeflow_shared.profile import CandidateProfile, Flag, ParseResult
from resumeflow_shared.records import STATUS_RANK, ResumeRecord
from resumeflow_shared.runner import Delivery, StageSpec
from resumeflow_shared.store import ResumeStore

log = logging.getLogger(__name__)


def enhanced_event(event: ResumeParsed, record: ResumeRecord) -> ResumeEnhanced:
    source = "llm" if record.profile_source == "llm" else "deterministic"
    return ResumeEnhanced(**event.carry(), profile_source=source, model=record.model)


def skills_section(parse: ParseResult) -> str | None:
    texts = [section.text for section in parse.sections if section.name == "skills"]
    return "\n".join(texts) if texts else None


def hints(parse: ParseResult) -> str:
    fields = parse.fields
    return CandidateProfile(
        name=fields.name, emails=fields.emails, phones=fields.phones, links=fields.links
    ).model_dump_json(exclude_none=True, exclude={"flags"})


class Enhancer:
    """Produces a profile for a parse: LLM (recorded once, merged, checked) or deterministic."""

    def __init__(
        self, settings: EnhancerSettings, answers: Answers, client: openai.AsyncOpenAI | None
    ) -> None:
        self.settings = settings
        self.answers = answers
        self.client = client
        self.limit = AdaptiveLimit(
            maximum=settings.concurrency,
            initial=min(settings.initial_concurrency, settings.concurrency),
        )
        self.budget = Budget(settings.rpm, settings.tpm)

    async def _call(self, client: openai.AsyncOpenAI, parse: ParseResult) -> LLMResult:
        """One paced call: within the adaptive limit and the provider budget."""
        text = parse.text
        estimate = len(text[: self.settings.max_input_chars]) // 4 + 600
        estimate += self.settings.expected_completion_tokens
        async with self.limit.slot() as report:
            await self.budget.spend(estimate)
            started = time.monotonic()
            try:
                result = await extract_profile(client, self.settings, text, hints(parse))
            except Retry as exc:
                overloaded = exc.code in (ErrorCode.LLM_RATE_LIMITED, ErrorCode.LLM_UNAVAILABLE)
                report("overloaded" if overloaded else "ok", time.monotonic() - started, exc.delay)
                raise
            report("ok", result.seconds, None)
        self.budget.correct(estimate, result.prompt_tokens + result.completion_tokens)
        return result

    async def profile(
        self, parse: ParseResult, delivery: Delivery
    ) -> tuple[CandidateProfile, dict[str, Any]]:
        if self.client is None:
            return parse.fields, {"profile_source": "deterministic", "model": None}
        text = parse.text
        key = cache_key(text, self.settings.model, PROMPT_VERSION)
        result = await self.answers.get(key)
        cached = result is not None
        if result is None:
            try:
                result = await self._call(self.client, parse)
            except Retry as exc:
                if exc.code != ErrorCode.LLM_INVALID_OUTPUT or not delivery.last_attempt:
                    raise
                return self._fallback(parse, exc.message)
            await self.answers.record(key, result)
        usage = {
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "cost_dollars": result.cost_dollars,
            "prompt_version": result.prompt_version,
            "cached": cached,
        }
        profile = merge(parse.fields, result.profile, text, skills_text=skills_section(parse))
        return profile, {"profile_source": "llm", "model": result.model, "usage": usage}

    def _fallback(self, parse: ParseResult, reason: str) -> tuple[CandidateProfile, dict[str, Any]]:
        """The model kept answering garbage: keep the deterministic profile, say why."""
        log.warning("LLM output invalid on the last attempt; using the deterministic profile")
        flag = Flag(field="profile", value=ErrorCode.LLM_INVALID_OUTPUT, reason=reason[:300])
        profile = parse.fields.model_copy(update={"flags": [*parse.fields.flags, flag]})
        return profile, {"profile_source": "deterministic", "model": self.settings.model}


@dataclass(frozen=True)
class EnhancerDeps:
    store: ResumeStore
    leases: LeaseStore
    enhancer: Enhancer
    lease_ttl_seconds: float


def _done(record: ResumeRecord) -> bool:
    return record.profile is not None and record.status_rank >= STATUS_RANK["enhanced"]


async def handle(
    deps: EnhancerDeps, event: ResumeParsed, delivery: Delivery
) -> ResumeEnhanced | None:
    """Enhance one parsed resume; idempotent, and never two LLM calls for one run."""
    store = deps.store
    key = f"enhance:{event.resume_id}:{event.run}"
    ttl = deps.lease_ttl_seconds
    async with exclusive(deps.leases, key, ttl=ttl, wait_seconds=2 * ttl):
        # Under the lease: whoever held it before may have finished the work.
        record, moved = await store.begin(
            event, "enhancing", stage="enhancer", attempt=delivery.attempt
        )
        if record is None or (record.terminal and record.profile is None):
            return None
        if _done(record):
            return enhanced_event(event, record)
        if record.parse is None:
            raise Retry("the parse result is not stored yet")
        if not moved:
            await store.record_attempt(
                event.tenant_id, event.resume_id, "enhancer", delivery.attempt
            )
        profile, meta = await deps.enhancer.profile(record.parse, delivery)
        updated = await store.advance(
            event.tenant_id,
            event.resume_id,
            "enhanced",
            run=event.run,
            fields={"profile": profile.model_dump(mode="json"), **meta},
            with_parse=False,
        )
    if updated is None:
        return None
    return enhanced_event(event, updated)


def build_handler(deps: EnhancerDeps) -> StageSpec[ResumeParsed]:
    return StageSpec(
        name="enhancer",
        consumes=[ResumeParsed],
        handler=functools.partial(handle, deps),
        on_failed=deps.store.fail,
    )
