"""Writing a fact that must not be lost: an outcome paid for (an LLM answer) or an
effect already caused (a delivered webhook) is retried through a MongoDB outage.

Redoing the work would cost money or repeat an outside effect, so the write is worth
waiting for: the caller keeps its slot (the runner's heartbeat keeps the message in
progress) and retries with backoff for up to ``deadline`` seconds, then raises
:class:`Retry` so the message comes back later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from pymongo.errors import PyMongoError

from resumeflow_shared.errors import ErrorCode, Retry

log = logging.getLogger(__name__)


async def until_stored(
    write: Callable[[], Awaitable[object]],
    *,
    what: str,
    deadline: float = 300.0,
    first_delay: float = 0.5,
) -> None:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    delay = first_delay
    while True:
        try:
            await write()
            return
        except PyMongoError as exc:
            if loop.time() + delay > give_up:
                raise Retry(f"could not record {what}: {exc}", code=ErrorCode.UNAVAILABLE) from exc
            log.warning("recording %s failed (%s); retrying in %.1fs", what, exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
