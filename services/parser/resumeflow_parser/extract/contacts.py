"""Emails, phone numbers (E.164 through ``phonenumbers``) and typed links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers

from resumeflow_parser.extract.lines import Line, split_line
from resumeflow_parser.extract.skills import vocabulary
from resumeflow_parser.extract.text import fold
from resumeflow_shared.profile import BBox, Email, Link, LinkKind, Phone, Provenance

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w-])")
_ICONS = re.compile(r"[^\w\s.%+@-]+")
_URL_TAIL = re.compile(r"[\w-]+(?:/[\w-]*)*(?=\s|$)")
_LAST_TOKEN = re.compile(r"[\w.%+@-]+$")
_FIRST_TOKEN = re.compile(r"[\w.%+@-]+")
_PHONE_LABEL = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|cell|tlf|telefono|teléfono|téléphone|portable"
    r"|telefon|handy|telefone|celular|móvil|movil)\b|☎|📞",
    re.IGNORECASE,
)
# \d is any Unicode decimal digit, as for phonenumbers.
_FOUR_DIGITS = re.compile(r"\d(?:\D*\d){3}")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"'|,;]+", re.IGNORECASE)
_KNOWN_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|behance\.net|dribbble\.com"
    r"|github\.io|gitlab\.io|medium\.com|stackoverflow\.com|twitter\.com|x\.com|kaggle\.com"
)
_BARE_URL = re.compile(
    rf"(?<![@\w./-])(?:[a-z0-9-]+\.)*(?:{_KNOWN_HOSTS})(?:/[^\s<>()\"'|,;]*)?",
    re.IGNORECASE,
)
# A bare personal domain ("janedoe.dev") is a link only where contact details are.
_BARE_DOMAIN = re.compile(
    r"(?<![@\w./-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|dev|io|me|net|org|co|app|design"
    r"|tech|site|page|xyz|ai|info|es|fr|de|pt|br|uk|ca|eu)(?:/[^\s<>()\"'|,;]*)?(?![\w@])",
    re.IGNORECASE,
)
_PORTFOLIO_HOSTS = (
    "behance.net", "dribbble.com", "github.io", "gitlab.io", "netlify.app", "vercel.app",
    "about.me", "carrd.co", "wixsite.com", "notion.site", "squarespace.com", "artstation.com",
)  # fmt: skip
_PLATFORM_HOSTS = (
    "twitter.com", "x.com", "facebook.com", "instagram.com", "stackoverflow.com", "gitlab.com",
    "bitbucket.org", "medium.com", "kaggle.com", "youtube.com", "t.me", "wa.me", "google.com",
)  # fmt: skip


_TECH_DOMAINS = frozenset({"asp.net", "ado.net", "vb.net", "socket.io"})


@dataclass(frozen=True, slots=True)
class PdfLink:
    """A link annotation: 1-based page, its rectangle and target."""

    page: int
    rect: BBox
    uri: str


def find_emails(lines: Iterable[Line]) -> list[Email]:
    """Every distinct email address, with the domain lower-cased."""
    out: dict[str, Email] = {}
    recent: list[Line] = []  # a line beside the wrap (another column's) may come between
    for line in lines:
        for m in _EMAIL.finditer(line.text):
            value = _normal_email(m.group())
            if value and value.casefold() not in out:
                out[value.casefold()] = Email(value=value, source=line.provenance(*m.span()))
        # A row read across columns ("ro-<tab>Headline") wraps in one of its pieces.
        for piece in split_line(line) if "\t" in line.text else (line,):
            for first in reversed(recent):
                overlap = min(first.x1, piece.x1) - max(first.x0, piece.x0)
                narrower = min(first.x1 - first.x0, piece.x1 - piece.x0)
                if first.page == piece.page and overlap > 0.5 * narrower:
                    if "@" in first.text + piece.text:
                        _wrapped_email(first, piece, out)
                    break
            recent = [*recent[-2:], piece]
    return list(out.values())


def _wrapped_email(first: Line, second: Line, out: dict[str, Email]) -> None:
    """An address broken across two lines of a narrow column: "jane.doe@" / "example.com"."""
    tail = _LAST_TOKEN.search(first.text)
    head = _FIRST_TOKEN.match(second.text)
    if tail is None or head is None or "@" not in tail.group() + head.group():
        return
    if _EMAIL.fullmatch(tail.group()):
        return  # the first line holds a whole address of its own
    joined = tail.group() + head.group()
    if _EMAIL.fullmatch(head.group()):
        # "imo-" alone on its line over "gen.castellano@fastmail.com": a hyphenated
        # break (LaTeX), so the part on the second line is not the whole address.
        alone = _LAST_TOKEN.search(_ICONS.sub("", first.text).strip())
        if not tail.group().endswith("-") or alone is None or alone.start() != 0:
            return
        joined = tail.group()[:-1] + head.group()
        cut = _normal_email(head.group())
        if cut:
            out.pop(cut.casefold(), None)
    if _EMAIL.fullmatch(joined) is None:
        return
    value = _normal_email(joined)
    if value and value.casefold() not in out:
        out[value.casefold()] = Email(value=value, source=first.provenance(*tail.span()))


def _normal_email(raw: str) -> str | None:
    local, _, domain = raw.strip(".").rpartition("@")
    if not local or ".." in raw or local.startswith(".") or local.endswith("."):
        return None
    return f"{local}@{domain.lower()}"


# Where a number written in national style ("0176 2878294", "06.12.34.56.78") is not
# valid for the default region, these are tried in turn; evidence from the document
# (email and link domains) goes first.
_FALLBACK_REGIONS = ("GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR", "IN", "CH", "AT", "BE")
_DATE_GROUP = re.compile(r"\d+")
_DIGIT_RUN = re.compile(r"\d(?:[\s./()-]?\d){6,}")
# A country code (and an area code) at the end of a line, and the digits that go on
# at the start of the next: a number wrapped in a narrow column.
_CUT_PHONE = re.compile(r"(?:^|[^\w+])(\(?\+\d{1,3}\)?(?:[ .-]?\d{1,4})?)\s*$")
_PHONE_REST = re.compile(r"\d[\d ().-]*\d")


def find_phones(
    lines: Iterable[Line],
    region: str,
    *,
    labelled_only: bool = False,
    hints: Sequence[str] = (),
) -> list[Phone]:
    """Valid numbers anywhere; merely possible ones only after a phone label.

    ``hints``: regions the document points to (:mod:`regions`), tried before
    ``region`` for numbers written without a country code; of those that read a
    number, the one whose usual digit grouping matches the text wins.
    """
    out: dict[str, Phone] = {}
    regions = [*dict.fromkeys([*hints, region])]
    lines = list(lines)
    wrapped = -1
    for k, line in enumerate(lines):
        labelled = bool(_PHONE_LABEL.search(line.text))
        if labelled_only and not labelled:
            continue
        if "+" in line.text and k + 1 < len(lines) and _wrapped_phone(line, lines[k + 1], out):
            wrapped = k + 1
            continue
        if k == wrapped or _FOUR_DIGITS.search(line.text) is None:
            continue  # the matcher is costly, and no region has numbers under four digits
        leniency = phonenumbers.Leniency.POSSIBLE if labelled else phonenumbers.Leniency.VALID
        text = line.text.replace("\t", " ")
        run = _DIGIT_RUN.search(text)
        if len(regions) > 1 and run:
            matches = _best_written(text, regions, leniency)
        else:
            matches = _matches(text, [region], leniency)
        if not matches and run:
            fallback = [r for r in _FALLBACK_REGIONS if r not in regions]
            matches = _best_written(text, fallback, phonenumbers.Leniency.VALID)
        for m in matches:
            number = m.number
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if value in out or (not phonenumbers.is_valid_number(number) and _in_token(text, m)):
                continue
            out[value] = Phone(
                value=value,
                raw=m.raw_string,
                valid=phonenumbers.is_valid_number(number),
                source=line.provenance(m.start, m.end),
            )
    return list(out.values())


def _wrapped_phone(line: Line, below: Line, out: dict[str, Phone]) -> bool:
    """An international number cut after its country (and area) code at the line's end
    ("+55 41" / "99682-1043", a narrow contact column): read across the wrap."""
    cut = _CUT_PHONE.search(line.text)
    rest = _PHONE_REST.match(below.text) if cut is not None else None
    if cut is None or rest is None or below.page != line.page:
        return False
    joined = f"{cut.group(1)} {rest.group()}"
    found = [
        m
        for m in phonenumbers.PhoneNumberMatcher(joined, "ZZ", leniency=phonenumbers.Leniency.VALID)
        if m.start == 0 and m.end > len(cut.group(1))
    ]
    if not found:
        return False
    value = phonenumbers.format_number(found[0].number, phonenumbers.PhoneNumberFormat.E164)
    out.setdefault(
        value,
        Phone(value=value, raw=joined, valid=True, source=line.provenance(*cut.span(1))),
    )
    return True


def _in_token(text: str, m: phonenumbers.PhoneNumberMatch) -> bool:
    """Are the digits part of a longer token ("jane22@...", ".../jane-doe-689")?"""
    before = text[m.start - 1] if m.start > 0 else " "
    after = text[m.end] if m.end < len(text) else " "
    return before.isalnum() or before in "_/-" or after.isalnum() or after in "_@"


def _matches(
    text: str, regions: Sequence[str], leniency: int
) -> list[phonenumbers.PhoneNumberMatch]:
    """Matches from the first region that reads any number in ``text`` (dates excluded)."""
    for region in regions:
        found = [
            m
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency)
            if not _is_date(m.raw_string)
        ]
        if found:
            return found
    return []


def _best_written(
    text: str, regions: Sequence[str], leniency: int
) -> list[phonenumbers.PhoneNumberMatch]:
    """Matches from the region whose own way of grouping digits matches the text.

    "07.73.77.72.71" is valid in France and in Germany; written in pairs, it is French.
    On a tie the earlier region wins.
    """
    if all(_is_date(m.group()) for m in _DIGIT_RUN.finditer(text)):
        return []
    best: tuple[int, list[phonenumbers.PhoneNumberMatch]] | None = None
    for region in regions:
        found = _matches(text, [region], leniency)
        if not found:
            continue
        score = sum(_groups(m.raw_string) == _groups(_national(m.number)) for m in found)
        if best is None or score > best[0]:
            best = (score, found)
        if score == len(found):
            break
    return best[1] if best is not None else []


def _national(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _groups(text: str) -> tuple[int, ...]:
    return tuple(len(g) for g in _DATE_GROUP.findall(text))


def _is_date(raw: str) -> bool:
    """ "2019 - 2022", "03/2019 – 06/2021": digit groups that are all years or months."""
    if raw.lstrip().startswith("+"):
        return False
    groups = _DATE_GROUP.findall(raw)
    years = [g for g in groups if len(g) == 4 and g[:2] in ("19", "20")]
    return bool(years) and all(len(g) <= 2 or g in years for g in groups)


def find_links(
    lines: Sequence[Line],
    annotations: Sequence[PdfLink],
    *,
    contact: Iterable[Line] = (),
    owner: str | None = None,
) -> list[Link]:
    """Typed links from visible URLs and link annotations, de-duplicated.

    ``owner``: the candidate's name; a site whose host spells their family name is
    their portfolio wherever it is printed (a profiles section, a link list)."""
    in_contact = {id(line) for line in contact}
    found: dict[str, Link] = {}
    for k, line in enumerate(lines):
        if "©" in line.text or "." not in line.text:
            # A template's copyright footer links to its maker, not the candidate; and
            # every URL, domain and email address has a dot.
            continue
        # A site on the row of the email address is a contact detail too (a footer
        # contact row read after the last section).
        personal = id(line) in in_contact or _EMAIL.search(line.text) is not None
        patterns = [_URL, _BARE_URL] + ([_BARE_DOMAIN] if personal else [])
        taken: list[tuple[int, int]] = []
        for pattern in patterns:
            for m in pattern.finditer(line.text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                raw = m.group().rstrip(".,;:!?)]}")
                if pattern is _BARE_DOMAIN and not _personal_domain(raw):
                    continue
                if raw.endswith(("-", "/")) and not line.text[m.end() :].strip():
                    raw += _url_tail(line, lines[k + 1 : k + 2])
                _keep(found, raw, line.provenance(m.start(), m.start() + len(raw)), personal)
    for note in annotations:
        if note.uri.lower().startswith(("http://", "https://")):
            source, under = _under(note, lines)
            _keep(found, note.uri, source, under is not None and id(under) in in_contact)
    family = _family_key(owner)
    return [_owned(link, family) for link in found.values()]


def _owned(link: Link, family: str) -> Link:
    """An unknown site whose host spells the candidate's family name is their portfolio."""
    host = (urlsplit(link.url).hostname or "").removeprefix("www.")
    if family and link.kind == "other" and family in host.rpartition(".")[0].replace("-", ""):
        return link.model_copy(update={"kind": "portfolio"})
    return link


