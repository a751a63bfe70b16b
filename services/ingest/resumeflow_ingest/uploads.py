"""Checks on an upload before anything is stored."""

from __future__ import annotations

from resumeflow_ingest.problems import ApiError
from resumeflow_shared import netguard
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.formats import ACCEPTED_LABEL, Detected, Kind, sniff

# Recognised formats we refuse by name, so the caller knows what to convert to.
_UNSUPPORTED = frozenset({Kind.DOC, Kind.RTF, Kind.ODT})


def check_document(data: bytes, max_bytes: int) -> Detected:
    """The upload's format when it is one we accept (by content, not by name); else 4xx."""
    if not data:
        raise ApiError(400, ErrorCode.EMPTY_FILE, "the uploaded file is empty")
    if len(data) > max_bytes:
        mib = max_bytes / (1024 * 1024)
        raise ApiError(413, ErrorCode.FILE_TOO_LARGE, f"the upload exceeds the {mib:g} MiB limit")
    found = sniff(data)
    if found.accepted:
        return found
    if found.kind is Kind.DOCX_ENCRYPTED:
        raise ApiError(
            422,
            ErrorCode.DOCX_ENCRYPTED,
            "the file is a password-protected Office document; remove the password, upload again",
        )
    if found.kind in _UNSUPPORTED:
        raise ApiError(
            415,
            ErrorCode.UNSUPPORTED_FORMAT,
            f"the file is {found.label}; accepted: {ACCEPTED_LABEL}",
        )
    raise ApiError(
        415,
        ErrorCode.NOT_A_PDF,
        f"the file is not a PDF or DOCX ({found.label}); accepted: {ACCEPTED_LABEL}",
    )


async def check_callback(url: str | None, *, allow_private: bool) -> str | None:
    """http(s) URLs whose host is not, and does not resolve to, an internal address."""
    if url is None or not url.strip():
        return None
    try:
        return await netguard.screen(url, allow_private=allow_private)
    except netguard.UnsafeTarget as exc:
        raise ApiError(422, ErrorCode.INVALID_CALLBACK_URL, f"callback_url: {exc.reason}") from exc
