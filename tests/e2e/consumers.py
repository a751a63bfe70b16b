"""Waiting on JetStream's own view of a stage's work (its durable consumer)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from resumeflow_dev.stack import Stack


def wait_consumer(stack: Stack, name: str, timeout: float = 30, **expected: int) -> dict[str, Any]:
    """Poll consumer ``name`` until every ``expected`` counter (``num_pending``,
    ``num_ack_pending``, ``num_redelivered``...) has its value; fail showing the last state."""
    deadline = time.monotonic() + timeout
    while True:
        state = stack.consumer(name)
        if all(state.get(key) == value for key, value in expected.items()):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"consumer {name!r} never reached {expected}; last: {state}")
        time.sleep(0.05)


def eventually(
    condition: Callable[[], bool], what: str, state: Callable[[], object], timeout: float = 30
) -> None:
    """Poll ``condition``; on timeout fail with ``what`` and the ``state`` seen last."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; {state()}")
        time.sleep(0.05)
