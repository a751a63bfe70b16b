"""Per-tenant webhook signing secrets (collection ``webhook_secrets``), with rotation.

Rotating creates a new secret and gives every older one still in use an expiry
``rollover`` from now: until then the notifier signs with all of them (Standard
Webhooks allows several space-separated signatures), so a receiver can switch to the
new secret at its own pace. A tenant with no secret of its own is signed with the
global ``WEBHOOK_SIGNING_SECRET``. The secret value is returned once, on creation.
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from resumeflow_shared.store import utcnow


class WebhookSecret(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str = Field(alias="_id")
    tenant_id: str
    secret: str
    created_at: datetime
    expires_at: datetime | None = None

    def valid_at(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookSecretStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self.collection = db["webhook_secrets"]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index(
            [("tenant_id", ASCENDING), ("created_at", ASCENDING)], name="tenant_created"
        )

    async def all(self, tenant_id: str) -> list[WebhookSecret]:
        """Every stored secret of a tenant, newest first (expired ones included)."""
        docs = await self.collection.find({"tenant_id": tenant_id}).to_list(None)
        found = [WebhookSecret.model_validate(d) for d in docs]
        return sorted(found, key=lambda s: s.created_at, reverse=True)

    async def signing(self, tenant_id: str) -> list[str]:
        """The secrets to sign a webhook for this tenant with now, newest first."""
        now = utcnow()
        return [s.secret for s in await self.all(tenant_id) if s.valid_at(now)]

    async def rotate(self, tenant_id: str, rollover: timedelta) -> WebhookSecret:
        now = utcnow()
        for old in await self.all(tenant_id):
            if old.expires_at is None:
                await self.collection.update_one(
                    {"_id": old.id, "tenant_id": tenant_id},
                    {"$set": {"expires_at": now + rollover}},
                )
        created = WebhookSecret(
            id=f"whk_{secrets.token_hex(8)}",
            tenant_id=tenant_id,
            secret=new_secret(),
            created_at=now,
        )
        await self.collection.insert_one(created.model_dump(by_alias=True))
        return created

    async def delete(self, tenant_id: str, secret_id: str) -> bool:
        result = await self.collection.delete_one({"_id": secret_id, "tenant_id": tenant_id})
        return result.deleted_count > 0
