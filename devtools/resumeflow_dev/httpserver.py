"""The threaded HTTP server of the development fakes (LLM, webhook receiver)."""

from __future__ import annotations

from http.server import ThreadingHTTPServer


class BacklogHTTPServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` with a listen backlog a real endpoint would have.

    The standard library's is 5: with a hundred clients connecting at once the kernel
    refuses the rest, and a benchmark measures connection errors (and the callers'
    retries) instead of the system under test."""

    request_queue_size = 1024
    daemon_threads = True
