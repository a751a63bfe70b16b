"""Who may send a body, checked before any of it is read.

FastAPI reads (and spools) a multipart body before it resolves dependencies, so an
API-key dependency alone answers an unauthenticated 9 MB upload only once all of it
has arrived. This ASGI middleware runs first: it authenticates ``/v1/`` requests from
their headers and, for uploads, applies the tenant's quotas (concurrent uploads and
uploads per minute) and, for Server-Sent Event streams, the tenant's limit of open
streams, answering 401 or 429 at once and closing the connection.

Limits are counted per ingest process; with N replicas a tenant gets up to N times
the configured numbers.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from resumeflow_ingest import keys, stream_tokens
from resumeflow_ingest.limits import is_multi_upload
from resumeflow_ingest.problems import error_response
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.errors import ErrorCode

WINDOW_SECONDS = 60.0
TENANT_SCOPE_KEY = "resumeflow.tenant_id"


def presented_key(headers: Headers) -> str | None:
    key = headers.get("x-api-key")
    if key:
        return key
    auth = headers.get("authorization") or ""
    return auth.removeprefix("Bearer ").strip() or None


def authenticate(settings: IngestSettings, headers: Headers) -> str | None:
    """The caller's tenant, or ``None`` when a key is required and none is valid."""
    if settings.api_keys is None:
        return settings.default_tenant
    ring = keys.parse(settings.api_keys.get_secret_value(), settings.default_tenant)
    if ring.empty:
        return settings.default_tenant
    return ring.tenant_for(presented_key(headers))


class Quotas:
    """Per-tenant upload counters: in flight now, and started in the last minute."""

    def __init__(self, max_concurrent: int, per_minute: int) -> None:
        self.max_concurrent = max_concurrent
        self.per_minute = per_minute
        self.in_flight: dict[str, int] = defaultdict(int)
        self.started: dict[str, deque[float]] = defaultdict(deque)

    def admit(self, tenant: str, now: float) -> float | None:
        """Take a slot, or return the seconds to wait before retrying."""
        if self.max_concurrent and self.in_flight[tenant] >= self.max_concurrent:
            return 1.0
        if self.per_minute:
            window = self.started[tenant]
            while window and now - window[0] >= WINDOW_SECONDS:
                window.popleft()
            if len(window) >= self.per_minute:
                return WINDOW_SECONDS - (now - window[0])
            window.append(now)
        self.in_flight[tenant] += 1
        return None

    def release(self, tenant: str) -> None:
        self.in_flight[tenant] -= 1
        if self.in_flight[tenant] <= 0:
            del self.in_flight[tenant]


class Gate:
    def __init__(self, app: ASGIApp, settings: IngestSettings, stream_key: bytes) -> None:
        self.app = app
        self.settings = settings
        self.stream_key = stream_key
        self.quotas = Quotas(
            settings.tenant_max_concurrent_uploads, settings.tenant_uploads_per_minute
        )
        # Server-Sent Event streams stay open for minutes: bounded per tenant too.
        self.streams = Quotas(settings.tenant_max_event_streams, per_minute=0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        tenant = authenticate(self.settings, Headers(scope=scope))
        if tenant is None and _is_event_stream(scope):
            tenant = _stream_token_tenant(self.settings, self.stream_key, scope)
        if tenant is None:
            response = error_response(401, ErrorCode.UNAUTHORIZED, "a valid API key is required")
            response.headers["www-authenticate"] = "Bearer"
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[TENANT_SCOPE_KEY] = tenant
        if _is_upload(scope):
            counter, wait = self.quotas, self.quotas.admit(tenant, time.monotonic())
        elif _is_event_stream(scope):
            counter, wait = self.streams, self.streams.admit(tenant, time.monotonic())
        else:
            await self.app(scope, receive, send)
            return
        if wait is not None:
            response = error_response(
                429, ErrorCode.RATE_LIMITED, "too many requests for this tenant; retry later"
            )
            response.headers["retry-after"] = str(max(1, math.ceil(wait)))
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        try:
            # for a stream this returns when the stream ends or the client goes away
            await self.app(scope, receive, send)
        finally:
            counter.release(tenant)


def _stream_token_tenant(settings: IngestSettings, key: bytes, scope: Scope) -> str | None:
    """An event stream may present ``?access_token=`` (EventSource cannot send headers)."""
    token = QueryParams(scope.get("query_string", b"")).get("access_token")
    if not token or settings.api_keys is None:
        return None
    return stream_tokens.verify(key, token)


def _is_upload(scope: Scope) -> bool:
    """One upload request: a single file, or many into a batch (counted as one)."""
    path = str(scope["path"]).rstrip("/")
    return bool(scope["method"] == "POST" and (path == "/v1/resumes" or is_multi_upload(path)))


def _is_event_stream(scope: Scope) -> bool:
    path = str(scope["path"])
    streams = path.startswith(("/v1/resumes/", "/v1/batches/")) and path.endswith("/events")
    return bool(scope["method"] == "GET" and streams)
