"""A mongomock client whose collections look documents up through hash indexes.

Only the choice of candidate documents changes (see ``indexes``); matching, update operators,
projections, upserts and errors stay mongomock's own code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, cast

from mongomock import aggregate as mongomock_aggregate
from mongomock import filtering, helpers
from mongomock.collection import Collection
from mongomock.database import Database
from mongomock.mongo_client import MongoClient
from pymongo.errors import DuplicateKeyError

from .indexes import Document, IndexedCollectionStore, IndexedServerStore, store_key

_filter_applies = cast(Callable[[Document, Document], bool], filtering.filter_applies)


class IndexedCollection(Collection):
    # Documents an update may have changed in place, to re-index once it is done.
    _touched: list[Document] | None = None

    def _iter_documents(self, filter: Document) -> Iterator[Document]:
        store: IndexedCollectionStore = self._store
        candidates = store.candidates(filter)
        if candidates is None:
            docs: Iterator[Document] = super()._iter_documents(filter)
        else:
            if not candidates:
                _filter_applies(filter, {})  # still reject an invalid filter, as mongomock does
            docs = (doc for doc in candidates if _filter_applies(filter, doc))
        touched = self._touched
        return docs if touched is None else _recording(docs, touched)

    def _update(self, spec: Document, document: Any, *args: Any, **kwargs: Any) -> Document:
        touched: list[Document] = []
        self._touched = touched
        try:
            result: Document = super()._update(spec, document, *args, **kwargs)
            return result
        finally:
            self._touched = None
            for doc in touched:
                self._store.reindex(store_key(doc["_id"]))

    def _ensure_uniques(self, new_data: Document) -> None:
        # mongomock's check, plus: a document outside a partial or sparse index cannot
        # collide in it, so only indexed documents are looked for (in their bucket).
        store: IndexedCollectionStore = self._store
        store.reindex(store_key(new_data["_id"]))
        for index in store.indexes.values():
            if not index.get("unique"):
                continue
            partial = index.get("partialFilterExpression")
            if partial is not None and not _filter_applies(partial, new_data):
                continue
            values: Document = {}
            for key, _ in index["key"]:
                try:
                    values[key] = helpers.get_value_by_dot(new_data, key)
                except KeyError:
                    values[key] = None
            if index.get("sparse") and set(values.values()) == {None}:
                continue
            query = values if partial is None else {"$and": [partial, values]}
            if len(list(self._iter_documents(query))) > 1:
                raise DuplicateKeyError("E11000 Duplicate Key Error", 11000)

    def select(
        self,
        filter: Document,
        *,
        projection: Document | None = None,
        sort: list[tuple[str, Any]] | None = None,
        skip: int = 0,
        limit: int = 0,
        copy: bool = True,
    ) -> list[Document]:
        """``list(find(...))``, copying only the documents returned.

        mongomock's cursor copies every match before applying skip and limit. With
        ``copy=False`` and no projection the stored documents themselves come back: only
        for a caller that encodes them before anything else runs.
        """
        spec = helpers.patch_datetime_awareness_in_document(filter)
        ordered = self._ordered(spec, sort)
        docs: Iterator[Document]
        if ordered is None:
            docs = self._get_dataset(spec, sort, projection, dict)
        elif projection is None and not copy:
            docs = ordered
        else:
            docs = (self._copy_only_fields(doc, projection, dict) for doc in ordered)
        return list(itertools.islice(docs, skip, skip + limit if limit else None))

    def _get_dataset(
        self, spec: Document, sort: Any, fields: Any, as_class: Any
    ) -> Iterator[Document]:
        ordered = self._ordered(spec, sort)
        if ordered is None:
            yield from super()._get_dataset(spec, sort, fields, as_class)
            return
        for doc in ordered:
            yield self._copy_only_fields(doc, fields, as_class)

    def _ordered(self, spec: Document, sort: Any) -> Iterator[Document] | None:
        """The stored documents matching ``spec`` in ``sort`` order; ``None``: not handled."""
        if not sort:
            return self._iter_documents(spec)
        single = _single_sort_key(sort)
        if single is None:
            return None
        key, descending = single
        docs = list(self._iter_documents(spec))
        values = [filtering.resolve_key(key, doc) for doc in docs]
        if _plain(values):
            # mongomock wraps every key in a BSON comparator; for values of one plain type
            # that comparator is Python's own, so sorting the raw values gives the same order.
            order = sorted(range(len(docs)), key=values.__getitem__, reverse=descending)
            docs = [docs[i] for i in order]
        else:
            docs.sort(key=lambda doc: filtering.resolve_sort_key(key, doc), reverse=descending)
        return iter(docs)

    def aggregate(self, pipeline: list[Document], session: Any = None, **kwargs: Any) -> Any:
        # mongomock copies the whole collection before the first stage; a leading $match
        # can pick its documents through the indexes instead.
        if pipeline and isinstance(pipeline[0], dict) and set(pipeline[0]) == {"$match"}:
            query = pipeline[0]["$match"]
            counted = _count_stages(pipeline[1:])
            if counted is not None:  # count_documents: nothing needs copying
                skip, limit = counted
                spec = helpers.patch_datetime_awareness_in_document(query)
                matched = max(sum(1 for _ in self._iter_documents(spec)) - skip, 0)
                n = min(matched, limit) if limit else matched
                return iter([{"_id": 1, "n": n}] if n else [])
            docs = list(self.find(query))
            return mongomock_aggregate.process_pipeline(docs, self.database, pipeline[1:], session)
        return super().aggregate(pipeline, session, **kwargs)

    def with_options(self, *args: Any, **kwargs: Any) -> Any:
        plain = super().with_options(*args, **kwargs)
        if plain is self:
            return self
        return IndexedCollection(
            self.database,
            self.name,
            _db_store=self._db_store,
            write_concern=plain.write_concern,
            read_concern=plain.read_concern,
            read_preference=plain.read_preference,
            codec_options=plain.codec_options,
        )


def _single_sort_key(sort: Any) -> tuple[str, bool] | None:
    """(field, descending) for a sort on one plain field, else ``None``."""
    if isinstance(sort, dict):
        sort = list(sort.items())
    if not isinstance(sort, list | tuple) or len(sort) != 1:
        return None
    key, direction = sort[0]
    if not isinstance(key, str) or key.startswith("$"):
        return None
    return key, direction < 0


def _plain(values: list[Any]) -> bool:
    """Whether all values are of one type that Python orders as BSON does."""
    if not values:
        return True
    kinds = {type(value) for value in values}
    if kinds <= {int, float}:
        return all(value == value for value in values)  # NaN sorts apart in BSON
    if kinds == {datetime}:
        return len({value.tzinfo is None for value in values}) == 1
    return kinds == {str}


_COUNT_GROUP = {"$group": {"_id": 1, "n": {"$sum": 1}}}


def _count_stages(stages: list[Any]) -> tuple[int, int] | None:
    """(skip, limit) when ``stages`` are PyMongo's count_documents tail, else ``None``."""
    if not stages or stages[-1] != _COUNT_GROUP:
        return None
    options: dict[str, int] = {}
    for stage in stages[:-1]:
        if not isinstance(stage, dict) or len(stage) != 1:
            return None
        ((name, value),) = stage.items()
        if name not in ("$skip", "$limit") or name in options or isinstance(value, bool):
            return None
        if not isinstance(value, int) or value < 0:
            return None
        options[name] = value
    if list(options) not in ([], ["$skip"], ["$limit"], ["$skip", "$limit"]):
        return None
    return options.get("$skip", 0), options.get("$limit", 0)


def _recording(docs: Iterable[Document], touched: list[Document]) -> Iterator[Document]:
    for doc in docs:
        touched.append(doc)
        yield doc


class IndexedDatabase(Database):
    def get_collection(self, name: str, *args: Any, **kwargs: Any) -> IndexedCollection:
        if name not in self._collection_accesses:
            self._ensure_valid_collection_name(name)
            self._collection_accesses[name] = IndexedCollection(self, name, _db_store=self._store)
        collection: IndexedCollection = super().get_collection(name, *args, **kwargs)
        return collection


class IndexedClient(MongoClient):
    """An in-memory mongomock client with hash indexes on ``_id`` and declared index fields."""

    def __init__(self) -> None:
        super().__init__(_store=IndexedServerStore())

    def get_database(self, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if name is not None and name not in self._database_accesses:
            self._database_accesses[name] = IndexedDatabase(
                self,
                name,
                _store=self._store[name],
                read_preference=self.read_preference,
                codec_options=self._codec_options,
            )
        return super().get_database(name, *args, **kwargs)
