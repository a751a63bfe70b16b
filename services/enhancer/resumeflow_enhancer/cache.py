"""LLM answers cached by (text hash, model, prompt version): a replay, a duplicate
upload or a redelivery after a crash never pays for the same answer twice."""

from __future__ import annotations

import hashlib
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from resumeflow_enhancer.llm import LLMProfile, LLMResult
from resumeflow_shared.store import utcnow


def cache_key(text: str, model: str, prompt_version: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"{digest}:{model}:{prompt_version}"


class LLMCache:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = db["llm_cache"]

    async def get(self, key: str) -> LLMResult | None:
        doc = await self.collection.find_one({"_id": key})
        if doc is None:
            return None
        return LLMResult(
            profile=LLMProfile.model_validate(doc["profile"]),
            model=doc["model"],
            prompt_version=doc["prompt_version"],
            prompt_tokens=doc["prompt_tokens"],
            completion_tokens=doc["completion_tokens"],
            cost_dollars=doc["cost_dollars"],
            seconds=doc["seconds"],
        )

    async def put(self, key: str, result: LLMResult) -> None:
        await self.collection.replace_one(
            {"_id": key},
            {
                "profile": result.profile.model_dump(mode="json"),
                "model": result.model,
                "prompt_version": result.prompt_version,
                "prompt_tokens": result.prompt_tokens,
                "completion_tokens": result.completion_tokens,
                "cost_dollars": result.cost_dollars,
                "seconds": result.seconds,
                "created_at": utcnow(),
            },
            upsert=True,
        )
