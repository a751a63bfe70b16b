"""The enhancer's LLM pacing against a provider with limits (a local fake).

    uv run python bench/llm_pacing.py [--seconds 60] [--rpm 1200] [--capacity 24]

Drives the enhancer's real call path (``Enhancer._call``: adaptive limit, budget, the
``openai`` client) with far more demand than the provider allows: every resume text is
unique, a 429 is retried after its ``Retry-After`` (as JetStream redelivery would).

1. **budget**: the provider allows ``--rpm`` requests a minute; the enhancer is told the
   same ``ENHANCER_RPM``. Prints the share of the budget used and the share of 429s.
2. **capacity**: the provider serves ``--capacity`` calls at once (429 beyond), no budget
   set. Prints calls/s and 429s for the old fixed concurrency of 4 and for the adaptive
   limit (ceiling 128), side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_enhancer.answers import Answers
from resumeflow_enhancer.handler import Enhancer
from resumeflow_enhancer.llm import make_client
from resumeflow_enhancer.settings import EnhancerSettings
from resumeflow_shared.errors import Retry
from resumeflow_shared.profile import CandidateProfile, PageText, ParseResult


class NoCache:
    """The bench measures calls, so nothing is ever answered from a cache."""

    async def get(self, key: str) -> None:
        return None

    async def put(self, key: str, result: object) -> None:
        return None


def parse_for(i: int) -> ParseResult:
    text = f"Candidate {i}\nEXPERIENCE\nEngineer, Acme {i}\n2019 - 2023\n"
    return ParseResult(
        page_count=1,
        pages=[PageText(number=1, width=612, height=792, text=text)],
        fields=CandidateProfile(),
    )


async def drive(enhancer: Enhancer, seconds: float, workers: int) -> tuple[int, int, float]:
    """Keep ``workers`` resumes waiting for the LLM for ``seconds``; count outcomes."""
    assert enhancer.client is not None
    client = enhancer.client
    ok = 0
    retries = 0
    counter = iter(range(10**9))
    started = time.monotonic()
    deadline = started + seconds

    async def worker() -> None:
        nonlocal ok, retries
        while time.monotonic() < deadline:
            parse = parse_for(next(counter))
            while True:
                try:
                    await enhancer._call(client, parse)
                    ok += 1
                    break
                except Retry as exc:
                    retries += 1
                    await asyncio.sleep(exc.delay or 1.0)
                    if time.monotonic() >= deadline:
                        return

    await asyncio.gather(*(worker() for _ in range(workers)))
    return ok, retries, time.monotonic() - started


def enhancer_for(llm: FakeLLM, **settings: object) -> Enhancer:
    config = EnhancerSettings.model_validate(
        {"OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": llm.base_url, "model": "m", **settings}
    )
    return Enhancer(config, Answers(NoCache()), make_client(config))  # type: ignore[arg-type]


async def budget(args: argparse.Namespace) -> None:
    llm = FakeLLM(latency_s=args.latency, jitter=False, rpm_limit=args.rpm).start()
    try:
        enhancer = enhancer_for(llm, rpm=args.rpm)
        ok, _, elapsed = await drive(enhancer, args.seconds, workers=256)
    finally:
        llm.stop()
    limited = sum(1 for c in llm.calls if c.status == 429)
    allowed = args.rpm / 60 * elapsed
    print(f"budget: provider and ENHANCER_RPM = {args.rpm}/min, {elapsed:.0f} s")
    print(f"  successful calls {ok} of {allowed:.0f} the budget allows: {ok / allowed:.1%} used")
    print(f"  429 answers {limited} of {len(llm.calls)} calls: {limited / len(llm.calls):.2%}")


async def capacity(args: argparse.Namespace) -> None:
    rows = []
    for label, settings in (
        ("fixed 4 (old default)", {"concurrency": 4, "initial_concurrency": 4}),
        ("adaptive, ceiling 128", {}),
    ):
        llm = FakeLLM(latency_s=args.latency, jitter=False, capacity=args.capacity).start()
        try:
            enhancer = enhancer_for(llm, **settings)
            ok, _, elapsed = await drive(enhancer, args.seconds, workers=256)
        finally:
            llm.stop()
        limited = sum(1 for c in llm.calls if c.status == 429)
        rows.append((label, ok / elapsed, limited / max(1, len(llm.calls)), enhancer.limit.limit))
    print(f"capacity: provider serves {args.capacity} calls at once, {args.latency} s each")
    print(f"  {'enhancer':<24} {'calls/s':>8} {'429 share':>10} {'final limit':>12}")
    for label, rate, share, final in rows:
        print(f"  {label:<24} {rate:8.2f} {share:10.2%} {final:12.1f}")
    print(f"  ratio adaptive/fixed: {rows[1][1] / rows[0][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rpm", type=int, default=1200)
    parser.add_argument("--capacity", type=int, default=24)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--only", choices=["budget", "capacity"])
    args = parser.parse_args()
    if args.only in (None, "budget"):
        asyncio.run(budget(args))
    if args.only in (None, "capacity"):
        asyncio.run(capacity(args))


if __name__ == "__main__":
    main()
