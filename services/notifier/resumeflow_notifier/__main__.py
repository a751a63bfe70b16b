"""``python -m resumeflow_notifier``: run the notifier stage worker."""

from __future__ import annotations

import asyncio

import httpx

from resumeflow_notifier.handler import build_handler
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


def main() -> None:
    settings = load(NotifierSettings)
    settings.check_production()

    async def build(deps: WorkerDeps) -> StageSpec:
        http = httpx.AsyncClient(timeout=settings.request_timeout_seconds, follow_redirects=False)
        sender = WebhookSender(deps.store, http, settings)
        return build_handler(deps.store, sender, Mailer(deps.store, settings))

    asyncio.run(run_worker(settings, "notifier", build))


if __name__ == "__main__":
    main()
