"""Dead letters: where a message a stage gave up on is kept, and how it is found again.

Subject: ``dlq.<tenant>.<stage>.<resume>``. ``<tenant>`` is a subject-safe token of the
tenant id (tenant ids may hold dots or spaces), so one tenant's letters are one
subject filter: a tenant replays all of its own letters and never reads another's,
and erasing a resume purges exactly its letters. A message that could not even be
decoded has no tenant and goes to ``dlq._.<stage>._``.

Letters written before this layout (``dlq.<stage>``, two tokens) are still read by
the replay, filtered by the tenant in the payload.
"""

from __future__ import annotations

import hashlib

from nats.js import JetStreamContext

UNKNOWN = "_"
LEGACY_FILTER = "dlq.*"


def tenant_token(tenant_id: str) -> str:
    return hashlib.sha256(tenant_id.encode()).hexdigest()[:20]


def subject(stage: str, tenant_id: str | None, resume_id: str | None) -> str:
    tenant = tenant_token(tenant_id) if tenant_id else UNKNOWN
    resume = resume_id if resume_id and resume_id.isalnum() else UNKNOWN
    return f"dlq.{tenant}.{stage}.{resume}"


def tenant_filter(tenant_id: str) -> str:
    return f"dlq.{tenant_token(tenant_id)}.>"


def resume_filter(tenant_id: str, resume_id: str) -> str:
    return f"dlq.{tenant_token(tenant_id)}.*.{resume_id}"


async def keep(
    js: JetStreamContext,
    *,
    stream: str,
    seq: int,
    original_subject: str,
    data: bytes,
    stage: str,
    code: str,
    message: str | None,
    tenant_id: str | None,
    resume_id: str | None,
) -> None:
    """Store the original message; its de-dup id makes a repeated give-up one letter."""
    headers = {
        "Nats-Msg-Id": f"dlq:{stream}:{seq}",
        "Resumeflow-Original-Subject": original_subject,
        "Resumeflow-Original-Sequence": str(seq),
        "Resumeflow-Stage": stage,
        "Resumeflow-Error-Code": code,
    }
    if message is not None:
        headers["Resumeflow-Error-Message"] = message[:1000]
    await js.publish(subject(stage, tenant_id, resume_id), data, headers=headers)
