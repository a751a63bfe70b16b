"""Upload latency (POST /v1/resumes until 202) at a paced rate, idle and behind a backlog.

    uv run python bench/upload_latency.py                 # 10,000 waiting, 100/s for 30 s
    uv run python bench/upload_latency.py --backlog 2000 --seconds 10
    uv run python bench/upload_latency.py --ingest-cpus 0 --with-ingest mongo,nats

Issue 10 asks for an upload p99 <= 50 ms at 100 uploads/s while 10,000 resumes wait.
The whole local stack (devtools' Stack) runs at the README defaults with the fake LLM
in its own process (exactly ``--llm-latency`` s per call), in three phases:

0. idle: ``--rate`` uploads/s for ``--idle-seconds``, before anything else is queued;
1. backlog: ``--clients`` threads upload as fast as they can until at least
   ``--backlog`` resumes are not terminal (counted in MongoDB), and the fill is timed.
   The parser is stopped meanwhile (unless ``--keep-parser``): on 2 vCPUs the
   pipeline drains nearly as fast as uploads arrive, so the backlog would take many
   minutes to build. It is started again (and given ``--settle`` s) before phase 2;
2. measure: ``--rate`` uploads/s for ``--seconds`` behind that backlog, with every
   stage busy working through it.

Phases 0 and 2 are open loop: upload i is due at t0 + i/rate and is sent by a pool
big enough not to queue. A send that starts late is counted from its due time too
("from due"), so a stall shows in the percentiles instead of slowing the load down.
Every upload is a distinct PDF. Uploads are spread over ``--tenants`` API keys (each
tenant's quota, INGEST_TENANT_UPLOADS_PER_MINUTE, is 12,000 a minute per replica at the
defaults). See bench/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import math
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pymongo
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput_common import CPUMeter, LLMProcess, distinct_pdfs

from resumeflow_dev.stack import Stack
from resumeflow_ingest import keys

WARM_UP = 20
KEEP_ALIVE_S = 2.0


def _say(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backlog", type=int, default=10_000, help="resumes waiting (10000)")
    parser.add_argument("--rate", type=float, default=100.0, help="paced uploads/s (100)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured phase (30)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="idle phase (10)")
    parser.add_argument("--clients", type=int, default=16, help="backlog fill threads (16)")
    parser.add_argument("--workers", type=int, default=200, help="paced sender threads (200)")
    parser.add_argument("--tenants", type=int, default=50, help="API keys uploads cycle (50)")
    parser.add_argument(
        "--keep-parser", action="store_true", help="let the pipeline drain during the fill"
    )
    parser.add_argument("--settle", type=float, default=5.0, help="s after the parser restarts")
    parser.add_argument("--llm-latency", type=float, default=1.0, help="seconds per LLM call")
    parser.add_argument(
        "--ingest-cpus",
        help="e.g. 0: run ingest on these CPUs and everything else (the pipeline, the "
        "fake LLM, the bench) on the others, as a deployment that gives ingest CPU of its "
        "own would (default: all share every CPU)",
    )
    parser.add_argument(
        "--with-ingest",
        default="",
        help="with --ingest-cpus: stack processes that share ingest's CPUs, e.g. mongo,nats "
        "(the servers a deployment runs on machines of their own)",
    )
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="paced phases' sender: one asyncio loop writing prebuilt HTTP/1.1 requests "
        "on keep-alive connections (raw, default), or --workers threads with httpx",
    )
    parser.add_argument(
        "--nice-pipeline",
        type=int,
        default=0,
        help="nice value for the parser, enhancer, notifier and fake LLM (e.g. 19), so "
        "that ingest, the data servers and the bench's senders get a core first, as if "
        "the pipeline ran on machines of its own (default 0: no change)",
    )
    args = parser.parse_args(argv)
    args.with_ingest = [n for n in args.with_ingest.split(",") if n]
    if args.ingest_cpus is not None:
        args.ingest_cpus = {int(c) for c in args.ingest_cpus.split(",")}
        rest = set(range(psutil.cpu_count() or 1)) - args.ingest_cpus
        if not rest or not args.ingest_cpus <= set(range(psutil.cpu_count() or 1)):
            parser.error("--ingest-cpus must name some, not all, of this machine's CPUs")
    return args


def _threads(pid: int) -> Iterator[int]:
    """The thread ids of the process and of its descendants (gone ones skipped)."""
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            yield from (thread.id for thread in proc.threads())


def pin(pid: int, cpus: set[int]) -> None:
    """Every thread of the process and of its descendants on ``cpus`` (threads and
    processes they start later inherit it)."""
    for tid in _threads(pid):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(tid, cpus)


PIPELINE = ("parser", "enhancer", "notifier")


def renice(pid: int, value: int) -> None:
    """Every thread of the process and of its descendants at nice ``value`` (on Linux
    a nice value belongs to a thread; threads and processes started later inherit it)."""
    for tid in _threads(pid):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, value)


def server_times(stack: Stack) -> dict[float, float]:
    """Ingest's own histogram of upload handling time (``le`` -> cumulative count):
    from the request reaching the app to its answer, without the client's side or
    the wait in the kernel's accept queue."""
    text = httpx.get(stack.metrics_url("ingest"), timeout=10).text
    out: dict[float, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "resumeflow_http_request_duration_seconds":
            continue
        for sample in family.samples:
            labels = sample.labels
            if (
                sample.name.endswith("_bucket")
                and labels.get("method") == "POST"
                and labels.get("route") == "/v1/resumes"
            ):
                out[float(labels["le"])] = sample.value
    return out


@dataclass
class ServerSide:
    """The phase's uploads as ingest's histogram saw them (bucket bounds, so each
    percentile is "at most" the bound it falls under)."""

    counts: dict[float, float]

    @property
    def total(self) -> int:
        return int(self.counts.get(math.inf, 0))

    def at_most_ms(self, q: float) -> float:
        need = q * self.total
        for bound in sorted(self.counts):
            if self.counts[bound] >= need:
                return bound * 1000
        return math.inf

    def share_within(self, seconds: float) -> float:
        return self.counts.get(seconds, 0) / self.total if self.total else math.nan


class Uploader:
    """Single-shot uploads (no retries: every answer is recorded), one HTTP client per
    thread, upload i sent with API key i mod the number of tenants."""

    def __init__(self, api: str, api_keys: list[str]) -> None:
        self.api = api
        self.api_keys = api_keys
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    def send(self, i: int, pdf: bytes) -> str:
        """The answer's status code as text, or the transport error's class name."""
        http = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = httpx.Client(timeout=30)
            with self._lock:
                self._clients.append(http)
        try:
            response = http.post(
                f"{self.api}/v1/resumes",
                files={"file": ("resume.pdf", pdf, "application/pdf")},
                headers={"x-api-key": self.api_keys[i % len(self.api_keys)]},
            )
        except httpx.TransportError as exc:
            return type(exc).__name__
        return str(response.status_code)

    def close(self) -> None:
        for http in self._clients:
            http.close()


@dataclass
class Paced:
    """One open-loop phase: per upload, seconds from its due time to its start and to
    its answer, and the answer."""

    name: str
    late: list[float] = field(default_factory=list)
    from_due: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    cpu_ms_per_upload: float = float("nan")
    #: CPU cores each process used on average over the phase (CPU s / wall s)
    cores: dict[str, float] = field(default_factory=dict)
    server: ServerSide | None = None

    @property
    def service(self) -> list[float]:
        """From the send's start to the answer: what the server (and the client) took."""
        return [d - late for d, late in zip(self.from_due, self.late, strict=True)]


def paced(name: str, up: Uploader, pdfs: list[bytes], rate: float, workers: int) -> Paced:
    result = Paced(name)
    lock = threading.Lock()

    def one(i: int, due: float) -> None:
        started = time.perf_counter()
        status = up.send(i, pdfs[i])
        ended = time.perf_counter()
        with lock:
            result.late.append(max(0.0, started - due))
            result.from_due.append(ended - due)
            result.statuses[status] += 1

    with ThreadPoolExecutor(workers, thread_name_prefix=name) as pool:
        t0 = time.perf_counter() + 0.05
        for i in range(len(pdfs)):
            due = t0 + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one, i, due)
    return result


