"""What a command handler gets: the shared backend, its database and typed argument access."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.database import Database

from .cursors import CursorStore
from .errors import INVALID_NAMESPACE, TYPE_MISMATCH, CommandError
from .protocol import Document

_T = TypeVar("_T")


@dataclass
class ServerStats:
    host: str = ""
    port: int = 0
    started_monotonic: float = field(default_factory=time.monotonic)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    current_connections: int = 0
    total_connections: int = 0
    #: commands run, by (command, collection): serverStatus reports them, so a bench
    #: can count the round trips a resume costs
    commands: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)


@dataclass
class Context:
    # Typed as PyMongo's client: mongomock ships stubs that alias its classes to PyMongo's.
    client: MongoClient[Document]
    cursors: CursorStore
    stats: ServerStats
    db_name: str
    command_name: str
    connection_id: int = 0
    peer: str = ""

    @property
    def db(self) -> Database[Document]:
        return self.client[self.db_name]

    def namespace(self, collection_name: str) -> str:
        return f"{self.db_name}.{collection_name}"

    def collection_name(self, body: Document) -> str:
        name = body.get(self.command_name)
        if not isinstance(name, str) or not name:
            raise CommandError(
                INVALID_NAMESPACE,
                f"collection name has invalid type {_bson_type(name)}",
            )
        return name

    def collection(self, body: Document) -> Collection[Document]:
        return self.db[self.collection_name(body)]

    def ensure_collection(self, name: str) -> None:
        # mongomock forgets a collection once its last document is deleted unless it was
        # created explicitly; a real server keeps it, so writes create it explicitly.
        if name not in self.db.list_collection_names():
            self.db.create_collection(name)

    def doc_arg(self, body: Document, key: str) -> Document:
        return _typed(body, key, self.command_name, dict, "object", dict)

    def list_arg(self, body: Document, key: str) -> list[Any]:
        return _typed(body, key, self.command_name, list, "array", list)

    def int_arg(self, body: Document, key: str, default: int = 0) -> int:
        value = body.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _type_mismatch(self.command_name, key, value, "long")
        return int(value)

    def opt_int_arg(self, body: Document, key: str) -> int | None:
        return None if body.get(key) is None else self.int_arg(body, key)

    def bool_arg(self, body: Document, key: str) -> bool:
        return bool(body.get(key, False))


Handler = Callable[[Context, Document], Document]


def sort_arg(value: Any) -> list[tuple[str, Any]] | None:
    if not value:
        return None
    if not isinstance(value, dict):
        raise CommandError(TYPE_MISMATCH, f"sort must be an object, not {_bson_type(value)}")
    return list(value.items())


def _typed(
    body: Document, key: str, command: str, kind: type[_T], bson_name: str, empty: Callable[[], _T]
) -> _T:
    value = body.get(key)
    if value is None:
        return empty()
    if not isinstance(value, kind):
        raise _type_mismatch(command, key, value, bson_name)
    return value


def _type_mismatch(command: str, key: str, value: Any, expected: str) -> CommandError:
    return CommandError(
        TYPE_MISMATCH,
        f"BSON field '{command}.{key}' is the wrong type '{_bson_type(value)}', "
        f"expected type '{expected}'",
    )


def _bson_type(value: Any) -> str:
    names = {str: "string", int: "int", float: "double", bool: "bool", dict: "object"}
    if value is None:
        return "null"
    return names.get(type(value), "array" if isinstance(value, list) else type(value).__name__)
