"""The official python-engineio client against the echo server (spec §4-§7)."""

from __future__ import annotations

import time

import pytest

from echo_client import SilentClient

TRANSPORTS = {"polling": ["polling"], "websocket": ["websocket"], "default": None}


@pytest.fixture(params=list(TRANSPORTS))
def transports(request):
    """polling-only, websocket-only, and the default (polling, then upgrade)."""
    return TRANSPORTS[request.param]


def test_text_message_is_echoed(server, make_client, transports):
    client = make_client(server, transports)
    assert client.echo("hello") == "hello"


def test_binary_message_is_echoed_as_binary(server, make_client, transports):
    client = make_client(server, transports)
    reply = client.echo(b"\x01\x02\x03\x04")
    assert isinstance(reply, bytes)
    assert reply == b"\x01\x02\x03\x04"


def test_connection_survives_several_heartbeats(server, make_client, transports):
    client = make_client(server, transports)
    time.sleep(1.5)  # five ping intervals of 300 ms
    assert client.state == "connected"
    assert client.echo("after heartbeats") == "after heartbeats"
    assert server.close_lines(client.sid) == []


def test_default_connection_ends_on_websocket(server, make_client):
    client = make_client(server, None)
    assert client.transport() == "websocket"
    assert client.echo("upgraded") == "upgraded"


def test_client_that_stops_answering_pings_is_closed_for_ping_timeout(
        server, make_client, transports):
    client = make_client(server, transports, cls=SilentClient)
    # pingInterval + pingTimeout = 500 ms; allow generous slack for a loaded machine.
    server.wait_for_close(client.sid, "ping timeout", timeout=2.5)


def test_client_disconnect_closes_session_with_transport_close(server, make_client, transports):
    client = make_client(server, transports)
    sid = client.sid
    started = time.monotonic()
    client.disconnect()
    assert time.monotonic() - started < 2.0, "disconnect waited for a long-poll to end"
    server.wait_for_close(sid, "transport close")
