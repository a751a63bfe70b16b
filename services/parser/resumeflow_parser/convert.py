"""DOCX -> PDF with LibreOffice headless, so a Word resume is parsed like any PDF.

Converting (rather than reading the DOCX's XML) keeps one extractor and real page
provenance: boxes point at where LibreOffice laid the text out, and the console can
show the page. bench/docx_compare.py measures this against reading with python-docx
(docs/architecture.md#word-documents has the numbers and the reasons).

LibreOffice gets the sandbox treatment the PDF parse gets, adapted to a program we
do not control: its own process group (killed whole at the deadline), a private
temporary directory holding the input, the output and a fresh user profile
(``-env:UserInstallation``, so concurrent conversions never share one and nothing
from one document survives into the next), a minimal environment with no database
URL or keys, and a CPU-time limit. No address-space limit: soffice maps far more
than it uses, so one would fail good documents long before it stopped a bad one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import resource
import shutil
import signal
import tempfile
from pathlib import Path

from resumeflow_shared.errors import ErrorCode, Rejected

log = logging.getLogger(__name__)

_CANDIDATES = ("soffice", "libreoffice")
_OUTPUT_TAIL = 500


class ConverterMissing(RuntimeError):
    """No LibreOffice on this machine: a deployment problem, retried, never the document's."""


class Converter:
    """:func:`docx_to_pdf` with at most ``concurrency`` LibreOffice processes at once.

    Each one holds a few hundred MiB next to the parse workers; the parser's memory
    limit is sized for ``PARSER_CONVERT_CONCURRENCY`` of them, not for one per handler.
    """

    def __init__(self, *, timeout_s: float, concurrency: int = 1, soffice: str | None = None):
        self._timeout_s = timeout_s
        self._slots = asyncio.Semaphore(concurrency)
        self._soffice = soffice

    async def to_pdf(self, data: bytes) -> bytes:
        async with self._slots:
            return await docx_to_pdf(data, timeout_s=self._timeout_s, soffice=self._soffice)


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


async def docx_to_pdf(data: bytes, *, timeout_s: float, soffice: str | None = None) -> bytes:
    """The PDF LibreOffice makes of ``data``.

    Raises :class:`Rejected` ``conversion_failed`` when LibreOffice cannot read the
    document or runs past ``timeout_s``; :class:`ConverterMissing` without LibreOffice.
    """
    program = soffice or find_soffice()
    if program is None:
        raise ConverterMissing("LibreOffice (soffice) is not installed on this parser")
    with tempfile.TemporaryDirectory(prefix="resumeflow-docx-") as tmp:
        work = Path(tmp)
        source = work / "resume.docx"
        source.write_bytes(data)
        output = await _run(program, work, source, timeout_s)
        pdf = work / "out" / "resume.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            log.warning("docx conversion produced nothing", extra={"output": output})
            raise Rejected(
                ErrorCode.CONVERSION_FAILED,
                "the DOCX could not be converted to PDF (damaged or not a Word document)",
            )
        return pdf.read_bytes()


async def _run(program: str, work: Path, source: Path, timeout_s: float) -> str:
    cmd = [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(work / "out"),
        str(source),
    ]
    cpu_s = math.ceil(timeout_s) + 1
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=work,
        env=_env(work),
        start_new_session=True,  # its own process group: the kill takes oosplash's children
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 2)),
    )
    try:
        async with asyncio.timeout(timeout_s):
            out, _ = await proc.communicate()
    except TimeoutError:
        log.warning("docx conversion timed out", extra={"timeout_s": timeout_s})
        raise Rejected(
            ErrorCode.CONVERSION_FAILED,
            f"converting the DOCX to PDF took longer than {timeout_s:g} seconds",
        ) from None
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
    return out.decode(errors="replace")[-_OUTPUT_TAIL:]


def _env(work: Path) -> dict[str, str]:
    """Only what LibreOffice needs to start; none of the worker's settings or secrets."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",  # no display, no X11 probing
    }
    return env
