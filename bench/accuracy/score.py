"""Score ``parse_pdf`` against the labelled synthetic set.

    uv run python bench/accuracy/score.py [--data DIR] [--layout] [--json OUT]
                                          [--misses N] [--llm]

Prints per-field precision, recall and F1 (micro-averaged over all files; matching
rules in ``matching.py`` and bench/README.md). A file the parser fails on counts as an
empty prediction, so errors lower recall instead of disappearing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import matching

from resumeflow_shared.profile import CandidateProfile

DEFAULT_DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 1)
MONTHS = "total_experience_months"


@dataclass
class Case:
    id: str
    pdf: Path
    truth: matching.Truth

    @property
    def layout(self) -> str:
        return str(self.truth["meta"]["layout"])


@dataclass
class Scores:
    """Counts per field, overall and per layout family, plus examples of misses."""

    overall: dict[str, matching.Counts] = field(
        default_factory=lambda: defaultdict(matching.Counts)
    )
    by_layout: dict[str, dict[str, matching.Counts]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(matching.Counts))
    )
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    abs_errors: list[int] = field(default_factory=list)
    files: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, case: Case, pred: CandidateProfile) -> None:
        self.files += 1
        for f in matching.FIELDS:
            counts, missed, extra = matching.compare(f, case.truth, pred)
            self._count(case, f.name, counts)
            self.misses[f.name] += [f"{case.id} missed {k!r}" for k in missed]
            self.misses[f.name] += [f"{case.id} extra  {k!r}" for k in extra]
        months = matching.experience_months(case.truth, pred)
        self._count(case, MONTHS, months)
        expected = int(case.truth[MONTHS])
        self.abs_errors.append(abs(pred.total_experience_months - expected))
        if not months.matched:
            got = pred.total_experience_months
            self.misses[MONTHS].append(f"{case.id} expected {expected}, got {got}")

    def _count(self, case: Case, name: str, counts: matching.Counts) -> None:
        self.overall[name].add(counts)
        self.by_layout[case.layout][name].add(counts)


def load(data: Path) -> list[Case]:
    cases = []
    for truth_path in sorted(data.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        cases.append(Case(truth["id"], truth_path.with_name(f"{truth['id']}.pdf"), truth))
    if not cases:
        raise SystemExit(f"no *.truth.json in {data}; run bench/accuracy/generate.py first")
    return cases


def field_order() -> list[tuple[str, bool]]:
    main = [(f.name, False) for f in matching.FIELDS if not f.supplementary]
    extra = [(f.name, True) for f in matching.FIELDS if f.supplementary]
    return [*main, (MONTHS, False), *extra]


def table(scores: Scores) -> str:
    head = (
        f"{'field':<26}{'truth':>7}{'pred':>7}{'match':>7}{'precision':>11}{'recall':>8}{'F1':>7}"
    )
    lines = [head, "-" * len(head)]
    for name, supplementary in field_order():
        if supplementary and not lines[-1].startswith(("+", "-")):
            lines.append("-" * len(head) + "  (+ supplementary)")
        c = scores.overall[name]
        label = f"+{name}" if supplementary else name
        lines.append(
            f"{label:<26}{c.truth:>7}{c.pred:>7}{c.matched:>7}"
            f"{c.precision:>11.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
        )
    return "\n".join(lines)


def layout_table(scores: Scores) -> str:
    layouts = sorted(scores.by_layout)
    sizes = {lay: scores.by_layout[lay][MONTHS].truth for lay in layouts}
    head = f"{'F1 by layout':<26}" + "".join(f"{lay:>15}" for lay in layouts)
    lines = [head, f"{'(files)':<26}" + "".join(f"{sizes[lay]:>15}" for lay in layouts)]
    lines.append("-" * len(head))
    for name, supplementary in field_order():
        label = f"+{name}" if supplementary else name
        row = "".join(f"{scores.by_layout[lay][name].f1:>15.3f}" for lay in layouts)
        lines.append(f"{label:<26}{row}")
    return "\n".join(lines)


def summary(scores: Scores) -> dict[str, Any]:
    def dump(counts: dict[str, matching.Counts]) -> dict[str, Any]:
        return {
            n: {
                "truth": c.truth,
                "pred": c.pred,
                "match": c.matched,
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
            }
            for n, c in counts.items()
        }

    errors = scores.abs_errors
    return {
        "files": scores.files,
        "parse_errors": scores.errors,
        "fields": dump(scores.overall),
        "by_layout": {lay: dump(c) for lay, c in sorted(scores.by_layout.items())},
        "total_experience_months": {
            "tolerance_months": matching.TOLERANCE_MONTHS,
            "mean_abs_error": sum(errors) / len(errors) if errors else None,
        },
        "misses": scores.misses,
    }


def run_parser(cases: list[Case]) -> tuple[Scores, float]:
    from resumeflow_parser.extract import parse_pdf

    scores = Scores()
    started = time.perf_counter()
    for case in cases:
        try:
            pred = parse_pdf(case.pdf.read_bytes(), today=TODAY).fields
        except Exception:  # a crash is scored as an empty prediction, and reported
            scores.errors.append(f"{case.id}: {traceback.format_exc(limit=3)}")
            pred = CandidateProfile()
        scores.add(case, pred)
    return scores, time.perf_counter() - started


def report(title: str, scores: Scores, args: argparse.Namespace) -> None:
    errors = scores.abs_errors
    print(f"\n== {title}: {scores.files} files, {len(scores.errors)} parse errors ==")
    print(table(scores))
    mae = sum(errors) / len(errors) if errors else float("nan")
    print(
        f"\n{MONTHS}: a match is |pred - truth| <= {matching.TOLERANCE_MONTHS} months; "
        f"0 counts as not predicted; recall = accuracy. Mean absolute error: {mae:.1f} months."
    )
    for line in scores.errors:
        print(f"parse error {line}")
    if args.layout:
        print()
        print(layout_table(scores))
    if args.misses:
        for name, _ in field_order():
            shown = scores.misses.get(name, [])[: args.misses]
            if shown:
                print(f"\n{name}: {len(scores.misses[name])} misses, first {len(shown)}:")
                print("\n".join(f"  {m}" for m in shown))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--layout", action="store_true", help="F1 per layout family too")
    parser.add_argument("--json", type=Path, help="write all scores and misses here")
    parser.add_argument("--misses", type=int, default=0, help="show N misses per field")
    parser.add_argument("--llm", action="store_true", help="also score the LLM enhancer")
    args = parser.parse_args(argv)
    cases = load(args.data)
    scores, seconds = run_parser(cases)
    report(f"parse_pdf (deterministic) in {seconds:.1f}s", scores, args)
    out: dict[str, Any] = {"parser": summary(scores)}
    if args.llm:
        import enhancer_run

        enhanced, note = enhancer_run.score(cases, Scores, TODAY)
        print(f"\nLLM enhancer: {note}")
        if enhanced is not None:
            report("parse_pdf + LLM enhancer", enhanced, args)
            out["enhancer"] = summary(enhanced) | {"note": note}
    else:
        print("\nLLM enhancer: not scored (pass --llm with OPENAI_API_KEY set to score it).")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
