"""Socket.IO v5 conformance over a raw WebSocket against `sio-server --conformance`.

Spec: /work/shared/spec/socket-io-v5.md. §16 lists the scenarios of the socket.io-protocol test
suite; every one is here, byte-exact where the spec gives bytes, each within the suite's 500 ms
budget after the Engine.IO handshake (pingInterval 300 + pingTimeout 200; like the suite, these
tests never answer pings unless they say so). Then the decoder rejections of §5.4 and the stricter
rules of §5.2 (each closes the offending connection only), the state violations of §6.3, the
decoder vectors that must be accepted, and the JSON encoding rules of §3.

Server under test, at /socket.io/: on `/` connection emit `auth` with handshake.auth; `message` →
emit `message-back` with the same args; `message-with-ack` → ack with the same args; on `/custom`
connection emit `auth`.
"""

from __future__ import annotations

import json
import time

import pytest

from sio_wire import SID_RE, PollingSocketIO, RawSocketIO, SioClient

PH0 = '{"_placeholder":true,"num":0}'
PH1 = '{"_placeholder":true,"num":1}'
CLOSE_TIMEOUT = 0.45  # a close the suite waits for must come before its 500 ms budget ends


@pytest.fixture
def raw(server):
    """A fresh raw WebSocket session at /socket.io/ (open packet read; not connected to `/`)."""
    connections: list[RawSocketIO] = []

    def open_(**kwargs) -> RawSocketIO:
        conn = RawSocketIO(server.port, **kwargs)
        connections.append(conn)
        return conn

    yield open_
    for conn in connections:
        conn.close()


def init_connection(raw, **kwargs) -> RawSocketIO:
    """The suite's initSocketIOConnection(): handshake, `40`, CONNECT reply, `auth` event."""
    conn = raw(**kwargs)
    conn.send("40")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith('40{"sid":'), \
        f"expected the CONNECT reply, got {reply!r}"
    conn.expect('42["auth",{}]', what="the auth event")
    return conn


@pytest.fixture
def bystander(server):
    """A python-socketio client on `/`, connected before the test's misbehaving connection; it
    must keep working (it answers pings by itself)."""
    client = SioClient("bystander")
    client.connect(server.url, transports=["websocket"])
    yield client
    client.close()


def assert_bystander_works(client: SioClient) -> None:
    marker = f"bystander {time.monotonic()}"
    client.emit("message", marker)
    got = client.events.wait_for("message-back", timeout=3.0)
    assert [marker] in got, f"the bystander's message was not echoed: {got!r}"
    assert client.sio.connected, "the bystander was disconnected"


# --- §16 connect ------------------------------------------------------------------------------


def test_connect_main_namespace_replies_sid_only_then_auth_event(raw):
    conn = raw()
    conn.send("40")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith("40"), reply
    handshake = json.loads(reply[2:])
    assert set(handshake) == {"sid"}, f"CONNECT reply must have exactly the key sid: {reply!r}"
    assert isinstance(handshake["sid"], str)
    conn.expect('42["auth",{}]', what="auth event after CONNECT")
    conn.assert_within_budget()


def test_connect_reply_socket_id_is_fresh_and_well_formed(raw):
    conn = raw()
    conn.send("40")
    sid = json.loads(conn.recv()[2:])["sid"]
    assert SID_RE.match(sid), f"socket id {sid!r} is not 20 chars of [A-Za-z0-9_-]"
    assert sid != conn.engine_sid, "the socket id must not reveal the Engine.IO sid"
    conn.assert_within_budget()


def test_connect_main_namespace_with_auth_payload(raw):
    conn = raw()
    conn.send('40{"token":"123"}')
    reply = conn.recv()
    assert set(json.loads(reply[2:])) == {"sid"} and reply.startswith("40{"), reply
    conn.expect('42["auth",{"token":"123"}]', what="auth event echoing the CONNECT payload")
    conn.assert_within_budget()


def test_connect_custom_namespace(raw):
    conn = raw()
    conn.send("40/custom,")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith("40/custom,"), reply
    assert set(json.loads(reply[len("40/custom,"):])) == {"sid"}, reply
    conn.expect('42/custom,["auth",{}]', what="auth event on /custom")
    conn.assert_within_budget()


