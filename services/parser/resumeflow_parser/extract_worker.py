"""The sandbox child: ``python -m resumeflow_parser.extract_worker [module:function [network]]``.

Enters a network namespace of its own (``network``: ``auto`` by default, see
:mod:`resumeflow_parser.network`), imports the entry (by default ``parse_pdf``),
writes ``ready``, reads one request from stdin (a JSON header line, then the PDF
bytes to EOF), applies its memory and CPU limits, calls the entry, writes one JSON
reply to stdout and exits. Replies:
``{"ok": ...}``, ``{"rejected": {"code", "message"}}`` or ``{"error": "..."}``.

This module is imported by the parent too (for the protocol constants), so it
must stay free of heavy imports at module level.
"""

from __future__ import annotations

import json
import logging
import math
import os
import resource
import sys
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from resumeflow_parser.network import isolate
from resumeflow_shared.errors import ErrorCode, Rejected

ENTRY = "resumeflow_parser.extract:parse_pdf"
READY = b"ready\n"
# Optional PyMuPDF add-ons (onnxruntime layout analysis, pymupdf4llm) that the
# extractor never calls but that double the child's start-up time and footprint.
_UNUSED_MODULES = ("pymupdf.layout", "pymupdf4llm")
_MEMORY_WORDS = ("memoryerror", "malloc", "cannot allocate", "out of memory", "fzerrormemory")


def encode_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in kwargs.items()}


def _decode_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    out = dict(kwargs)
    if isinstance(out.get("today"), str):
        out["today"] = date.fromisoformat(out["today"])
    return out


def _load(entry: str) -> Callable[..., Any]:
    for name in _UNUSED_MODULES:
        # None in sys.modules makes "import name" raise ImportError, which PyMuPDF
        # treats as "add-on not installed".
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    module, _, name = entry.partition(":")
    imported = __import__(module, fromlist=[name])
    target: Callable[..., Any] = getattr(imported, name)
    return target


def apply_limits(memory_mb: int, cpu_s: int) -> None:
    """Address space: the current footprint plus ``memory_mb``; CPU: ``cpu_s`` more seconds."""
    limit = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = math.ceil(used.ru_utime + used.ru_stime)
    resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu_s, spent + cpu_s + 2))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0  # no procfs: the limit becomes absolute


def _call(target: Callable[..., Any], data: bytes, kwargs: dict[str, Any]) -> dict[str, Any]:
    try:
        result = target(data, **_decode_kwargs(kwargs))
        return {"ok": result.model_dump(mode="json") if hasattr(result, "model_dump") else result}
    except Rejected as exc:
        return {"rejected": {"code": exc.code.value, "message": exc.message}}
    except MemoryError:
        return resource_reply()
    except Exception as exc:
        # MuPDF reports a failed allocation as a RuntimeError, not MemoryError.
        if any(word in f"{type(exc).__name__} {exc}".lower() for word in _MEMORY_WORDS):
            return resource_reply()
        return {"error": f"{type(exc).__name__}: {exc}"}


def resource_reply() -> dict[str, Any]:
    message = "the document needs more memory than the parser may use"
    return {"rejected": {"code": ErrorCode.PARSE_RESOURCE_LIMIT.value, "message": message}}


def serve(entry: str, reply_to: IO[bytes]) -> None:
    target = _load(entry)
    reply_to.write(READY)
    reply_to.flush()
    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    apply_limits(int(header["memory_mb"]), int(header["cpu_s"]))
    try:
        reply = json.dumps(_call(target, data, header.get("kwargs", {}))).encode()
    except MemoryError:
        reply = json.dumps(resource_reply()).encode()
    reply_to.write(reply)
    reply_to.flush()


def main() -> None:
    # The protocol owns the real stdout; anything else that prints (MuPDF's
    # messages included) lands on stderr.
    reply_to = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    isolate(sys.argv[2] if len(sys.argv) > 2 else "auto")  # under required: exit, no ready
    serve(sys.argv[1] if len(sys.argv) > 1 else ENTRY, reply_to)
    reply_to.close()


if __name__ == "__main__":
    main()
