"""Chaos benchmark: N resumes through the local system while workers are SIGKILLed,
nats-server restarts, MongoDB is unreachable and the LLM is down for longer than the
retry schedule; prints what survived.

    uv run python bench/chaos.py                 # 1,000 resumes, the full schedule
    uv run python bench/chaos.py --resumes 100   # quicker
    MONGODB_URL=mongodb://... uv run python bench/chaos.py   # against a real MongoDB
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from resumeflow_dev.chaos import ChaosConfig, run_chaos


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=1000)
    parser.add_argument("--llm-latency", type=float, default=0.2)
    parser.add_argument("--llm-error-rate", type=float, default=0.10)
    parser.add_argument("--mongo-outage", type=float, default=20.0)
    parser.add_argument("--llm-outage", type=float, default=120.0)
    parser.add_argument("--keep", action="store_true", help="keep the work dir (logs)")
    args = parser.parse_args()
    config = ChaosConfig(
        resumes=args.resumes,
        llm_latency_s=args.llm_latency,
        llm_error_rate=args.llm_error_rate,
        mongo_outage_s=args.mongo_outage,
        llm_outage_s=args.llm_outage,
    )
    workdir = Path(tempfile.mkdtemp(prefix="rf-chaos-"))

    def say(msg: str) -> None:
        sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")

    report = run_chaos(config, workdir, os.environ.get("MONGODB_URL"), progress=say)
    print("chaos events:", "; ".join(report.events))
    for line in report.lines():
        print(line)
    if args.keep:
        print(f"logs: {workdir}/logs")
    ok = (
        not report.lost
        and report.duplicate_webhooks == 0
        and report.webhooks_missing == 0
        and report.llm_paid_again == 0
        and report.llm_answers_never_recorded == 0
        and report.webhook_same_id_known_outcome == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
