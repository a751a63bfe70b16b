"""The chaos run: submit N resumes to a local system while killing things, then count.

Faults injected (each on a schedule, seconds after the first upload):
SIGKILL + restart of each worker service, a nats-server restart, MongoDB unreachable
for a while (through :class:`TcpProxy`), an LLM outage longer than the enhancer's retry
schedule, and an LLM with latency that answers 429/5xx at a given rate. At the end
every resume must be terminal (``lost`` = 0), no webhook may have been delivered for
two different ids of one event, and nothing may have been done twice, in this precise
sense:

* **LLM, paid again**: the fake LLM answered a resume's text successfully and was
  later asked for the same text again, unless an enhancer SIGKILL before the repeat
  found that resume's call in flight (the killed process held its lease) and its answer
  not yet recorded in ``llm_cache``. Must be 0.
* **LLM, lost in flight**: exactly that exception: the killed worker never got the
  answer, or died holding it. Counted separately; bounded by the resumes whose leases
  the killed enhancers held without a recorded answer.
* **Webhook, same id after a known outcome**: one ``webhook-id`` received again after
  the receiver had answered 2xx to it, unless a notifier SIGKILL before the resend
  found that notification in flight (lease held) and the delivery not recorded. Must
  be 0.
* **Webhook, same id after an unknown outcome**: exactly that exception; reported.

"In flight at the kill" and "recorded at the kill" are read from MongoDB (directly, not
through the cut-able proxy) right after each SIGKILL: the work the killed process held a
lease on (``shared/lease.py``; leases name their owner's pid) and the answers or
deliveries already stored. No clock decides the class, so a loaded machine that takes
seconds to record an answer, or to start serving a request, cannot turn into a false
"paid again".

All resumes go into one batch, closed once all are accepted: its counts must equal the
resumes' own statuses and its ``batch.completed`` callback must arrive exactly once.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import hashlib
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pymongo
from pymongo.database import Database

from resumeflow_dev import client
from resumeflow_dev.fake_llm import Call, FakeLLM
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_dev.stack import Stack
from resumeflow_dev.tcp_proxy import TcpProxy
from resumeflow_dev.webhook_sink import TEST_SECRET, Received, WebhookSink
from resumeflow_shared.profile import ParseResult

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hiro", "Inès", "Jonas"]
LAST = ["Silva", "Okoro", "Nakamura", "Müller", "Haddad", "Kowalski", "Ferreira", "Lindqvist"]


@dataclass
class ChaosConfig:
    resumes: int = 1000
    llm_latency_s: float = 0.2
    llm_error_rate: float = 0.10
    mongo_outage_s: float = 20.0
    #: The LLM answers every call 503 for this long: longer than the enhancer's whole
    #: retry schedule in this harness (about 60 s), so only parking saves the resumes.
    llm_outage_s: float = 120.0
    # (seconds after the first upload, action)
    schedule: list[tuple[float, str]] = field(
        default_factory=lambda: [
            (5, "kill parser"),
            (12, "kill enhancer"),
            (19, "kill notifier"),
            (26, "restart nats"),
            (34, "block mongo"),
            (60, "llm outage"),
        ]
    )
    upload_workers: int = 8
    timeout_s: float = 1800
    workdir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Kill:
    """A SIGKILL and what MongoDB held right after it: LLM answers (text digests) for
    the enhancer, delivered webhook ids for the notifier."""

    target: str
    at: float
    recorded: set[str] = field(default_factory=set)
    #: what the killed process held a lease on (in flight): resume ids for the
    #: enhancer, "<resume id>:<event>" for the notifier
    held: set[str] = field(default_factory=set)
    #: the ``_id`` of every lease the killed process held
    lease_ids: set[str] = field(default_factory=set)


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
    webhooks_missing: int = 0
    webhook_same_id_known_outcome: int = 0
    webhook_same_id_unknown_outcome: int = 0
    llm_calls: int = 0
    llm_errors_injected: int = 0
    llm_paid_again: int = 0
    llm_lost_in_flight: int = 0
    llm_in_flight_at_kills: int = 0
    kills: list[Kill] = field(default_factory=list)
    llm_answers_never_recorded: int = 0
    #: what is known of each answer never recorded: its resume and when it came
    never_recorded: list[str] = field(default_factory=list)
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
            f"webhook redeliveries, same id  {self.webhook_redeliveries_same_id}"
            f" ({self.webhook_same_id_known_outcome} after a known outcome,"
            f" {self.webhook_same_id_unknown_outcome} after an outcome lost to a kill)",
            f"webhook deliveries             {self.webhook_deliveries}"
            f" ({self.webhooks_missing} resumes without an acknowledged webhook)",
            f"LLM answers paid for again     {self.llm_paid_again}",
            f"LLM answers lost in flight     {self.llm_lost_in_flight}"
            f" (of {self.llm_in_flight_at_kills} in flight at enhancer kills, unrecorded)",
            f"LLM answers never recorded     {self.llm_answers_never_recorded}",
            *(f"  {line}" for line in self.never_recorded),
            f"LLM calls (incl. injected errors) {self.llm_calls}"
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
    """Runs the schedule. Kills of the enhancer and the notifier are aimed at work in
    flight: the enhancer is killed while the LLM is answering one of its calls, the
    notifier while the webhook receiver holds one of its requests, so every run tests
    what happens to a call whose outcome the dead worker never learned."""

    def __init__(
        self,
        stack: Stack,
        proxy: TcpProxy,
        config: ChaosConfig,
        llm: FakeLLM,
        sink: WebhookSink,
        direct_mongo: str,
    ) -> None:
        self.direct_mongo = direct_mongo
        self.stack = stack
        self.proxy = proxy
        self.config = config
        self.llm = llm
        self.sink = sink
        self.log: list[str] = []
        self.kills: list[Kill] = []
        self._webhook_held = threading.Event()
        self._release_webhook = threading.Event()
        self._hold_next_webhook = False
        self._answer_held = threading.Event()
        self._release_answer = threading.Event()
        self._hold_next_answer = False

    def on_webhook(self, _: Received) -> None:
        """The sink's hook: hold one request open while its sender is killed."""
        if not self._hold_next_webhook:
            return
        self._hold_next_webhook = False
        self._webhook_held.set()
        self._release_webhook.wait(30)

    def on_answer(self) -> None:
        """The fake LLM's hook: hold one successful answer while its caller is killed."""
        if not self._hold_next_answer:
            return
        self._hold_next_answer = False
        self._answer_held.set()
        self._release_answer.wait(30)

    def _llm_back(self) -> None:
        self.llm.force_status = None

    def _await_work_in_flight(self, target: str) -> str:
        # As long as the run may last: under load (or behind the LLM outage) the first
        # call or webhook after the kill's time can come minutes later, and a kill
        # without work in flight would not test what it is for (the report then shows
        # "none" and the test's "unknown outcome" counts stay 0).
        deadline = time.monotonic() + self.config.timeout_s
        if target == "enhancer":
            # a call that will be answered (one that will fail costs nothing to lose),
            # held open until the kill so that its answer is certainly lost
            self._answer_held.clear()
            self._release_answer.clear()
            self._hold_next_answer = True
            held = self._answer_held.wait(max(0.0, deadline - time.monotonic()))
            answering = self.llm.answering
            return f"{answering} successful LLM call(s) in flight, one held" if held else "none"
        if target == "notifier":
            self._webhook_held.clear()
            self._release_webhook.clear()
            self._hold_next_webhook = True
            held = self._webhook_held.wait(max(0.0, deadline - time.monotonic()))
            return "a webhook request held open" if held else "no webhook to hold"
        return ""

    def _do(self, action: str) -> None:
        verb, target = action.split(" ", 1)
        started = time.monotonic()
        note = ""
        if verb == "kill":
            note = self._await_work_in_flight(target)
            at = time.time()
            pid = self.stack.procs[target].pid
            self.stack.kill(target)
            done = recorded(self.direct_mongo, target)
            held = lease_ids(self.direct_mongo, pid)
            self.kills.append(Kill(target, at, done, work_of(held), held))
            self._release_webhook.set()
            self._release_answer.set()
            self.stack.start_service(target)
        elif verb == "restart" and target == "nats":
            self.stack.restart_nats()
        elif verb == "llm" and target == "outage":
            self.llm.force_status = 503  # in the background: other faults may overlap it
            threading.Timer(self.config.llm_outage_s, self._llm_back).start()
            note = f"503 for {self.config.llm_outage_s:g} s"
        elif verb == "block" and target == "mongo":
            self.proxy.block()
            time.sleep(self.config.mongo_outage_s)
            self.proxy.unblock()
        suffix = f", {note}" if note else ""
        self.log.append(f"{action} ({time.monotonic() - started:.1f} s{suffix})")

    def run(self, t0: float, stop: threading.Event) -> None:
        for at, action in self.config.schedule:
            while time.monotonic() - t0 < at:
                if stop.wait(0.1):
                    return
            self._do(action)


