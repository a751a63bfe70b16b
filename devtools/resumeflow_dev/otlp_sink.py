"""A local OTLP/HTTP trace receiver: what a collector would get, decoded for tests.

The services export spans with the real OpenTelemetry OTLP/HTTP exporter
(``OTEL_TRACES_EXPORTER=otlp``); this receiver accepts ``POST /v1/traces`` in
protobuf (gzip or not), the same wire format a Collector, Jaeger or Tempo takes,
and keeps every span. ``python -m resumeflow_dev.otlp_sink`` prints spans as they
arrive, for a look at a resume's journey without a trace backend.
"""

from __future__ import annotations

import argparse
import gzip
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanProto
from opentelemetry.proto.trace.v1.trace_pb2 import Status

KINDS = {v: k.removeprefix("SPAN_KIND_").lower() for k, v in SpanProto.SpanKind.items()}


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: str
    trace_id: str
    span_id: str
    parent_span_id: str | None
    attributes: dict[str, Any]
    error: bool
    duration_ms: float


def _value(value: AnyValue) -> Any:
    which = value.WhichOneof("value")
    if which == "array_value":
        return [_value(v) for v in value.array_value.values]
    return getattr(value, which) if which else None


def decode(body: bytes) -> list[ReceivedSpan]:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    out = []
    for resource_spans in request.resource_spans:
        resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                out.append(
                    ReceivedSpan(
                        service=str(resource.get("service.name", "")),
                        name=span.name,
                        kind=KINDS.get(span.kind, "unspecified"),
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex() or None,
                        attributes={a.key: _value(a.value) for a in span.attributes},
                        error=span.status.code == Status.STATUS_CODE_ERROR,
                        duration_ms=(span.end_time_unix_nano - span.start_time_unix_nano) / 1e6,
                    )
                )
    return out


@dataclass
class OtlpSink:
    host: str = "127.0.0.1"
    port: int = 0
    echo: bool = False
    spans: list[ReceivedSpan] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def endpoint(self) -> str:
        """The value for ``OTEL_EXPORTER_OTLP_ENDPOINT`` (the exporter adds ``/v1/traces``)."""
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def trace(self, trace_id: str) -> list[ReceivedSpan]:
        with self._lock:
            return [s for s in self.spans if s.trace_id == trace_id]

    def start(self) -> OtlpSink:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if self.headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                received = decode(body)
                with sink._lock:
                    sink.spans.extend(received)
                if sink.echo:
                    for s in received:
                        parent = s.parent_span_id or "-" * 16
                        flag = " ERROR" if s.error else ""
                        print(
                            f"{s.trace_id} {parent} -> {s.span_id} {s.service:20} "
                            f"{s.kind:8} {s.name} ({s.duration_ms:.1f} ms){flag}",
                            flush=True,
                        )
                reply = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4318)
    args = parser.parse_args(argv)
    sink = OtlpSink(port=args.port, echo=True).start()
    print(f"OTLP/HTTP receiver at {sink.endpoint} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
