"""Checks on an upload before anything is stored."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from resumeflow_ingest.problems import ApiError
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


def check_callback(url: str | None, *, allow_private: bool) -> str | None:
    """Only http(s) URLs with a host; literal private addresses only when allowed."""
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(
            422, ErrorCode.INVALID_CALLBACK_URL, "callback_url must be an http(s) URL with a host"
        )
    if not allow_private:
        host = parts.hostname
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if host == "localhost" or (address is not None and not address.is_global):
            raise ApiError(
                422, ErrorCode.INVALID_CALLBACK_URL, "callback_url must not be a private address"
            )
    return url.strip()
