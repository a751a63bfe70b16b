"""Short-lived tokens for Server-Sent Events streams.

A browser's ``EventSource`` cannot send an ``Authorization`` header, so the console asks
``POST /v1/stream-tokens`` (with its API key) for a token and opens the stream with
``?access_token=``. The token names the tenant and an expiry and is signed with a key
derived from ``API_KEYS``, so every ingest replica accepts it and the API key itself
never appears in a URL (URLs end up in access logs and browser history).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

TTL_SECONDS = 60


def _signing_key(api_keys: str) -> bytes:
    return hashlib.sha256(b"resumeflow-stream-token\0" + api_keys.encode()).digest()


def _sign(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def issue(api_keys: str, tenant_id: str, now: float | None = None) -> tuple[str, int]:
    """A token for ``tenant_id`` and its expiry (Unix seconds)."""
    expires = int(now if now is not None else time.time()) + TTL_SECONDS
    payload = f"{expires}:{tenant_id}".encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(_signing_key(api_keys), payload)}", expires


def verify(api_keys: str, token: str, now: float | None = None) -> str | None:
    """The token's tenant, or ``None`` when it is malformed, forged or expired."""
    body, _, signature = token.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        expires_text, _, tenant_id = payload.decode().partition(":")
        expires = int(expires_text)
    except ValueError:
        return None
    if not hmac.compare_digest(signature, _sign(_signing_key(api_keys), payload)):
        return None
    if expires < (now if now is not None else time.time()) or not tenant_id:
        return None
    return tenant_id
