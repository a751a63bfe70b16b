"""docs/openapi.json and docs/asyncapi.json must match the code that serves them."""

from __future__ import annotations

import json

from resumeflow_dev import apidocs
from resumeflow_shared.events import ALL_EVENTS


def test_committed_descriptions_are_current() -> None:
    assert apidocs.main(["--check"]) == 0, "run: uv run python -m resumeflow_dev.apidocs"


def test_asyncapi_names_every_event_and_openapi_every_route() -> None:
    asyncapi = json.loads((apidocs.DOCS / "asyncapi.json").read_text())
    addresses = {c["address"] for c in asyncapi["channels"].values()}
    assert {e.subject for e in ALL_EVENTS} <= addresses
    paths = json.loads((apidocs.DOCS / "openapi.json").read_text())["paths"]
    assert {"/v1/resumes", "/v1/resumes/{resume_id}", "/v1/resumes/{resume_id}/replay"} <= set(
        paths
    )
    assert "413" in paths["/v1/resumes"]["post"]["responses"]
