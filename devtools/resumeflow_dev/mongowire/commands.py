"""Command dispatch over one shared mongomock client."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass
from typing import cast

from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.errors import OperationFailure

from . import admin, crud, ddl
from .context import Context, Handler, ServerStats
from .cursors import CursorStore
from .errors import BAD_VALUE, COMMAND_NOT_FOUND, FAILED_TO_PARSE, CommandError, from_exception
from .indexed import IndexedClient
from .protocol import OP_QUERY, Document, MalformedRequest, Request, encode_reply, parse_command

logger = logging.getLogger(__name__)

HANDLERS: dict[str, Handler] = {**admin.HANDLERS, **crud.HANDLERS, **ddl.HANDLERS}
#: operations at least this slow are logged (MongoDB's ``slowms`` default)
SLOW_MS = 100.0


@dataclass(frozen=True)
class Connection:
    id: int
    peer: str


class Backend:
    """The in-memory data every connection of a server shares.

    Commands run synchronously on the caller's thread; the lock serializes them, so one
    backend may even be shared by servers running on different event loops.
    """

    def __init__(
        self, client: MongoClient[Document] | None = None, *, slow_ms: float = SLOW_MS
    ) -> None:
        # Typed as PyMongo's client, like mongomock's stubs type its own.
        self.client = client if client is not None else cast(MongoClient[Document], IndexedClient())
        self.slow_ms = slow_ms
        self.cursors = CursorStore()
        self.stats = ServerStats()
        self._lock = threading.Lock()
        self._request_ids = itertools.count(1)

    def handle(self, request: Request, connection: Connection) -> bytes | None:
        """Answer one wire message; ``None`` when the client asked for no reply."""
        try:
            command = parse_command(request)
        except MalformedRequest as exc:
            reply = CommandError(FAILED_TO_PARSE, str(exc)).to_reply()
        else:
            try:
                reply = self.run(command.body, connection)
            except Exception as exc:  # last line of defence: keep the connection usable
                logger.exception("unexpected failure running a command")
                reply = CommandError(BAD_VALUE, f"internal error: {exc!r}").to_reply()
            if not command.expects_reply:
                return None
        legacy = request.op_code == OP_QUERY
        with self._lock:
            request_id = next(self._request_ids)
        try:
            return encode_reply(
                reply, request_id=request_id, response_to=request.request_id, legacy=legacy
            )
        except Exception as exc:  # e.g. a value BSON cannot encode, or an oversized reply
            logger.warning("cannot encode reply: %s", exc)
            error = CommandError(FAILED_TO_PARSE, f"cannot encode reply: {exc}").to_reply()
            return encode_reply(
                error, request_id=request_id, response_to=request.request_id, legacy=legacy
            )

    def run(self, body: Document, connection: Connection) -> Document:
        with self._lock:
            started = time.perf_counter()
            try:
                return self._run(body, connection)
            finally:
                ms = (time.perf_counter() - started) * 1000
                if ms >= self.slow_ms:
                    # MongoDB's "Slow query" log line, at its default threshold
                    name = next(iter(body), "?")
                    logger.warning(
                        "slow operation: %s %s.%s took %.0f ms (from %s)",
                        name,
                        body.get("$db", "?"),
                        body.get(name, "?"),
                        ms,
                        connection.peer,
                    )

    def _run(self, body: Document, connection: Connection) -> Document:
        if not body:
            return CommandError(FAILED_TO_PARSE, "empty command document").to_reply()
        name = next(iter(body))
        handler = HANDLERS.get(name)
        if handler is None:
            return CommandError(COMMAND_NOT_FOUND, f"no such command: '{name}'").to_reply()
        db_name = body.get("$db")
        if not isinstance(db_name, str) or not db_name:
            return CommandError(FAILED_TO_PARSE, "commands require a $db argument").to_reply()
        ctx = Context(
            client=self.client,
            cursors=self.cursors,
            stats=self.stats,
            db_name=db_name,
            command_name=name,
            connection_id=connection.id,
            peer=connection.peer,
        )
        target = body.get(name)
        self.stats.commands[(name, target if isinstance(target, str) else "")] += 1
        try:
            reply = handler(ctx, body)
        except Exception as exc:
            if not isinstance(exc, CommandError | OperationFailure):
                # Unsupported by mongomock, or a bug here. The client gets the message either
                # way; the traceback is for --verbose.
                logger.debug("command %r failed: %r", name, exc, exc_info=True)
            return from_exception(exc, collection=self._collection(ctx, body)).to_reply()
        reply["ok"] = 1.0
        return reply

    def _collection(self, ctx: Context, body: Document) -> Collection[Document] | None:
        target = body.get(ctx.command_name)
        if not isinstance(target, str) or not target:
            return None
        try:
            return ctx.db[target]
        except Exception:  # an invalid name: report the error without a namespace
            return None
