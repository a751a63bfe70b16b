"""JetStream plumbing: connecting, declaring streams, publishing events with de-dup ids.

Streams (see docs/architecture.md for why):

* ``RESUMES`` holds every ``resume.>`` and ``batch.>`` event with *limits* retention: it is a
  replayable event log, each stage reads it through its own durable consumer, and
  messages age out after ``NATS_STREAM_MAX_AGE_DAYS``, not when first acked.
* ``RESUMES_DLQ`` holds ``dlq.>``: the original message of every resume that a
  stage gave up on, with the reason in headers, for inspection and replay.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Mapping
from typing import Any

import nats
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError

from resumeflow_shared import tracing
from resumeflow_shared.events import Event
from resumeflow_shared.settings import CommonSettings

log = logging.getLogger(__name__)

EVENT_SUBJECTS = ("resume.>", "batch.>")
DLQ_SUBJECTS = "dlq.>"
TRACEPARENT = tracing.TRACEPARENT
MSG_ID = "Nats-Msg-Id"
SCHEMA_VERSION_HEADER = "Resumeflow-Schema-Version"


def inbox_prefix(service: str) -> str:
    """Replies to ``service`` arrive under this prefix; its NATS user may subscribe to
    nothing else of the kind (resumeflow_dev.natsauth), so no service reads another's."""
    return f"_INBOX_{service}"


def tls_context(settings: CommonSettings) -> ssl.SSLContext | None:
    if not (settings.nats_tls_ca or settings.nats_tls_cert):
        return None
    context = ssl.create_default_context(cafile=settings.nats_tls_ca)
    if settings.nats_tls_cert:
        context.load_cert_chain(settings.nats_tls_cert, settings.nats_tls_key)
    return context


def credentials(settings: CommonSettings) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if settings.nats_user:
        options["user"] = settings.nats_user
    if settings.nats_password is not None:
        options["password"] = settings.nats_password.get_secret_value()
    tls = tls_context(settings)
    if tls is not None:
        options["tls"] = tls
    return options


async def connect(settings: CommonSettings, name: str, service: str) -> NATS:
    """Connect with unlimited reconnects: a NATS restart must not end a service."""

    async def on_error(exc: Exception) -> None:
        log.warning("nats error: %s", exc)

    async def on_disconnect() -> None:
        log.warning("nats disconnected")

    async def on_reconnect() -> None:
        log.info("nats reconnected")

    return await nats.connect(
        settings.nats_url,
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=5,
        error_cb=on_error,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
        inbox_prefix=inbox_prefix(service),
        **credentials(settings),
    )


def _stream(
    settings: CommonSettings, name: str, subjects: tuple[str, ...], days: float, about: str
) -> StreamConfig:
    return StreamConfig(
        name=name,
        subjects=list(subjects),
        description=about,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        num_replicas=settings.stream_replicas,
        discard=DiscardPolicy.OLD,
        max_age=days * 24 * 3600.0,
        duplicate_window=settings.duplicate_window_seconds,
        max_msg_size=1024 * 1024,
    )


def stream_configs(settings: CommonSettings) -> list[StreamConfig]:
    return [
        _stream(
            settings,
            settings.stream,
            EVENT_SUBJECTS,
            settings.stream_max_age_days,
            "resumeflow event log: every resume.* and batch.* event, replayable",
        ),
        _stream(
            settings,
            settings.dlq_stream,
            (DLQ_SUBJECTS,),
            90,
            "resumeflow dead letters: messages a stage gave up on",
        ),
    ]


async def ensure_streams(js: JetStreamContext, settings: CommonSettings) -> None:
    """Create or update both streams; ingest runs it at every start (its NATS user is
    the only one allowed to; workers call :func:`wait_for_streams`)."""
    for config in stream_configs(settings):
        try:
            await js.add_stream(config)
        except BadRequestError as exc:
            if exc.err_code != 10058:  # stream name already in use with a different config
                raise
            await js.update_stream(config)


async def wait_for_streams(
    js: JetStreamContext, settings: CommonSettings, stop: asyncio.Event
) -> None:
    """Wait until ingest has declared both streams: workers may not create or change
    them (their NATS users lack the permission), only read them."""
    delay = 0.2
    for config in stream_configs(settings):
        while not stop.is_set():
            try:
                await js.stream_info(config.name or "")
                break
            except NotFoundError:
                log.info("waiting for stream %s (ingest declares it)", config.name)
            except Exception as exc:
                log.warning("waiting for stream %s: %s", config.name, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


def encode(event: Event) -> bytes:
    return event.model_dump_json().encode()


async def publish(
    js: JetStreamContext,
    event: Event,
    *,
    traceparent: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    ack_timeout: float = 5.0,
) -> bool:
    """Publish with a ``Nats-Msg-Id`` of (resume, event type, run), inside a producer span.

    The span is a child of ``traceparent`` when given (a replay continues the resume's
    original trace), else of the current span; its context goes out in the headers.
    Returns ``False`` when JetStream recognised the message as a duplicate, which is
    the expected outcome when a retried handler publishes the same result again.
    """
    headers = {MSG_ID: event.dedup_id(), SCHEMA_VERSION_HEADER: str(event.schema_version)}
    parent = tracing.extract({TRACEPARENT: traceparent}) if traceparent else None
    attributes = {
        "messaging.system": "nats",
        "messaging.operation.type": "send",
        "messaging.destination.name": event.subject,
        "messaging.message.id": headers[MSG_ID],
        **event.span_attributes(),
    }
    with tracing.span(
        f"send {event.subject}",
        kind=tracing.SpanKind.PRODUCER,
        parent=parent,
        attributes=attributes,
    ) as span:
        tracing.inject(headers)
        headers.update(extra_headers or {})
        ack = await js.publish(event.subject, encode(event), headers=headers, timeout=ack_timeout)
        span.set_attribute("resumeflow.duplicate", bool(ack.duplicate))
    return not ack.duplicate
