"""OCR for pages without a text layer, through MuPDF's built-in Tesseract.

MuPDF links Tesseract itself; it only needs the language data (``tessdata``),
which the Debian ``tesseract-ocr`` packages install.
"""

from __future__ import annotations

import glob
import logging
import math
import os
import re
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
_UNKNOWN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
# About a third of the letters of words in Latin-script languages are vowels (acronyms
# pull that down only a little); letters shifted to glyph ids keep about a tenth.
_LATIN_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{4,}(?![^\W\d_])")
_VOWEL = re.compile(r"[AEIOUYaeiouy]")
_MIN_WORDS = 12
_MIN_VOWEL_SHARE = 0.2


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
    """True when a page's text layer is unusable (scans, outlined or unmapped fonts).

    Unmapped fonts show up as U+FFFD, or, in a damaged file whose fonts lost their
    Unicode maps, as raw glyph ids: control characters between shifted letters
    ("\\x00K\\x00D\\x00S..."), or words with hardly a vowel ("KDSSLHVW FORVH").
    """
    text = "".join(page_text.split())
    if len(text) < _MIN_CHARS:
        return True
    if len(_UNKNOWN.findall(text)) / len(text) > _MAX_UNKNOWN_SHARE:
        return True
    return _glyph_codes(page_text)


def _glyph_codes(page_text: str) -> bool:
    tokens = _LATIN_WORD.findall(page_text)
    if len(tokens) < _MIN_WORDS:
        return False
    letters = "".join(tokens)
    return len(_VOWEL.findall(letters)) / len(letters) < _MIN_VOWEL_SHARE


def ocr_textpage(page: pymupdf.Page, tessdata: str, flags: int) -> Any:
    """A text page recognised from the rendered page image."""
    width_in = page.rect.width / 72
    height_in = page.rect.height / 72
    dpi = max(1, min(_DPI, int(math.sqrt(_MAX_PIXELS / max(width_in * height_in, 1e-6)))))
    log.info("ocr page", extra={"page": page.number + 1 if page.number is not None else 0})
    return page.get_textpage_ocr(
        flags=flags, language=languages(tessdata), dpi=dpi, full=True, tessdata=tessdata
    )
