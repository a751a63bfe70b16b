"""Throughput and memory of ``parse_pdf`` against bare PyMuPDF text extraction.

    uv run python bench/parser_speed.py [--data DIR] [--repeat N] [--multipage DOCS]
                                        [--pages PAGES]

Both modes get the same PDF bytes, already in memory. ``pymupdf`` opens each document
and calls ``page.get_text()`` on every page, the floor any PyMuPDF-based parser pays;
``parse_pdf`` is the full deterministic parser. Each (set, mode) runs in its own
subprocess so that peak RSS (``resource.getrusage``, a high-water mark) belongs to that
mode alone. Each subprocess warms up on one document, then times ``--repeat`` full
passes; the table shows the best and the median pass, and the best pass's CPU time.

Sets: ``accuracy`` is bench/accuracy/data (mostly one-page resumes); ``multipage``
(``--multipage N``, default 20) is N documents of ``--pages`` pages (default 8) built by
concatenating accuracy-set PDFs, closer to long CVs and to the parser's page limit.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pymupdf

DEFAULT_DATA = Path(__file__).resolve().parent / "accuracy" / "data"
MODES = ("pymupdf", "parse_pdf")


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _bare(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            page.get_text()
        return int(doc.page_count)


def worker(mode: str, files: list[Path], repeat: int) -> dict[str, object]:
    """Run inside the subprocess: time ``repeat`` passes of ``mode`` over ``files``."""
    if mode == "parse_pdf":
        from resumeflow_parser.extract import parse_pdf

        today = date(2026, 11, 1)

        def run(data: bytes) -> int:
            return parse_pdf(data, today=today).page_count
    else:
        run = _bare
    blobs = [f.read_bytes() for f in files]
    rss_ready = _peak_rss_mb()
    run(blobs[0])  # warm-up: lazy imports, font and vocabulary loading
    passes, cpu_passes, pages = [], [], 0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        pages = sum(run(b) for b in blobs)
        passes.append(time.perf_counter() - started)
        cpu_passes.append(time.process_time() - cpu_started)
    return {
        "docs": len(blobs),
        "pages": pages,
        "passes": passes,
        "cpu_passes": cpu_passes,
        "rss_ready_mb": rss_ready,
        "rss_peak_mb": _peak_rss_mb(),
    }


def build_multipage(source: list[Path], docs: int, pages: int, out: Path) -> list[Path]:
    """``docs`` PDFs of ``pages`` pages each, cycling through the source files."""
    paths, cursor = [], 0
    for i in range(docs):
        target = pymupdf.open()
        while target.page_count < pages:
            with pymupdf.open(source[cursor % len(source)]) as src:
                target.insert_pdf(src, to_page=pages - target.page_count - 1)
            cursor += 1
        path = out / f"multi{i:03d}.pdf"
        target.save(path, garbage=3, deflate=True)
        target.close()
        paths.append(path)
    return paths


def measure(mode: str, files: list[Path], repeat: int, workdir: Path) -> dict[str, object]:
    listing = workdir / f"files-{mode}.txt"
    listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    cmd = [sys.executable, __file__, "--worker", mode, "--files-from", str(listing)]
    done = subprocess.run([*cmd, "--repeat", str(repeat)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} worker failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def row(set_name: str, mode: str, r: dict[str, object]) -> tuple[str, tuple[float, float, float]]:
    passes = list(r["passes"])  # type: ignore[call-overload]
    cpu = min(r["cpu_passes"])  # type: ignore[call-overload]
    best, median = min(passes), statistics.median(passes)
    docs, pages = int(r["docs"]), int(r["pages"])  # type: ignore[call-overload]
    line = (
        f"{set_name:<10}{mode:<11}{docs:>6}{pages:>7}{best:>9.3f}{median:>10.3f}{cpu:>8.3f}"
        f"{pages / median:>10.1f}{docs / median:>11.1f}"
        f"{r['rss_ready_mb']:>12.0f}{r['rss_peak_mb']:>11.0f}"
    )
    return line, (best, median, cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--multipage", type=int, default=20, help="0 skips the multipage set")
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--files-from", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        files = [Path(p) for p in args.files_from.read_text("utf-8").splitlines()]
        sys.stdout.write(json.dumps(worker(args.worker, files, args.repeat)) + "\n")
        return 0
    accuracy = sorted(args.data.glob("*.pdf"))
    if not accuracy:
        raise SystemExit(f"no PDFs in {args.data}; run bench/accuracy/generate.py first")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sets = {"accuracy": accuracy}
        if args.multipage:
            sets["multipage"] = build_multipage(accuracy, args.multipage, args.pages, workdir)
        head = (
            f"{'set':<10}{'mode':<11}{'docs':>6}{'pages':>7}{'best s':>9}{'median s':>10}"
            f"{'CPU s':>8}"
            f"{'pages/s':>10}{'resumes/s':>11}{'RSS0 MB':>12}{'peak MB':>11}"
        )
        print(f"{args.repeat} timed passes per row; rates use the median pass.\n{head}")
        print("-" * len(head))
        ratios, cpu_ratios = [], []
        for set_name, files in sets.items():
            times = {}
            for mode in MODES:
                result = measure(mode, files, args.repeat, workdir)
                line, times[mode] = row(set_name, mode, result)
                print(line)
            (pb, pm, pc), (bb, bm, bc) = times["parse_pdf"], times["pymupdf"]
            ratios.append(f"{set_name} {pm / bm:.1f}x (best passes: {pb / bb:.1f}x)")
            cpu_ratios.append(f"{set_name} {pc / bc:.1f}x")
        print("\nparse_pdf time / bare get_text time, median passes: " + ", ".join(ratios))
        print("parse_pdf CPU / bare get_text CPU, best passes: " + ", ".join(cpu_ratios))
        print("CPU s = process CPU time of the best pass (steadier than wall time on a shared")
        print("machine); RSS0 = peak RSS after imports and reading the files; peak = after all")
        print("passes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
