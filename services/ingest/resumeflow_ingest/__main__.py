"""``python -m resumeflow_ingest``: serve the HTTP API with uvicorn."""

from __future__ import annotations

import socket

import uvicorn

from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared import tracing
from resumeflow_shared.settings import load
from resumeflow_shared.telemetry import configure_logging, service_instance


def listening_socket(fd: int) -> socket.socket:
    """An inherited listening socket (socket activation, ``LISTEN_FD``) as what it is:
    family and protocol are read from the descriptor.

    uvicorn's own ``fd=`` wraps the descriptor as a UNIX socket, so asyncio leaves
    Nagle's algorithm on for the TCP connections it accepts, and every request after
    the first on a keep-alive connection waited for the client's delayed ACK (about
    40 ms, even for ``/healthz``).
    """
    return socket.socket(fileno=fd)


def main() -> None:
    settings = load(IngestSettings)
    configure_logging("ingest", settings.log_level, settings.log_format)
    settings.check_production()
    tracing.setup("ingest", settings.traces_exporter, instance=service_instance())
    try:
        config = uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            timeout_graceful_shutdown=20,
            proxy_headers=True,
        )
        fd = settings.listen_fd
        uvicorn.Server(config).run(sockets=None if fd is None else [listening_socket(fd)])
    finally:
        tracing.shutdown()  # flush the spans still queued for export


if __name__ == "__main__":
    main()
