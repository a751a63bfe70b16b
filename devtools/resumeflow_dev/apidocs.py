"""Generates the API descriptions kept in docs/: ``openapi.json`` from the ingest app
and ``asyncapi.json`` from the event contracts, so both are always the code's truth.

    uv run python -m resumeflow_dev.apidocs          # write
    uv run python -m resumeflow_dev.apidocs --check  # fail if docs/ is stale (CI)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from resumeflow_ingest.app import create_app
from resumeflow_ingest.settings import IngestSettings
from resumeflow_shared.bus import DLQ_SUBJECTS, MSG_ID, TRACEPARENT
from resumeflow_shared.events import ALL_EVENTS, SCHEMA_VERSION
from resumeflow_shared.settings import DLQ_STREAM, STREAM

DOCS = Path(__file__).resolve().parents[2] / "docs"

CONSUMERS = {
    "resume.ingested": ["parser"],
    "resume.parsed": ["enhancer"],
    "resume.enhanced": ["notifier"],
    "resume.failed": ["notifier"],
    "resume.cancelled": ["notifier"],
    "resume.completed": ["notifier (batch completion check)"],
    "resume.failure_notified": ["notifier (batch completion check)"],
    "batch.closed": ["notifier"],
    "batch.completed": ["notifier"],
}
PRODUCERS = {
    "resume.ingested": ["ingest"],
    "resume.parsed": ["parser"],
    "resume.enhanced": ["enhancer"],
    "resume.completed": ["notifier"],
    "resume.failed": ["parser", "enhancer", "notifier", "ingest (stalled-work sweeper)"],
    "resume.failure_notified": ["notifier"],
    "resume.cancelled": ["ingest"],
    "batch.closed": ["ingest"],
    "batch.completed": ["notifier"],
}


def openapi() -> dict[str, Any]:
    return create_app(IngestSettings()).openapi()


def asyncapi() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event in ALL_EVENTS:
        name = event.__name__
        schema = event.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
        key = event.subject.replace(".", "_")
        channels[key] = {
            "address": event.subject,
            "description": (event.__doc__ or "").strip(),
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "x-stream": STREAM,
            "x-producers": PRODUCERS.get(event.subject, []),
            "x-consumers": CONSUMERS.get(event.subject, []),
        }
        operations[f"publish_{key}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
        }
    channels["dead_letters"] = {
        "address": DLQ_SUBJECTS.replace(">", "{tenant}.{stage}.{resume_id}"),
        "description": "The original message of a resume a stage gave up on; headers "
        "Resumeflow-Original-Subject, -Original-Sequence, -Stage, -Error-Code, -Error-Message. "
        "{tenant} is a subject-safe token of the tenant id (shared/deadletters.py), '_' when "
        "the message could not be decoded.",
        "x-stream": DLQ_STREAM,
    }
    messages = {
        e.__name__: {
            "name": e.subject,
            "contentType": "application/json",
            "headers": {
                "type": "object",
                "properties": {
                    MSG_ID: {
                        "type": "string",
                        "description": "<resume_id>:<subject>:<run>; batch events: "
                        "batch:<batch_id>:<subject>",
                    },
                    TRACEPARENT: {
                        "type": "string",
                        "description": "W3C trace context of the span that published it",
                    },
                    "Resumeflow-Schema-Version": {"type": "string"},
                },
            },
            "payload": {"$ref": f"#/components/schemas/{e.__name__}"},
        }
        for e in ALL_EVENTS
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "resumeflow events",
            "version": f"{SCHEMA_VERSION}",
            "description": "Typed events between the resumeflow services, on NATS JetStream.",
        },
        "defaultContentType": "application/json",
        "servers": {"nats": {"host": "nats:4222", "protocol": "nats"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for name, doc in (("openapi.json", openapi()), ("asyncapi.json", asyncapi())):
        path = DOCS / name
        text = render(doc)
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        sys.stderr.write(f"stale: {', '.join(stale)}; run python -m resumeflow_dev.apidocs\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