def _family_key(owner: str | None) -> str:
    """The family name as a host would spell it ("de la Fuente" -> "fuente"); short
    names ("Li", "Roe") say too little."""
    tokens = re.findall(r"[a-z]+", fold(owner or "").lower())
    return tokens[-1] if tokens and len(tokens[-1]) >= 4 else ""


def _url_tail(line: Line, following: Sequence[Line]) -> str:
    """The rest of a URL wrapped at a hyphen or slash ("linkedin.com/in/kwame-" /
    "whitfield-856"): the next line's first word when it starts at the same left edge."""
    if not following or following[0].page != line.page or abs(following[0].x0 - line.x0) > 20:
        return ""
    tail = _URL_TAIL.match(following[0].text)
    return tail.group().rstrip(".,;:!?)]}") if tail is not None else ""


def _personal_domain(raw: str) -> bool:
    # "ASP.NET" or "socket.io" in a headline are technologies, not websites.
    if not any(ch.islower() for ch in raw) or raw.casefold() in _TECH_DOMAINS:
        return False
    return vocabulary().lookup(raw) is None


def _keep(found: dict[str, Link], raw: str, source: Provenance, personal: bool) -> None:
    url = normalise_url(raw)
    if url is None or url.casefold() in found:
        return
    found[url.casefold()] = Link(url=url, kind=link_kind(url, personal=personal), source=source)


def normalise_url(raw: str) -> str | None:
    text = raw.strip()
    if not re.match(r"https?://", text, re.IGNORECASE):
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{host}{path}{query}"


def link_kind(url: str, *, personal: bool = False) -> LinkKind:
    """``personal``: the link sits with the contact details, so an unknown site is a portfolio."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin"
    if host in ("github.com", "gist.github.com"):
        return "github"
    if any(host == h or host.endswith("." + h) for h in _PORTFOLIO_HOSTS):
        return "portfolio"
    if personal and not any(host == h or host.endswith("." + h) for h in _PLATFORM_HOSTS):
        return "portfolio"
    return "other"


def _under(note: PdfLink, lines: Iterable[Line]) -> tuple[Provenance, Line | None]:
    x0, y0, x1, y1 = note.rect
    for line in lines:
        if line.page != note.page:
            continue
        inside = [
            i
            for i, b in enumerate(line.boxes)
            if x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1
        ]
        if inside:
            return line.provenance(inside[0], inside[-1] + 1), line
    return Provenance(page=note.page, bbox=note.rect, text=note.uri), None
