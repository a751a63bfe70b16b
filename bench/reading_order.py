"""Reading order on the real-world corpus: ours against PyMuPDF's layout analysis.

    uv run python bench/reading_order.py [--data DIR] [--only-split tune|holdout]
                                         [--templates] [--limit N] [--json OUT]

Per document, each method's text is judged against the truth with
``realworld/order_metric.py`` (no parser involved): truth entries whose fields sit
together with no other entry's field between them ("intact"), adjacent entries in
truth order, and contacts found unbroken. Methods:

- ``ours``: the parser's own page reading (``read_document`` + ``drop_furniture``),
  the lines ``split_sections`` receives;
- ``layout-text`` / ``layout-md``: ``pymupdf4llm.to_text`` / ``to_markdown`` with
  PyMuPDF 2.0's layout model active (importing ``pymupdf4llm`` activates it);
- ``columns-md``: pymupdf4llm's older ``to_markdown`` (heuristic columns, no model);
- ``plain`` / ``sorted``: ``page.get_text()`` and ``page.get_text(sort=True)``.

An entry is scored only if at least one method's text holds all its fields (the rest
print a field differently from the truth, which no reading order fixes); every
method is judged on the same entries. CPU is ``time.process_time`` per document
(all threads of this process), opening the PDF included, the model's load not.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "realworld"))

import order_metric  # noqa: E402

from resumeflow_parser.extract.document import open_pdf  # noqa: E402
from resumeflow_parser.extract.layout import drop_furniture  # noqa: E402
from resumeflow_parser.extract.pages import read_document  # noqa: E402

METRICS = ("entries", "jobs", "schools", "order", "email", "phone", "name")


def ours(data: bytes) -> str:
    doc = open_pdf(data, max_pages=50)
    try:
        pages = drop_furniture(read_document(doc, ocr="off").pages)
    finally:
        doc.close()
    return "\n".join(line.text for page in pages for line in page.lines)


def _pages(sort: bool) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            return "\n".join(page.get_text(sort=sort) for page in doc)

    return run


def _rag(data: bytes) -> str:
    # pymupdf4llm's older path: heuristic column detection, no model.
    from pymupdf4llm.helpers import pymupdf_rag

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return str(pymupdf_rag.to_markdown(doc, show_progress=False))


def _llm(markdown: bool) -> Callable[[bytes], str]:
    import pymupdf4llm

    convert = pymupdf4llm.to_markdown if markdown else pymupdf4llm.to_text

    def run(data: bytes) -> str:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            return str(convert(doc, use_ocr=False, show_progress=False))

    return run


class Tally:
    """Counts (good, total) per metric and group, and CPU seconds per group."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
        self.cpu: dict[tuple[str, str], list[float]] = defaultdict(list)

    def add(self, method: str, groups: list[str], metric: str, good: int, total: int) -> None:
        for g in groups:
            c = self.counts[(method, g, metric)]
            c[0] += good
            c[1] += total

    def rate(self, method: str, group: str, metric: str) -> float | None:
        good, total = self.counts[(method, group, metric)]
        return good / total if total else None


def score_document(
    truth: dict[str, Any], texts: dict[str, str], groups: list[str], tally: Tally, slack: int
) -> None:
    lists = order_metric.entries(truth)
    judged = {m: order_metric.judge(t, lists, slack) for m, t in texts.items()}
    for li, kind in enumerate(("jobs", "schools")):
        keep = [any(j.found[li][i] for j in judged.values()) for i in range(len(lists[li]))]
        for method, j in judged.items():
            good = sum(k and ok for k, ok in zip(keep, j.intact[li], strict=True))
            tally.add(method, groups, kind, good, sum(keep))
            tally.add(method, groups, "entries", good, sum(keep))
            tally.add(method, groups, "order", *order_metric.in_order(j.position[li], keep))
    for method, text in texts.items():
        for kind, (good, total) in order_metric.contacts(text, truth).items():
            tally.add(method, groups, kind, good, total)


