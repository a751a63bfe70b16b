"""Profile exports: our own JSON, and JSON Resume 1.0.0 (https://jsonresume.org/schema).

JSON Resume has no provenance, confidence or flags, so those are dropped; everything
else maps field for field. Partial dates (``2020``, ``2020-03``) are valid JSON Resume
dates as they are; a value that is not one is left out rather than sent malformed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from resumeflow_ingest.deps import State, Tenant
from resumeflow_ingest.problems import ApiError, ErrorBody
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.profile import CandidateProfile, PartialDate

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
ISO_DATE = re.compile(
    r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
)
NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub"}

router = APIRouter(prefix="/v1", tags=["resumes"])


def _date(value: PartialDate | None) -> str | None:
    return value if value and ISO_DATE.match(value) else None


def _clean(value: Any) -> Any:
    """Drop empty values: JSON Resume readers expect absent fields, not nulls."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [c for c in (_clean(v) for v in value) if c not in (None, "", [], {})]
    return value


def _location(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    city, _, region = (part.strip() for part in text.partition(","))
    return {"city": city, "region": region}


def to_json_resume(profile: CandidateProfile) -> dict[str, Any]:
    """The profile as a JSON Resume 1.0.0 document."""
    websites = [link for link in profile.links if link.kind not in NETWORKS]
    basics = {
        "name": profile.name.value if profile.name else None,
        "label": profile.headline,
        "email": profile.emails[0].value if profile.emails else None,
        "phone": profile.phones[0].value if profile.phones else None,
        "url": websites[0].url if websites else None,
        "summary": profile.summary,
        "location": _location(profile.location.value if profile.location else None),
        "profiles": [
            {"network": NETWORKS[link.kind], "url": link.url}
            for link in profile.links
            if link.kind in NETWORKS
        ],
    }
    work = [
        {
            "name": job.employer,
            "position": job.title,
            "location": job.location,
            "startDate": _date(job.start),
            "endDate": None if job.is_current else _date(job.end),
            "highlights": job.bullets,
        }
        for job in profile.experience
    ]
    education = [
        {
            "institution": entry.institution,
            "area": entry.field,
            "studyType": entry.degree,
            "startDate": _date(entry.start),
            "endDate": _date(entry.end),
            "score": entry.grade,
        }
        for entry in profile.education
    ]
    document = {
        "$schema": SCHEMA_URL,
        "basics": basics,
        "work": work,
        "education": education,
        "skills": [{"name": skill.name} for skill in profile.skills],
        "languages": [
            {"language": lang.language, "fluency": lang.proficiency} for lang in profile.languages
        ],
        "certificates": [
            {"name": cert.name, "issuer": cert.issuer, "date": _date(cert.date)}
            for cert in profile.certifications
        ],
        "meta": {"version": "v1.0.0", "canonical": SCHEMA_URL},
    }
    cleaned: dict[str, Any] = _clean(document)
    return cleaned


@router.get(
    "/resumes/{resume_id}/export",
    responses={
        200: {"description": "The profile as JSON Resume 1.0.0 or as resumeflow's own JSON"},
        **{code: {"model": ErrorBody} for code in (401, 404, 422)},
    },
    summary="Export the profile as JSON Resume (schema 1.0.0) or resumeflow JSON",
)
async def export_profile(
    resume_id: str,
    state: State,
    tenant_id: Tenant,
    format: Annotated[Literal["jsonresume", "json"], Query()] = "jsonresume",
) -> JSONResponse:
    record = await state.store.get(tenant_id, resume_id)
    if record is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no resume with id {resume_id!r}")
    if record.profile is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "this resume has no profile (yet)")
    # only safe characters in the header: filenames are the uploader's, in any script
    stem = re.sub(r"[^\w.-]", "_", record.file.filename.rsplit(".", 1)[0], flags=re.ASCII)
    if format == "json":
        body = record.profile.model_dump(mode="json")
        name = f"{stem or 'resume'}.profile.json"
    else:
        body = to_json_resume(record.profile)
        name = f"{stem or 'resume'}.resume.json"
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{name}"'})
