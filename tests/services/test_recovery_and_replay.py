"""Stalled resumes are recovered then failed; finished resumes can be re-run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import nats
import pytest
from fastapi.testclient import TestClient

from resumeflow_dev.natsd import NatsServer
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_ingest import recovery
from resumeflow_ingest.app import create_app
from resumeflow_ingest.deps import AppState
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.events import EVENTS_BY_SUBJECT, Event
from resumeflow_shared.profile import PageText, ParseResult
from resumeflow_shared.records import ErrorInfo
from resumeflow_shared.store import utcnow


@pytest.fixture
def api(nats_server: NatsServer, mongo_url: str, db_name: str) -> Iterator[TestClient]:
    settings = IngestSettings.model_validate(
        {
            "NATS_URL": nats_server.url,
            "MONGODB_URL": mongo_url,
            "MONGODB_DB": db_name,
            "stall_after_seconds": 60,
            "stall_recoveries": 1,
            "sweep_interval_seconds": 3600,
        }
    )
    with TestClient(create_app(settings)) as client:
        yield client


def state_of(api: TestClient) -> AppState:
    state: AppState = api.app.state.resumeflow  # type: ignore[attr-defined]
    return state


def run(api: TestClient, coro: Any) -> Any:
    """Run a coroutine on the app's event loop (the TestClient's portal)."""
    return api.portal.call(lambda: coro)  # type: ignore[union-attr]


def events(nats_url: str, subject: str) -> list[Event]:
    async def read() -> list[Event]:
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        sub = await js.subscribe(subject, ordered_consumer=True)
        out: list[Event] = []
        try:
            while True:
                msg = await sub.next_msg(timeout=1)
                out.append(EVENTS_BY_SUBJECT[msg.subject].model_validate_json(msg.data))
        except nats.errors.TimeoutError:
            return out
        finally:
            await nc.close()

    return asyncio.run(read())


def age(api: TestClient, resume_id: str, seconds: float) -> None:
    run(
        api,
        state_of(api).store.resumes.update_one(
            {"_id": resume_id}, {"$set": {"updated_at": utcnow() - timedelta(seconds=seconds)}}
        ),
    )


def test_stalled_resume_is_reannounced_then_failed(
    api: TestClient, nats_server: NatsServer
) -> None:
    resume_id = api.post("/v1/resumes", files={"file": ("a.pdf", resume_pdf())}).json()["id"]
    assert api.get(f"/v1/resumes/{resume_id}").json()["stalled"] is False
    age(api, resume_id, 3600)
    assert api.get(f"/v1/resumes/{resume_id}").json()["stalled"] is True

    report = run(api, recovery.sweep(state_of(api)))
    assert (report.stalled, report.recovered, report.failed) == (1, 1, 0)

    age(api, resume_id, 3600)
    report = run(api, recovery.sweep(state_of(api)))
    assert (report.recovered, report.failed) == (0, 1)
    body = api.get(f"/v1/resumes/{resume_id}").json()
    assert body["status"] == "failed"
    assert body["error"]["code"] == "stalled"
    assert body["error"]["stage"] == "parser"
    failed = events(nats_server.url, "resume.failed")
    assert [(e.resume_id, e.code) for e in failed] == [(resume_id, "stalled")]  # type: ignore[attr-defined]


def test_replay_reruns_from_the_failed_stage_with_a_new_run(
    api: TestClient, nats_server: NatsServer
) -> None:
    resume_id = api.post("/v1/resumes", files={"file": ("a.pdf", resume_pdf())}).json()["id"]
    store = state_of(api).store
    parse = ParseResult(page_count=1, pages=[PageText(number=1, width=1, height=1, text="x")])
    run(
        api,
        store.advance("default", resume_id, "parsed", run=1, fields={"parse": parse.model_dump()}),
    )
    error = ErrorInfo(stage="enhancer", code="llm_unavailable", message="down", attempts=5)
    run(api, store.mark_failed("default", resume_id, run=1, error=error))

    not_done = api.post("/v1/resumes/nope/replay")
    assert not_done.status_code == 404
    replayed = api.post(f"/v1/resumes/{resume_id}/replay")
    assert replayed.status_code == 202, replayed.text
    body = replayed.json()
    assert (body["status"], body["run"], body["error"]) == ("parsed", 2, None)
    again = api.post(f"/v1/resumes/{resume_id}/replay")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_replayable"
    parsed = events(nats_server.url, "resume.parsed")
    assert [(e.resume_id, e.run) for e in parsed] == [(resume_id, 2)]


def test_bulk_replay_needs_a_selector(api: TestClient) -> None:
    response = api.post("/v1/replays", json={})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    none = api.post("/v1/replays", json={"status": "failed"}).json()
    assert none == {"replayed": [], "skipped": []}


def test_old_resumes_waiting_in_a_moving_line_are_not_stalled(
    api: TestClient, nats_server: NatsServer
) -> None:
    """An hour of backlog is not a stall while the parser's line moves; a line that
    stopped moving is."""
    from resumeflow_shared.runner import StageSpec, consumer_config
    from resumeflow_shared.settings import WorkerSettings

    ids = [
        api.post(
            "/v1/resumes",
            files={"file": (f"{i}.pdf", resume_pdf(SampleResume(name=f"Person {i}")))},
        ).json()["id"]
        for i in range(3)
    ]
    for resume_id in ids:
        age(api, resume_id, 3600)
    state = state_of(api)
    worker = WorkerSettings.model_validate({"NATS_URL": nats_server.url})
    spec = StageSpec("parser", [], None, None)  # type: ignore[arg-type]
    config = consumer_config(spec, worker)
    config.filter_subjects = ["resume.ingested"]

    async def consume_one() -> None:
        js = state.nc.jetstream()
        await js.add_consumer(worker.stream, config)
        psub = await js.pull_subscribe_bind("parser", stream=worker.stream)
        (msg,) = await psub.fetch(1, timeout=5)
        await msg.ack_sync()
        await psub.unsubscribe()

    watch = recovery.LineWatch()
    run(api, state.nc.jetstream().add_consumer(worker.stream, config))
    first = run(api, recovery.sweep(state, watch=watch))
    assert (first.waiting, first.stalled, first.recovered) == (3, 0, 0)  # a backlog, first look
    run(api, consume_one())
    moving = run(api, recovery.sweep(state, watch=watch))
    assert (moving.waiting, moving.stalled, moving.recovered) == (3, 0, 0)
    stopped = run(api, recovery.sweep(state, watch=watch))  # nothing moved since
    assert (stopped.waiting, stopped.stalled, stopped.recovered) == (0, 3, 3)
    for resume_id in ids:
        assert api.get(f"/v1/resumes/{resume_id}").json()["status"] == "queued"


def test_a_tenant_replays_all_its_dead_letters_behind_any_number_of_others(
    api: TestClient, nats_server: NatsServer
) -> None:
    """1,100 letters of another tenant come first in the stream (the old replay read
    1,000 letters of anyone's and stopped); the tenant's own letter is replayed and the
    other tenant's letters are neither read as its own nor removed."""
    from resumeflow_ingest import dead_letters
    from resumeflow_shared import deadletters
    from resumeflow_shared.events import ResumeIngested

    state = state_of(api)
    resume_id = api.post("/v1/resumes", files={"file": ("a.pdf", resume_pdf())}).json()["id"]
    error = ErrorInfo(stage="parser", code="internal_error", message="bug", attempts=5)
    run(api, state.store.mark_failed("default", resume_id, run=1, error=error))

    async def file_letters() -> None:
        js = state.nc.jetstream()
        for i in range(1101):
            tenant, rid = ("other", f"x{i}") if i < 1100 else ("default", resume_id)
            event = ResumeIngested(
                resume_id=rid,
                tenant_id=tenant,
                file_id="f",
                filename="a.pdf",
                size_bytes=1,
                sha256="0",
            )
            await deadletters.keep(
                js,
                stream="RESUMES",
                seq=10_000 + i,
                original_subject=event.subject,
                data=event.model_dump_json().encode(),
                stage="parser",
                code="internal_error",
                message="bug",
                tenant_id=tenant,
                resume_id=rid,
            )

    run(api, file_letters())
    result = run(api, dead_letters.replay_all(state, "default"))
    assert (result.replayed, result.skipped) == ([resume_id], [])
    assert api.get(f"/v1/resumes/{resume_id}").json()["run"] == 2

    async def letters(subject: str) -> int:
        info = await state.nc.jetstream().stream_info(
            state.settings.dlq_stream, subjects_filter=subject
        )
        return sum((info.state.subjects or {}).values())

    assert run(api, letters(deadletters.tenant_filter("other"))) == 1100
    assert run(api, letters(deadletters.tenant_filter("default"))) == 0


def test_a_replay_does_not_chase_the_dead_letters_it_causes(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replayed resume that fails again at once files a new dead letter behind the
    replay's read position; the replay stops at the letters that existed when it began."""
    from resumeflow_ingest import dead_letters, replay
    from resumeflow_shared import deadletters
    from resumeflow_shared.events import ResumeIngested

    state = state_of(api)
    resume_id = api.post("/v1/resumes", files={"file": ("a.pdf", resume_pdf())}).json()["id"]
    error = ErrorInfo(stage="parser", code="internal_error", message="bug", attempts=5)
    run(api, state.store.mark_failed("default", resume_id, run=1, error=error))
    filed = [0]

    async def file_letter(run_no: int) -> None:
        event = ResumeIngested(
            resume_id=resume_id,
            tenant_id="default",
            run=run_no,
            file_id="f",
            filename="a.pdf",
            size_bytes=1,
            sha256="0",
        )
        filed[0] += 1
        await deadletters.keep(
            state.nc.jetstream(),
            stream="RESUMES",
            seq=20_000 + filed[0],
            original_subject=event.subject,
            data=event.model_dump_json().encode(),
            stage="parser",
            code="internal_error",
            message="bug",
            tenant_id="default",
            resume_id=resume_id,
        )

    real_replay = replay.replay

    async def replay_then_fail_again(*args: Any, **kwargs: Any) -> Any:
        record = await real_replay(*args, **kwargs)
        again = ErrorInfo(stage="parser", code="internal_error", message="bug", attempts=5)
        await state.store.mark_failed("default", record.id, run=record.run, error=again)
        await file_letter(record.run)
        return record

    monkeypatch.setattr(replay, "replay", replay_then_fail_again)
    run(api, file_letter(1))
    result = run(api, dead_letters.replay_all(state, "default"))
    assert result.replayed == [resume_id]  # once, not once per letter it caused
    assert filed[0] == 2
