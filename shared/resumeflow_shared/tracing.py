"""OpenTelemetry traces: one trace per resume, from the upload through every stage.

The trace context travels as a W3C ``traceparent`` header: on the upload request
(a caller's own trace is continued), on every NATS message (``bus.publish`` injects
the current span), and in the resume record, so a replay continues the original
trace. Every service installs the OpenTelemetry SDK at start-up, so spans get real
ids and every log line carries ``trace_id`` and ``span_id`` even when nothing is
exported.

Export is off by default. ``OTEL_TRACES_EXPORTER=otlp`` sends spans over OTLP/HTTP
(protobuf) to ``OTEL_EXPORTER_OTLP_ENDPOINT`` (default ``http://localhost:4318``);
``console`` prints them to stdout; ``none`` keeps them in-process. The standard
OpenTelemetry variables apply as usual: ``OTEL_EXPORTER_OTLP_HEADERS``,
``OTEL_TRACES_SAMPLER``, ``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_BSP_*``...

Spans (service: kind name):

* ingest: SERVER ``<METHOD> <route>`` for every request;
* any service: PRODUCER ``send <subject>`` for every event published;
* workers: CONSUMER ``process <subject>`` for every delivery, a child of the
  producer span that sent it, so the stages of one resume form one tree;
* parser: INTERNAL ``parse pdf``; enhancer: CLIENT ``chat <model>``;
  notifier: CLIENT ``webhook POST`` and ``email send``.

Attributes carry ids (resume, tenant, batch) because traces are looked up by them;
metrics never do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Literal

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

log = logging.getLogger(__name__)

Exporter = Literal["none", "otlp", "console"]
TRACEPARENT = "traceparent"

_propagator = TraceContextTextMapPropagator()
_provider: TracerProvider | None = None

__all__ = [
    "TRACEPARENT",
    "Span",
    "SpanKind",
    "current_ids",
    "current_span",
    "current_traceparent",
    "extract",
    "fail",
    "inject",
    "setup",
    "shutdown",
    "span",
    "trace_id_of",
    "tracer",
]


def setup(
    service: str,
    exporter: Exporter = "none",
    *,
    instance: str | None = None,
    version: str = "0.1.0",
) -> TracerProvider:
    """Install the SDK tracer provider for this process (once; later calls reuse it)."""
    global _provider
    if _provider is not None:
        return _provider
    attributes = {
        "service.name": f"resumeflow-{service}",
        "service.namespace": "resumeflow",
        "service.version": version,
    }
    if instance:
        attributes["service.instance.id"] = instance
    provider = TracerProvider(resource=Resource.create(attributes))
    if exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    elif exporter == "console":
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _provider = provider
    log.info("tracing ready", extra={"traces_exporter": exporter})
    return provider


def shutdown() -> None:
    """Flush and stop exporting; call once when the service stops."""
    if _provider is not None:
        _provider.shutdown()


def tracer() -> trace.Tracer:
    return trace.get_tracer("resumeflow")


def extract(headers: Mapping[str, str] | None) -> Context:
    """The context a ``traceparent`` header describes (an empty one if absent or invalid)."""
    return _propagator.extract(dict(headers or {}))


def inject(headers: MutableMapping[str, str], context: Context | None = None) -> None:
    """Write the current (or given) span's ``traceparent`` into ``headers``."""
    _propagator.inject(headers, context=context)


def current_span() -> Span:
    return trace.get_current_span()


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get(TRACEPARENT)


def current_ids() -> dict[str, str]:
    """``trace_id`` and ``span_id`` of the current span, for log lines (empty if none)."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return {}
    return {"trace_id": f"{ctx.trace_id:032x}", "span_id": f"{ctx.span_id:016x}"}


def trace_id_of(traceparent: str | None) -> str | None:
    """The trace id in a ``traceparent`` header value, if it is well formed."""
    ctx = trace.get_current_span(extract({TRACEPARENT: traceparent or ""})).get_span_context()
    return f"{ctx.trace_id:032x}" if ctx.is_valid else None


@contextmanager
def span(
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    parent: Context | None = None,
    attributes: Mapping[str, str | int | float | bool | None] | None = None,
) -> Iterator[Span]:
    """A current span; exceptions are recorded and mark it as an error."""
    clean = {k: v for k, v in (attributes or {}).items() if v is not None}
    with tracer().start_as_current_span(name, context=parent, kind=kind, attributes=clean) as s:
        yield s


def fail(s: Span, code: str, message: str) -> None:
    """Mark a span failed with one of our stable error codes."""
    s.set_attribute("error.type", code)
    s.set_status(Status(StatusCode.ERROR, f"{code}: {message}"[:500]))
