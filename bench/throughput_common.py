"""What both sides of bench/throughput.py share: the documents, the fake LLM process,
the RSS sampler and the result of one system's run."""

from __future__ import annotations

import contextlib
import multiprocessing
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import psutil

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, resume_pdf

NAMES = ["Ana Silva", "Ben Okoro", "Chloé Martin", "Dev Patel", "Elif Kaya", "Femi Adeyemi"]

Say = Callable[[str], None]


def distinct_pdfs(n: int, tag: str) -> list[bytes]:
    """N resumes whose text all differ (a reference line per copy), so neither
    resumeflow's LLM answer cache nor anything else can answer a repeat."""
    return [
        resume_pdf(
            SampleResume(
                name=NAMES[i % len(NAMES)],
                extra_lines=(f"Reference: {tag}-{i:06d}",),
            )
        )
        for i in range(n)
    ]


def _serve_llm(latency_s: float, conn: Connection) -> None:
    llm = FakeLLM(latency_s=latency_s, jitter=False).start()
    conn.send(llm.base_url)
    conn.recv()  # any message: stop
    conn.send(len(llm.calls))
    llm.stop()


class LLMProcess:
    """The fake OpenAI-compatible LLM in a process of its own (so the bench's upload
    threads never slow its answers), answering every call after exactly ``latency_s``."""

    def __init__(self, latency_s: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_llm, args=(latency_s, child), daemon=True)
        self._proc.start()
        self.base_url: str = self._conn.recv()
        self.calls = 0

    @property
    def pid(self) -> int:
        assert self._proc.pid is not None
        return self._proc.pid

    def stop(self) -> None:
        if self._proc.is_alive():
            self._conn.send("stop")
            self.calls = self._conn.recv()
        self._proc.join(timeout=10)


class RSSSampler:
    """Samples the RSS of named processes (and, separately, the sum of each one's
    descendants, e.g. the parser's sandbox children) every ``every`` seconds."""

    def __init__(self, pids: dict[str, int], every: float) -> None:
        self.pids = pids
        self.every = every
        self.samples: dict[str, list[float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, pid in self.pids.items():
            try:
                proc = psutil.Process(pid)
                own = proc.memory_info().rss
                kids = sum(c.memory_info().rss for c in proc.children(recursive=True))
            except psutil.Error:
                continue
            self.samples.setdefault(name, []).append(own / 2**20)
            if kids:
                self.samples.setdefault(f"{name} (children)", []).append(kids / 2**20)

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(self.every):
                return

    def start(self) -> RSSSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self._sample()

    def table(self) -> list[dict[str, Any]]:
        return [
            {
                "process": name,
                "samples": len(mb),
                "first_mb": round(mb[0], 1),
                "min_mb": round(min(mb), 1),
                "max_mb": round(max(mb), 1),
                "last_mb": round(mb[-1], 1),
            }
            for name, mb in self.samples.items()
        ]


class CPUMeter:
    """CPU seconds (user + system) each named process and its descendants spent
    between ``start`` and ``stop``: what a resume costs, whatever the load beside."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self._first: dict[str, float] = {}

    @staticmethod
    def _total(pid: int) -> float:
        try:
            proc = psutil.Process(pid)
            t = proc.cpu_times()
            total = t.user + t.system + t.children_user + t.children_system
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    c = child.cpu_times()
                    total += c.user + c.system
            return total
        except psutil.Error:
            return float("nan")

    def start(self) -> CPUMeter:
        self._first = {name: self._total(pid) for name, pid in self.pids.items()}
        return self

    def stop(self) -> dict[str, float]:
        return {
            name: round(self._total(pid) - self._first[name], 2) for name, pid in self.pids.items()
        }


def counts_delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}


@dataclass
class RunResult:
    """One system's run. Times are wall-clock (``time.time()``) seconds: ``started``
    just before the first upload or enqueue, ``done_at`` when each resume's final
    result was stored, as that system recorded it."""

    system: str
    n: int
    started: float
    done_at: list[float]
    statuses: Counter[str]
    llm_calls: int = 0
    client_retries: int = 0
    stage_medians_s: dict[str, float] = field(default_factory=dict)
    rss: list[dict[str, Any]] = field(default_factory=list)
    #: CPU seconds per process over the run (CPUMeter)
    cpu_s: dict[str, float] = field(default_factory=dict)
    #: store round trips over the run, by operation (MongoDB command and collection,
    #: or Redis command)
    store_ops: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return max(self.done_at) - self.started if self.done_at else float("nan")

    @property
    def rate(self) -> float:
        return len(self.done_at) / self.seconds if self.done_at else 0.0

    def cost_windows(self, window: int = 1000) -> tuple[int, float, float]:
        """Seconds per resume over the first ``window`` results (from the start) and
        over the last ``window`` (from the result before them), by completion order."""
        done = sorted(self.done_at)
        w = min(window, len(done) // 2)
        if w < 1:
            return 0, float("nan"), float("nan")
        first = (done[w - 1] - self.started) / w
        last = (done[-1] - done[-w - 1]) / w
        return w, first, last

    def cpu_ms_per_resume(self) -> dict[str, float]:
        out = {name: round(s * 1000 / max(self.n, 1), 1) for name, s in self.cpu_s.items()}
        out["total"] = round(sum(self.cpu_s.values()) * 1000 / max(self.n, 1), 1)
        return out

    def store_ops_per_resume(self) -> dict[str, float]:
        n = max(self.n, 1)
        out = {op: round(count / n, 2) for op, count in self.store_ops.items() if count}
        out["total"] = round(sum(self.store_ops.values()) / n, 2)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def as_dict(self, soak: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "system": self.system,
            "resumes": self.n,
            "statuses": dict(self.statuses),
            "seconds": round(self.seconds, 3),
            "resumes_per_s": round(self.rate, 3),
            "llm_calls": self.llm_calls,
            "client_retries": self.client_retries,
        }
        if self.stage_medians_s:
            out["stage_medians_s"] = self.stage_medians_s
        if self.cpu_s:
            out["cpu_ms_per_resume"] = self.cpu_ms_per_resume()
        if self.store_ops:
            out["store_ops_per_resume"] = self.store_ops_per_resume()
        if soak:
            w, first, last = self.cost_windows()
            out["cost_per_resume_ms"] = {
                "window": w,
                "first": round(first * 1000, 1),
                "last": round(last * 1000, 1),
            }
            out["rss"] = self.rss
        return out


def run_timeout(n: int) -> float:
    """How long to wait for N results before giving up: generous (0.5 resumes/s)."""
    return 600 + 2.0 * n


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else float("nan")


def wait_until(condition: Callable[[], bool], timeout: float, what: str, poll: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(poll)
