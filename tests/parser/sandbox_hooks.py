"""Misbehaving entry points for the sandbox tests; they run inside the child process."""

from __future__ import annotations

import os
import resource
import signal
import socket
import time
from typing import Any

from resumeflow_shared.errors import ErrorCode, Rejected


def echo(data: bytes, **kwargs: Any) -> dict[str, Any]:
    return {"size": len(data), "kwargs": {k: repr(v) for k, v in kwargs.items()}}


def sleep(data: bytes, **kwargs: Any) -> None:
    time.sleep(600)


def spin_past_cpu_limit(data: bytes, **kwargs: Any) -> None:
    # The wall clock normally fires first; lower the CPU limit so SIGXCPU does.
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))
    while True:
        pass


def allocate(data: bytes, **kwargs: Any) -> None:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def crash(data: bytes, **kwargs: Any) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.kill(os.getpid(), signal.SIGSEGV)


def reject(data: bytes, **kwargs: Any) -> None:
    raise Rejected(ErrorCode.PDF_ENCRYPTED, "the PDF is protected by a password")


def bug(data: bytes, **kwargs: Any) -> None:
    raise KeyError("surprise")


def environ(data: bytes, **kwargs: Any) -> dict[str, str]:
    """What a worker can read of its environment."""
    return dict(os.environ)


def pid(data: bytes, **kwargs: Any) -> int:
    return os.getpid()


def dispatch(data: bytes, *, hook: str, **kwargs: Any) -> Any:
    """One pool, many behaviours: ``kwargs["hook"]`` names the hook to run."""
    target = globals()[hook]
    return target(data, **kwargs)


def die(data: bytes, *, tries: str, **kwargs: Any) -> None:
    """SIGKILL itself every time, after noting the try in the file ``tries``."""
    with open(tries, "a") as out:
        out.write(f"{os.getpid()}\n")
    os.kill(os.getpid(), signal.SIGKILL)


def pause_once(data: bytes, *, marker: str, **kwargs: Any) -> dict[str, Any]:
    """First try: write our pid to the FIFO ``marker`` and wait to be killed; later
    tries: echo."""
    seen = marker + ".seen"
    if not os.path.exists(seen):
        open(seen, "w").close()
        with open(marker, "w") as fifo:
            fifo.write(str(os.getpid()))
        time.sleep(600)
    return {"pid": os.getpid(), "size": len(data)}


_HOARD: list[bytes] = []


def hoard(data: bytes, *, mb: int, **kwargs: Any) -> int:
    """Keep ``mb`` more MiB resident in this worker (a leak); return our pid."""
    _HOARD.append(b"\x01" * (mb * 1024 * 1024))
    return os.getpid()


def connect(data: bytes, *, port: int, **kwargs: Any) -> str:
    """Try a TCP connection to ``127.0.0.1:port`` from inside the worker."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            return "connected"
    except OSError as exc:
        return f"refused: {exc}"
