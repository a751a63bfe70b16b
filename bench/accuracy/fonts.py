"""Font families for both PDF producers, plus one metric source for line wrapping.

The standard-14 fonts (Helvetica, Times, Courier) are not embedded by ReportLab and
only cover WinAnsi (cp1252), so a ReportLab resume whose text needs more (Ł, ř, ş)
is switched to DejaVu. PyMuPDF embeds its built-in base-14 clones (Nimbus), which
cover Latin Extended, so it can keep the chosen family.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pymupdf

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)


@dataclass(frozen=True)
class Family:
    key: str
    rl_regular: str  # ReportLab font name
    rl_bold: str
    mu_regular: str  # PyMuPDF built-in name or a TTF path
    mu_bold: str
    embedded_ttf: bool


def _find(filename: str) -> Path | None:
    for directory in _FONT_DIRS:
        if (directory / filename).is_file():
            return directory / filename
    return None


def _ttf_family(key: str, rl_name: str, regular: str, bold: str) -> Family | None:
    reg, bld = _find(regular), _find(bold)
    if reg is None or bld is None:
        return None
    return Family(key, rl_name, f"{rl_name}-Bold", str(reg), str(bld), True)


STANDARD = {
    "helvetica": Family("helvetica", "Helvetica", "Helvetica-Bold", "helv", "hebo", False),
    "times": Family("times", "Times-Roman", "Times-Bold", "tiro", "tibo", False),
    "courier": Family("courier", "Courier", "Courier-Bold", "cour", "cobo", False),
}
FAMILY_KEYS = ("helvetica", "helvetica", "times", "courier", "dejavu", "dejavu-serif")


@functools.cache
def family(key: str) -> Family | None:
    """The family for ``key``, or None when its TTF files are not on this machine."""
    if key in STANDARD:
        return STANDARD[key]
    if key == "dejavu":
        return _ttf_family(key, "DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    if key == "dejavu-serif":
        return _ttf_family(key, "DejaVuSerif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")
    raise KeyError(key)


@functools.cache
def mu_font(spec: str) -> pymupdf.Font:
    if spec.endswith(".ttf"):
        return pymupdf.Font(fontfile=spec)
    return pymupdf.Font(spec)


def width(fam: Family, bold: bool, text: str, size: float) -> float:
    """Advance width in points; Nimbus and DejaVu metrics match what both producers draw."""
    return float(mu_font(fam.mu_bold if bold else fam.mu_regular).text_length(text, size))


def cp1252_safe(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
