"""Generate the labelled synthetic resume set: ``<id>.pdf`` plus ``<id>.truth.json``.

    uv run python bench/accuracy/generate.py [--out DIR] [--count N] [--seed S]

Each resume draws from its own ``random.Random(f"{seed}:{index}")``. The content and
therefore the truth are sampled before anything machine-dependent (which fonts are
installed), so the truth is identical for a seed everywhere; the PDF bytes are also
identical on machines with the same fonts and library versions. The truth is
written from the generator's own choices, never from a parser.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import backends
import corpus
import families
import fonts
import style
import tables

DEFAULT_OUT = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20261101
DEFAULT_COUNT = 80

# Layout family x producer, cycled so every combination gets the same share.
COMBOS: tuple[tuple[str, str], ...] = tuple(
    (family, producer)
    for family in (*families.CANVAS_FAMILIES, "table")
    for producer in ("reportlab", "pymupdf")
)


def _pick_family(st: style.Style, producer: str, text: str) -> tuple[fonts.Family, str]:
    """The font family actually used, and the producer (which may change, see below)."""
    key = st.family
    if producer == "reportlab" and not fonts.cp1252_safe(text) and key in fonts.STANDARD:
        key = "dejavu-serif" if key == "times" else "dejavu"
    fam = fonts.family(key)
    if fam is not None:
        return fam, producer
    # No DejaVu on this machine: PyMuPDF's embedded base-14 clones cover Latin Extended.
    fallback = {"dejavu": "helvetica", "dejavu-serif": "times"}[key]
    return fonts.STANDARD[fallback], "pymupdf"


def build(seed: int, index: int) -> tuple[bytes, dict[str, object]]:
    """Render resume ``index`` of the set for ``seed``: (PDF bytes, truth)."""
    rng = random.Random(f"{seed}:{index}")
    resume = corpus.sample(rng, f"r{index:03d}")
    st = style.draw(rng, resume.lang)
    layout_family, producer = COMBOS[index % len(COMBOS)]
    truth = resume.truth()
    text = json.dumps(truth, ensure_ascii=False) + " ".join(st.headings.values())
    fam, producer = _pick_family(st, producer, text)
    if layout_family == "table":
        render = tables.reportlab_table if producer == "reportlab" else tables.pymupdf_story
        pdf = render(rng, st, resume, fam)
    else:
        drawing = families.build(layout_family, rng, st, resume, fam)
        write = backends.reportlab_pdf if producer == "reportlab" else backends.pymupdf_pdf
        pdf = write(drawing, fam, st.draw_order)
    resume.meta.update(
        layout=layout_family,
        producer=producer,
        font=fam.key,
        seed=seed,
        style=st.to_meta(),
        headings=st.headings,
    )
    return pdf, resume.truth()


def write_set(out: Path, seed: int, count: int) -> list[Path]:
    """Write ``count`` resumes into ``out``, replacing any earlier set there."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob("r*.pdf"), *out.glob("r*.truth.json")]:
        stale.unlink()
    written = []
    for index in range(count):
        pdf, truth = build(seed, index)
        path = out / f"{truth['id']}.pdf"
        path.write_bytes(pdf)
        body = json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.with_suffix(".truth.json").write_text(body, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="number of resumes")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = write_set(args.out, args.seed, args.count)
    size = sum(p.stat().st_size + p.with_suffix(".truth.json").stat().st_size for p in paths)
    sys.stdout.write(f"wrote {len(paths)} resumes to {args.out} ({size / 1e6:.2f} MB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
