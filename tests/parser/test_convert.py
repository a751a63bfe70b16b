"""DOCX -> PDF with the real LibreOffice, then the normal PDF parse."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pymupdf
import pytest

from resumeflow_dev.requires import needs
from resumeflow_dev.samples import SampleResume, corrupt_docx, resume_docx
from resumeflow_parser.convert import Converter, docx_to_pdf, find_soffice
from resumeflow_parser.extract import parse_pdf
from resumeflow_shared.errors import ErrorCode, Rejected

needs_soffice = needs(find_soffice() is not None, "LibreOffice (libreoffice-writer-nogui)")
PERSON = SampleResume(
    name="Marta Kowalski",
    email="marta.kowalski@example.com",
    jobs=(("Acme Corp", "Staff Engineer", "Feb 2020 - Present"),),
)


@needs_soffice
async def test_a_docx_becomes_a_pdf_that_parses_with_boxes_on_page_one() -> None:
    pdf = await docx_to_pdf(resume_docx(PERSON), timeout_s=120)
    assert pdf.startswith(b"%PDF-")
    profile = parse_pdf(pdf).fields
    assert profile.name is not None
    assert profile.name.value == PERSON.name
    assert [e.value for e in profile.emails] == [PERSON.email]
    (job,) = profile.experience
    assert (job.employer, job.title) == ("Acme Corp", "Staff Engineer")
    boxes = [profile.name.source, job.source]
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        for box in boxes:
            assert box is not None
            assert box.page == 1
            # the box lies on the page and holds the text it claims to
            x0, y0, x1, y1 = box.bbox
            assert 0 <= x0 < x1 <= page.rect.width
            assert 0 <= y0 < y1 <= page.rect.height
            inside = page.get_textbox(pymupdf.Rect(x0 - 1, y0 - 1, x1 + 1, y1 + 1))
            assert box.text.split() == inside.split()


@needs_soffice
async def test_a_corrupt_docx_fails_with_conversion_failed() -> None:
    with pytest.raises(Rejected) as caught:
        await docx_to_pdf(corrupt_docx(), timeout_s=120)
    assert caught.value.code == ErrorCode.CONVERSION_FAILED


def fake_soffice(tmp_path: Path, body: str) -> str:
    """A stand-in ``soffice`` that runs ``body`` (sh) with LibreOffice's arguments."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


async def test_a_conversion_past_its_deadline_is_killed_and_fails(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    program = fake_soffice(tmp_path, f"echo $$ > {pidfile}; exec sleep 600")
    with pytest.raises(Rejected) as caught:
        await docx_to_pdf(resume_docx(), timeout_s=1, soffice=program)
    assert caught.value.code == ErrorCode.CONVERSION_FAILED
    assert "longer than 1 seconds" in caught.value.message
    with pytest.raises(ProcessLookupError):  # gone, not left running
        os.kill(int(pidfile.read_text()), 0)


async def test_conversions_get_no_secrets_and_a_profile_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONGODB_URL", "mongodb://user:secret@db")
    monkeypatch.setenv("LLM_API_KEY", "sk-secret")
    # Writes its environment and arguments next to the output it is asked for.
    program = fake_soffice(
        tmp_path,
        'for a; do case "$a" in -env:*) profile="$a";; esac; done\n'
        'for a; do if [ "$last" = --outdir ]; then dir="$a"; fi; last="$a"; done\n'
        f'mkdir -p "$dir"; env > {tmp_path}/env.txt; echo "$profile" >> {tmp_path}/profiles\n'
        'printf "%%PDF-1.4 fake" > "$dir/resume.pdf"',
    )
    results = await asyncio.gather(
        *(docx_to_pdf(resume_docx(), timeout_s=30, soffice=program) for _ in range(2))
    )
    assert results == [b"%PDF-1.4 fake"] * 2
    profiles = (tmp_path / "profiles").read_text().split()
    assert len(set(profiles)) == 2
    assert all(p.startswith("-env:UserInstallation=file:///") for p in profiles)
    env = (tmp_path / "env.txt").read_text()
    assert "secret" not in env
    assert "MONGODB_URL" not in env
    assert "LLM_API_KEY" not in env


async def test_a_converter_runs_at_most_its_concurrency_at_once(tmp_path: Path) -> None:
    outdir = 'for a; do if [ "$last" = --outdir ]; then dir="$a"; fi; last="$a"; done\n'
    write_pdf = 'mkdir -p "$dir"; printf "%%PDF-1.4 fake" > "$dir/resume.pdf"'
    running = f"{tmp_path}/running"
    # Notes if another conversion is running while this one runs.
    lonely = fake_soffice(
        tmp_path,
        f"{outdir}ls {running}.* >/dev/null 2>&1 && echo overlap >> {tmp_path}/seen\n"
        f"touch {running}.$$; sleep 0.3; rm {running}.$$\n{write_pdf}",
    )
    one_at_a_time = Converter(timeout_s=30, concurrency=1, soffice=lonely)
    await asyncio.gather(*(one_at_a_time.to_pdf(b"docx") for _ in range(3)))
    assert not (tmp_path / "seen").exists()

    # Finishes only once all three are running at the same time.
    (tmp_path / "soffice").unlink()
    meeting = fake_soffice(
        tmp_path,
        f"{outdir}touch {running}.$$\n"
        f'until [ "$(ls {running}.* | wc -l)" -ge 3 ]; do sleep 0.05; done\n{write_pdf}',
    )
    all_at_once = Converter(timeout_s=60, concurrency=3, soffice=meeting)
    results = await asyncio.gather(*(all_at_once.to_pdf(b"docx") for _ in range(3)))
    assert results == [b"%PDF-1.4 fake"] * 3
