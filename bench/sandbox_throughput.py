"""Parser sandbox throughput, same documents, same limits, ``--concurrency`` documents
in flight, for each sandbox the parser has had:

* ``fresh``: a fresh interpreter per document (``parse_isolated``; slow, off by default);
* ``fork``: a child forked per document from a preloaded server (``ForkParser``);
* ``pool``: long-lived preloaded workers (``ParsePool``, the service's default),
  ``--pool-size`` of them (default: ``--concurrency``).

    uv run python bench/sandbox_throughput.py [--set accuracy|samples] [--docs N]
                                              [--concurrency 2] [--modes fork,pool]

Documents: ``accuracy`` (default) is the labelled set in bench/accuracy/data (80
distinct resumes, cycled if ``--docs`` is larger); ``samples`` are ``--docs``
distinct generated one-page resumes, much smaller than real ones.

Each sandbox is warmed up (fork server started, pool workers started) on one
document before its timed run.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.sandbox import parse_isolated
from resumeflow_shared.profile import ParseResult

ACCURACY_DATA = Path(__file__).resolve().parent / "accuracy" / "data"
Parse = Callable[..., Awaitable[ParseResult]]
LABELS = {
    "fresh": "fresh interpreter per document",
    "fork": "fork from preloaded server",
    "pool": "pool of preloaded workers",
}


async def measure(parse: Parse, docs: list[bytes], concurrency: int) -> float:
    slots = asyncio.Semaphore(concurrency)

    async def one(data: bytes) -> None:
        async with slots:
            result = await parse(data, timeout_s=60, memory_mb=1024)
            assert result.fields.name is not None

    started = time.perf_counter()
    await asyncio.gather(*(one(d) for d in docs))
    return time.perf_counter() - started


def _resume(i: int) -> bytes:
    """The i-th distinct resume: no two documents share their contact or date lines,
    so no per-line cache in the parser answers a repeat."""
    names = ["Ana Silva", "Ben Okoro", "Chloé Martin", "Dev Patel", "Elif Kaya"]
    start = 2000 + i % 20
    return resume_pdf(
        SampleResume(
            name=names[i % 5],
            email=f"candidate{i}@example.com",
            phone=f"+1 415 555 {1000 + i:04d}",
            jobs=(
                ("Acme Corp", "Senior Backend Engineer", f"Mar {start + 4} - Present"),
                ("Globex", "Software Engineer", f"Jan {start} - Feb {start + 4}"),
            ),
            extra_lines=(f"Reference number {i}",),
        )
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=("accuracy", "samples"), default="accuracy")
    parser.add_argument("--docs", type=int, default=80)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--modes", default="fork,pool", help="comma-separated: fresh,fork,pool")
    parser.add_argument("--pool-size", type=int, default=None)
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(LABELS)
    if unknown:
        parser.error(f"unknown modes: {sorted(unknown)}")
    if args.set == "accuracy":
        files = sorted(ACCURACY_DATA.rglob("*.pdf"))
        docs = [files[i % len(files)].read_bytes() for i in range(args.docs)]
        what = f"accuracy-set resumes ({len(files)} distinct)"
    else:
        docs = [_resume(i) for i in range(args.docs)]
        what = "generated one-page resumes"
    pool_size = args.pool_size or args.concurrency
    print(f"{args.docs} {what}, concurrency {args.concurrency}, pool size {pool_size}")
    print(f"{'sandbox':<34}{'seconds':>9}{'docs/s':>9}")
    for mode in modes:
        if mode == "fresh":
            seconds = await measure(parse_isolated, docs, args.concurrency)
        elif mode == "fork":
            fork = ForkParser()
            await fork.parse(docs[0], timeout_s=60, memory_mb=1024)  # start the fork server
            seconds = await measure(fork.parse, docs, args.concurrency)
        else:
            # Imported here so that ``--modes fork`` also runs against older trees.
            from resumeflow_parser.pool import ParsePool

            # max_docs above the run's length: recycling is not what this measures.
            async with ParsePool(size=pool_size, max_docs=args.docs + 10) as pool:
                await measure(pool.parse, docs[:pool_size], pool_size)  # every worker ready
                seconds = await measure(pool.parse, docs, args.concurrency)
        print(f"{LABELS[mode]:<34}{seconds:>9.2f}{args.docs / seconds:>9.2f}")


if __name__ == "__main__":
    asyncio.run(main())
