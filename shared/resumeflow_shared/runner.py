"""The one place that acks, naks and terms: every stage worker runs through here.

A stage is a durable pull consumer plus a plain async handler. The runner fetches in
batches, validates each payload into its event model, calls the handler with an
in-progress heartbeat running, publishes the handler's result with a de-dup id, and
only then acks (double ack). Handler intent maps to JetStream actions:

=====================  ==================================================
handler outcome        runner action
=====================  ==================================================
returns event / None   publish result, ``ack_sync``
raises ``Retry``       ``nak(delay)`` while deliveries remain, else fail
raises ``Rejected``    fail now
raises anything else   logged, treated as ``Retry`` (a bug may be transient)
runs past its deadline cancelled, treated as ``Retry(code=handler_timeout)``
=====================  ==================================================

"fail" means: the stage's ``on_failed`` hook marks the resume failed, a
``resume.failed`` event is published, the original message is copied to the
dead-letter stream and the message is terminated. When the message being failed is
itself a ``resume.failed`` (the notifier could not tell the caller), nothing is
published: it is dead-lettered and terminated, so failures cannot loop. Deliveries that time out
``max_deliver`` times (a worker killed mid-handler, over and over) are caught from
the server's MAX_DELIVERIES advisory and failed the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure

from resumeflow_shared import deadletters, tracing
from resumeflow_shared import telemetry as tm
from resumeflow_shared.breaker import OUTAGE_CODES, Breaker
from resumeflow_shared.bus import publish
from resumeflow_shared.errors import ErrorCode, Rejected, Retry
from resumeflow_shared.events import EVENTS_BY_SUBJECT, Event, ResumeFailed, Stage
from resumeflow_shared.settings import WorkerSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What a handler may know about the delivery: never the NATS message itself."""

    stage: Stage
    attempt: int
    max_deliver: int

    @property
    def last_attempt(self) -> bool:
        return self.attempt >= self.max_deliver


E = TypeVar("E", bound=Event)
FailureHook = Callable[[ResumeFailed], Awaitable[None]]


@dataclass(frozen=True)
class StageSpec(Generic[E]):
    """A stage: its name (also the durable consumer's name), input events, handler, hook.

    Generic over the event it consumes, so the type checker ties the handler's
    parameter to the subscription (a stage consuming several events uses their union's
    base, ``Event``, and dispatches with ``isinstance``).
    """

    name: Stage
    consumes: Sequence[type[E]]
    handler: Callable[[E, Delivery], Awaitable[Event | None]]
    on_failed: FailureHook

    @property
    def subjects(self) -> list[str]:
        return [e.subject for e in self.consumes]


def consumer_config(spec: StageSpec[Any], settings: WorkerSettings) -> ConsumerConfig:
    """The durable consumer: retry budget and backoff live here, not in the handler.

    ``backoff`` also paces redeliveries after ack timeouts (a worker died mid-message);
    each step is at least ``ack_wait`` so a live handler's heartbeats always win.
    """
    crash_backoff = [max(b, settings.ack_wait_seconds) for b in settings.backoff]
    crash_backoff = crash_backoff[: settings.max_deliver]
    return ConsumerConfig(
        name=spec.name,
        durable_name=spec.name,
        description=f"resumeflow {spec.name} stage",
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=crash_backoff[0],
        backoff=crash_backoff if len(crash_backoff) > 1 else None,
        max_deliver=settings.max_deliver,
        max_ack_pending=settings.max_ack_pending,
        filter_subjects=spec.subjects,
    )


