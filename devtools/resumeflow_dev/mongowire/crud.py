"""Document reads and writes: mongomock does the work, replies take a real server's shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.collection import Collection

from .context import Context, Handler, sort_arg
from .errors import (
    BAD_VALUE,
    COMMAND_NOT_SUPPORTED,
    FAILED_TO_PARSE,
    TYPE_MISMATCH,
    CommandError,
    from_exception,
)
from .indexed import IndexedCollection
from .protocol import Document


def _reject_collation(spec: Document) -> None:
    # Collation changes matching semantics that mongomock cannot reproduce; failing loudly
    # beats silently returning different results than production would.
    if spec.get("collation"):
        raise CommandError(BAD_VALUE, "collation is not supported by the development server")


def _write_reply(n: int, write_errors: list[Document]) -> Document:
    reply: Document = {"n": n}
    if write_errors:
        reply["writeErrors"] = write_errors
    return reply


def insert(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    coll = ctx.db[name]
    docs = ctx.list_arg(body, "documents")
    ordered = bool(body.get("ordered", True))
    ctx.ensure_collection(name)
    inserted = 0
    errors: list[Document] = []
    for index, doc in enumerate(docs):
        try:
            if not isinstance(doc, dict):
                raise CommandError(TYPE_MISMATCH, "documents to insert must be objects")
            coll.insert_one(doc)
        except Exception as exc:
            error = from_exception(exc, collection=coll, doc=doc if isinstance(doc, dict) else None)
            errors.append(error.to_write_error(index))
            if ordered:
                break
        else:
            inserted += 1
    return _write_reply(inserted, errors)


def apply_update(
    ctx: Context,
    coll: Collection[Document],
    query: Document,
    update: Any,
    *,
    multi: bool = False,
    upsert: bool = False,
    array_filters: list[Any] | None = None,
) -> Mapping[str, Any]:
    """Run one update statement; returns mongomock's raw result (n, nModified, upserted)."""
    if upsert:
        ctx.ensure_collection(coll.name)
    options: Document = {"upsert": upsert}
    if array_filters:
        options["array_filters"] = array_filters
    if isinstance(update, dict) and (not update or not next(iter(update)).startswith("$")):
        if multi:
            raise CommandError(
                FAILED_TO_PARSE, "multi update is not supported for replacement-style update"
            )
        result = coll.replace_one(query, update, upsert=upsert)
    elif isinstance(update, dict | list):
        if multi:
            result = coll.update_many(query, update, **options)
        else:
            result = coll.update_one(query, update, **options)
    else:
        raise CommandError(TYPE_MISMATCH, "update must be an object or a pipeline (array)")
    return result.raw_result or {}


def update(ctx: Context, body: Document) -> Document:
    coll = ctx.collection(body)
    ordered = bool(body.get("ordered", True))
    matched = modified = 0
    upserted: list[Document] = []
    errors: list[Document] = []
    for index, statement in enumerate(ctx.list_arg(body, "updates")):
        try:
            if not isinstance(statement, dict):
                raise CommandError(TYPE_MISMATCH, "update statements must be objects")
            _reject_collation(statement)
            result = apply_update(
                ctx,
                coll,
                ctx.doc_arg(statement, "q"),
                statement.get("u"),
                multi=ctx.bool_arg(statement, "multi"),
                upsert=ctx.bool_arg(statement, "upsert"),
                array_filters=ctx.list_arg(statement, "arrayFilters"),
            )
        except Exception as exc:
            errors.append(from_exception(exc, collection=coll).to_write_error(index))
            if ordered:
                break
            continue
        matched += int(result.get("n", 0))
        modified += int(result.get("nModified", 0))
        if result.get("upserted") is not None:
            upserted.append({"index": index, "_id": result["upserted"]})
    reply: Document = {"n": matched, "nModified": modified}
    if upserted:
        reply["upserted"] = upserted
    if errors:
        reply["writeErrors"] = errors
    return reply


