"""One LLM call through the ``openai`` client against any OpenAI-compatible endpoint.

Retries are not the client's business (``max_retries=0``): a failed call becomes
:class:`Retry` or :class:`Rejected` and JetStream redelivers on the stage's schedule,
so a retry survives a worker restart and is counted in the consumer's budget.
"""

from __future__ import annotations

import functools
import json
import time
from dataclasses import dataclass
from typing import Any

import openai
from pydantic import BaseModel, Field, ValidationError

from resumeflow_enhancer.prompt import PROMPT_VERSION, SYSTEM_PROMPT, user_prompt
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared import telemetry as tm
from resumeflow_shared import tracing
from resumeflow_shared.errors import ErrorCode, Rejected, Retry


class LLMWork(BaseModel):
    employer: str | None = None
    title: str | None = None
    location: str | None = None
    start: str | None = Field(None, description="YYYY or YYYY-MM")
    end: str | None = Field(None, description="YYYY or YYYY-MM; null when current")
    is_current: bool = False
    bullets: list[str] = Field(default_factory=list)


class LLMEducation(BaseModel):
    institution: str | None = None
    degree: str | None = None
    field: str | None = None
    start: str | None = None
    end: str | None = None
    grade: str | None = None


class LLMLink(BaseModel):
    url: str
    kind: str = "other"


class LLMLanguage(BaseModel):
    language: str
    proficiency: str | None = None


class LLMCertification(BaseModel):
    name: str
    issuer: str | None = None
    date: str | None = None


class LLMProfile(BaseModel):
    """The schema the model is asked to fill: values only; provenance is attached later."""

    name: str | None = None
    headline: str | None = None
    summary: str | None = None
    location: str | None = None
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    links: list[LLMLink] = Field(default_factory=list)
    experience: list[LLMWork] = Field(default_factory=list)
    education: list[LLMEducation] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    languages: list[LLMLanguage] = Field(default_factory=list)
    certifications: list[LLMCertification] = Field(default_factory=list)


@dataclass(frozen=True)
class LLMResult:
    profile: LLMProfile
    model: str
    prompt_version: str
    prompt_tokens: int
    completion_tokens: int
    cost_dollars: float
    seconds: float


def make_client(settings: EnhancerSettings) -> openai.AsyncOpenAI:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return openai.AsyncOpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.request_timeout_seconds,
        max_retries=0,
    )


@functools.cache
def _profile_schema() -> dict[str, Any]:
    # Generating the JSON schema took a sixth of the enhancer's CPU when done per call.
    return LLMProfile.model_json_schema()


def _response_format(settings: EnhancerSettings) -> dict[str, object]:
    if settings.response_format == "json_object":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {"name": "candidate_profile", "schema": _profile_schema()},
    }


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after")
    try:
        return min(float(value), 600.0) if value else None
    except ValueError:
        return None


def _translate(exc: openai.OpenAIError) -> Exception:
    """Map client errors to handler intent, with stable codes."""
    if isinstance(exc, openai.RateLimitError):
        return Retry(
            "the LLM endpoint is rate limiting",
            delay=_retry_after(exc),
            code=ErrorCode.LLM_RATE_LIMITED,
        )
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        return Rejected(ErrorCode.LLM_REFUSED, f"the LLM endpoint rejected the request: {exc}")
    if isinstance(exc, openai.APIStatusError):
        return Retry(
            f"the LLM endpoint answered HTTP {exc.status_code}",
            delay=_retry_after(exc),
            code=ErrorCode.LLM_UNAVAILABLE,
        )
    return Retry(f"the LLM endpoint is unreachable: {exc}", code=ErrorCode.LLM_UNAVAILABLE)


async def extract_profile(
    client: openai.AsyncOpenAI, settings: EnhancerSettings, text: str, hints: str
) -> LLMResult:
    """Ask the model for an :class:`LLMProfile`; validate it; record usage and cost."""
    with tracing.span(
        f"chat {settings.model}",
        kind=tracing.SpanKind.CLIENT,
        attributes={
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": settings.model,
            "gen_ai.request.temperature": 0,
            "resumeflow.prompt_version": PROMPT_VERSION,
        },
    ) as span:
        return await _extract(client, settings, text, hints, span)


async def _extract(
    client: openai.AsyncOpenAI,
    settings: EnhancerSettings,
    text: str,
    hints: str,
    span: tracing.Span,
) -> LLMResult:
    started = time.perf_counter()
    try:
        completion = await client.chat.completions.create(  # type: ignore[call-overload]
            model=settings.model,
            temperature=0,
            messages=[
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user_prompt(text[: settings.max_input_chars], hints)},
            ],
            response_format=_response_format(settings),
        )
    except openai.OpenAIError as exc:
        tm.LLM_REQUESTS.labels(settings.model, "error").inc()
        translated = _translate(exc)
        tracing.fail(span, str(getattr(translated, "code", "llm_error")), str(exc))
        raise translated from exc
    seconds = time.perf_counter() - started
    tm.LLM_DURATION.labels(settings.model).observe(seconds)
    usage = completion.usage
    prompt_tokens = usage.prompt_tokens if usage else 0
    completion_tokens = usage.completion_tokens if usage else 0
    cost = (
        prompt_tokens * settings.price_input_per_mtok
        + completion_tokens * settings.price_output_per_mtok
    ) / 1_000_000
    tm.LLM_TOKENS.labels(settings.model, "prompt").inc(prompt_tokens)
    tm.LLM_TOKENS.labels(settings.model, "completion").inc(completion_tokens)
    tm.LLM_COST.labels(settings.model).inc(cost)
    span.set_attributes(
        {
            "gen_ai.response.model": completion.model or settings.model,
            "gen_ai.usage.input_tokens": prompt_tokens,
            "gen_ai.usage.output_tokens": completion_tokens,
            "resumeflow.llm.cost_dollars": cost,
        }
    )
    choice = completion.choices[0] if completion.choices else None
    refusal = getattr(choice.message, "refusal", None) if choice else None
    if choice is None or refusal or choice.finish_reason == "content_filter":
        tm.LLM_REQUESTS.labels(settings.model, "refused").inc()
        tracing.fail(span, ErrorCode.LLM_REFUSED, str(refusal or "no answer"))
        raise Rejected(ErrorCode.LLM_REFUSED, f"the model declined: {refusal or 'no answer'}")
    try:
        profile = LLMProfile.model_validate(json.loads(choice.message.content or ""))
    except (ValueError, ValidationError) as exc:
        tm.LLM_REQUESTS.labels(settings.model, "invalid").inc()
        tracing.fail(span, ErrorCode.LLM_INVALID_OUTPUT, str(exc)[:300])
        raise Retry(
            f"the model's answer is not a valid profile: {str(exc)[:300]}",
            code=ErrorCode.LLM_INVALID_OUTPUT,
        ) from exc
    tm.LLM_REQUESTS.labels(settings.model, "ok").inc()
    return LLMResult(
        profile=profile,
        model=completion.model or settings.model,
        prompt_version=PROMPT_VERSION,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cost_dollars=cost,
        seconds=seconds,
    )
