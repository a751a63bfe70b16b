"""Short-lived tokens for Server-Sent Events streams.

A browser's ``EventSource`` cannot send an ``Authorization`` header, so the console asks
``POST /v1/stream-tokens`` (with its API key) for a token and opens the stream with
``?access_token=``. The token names the tenant and an expiry and is signed with a key
derived from ``STREAM_TOKEN_SECRET``, a secret of its own: the configuration (API key
hashes included) is read by more people and tools than a secret is, and must not be
enough to forge a token. Every ingest replica with the same secret accepts the token,
and the API key itself never appears in a URL (URLs end up in access logs and browser
history). Without the secret (development only) each process signs with a random key
of its own: tokens then fail on another replica and after a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

TTL_SECONDS = 60
_PURPOSE = b"resumeflow stream token v2"


def signing_key(secret: str | None) -> bytes:
    """The key for ``secret``; ``None`` gives a random key that lives with the caller."""
    if secret is None:
        return secrets.token_bytes(32)
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _sign(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def issue(key: bytes, tenant_id: str, now: float | None = None) -> tuple[str, int]:
    """A token for ``tenant_id`` and its expiry (Unix seconds)."""
    expires = int(now if now is not None else time.time()) + TTL_SECONDS
    payload = f"{expires}:{tenant_id}".encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(key, payload)}", expires


def verify(key: bytes, token: str, now: float | None = None) -> str | None:
    """The token's tenant, or ``None`` when it is malformed, forged or expired."""
    body, _, signature = token.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        expires_text, _, tenant_id = payload.decode().partition(":")
        expires = int(expires_text)
    except ValueError:
        return None
    if not hmac.compare_digest(signature, _sign(key, payload)):
        return None
    if expires < (now if now is not None else time.time()) or not tenant_id:
        return None
    return tenant_id
