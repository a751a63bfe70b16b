"""Databases, collections and indexes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from mongomock import filtering

from .context import Context, Handler
from .errors import (
    BAD_VALUE,
    COMMAND_NOT_SUPPORTED,
    FAILED_TO_PARSE,
    INDEX_NOT_FOUND,
    INVALID_OPTIONS,
    NAMESPACE_EXISTS,
    NAMESPACE_NOT_FOUND,
    CommandError,
)
from .protocol import Document

# mongomock's matcher is untyped; it is the same one its find() uses.
_filter_applies = cast(Callable[[Document, Document], bool], filtering.filter_applies)

_UNSUPPORTED_CREATE_OPTIONS = ("capped", "viewOn", "timeseries", "clusteredIndex")
# Options mongomock enforces or records; others (background, weights, ...) change no results.
_INDEX_OPTIONS = ("name", "unique", "sparse", "expireAfterSeconds", "partialFilterExpression")
_ID_INDEX: Document = {"v": 2, "key": {"_id": 1}, "name": "_id_"}


def _require_collection(ctx: Context, name: str) -> None:
    if name not in ctx.db.list_collection_names():
        raise CommandError(NAMESPACE_NOT_FOUND, f"ns does not exist: {ctx.namespace(name)}")


def _first_batch(ctx: Context, body: Document, namespace: str, docs: list[Document]) -> Document:
    cursor_options = ctx.doc_arg(body, "cursor")
    batch_size = ctx.opt_int_arg(cursor_options, "batchSize")
    return {"cursor": ctx.cursors.first_batch(namespace, docs, batch_size=batch_size)}


def create(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    unsupported = [option for option in _UNSUPPORTED_CREATE_OPTIONS if body.get(option)]
    if unsupported:
        raise CommandError(
            COMMAND_NOT_SUPPORTED,
            f"create options {unsupported} are not supported by the development server",
        )
    if name in ctx.db.list_collection_names():
        raise CommandError(NAMESPACE_EXISTS, f"Collection {ctx.namespace(name)} already exists.")
    # Validators are accepted but not enforced: documented limitation of the dev server.
    ctx.db.create_collection(name)
    return {}


def drop(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    # Since 7.0 dropping a missing collection succeeds.
    if name not in ctx.db.list_collection_names():
        return {}
    indexes = len(ctx.db[name].index_information())
    ctx.db.drop_collection(name)
    return {"nIndexesWas": indexes, "ns": ctx.namespace(name)}


def drop_database(ctx: Context, body: Document) -> Document:
    ctx.client.drop_database(ctx.db_name)
    return {"dropped": ctx.db_name}


def list_collections(ctx: Context, body: Document) -> Document:
    query = ctx.doc_arg(body, "filter")
    name_only = ctx.bool_arg(body, "nameOnly")
    docs: list[Document] = []
    for name in sorted(ctx.db.list_collection_names()):
        info: Document = {
            "name": name,
            "type": "collection",
            "options": {},
            "info": {"readOnly": False},
            "idIndex": dict(_ID_INDEX),
        }
        if query and not _filter_applies(query, info):
            continue
        docs.append({"name": name, "type": "collection"} if name_only else info)
    return _first_batch(ctx, body, f"{ctx.db_name}.$cmd.listCollections", docs)


def list_databases(ctx: Context, body: Document) -> Document:
    query = ctx.doc_arg(body, "filter")
    docs: list[Document] = []
    for name in sorted(ctx.client.list_database_names()):
        info: Document = {"name": name, "sizeOnDisk": 0, "empty": False}
        if query and not _filter_applies(query, info):
            continue
        docs.append(info)
    if ctx.bool_arg(body, "nameOnly"):
        return {"databases": [{"name": doc["name"]} for doc in docs]}
    return {"databases": docs, "totalSize": 0, "totalSizeMb": 0}


def create_indexes(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    coll = ctx.db[name]
    specs = ctx.list_arg(body, "indexes")
    if not specs:
        raise CommandError(BAD_VALUE, "Must specify at least one index to create")
    created = name not in ctx.db.list_collection_names()
    ctx.ensure_collection(name)
    existing = coll.index_information()
    before = len(existing)
    for spec in specs:
        key = spec.get("key") if isinstance(spec, dict) else None
        if not isinstance(key, dict) or not key:
            raise CommandError(FAILED_TO_PARSE, "index specification must have a non-empty 'key'")
        if spec.get("name") == "_id_":
            continue
        if spec.get("name") in existing and existing[spec["name"]].get("key") == list(key.items()):
            # As a real server does: an identical index is a no-op. mongomock would rebuild
            # it and, ignoring partialFilterExpression, reject documents the filter excludes.
            continue
        options = {option: spec[option] for option in _INDEX_OPTIONS if option in spec}
        coll.create_index(list(key.items()), **options)
    after = len(coll.index_information())
    reply: Document = {
        "numIndexesBefore": before,
        "numIndexesAfter": after,
        "createdCollectionAutomatically": created,
    }
    if before == after:
        reply["note"] = "all indexes already exist"
    return reply


def list_indexes(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    _require_collection(ctx, name)
    docs = [
        {"v": 2, "key": info["key"], "name": info["name"], **info}
        for info in ctx.db[name].list_indexes()
    ]
    return _first_batch(ctx, body, f"{ctx.db_name}.$cmd.listIndexes.{name}", docs)


def _index_name(existing: Mapping[str, Any], wanted: Any) -> str:
    if isinstance(wanted, dict):
        wanted_key = list(wanted.items())
        for name, info in existing.items():
            if [tuple(pair) for pair in info["key"]] == wanted_key:
                return name
        raise CommandError(INDEX_NOT_FOUND, f"can't find index with key: {wanted}")
    if not isinstance(wanted, str):
        raise CommandError(BAD_VALUE, "index to drop must be a name, a key pattern or '*'")
    if wanted == "_id_":
        raise CommandError(INVALID_OPTIONS, "cannot drop _id index")
    if wanted not in existing:
        raise CommandError(INDEX_NOT_FOUND, f"index not found with name [{wanted}]")
    return wanted


def drop_indexes(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    _require_collection(ctx, name)
    coll = ctx.db[name]
    existing = coll.index_information()
    wanted = body.get("index")
    if wanted == "*":
        coll.drop_indexes()
    else:
        # Resolve every name first so an invalid one leaves all indexes in place.
        names = [
            _index_name(existing, item)
            for item in (wanted if isinstance(wanted, list) else [wanted])
        ]
        for index_name in names:
            if index_name == "_id_":
                raise CommandError(INVALID_OPTIONS, "cannot drop _id index")
        for index_name in names:
            coll.drop_index(index_name)
    return {"nIndexesWas": len(existing)}


HANDLERS: dict[str, Handler] = {
    "create": create,
    "drop": drop,
    "dropDatabase": drop_database,
    "listCollections": list_collections,
    "listDatabases": list_databases,
    "createIndexes": create_indexes,
    "listIndexes": list_indexes,
    "dropIndexes": drop_indexes,
    "deleteIndexes": drop_indexes,
}
