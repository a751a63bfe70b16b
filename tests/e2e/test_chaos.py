"""A small chaos run in CI: the same code as bench/chaos.py, fewer resumes, a shorter
schedule (a worker SIGKILLed and restarted, nats-server restarted, MongoDB cut off)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resumeflow_dev.chaos import ChaosConfig, run_chaos

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_nothing_lost_nothing_done_twice_under_faults(tmp_path: Path) -> None:
    config = ChaosConfig(
        resumes=40,
        llm_latency_s=0.3,
        llm_error_rate=0.10,
        mongo_outage_s=5,
        schedule=[
            (1, "kill parser"),
            (3, "kill enhancer"),
            (5, "restart nats"),
            (8, "block mongo"),
            (14, "kill notifier"),
        ],
        upload_workers=4,
        timeout_s=400,
    )
    report = run_chaos(config, tmp_path, os.environ.get("MONGODB_URL"), progress=print)
    print("\n".join(report.lines()))
    assert report.submitted == 40
    assert report.lost == []
    assert report.duplicate_webhooks == 0
    assert report.duplicate_llm_calls == 0
    assert report.completed == 40, report.failed_by_code
    assert len(report.events) == 5
    assert report.batch_counts_match, report.batch_counts
    assert report.batch_completed_webhooks == 1
