"""Parser sandbox throughput: a fresh interpreter per document (``parse_isolated``)
versus children forked from a preloaded server (``ForkParser``), same documents,
same limits, ``--concurrency`` documents in flight.

    uv run python bench/sandbox_throughput.py --docs 40 --concurrency 2
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.sandbox import parse_isolated
from resumeflow_shared.profile import ParseResult

Parse = Callable[..., Awaitable[ParseResult]]


async def measure(parse: Parse, docs: list[bytes], concurrency: int) -> float:
    slots = asyncio.Semaphore(concurrency)

    async def one(data: bytes) -> None:
        async with slots:
            result = await parse(data, timeout_s=60, memory_mb=1024)
            assert result.fields.name is not None

    started = time.perf_counter()
    await asyncio.gather(*(one(d) for d in docs))
    return time.perf_counter() - started


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    names = ["Ana Silva", "Ben Okoro", "Chloé Martin", "Dev Patel", "Elif Kaya"]
    docs = [resume_pdf(SampleResume(name=names[i % 5])) for i in range(args.docs)]
    fork = ForkParser()
    await fork.parse(docs[0], timeout_s=60, memory_mb=1024)  # start the fork server
    print(f"{args.docs} one-page resumes, concurrency {args.concurrency}")
    print(f"{'sandbox':<34}{'seconds':>9}{'docs/s':>9}")
    for label, parse in (
        ("fresh interpreter per document", parse_isolated),
        ("fork from preloaded server", fork.parse),
    ):
        seconds = await measure(parse, docs, args.concurrency)
        print(f"{label:<34}{seconds:>9.2f}{args.docs / seconds:>9.2f}")


if __name__ == "__main__":
    asyncio.run(main())
