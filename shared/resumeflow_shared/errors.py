"""Stable error codes and the two ways a handler states its intent.

A handler never acks or naks. It returns a result, raises :class:`Retry` for a
transient failure (the runner naks with a delay while the consumer's delivery budget
lasts) or raises :class:`Rejected` for a permanent one (the runner terms the message,
marks the resume ``failed`` and publishes ``resume.failed``). Anything else is
treated as a transient bug and retried within the budget.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every code a user can see, in the API, in webhooks and in metrics labels."""

    # upload (ingest, synchronous 4xx)
    NOT_A_PDF = "not_a_pdf"  # kept for stability: "neither a PDF nor a DOCX"
    UNSUPPORTED_FORMAT = "unsupported_format"  # a recognised format we do not take (.doc, RTF, ODT)
    DOCX_ENCRYPTED = "docx_encrypted"
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    INVALID_REQUEST = "invalid_request"
    INVALID_CALLBACK_URL = "invalid_callback_url"
    NOT_FOUND = "not_found"
    UNAUTHORIZED = "unauthorized"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    UNAVAILABLE = "unavailable"
    NOT_REPLAYABLE = "not_replayable"
    RATE_LIMITED = "rate_limited"
    # webhook deliveries (``deliveries[].error``; the receiver's own answer is only logged)
    WEBHOOK_FAILED = "webhook_failed"
    WEBHOOK_TARGET_REFUSED = "webhook_target_refused"
    NOT_CANCELLABLE = "not_cancellable"
    BATCH_CLOSED = "batch_closed"
    # parser
    PDF_CORRUPT = "pdf_corrupt"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_NO_TEXT = "pdf_no_text"
    NEEDS_OCR = "needs_ocr"
    TOO_MANY_PAGES = "too_many_pages"
    PARSE_TIMEOUT = "parse_timeout"
    PARSE_RESOURCE_LIMIT = "parse_resource_limit"
    NOT_A_RESUME = "not_a_resume"
    FILE_MISSING = "file_missing"
    CONVERSION_FAILED = "conversion_failed"  # LibreOffice could not turn a DOCX into a PDF
    # enhancer
    LLM_UNAVAILABLE = "llm_unavailable"
    LLM_RATE_LIMITED = "llm_rate_limited"
    LLM_INVALID_OUTPUT = "llm_invalid_output"
    LLM_REFUSED = "llm_refused"
    # any stage
    INVALID_EVENT = "invalid_event"
    RETRIES_EXHAUSTED = "retries_exhausted"
    MAX_DELIVERIES = "max_deliveries_exceeded"
    STALLED = "stalled"
    LEASE_HELD = "lease_held"
    HANDLER_TIMEOUT = "handler_timeout"
    INTERNAL = "internal_error"


class Retry(Exception):
    """Transient failure: try again after ``delay`` seconds (``None``: the stage's backoff)."""

    def __init__(
        self,
        message: str,
        *,
        delay: float | None = None,
        code: ErrorCode = ErrorCode.INTERNAL,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.delay = delay
        self.code = code


class Rejected(Exception):
    """Permanent failure: retrying cannot help. ``code`` is what the user sees."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
