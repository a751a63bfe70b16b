#!/usr/bin/env python3
"""resumeflow Grafana dashboards, as code.

    python deploy/grafana/generate.py          # (re)write the dashboard JSON files
    python deploy/grafana/generate.py --check  # exit 1 if any file is stale

Each dashboard is written to deploy/grafana/dashboards/ (provisioned by the compose
Grafana) and to deploy/k8s/base/monitoring/dashboards/ (packed into a ConfigMap by
kustomize, which cannot read files outside its own directory). Output is
deterministic: sorted keys, fixed panel ids, two-space indent.

Importable: :func:`all_queries` lists every PromQL expression with its panel title,
and :func:`expand` replaces Grafana's variables so an expression can be sent to a
plain Prometheus. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUTPUT_DIRS = (HERE / "dashboards", ROOT / "deploy/k8s/base/monitoring/dashboards")

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
STAGES = ("parser", "enhancer", "notifier")
RI = "$__rate_interval"

# What Grafana would substitute, for running the expressions elsewhere.
DEFAULT_VARIABLES = {"__rate_interval": "1m", "__interval": "15s", "stage": STAGES[0]}

Panel = dict[str, Any]
Dashboard = dict[str, Any]


# --- panel builders ---------------------------------------------------------------


def target(expr: str, legend: str = "") -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend or "__auto"}


def timeseries(
    title: str,
    description: str,
    targets: list[dict[str, Any]],
    unit: str = "short",
    *,
    stack: bool = False,
    threshold: float | None = None,
    minimum: float | None = 0,
) -> Panel:
    custom: dict[str, Any] = {
        "drawStyle": "line",
        "fillOpacity": 25 if stack else 10,
        "lineWidth": 1,
        "showPoints": "never",
        "spanNulls": False,
        "stacking": {"group": "A", "mode": "normal" if stack else "none"},
    }
    thresholds: dict[str, Any] = {"mode": "absolute", "steps": [{"color": "green", "value": None}]}
    if threshold is not None:
        custom["thresholdsStyle"] = {"mode": "dashed"}
        thresholds["steps"].append({"color": "red", "value": threshold})
    defaults: dict[str, Any] = {"custom": custom, "unit": unit, "thresholds": thresholds}
    if minimum is not None:
        defaults["min"] = minimum
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": targets,
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


def stat(
    title: str,
    description: str,
    expr: str,
    unit: str = "short",
    *,
    warn: float | None = None,
    decimals: int | None = None,
) -> Panel:
    steps: list[dict[str, Any]] = [{"color": "green", "value": None}]
    if warn is not None:
        steps.append({"color": "red", "value": warn})
    defaults: dict[str, Any] = {
        "unit": unit,
        "thresholds": {"mode": "absolute", "steps": steps},
        "color": {"mode": "thresholds"},
    }
    if decimals is not None:
        defaults["decimals"] = decimals
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": [target(expr, title)],
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "colorMode": "value",
            "graphMode": "area",
            "justifyMode": "auto",
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "textMode": "auto",
        },
    }


def quantiles(metric: str, by: str, matchers: str = "", legend: str = "") -> list[dict[str, Any]]:
    """p50/p95/p99 targets of a histogram, grouped by ``by`` (may be empty)."""
    group = f"{by}, le" if by else "le"
    selector = f"{metric}_bucket{{{matchers}}}" if matchers else f"{metric}_bucket"
    prefix = f"{legend} " if legend else ""
    return [
        target(
            f"histogram_quantile({q}, sum by ({group}) (rate({selector}[{RI}])))",
            f"{prefix}p{round(q * 100)}",
        )
        for q in (0.5, 0.95, 0.99)
    ]


class Grid:
    """Places panels left to right on Grafana's 24-column grid, with collapsible rows."""

    def __init__(self) -> None:
        self.panels: list[Panel] = []
        self.x = 0
        self.y = 0
        self.row_height = 0

    def row(self, title: str) -> None:
        self._newline()
        self._append({"type": "row", "title": title, "collapsed": False, "panels": []}, 24, 1)
        self._newline()

    def add(self, panel: Panel, width: int, height: int = 8) -> None:
        if self.x + width > 24:
            self._newline()
        self._append(panel, width, height)

    def _append(self, panel: Panel, width: int, height: int) -> None:
        panel["id"] = len(self.panels) + 1
        panel["gridPos"] = {"x": self.x, "y": self.y, "w": width, "h": height}
        self.panels.append(panel)
        self.x += width
        self.row_height = max(self.row_height, height)

    def _newline(self) -> None:
        if self.x:
            self.y += self.row_height
        self.x = 0
        self.row_height = 0


