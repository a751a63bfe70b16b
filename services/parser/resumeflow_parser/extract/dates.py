"""Dates and date ranges as resumes write them, to partial ISO (``"2020"``, ``"2020-03"``).

Covers month names and abbreviations in English, Spanish, French, German,
Portuguese, Italian and Dutch:
``2019-03``, ``03/2019``, bare years, seasons, ranges joined by dashes
or words, open ranges (``Since 2021``, ``2020 to date``, ``2019 - heute``) and
``Jan - Mar 2020``. A season maps to its months (``Summer 2017`` -> June to August);
we never invent a day.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resumeflow_parser.extract.text import fold_aligned

_MONTH_WORDS: dict[int, str] = {
    1: "january janvier janeiro januar enero janv jann jan ene jaenner janner gennaio gen januari",
    2: "february fevrier fevereiro februar febrero febr feb fev fevr febbraio februari",
    3: "march marzo marco marz mars mar maerz maart mrt",
    4: "april abril avril apr abr avr aprile",
    5: "may mayo maio mai maggio mag mei",
    6: "june junio junho juni juin jun giugno giu",
    7: "july julio julho juli juillet juil jul luglio lug",
    8: "august agosto aout aug ago augustus",
    9: "september septiembre setiembre septembre setembro sept sep set settembre",
    10: "october octubre octobre outubro oktober oct okt out ottobre ott",
    11: "november noviembre novembre novembro nov",
    12: "december diciembre decembre dezembro dezember dec dic dez dicembre",
}
MONTHS: dict[str, int] = {w: m for m, ws in _MONTH_WORDS.items() for w in ws.split()}
_SEASON_WORDS: dict[tuple[int, int], str] = {
    (3, 5): "spring primavera printemps fruhling fruhjahr",
    (6, 8): "summer verano ete sommer verao",
    (9, 11): "fall autumn otono automne herbst outono",
    (1, 3): "winter invierno hiver inverno",
}
SEASONS: dict[str, tuple[int, int]] = {w: s for s, ws in _SEASON_WORDS.items() for w in ws.split()}

YEAR = r"(?:19[5-9]\d|20[0-3]\d)"
_TWO_DIGITS = re.compile(r"\d\d")


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_ATOM = re.compile(
    rf"""(?<![\w])(?:
      (?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?)?
      (?P<mon>{_alternation(list(MONTHS))})(?![a-z])\.?
      (?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?\s*,?\s*(?:del?\s+)?
      (?P<y1>{YEAR}|['’]\d\d)
    | (?P<season>{_alternation(list(SEASONS))})(?![a-z])\s*,?\s*(?:de\s+)?(?P<y2>{YEAR})
    | (?P<y3>{YEAR})[-/.](?P<m3>1[0-2]|0?[1-9])(?:-(?:3[01]|[12]\d|0?[1-9]))?(?![\d])
    | (?<![\d/.-])(?P<m4>1[0-2]|0?[1-9])[-/.](?P<y4>{YEAR})
    | (?P<y5>{YEAR})
    )(?![\w])""",
    re.VERBOSE,
)
_PRESENT = re.compile(
    r"(?<![\w])(?:present|current(?:ly)?|now|today|date|ongoing|presente|actual(?:idad|mente)?"
    r"|hoy|aujourd['’]hui|maintenant|en cours|ce jour|heute|jetzt|aktuell|derzeit"
    r"|atual(?:mente)?|hoje|o momento|la fecha|la actualidad|oggi|attuale|in corso|heden)(?![\w])"
)
_SEP = re.compile(
    r"\s*(?:[-–—‒―~→/]+\s*(?:to\s+)?|(?:[-–—]\s*)?(?:to|till|until|through|thru|al?|hasta"
    r"|au|jusqu['’]a|bis|ate(?:\s+o)?|ao)\s+)\s*"
)
_OPEN_END = re.compile(r"\s*[-–—]+\s*(?=\t|$)")
_SINCE = re.compile(
    r"(?<![\w])(?:since|from|desde|depuis|seit|ab|a partir de|des|starting|started)\s*:?\s*$"
)
_MONTH_RANGE = re.compile(
    rf"(?<![\w])(?P<m1>{_alternation(list(MONTHS))})\.?{_SEP.pattern}"
    rf"(?P<m2>{_alternation(list(MONTHS))})\.?\s*,?\s*(?P<y>{YEAR})(?![\w])"
)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date range found in a text; ``single`` when only one date was written."""

    start: str | None
    end: str | None
    is_current: bool
    span: tuple[int, int]
    single: bool = False


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    first: str | None  # as a range start
    last: str | None  # as a range end (a season ends in a later month)
    present: bool = False


def parse_date(text: str) -> str | None:
    """One date expression to partial ISO, or None."""
    found = find_ranges(text)
    return found[0].start if found else None


def find_range(text: str) -> DateRange | None:
    """The first real range in ``text``, else the first lone date."""
    found = find_ranges(text)
    ranges = [r for r in found if not r.single]
    if ranges:
        return ranges[0]
    return found[0] if found else None


def find_ranges(text: str) -> list[DateRange]:
    """Every date and date range in ``text``, left to right."""
    return list(_find_ranges(text))


# "since 2023Senior Engineer": a label set so close to the title that the text layer
# has no space. A capital then a lower-case letter starts a word (a glued postcode such
# as "2023AB" is two capitals and stays one token).
_GLUED = re.compile(r"(?<=\d)[A-Z](?=[a-z])")


def _unglue(text: str, folded: str) -> str:
    """``folded`` with a space where a word is glued to a number (same length)."""
    chars = list(folded)
    for m in _GLUED.finditer(text):
        chars[m.start()] = " "
    return "".join(chars)


# The same lines are scanned for dates by the classifier, the section splitter and
# the entry extractors; DateRange is frozen, so the answers can be shared.
@functools.lru_cache(maxsize=8192)
def _find_ranges(text: str) -> tuple[DateRange, ...]:
    folded = fold_aligned(text)
    if _GLUED.search(text) is not None:
        folded = _unglue(text, folded)
    # Every date has a year ('19 or 2019); only "present" words have no digits,
    # and they never make a range on their own.
    if _TWO_DIGITS.search(folded) is None:
        return ()
    out = _month_ranges(folded)
    taken = [r.span for r in out]
    tokens = [t for t in _tokens(folded) if not any(a <= t.start < b for a, b in taken)]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        step, found = _range_at(folded, token, tokens[i + 1] if i + 1 < len(tokens) else None)
        if found is not None:
            out.append(found)
        i += step
    return tuple(sorted(out, key=lambda r: r.span))


def _range_at(folded: str, token: _Token, nxt: _Token | None) -> tuple[int, DateRange | None]:
    if token.present or token.first is None:
        return 1, None
    window = max(0, token.start - 20)
    since = _SINCE.search(folded[window : token.start])
    begin = window + since.start() if since else token.start
    if nxt is not None and _SEP.fullmatch(folded[token.end : nxt.start]):
        span = (begin, nxt.end)
        if nxt.present:
            return 2, DateRange(token.first, None, True, span)
        if nxt.last is not None and _not_before(nxt.last, token.first):
            return 2, DateRange(token.first, nxt.last, False, span)
        return 2, None
    span = (begin, token.end)
    if since:
        return 1, DateRange(token.first, None, True, span, single=True)
    open_end = _OPEN_END.match(folded, token.end)
    if open_end is not None:  # "2023-04-01 –" with nothing after: still going on
        return 1, DateRange(token.first, None, True, (begin, open_end.end()))
    end = token.last if token.last != token.first else None
    return 1, DateRange(token.first, end, False, span, single=True)


def _not_before(end: str, start: str) -> bool:
    if "-" in end and "-" in start:
        return end >= start
    return end[:4] >= start[:4]


def _tokens(folded: str) -> list[_Token]:
    tokens = [_token(m) for m in _ATOM.finditer(folded)]
    tokens += [_Token(m.start(), m.end(), None, None, True) for m in _PRESENT.finditer(folded)]
    return sorted(tokens, key=lambda t: t.start)


def _token(match: re.Match[str]) -> _Token:
    groups = match.groupdict()
    if groups["mon"]:
        year = _year(groups["y1"])
        value = f"{year}-{MONTHS[groups['mon']]:02d}"
        return _Token(match.start(), match.end(), value, value)
    if groups["season"]:
        first, last = SEASONS[groups["season"]]
        year = groups["y2"]
        return _Token(match.start(), match.end(), f"{year}-{first:02d}", f"{year}-{last:02d}")
    if groups["y3"]:
        value = f"{groups['y3']}-{int(groups['m3']):02d}"
    elif groups["y4"]:
        value = f"{groups['y4']}-{int(groups['m4']):02d}"
    else:
        value = groups["y5"]
    return _Token(match.start(), match.end(), value, value)


def _year(text: str) -> str:
    if text[0] in "'’":
        short = int(text[1:])
        return str(2000 + short if short < 40 else 1900 + short)
    return text


def _month_ranges(folded: str) -> list[DateRange]:
    out: list[DateRange] = []
    for m in _MONTH_RANGE.finditer(folded):
        first, last = MONTHS[m["m1"]], MONTHS[m["m2"]]
        if first <= last:
            start, end = f"{m['y']}-{first:02d}", f"{m['y']}-{last:02d}"
            out.append(DateRange(start, end, False, (m.start(), m.end())))
    return out


_DANGLING = re.compile(rf"\s*[-–—]+\s*(?:(?:{_alternation(list(MONTHS))})\.?)?\s*")


def cut_range_head(text: str) -> bool:
    """Does ``text`` end in a range cut by wrapping ("08.2022 –", "Sep 2022 – Aug")?"""
    folded = fold_aligned(text).rstrip()
    found = _find_ranges(folded)
    if not found:
        return False
    last = found[-1]
    if last.is_current and last.end is None and not last.single:  # "08.2022 –": open end
        return last.span[1] == len(folded) and folded[last.span[1] - 1] in "-–—"
    return last.single and _DANGLING.fullmatch(folded, last.span[1]) is not None


def month_only(text: str) -> bool:
    """Is ``text`` a month name alone ("October", "Sept.")? A year may follow below."""
    return fold_aligned(text).strip(" .") in MONTHS


def range_tail(text: str) -> bool:
    """Is ``text`` only the end of a range ("2026", "03.2026", "Present", "Aug 2026")?"""
    folded = fold_aligned(text).strip(" .")
    if _PRESENT.fullmatch(folded):
        return True
    atom = _ATOM.fullmatch(folded)
    return atom is not None or bool(re.fullmatch(r"(?:\d{1,2}[./])?" + YEAR, folded))


def month_index(value: str, *, end: bool) -> int:
    """Months since year 0; a year-only start is January, a year-only end its January too.

    With ``end`` the month is counted inclusively, so ``Jan 2020 - Dec 2020`` is 12.
    """
    year, _, month = value.partition("-")
    if month:
        return int(year) * 12 + int(month) - 1 + (1 if end else 0)
    return int(year) * 12
