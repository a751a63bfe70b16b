"""Metrics and structured logs, the same in every service (traces: ``tracing``).

Metric names follow Prometheus conventions: one ``resumeflow_`` prefix, base units,
``_total`` counters, and labels with bounded values only (stage, error code, model,
outcome), never resume or tenant ids. Buckets reach 30 minutes because LLM calls and
large PDFs are slow and a whole pipeline run can queue behind a backlog.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from resumeflow_shared.tracing import current_ids

STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
PIPELINE_BUCKETS = (0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)

HTTP_REQUESTS = Counter(
    "resumeflow_http_requests_total",
    "HTTP requests served by ingest.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "resumeflow_http_request_duration_seconds",
    "HTTP request latency in ingest.",
    ["method", "route"],
    buckets=STAGE_BUCKETS,
)
UPLOADS = Counter(
    "resumeflow_uploads_total",
    "Upload attempts by outcome (accepted or an error code).",
    ["outcome"],
)
UPLOAD_BYTES = Counter("resumeflow_upload_bytes_total", "Bytes of accepted uploads.")
EVENTS_CONSUMED = Counter(
    "resumeflow_stage_events_consumed_total", "Events a stage received.", ["stage"]
)
EVENTS_SUCCEEDED = Counter(
    "resumeflow_stage_events_succeeded_total", "Events a stage handled successfully.", ["stage"]
)
EVENTS_RETRIED = Counter(
    "resumeflow_stage_events_retried_total", "Events a stage asked to retry.", ["stage", "code"]
)
EVENTS_FAILED = Counter(
    "resumeflow_stage_events_failed_total",
    "Events a stage gave up on (resume failed).",
    ["stage", "code"],
)
IN_FLIGHT = Gauge("resumeflow_stage_in_flight", "Events being handled right now.", ["stage"])
HANDLER_DURATION = Histogram(
    "resumeflow_stage_handler_duration_seconds",
    "Time a stage handler took, by outcome.",
    ["stage", "outcome"],
    buckets=STAGE_BUCKETS,
)
PIPELINE_DURATION = Histogram(
    "resumeflow_pipeline_duration_seconds",
    "Upload accepted to resume completed.",
    buckets=PIPELINE_BUCKETS,
)
CONSUMER_PENDING = Gauge(
    "resumeflow_consumer_pending_messages",
    "Messages not yet delivered to the stage's consumer (JetStream num_pending).",
    ["stage"],
)
CONSUMER_ACK_PENDING = Gauge(
    "resumeflow_consumer_ack_pending_messages",
    "Messages delivered but not yet acknowledged (JetStream num_ack_pending).",
    ["stage"],
)
DEAD_LETTERS = Gauge(
    "resumeflow_dead_letter_messages", "Messages in the dead-letter stream.", ["stream"]
)
BREAKER_STATE = Gauge(
    "resumeflow_breaker_state",
    "The stage's circuit breaker: 0 closed, 1 half-open (probing), 2 open (paused).",
    ["stage"],
)
PARKED = Counter(
    "resumeflow_stage_events_parked_total",
    "Messages re-queued with a fresh retry budget because a dependency was down.",
    ["stage"],
)
LLM_REQUESTS = Counter(
    "resumeflow_llm_requests_total", "LLM calls by model and outcome.", ["model", "outcome"]
)
LLM_TOKENS = Counter(
    "resumeflow_llm_tokens_total",
    "LLM tokens by model and kind (prompt, completion).",
    ["model", "kind"],
)
LLM_COST = Counter(
    "resumeflow_llm_cost_dollars_total", "Estimated LLM spend in US dollars.", ["model"]
)
LLM_DURATION = Histogram(
    "resumeflow_llm_request_duration_seconds", "LLM call latency.", ["model"], buckets=STAGE_BUCKETS
)
LLM_CONCURRENCY_LIMIT = Gauge(
    "resumeflow_llm_concurrency_limit",
    "The enhancer's adaptive limit on LLM calls in flight (grows on success, halves on 429/5xx).",
)
WEBHOOK_DELIVERIES = Counter(
    "resumeflow_webhook_deliveries_total",
    "Webhook delivery attempts by outcome (delivered, retry, failed).",
    ["outcome"],
)
PARSER_NETWORK_ISOLATED = Gauge(
    "resumeflow_parser_network_isolated",
    "1 if parse workers run in a network namespace of their own, 0 if they share the "
    "pod's network (PARSER_NETWORK_ISOLATION=off, or the kernel refused it under auto).",
)
STALLED = Gauge("resumeflow_stalled_resumes", "Resumes with no progress past the deadline.")

# --- structured logs --------------------------------------------------------------

_log_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "resumeflow_log_context", default=None
)


def bind(**fields: Any) -> contextvars.Token[dict[str, Any] | None]:
    """Add fields (resume id, stage, attempt, trace id...) to every log line in this task."""
    merged = {**(_log_context.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    return _log_context.set(merged)


def unbind(token: contextvars.Token[dict[str, Any] | None]) -> None:
    _log_context.reset(token)


_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, bound context, extras."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(_log_context.get() or {})
        entry.update(current_ids())
        entry.update({k: v for k, v in vars(record).items() if k not in _RESERVED})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        context = {**(_log_context.get() or {}), **current_ids()}
        context.update({k: v for k, v in vars(record).items() if k not in _RESERVED})
        tail = " ".join(f"{k}={v}" for k, v in context.items())
        base = f"{record.levelname[0]} {record.name}: {record.getMessage()}"
        line = f"{base} {tail}" if tail else base
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(service: str, level: str = "INFO", fmt: str = "json") -> None:
    """Route all logging to stderr in the chosen format; quiet chatty libraries."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("pymongo", "httpx", "httpcore", "openai", "nats", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def service_instance() -> str:
    """A name for this process in logs and consumer diagnostics."""
    return os.environ.get("HOSTNAME") or f"pid-{os.getpid()}"
