"""The ``--llm`` path of score.py: the same cases through parse_pdf plus the LLM enhancer.

Uses the enhancer's own pieces (``extract_profile``, ``merge``, ``hints``) and its
settings, so ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` and ``ENHANCER_MODEL`` mean the
same as in the service. No cache: every run calls the model once per resume.
When the key is missing or the enhancer cannot be imported, scoring is skipped and
the reason is printed.
"""

from __future__ import annotations

import asyncio
import os
import time
import traceback
from collections.abc import Callable
from datetime import date
from typing import Any

from resumeflow_shared.profile import CandidateProfile

CONCURRENCY = 4


def score(cases: list[Any], make_scores: Callable[[], Any], today: date) -> tuple[Any | None, str]:
    """(scores or None, a one-line note for the report)."""
    if not os.environ.get("OPENAI_API_KEY"):
        return None, "skipped: OPENAI_API_KEY is not set (OPENAI_BASE_URL selects the endpoint)."
    try:
        from resumeflow_enhancer.handler import hints
        from resumeflow_enhancer.llm import extract_profile, make_client
        from resumeflow_enhancer.merge import merge
        from resumeflow_enhancer.settings import EnhancerSettings
    except ImportError as exc:
        return None, f"skipped: the enhancer API is not importable ({exc})."
    from resumeflow_parser.extract import parse_pdf

    settings = EnhancerSettings()
    scores = make_scores()
    usage = {"prompt_tokens": 0, "completion_tokens": 0, "cost": 0.0}

    async def one(case: Any, gate: asyncio.Semaphore, client: Any) -> CandidateProfile:
        parse = parse_pdf(case.pdf.read_bytes(), today=today)
        async with gate:
            try:
                result = await extract_profile(client, settings, parse.text, hints(parse))
            except Exception:  # scored as the deterministic profile, and reported
                scores.errors.append(f"{case.id} (LLM): {traceback.format_exc(limit=2)}")
                return parse.fields
        usage["prompt_tokens"] += result.prompt_tokens
        usage["completion_tokens"] += result.completion_tokens
        usage["cost"] += result.cost_dollars
        merged: CandidateProfile = merge(parse.fields, result.profile, parse.text)
        return merged

    async def run_all() -> list[CandidateProfile]:
        client = make_client(settings)
        gate = asyncio.Semaphore(CONCURRENCY)
        try:
            return await asyncio.gather(*(one(c, gate, client) for c in cases))
        finally:
            await client.close()

    started = time.perf_counter()
    profiles = asyncio.run(run_all())
    for case, profile in zip(cases, profiles, strict=True):
        scores.add(case, profile)
    note = (
        f"model {settings.model}, {time.perf_counter() - started:.0f}s, "
        f"{usage['prompt_tokens']} prompt + {usage['completion_tokens']} completion tokens, "
        f"${usage['cost']:.4f} at the configured prices."
    )
    return scores, note
