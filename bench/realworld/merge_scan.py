"""Wrong answers against the merge: what a model answering about someone else costs.

    uv run python bench/realworld/merge_scan.py [--data DIR] [--others N] [--split S]
                                                [--show K]

Each document of the split (``tune`` by default: rules are found there, and the
held-out split is only ever scored) is parsed once, then merged with the perfect
answers of the next ``--others`` (20) documents, each about another person. A value
the parse alone had right and the merge lost is a **loss**; a value the merge added
that the truth does not have is an **addition**. Prints both counts per field and the
first ``--show`` of each.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "accuracy"))
sys.path.insert(0, str(HERE))

import llm_answers  # noqa: E402
import matching  # noqa: E402
import score  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--split", choices=("tune", "holdout"), default="tune")
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args(argv)

    from resumeflow_enhancer.handler import skills_section
    from resumeflow_enhancer.merge import merge
    from resumeflow_parser.extract import parse_pdf

    corpus = [t for t in score.load(args.data) if t["meta"]["split"] == args.split]  # type: ignore[index]
    lost: list[tuple[str, int, str, list[str]]] = []
    added: list[tuple[str, int, str, list[str]]] = []
    answers = 0
    for i, truth in enumerate(corpus):
        parse = parse_pdf((args.data / f"{truth['id']}.pdf").read_bytes(), today=score.TODAY)
        section = skills_section(parse)
        alone = {  # what the parse alone missed and added, per field
            name: matching.compare(score.BY_NAME[name], truth, parse.fields)[1:]
            for name in score.FIELDS
        }
        for k in range(1, args.others + 1):
            other = corpus[(i + k) % len(corpus)]
            if other is truth or other.get("name") == truth.get("name"):
                continue
            merged = merge(
                parse.fields, llm_answers.perfect(other), parse.text, skills_text=section
            )
            answers += 1
            for name in score.FIELDS:
                missed_det, extra_det = alone[name]
                _, missed, extra = matching.compare(score.BY_NAME[name], truth, merged)
                gone = sorted(set(map(str, missed)) - set(map(str, missed_det)))
                new = sorted(set(map(str, extra)) - set(map(str, extra_det)))
                if gone:
                    lost.append((str(truth["id"]), k, name, gone))
                if new:
                    added.append((str(truth["id"]), k, name, new))
    print(f"{len(corpus)} {args.split} documents, {answers} wrong answers merged")
    print(f"{'field':<24}{'lost':>6}{'added':>7}")
    lost_by, added_by = Counter(x[2] for x in lost), Counter(x[2] for x in added)
    for name in score.FIELDS:
        print(f"{name:<24}{lost_by[name]:>6}{added_by[name]:>7}")
    for kind, rows in (("lost", lost), ("added", added)):
        for doc, k, name, values in rows[: args.show]:
            print(f"{kind:<6} {doc} (answer of document +{k}) {name}: {values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
