"""Command errors shaped like a real server's, so PyMongo raises the matching exception types."""

from __future__ import annotations

import json
from typing import Any

from pymongo.collection import Collection
from pymongo.errors import OperationFailure

from .protocol import Document

BAD_VALUE = 2
FAILED_TO_PARSE = 9
UNAUTHORIZED = 13
TYPE_MISMATCH = 14
ILLEGAL_OPERATION = 20
NAMESPACE_NOT_FOUND = 26
INDEX_NOT_FOUND = 27
CURSOR_NOT_FOUND = 43
NAMESPACE_EXISTS = 48
COMMAND_NOT_FOUND = 59
INVALID_OPTIONS = 72
INVALID_NAMESPACE = 73
COMMAND_NOT_SUPPORTED = 115
DUPLICATE_KEY = 11000

CODE_NAMES = {
    BAD_VALUE: "BadValue",
    FAILED_TO_PARSE: "FailedToParse",
    UNAUTHORIZED: "Unauthorized",
    TYPE_MISMATCH: "TypeMismatch",
    ILLEGAL_OPERATION: "IllegalOperation",
    NAMESPACE_NOT_FOUND: "NamespaceNotFound",
    INDEX_NOT_FOUND: "IndexNotFound",
    CURSOR_NOT_FOUND: "CursorNotFound",
    NAMESPACE_EXISTS: "NamespaceExists",
    COMMAND_NOT_FOUND: "CommandNotFound",
    INVALID_OPTIONS: "InvalidOptions",
    INVALID_NAMESPACE: "InvalidNamespace",
    COMMAND_NOT_SUPPORTED: "CommandNotSupported",
    DUPLICATE_KEY: "DuplicateKey",
}


class CommandError(Exception):
    def __init__(self, code: int, errmsg: str, **extra: Any) -> None:
        super().__init__(errmsg)
        self.code = code
        self.errmsg = errmsg
        self.extra = extra

    def to_reply(self) -> Document:
        reply: Document = {"ok": 0.0, "errmsg": self.errmsg, "code": self.code}
        if self.code in CODE_NAMES:
            reply["codeName"] = CODE_NAMES[self.code]
        reply.update(self.extra)
        return reply

    def to_write_error(self, index: int) -> Document:
        return {"index": index, "code": self.code, "errmsg": self.errmsg, **self.extra}


def from_exception(
    exc: Exception,
    *,
    collection: Collection[Document] | None = None,
    doc: Document | None = None,
) -> CommandError:
    """Translate whatever mongomock raised into the error a real server would report."""
    if isinstance(exc, CommandError):
        return exc
    if isinstance(exc, OperationFailure):
        code = exc.code or BAD_VALUE
        if code == DUPLICATE_KEY and collection is not None:
            return duplicate_key_error(collection, doc)
        return CommandError(code, _message(exc))
    if isinstance(exc, NotImplementedError):
        return CommandError(BAD_VALUE, f"not supported by the development server: {exc}")
    if isinstance(exc, ValueError | TypeError):  # mongomock's way of rejecting bad input
        return CommandError(BAD_VALUE, _message(exc))
    return CommandError(
        BAD_VALUE, f"internal error in the development server: {type(exc).__name__}: {exc}"
    )


def _message(exc: Exception) -> str:
    # OperationFailure.__str__ appends the full error document; the first arg is the message.
    text = str(exc.args[0]) if exc.args else ""
    return text or type(exc).__name__


def duplicate_key_error(collection: Collection[Document], doc: Document | None) -> CommandError:
    """Build the E11000 error, naming the violated index when it can be identified.

    mongomock only says "Duplicate Key Error" and rolls the write back, so the index is found
    by looking for another document with the same key values as ``doc``.
    """
    prefix = f"E11000 duplicate key error collection: {collection.full_name}"
    try:
        violated = _violated_index(collection, doc) if doc is not None else None
    except Exception:  # only the message gets poorer; the error code is what matters
        violated = None
    if violated is None:
        return CommandError(DUPLICATE_KEY, prefix)
    name, pattern, values = violated
    shown = ", ".join(f"{field}: {_show(value)}" for field, value in values.items())
    return CommandError(
        DUPLICATE_KEY,
        f"{prefix} index: {name} dup key: {{ {shown} }}",
        keyPattern=pattern,
        keyValue=values,
    )


def _violated_index(
    collection: Collection[Document], doc: Document
) -> tuple[str, Document, Document] | None:
    for name, info in collection.index_information().items():
        if name != "_id_" and not info.get("unique"):
            continue
        pattern = {field: direction for field, direction in info["key"]}
        values = {field: _get_path(doc, field) for field in pattern}
        if info.get("sparse") and all(value is None for value in values.values()):
            continue
        conditions: list[Document] = [values]
        if name != "_id_" and "_id" in doc:
            conditions.append({"_id": {"$ne": doc["_id"]}})
        if info.get("partialFilterExpression"):
            conditions.append(info["partialFilterExpression"])
        if collection.count_documents({"$and": conditions}, limit=1):
            return name, pattern, values
    return None


def _show(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _get_path(doc: Document, path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value
