"""The installed ``resumeflow`` command against the whole local stack."""

from __future__ import annotations

import json
import os
import pty
import struct
import subprocess
import sys
from fcntl import ioctl
from pathlib import Path
from termios import TIOCSWINSZ

import jsonschema
import pytest

from resumeflow_dev.samples import SampleResume, corrupt_pdf, resume_docx, resume_pdf
from resumeflow_dev.stack import Stack

pytestmark = pytest.mark.e2e

CLI = str(Path(sys.executable).parent / "resumeflow")  # the console script uv installed
SCHEMA = json.loads(
    (
        Path(__file__).parents[1] / "services" / "fixtures" / "jsonresume-1.0.0-subset.schema.json"
    ).read_text()
)


def run(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RESUMEFLOW_URL": stack.api_url, "NO_COLOR": "1"}
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, env=env, timeout=180, check=False
    )


def run_in_terminal(stack: Stack, *args: str) -> tuple[int, str]:
    """Run under a pseudo-terminal (80x24), as a person would; returns (exit code, screen bytes)."""
    leader, follower = pty.openpty()
    ioctl(follower, TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "RESUMEFLOW_URL": stack.api_url, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [CLI, *args], stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode(errors="replace")


def test_upload_a_directory_wait_and_use_the_results(stack: Stack, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "more").mkdir(parents=True)
    (folder / "ann.pdf").write_bytes(resume_pdf(SampleResume(name="Ann Lee")))
    (folder / "more" / "bo.PDF").write_bytes(resume_pdf(SampleResume(name="Bo Yang")))
    (folder / "broken.pdf").write_bytes(corrupt_pdf())
    (folder / "cy.docx").write_bytes(resume_docx(SampleResume(name="Cy Park")))
    (folder / "notes.txt").write_text("not a resume")

    result = run(stack, "upload", str(folder), "--batch", "inbox", "--wait")
    assert result.returncode == 1, result.stderr  # one resume failed
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    names = [Path(r[2]).name for r in rows]
    assert names == ["ann.pdf", "broken.pdf", "cy.docx", "bo.PDF"]  # .txt skipped
    by_name = {r[2]: r for r in rows}
    assert by_name["ann.pdf"][1] == "completed"
    assert by_name["bo.PDF"][1] == "completed"
    assert by_name["cy.docx"][1] == "completed"
    assert by_name["broken.pdf"][1:] == ["failed", "broken.pdf", "pdf_corrupt"]
    assert "done: 4 resume(s), 3 completed, 1 failed" in result.stderr
    batch_id = result.stderr.split("batch ", 1)[1].split()[0]

    ann = by_name["ann.pdf"][0]
    assert run(stack, "status", ann).stdout.split("\t")[:2] == [ann, "completed"]
    assert run(stack, "status", by_name["broken.pdf"][0]).returncode == 1
    got = run(stack, "get", ann, "-o", "json")
    assert json.loads(got.stdout)["profile"]["name"]["value"] == "Ann Lee"
    assert "Ann Lee" in run(stack, "get", ann).stdout  # the table
    exported = run(stack, "export", ann, "--format", "jsonresume")
    document = json.loads(exported.stdout)
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["basics"]["name"] == "Ann Lee"
    assert document["work"][0]["name"] == "Acme Corp"
    assert json.loads(run(stack, "export", ann, "--format", "json").stdout)["name"]["value"] == (
        "Ann Lee"
    )

    refused = run(stack, "cancel", ann)
    assert refused.returncode == 3
    assert "not_cancellable" in refused.stderr
    assert run(stack, "batches").stdout.split("\t")[:3] == [batch_id, "completed", "4/4"]
    watched = run(stack, "watch", batch_id)
    assert watched.returncode == 1  # the batch has a failed resume
    assert json.loads(watched.stdout)["counts"] == {"completed": 3, "failed": 1}
    retried = run(stack, "retry", by_name["broken.pdf"][0])
    assert retried.returncode == 0
    assert retried.stdout.split("\t")[2].strip() == "run 2"
    assert run(stack, "status", "no-such-id").returncode == 3


def test_the_progress_bar_renders_in_a_terminal(stack: Stack, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("Cy Ng", "Di Ho"):
        (folder / f"{name}.pdf").write_bytes(resume_pdf(SampleResume(name=name)))

    code, screen = run_in_terminal(stack, "upload", str(folder), "--wait")
    assert code == 0, screen
    assert "━" in screen  # rich's bar
    assert "uploading" in screen
    assert "processing" in screen
    assert "2/2" in screen
    assert "\x1b[" in screen  # drawn with terminal control sequences, i.e. live
