"""Progress over a whole batch, drawn with ``rich`` on stderr (stdout stays for results).

In a terminal the bar redraws in place; piped, nothing but the final lines is printed.
Batch progress is polled from ``GET /v1/batches/{id}``, whose counts come from the
resumes themselves, so the bar is right even if the CLI starts watching late.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from resumeflow_cli.api import Api

POLL_SECONDS = 0.5


def stderr_console() -> Console:
    return Console(stderr=True)


@contextmanager
def bar(console: Console) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    with progress:
        yield progress


def _detail(batch: dict[str, Any]) -> str:
    counts = batch["counts"]
    failed = counts.get("failed", 0) + counts.get("cancelled", 0)
    eta = batch.get("eta_seconds")
    parts = [f"{batch['percent_done']:.0f}%"]
    if failed:
        parts.append(f"{failed} failed/cancelled")
    if eta:
        parts.append(f"ETA {eta:.0f}s")
    return " ".join(parts)


def follow(
    api: Api, batch_id: str, progress: Progress, task: TaskID | None = None
) -> dict[str, Any]:
    """Poll the batch until it is completed; the bar counts terminal resumes."""
    if task is None:
        task = progress.add_task("processing", total=None, detail="")
    while True:
        batch = api.batch(batch_id)
        progress.update(
            task, total=batch["total"] or None, completed=batch["terminal"], detail=_detail(batch)
        )
        if batch["state"] == "completed":
            return batch
        time.sleep(POLL_SECONDS)
