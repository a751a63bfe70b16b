"""Build the real-world development corpus: ``data/<id>.pdf`` + ``data/<id>.truth.json``.

    uv run python bench/realworld/build.py [--per-template N] [--seed S] [--jobs J]
                                           [--only NAME,...] [--no-install] [--truth-only]

Every document is our own generated person (``content.py``) rendered by a real,
third-party template or producer: LaTeX CV classes from Debian's texlive
(``latex.py``), HTML/CSS designs and JSON Resume npm themes printed by headless
Chromium (``htmlcv.py``), DOCX from python-docx exported by LibreOffice
(``wordcv.py``). The truth comes from the drawn content and the date precision the
template prints, never from a parser. Nothing generated is committed: the output
directory is git-ignored, and a fresh machine rebuilds it with this script (it
installs the Debian packages when run as root, and the npm themes with ``npm ci``).
Documents already built are kept (delete ``data/`` to rebuild).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
DEFAULT_SEED = 20261128
APT = (
    "chromium",
    "libreoffice-writer-nogui",
    "texlive-latex-extra",
    "texlive-fonts-extra",
    "texlive-fonts-recommended",
    "texlive-latex-recommended",
    "texlive-plain-generic",
    "lmodern",
    "fonts-liberation",
    "fonts-dejavu-core",
    "nodejs",
    "npm",
)
TOOLS = ("chromium", "soffice", "pdflatex", "node", "npm")


def install() -> None:
    """Debian packages (root only) and the pinned npm themes; idempotent."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    have_fa5 = subprocess.run(["kpsewhich", "fontawesome5.sty"], capture_output=True, check=False)
    if missing or not have_fa5.stdout.strip():
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            raise SystemExit(
                f"missing {missing or ['texlive-fonts-extra']}; run as root to install"
            )
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT],
            check=True,
            env=env,
        )
    if not (HERE / "node/node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE / "node", check=True)


def registry() -> dict[str, tuple[str, object]]:
    """Template name -> (family, render function)."""
    import htmlcv
    import jobheads
    import latex
    import sixth
    import wordcv

    out: dict[str, tuple[str, object]] = {}
    for name, fn in latex.TEMPLATES.items():
        out[name] = ("latex", fn)
    for name, fn in htmlcv.TEMPLATES.items():
        out[name] = ("jsonresume" if name.startswith("jsonresume") else "html", fn)
    for name, fn in wordcv.TEMPLATES.items():
        out[name] = ("docx", fn)
    for name, fn in jobheads.TEMPLATES.items():
        out[name] = ("html", fn)
    for name, fn in sixth.TEMPLATES.items():
        out[name] = ("jsonresume" if name.startswith("jsonresume") else "html", fn)
    return out


def holdout() -> set[str]:
    lines = (HERE / "holdout.txt").read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def _shown(pdf: bytes) -> tuple[list[str], str]:
    """What a reader of the document gets: each page's text, and its link targets
    (case-folded)."""
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        pages = [p.get_text() for p in doc]
        uris = " ".join(link.get("uri", "") for p in doc for link in p.get_links()).casefold()
    return pages, uris


def _printed_links(
    links: list[tuple[str, str]], pages: list[str], uris: str
) -> list[tuple[str, str]]:
    """Links the document carries (``_shown``), as visible text or as a link target.

    Some designs print only a user name ("in/jdoe") with the URL behind it; a link
    with neither in the file is not something any reader could recover.
    """
    from content import ascii_fold

    text = "".join(pages).replace("\n", "").replace(" ", "").casefold()
    return [
        (b, k)
        for b, k in links
        if b.casefold() in text or b.casefold() in uris or ascii_fold(b).casefold() in uris
    ]


def _prints_any(pages: list[str], labels: list[str]) -> bool:
    """Whether the pages' text shows any of ``labels`` (case and spacing aside)."""
    text = " ".join(" ".join(page.split()) for page in pages).casefold()
    return not labels or any(" ".join(label.split()).casefold() in text for label in labels)


def _render(name: str, index: int, seed: int, doc_id: str) -> tuple[Any, bytes, bool]:
    """The person drawn for one document and the template's rendering of them. A
    template may change the person while rendering (employers in capitals, a degree
    spelled out, an office line for the phone), so the truth is taken after it."""
    import content

    render = registry()[name][1]
    rng = random.Random(f"{seed}:{name}:{index}")
    resume = content.sample(rng, doc_id)
    pdf, year_only = render(resume, rng)  # type: ignore[operator]
    return resume, pdf, year_only


def _truth(resume: Any, pdf: bytes, year_only: bool) -> dict[str, object]:
    """The truth: what the drawn person's document shows. Links count where the file
    carries them; a languages section counts where the template prints it (``kendall``
    prints languages only under a field name the JSON Resume schema does not have)."""
    import content

    pages, uris = _shown(pdf)
    resume.links = _printed_links(resume.links, pages, uris)
    labels = [resume.lang_label(c) for c, _ in resume.languages]
    printed = {"languages": _prints_any(pages, labels)}
    return content.truth(resume, year_only=year_only, printed=printed)


def build_one(name: str, index: int, seed: int, out: Path, split: str) -> str:
    doc_id = f"{name}-{index:02d}"
    pdf_path = out / f"{doc_id}.pdf"
    if pdf_path.exists() and pdf_path.with_suffix(".truth.json").exists():
        return f"kept {doc_id}"
    family = registry()[name][0]
    try:
        resume, pdf, year_only = _render(name, index, seed, doc_id)
    except Exception:
        return f"FAILED {doc_id}: {traceback.format_exc(limit=2)}"
    resume.meta = {
        "template": name,
        "family": family,
        "split": split,
        "lang": resume.lang,
        "country": resume.country,
        "year_only_dates": year_only,
        "seed": seed,
    }
    truth = _truth(resume, pdf, year_only)
    pdf_path.write_bytes(pdf)
    body = json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    pdf_path.with_suffix(".truth.json").write_text(body, encoding="utf-8")
    return f"built {doc_id}"


def rewrite_truth(out: Path) -> int:
    """Re-derive every truth file from its seed, keeping the PDF.

    For a change to the truth conventions only. Each document is rendered again in
    memory (and the result dropped), because templates change the person while
    rendering; the checks of what the document shows read the kept PDF.
    """
    count = 0
    for path in sorted(out.glob("*.truth.json")):
        old = json.loads(path.read_text(encoding="utf-8"))
        meta = old["meta"]
        index = int(old["id"][-2:])
        resume, _, year_only = _render(meta["template"], index, meta["seed"], old["id"])
        resume.meta = meta
        pdf = path.with_name(f"{old['id']}.pdf").read_bytes()
        truth = _truth(resume, pdf, year_only)
        body = json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(body, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--per-template", type=int, default=5)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=2, help="parallel renderers (CPU is shared)")
    parser.add_argument("--only", default="", help="comma-separated template names")
    parser.add_argument("--no-install", action="store_true")
    parser.add_argument(
        "--truth-only", action="store_true", help="re-derive truth files, keep the PDFs"
    )
    args = parser.parse_args(argv)
    if args.truth_only:
        print(f"rewrote {rewrite_truth(args.out)} truth files in {args.out}")
        return 0
    if not args.no_install:
        install()
    names = sorted(registry())
    held = holdout()
    unknown = held - set(names)
    if unknown:
        raise SystemExit(f"holdout.txt names unknown templates: {sorted(unknown)}")
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    tasks = [
        (n, i, args.seed, args.out, "holdout" if n in held else "tune")
        for n in names
        for i in range(args.per_template)
    ]
    failed = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for line in pool.map(build_one, *zip(*tasks, strict=True)):
            failed += line.startswith("FAILED")
            print(line, flush=True)
    built = len(list(args.out.glob("*.truth.json")))
    print(f"{built} documents in {args.out} from {len(names)} templates; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