class StageRunner:
    """Runs one stage until ``stop()``; survives NATS restarts by re-binding."""

    def __init__(
        self,
        nc: NATS,
        spec: StageSpec[Any],
        settings: WorkerSettings,
    ) -> None:
        self.nc = nc
        self.js: JetStreamContext = nc.jetstream()
        self.spec = spec
        self.settings = settings
        self._stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(settings.concurrency)
        self.breaker = Breaker(
            spec.name,
            threshold=settings.breaker_threshold,
            cooldown=settings.breaker_cooldown_seconds,
            max_cooldown=settings.breaker_max_cooldown_seconds,
        )
        self.ready = asyncio.Event()
        self._psub: Any = None

    # --- lifecycle --------------------------------------------------------------

    async def ensure_consumer(self) -> None:
        """Create or update the durable consumer (``pull_subscribe`` would ignore changes)."""
        await self.js.add_consumer(self.settings.stream, consumer_config(self.spec, self.settings))

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        await self.ensure_consumer()
        advisory = await self._subscribe_advisories()
        lag_task = asyncio.create_task(self._report_lag(), name=f"{self.spec.name}-lag")
        try:
            await self._fetch_loop()
        finally:
            lag_task.cancel()
            with contextlib.suppress(Exception):
                await advisory.unsubscribe()
            await self._drain_in_flight()

    async def _fetch_loop(self) -> None:
        self._psub = await self.js.pull_subscribe_bind(self.spec.name, stream=self.settings.stream)
        self.ready.set()
        try:
            await self._fetch_until_stopped()
        finally:
            with contextlib.suppress(Exception):
                await self._psub.unsubscribe()

    async def _fetch_until_stopped(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            free = self.settings.concurrency - len(self._tasks)
            if free <= 0:
                await self._wait_for_slot()
                continue
            allowed = self.breaker.allowance(free)
            if allowed <= 0:  # a dependency is down: leave the work in the stream
                await self.breaker.wait(self._stopping)
                continue
            try:
                msgs = await self._psub.fetch(min(allowed, self.settings.batch_size), timeout=1.0)
                failures = 0
            except TimeoutError:  # nats' own TimeoutError subclasses it; both mean "nothing yet"
                self.breaker.fetched(0)
                continue
            except Exception as exc:
                failures += 1
                log.warning("fetch failed (%s), attempt %d; re-binding", exc, failures)
                await asyncio.sleep(min(0.5 * failures, 5.0))
                self._psub = await self._rebind(self._psub)
                continue
            for msg in msgs:
                task = asyncio.create_task(self._process(msg))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _wait_for_slot(self) -> None:
        done_waiter = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({*self._tasks, done_waiter}, return_when=asyncio.FIRST_COMPLETED)
        done_waiter.cancel()

    async def _rebind(self, psub: JetStreamContext.PullSubscription) -> Any:
        """After a server restart the consumer may be gone or the inbox stale: start over."""
        with contextlib.suppress(Exception):
            await psub.unsubscribe()
        while not self._stopping.is_set():
            try:
                await self.ensure_consumer()
                return await self.js.pull_subscribe_bind(
                    self.spec.name, stream=self.settings.stream
                )
            except Exception as exc:
                log.warning("re-bind failed: %s", exc)
                await asyncio.sleep(1.0)
        return psub

    async def _drain_in_flight(self) -> None:
        if not self._tasks:
            return
        log.info("draining %d in-flight message(s)", len(self._tasks))
        _, pending = await asyncio.wait(
            set(self._tasks), timeout=self.settings.shutdown_grace_seconds
        )
        for task in pending:
            task.cancel()  # _process naks on cancellation so the message is redelivered
        if pending:
            await asyncio.wait(pending, timeout=5)

    # --- one message ------------------------------------------------------------

    async def _process(self, msg: Msg) -> None:
        attempt = msg.metadata.num_delivered or 1
        stage = self.spec.name
        delivery = Delivery(stage, attempt, self.settings.max_deliver)
        token = tm.bind(stage=stage, attempt=attempt)
        tm.EVENTS_CONSUMED.labels(stage).inc()
        tm.IN_FLIGHT.labels(stage).inc()
        started = time.perf_counter()
        outcome = "error"
        with tracing.span(
            f"process {msg.subject}",
            kind=tracing.SpanKind.CONSUMER,
            parent=tracing.extract(msg.headers),
            attributes={
                "messaging.system": "nats",
                "messaging.operation.type": "process",
                "messaging.destination.name": msg.subject,
                "messaging.consumer.group.name": stage,
                "messaging.message.id": (msg.headers or {}).get("Nats-Msg-Id"),
                "resumeflow.stage": stage,
                "resumeflow.attempt": attempt,
            },
        ) as span:
            try:
                outcome = await self._handle(msg, delivery)
            except asyncio.CancelledError:
                outcome = "cancelled"
                with contextlib.suppress(Exception):
                    await msg.nak(delay=1)
                raise
            except Exception:
                log.exception("could not settle message; it will be redelivered after ack_wait")
            finally:
                self.breaker.settled()
                span.set_attribute("resumeflow.outcome", outcome)
                tm.IN_FLIGHT.labels(stage).dec()
                tm.HANDLER_DURATION.labels(stage, outcome).observe(time.perf_counter() - started)
                tm.unbind(token)

    async def _handle(self, msg: Msg, delivery: Delivery) -> str:
        try:
            event = self._decode(msg)
        except ValueError as exc:
            await self._dead_letter(msg, ErrorCode.INVALID_EVENT, str(exc))
            await msg.term()
            tracing.fail(tracing.current_span(), ErrorCode.INVALID_EVENT, str(exc))
            tm.EVENTS_FAILED.labels(self.spec.name, ErrorCode.INVALID_EVENT).inc()
            return "rejected"
        token = tm.bind(**event.ids())
        trace_span = tracing.current_span()
        trace_span.set_attributes(event.span_attributes())
        heartbeat = asyncio.create_task(self._heartbeat(msg))
        deadline = asyncio.timeout(self.settings.handler_timeout_seconds)
        try:
            async with deadline:
                result = await self.spec.handler(event, delivery)
        except TimeoutError as exc:
            if not deadline.expired():
                return await self._retry(msg, event, delivery, ErrorCode.INTERNAL, repr(exc), None)
            text = (
                f"the {self.spec.name} handler ran past {self.settings.handler_timeout_seconds:g}s"
            )
            return await self._retry(msg, event, delivery, ErrorCode.HANDLER_TIMEOUT, text, None)
        except Rejected as exc:
            await self._fail(msg, event, delivery, exc.code, exc.message)
            return "rejected"
        except Retry as exc:
            return await self._retry(msg, event, delivery, exc.code, exc.message, exc.delay)
        except ConnectionFailure as exc:  # MongoDB unreachable: an outage, not a bug
            trace_span.record_exception(exc)
            return await self._retry(msg, event, delivery, ErrorCode.UNAVAILABLE, repr(exc), None)
        except Exception as exc:
            log.exception("handler raised; treating as transient")
            trace_span.record_exception(exc)
            return await self._retry(msg, event, delivery, ErrorCode.INTERNAL, repr(exc), None)
        finally:
            heartbeat.cancel()
            tm.unbind(token)
        self.breaker.record(outage=False)
        if result is not None:
            await publish(self.js, result)
        await msg.ack_sync()
        tm.EVENTS_SUCCEEDED.labels(self.spec.name).inc()
        return "ok"

    def _decode(self, msg: Msg) -> Event:
        model = EVENTS_BY_SUBJECT.get(msg.subject)
        if model is None or model not in self.spec.consumes:
            raise ValueError(f"unexpected subject {msg.subject!r}")
        try:
            return model.model_validate_json(msg.data)
        except ValidationError as exc:
            raise ValueError(
                f"invalid {msg.subject} payload: {exc.error_count()} error(s)"
            ) from exc

    async def _heartbeat(self, msg: Msg) -> None:
        interval = max(self.settings.ack_wait_seconds / 3, 0.5)
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await msg.in_progress()

    async def _retry(
        self,
        msg: Msg,
        event: Event,
        delivery: Delivery,
        code: ErrorCode,
        message: str,
        delay: float | None,
    ) -> str:
        outage = code in OUTAGE_CODES
        self.breaker.record(outage=outage)
        if outage and delivery.attempt + 1 >= delivery.max_deliver:
            return await self._park(msg, code, message)
        if delivery.last_attempt:
            text = f"gave up after {delivery.attempt} attempt(s): {message}"
            await self._fail(msg, event, delivery, code, text)
            return "exhausted"
        wait = delay if delay is not None else self.settings.delay_for(delivery.attempt)
        log.warning("retrying in %.1fs: %s (%s)", wait, message, code)
        tracing.current_span().add_event(
            "retry", {"error.type": str(code), "message": message[:500], "delay_seconds": wait}
        )
        tm.EVENTS_RETRIED.labels(self.spec.name, code).inc()
        await msg.nak(delay=wait)
        return "retry"

    async def _park(self, msg: Msg, code: ErrorCode, message: str) -> str:
        """An outage met the retry budget's end: re-queue the event with a fresh budget.

        The copy gets its own de-dup id (the original's would be dropped as a
        duplicate) and the original is acked only once the copy is stored.
        """
        meta = msg.metadata
        headers = dict(msg.headers or {})
        original = headers.get("Nats-Msg-Id") or f"{meta.stream}:{meta.sequence.stream}"
        headers["Nats-Msg-Id"] = f"{original}:park:{meta.sequence.stream}"
        headers["Resumeflow-Parked-From"] = str(meta.sequence.stream)
        try:
            await self.js.publish(msg.subject, msg.data, headers=headers)
        except Exception:
            log.exception("could not park the message; it will come back")
            await msg.nak(delay=self.settings.delay_for(meta.num_delivered or 1))
            return "retry"
        await msg.ack_sync()
        log.warning("parked during an outage: %s (%s)", message, code)
        tm.PARKED.labels(self.spec.name).inc()
        return "parked"

    async def _fail(
        self, msg: Msg, event: Event, delivery: Delivery, code: ErrorCode, message: str
    ) -> None:
        """Mark failed, announce, keep a dead letter, then term. Any error here naks instead."""
        failed = ResumeFailed(
            **event.carry(),
            stage=self.spec.name,
            code=code,
            message=message,
            attempts=delivery.attempt,
        )
        try:
            if isinstance(event, ResumeFailed):
                # Failing to handle a failure must not announce another failure: that
                # event would come straight back here (a loop). Keep it as a dead letter.
                log.error("could not handle resume.failed: %s: %s", code, message)
            else:
                await self.spec.on_failed(failed)
                await publish(self.js, failed)
            await self._dead_letter(msg, code, message, event)
        except Exception:
            log.exception("could not record the failure; the message will come back")
            await msg.nak(delay=self.settings.delay_for(delivery.attempt))
            return
        log.warning("resume failed: %s: %s", code, message)
        tracing.fail(tracing.current_span(), str(code), message)
        tm.EVENTS_FAILED.labels(self.spec.name, code).inc()
        await msg.term()

    async def _dead_letter(
        self, msg: Msg, code: str, message: str, event: Event | None = None
    ) -> None:
        meta = msg.metadata
        await deadletters.keep(
            self.js,
            stream=meta.stream,
            seq=meta.sequence.stream,
            original_subject=msg.subject,
            data=msg.data,
            stage=self.spec.name,
            code=str(code),
            message=message,
            tenant_id=event.tenant_id if event else None,
            resume_id=event.resume_id if event else None,
        )

    # --- advisories and lag -----------------------------------------------------

    async def _subscribe_advisories(self) -> Any:
        subject = (
            f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{self.settings.stream}.{self.spec.name}"
        )
        return await self.nc.subscribe(
            subject, queue=f"{self.spec.name}-advisories", cb=self._on_max_deliveries
        )

    async def _on_max_deliveries(self, advisory: Msg) -> None:
        """A message timed out ``max_deliver`` times: fail its resume from the stored copy."""
        try:
            seq = int(json.loads(advisory.data)["stream_seq"])
            raw = await self.js.get_msg(self.settings.stream, seq)
            model = EVENTS_BY_SUBJECT[raw.subject or ""]
            event = model.model_validate_json(raw.data or b"")
            letter = functools.partial(
                deadletters.keep,
                self.js,
                stream=self.settings.stream,
                seq=seq,
                original_subject=raw.subject or "",
                data=raw.data or b"",
                stage=self.spec.name,
                code=ErrorCode.MAX_DELIVERIES.value,
                message=None,
                tenant_id=event.tenant_id,
                resume_id=event.resume_id,
            )
            if isinstance(event, ResumeFailed):
                # as in _fail: a failure event that cannot be handled is only dead-lettered
                await letter()
                return
            failed = ResumeFailed(
                **event.carry(),
                stage=self.spec.name,
                code=ErrorCode.MAX_DELIVERIES,
                message=f"no {self.spec.name} worker finished it in "
                f"{self.settings.max_deliver} deliveries (worker crashes or timeouts)",
                attempts=self.settings.max_deliver,
            )
            await self.spec.on_failed(failed)
            await publish(self.js, failed, traceparent=(raw.headers or {}).get(tracing.TRACEPARENT))
            await letter()
            tm.EVENTS_FAILED.labels(self.spec.name, ErrorCode.MAX_DELIVERIES).inc()
            log.warning("max deliveries reached", extra={"resume_id": event.resume_id})
        except Exception:
            log.exception("could not handle a MAX_DELIVERIES advisory")

    async def _report_lag(self) -> None:
        while True:
            with contextlib.suppress(Exception):
                info = await self.js.consumer_info(self.settings.stream, self.spec.name)
                tm.CONSUMER_PENDING.labels(self.spec.name).set(info.num_pending or 0)
                tm.CONSUMER_ACK_PENDING.labels(self.spec.name).set(info.num_ack_pending or 0)
                dlq = await self.js.stream_info(self.settings.dlq_stream)
                tm.DEAD_LETTERS.labels(self.settings.dlq_stream).set(dlq.state.messages)
            await asyncio.sleep(5.0)