def dashboard(
    uid: str, title: str, description: str, grid: Grid, variables: list[Any]
) -> Dashboard:
    datasource_variable = {
        "name": "datasource",
        "label": "Data source",
        "type": "datasource",
        "query": "prometheus",
        "current": {},
        "hide": 0,
        "options": [],
        "refresh": 1,
        "regex": "",
    }
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["resumeflow"],
        "editable": False,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "fiscalYearStartMonth": 0,
        "liveNow": False,
        "weekStart": "",
        "annotations": {"list": []},
        "links": [
            {
                "type": "dashboards",
                "tags": ["resumeflow"],
                "title": "resumeflow",
                "asDropdown": True,
                "includeVars": False,
                "keepTime": True,
            }
        ],
        "templating": {"list": [datasource_variable, *variables]},
        "panels": grid.panels,
    }


# --- dashboards -----------------------------------------------------------------------


def overview() -> Dashboard:
    g = Grid()
    g.row("Pipeline at a glance")
    g.add(
        stat(
            "Uploads accepted / min",
            "Uploads ingest accepted per minute.",
            f'sum(rate(resumeflow_uploads_total{{outcome="accepted"}}[{RI}])) * 60',
            decimals=1,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Resumes completed / min",
            "Resumes that finished the whole pipeline, per minute.",
            f"sum(rate(resumeflow_pipeline_duration_seconds_count[{RI}])) * 60",
            decimals=1,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Backlog",
            "Messages pending or unacknowledged, all stages (KEDA's lag).",
            "sum(stage:resumeflow_consumer_lag:max)",
            warn=500,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Dead letters",
            "Messages in the dead-letter stream: resumes a stage gave up on.",
            "sum(stream:resumeflow_dead_letter_messages:max)",
            warn=1,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Stalled resumes",
            "Resumes with no progress past their deadline.",
            "max(resumeflow_stalled_resumes)",
            warn=1,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "LLM spend, last 24 h",
            "Estimated LLM cost over the last 24 hours.",
            "sum(increase(resumeflow_llm_cost_dollars_total[24h]))",
            "currencyUSD",
            decimals=2,
        ),
        4,
        4,
    )

    g.row("Throughput and lag")
    g.add(
        timeseries(
            "Events succeeded per stage",
            "Events each stage handled successfully, per second.",
            [
                target(
                    f"sum by (stage) (rate(resumeflow_stage_events_succeeded_total[{RI}]))",
                    "{{stage}}",
                )
            ],
            "ops",
        ),
        8,
    )
    g.add(
        timeseries(
            "Consumer lag per stage",
            "Pending + unacknowledged messages per durable consumer: what KEDA scales on.",
            [target("stage:resumeflow_consumer_lag:max", "{{stage}}")],
        ),
        8,
    )
    g.add(
        timeseries(
            "Uploads by outcome",
            "Upload attempts by outcome (accepted or an error code).",
            [target(f"sum by (outcome) (rate(resumeflow_uploads_total[{RI}]))", "{{outcome}}")],
            "ops",
            stack=True,
        ),
        8,
    )

    g.row("Errors")
    g.add(
        timeseries(
            "Stage error ratio (SLO 99%)",
            "Failed / settled events over 5 minutes, input rejections excluded. "
            "The dashed line is the 1% error budget.",
            [target("stage:resumeflow_stage_error:ratio_rate5m", "{{stage}}")],
            "percentunit",
            threshold=0.01,
        ),
        8,
    )
    g.add(
        timeseries(
            "Failures by stage and code",
            "Events a stage gave up on, by error code.",
            [
                target(
                    f"sum by (stage, code) (rate(resumeflow_stage_events_failed_total[{RI}]))",
                    "{{stage}} {{code}}",
                )
            ],
            "ops",
            stack=True,
        ),
        8,
    )
    g.add(
        timeseries(
            "Retries by stage and code",
            "Events a stage asked to retry later, by error code.",
            [
                target(
                    f"sum by (stage, code) (rate(resumeflow_stage_events_retried_total[{RI}]))",
                    "{{stage}} {{code}}",
                )
            ],
            "ops",
            stack=True,
        ),
        8,
    )

    g.row("Latency")
    g.add(
        timeseries(
            "Handler duration (successful), p50 / p95 / p99",
            "Time each stage's handler took for events it completed.",
            [
                t
                for stage in STAGES
                for t in quantiles(
                    "resumeflow_stage_handler_duration_seconds",
                    "",
                    f'stage="{stage}", outcome="ok"',
                    stage,
                )
            ],
            "s",
        ),
        12,
    )
    g.add(
        timeseries(
            "End-to-end duration, p50 / p95 / p99",
            "Upload accepted to resume completed.",
            quantiles("resumeflow_pipeline_duration_seconds", ""),
            "s",
        ),
        12,
    )
    g.add(
        timeseries(
            "HTTP requests by status",
            "Requests ingest served, by status code.",
            [target(f"sum by (status) (rate(resumeflow_http_requests_total[{RI}]))", "{{status}}")],
            "reqps",
            stack=True,
        ),
        12,
    )
    g.add(
        timeseries(
            "HTTP p95 latency by route",
            "95th percentile request latency per API route.",
            [
                target(
                    f"histogram_quantile(0.95, sum by (route, le) "
                    f"(rate(resumeflow_http_request_duration_seconds_bucket[{RI}])))",
                    "{{route}}",
                )
            ],
            "s",
        ),
        12,
    )

    g.row("LLM")
    g.add(
        timeseries(
            "LLM spend per hour",
            "Estimated spend rate in US dollars per hour, by model.",
            [
                target(
                    f"sum by (model) (rate(resumeflow_llm_cost_dollars_total[{RI}])) * 3600",
                    "{{model}}",
                )
            ],
            "currencyUSD",
        ),
        6,
    )
    g.add(
        timeseries(
            "LLM tokens",
            "Tokens per second by model and kind (prompt, completion).",
            [
                target(
                    f"sum by (model, kind) (rate(resumeflow_llm_tokens_total[{RI}]))",
                    "{{model}} {{kind}}",
                )
            ],
            "short",
            stack=True,
        ),
        6,
    )
    g.add(
        timeseries(
            "LLM requests by outcome",
            "LLM calls per second by model and outcome.",
            [
                target(
                    f"sum by (model, outcome) (rate(resumeflow_llm_requests_total[{RI}]))",
                    "{{model}} {{outcome}}",
                )
            ],
            "reqps",
            stack=True,
        ),
        6,
    )
    g.add(
        timeseries(
            "LLM latency p95",
            "95th percentile LLM call latency by model.",
            [
                target(
                    f"histogram_quantile(0.95, sum by (model, le) "
                    f"(rate(resumeflow_llm_request_duration_seconds_bucket[{RI}])))",
                    "{{model}}",
                )
            ],
            "s",
        ),
        6,
    )

    g.row("Delivery and failures")
    g.add(
        timeseries(
            "Webhook deliveries by outcome",
            "Webhook attempts: delivered, retry (will be tried again), failed (given up).",
            [
                target(
                    f"sum by (outcome) (rate(resumeflow_webhook_deliveries_total[{RI}]))",
                    "{{outcome}}",
                )
            ],
            "ops",
            stack=True,
        ),
        8,
    )
    g.add(
        timeseries(
            "Dead letters",
            "Messages in the dead-letter stream.",
            [target("stream:resumeflow_dead_letter_messages:max", "{{stream}}")],
        ),
        8,
    )
    g.add(
        timeseries(
            "Stalled resumes",
            "Resumes with no progress past their deadline.",
            [target("max(resumeflow_stalled_resumes)", "stalled")],
        ),
        8,
    )
    return dashboard(
        "resumeflow-overview",
        "resumeflow / Pipeline overview",
        "The whole pipeline: throughput, lag, errors, latency, LLM cost and delivery.",
        g,
        [],
    )


