"""The ingest FastAPI application: lifespan (clients), middleware, health, metrics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumeflow_ingest import (
    batches,
    console_app,
    export,
    pages,
    problems,
    recovery,
    retention,
    routes,
    secrets_routes,
    stream_tokens,
)
from resumeflow_ingest.deps import AppState
from resumeflow_ingest.gate import Gate
from resumeflow_ingest.limits import UploadLimit
from resumeflow_ingest.live import LiveUpdates
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared import bus
from resumeflow_shared import telemetry as tm
from resumeflow_shared.batches import BatchStore
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.service import wait_for_mongo
from resumeflow_shared.store import ResumeStore, connect
from resumeflow_shared.webhook_secrets import WebhookSecretStore

log = logging.getLogger(__name__)

#: Probes and scrapes would bury real traces; they get metrics only.
UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", "unmatched")


class RedMetrics:
    """Requests, errors and duration (time to the response's start) per route.

    Plain ASGI: the ``@app.middleware("http")`` form wraps every request in a task
    group and memory streams, which cost more than the rest of the metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        observed = False

        def observe(status: int) -> None:
            nonlocal observed
            observed = True
            method = _method_label(scope["method"])
            route = _route_label(scope)
            tm.HTTP_REQUESTS.labels(method, route, str(status)).inc()
            tm.HTTP_DURATION.labels(method, route).observe(time.perf_counter() - started)

        async def send_observed(message: Message) -> None:
            if message["type"] == "http.response.start" and not observed:
                observe(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            if not observed:
                observe(500)


def _method_label(method: str) -> str:
    """Clients choose the method string: only known ones may become a label value."""
    return method if method in KNOWN_METHODS else "other"


def create_app(settings: IngestSettings) -> FastAPI:
    secret = settings.stream_token_secret
    if secret is None:
        log.warning(
            "STREAM_TOKEN_SECRET is not set: event-stream tokens are signed with a random "
            "key of this process; they stop working when it restarts and on other replicas"
        )
    # One key for the Gate (verify) and the route (issue).
    stream_key = stream_tokens.signing_key(secret.get_secret_value() if secret else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mongo = connect(settings.mongodb_url)
        await wait_for_mongo(mongo, asyncio.Event())
        store = ResumeStore.from_client(mongo, settings.mongodb_db)
        await store.ensure_indexes()
        await WebhookSecretStore(store.db).ensure_indexes()
        await BatchStore(store.db).ensure_indexes()
        # Every service's indexes, the workers' leases too: only ingest may create
        # indexes (deploy/mongo/init-users.js), and it does so before the streams.
        await LeaseStore(store.db).ensure_indexes()
        nc = await bus.connect(settings, "resumeflow-ingest", "ingest")
        await bus.ensure_streams(nc.jetstream(), settings)
        updates = LiveUpdates()
        await updates.start(nc)
        state = AppState(settings=settings, store=store, nc=nc, live=updates, stream_key=stream_key)
        app.state.resumeflow = state
        stop_sweeper = asyncio.Event()
        sweeper = asyncio.create_task(recovery.run_sweeper(state, stop_sweeper))
        eraser = asyncio.create_task(retention.run_sweeper(state, stop_sweeper))
        log.info("ingest ready")
        try:
            yield
        finally:
            stop_sweeper.set()
            await sweeper
            await eraser
            with contextlib.suppress(Exception):
                await nc.drain()
            await mongo.close()

    app = FastAPI(
        title="resumeflow",
        version="0.1.0",
        summary="Resume PDFs in, structured candidate profiles out.",
        lifespan=lifespan,
        # FastAPI's own OpenTelemetry server span per request, continuing the caller's
        # ``traceparent``; metrics stay with Prometheus and probes stay untraced.
        telemetry={
            "tracing": True,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
            "exclude": lambda scope: scope.get("path") in UNTRACED_PATHS,
        },
    )
    problems.install(app)
    app.include_router(routes.router)
    app.include_router(secrets_routes.router)
    app.include_router(batches.router)
    app.include_router(export.router)
    app.include_router(pages.router)
    console_app.install(app)
    app.add_middleware(
        UploadLimit,
        max_bytes=settings.max_upload_bytes,
        multi_max_bytes=settings.max_batch_upload_bytes,
    )
    # Outside UploadLimit: who may send a body is decided before its size matters.
    app.add_middleware(Gate, settings=settings, stream_key=stream_key)

    app.add_middleware(RedMetrics)  # outermost: refusals by the Gate are counted too

    @app.get("/healthz", tags=["ops"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], summary="Readiness: NATS connected, MongoDB answering")
    async def readyz(request: Request) -> JSONResponse:
        state: AppState | None = getattr(request.app.state, "resumeflow", None)
        checks = {"nats": False, "mongodb": False}
        if state is not None:
            checks["nats"] = state.nc.is_connected
            with contextlib.suppress(Exception):
                await asyncio.wait_for(state.store.ping(), timeout=2)
                checks["mongodb"] = True
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    @app.get("/metrics", tags=["ops"], include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
