"""Raw WebSocket transport and the polling → WebSocket upgrade (spec §3.4, §5, §6, §12)."""

from __future__ import annotations

import secrets

import pytest

import wire
from wire import SMALL_BUFFER, PollingSession


@pytest.fixture
def ws_session(server):
    """A WebSocket-only session: (socket, open packet)."""
    ws, handshake = wire.ws_open_session(server.port)
    yield ws, handshake
    ws.close()


def test_websocket_only_handshake_sends_open_packet_first(ws_session):
    _, handshake = ws_session
    wire.assert_open(handshake, upgrades=[])


def test_websocket_text_message_is_echoed(ws_session):
    ws, _ = ws_session
    ws.send("4hello")
    assert wire.ws_receive(ws) == "4hello"


def test_websocket_binary_message_is_echoed_as_binary(ws_session):
    ws, _ = ws_session
    ws.send_binary(b"\x01\x02\x03\x04")
    assert wire.ws_receive(ws) == b"\x01\x02\x03\x04"


def test_websocket_unknown_packet_type_closes_session_with_parse_error(
        server, bystander, ws_session):
    ws, handshake = ws_session
    ws.send("abc")
    wire.ws_wait_closed(ws)
    server.wait_for_close(handshake["sid"], "parse error")
    bystander.assert_echoes()


def test_websocket_invalid_utf8_text_closes_with_1007(server, bystander, ws_session):
    ws, handshake = ws_session
    wire.ws_send_bytes_as_text(ws, b"4\xff\xfe")
    assert wire.ws_wait_closed(ws) == ("close", 1007)
    server.wait_for_close(handshake["sid"], None)
    bystander.assert_echoes()


def test_websocket_oversize_message_closes_with_1009(small_server, make_client):
    other = make_client(small_server, ["polling"])
    ws, _ = wire.ws_open_session(small_server.port)
    try:
        ws.send("4" + "x" * (2 * SMALL_BUFFER - 1))
        assert wire.ws_wait_closed(ws) == ("close", 1009)
    finally:
        ws.close()
    other.assert_echoes()


def test_websocket_message_at_max_http_buffer_size_is_echoed(small_server):
    ws, _ = wire.ws_open_session(small_server.port)
    try:
        message = "4" + "x" * (SMALL_BUFFER - 1)
        ws.send(message)
        assert wire.ws_receive(ws) == message
    finally:
        ws.close()


def test_websocket_close_packet_closes_session_with_transport_close(server, ws_session):
    ws, handshake = ws_session
    ws.send("1")
    server.wait_for_close(handshake["sid"], "transport close")


def test_websocket_peer_close_closes_session_with_transport_close(server, ws_session):
    ws, handshake = ws_session
    ws.close()
    server.wait_for_close(handshake["sid"], "transport close")


def test_websocket_ping_from_client_closes_session_with_transport_error(
        server, bystander, ws_session):
    ws, handshake = ws_session
    ws.send("2")
    wire.ws_wait_closed(ws)
    server.wait_for_close(handshake["sid"], "transport error")
    bystander.assert_echoes()


def test_websocket_upgrade_with_unknown_sid_is_refused_with_400(server):
    assert wire.ws_handshake_status(server.port, sid=secrets.token_urlsafe(15)) == 400


def test_websocket_handshake_refused_by_allow_request_gets_400(server):
    query = wire.eio_query(transport="websocket", forbid="1")
    assert wire.ws_handshake_status(server.port, query=query) == 400


@pytest.mark.parametrize("query", ["transport=websocket", "EIO=3&transport=websocket",
                                   "EIO=abc&transport=websocket"],
                         ids=["no-EIO", "EIO-3", "EIO-abc"])
def test_websocket_handshake_with_unsupported_eio_is_refused(server, query):
    # Spec §5: refusing before the 101 is preferred; closing right after it is accepted.
    assert wire.ws_handshake_status(server.port, query=query) in (400, "closed")


def test_upgrade_by_hand_moves_session_to_websocket(server):
    session, ws = wire.upgrade_by_hand(server.port)  # probe, noop on held GET, `5`
    try:
        ws.send("4hello")
        assert wire.ws_receive(ws) == "4hello"
        ws.send_binary(b"\x01\x02\x03\x04")
        assert wire.ws_receive(ws) == b"\x01\x02\x03\x04"
    finally:
        ws.close()
    server.wait_for_close(session.sid, "transport close")


def test_second_websocket_with_same_sid_after_upgrade_is_closed(server):
    session, ws = wire.upgrade_by_hand(server.port)
    try:
        assert wire.ws_handshake_status(server.port, sid=session.sid) in (400, "closed")
        ws.send("4still here")
        assert wire.ws_receive(ws) == "4still here"
    finally:
        ws.close()


def test_non_probe_packet_before_upgrade_closes_websocket_and_polling_continues(server):
    session = PollingSession.open(server.port)
    ws = wire.ws_connect(server.port, sid=session.sid)
    try:
        ws.send("4hello")
        wire.ws_wait_closed(ws)
    finally:
        ws.close()
    assert session.post("4after").status == 200
    assert session.receive() == ["4after"]
    assert server.close_lines(session.sid) == []