def service() -> Dashboard:
    s = 'stage="$stage"'
    job = 'job="resumeflow-$stage"'
    g = Grid()
    g.row("$stage at a glance")
    g.add(
        stat(
            "Replicas up",
            "Worker processes Prometheus can scrape.",
            f"count(up{{{job}}} == 1)",
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Lag",
            "Pending + unacknowledged messages on this stage's consumer.",
            f"sum(stage:resumeflow_consumer_lag:max{{{s}}})",
            warn=500,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "In flight",
            "Events being handled right now, all replicas.",
            f"sum(resumeflow_stage_in_flight{{{s}}})",
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Succeeded, last hour",
            "Events handled successfully in the last hour.",
            f"sum(increase(resumeflow_stage_events_succeeded_total{{{s}}}[1h]))",
            decimals=0,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Error ratio, 1 h",
            "Failed / settled over the last hour (SLO: under 1%).",
            f"sum(stage:resumeflow_stage_error:ratio_rate1h{{{s}}})",
            "percentunit",
            warn=0.01,
        ),
        4,
        4,
    )
    g.add(
        stat(
            "Redelivered",
            "Messages the broker has had to deliver more than once.",
            'max(jetstream_consumer_num_redelivered{stream_name="RESUMES", '
            'consumer_name="$stage", is_consumer_leader="true"})',
            warn=1,
        ),
        4,
        4,
    )

    g.row("Events")
    g.add(
        timeseries(
            "Events by result",
            "Deliveries consumed and how they were settled.",
            [
                target(
                    f"sum(rate(resumeflow_stage_events_consumed_total{{{s}}}[{RI}]))", "consumed"
                ),
                target(
                    f"sum(rate(resumeflow_stage_events_succeeded_total{{{s}}}[{RI}]))", "succeeded"
                ),
                target(f"sum(rate(resumeflow_stage_events_retried_total{{{s}}}[{RI}]))", "retried"),
                target(f"sum(rate(resumeflow_stage_events_failed_total{{{s}}}[{RI}]))", "failed"),
            ],
            "ops",
        ),
        8,
    )
    g.add(
        timeseries(
            "Failures by code",
            "Events given up on, by error code.",
            [
                target(
                    f"sum by (code) (rate(resumeflow_stage_events_failed_total{{{s}}}[{RI}]))",
                    "{{code}}",
                )
            ],
            "ops",
            stack=True,
        ),
        8,
    )
    g.add(
        timeseries(
            "Retries by code",
            "Events sent back for a later attempt, by error code.",
            [
                target(
                    f"sum by (code) (rate(resumeflow_stage_events_retried_total{{{s}}}[{RI}]))",
                    "{{code}}",
                )
            ],
            "ops",
            stack=True,
        ),
        8,
    )

    g.row("Latency and backlog")
    g.add(
        timeseries(
            "Handler duration by outcome, p50 / p95 / p99",
            "Handler time per outcome (ok, retry, rejected, exhausted...).",
            quantiles("resumeflow_stage_handler_duration_seconds", "outcome", s, "{{outcome}}"),
            "s",
        ),
        12,
    )
    g.add(
        timeseries(
            "Pending and unacknowledged",
            "Not yet delivered (pending) and delivered but not acknowledged (ack pending).",
            [
                target(f"sum(stage:resumeflow_consumer_pending:max{{{s}}})", "pending"),
                target(f"sum(stage:resumeflow_consumer_ack_pending:max{{{s}}})", "ack pending"),
            ],
        ),
        12,
    )

    g.row("Processes")
    g.add(
        timeseries(
            "In flight per replica",
            "Concurrent events per replica (bounded by CONCURRENCY).",
            [target(f"sum by (instance) (resumeflow_stage_in_flight{{{s}}})", "{{instance}}")],
        ),
        8,
    )
    g.add(
        timeseries(
            "CPU per replica",
            "CPU seconds per second used by each replica.",
            [
                target(
                    f"sum by (instance) (rate(process_cpu_seconds_total{{{job}}}[{RI}]))",
                    "{{instance}}",
                )
            ],
            "percentunit",
        ),
        8,
    )
    g.add(
        timeseries(
            "Memory per replica",
            "Resident memory of each replica.",
            [target(f"sum by (instance) (process_resident_memory_bytes{{{job}}})", "{{instance}}")],
            "bytes",
        ),
        8,
    )
    stage_variable = {
        "name": "stage",
        "label": "Stage",
        "type": "custom",
        "query": ",".join(STAGES),
        "current": {"selected": True, "text": STAGES[0], "value": STAGES[0]},
        "hide": 0,
        "includeAll": False,
        "multi": False,
        "options": [
            {"selected": i == 0, "text": stage, "value": stage} for i, stage in enumerate(STAGES)
        ],
    }
    return dashboard(
        "resumeflow-service",
        "resumeflow / Stage",
        "One pipeline stage (choose it with $stage): events, errors, latency, lag, processes.",
        g,
        [stage_variable],
    )