def raw_request(api: str, key: str, pdf: bytes) -> bytes:
    """One upload as the bytes of an HTTP/1.1 request, built before the clock starts."""
    url = httpx.URL(api)
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="resume.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        f"POST /v1/resumes HTTP/1.1\r\nHost: {url.host}:{url.port}\r\n"
        f"x-api-key: {key}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _answer(reader: asyncio.StreamReader) -> str:
    """The status code of one HTTP/1.1 response, its body read to the end."""
    status = (await reader.readline()).split(b" ", 2)
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status[1].decode() if len(status) > 1 else "no-answer"


async def _paced_raw(name: str, api: str, requests: list[bytes], rate: float) -> Paced:
    """The open-loop phase from one event loop: each request is written when due on a
    free keep-alive connection (a new one when none is free), so the client costs
    microseconds per upload instead of a thread's share of the CPU."""
    result = Paced(name)
    url = httpx.URL(api)
    # (last used, reader, writer); the server closes a connection idle for 5 s
    # (uvicorn's keep-alive timeout), so one idle for KEEP_ALIVE_S is not reused
    free: list[tuple[float, asyncio.StreamReader, asyncio.StreamWriter]] = []
    opened: list[asyncio.StreamWriter] = []

    async def connection() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        while free:
            used, reader, writer = free.pop()
            if time.perf_counter() - used < KEEP_ALIVE_S:
                return reader, writer
            writer.close()
        # asyncio sets TCP_NODELAY on the TCP connections it opens
        reader, writer = await asyncio.open_connection(url.host, url.port)
        opened.append(writer)
        return reader, writer

    async def one(i: int, due: float) -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        started = time.perf_counter()
        try:
            reader, writer = await connection()
            writer.write(requests[i])
            await writer.drain()
            status = await _answer(reader)
            free.append((time.perf_counter(), reader, writer))
        except (OSError, asyncio.IncompleteReadError) as exc:
            status = type(exc).__name__
        ended = time.perf_counter()
        result.late.append(max(0.0, started - due))
        result.from_due.append(ended - due)
        result.statuses[status] += 1

    t0 = time.perf_counter() + 0.05
    await asyncio.gather(*(one(i, t0 + i / rate) for i in range(len(requests))))
    for writer in opened:
        writer.close()
    return result


