"""``python -m resumeflow_parser``: run the parser stage worker."""

from __future__ import annotations

import asyncio
from typing import Any

from resumeflow_parser import network
from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.handler import build_handler
from resumeflow_parser.pool import ParsePool, cpu_count
from resumeflow_parser.sandbox import Parser
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


async def open_parser(settings: ParserSettings, probe: network.Probe | None = None) -> Parser:
    """The configured sandbox, after checking that its workers can leave the network.

    Raises :class:`~resumeflow_parser.network.NetworkIsolationUnavailable` (and starts
    no worker) under ``PARSER_NETWORK_ISOLATION=required`` when they cannot.
    """
    await network.check(settings.network_isolation, probe)
    if settings.sandbox == "fork":
        return ForkParser(network=settings.network_isolation)
    # More workers than documents in flight would only hold memory.
    size = min(settings.pool_size or cpu_count(), settings.concurrency)
    pool = ParsePool(
        size=size,
        max_docs=settings.pool_max_docs,
        max_rss_mb=settings.pool_max_rss_mb,
        max_tries=settings.pool_max_tries,
        network=settings.network_isolation,
    )
    pool.start()  # warm before the first document; the workers end with this process
    return pool


def main() -> None:
    settings = load(ParserSettings)

    async def build(deps: WorkerDeps) -> StageSpec[Any]:
        return build_handler(deps.store, settings, await open_parser(settings))

    asyncio.run(run_worker(settings, "parser", build))


if __name__ == "__main__":
    main()
