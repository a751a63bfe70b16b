"""The web console: static files from ``console/`` served at ``/`` and ``/console/``,
plus the stream-token route its live views need.

Everything the page loads comes from this package (no CDN: the console works offline),
and a strict Content-Security-Policy allows nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from resumeflow_ingest import stream_tokens
from resumeflow_ingest.deps import State, Tenant
from resumeflow_ingest.problems import ErrorBody

STATIC_DIR = Path(__file__).parent / "console"

CSP = (
    "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; "
    "style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)

router = APIRouter(prefix="/v1", tags=["console"])


class StreamToken(BaseModel):
    token: str
    expires_at: datetime


@router.post(
    "/stream-tokens",
    response_model=StreamToken,
    responses={401: {"model": ErrorBody}},
    summary="A short-lived token for opening an event stream with ?access_token=",
)
async def stream_token(state: State, tenant_id: Tenant) -> StreamToken:
    """For clients that cannot send headers (a browser's ``EventSource``): pass it as
    ``access_token`` to ``GET /v1/resumes/{id}/events`` or ``GET /v1/batches/{id}/events``
    within 60 s. Without ``API_KEYS`` (dev) the streams need no token at all."""
    token, expires = stream_tokens.issue(state.stream_key, tenant_id)
    return StreamToken(token=token, expires_at=datetime.fromtimestamp(expires, UTC))


def install(app: FastAPI) -> None:
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "index.html",
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"},
        )

    app.mount("/console", StaticFiles(directory=STATIC_DIR), name="console")
