"""A pool of long-lived, preloaded, sandboxed parse workers.

:class:`~resumeflow_parser.forkserver.ForkParser` forks a ~200 MB process per
document; most of a parse's cost there is the fork and the exit, not the parse.
Here ``size`` workers (:mod:`resumeflow_parser.pool_worker`) import the extractor
once and parse one document at a time each, under the same per-document limits:

* memory: the worker's soft ``RLIMIT_AS`` is its footprint plus ``memory_mb`` for
  the length of each parse (a failed allocation is ``parse_resource_limit``);
* CPU: a soft ``RLIMIT_CPU`` of what the worker has used so far plus the document's
  allowance (``SIGXCPU`` is ``parse_timeout``);
* wall clock: the parent kills the worker (``parse_timeout``).

A worker is retired after ``max_docs`` documents, when its RSS grows past
``max_rss_mb``, after a resource-limit rejection (its heap may be in poor shape)
and whenever it dies; a replacement starts at once so the next document finds a
warm one. A document whose worker dies under it (a crash, a kill by the kernel or
an operator) is tried again on a fresh worker, ``max_tries`` times in all, then
fails with ``parse_resource_limit``: a neighbour's memory or a signal sent to the
wrong process must not fail a good document, and a document that kills every
worker it meets must not kill them forever. Timeouts are not retried: each try
would cost another full timeout. Other documents are in other workers and never
notice.

Workers run with an allow-listed environment (:data:`ENV_ALLOWED`), so no
database URL or API key is readable from a process that handles untrusted
input, and they talk to the service only through their stdin/stdout pipes; each
enters a network namespace of its own before it reads a document
(:mod:`resumeflow_parser.network`, ``network``).
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
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from resumeflow_parser.extract_worker import ENTRY, encode_kwargs
from resumeflow_parser.network import NetworkIsolation
from resumeflow_parser.pool_worker import frame
from resumeflow_parser.sandbox import RunsParses, SandboxError, _outcome
from resumeflow_shared.errors import ErrorCode, Rejected

log = logging.getLogger(__name__)

# What a worker may see of the service's environment; everything else (MONGODB_URL,
# NATS credentials, OPENAI_API_KEY, ...) stays in the service. PYTHONPATH is there
# because the worker module itself is found before the parent's sys.path arrives.
ENV_ALLOWED = (
    "PATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TESSDATA_PREFIX",
    "TMPDIR",
    "PYTHONPATH",
)
_ENV_DEFAULTS = {
    # glibc reserves 64 MiB of address space per malloc arena; under an address
    # space limit that, not the document, would decide when a parse fails.
    "MALLOC_ARENA_MAX": "2",
    "OMP_THREAD_LIMIT": "1",
}
_STARTUP_TIMEOUT_S = 120.0
_STDERR_TAIL = 4096


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the host's count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    source = os.environ if environ is None else environ
    env = {name: source[name] for name in ENV_ALLOWED if name in source}
    for name, value in _ENV_DEFAULTS.items():
        env[name] = source.get(name, value)
    return env


class _WorkerDied(Exception):
    def __init__(self, outcome: BaseException) -> None:
        super().__init__(str(outcome))
        self.outcome = outcome


@dataclass(eq=False)  # identity: each worker is one process
class _Worker:
    proc: asyncio.subprocess.Process
    stderr: asyncio.Task[bytes]
    docs: int = 0
    retire: bool = field(default=False)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.pid}/statm") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError):
            return 0.0


class ParsePool(RunsParses):
    """``async with ParsePool(size=2) as pool: await pool.parse(data, timeout_s=..., ...)``.

    The same ``parse`` / ``run`` interface as ``ForkParser``. ``entry``
    (``"module:function"``) is what the workers call; tests point it at hooks.
    """

    def __init__(
        self,
        *,
        size: int | None = None,
        max_docs: int = 200,
        max_rss_mb: float = 1024,
        max_tries: int = 2,
        entry: str = ENTRY,
        network: NetworkIsolation = "auto",
    ) -> None:
        self._network = network
        self._size = max(size or cpu_count(), 1)
        self._max_docs = max(max_docs, 1)
        self._max_rss_mb = max_rss_mb
        self._max_tries = max(max_tries, 1)
        self._entry = entry
        self._idle: list[_Worker] = []
        self._warming: list[asyncio.Task[_Worker]] = []
        self._all: set[_Worker] = set()
        self._stopping: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self._closed = False

    @property
    def size(self) -> int:
        return self._size

    async def __aenter__(self) -> ParsePool:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def start(self) -> None:
        """Start the workers now (else they start with the first document)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
            for _ in range(self._size):
                self._warm()

    def worker_pids(self) -> list[int]:
        """Pids of the live workers (for tests and diagnostics)."""
        return sorted(w.pid for w in self._all if w.proc.returncode is None)

    async def run(
        self,
        data: bytes,
        *,
        timeout_s: float,
        memory_mb: int,
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        """The entry's JSON result, or the sandbox's Rejected / SandboxError outcomes."""
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        self.start()
        assert self._slots is not None
        header = {
            "memory_mb": memory_mb,
            "cpu_s": math.ceil(timeout_s) + 1,
            "kwargs": encode_kwargs(kwargs or {}),
        }
        request = frame(json.dumps(header).encode()) + frame(data)
        for attempt in range(1, self._max_tries + 1):
            async with self._slots:
                worker = await self._take()
                try:
                    return _settle(worker, await self._exchange(worker, request, timeout_s))
                except _WorkerDied as died:
                    retry = _retryable(died.outcome) and attempt < self._max_tries
                    log.warning(
                        "parse worker died",
                        extra={"pid": worker.pid, "attempt": attempt, "retry": retry},
                    )
                    if not retry:
                        raise died.outcome from None
                finally:
                    self._give_back(worker)
        raise AssertionError("unreachable")  # pragma: no cover

    async def aclose(self) -> None:
        self._closed = True
        warming, self._warming = self._warming, []
        for task in warming:
            task.cancel()
        for started in await asyncio.gather(*warming, return_exceptions=True):
            if isinstance(started, _Worker):
                self._all.add(started)
        self._idle = []
        stops = [_stop(w) for w in list(self._all)]
        await asyncio.gather(*stops, *self._stopping, return_exceptions=True)
        self._all.clear()

    async def _take(self) -> _Worker:
        while self._idle:
            worker = self._idle.pop()
            if worker.proc.returncode is None:
                return worker
            self._retire(worker)
        task = self._warming.pop(0) if self._warming else asyncio.create_task(self._spawn())
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if not task.done():
                self._warming.insert(0, task)  # still starting: the next document takes it
            elif not task.cancelled() and task.exception() is None:
                self._idle.append(task.result())
            raise

    def _give_back(self, worker: _Worker) -> None:
        if self._closed:
            return
        alive = worker.proc.returncode is None
        if (
            alive
            and not worker.retire
            and worker.docs < self._max_docs
            and worker.rss_mb() < self._max_rss_mb
        ):
            self._idle.append(worker)
            return
        self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        if worker in self._idle:
            self._idle.remove(worker)
        if worker not in self._all:
            return
        self._forget(worker)
        task = asyncio.create_task(_stop(worker))
        self._stopping.add(task)
        task.add_done_callback(self._stopped)
        if not self._closed:
            self._warm()

    def _stopped(self, task: asyncio.Task[None]) -> None:
        self._stopping.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("stopping a parse worker failed", exc_info=task.exception())

    def _forget(self, worker: _Worker) -> None:
        self._all.discard(worker)

    def _warm(self) -> None:
        self._warming.append(asyncio.create_task(self._spawn()))

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "resumeflow_parser.pool_worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=worker_env(),
            start_new_session=True,  # its own process group: a kill takes its children too
        )
        assert proc.stdin is not None
        assert proc.stdout is not None
        assert proc.stderr is not None
        worker = _Worker(proc, asyncio.create_task(_tail(proc.stderr)))
        self._all.add(worker)
        try:
            hello = {"entry": self._entry, "path": list(sys.path), "network": self._network}
            proc.stdin.write(frame(json.dumps(hello).encode()))
            async with asyncio.timeout(_STARTUP_TIMEOUT_S):
                await proc.stdin.drain()
                ready = json.loads(await _read_frame(proc.stdout))
        except (OSError, EOFError, ValueError, asyncio.IncompleteReadError):
            self._forget(worker)
            await _stop(worker)
            raise SandboxError(f"a parse worker failed to start: {await worker.stderr!r}") from None
        except BaseException:
            self._forget(worker)
            await _stop(worker)
            raise
        if not isinstance(ready, dict) or ready.get("ready") != proc.pid:
            self._forget(worker)
            await _stop(worker)
            raise SandboxError(f"a parse worker sent {ready!r} instead of ready")
        return worker

    async def _exchange(self, worker: _Worker, request: bytes, timeout_s: float) -> bytes:
        proc = worker.proc
        assert proc.stdin is not None
        assert proc.stdout is not None
        worker.docs += 1
        try:
            async with asyncio.timeout(timeout_s):
                proc.stdin.write(request)
                await proc.stdin.drain()
                return await _read_frame(proc.stdout)
        except TimeoutError:
            worker.retire = True
            _kill(worker)
            log.warning("parse timed out", extra={"timeout_s": timeout_s, "pid": worker.pid})
            raise Rejected(
                ErrorCode.PARSE_TIMEOUT, f"parsing took longer than {timeout_s:g} seconds"
            ) from None
        except (OSError, asyncio.IncompleteReadError):
            worker.retire = True
            code = await proc.wait()
            stderr = await worker.stderr
            try:
                _outcome(code, b"", stderr)
            except (Rejected, SandboxError) as outcome:
                raise _WorkerDied(outcome) from None
            raise AssertionError("unreachable") from None  # pragma: no cover
        except BaseException:
            # Cancelled mid-document: the worker is somewhere in a parse nobody
            # will read; it cannot serve the next one.
            worker.retire = True
            _kill(worker)
            raise