def test_connect_custom_namespace_with_auth_payload(raw):
    conn = raw()
    conn.send('40/custom,{"token":"abc"}')
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith("40/custom,"), reply
    assert set(json.loads(reply[len("40/custom,"):])) == {"sid"}, reply
    conn.expect('42/custom,["auth",{"token":"abc"}]', what="auth event on /custom")
    conn.assert_within_budget()


def test_connect_unknown_namespace_is_refused_with_invalid_namespace(raw):
    conn = raw()
    conn.send("40/random")
    conn.expect('44/random,{"message":"Invalid namespace"}', what="CONNECT_ERROR")
    conn.assert_within_budget()


def test_unknown_namespace_refusal_keeps_the_connection_open(raw):
    conn = raw()
    conn.send("40/random")
    conn.expect('44/random,{"message":"Invalid namespace"}', what="CONNECT_ERROR")
    conn.send("40")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith('40{"sid":'), \
        f"`/` must still be joinable after the refusal (§6.2), got {reply!r}"
    conn.expect('42["auth",{}]')
    conn.assert_within_budget()


def test_invalid_handshake_packet_closes_the_connection(raw):
    conn = raw()
    conn.send("4abc")
    kind, _, frames = conn.wait_closed(timeout=CLOSE_TIMEOUT)
    assert frames == [], f"nothing but the close expected, got {frames!r}"
    conn.assert_within_budget()


def test_no_handshake_closes_the_connection(raw):
    conn = raw()
    # Without a CONNECT and without pongs: the ping timeout (500 ms) or the connect timeout (1 s).
    kind, _, frames = conn.wait_closed(timeout=2.0)
    assert all(f == "2" for f in frames), f"only pings expected before the close: {frames!r}"
    assert conn.elapsed() < 1.5, f"closed only after {conn.elapsed():.2f}s"


def test_connect_timeout_closes_a_connection_that_joins_no_namespace(raw):
    conn = raw(answer_pings=True)  # rules out the ping timeout: only connectTimeout (1 s) is left
    kind, _, frames = conn.wait_closed(timeout=3.0)
    elapsed = conn.elapsed()
    assert frames == [], f"nothing but pings expected before the close: {frames!r}"
    assert 0.8 <= elapsed <= 2.0, f"expected the close ~1 s (connectTimeout) after the open, " \
                                  f"got {elapsed:.2f}s"


# --- §16 disconnect ---------------------------------------------------------------------------


def test_disconnect_main_namespace_keeps_connection_next_frame_is_ping(raw):
    conn = init_connection(raw)
    conn.send("41")
    conn.expect("2", timeout=1.0, what="the next frame after 41 (must be a ping, not a close)")
    conn.assert_within_budget()


def test_server_sends_nothing_else_until_the_first_ping(raw):
    conn = init_connection(raw)
    conn.send('42["message","one"]')
    conn.expect('42["message-back","one"]')
    conn.expect("2", timeout=1.0, what="the next frame (the server must send nothing unasked)")
    conn.assert_within_budget()


def test_disconnect_custom_namespace_then_message_to_main_namespace(raw):
    conn = init_connection(raw)
    conn.expect("2", timeout=1.0, what="the first ping")  # the suite waits for it, never answers
    conn.send("40/custom")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith('40/custom,{"sid":'), reply
    conn.expect('42/custom,["auth",{}]')
    conn.send("41/custom")
    conn.send('42["message","message to main namespace"]')
    conn.expect('42["message-back","message to main namespace"]')
    conn.assert_within_budget()


# --- §16 message ------------------------------------------------------------------------------


def test_plain_text_event_is_echoed_byte_exact(raw):
    conn = init_connection(raw)
    conn.send('42["message",1,"2",{"3":[true]}]')
    conn.expect('42["message-back",1,"2",{"3":[true]}]')
    conn.assert_within_budget()


def test_binary_event_is_echoed_with_attachments_in_order(raw):
    conn = init_connection(raw)
    conn.send(f'452-["message",{PH0},{PH1}]')
    conn.send_binary(b"\x01\x02\x03")
    conn.send_binary(b"\x04\x05\x06")
    conn.expect(f'452-["message-back",{PH0},{PH1}]', what="BINARY_EVENT header")
    conn.expect(b"\x01\x02\x03", what="attachment 0")
    conn.expect(b"\x04\x05\x06", what="attachment 1")
    conn.assert_within_budget()