def waiting(mongo: pymongo.MongoClient[dict[str, object]]) -> int:
    return int(mongo["resumeflow"]["resumes"].count_documents({"terminal": False}))


def fill(
    up: Uploader,
    mongo: pymongo.MongoClient[dict[str, object]],
    pdfs: list[bytes],
    clients: int,
    tag: str,
) -> tuple[float, Counter[str], int]:
    """Upload from ``clients`` threads until ``len(pdfs)`` resumes wait; (seconds,
    answers, waiting at the end). Past the prepared PDFs (resumes finished meanwhile)
    more are made as they are sent."""
    backlog = len(pdfs)
    done = threading.Event()
    numbers = itertools.count()
    statuses: Counter[str] = Counter()
    lock = threading.Lock()

    def loop() -> None:
        while not done.is_set():
            i = next(numbers)
            pdf = pdfs[i] if i < len(pdfs) else distinct_pdfs(1, f"{tag}-more{i}")[0]
            status = up.send(i, pdf)
            with lock:
                statuses[status] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    now = 0
    while (now := waiting(mongo)) < backlog:
        time.sleep(1.0)
    done.set()
    for t in threads:
        t.join()
    return time.perf_counter() - started, statuses, now


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile, in ms."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000


def table(phases: list[Paced]) -> list[str]:
    lines = [
        f"{'phase':<22}{'uploads':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}   answers"
    ]
    for p in phases:
        answers = " ".join(f"{k}={v}" for k, v in sorted(p.statuses.items()))
        for label, values in (("send->202", p.service), ("due->202", p.from_due)):
            row = [pct(values, q) for q in (0.5, 0.9, 0.99, 1.0)]
            lines.append(
                f"{p.name + ' ' + label:<22}{len(values):>8}"
                + "".join(f"{v:>9.1f}" for v in row)
                + f"   {answers}"
            )
    for p in phases:
        if p.server is not None and p.server.total:
            srv = p.server
            lines.append(
                f"{p.name}: ingest's own time (its histogram): p50 <= "
                f"{srv.at_most_ms(0.5):g} ms, p90 <= {srv.at_most_ms(0.9):g} ms, "
                f"p99 <= {srv.at_most_ms(0.99):g} ms; {100 * srv.share_within(0.05):.1f}% "
                f"of {srv.total} within 50 ms"
            )
    for p in phases:
        late = [x for x in p.late if x > 0.001]
        lines.append(
            f"{p.name}: {len(late)} sends started >1 ms late "
            f"(max {max(p.late, default=0) * 1000:.1f} ms); "
            f"ingest CPU {p.cpu_ms_per_upload:.1f} ms per upload"
        )
        used = ", ".join(f"{k} {v:.2f}" for k, v in p.cores.items())
        lines.append(f"{p.name}: CPU cores used: {used}")
    return lines