def delete(ctx: Context, body: Document) -> Document:
    coll = ctx.collection(body)
    ordered = bool(body.get("ordered", True))
    deleted = 0
    errors: list[Document] = []
    for index, statement in enumerate(ctx.list_arg(body, "deletes")):
        try:
            if not isinstance(statement, dict):
                raise CommandError(TYPE_MISMATCH, "delete statements must be objects")
            _reject_collation(statement)
            query = ctx.doc_arg(statement, "q")
            limit = ctx.int_arg(statement, "limit")
            if limit not in (0, 1):
                raise CommandError(
                    FAILED_TO_PARSE,
                    f"The limit field in delete objects must be 0 or 1. Got {limit}",
                )
            result = coll.delete_one(query) if limit == 1 else coll.delete_many(query)
        except Exception as exc:
            errors.append(from_exception(exc, collection=coll).to_write_error(index))
            if ordered:
                break
            continue
        deleted += result.deleted_count
    return _write_reply(deleted, errors)


def select(
    coll: Collection[Document], query: Document, *, copy: bool = True, **options: Any
) -> list[Document]:
    """The documents ``find`` returns, through the indexed collection when there is one.

    ``copy=False`` may return the stored documents: only for replies encoded at once.
    """
    if isinstance(coll, IndexedCollection):
        return coll.select(query, copy=copy, **options)
    return list(coll.find(query, **options))


def find(ctx: Context, body: Document) -> Document:
    name = ctx.collection_name(body)
    _reject_collation(body)
    skip = ctx.int_arg(body, "skip")
    limit = ctx.int_arg(body, "limit")
    single_batch = ctx.bool_arg(body, "singleBatch")
    if skip < 0:
        raise CommandError(BAD_VALUE, "skip value must be non-negative")
    if limit < 0:  # legacy spelling of "limit, in a single batch"
        limit, single_batch = -limit, True
    sort = [(key, d) for key, d in sort_arg(body.get("sort")) or [] if key != "$natural"]
    docs = select(
        ctx.db[name],
        ctx.doc_arg(body, "filter"),
        # An empty projection means "all fields" to a server but "only _id" to mongomock.
        projection=ctx.doc_arg(body, "projection") or None,
        sort=sort or None,
        skip=skip,
        limit=limit,
        copy=False,  # first_batch encodes them before the next command can change them
    )
    cursor = ctx.cursors.first_batch(
        ctx.namespace(name),
        docs,
        batch_size=ctx.opt_int_arg(body, "batchSize"),
        single_batch=single_batch,
    )
    return {"cursor": cursor}


def get_more(ctx: Context, body: Document) -> Document:
    cursor_id = body.get("getMore")
    name = body.get("collection")
    if isinstance(cursor_id, bool) or not isinstance(cursor_id, int):
        raise CommandError(TYPE_MISMATCH, "getMore must be a cursor id (long)")
    if not isinstance(name, str) or not name:
        raise CommandError(TYPE_MISMATCH, "getMore needs the collection name")
    batch = ctx.cursors.get_more(cursor_id, ctx.namespace(name), ctx.opt_int_arg(body, "batchSize"))
    return {"cursor": batch}


def kill_cursors(ctx: Context, body: Document) -> Document:
    ctx.collection_name(body)
    ids = [int(i) for i in ctx.list_arg(body, "cursors") if isinstance(i, int)]
    killed, not_found = ctx.cursors.kill(ids)
    return {
        "cursorsKilled": killed,
        "cursorsNotFound": not_found,
        "cursorsAlive": [],
        "cursorsUnknown": [],
    }


def _projected(
    coll: Collection[Document], doc: Document, fields: Document | None
) -> Document | None:
    if not fields:
        return doc
    return coll.find_one({"_id": doc["_id"]}, projection=fields)