def _count(
    report: ChaosReport,
    ids: list[str],
    api: str,
    sink: WebhookSink,
    llm: FakeLLM,
    batch_id: str,
    direct_mongo: str,
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
    _count_webhooks(report, sink, batch_id)
    report.webhooks_missing = len(set(ids) - _acknowledged(sink))
    batch = httpx.get(f"{api}/v1/batches/{batch_id}", timeout=10).json()
    report.batch_counts = batch["counts"]
    report.batch_counts_match = batch["counts"] == dict(statuses) and batch["total"] == len(ids)
    _count_llm(report, llm, recorded(direct_mongo, "enhancer"), resume_of_text(direct_mongo))


def recorded(mongo_url: str, target: str) -> set[str]:
    """What the system has durably recorded, read straight from MongoDB."""
    mongo: pymongo.MongoClient[dict[str, Any]]
    with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=10_000) as mongo:
        db: Database[dict[str, Any]] = mongo["resumeflow"]
        if target == "enhancer":
            return {str(d["_id"]).split(":")[0] for d in db.llm_cache.find({}, {"_id": 1})}
        if target == "notifier":
            done: set[str] = set()
            for name in ("resumes", "batches"):
                query = {"deliveries.outcome": "delivered"}
                for doc in db[name].find(query, {"deliveries": 1}):
                    done |= {
                        d["webhook_id"]
                        for d in doc.get("deliveries", [])
                        if d.get("outcome") == "delivered"
                    }
            return done
    return set()


