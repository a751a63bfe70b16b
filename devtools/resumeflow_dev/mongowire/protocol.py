"""Framing for the MongoDB wire protocol, limited to what drivers send a standalone server.

PyMongo 4.x speaks OP_MSG only. OP_QUERY is answered (with OP_REPLY) because older drivers and
tools open connections with a legacy ``isMaster`` on ``admin.$cmd``.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass
from typing import Any

import bson
from bson.codec_options import CodecOptions, DatetimeConversion

Document = dict[str, Any]

OP_REPLY = 1
OP_QUERY = 2004
OP_MSG = 2013

MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024
MAX_MESSAGE_SIZE = 48_000_000

_HEADER = struct.Struct("<iiii")
_INT32 = struct.Struct("<i")
_OP_REPLY_PREFIX = struct.Struct("<iqii")

_CHECKSUM_PRESENT = 1 << 0
_MORE_TO_COME = 1 << 1

# DATETIME_AUTO keeps dates outside Python's datetime range decodable instead of failing the
# whole message; naive datetimes (bson's default) match what mongomock stores.
CODEC_OPTIONS: CodecOptions[Document] = CodecOptions(
    datetime_conversion=DatetimeConversion.DATETIME_AUTO
)


class ProtocolError(Exception):
    """The byte stream can no longer be framed; the connection has to be closed."""


class MalformedRequest(Exception):
    """A well-framed message whose content cannot be decoded; answered with an error reply."""


@dataclass(frozen=True)
class Request:
    request_id: int
    op_code: int
    payload: bytes


@dataclass(frozen=True)
class Command:
    body: Document
    # With moreToCome the client expects no reply at all (unacknowledged writes).
    expects_reply: bool = True


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """Read one message; ``None`` means the peer closed the connection between messages."""
    try:
        header = await reader.readexactly(_HEADER.size)
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise ProtocolError("connection closed inside a message header") from exc
        return None
    length, request_id, _response_to, op_code = _HEADER.unpack(header)
    if not _HEADER.size < length <= MAX_MESSAGE_SIZE:
        raise ProtocolError(f"invalid message length {length}")
    try:
        payload = await reader.readexactly(length - _HEADER.size)
    except asyncio.IncompleteReadError as exc:
        raise ProtocolError("connection closed inside a message") from exc
    return Request(request_id=request_id, op_code=op_code, payload=payload)


def parse_command(request: Request) -> Command:
    if request.op_code == OP_MSG:
        return _parse_op_msg(request.payload)
    if request.op_code == OP_QUERY:
        return Command(body=_parse_op_query(request.payload))
    raise MalformedRequest(f"unsupported wire protocol opcode {request.op_code}")


def _read_int32(data: bytes, pos: int) -> int:
    if pos + _INT32.size > len(data):
        raise MalformedRequest("message truncated")
    value: int = _INT32.unpack_from(data, pos)[0]
    return value


def _decode(data: bytes) -> Document:
    try:
        return bson.decode(data, codec_options=CODEC_OPTIONS)
    except Exception as exc:  # bson raises several types for corrupt input
        raise MalformedRequest(f"invalid BSON: {exc}") from exc


def _parse_op_msg(payload: bytes) -> Command:
    flags = _read_int32(payload, 0) & 0xFFFFFFFF
    end = len(payload) - (4 if flags & _CHECKSUM_PRESENT else 0)
    pos = 4
    body: Document | None = None
    sequences: dict[str, list[Document]] = {}
    while pos < end:
        kind = payload[pos]
        pos += 1
        size = _read_int32(payload, pos)
        if size < 5 or pos + size > end:
            raise MalformedRequest("OP_MSG section size out of range")
        if kind == 0:
            if body is not None:
                raise MalformedRequest("OP_MSG has more than one body section")
            body = _decode(payload[pos : pos + size])
        elif kind == 1:
            section_end = pos + size
            name_end = payload.find(b"\x00", pos + 4, section_end)
            if name_end < 0:
                raise MalformedRequest("OP_MSG document sequence has no identifier")
            identifier = payload[pos + 4 : name_end].decode("utf-8", "replace")
            try:
                docs = bson.decode_all(payload[name_end + 1 : section_end], CODEC_OPTIONS)
            except Exception as exc:
                raise MalformedRequest(f"invalid BSON in document sequence: {exc}") from exc
            sequences.setdefault(identifier, []).extend(docs)
        else:
            raise MalformedRequest(f"unknown OP_MSG section kind {kind}")
        pos += size
    if body is None:
        raise MalformedRequest("OP_MSG has no body section")
    # Handlers see one document, as if the sequences had been sent inline as arrays.
    for identifier, docs in sequences.items():
        body[identifier] = docs
    return Command(body=body, expects_reply=not flags & _MORE_TO_COME)


def _parse_op_query(payload: bytes) -> Document:
    # flags(int32) fullCollectionName(cstring) numberToSkip(int32) numberToReturn(int32) query
    name_end = payload.find(b"\x00", 4)
    if name_end < 0:
        raise MalformedRequest("OP_QUERY has no collection name")
    namespace = payload[4:name_end].decode("utf-8", "replace")
    pos = name_end + 1 + 8
    size = _read_int32(payload, pos)
    if size < 5 or pos + size > len(payload):
        raise MalformedRequest("OP_QUERY document size out of range")
    query = _decode(payload[pos : pos + size])
    wrapped = query.get("$query")
    body: Document = dict(wrapped) if isinstance(wrapped, dict) else query
    db_name, _, collection = namespace.partition(".")
    if collection != "$cmd":
        raise MalformedRequest("OP_QUERY is only supported for commands (<db>.$cmd)")
    body.setdefault("$db", db_name)
    return body


def _header(length: int, request_id: int, response_to: int, op_code: int) -> bytes:
    return _HEADER.pack(_HEADER.size + length, request_id, response_to, op_code)


def encode_reply(reply: Document, *, request_id: int, response_to: int, legacy: bool) -> bytes:
    """Encode ``reply`` as OP_REPLY when answering OP_QUERY, else as an OP_MSG body."""
    doc = bson.encode(reply, codec_options=CODEC_OPTIONS)
    if legacy:
        payload = _OP_REPLY_PREFIX.pack(0, 0, 0, 1) + doc
        return _header(len(payload), request_id, response_to, OP_REPLY) + payload
    payload = b"\x00\x00\x00\x00\x00" + doc  # flagBits 0, then one kind-0 section
    return _header(len(payload), request_id, response_to, OP_MSG) + payload
