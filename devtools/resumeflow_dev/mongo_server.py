"""NON-DURABLE in-memory MongoDB wire-protocol server for development and tests.

Run ``python -m resumeflow_dev.mongo_server [--host H] [--port P] [--port-file PATH]``; it prints
``mongodb://H:PORT`` on stdout. Service code must never import this module: it only ever talks
to whatever ``MONGODB_URL`` points at.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from resumeflow_dev.mongowire import Backend, DevMongoServer, start_in_thread

__all__ = ["Backend", "DevMongoServer", "main", "start_in_thread"]

_BANNER = """\
{rule}
WARNING: resumeflow development MongoDB server at {url}
  NON-DURABLE: every document lives in memory and is LOST when this process exits.
  NOT FOR PRODUCTION. It emulates MongoDB with mongomock; behaviour can differ.
  To use a real MongoDB instead, set MONGODB_URL (e.g. mongodb://db.internal:27017).
{rule}"""


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m resumeflow_dev.mongo_server",
        description="NON-DURABLE in-memory MongoDB wire-protocol server (development only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    parser.add_argument("--port-file", type=Path, help="write the bound port to this file")
    parser.add_argument("--verbose", action="store_true", help="log every connection error")
    return parser.parse_args(argv)


def _write_port_file(path: Path, port: int) -> None:
    # Written atomically so a launcher polling for the file never reads it half-written.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{port}\n")
    os.replace(tmp, path)


_gc_started: list[float] = []


def _log_slow_collections(phase: str, info: dict[str, int]) -> None:
    """Log a garbage collection that held the server for 50 ms or more."""
    if phase == "start":
        _gc_started[:] = [time.perf_counter()]
    elif _gc_started:
        ms = (time.perf_counter() - _gc_started[0]) * 1000
        if ms >= 50:
            logging.getLogger(__name__).warning(
                "slow garbage collection: generation %d took %.0f ms", info["generation"], ms
            )


async def _freeze_stored_documents(every: float = 1.0) -> None:
    """Move what survived the last second into the permanent generation.

    The database is millions of long-lived dicts and lists. Python's full (generation
    2) collection walks all of them, and here that grew with the data: 50 ms at a few
    thousand resumes, 620 ms at 20,000, stalling every connection while it ran.
    Stored documents hold no reference cycles, so the cycle collector has nothing to
    find in them; frozen objects are still freed by reference counting when deleted.
    Young cycles (requests, futures) are collected first.
    """
    while True:
        await asyncio.sleep(every)
        gc.collect(0)
        gc.freeze()


async def _serve(args: argparse.Namespace) -> int:
    gc.callbacks.append(_log_slow_collections)
    freezer = asyncio.create_task(_freeze_stored_documents())
    server = DevMongoServer(args.host, args.port)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        print(_BANNER.format(rule="=" * 78, url=server.url), file=sys.stderr, flush=True)
        if args.port_file is not None:
            _write_port_file(args.port_file, server.port)
        print(server.url, flush=True)
        await stop.wait()
    finally:
        freezer.cancel()
        await server.stop()
    print("development MongoDB server stopped; its data is gone", file=sys.stderr, flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return asyncio.run(_serve(args))
    except OSError as exc:  # typically the port is taken: say so without a traceback
        print(f"cannot start the development MongoDB server: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
