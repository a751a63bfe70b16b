"""bench/upload_latency.py at tiny sizes: every phase runs, every upload is answered
202, the backlog really is waiting in MongoDB, and the report has its lines. Nothing
here depends on timing: the latencies are printed, not checked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "upload_latency.py"

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

ROW = re.compile(
    r"^(idle|backlog) (send->202|due->202)\s+(\d+)(?:\s+[\d.]+){4}\s+(.+)$",
    re.M,
)


@pytest.mark.timeout(300)
def test_every_phase_runs_and_every_upload_is_accepted() -> None:
    argv = [
        "--backlog",
        "20",
        "--rate",
        "10",
        "--seconds",
        "2",
        "--idle-seconds",
        "1",
        "--settle",
        "0",
    ]
    run = subprocess.run(
        [sys.executable, str(BENCH), *argv], capture_output=True, text=True, timeout=280
    )
    assert run.returncode == 0, run.stdout + run.stderr
    rows = {(m[1], m[2]): (int(m[3]), m[4]) for m in ROW.finditer(run.stdout)}
    assert rows == {
        ("idle", "send->202"): (10, "202=10"),
        ("idle", "due->202"): (10, "202=10"),
        ("backlog", "send->202"): (20, "202=20"),
        ("backlog", "due->202"): (20, "202=20"),
    }, run.stdout
    fill = re.search(r"^backlog fill: (\d+) uploads in .* answers 202=(\d+)$", run.stdout, re.M)
    assert fill, run.stdout
    assert fill[1] == fill[2], run.stdout
    # The backlog was counted in MongoDB: the fill stopped only once it was reached.
    waiting = re.search(r"^waiting \(not terminal\): (\d+) when the fill ended", run.stdout, re.M)
    assert waiting, run.stdout
    assert int(waiting[1]) >= 20, run.stdout
    for phase in ("idle", "backlog"):
        assert re.search(
            rf"^{phase}: \d+ sends started >1 ms late .* ingest CPU [\d.]+ ms", run.stdout, re.M
        ), run.stdout
