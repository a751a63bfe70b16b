"""Batches and cancel across the four real services over real NATS JetStream."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from typing import Any

import httpx
import nats
import pytest

from resumeflow_dev import client
from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.samples import SampleResume, resume_pdf
from resumeflow_dev.stack import Stack
from resumeflow_dev.webhook_sink import TEST_SECRET, WebhookSink
from resumeflow_notifier.signing import verify
from resumeflow_shared.settings import STREAM

pytestmark = pytest.mark.e2e

NAMES = ["Alice Martin", "Bruno Costa", "Chen Wei"]


def consumer_idle(nats_url: str, consumer: str) -> bool:
    """The stage has nothing pending and nothing unacknowledged."""

    async def check() -> bool:
        nc = await nats.connect(nats_url)
        try:
            info = await nc.jetstream().consumer_info(STREAM, consumer)
        finally:
            await nc.close()
        return info.num_pending == 0 and info.num_ack_pending == 0

    return asyncio.run(check())


def sse_events(url: str, out: queue.Queue[tuple[str, dict[str, Any]]]) -> None:
    """Read ``event:``/``data:`` pairs into ``out`` until the server ends the stream."""
    event = ""
    with httpx.stream("GET", url, timeout=httpx.Timeout(5, read=120)) as response:
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                out.put((event, json.loads(line.removeprefix("data: "))))
    out.put(("end", {}))


def batch_hooks(sink: WebhookSink, batch_id: str) -> list[dict[str, Any]]:
    hooks = [r.json() for r in list(sink.received)]
    return [
        h for h in hooks if h["type"] == "batch.completed" and h["data"]["batch_id"] == batch_id
    ]


def test_batch_progress_completion_callback_and_counts_after_replay(
    stack: Stack, sink: WebhookSink
) -> None:
    api = stack.api_url
    batch = httpx.post(
        f"{api}/v1/batches", json={"name": "e2e", "callback_url": sink.url}, timeout=10
    ).json()
    events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
    reader = threading.Thread(
        target=sse_events, args=(f"{api}/v1/batches/{batch['id']}/events", events), daemon=True
    )
    reader.start()
    first = events.get(timeout=30)
    assert first[0] == "progress"
    assert first[1]["total"] == 0

    files = [
        ("files", (f"{n}.pdf", resume_pdf(SampleResume(name=n)), "application/pdf")) for n in NAMES
    ]
    upload = httpx.post(
        f"{api}/v1/batches/{batch['id']}/resumes", files=files, data={"close": "true"}, timeout=30
    )
    assert upload.status_code == 202, upload.text
    assert upload.json()["accepted"] == 3

    seen = [first]
    while seen[-1][0] not in ("completed", "end"):
        seen.append(events.get(timeout=120))
    kind, final = seen[-1]
    assert kind == "completed", seen
    assert final["counts"] == {"completed": 3}
    assert (final["percent_done"], final["state"]) == (100.0, "completed")
    assert all(k == "progress" for k, _ in seen[:-1])
    assert len(seen) >= 3, "the stream reports progress between start and completion"
    assert events.get(timeout=10)[0] == "end"

    client.wait_for(lambda: batch_hooks(sink, batch["id"]), what="batch.completed webhook")
    hook = next(r for r in sink.received if r.json()["type"] == "batch.completed")
    assert verify(TEST_SECRET, hook.headers, hook.body)
    assert hook.json()["data"]["counts"] == {"completed": 3}

    # Re-run the whole batch's delivery: counts come back right, no second batch callback.
    replay = httpx.post(
        f"{api}/v1/replays", json={"batch_id": batch["id"], "stage": "notifier"}, timeout=10
    )
    assert len(replay.json()["replayed"]) == 3
    resume_ids = replay.json()["replayed"]

    def replayed_and_settled() -> bool:
        runs = [client.get_resume(api, r) for r in resume_ids]
        done = all(r["run"] == 2 and r["status"] == "completed" for r in runs)
        return done and consumer_idle(stack.nats_url, "notifier")

    client.wait_for(replayed_and_settled, timeout=60, what="replayed resumes delivered")
    got = httpx.get(f"{api}/v1/batches/{batch['id']}", timeout=5).json()
    assert (got["counts"], got["total"], got["percent_done"]) == ({"completed": 3}, 3, 100.0)
    assert len(batch_hooks(sink, batch["id"])) == 1
    listed = httpx.get(f"{api}/v1/batches", timeout=5).json()["items"]
    assert listed[0]["id"] == batch["id"]


def test_cancel_stops_a_resume_during_its_llm_call(
    stack: Stack, sink: WebhookSink, fake_llm: FakeLLM
) -> None:
    api = stack.api_url
    fake_llm.latency_s = 4.0  # the call is in flight for 2-6 s
    fake_llm.force_status = 503  # and would be retried if the resume were still running
    resume_id = client.upload(api, resume_pdf(), callback_url=sink.url).json()["id"]
    client.wait_for(
        lambda: client.get_resume(api, resume_id)["status"] == "enhancing",
        what="enhancing",
    )

    response = httpx.post(f"{api}/v1/resumes/{resume_id}/cancel", timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"

    client.wait_for(lambda: sink.for_resume(resume_id), what="resume.cancelled webhook")
    client.wait_for(lambda: len(fake_llm.calls) >= 1, timeout=30, what="the in-flight call")
    client.wait_for(
        lambda: consumer_idle(stack.nats_url, "enhancer"), timeout=30, what="enhancer settled"
    )
    body = client.get_resume(api, resume_id)
    assert body["status"] == "cancelled"
    assert body["profile"] is None
    assert len(fake_llm.calls) == 1, "the failed in-flight call must not be retried"
    assert [h.json()["type"] for h in sink.for_resume(resume_id)] == ["resume.cancelled"]

    refused = httpx.post(f"{api}/v1/resumes/{resume_id}/cancel", timeout=10)
    assert refused.status_code == 200  # cancelling a cancelled resume is not an error
    fake_llm.latency_s, fake_llm.force_status = 0.0, None
    finished = client.upload(api, resume_pdf(SampleResume(name="Done Person"))).json()["id"]
    assert client.wait_terminal(api, finished)["status"] == "completed"
    conflict = httpx.post(f"{api}/v1/resumes/{finished}/cancel", timeout=10)
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "not_cancellable"