def test_binary_event_over_polling_uses_base64_payload_elements(server):
    # §4.1: the same packet over polling is one payload `451-[…]\x1ebAQID`.
    session = PollingSocketIO(server.port)
    session.post("40")
    connect, auth = session.receive(2)
    assert connect.startswith('40{"sid":') and auth == '42["auth",{}]', (connect, auth)
    session.post(f'451-["message",{PH0}]', "bAQID")
    assert session.receive(2) == [f'451-["message-back",{PH0}]', "bAQID"], \
        "the BINARY_EVENT header then the attachment as a b<base64> element"


def test_event_with_ack_is_acknowledged_byte_exact(raw):
    conn = init_connection(raw)
    conn.send('42456["message-with-ack",1,"2",{"3":[false]}]')
    conn.expect('43456[1,"2",{"3":[false]}]')
    conn.assert_within_budget()


def test_binary_event_with_ack_gets_binary_ack(raw):
    conn = init_connection(raw)
    conn.send(f'452-789["message-with-ack",{PH0},{PH1}]')
    conn.send_binary(b"\x01\x02\x03")
    conn.send_binary(b"\x04\x05\x06")
    conn.expect(f"462-789[{PH0},{PH1}]", what="BINARY_ACK header")
    conn.expect(b"\x01\x02\x03", what="attachment 0")
    conn.expect(b"\x04\x05\x06", what="attachment 1")
    conn.assert_within_budget()


@pytest.mark.parametrize("packet", [
    "4abc",
    "42{}",
    '42abc["message-with-ack",1,"2",{"3":[false]}]',
], ids=["unknown-packet-type", "invalid-payload-format", "invalid-ack-id"])
def test_invalid_format_after_connect_closes_the_connection(raw, packet):
    conn = init_connection(raw)
    conn.send(packet)
    kind, _, frames = conn.wait_closed(timeout=CLOSE_TIMEOUT)
    assert frames == [], f"nothing but the close expected after {packet!r}, got {frames!r}"
    conn.assert_within_budget()


# --- §5.4 / §5.2: every invalid packet closes that connection only ----------------------------

# Socket.IO text (without the Engine.IO `4`) that the decoder must reject (spec §5.4 table).
DECODER_REJECTS = {
    "unknown-type-abc": "abc",
    "unknown-type-7": '7["a"]',
    "event-object": "2{}",
    "event-empty-array": "2[]",
    "event-null-name": "2[null]",
    "event-reserved-disconnect": '2["disconnect"]',
    "event-reserved-connect_error": '2["connect_error"]',
    "event-reserved-connect": '2["connect"]',
    "event-reserved-disconnecting": '2["disconnecting"]',
    "event-reserved-newListener": '2["newListener"]',
    "event-reserved-removeListener": '2["removeListener"]',
    "event-letters-as-ack-id": '2abc["x"]',
    "event-trailing-garbage": '2["a"]trailing',
    "event-comma-without-namespace": '2,["x"]',
    "event-invalid-json": '2["a"',
    "connect-array": "0[]",
    "connect-string": '0"str"',
    "connect-null": "0null",
    "disconnect-with-object": "1{}",
    "disconnect-admin-with-object": '1/admin,{"a":1}',
    "ack-object": "3{}",
    "binary-event-no-dash": '5["a"]',
    "binary-event-bad-count": '5x-["a"]',
    "binary-event-too-many-attachments": '511-["a"]',
    "binary-ack-no-dash": '6["a"]',
    # §5.2, our stricter rules
    "event-space-before-payload": '2 ["a"]',
    "event-without-payload": "2",
    "event-ack-id-without-payload": "21",
    "event-ack-id-beyond-2^53": '2123456789012345678901["message-with-ack"]',
    "event-object-name": '2[{"a":1}]',
}


@pytest.mark.parametrize("packet", list(DECODER_REJECTS.values()), ids=list(DECODER_REJECTS))
def test_decoder_rejection_closes_only_that_connection(raw, bystander, packet):
    conn = init_connection(raw, answer_pings=True)
    conn.send("4" + packet)
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], f"after 4{packet!r}: nothing but the close expected, got {frames!r}"
    conn.assert_within_budget()
    assert_bystander_works(bystander)


