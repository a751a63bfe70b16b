"""Ingest served on an inherited listening socket (``LISTEN_FD``, socket activation):
the TCP connections it accepts send without Nagle's algorithm.

With Nagle on, every request after the first on a keep-alive connection waited for
the client's delayed ACK (about 40 ms, even ``/healthz``): uvicorn's ``fd=`` wraps the
descriptor as a UNIX socket, and asyncio sets ``TCP_NODELAY`` only on TCP sockets.
"""

from __future__ import annotations

import asyncio
import socket

from resumeflow_ingest.__main__ import listening_socket


async def _nodelay_of_accepted(listener: socket.socket) -> int:
    """``TCP_NODELAY`` of a connection asyncio accepts on ``listener`` (as uvicorn
    serves the sockets it is given)."""
    loop = asyncio.get_running_loop()
    accepted: asyncio.Future[int] = loop.create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    server = await loop.create_server(Probe, sock=listener)
    host, port = listener.getsockname()[:2]
    _, writer = await asyncio.open_connection(host, port)
    try:
        return await asyncio.wait_for(accepted, 10)
    finally:
        writer.close()
        server.close()


def test_connections_accepted_on_an_inherited_socket_have_no_nagle() -> None:
    inherited = socket.create_server(("127.0.0.1", 0))
    listener = listening_socket(inherited.detach())
    assert (listener.family, listener.type) == (socket.AF_INET, socket.SOCK_STREAM)
    assert asyncio.run(_nodelay_of_accepted(listener)) != 0


def test_the_wrapping_uvicorn_does_itself_leaves_nagle_on() -> None:
    # the control: what ``uvicorn.run(fd=...)`` does with the same descriptor
    inherited = socket.create_server(("127.0.0.1", 0))
    as_unix = socket.fromfd(inherited.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)
    inherited.close()
    assert asyncio.run(_nodelay_of_accepted(as_unix)) == 0
