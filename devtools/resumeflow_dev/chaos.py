"""The chaos run: submit N resumes to a local system while killing things, then count.

Faults injected (each on a schedule, seconds after the first upload):
SIGKILL + restart of each worker service, a nats-server restart, MongoDB unreachable
for a while (through :class:`TcpProxy`), and an LLM with latency that answers 429/5xx
at a given rate. At the end every resume must be terminal (``lost`` = 0), no webhook
may have been delivered for two different ids of one event, and the LLM must not have
answered the same resume text successfully twice (the cache makes retries free).
All resumes go into one batch, closed once all are accepted: its counts must equal the
resumes' own statuses and its ``batch.completed`` callback must arrive exactly once.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_dev.stack import Stack
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hiro", "Inès", "Jonas"]
LAST = ["Silva", "Okoro", "Nakamura", "Müller", "Haddad", "Kowalski", "Ferreira", "Lindqvist"]


@dataclass
class ChaosConfig:
    resumes: int = 1000
    llm_latency_s: float = 0.2
    llm_error_rate: float = 0.10
    mongo_outage_s: float = 20.0
    # (seconds after the first upload, action)
    schedule: list[tuple[float, str]] = field(
        default_factory=lambda: [
            (5, "kill parser"),
            (12, "kill enhancer"),
            (19, "kill notifier"),
            (26, "restart nats"),
            (34, "block mongo"),
        ]
    )
    upload_workers: int = 8
    timeout_s: float = 1800
    workdir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class ChaosReport:
    submitted: int = 0
    upload_retries: int = 0
    completed: int = 0
    failed_by_code: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    webhook_deliveries: int = 0
    webhook_redeliveries_same_id: int = 0
    duplicate_webhooks: int = 0
    llm_calls: int = 0
    llm_errors_injected: int = 0
    duplicate_llm_calls: int = 0
    wall_s: float = 0.0
    events: list[str] = field(default_factory=list)
    batch_counts: dict[str, int] = field(default_factory=dict)
    batch_counts_match: bool = False
    batch_completed_webhooks: int = 0

    def lines(self) -> list[str]:
        failed = sum(self.failed_by_code.values())
        by_code = ", ".join(f"{k}={v}" for k, v in sorted(self.failed_by_code.items())) or "-"
        return [
            f"submitted                      {self.submitted}",
            f"completed                      {self.completed}",
            f"failed                         {failed} ({by_code})",
            f"lost (never terminal)          {len(self.lost)}",
            f"duplicate webhooks             {self.duplicate_webhooks}",
            f"webhook redeliveries, same id  {self.webhook_redeliveries_same_id}",
            f"webhook deliveries             {self.webhook_deliveries}",
            f"duplicate LLM calls (beyond retries) {self.duplicate_llm_calls}",
            f"LLM calls (incl. injected errors)    {self.llm_calls}"
            f" ({self.llm_errors_injected} injected 429/5xx)",
            f"upload retries (client side)   {self.upload_retries}",
            f"batch counts                   {self.batch_counts}"
            f" ({'match' if self.batch_counts_match else 'DO NOT match'} the resumes)",
            f"batch.completed webhook ids    {self.batch_completed_webhooks}",
            f"wall time                      {self.wall_s:.1f} s",
        ]


def sample(i: int) -> bytes:
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    person = SampleResume(
        name=name,
        email=f"candidate{i}@example.com",
        phone=f"+1 415 555 {i % 10000:04d}",
        extra_lines=(f"Candidate reference {i}",),
    )
    return resume_pdf(person)


def _upload_until_accepted(
    api: str, i: int, callback: str, batch_id: str, report: ChaosReport
) -> str:
    data = sample(i)
    deadline = time.monotonic() + 300
    while True:
        try:
            response = client.upload(
                api,
                data,
                callback_url=callback,
                batch_id=batch_id,
                headers={"Idempotency-Key": f"chaos-{i}"},
            )
            if response.status_code in (200, 202):
                return str(response.json()["id"])
        except httpx.HTTPError:
            pass
        report.upload_retries += 1
        if time.monotonic() > deadline:
            raise RuntimeError(f"upload {i} not accepted in 300 s")
        time.sleep(0.5)


def _until_ok(method: str, url: str, what: str, **kwargs: Any) -> dict[str, Any]:
    """Repeat a request through the faults until it answers 2xx (close is idempotent)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.request(method, url, timeout=10, **kwargs)
            if response.status_code < 300:
                body: dict[str, Any] = response.json()
                return body
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not succeed in 300 s")


