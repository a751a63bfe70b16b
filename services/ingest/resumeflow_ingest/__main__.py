"""``python -m resumeflow_ingest``: serve the HTTP API with uvicorn."""

from __future__ import annotations

import uvicorn

from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared import tracing
from resumeflow_shared.settings import load
from resumeflow_shared.telemetry import configure_logging, service_instance


def main() -> None:
    settings = load(IngestSettings)
    configure_logging("ingest", settings.log_level, settings.log_format)
    settings.check_production()
    tracing.setup("ingest", settings.traces_exporter, instance=service_instance())
    try:
        # LISTEN_FD: an inherited listening socket (socket activation) instead of a port
        where = {"fd": settings.listen_fd} if settings.listen_fd is not None else {}
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            **where,  # type: ignore[arg-type]
            log_config=None,
            timeout_graceful_shutdown=20,
            proxy_headers=True,
        )
    finally:
        tracing.shutdown()  # flush the spans still queued for export


if __name__ == "__main__":
    main()
