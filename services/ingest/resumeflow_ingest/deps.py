"""Request dependencies: the app's clients and the caller's tenant.

Every dependency is ``async def`` although none awaits: FastAPI runs a plain ``def``
dependency in its thread pool, two thread hops per request for a few dictionary
lookups, and under CPU contention each hop waits for the OS to schedule a thread
(bench/upload_latency.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from nats.aio.client import Client as NATS

from resumeflow_ingest.gate import TENANT_SCOPE_KEY, authenticate
from resumeflow_ingest.live import LiveUpdates
from resumeflow_ingest.problems import ApiError
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.store import ResumeStore


@dataclass
class AppState:
    settings: IngestSettings
    store: ResumeStore
    nc: NATS
    live: LiveUpdates
    stream_key: bytes  # signs and checks ?access_token= (stream_tokens)


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.resumeflow
    return state


State = Annotated[AppState, Depends(app_state)]


# Declared so the API description shows both ways to present a key; the Gate reads them.
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer rf_<id>_<secret>")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="rf_<id>_<secret>")


async def tenant(
    request: Request,
    state: State,
    _b: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    _k: Annotated[str | None, Security(_api_key)] = None,
) -> str:
    """The caller's tenant from ``Authorization: Bearer <key>`` or ``X-API-Key``.

    The :mod:`~resumeflow_ingest.gate` middleware has checked the key before the body
    was read; this dependency reads its verdict (and checks again when it did not run).
    """
    found = request.scope.get("state", {}).get(TENANT_SCOPE_KEY)
    if found is None:
        found = authenticate(state.settings, request.headers)
    if found is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "a valid API key is required")
    return str(found)


Tenant = Annotated[str, Depends(tenant)]


async def stream_tenant(
    request: Request,
    state: State,
    _b: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    _k: Annotated[str | None, Security(_api_key)] = None,
    access_token: Annotated[
        str | None,
        Query(
            max_length=512,
            description="A token from POST /v1/stream-tokens, for clients that cannot send "
            "headers (a browser's EventSource).",
        ),
    ] = None,
) -> str:
    """The caller's tenant for an event stream: an API key header, or ``access_token``.

    The gate has already accepted one of the two; this reads its verdict.
    """
    return await tenant(request, state)


StreamTenant = Annotated[str, Depends(stream_tenant)]
