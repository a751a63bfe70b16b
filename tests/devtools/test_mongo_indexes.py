"""The development server's hash indexes change which documents are tested, never the answers.

Two servers run the same operations through PyMongo: one on the indexed store (the default),
one on plain mongomock. Every reply, every error and the whole collection after each step
must be the same.
"""

from __future__ import annotations

import copy
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import mongomock
import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError, PyMongoError
from pymongo.results import DeleteResult, InsertOneResult, UpdateResult

from resumeflow_dev.mongowire import Backend, DevMongoServer
from resumeflow_dev.mongowire.indexed import IndexedClient
from resumeflow_dev.mongowire.indexes import IndexedCollectionStore

Doc = dict[str, Any]
Coll = AsyncCollection[Doc]

OIDS = [ObjectId(f"{i:024x}") for i in range(3)]
IDS: list[Any] = [f"r{i}" for i in range(8)] + [0, 1, 2.0, *OIDS]
VALUES: list[Any] = ["a", "b", "c", 1, 1.0, 2, True, None, [1, "a"], {"x": 1}, datetime(2024, 1, 1)]
FIELDS = ["tenant_id", "status", "idempotency_key", "email", "n"]
_MISSING = object()


@pytest.fixture
async def pair() -> AsyncIterator[tuple[Coll, Coll]]:
    """The same collection on the indexed server and on a plain-mongomock server."""
    async with (
        DevMongoServer() as indexed,
        DevMongoServer(backend=Backend(client=mongomock.MongoClient())) as plain,
    ):
        clients: list[AsyncMongoClient[Doc]] = [
            AsyncMongoClient(server.url) for server in (indexed, plain)
        ]
        try:
            colls = [client.app.resumes for client in clients]
            for coll in colls:
                await _create_indexes(coll)
            yield colls[0], colls[1]
        finally:
            for client in clients:
                await client.close()


async def _create_indexes(coll: Coll) -> None:
    # The services' shapes: compound, nested path, partial unique; plus a sparse unique one.
    await coll.create_index([("tenant_id", 1), ("status", 1)])
    await coll.create_index([("tenant_id", 1), ("file.sha256", 1)])
    await coll.create_index(
        [("tenant_id", 1), ("idempotency_key", 1)],
        unique=True,
        partialFilterExpression={"idempotency_key": {"$type": "string"}},
    )
    await coll.create_index("email", unique=True, sparse=True)


def _value(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(VALUES))


def _doc(rng: random.Random) -> Doc:
    doc: Doc = {}
    if rng.random() < 0.9:
        doc["_id"] = rng.choice(IDS)
    for field in FIELDS:
        if rng.random() < 0.7:
            doc[field] = rng.choice(["k1", "k2", None]) if field == "idempotency_key" else None
            if field != "idempotency_key":
                doc[field] = _value(rng)
    shape = rng.random()
    if shape < 0.4:
        doc["file"] = {"sha256": rng.choice(["h1", "h2", 3])}
    elif shape < 0.6:
        doc["file"] = [{"sha256": "h1"}, {"sha256": rng.choice(["h2", "h3"])}]
    elif shape < 0.7:
        doc["file"] = "flat"
    return doc


def _term(rng: random.Random) -> Doc:
    field = rng.choice([*FIELDS, "file.sha256", "_id"])
    pool = IDS if field == "_id" else ["h1", "h2", "h3", 3, None] if "." in field else VALUES
    kind = rng.random()
    if kind < 0.5:
        return {field: copy.deepcopy(rng.choice(pool))}
    if kind < 0.65:
        return {field: {"$eq": copy.deepcopy(rng.choice(pool))}}
    if kind < 0.8:
        return {field: {"$in": copy.deepcopy(rng.sample(pool, 2))}}
    if kind < 0.9:
        return {field: {"$ne": copy.deepcopy(rng.choice(pool))}}
    return {field: {"$exists": rng.random() < 0.5}}


