"""Request dependencies: the app's clients and the caller's tenant."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from nats.aio.client import Client as NATS

from resumeflow_ingest import stream_tokens
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


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.resumeflow
    return state


State = Annotated[AppState, Depends(app_state)]


def tenant(
    state: State,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> str:
    """The caller's tenant from ``Authorization: Bearer <key>`` or ``X-API-Key``."""
    keys = state.settings.tenants_by_key()
    if not keys:
        return state.settings.default_tenant
    presented = x_api_key or (authorization or "").removeprefix("Bearer ").strip()
    for key, tenant_id in keys.items():
        if presented and hmac.compare_digest(presented, key):
            return tenant_id
    raise ApiError(401, ErrorCode.UNAUTHORIZED, "a valid API key is required")


Tenant = Annotated[str, Depends(tenant)]


def stream_tenant(
    state: State,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
    access_token: Annotated[
        str | None,
        Query(
            max_length=512,
            description="A token from POST /v1/stream-tokens, for clients that cannot send "
            "headers (a browser's EventSource).",
        ),
    ] = None,
) -> str:
    """The caller's tenant for an event stream: an API key header, or ``access_token``."""
    if access_token and state.settings.api_keys is not None:
        found = stream_tokens.verify(state.settings.api_keys.get_secret_value(), access_token)
        if found is None:
            raise ApiError(401, ErrorCode.UNAUTHORIZED, "the access_token is invalid or expired")
        return found
    return tenant(state, authorization, x_api_key)


StreamTenant = Annotated[str, Depends(stream_tenant)]
