"""A local webhook receiver for tests and benchmarks: records every request, and can
answer with failures for the first N requests to exercise retries."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from resumeflow_dev.httpserver import BacklogHTTPServer

#: A Standard Webhooks secret for tests and local runs (never for production).
TEST_SECRET = "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0xMjM0NTY3ODkw"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = 0.0
    status: int = 204

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookSink:
    fail_first: int = 0
    fail_status: int = 503
    latency_s: float = 0.0
    #: Called in the request's thread after it is recorded, before the answer is sent.
    on_receive: Callable[[Received], None] | None = None
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/hooks"

    def start(self) -> WebhookSink:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length)
                if len(body) < length:
                    return  # the sender died mid-request: nothing was delivered
                with sink._lock:
                    failing = len(sink.received) < sink.fail_first
                    status = sink.fail_status if failing else 204
                    sink.received.append(
                        Received(self.path, dict(self.headers.items()), body, time.time(), status)
                    )
                if sink.on_receive is not None:
                    sink.on_receive(sink.received[-1])
                if sink.latency_s:
                    time.sleep(sink.latency_s)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        self._server = BacklogHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def for_resume(self, resume_id: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.json()["data"].get("resume_id") == resume_id]
