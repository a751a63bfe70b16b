"""bench/throughput.py runs both systems end to end: every resume completes on both
sides and the side-by-side ends with the ratio. Nothing here depends on timing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "throughput.py"

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.mark.timeout(1200)
def test_both_systems_complete_every_resume_and_print_the_ratio() -> None:
    can_install = os.geteuid() == 0 and shutil.which("apt-get")
    if not shutil.which("redis-server") and not can_install:
        pytest.skip("redis-server is not installed and cannot be (apt: redis-server, as root)")
    run = subprocess.run(
        [sys.executable, str(BENCH), "--n", "5", "--llm-latency", "0.05", "--clients", "2"],
        capture_output=True,
        text=True,
        timeout=1100,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    row = re.compile(r"^(resumeflow|celery)\s+5\s+[\d.]+\s+[\d.]+\s+(.+)$", re.M)
    rows = {m.group(1): m.group(2) for m in row.finditer(run.stdout)}
    assert rows == {"resumeflow": "completed=5", "celery": "completed=5"}, run.stdout
    assert re.search(r"^ratio resumeflow/celery: \d+\.\d\d$", run.stdout, re.M), run.stdout
    # Every resume cost one LLM call on each side: the fake LLM really was in the loop.
    assert "resumeflow: 5 LLM calls" in run.stdout
    assert "celery: 5 LLM calls" in run.stdout
