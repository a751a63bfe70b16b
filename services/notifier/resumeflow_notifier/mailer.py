"""Email notifications: one short message per finished resume to the upload's
``notify_email``, when ``SMTP_HOST`` is set. Best effort by design: a mail server
outage is logged and recorded, never a reason to retry or fail the resume, and a
message already sent for (resume, event, run) is not sent again."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from resumeflow_notifier.settings import NotifierSettings
from resumeflow_shared import tracing
from resumeflow_shared.persist import until_stored
from resumeflow_shared.records import Delivery, ResumeRecord
from resumeflow_shared.store import ResumeStore, utcnow

log = logging.getLogger(__name__)


def compose(record: ResumeRecord, event_type: str, settings: NotifierSettings) -> EmailMessage:
    url = f"{settings.public_base_url.rstrip('/')}/v1/resumes/{record.id}"
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = record.notify_email or ""
    if event_type == "resume.completed":
        name = record.profile.name.value if record.profile and record.profile.name else None
        message["Subject"] = f"Resume processed: {name or record.file.filename}"
        body = f"{record.file.filename} was processed.\n\nProfile: {url}\n"
    else:
        error = record.error
        message["Subject"] = f"Resume failed: {record.file.filename}"
        reason = f"{error.code}: {error.message}" if error else "unknown error"
        body = f"{record.file.filename} could not be processed ({reason}).\n\nDetails: {url}\n"
    message.set_content(body)
    return message


class Mailer:
    def __init__(self, store: ResumeStore, settings: NotifierSettings) -> None:
        self.store = store
        self.settings = settings

    def wants(self, record: ResumeRecord) -> bool:
        """Whether this record gets e-mails at all."""
        return bool(self.settings.smtp_host and record.notify_email)

    async def send(self, record: ResumeRecord, event_type: str, attempt: int) -> None:
        if not self.wants(record):
            return
        key = f"email_{record.id}_{event_type.replace('.', '_')}_{record.run}"
        if await self.store.delivered(record.tenant_id, record.id, key):
            return
        error = None
        with tracing.span(
            "email send",
            kind=tracing.SpanKind.CLIENT,
            attributes={"server.address": self.settings.smtp_host, "resumeflow.email.id": key},
        ) as span:
            try:
                await asyncio.to_thread(self._deliver, compose(record, event_type, self.settings))
            except (OSError, smtplib.SMTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("email not sent: %s", error)
                tracing.fail(span, "email_failed", error)
        sent = Delivery(
            webhook_id=key,
            event=event_type,
            url=f"mailto:{record.notify_email}",
            attempt=attempt,
            at=utcnow(),
            outcome="failed" if error else "delivered",
            error=error,
        )
        await until_stored(
            lambda: self.store.add_delivery(record.tenant_id, record.id, sent),
            what="the email outcome",
        )

    async def deliver(self, message: EmailMessage) -> str | None:
        """Send one composed message; the error text, or ``None`` when sent. Never raises."""
        try:
            await asyncio.to_thread(self._deliver, message)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("email not sent: %s", error)
            return error
        return None

    def _deliver(self, message: EmailMessage) -> None:
        assert self.settings.smtp_host is not None
        timeout = self.settings.request_timeout_seconds
        with smtplib.SMTP(
            self.settings.smtp_host, self.settings.smtp_port, timeout=timeout
        ) as smtp:
            smtp.send_message(message)
