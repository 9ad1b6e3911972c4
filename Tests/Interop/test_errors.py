"""The polling error table (spec §9.2) and CORS (spec §11.1)."""

from __future__ import annotations

import secrets

import pytest

import wire
from wire import PollingSession


@pytest.mark.parametrize("query", ["EIO=4", "EIO=4&transport=abc"],
                         ids=["no-transport", "transport-abc"])
def test_unknown_transport_is_code_0(server, query):
    wire.assert_error(wire.request(server.port, query=query), 0)


def test_unknown_sid_is_code_1(server):
    sid = secrets.token_urlsafe(15)  # 20 characters, never issued
    wire.assert_error(wire.request(server.port, query=wire.eio_query(sid=sid)), 1)


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_handshake_with_other_method_than_get_is_code_2(server, method):
    resp = wire.request(server.port, method, wire.eio_query(), body="4hello",
                        headers={"Content-Type": "text/plain;charset=UTF-8"})
    wire.assert_error(resp, 2)


def test_websocket_handshake_without_upgrade_headers_is_code_3(server):
    resp = wire.request(server.port, query=wire.eio_query(transport="websocket"))
    wire.assert_error(resp, 3)


def test_origin_with_control_character_is_refused(server):
    """Spec §9.2 says code 3. Node's own HTTP parser (llhttp) already refuses a raw control
    character in a header with a bare `400` and `Connection: close` (engine.io's tests inject
    the bad Origin after parsing), so that answer is accepted too."""
    resp = wire.request(server.port, query=wire.eio_query(),
                        headers={"Origin": "http://a\x01.example"})
    if resp.body == b"" and resp.status == 400:
        assert (resp.header("Connection") or "").lower() == "close", resp
    else:
        wire.assert_error(resp, 3)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_polling_request_to_upgraded_session_is_code_3(server, method):
    session, ws = wire.upgrade_by_hand(server.port)
    try:
        body = "4hello" if method == "POST" else None
        wire.assert_error(wire.request(server.port, method, session.query, body=body), 3)
        ws.send("4still upgraded")
        assert wire.ws_receive(ws) == "4still upgraded"
    finally:
        ws.close()


def test_handshake_refused_by_allow_request_is_code_4(server):
    resp = wire.request(server.port, query=wire.eio_query(forbid="1"))
    wire.assert_error(resp, 4)


@pytest.mark.parametrize(
    "query",
    ["transport=polling", "EIO=3&transport=polling", "EIO=abc&transport=polling",
     "EIO=04&transport=polling"],
    ids=["no-EIO", "EIO-3", "EIO-abc", "EIO-04"])
def test_unsupported_protocol_version_is_code_5(server, query):
    wire.assert_error(wire.request(server.port, query=query), 5)


def test_handshake_has_cors_allow_origin_star(server):
    resp = wire.request(server.port, headers={"Origin": "http://client.example"})
    assert resp.status == 200, resp
    assert resp.header("Access-Control-Allow-Origin") == "*"


def test_error_response_keeps_cors_allow_origin_star(server):
    resp = wire.request(server.port, query="EIO=4&transport=abc",
                        headers={"Origin": "http://client.example"})
    wire.assert_error(resp, 0)
    assert resp.header("Access-Control-Allow-Origin") == "*"


def test_session_requests_have_cors_allow_origin_star(server):
    session = PollingSession.open(server.port)
    resp = wire.request(server.port, "POST", session.query, body="4hello",
                        headers={"Origin": "http://client.example",
                                 "Content-Type": "text/plain;charset=UTF-8"})
    assert resp.status == 200, resp
    assert resp.header("Access-Control-Allow-Origin") == "*"


def test_cors_preflight_is_answered_204(server):
    resp = wire.request(server.port, "OPTIONS", wire.eio_query(), headers={
        "Origin": "http://client.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })
    assert resp.status == 204, resp
    assert resp.body == b""
    assert resp.header("Access-Control-Allow-Origin") == "*"
    methods = {m.strip() for m in (resp.header("Access-Control-Allow-Methods") or "").split(",")}
    assert {"GET", "POST"} <= methods, resp
    assert "content-type" in (resp.header("Access-Control-Allow-Headers") or "").lower(), resp