def _own_cpu() -> float:
    """The bench's own CPU seconds (its children, the stack, are metered apart)."""
    t = os.times()
    return t.user + t.system


def _machine_busy() -> float:
    """CPU seconds the whole machine was not idle, other people's work included."""
    t = psutil.cpu_times()
    return float(sum(t) - t.idle - getattr(t, "iowait", 0.0))


def measure(
    name: str, up: Uploader, pdfs: list[bytes], args: argparse.Namespace, stack: Stack
) -> Paced:
    """One paced phase, with the CPU every process of the stack, the bench and the
    machine as a whole used meanwhile: on a shared machine, the reason for a slow
    answer is often that the server did not get a core."""
    keys_ = up.api_keys
    requests = (
        [raw_request(up.api, keys_[i % len(keys_)], pdf) for i, pdf in enumerate(pdfs)]
        if args.client == "raw"
        else []
    )
    hist0 = server_times(stack)
    meter = CPUMeter({name: p.pid for name, p in stack.procs.items()}).start()
    bench0, machine0, wall0 = _own_cpu(), _machine_busy(), time.perf_counter()
    if args.client == "raw":
        result = asyncio.run(_paced_raw(name, up.api, requests, args.rate))
    else:
        result = paced(name, up, pdfs, args.rate, args.workers)
    used = meter.stop()
    hist1 = server_times(stack)
    result.server = ServerSide({le: n - hist0.get(le, 0) for le, n in hist1.items()})
    wall = time.perf_counter() - wall0
    result.cpu_ms_per_upload = used["ingest"] * 1000 / max(len(pdfs), 1)
    result.cores = {k: v / wall for k, v in used.items()}
    result.cores["bench"] = (_own_cpu() - bench0) / wall
    result.cores[f"machine (of {psutil.cpu_count()})"] = (_machine_busy() - machine0) / wall
    return result


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so the stack is stopped, not orphaned


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    signal.signal(signal.SIGTERM, _stop)
    if args.ingest_cpus:
        # before any thread or child exists, so all of them inherit it
        os.sched_setaffinity(0, set(range(psutil.cpu_count() or 1)) - args.ingest_cpus)
    tag = uuid.uuid4().hex[:8]
    counts = {
        "warm-up": WARM_UP,
        "idle": round(args.rate * args.idle_seconds),
        "fill": args.backlog,
        "backlog": round(args.rate * args.seconds),
    }
    _say(f"making {sum(counts.values())} distinct PDFs")
    pdfs = {name: distinct_pdfs(n, f"{tag}-{name}") for name, n in counts.items()}
    made = [keys.new_key() for _ in range(args.tenants)]
    api_keys = ",".join(keys.entry(k, kid, f"bench-{j}") for j, (k, kid) in enumerate(made))
    llm = LLMProcess(args.llm_latency)
    env = {
        "OPENAI_API_KEY": "bench",
        "OPENAI_BASE_URL": llm.base_url,
        "ENHANCER_MODEL": "fake",
        "API_KEYS": api_keys,
    }
    stack = Stack(Path(tempfile.mkdtemp(prefix="rf-upload-")), env=env)
    up = Uploader("", [k for k, _ in made])
    try:
        stack.start()
        assert stack.mongodb_url
        up.api = stack.api_url
        pid = stack.procs["ingest"].pid
        if args.ingest_cpus:
            for name in ["ingest", *args.with_ingest]:
                pin(stack.procs[name].pid, args.ingest_cpus)
        if args.nice_pipeline:
            for pid_ in [*(stack.procs[n].pid for n in PIPELINE), llm.pid]:
                renice(pid_, args.nice_pipeline)
        mongo: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(stack.mongodb_url)
        # The first requests pay imports and connection set-up: not what "idle" means.
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(up.send, range(WARM_UP), pdfs["warm-up"]))
        _say(f"stack up ({stack.workdir}); phase 0: idle, {args.rate:g}/s (ingest pid {pid})")
        idle = measure("idle", up, pdfs["idle"], args, stack)
        _say(f"phase 1: filling the backlog to {args.backlog} waiting")
        if not args.keep_parser:
            stack.terminate("parser")
        fill_s, fill_statuses, filled = fill(up, mongo, pdfs["fill"], args.clients, tag)
        fill_n = sum(fill_statuses.values())
        if not args.keep_parser:
            stack.start_service("parser")
            if args.nice_pipeline:
                renice(stack.procs["parser"].pid, args.nice_pipeline)
            time.sleep(args.settle)
        before = waiting(mongo)
        _say(f"phase 2: {args.rate:g}/s for {args.seconds:g}s behind {before} (ingest pid {pid})")
        loaded = measure("backlog", up, pdfs["backlog"], args, stack)
        after = waiting(mongo)
        mongo.close()
    finally:
        up.close()
        stack.stop()
        llm.stop()
    print(
        f"upload latency: {args.rate:g} uploads/s, idle {args.idle_seconds:g}s then "
        f"{args.seconds:g}s behind a backlog of {args.backlog}; {args.tenants} tenants, "
        f"fake LLM {args.llm_latency:g}s"
    )
    if args.ingest_cpus:
        cpus = ",".join(map(str, sorted(args.ingest_cpus)))
        alone = " and ".join(["ingest", *args.with_ingest])
        print(f"{alone} on CPU {cpus}; the rest, the fake LLM and the bench on the others")
    if args.nice_pipeline:
        print(f"parser, enhancer, notifier and the fake LLM at nice {args.nice_pipeline}")
    answers = " ".join(f"{k}={v}" for k, v in sorted(fill_statuses.items()))
    held = "pipeline draining" if args.keep_parser else "parser stopped"
    print(
        f"backlog fill: {fill_n} uploads in {fill_s:.1f}s ({fill_n / fill_s:.0f}/s), "
        f"{args.clients} clients, {held}; answers {answers}"
    )
    print(
        f"waiting (not terminal): {filled} when the fill ended, {before} at the start of "
        f"phase 2, {after} at its end"
    )
    print("\n".join(table([idle, loaded])))
    statuses = idle.statuses + loaded.statuses + fill_statuses
    return 0 if set(statuses) == {"202"} else 1


if __name__ == "__main__":
    sys.exit(main())
