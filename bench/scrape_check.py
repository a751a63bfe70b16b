"""Every Grafana dashboard query, evaluated against a Prometheus: which panels have data?

    uv run python bench/scrape_check.py --prometheus http://localhost:9090 [--since 1h]
    uv run python bench/scrape_check.py --local [--resumes 5]

``--prometheus`` checks the Prometheus you already run (compose, a port-forward...).
``--local`` starts the whole system (Stack, a fake LLM, a webhook receiver) and a real
``prometheus`` binary scraping it every second, pushes a few good resumes and one
corrupt PDF through, then checks that Prometheus. The e2e test
tests/e2e/test_prometheus_scrape.py does the same with assertions.

Queries on ``$stage`` run once per stage. Prints one row per query (series over the
window); exits 1 if a query is rejected by Prometheus, 0 otherwise: an empty panel can
be legitimate (no dead letters, no retries), so it is reported, not failed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import yaml

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, corrupt_pdf, resume_pdf
from resumeflow_dev.stack import SERVICES, Stack, free_port, running, wait_http
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "deploy/grafana/generate.py"
RULES = ROOT / "deploy/prometheus/rules/resumeflow.rules.yml"
STAGES = ("parser", "enhancer", "notifier")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resumeflow_grafana_generate", GENERATOR)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(prometheus: str, start: float, end: float) -> int:
    """Print the table; return the number of queries Prometheus rejected."""
    generator = load_generator()
    step = max(1, int((end - start) / 500))
    rejected = empty = total = 0
    print(f"{'series':>6}  {'panel':<48} {'$stage':<9} expression")
    for title, template in generator.all_queries():
        stages = STAGES if re.search(r"\$\{?stage\b", template) else (None,)
        for stage in stages:
            expr = generator.expand(template, **({"stage": stage} if stage else {}))
            params = {"query": expr, "start": start, "end": end, "step": step}
            body = httpx.get(f"{prometheus}/api/v1/query_range", params=params, timeout=30).json()
            total += 1
            if body.get("status") != "success":
                rejected += 1
                print(f"{'ERROR':>6}  {title[:48]:<48} {stage or '-':<9} {expr}")
                print(f"{'':>6}  ^ {body.get('errorType')}: {body.get('error')}")
                continue
            series = sum(1 for s in body["data"]["result"] if s["values"])
            empty += series == 0
            print(f"{series:>6}  {title[:48]:<48} {stage or '-':<9} {expr}")
    print(
        f"\n{total} queries: {total - empty - rejected} with data, {empty} empty, "
        f"{rejected} rejected"
    )
    return rejected


# --- --local ---------------------------------------------------------------------


@contextlib.contextmanager
def local_prometheus(stack: Stack, workdir: Path) -> Iterator[str]:
    binary = shutil.which("prometheus")
    if binary is None:
        raise SystemExit("--local needs the prometheus binary (apt install prometheus)")
    targets = {name: stack.metrics_url(name).split("/")[2] for name in SERVICES}
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)] if RULES.exists() else [],
        "scrape_configs": [
            {"job_name": f"resumeflow-{name}", "static_configs": [{"targets": [target]}]}
            for name, target in targets.items()
        ],
    }
    (workdir / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    port = free_port()
    argv = [
        binary,
        f"--config.file={workdir / 'prometheus.yml'}",
        f"--storage.tsdb.path={workdir / 'prometheus-data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    with (workdir / "prometheus.log").open("wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/-/ready", 30, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def push_resumes(stack: Stack, sink: WebhookSink, count: int) -> None:
    ids = [
        client.upload(
            stack.api_url, resume_pdf(SampleResume(name=f"Person {i}")), callback_url=sink.url
        ).json()["id"]
        for i in range(count)
    ]
    ids.append(client.upload(stack.api_url, corrupt_pdf(), callback_url=sink.url).json()["id"])
    for resume_id in ids:
        client.wait_terminal(stack.api_url, resume_id, timeout=120)


def run_local(resumes: int) -> int:
    with contextlib.ExitStack() as cleanup:
        workdir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="rf-scrape-")))
        llm = FakeLLM().start()
        cleanup.callback(llm.stop)
        sink = WebhookSink().start()
        cleanup.callback(sink.stop)
        env = {
            "OPENAI_API_KEY": "local-key",
            "OPENAI_BASE_URL": llm.base_url,
            "ENHANCER_MODEL": "fake-model",
            "WEBHOOK_SIGNING_SECRET": TEST_SECRET,
        }
        stack = cleanup.enter_context(running(workdir / "stack", env=env))
        prometheus = cleanup.enter_context(local_prometheus(stack, workdir))
        start = time.time()
        push_resumes(stack, sink, resumes)
        time.sleep(7)  # a lag-gauge refresh (5 s) and a few scrapes and rule evaluations
        rejected = check(prometheus, start, time.time())
    return rejected


def parse_duration(text: str) -> float:
    match = re.fullmatch(r"(\d+)([smhd])", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 30m or 6h")
    return int(match.group(1)) * UNITS[match.group(2)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--prometheus", help="base URL of a Prometheus, e.g. http://localhost:9090")
    where.add_argument("--local", action="store_true", help="start a stack and a Prometheus")
    parser.add_argument("--since", type=parse_duration, default=3600.0, help="window (1h)")
    parser.add_argument("--resumes", type=int, default=3, help="good resumes for --local")
    args = parser.parse_args(argv)
    if args.local:
        rejected = run_local(args.resumes)
    else:
        end = time.time()
        rejected = check(args.prometheus.rstrip("/"), end - args.since, end)
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
