"""The whole system on one machine: nats-server, MongoDB (dev server unless
``MONGODB_URL`` is set) and the four services, each its own process.

``python -m resumeflow_dev.stack up`` is the README's run command; the end-to-end
tests and benchmarks drive the same :class:`Stack` (kill, restart, restart NATS).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumeflow_dev import natsauth
from resumeflow_dev.natsd import NatsServer

log = logging.getLogger("resumeflow.stack")

SERVICES = ("ingest", "parser", "enhancer", "notifier")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} while waiting for {url}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{url} not ready after {timeout}s")


@dataclass
class Stack:
    """Processes of one local system. Ports are picked free unless given."""

    workdir: Path
    api_port: int = 0
    mongodb_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    nats: NatsServer | None = None
    health_ports: dict[str, int] = field(default_factory=dict)
    listeners: dict[str, socket.socket] = field(default_factory=dict)
    # Run nats-server with the deployed per-service users (resumeflow_dev.natsauth)
    # and give each service its own user and a throwaway password.
    nats_auth: bool = False
    nats_passwords: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def nats_url(self) -> str:
        assert self.nats is not None
        return self.nats.url

    def consumer(self, name: str, stream: str = "RESUMES") -> dict[str, Any]:
        """A durable consumer's state as JetStream reports it on the monitoring port
        (``/jsz``): ``num_pending``, ``num_ack_pending``, ``num_redelivered``, ``delivered``
        and ``ack_floor`` sequences. Lets tests and benchmarks see in-flight work."""
        assert self.nats is not None
        url = f"{self.nats.monitor_url}/jsz?consumers=true"
        with urllib.request.urlopen(url, timeout=5) as response:
            jsz = json.load(response)
        details = [s for a in jsz.get("account_details", []) for s in a.get("stream_detail", [])]
        for detail in details:
            for consumer in detail.get("consumer_detail", []):
                if (detail["name"], consumer["name"]) == (stream, name):
                    return dict(consumer)
        raise LookupError(f"no consumer {name!r} on stream {stream!r}")

    def metrics_url(self, service: str) -> str:
        if service == "ingest":
            return f"{self.api_url}/metrics"
        return f"http://127.0.0.1:{self.health_ports[service]}/metrics"

    # --- processes ----------------------------------------------------------------

    def _spawn(
        self, name: str, argv: list[str], env: Mapping[str, str], pass_fds: tuple[int, ...] = ()
    ) -> None:
        logs = self.workdir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / f"{name}.log").open("ab") as out:
            self.procs[name] = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **env},
                pass_fds=pass_fds,
            )

    def _listener(self, name: str, port: int) -> socket.socket:
        """The service's listening socket, owned here for the stack's whole life.

        Picking a free port and letting the service bind it later races with every other
        process binding port 0 (seen under load: "address already in use"); a socket
        that never stops listening cannot be taken, also across kills and restarts.
        """
        if name not in self.listeners:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(128)
            sock.set_inheritable(True)
            self.listeners[name] = sock
        return self.listeners[name]

    def start_nats(self) -> None:
        if self.nats is None:
            logs = self.workdir / "logs"
            logs.mkdir(parents=True, exist_ok=True)
            config = None
            if self.nats_auth:
                self.nats_passwords = self.nats_passwords or natsauth.test_passwords()
                config = self.workdir / "nats-auth.conf"
                config.write_text(natsauth.server_config())
            self.nats = NatsServer(
                self.workdir / "nats",
                log=(logs / "nats.log").open("ab"),
                config=config,
                env=self.nats_passwords,
            )
        self.nats.start()
        assert self.nats.proc is not None
        self.procs["nats"] = self.nats.proc
        wait_http(f"{self.nats.monitor_url}/healthz", 20, self.nats.proc)

    def start_mongo(self) -> None:
        if self.mongodb_url:
            return
        port_file = self.workdir / "mongo.port"
        port_file.unlink(missing_ok=True)
        argv = [sys.executable, "-m", "resumeflow_dev.mongo_server", "--port", "0"]
        self._spawn("mongo", [*argv, "--port-file", str(port_file)], {})
        deadline = time.monotonic() + 20
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.procs["mongo"].poll() is not None:
                raise RuntimeError("the development MongoDB server did not start; see logs")
            time.sleep(0.05)
        self.mongodb_url = f"mongodb://127.0.0.1:{port_file.read_text().strip()}"

    def service_environment(self, name: str) -> dict[str, str]:
        env = {
            "NATS_URL": self.nats_url,
            "MONGODB_URL": self.mongodb_url or "",
            "MONGODB_DB": "resumeflow",
            "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
            "PUBLIC_BASE_URL": self.api_url,
            "PYTHONUNBUFFERED": "1",
            # Local stacks deliver webhooks to sinks on 127.0.0.1, which the SSRF guard
            # refuses unless told otherwise; production never sets this.
            "ALLOW_PRIVATE_CALLBACKS": "true",
            **self.nats_credentials(name),
            **self.env,
            **self.service_env.get(name, {}),
        }
        if name == "ingest":
            env["PORT"] = str(self.api_port)
            env["HOST"] = "127.0.0.1"
        else:
            env["HEALTH_PORT"] = str(self.health_ports[name])
        return env

    def nats_credentials(self, name: str) -> dict[str, str]:
        """``NATS_USER``/``NATS_PASSWORD`` of service ``name`` when NATS runs with auth."""
        if not self.nats_auth:
            return {}
        user = next(u for u in natsauth.USERS if u.name == name)
        return {"NATS_USER": user.name, "NATS_PASSWORD": self.nats_passwords[user.password_env]}

    def start_service(self, name: str, wait: bool = True) -> None:
        sock = self._listener(name, self.api_port if name == "ingest" else 0)
        port = int(sock.getsockname()[1])
        if name == "ingest":
            self.api_port = port
        else:
            self.health_ports[name] = port
        argv = [sys.executable, "-m", f"resumeflow_{name}"]
        env = {**self.service_environment(name), "LISTEN_FD": str(sock.fileno())}
        self._spawn(name, argv, env, pass_fds=(sock.fileno(),))
        if wait:
            self.wait_ready(name)

    def wait_ready(self, name: str, timeout: float = 60) -> None:
        port = self.api_port if name == "ingest" else self.health_ports[name]
        try:
            wait_http(f"http://127.0.0.1:{port}/readyz", timeout, self.procs[name])
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{name} did not get ready: {exc}\n{self.log_tail(name)}") from exc

    def start(self) -> Stack:
        self.start_infra()
        return self.start_services()

    def start_infra(self) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start_nats()
        self.start_mongo()
        return self

    def start_services(self) -> Stack:
        for name in SERVICES:
            self.start_service(name, wait=False)
        for name in SERVICES:
            self.wait_ready(name)
        return self

    def kill(self, name: str) -> None:
        """SIGKILL: the process gets no chance to ack, nak or clean up."""
        proc = self.procs[name]
        proc.kill()
        proc.wait(timeout=10)

    def terminate(self, name: str, timeout: float = 40) -> int:
        """SIGTERM and wait: the graceful path; returns the exit code."""
        proc = self.procs[name]
        proc.terminate()
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait(timeout=10)

    def restart_nats(self, down_seconds: float = 1.0) -> None:
        self.terminate("nats", timeout=15)
        time.sleep(down_seconds)
        self.start_nats()

    def stop(self) -> None:
        for name in [*SERVICES, "mongo", "nats"]:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is None:
                self.terminate(name)
        if self.nats is not None:
            self.nats.close_log()
        for sock in self.listeners.values():
            sock.close()
        self.listeners.clear()

    @contextlib.contextmanager
    def serving(self) -> Iterator[Stack]:
        """Started, then stopped on exit. A start-up that fails prints every process's
        log tail first (into a test's captured output), since the reason is there."""
        try:
            self.start()
        except Exception:
            for name in ("nats", "mongo", *SERVICES):
                print(f"--- {name}\n{self.log_tail(name)}")
            self.stop()
            raise
        try:
            yield self
        finally:
            self.stop()

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.workdir / "logs" / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def running(workdir: Path | None = None, **kwargs: object) -> Iterator[Stack]:
    """A started stack, stopped on exit."""
    with contextlib.ExitStack() as cleanup:
        if workdir is None:
            workdir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="rf-")))
        yield cleanup.enter_context(Stack(workdir=workdir, **kwargs).serving())  # type: ignore[arg-type]


