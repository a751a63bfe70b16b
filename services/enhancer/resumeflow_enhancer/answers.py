"""Recording an LLM answer the moment it arrives, so that it is never paid for twice.

The answer goes into process memory first (a bounded LRU: a retry in this process
finds it even while MongoDB is unreachable), then into the durable ``llm_cache``,
retried with backoff for up to ``record_deadline`` seconds. If MongoDB stays down
longer, ``Retry`` is raised and the redelivered message finds the answer in memory.
An answer taken from memory that is not yet durable (its write failed or was
cancelled, e.g. by the handler's deadline) is written before it is used, so no answer
ends up only in a process that may die.
"""

from __future__ import annotations

import collections

from resumeflow_enhancer.cache import LLMCache
from resumeflow_enhancer.llm import LLMResult
from resumeflow_shared.persist import until_stored


class Answers:
    def __init__(
        self, cache: LLMCache, *, memory_size: int = 2048, record_deadline: float = 300.0
    ) -> None:
        self.cache = cache
        self.memory: collections.OrderedDict[str, LLMResult] = collections.OrderedDict()
        #: answers in memory whose durable write has not succeeded yet
        self.unstored: set[str] = set()
        self.memory_size = memory_size
        self.deadline = record_deadline

    def _remember(self, key: str, result: LLMResult) -> None:
        self.memory[key] = result
        self.memory.move_to_end(key)
        while len(self.memory) > self.memory_size:
            evicted, _ = self.memory.popitem(last=False)
            self.unstored.discard(evicted)

    async def get(self, key: str) -> LLMResult | None:
        if (result := self.memory.get(key)) is not None:
            if key in self.unstored:
                await self._store(key, result)
            return result
        result = await self.cache.get(key)
        if result is not None:
            self._remember(key, result)
        return result

    async def record(self, key: str, result: LLMResult) -> None:
        self._remember(key, result)
        self.unstored.add(key)
        await self._store(key, result)

    async def _store(self, key: str, result: LLMResult) -> None:
        await until_stored(
            lambda: self.cache.put(key, result), what="the LLM answer", deadline=self.deadline
        )
        self.unstored.discard(key)