def work_of(lease_ids: set[str]) -> set[str]:
    """The work in flight those leases stand for (``lease.py``): resume ids for the
    enhancer, "<resume id>:<event>" for the notifier."""
    held: set[str] = set()
    for lease_id in lease_ids:
        kind, resume_id, *rest = lease_id.split(":")
        if kind == "enhance":
            held.add(resume_id)
        elif kind == "notify" and len(rest) == 2:
            held.add(f"{resume_id}:{rest[1]}")
    return held


def lease_ids(mongo_url: str, pid: int) -> set[str]:
    """The leases a (just killed) process held, read right after the kill."""
    mongo: pymongo.MongoClient[dict[str, Any]]
    with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=10_000) as mongo:
        db: Database[dict[str, Any]] = mongo["resumeflow"]
        query = {"owner": {"$regex": f"^{pid}:"}}
        return {str(d["_id"]) for d in db.leases.find(query, {"_id": 1})}


def resume_of_text(mongo_url: str) -> dict[str, str]:
    """The text digest (as the fake LLM and the LLM cache key it) of each resume."""
    mongo: pymongo.MongoClient[dict[str, Any]]
    with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=10_000) as mongo:
        db: Database[dict[str, Any]] = mongo["resumeflow"]
        out: dict[str, str] = {}
        for doc in db.resumes.find({}, {"parse": 1}):
            if doc.get("parse"):
                text = ParseResult.model_validate(doc["parse"]).text
                out[hashlib.sha256(text.encode()).hexdigest()] = str(doc["_id"])
        return out


def _lost_to_a_kill(report: ChaosReport, target: str, work: str, key: str, end: float) -> bool:
    """A kill of ``target`` before ``end`` found ``work`` in flight (its lease held by
    the killed process) and ``key`` (the answer, the delivery) not yet recorded."""
    return any(
        k.target == target and k.at <= end and work in k.held and key not in k.recorded
        for k in report.kills
    )


def _count_webhooks(report: ChaosReport, sink: WebhookSink, batch_id: str) -> None:
    by_event: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    by_id: dict[str, list[Received]] = collections.defaultdict(list)
    for r in sink.received:
        payload = r.json()
        subject = payload["data"].get("resume_id") or payload["data"]["batch_id"]
        wid = r.headers.get("webhook-id", "")
        by_event[(subject, payload["type"])].add(wid)
        by_id[wid].append(r)
    # distinct ids: a redelivery under the same id is allowed, a second id is not
    report.batch_completed_webhooks = len(by_event[(batch_id, "batch.completed")])
    report.webhook_deliveries = len(sink.received)
    report.duplicate_webhooks = sum(len(ids_) - 1 for ids_ in by_event.values())
    for received in by_id.values():
        received.sort(key=lambda r: r.at)
        for before in received[:-1]:
            if not 200 <= before.status < 300:
                continue  # the receiver refused it: sending again is the retry it asked for
            report.webhook_redeliveries_same_id += 1
            after = received[received.index(before) + 1]
            wid = before.headers.get("webhook-id", "")
            data = before.json()
            work = f"{data['data'].get('resume_id')}:{data['type']}"
            if _lost_to_a_kill(report, "notifier", work, wid, after.at):
                report.webhook_same_id_unknown_outcome += 1
            else:
                report.webhook_same_id_known_outcome += 1


