"""Score ``parse_pdf`` on the real-world corpus, per split and per template family.

    uv run python bench/realworld/score.py [--data DIR] [--templates] [--misses N]
                                           [--only-split tune|holdout] [--json OUT]
                                           [--llm perfect|wrong]

Matching rules are bench/accuracy's (``matching.py``): keys normalised the same way,
multisets per file, micro-averaged. Tables: precision / recall / F1 per field for the
tune split, the held-out split and both; then F1 per template family (and per
template with ``--templates``). Build the corpus first with ``build.py``. With ``--llm``
the enhancer's merge of the parse with a perfect (or a wrong) model's answer is scored,
next to the parse alone (``llm_answers.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "accuracy"))

import matching  # noqa: E402

from resumeflow_shared.profile import CandidateProfile  # noqa: E402

TODAY = date(2026, 11, 1)
FIELDS = (
    "name",
    "email",
    "phone",
    "link",
    "employer",
    "job_title",
    "job_start",
    "job_end",
    "education_institution",
    "degree",
    "skills",
    "languages",
)
BY_NAME = {f.name: f for f in matching.FIELDS}
Counts = dict[str, matching.Counts]


def load(data: Path) -> list[dict[str, object]]:
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(data.glob("*.truth.json"))]
    if not truths:
        raise SystemExit(f"no *.truth.json in {data}; run bench/realworld/build.py first")
    return truths


def table(title: str, counts: Counts, files: int) -> str:
    head = f"{'field':<24}{'truth':>6}{'pred':>6}{'match':>6}{'prec':>7}{'recall':>7}{'F1':>7}"
    lines = [f"{title} ({files} files)", head, "-" * len(head)]
    for name in FIELDS:
        c = counts[name]
        lines.append(
            f"{name:<24}{c.truth:>6}{c.pred:>6}{c.matched:>6}"
            f"{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}"
        )
    return "\n".join(lines)


def versus(split: str, det: Counts, merged: Counts) -> str:
    """Recall and precision of the parse alone next to the merge's, per field."""
    head = f"{'field':<24}{'recall det':>11}{'merged':>8}{'prec det':>10}{'merged':>8}"
    lines = [f"== {split}: parse alone vs merged", head, "-" * len(head)]
    for name in FIELDS:
        d, m = det[name], merged[name]
        worse = " <" if m.recall < d.recall - 1e-9 else ""
        lines.append(
            f"{name:<24}{d.recall:>11.3f}{m.recall:>8.3f}{d.precision:>10.3f}"
            f"{m.precision:>8.3f}{worse}"
        )
    return "\n".join(lines)


def grid(title: str, groups: dict[str, Counts], files: dict[str, int], metric: str) -> str:
    keys = sorted(groups)
    width = max(12, *(len(k) + 1 for k in keys)) if keys else 12
    lines = [f"{title:<24}" + "".join(f"{k:>{width}}" for k in keys)]
    lines.append(f"{'(files)':<24}" + "".join(f"{files[k]:>{width}}" for k in keys))
    for name in FIELDS:
        row = "".join(f"{getattr(groups[k][name], metric):>{width}.2f}" for k in keys)
        lines.append(f"{name:<24}{row}")
    return "\n".join(lines)


