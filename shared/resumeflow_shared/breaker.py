"""A circuit breaker per stage worker: while a dependency is down, stop taking work
instead of burning every message's retry budget against it.

A handler outcome is an *outage* when the error is about a dependency, not the
message: the LLM endpoint unreachable, 5xx or rate limiting, MongoDB unreachable
(:data:`OUTAGE_CODES`). After ``threshold`` outages in a row the breaker opens: the
runner fetches nothing for ``cooldown`` seconds (doubling up to ``max_cooldown``),
then lets one message through as a probe (half-open). The probe's success closes it.

The runner also *parks* a message that meets an outage on its next-to-last delivery:
it republishes the event as a new message (a fresh delivery count) and acks the old
one, so a resume waits out an outage of any length instead of failing for it.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from resumeflow_shared import telemetry as tm
from resumeflow_shared.errors import ErrorCode

log = logging.getLogger(__name__)

OUTAGE_CODES: frozenset[str] = frozenset(
    {ErrorCode.LLM_UNAVAILABLE, ErrorCode.LLM_RATE_LIMITED, ErrorCode.UNAVAILABLE}
)


class State(enum.IntEnum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


@dataclass
class Breaker:
    stage: str
    threshold: int = 3
    cooldown: float = 5.0
    max_cooldown: float = 60.0
    clock: Callable[[], float] = time.monotonic
    state: State = field(init=False, default=State.CLOSED)
    failures: int = field(init=False, default=0)
    opened_for: float = field(init=False, default=0.0)
    reopen_at: float = field(init=False, default=0.0)
    probing: bool = field(init=False, default=False)
    _changed: asyncio.Event = field(init=False, default_factory=asyncio.Event)

    def allowance(self, free: int) -> int:
        """How many messages the runner may fetch now (0 while open)."""
        if self.state == State.OPEN and self.clock() >= self.reopen_at:
            self._set(State.HALF_OPEN)
        if self.state == State.CLOSED:
            return free
        if self.state == State.HALF_OPEN and not self.probing:
            self.probing = True
            return min(1, free)
        return 0

    async def wait(self, stopping: asyncio.Event) -> None:
        """Sleep until the breaker may let something through, or the stage stops."""
        timeout = max(0.05, self.reopen_at - self.clock()) if self.state == State.OPEN else 1.0
        self._changed.clear()
        waiters = {
            asyncio.ensure_future(stopping.wait()),
            asyncio.ensure_future(self._changed.wait()),
        }
        _, pending = await asyncio.wait(waiters, timeout=timeout, return_when="FIRST_COMPLETED")
        for task in pending:
            task.cancel()

    def fetched(self, count: int) -> None:
        """A fetch returned ``count`` messages: an empty probe fetch probes nothing."""
        if count == 0:
            self.probing = False

    def settled(self) -> None:
        """A message's handling ended, whatever the outcome: a probe may go again."""
        self.probing = False

    def record(self, outage: bool) -> None:
        """A handler outcome: an outage (see :data:`OUTAGE_CODES`) or anything else."""
        if not outage:
            self.failures = 0
            if self.state != State.CLOSED:
                log.info("dependency back: %s resumes work", self.stage)
                self.opened_for = 0.0
                self._set(State.CLOSED)
            return
        self.failures += 1
        if self.state == State.HALF_OPEN or self.failures >= self.threshold:
            self.opened_for = min(self.max_cooldown, max(self.cooldown, self.opened_for * 2))
            self.reopen_at = self.clock() + self.opened_for
            if self.state != State.OPEN:
                log.warning("dependency outage: %s pauses for %.0fs", self.stage, self.opened_for)
            self._set(State.OPEN)

    def _set(self, state: State) -> None:
        self.state = state
        tm.BREAKER_STATE.labels(self.stage).set(int(state))
        self._changed.set()
