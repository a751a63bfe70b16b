"""Operations per second of the development MongoDB server as its collection grows.

    uv run python bench/devmongo.py [--sizes 1000,5000,20000] [--seconds 1.5]

Starts ``python -m resumeflow_dev.mongo_server`` in its own process, and for each size
fills a fresh database's ``resumes`` collection with that many resume-shaped documents,
creates the services' indexes (``ResumeStore.ensure_indexes``), then runs each operation
the services use, one at a time through PyMongo's ``AsyncMongoClient``, for ``--seconds``.
Prints ops/s and the server's CPU time per operation (from /proc) for each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from gridfs import AsyncGridFSBucket
from pymongo import DESCENDING, AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from resumeflow_shared.store import ResumeStore

Doc = dict[str, Any]
STATUSES = ["queued", "parsing", "parsed", "enhancing", "completed", "failed"]
TENANTS = ["acme", "globex", "initech"]
FILE_BYTES = 200 * 1024


def resume_doc(i: int, now: datetime) -> Doc:
    status = STATUSES[i % len(STATUSES)]
    created = now - timedelta(seconds=i)
    return {
        "_id": f"r{i:08d}",
        "tenant_id": TENANTS[i % len(TENANTS)],
        "batch_id": f"b{i // 100}",
        "status": status,
        "status_rank": STATUSES.index(status),
        "terminal": status in ("completed", "failed"),
        "run": 1,
        "created_at": created,
        "updated_at": created,
        "timestamps": {"queued": created},
        "attempts": {},
        "file": {"id": f"f{i}", "name": f"cv{i}.pdf", "size": 40_000, "sha256": f"{i:064x}"},
        "idempotency_key": f"k{i}",
        "parse": {"text": "experience " * 150, "sections": [{"title": "Skills"}] * 5},
        "deliveries": [],
    }


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _timed(
    name: str, op: Callable[[int], Awaitable[object]], seconds: float, pid: int
) -> tuple[str, float, float]:
    count = 0
    cpu0, start = _cpu_seconds(pid), time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        await op(count)
        count += 1
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds(pid) - cpu0
    return name, count / elapsed, cpu / count * 1e6


async def _fill(coll: AsyncCollection[Doc], size: int) -> None:
    now = datetime.now(UTC)
    for start in range(0, size, 1000):
        await coll.insert_many([resume_doc(i, now) for i in range(start, min(size, start + 1000))])


def _ops(
    coll: AsyncCollection[Doc], bucket: AsyncGridFSBucket, size: int
) -> list[tuple[str, Callable[[int], Awaitable[object]]]]:
    rng = random.Random(size)
    now = datetime.now(UTC)
    data = rng.randbytes(FILE_BYTES)

    def some_id() -> str:
        return f"r{rng.randrange(size):08d}"

    async def insert_one(n: int) -> object:
        return await coll.insert_one(resume_doc(size + 1_000_000 + n, now))

    async def find_one(n: int) -> object:
        return await coll.find_one({"_id": some_id(), "tenant_id": {"$exists": True}})

    async def update_one(n: int) -> object:
        return await coll.update_one(
            {"_id": some_id()}, {"$max": {"attempts.parse": n}, "$set": {"updated_at": now}}
        )

    async def find_one_and_update(n: int) -> object:
        return await coll.find_one_and_update(
            {"_id": some_id(), "run": 1},
            {"$set": {"updated_at": datetime.now(UTC), f"timestamps.s{n % 5}": now}},
            return_document=ReturnDocument.AFTER,
        )

    async def find_page(n: int) -> object:
        query = {"tenant_id": TENANTS[n % 3], "status": STATUSES[n % 6]}
        cursor = coll.find(query, projection={"parse": 0}).sort("created_at", DESCENDING)
        return await cursor.limit(50).to_list(None)

    async def count(n: int) -> object:
        return await coll.count_documents({"tenant_id": TENANTS[n % 3], "batch_id": "b1"})

    async def gridfs_put_get(n: int) -> object:
        file_id = await bucket.upload_from_stream(f"cv{n}.pdf", data)
        stream = await bucket.open_download_stream(file_id)
        return await stream.read()

    return [
        ("insert_one", insert_one),
        ("find_one _id", find_one),
        ("update_one _id", update_one),
        ("find_one_and_update _id", find_one_and_update),
        ("find tenant+status sort limit 50", find_page),
        ("count_documents tenant+batch", count),
        ("GridFS put+get 200 KB", gridfs_put_get),
    ]


async def _run(url: str, pid: int, sizes: list[int], seconds: float) -> None:
    client: AsyncMongoClient[Doc] = AsyncMongoClient(url, tz_aware=True)
    try:
        print(f"{'operation':34} " + " ".join(f"{f'{s:,} docs':>22}" for s in sizes))
        print(f"{'':34} " + " ".join(f"{'ops/s  cpu us/op':>22}" for _ in sizes))
        rows: dict[str, list[str]] = {}
        for size in sizes:
            db = client[f"bench_{size}"]
            coll = db["resumes"]
            started = time.perf_counter()
            await _fill(coll, size)
            await ResumeStore(db).ensure_indexes()
            print(f"# filled {size:,} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            bucket = AsyncGridFSBucket(db, bucket_name="uploads")
            for name, op in _ops(coll, bucket, size):
                _, rate, cpu_us = await _timed(name, op, seconds, pid)
                rows.setdefault(name, []).append(f"{rate:>10,.0f} {cpu_us:>10,.0f}")
            await client.drop_database(db.name)
        for name, cells in rows.items():
            print(f"{name:34} " + " ".join(f"{cell:>22}" for cell in cells))
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="collection sizes")
    parser.add_argument("--seconds", type=float, default=1.5, help="time per operation")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    port_file = Path(tempfile.mkdtemp(prefix="rf-devmongo-")) / "port"
    server = subprocess.Popen(
        [sys.executable, "-m", "resumeflow_dev.mongo_server", "--port-file", str(port_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not port_file.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the development MongoDB server did not start")
            time.sleep(0.05)
        url = f"mongodb://127.0.0.1:{int(port_file.read_text())}"
        asyncio.run(_run(url, server.pid, sizes, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