def _filter(rng: random.Random) -> Doc:
    roll = rng.random()
    if roll < 0.1:
        return {}
    if roll < 0.2:
        return {"$and": [_term(rng), _term(rng)]}
    query: Doc = {}
    for _ in range(rng.choice([1, 1, 2])):
        query.update(_term(rng))
    return query


def _update(rng: random.Random) -> Doc:
    choices: list[Doc] = [
        {"$set": {rng.choice(FIELDS): _value(rng)}},
        {"$set": {"idempotency_key": rng.choice(["k1", "k2"]), "email": rng.choice(["e1", None])}},
        {"$set": {"file.sha256": rng.choice(["h1", "h2"])}},
        {"$inc": {"n": 1}},
        {"$unset": {rng.choice(FIELDS): ""}},
        {"$max": {"n": rng.randint(0, 3)}, "$set": {"status": "done"}},
        {"$min": {"n": rng.randint(0, 3)}},
        {"$push": {"tags": rng.choice(["x", "y"])}},
        {"$addToSet": {"tags": rng.choice(["x", "y"])}},
        {"$set": {"status": "new"}, "$setOnInsert": {"created": 1}},
        # Fails half-way on a non-numeric field, after mongomock has applied the $set.
        {"$set": {"status": rng.choice(["a", "b", "c"])}, "$inc": {"tenant_id": 1}},
    ]
    return rng.choice(choices)


def _upsert_filter(rng: random.Random) -> tuple[Doc, bool]:
    # Upserts name an _id so both servers create the same document (a generated ObjectId
    # would differ between them).
    query = _filter(rng)
    if rng.random() < 0.3 and "_id" not in query and "$and" not in query:
        return {**query, "_id": rng.choice(IDS)}, True
    return query, False


def _outcome(result: Any) -> Any:
    if isinstance(result, InsertOneResult):
        return ("inserted", result.inserted_id)
    if isinstance(result, UpdateResult):
        return ("updated", result.matched_count, result.modified_count, result.upserted_id)
    if isinstance(result, DeleteResult):
        return ("deleted", result.deleted_count)
    return result


Op = Callable[[Coll], Awaitable[Any]]


def _insert(rng: random.Random, query: Doc) -> Op:
    doc = _doc(rng)
    doc.setdefault("_id", ObjectId())  # chosen here, so both servers store the same one
    return lambda c: c.insert_one(copy.deepcopy(doc))


def _find(rng: random.Random, query: Doc) -> Op:
    sort = rng.choice(
        [None, [("n", 1)], [("n", -1)], [("status", -1)], [("tenant_id", -1), ("_id", 1)]]
    )
    projection = rng.choice([None, {"n": 0}, {"tenant_id": 1}, {"_id": 0, "status": 1}])
    skip, limit = rng.choice([0, 0, 1]), rng.choice([0, 0, 1, 3])

    async def find(c: Coll) -> Any:
        return await c.find(query, projection, sort=sort, skip=skip, limit=limit).to_list(None)

    return find


def _update_one(rng: random.Random, query: Doc) -> Op:
    update = _update(rng)
    upsert_query, upsert = _upsert_filter(rng)
    return lambda c: c.update_one(upsert_query, update, upsert=upsert)


def _update_many(rng: random.Random, query: Doc) -> Op:
    update = _update(rng)
    upsert_query, upsert = _upsert_filter(rng)
    return lambda c: c.update_many(upsert_query, update, upsert=upsert)


def _replace_one(rng: random.Random, query: Doc) -> Op:
    replacement = {k: v for k, v in _doc(rng).items() if k != "_id"}
    upsert_query, upsert = _upsert_filter(rng)
    return lambda c: c.replace_one(upsert_query, replacement, upsert=upsert)


def _find_one_and_update(rng: random.Random, query: Doc) -> Op:
    update = _update(rng)
    upsert_query, upsert = _upsert_filter(rng)
    after = rng.choice([ReturnDocument.BEFORE, ReturnDocument.AFTER])
    projection = rng.choice([None, {"tags": 0}, {"status": 1}])
    sort = rng.choice([None, [("n", -1)]])
    return lambda c: c.find_one_and_update(
        upsert_query, update, projection, sort=sort, upsert=upsert, return_document=after
    )


