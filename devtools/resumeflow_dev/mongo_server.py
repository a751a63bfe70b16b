"""NON-DURABLE in-memory MongoDB wire-protocol server for development and tests.

Run ``python -m resumeflow_dev.mongo_server [--host H] [--port P] [--port-file PATH]``; it prints
``mongodb://H:PORT`` on stdout. Service code must never import this module: it only ever talks
to whatever ``MONGODB_URL`` points at.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
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


async def _serve(args: argparse.Namespace) -> int:
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
