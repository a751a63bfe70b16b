"""The parse pool: long-lived workers keep the sandbox's limits and codes, survive
hostile documents, are recycled, and never see the service's secrets.

Each pool starts real worker processes (PyMuPDF's import: a second or two each), so
these are marked slow. ``sandbox_hooks`` provides misbehaving entry points; the
workers get the test's ``sys.path`` from the pool, not from the environment.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pdfs
import pytest
from pdfs import TODAY

from resumeflow_dev.requires import needs
from resumeflow_parser.extract import ocr
from resumeflow_parser.pool import ENV_ALLOWED, ParsePool
from resumeflow_shared.errors import ErrorCode, Rejected

pytestmark = pytest.mark.slow

HERE = str(Path(__file__).parent)
HOOKS = "sandbox_hooks:dispatch"


@pytest.fixture(autouse=True)
def _hooks_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sys, "path", [HERE, *sys.path])
    yield
    assert _workers() == [], "a pool worker outlived its pool"


def _workers() -> list[int]:
    """Our live (non-zombie) pool workers, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, ppid = fields[0], int(fields[1])
        if ppid == os.getpid() and state != "Z" and b"pool_worker" in cmdline:
            found.append(int(entry.name))
    return found


async def _hook(pool: ParsePool, hook: str, data: bytes = b"%PDF", **kwargs: object) -> object:
    timeout_s = float(kwargs.pop("timeout_s", 30))  # type: ignore[arg-type]
    memory_mb = int(kwargs.pop("memory_mb", 512))  # type: ignore[call-overload]
    return await pool.run(
        data, timeout_s=timeout_s, memory_mb=memory_mb, kwargs={"hook": hook, **kwargs}
    )


async def _pid_from(fifo: Path) -> int:
    """Wait for a hook to write its pid into ``fifo`` (opening it blocks until then)."""
    return int(await asyncio.wait_for(asyncio.to_thread(fifo.read_text), 60))


async def test_resumes_parse_in_the_pool_with_the_in_process_result() -> None:
    async with ParsePool(size=2) as pool:
        one, two = await asyncio.gather(
            pool.parse(pdfs.one_column(), timeout_s=60, memory_mb=1024, today=TODAY),
            pool.parse(pdfs.two_column(), timeout_s=60, memory_mb=1024, today=TODAY),
        )
        assert len(pool.worker_pids()) == 2
    assert one.fields.name is not None
    assert one.fields.name.value == "Jane Q. Doe"
    assert one.fields.total_experience_months == 103  # "today" crossed the pipe
    assert two.fields.name is not None
    assert two.fields.name.value == "Marcus Lindqvist"


async def test_hostile_documents_fail_with_their_code_and_the_pool_keeps_serving() -> None:
    hostile = [
        # Twenty pages of densely packed glyphs take seconds to lay out, not one.
        (pdfs.text_bomb(pages=20), {"timeout_s": 1}, ErrorCode.PARSE_TIMEOUT),
        (pdfs.pages(40), {"max_pages": 30}, ErrorCode.TOO_MANY_PAGES),
        (pdfs.encrypted(pdfs.one_column(), user_pw="s3cret"), {}, ErrorCode.PDF_ENCRYPTED),
        (b"%PDF-1.7\n" + b"\x00" * 64, {}, ErrorCode.PDF_CORRUPT),
    ]
    async with ParsePool(size=2) as pool:
        for data, options, code in hostile:
            timeout_s = float(options.pop("timeout_s", 60))
            with pytest.raises(Rejected) as caught:
                await pool.parse(data, timeout_s=timeout_s, memory_mb=1024, **options)
            assert caught.value.code == code, data[:20]
            good = await pool.parse(pdfs.one_column(), timeout_s=60, memory_mb=1024)
            assert good.fields.name is not None
            assert good.fields.name.value == "Jane Q. Doe"


@needs(ocr.find_tessdata() is not None, "Tesseract (tesseract-ocr) with its language data")
async def test_a_scan_over_the_memory_budget_is_a_resource_limit_and_the_next_one_parses() -> None:
    scan = pdfs.image_only(["Maria Garcia", "maria.garcia@example.com"])
    async with ParsePool(size=1) as pool:
        with pytest.raises(Rejected) as caught:
            await pool.parse(scan, timeout_s=60, memory_mb=16)
        assert caught.value.code == ErrorCode.PARSE_RESOURCE_LIMIT
        result = await pool.parse(scan, timeout_s=60, memory_mb=1024)
    assert result.ocr
    assert "maria.garcia@example.com" in result.pages[0].text


