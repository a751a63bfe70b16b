"""bench/upload_latency.py --ingest-cpus and --nice-pipeline: the pinning and the nice
value reach every thread of a process and of its children, the options refuse what
cannot be honoured, and ingest's histogram is read as "at most" its bucket bounds."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import upload_latency

CPUS = sorted(os.sched_getaffinity(0))

# a parent with a second thread and a child, all alive until killed
TREE = """
import subprocess, sys, threading, time
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
print(child.pid, flush=True)
time.sleep(600)
"""


@pytest.fixture
def tree() -> Iterator[tuple[subprocess.Popen[str], int]]:
    proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    yield proc, child
    psutil.Process(child).kill()
    proc.kill()
    proc.wait()
    proc.stdout.close()


def test_every_thread_of_the_process_and_its_children_is_pinned(
    tree: tuple[subprocess.Popen[str], int],
) -> None:
    proc, child = tree
    target = {CPUS[-1]}  # one CPU of the two or more the machine has
    assert len(CPUS) >= 2
    threads = [t.id for p in (proc.pid, child) for t in psutil.Process(p).threads()]
    assert len(threads) >= 3
    assert all(os.sched_getaffinity(t) == set(CPUS) for t in threads)
    upload_latency.pin(proc.pid, target)
    assert {t: os.sched_getaffinity(t) for t in threads} == {t: target for t in threads}


def test_every_thread_of_the_process_and_its_children_is_reniced(
    tree: tuple[subprocess.Popen[str], int],
) -> None:
    proc, child = tree
    threads = [t.id for p in (proc.pid, child) for t in psutil.Process(p).threads()]
    assert len(threads) >= 3
    start = os.getpriority(os.PRIO_PROCESS, 0)
    assert all(os.getpriority(os.PRIO_PROCESS, t) == start for t in threads)
    upload_latency.renice(proc.pid, 19)
    assert {t: os.getpriority(os.PRIO_PROCESS, t) for t in threads} == {t: 19 for t in threads}


def test_ingest_histogram_percentiles_are_bucket_bounds() -> None:
    # cumulative counts per upper bound, as a Prometheus histogram exposes them
    server = upload_latency.ServerSide({0.01: 50, 0.025: 90, 0.05: 99, 0.1: 100, math.inf: 100})
    assert server.total == 100
    assert server.at_most_ms(0.5) == 10
    assert server.at_most_ms(0.9) == 25
    assert server.at_most_ms(0.99) == 50
    assert server.at_most_ms(1.0) == 100
    assert server.share_within(0.05) == 0.99


def test_cpu_options_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    every = ",".join(map(str, range(psutil.cpu_count() or 1)))
    for bad in (every, "999"):
        with pytest.raises(SystemExit):
            upload_latency._args(["--ingest-cpus", bad])
        assert "--ingest-cpus must name some" in capsys.readouterr().err
    args = upload_latency._args(["--ingest-cpus", "0", "--with-ingest", "mongo,nats"])
    assert args.ingest_cpus == {0}
    assert args.with_ingest == ["mongo", "nats"]
    assert upload_latency._args([]).ingest_cpus is None