class Chaos:
    def __init__(self, stack: Stack, proxy: TcpProxy, config: ChaosConfig) -> None:
        self.stack = stack
        self.proxy = proxy
        self.config = config
        self.log: list[str] = []

    def _do(self, action: str) -> None:
        verb, target = action.split(" ", 1)
        started = time.monotonic()
        if verb == "kill":
            self.stack.kill(target)
            self.stack.start_service(target)
        elif verb == "restart" and target == "nats":
            self.stack.restart_nats()
        elif verb == "block" and target == "mongo":
            self.proxy.block()
            time.sleep(self.config.mongo_outage_s)
            self.proxy.unblock()
        self.log.append(f"{action} ({time.monotonic() - started:.1f} s)")

    def run(self, t0: float, stop: threading.Event) -> None:
        for at, action in self.config.schedule:
            while time.monotonic() - t0 < at:
                if stop.wait(0.1):
                    return
            self._do(action)


def _count(
    report: ChaosReport, ids: list[str], api: str, sink: WebhookSink, llm: FakeLLM, batch_id: str
) -> None:
    statuses: collections.Counter[str] = collections.Counter()
    for resume_id in ids:
        body: dict[str, Any] = {}
        with contextlib.suppress(httpx.HTTPError, ValueError):
            body = client.get_resume(api, resume_id)
        status = body.get("status")
        statuses[str(status)] += 1
        if status == "completed":
            report.completed += 1
        elif status == "failed":
            code = str((body.get("error") or {}).get("code"))
            report.failed_by_code[code] = report.failed_by_code.get(code, 0) + 1
        else:
            report.lost.append(resume_id)
    by_id = collections.Counter(r.headers.get("webhook-id") for r in sink.received)
    by_event: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for r in sink.received:
        payload = r.json()
        subject = payload["data"].get("resume_id") or payload["data"]["batch_id"]
        by_event[(subject, payload["type"])].add(r.headers.get("webhook-id", ""))
    # distinct ids: a redelivery under the same id is allowed, a second id is not
    report.batch_completed_webhooks = len(by_event[(batch_id, "batch.completed")])
    batch = httpx.get(f"{api}/v1/batches/{batch_id}", timeout=10).json()
    report.batch_counts = batch["counts"]
    report.batch_counts_match = batch["counts"] == dict(statuses) and batch["total"] == len(ids)
    report.webhook_deliveries = len(sink.received)
    report.webhook_redeliveries_same_id = sum(n - 1 for n in by_id.values())
    report.duplicate_webhooks = sum(len(ids_) - 1 for ids_ in by_event.values())
    ok_by_text = collections.Counter(c.text_sha256 for c in llm.successful_calls())
    report.llm_calls = len(llm.calls)
    report.llm_errors_injected = sum(1 for c in llm.calls if c.status != 200)
    report.duplicate_llm_calls = sum(n - 1 for n in ok_by_text.values())


def _proxied(stack: Stack) -> TcpProxy:
    assert stack.mongodb_url
    parts = urllib.parse.urlsplit(stack.mongodb_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 27017).start()
    stack.mongodb_url = f"mongodb://127.0.0.1:{proxy.port}"
    return proxy


