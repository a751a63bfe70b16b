"""A local OpenAI-compatible chat-completions server for tests and benchmarks.

Development only: the enhancer talks to it through the real ``openai`` client, as it
would to any OpenAI-compatible endpoint. It answers ``POST /v1/chat/completions``
with a profile built by a ``responder`` (by default: the contact hints the prompt
carries), and can inject latency, 429/5xx answers and invalid JSON at given rates.
Latency is ``latency_s`` times a random factor in [0.5, 1.5) unless ``jitter`` is off,
then exactly ``latency_s`` (benchmarks comparing systems want the same wait for both).
Every call is recorded so tests can count LLM calls per resume text.
"""

from __future__ import annotations

import collections
import hashlib
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from resumeflow_dev.httpserver import BacklogHTTPServer

Responder = Callable[[str], dict[str, Any]]

_HINTS = re.compile(r"already found.*?\n(\{.*?\})\n\nResume text:\n<<<\n(.*)\n>>>", re.S)


def echo_hints(prompt: str) -> dict[str, Any]:
    """Return the deterministic contacts the prompt carries as the model's answer."""
    match = _HINTS.search(prompt)
    hints = json.loads(match.group(1)) if match else {}
    name = (hints.get("name") or {}).get("value")
    return {
        "name": name,
        "emails": [e["value"] for e in hints.get("emails", [])],
        "phones": [p["value"] for p in hints.get("phones", [])],
        "skills": [],
        "experience": [],
        "education": [],
    }


def resume_text(prompt: str) -> str:
    match = _HINTS.search(prompt)
    return match.group(2) if match else prompt


@dataclass
class Call:
    """One request: when it arrived and when its answer had been written out
    (``ended`` stays ``None`` if the client went away before that)."""

    text_sha256: str
    status: int
    at: float
    ended: float | None = None


@dataclass
class FakeLLM:
    responder: Responder = echo_hints
    latency_s: float = 0.0
    jitter: bool = True
    error_rate: float = 0.0
    invalid_rate: float = 0.0
    seed: int = 7
    force_status: int | None = None
    refusal: str | None = None
    #: A provider's limits: requests in any 60 s window, and calls served at once.
    #: Beyond either the call is answered 429 at once, with a ``Retry-After``.
    rpm_limit: int | None = None
    capacity: int | None = None
    calls: list[Call] = field(default_factory=list)
    in_flight: int = 0
    #: calls in flight that will be answered 200 (the rest will be 429/5xx)
    answering: int = 0
    #: called (in the server's thread) before a 200 is sent: a test can hold it
    before_answer: Callable[[], None] | None = None
    _admitted: collections.deque[float] = field(default_factory=collections.deque)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def successful_calls(self) -> list[Call]:
        return [c for c in self.calls if c.status == 200]

    def _status(self, roll: float) -> int:
        if self.force_status is not None:
            return self.force_status
        if roll < self.error_rate:
            return 429 if roll < self.error_rate / 2 else 503
        return 200

    def _answer_body(self, request: dict[str, Any], prompt: str, roll: float) -> dict[str, Any]:
        content = json.dumps(self.responder(prompt))
        if roll < self.error_rate + self.invalid_rate:
            content = content[: len(content) // 2]
        body = _completion(request.get("model", "fake"), content)
        if self.refusal:
            body["choices"][0]["message"].update(content=None, refusal=self.refusal)
        return body

    def _over_limit(self, now: float) -> float | None:
        """Seconds the caller should wait when a provider limit is hit (under the lock)."""
        window = self._admitted
        while window and window[0] <= now - 60:
            window.popleft()
        if self.rpm_limit is not None and len(window) >= self.rpm_limit:
            return max(1.0, window[0] + 60 - now)
        if self.capacity is not None and self.in_flight > self.capacity:
            return 1.0
        window.append(now)
        return None

    def start(self, port: int = 0) -> FakeLLM:
        rng = random.Random(self.seed)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_POST(self) -> None:
                with fake._lock:
                    fake.in_flight += 1
                try:
                    self._answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the caller died mid-call (chaos kills): ``ended`` stays None
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self) -> None:
                started = time.time()
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                prompt = "\n".join(m.get("content", "") for m in request.get("messages", []))
                text_hash = hashlib.sha256(resume_text(prompt).encode()).hexdigest()
                with fake._lock:
                    wait = fake._over_limit(started)
                    if wait is not None:
                        fake.calls.append(Call(text_hash, 429, started, started))
                if wait is not None:
                    error = {"message": "rate limit reached", "type": "rate_limit"}
                    self._send(429, {"error": error}, retry_after=wait)
                    return
                # The outcome is decided when the call arrives, so callers (the chaos
                # harness) can tell a call that will be answered from one that will fail.
                with fake._lock:
                    roll = rng.random()
                    jitter = 0.5 + rng.random() if fake.jitter else 1.0
                    status = fake._status(roll)
                    call = Call(text_hash, status, started)
                    fake.calls.append(call)
                    fake.answering += status == 200
                try:
                    if fake.latency_s:
                        time.sleep(fake.latency_s * jitter)
                    if status != 200:
                        error = {"message": "injected failure", "type": "fake"}
                        self._send(status, {"error": error})
                    else:
                        if fake.before_answer is not None:
                            fake.before_answer()
                        self._send(200, fake._answer_body(request, prompt, roll))
                    call.ended = time.time()
                finally:
                    with fake._lock:
                        fake.answering -= status == 200

            def _send(self, status: int, body: dict[str, Any], retry_after: float = 1.0) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                if status == 429:
                    self.send_header("retry-after", f"{retry_after:.0f}")
                self.end_headers()
                self.wfile.write(data)

        self._server = BacklogHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{hashlib.md5(content.encode()).hexdigest()[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content, "refusal": None},
            }
        ],
        "usage": {
            "prompt_tokens": 900,
            "completion_tokens": max(1, len(content) // 4),
            "total_tokens": 900 + max(1, len(content) // 4),
        },
    }
