"""HTTP long-polling conformance over raw HTTP (spec §3.3, §4, §7, §16)."""

from __future__ import annotations

import time

import wire
from wire import RS, PollingSession


def test_handshake_response_headers_and_open_packet(server):
    resp = wire.request(server.port, query=wire.eio_query())
    assert resp.status == 200, resp
    assert resp.header("Content-Type") == "text/plain; charset=UTF-8"
    assert resp.header("Content-Length") == str(len(resp.body))
    assert resp.header("Cache-Control") == "no-store"
    wire.assert_open(wire.parse_open(resp.text), upgrades=["websocket"])


def test_handshake_sids_are_distinct(server):
    sids = {PollingSession.open(server.port).sid for _ in range(5)}
    assert len(sids) == 5


def test_post_is_answered_ok_as_text_html(server):
    session = PollingSession.open(server.port)
    resp = session.post("4hello")
    assert resp.status == 200, resp
    assert resp.body == b"ok"
    assert resp.header("Content-Type") == "text/html"


def test_posted_message_is_echoed_on_next_get(server):
    session = PollingSession.open(server.port)
    assert session.post("4hello").status == 200
    wire.assert_payload(session.get(), "4hello")


def test_three_posted_messages_are_echoed_in_one_payload(server):
    session = PollingSession.open(server.port)
    body = RS.join(["4test1", "4test2", "4test3"])
    assert session.post(body).status == 200
    wire.assert_payload(session.get(), body)


def test_text_and_binary_messages_are_echoed(server):
    session = PollingSession.open(server.port)
    body = "4hello" + RS + "bAQIDBA=="
    assert session.post(body).status == 200
    wire.assert_payload(session.get(), body)


def test_utf8_message_is_echoed(server):
    session = PollingSession.open(server.port)
    assert session.post("4€ é 😀").status == 200
    wire.assert_payload(session.get(), "4€ é 😀")


def test_get_response_carries_at_most_16_packets(server):
    session = PollingSession.open(server.port)
    sent = [f"4m{i}" for i in range(20)]
    assert session.post(RS.join(sent)).status == 200
    received: list[str] = []
    while len(received) < len(sent):
        resp = session.get()
        assert resp.status == 200, resp
        packets = resp.text.split(RS)
        assert len(packets) <= 16, f"{len(packets)} packets in one GET response"
        received += packets
    assert received == sent


def test_ping_pong_over_polling(server):
    session = PollingSession.open(server.port)
    for _ in range(3):
        started = time.monotonic()
        wire.assert_payload(session.get(), "2")
        waited = time.monotonic() - started
        assert 0.2 <= waited <= 1.0, f"ping came after {waited:.3f}s, expected ~0.3s"
        resp = session.post("3")
        assert (resp.status, resp.body) == (200, b"ok")


def test_session_is_closed_upon_ping_timeout(server):
    session = PollingSession.open(server.port)
    time.sleep(0.5)  # pingInterval 300 + pingTimeout 200, no pong
    wire.assert_error(session.get(), 1)
    server.wait_for_close(session.sid, "ping timeout", timeout=0.5)


def test_close_packet_releases_held_get_with_noop(server):
    """Conformance "forcefully closes the session": concurrent GET + POST `1`."""
    session = PollingSession.open(server.port)
    held = session.get_async()
    resp = session.post("1")
    assert (resp.status, resp.body) == (200, b"ok")
    wire.assert_payload(held.result(timeout=2.0), "6")
    resp = session.get()
    assert resp.status == 400, resp
    server.wait_for_close(session.sid, "transport close")


def test_cancelled_polling_request_closes_session(server):
    session = PollingSession.open(server.port)
    sock = wire.open_raw_request(server.port, "GET", session.query)
    time.sleep(0.05)  # the GET is held now
    sock.close()
    time.sleep(0.1)  # well before the first ping (300 ms): only the abort can end the session
    session.assert_gone()
    server.wait_for_close(session.sid, "transport error")