def _up(args: argparse.Namespace) -> int:
    workdir = Path(args.data_dir).resolve()
    stack = Stack(
        workdir=workdir, api_port=args.port, mongodb_url=os.environ.get("MONGODB_URL") or None
    )
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start()
        mongo = os.environ.get("MONGODB_URL", "development server (in memory, NOT durable)")
        print(
            json.dumps(
                {
                    "api": stack.api_url,
                    "docs": f"{stack.api_url}/docs",
                    "nats": stack.nats_url,
                    "nats_monitoring": stack.nats.monitor_url if stack.nats else None,
                    "mongodb": mongo,
                    "metrics": {s: stack.metrics_url(s) for s in SERVICES},
                    "logs": str(workdir / "logs"),
                },
                indent=2,
            ),
            flush=True,
        )
        print(f"resumeflow is up: API at {stack.api_url} (Ctrl-C stops everything)", flush=True)
        while not stopping:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; see {workdir}/logs/{name}.log")
                    stopping = True
            time.sleep(0.5)
    finally:
        print("stopping...", flush=True)
        stack.stop()
    print("stopped", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m resumeflow_dev.stack")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="run nats-server, MongoDB and the four services")
    up.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    up.add_argument("--data-dir", default=".local")
    args = parser.parse_args(argv)
    return _up(args)


if __name__ == "__main__":
    sys.exit(main())
