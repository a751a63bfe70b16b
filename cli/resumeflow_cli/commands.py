"""What each subcommand does. Each returns its exit code (see ``main``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from resumeflow_cli import progress
from resumeflow_cli.api import Api

OK, FAILED, USAGE, API_ERROR = 0, 1, 2, 3
SUFFIXES = {".pdf", ".docx"}
UNSUCCESSFUL = {"failed", "cancelled"}


class UsageError(Exception):
    """Bad arguments the parser could not catch (exit code 2)."""


def expand(paths: list[str]) -> list[Path]:
    """Files as given; directories replaced by the PDFs/DOCX files under them, sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or directory: {raw}")
    if not files:
        raise UsageError("no PDF or DOCX files to upload")
    return files


def _line(*fields: object) -> str:
    return "\t".join("" if f is None else str(f) for f in fields)


def upload(api: Api, paths: list[str], batch_name: str | None, wait: bool) -> int:
    files = expand(paths)
    err = progress.stderr_console()
    batch = api.create_batch(batch_name)
    err.print(f"batch {batch['id']}", highlight=False)
    results: list[dict[str, Any]] = []
    final: dict[str, Any] = {}
    with progress.bar(err) as bar:
        task = bar.add_task("uploading", total=len(files), detail="")
        for path in files:
            results.append(api.upload_into(batch["id"], path))
            bar.advance(task)
        api.close_batch(batch["id"])
        if wait:
            final = progress.follow(api, batch["id"], bar)
    rejected = [r for r in results if r.get("error")]
    if not wait:
        for r in results:
            error = r.get("error") or {}
            print(
                _line(
                    r.get("id") or "-",
                    r.get("status") or "rejected",
                    r["filename"],
                    error.get("code"),
                )
            )
        return FAILED if rejected else OK
    by_id = {r["id"]: r for r in api.batch_resumes(batch["id"])}
    for r in results:
        if r.get("error"):
            print(_line("-", "rejected", r["filename"], r["error"]["code"]))
            continue
        resume = by_id.get(r["id"], {})
        error = resume.get("error") or {}
        print(_line(r["id"], resume.get("status"), r["filename"], error.get("code")))
    counts = final["counts"]
    err.print(
        f"done: {final['total']} resume(s), "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + (f"; {len(rejected)} file(s) rejected" if rejected else ""),
        highlight=False,
    )
    unsuccessful = sum(counts.get(s, 0) for s in UNSUCCESSFUL)
    return FAILED if rejected or unsuccessful else OK


def watch(api: Api, batch_id: str) -> int:
    err = progress.stderr_console()
    with progress.bar(err) as bar:
        final = progress.follow(api, batch_id, bar)
    counts = final["counts"]
    print(json.dumps({"batch_id": batch_id, "total": final["total"], "counts": counts}))
    return FAILED if any(counts.get(s) for s in UNSUCCESSFUL) else OK


def status(api: Api, resume_id: str) -> int:
    resume = api.request("GET", f"/v1/resumes/{resume_id}")
    error = resume.get("error") or {}
    print(_line(resume["id"], resume["status"], resume["file"]["filename"], error.get("code")))
    return FAILED if resume["status"] in UNSUCCESSFUL else OK


def _profile_table(resume: dict[str, Any]) -> Table:
    table = Table(title=f"{resume['file']['filename']} ({resume['status']})", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    profile = resume.get("profile") or {}
    name = (profile.get("name") or {}).get("value")
    rows: list[tuple[str, str | None]] = [
        ("id", resume["id"]),
        ("status", resume["status"]),
        ("name", name),
        ("headline", profile.get("headline")),
        ("emails", ", ".join(e["value"] for e in profile.get("emails", []))),
        ("phones", ", ".join(p["value"] for p in profile.get("phones", []))),
        ("location", (profile.get("location") or {}).get("value")),
        ("skills", ", ".join(s["name"] for s in profile.get("skills", []))),
    ]
    for job in profile.get("experience", []):
        end = "now" if job.get("is_current") else job.get("end") or "?"
        span = f"{job.get('start') or '?'} - {end}"
        rows.append(
            ("experience", f"{job.get('title') or ''} @ {job.get('employer') or ''} ({span})")
        )
    for school in profile.get("education", []):
        rows.append(
            ("education", f"{school.get('degree') or ''} {school.get('institution') or ''}")
        )
    if resume.get("error"):
        rows.append(("error", f"{resume['error']['code']}: {resume['error']['message']}"))
    for field, value in rows:
        if value:
            table.add_row(field, value)
    return table


def get(api: Api, resume_id: str, output: str) -> int:
    resume = api.request("GET", f"/v1/resumes/{resume_id}")
    if output == "json":
        print(json.dumps(resume, indent=2, ensure_ascii=False))
    else:
        Console().print(_profile_table(resume))
    return OK


def export(api: Api, resume_id: str, fmt: str) -> int:
    document = api.request("GET", f"/v1/resumes/{resume_id}/export", params={"format": fmt})
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return OK


def cancel(api: Api, target: str, batch: bool) -> int:
    if batch:
        result = api.request("POST", f"/v1/batches/{target}/cancel")
        for resume_id in result["cancelled"]:
            print(_line(resume_id, "cancelled"))
        return OK
    resume = api.request("POST", f"/v1/resumes/{target}/cancel")
    print(_line(resume["id"], resume["status"]))
    return OK


def retry(api: Api, resume_id: str, stage: str | None) -> int:
    body = {"stage": stage} if stage else None
    resume = api.request("POST", f"/v1/resumes/{resume_id}/replay", json=body)
    print(_line(resume["id"], resume["status"], f"run {resume['run']}"))
    return OK


def delete(api: Api, resume_id: str) -> int:
    api.request("DELETE", f"/v1/resumes/{resume_id}")
    print(_line(resume_id, "deleted"))
    return OK


def batches(api: Api, limit: int) -> int:
    listed = api.request("GET", "/v1/batches", params={"limit": limit})["items"]
    for b in listed:
        print(
            _line(
                b["id"],
                b["state"],
                f"{b['terminal']}/{b['total']}",
                f"{b['percent_done']:.0f}%",
                b.get("name"),
            )
        )
    return OK
