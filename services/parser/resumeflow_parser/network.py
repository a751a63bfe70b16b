"""Parse workers without a network: each one moves into a new, empty network namespace.

A hostile PDF that got code execution in MuPDF would still sit in a process with
no interface but a loopback that is down: no route to MongoDB, NATS, the cloud
metadata endpoint or the internet. Workers talk to the service only through pipes,
which a network namespace does not touch.

``unshare(CLONE_NEWNET)`` needs ``CAP_SYS_ADMIN``; without it (not root, or a
container that drops the capability) an unprivileged user namespace created in the
same call grants it inside the new namespaces only. Containers often forbid both
(seccomp, AppArmor, ``kernel.unprivileged_userns_clone=0``,
``user.max_user_namespaces=0``); then the deployment's NetworkPolicy is the only
egress control (docs/security.md).

Modes (``PARSER_NETWORK_ISOLATION``): ``auto`` isolates when the kernel allows and
otherwise runs on with a warning and ``resumeflow_parser_network_isolated 0``;
``required`` refuses to start without it; ``off`` does not try.

This module runs in the workers too: it must stay free of heavy imports.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Literal

NetworkIsolation = Literal["auto", "required", "off"]
MODES: tuple[NetworkIsolation, ...] = ("auto", "required", "off")

# <linux/sched.h>; os.unshare only exists from Python 3.12.
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
_ATTEMPTS = (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET)

log = logging.getLogger(__name__)


class NetworkIsolationUnavailable(RuntimeError):
    """``required`` isolation, and the kernel (or the container) does not allow it."""


def enter_private_network() -> str | None:
    """Move this process into a new network namespace: None, or why it could not.

    Call it while the process has one thread: the kernel refuses a new user
    namespace to a multi-threaded process.
    """
    if not sys.platform.startswith("linux"):
        return f"network namespaces need Linux, not {sys.platform}"
    libc = ctypes.CDLL(None, use_errno=True)
    errors = []
    for flags in _ATTEMPTS:
        if libc.unshare(flags) == 0:
            return None
        errors.append(os.strerror(ctypes.get_errno()))
    return f"unshare(CLONE_NEWNET): {errors[0]}; with CLONE_NEWUSER: {errors[1]}"


def isolate(mode: str) -> bool:
    """What a worker calls before it reads any document: True when isolated.

    Under ``required`` a failure raises rather than let the worker parse with a
    network; under ``auto`` the parent has already warned (:func:`check`).
    """
    if mode == "off":
        return False
    reason = enter_private_network()
    if reason is None:
        return True
    if mode == "required":
        raise NetworkIsolationUnavailable(reason)
    return False


Probe = Callable[[], Awaitable[str | None]]


async def probe_in_child(env: dict[str, str] | None = None) -> str | None:
    """Try :func:`enter_private_network` in a throw-away child (as a worker would)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "resumeflow_parser.network",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=env,
    )
    out, _ = await proc.communicate()
    if proc.returncode == 0:
        return None
    return out.decode(errors="replace").strip() or f"the probe exited with {proc.returncode}"


async def check(mode: NetworkIsolation, probe: Probe | None = None) -> bool:
    """At start-up: can workers isolate? Sets the gauge; raises under ``required``."""
    from resumeflow_shared.telemetry import PARSER_NETWORK_ISOLATED

    if mode == "off":
        log.warning("parse workers keep the network (PARSER_NETWORK_ISOLATION=off)")
        PARSER_NETWORK_ISOLATED.set(0)
        return False
    reason = await (probe or probe_in_child)()
    PARSER_NETWORK_ISOLATED.set(1 if reason is None else 0)
    if reason is None:
        return True
    if mode == "required":
        raise NetworkIsolationUnavailable(
            f"PARSER_NETWORK_ISOLATION=required, but parse workers cannot leave the "
            f"network: {reason}"
        )
    log.warning(
        "parse workers are NOT network-isolated (rely on the NetworkPolicy)",
        extra={"reason": reason},
    )
    return False


def main() -> None:
    """``python -m resumeflow_parser.network``: exit 0 if this process could isolate."""
    reason = enter_private_network()
    if reason is not None:
        sys.stdout.write(reason + "\n")  # the probe's answer to its parent
        sys.exit(1)


if __name__ == "__main__":
    main()
