"""``/v1/webhook-secrets``: a tenant's own webhook signing secrets, with rotation."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Response
from pydantic import BaseModel

from resumeflow_ingest.deps import State, Tenant
from resumeflow_ingest.problems import ApiError, ErrorBody
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.webhook_secrets import WebhookSecret, WebhookSecretStore

router = APIRouter(prefix="/v1/webhook-secrets", tags=["webhook secrets"])
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (401, 404, 422, 429, 503)
}


class WebhookSecretPublic(BaseModel):
    id: str
    created_at: datetime
    expires_at: datetime | None = None

    @classmethod
    def of(cls, stored: WebhookSecret) -> WebhookSecretPublic:
        return cls(id=stored.id, created_at=stored.created_at, expires_at=stored.expires_at)


class WebhookSecretCreated(WebhookSecretPublic):
    secret: str


class WebhookSecretList(BaseModel):
    items: list[WebhookSecretPublic]


def _secrets(state: State) -> WebhookSecretStore:
    return WebhookSecretStore(state.store.db)


@router.post(
    "",
    status_code=201,
    response_model=WebhookSecretCreated,
    responses=ERRORS,
    summary="Rotate: create a new signing secret; older ones stay valid for the rollover",
)
async def rotate_secret(state: State, tenant_id: Tenant) -> WebhookSecretCreated:
    """The new secret is shown only in this answer. Until the older secrets expire
    (``INGEST_WEBHOOK_SECRET_ROLLOVER_SECONDS``, default one day) every webhook carries a
    signature for each, space-separated in ``webhook-signature``."""
    rollover = timedelta(seconds=state.settings.webhook_secret_rollover_seconds)
    created = await _secrets(state).rotate(tenant_id, rollover)
    return WebhookSecretCreated(
        **WebhookSecretPublic.of(created).model_dump(), secret=created.secret
    )


@router.get(
    "",
    response_model=WebhookSecretList,
    responses=ERRORS,
    summary="The tenant's signing secrets (ids and dates, never the secret)",
)
async def list_secrets(state: State, tenant_id: Tenant) -> WebhookSecretList:
    return WebhookSecretList(
        items=[WebhookSecretPublic.of(s) for s in await _secrets(state).all(tenant_id)]
    )


@router.delete(
    "/{secret_id}",
    status_code=204,
    response_class=Response,
    responses=ERRORS,
    summary="Delete a signing secret now (e.g. an old one once receivers have switched)",
)
async def delete_secret(secret_id: str, state: State, tenant_id: Tenant) -> Response:
    if not await _secrets(state).delete(tenant_id, secret_id):
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no webhook secret with id {secret_id!r}")
    return Response(status_code=204)