@pytest.mark.parametrize(
    ("hook", "timeout_s", "memory_mb", "code", "says"),
    [
        ("sleep", 3, 1024, ErrorCode.PARSE_TIMEOUT, "took longer than 3 seconds"),
        # A generous wall clock, so the (lowered) CPU limit is what ends it.
        ("spin_past_cpu_limit", 60, 1024, ErrorCode.PARSE_TIMEOUT, "more CPU time"),
        ("allocate", 60, 256, ErrorCode.PARSE_RESOURCE_LIMIT, "needs more memory"),
        ("crash", 60, 1024, ErrorCode.PARSE_RESOURCE_LIMIT, "killed (SIGSEGV)"),
        ("reject", 60, 1024, ErrorCode.PDF_ENCRYPTED, "protected by a password"),
    ],
)
async def test_misbehaving_documents_map_to_codes_and_the_pool_recovers(
    hook: str, timeout_s: float, memory_mb: int, code: ErrorCode, says: str
) -> None:
    async with ParsePool(size=1, entry=HOOKS) as pool:
        with pytest.raises(Rejected) as caught:
            await _hook(pool, hook, timeout_s=timeout_s, memory_mb=memory_mb)
        assert caught.value.code == code
        assert says in caught.value.message
        echo = await _hook(pool, "echo", b"%PDF-x")
        assert echo == {"size": 6, "kwargs": {}}


async def test_a_document_that_kills_every_worker_fails_after_bounded_tries(
    tmp_path: Path,
) -> None:
    tries = tmp_path / "tries"
    async with ParsePool(size=2, max_tries=3, entry=HOOKS) as pool:
        deadly = asyncio.create_task(_hook(pool, "die", tries=str(tries)))
        good = await asyncio.gather(*(_hook(pool, "echo", b"x" * n) for n in range(1, 6)))
        with pytest.raises(Rejected) as caught:
            await deadly
        after = await _hook(pool, "echo", b"after")
    assert caught.value.code == ErrorCode.PARSE_RESOURCE_LIMIT
    assert "SIGKILL" in caught.value.message
    killed = tries.read_text().split()
    assert len(killed) == 3  # max_tries workers, each a different process
    assert len(set(killed)) == 3
    assert [g["size"] for g in good] == [1, 2, 3, 4, 5]  # type: ignore[index]
    assert after == {"size": 5, "kwargs": {}}


async def test_a_worker_killed_mid_document_is_replaced_and_the_document_retried(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "pid"
    os.mkfifo(marker)
    async with ParsePool(size=2, entry=HOOKS) as pool:
        paused = asyncio.create_task(_hook(pool, "pause_once", b"doc", marker=str(marker)))
        victim = await _pid_from(marker)
        assert victim in pool.worker_pids()
        # The other worker keeps serving while one is busy with the paused document.
        meanwhile = await asyncio.gather(*(_hook(pool, "echo", b"y" * n) for n in (1, 2, 3)))
        os.kill(victim, signal.SIGKILL)
        retried = await paused
        # Two documents at once take both workers: the survivor and the replacement.
        now = await asyncio.gather(_hook(pool, "pid"), _hook(pool, "pid"))
    assert len(set(now)) == 2
    assert victim not in now
    assert [m["size"] for m in meanwhile] == [1, 2, 3]  # type: ignore[index]
    assert isinstance(retried, dict)
    assert retried["size"] == 3
    assert retried["pid"] != victim


async def test_workers_are_recycled_after_max_docs() -> None:
    async with ParsePool(size=1, max_docs=3, entry=HOOKS) as pool:
        pids = [await _hook(pool, "pid") for _ in range(7)]
    assert pids[0] == pids[1] == pids[2]
    assert pids[3] == pids[4] == pids[5]
    assert len({pids[0], pids[3], pids[6]}) == 3


async def test_a_worker_whose_rss_grows_past_the_threshold_is_recycled() -> None:
    async with ParsePool(size=1, max_rss_mb=200, entry=HOOKS) as pool:
        # Each document leaks 128 MiB into its worker: under 200 MB after the
        # first, over it after the second.
        pids = [await _hook(pool, "hoard", mb=128) for _ in range(3)]
    assert pids[0] == pids[1]
    assert pids[2] != pids[1]


async def test_workers_see_no_secrets_from_the_service_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MONGODB_URL", "mongodb://admin:hunter2@db:27017")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    monkeypatch.setenv("NATS_URL", "nats://user:pass@bus:4222")
    monkeypatch.setenv("PATH", os.environ["PATH"])
    async with ParsePool(size=1, entry=HOOKS) as pool:
        seen = await _hook(pool, "environ")
    assert isinstance(seen, dict)
    assert "MONGODB_URL" not in seen
    assert "OPENAI_API_KEY" not in seen
    assert "NATS_URL" not in seen
    assert not any("hunter2" in value or "sk-secret" in value for value in seen.values())
    assert seen["PATH"] == os.environ["PATH"]
    allowed = {*ENV_ALLOWED, "MALLOC_ARENA_MAX", "OMP_THREAD_LIMIT"}
    assert set(seen) <= allowed