DASHBOARDS: dict[str, Callable[[], Dashboard]] = {
    "resumeflow-overview.json": overview,
    "resumeflow-service.json": service,
}


# --- API for tests and checks -------------------------------------------------------


def all_queries() -> list[tuple[str, str]]:
    """Every (panel title, PromQL expression) in every dashboard, in panel order.

    Expressions are as Grafana stores them; pass them through :func:`expand` before
    sending them to Prometheus.
    """
    queries = []
    for build in DASHBOARDS.values():
        for panel in build()["panels"]:
            for tgt in panel.get("targets", []):
                queries.append((panel["title"], tgt["expr"]))
    return queries


def expand(expr: str, **variables: str) -> str:
    """Replace Grafana variables (``$stage``, ``$__rate_interval``...) with values."""
    values = {**DEFAULT_VARIABLES, **variables}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name not in values:
            raise KeyError(f"no value for Grafana variable ${name} in {expr!r}")
        return values[name]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", substitute, expr)


def render() -> dict[str, str]:
    """File name -> JSON text, byte for byte what is written."""
    return {
        name: json.dumps(build(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, build in DASHBOARDS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) the Grafana dashboards.")
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    stale = []
    for directory in OUTPUT_DIRS:
        for name, text in render().items():
            path = directory / name
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            if args.check:
                stale.append(path.relative_to(ROOT))
            else:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        for path in stale:
            print(f"{path} is stale: run python deploy/grafana/generate.py")
        return 1
    if args.check:
        count = len(DASHBOARDS) * len(OUTPUT_DIRS)
        print(f"{count} dashboard files up to date ({len(all_queries())} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
