"""Upload size limit enforced while the body streams in, before it is buffered.

Starlette's multipart parser spools a whole upload before the route runs, so a limit
checked in the route would come too late: this ASGI middleware rejects a too-large
``Content-Length`` at once and cuts off a chunked body as soon as it passes the limit.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resumeflow_ingest.problems import error_response
from resumeflow_shared.errors import ErrorCode

# Multipart framing (boundaries, part headers, small form fields) on top of the file.
MULTIPART_OVERHEAD = 64 * 1024


class BodyTooLarge(HTTPException):
    """Raised from ``receive``; FastAPI re-raises HTTP exceptions from body parsing as is."""

    def __init__(self, max_bytes: int) -> None:
        mib = max_bytes / (1024 * 1024)
        super().__init__(413, f"the upload exceeds the {mib:g} MiB limit")


def is_multi_upload(path: str) -> bool:
    """``/v1/batches/{id}/resumes`` carries many files; each is checked in the route."""
    return path.startswith("/v1/batches/") and path.endswith("/resumes")


class UploadLimit:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        paths: tuple[str, ...] = ("/v1/",),
        multi_max_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.limit = max_bytes + MULTIPART_OVERHEAD
        self.max_bytes = max_bytes
        self.multi_max_bytes = multi_max_bytes or max_bytes
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.paths):
            await self.app(scope, receive, send)
            return
        max_bytes = self.max_bytes
        if is_multi_upload(str(scope["path"])):
            max_bytes = self.multi_max_bytes
        limit = max_bytes + MULTIPART_OVERHEAD
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._reject(scope, receive, send, max_bytes)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(scope, receive, send, max_bytes)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        mib = max_bytes / (1024 * 1024)
        response = error_response(
            413, ErrorCode.FILE_TOO_LARGE, f"the upload exceeds the {mib:g} MiB limit"
        )
        response.headers["connection"] = "close"
        await response(scope, receive, send)
