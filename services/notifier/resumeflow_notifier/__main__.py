"""``python -m resumeflow_notifier``: run the notifier stage worker."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from resumeflow_notifier.handler import NotifierDeps, build_handler
from resumeflow_notifier.mailer import Mailer
from resumeflow_notifier.settings import NotifierSettings
from resumeflow_notifier.webhooks import WebhookSender
from resumeflow_shared.batches import BatchStore
from resumeflow_shared.lease import LeaseStore
from resumeflow_shared.runner import StageSpec
from resumeflow_shared.service import WorkerDeps, run_worker
from resumeflow_shared.settings import load


def main() -> None:
    settings = load(NotifierSettings)
    settings.check_production()

    async def build(deps: WorkerDeps) -> StageSpec[Any]:
        http = httpx.AsyncClient(timeout=settings.request_timeout_seconds, follow_redirects=False)
        sender = WebhookSender(deps.store, http, settings)
        leases = LeaseStore(deps.store.db)
        mailer = Mailer(deps.store, settings)
        return build_handler(
            NotifierDeps(
                deps.store,
                leases,
                sender,
                mailer,
                settings.lease_ttl_seconds,
                BatchStore(deps.store.db),
            )
        )

    asyncio.run(run_worker(settings, "notifier", build))


if __name__ == "__main__":
    main()
