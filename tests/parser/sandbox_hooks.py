"""Misbehaving entry points for the sandbox tests; they run inside the child process."""

from __future__ import annotations

import os
import resource
import signal
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
