"""A TCP proxy that can cut a dependency off: ``block()`` drops every open connection
and refuses new ones until ``unblock()``. The chaos benchmark puts it between the
services and MongoDB to make the database unreachable for a while.

``hold()`` instead keeps connections open but forwards no request until ``release()``:
the client's next operation simply waits, so a test can stop a worker at a known point
in its work (e.g. mid-message, at its first database call). MongoDB handshakes
and heartbeats (``hello``) still pass: otherwise the driver's monitor would time out
after ``connectTimeoutMS`` and cancel the waiting operations."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

#: BSON keys of MongoDB handshakes and heartbeats (``hello``, legacy ``ismaster``): the
#: driver's monitor and every new connection need them answered, so they are never held.
HANDSHAKES = (b"hello\x00", b"ismaster\x00", b"isMaster\x00")


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.blocked = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._held: list[bytes] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> TcpProxy:
        self._thread = threading.Thread(target=self._run, daemon=True, name="tcp-proxy")
        self._thread.start()
        self._ready.wait(10)
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
            self._loop.run_forever()
        finally:
            self._drop_all()
            if self._server is not None:
                self._server.close()
                self._loop.run_until_complete(self._server.wait_closed())
            self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.close()

    async def _serve(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.blocked:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(
            self._pipe(reader, up_writer, upstream=True),
            self._pipe(up_reader, writer, upstream=False),
            return_exceptions=True,
        )
        self._writers -= {writer, up_writer}

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, upstream: bool
    ) -> None:
        try:
            while data := await reader.read(65536):
                if upstream and not self._flowing.is_set() and not _handshake(data):
                    self._held.append(data)
                    try:
                        await self._flowing.wait()
                    finally:
                        self._held.remove(data)
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    def _drop_all(self) -> None:
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()

    def block(self) -> None:
        self.blocked = True
        if self._loop:
            self._loop.call_soon_threadsafe(self._drop_all)

    def unblock(self) -> None:
        self.blocked = False

    def hold(self) -> None:
        """Stop forwarding requests (heartbeats excepted); effective when this returns."""
        self._in_loop(self._flowing.clear)

    def held(self) -> list[bytes]:
        """The requests waiting right now (one per client operation that is stuck)."""
        return list(self._held)

    def release(self) -> None:
        """Forward again, including whatever arrived while held."""
        self._in_loop(self._flowing.set)

    def _in_loop(self, action: Callable[[], None]) -> None:
        assert self._loop is not None, "start() the proxy first"

        async def run() -> None:
            action()

        asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=10)

    def stop(self) -> None:
        if self._loop and self._thread:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


def _handshake(data: bytes) -> bool:
    return any(key in data for key in HANDSHAKES)
