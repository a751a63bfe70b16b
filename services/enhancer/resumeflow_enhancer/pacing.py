"""How fast to call the LLM provider: an adaptive concurrency limit and an optional budget.

**AdaptiveLimit** (AIMD, as TCP does): the number of calls in flight starts small and,
until the provider first pushes back, doubles every round of successful calls (slow
start: 8 to 128 in four rounds); after that it grows by one per round while latency
stays near the best seen. A 429 or 5xx halves it (at most once per round, so one burst
of errors is one signal) and ends slow start; a ``Retry-After`` pauses new calls until
it has passed. The ceiling is the stage's
``ENHANCER_CONCURRENCY``; nobody needs to tune the number for their provider.

**Budget**: when ``ENHANCER_RPM`` and/or ``ENHANCER_TPM`` are set, calls are spaced by
token buckets refilled at exactly that rate (per replica), so a busy enhancer uses the
whole budget without running into the provider's limit. Token use is estimated from
the prompt before the call and corrected with the reported usage after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from resumeflow_shared import telemetry as tm

Clock = Callable[[], float]
Outcome = Literal["ok", "overloaded", "error"]


@dataclass
class AdaptiveLimit:
    minimum: int = 1
    maximum: int = 128
    initial: int = 8
    #: A call slower than this multiple of the best recent latency counts as a sign of
    #: provider overload: the limit stops growing and shrinks by 10%.
    latency_tolerance: float = 3.0
    clock: Clock = time.monotonic
    limit: float = field(init=False)
    in_flight: int = field(init=False, default=0)
    paused_until: float = field(init=False, default=0.0)
    best_latency: float | None = field(init=False, default=None)
    slow_start: bool = field(init=False, default=True)
    _last_decrease: float = field(init=False, default=float("-inf"))
    _changed: asyncio.Condition = field(init=False, default_factory=asyncio.Condition)

    def __post_init__(self) -> None:
        self.limit = float(max(self.minimum, min(self.initial, self.maximum)))

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[Callable[[Outcome, float, float | None], None]]:
        """Hold one call slot; report the call's outcome through the yielded function."""
        await self._acquire()
        reported = False

        def report(outcome: Outcome, seconds: float, retry_after: float | None = None) -> None:
            nonlocal reported
            reported = True
            self._update(outcome, seconds, retry_after)

        try:
            yield report
        finally:
            if not reported:
                self._update("error", 0.0, None)
            self.in_flight -= 1
            async with self._changed:
                self._changed.notify_all()

    async def _acquire(self) -> None:
        async with self._changed:
            while True:
                wait = self.paused_until - self.clock()
                if wait <= 0 and self.in_flight < int(self.limit):
                    self.in_flight += 1
                    tm.LLM_CONCURRENCY_LIMIT.set(int(self.limit))
                    return
                timeout = wait if wait > 0 else None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)

    def _update(self, outcome: Outcome, seconds: float, retry_after: float | None) -> None:
        now = self.clock()
        if outcome == "ok":
            best = self.best_latency
            # The best latency decays slowly upwards so a provider that got slower for
            # good becomes the new normal instead of throttling us forever.
            self.best_latency = seconds if best is None else min(seconds, best * 1.01)
            if seconds <= self.latency_tolerance * (self.best_latency or seconds):
                step = 1.0 if self.slow_start else 1.0 / self.limit
                self.limit = min(float(self.maximum), self.limit + step)
            else:
                self._decrease(now, 0.9)
        elif outcome == "overloaded":
            self._decrease(now, 0.5)
            if retry_after:
                self.paused_until = max(self.paused_until, now + retry_after)
        tm.LLM_CONCURRENCY_LIMIT.set(int(self.limit))

    def _decrease(self, now: float, factor: float) -> None:
        self.slow_start = False
        round_trip = self.best_latency or 1.0
        if now - self._last_decrease < round_trip:
            return  # the same burst of bad news: one decrease per round
        self._last_decrease = now
        self.limit = max(float(self.minimum), self.limit * factor)


@dataclass
class TokenBucket:
    """``rate`` units per second, holding at most ``burst`` units."""

    rate: float
    burst: float
    clock: Clock = time.monotonic
    level: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.level = self.burst
        self.stamp = self.clock()

    def _refill(self) -> None:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_for(self, amount: float) -> float:
        """Seconds until ``amount`` can be taken (0 = now)."""
        self._refill()
        need = min(amount, self.burst) - self.level
        return max(0.0, need / self.rate)

    def take(self, amount: float) -> None:
        self._refill()
        self.level -= amount  # may go negative: a correction after the fact


class Budget:
    """Requests and tokens per minute, shared by every call of this process."""

    def __init__(
        self,
        rpm: int | None,
        tpm: int | None,
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sleep = sleep
        # A one-second burst keeps the rate smooth inside any provider's minute window.
        self.requests = TokenBucket(rpm / 60, max(1.0, rpm / 60), clock) if rpm else None
        self.tokens = TokenBucket(tpm / 60, max(1.0, tpm / 60), clock) if tpm else None
        self._lock = asyncio.Lock()

    async def spend(self, estimated_tokens: int) -> None:
        """Wait until one request of ``estimated_tokens`` fits the budget, then take it."""
        async with self._lock:  # first come, first served
            while True:
                wait = max(
                    self.requests.wait_for(1) if self.requests else 0.0,
                    self.tokens.wait_for(estimated_tokens) if self.tokens else 0.0,
                )
                if wait <= 0:
                    break
                await self._sleep(wait)
            if self.requests:
                self.requests.take(1)
            if self.tokens:
                self.tokens.take(estimated_tokens)

    def correct(self, estimated_tokens: int, actual_tokens: int) -> None:
        if self.tokens:
            self.tokens.take(actual_tokens - estimated_tokens)
