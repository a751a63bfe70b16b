"""Synthetic phone numbers: an E.164 truth and the string a resume shows.

Numbers are built from fixed prefixes that libphonenumber treats as valid (the harness
test checks every truth number with ``phonenumbers``), then written in the local
style of the country (trunk prefix, grouping) or in one of the international styles
("+49 30 ...", "+44 (0)20 ...", "0049 ..."). A local-style number can only be turned
into E.164 by a parser that infers the country, e.g. from the location line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Phone:
    value: str  # E.164
    raw: str  # as rendered


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _groups(digits: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, i = [], 0
    for size in sizes:
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


def _us(rng: random.Random, area: str | None) -> Phone:
    area = area or rng.choice(("212", "415", "646", "617", "312", "206"))
    nsn = area + str(rng.randint(2, 9)) + _digits(rng, 2) + _digits(rng, 4)
    a, b, c = nsn[:3], nsn[3:6], nsn[6:]
    raw = rng.choice(
        (
            f"({a}) {b}-{c}",
            f"{a}-{b}-{c}",
            f"{a}.{b}.{c}",
            f"+1 {a} {b} {c}",
            f"+1 ({a}) {b}-{c}",
            f"+1-{a}-{b}-{c}",
        )
    )
    return Phone("+1" + nsn, raw)


def _gb(rng: random.Random, area: str | None) -> Phone:
    if area == "20" and rng.random() < 0.5:
        nsn = "20" + rng.choice("378") + _digits(rng, 7)
        parts = (2, 4, 4)
    elif area == "161" and rng.random() < 0.5:
        nsn = "161" + rng.choice("248") + _digits(rng, 6)
        parts = (3, 3, 4)
    else:
        nsn = "7" + rng.choice("458") + rng.choice("01234568") + _digits(rng, 7)
        parts = (4, 6)
    grouped = _groups(nsn, parts)
    raw = rng.choice((f"0{grouped}", f"+44 {grouped}", f"+44 (0){grouped}", f"+44 (0) {grouped}"))
    return Phone("+44" + nsn, raw)


def _de(rng: random.Random, area: str | None) -> Phone:
    if area and rng.random() < 0.5:
        nsn = area + str(rng.randint(2, 9)) + _digits(rng, 7)
        head, tail = area, nsn[len(area) :]
    else:
        head = rng.choice(("151", "152", "160", "170", "171", "176"))
        tail = _digits(rng, 8)
        nsn = head + tail
    raw = rng.choice(
        (
            f"0{head} {tail}",
            f"(0{head}) {tail}",
            f"0{head}/{tail}",
            f"+49 {head} {tail}",
            f"+49 (0){head} {tail}",
            f"0049 {head} {tail}",
        )
    )
    return Phone("+49" + nsn, raw)


def _fr(rng: random.Random, area: str | None) -> Phone:
    if area and rng.random() < 0.5:
        nsn = area + rng.choice("23457") + _digits(rng, 7)
    else:
        nsn = rng.choice(("6" + rng.choice("0124567"), "7" + rng.choice("5678"))) + _digits(rng, 7)
    pairs = " ".join(nsn[i : i + 2] for i in range(1, 9, 2))
    dotted = ".".join(nsn[i : i + 2] for i in range(1, 9, 2))
    raw = rng.choice(
        (
            f"0{nsn[0]} {pairs}",
            f"0{nsn[0]}.{dotted}",
            f"+33 {nsn[0]} {pairs}",
            f"+33 (0){nsn[0]} {pairs}",
        )
    )
    return Phone("+33" + nsn, raw)


def _in(rng: random.Random, area: str | None) -> Phone:
    nsn = rng.choice(("98", "97", "99", "88", "70", "63")) + _digits(rng, 8)
    raw = rng.choice(
        (f"+91 {nsn[:5]} {nsn[5:]}", f"+91-{nsn}", f"0{nsn[:5]} {nsn[5:]}", f"{nsn[:5]} {nsn[5:]}")
    )
    return Phone("+91" + nsn, raw)


def _br(rng: random.Random, area: str | None) -> Phone:
    ddd = area or rng.choice(("11", "21", "41"))
    sub = "9" + rng.choice("6789") + _digits(rng, 7)
    raw = rng.choice(
        (
            f"+55 {ddd} {sub[:5]}-{sub[5:]}",
            f"+55 ({ddd}) {sub[:5]}-{sub[5:]}",
            f"({ddd}) {sub[:5]}-{sub[5:]}",
            f"{ddd} {sub[:5]}-{sub[5:]}",
        )
    )
    return Phone("+55" + ddd + sub, raw)


def _es(rng: random.Random, area: str | None) -> Phone:
    if area and rng.random() < 0.4:
        nsn = area + _digits(rng, 7)
        local = f"{nsn[:2]} {nsn[2:5]} {nsn[5:7]} {nsn[7:]}"
    else:
        nsn = "6" + _digits(rng, 8)
        local = rng.choice((f"{nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:]}", _groups(nsn, (3, 3, 3))))
    raw = rng.choice((local, f"+34 {local}", f"(+34) {local}", f"+34{nsn}"))
    return Phone("+34" + nsn, raw)


_BY_COUNTRY = {"US": _us, "GB": _gb, "DE": _de, "FR": _fr, "IN": _in, "BR": _br, "ES": _es}


def sample(rng: random.Random, country: str, area: str | None) -> list[Phone]:
    """One or two numbers for a candidate living in ``country`` (ISO 3166 alpha-2)."""
    make = _BY_COUNTRY[country]
    numbers = [make(rng, area)]
    if rng.random() < 0.15:
        second = make(rng, area)
        if second.value != numbers[0].value:
            numbers.append(second)
    return numbers