def _count(rng: random.Random, query: Doc) -> Op:
    options = rng.choice([{}, {"skip": 1}, {"limit": 2}, {"skip": 1, "limit": 1}])
    return lambda c: c.count_documents(query, **options)


def _aggregate(rng: random.Random, query: Doc) -> Op:
    async def aggregate(c: Coll) -> Any:
        pipeline = [{"$match": query}, {"$group": {"_id": "$tenant_id", "n": {"$sum": 1}}}]
        return await (await c.aggregate(pipeline)).to_list(None)

    return aggregate


OPERATIONS: dict[str, Callable[[random.Random, Doc], Op]] = {
    "insert": _insert,
    "insert again": _insert,
    "find": _find,
    "find_one": lambda rng, query: lambda c: c.find_one(query),
    "update_one": _update_one,
    "update_many": _update_many,
    "replace_one": _replace_one,
    "find_one_and_update": _find_one_and_update,
    "find_one_and_delete": lambda rng, query: lambda c: c.find_one_and_delete(query),
    "delete_one": lambda rng, query: lambda c: c.delete_one(query),
    "delete_many": lambda rng, query: lambda c: c.delete_many(query),
    "count": _count,
    "distinct": lambda rng, query: lambda c: c.distinct("status", query),
    "aggregate": _aggregate,
}


def _operation(rng: random.Random) -> tuple[str, Op]:
    kind = rng.choice(sorted(OPERATIONS))
    return kind, OPERATIONS[kind](rng, _filter(rng))


async def _run(op: Op, coll: Coll) -> Any:
    try:
        return ("ok", _outcome(await op(coll)))
    except PyMongoError as exc:
        return ("error", type(exc).__name__, getattr(exc, "code", None))


def _canonical(docs: list[Doc]) -> list[str]:
    # mongomock's $group emits groups in hash order; compare them as a set.
    return sorted(repr(doc) for doc in docs)


@pytest.mark.parametrize("seed", range(6))
async def test_indexed_store_answers_like_plain_mongomock(
    pair: tuple[Coll, Coll], seed: int
) -> None:
    indexed, plain = pair
    rng = random.Random(seed)
    for step in range(250):
        kind, op = _operation(rng)
        got, want = await _run(op, indexed), await _run(op, plain)
        if kind == "aggregate" and got[0] == want[0] == "ok":
            got, want = _canonical(got[1]), _canonical(want[1])
        assert got == want, f"step {step}: {kind}"
        assert await indexed.find({}).to_list(None) == await plain.find({}).to_list(None), (
            f"step {step}: {kind} left different data"
        )


async def test_unique_partial_index_is_enforced_through_the_index(
    pair: tuple[Coll, Coll],
) -> None:
    coll, _ = pair
    await coll.insert_one({"_id": "a", "tenant_id": "t1", "idempotency_key": "k"})
    # Outside the partial index (no string key): any number of them.
    await coll.insert_one({"_id": "b", "tenant_id": "t1", "idempotency_key": None})
    await coll.insert_one({"_id": "c", "tenant_id": "t1"})
    await coll.insert_one({"_id": "d", "tenant_id": "t2", "idempotency_key": "k"})

    with pytest.raises(DuplicateKeyError) as on_insert:
        await coll.insert_one({"_id": "e", "tenant_id": "t1", "idempotency_key": "k"})
    assert on_insert.value.code == 11000
    with pytest.raises(DuplicateKeyError):
        await coll.update_one({"_id": "b"}, {"$set": {"idempotency_key": "k"}})
    with pytest.raises(DuplicateKeyError):
        await coll.find_one_and_update({"_id": "d"}, {"$set": {"tenant_id": "t1"}})
    with pytest.raises(DuplicateKeyError):
        await coll.update_one(
            {"_id": "f"}, {"$set": {"tenant_id": "t1", "idempotency_key": "k"}}, upsert=True
        )

    # The failed writes changed nothing, and the index still finds every document.
    assert await coll.count_documents({}) == 4
    assert await coll.find_one({"_id": "b"}) == {
        "_id": "b",
        "tenant_id": "t1",
        "idempotency_key": None,
    }
    found = await coll.find({"tenant_id": "t1", "idempotency_key": "k"}).to_list(None)
    assert [doc["_id"] for doc in found] == ["a"]