def find_and_modify(ctx: Context, body: Document) -> Document:
    coll = ctx.collection(body)
    _reject_collation(body)
    query = ctx.doc_arg(body, "query")
    fields = ctx.doc_arg(body, "fields") or None
    update_doc = body.get("update")
    remove, new, upsert = (ctx.bool_arg(body, key) for key in ("remove", "new", "upsert"))
    if remove and (update_doc is not None or new or upsert):
        raise CommandError(
            FAILED_TO_PARSE, "remove=true cannot be combined with update, new=true or upsert=true"
        )
    if not remove and update_doc is None:
        raise CommandError(FAILED_TO_PARSE, "Either an update or remove=true must be specified")
    matches = select(coll, query, sort=sort_arg(body.get("sort")), limit=1)
    old = matches[0] if matches else None

    if remove:
        if old is None:
            return {"lastErrorObject": {"n": 0}, "value": None}
        value = _projected(coll, old, fields)
        coll.delete_one({"_id": old["_id"]})
        return {"lastErrorObject": {"n": 1}, "value": value}

    if old is None and not upsert:
        return {"lastErrorObject": {"n": 0, "updatedExisting": False}, "value": None}
    before = _projected(coll, old, fields) if old is not None and not new else None
    # Keeping the original query next to _id lets the positional "$" operator find its element.
    target = query if old is None else {**query, "_id": old["_id"]}
    result = apply_update(
        ctx,
        coll,
        target,
        update_doc,
        upsert=old is None,
        array_filters=ctx.list_arg(body, "arrayFilters"),
    )
    upserted_id = result.get("upserted")
    last_error: Document = {"n": 1, "updatedExisting": old is not None}
    if upserted_id is not None:
        last_error["upserted"] = upserted_id
    if not new:
        return {"lastErrorObject": last_error, "value": before}
    doc_id = upserted_id if old is None else old["_id"]
    return {
        "lastErrorObject": last_error,
        "value": coll.find_one({"_id": doc_id}, projection=fields),
    }


def count(ctx: Context, body: Document) -> Document:
    options: Document = {"skip": ctx.int_arg(body, "skip")}
    limit = abs(ctx.int_arg(body, "limit"))
    if limit:
        options["limit"] = limit
    return {"n": ctx.collection(body).count_documents(ctx.doc_arg(body, "query"), **options)}


def distinct(ctx: Context, body: Document) -> Document:
    key = body.get("key")
    if not isinstance(key, str):
        raise CommandError(TYPE_MISMATCH, "distinct key must be a string")
    _reject_collation(body)
    return {"values": ctx.collection(body).distinct(key, ctx.doc_arg(body, "query"))}


def aggregate(ctx: Context, body: Document) -> Document:
    if not isinstance(body.get("aggregate"), str):
        raise CommandError(
            COMMAND_NOT_SUPPORTED,
            "database-level aggregate ({aggregate: 1}) is not supported by the development server",
        )
    name = ctx.collection_name(body)
    _reject_collation(body)
    if body.get("explain"):
        raise CommandError(
            COMMAND_NOT_SUPPORTED, "explain is not supported by the development server"
        )
    if "cursor" not in body:
        raise CommandError(
            FAILED_TO_PARSE,
            "The 'cursor' option is required, except for aggregate with the explain argument",
        )
    cursor_options = ctx.doc_arg(body, "cursor")
    docs = list(ctx.db[name].aggregate(ctx.list_arg(body, "pipeline")))
    cursor = ctx.cursors.first_batch(
        ctx.namespace(name), docs, batch_size=ctx.opt_int_arg(cursor_options, "batchSize")
    )
    return {"cursor": cursor}


HANDLERS: dict[str, Handler] = {
    "insert": insert,
    "update": update,
    "delete": delete,
    "find": find,
    "getMore": get_more,
    "killCursors": kill_cursors,
    "findAndModify": find_and_modify,
    "findandmodify": find_and_modify,
    "count": count,
    "distinct": distinct,
    "aggregate": aggregate,
}
