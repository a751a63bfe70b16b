"""The development MongoDB server, exercised through the real PyMongo clients."""

from __future__ import annotations

import asyncio
import os
import signal
import struct
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import bson
import pytest
from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo import AsyncMongoClient, MongoClient, ReturnDocument, WriteConcern, monitoring
from pymongo.errors import DuplicateKeyError, OperationFailure

from resumeflow_dev.mongo_server import DevMongoServer, start_in_thread

Doc = dict[str, Any]


class CommandLog(monitoring.CommandListener):
    """Records command names so tests can tell which wire commands PyMongo sent."""

    def __init__(self) -> None:
        self.events: list[monitoring.CommandSucceededEvent] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self.events.append(event)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def count(self, name: str) -> int:
        return sum(1 for event in self.events if event.command_name == name)


@pytest.fixture
async def server() -> AsyncIterator[DevMongoServer]:
    async with DevMongoServer() as srv:
        yield srv


@pytest.fixture
def command_log() -> CommandLog:
    return CommandLog()


@pytest.fixture
async def client(
    server: DevMongoServer, command_log: CommandLog
) -> AsyncIterator[AsyncMongoClient[Doc]]:
    mongo: AsyncMongoClient[Doc] = AsyncMongoClient(
        server.url, serverSelectionTimeoutMS=5000, event_listeners=[command_log]
    )
    yield mongo
    await mongo.close()


async def test_insert_find_round_trip_keeps_datetimes_and_object_ids(
    client: AsyncMongoClient[Doc],
) -> None:
    coll = client.app.resumes
    ref = ObjectId()
    created = datetime(2024, 5, 17, 10, 30, 15, 123456, tzinfo=UTC)
    result = await coll.insert_one({"created": created, "ref": ref, "tags": ["a", "b"]})

    found = await coll.find_one({"_id": result.inserted_id})

    assert found is not None
    assert isinstance(found["_id"], ObjectId)
    assert found["_id"] == result.inserted_id
    assert found["ref"] == ref
    # BSON dates are UTC milliseconds; the default client hands back naive UTC datetimes.
    assert found["created"] == datetime(2024, 5, 17, 10, 30, 15, 123000)
    assert found["tags"] == ["a", "b"]


async def test_tz_aware_client_gets_the_same_instant_back(server: DevMongoServer) -> None:
    mongo: AsyncMongoClient[Doc] = AsyncMongoClient(server.url, tz_aware=True)
    try:
        plus_two = timezone(timedelta(hours=2))
        when = datetime(2024, 1, 1, 12, 0, 0, tzinfo=plus_two)
        await mongo.app.events.insert_one({"_id": "e1", "at": when})
        later = await mongo.app.events.find_one({"at": {"$gt": when - timedelta(seconds=1)}})
        assert later is not None
        assert later["at"] == when
        assert later["at"].tzinfo is not None
        assert later["at"].utcoffset() == timedelta(0)
    finally:
        await mongo.close()