def grid(tally: Tally, methods: list[str], groups: list[str], metric: str) -> str:
    width = max(10, *(len(g) + 1 for g in groups))
    head = f"{metric:<13}" + "".join(f"{g:>{width}}" for g in groups)
    lines = [head, "-" * len(head)]
    for m in methods:
        cells = []
        for g in groups:
            r = tally.rate(m, g, metric)
            cells.append(f"{'-' if r is None else f'{100 * r:.1f}':>{width}}")
        lines.append(f"{m:<13}" + "".join(cells))
    totals = "".join(f"{tally.counts[(methods[0], g, metric)][1]:>{width}}" for g in groups)
    lines.append(f"{'(n)':<13}" + totals)
    return "\n".join(lines)


def cpu_grid(tally: Tally, methods: list[str], groups: list[str]) -> str:
    width = max(10, *(len(g) + 1 for g in groups))
    head = f"{'CPU ms/doc':<13}" + "".join(f"{g:>{width}}" for g in groups)
    lines = [head, "-" * len(head)]
    for m in methods:
        cells = "".join(
            f"{1000 * sum(t) / len(t):>{width}.0f}"
            if (t := tally.cpu[(m, g)])
            else f"{'-':>{width}}"
            for g in groups
        )
        lines.append(f"{m:<13}" + cells)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / "realworld" / "data")
    parser.add_argument("--only-split", choices=("tune", "holdout"))
    parser.add_argument("--templates", action="store_true", help="entries intact per template")
    parser.add_argument("--limit", type=int, default=0, help="the first N documents only")
    parser.add_argument(
        "--slack",
        type=int,
        default=order_metric.SLACK,
        help="tokens an intact entry's window may hold besides its fields",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    truths = [json.loads(p.read_text("utf-8")) for p in sorted(args.data.glob("*.truth.json"))]
    if not truths:
        raise SystemExit(f"no *.truth.json in {args.data}; run bench/realworld/build.py first")
    if args.only_split:
        truths = [t for t in truths if t["meta"]["split"] == args.only_split]
    if args.limit:
        truths = truths[: args.limit]

    started = time.process_time()
    methods: dict[str, Callable[[bytes], str]] = {
        "ours": ours,
        "layout-text": _llm(markdown=False),
        "layout-md": _llm(markdown=True),
        "columns-md": _rag,
        "plain": _pages(sort=False),
        "sorted": _pages(sort=True),
    }
    # The first call loads the ONNX model and warms the runtime: not a per-document cost.
    methods["layout-text"]((args.data / f"{truths[0]['id']}.pdf").read_bytes())
    load = time.process_time() - started

    tally = Tally()
    for truth in truths:
        meta = truth["meta"]
        groups = [meta["split"], "all", meta["family"], meta["template"]]
        data = (args.data / f"{truth['id']}.pdf").read_bytes()
        texts = {}
        for name, run in methods.items():
            t0 = time.process_time()
            texts[name] = run(data)
            spent = time.process_time() - t0
            for g in groups:
                tally.cpu[(name, g)].append(spent)
        score_document(truth, texts, groups, tally, args.slack)

    names = list(methods)
    columns = ["tune", "holdout", "all", *sorted({t["meta"]["family"] for t in truths})]
    columns = [c for c in columns if tally.cpu[("ours", c)]]
    print(f"{len(truths)} documents; layout model load + first document {load:.1f} s CPU\n")
    for metric in METRICS:
        print(grid(tally, names, columns, metric) + "\n")
    print(cpu_grid(tally, names, columns) + "\n")
    if args.templates:
        tpls = sorted({t["meta"]["template"] for t in truths})
        for i in range(0, len(tpls), 5):
            chunk = tpls[i : i + 5]
            print(grid(tally, names, chunk, "entries") + "\n")
    if args.json:
        out = {f"{m}|{g}|{k}": v for (m, g, k), v in tally.counts.items()} | {
            f"{m}|{g}|cpu": sum(v) / len(v) for (m, g), v in tally.cpu.items()
        }
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
