"""Auth and tenant quotas are decided from the headers, before any body is read.

Served by a real uvicorn on a real socket: an in-process client would hand the app
the whole body at once and could not show what happens while it is still arriving.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from resumeflow_dev.client import wait_for
from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import resume_pdf
from resumeflow_ingest import keys
from resumeflow_ingest.app import create_app
from resumeflow_ingest.gate import Gate
from resumeflow_ingest.settings import IngestSettings

PDF = resume_pdf()
KEY_A, ID_A = keys.new_key()
KEY_B, ID_B = keys.new_key()
API_KEYS = f"{keys.entry(KEY_A, ID_A, 'tenant-a')},{keys.entry(KEY_B, ID_B, 'tenant-b')}"


@dataclass
class Served:
    url: str
    port: int
    gate: Gate


def _find_gate(app: object) -> Gate:
    node = getattr(app, "middleware_stack", None)
    while node is not None and not isinstance(node, Gate):
        node = getattr(node, "app", None)
    assert isinstance(node, Gate)
    return node


@pytest.fixture
def served(
    request: pytest.FixtureRequest, nats_server: NatsServer, mongo_url: str, db_name: str
) -> Iterator[Served]:
    env = getattr(request, "param", {})
    settings = IngestSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DB": db_name,
            "API_KEYS": API_KEYS,
            "MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
            **env,
        }
    )
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, timeout=30, what="uvicorn started")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Served(f"http://127.0.0.1:{port}", port, _find_gate(app))
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _start_upload(port: int, headers: dict[str, str], declared: int) -> socket.socket:
    """Send an upload's headers and the first 64 KiB of a ``declared``-byte body."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    lines = [
        "POST /v1/resumes HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: multipart/form-data; boundary=b",
        f"Content-Length: {declared}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-'
    sock.sendall(part + b"x" * (64 * 1024))
    return sock


def _read_status(sock: socket.socket) -> tuple[int, bytes]:
    """The status line and headers, waiting at most the socket's timeout."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)  # raises TimeoutError when no answer comes
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_unauthenticated_partial_upload_is_refused_before_the_body_arrives(
    served: Served,
) -> None:
    # 9 MB declared, 64 KiB sent: the answer must come without the rest.
    with _start_upload(served.port, {}, 9_000_000) as sock:
        status, head = _read_status(sock)
    assert status == 401
    assert b"unauthorized" in head or b"401" in head
    with _start_upload(served.port, {"X-API-Key": KEY_A[:-1] + "x"}, 9_000_000) as sock:
        assert _read_status(sock)[0] == 401


def test_a_declared_size_over_the_limit_is_refused_before_the_body(served: Served) -> None:
    with _start_upload(served.port, {"X-API-Key": KEY_A}, 50_000_000) as sock:
        assert _read_status(sock)[0] == 413


@pytest.mark.parametrize("served", [{"tenant_max_concurrent_uploads": 1}], indirect=True)
def test_concurrent_uploads_per_tenant_are_limited(served: Served) -> None:
    with _start_upload(served.port, {"X-API-Key": KEY_A}, 9_000_000):
        wait_for(lambda: served.gate.quotas.in_flight.get("tenant-a") == 1, what="upload held")
        files = {"file": ("cv.pdf", PDF, "application/pdf")}
        second = httpx.post(f"{served.url}/v1/resumes", files=files, headers={"X-API-Key": KEY_A})
        other = httpx.post(f"{served.url}/v1/resumes", files=files, headers={"X-API-Key": KEY_B})
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "rate_limited"
    assert int(second.headers["retry-after"]) >= 1
    assert other.status_code == 202, other.text  # another tenant is not affected


@pytest.mark.parametrize("served", [{"tenant_uploads_per_minute": 2}], indirect=True)
def test_uploads_per_minute_per_tenant_are_limited(served: Served) -> None:
    files = {"file": ("cv.pdf", PDF, "application/pdf")}

    def upload(key: str) -> httpx.Response:
        return httpx.post(f"{served.url}/v1/resumes", files=files, headers={"X-API-Key": key})

    assert [upload(KEY_A).status_code for _ in range(2)] == [202, 202]
    limited = upload(KEY_A)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert upload(KEY_B).status_code == 202
    # a refused upload stores nothing
    listed = httpx.get(f"{served.url}/v1/resumes", headers={"X-API-Key": KEY_A}).json()
    assert len(listed["items"]) == 2


@pytest.mark.parametrize("served", [{"tenant_max_event_streams": 1}], indirect=True)
def test_open_event_streams_per_tenant_are_limited(served: Served) -> None:
    files = {"file": ("cv.pdf", PDF, "application/pdf")}
    a = {"X-API-Key": KEY_A}
    # no pipeline runs here: the resume stays queued and its stream stays open
    resume_id = httpx.post(f"{served.url}/v1/resumes", files=files, headers=a).json()["id"]
    events = f"{served.url}/v1/resumes/{resume_id}/events"
    with httpx.Client(timeout=10) as http:
        with http.stream("GET", events, headers=a) as first:
            assert first.status_code == 200
            lines = first.iter_lines()  # kept: dropping it would close the stream
            assert next(lines).startswith("event: status")
            second = http.get(events, headers=a)
            assert second.status_code == 429
            assert second.json()["error"]["code"] == "rate_limited"
            assert int(second.headers["retry-after"]) >= 1
        # closing the first stream gives the slot back
        wait_for(lambda: not served.gate.streams.in_flight, what="stream slot released")
        with http.stream("GET", events, headers=a) as third:
            assert third.status_code == 200


def test_unknown_http_methods_share_one_metric_label(served: Served) -> None:
    for method in ("FOO1", "FOO2", "PROPFIND"):
        httpx.request(method, f"{served.url}/healthz")
    metrics = httpx.get(f"{served.url}/metrics").text
    lines = [line for line in metrics.splitlines() if line.startswith("resumeflow_http_requests")]
    assert any('method="other"' in line for line in lines), lines
    assert not any("FOO" in line or "PROPFIND" in line for line in lines)
