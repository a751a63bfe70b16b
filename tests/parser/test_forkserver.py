"""The fork-server sandbox the parser service uses: same limits, same outcome codes as
the spawn sandbox, and the worker survives every misbehaving child."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_parser.forkserver import ForkParser
from resumeflow_parser.sandbox import SandboxError
from resumeflow_shared.errors import ErrorCode, Rejected

pytestmark = pytest.mark.slow

HERE = str(Path(__file__).parent)


@pytest.fixture(autouse=True)
def _hooks_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", [HERE, *sys.path])


async def test_a_real_resume_parses_in_a_forked_child() -> None:
    result = await ForkParser().parse(
        resume_pdf(SampleResume(name="José Álvarez-Núñez")), timeout_s=60, memory_mb=1024
    )
    assert result.fields.name is not None
    assert result.fields.name.value == "José Álvarez-Núñez"


@pytest.mark.parametrize(
    ("hook", "timeout_s", "memory_mb", "code"),
    [
        ("sleep", 3, 1024, ErrorCode.PARSE_TIMEOUT),
        ("spin_past_cpu_limit", 60, 1024, ErrorCode.PARSE_TIMEOUT),
        ("allocate", 60, 256, ErrorCode.PARSE_RESOURCE_LIMIT),
        ("crash", 60, 1024, ErrorCode.PARSE_RESOURCE_LIMIT),
        ("reject", 60, 1024, ErrorCode.PDF_ENCRYPTED),
    ],
)
async def test_misbehaving_children_map_to_codes_and_the_parent_survives(
    hook: str, timeout_s: float, memory_mb: int, code: ErrorCode
) -> None:
    parser = ForkParser(entry=f"sandbox_hooks:{hook}")
    with pytest.raises(Rejected) as caught:
        await parser.run(b"%PDF-1.7", timeout_s=timeout_s, memory_mb=memory_mb)
    assert caught.value.code == code
    echo = await ForkParser(entry="sandbox_hooks:echo").run(b"%PDF-x", timeout_s=30, memory_mb=512)
    assert echo is not None


async def test_a_bug_in_the_child_is_not_blamed_on_the_document() -> None:
    with pytest.raises(SandboxError, match="KeyError"):
        await ForkParser(entry="sandbox_hooks:bug").run(b"%PDF", timeout_s=30, memory_mb=512)
