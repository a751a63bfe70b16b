"""DELETE /v1/resumes/{id} against the running system: everything about the resume goes."""

from __future__ import annotations

import asyncio
import hashlib

import httpx
import nats
import pytest
from pymongo import MongoClient

from resumeflow_dev import client
from resumeflow_dev.samples import SampleResume, corrupt_pdf, resume_pdf
from resumeflow_dev.stack import Stack

pytestmark = pytest.mark.e2e


def dead_letters(nats_url: str) -> int:
    async def count() -> int:
        nc = await nats.connect(nats_url)
        try:
            info = await nc.jetstream().stream_info("RESUMES_DLQ")
            return int(info.state.messages)
        finally:
            await nc.close()

    return asyncio.run(count())


def gone_everywhere(api: str, resume_id: str) -> None:
    for path in ("", "/parse", "/events"):
        response = httpx.get(f"{api}/v1/resumes/{resume_id}{path}", timeout=5)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    assert httpx.post(f"{api}/v1/resumes/{resume_id}/replay", timeout=5).status_code == 404
    listed = httpx.get(f"{api}/v1/resumes", timeout=5).json()["items"]
    assert resume_id not in [r["id"] for r in listed]


def test_a_deleted_resume_is_gone_with_its_file_parse_and_cache(
    stack: Stack, mongo_url: str, db_name: str
) -> None:
    pdf = resume_pdf(SampleResume(name="Erin Erased"))
    resume_id = client.upload(stack.api_url, pdf).json()["id"]
    done = client.wait_terminal(stack.api_url, resume_id)
    assert done["status"] == "completed"
    assert done["profile_source"] == "llm"
    parse = httpx.get(f"{stack.api_url}/v1/resumes/{resume_id}/parse", timeout=5).json()
    text = "\n\n".join(p["text"] for p in parse["parse"]["pages"])
    prefix = hashlib.sha256(text.encode()).hexdigest()
    with MongoClient(mongo_url) as mongo:
        db = mongo[db_name]
        assert db["llm_cache"].count_documents({"_id": {"$regex": f"^{prefix}:"}}) == 1
        assert db["uploads.files"].count_documents({}) == 1

        deleted = httpx.delete(f"{stack.api_url}/v1/resumes/{resume_id}", timeout=30)
        assert deleted.status_code == 204, deleted.text

        gone_everywhere(stack.api_url, resume_id)
        assert db["resumes"].count_documents({"_id": resume_id}) == 0
        assert db["uploads.files"].count_documents({}) == 0
        assert db["uploads.chunks"].count_documents({}) == 0
        assert db["llm_cache"].count_documents({"_id": {"$regex": f"^{prefix}:"}}) == 0
    again = httpx.delete(f"{stack.api_url}/v1/resumes/{resume_id}", timeout=30)
    assert again.status_code == 404


def test_deleting_a_failed_resume_removes_its_dead_letter(stack: Stack) -> None:
    resume_id = client.upload(stack.api_url, corrupt_pdf()).json()["id"]
    assert client.wait_terminal(stack.api_url, resume_id)["status"] == "failed"
    client.wait_for(lambda: dead_letters(stack.nats_url) == 1, what="dead letter")
    assert httpx.delete(f"{stack.api_url}/v1/resumes/{resume_id}", timeout=30).status_code == 204
    assert dead_letters(stack.nats_url) == 0
    gone_everywhere(stack.api_url, resume_id)
