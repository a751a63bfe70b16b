"""The peer of bench/throughput.py: the Celery + Redis pipeline a team would write
instead of adopting resumeflow.

The worker (``celery -A throughput_celery worker -P threads -c 64``) runs one task
per resume: PyMuPDF text of every page -> one chat call through the real ``openai``
client -> the answer stored in Redis. The "web side" (:func:`run`, in the bench
process) stores each PDF in Redis and enqueues its task, as an upload handler would.
Configuration comes from the environment: ``BENCH_REDIS_URL``, and ``OPENAI_API_KEY``
/ ``OPENAI_BASE_URL`` / ``ENHANCER_MODEL`` as for resumeflow's enhancer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import openai
import pymupdf
import redis
from celery import Celery
from throughput_common import (
    CPUMeter,
    LLMProcess,
    RSSSampler,
    RunResult,
    Say,
    counts_delta,
    run_timeout,
    wait_until,
)

from resumeflow_dev.stack import free_port

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
RESULTS = "bench:results"  # hash: resume id -> JSON result

app = Celery("throughput_celery", broker=REDIS_URL)
app.conf.update(task_ignore_result=True, worker_hijack_root_logger=False)

SYSTEM = (
    "Extract the candidate profile from the resume text. Answer with one JSON object: "
    "name, emails, phones, skills, experience, education."
)


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(REDIS_URL)


@cache
def _llm() -> openai.OpenAI:
    # One client per worker process, shared by its threads (httpx pools connections).
    return openai.OpenAI(max_retries=0, timeout=120)


@app.task(name="process_resume")
def process_resume(resume_id: str) -> None:
    store = _redis()
    try:
        data = store.get(f"bench:pdf:{resume_id}")
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            text = "\n".join(page.get_text() for page in doc)
        completion = _llm().chat.completions.create(
            model=os.environ.get("ENHANCER_MODEL", "gpt-4o-mini"),
            temperature=0,
            response_format={"type": "json_object"},
            messages=[
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": text},
            ],
        )
        profile = json.loads(completion.choices[0].message.content or "{}")
        result: dict[str, Any] = {"status": "completed", "profile": profile}
    except Exception as exc:
        result = {"status": "failed", "error": repr(exc)}
        raise
    finally:
        result["done_at"] = time.time()
        store.hset(RESULTS, resume_id, json.dumps(result))


# --- the bench side ------------------------------------------------------------------


def redis_server_binary(say: Say) -> str:
    """``redis-server`` from PATH; installed from Debian (apt) when missing and root."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing redis-server (apt-get install redis-server)")
        # Wait for another apt run's dpkg lock instead of failing at once.
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "-qq"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["update"], ["install", "-y", "--no-install-recommends", "redis-server"]):
            subprocess.run([*apt, *cmd], env=env, stdout=subprocess.DEVNULL, check=True)
        found = shutil.which("redis-server")
    if not found:
        raise SystemExit("redis-server is not installed (apt-get install redis-server, as root)")
    return found


def run(
    pdfs: list[bytes],
    llm_latency: float,
    workdir: Path,
    clients: int,
    say: Say,
    soak_every: float | None = None,
) -> RunResult:
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    logs = (workdir / "celery.log").open("ab")
    procs: dict[str, subprocess.Popen[bytes]] = {}
    llm = LLMProcess(llm_latency)
    sampler: RSSSampler | None = None
    try:
        # No persistence: resumeflow's development MongoDB is in memory as well.
        argv = [redis_server_binary(say), "--port", str(port), "--bind", "127.0.0.1"]
        argv += ["--save", "", "--appendonly", "no", "--dir", str(workdir)]
        procs["redis-server"] = subprocess.Popen(argv, stdout=logs, stderr=subprocess.STDOUT)
        store = redis.Redis.from_url(url)
        wait_until(lambda: _pings(store), 20, "redis-server", 0.05)
        env = {
            **os.environ,
            "BENCH_REDIS_URL": url,
            "OPENAI_API_KEY": "bench",
            "OPENAI_BASE_URL": llm.base_url,
            "ENHANCER_MODEL": "fake",
            "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path]),
        }
        worker = [sys.executable, "-m", "celery", "-A", "throughput_celery", "worker"]
        worker += ["-P", "threads", "-c", "64", "-l", "WARNING"]
        procs["celery worker"] = subprocess.Popen(
            worker, env=env, stdout=logs, stderr=subprocess.STDOUT
        )
        app.conf.broker_url = url
        wait_until(lambda: _worker_ready(procs["celery worker"]), 120, "the Celery worker", 0.2)
        say(f"celery: worker ready, enqueueing {len(pdfs)} resumes")
        if soak_every:
            pids = {name: p.pid for name, p in procs.items()}
            sampler = RSSSampler(pids, soak_every).start()

        meter = CPUMeter({name: p.pid for name, p in procs.items()}).start()
        ops_before = _redis_commands(store)

        def enqueue(item: tuple[int, bytes]) -> None:
            i, pdf = item
            store.set(f"bench:pdf:{i}", pdf)
            process_resume.delay(str(i))

        started = time.time()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(enqueue, enumerate(pdfs)))
        timeout = run_timeout(len(pdfs))
        wait_until(lambda: store.hlen(RESULTS) >= len(pdfs), timeout, "every Celery result", 0.2)
        cpu = meter.stop()
        store_ops = counts_delta(ops_before, _redis_commands(store))
        if sampler:
            sampler.stop()
        results = [json.loads(v) for v in store.hvals(RESULTS)]
    finally:
        for proc in reversed(procs.values()):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        llm.stop()
        logs.close()
    return RunResult(
        system="celery",
        n=len(pdfs),
        started=started,
        done_at=[r["done_at"] for r in results],
        statuses=Counter(r["status"] for r in results),
        llm_calls=llm.calls,
        rss=sampler.table() if sampler else [],
        cpu_s=cpu,
        store_ops=store_ops,
    )


def _redis_commands(store: redis.Redis) -> dict[str, int]:
    """Redis's own command counts (INFO commandstats), the bench's polls included."""
    stats = store.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}


def _pings(store: redis.Redis) -> bool:
    try:
        return bool(store.ping())
    except redis.ConnectionError:
        return False


def _worker_ready(worker: subprocess.Popen[bytes]) -> bool:
    if worker.poll() is not None:
        raise RuntimeError(f"the Celery worker exited with {worker.returncode}; see celery.log")
    return bool(app.control.ping(timeout=0.5))
