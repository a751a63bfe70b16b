"""Layout families: where each section goes on the page.

``one_column``: header, then every section below it.
``two_column``: full-width header, experience and education on the left, skills,
languages and certifications on the right.
``sidebar_left`` / ``sidebar_right``: a tinted sidebar with contact details, skills,
languages and certifications; the name, summary, experience and education in the
main column.
(The ``table`` family is drawn by ``tables.py`` instead.)
"""

from __future__ import annotations

import random

import compose
import fonts
from corpus import Resume
from layout import Box, Drawing, Flow, Item, Region
from style import Style

CANVAS_FAMILIES = ("one_column", "two_column", "sidebar_left", "sidebar_right")
MARGIN = 48.0


def _flow_all(flow: Flow, items: list[Item]) -> None:
    for item in items:
        flow.add(item)


def _side_sections(rng: random.Random, style: Style, resume: Resume, narrow: bool) -> list[Item]:
    items = compose.skills_items(rng, style, resume, narrow)
    items += compose.language_items(rng, style, resume)
    items += compose.certification_items(style, resume)
    return items


def _main_sections(rng: random.Random, style: Style, resume: Resume) -> list[Item]:
    experience = compose.experience_items(rng, style, resume)
    education = compose.education_items(rng, style, resume)
    # Recent graduates often put education first.
    if rng.random() < 0.2:
        return education + experience
    return experience + education


def one_column(rng: random.Random, style: Style, resume: Resume, fam: fonts.Family) -> Drawing:
    w, h = style.page
    d = Drawing(w, h)
    flow = Flow(d, fam, Region(MARGIN, w - MARGIN, MARGIN, h - MARGIN, MARGIN))
    _flow_all(flow, compose.name_items(style, resume))
    _flow_all(flow, compose.contact_items(rng, style, resume, narrow=False))
    _flow_all(flow, compose.summary_items(style, resume))
    main = _main_sections(rng, style, resume)
    side = _side_sections(rng, style, resume, narrow=False)
    _flow_all(flow, side + main if rng.random() < 0.25 else main + side)
    return d


def two_column(rng: random.Random, style: Style, resume: Resume, fam: fonts.Family) -> Drawing:
    w, h = style.page
    d = Drawing(w, h)
    header = Flow(d, fam, Region(MARGIN, w - MARGIN, MARGIN, h - MARGIN, MARGIN))
    _flow_all(header, compose.name_items(style, resume))
    _flow_all(header, compose.contact_items(rng, style, resume, narrow=False))
    _flow_all(header, compose.summary_items(style, resume))
    top = header.y + 10
    split = MARGIN + (w - 2 * MARGIN) * rng.choice((0.55, 0.6, 0.64))
    left = Flow(d, fam, Region(MARGIN, split - 12, top, h - MARGIN, MARGIN))
    right = Flow(d, fam, Region(split + 12, w - MARGIN, top, h - MARGIN, MARGIN))
    _flow_all(left, _main_sections(rng, style, resume))
    _flow_all(right, _side_sections(rng, style, resume, narrow=True))
    return d


def sidebar(
    rng: random.Random, style: Style, resume: Resume, fam: fonts.Family, side: str
) -> Drawing:
    w, h = style.page
    d = Drawing(w, h)
    bar_w = w * rng.choice((0.3, 0.32, 0.35))
    pad = 16.0
    if side == "left":
        d.boxes.append(Box(0, 0, bar_w, h, style.sidebar_fill))
        bar = Region(pad, bar_w - pad, MARGIN, h - MARGIN, MARGIN)
        main = Region(bar_w + 24, w - MARGIN + 8, MARGIN, h - MARGIN, MARGIN)
    else:
        d.boxes.append(Box(w - bar_w, 0, w, h, style.sidebar_fill))
        bar = Region(w - bar_w + pad, w - pad, MARGIN, h - MARGIN, MARGIN)
        main = Region(MARGIN - 8, w - bar_w - 24, MARGIN, h - MARGIN, MARGIN)
    main_flow, bar_flow = Flow(d, fam, main), Flow(d, fam, bar)
    name_in_bar = rng.random() < 0.3
    _flow_all(bar_flow if name_in_bar else main_flow, compose.name_items(style, resume))
    _flow_all(bar_flow, [compose.heading(style, "contact", gap=10)])
    _flow_all(bar_flow, compose.contact_items(rng, style, resume, narrow=True))
    _flow_all(bar_flow, _side_sections(rng, style, resume, narrow=True))
    _flow_all(main_flow, compose.summary_items(style, resume))
    _flow_all(main_flow, _main_sections(rng, style, resume))
    return d


def build(
    name: str, rng: random.Random, style: Style, resume: Resume, fam: fonts.Family
) -> Drawing:
    if name == "one_column":
        return one_column(rng, style, resume, fam)
    if name == "two_column":
        return two_column(rng, style, resume, fam)
    return sidebar(rng, style, resume, fam, "left" if name == "sidebar_left" else "right")
