"""OCR for pages without a text layer, through MuPDF's built-in Tesseract.

MuPDF links Tesseract itself; it only needs the language data (``tessdata``),
which the Debian ``tesseract-ocr`` packages install.
"""

from __future__ import annotations

import glob
import logging
import math
import os
from pathlib import Path
from typing import Any

import pymupdf

log = logging.getLogger(__name__)

_TESSDATA_GLOBS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/usr/share/tesseract/tessdata",
    "/opt/homebrew/share/tessdata",
)
_LANGUAGES = ("eng", "spa", "fra", "deu", "por")
_DPI = 300
# Caps the rendered page (and so Tesseract's memory) for oversized pages.
_MAX_PIXELS = 12_000_000
# Less visible text than this, or mostly undecodable glyphs, means "no text layer".
_MIN_CHARS = 10
_MAX_UNKNOWN_SHARE = 0.3


def find_tessdata() -> str | None:
    """The Tesseract language-data folder holding English, or None when OCR is unavailable."""
    candidates: list[str] = []
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        candidates.append(env)
    for pattern in _TESSDATA_GLOBS:
        candidates.extend(sorted(glob.glob(pattern), reverse=True))
    for folder in candidates:
        if Path(folder, "eng.traineddata").is_file():
            return folder
    return None


def languages(tessdata: str) -> str:
    """Every supported language with data installed, as Tesseract's ``eng+spa`` form."""
    present = [lang for lang in _LANGUAGES if Path(tessdata, f"{lang}.traineddata").is_file()]
    return "+".join(present)


def needs_ocr(page_text: str) -> bool:
    """True when a page's text layer is unusable (scans, outlined or unmapped fonts)."""
    text = "".join(page_text.split())
    if len(text) < _MIN_CHARS:
        return True
    return text.count("\ufffd") / len(text) > _MAX_UNKNOWN_SHARE


def ocr_textpage(page: pymupdf.Page, tessdata: str, flags: int) -> Any:
    """A text page recognised from the rendered page image."""
    width_in = page.rect.width / 72
    height_in = page.rect.height / 72
    dpi = max(1, min(_DPI, int(math.sqrt(_MAX_PIXELS / max(width_in * height_in, 1e-6)))))
    log.info("ocr page", extra={"page": page.number + 1 if page.number is not None else 0})
    return page.get_textpage_ocr(
        flags=flags, language=languages(tessdata), dpi=dpi, full=True, tessdata=tessdata
    )
