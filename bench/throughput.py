"""resumes/s of resumeflow and of the Celery + Redis pipeline it replaces, side by side.

    uv run python bench/throughput.py                     # 600 resumes each, LLM 1.0 s
    uv run python bench/throughput.py --n 60              # quicker
    uv run python bench/throughput.py --only resumeflow --env ENHANCER_CONCURRENCY=128
    uv run python bench/throughput.py --soak              # 10,000 each: cost and RSS drift

Both systems get the same N distinct PDFs and their own instance of the same fake
OpenAI-compatible LLM (exactly ``--llm-latency`` seconds per call), one system after
the other. resumeflow runs at the README defaults (only ``OPENAI_*`` and
``ENHANCER_MODEL`` set, plus ``--env``); Celery runs the threads pool, concurrency 64.
Each is timed from the first upload / enqueue to the last result stored. See
bench/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput_celery
import throughput_resumeflow
from throughput_common import RunResult, distinct_pdfs


def _say(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")


def _env_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="resumes per system (600; soak 10000)")
    parser.add_argument("--llm-latency", type=float, default=1.0, help="seconds per LLM call")
    parser.add_argument("--only", choices=["resumeflow", "celery"], default=None)
    parser.add_argument(
        "--env",
        type=_env_pair,
        action="append",
        default=[],
        metavar="KEY=VAL",
        help="extra environment for the resumeflow services (repeatable)",
    )
    parser.add_argument("--clients", type=int, default=16, help="upload/enqueue threads")
    parser.add_argument("--soak", action="store_true", help="cost drift and RSS over a long run")
    parser.add_argument("--rss-every", type=float, default=10.0, help="soak: RSS sample period")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)
    if args.n is None:
        args.n = 10_000 if args.soak else 600
    return args


def _table(results: list[RunResult], soak: bool) -> list[str]:
    lines = [f"{'system':<12}{'resumes':>9}{'seconds':>10}{'resumes/s':>11}   statuses"]
    for r in results:
        statuses = " ".join(f"{k}={v}" for k, v in sorted(r.statuses.items()))
        lines.append(f"{r.system:<12}{r.n:>9}{r.seconds:>10.1f}{r.rate:>11.2f}   {statuses}")
    ratio = _ratio(results)
    if ratio is not None:
        lines.append(f"ratio resumeflow/celery: {ratio:.2f}")
    for r in results:
        lines.append(f"{r.system}: {r.llm_calls} LLM calls, {r.client_retries} client retries")
        if r.stage_medians_s:
            steps = ", ".join(f"{k} {v:.2f}s" for k, v in r.stage_medians_s.items())
            lines.append(f"{r.system} median step times: {steps}")
        if r.cpu_s:
            per = ", ".join(f"{k} {v:.1f}" for k, v in r.cpu_ms_per_resume().items())
            lines.append(f"{r.system} CPU ms per resume: {per}")
        if r.store_ops:
            ops = ", ".join(f"{k} {v:g}" for k, v in r.store_ops_per_resume().items())
            lines.append(f"{r.system} store round trips per resume: {ops}")
    if soak:
        lines += _soak_lines(results)
    return lines


def _soak_lines(results: list[RunResult]) -> list[str]:
    lines = ["", f"{'system':<12}{'window':>8}{'first ms/resume':>17}{'last ms/resume':>16}"]
    for r in results:
        w, first, last = r.cost_windows()
        lines.append(f"{r.system:<12}{w:>8}{first * 1000:>17.1f}{last * 1000:>16.1f}")
    lines += [
        "",
        f"{'process (RSS MB)':<34}{'samples':>8}{'first':>8}{'min':>8}{'max':>8}{'last':>8}",
    ]
    for r in results:
        for row in r.rss:
            name = f"{r.system}: {row['process']}"
            lines.append(
                f"{name:<34}{row['samples']:>8}{row['first_mb']:>8.0f}{row['min_mb']:>8.0f}"
                f"{row['max_mb']:>8.0f}{row['last_mb']:>8.0f}"
            )
    return lines


def _ratio(results: list[RunResult]) -> float | None:
    rates = {r.system: r.rate for r in results}
    if "resumeflow" in rates and rates.get("celery"):
        return rates["resumeflow"] / rates["celery"]
    return None


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if args.only in (None, "celery"):
        throughput_celery.redis_server_binary(_say)  # install it before anything is timed
    tag = uuid.uuid4().hex[:8]
    _say(f"making {args.n} distinct PDFs")
    pdfs = distinct_pdfs(args.n, tag)
    rss_every = args.rss_every if args.soak else None
    results = []
    if args.only in (None, "resumeflow"):
        env = dict(args.env)
        results.append(
            throughput_resumeflow.run(pdfs, args.llm_latency, env, args.clients, _say, rss_every)
        )
        _say(f"resumeflow: {results[-1].rate:.2f} resumes/s")
    if args.only in (None, "celery"):
        workdir = Path(tempfile.mkdtemp(prefix="celery-throughput-"))
        results.append(
            throughput_celery.run(pdfs, args.llm_latency, workdir, args.clients, _say, rss_every)
        )
        _say(f"celery: {results[-1].rate:.2f} resumes/s")
    if args.json:
        out: dict[str, Any] = {
            "n": args.n,
            "llm_latency_s": args.llm_latency,
            "resumeflow_env": dict(args.env),
            "results": [r.as_dict(args.soak) for r in results],
            "ratio_resumeflow_over_celery": _ratio(results),
        }
        print(json.dumps(out, indent=2))
    else:
        print(f"{args.n} distinct resumes per system, fake LLM answering in {args.llm_latency}s")
        print("\n".join(_table(results, args.soak)))
    incomplete = any(r.statuses.get("completed", 0) != r.n for r in results)
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main())
