"""Phone numbers as people print them, with the E.164 truth they stand for.

Each country has a few written styles (international, national with trunk prefix,
dotted, packed). The number is drawn, then checked with ``phonenumbers`` so the
corpus never asks a parser to accept a number no real system would: the check is of
this generator, the truth is still what was drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True)
class Phone:
    raw: str
    e164: str


def _d(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _draw(rng: random.Random, country: str) -> tuple[str, list[str]]:
    """(E.164, written forms) for one number."""
    if country == "US":
        area = rng.choice(("303", "512", "614", "919", "503"))
        exch = str(rng.randint(201, 989))
        line = _d(rng, 4)
        return f"+1{area}{exch}{line}", [
            f"({area}) {exch}-{line}",
            f"{area}-{exch}-{line}",
            f"+1 {area} {exch} {line}",
            f"{area}.{exch}.{line}",
        ]
    if country == "GB":
        rest = "7" + rng.choice(("4", "5", "7", "8", "9")) + _d(rng, 8)
        return f"+44{rest}", [
            f"0{rest[:4]} {rest[4:]}",
            f"+44 {rest[:4]} {rest[4:7]} {rest[7:]}",
            f"+44 (0){rest[:4]} {rest[4:]}",
        ]
    if country == "DE":
        pre = rng.choice(("151", "160", "170", "176", "157"))
        sub = _d(rng, 8 if pre != "160" else 7)
        return f"+49{pre}{sub}", [
            f"0{pre} {sub}",
            f"+49 {pre} {sub}",
            f"0{pre}/{sub}",
            f"+49 (0){pre} {sub[:4]} {sub[4:]}",
        ]
    if country == "FR":
        rest = rng.choice("67") + _d(rng, 8)
        pairs = [rest[1:][i : i + 2] for i in range(0, 8, 2)]
        return f"+33{rest}", [
            "0" + rest[0] + " " + " ".join(pairs),
            "0" + rest[0] + "." + ".".join(pairs),
            "+33 " + rest[0] + " " + " ".join(pairs),
            "+33 (0)" + rest[0] + " " + " ".join(pairs),
        ]
    if country == "ES":
        rest = "6" + _d(rng, 8)
        return f"+34{rest}", [
            f"{rest[:3]} {rest[3:6]} {rest[6:]}",
            f"+34 {rest[:3]} {rest[3:5]} {rest[5:7]} {rest[7:]}",
            f"+34 {rest}",
        ]
    if country == "IT":
        rest = "3" + rng.choice("234579") + _d(rng, 8)
        return f"+39{rest}", [f"{rest[:3]} {rest[3:]}", f"+39 {rest[:3]} {rest[3:6]} {rest[6:]}"]
    if country == "NL":
        rest = "6" + rng.choice("1234") + _d(rng, 7)
        return f"+31{rest}", [
            f"06-{rest[1:]}",
            f"+31 6 {rest[1:]}",
            f"06 {rest[1:3]} {rest[3:6]} {rest[6:]}",
        ]
    if country == "PT":
        rest = "9" + rng.choice("1236") + _d(rng, 7)
        return f"+351{rest}", [
            f"{rest[:3]} {rest[3:6]} {rest[6:]}",
            f"+351 {rest[:3]} {rest[3:6]} {rest[6:]}",
        ]
    if country == "BR":
        area = rng.choice(("41", "81", "31"))
        sub = "9" + _d(rng, 8)
        return f"+55{area}{sub}", [
            f"({area}) {sub[:5]}-{sub[5:]}",
            f"+55 {area} {sub[:5]}-{sub[5:]}",
        ]
    raise ValueError(country)


def sample(rng: random.Random, country: str) -> Phone:
    for _ in range(100):
        e164, forms = _draw(rng, country)
        if phonenumbers.is_valid_number(phonenumbers.parse(e164)):
            return Phone(rng.choice(forms), e164)
    raise RuntimeError(f"no valid {country} number drawn")


def _draw_landline(rng: random.Random, country: str) -> tuple[str, list[str]]:
    """(E.164, written forms) for a fixed-line number, with the trunk "(0)" styles that
    offices print: ``+33 5 56 31 32 33``, ``05.56.31.32.33``, ``+49 (0) 30 1234567``."""
    if country == "FR":
        area = rng.choice("12345")
        rest = area + _d(rng, 8)
        pairs = [rest[1:][i : i + 2] for i in range(0, 8, 2)]
        return f"+33{rest}", [
            f"+33 {area} " + " ".join(pairs),
            f"0{area}." + ".".join(pairs),
            f"0{area} " + " ".join(pairs),
            f"+33 (0){area} " + " ".join(pairs),
        ]
    if country == "GB":
        rest = "20" + rng.choice("378") + _d(rng, 7)
        return f"+44{rest}", [
            f"+44 (0){rest[:2]} {rest[2:6]} {rest[6:]}",
            f"(0){rest[:2]} {rest[2:6]} {rest[6:]}",
            f"0{rest[:2]} {rest[2:6]} {rest[6:]}",
            f"+44 {rest[:2]} {rest[2:6]} {rest[6:]}",
        ]
    if country == "DE":
        area, sub = rng.choice((("30", 7), ("40", 7), ("89", 7), ("341", 6), ("511", 6)))
        num = rng.choice("23456789") + _d(rng, sub - 1)
        return f"+49{area}{num}", [
            f"+49 (0) {area} {num}",
            f"0{area} {num}",
            f"0{area}/{num}",
            f"+49 {area} {num}",
        ]
    if country == "US":
        area = rng.choice(("303", "512", "614", "919", "503"))
        exch, line = str(rng.randint(201, 989)), _d(rng, 4)
        return f"+1{area}{exch}{line}", [
            f"+1 ({area}) {exch}-{line}",
            f"{area} {exch} {line}",
            f"1-{area}-{exch}-{line}",
        ]
    if country == "ES":
        rest = rng.choice(("91", "93", "96")) + rng.choice("2345") + _d(rng, 6)
        return f"+34{rest}", [
            f"{rest[:2]} {rest[2:5]} {rest[5:7]} {rest[7:]}",
            f"+34 {rest[:3]} {rest[3:5]} {rest[5:7]} {rest[7:]}",
        ]
    if country == "IT":
        rest = rng.choice(("06", "02", "051")) + _d(rng, 7)
        return f"+39{rest}", [f"{rest[:3]} {rest[3:]}", f"+39 {rest[:2]} {rest[2:]}"]
    if country == "NL":
        rest = rng.choice(("20", "30", "10")) + rng.choice("2345678") + _d(rng, 6)
        return f"+31{rest}", [
            f"0{rest[:2]}-{rest[2:]}",
            f"+31 (0){rest[:2]} {rest[2:5]} {rest[5:]}",
        ]
    if country == "PT":
        rest = rng.choice(("21", "22")) + rng.choice("2345") + _d(rng, 6)
        return f"+351{rest}", [f"{rest[:2]} {rest[2:5]} {rest[5:]}", f"+351 {rest}"]
    if country == "BR":
        area = rng.choice(("41", "81", "31"))
        sub = rng.choice("2345") + _d(rng, 7)
        return f"+55{area}{sub}", [
            f"({area}) {sub[:4]}-{sub[4:]}",
            f"+55 {area} {sub[:4]}-{sub[4:]}",
        ]
    raise ValueError(country)


def landline(rng: random.Random, country: str) -> Phone:
    """A fixed-line number for templates that print an office or home phone."""
    for _ in range(100):
        e164, forms = _draw_landline(rng, country)
        number = phonenumbers.parse(e164)
        if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE or (
            phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
        ):
            return Phone(rng.choice(forms), e164)
    raise RuntimeError(f"no valid {country} landline drawn")
