"""Live progress: Server-Sent Events fed by the pipeline's own events.

One core-NATS subscription on ``resume.>`` and ``batch.>`` per ingest process
(JetStream-stored messages are delivered to plain subscribers too) fans events out
to the streams open for that resume and for its batch. A stream starts with the
current state, sends one event per pipeline event (queued -> parsed -> enhanced ->
completed, or failed/cancelled) and ends when the resume (or batch) is done. The
in-stage statuses ``parsing`` and ``enhancing`` have no pipeline event: a stream shows
them only when its periodic re-read happens to land on one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterator

from nats.aio.client import Client as NATS
from nats.aio.msg import Msg

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0


class LiveUpdates:
    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[str]]] = defaultdict(set)
        self._sub: object | None = None
        self._batch_sub: object | None = None

    async def start(self, nc: NATS) -> None:
        self._sub = await nc.subscribe("resume.>", cb=self._on_event)
        self._batch_sub = await nc.subscribe("batch.>", cb=self._on_event)

    async def _on_event(self, msg: Msg) -> None:
        if not self._queues:
            return
        try:
            body = json.loads(msg.data)
        except ValueError:
            return
        keys = [body.get("resume_id")]
        if body.get("batch_id"):
            keys.append(batch_key(body["batch_id"]))
        for key in keys:
            for queue in self._queues.get(key, ()):
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(msg.subject)

    @contextlib.contextmanager
    def listen(self, resume_id: str) -> Iterator[asyncio.Queue[str]]:
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=100)
        self._queues[resume_id].add(queue)
        try:
            yield queue
        finally:
            self._queues[resume_id].discard(queue)
            if not self._queues[resume_id]:
                del self._queues[resume_id]


def batch_key(batch_id: str) -> str:
    """Listeners for a batch share the queue table with resumes under a prefixed key."""
    return f"batch:{batch_id}"


def drain(queue: asyncio.Queue[str]) -> None:
    """Drop changes already queued: the state read next covers them all."""
    while not queue.empty():
        queue.get_nowait()


def sse(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


async def next_change(queue: asyncio.Queue[str]) -> str | None:
    """The next event subject for this resume, or ``None`` after a quiet heartbeat."""
    try:
        return await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
    except TimeoutError:
        return None
