"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`` keyed with
the base64-decoded part of a ``whsec_`` secret. Receivers verify with any Standard
Webhooks library; :func:`verify` is the reference used by our tests and docs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Sequence


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secret: str | Sequence[str], webhook_id: str, body: bytes, now: int | None = None
) -> dict[str, str]:
    """Signed headers; several secrets (a rotation in progress) give several signatures."""
    timestamp = int(time.time()) if now is None else now
    keys = [secret] if isinstance(secret, str) else list(secret)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(k, webhook_id, timestamp, body) for k in keys),
        "content-type": "application/json",
        "user-agent": "resumeflow-notifier/0.1",
    }


def verify(secret: str, received: dict[str, str], body: bytes, tolerance_s: int = 300) -> bool:
    """True when one of the ``v1`` signatures matches and the timestamp is fresh."""
    lower = {k.lower(): v for k, v in received.items()}
    try:
        webhook_id = lower["webhook-id"]
        timestamp = int(lower["webhook-timestamp"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance_s:
        return False
    expected = sign(secret, webhook_id, timestamp, body).split(",", 1)[1]
    for candidate in lower.get("webhook-signature", "").split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False
