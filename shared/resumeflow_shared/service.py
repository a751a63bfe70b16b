"""Hosting a stage worker: connect, declare, serve health and metrics, run, drain.

Every worker's ``__main__`` is ``run_worker(settings, build_spec)``. Start-up waits for
NATS and MongoDB (a worker that starts before its dependencies keeps trying rather
than crash-looping), SIGTERM stops fetching, lets in-flight messages finish within
the grace period (the rest are nak'ed for redelivery) and exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nats.aio.client import Client as NATS
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pymongo import AsyncMongoClient

from resumeflow_shared import bus, tracing
from resumeflow_shared.runner import StageRunner, StageSpec
from resumeflow_shared.settings import WorkerSettings
from resumeflow_shared.store import Document, ResumeStore, connect
from resumeflow_shared.telemetry import configure_logging, service_instance

log = logging.getLogger(__name__)


@dataclass
class WorkerDeps:
    """What a stage's builder gets: opened clients, never connection strings."""

    settings: WorkerSettings
    store: ResumeStore
    nc: NATS


SpecBuilder = Callable[[WorkerDeps], Awaitable[StageSpec[Any]]]


class HealthServer:
    """``/healthz`` (alive), ``/readyz`` (NATS connected, consumer bound, MongoDB ping) and
    ``/metrics`` on one small port; plain asyncio so workers need no web framework."""

    def __init__(self, ready: Callable[[], Awaitable[bool]]) -> None:
        self._ready = ready
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self, port: int, fd: int | None = None) -> None:
        if fd is not None:  # handed over already listening: nothing can take the port
            sock = socket.socket(fileno=fd)
            self._server = await asyncio.start_server(self._serve, sock=sock)
        else:
            self._server = await asyncio.start_server(self._serve, "0.0.0.0", port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (b"\r\n", b""):
                pass
            parts = request.decode("latin-1").split()
            path = parts[1].split("?")[0] if len(parts) > 1 else "/"
            status, ctype, body = await self._route(path)
            head = (
                f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _route(self, path: str) -> tuple[str, str, bytes]:
        if path == "/metrics":
            return "200 OK", CONTENT_TYPE_LATEST, generate_latest()
        if path == "/healthz":
            return "200 OK", "application/json", b'{"status":"ok"}'
        if path == "/readyz":
            if await self._ready():
                return "200 OK", "application/json", b'{"status":"ready"}'
            return "503 Service Unavailable", "application/json", b'{"status":"not ready"}'
        return "404 Not Found", "application/json", b'{"error":{"code":"not_found"}}'


async def wait_for_mongo(client: AsyncMongoClient[Document], stop: asyncio.Event) -> None:
    delay = 0.5
    while not stop.is_set():
        try:
            await client.admin.command("ping")
            return
        except Exception as exc:
            log.warning("waiting for MongoDB: %s", exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


def install_signal_handlers(stop: Callable[[], None]) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)


async def run_worker(settings: WorkerSettings, name: str, build: SpecBuilder) -> None:
    """Run one stage worker until SIGTERM/SIGINT."""
    configure_logging(name, settings.log_level, settings.log_format)
    tracing.setup(name, settings.traces_exporter, instance=service_instance())
    stopping = asyncio.Event()
    runner: StageRunner | None = None

    def stop() -> None:
        log.info("stop requested; draining")
        stopping.set()
        if runner:
            runner.stop()

    install_signal_handlers(stop)
    mongo = connect(settings.mongodb_url)
    await wait_for_mongo(mongo, stopping)
    nc = await bus.connect(settings, f"resumeflow-{name}-{service_instance()}", name)
    last_ping = [0.0, False]

    async def ready() -> bool:
        if not (nc.is_connected and runner and runner.ready.is_set()):
            return False
        if time.monotonic() - last_ping[0] > 2.0:
            try:
                await asyncio.wait_for(store.ping(), timeout=2)
                last_ping[:] = [time.monotonic(), True]
            except Exception:
                last_ping[:] = [time.monotonic(), False]
        return bool(last_ping[1])

    health = HealthServer(ready)
    try:
        store = ResumeStore.from_client(mongo, settings.mongodb_db)
        # Ingest creates the indexes, then the streams: once the streams exist, so do
        # the indexes. Workers' MongoDB users may not create indexes (a TTL index is
        # a delete), see deploy/mongo/init-users.js.
        await bus.wait_for_streams(nc.jetstream(), settings, stopping)
        spec = await build(WorkerDeps(settings=settings, store=store, nc=nc))
        runner = StageRunner(nc, spec, settings)
        await health.start(settings.health_port or settings.metrics_port, settings.listen_fd)
        log.info("worker started", extra={"health_port": health.port})
        if not stopping.is_set():
            await runner.run()
    finally:
        await health.stop()
        with contextlib.suppress(Exception):
            await nc.drain()
        await mongo.close()
        tracing.shutdown()
        log.info("worker stopped")
