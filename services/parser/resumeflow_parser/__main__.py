"""``python -m resumeflow_parser``: run the parser stage worker."""

from __future__ import annotations

import asyncio

from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.handler import build_handler
from resumeflow_parser.settings import ParserSettings
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


def main() -> None:
    settings = load(ParserSettings)

    async def build(deps: WorkerDeps) -> StageSpec:
        return build_handler(deps.store, settings, ForkParser())

    asyncio.run(run_worker(settings, "parser", build))


if __name__ == "__main__":
    main()
