"""Page images for the console: ``GET /v1/resumes/{id}/pages/{n}.png?scale=``.

Provenance boxes are in PDF points, so the console draws them over these images by
scaling with the page size from the parse. Only parsed resumes are rendered: the
parser has already opened the file inside its sandbox limits, and the page count and
sizes checked here come from that parse. Renders run in a thread, at most
``MAX_CONCURRENT_RENDERS`` at once, with the scale and the pixel count capped.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import pymupdf
from fastapi import APIRouter, Path, Query, Response

from resumeflow_ingest.deps import State, Tenant
from resumeflow_ingest.problems import ApiError, ErrorBody
from resumeflow_shared.errors import ErrorCode
from resumeflow_shared.store import FileNotStored

MIN_SCALE = 0.1
MAX_SCALE = 3.0
MAX_PIXELS = 16_000_000
MAX_CONCURRENT_RENDERS = 2

router = APIRouter(prefix="/v1", tags=["resumes"])
_renders = asyncio.Semaphore(MAX_CONCURRENT_RENDERS)


def render_png(data: bytes, page_number: int, scale: float) -> bytes:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page = doc[page_number - 1]
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        png: bytes = pixmap.tobytes("png")
        return png


@router.get(
    "/resumes/{resume_id}/pages/{page}.png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "The page as a PNG"},
        **{code: {"model": ErrorBody} for code in (401, 404, 422)},
    },
    summary="A page of a parsed resume as a PNG (scale 1 = one pixel per PDF point)",
)
async def page_image(
    resume_id: str,
    page: Annotated[int, Path(ge=1, description="1-based page number")],
    state: State,
    tenant_id: Tenant,
    scale: Annotated[float, Query(ge=MIN_SCALE, le=MAX_SCALE)] = 1.5,
) -> Response:
    record = await state.store.get(tenant_id, resume_id)
    if record is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no resume with id {resume_id!r}")
    if record.parse is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "this resume has not been parsed (yet)")
    if page > len(record.parse.pages):
        raise ApiError(404, ErrorCode.NOT_FOUND, f"this resume has {record.parse.page_count} pages")
    size = record.parse.pages[page - 1]
    if size.width * size.height * scale * scale > MAX_PIXELS:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "scale too large for this page")
    try:
        # A DOCX's boxes are on the PDF the parser made of it, so that is what is drawn.
        if record.file.pdf_file_id is not None:
            data = await state.store.read_rendition(record.file.pdf_file_id)
        else:
            data = await state.store.read_file(record.file.file_id)
    except FileNotStored as exc:
        raise ApiError(404, ErrorCode.NOT_FOUND, "the file is no longer stored") from exc
    async with _renders:
        png = await asyncio.to_thread(render_png, data, page, scale)
    # The file and its parse never change under an id, so the image can be cached.
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
