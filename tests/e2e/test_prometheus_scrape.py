"""The whole system scraped by a real Prometheus: the metrics the services export, the
recording and alerting rules in deploy/prometheus/rules/ and every query in the Grafana
dashboards (deploy/grafana/generate.py), evaluated against one realistic run.

A dashboard query that is valid PromQL but selects a metric nobody exports, or a label
value nobody sets, only shows up as an empty panel in production; here it fails.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, corrupt_pdf, resume_pdf
from resumeflow_dev.stack import SERVICES, Stack, free_port, wait_http
from resumeflow_dev.webhook_sink import WebhookSink

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy/prometheus/rules/resumeflow.rules.yml"
DASHBOARDS = ROOT / "deploy/grafana/generate.py"
STAGES = ("parser", "enhancer", "notifier")
JOBS = tuple(f"resumeflow-{name}" for name in SERVICES)
SCRAPE_SECONDS = 1
GOOD = [
    SampleResume(name="Alice Martin", email="alice.martin@example.com"),
    SampleResume(name="Bruno Costa", email="bruno.costa@example.com"),
    SampleResume(name="Chen Wei", email="chen.wei@example.com"),
]

# Dashboard queries allowed to return no series in this run: (fragment of the query as
# the generator writes it, the $stage values it applies to or None for all, why).
# Each entry must still match a query and that query must really be empty, so the list
# cannot go stale silently.
NO_DATA_EXPECTED: tuple[tuple[str, tuple[str, ...] | None, str], ...] = (
    (
        "jetstream_consumer_num_redelivered",
        None,
        "exported by prometheus-nats-exporter, which the local stack does not run",
    ),
    (
        'resumeflow_stage_events_failed_total{stage="$stage"}',
        ("enhancer", "notifier"),
        "only the parser gives up on an event in this run (the corrupt PDF)",
    ),
    (
        'resumeflow_stage_events_retried_total{stage="$stage"}',
        ("parser",),
        "only the enhancer (LLM error) and notifier (webhook 503) retry in this run",
    ),
)


def load_dashboards() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resumeflow_grafana_generate", DASHBOARDS)
    assert spec is not None, DASHBOARDS
    assert spec.loader is not None, DASHBOARDS
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Prometheus --------------------------------------------------------------------


@dataclass
class Prometheus:
    url: str

    def _get(self, path: str, **params: Any) -> dict[str, Any]:
        response = httpx.get(f"{self.url}{path}", params=params, timeout=10)
        body: dict[str, Any] = response.json()
        assert body.get("status") == "success", f"{path} {params}: {body}"
        return body

    def query(self, expr: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._get("/api/v1/query", query=expr)["data"]["result"]
        return result

    def value(self, expr: str) -> float | None:
        """The single value of an instant query, or None if it has no series."""
        result = self.query(expr)
        assert len(result) <= 1, f"{expr} returned {len(result)} series"
        return float(result[0]["value"][1]) if result else None

    def number(self, expr: str) -> float:
        value = self.value(expr)
        assert value is not None, f"{expr} has no series"
        return value

    def values(self, expr: str, label: str) -> dict[str, float]:
        return {r["metric"].get(label, ""): float(r["value"][1]) for r in self.query(expr)}

    def query_range(self, expr: str, start: float, end: float) -> dict[str, Any]:
        return self._get("/api/v1/query_range", query=expr, start=start, end=end, step=1)

    def rule_groups(self) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = self._get("/api/v1/rules")["data"]["groups"]
        return groups

    def wait_until(self, expr: str, check: Callable[[float | None], bool], timeout: float) -> None:
        client.wait_for(lambda: check(self.value(expr)), timeout=timeout, what=expr)


def prometheus_config(stack: Stack) -> dict[str, Any]:
    """Static targets for ingest and the three workers. NATS is left out: its monitoring
    port serves JSON, not the Prometheus format (production puts an exporter there)."""
    targets = {
        f"resumeflow-{name}": stack.metrics_url(name).removeprefix("http://").split("/")[0]
        for name in SERVICES
    }
    interval = f"{SCRAPE_SECONDS}s"
    return {
        "global": {
            "scrape_interval": interval,
            "scrape_timeout": interval,
            "evaluation_interval": interval,
        },
        "rule_files": [str(RULES)] if RULES.exists() else [],
        "scrape_configs": [
            {"job_name": job, "static_configs": [{"targets": [target]}]}
            for job, target in targets.items()
        ],
    }


@pytest.fixture
def prometheus(stack: Stack, tmp_path: Path) -> Iterator[Prometheus]:
    binary = shutil.which("prometheus")
    if binary is None or shutil.which("promtool") is None:
        pytest.skip("the prometheus and promtool binaries are not installed (apt: prometheus)")
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump(prometheus_config(stack), sort_keys=False))
    port = free_port()
    argv = [
        binary,
        f"--config.file={config}",
        f"--storage.tsdb.path={tmp_path / 'prometheus-data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    log_path = tmp_path / "prometheus.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_http(f"http://127.0.0.1:{port}/-/ready", 30, proc)
        except (RuntimeError, TimeoutError):
            print(log_path.read_text(errors="replace")[-4000:])
            raise
        yield Prometheus(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# --- the run -----------------------------------------------------------------------


def run_pipeline(stack: Stack, sink: WebhookSink, fake_llm: FakeLLM) -> None:
    """Three good resumes and a corrupt PDF, with one LLM error and one webhook 503 so
    the retry series exist too."""
    sink.fail_first = 1
    fake_llm.error_rate = 1.0
    first = client.upload(stack.api_url, resume_pdf(GOOD[0]), callback_url=sink.url)
    assert first.status_code == 202, first.text
    client.wait_for(lambda: fake_llm.calls, timeout=60, what="the first (failing) LLM call")
    fake_llm.error_rate = 0.0

    good = [first.json()["id"]]
    for person in GOOD[1:]:
        response = client.upload(stack.api_url, resume_pdf(person), callback_url=sink.url)
        assert response.status_code == 202, response.text
        good.append(response.json()["id"])
    bad = client.upload(stack.api_url, corrupt_pdf(), callback_url=sink.url)
    assert bad.status_code == 202, bad.text

    for resume_id in good:
        result = client.wait_terminal(stack.api_url, resume_id, timeout=90)
        assert result["status"] == "completed", result.get("error")
    failed = client.wait_terminal(stack.api_url, bad.json()["id"], timeout=90)
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "pdf_corrupt"
    # the 503 answer plus one delivered webhook per resume
    client.wait_for(lambda: len(sink.received) == len(good) + 2, timeout=60, what="webhooks")


def wait_for_scrapes(prom: Prometheus, count: int = 3) -> None:
    """Until every target has been scraped, and every rule group evaluated, ``count``
    more times since now: counters that appeared last need two samples for rate()."""
    since = time.time() + count * SCRAPE_SECONDS
    prom.wait_until(
        'min(timestamp(up{job=~"resumeflow-.+"}))', lambda t: t is not None and t > since, 30
    )
    if RULES.exists():
        client.wait_for(
            lambda: all(
                _evaluated_after(group["lastEvaluation"], since) for group in prom.rule_groups()
            ),
            timeout=30,
            what="rule evaluations",
        )


def _evaluated_after(rfc3339: str, since: float) -> bool:
    # Prometheus writes nanoseconds; datetime takes at most microseconds.
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", rfc3339.replace("Z", "+00:00"))
    return datetime.fromisoformat(trimmed).timestamp() > since


# --- checks ------------------------------------------------------------------------


def check_service_metrics(prom: Prometheus) -> None:
    assert prom.values("up", "job") == dict.fromkeys(JOBS, 1.0)
    consumed = prom.values("sum by (stage) (resumeflow_stage_events_consumed_total)", "stage")
    assert set(consumed) == set(STAGES), consumed
    assert all(count > 0 for count in consumed.values()), consumed
    parsed = prom.number('sum(resumeflow_stage_events_succeeded_total{stage="parser"})')
    assert parsed >= len(GOOD)
    corrupt = 'sum(resumeflow_stage_events_failed_total{stage="parser",code="pdf_corrupt"})'
    assert prom.value(corrupt) == 1.0
    assert prom.value("sum(resumeflow_stage_events_failed_total)") == 1.0
    retried = prom.values("sum by (stage) (resumeflow_stage_events_retried_total)", "stage")
    assert set(retried) == {"enhancer", "notifier"}, retried
    assert retried["notifier"] == 1.0
    pending = prom.values("resumeflow_consumer_pending_messages", "stage")
    assert sorted(pending) == sorted(STAGES), pending
    assert prom.value("sum(resumeflow_pipeline_duration_seconds_count)") == len(GOOD)
    llm = prom.values("sum by (outcome) (resumeflow_llm_requests_total)", "outcome")
    assert llm.get("ok") == len(GOOD), llm
    assert llm.get("error", 0) >= 1, llm
    hooks = prom.values("sum by (outcome) (resumeflow_webhook_deliveries_total)", "outcome")
    assert hooks == {"delivered": len(GOOD) + 1, "retry": 1.0}, hooks
    assert prom.number("sum(resumeflow_http_requests_total)") > 0
    assert prom.value("max(resumeflow_dead_letter_messages)") == 1.0


def check_rules(prom: Prometheus) -> None:
    declared = [group["name"] for group in yaml.safe_load(RULES.read_text())["groups"]]
    groups = prom.rule_groups()
    assert sorted(group["name"] for group in groups) == sorted(declared)
    unhealthy = [
        (group["name"], rule["name"], rule["health"], rule.get("lastError"))
        for group in groups
        for rule in group["rules"]
        if rule["health"] != "ok" or rule.get("lastError")
    ]
    assert not unhealthy, unhealthy
    alerts = {(a["metric"]["alertname"], a["metric"]["alertstate"]) for a in prom.query("ALERTS")}
    print(f"alerts at the end of the run: {sorted(alerts)}")
    # the corrupt PDF's dead letter: pending, since the alert waits 5 minutes to fire
    assert ("DeadLettersPresent", "pending") in alerts


@dataclass
class Row:
    title: str
    template: str
    stage: str | None
    expr: str
    series: int
    problem: str | None = None


def no_data_reason(template: str, stage: str | None) -> str | None:
    for fragment, stages, reason in NO_DATA_EXPECTED:
        if fragment in template and (stages is None or stage in stages):
            return reason
    return None


def evaluate_dashboards(prom: Prometheus, start: float, end: float) -> list[Row]:
    """Every dashboard query over the run; queries on ``$stage`` once per stage, as a
    Grafana user switching the (single-value) stage variable would see them."""
    dashboards = load_dashboards()
    rows = []
    for title, template in dashboards.all_queries():
        uses_stage = re.search(r"\$\{?stage\b", template) is not None
        for stage in STAGES if uses_stage else (None,):
            expr = dashboards.expand(template, **({"stage": stage} if stage else {}))
            body = prom.query_range(expr, start, end)
            series = [s for s in body["data"]["result"] if s["values"]]
            row = Row(title, template, stage, expr, len(series))
            if body.get("warnings"):
                row.problem = f"warnings: {body['warnings']}"
            elif not series and no_data_reason(template, stage) is None:
                row.problem = "no data"
            elif series and no_data_reason(template, stage) is not None:
                row.problem = "has data now: remove it from NO_DATA_EXPECTED"
            rows.append(row)
    return rows


def print_table(rows: list[Row]) -> None:
    print(f"\n{len(rows)} dashboard queries evaluated (series = series over the run)")
    print(f"{'series':>6}  {'panel':<48} {'$stage':<9} expression")
    for row in rows:
        flag = row.problem or ("expected empty" if row.series == 0 else "")
        print(f"{row.series:>6}  {row.title[:48]:<48} {row.stage or '-':<9} {row.expr}")
        if flag:
            print(f"{'':>6}  ^ {flag}")


def lint_exposition(stack: Stack) -> dict[str, str]:
    """``promtool check metrics`` on each service's /metrics; name -> findings."""
    findings = {}
    for name in SERVICES:
        text = httpx.get(stack.metrics_url(name), timeout=5).text
        assert "resumeflow_" in text, name
        argv = ["promtool", "check", "metrics"]
        done = subprocess.run(argv, input=text, capture_output=True, text=True, check=False)
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0 or output:
            findings[name] = output or f"exit code {done.returncode}"
    return findings


