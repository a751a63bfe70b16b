"""Parse workers have no network: a worker cannot reach even a socket listening on
the host's loopback, in every sandbox; pipes to the service still work.

These need a kernel that lets this process create a network namespace (root, or
unprivileged user namespaces); where it does not, they fail and say so, rather
than pass without having checked anything. The refusal paths run under a real
denial: ``without_unshare.py`` installs a seccomp filter in a child process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from test_pool import _workers

from resumeflow_parser.__main__ import open_parser
from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.network import (
    NetworkIsolation,
    NetworkIsolationUnavailable,
    probe_in_child,
)
from resumeflow_parser.pool import ParsePool
from resumeflow_parser.sandbox import ParserPool
from resumeflow_parser.settings import ParserSettings

pytestmark = pytest.mark.slow

HERE = str(Path(__file__).parent)


@pytest.fixture(autouse=True)
def _hooks_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pool and the fork server hand their children sys.path; a spawned child
    # only has its environment.
    monkeypatch.setattr(sys, "path", [HERE, *sys.path])
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", f"{HERE}{os.pathsep}{path}" if path else HERE)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1 in the test process (the service's side)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock


def _nobody_came(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        sock.accept()[0].close()
    except BlockingIOError:
        return True
    return False


def _gauge() -> float | None:
    return REGISTRY.get_sample_value("resumeflow_parser_network_isolated")


async def _probe(sandbox: str, network: NetworkIsolation, port: int) -> object:
    kwargs = {"port": port}
    if sandbox == "pool":
        async with ParsePool(size=1, entry="sandbox_hooks:connect", network=network) as pool:
            return await pool.run(b"%PDF", timeout_s=30, memory_mb=256, kwargs=kwargs)
    if sandbox == "fork":
        fork = ForkParser(entry="sandbox_hooks:connect", network=network)
        return await fork.run(b"%PDF", timeout_s=30, memory_mb=256, kwargs=kwargs)
    async with ParserPool(spares=0, entry="sandbox_hooks:connect", network=network) as spawn:
        return await spawn.run(b"%PDF", timeout_s=30, memory_mb=256, kwargs=kwargs)


async def test_this_kernel_allows_a_network_namespace() -> None:
    """The precondition of the tests below, checked where its failure is readable."""
    reason = await probe_in_child()
    assert reason is None, f"this machine cannot isolate parse workers: {reason}"


@pytest.mark.parametrize("sandbox", ["pool", "fork", "spawn"])
async def test_a_worker_cannot_reach_a_socket_on_the_hosts_loopback(
    sandbox: str, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]

    reply = await _probe(sandbox, "required", port)

    assert isinstance(reply, str)
    assert reply.startswith("refused"), reply
    assert _nobody_came(listener)


@pytest.mark.parametrize("sandbox", ["pool", "fork", "spawn"])
async def test_with_isolation_off_the_same_worker_does_connect(
    sandbox: str, listener: socket.socket
) -> None:
    """The control: the hook can connect, so the refusal above is the namespace's."""
    reply = await _probe(sandbox, "off", listener.getsockname()[1])

    assert reply == "connected"
    assert not _nobody_came(listener)


async def test_required_refuses_to_start_the_pool_when_the_kernel_says_no() -> None:
    # Injected: the probe answers as a kernel that forbids namespaces would.
    async def forbidden() -> str:
        return "unshare(CLONE_NEWNET): Operation not permitted"

    settings = ParserSettings(network_isolation="required", pool_size=1)

    with pytest.raises(NetworkIsolationUnavailable, match="Operation not permitted"):
        await open_parser(settings, probe=forbidden)
    assert _workers() == []
    assert _gauge() == 0


async def test_auto_starts_without_isolation_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    async def forbidden() -> str:
        return "unshare(CLONE_NEWNET): Operation not permitted"

    caplog.set_level(logging.WARNING)
    parser = await open_parser(ParserSettings(network_isolation="auto", pool_size=1), forbidden)
    assert isinstance(parser, ParsePool)
    try:
        assert "NOT network-isolated" in caplog.text
        assert _gauge() == 0
    finally:
        await parser.aclose()


async def test_auto_isolates_where_the_kernel_allows() -> None:
    parser = await open_parser(ParserSettings(network_isolation="auto", pool_size=1))
    assert isinstance(parser, ParsePool)
    try:
        assert _gauge() == 1
    finally:
        await parser.aclose()


async def test_where_the_kernel_denies_unshare_required_refuses_and_auto_runs_unisolated(
    listener: socket.socket,
) -> None:
    """A real refusal: a seccomp filter (like a container runtime's default profile)
    fails unshare with EPERM in a child process and everything it starts."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(HERE) / "without_unshare.py"),
        str(listener.getsockname()[1]),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()[-2000:]
    report = json.loads(out.decode().strip().splitlines()[-1])

    assert report["required_start"].startswith("refused: PARSER_NETWORK_ISOLATION=required")
    assert "Operation not permitted" in report["required_start"]
    assert report["required_worker"].startswith("refused: a parse worker failed to start")
    assert "NetworkIsolationUnavailable" in report["required_worker"]
    assert report["auto_gauge"] == 0
    assert report["auto_worker"] == "connected"  # auto: honest fallback, not a silent claim
