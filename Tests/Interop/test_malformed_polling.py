"""Malformed polling input (spec §4, §12): each ends its own session and no other."""

from __future__ import annotations

import time

import pytest

import wire
from wire import RS, SMALL_BUFFER, PollingSession


@pytest.mark.parametrize("body", ["abc", "", "4a" + RS],
                         ids=["unknown-type", "empty-body", "trailing-separator"])
def test_undecodable_post_body_closes_session_with_parse_error(server, bystander, body):
    session = PollingSession.open(server.port)
    resp = session.post_or_drop(body)
    assert resp is None or resp.status == 400, resp
    session.assert_gone()
    server.wait_for_close(session.sid, "parse error")
    bystander.assert_echoes()


def test_packets_after_a_bad_piece_are_never_processed(server, bystander):
    session = PollingSession.open(server.port)
    resp = session.post_or_drop(RS.join(["4a", "abc", "4b"]))
    assert resp is None or resp.status == 400, resp
    resp = session.get()
    if resp.status == 200:  # the echo of "a" may still have been flushed
        assert "4b" not in resp.text.split(RS), resp
        resp = session.get()
    wire.assert_error(resp, 1)
    server.wait_for_close(session.sid, "parse error")
    bystander.assert_echoes()


def test_ping_from_client_closes_session_with_transport_error(server, bystander):
    session = PollingSession.open(server.port)
    session.post_or_drop("2")
    session.assert_gone()
    server.wait_for_close(session.sid, "transport error")
    bystander.assert_echoes()


def test_duplicate_get_is_refused_and_closes_session(server, bystander):
    session = PollingSession.open(server.port)
    held = session.get_async()
    second = session.get()
    assert (second.status, second.body) == (400, b""), second
    wire.assert_payload(held.result(timeout=2.0), "1")
    session.assert_gone()
    server.wait_for_close(session.sid, "transport error")
    bystander.assert_echoes()


def test_duplicate_post_is_refused_and_closes_session(server, bystander):
    session = PollingSession.open(server.port)
    first = wire.open_raw_request(server.port, "POST", session.query, content_length=100,
                                  partial_body=b"4partial")
    try:
        time.sleep(0.05)  # the first POST is in flight, its body incomplete
        second = session.post("4second")
        assert (second.status, second.body) == (400, b""), second
    finally:
        first.close()
    session.assert_gone()
    server.wait_for_close(session.sid, "transport error")
    bystander.assert_echoes()


def test_binary_content_type_post_is_refused_and_closes_session(server, bystander):
    session = PollingSession.open(server.port)
    resp = session.post(b"\x04\x01\x02\x03", content_type="application/octet-stream")
    assert (resp.status, resp.body) == (400, b""), resp
    session.assert_gone()
    server.wait_for_close(session.sid, "transport error")
    bystander.assert_echoes()


def test_small_server_advertises_its_max_payload(small_server):
    session = PollingSession.open(small_server.port)
    wire.assert_open(session.handshake, upgrades=["websocket"], max_payload=SMALL_BUFFER)


def test_post_at_max_http_buffer_size_is_accepted(small_server):
    session = PollingSession.open(small_server.port)
    body = "4" + "€" * 333  # 1 + 999 = 1000 bytes
    assert (session.post(body).status, len(body.encode())) == (200, SMALL_BUFFER)
    wire.assert_payload(session.get(), body)


@pytest.mark.parametrize("body", ["4" + "x" * 1999, "4" + "€" * 334],
                         ids=["2000-ascii-bytes", "1003-bytes-335-chars"])
def test_oversize_post_is_refused_with_413(small_server, make_client, body):
    other = make_client(small_server, ["polling"])
    session = PollingSession.open(small_server.port)
    resp = session.post_or_drop(body)
    assert resp is not None and resp.status == 413, resp
    assert resp.body == b""
    other.assert_echoes()