# --- the test ----------------------------------------------------------------------


def test_metrics_rules_and_dashboards_against_real_prometheus(
    stack: Stack, sink: WebhookSink, fake_llm: FakeLLM, prometheus: Prometheus
) -> None:
    prometheus.wait_until(
        'count(up{job=~"resumeflow-.+"} == 1)', lambda n: n == len(JOBS), timeout=30
    )
    start = time.time()
    run_pipeline(stack, sink, fake_llm)
    # the lag and dead-letter gauges are refreshed every 5 s by each worker
    prometheus.wait_until("max(resumeflow_dead_letter_messages)", lambda n: n == 1, timeout=30)
    wait_for_scrapes(prometheus)

    check_service_metrics(prometheus)
    if RULES.exists():
        check_rules(prometheus)

    rows = evaluate_dashboards(prometheus, start, time.time())
    print_table(rows)
    problems = [row for row in rows if row.problem]
    assert not problems, "\n".join(f"{r.title} [{r.stage}] {r.expr}: {r.problem}" for r in problems)
    used = {
        fragment
        for fragment, _, _ in NO_DATA_EXPECTED
        if any(fragment in row.template and row.series == 0 for row in rows)
    }
    stale = [fragment for fragment, _, _ in NO_DATA_EXPECTED if fragment not in used]
    assert not stale, f"NO_DATA_EXPECTED entries no query needs any more: {stale}"

    assert lint_exposition(stack) == {}
