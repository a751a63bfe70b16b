"""The resumeflow side of bench/throughput.py: the whole local stack (devtools'
``Stack``: nats-server, the development MongoDB server, the four services) at the
README defaults, fed through the HTTP API by a bounded pool of client threads."""

from __future__ import annotations

import itertools
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pymongo
from throughput_common import (
    CPUMeter,
    LLMProcess,
    RSSSampler,
    RunResult,
    Say,
    counts_delta,
    median,
    run_timeout,
)

from resumeflow_dev.client import TERMINAL
from resumeflow_dev.stack import Stack

#: Consecutive timestamps whose differences say where a resume's time went.
STEPS = ("queued", "parsing", "parsed", "enhancing", "enhanced", "completed")
UPLOAD_TRIES = 5


def _upload(http: httpx.Client, api: str, pdf: bytes, batch: str) -> tuple[str, int]:
    """Upload once, retrying connection errors, 5xx and 429 (after its ``Retry-After``,
    as a client should); returns (id, retries)."""
    for attempt in range(UPLOAD_TRIES):
        try:
            response = http.post(
                f"{api}/v1/resumes",
                files={"file": ("resume.pdf", pdf, "application/pdf")},
                data={"batch_id": batch},
            )
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code == 429:
            time.sleep(float(response.headers.get("retry-after", "1")))
            continue
        if response is not None and response.status_code < 500:
            if response.status_code != 202:
                raise RuntimeError(f"upload answered {response.status_code}: {response.text}")
            return str(response.json()["id"]), attempt
        time.sleep(0.5 * 2**attempt)
    raise RuntimeError(f"upload failed {UPLOAD_TRIES} times")


def _wait_all(api: str, ids: list[str], timeout: float) -> list[dict[str, Any]]:
    """Every resume once it is terminal. Resumes finish roughly in upload order, so
    polling them in that order costs about one GET per resume."""
    deadline = time.monotonic() + timeout
    finished = []
    with httpx.Client(timeout=30) as http:
        for resume_id in ids:
            while True:
                body: dict[str, Any] = http.get(f"{api}/v1/resumes/{resume_id}").json()
                if body["status"] in TERMINAL:
                    finished.append(body)
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"resume {resume_id} not terminal: {body['status']}")
                # Slow polling is fine (the API's timestamps give the times) and keeps
                # the bench's reads from loading the development MongoDB server.
                time.sleep(1.0)
    return finished


def _epoch(iso: str) -> float:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:  # stored as UTC; MongoDB gives back naive datetimes
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _ts(body: dict[str, Any], key: str) -> float | None:
    value = body["timestamps"].get(key)
    return _epoch(value) if value else None


def _stage_medians(bodies: list[dict[str, Any]]) -> dict[str, float]:
    medians = {}
    for a, b in itertools.pairwise(STEPS):
        gaps = []
        for body in bodies:
            start, end = _ts(body, a), _ts(body, b)
            if start is not None and end is not None:
                gaps.append(end - start)
        medians[f"{a}->{b}"] = median(gaps)
    return medians


def _done_at(body: dict[str, Any]) -> float:
    done = _ts(body, body["status"])
    return done if done is not None else _epoch(body["updated_at"])


def _mongo_commands(stack: Stack) -> dict[str, int]:
    """The development server's command counts ("find resumes": n, from serverStatus);
    the bench's own status polls included (about one find per resume)."""
    assert stack.mongodb_url
    with pymongo.MongoClient(stack.mongodb_url, serverSelectionTimeoutMS=10_000) as mongo:
        status = mongo.admin.command("serverStatus")
    return {str(k): int(v) for k, v in status.get("devCommandsByCollection", {}).items()}


def run(
    pdfs: list[bytes],
    llm_latency: float,
    env: dict[str, str],
    clients: int,
    say: Say,
    soak_every: float | None = None,
) -> RunResult:
    llm = LLMProcess(llm_latency)
    service_env = {
        "OPENAI_API_KEY": "bench",
        "OPENAI_BASE_URL": llm.base_url,
        "ENHANCER_MODEL": "fake",
        **env,
    }
    stack = Stack(Path(tempfile.mkdtemp(prefix="rf-throughput-")), env=service_env)
    batch = f"throughput-{uuid.uuid4().hex[:8]}"
    retries = 0
    lock = threading.Lock()
    sampler: RSSSampler | None = None
    local = threading.local()
    clients_made: list[httpx.Client] = []
    cpu: dict[str, float] = {}
    store_ops: dict[str, int] = {}

    def upload(pdf: bytes) -> str:
        nonlocal retries
        if not hasattr(local, "http"):
            local.http = httpx.Client(timeout=30)
            with lock:
                clients_made.append(local.http)
        resume_id, tries = _upload(local.http, stack.api_url, pdf, batch)
        with lock:
            retries += tries
        return resume_id

    try:
        stack.start()
        say(f"resumeflow: stack up ({stack.workdir}), uploading {len(pdfs)} resumes")
        if soak_every:
            pids = {name: p.pid for name, p in stack.procs.items()}
            sampler = RSSSampler(pids, soak_every).start()
        meter = CPUMeter({name: p.pid for name, p in stack.procs.items()}).start()
        ops_before = _mongo_commands(stack)
        started = time.time()
        with ThreadPoolExecutor(clients) as pool:
            ids = list(pool.map(upload, pdfs))
        bodies = _wait_all(stack.api_url, ids, run_timeout(len(ids)))
        cpu = meter.stop()
        store_ops = counts_delta(ops_before, _mongo_commands(stack))
        if sampler:
            sampler.stop()
    finally:
        for http in clients_made:
            http.close()
        stack.stop()
        llm.stop()
    return RunResult(
        system="resumeflow",
        n=len(pdfs),
        started=started,
        done_at=[_done_at(b) for b in bodies],
        statuses=Counter(b["status"] for b in bodies),
        llm_calls=llm.calls,
        client_retries=retries,
        stage_medians_s=_stage_medians(bodies),
        rss=sampler.table() if sampler else [],
        cpu_s=cpu,
        store_ops=store_ops,
    )
