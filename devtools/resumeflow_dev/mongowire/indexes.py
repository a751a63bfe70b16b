"""Hash indexes over mongomock's document store, so equality lookups touch only their bucket.

mongomock answers every query by testing every document. These stores keep, for ``_id`` and
every field named in a declared index, a map from value to the documents holding it. A query
with an equality on such a field then only tests that field's bucket, with the same matcher
(mongomock's ``filter_applies``), so results are unchanged: the index narrows the candidates,
it never decides a match.

A value is bucketed only when Python equality agrees with MongoDB's for it (strings, numbers,
ObjectIds, null/missing). Anything else (arrays, sub-documents, dates, paths through arrays)
goes to an "other" bucket that every lookup on that field includes.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Hashable, Iterator
from typing import Any

from bson import ObjectId
from mongomock import helpers
from mongomock.store import CollectionStore, DatabaseStore, ServerStore

Document = dict[str, Any]

OTHER = object()  # the bucket of values an equality lookup cannot rule out by hashing
_SIMPLE = (str, int, float, ObjectId)  # bool is an int; MongoDB tells them apart, the matcher does


def store_key(doc_id: Any) -> Hashable:
    """The key mongomock files a document under in its store."""
    return helpers.hashdict(doc_id) if isinstance(doc_id, dict) else doc_id


def _indexable(value: Any) -> bool:
    return value is None or (isinstance(value, _SIMPLE) and value == value)  # NaN != NaN


def index_key(doc: Document, path: str) -> Any:
    """The bucket of ``doc`` for ``path``: its value there, ``None`` if missing, else OTHER."""
    value: Any = doc
    for part in path.split("."):
        if isinstance(value, dict):
            if part not in value:
                return None
            value = value[part]
        elif isinstance(value, list):
            return OTHER  # a path through an array matches on any element
        else:
            return None
    return value if _indexable(value) else OTHER


def equality_terms(query: Document) -> Iterator[tuple[str, list[Any]]]:
    """(path, values) for each top-level equality or ``$in`` a document must satisfy."""
    for key, value in query.items():
        if key == "$and" and isinstance(value, list):
            for clause in value:
                if isinstance(clause, dict):
                    yield from equality_terms(clause)
            continue
        if key.startswith("$"):
            continue
        if isinstance(value, dict) and len(value) == 1:
            ((operator, operand),) = value.items()
            if operator == "$eq" and _indexable(operand):
                yield key, [operand]
            elif operator == "$in" and isinstance(operand, list) and all(map(_indexable, operand)):
                yield key, operand
        elif not isinstance(value, dict) and _indexable(value):
            yield key, [value]


def _term_buckets(
    buckets: dict[Any, dict[Hashable, None]], values: list[Any]
) -> list[dict[Hashable, None]]:
    """The buckets of ``values`` plus the one no equality can rule out, each once.

    A document sits in exactly one bucket per field, so these never overlap; they are not
    merged, which would copy them.
    """
    chosen: dict[int, dict[Hashable, None]] = {}
    for value in [OTHER, *values]:
        bucket = buckets.get(value)
        if bucket:
            chosen[id(bucket)] = bucket  # 1, 1.0 and True share a bucket
    return list(chosen.values())


#: how often documents past a TTL index's expiry are deleted: MongoDB's TTL monitor
#: runs every 60 s, and a sweep here scans the whole collection (about 10 ms per 10,000 resumes)
TTL_SWEEP_SECONDS = 60.0


class IndexedCollectionStore(CollectionStore):
    """mongomock's store for one collection, plus hash indexes kept in step with it."""

    def __init__(self, name: str) -> None:
        self._buckets: dict[str, dict[Any, dict[Hashable, None]]] = {"_id": {}}
        self._entries: dict[Hashable, dict[str, Any]] = {}
        self._seq: dict[Hashable, int] = {}  # insertion order, which is mongomock's natural order
        self._counter = itertools.count()
        self._expired_at = -TTL_SWEEP_SECONDS
        super().__init__(name)

    # mongomock assigns ``indexes`` directly (drop, drop_indexes), so it is a property.
    @property
    def indexes(self) -> dict[str, Document]:
        return self._indexes

    @indexes.setter
    def indexes(self, value: dict[str, Document]) -> None:
        self._indexes = value
        self._rebuild()

    def create_index(self, index_name: str, index_dict: Document) -> None:
        super().create_index(index_name, index_dict)
        self._rebuild()

    def _remove_expired_documents(self) -> None:
        # mongomock scans every document of the collection for TTL expiry on each
        # lookup; like MongoDB's TTL monitor, this deletes expired documents once a
        # minute, so a deletion is never instant here either.
        now = time.monotonic()
        if now - self._expired_at < TTL_SWEEP_SECONDS:
            return
        self._expired_at = now
        super()._remove_expired_documents()

    def drop_index(self, index_name: str) -> None:
        super().drop_index(index_name)
        self._rebuild()

    def drop(self) -> None:
        super().drop()
        self._seq.clear()
        self._rebuild()

    def __setitem__(self, key: Hashable, val: Document) -> None:
        super().__setitem__(key, val)
        if key not in self._seq:
            self._seq[key] = next(self._counter)
        self._index(key, val)

    def __delitem__(self, key: Hashable) -> None:
        super().__delitem__(key)
        self._seq.pop(key, None)
        self._unindex(key)

    def reindex(self, key: Hashable) -> None:
        """Refresh a document's entries after mongomock changed it in place."""
        doc = self._documents.get(key)
        if doc is None:
            self._unindex(key)
        else:
            self._index(key, doc)

    def candidates(self, query: Document) -> list[Document] | None:
        """The documents that can match ``query``, in natural order; ``None``: all of them."""
        terms: list[list[dict[Hashable, None]]] = []
        for path, values in equality_terms(query):
            buckets = self._buckets.get(path)
            if buckets is not None:
                terms.append(_term_buckets(buckets, values))
        if not terms:
            return None
        terms.sort(key=lambda term: sum(map(len, term)))
        smallest, others = terms[0], terms[1:]
        keys = [
            key
            for bucket in smallest
            for key in bucket
            if all(any(key in other for other in term) for term in others)
        ]
        self._remove_expired_documents()
        documents = self._documents
        keys.sort(key=self._seq.__getitem__)
        return [documents[key] for key in keys if key in documents]

    def _rebuild(self) -> None:
        paths = {"_id"} | {
            field for index in self._indexes.values() for field, _ in index.get("key", ())
        }
        documents: dict[Hashable, Document] = self.__dict__.get("_documents", {})
        if set(self._buckets) <= paths and self._entries.keys() == documents.keys():
            # Only new fields: index just those (services create indexes one at a time).
            for path in paths - set(self._buckets):
                buckets: dict[Any, dict[Hashable, None]] = {}
                for key, doc in documents.items():
                    value = index_key(doc, path)
                    buckets.setdefault(value, {})[key] = None
                    self._entries[key][path] = value
                self._buckets[path] = buckets
            return
        self._buckets = {path: {} for path in paths}
        self._entries = {}
        for key, doc in documents.items():
            self._seq.setdefault(key, next(self._counter))
            self._index(key, doc)

    def _index(self, key: Hashable, doc: Document) -> None:
        old = self._entries.get(key)
        new = {path: index_key(doc, path) for path in self._buckets}
        if old == new:
            return
        if old is not None:
            self._unindex(key)
        for path, value in new.items():
            self._buckets[path].setdefault(value, {})[key] = None
        self._entries[key] = new

    def _unindex(self, key: Hashable) -> None:
        old = self._entries.pop(key, None)
        for path, value in (old or {}).items():
            bucket = self._buckets[path].get(value)
            if bucket is not None:
                bucket.pop(key, None)
                if not bucket:
                    del self._buckets[path][value]


class IndexedDatabaseStore(DatabaseStore):
    def __getitem__(self, col_name: str) -> IndexedCollectionStore:
        collections: dict[str, IndexedCollectionStore] = self._collections
        if col_name not in collections:
            collections[col_name] = IndexedCollectionStore(col_name)
        return collections[col_name]

    def rename(self, name: str, new_name: str) -> None:
        col = self._collections.pop(name, None) or IndexedCollectionStore(new_name)
        col.name = new_name
        self._collections[new_name] = col


class IndexedServerStore(ServerStore):
    def __getitem__(self, db_name: str) -> IndexedDatabaseStore:
        databases: dict[str, IndexedDatabaseStore] = self._databases
        if db_name not in databases:
            databases[db_name] = IndexedDatabaseStore()
        return databases[db_name]
