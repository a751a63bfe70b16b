"""A small chaos run in CI: the same code as bench/chaos.py, fewer resumes, a shorter
schedule (a worker SIGKILLed and restarted, nats-server restarted, MongoDB cut off, the
LLM down for longer than the enhancer's retry schedule)."""

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
        llm_outage_s=30,
        schedule=[
            (1, "kill parser"),
            (3, "kill enhancer"),
            (5, "restart nats"),
            (6, "llm outage"),
            (8, "block mongo"),
            (14, "kill notifier"),
        ],
        # A retry schedule of 7 s (1+2+4) against a 30 s LLM outage: without the
        # breaker and parking, every resume waiting for the LLM would fail.
        env={"ENHANCER_MAX_DELIVER": "4", "ENHANCER_BACKOFF": "1,2,4"},
        upload_workers=4,
        timeout_s=400,
    )
    report = run_chaos(config, tmp_path, os.environ.get("MONGODB_URL"), progress=print)
    print("\n".join(report.lines()))
    assert report.submitted == 40
    assert report.lost == []
    assert report.completed == 40, report.failed_by_code
    assert len(report.events) == 6
    # One webhook per event, never two ids for one event.
    assert report.duplicate_webhooks == 0
    assert report.webhooks_missing == 0
    # A webhook id the receiver had acknowledged is not sent again, unless the notifier
    # was killed before it could record the answer (then the resend is expected).
    assert report.webhook_same_id_known_outcome == 0
    # An LLM answer received is never paid for again; only calls in flight at the
    # enhancer's SIGKILL may be repeated.
    assert report.llm_paid_again == 0
    assert report.llm_answers_never_recorded == 0  # and recording works at all
    assert report.llm_lost_in_flight <= report.llm_in_flight_at_kills
    # The kills were aimed at work in flight, so both "unknown outcome" paths ran: the
    # enhancer died mid-call and the notifier died with a webhook request open.
    assert report.llm_in_flight_at_kills >= 1
    assert report.webhook_same_id_unknown_outcome >= 1
    # All 40 in one batch: its counts equal the resumes' statuses, one batch.completed id.
    assert report.batch_counts_match, report.batch_counts
    assert report.batch_completed_webhooks == 1
