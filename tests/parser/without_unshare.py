"""``python without_unshare.py``: the parser's isolation modes where ``unshare`` is denied.

Installs a seccomp filter that fails ``unshare`` with ``EPERM`` for this process and
every child it starts, as the Docker/containerd default profile does for a container
without ``CAP_SYS_ADMIN``, then reports (one JSON line) what each mode does: the
start-up check, a pool worker under ``required`` and a worker under ``auto``. Run in
a subprocess: a seccomp filter cannot be removed.
"""

from __future__ import annotations

import asyncio
import ctypes
import errno
import json
import platform
import sys
from typing import Any

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_ARCHES = {"x86_64": (0xC000003E, 272), "aarch64": (0xC00000B7, 97)}  # audit arch, __NR_unshare


class _Insn(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Insn))]


def deny_unshare() -> None:
    arch, nr_unshare = _ARCHES[platform.machine()]
    program = [
        _Insn(_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        _Insn(_JEQ_K, 1, 0, arch),
        _Insn(_RET_K, 0, 0, _RET_ALLOW),
        _Insn(_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
        _Insn(_JEQ_K, 0, 1, nr_unshare),
        _Insn(_RET_K, 0, 0, _RET_ERRNO | errno.EPERM),
        _Insn(_RET_K, 0, 0, _RET_ALLOW),
    ]
    insns = (_Insn * len(program))(*program)
    prog = _Prog(len(program), insns)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_SECCOMP")


async def _report(port: int) -> dict[str, Any]:
    from prometheus_client import REGISTRY

    from resumeflow_parser.__main__ import open_parser
    from resumeflow_parser.network import NetworkIsolationUnavailable
    from resumeflow_parser.pool import ParsePool
    from resumeflow_parser.sandbox import SandboxError
    from resumeflow_parser.settings import ParserSettings

    report: dict[str, Any] = {}
    try:
        parser = await open_parser(ParserSettings(network_isolation="required", pool_size=1))
        report["required_start"] = "started"
        await parser.aclose()  # type: ignore[attr-defined]
    except NetworkIsolationUnavailable as exc:
        report["required_start"] = f"refused: {exc}"
    try:
        async with ParsePool(size=1, entry="sandbox_hooks:connect", network="required") as pool:
            report["required_worker"] = await pool.run(
                b"%PDF", timeout_s=30, memory_mb=256, kwargs={"port": port}
            )
    except SandboxError as exc:
        report["required_worker"] = f"refused: {exc}"
    parser = await open_parser(ParserSettings(network_isolation="auto", pool_size=1))
    await parser.aclose()  # type: ignore[attr-defined]
    report["auto_gauge"] = REGISTRY.get_sample_value("resumeflow_parser_network_isolated")
    async with ParsePool(size=1, entry="sandbox_hooks:connect", network="auto") as pool:
        report["auto_worker"] = await pool.run(
            b"%PDF", timeout_s=30, memory_mb=256, kwargs={"port": port}
        )
    return report


def main() -> None:
    port = int(sys.argv[1])
    deny_unshare()
    sys.stdout.write(json.dumps(asyncio.run(_report(port))) + "\n")


if __name__ == "__main__":
    main()
