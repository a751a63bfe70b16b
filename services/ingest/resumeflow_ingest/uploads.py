"""Checks on an upload before anything is stored."""

from __future__ import annotations

from resumeflow_ingest.problems import ApiError
from resumeflow_shared import netguard
from resumeflow_shared.errors import ErrorCode

# PDF readers accept the header anywhere in the first KiB (ISO 32000-1, 7.5.2 note).
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024


def check_pdf(data: bytes, max_bytes: int) -> None:
    if not data:
        raise ApiError(400, ErrorCode.EMPTY_FILE, "the uploaded file is empty")
    if len(data) > max_bytes:
        mib = max_bytes / (1024 * 1024)
        raise ApiError(413, ErrorCode.FILE_TOO_LARGE, f"the upload exceeds the {mib:g} MiB limit")
    if PDF_MAGIC not in data[:MAGIC_WINDOW]:
        raise ApiError(
            415, ErrorCode.NOT_A_PDF, "the file is not a PDF (no %PDF- header in its first KiB)"
        )


async def check_callback(url: str | None, *, allow_private: bool) -> str | None:
    """http(s) URLs whose host is not, and does not resolve to, an internal address."""
    if url is None or not url.strip():
        return None
    try:
        return await netguard.screen(url, allow_private=allow_private)
    except netguard.UnsafeTarget as exc:
        raise ApiError(422, ErrorCode.INVALID_CALLBACK_URL, f"callback_url: {exc.reason}") from exc
