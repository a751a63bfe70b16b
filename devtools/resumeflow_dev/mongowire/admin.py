"""Handshake, diagnostics and session commands: everything that does not touch documents."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from .context import Context, Handler, ServerStats
from .errors import ILLEGAL_OPERATION, INVALID_OPTIONS, CommandError
from .protocol import MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, Document

VERSION = "7.0.0-resumeflow-dev"
VERSION_ARRAY = [7, 0, 0, 0]
MAX_WIRE_VERSION = 21  # MongoDB 7.0
MAX_WRITE_BATCH_SIZE = 100_000
SESSION_TIMEOUT_MINUTES = 30

_PARAMETERS: Document = {
    "featureCompatibilityVersion": {"version": "7.0"},
    "authenticationMechanisms": [],
    "transactionLifetimeLimitSeconds": 60,
}


def hello(ctx: Context, body: Document) -> Document:
    # Standalone on purpose: no setName/hosts, and no topologyVersion, which would make
    # PyMongo's monitor switch to awaitable (long-polling) hello that this server lacks.
    primary_key = "isWritablePrimary" if ctx.command_name == "hello" else "ismaster"
    reply: Document = {
        primary_key: True,
        "maxBsonObjectSize": MAX_BSON_OBJECT_SIZE,
        "maxMessageSizeBytes": MAX_MESSAGE_SIZE,
        "maxWriteBatchSize": MAX_WRITE_BATCH_SIZE,
        "localTime": datetime.now(UTC),
        "logicalSessionTimeoutMinutes": SESSION_TIMEOUT_MINUTES,
        "connectionId": ctx.connection_id,
        "minWireVersion": 0,
        "maxWireVersion": MAX_WIRE_VERSION,
        "readOnly": False,
    }
    if body.get("helloOk"):
        reply["helloOk"] = True
    return reply


def ping(ctx: Context, body: Document) -> Document:
    return {}


def build_info(ctx: Context, body: Document) -> Document:
    return {
        "version": VERSION,
        "gitVersion": "resumeflow-dev",
        "versionArray": VERSION_ARRAY,
        "bits": 64,
        "debug": False,
        "maxBsonObjectSize": MAX_BSON_OBJECT_SIZE,
        "javascriptEngine": "none",
        "allocator": "system",
        "storageEngines": ["mongomock"],
        "modules": [],
    }


def get_parameter(ctx: Context, body: Document) -> Document:
    if body.get("getParameter") == "*":
        return dict(_PARAMETERS)
    found = {key: value for key, value in _PARAMETERS.items() if key in body}
    if not found:
        raise CommandError(INVALID_OPTIONS, "no option found to get")
    return found


def server_status(ctx: Context, body: Document) -> Document:
    stats = ctx.stats
    uptime = time.monotonic() - stats.started_monotonic
    return {
        "host": f"{stats.host}:{stats.port}",
        "version": VERSION,
        "process": "resumeflow-dev-mongo",
        "pid": os.getpid(),
        "uptime": float(int(uptime)),
        "uptimeMillis": int(uptime * 1000),
        "localTime": datetime.now(UTC),
        "connections": {
            "current": stats.current_connections,
            "available": 1_000_000,
            "totalCreated": stats.total_connections,
        },
        "metrics": {
            "cursor": {"open": {"total": len(ctx.cursors)}},
            "commands": _command_totals(stats),
        },
        # not in MongoDB: the same counts per collection ("find resumes": 12)
        "devCommandsByCollection": {
            f"{name} {coll}".strip(): n for (name, coll), n in sorted(stats.commands.items())
        },
        "storageEngine": {"name": "mongomock", "persistent": False},
    }


def _command_totals(stats: ServerStats) -> Document:
    totals: dict[str, int] = {}
    for (name, _), n in stats.commands.items():
        totals[name] = totals.get(name, 0) + n
    return {name: {"total": n} for name, n in sorted(totals.items())}


def whats_my_uri(ctx: Context, body: Document) -> Document:
    return {"you": ctx.peer}


def connection_status(ctx: Context, body: Document) -> Document:
    return {"authInfo": {"authenticatedUsers": [], "authenticatedUserRoles": []}}


def no_op(ctx: Context, body: Document) -> Document:
    # Sessions are accepted and ignored: nothing here is session-scoped.
    return {}


def transaction(ctx: Context, body: Document) -> Document:
    raise CommandError(
        ILLEGAL_OPERATION,
        "Transaction numbers are only allowed on a replica set member or mongos "
        "(the resumeflow development server is a standalone and has no transactions)",
    )


HANDLERS: dict[str, Handler] = {
    "hello": hello,
    "isMaster": hello,
    "ismaster": hello,
    "ping": ping,
    "buildInfo": build_info,
    "buildinfo": build_info,
    "getParameter": get_parameter,
    "serverStatus": server_status,
    "whatsmyuri": whats_my_uri,
    "connectionStatus": connection_status,
    "endSessions": no_op,
    "refreshSessions": no_op,
    "killSessions": no_op,
    "killAllSessions": no_op,
    "abortTransaction": transaction,
    "commitTransaction": transaction,
}
