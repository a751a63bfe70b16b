"""Server-side cursors, so results larger than one batch are fetched with getMore."""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import bson
from bson.int64 import Int64
from bson.raw_bson import RawBSONDocument

from .errors import CURSOR_NOT_FOUND, UNAUTHORIZED, CommandError
from .protocol import CODEC_OPTIONS, MAX_BSON_OBJECT_SIZE, Document

DEFAULT_FIRST_BATCH = 101
# A batch must fit in one reply document, like a real server's 16 MiB cap, with room for
# the envelope around it.
_MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024
# Clients that vanish without killCursors would otherwise leak their results forever.
IDLE_TIMEOUT_SECONDS = 600.0


@dataclass
class _Cursor:
    namespace: str
    pending: deque[RawBSONDocument]
    last_used: float = field(default_factory=time.monotonic)


class CursorStore:
    def __init__(self) -> None:
        self._cursors: dict[int, _Cursor] = {}

    def first_batch(
        self,
        namespace: str,
        docs: Iterable[Document],
        *,
        batch_size: int | None = None,
        single_batch: bool = False,
    ) -> Document:
        """Return the ``cursor`` sub-document of a find/aggregate/list* reply.

        ``batch_size`` None means the server default; 0 means an empty first batch.
        """
        self._reap_idle()
        # Encoding once here both measures the batch and avoids re-encoding at reply time.
        pending = deque(
            RawBSONDocument(bson.encode(doc, codec_options=CODEC_OPTIONS)) for doc in docs
        )
        if batch_size is None:
            batch_size = DEFAULT_FIRST_BATCH
        batch = _take(pending, batch_size) if batch_size else []
        cursor_id = 0
        if pending and not single_batch:
            cursor_id = self._new_id()
            self._cursors[cursor_id] = _Cursor(namespace, pending)
        return {"id": Int64(cursor_id), "ns": namespace, "firstBatch": batch}

    def get_more(self, cursor_id: int, namespace: str, batch_size: int | None) -> Document:
        cursor = self._cursors.get(cursor_id)
        if cursor is None:
            raise CommandError(CURSOR_NOT_FOUND, f"cursor id {cursor_id} not found")
        if cursor.namespace != namespace:
            raise CommandError(
                UNAUTHORIZED,
                f"Requested getMore on namespace '{namespace}', but cursor belongs to a "
                f"different namespace {cursor.namespace}",
            )
        batch = _take(cursor.pending, batch_size)
        cursor.last_used = time.monotonic()
        if not cursor.pending:
            del self._cursors[cursor_id]
            cursor_id = 0
        return {"id": Int64(cursor_id), "ns": namespace, "nextBatch": batch}

    def kill(self, cursor_ids: Iterable[int]) -> tuple[list[Int64], list[Int64]]:
        killed: list[Int64] = []
        not_found: list[Int64] = []
        for cursor_id in cursor_ids:
            found = self._cursors.pop(cursor_id, None) is not None
            (killed if found else not_found).append(Int64(cursor_id))
        return killed, not_found

    def __len__(self) -> int:
        return len(self._cursors)

    def _new_id(self) -> int:
        while True:
            # Positive and non-zero: zero means "exhausted" on the wire.
            cursor_id = secrets.randbits(62) + 1
            if cursor_id not in self._cursors:
                return cursor_id

    def _reap_idle(self) -> None:
        deadline = time.monotonic() - IDLE_TIMEOUT_SECONDS
        for cursor_id in [cid for cid, c in self._cursors.items() if c.last_used < deadline]:
            del self._cursors[cursor_id]


def _take(pending: deque[RawBSONDocument], batch_size: int | None) -> list[RawBSONDocument]:
    """Pop up to ``batch_size`` documents (None or 0 = no count limit) within the byte cap."""
    batch: list[RawBSONDocument] = []
    used = 0
    while pending and (not batch_size or len(batch) < batch_size):
        size = len(pending[0].raw)
        if batch and used + size > _MAX_BATCH_BYTES:
            break
        batch.append(pending.popleft())
        used += size
    return batch
