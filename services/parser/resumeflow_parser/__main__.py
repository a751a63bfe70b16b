"""``python -m resumeflow_parser``: run the parser stage worker."""

from __future__ import annotations

import asyncio
from typing import Any

from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.handler import build_handler
from resumeflow_parser.pool import ParsePool, cpu_count
from resumeflow_parser.sandbox import Parser
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


def make_parser(settings: ParserSettings) -> Parser:
    if settings.sandbox == "fork":
        return ForkParser()
    # More workers than documents in flight would only hold memory.
    size = min(settings.pool_size or cpu_count(), settings.concurrency)
    pool = ParsePool(
        size=size,
        max_docs=settings.pool_max_docs,
        max_rss_mb=settings.pool_max_rss_mb,
        max_tries=settings.pool_max_tries,
    )
    pool.start()  # warm before the first document; the workers end with this process
    return pool


def main() -> None:
    settings = load(ParserSettings)

    async def build(deps: WorkerDeps) -> StageSpec[Any]:
        return build_handler(deps.store, settings, make_parser(settings))

    asyncio.run(run_worker(settings, "parser", build))


if __name__ == "__main__":
    main()