async def test_index_follows_in_place_updates_and_deletes(pair: tuple[Coll, Coll]) -> None:
    coll, _ = pair
    await coll.insert_many([{"_id": i, "tenant_id": "t1", "status": "queued"} for i in range(5)])

    await coll.update_many({"_id": {"$in": [1, 3]}}, {"$set": {"status": "done"}})
    await coll.delete_one({"_id": 3})
    await coll.replace_one({"_id": 4}, {"tenant_id": "t2", "status": "done"})

    done = await coll.find({"tenant_id": "t1", "status": "done"}).to_list(None)
    queued = await coll.find({"status": "queued"}).to_list(None)
    assert [doc["_id"] for doc in done] == [1]
    assert [doc["_id"] for doc in queued] == [0, 2]
    assert await coll.count_documents({"status": "done"}) == 2

    await coll.drop_indexes()
    await coll.create_index("status")
    assert await coll.count_documents({"status": "done"}) == 2
    await coll.drop()
    assert await coll.count_documents({"status": "done"}) == 0


def test_equality_on_id_and_indexed_fields_tests_only_its_bucket() -> None:
    client = IndexedClient()
    coll = client.app.resumes
    coll.create_index([("tenant_id", 1), ("status", 1)])
    coll.create_index("n")
    coll.insert_many(
        [
            {"_id": f"r{i}", "tenant_id": f"t{i % 10}", "status": "queued", "n": i % 4}
            for i in range(1000)
        ]
    )
    coll.update_one({"_id": "r7"}, {"$set": {"tenant_id": "t0"}})
    store = coll._store
    assert isinstance(store, IndexedCollectionStore)

    by_id = store.candidates({"_id": "r7", "tenant_id": "t0"})
    by_tenant = store.candidates({"tenant_id": "t0", "status": "queued"})
    by_ids = store.candidates({"_id": {"$in": ["r1", "r2", "nope"]}})
    # 1, 1.0 and True hash alike: one bucket, each document once (the matcher tells them apart).
    ones = store.candidates({"n": {"$in": [1, 1.0, True]}})

    assert by_id is not None
    assert by_tenant is not None
    assert by_ids is not None
    assert [doc["_id"] for doc in by_id] == ["r7"]
    assert len(by_tenant) == 101
    assert [doc["_id"] for doc in by_tenant][:3] == ["r0", "r7", "r10"]  # natural order
    assert [doc["_id"] for doc in by_ids] == ["r1", "r2"]
    assert ones is not None
    assert len(ones) == len({doc["_id"] for doc in ones}) == 250
    assert coll.count_documents({"n": {"$in": [1, 1.0, True]}}) == 250
    assert store.candidates({"status": {"$gt": "a"}}) is None  # no equality: all documents


async def test_an_update_that_fails_half_way_is_indexed_as_stored(
    pair: tuple[Coll, Coll],
) -> None:
    # mongomock applies operators one by one and keeps what it applied before an error; the
    # index must describe what is stored, whatever that is.
    answers = []
    for coll in pair:
        await coll.insert_one({"_id": 1, "tenant_id": "t1", "status": "queued"})
        with pytest.raises(PyMongoError):
            await coll.update_one(
                {"_id": 1}, {"$set": {"status": "done"}, "$inc": {"tenant_id": 1}}
            )
        answers.append(await coll.find({"tenant_id": "t1", "status": "done"}).to_list(None))
    assert answers[0] == answers[1]
