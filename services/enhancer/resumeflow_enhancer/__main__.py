"""``python -m resumeflow_enhancer``: run the enhancer stage worker."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from resumeflow_enhancer.answers import Answers
from resumeflow_enhancer.cache import LLMCache
from resumeflow_enhancer.handler import Enhancer, EnhancerDeps, build_handler
from resumeflow_enhancer.llm import make_client
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


def main() -> None:
    settings = load(EnhancerSettings)

    async def build(deps: WorkerDeps) -> StageSpec[Any]:
        client = make_client(settings) if settings.llm_enabled else None
        logging.getLogger(__name__).info(
            "enhancer mode: %s", f"llm ({settings.model})" if client else "deterministic"
        )
        enhancer = Enhancer(settings, Answers(LLMCache(deps.store.db)), client)
        leases = LeaseStore(deps.store.db)
        return build_handler(EnhancerDeps(deps.store, leases, enhancer, settings.lease_ttl_seconds))

    asyncio.run(run_worker(settings, "enhancer", build))


if __name__ == "__main__":
    main()