def test_engine_message_without_payload_closes_the_connection(raw, bystander):
    conn = init_connection(raw, answer_pings=True)
    conn.send("4")  # §5.2: Engine.IO message with no payload
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], frames
    assert_bystander_works(bystander)


def test_binary_frame_when_no_attachment_is_expected_closes_the_connection(raw, bystander):
    conn = init_connection(raw, answer_pings=True)
    conn.send_binary(b"\x01\x02\x03")  # §4.2 rule 3
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], frames
    assert_bystander_works(bystander)


def test_text_packet_while_reconstructing_closes_the_connection(raw, bystander):
    conn = init_connection(raw, answer_pings=True)
    conn.send(f'451-["message",{PH0}]')
    conn.send('42["message","too early"]')  # §4.2 rule 3: text while an attachment is pending
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], frames
    assert_bystander_works(bystander)


@pytest.mark.parametrize("header", [
    '451-["message",{"_placeholder":true,"num":1}]',
    '451-["message",{"_placeholder":true,"num":-1}]',
    '451-["message",{"_placeholder":true,"num":"0"}]',
    '451-["message",{"_placeholder":true,"num":0.5}]',
    '451-["message",{"_placeholder":true}]',
], ids=["num-out-of-range", "num-negative", "num-string", "num-fraction", "num-missing"])
def test_invalid_placeholder_closes_the_connection(raw, bystander, header):
    conn = init_connection(raw, answer_pings=True)
    conn.send(header)
    conn.send_binary(b"\x01\x02\x03")
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], f"{header!r}: nothing but the close expected, got {frames!r}"
    assert_bystander_works(bystander)


@pytest.mark.parametrize("packet", [
    '42/admin["x"]',     # namespace `/admin["x"]` was never joined
    '42/custom,["message","x"]',  # /custom not joined on this connection
    "40",                # CONNECT for `/`, already joined
    '44{"message":"Not authorized"}',  # CONNECT_ERROR from a client
    '44"just a string"',
], ids=["event-for-unjoined-odd-namespace", "event-for-unjoined-namespace",
        "duplicate-connect", "connect-error-from-client", "connect-error-string-from-client"])
def test_state_violation_closes_the_connection(raw, bystander, packet):
    conn = init_connection(raw, answer_pings=True)
    conn.send(packet)
    kind, _, frames = conn.wait_closed(timeout=1.0)
    assert frames == [], f"after {packet!r}: nothing but the close expected (§6.3), got {frames!r}"
    assert_bystander_works(bystander)


def test_decode_error_closes_the_engine_session_with_forced_close(server, raw):
    conn = init_connection(raw, answer_pings=True)
    conn.send("42{}")
    conn.wait_closed(timeout=1.0)
    # §5.3: a server-initiated close of the Engine.IO session (not `parse error`).
    server.wait_for_close(conn.engine_sid, "forced close")


# --- §5.4 vectors that must be accepted -------------------------------------------------------


def test_event_ack_id_with_leading_zeros_is_accepted(raw):
    conn = init_connection(raw)
    conn.send('42007["message-with-ack","a"]')
    conn.expect('437["a"]', what="ACK for id 007 = 7")
    conn.assert_within_budget()


def test_ten_attachments_are_accepted_and_echoed(raw):
    # §4.3: more than 10 is refused; exactly 10 is the limit and must work.
    conn = init_connection(raw)
    placeholders = ",".join(f'{{"_placeholder":true,"num":{n}}}' for n in range(10))
    conn.send(f'4510-["message",{placeholders}]')
    for n in range(10):
        conn.send_binary(bytes([n]) * (n + 1))
    conn.expect(f'4510-["message-back",{placeholders}]', what="BINARY_EVENT header")
    for n in range(10):
        conn.expect(bytes([n]) * (n + 1), what=f"attachment {n}")
    conn.assert_within_budget()


def test_error_is_not_a_reserved_event_name(raw):
    conn = init_connection(raw)
    conn.send('42["error","not reserved"]')  # §10.1: `error` may be emitted by clients
    conn.send('42["message","after error"]')
    conn.expect('42["message-back","after error"]')
    conn.assert_within_budget()


