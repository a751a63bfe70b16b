"""Split the reading-order lines into sections at headings.

A heading is a short standalone line whose words are a known heading phrase
(:mod:`headings`). Plain-looking matches are dropped when the document's other
headings share a distinctive style, and a line in exactly that style ends the
previous section even when its words are unknown (it becomes ``other``), so an
unexpected section never leaks into the experience before it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from resumeflow_parser.extract.guess import CONTACT, guess_section
from resumeflow_parser.extract.headings import TITLE, heading_key, keyword_section, lookup
from resumeflow_parser.extract.layout import Flow
from resumeflow_parser.extract.lines import Line, merge_row, split_line, union
from resumeflow_parser.extract.roles import is_org, is_title
from resumeflow_parser.extract.skills import known_skill
from resumeflow_parser.extract.text import is_bullet, words
from resumeflow_shared.profile import Section

PREAMBLE = CONTACT
OTHER = "other"  # a heading by its style whose words we do not know

Style = tuple[float, bool, bool]  # size to the half point, bold, all capitals

_NUMBERED = re.compile(r"^\d{1,2}[.)]?\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """A section with its lines; ``heading`` is None for the preamble above the first one."""

    name: str
    heading: Line | None
    lines: tuple[Line, ...]

    def to_section(self) -> Section:
        first = self.heading or self.lines[0]
        on_page = [line for line in (first, *self.lines) if line.page == first.page]
        box = union(line.bbox for line in on_page)
        return Section(
            name=self.name,
            heading=self.heading.clean if self.heading else "",
            text="\n".join(line.text for line in self.lines),
            page=first.page,
            bbox=(round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2)),
        )


def style(line: Line) -> Style:
    letters = [ch for ch in line.text if ch.isalpha()]
    caps = len(letters) >= 2 and all(ch.isupper() for ch in letters)
    return (round(line.size * 2) / 2, line.bold, caps)


def body_size(lines: Sequence[Line]) -> float:
    """The font size most of the text is set in: the median over characters.

    Counted per size rather than by sorting a list with one entry per character.
    """
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    total = sum(weights.values())
    if not total:
        return 0.0
    upper = _nth(weights, total // 2)
    if total % 2:
        return upper
    return (_nth(weights, total // 2 - 1) + upper) / 2


def _nth(weights: Counter[float], index: int) -> float:
    """The ``index``-th (0-based) value of the sorted multiset ``weights``."""
    seen = 0
    for size in sorted(weights):
        seen += weights[size]
        if index < seen:
            return size
    raise IndexError(index)


def split_sections(lines: Sequence[Line], flows: Sequence[Flow] = ()) -> list[Block]:
    """Sections in reading order; lines above the first heading form a ``contact`` block.

    ``flows`` marks where right-hand columns start: on the first page, a main
    column that opens (after a sidebar of headed sections) with unheaded lines, the
    name and headline, is preamble too, not the end of the sidebar's last section.
    """
    lines = _split_label_rows(lines)
    names = headings(lines)
    restarts = _preamble_restarts(lines, flows, names)
    blocks: list[Block] = []
    name: str = PREAMBLE
    heading: Line | None = None
    body: list[Line] = []
    for i, line in enumerate(lines):
        if i in names or i in restarts:
            if body or heading is not None:
                blocks.append(Block(name, heading, tuple(body)))
            name, heading = names.get(i, PREAMBLE), line if i in names else None
            body = [] if i in names else [line]
        else:
            body.append(line)
    if body or heading is not None:
        blocks.append(Block(name, heading, tuple(body)))
    return [_named(b) for b in blocks if b.lines or b.heading is not None]


def _named(block: Block) -> Block:
    """A section under a heading we could not read is named from what it holds."""
    if block.name != OTHER:
        return block
    return replace(block, name=guess_section(block.lines) or OTHER)


def _split_label_rows(lines: Sequence[Line]) -> list[Line]:
    """ "EXPERIENCE<tab>Senior Engineer, Acme": a heading set beside its first line."""
    out: list[Line] = []
    skip = -1
    for k, line in enumerate(lines):
        if k == skip:
            continue
        parts = split_line(line) if "\t" in line.text else []
        head = parts[0] if parts else None
        beside: list[Line] = []  # what shares the wrapped label's second row
        if head is not None and lookup(head.clean) is None and k + 1 < len(lines):
            larger = _larger(head, parts[1:])
            wrapped = _wrapped_label(head, lines[k + 1], larger=larger)
            if wrapped is not None and larger:
                (head, beside), skip = wrapped, k + 1
        if head is not None and _label_heading(head, parts[1:]):
            out.append(head)
            out.append(_own_size(merge_row(parts[1:]), head))
            if beside:
                out.append(_own_size(merge_row(beside), head))
        else:
            out.append(line)
            if skip == k + 1:
                skip = -1
    return out


def _own_size(rest: Line, head: Line) -> Line:
    if head.height > 0 and rest.height < head.height:
        # The row's size is the heading's; the entry beside it is smaller.
        return replace(rest, size=round(head.size * rest.height / head.height, 1))
    return rest


def _label_heading(head: Line, rest: Sequence[Line]) -> bool:
    """A label beside its content that starts a section: a heading we know, set in
    bold or larger; or, set clearly larger and not a job title, a short phrase
    naming a section by a keyword ("Professional Skills Summary")."""
    name = lookup(head.clean)
    if name is not None:
        return name != TITLE and (_emphasised(head) or _larger(head, rest))
    return (
        len(words(head.clean)) <= 4
        and keyword_section(head.clean) is not None
        and _larger(head, rest)
        and not is_title(head.clean)
    )


def _wrapped_label(head: Line, below: Line, *, larger: bool) -> tuple[Line, list[Line]] | None:
    """A margin heading wrapped onto two lines ("Professional" over "Experience"),
    its first line on the row of the first entry: the two lines joined, if together
    they are a heading we know (or, for a label set larger than its content, one that
    names a section by a keyword), with what sits beside the second line. The second
    line must sit right under the first, in the same margin (same right or left edge)
    and the same size."""
    parts = split_line(below) if "\t" in below.text else [below]
    second = parts[0]
    if not -0.3 * head.height <= second.y0 - head.y1 <= 0.5 * head.height:
        return None
    if abs(second.height - head.height) > 0.15 * head.height:
        return None
    if abs(second.x1 - head.x1) > 2 and not (larger and abs(second.x0 - head.x0) <= 2):
        return None
    joined = Line(
        head.page,
        f"{head.text} {second.text}",
        (*head.boxes, head.boxes[-1], *second.boxes),
        head.size,
        head.bold,
    )
    name = lookup(joined.clean)
    if name is None and larger and keyword_section(joined.clean) is not None:
        return joined, parts[1:]
    return (joined, parts[1:]) if name not in (None, TITLE) else None


def _emphasised(line: Line) -> bool:
    return line.bold or style(line)[2]


def _larger(head: Line, rest: Sequence[Line]) -> bool:
    """A heading in a margin column set clearly larger than the entry beside it.

    A row has one size, so the glyph boxes tell the parts' sizes apart.
    """
    return bool(rest) and head.height >= 1.15 * max(part.height for part in rest)


def _preamble_restarts(
    lines: Sequence[Line], flows: Sequence[Flow], names: dict[int, str]
) -> set[int]:
    at = {id(line): i for i, line in enumerate(lines)}
    out: set[int] = set()
    for band_first, right_first in flows:
        band, start = at.get(id(band_first)), at.get(id(right_first))
        if band is None or start is None or start in names or right_first.page != 1:
            continue
        if any(band <= i < start for i in names):
            out.add(start)
    return out


def headings(lines: Sequence[Line]) -> dict[int, str]:
    """Index of each heading line -> canonical section name."""
    body = body_size(lines)
    known = {i: lookup(line.clean) for i, line in enumerate(lines) if _standalone(line)}
    styles = Counter(style(lines[i]) for i, name in known.items() if name not in (None, TITLE))
    dominant = styles.most_common(1)[0][0] if styles and styles.most_common(1)[0][1] >= 2 else None
    out: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i not in known:
            continue
        name = _classify(line, known[i], dominant, body, started=bool(out))
        if name is not None:
            out[i] = name
    if dominant is None:
        out |= _styled(lines, known, body)
    return out


def _styled(lines: Sequence[Line], known: dict[int, str | None], body: float) -> dict[int, str]:
    """Headings by style alone, for a document whose headings use no word we know.

    A style qualifies when 2-12 short standalone lines share it, it stands out
    (capitals, or larger than the body text), and its lines are not job titles or
    company names (a design that sets every job title large is not sectioned by them).
    """
    groups: dict[Style, list[int]] = defaultdict(list)
    margin = _text_edge(lines)
    for i, name in known.items():
        line = lines[i]
        if known_skill(line.clean):  # "AWS" on a line of its own is a list item
            continue
        if (name is None and len(words(line.clean)) <= 5) or _letter_spaced(line.clean):
            st = style(line)
            # Bold at body size stands out only in the margin left of the text column;
            # bold and any larger (10.5 over 10) stands out anywhere.
            if st[2] or st[0] >= body + 0.9 or (st[1] and (line.x1 < margin or st[0] > body)):
                groups[st].append(i)
    out: dict[int, str] = {}
    for members in groups.values():
        texts = [lines[i].clean for i in members]
        roles = sum(is_title(t) or is_org(t) for t in texts)
        # A name set on two lines is two big lines with nothing between them.
        apart = len(members) > 2 or all(b - a > 1 for a, b in pairwise(members))
        if 2 <= len(members) <= 12 and 2 * roles < len(members) and apart:
            out |= dict.fromkeys(members, OTHER)
    return out


def _text_edge(lines: Sequence[Line]) -> float:
    """Where most lines of the first page start: the left edge of the text column."""
    starts = Counter(round(line.x0) for line in lines if line.page == lines[0].page)
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def _letter_spaced(text: str) -> bool:
    return " " not in heading_key(text) and len(text.split()) > 3


def _classify(
    line: Line, name: str | None, dominant: Style | None, body: float, *, started: bool
) -> str | None:
    if name == TITLE:
        return None
    emphasised = line.size >= body + 0.9 or line.bold or style(line)[2]
    if name is not None:
        return name if emphasised or dominant is None or style(line) == dominant else None
    if dominant is None or style(line) != dominant:
        return None
    keyword = keyword_section(line.clean)
    if keyword is not None:
        return keyword
    # An unknown phrase in the exact heading style, clearly larger than the body text.
    # Letter spacing ("T R AY E C T O R I A") is as distinctive as size.
    spaced = _letter_spaced(line.clean)
    distinctive = dominant[0] >= body + 1.5 or spaced
    if started and distinctive and (spaced or len(words(line.clean)) <= 4):
        return OTHER
    return None


def _standalone(line: Line) -> bool:
    text = _NUMBERED.sub("", line.clean)  # numbered: "2. Experience"
    if "\t" in line.text or is_bullet(line) or not 2 <= len(text) <= 50:
        return False
    if any(ch.isdigit() for ch in text) or text.endswith((".", ",", ";")) or "@" in text:
        return False
    count = len(words(text))
    if count > 6:  # letter-spaced ("S K I L L S") counts as the one word it spells
        count = len(words(heading_key(text)))
    return 1 <= count <= 6
