"""One guarded webhook POST: SSRF checks at send time, a total deadline, a body cap.

The host is resolved here and every answer checked (:mod:`resumeflow_shared.netguard`);
the request then goes to the checked address with the original ``Host`` header and TLS
server name, so DNS cannot answer differently between the check and the connect.
Redirects are never followed. The whole exchange (resolve, connect, send, read) has
one deadline, so a receiver dripping a byte every few seconds cannot hold a worker
slot, and at most ``body_cap`` bytes of the answer are read.

What callers get back is a generic code; what the target said stays in the logs, so
the delivery record cannot be used to probe hosts and ports.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx

from resumeflow_shared import netguard
from resumeflow_shared.errors import ErrorCode

log = logging.getLogger(__name__)

# 4xx answers that may succeed later (the receiver is overloaded or not deployed yet).
RETRYABLE_4XX = {408, 409, 425, 429}


@dataclass(frozen=True)
class PostResult:
    status: int | None  # the receiver's status, for the retry decision and logs only
    error: ErrorCode | None  # generic, safe to store and show
    retryable: bool

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Guard:
    allow_private: bool
    deadline_seconds: float
    body_cap: int


async def _exchange(
    http: httpx.AsyncClient, target: netguard.Target, body: bytes, headers: dict[str, str], cap: int
) -> int:
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    request = http.build_request(
        "POST",
        target.connect_url(),
        content=body,
        headers={**headers, "host": target.host_header()},
        extensions=extensions,
    )
    response = await http.send(request, stream=True, follow_redirects=False)
    try:
        read = 0
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read >= cap:
                break
    finally:
        await response.aclose()
    return response.status_code


async def post(
    http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str], guard: Guard
) -> PostResult:
    try:
        async with asyncio.timeout(guard.deadline_seconds):
            target = await netguard.check(url, allow_private=guard.allow_private)
            status = await _exchange(http, target, body, headers, guard.body_cap)
    except netguard.UnsafeTarget as exc:
        log.warning("webhook target refused: %s", exc.reason)
        return PostResult(None, ErrorCode.WEBHOOK_TARGET_REFUSED, retryable=False)
    except TimeoutError:
        log.warning("webhook delivery passed its %.1fs deadline", guard.deadline_seconds)
        return PostResult(None, ErrorCode.WEBHOOK_FAILED, retryable=True)
    except (httpx.HTTPError, OSError) as exc:
        log.warning("webhook delivery failed: %s", f"{type(exc).__name__}: {exc}"[:300])
        return PostResult(None, ErrorCode.WEBHOOK_FAILED, retryable=True)
    if 200 <= status < 300:
        return PostResult(status, None, retryable=False)
    log.warning("webhook receiver answered HTTP %d", status)
    return PostResult(status, ErrorCode.WEBHOOK_FAILED, status >= 500 or status in RETRYABLE_4XX)
