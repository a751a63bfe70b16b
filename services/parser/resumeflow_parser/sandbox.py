"""Parse each document in a throw-away child process with memory, CPU and time limits.

A hostile PDF can make MuPDF loop, allocate without bound or crash; none of that
may reach the worker. Every document gets a fresh child
(:mod:`resumeflow_parser.extract_worker`) that exits after one parse. The wall
clock starts when the document is handed over, not when the child is spawned, so
the interpreter's start-up does not eat into the document's time; a
:class:`ParserPool` also hides that start-up by keeping children started ahead of
need.

Outcomes in the parent:

* the child's result: a :class:`ParseResult`;
* the child raised :class:`Rejected`: the same code and message here;
* wall clock exceeded: the child's process group is killed, ``parse_timeout``;
* CPU limit (``SIGXCPU``): ``parse_timeout``;
* ``MemoryError``, a MuPDF allocation failure, or death by any other signal once
  the document was handed over: ``parse_resource_limit``;
* anything else (a bug, a child that cannot start): :class:`SandboxError`, which
  the runner retries like any other unexpected error.

``memory_mb`` is the address space the parse may add on top of the child's own
footprint after start-up: PyMuPDF alone maps a few hundred MiB of libraries, so
an absolute limit would mostly measure the libraries.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from resumeflow_parser.extract_worker import ENTRY, READY, encode_kwargs
from resumeflow_parser.network import NetworkIsolation
from resumeflow_shared.errors import ErrorCode, Rejected
from resumeflow_shared.profile import ParseResult

log = logging.getLogger(__name__)

_STARTUP_TIMEOUT_S = 120.0
_STDERR_TAIL = 4096


class SandboxError(RuntimeError):
    """The child failed in a way that says nothing about the document."""


class Parser(Protocol):
    """What the stage handler needs: ``ForkParser``, ``ParsePool`` and ``ParserPool`` fit."""

    async def parse(
        self, data: bytes, *, timeout_s: float, memory_mb: int, **parse_kwargs: Any
    ) -> ParseResult: ...


async def parse_isolated(
    data: bytes,
    *,
    timeout_s: float,
    memory_mb: int,
    network: NetworkIsolation = "auto",
    **parse_kwargs: Any,
) -> ParseResult:
    """:func:`~resumeflow_parser.extract.parse_pdf` in a fresh child process with limits."""
    child = await _start(ENTRY, network)
    reply = await _exchange(
        child, data, timeout_s=timeout_s, memory_mb=memory_mb, kwargs=parse_kwargs
    )
    return ParseResult.model_validate(reply)


class RunsParses:
    """``parse`` on top of a sandbox's ``run``: the three sandboxes share it."""

    async def run(
        self,
        data: bytes,
        *,
        timeout_s: float,
        memory_mb: int,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        raise NotImplementedError

    async def parse(
        self, data: bytes, *, timeout_s: float, memory_mb: int, **parse_kwargs: Any
    ) -> ParseResult:
        reply = await self.run(data, timeout_s=timeout_s, memory_mb=memory_mb, kwargs=parse_kwargs)
        return ParseResult.model_validate(reply)


class ParserPool(RunsParses):
    """Single-use children, started ``spares`` at a time ahead of need.

    Use as ``async with ParserPool(spares=2) as pool: await pool.parse(...)``.
    ``entry`` (``"module:function"``) is what the children call; tests point it at
    misbehaving functions.
    """

    def __init__(
        self, *, spares: int = 1, entry: str = ENTRY, network: NetworkIsolation = "auto"
    ) -> None:
        self._entry = entry
        self._network = network
        self._spares = max(spares, 0)
        self._ready: deque[asyncio.Task[_Child]] = deque()
        self._closed = False

    async def __aenter__(self) -> ParserPool:
        self._fill()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def run(
        self,
        data: bytes,
        *,
        timeout_s: float,
        memory_mb: int,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """The entry's JSON result for ``data``, with the outcomes listed in the module doc."""
        if self._closed:
            raise RuntimeError("the parser pool is closed")
        spare = (
            self._ready.popleft()
            if self._ready
            else asyncio.create_task(_start(self._entry, self._network))
        )
        self._fill()
        child = await spare
        return await _exchange(child, data, timeout_s=timeout_s, memory_mb=memory_mb, kwargs=kwargs)

    async def aclose(self) -> None:
        self._closed = True
        spares, self._ready = list(self._ready), deque()
        for task in spares:
            task.cancel()
        for started in await asyncio.gather(*spares, return_exceptions=True):
            if isinstance(started, _Child):
                await _reap(started)

    def _fill(self) -> None:
        while not self._closed and len(self._ready) < self._spares:
            self._ready.append(asyncio.create_task(_start(self._entry, self._network)))


@dataclass
class _Child:
    proc: asyncio.subprocess.Process
    stderr: asyncio.Task[bytes]


async def _start(entry: str, network: NetworkIsolation) -> _Child:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "resumeflow_parser.extract_worker",
        entry,
        network,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=_child_env(),
        start_new_session=True,  # its own process group: a kill takes its children too
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    child = _Child(proc, asyncio.create_task(_tail(proc.stderr)))
    try:
        ready = await asyncio.wait_for(proc.stdout.readline(), _STARTUP_TIMEOUT_S)
    except BaseException:
        await _reap(child)
        raise
    if ready != READY:
        await _reap(child)
        raise SandboxError(f"the parser process failed to start: {await child.stderr!r}")
    return child


async def _exchange(
    child: _Child,
    data: bytes,
    *,
    timeout_s: float,
    memory_mb: int,
    kwargs: dict[str, Any] | None,
) -> Any:
    proc = child.proc
    assert proc.stdin is not None
    assert proc.stdout is not None
    header = {
        "memory_mb": memory_mb,
        "cpu_s": math.ceil(timeout_s) + 1,
        "kwargs": encode_kwargs(kwargs or {}),
    }
    try:
        async with asyncio.timeout(timeout_s):
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                proc.stdin.write(json.dumps(header).encode() + b"\n" + data)
                await proc.stdin.drain()
                proc.stdin.close()
            out = await proc.stdout.read()
            await proc.wait()
    except TimeoutError:
        log.warning("parse timed out", extra={"timeout_s": timeout_s})
        raise Rejected(
            ErrorCode.PARSE_TIMEOUT, f"parsing took longer than {timeout_s:g} seconds"
        ) from None
    finally:
        await _reap(child)
    return _outcome(proc.returncode, out, await child.stderr)


def _outcome(code: int | None, out: bytes, stderr: bytes) -> Any:
    reply: Any = None
    with contextlib.suppress(ValueError):
        reply = json.loads(out) if out else None
    if isinstance(reply, dict):
        if "ok" in reply:
            return reply["ok"]
        if "rejected" in reply:
            rejected = reply["rejected"]
            raise Rejected(ErrorCode(rejected["code"]), str(rejected["message"]))
        raise SandboxError(f"the parser failed: {reply.get('error', 'no reply')}")
    if code is not None and code < 0:
        _signalled(-code)
    if b"MemoryError" in stderr:  # out of memory even for writing the reply
        _signalled(signal.SIGKILL)
    raise SandboxError(f"the parser process exited with {code}: {stderr[-500:]!r}")


def _signalled(number: int) -> None:
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = str(number)
    log.warning("parse process killed", extra={"signal": name})
    if number == signal.SIGXCPU:
        raise Rejected(ErrorCode.PARSE_TIMEOUT, "parsing used more CPU time than allowed")
    raise Rejected(
        ErrorCode.PARSE_RESOURCE_LIMIT,
        f"the parser process was killed ({name}), most likely by its memory limit",
    )


async def _tail(stream: asyncio.StreamReader) -> bytes:
    """Drain the child's stderr (so it never blocks on a full pipe); keep the end."""
    kept = b""
    while chunk := await stream.read(65536):
        kept = (kept + chunk)[-_STDERR_TAIL:]
    return kept


async def _reap(child: _Child) -> None:
    proc = child.proc
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    await proc.wait()
    await asyncio.wait([child.stderr])


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # glibc reserves 64 MiB of address space per malloc arena; under an
    # address-space limit that, not the document, would decide when we fail.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    env.setdefault("OMP_THREAD_LIMIT", "1")
    return env
