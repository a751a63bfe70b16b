"""Uploads are stored in the GridFS layout by hand (one round trip each way): anything
that speaks GridFS reads them, and a damaged file is detected rather than parsed."""

from __future__ import annotations

import hashlib
import os

import pytest
from bson import ObjectId
from gridfs import AsyncGridFSBucket

from resumeflow_shared.store import CHUNK_BYTES, FileNotStored, ResumeStore


@pytest.mark.parametrize("size", [1, CHUNK_BYTES, 2 * CHUNK_BYTES + 17])
async def test_a_stored_upload_is_a_gridfs_file(store: ResumeStore, size: int) -> None:
    data = os.urandom(size)
    file_id = await store.put_file("t1", "cv.pdf", data)
    bucket = AsyncGridFSBucket(store.db, bucket_name="uploads")
    stream = await bucket.open_download_stream(ObjectId(file_id))
    assert await stream.read() == data
    assert stream.filename == "cv.pdf"
    assert stream.metadata == {"tenant_id": "t1", "sha256": hashlib.sha256(data).hexdigest()}
    assert await store.read_file(file_id, sha256=hashlib.sha256(data).hexdigest()) == data


async def test_a_file_written_by_the_driver_reads_back(store: ResumeStore) -> None:
    data = os.urandom(CHUNK_BYTES + 5)
    bucket = AsyncGridFSBucket(store.db, bucket_name="uploads")
    file_id = await bucket.upload_from_stream("old.pdf", data)
    assert await store.read_file(str(file_id)) == data


async def test_a_missing_or_damaged_chunk_is_a_missing_file(store: ResumeStore) -> None:
    data = os.urandom(3 * CHUNK_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    gap = await store.put_file("t1", "gap.pdf", data)
    await store.chunks.delete_one({"files_id": ObjectId(gap), "n": 1})
    with pytest.raises(FileNotStored):
        await store.read_file(gap, sha256=digest)
    damaged = await store.put_file("t1", "damaged.pdf", data)
    await store.chunks.update_one(
        {"files_id": ObjectId(damaged), "n": 2}, {"$set": {"data": b"x" * CHUNK_BYTES}}
    )
    with pytest.raises(FileNotStored):
        await store.read_file(damaged, sha256=digest)
    with pytest.raises(FileNotStored):
        await store.read_file(str(ObjectId()))


async def test_deleting_removes_the_chunks(store: ResumeStore) -> None:
    file_id = await store.put_file("t1", "cv.pdf", b"%PDF-1.7 tiny")
    await store.delete_file(file_id)
    assert await store.chunks.count_documents({"files_id": ObjectId(file_id)}) == 0
    assert await store.file_docs.count_documents({"_id": ObjectId(file_id)}) == 0
