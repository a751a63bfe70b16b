"""A parse-pool worker: ``python -m resumeflow_parser.pool_worker``.

Long-lived: it imports the entry once, then parses one document after another for
its parent (:mod:`resumeflow_parser.pool`), which recycles it after a number of
documents. Every message on stdin/stdout is a frame: a 4-byte big-endian length,
then the payload.

* parent -> worker, once: JSON ``{"entry": "module:function", "path": [...],
  "network": "auto" | "required" | "off"}``; the worker enters a network namespace
  of its own (:mod:`resumeflow_parser.network`) before it imports anything, then
  answers JSON ``{"ready": pid, "isolated": bool}`` once the entry is imported
  (under ``required``, a worker that cannot isolate exits instead).
* parent -> worker, per document: a JSON header ``{"memory_mb", "cpu_s", "kwargs"}``
  frame, then a frame with the PDF bytes; the worker answers one JSON reply frame
  (the ``extract_worker`` replies: ``ok`` / ``rejected`` / ``error``).

End of stdin is the signal to exit. Limits are per document: the soft address-space
and CPU limits are set relative to what the worker already uses before each parse
and lifted after it; hard limits stay where they were so they can be lifted.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import struct
import sys
from typing import IO, Any

from resumeflow_parser.extract_worker import _address_space, _call, _load, resource_reply
from resumeflow_parser.network import isolate

_LENGTH = struct.Struct(">I")


def read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    return body


def frame(payload: bytes) -> bytes:
    return _LENGTH.pack(len(payload)) + payload


def _limit(kind: int, soft: int) -> None:
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(kind, (soft, hard))


def _lift(kind: int) -> None:
    _, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (hard, hard))


def _parse_one(target: Any, header: dict[str, Any], data: bytes) -> dict[str, Any]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    # CPU: what this worker has spent so far plus the document's allowance; the
    # first SIGXCPU past the soft limit kills the worker (default action).
    _limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + 1 + int(header["cpu_s"]))
    _limit(resource.RLIMIT_AS, _address_space() + int(header["memory_mb"]) * 1024 * 1024)
    try:
        return _call(target, data, header.get("kwargs", {}))
    except MemoryError:
        return resource_reply()
    finally:
        _lift(resource.RLIMIT_AS)
        _lift(resource.RLIMIT_CPU)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    hello = read_frame(requests)
    if hello is None:
        return
    setup = json.loads(hello)
    # Before the entry's import: one thread still, and no document read yet.
    isolated = isolate(str(setup.get("network", "auto")))
    sys.path[:] = list(setup["path"])
    target = _load(str(setup["entry"]))
    replies.write(frame(json.dumps({"ready": os.getpid(), "isolated": isolated}).encode()))
    replies.flush()
    while (head := read_frame(requests)) is not None:
        data = read_frame(requests)
        if data is None:
            return
        try:
            reply = json.dumps(_parse_one(target, json.loads(head), data)).encode()
        except MemoryError:
            reply = json.dumps(resource_reply()).encode()
        replies.write(frame(reply))
        replies.flush()


def main() -> None:
    # No core files: a crashing document must not leave hundreds of MB behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The protocol owns the real stdout; anything else that prints (MuPDF's
    # messages included) lands on stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    serve(sys.stdin.buffer, replies)
    replies.close()


if __name__ == "__main__":
    main()
