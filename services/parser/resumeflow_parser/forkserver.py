"""Each document in its own process, forked from a server that imported PyMuPDF once.

:mod:`resumeflow_parser.sandbox` starts a fresh interpreter per document, which pays
PyMuPDF's import (seconds of CPU) every time. Here a multiprocessing fork server
preloads the extractor once; every document still runs in a child of its own with
the same memory and CPU limits and the same outcome mapping (``sandbox._outcome``),
so one hostile file still cannot take the worker down, but a parse costs only the
parse. Each child enters a network namespace of its own before it touches the
document (:mod:`resumeflow_parser.network`). The worker keeps using
:class:`ForkParser` for its whole life.
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import os
import sys
from multiprocessing.connection import Connection
from typing import Any

from resumeflow_parser.extract_worker import (
    ENTRY,
    _call,
    _load,
    apply_limits,
    encode_kwargs,
    resource_reply,
)
from resumeflow_parser.network import NetworkIsolation, NetworkIsolationUnavailable, isolate
from resumeflow_parser.sandbox import RunsParses, _outcome
from resumeflow_shared.errors import ErrorCode, Rejected

PRELOAD = "resumeflow_parser.forkserver_preload"


def _child(
    conn: Connection,
    entry: str,
    data: bytes,
    limits: tuple[int, int],
    kwargs: dict[str, Any],
    path: list[str],
    network: str,
) -> None:
    sys.path[:] = path  # the fork server's path was fixed when it started
    memory_mb, cpu_s = limits
    try:
        isolate(network)  # a fresh fork has one thread; under required it raises
        target = _load(entry)
        apply_limits(memory_mb, cpu_s)
        reply = _call(target, data, kwargs)
    except MemoryError:
        reply = resource_reply()
    except NetworkIsolationUnavailable as exc:
        reply = {"error": f"NetworkIsolationUnavailable: {exc}"}
    conn.send_bytes(json.dumps(reply).encode())
    conn.close()


class ForkParser(RunsParses):
    """``await parser.parse(data, timeout_s=..., memory_mb=..., **parse_pdf_kwargs)``."""

    def __init__(self, entry: str = ENTRY, network: NetworkIsolation = "auto") -> None:
        # glibc reserves 64 MiB of address space per malloc arena; under an address
        # space limit that, not the document, would decide when a parse fails.
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        self._entry = entry
        self._network = network
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload([PRELOAD])

    async def run(
        self,
        data: bytes,
        *,
        timeout_s: float,
        memory_mb: int,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """The entry's JSON result, or the sandbox's Rejected / SandboxError outcomes."""
        encoded = encode_kwargs(kwargs or {})
        return await asyncio.to_thread(self._run, data, timeout_s, memory_mb, encoded)

    def _run(self, data: bytes, timeout_s: float, memory_mb: int, kwargs: dict[str, Any]) -> Any:
        receive, send = self._ctx.Pipe(duplex=False)
        limits = (memory_mb, math.ceil(timeout_s) + 1)
        args = (send, self._entry, data, limits, kwargs, list(sys.path), self._network)
        proc = self._ctx.Process(target=_child, args=args, daemon=True)
        proc.start()
        send.close()
        try:
            if not receive.poll(timeout_s):
                raise Rejected(
                    ErrorCode.PARSE_TIMEOUT, f"parsing took longer than {timeout_s:g} seconds"
                )
            try:
                out = receive.recv_bytes()
            except EOFError:
                out = b""
            proc.join(10)
            return _outcome(proc.exitcode, out, b"")
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join()
            receive.close()
            proc.close()
