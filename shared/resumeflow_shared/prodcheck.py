"""Start-up refusals for production (``RESUMEFLOW_ENV=prod``) and loud dev warnings.

A secret copied from an example file or docs, a placeholder word, or a short value
is refused in prod: such values are public and a deployment that runs with one is
open. Outside prod the same findings are logged as warnings at start-up.
"""

from __future__ import annotations

import base64
import logging

log = logging.getLogger("resumeflow.security")

#: Values published in this repository's example files and docs, and the Standard
#: Webhooks spec's example secret: anyone can read them.
PUBLISHED = frozenset(
    {
        "change-me",
        "dev-key-change-me",
        "whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0xMjM0NTY3ODkw",
        "whsec_" + base64.b64encode(b"resumeflow-development-secret!!").decode(),
    }
)
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "placeholder", "example", "dummy")
PLACEHOLDER_VALUES = frozenset({"secret", "password", "test", "dev", "key", "admin", "xxx"})
MIN_SECRET_CHARS = 24


def secret_problem(value: str, *, min_chars: int = MIN_SECRET_CHARS) -> str | None:
    """Why a secret is unfit for production, or ``None``."""
    lowered = value.strip().lower()
    if value.strip() in PUBLISHED:
        return "is a published example value"
    decoded = ""
    if lowered.startswith("whsec_"):
        try:
            decoded = base64.b64decode(value.strip()[6:]).decode("utf-8", "ignore").lower()
        except ValueError:
            decoded = ""
    for text in (lowered, decoded):
        if any(word in text for word in PLACEHOLDER_WORDS) or text in PLACEHOLDER_VALUES:
            return "is a placeholder"
    if len(value.strip()) < min_chars:
        return f"is shorter than {min_chars} characters"
    return None


def enforce(environment: str, problems: list[str]) -> None:
    """In prod, exit naming every problem; elsewhere, log each one loudly."""
    if not problems:
        return
    if environment == "prod":
        raise SystemExit("refusing to start in prod: " + "; ".join(problems))
    for problem in problems:
        log.warning("INSECURE CONFIGURATION (allowed only outside prod): %s", problem)
