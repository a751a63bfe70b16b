"""The asyncio TCP server, usable in-process or from a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import threading
from collections.abc import Callable
from types import TracebackType

from .commands import Backend, Connection
from .protocol import ProtocolError, read_request

logger = logging.getLogger(__name__)

_STOP_GRACE_SECONDS = 5.0


class DevMongoServer:
    """A NON-DURABLE MongoDB stand-in for development and tests; data lives in memory only."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, backend: Backend | None = None
    ) -> None:
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self.backend = backend if backend is not None else Backend()
        self._server: asyncio.Server | None = None
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}
        self._connection_ids = itertools.count(1)

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("server already started")
        self._server = await asyncio.start_server(
            self._serve_connection, self._host, self._requested_port
        )
        self._port = int(self._server.sockets[0].getsockname()[1])
        self.backend.stats.host = self._host
        self.backend.stats.port = self._port

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("server not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"mongodb://{host}:{self.port}"

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        # Closing the transports ends each connection's read loop on its own.
        for writer in self._connections.values():
            writer.close()
        tasks = set(self._connections)
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=_STOP_GRACE_SECONDS)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await server.wait_closed()

    async def __aenter__(self) -> DevMongoServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections[task] = writer
        stats = self.backend.stats
        stats.current_connections += 1
        stats.total_connections += 1
        connection = Connection(id=next(self._connection_ids), peer=_peer(writer))
        try:
            await self._serve_requests(reader, writer, connection)
        except (ConnectionError, ProtocolError) as exc:
            logger.debug("connection %s closed: %s", connection.peer, exc)
        except Exception:
            logger.exception("connection %s failed", connection.peer)
        finally:
            stats.current_connections -= 1
            del self._connections[task]
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve_requests(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, connection: Connection
    ) -> None:
        while (request := await read_request(reader)) is not None:
            reply = self.backend.handle(request, connection)
            if reply is not None:
                writer.write(reply)
                await writer.drain()


def _peer(writer: asyncio.StreamWriter) -> str:
    address = writer.get_extra_info("peername")
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address)


class _ServerThread(threading.Thread):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(name="dev-mongo-server", daemon=True)
        self._host = host
        self._port = port
        self.ready = threading.Event()
        self.url = ""
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_requested: asyncio.Event | None = None
        self._stop_lock = threading.Lock()

    def run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # handed to the thread that called start_in_thread
            self.error = exc
            logger.exception("development MongoDB server thread failed")
        finally:
            self.ready.set()

    async def _serve(self) -> None:
        server = DevMongoServer(self._host, self._port)
        await server.start()
        self._loop = asyncio.get_running_loop()
        self._stop_requested = asyncio.Event()
        self.url = server.url
        self.ready.set()
        try:
            await self._stop_requested.wait()
        finally:
            await server.stop()

    def stop(self) -> None:
        with self._stop_lock:
            if self.is_alive() and self._loop is not None and self._stop_requested is not None:
                with contextlib.suppress(RuntimeError):  # the loop has already closed
                    self._loop.call_soon_threadsafe(self._stop_requested.set)
            self.join()


def start_in_thread(host: str = "127.0.0.1", port: int = 0) -> tuple[str, Callable[[], None]]:
    """Run a server on its own event loop in a daemon thread, for synchronous callers.

    Returns the server URL and an idempotent function that stops the server and waits for
    the thread to finish.
    """
    thread = _ServerThread(host, port)
    thread.start()
    thread.ready.wait()
    if thread.error is not None:
        thread.join()
        raise thread.error
    return thread.url, thread.stop