def run_chaos(
    config: ChaosConfig,
    workdir: Path,
    mongodb_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ChaosReport:
    say = progress or (lambda _msg: None)
    llm = FakeLLM(latency_s=config.llm_latency_s, error_rate=config.llm_error_rate).start()
    sink = WebhookSink().start()
    env = {
        "OPENAI_API_KEY": "chaos",
        "OPENAI_BASE_URL": llm.base_url,
        "ENHANCER_MODEL": "fake-chaos",
        "WEBHOOK_SIGNING_SECRET": TEST_SECRET,
        "PARSER_BACKOFF": "1,2,4,8,15",
        "ENHANCER_BACKOFF": "1,2,4,8,15",
        "NOTIFIER_BACKOFF": "1,2,4,8,15",
        "PARSER_MAX_DELIVER": "8",
        "ENHANCER_MAX_DELIVER": "8",
        "NOTIFIER_MAX_DELIVER": "8",
        "PARSER_ACK_WAIT_SECONDS": "10",
        "ENHANCER_ACK_WAIT_SECONDS": "10",
        "NOTIFIER_ACK_WAIT_SECONDS": "10",
        "ENHANCER_CONCURRENCY": "16",
        "NOTIFIER_CONCURRENCY": "16",
        "INGEST_STALL_AFTER_SECONDS": "90",
        "INGEST_SWEEP_INTERVAL_SECONDS": "10",
        "INGEST_STALL_RECOVERIES": "5",
        "LOG_LEVEL": "WARNING",
        **config.env,
    }
    stack = Stack(workdir=workdir, mongodb_url=mongodb_url, env=env)
    report = ChaosReport()
    stop = threading.Event()
    proxy: TcpProxy | None = None
    try:
        stack.start_infra()
        proxy = _proxied(stack)
        stack.start_services()
        batch = _until_ok(
            "POST", f"{stack.api_url}/v1/batches", "create batch", json={"callback_url": sink.url}
        )
        say(f"stack up at {stack.api_url}; submitting {config.resumes} resumes")
        chaos = Chaos(stack, proxy, config)
        t0 = time.monotonic()
        chaos_thread = threading.Thread(target=chaos.run, args=(t0, stop), daemon=True)
        chaos_thread.start()
        with concurrent.futures.ThreadPoolExecutor(config.upload_workers) as pool:
            futures = [
                pool.submit(_upload_until_accepted, stack.api_url, i, sink.url, batch["id"], report)
                for i in range(config.resumes)
            ]
            ids = [f.result() for f in futures]
        report.submitted = len(ids)
        batch_url = f"{stack.api_url}/v1/batches/{batch['id']}"
        _until_ok("POST", f"{batch_url}/close", "close batch")
        say(f"all {len(ids)} accepted after {time.monotonic() - t0:.1f} s; waiting")
        chaos_thread.join()
        _wait_all_terminal(stack.api_url, ids, t0 + config.timeout_s, say)
        _wait_batch_completed(batch_url, t0 + config.timeout_s)
        report.wall_s = time.monotonic() - t0
        time.sleep(2)  # let the last webhooks land
        _count(report, ids, stack.api_url, sink, llm, batch["id"])
        report.events = chaos.log
    finally:
        stop.set()
        stack.stop()
        if proxy:
            proxy.stop()
        llm.stop()
        sink.stop()
    return report


def _wait_all_terminal(
    api: str, ids: list[str], deadline: float, say: Callable[[str], None]
) -> None:
    pending = set(ids)
    last_note = 0.0
    while pending and time.monotonic() < deadline:
        for resume_id in list(pending):
            with contextlib.suppress(httpx.HTTPError, ValueError):
                if client.get_resume(api, resume_id).get("status") in client.TERMINAL:
                    pending.discard(resume_id)
        if time.monotonic() - last_note > 15:
            say(f"{len(ids) - len(pending)}/{len(ids)} terminal")
            last_note = time.monotonic()
        if pending:
            time.sleep(1)


def _wait_batch_completed(batch_url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError, ValueError):
            if httpx.get(batch_url, timeout=10).json().get("state") == "completed":
                return
        time.sleep(1)