def _count_llm(report: ChaosReport, llm: FakeLLM, final: set[str], resumes: dict[str, str]) -> None:
    report.llm_calls = len(llm.calls)
    report.llm_errors_injected = sum(1 for c in llm.calls if c.status != 200)
    ok = llm.successful_calls()
    for kill in report.kills:
        if kill.target == "enhancer":
            recorded_resumes = {resumes.get(d) for d in kill.recorded}
            report.llm_in_flight_at_kills += len(kill.held - recorded_resumes)
    report.llm_answers_never_recorded = sum(1 for c in ok if c.text_sha256 not in final)
    first = min((c.at for c in llm.calls), default=0.0)
    report.never_recorded = [
        f"resume {resumes.get(c.text_sha256, '?')} text {c.text_sha256[:12]}: answered 200,"
        f" arrived at +{c.at - first:.1f} s, written out: {c.ended is not None}"
        for c in ok
        if c.text_sha256 not in final
    ]
    by_text: dict[str, list[Call]] = collections.defaultdict(list)
    for c in ok:
        by_text[c.text_sha256].append(c)
    for text, calls in by_text.items():
        calls.sort(key=lambda c: c.at)
        resume_id = resumes.get(text, "")
        for after in calls[1:]:
            if _lost_to_a_kill(report, "enhancer", resume_id, text, after.at):
                report.llm_lost_in_flight += 1
            else:
                report.llm_paid_again += 1


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
        direct_mongo = stack.mongodb_url or ""
        proxy = _proxied(stack)
        stack.start_services()
        batch = _until_ok(
            "POST", f"{stack.api_url}/v1/batches", "create batch", json={"callback_url": sink.url}
        )
        say(f"stack up at {stack.api_url}; submitting {config.resumes} resumes")
        chaos = Chaos(stack, proxy, config, llm, sink, direct_mongo)
        sink.on_receive = chaos.on_webhook
        llm.before_answer = chaos.on_answer
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
        _wait_for_webhooks(sink, [*ids, batch["id"]], time.monotonic() + 120, say)
        _wait_kills_settled(direct_mongo, chaos.kills, time.monotonic() + 180, say)
        report.kills = chaos.kills
        _count(report, ids, stack.api_url, sink, llm, batch["id"], direct_mongo)
        report.events = chaos.log
    finally:
        stop.set()
        stack.stop()
        if proxy:
            proxy.stop()
        llm.stop()
        sink.stop()
    return report


def _acknowledged(sink: WebhookSink) -> set[str]:
    with sink._lock:
        received = list(sink.received)
    data = [r.json()["data"] for r in received if 200 <= r.status < 300]
    return {d.get("resume_id") or d["batch_id"] for d in data}


def _wait_for_webhooks(
    sink: WebhookSink, ids: list[str], deadline: float, say: Callable[[str], None]
) -> None:
    """Terminal comes before the webhook (the status is written first), and a webhook
    whose sender was killed is resent only after its ack deadline: wait for them."""
    while time.monotonic() < deadline:
        missing = set(ids) - _acknowledged(sink)
        if not missing:
            return
        time.sleep(0.5)
    say(f"{len(set(ids) - _acknowledged(sink))} webhook(s) still missing")


def _wait_kills_settled(
    mongo_url: str, kills: list[Kill], deadline: float, say: Callable[[str], None]
) -> None:
    """A lease a killed process held stays in MongoDB until a survivor takes the work
    over (after the lease's TTL), finishes it and releases the lease. Until then a
    webhook may still be resent or an LLM call made again, so counting earlier would
    miss it: wait for those leases to be gone, not for a clock. One left past the
    deadline is reported, and the counts show the work that never came back."""
    held = set().union(*(k.lease_ids for k in kills)) if kills else set()
    if not held:
        return
    mongo: pymongo.MongoClient[dict[str, Any]]
    with pymongo.MongoClient(mongo_url, serverSelectionTimeoutMS=10_000) as mongo:
        db: Database[dict[str, Any]] = mongo["resumeflow"]
        left: list[str] = []
        while time.monotonic() < deadline:
            left = [str(d["_id"]) for d in db.leases.find({"_id": {"$in": sorted(held)}})]
            if not left:
                return
            time.sleep(0.5)
        say(f"leases held by killed processes, never released: {left}")


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
