"""The sandbox: results and rejections cross the process boundary; hostile work dies alone.

Each test spawns real child processes (a few seconds each: PyMuPDF's import), so
they are marked slow. ``sandbox_hooks`` provides misbehaving entry points; the
children find it through ``PYTHONPATH``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pdfs
import pytest
from pdfs import TODAY

from resumeflow_dev.requires import needs
from resumeflow_parser import sandbox
from resumeflow_parser.extract import ocr
from resumeflow_parser.sandbox import ParserPool, SandboxError, parse_isolated
from resumeflow_shared.errors import ErrorCode, Rejected

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def _hooks_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", f"{HERE}{os.pathsep}{path}" if path else str(HERE))
    yield
    assert _children() == [], "a sandbox child outlived its test"


def _children() -> list[int]:
    """Our live (non-zombie) sandbox children, from /proc."""
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
        if ppid == os.getpid() and state != "Z" and b"extract_worker" in cmdline:
            found.append(int(entry.name))
    return found


async def test_a_resume_parses_in_a_child_with_the_same_result_as_in_process() -> None:
    result = await parse_isolated(
        pdfs.one_column(), timeout_s=60, memory_mb=1024, today=TODAY, default_region="US"
    )

    assert result.fields.name is not None
    assert result.fields.name.value == "Jane Q. Doe"
    assert result.fields.total_experience_months == 103  # "today" crossed the boundary
    assert result.fields.phones[0].value == "+14155550132"


async def test_a_rejection_in_the_child_is_the_same_rejection_here() -> None:
    encrypted = pdfs.encrypted(pdfs.one_column(), user_pw="s3cret")

    with pytest.raises(Rejected) as caught:
        await parse_isolated(encrypted, timeout_s=60, memory_mb=1024)

    assert caught.value.code == ErrorCode.PDF_ENCRYPTED
    assert caught.value.message == "the PDF is protected by a password"


async def test_a_document_that_takes_too_long_is_killed() -> None:
    # Twenty pages of densely packed glyphs take seconds to lay out, not one (four
    # pages took about one second before the parser got faster).
    bomb = pdfs.text_bomb(pages=20)

    with pytest.raises(Rejected) as caught:
        await parse_isolated(bomb, timeout_s=1, memory_mb=1024)

    assert caught.value.code == ErrorCode.PARSE_TIMEOUT
    result = await parse_isolated(pdfs.two_column(), timeout_s=60, memory_mb=1024)
    assert result.fields.name is not None
    assert result.fields.name.value == "Marcus Lindqvist"


@needs(ocr.find_tessdata() is not None, "Tesseract (tesseract-ocr) with its language data")
async def test_a_scan_over_the_memory_budget_is_a_resource_limit() -> None:
    scan = pdfs.image_only(["Maria Garcia", "maria.garcia@example.com"])

    with pytest.raises(Rejected) as caught:
        await parse_isolated(scan, timeout_s=60, memory_mb=16)

    assert caught.value.code == ErrorCode.PARSE_RESOURCE_LIMIT
    result = await parse_isolated(scan, timeout_s=60, memory_mb=1024)
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
async def test_misbehaving_children_map_to_codes(
    hook: str, timeout_s: float, memory_mb: int, code: ErrorCode, says: str
) -> None:
    async with ParserPool(spares=0, entry=f"sandbox_hooks:{hook}") as pool:
        with pytest.raises(Rejected) as caught:
            await pool.run(b"%PDF-1.7", timeout_s=timeout_s, memory_mb=memory_mb)
    assert caught.value.code == code
    assert says in caught.value.message


async def test_a_bug_in_the_child_is_not_blamed_on_the_document() -> None:
    async with ParserPool(spares=0, entry="sandbox_hooks:bug") as pool:
        with pytest.raises(SandboxError, match="KeyError"):
            await pool.run(b"%PDF-1.7", timeout_s=30, memory_mb=256)


async def test_a_child_that_cannot_start_is_a_sandbox_error() -> None:
    with pytest.raises(SandboxError, match="failed to start"):
        await sandbox.ParserPool(spares=0, entry="no_such_module:parse").run(
            b"%PDF-1.7", timeout_s=30, memory_mb=256
        )


async def test_the_pool_keeps_warm_single_use_children_and_cleans_up() -> None:
    async with ParserPool(spares=2, entry="sandbox_hooks:echo") as pool:
        await asyncio.sleep(0)
        replies = await asyncio.gather(
            *(
                pool.run(b"x" * n, timeout_s=30, memory_mb=256, kwargs={"today": TODAY})
                for n in (1, 2, 3)
            )
        )
        assert [r["size"] for r in replies] == [1, 2, 3]
        assert replies[0]["kwargs"] == {"today": "datetime.date(2024, 6, 15)"}
        await asyncio.sleep(0)
        assert len(_children()) <= 2  # only the refilled spares remain
    assert _children() == []
