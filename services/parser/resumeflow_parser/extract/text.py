"""Small text helpers shared by the extractors: folding, bullets, fragments."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from resumeflow_parser.extract.lines import Line

BULLETS = "•◦▪▫●○■□►▸▹➢➤✓✔❖♦◆→·*-–—"
_BULLET = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s*")
# Separators between the parts of an entry header ("Acme | Engineer | 2019 - 2020").
_SEPARATOR = re.compile(r"\t|\s+[|•·◦▪]\s+|\s+[—–]\s+|\s+-\s+|\s*\|\s*")
_TERMINAL = re.compile(r"[.!?;:]$")
_DASH_RANGE = re.compile(r"^\s*[-–—]\s*(?:\d|present)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def wordset(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (data, not prose)."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """Case- and accent-insensitive key: ``"Expérience"`` -> ``"experience"``."""
    if text.isascii():  # nothing to decompose; casefold is lower for ASCII
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_DROP_MARKS)


class _MarkTable(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters come."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_MARKS = _MarkTable()


def fold_aligned(text: str) -> str:
    """Like :func:`fold` but one character out per character in, so offsets still match."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch


def squash(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def is_bullet(line: Line) -> bool:
    return bool(_BULLET.match(line.text)) and not _is_dash_range(line.text)


def _is_dash_range(text: str) -> bool:
    # "- 2019" or "— Present" are dangling date parts, not list items.
    return bool(_DASH_RANGE.match(text))


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True, slots=True)
class Fragment:
    """A separator-delimited part of a line, with its character offsets in the line."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return squash(self.line.text[self.start : self.end])


def fragments(line: Line, separator: re.Pattern[str] = _SEPARATOR) -> list[Fragment]:
    """Split a header line at tabs, pipes, bullets and spaced dashes."""
    out: list[Fragment] = []
    start = 0
    for match in separator.finditer(line.text):
        _add(out, line, start, match.start())
        start = match.end()
    _add(out, line, start, len(line.text))
    return out


# Leading list marks on a part: a prefix glyph set after a date column ("2019\t• Acme").
_LEAD_MARKS = " ,;•◦▪▫●○■□►▸▹➢➤✓✔❖♦◆→"
# "Acme Bank, Leiden. Designed the reporting ...": a header run on into a description
# sentence (two words or more before the stop, then a capitalised word and a word in
# lower case: prose, not "Globex Corp. Senior Engineer").
_SENTENCE_ON = re.compile(r"(?<=[^\W\d_]{4})\.\s+(?=[^\W\d_][^\W\d_A-Z]+\s+[^\W\d_A-Z]+)")


def _add(out: list[Fragment], line: Line, start: int, end: int) -> None:
    raw = line.text[start:end]
    on = _SENTENCE_ON.search(raw)
    if on is not None and " " in raw[: on.start()].strip():
        end, raw = start + on.start(), raw[: on.start()]
    lead = len(raw) - len(raw.lstrip(_LEAD_MARKS))
    trail = len(raw) - len(raw.rstrip(" ,;"))
    if end - trail > start + lead:
        out.append(Fragment(line, start + lead, end - trail))


def paragraphs(lines: Iterable[Line]) -> Iterator[tuple[str, Line]]:
    """Group lines into items: a bullet starts one; wrapped lines continue it.

    Yields each item's text and the line it started on.
    """
    text: list[str] = []
    first: Line | None = None
    for line in lines:
        content = line.clean
        starts_item = (
            is_bullet(line) or first is None or (bool(text) and _ends_item(text[-1], content))
        )
        if starts_item and first is not None:
            yield " ".join(text), first
            text = []
        if starts_item:
            first = line
            content = strip_bullet(content)
        if content:
            text.append(content)
    if first is not None and text:
        yield " ".join(text), first


def _ends_item(previous: str, following: str) -> bool:
    if not following[:1].isupper():
        return False
    return bool(_TERMINAL.search(previous))
