"""A small synchronous client for the ``/v1`` API; every failure becomes :class:`ApiFailure`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from resumeflow_cli.config import Config

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ApiFailure(Exception):
    """The API answered with an error, or could not be reached (exit code 3)."""

    def __init__(self, message: str, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class Api:
    def __init__(self, config: Config, timeout: float = 60.0) -> None:
        headers = {"X-API-Key": config.api_key} if config.api_key else {}
        self.http = httpx.Client(base_url=config.url, headers=headers, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiFailure(f"cannot reach {self.http.base_url}: {exc}") from exc
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                code, message = str(error["code"]), str(error["message"])
            except (ValueError, KeyError, TypeError):
                code, message = "http_error", response.text[:200] or response.reason_phrase
            raise ApiFailure(f"{code}: {message}", code=code, status=response.status_code)
        return response.json() if response.content else None

    def create_batch(self, name: str | None) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", "/v1/batches", json={"name": name})
        return body

    def upload_into(self, batch_id: str, path: Path) -> dict[str, Any]:
        """One file into the batch; the per-file result (resume id or error)."""
        kind = DOCX if path.suffix.lower() == ".docx" else PDF
        with path.open("rb") as handle:
            files = [("files", (path.name, handle, kind))]
            body = self.request("POST", f"/v1/batches/{batch_id}/resumes", files=files)
        item: dict[str, Any] = body["items"][0]
        return item

    def close_batch(self, batch_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", f"/v1/batches/{batch_id}/close")
        return body

    def batch(self, batch_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", f"/v1/batches/{batch_id}")
        return body

    def batch_resumes(self, batch_id: str) -> list[dict[str, Any]]:
        body = self.request("GET", "/v1/resumes", params={"batch_id": batch_id, "limit": 200})
        items: list[dict[str, Any]] = body["items"]
        return items