async def test_update_operators_and_upsert(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.profiles
    await coll.insert_one({"_id": "p1", "name": "Ada", "views": 1, "skills": ["math"]})

    result = await coll.update_one(
        {"_id": "p1"},
        {"$set": {"name": "Ada L."}, "$inc": {"views": 2}, "$push": {"skills": "engines"}},
    )
    assert (result.matched_count, result.modified_count) == (1, 1)
    assert await coll.find_one({"_id": "p1"}) == {
        "_id": "p1",
        "name": "Ada L.",
        "views": 3,
        "skills": ["math", "engines"],
    }

    upsert = await coll.update_one(
        {"_id": "p2"}, {"$set": {"name": "Grace"}, "$setOnInsert": {"views": 0}}, upsert=True
    )
    assert upsert.upserted_id == "p2"
    assert upsert.matched_count == 0
    assert await coll.find_one({"_id": "p2"}) == {"_id": "p2", "name": "Grace", "views": 0}

    many = await coll.update_many({}, {"$inc": {"views": 10}})
    assert (many.matched_count, many.modified_count) == (2, 2)
    assert sorted(await coll.distinct("views")) == [10, 13]


async def test_find_one_and_update(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.jobs
    await coll.insert_many([{"_id": 1, "state": "queued"}, {"_id": 2, "state": "queued"}])

    claimed = await coll.find_one_and_update(
        {"state": "queued"},
        {"$set": {"state": "running"}},
        sort=[("_id", -1)],
        return_document=ReturnDocument.AFTER,
    )
    assert claimed == {"_id": 2, "state": "running"}

    before = await coll.find_one_and_update(
        {"_id": 1}, {"$set": {"state": "done"}}, projection={"_id": 0}
    )
    assert before == {"state": "queued"}

    missing = await coll.find_one_and_update(
        {"state": "no-such-state"},
        {"$set": {"state": "running"}},
        return_document=ReturnDocument.AFTER,
    )
    assert missing is None

    created = await coll.find_one_and_update(
        {"_id": 3}, {"$set": {"state": "new"}}, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert created == {"_id": 3, "state": "new"}

    removed = await coll.find_one_and_delete({"_id": 1})
    assert removed == {"_id": 1, "state": "done"}
    assert await coll.count_documents({}) == 2


async def test_forward_only_conditional_update(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.progress
    await coll.insert_one({"_id": "r1", "stage": 2})

    advanced = await coll.update_one({"_id": "r1", "stage": {"$lt": 5}}, {"$set": {"stage": 5}})
    stale = await coll.update_one({"_id": "r1", "stage": {"$lt": 3}}, {"$set": {"stage": 3}})

    assert advanced.modified_count == 1
    assert (stale.matched_count, stale.modified_count) == (0, 0)
    assert await coll.find_one({"_id": "r1"}) == {"_id": "r1", "stage": 5}


async def test_unique_index_raises_duplicate_key(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.users
    assert await coll.create_index("email", unique=True) == "email_1"
    await coll.insert_one({"_id": 1, "email": "a@example.com"})
    await coll.insert_one({"_id": 2, "email": "b@example.com"})

    with pytest.raises(DuplicateKeyError) as on_insert:
        await coll.insert_one({"_id": 3, "email": "a@example.com"})
    assert on_insert.value.code == 11000
    assert "E11000 duplicate key error" in str(on_insert.value)
    assert "email_1" in str(on_insert.value)

    with pytest.raises(DuplicateKeyError):
        await coll.insert_one({"_id": 1, "email": "c@example.com"})

    with pytest.raises(DuplicateKeyError):
        await coll.update_one({"_id": 2}, {"$set": {"email": "a@example.com"}})

    with pytest.raises(DuplicateKeyError):
        await coll.find_one_and_update({"_id": 2}, {"$set": {"email": "a@example.com"}})

    # Failed writes leave the data as it was.
    assert await coll.find({}, sort=[("_id", 1)]).to_list(None) == [
        {"_id": 1, "email": "a@example.com"},
        {"_id": 2, "email": "b@example.com"},
    ]
    names = [index["name"] async for index in await coll.list_indexes()]
    assert names == ["_id_", "email_1"]


async def test_count_and_aggregate(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.scores
    await coll.insert_many(
        [{"team": "red", "points": p} for p in (1, 2, 3)]
        + [{"team": "blue", "points": p} for p in (10, 20)]
    )

    assert await coll.count_documents({}) == 5
    assert await coll.count_documents({"team": "red"}) == 3
    assert await coll.count_documents({"points": {"$gte": 3}}, skip=1, limit=2) == 2
    assert await coll.estimated_document_count() == 5

    cursor = await coll.aggregate(
        [
            {"$match": {"points": {"$gt": 1}}},
            {"$group": {"_id": "$team", "total": {"$sum": "$points"}, "n": {"$sum": 1}}},
            {"$sort": {"_id": 1}},
        ]
    )
    assert await cursor.to_list(None) == [
        {"_id": "blue", "total": 30, "n": 2},
        {"_id": "red", "total": 5, "n": 2},
    ]


async def test_sort_skip_limit_and_projection(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.items
    await coll.insert_many([{"_id": i, "n": i % 3, "label": f"item-{i}"} for i in range(10)])

    docs = (
        await coll.find({"n": {"$ne": 0}}, {"label": 1})
        .sort([("n", -1), ("_id", 1)])
        .skip(1)
        .limit(3)
        .to_list(None)
    )

    assert docs == [
        {"_id": 5, "label": "item-5"},
        {"_id": 8, "label": "item-8"},
        {"_id": 1, "label": "item-1"},
    ]


async def test_large_find_uses_get_more(
    client: AsyncMongoClient[Doc], command_log: CommandLog
) -> None:
    coll = client.app.bulk
    await coll.insert_many([{"_id": i} for i in range(250)])

    docs = await coll.find({}, batch_size=50).sort("_id", 1).to_list(None)

    assert [doc["_id"] for doc in docs] == list(range(250))
    assert command_log.count("getMore") == 4


async def test_closing_a_cursor_early_kills_it(
    client: AsyncMongoClient[Doc], command_log: CommandLog
) -> None:
    coll = client.app.bulk
    await coll.insert_many([{"_id": i} for i in range(30)])

    cursor = coll.find({}, batch_size=10)
    first = await cursor.next()
    await cursor.close()

    assert first == {"_id": 0}
    assert command_log.count("killCursors") == 1
    killed = next(e for e in command_log.events if e.command_name == "killCursors")
    [cursor_id] = killed.reply["cursorsKilled"]
    with pytest.raises(OperationFailure) as unknown:
        await client.app.command({"getMore": cursor_id, "collection": "bulk"})
    assert unknown.value.code == 43


async def test_delete_many_and_delete_one(client: AsyncMongoClient[Doc]) -> None:
    coll = client.app.trash
    await coll.insert_many([{"_id": i, "odd": i % 2 == 1} for i in range(6)])

    assert (await coll.delete_many({"odd": True})).deleted_count == 3
    assert (await coll.delete_one({})).deleted_count == 1
    assert await coll.count_documents({}) == 2
    assert (await coll.delete_many({})).deleted_count == 2
    # A real server keeps an emptied collection.
    assert "trash" in await client.app.list_collection_names()


async def test_gridfs_round_trip(client: AsyncMongoClient[Doc]) -> None:
    bucket = AsyncGridFSBucket(client.app)
    data = os.urandom(3 * 1024 * 1024)

    file_id = await bucket.upload_from_stream("resume.pdf", data, metadata={"kind": "pdf"})
    stream = await bucket.open_download_stream(file_id)
    downloaded = await stream.read()

    assert downloaded == data
    assert stream.filename == "resume.pdf"
    assert stream.length == len(data)

    await bucket.delete(file_id)
    with pytest.raises(NoFile):
        await bucket.open_download_stream(file_id)
    assert await client.app["fs.chunks"].count_documents({}) == 0


async def test_unknown_command_fails_but_connection_survives(
    client: AsyncMongoClient[Doc],
) -> None:
    with pytest.raises(OperationFailure) as failure:
        await client.app.command("nope")

    assert failure.value.code == 59
    assert "no such command: 'nope'" in str(failure.value)
    assert (await client.app.command("ping"))["ok"] == 1.0
    await client.app.things.insert_one({"_id": 1})
    assert await client.app.things.find_one() == {"_id": 1}


async def test_bad_arguments_become_errors(client: AsyncMongoClient[Doc]) -> None:
    with pytest.raises(OperationFailure):
        await client.app.things.find_one({"$bogus": 1})
    with pytest.raises(OperationFailure) as missing:
        await client.app.command("abortTransaction")
    assert missing.value.code == 20
    assert (await client.admin.command("ping"))["ok"] == 1.0


async def test_handshake_and_admin_commands(client: AsyncMongoClient[Doc]) -> None:
    hello = await client.admin.command("hello")
    info = await client.admin.command("buildInfo")
    whoami = await client.admin.command("whatsmyuri")
    await client.app.things.insert_one({})
    databases = await client.list_database_names()

    assert hello["isWritablePrimary"] is True
    assert hello["maxWireVersion"] == 21
    assert "setName" not in hello
    assert info["version"] == "7.0.0-resumeflow-dev"
    assert whoami["you"].startswith("127.0.0.1:")
    assert "app" in databases


async def test_collection_and_index_management(client: AsyncMongoClient[Doc]) -> None:
    db = client.app
    await db.create_collection("made")
    with pytest.raises(OperationFailure) as exists:
        await db.command("create", "made")
    assert exists.value.code == 48

    await db.made.create_index([("a", 1), ("b", -1)], name="a_b")
    assert set((await db.made.index_information()).keys()) == {"_id_", "a_b"}
    await db.made.drop_index("a_b")
    assert list((await db.made.index_information()).keys()) == ["_id_"]

    assert await db.list_collection_names(filter={"name": "made"}) == ["made"]
    await db.drop_collection("made")
    assert "made" not in await db.list_collection_names()
    await client.drop_database("app")
    assert "app" not in await client.list_database_names()


async def test_unacknowledged_writes_are_applied(client: AsyncMongoClient[Doc]) -> None:
    fire_and_forget = client.app.get_collection("logs", write_concern=WriteConcern(w=0))
    await fire_and_forget.insert_one({"_id": "x"})

    # The next command on the same connection is only read after the w=0 insert ran.
    assert await client.app.logs.find_one({"_id": "x"}) == {"_id": "x"}


async def test_two_clients_share_the_data(server: DevMongoServer) -> None:
    first: AsyncMongoClient[Doc] = AsyncMongoClient(server.url)
    second: AsyncMongoClient[Doc] = AsyncMongoClient(server.url)
    try:
        await first.app.shared.insert_one({"_id": "k", "v": 1})
        await second.app.shared.update_one({"_id": "k"}, {"$inc": {"v": 1}})
        assert await first.app.shared.find_one({"_id": "k"}) == {"_id": "k", "v": 2}
    finally:
        await first.close()
        await second.close()


def _op_msg(body: Doc, sequences: dict[str, list[Doc]], *, checksum: bool) -> bytes:
    payload = struct.pack("<I", 1 if checksum else 0) + b"\x00" + bson.encode(body)
    for name, docs in sequences.items():
        section = name.encode() + b"\x00" + b"".join(bson.encode(doc) for doc in docs)
        payload += b"\x01" + struct.pack("<i", 4 + len(section)) + section
    if checksum:
        payload += b"\x00" * 4  # the server skips the CRC-32C rather than verifying it
    return struct.pack("<iiii", 16 + len(payload), 41, 0, 2013) + payload


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, message: bytes
) -> tuple[int, int, bytes]:
    writer.write(message)
    await writer.drain()
    length, _request_id, response_to, op_code = struct.unpack("<iiii", await reader.readexactly(16))
    return op_code, response_to, await reader.readexactly(length - 16)


async def test_raw_wire_messages(server: DevMongoServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        # Kind-1 document sequence plus the checksumPresent flag.
        insert = _op_msg(
            {"insert": "raw", "$db": "app"}, {"documents": [{"_id": 1}, {"_id": 2}]}, checksum=True
        )
        op_code, response_to, payload = await _exchange(reader, writer, insert)
        assert (op_code, response_to) == (2013, 41)
        assert bson.decode(payload[5:]) == {"n": 2, "ok": 1.0}

        # Undecodable BSON in a well-framed message: an error reply, not a dropped connection.
        broken = struct.pack("<I", 0) + b"\x00" + b"\x10\x00\x00\x00not-bson-at-all!"
        message = struct.pack("<iiii", 16 + len(broken), 42, 0, 2013) + broken
        _, response_to, payload = await _exchange(reader, writer, message)
        assert response_to == 42
        assert bson.decode(payload[5:])["ok"] == 0.0

        # Legacy OP_QUERY isMaster is answered with OP_REPLY.
        query = (
            struct.pack("<i", 0)
            + b"admin.$cmd\x00"
            + struct.pack("<ii", 0, -1)
            + bson.encode({"isMaster": 1})
        )
        message = struct.pack("<iiii", 16 + len(query), 43, 0, 2004) + query
        op_code, response_to, payload = await _exchange(reader, writer, message)
        assert (op_code, response_to) == (1, 43)
        reply = bson.decode(payload[20:])
        assert reply["ismaster"] is True
        assert reply["maxWireVersion"] == 21
    finally:
        writer.close()
        await writer.wait_closed()


def test_sync_client_against_threaded_server() -> None:
    url, stop = start_in_thread()
    try:
        with MongoClient(url, serverSelectionTimeoutMS=5000) as mongo:
            mongo.app.sync.insert_one({"_id": 1, "at": datetime(2024, 2, 29, 23, 59, 59)})
            assert mongo.app.sync.find_one({"_id": 1}) == {
                "_id": 1,
                "at": datetime(2024, 2, 29, 23, 59, 59),
            }
    finally:
        stop()
    stop()  # idempotent


def test_cli_prints_url_warns_and_exits_cleanly_on_sigterm(tmp_path: Path) -> None:
    port_file = tmp_path / "mongo.port"
    proc = subprocess.Popen(
        [
            sys.executable,
            *("-m", "resumeflow_dev.mongo_server"),
            *("--port", "0", "--port-file", str(port_file)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("mongodb://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1])
        assert port > 0
        assert port_file.read_text().strip() == str(port)

        with MongoClient(url, serverSelectionTimeoutMS=5000) as mongo:
            mongo.app.cli.insert_one({"_id": 1})
            assert mongo.app.cli.count_documents({}) == 1

        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

    assert proc.returncode == 0
    assert "NON-DURABLE" in stderr
    assert "MONGODB_URL" in stderr
    assert "NOT FOR PRODUCTION" in stderr


def test_operations_over_the_slow_threshold_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    from resumeflow_dev.mongowire import Backend
    from resumeflow_dev.mongowire.commands import SLOW_MS, Connection

    assert SLOW_MS == 100  # MongoDB's own slowms default
    conn = Connection(id=1, peer="127.0.0.1:5")
    never = Backend(slow_ms=float("inf"))  # no operation is "slow"
    with caplog.at_level("WARNING", logger="resumeflow_dev.mongowire.commands"):
        never.run({"insert": "resumes", "$db": "rf", "documents": [{"_id": 1}]}, conn)
    assert not [r for r in caplog.records if "slow operation" in r.getMessage()]
    every = Backend(slow_ms=0)  # every operation is "slow"
    with caplog.at_level("WARNING", logger="resumeflow_dev.mongowire.commands"):
        every.run({"find": "resumes", "$db": "rf", "filter": {}}, conn)
    (line,) = [r.getMessage() for r in caplog.records if "slow operation" in r.getMessage()]
    assert line.startswith("slow operation: find rf.resumes took ")
    assert line.endswith(" ms (from 127.0.0.1:5)")


def test_the_standalone_server_keeps_surviving_objects_out_of_full_collections() -> None:
    # Full collections walked every stored document (620 ms at 20,000 resumes); the
    # standalone server freezes what survives each interval, young garbage collected
    # first.
    import gc

    from resumeflow_dev import mongo_server

    async def run() -> int:
        stored = [{"_id": i, "parse": {"text": "x" * 10}} for i in range(1000)]
        before = gc.get_freeze_count()
        task = asyncio.create_task(mongo_server._freeze_stored_documents(every=0.01))
        try:
            for _ in range(500):
                await asyncio.sleep(0.01)
                if gc.get_freeze_count() >= before + len(stored):
                    break
            return gc.get_freeze_count() - before
        finally:
            task.cancel()
            del stored

    try:
        assert asyncio.run(run()) >= 1000
    finally:
        gc.unfreeze()


def test_slow_garbage_collections_are_logged(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resumeflow_dev import mongo_server

    clock = iter([10.0, 10.2, 20.0, 20.01])
    monkeypatch.setattr(mongo_server.time, "perf_counter", lambda: next(clock))
    with caplog.at_level("WARNING", logger="resumeflow_dev.mongo_server"):
        mongo_server._log_slow_collections("start", {"generation": 2})
        mongo_server._log_slow_collections("stop", {"generation": 2})  # 200 ms
        mongo_server._log_slow_collections("start", {"generation": 0})
        mongo_server._log_slow_collections("stop", {"generation": 0})  # 10 ms
    assert [r.getMessage() for r in caplog.records] == [
        "slow garbage collection: generation 2 took 200 ms"
    ]