def test_binary_event_with_zero_attachments_is_delivered_and_decoder_recovers(raw):
    conn = init_connection(raw)
    conn.send('450-["message","x"]')
    conn.expect('42["message-back","x"]', what="echo of a 0-attachment BINARY_EVENT "
                                                "(no binary left, so a plain EVENT)")
    conn.send('42["message","y"]')  # Node's bug would reject this one (§4.2 rule 4)
    conn.expect('42["message-back","y"]')
    conn.assert_within_budget()


def test_binary_event_with_empty_attachment_count_is_accepted(raw):
    conn = init_connection(raw)
    conn.send('45-["message","z"]')
    conn.expect('42["message-back","z"]')
    conn.assert_within_budget()


def test_placeholder_in_plain_event_is_ordinary_data(raw):
    conn = init_connection(raw)
    conn.send(f'42["message",{PH0}]')
    conn.expect(f'42["message-back",{PH0}]')
    conn.assert_within_budget()


def test_numeric_event_name_and_ack_without_pending_id_keep_the_connection(raw):
    conn = init_connection(raw)
    conn.send('42[1,"a"]')  # valid, no handler
    conn.send("43")         # ACK without data for an id never issued: ignored
    conn.send("43[]")
    conn.send('4399["x"]')
    conn.send('42["message","still here"]')
    conn.expect('42["message-back","still here"]')
    conn.assert_within_budget()


def test_namespace_without_comma_is_accepted_for_connect(raw):
    conn = init_connection(raw)
    conn.send("40/custom")
    reply = conn.recv()
    assert isinstance(reply, str) and reply.startswith('40/custom,{"sid":'), reply
    conn.expect('42/custom,["auth",{}]')
    conn.assert_within_budget()


def test_binary_attachments_in_nested_positions_are_renumbered_in_walk_order(raw):
    conn = init_connection(raw)
    conn.send('453-["message",{"a":[{"_placeholder":true,"num":2}],"b":'
              '{"_placeholder":true,"num":0}},[{"_placeholder":true,"num":1}]]')
    conn.send_binary(b"\x00")
    conn.send_binary(b"\x01")
    conn.send_binary(b"\x02")
    # Re-encoded depth-first: a[0] (was 2) -> 0, b (was 0) -> 1, [0] (was 1) -> 2.
    conn.expect(f'453-["message-back",{{"a":[{PH0}],"b":{PH1}}},'
                '[{"_placeholder":true,"num":2}]]', what="BINARY_EVENT header")
    conn.expect(b"\x02", what="attachment 0")
    conn.expect(b"\x00", what="attachment 1")
    conn.expect(b"\x01", what="attachment 2")
    conn.assert_within_budget()


# --- §3 JSON encoding -------------------------------------------------------------------------

ENCODING = {
    # sent JSON args (after the event name) -> expected JSON args in message-back
    "key-order-kept": ('{"b":1,"a":{"d":[],"c":null}}', '{"b":1,"a":{"d":[],"c":null}}'),
    "slash-not-escaped": ('"a/b"', '"a/b"'),
    "non-ascii-raw-utf8": ('"\\u00e9\\u4e2d","é"', '"é中","é"'),
    "surrogate-pair": ('"\\ud83d\\ude00"', '"😀"'),
    "lone-surrogate-to-fffd": ('"\\ud800"', '"\ufffd"'),
    "control-chars": ('"\\u0001\\b\\f\\n\\r\\t\\"\\\\\\u001f"', '"\\u0001\\b\\f\\n\\r\\t\\"\\\\\\u001f"'),
    "integers": ("1.0,-0,0,-5,1e3", "1,0,0,-5,1000"),
    "fractions": ("1.5,0.1,-2.25,100.125", "1.5,0.1,-2.25,100.125"),
    "exponents": ("1e21,1.5e300,1e-7,0.000001,123456789012345680000",
                  "1e+21,1.5e+300,1e-7,0.000001,123456789012345680000"),
    "literals": ("true,false,null,[true,1,false,0]", "true,false,null,[true,1,false,0]"),
    "whitespace-removed": ('[ 1 , 2 ] , { "a" : 1 }', '[1,2],{"a":1}'),
}


@pytest.mark.parametrize("sent,expected", list(ENCODING.values()), ids=list(ENCODING))
def test_echoed_json_is_encoded_like_javascript(raw, sent, expected):
    conn = init_connection(raw)
    conn.send(f'42["message",{sent}]')
    conn.expect(f'42["message-back",{expected}]')
    conn.assert_within_budget()