def run(data: Path, only_split: str | None, llm: str | None = None) -> tuple[Any, ...]:
    """Parse every document and tally the counts per split, family and template.

    With ``llm`` ("perfect" or "wrong", see ``llm_answers``) the profile scored is the
    enhancer's merge of the parse with that answer, and ``by_split`` gets a
    ``det:<split>`` tally of the parse alone beside it."""
    from resumeflow_parser.extract import parse_pdf

    answers = None
    if llm:
        import llm_answers

        from resumeflow_enhancer.handler import skills_section
        from resumeflow_enhancer.merge import merge

        answers = llm_answers

    def new() -> Counts:
        return defaultdict(matching.Counts)

    by_split: dict[str, Counts] = defaultdict(new)
    by_family: dict[str, Counts] = defaultdict(new)
    by_template: dict[str, Counts] = defaultdict(new)
    files: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    errors = []
    started = time.perf_counter()
    corpus = load(data)
    for truth in corpus:
        meta = truth["meta"]
        assert isinstance(meta, dict)
        split, family, template = meta["split"], meta["family"], meta["template"]
        if only_split and split != only_split:
            continue
        pdf = (data / f"{truth['id']}.pdf").read_bytes()
        text = ""
        parse = None
        try:
            parse = parse_pdf(pdf, today=TODAY)
            pred, text = parse.fields, parse.text
        except Exception as exc:  # scored as an empty profile, and reported
            errors.append(f"{truth['id']}: {type(exc).__name__}: {exc}")
            if not hasattr(exc, "code"):
                errors[-1] += "\n" + traceback.format_exc(limit=3)
            pred = CandidateProfile()
        det = pred
        if answers is not None:
            answer = answers.perfect(truth) if llm == "perfect" else answers.wrong(truth, corpus)
            skills = skills_section(parse) if parse is not None else None
            pred = merge(det, answer, text, skills_text=skills)
            for name in FIELDS:
                counts, _, _ = matching.compare(BY_NAME[name], truth, det)
                by_split[f"det:{split}"][name].add(counts)
                by_split["det:all"][name].add(counts)
        for key in (split, "all", f"family:{family}", f"template:{template}"):
            files[key] += 1
        for name in FIELDS:
            counts, missed, extra = matching.compare(BY_NAME[name], truth, pred)
            for bucket in (
                by_split[split],
                by_split["all"],
                by_family[family],
                by_template[template],
            ):
                bucket[name].add(counts)
            misses[name] += [f"{truth['id']} missed {k!r}" for k in missed]
            misses[name] += [f"{truth['id']} extra  {k!r}" for k in extra]
    seconds = time.perf_counter() - started
    return by_split, by_family, by_template, files, misses, errors, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--templates", action="store_true", help="recall per template too")
    parser.add_argument("--misses", type=int, default=0, help="show N misses per field")
    parser.add_argument("--only-split", choices=("tune", "holdout"))
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--llm",
        choices=("perfect", "wrong"),
        help="score the enhancer's merge with a model answering the truth (perfect) or "
        "another document's truth (wrong), beside the parse alone",
    )
    args = parser.parse_args(argv)

    tally = run(args.data, args.only_split, args.llm)
    by_split, by_family, by_template, files, misses, errors, seconds = tally
    print(f"parse_pdf on {files['all']} files in {seconds:.1f}s, {len(errors)} errors\n")
    for split in ("tune", "holdout", "all"):
        if split in by_split:
            what = f" (merged with a {args.llm} model)" if args.llm else ""
            print(table(f"== {split}{what}", by_split[split], files[split]) + "\n")
        if args.llm and f"det:{split}" in by_split:
            print(versus(split, by_split[f"det:{split}"], by_split[split]) + "\n")
    fam_files = {k: files[f"family:{k}"] for k in by_family}
    print(grid("F1 by family", by_family, fam_files, "f1") + "\n")
    if args.templates:
        tpl_files = {k: files[f"template:{k}"] for k in by_template}
        names = sorted(by_template)
        for i in range(0, len(names), 6):
            chunk = {k: by_template[k] for k in names[i : i + 6]}
            print(grid("recall by template", chunk, tpl_files, "recall") + "\n")
    for line in errors:
        print(f"parse error {line}")
    for name in FIELDS:
        shown = misses[name][: args.misses]
        if shown:
            print(f"\n{name}: {len(misses[name])} misses, first {len(shown)}:")
            print("\n".join(f"  {m}" for m in shown))
    if args.json:

        def dump(c: Counts) -> dict[str, dict[str, float]]:
            return {
                n: {
                    "truth": v.truth,
                    "pred": v.pred,
                    "match": v.matched,
                    "precision": v.precision,
                    "recall": v.recall,
                    "f1": v.f1,
                }
                for n, v in c.items()
            }

        out = {
            "splits": {k: dump(v) for k, v in by_split.items()},
            "families": {k: dump(v) for k, v in by_family.items()},
            "templates": {k: dump(v) for k, v in by_template.items()},
            "errors": errors,
            "misses": misses,
        }
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
