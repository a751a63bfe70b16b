"""The enhancer's pacing: the AIMD concurrency limit and the RPM/TPM budget, on a
clock the test controls (no timing assertions: the clock is data)."""

from __future__ import annotations

import asyncio

from resumeflow_enhancer.pacing import AdaptiveLimit, Budget, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def succeed(limit: AdaptiveLimit, seconds: float = 1.0, times: int = 1) -> None:
    for _ in range(times):
        async with limit.slot() as report:
            report("ok", seconds, None)


async def test_slow_start_doubles_per_round_until_the_first_push_back() -> None:
    clock = FakeClock()
    limit = AdaptiveLimit(initial=8, maximum=128, clock=clock)
    await succeed(limit, times=8)  # one round of 8 calls
    assert limit.limit == 16
    await succeed(limit, times=16 + 32 + 64)
    assert limit.limit == 128  # the ceiling holds
    async with limit.slot() as report:
        report("overloaded", 1.0, None)
    assert limit.limit == 64


async def test_after_a_push_back_the_limit_grows_by_about_one_per_round() -> None:
    clock = FakeClock()
    limit = AdaptiveLimit(initial=8, maximum=128, clock=clock)
    await succeed(limit)
    async with limit.slot() as report:
        report("overloaded", 1.0, None)  # 9 -> 4.5, slow start over
    before = limit.limit
    await succeed(limit, times=4)
    assert before + 0.8 < limit.limit < before + 1.0


async def test_a_429_halves_the_limit_once_per_round_and_pauses_for_retry_after() -> None:
    clock = FakeClock()
    limit = AdaptiveLimit(initial=16, clock=clock)
    await succeed(limit)  # best latency 1 s: one round
    for retry_after in (None, None, None, None, 30.0):  # one burst of errors is one signal
        async with limit.slot() as report:
            report("overloaded", 1.0, retry_after)
    assert 8 <= limit.limit < 9
    assert limit.paused_until == clock.now + 30.0
    clock.now += 31.0
    async with limit.slot() as report:
        report("overloaded", 1.0, None)
    assert 4 <= limit.limit < 4.5


async def test_calls_much_slower_than_the_best_seen_shrink_the_limit() -> None:
    clock = FakeClock()
    limit = AdaptiveLimit(initial=10, latency_tolerance=3.0, clock=clock)
    await succeed(limit, seconds=1.0)
    before = limit.limit
    clock.now += 5
    await succeed(limit, seconds=10.0)
    assert limit.limit < before


async def test_never_more_calls_in_flight_than_the_limit() -> None:
    limit = AdaptiveLimit(initial=3, maximum=3)
    running = 0
    peak = 0
    gate = asyncio.Event()
    three_running = asyncio.Event()

    async def call() -> None:
        nonlocal running, peak
        async with limit.slot() as report:
            running += 1
            peak = max(peak, running)
            if running == 3:
                three_running.set()
            await gate.wait()
            running -= 1
            report("ok", 1.0, None)

    tasks = [asyncio.create_task(call()) for _ in range(20)]
    await three_running.wait()
    for _ in range(50):  # give the other 17 every chance to get in
        await asyncio.sleep(0)
    assert (running, peak) == (3, 3)
    gate.set()
    await asyncio.gather(*tasks)
    assert peak == 3


async def test_a_paused_limit_admits_nobody_before_retry_after() -> None:
    limit = AdaptiveLimit(initial=4)
    await succeed(limit, seconds=0.01)
    async with limit.slot() as report:
        report("overloaded", 0.01, 0.3)
    async with limit.slot():
        assert limit.clock() >= limit.paused_until


def test_token_bucket_refills_at_its_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=10, clock=clock)
    bucket.take(10)
    assert abs(bucket.wait_for(1) - 0.1) < 1e-9
    clock.now += 0.1
    assert bucket.wait_for(1) == 0


async def test_the_budget_spends_requests_at_the_rpm_and_never_faster() -> None:
    clock = FakeClock()
    budget = Budget(rpm=120, tpm=None, clock=clock, sleep=clock.sleep)
    start = clock.now
    stamps = []
    for _ in range(600):
        await budget.spend(1000)
        stamps.append(clock.now)
    minutes = (stamps[-1] - start) / 60
    # 600 requests at 120/min: five minutes less the initial one-second burst of 2.
    assert 598 / 120 <= minutes <= 600 / 120
    # Never more than the budget in any 60 s window.
    for i, t in enumerate(stamps):
        in_window = sum(1 for u in stamps[i:] if u < t + 60)
        assert in_window <= 120 + 2


async def test_the_token_budget_is_corrected_by_actual_usage() -> None:
    clock = FakeClock()
    budget = Budget(rpm=None, tpm=6000, clock=clock, sleep=clock.sleep)  # 100 tokens/s
    await budget.spend(100)
    budget.correct(100, 1100)  # the call used 1,000 more than estimated
    before = clock.now
    await budget.spend(100)
    assert clock.now - before >= 10.0
