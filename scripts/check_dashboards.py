#!/usr/bin/env python3
"""Check every PromQL expression of the dashboards and rules, offline.

* Every dashboard query (deploy/grafana/generate.py:all_queries, Grafana variables
  expanded) is parsed by ``promtool check rules`` as a recording rule.
* Every metric name used by a dashboard or a rule exists: the services' own metrics
  are read from shared/resumeflow_shared/telemetry.py, recording rules from the rules
  file, and the few exporter and process metrics from an explicit list below.
* Panels are laid out on Grafana's 24-column grid with unique ids.
* Every alert's runbook_url points at a heading that exists in docs/operations.md.

A wrong metric name is valid PromQL that silently shows "No data"; this is what
catches it before an operator does.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TELEMETRY = ROOT / "shared/resumeflow_shared/telemetry.py"
RULES_FILE = ROOT / "deploy/prometheus/rules/resumeflow.rules.yml"
GENERATOR = ROOT / "deploy/grafana/generate.py"
RUNBOOK = ROOT / "docs/operations.md"

# Metrics that come from elsewhere: prometheus-nats-exporter (-jsz=all), the Python
# client's process collector, and Prometheus itself.
EXTERNAL_METRICS = {
    "up",
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "jetstream_consumer_num_pending",
    "jetstream_consumer_num_ack_pending",
    "jetstream_consumer_num_redelivered",
    "jetstream_stream_total_messages",
}
METRIC = re.compile(r"\b((?:resumeflow|jetstream|process)_[a-z0-9_]+|up)\b(?=\s*[{\[)]|\s*$|\s*==)")
RECORDED = re.compile(r"\b([a-z_]+:[a-z0-9_]+:[a-z0-9_]+)\b")


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("resumeflow_dashboards", GENERATOR)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def service_metrics() -> set[str]:
    """Exposed sample names of every metric declared in telemetry.py."""
    names: set[str] = set()
    source = TELEMETRY.read_text(encoding="utf-8")
    for kind, name in re.findall(r"\b(Counter|Gauge|Histogram)\(\s*\"([a-z0-9_]+)\"", source):
        if kind == "Counter":
            names.add(name if name.endswith("_total") else f"{name}_total")
        elif kind == "Histogram":
            names.update(f"{name}_{suffix}" for suffix in ("bucket", "count", "sum"))
        else:
            names.add(name)
    return names


def rules() -> list[dict[str, Any]]:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return [rule for group in data["groups"] for rule in group["rules"]]


def unknown_metrics(expr: str, known: set[str], recorded: set[str]) -> list[str]:
    problems = [m for m in METRIC.findall(expr) if m not in known]
    problems += [m for m in RECORDED.findall(expr) if m not in recorded]
    return problems


def promtool_parse(queries: list[tuple[str, str]]) -> tuple[bool, str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        return False, "promtool not found (apt-get install prometheus)"
    doc = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"dashboard:query_{i}:expr", "expr": expr}
                    for i, (_title, expr) in enumerate(queries)
                ],
            }
        ]
    }
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(doc, handle)
        path = handle.name
    try:
        result = subprocess.run(
            [promtool, "check", "rules", path], capture_output=True, text=True, check=False
        )
    finally:
        Path(path).unlink()
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def check_layout(generator: ModuleType) -> list[str]:
    problems = []
    for name, build in generator.DASHBOARDS.items():
        board = build()
        ids = [p["id"] for p in board["panels"]]
        if len(ids) != len(set(ids)):
            problems.append(f"{name}: duplicate panel ids")
        for panel in board["panels"]:
            pos = panel["gridPos"]
            if pos["x"] + pos["w"] > 24 or not panel.get("title"):
                problems.append(f"{name}: panel {panel['id']} off the grid or untitled")
            if panel["type"] != "row" and not panel.get("targets"):
                problems.append(f"{name}: panel {panel['title']!r} has no query")
    return problems


def anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors (lowercase, punctuation dropped, spaces to dashes)."""
    found = set(re.findall(r'<a (?:id|name)="([^"]+)"', markdown))
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", markdown, re.MULTILINE):
        found.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return found


def check_runbooks() -> list[str]:
    if not RUNBOOK.exists():
        return [f"{RUNBOOK.relative_to(ROOT)} missing"]
    known = anchors(RUNBOOK.read_text(encoding="utf-8"))
    problems = []
    for rule in rules():
        url = rule.get("annotations", {}).get("runbook_url")
        if "alert" in rule and (not url or url.split("#", 1)[-1] not in known):
            problems.append(
                f"alert {rule['alert']}: runbook_url {url!r} has no matching "
                f"heading in {RUNBOOK.relative_to(ROOT)}"
            )
    return problems


def main() -> int:
    generator = load_generator()
    queries = [(title, generator.expand(expr)) for title, expr in generator.all_queries()]
    problems = check_layout(generator)

    ok, output = promtool_parse(queries)
    if not ok:
        problems.append(f"promtool rejected a dashboard query:\n{output}")

    known = service_metrics() | EXTERNAL_METRICS
    recorded = {rule["record"] for rule in rules() if "record" in rule}
    for title, expr in queries:
        for metric in unknown_metrics(expr, known, recorded):
            problems.append(f"dashboard panel {title!r}: unknown metric {metric}")
    for rule in rules():
        name = rule.get("record") or rule.get("alert")
        for metric in unknown_metrics(rule["expr"], known, recorded):
            problems.append(f"rule {name}: unknown metric {metric}")

    runbook_problems = check_runbooks()
    problems += runbook_problems

    used = {m for _t, e in queries for m in METRIC.findall(e)}
    if ok:
        print(f"  ok   {len(queries)} dashboard queries parsed by promtool")
    print(
        f"  ok   metric names checked against telemetry.py ({len(used)} distinct in dashboards, "
        f"{len(rules())} rules)"
    )
    if not runbook_problems:
        alerts = {rule["alert"] for rule in rules() if "alert" in rule}
        print(
            f"  ok   runbook_url of {len(alerts)} alerts resolve to headings in docs/operations.md"
        )
    for problem in problems:
        print(f"  FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