def _settle(worker: _Worker, reply: bytes) -> Any:
    try:
        return _outcome(0, reply, b"")
    except Rejected as rejected:
        if rejected.code == ErrorCode.PARSE_RESOURCE_LIMIT:
            worker.retire = True  # a failed allocation may have left its heap in poor shape
        raise


def _retryable(outcome: BaseException) -> bool:
    """Deaths that may not be the document's doing: crashes and kills, not CPU overruns."""
    return isinstance(outcome, Rejected) and outcome.code == ErrorCode.PARSE_RESOURCE_LIMIT


async def _read_frame(stream: asyncio.StreamReader) -> bytes:
    head = await stream.readexactly(4)
    return await stream.readexactly(int.from_bytes(head, "big"))


async def _tail(stream: asyncio.StreamReader) -> bytes:
    """Drain the worker's stderr (so it never blocks on a full pipe); keep the end."""
    kept = b""
    while chunk := await stream.read(65536):
        kept = (kept + chunk)[-_STDERR_TAIL:]
    return kept


def _kill(worker: _Worker) -> None:
    if worker.proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(worker.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            worker.proc.kill()


async def _stop(worker: _Worker) -> None:
    """End of input asks the worker to exit; one that does not is killed."""
    proc = worker.proc
    if proc.stdin is not None and not proc.stdin.is_closing():
        proc.stdin.close()
    try:
        async with asyncio.timeout(5):
            await proc.wait()
    except TimeoutError:
        _kill(worker)
        await proc.wait()
    await asyncio.wait([worker.stderr])
