"""What an uploaded file is, from its bytes alone (the name and declared type are not trusted).

Ingest uses this to accept or refuse an upload; the parser uses it again to decide
whether a stored file needs converting, so both always agree. Only PDF and DOCX are
accepted. Legacy Word (``.doc``), RTF and ODT are recognised so the refusal can name
them; LibreOffice could read them too, but their import filters are the part of it
with the longest security record, and nobody has asked for them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    DOCX_ENCRYPTED = "docx_encrypted"
    DOC = "doc"
    RTF = "rtf"
    ODT = "odt"
    ZIP = "zip"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Detected:
    kind: Kind
    label: str  # for messages: "a legacy Word .doc file"

    @property
    def accepted(self) -> bool:
        return self.kind in ACCEPTED

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")


PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCEPTED = frozenset({Kind.PDF, Kind.DOCX})
CONTENT_TYPES = {Kind.PDF: PDF_CONTENT_TYPE, Kind.DOCX: DOCX_CONTENT_TYPE}
ACCEPTED_LABEL = "PDF or DOCX (Word 2007 and later)"

# PDF readers accept the header anywhere in the first KiB (ISO 32000-1, 7.5.2 note).
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
DOCX_PARTS = ("word/document.xml", "[Content_Types].xml")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A password-protected DOCX is not a ZIP: Office wraps the encrypted package in an
# OLE2 compound file whose directory names these streams (MS-OFFCRYPTO 2.3.4).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def sniff(data: bytes) -> Detected:
    """The file's format, decided from its content."""
    head = data[:MAGIC_WINDOW]
    if PDF_MAGIC in head:
        return Detected(Kind.PDF, "a PDF")
    if data.startswith(ZIP_MAGIC):
        return _zip(data)
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            return Detected(Kind.DOCX_ENCRYPTED, "a password-protected Office document")
        return Detected(Kind.DOC, "a legacy Word .doc (OLE2) file")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(RTF_MAGIC):
        return Detected(Kind.RTF, "an RTF document")
    return Detected(Kind.UNKNOWN, "no %PDF- header in its first KiB, nor a known document format")


def _zip(data: bytes) -> Detected:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())  # the central directory only; nothing inflated
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 256:
                mimetype = archive.read("mimetype")  # tiny and checked: no inflation bomb
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        # A damaged archive whose local headers still name the Word parts is a
        # corrupt DOCX: accepted, so its conversion fails with a code on the resume.
        if all(part.encode() in data for part in DOCX_PARTS):
            return Detected(Kind.DOCX, "a DOCX")
        return Detected(Kind.ZIP, "a ZIP archive that is not a DOCX")
    if all(part in names for part in DOCX_PARTS):
        return Detected(Kind.DOCX, "a DOCX")
    if mimetype.strip() == ODT_MIMETYPE:
        return Detected(Kind.ODT, "an OpenDocument text (.odt) file")
    return Detected(Kind.ZIP, "a ZIP archive that is not a DOCX (no word/document.xml)")
