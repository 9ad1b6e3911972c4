"""python-socketio's `socketio.Client` (and raw WebSocket clients where a misbehaving or
byte-exact peer is needed) against `sio-interop-server`.

Spec: /work/shared/spec/socket-io-v5.md. The interop server (path /socket.io/) logs
`socket connected nsp=<nsp> id=<id>` and `socket disconnected nsp=<nsp> id=<id> reason=<reason>`.
Its handlers on `/`:
  echo (any args)            ack with the same args
  emit-back (any args)       emit `echo-back` with the same args
  ask-client (X)             emit `question` X asking for an ack (5 s); emit `answer` with the ack
                             args, or `answer-timeout`
  join / leave (room)        ack true after joining / leaving
  broadcast ({rooms?, except?, event, args})          io.to(rooms).except(except).emit; ack true
  broadcast-from-me (same)   the same through socket.broadcast (sender excluded); ack true
  disconnect-sockets ({rooms, close})   ack true, then io.in(rooms).disconnectSockets(close)
  kick-me                    socket.disconnect()
  fetch-sockets ({rooms})    ack with the sorted ids of io.in(rooms).fetchSockets()
  rooms                      ack with the sorted rooms of this socket
  flood ({count, size, volatile?})      emit `flood` count times with a size-char string
  ack-from-all ({rooms, timeout})       io.in(rooms).timeout(ms).emitWithAck("ping-all"); ack
                                        {"responses": [...sorted], "timedOut": bool}
`/auth`: middleware refuses auth.token != "secret" with `not authorized` / {"reason":"bad token"};
accepted sockets get `welcome` with their auth and support `echo`.
--recovery: connection state recovery; every socket gets `recovered` (bool) on connection.
--max-buffered-bytes N: a socket whose client does not read is closed with `send buffer full`.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid

import pytest
import socketio

from conftest import CAPPED_BUFFER_BYTES
from sio_wire import RawSocketIO, SioClient

TRANSPORTS = {"polling": ["polling"], "websocket": ["websocket"]}
NOT_RECEIVED_GRACE = 0.2  # after the echo barrier, time for a stray delivery to show up


@pytest.fixture(params=list(TRANSPORTS))
def transports(request):
    return TRANSPORTS[request.param]


@pytest.fixture
def make_sio():
    """Factory: a connected SioClient; all are closed after the test."""
    clients: list[SioClient] = []

    def connect(server, name: str = "client", transports=("websocket",), namespaces=None,
                auth=None, handlers: dict | None = None) -> SioClient:
        client = SioClient(name)
        clients.append(client)
        for event, handler in (handlers or {}).items():
            client.on(event, handler)
        client.connect(server.url, transports=list(transports), namespaces=namespaces, auth=auth)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def make_raw():
    connections: list[RawSocketIO] = []

    def open_(server, **kwargs) -> RawSocketIO:
        conn = RawSocketIO(server.port, **kwargs)
        connections.append(conn)
        return conn

    yield open_
    for conn in connections:
        conn.close()


def room_name() -> str:
    return f"room-{uuid.uuid4().hex[:10]}"


def barrier(*clients: SioClient) -> None:
    """Each client does an echo round trip: anything the server wrote to it before has been
    delivered (same connection, in order); then a short grace for the client's handler threads."""
    for client in clients:
        assert client.echo_ok("barrier"), f"{client.name}: echo failed"
    time.sleep(NOT_RECEIVED_GRACE)


def receivers(event: str, clients: dict[str, SioClient]) -> dict[str, list[list]]:
    return {name: c.events.named(event) for name, c in clients.items() if c.events.named(event)}


# --- namespaces and auth ----------------------------------------------------------------------


def test_default_namespace_connects_and_is_logged(interop_server, make_sio, transports):
    client = make_sio(interop_server, transports=transports)
    sid = client.sid()
    assert client.transport() == transports[0]
    deadline = time.monotonic() + 2
    while not any("socket connected" in line and re.search(r"nsp=/(\s|$)", line)
                  for line in interop_server.socket_lines(sid)):
        assert time.monotonic() < deadline, \
            f"no 'socket connected nsp=/ id={sid}' log line: {interop_server.socket_lines(sid)}"
        time.sleep(0.05)


def test_auth_namespace_accepts_the_right_token_and_welcomes_with_auth(interop_server, make_sio):
    client = make_sio(interop_server, namespaces=["/auth"], auth={"token": "secret", "user": "ann"})
    welcome = client.events.wait_for("/auth welcome")
    assert welcome == [[{"token": "secret", "user": "ann"}]], \
        f"`welcome` must carry the handshake auth: {welcome!r}"
    assert client.ack("echo", "on auth", 2, namespace="/auth") == ["on auth", 2]


def test_auth_namespace_refuses_a_bad_token_with_message_and_data(interop_server):
    client = SioClient("refused")
    try:
        with pytest.raises(socketio.exceptions.ConnectionError) as info:
            client.connect(interop_server.url, transports=["websocket"], namespaces=["/auth"],
                           auth={"token": "wrong"})
        assert "/auth" in str(info.value), f"unexpected ConnectionError: {info.value}"
        errors = client.events.named("/auth connect_error")
        assert errors == [[{"message": "not authorized", "data": {"reason": "bad token"}}]], \
            f"connect_error must carry the middleware's message and data: {errors!r}"
    finally:
        client.close()


def test_one_connection_multiplexes_two_namespaces(interop_server, make_sio):
    client = make_sio(interop_server, namespaces=["/", "/auth"], auth={"token": "secret"},
                      transports=["polling"])
    assert client.sid("/") != client.sid("/auth"), "each namespace is a socket with its own id"
    assert client.ack("echo", "main") == ["main"]
    assert client.ack("echo", "auth", namespace="/auth") == ["auth"]
    assert client.events.wait_for("/auth welcome") == [[{"token": "secret"}]]


def test_auth_namespace_refuses_a_missing_auth(interop_server):
    client = SioClient("no-auth")
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(interop_server.url, transports=["polling"], namespaces=["/auth"])
        errors = client.events.named("/auth connect_error")
        assert errors and errors[0][0].get("message") == "not authorized", errors
    finally:
        client.close()


# --- acknowledgements -------------------------------------------------------------------------


def test_call_echo_returns_every_argument(interop_server, make_sio, transports):
    client = make_sio(interop_server, transports=transports)
    reply = client.sio.call("echo", (1, "2", {"3": [True]}, None, [1.5, "é"]), timeout=5)
    assert reply == (1, "2", {"3": [True]}, None, [1.5, "é"]), f"echo ack: {reply!r}"


def test_call_echo_without_arguments_gets_an_empty_ack(interop_server, make_sio):
    client = make_sio(interop_server)
    assert client.ack("echo") == [], "an ack of no args must arrive as an empty ACK"


def test_server_to_client_ack_carries_handler_return_values(interop_server, make_sio, transports):
    questions = []

    def on_question(x):
        questions.append(x)
        return "got", x, {"n": 1}

    client = make_sio(interop_server, transports=transports, handlers={"question": on_question})
    client.emit("ask-client", {"q": "why"})
    answer = client.events.wait_for("answer")
    assert questions == [{"q": "why"}], f"`question` must carry the asked value: {questions!r}"
    assert answer == [["got", {"q": "why"}, {"n": 1}]], f"`answer` must repeat the ack: {answer!r}"
    assert client.events.named("answer-timeout") == []


def test_server_to_client_ack_times_out_when_the_client_never_acks(interop_server, make_raw):
    conn = make_raw(interop_server)
    conn.connect("/")
    conn.send('42["ask-client","x"]')
    question = conn.recv()
    assert isinstance(question, str) and question.startswith("42") and question.endswith(
        '["question","x"]'), f"expected an EVENT question with an ack id, got {question!r}"
    ack_id = question[2:question.index("[")]
    assert ack_id.isdigit(), f"the question must ask for an ack: {question!r}"
    started = time.monotonic()
    conn.expect('42["answer-timeout"]', timeout=7.0, what="answer-timeout after 5 s")
    waited = time.monotonic() - started
    assert 4.5 <= waited <= 6.5, f"answer-timeout after {waited:.2f}s, expected ~5 s"


def test_a_second_ack_for_the_same_id_is_ignored(interop_server, make_raw):
    conn = make_raw(interop_server)
    conn.connect("/")
    conn.send('42["ask-client","x"]')
    question = conn.recv()
    ack_id = question[2:question.index("[")]
    assert ack_id.isdigit(), f"the question must ask for an ack: {question!r}"
    conn.send(f'43{ack_id}["first"]')
    conn.send(f'43{ack_id}["second"]')  # already answered: ignored (§11)
    conn.expect('42["answer","first"]', what="the answer to the first ack")
    conn.send('4290["echo","still open"]')
    conn.expect('4390["still open"]', what="echo after the duplicate ack (no second answer)")


# --- binary -----------------------------------------------------------------------------------

NESTED_BINARY = (
    {"a": b"\x01\x02", "list": [b"\x03", "x", {"deep": b"\x04\x05", "n": 1}], "empty": b""},
    b"\x06\x07",
    "text",
    [b"\xff" * 300, {"k": [b"\x00"]}],
)


def test_nested_binary_sent_to_server_comes_back_in_place(interop_server, make_sio, transports):
    client = make_sio(interop_server, transports=transports)
    client.emit("emit-back", *NESTED_BINARY)
    got = client.events.wait_for("echo-back")
    assert got == [list(NESTED_BINARY)], f"echo-back must return the same nested bytes: {got!r}"


def test_nested_binary_in_ack_both_ways(interop_server, make_sio, transports):
    client = make_sio(interop_server, transports=transports)
    reply = client.ack("echo", *NESTED_BINARY)
    assert reply == list(NESTED_BINARY), f"binary ack mismatch: {reply!r}"


def test_binary_returned_by_client_ack_reaches_the_server(interop_server, make_sio):
    client = make_sio(interop_server,
                      handlers={"question": lambda x: ({"bin": x, "more": [b"\x09"]}, b"\x0a")})
    client.emit("ask-client", b"\x01\x02\x03")
    answer = client.events.wait_for("answer")
    assert answer == [[{"bin": b"\x01\x02\x03", "more": [b"\x09"]}, b"\x0a"]], \
        f"binary question/answer mismatch: {answer!r}"


# --- rooms and broadcasts ---------------------------------------------------------------------


@pytest.fixture
def trio(interop_server, make_sio):
    """Clients A and B in a fresh room, C not in it: (room, {"A": A, "B": B, "C": C})."""
    room = room_name()
    clients = {name: make_sio(interop_server, name) for name in "ABC"}
    for name in "AB":
        assert clients[name].ack("join", room) == [True], f"{name} could not join {room}"
    return room, clients


def test_broadcast_to_room_reaches_exactly_its_members(trio):
    room, clients = trio
    assert clients["C"].ack("broadcast", {"rooms": [room], "event": "news", "args": [1, "two"]}) \
        == [True]
    for name in "AB":
        clients[name].events.wait_for("news")
    barrier(*clients.values())
    got = receivers("news", clients)
    assert got == {"A": [[1, "two"]], "B": [[1, "two"]]}, \
        f"broadcast to {room} must reach A and B once each, not C: {got!r}"


def test_broadcast_with_except_skips_the_excluded_member(trio):
    room, clients = trio
    b_id = clients["B"].sid()
    assert clients["C"].ack("broadcast", {"rooms": [room], "except": [b_id], "event": "news",
                                          "args": ["x"]}) == [True]
    clients["A"].events.wait_for("news")
    barrier(*clients.values())
    got = receivers("news", clients)
    assert got == {"A": [["x"]]}, f"except [B's id] must leave only A: {got!r}"


def test_broadcast_from_me_excludes_the_sender(trio):
    room, clients = trio
    assert clients["A"].ack("broadcast-from-me", {"rooms": [room], "event": "news",
                                                  "args": [{"from": "A"}]}) == [True]
    clients["B"].events.wait_for("news")
    barrier(*clients.values())
    got = receivers("news", clients)
    assert got == {"B": [[{"from": "A"}]]}, f"socket.broadcast from A to {room}: only B: {got!r}"


def test_broadcast_without_rooms_reaches_every_socket_of_the_namespace(trio):
    _, clients = trio
    marker = uuid.uuid4().hex
    assert clients["A"].ack("broadcast", {"event": "all", "args": [marker]}) == [True]
    for client in clients.values():
        got = client.events.wait_for("all")
        assert [marker] in got, f"{client.name} missed the namespace-wide broadcast: {got!r}"


def test_leave_stops_room_broadcasts(trio):
    room, clients = trio
    assert clients["B"].ack("leave", room) == [True]
    assert clients["C"].ack("broadcast", {"rooms": [room], "event": "news", "args": []}) == [True]
    clients["A"].events.wait_for("news")
    barrier(*clients.values())
    assert set(receivers("news", clients)) == {"A"}, receivers("news", clients)


def test_rooms_lists_the_own_id_room_and_joined_rooms(trio):
    room, clients = trio
    a = clients["A"]
    assert a.ack("rooms") == [sorted([a.sid(), room])], "rooms = own id + joined rooms"


def test_fetch_sockets_returns_exactly_the_room_members(trio):
    room, clients = trio
    ids = clients["C"].ack("fetch-sockets", {"rooms": [room]})
    assert ids == [sorted([clients["A"].sid(), clients["B"].sid()])], \
        f"fetchSockets in {room}: {ids!r}"


def test_fetch_sockets_without_rooms_includes_every_connected_client(trio):
    _, clients = trio
    [ids] = clients["C"].ack("fetch-sockets", {"rooms": []})
    assert ids == sorted(ids), f"ids must come sorted: {ids!r}"
    missing = {c.sid() for c in clients.values()} - set(ids)
    assert not missing, f"fetchSockets() of the whole namespace misses {missing}: {ids!r}"


@pytest.mark.parametrize("close", [False, True], ids=["keep-connection", "close-connection"])
def test_disconnect_sockets_disconnects_exactly_the_room_members(interop_server, trio, close):
    room, clients = trio
    ids = {name: c.sid() for name, c in clients.items()}
    assert clients["C"].ack("disconnect-sockets", {"rooms": [room], "close": close}) == [True]
    for name in "AB":
        got = clients[name].events.wait_for("disconnect")
        assert got == [["server disconnect"]], f"{name}: expected a server disconnect: {got!r}"
        interop_server.wait_for_socket_disconnect(ids[name], "server namespace disconnect")
    assert clients["C"].echo_ok(), "C (not in the room) must stay connected"
    assert clients["C"].events.named("disconnect") == []
    assert interop_server.socket_disconnect_lines(ids["C"]) == []


def test_kick_me_is_a_server_disconnect(interop_server, make_sio):
    client = make_sio(interop_server)
    sid = client.sid()
    client.emit("kick-me", "ignored reason")
    got = client.events.wait_for("disconnect")
    assert got == [["server disconnect"]], f"the client must see a server disconnect: {got!r}"
    interop_server.wait_for_socket_disconnect(sid, "server namespace disconnect")


def test_client_disconnect_packet_is_logged_as_client_namespace_disconnect(interop_server,
                                                                          make_raw):
    # Raw, because python-socketio's disconnect() races its queued `41` against closing the
    # WebSocket. The connection stays open after `41` (§12.1): `/` can be joined again.
    conn = make_raw(interop_server)
    sid = conn.connect("/")
    conn.send("41")
    interop_server.wait_for_socket_disconnect(sid, "client namespace disconnect")
    second = conn.connect("/")
    assert second != sid, "a new CONNECT after 41 must create a new socket"


# --- broadcast with acknowledgements ----------------------------------------------------------


def test_ack_from_all_gathers_every_response(interop_server, make_sio):
    room = room_name()
    members = [make_sio(interop_server, name, handlers={"ping-all": lambda name=name: name})
               for name in ("pong-A", "pong-B", "pong-C")]
    for member in members:
        assert member.ack("join", room) == [True]
    started = time.monotonic()
    [result] = members[0].ack("ack-from-all", {"rooms": [room], "timeout": 3000})
    assert result == {"responses": ["pong-A", "pong-B", "pong-C"], "timedOut": False}, \
        f"emitWithAck to 3 clients: {result!r}"
    assert time.monotonic() - started < 2.0, "must finish when the last ack arrives, not at timeout"


def test_ack_from_all_times_out_with_partial_responses(interop_server, make_sio, make_raw):
    room = room_name()
    members = [make_sio(interop_server, name, handlers={"ping-all": lambda name=name: name})
               for name in ("pong-A", "pong-B")]
    for member in members:
        assert member.ack("join", room) == [True]
    silent = make_raw(interop_server)  # joins the room and never acks `ping-all`
    silent.connect("/")
    silent.send(f'421["join","{room}"]')
    silent.expect("431[true]", what="join ack of the silent client")
    started = time.monotonic()
    [result] = members[0].ack("ack-from-all", {"rooms": [room], "timeout": 500})
    waited = time.monotonic() - started
    assert result == {"responses": ["pong-A", "pong-B"], "timedOut": True}, \
        f"one client never acks: expected a timeout with the two others' responses: {result!r}"
    assert 0.4 <= waited <= 2.0, f"timeout 500 ms, answered after {waited:.2f}s"
    ping = silent.recv()
    assert isinstance(ping, str) and ping.startswith("42") and ping.endswith('["ping-all"]') \
        and ping[2:-len('["ping-all"]')].isdigit(), f"ping-all must ask for an ack: {ping!r}"


def test_ack_from_all_to_an_empty_room_answers_at_once(interop_server, make_sio):
    client = make_sio(interop_server)
    started = time.monotonic()
    [result] = client.ack("ack-from-all", {"rooms": [room_name()], "timeout": 3000})
    assert result == {"responses": [], "timedOut": False}, result
    assert time.monotonic() - started < 1.0, "no recipients: the callback must run at once (§10.3)"


# --- transports -------------------------------------------------------------------------------


def test_polling_and_upgraded_clients_receive_the_same_broadcast(interop_server, make_sio):
    room = room_name()
    polling = make_sio(interop_server, "polling", transports=["polling"])
    upgraded = make_sio(interop_server, "upgraded", transports=["polling", "websocket"])
    sender = make_sio(interop_server, "sender")
    deadline = time.monotonic() + 3
    while upgraded.transport() != "websocket":
        assert time.monotonic() < deadline, "the default client did not upgrade to websocket"
        time.sleep(0.05)
    assert polling.transport() == "polling"
    for client in (polling, upgraded):
        assert client.ack("join", room) == [True]
    args = ["hello", {"bin": b"\x01\x02\x03", "n": [1, 2.5, None]}]
    assert sender.ack("broadcast", {"rooms": [room], "event": "news", "args": args}) == [True]
    got_polling = polling.events.wait_for("news")
    got_upgraded = upgraded.events.wait_for("news")
    assert got_polling == [args], f"polling client: {got_polling!r}"
    assert got_upgraded == [args], f"upgraded client: {got_upgraded!r}"


# --- misbehaving clients ----------------------------------------------------------------------


def test_malformed_input_closes_only_that_client(interop_server, make_sio, make_raw):
    others = [make_sio(interop_server, "A"), make_sio(interop_server, "B", transports=["polling"])]
    bad = make_raw(interop_server)
    bad_id = bad.connect("/")
    bad.send("42{}")
    bad.wait_closed(timeout=2.0)
    interop_server.wait_for_socket_disconnect(bad_id, "forced close")
    for other in others:
        assert other.echo_ok("after malformed"), f"{other.name} must keep working"
        assert other.events.named("disconnect") == []


def test_state_violation_disconnects_other_sockets_with_forced_server_close(interop_server,
                                                                          make_raw):
    conn = make_raw(interop_server)
    sid = conn.connect("/")
    conn.send('42/auth,["echo"]')  # /auth was never joined on this connection (§6.3)
    conn.wait_closed(timeout=2.0)
    interop_server.wait_for_socket_disconnect(sid, "forced server close")


def test_client_that_stops_answering_pings_is_disconnected_with_ping_timeout(fast_ping_server,
                                                                            make_raw):
    conn = make_raw(fast_ping_server)  # never answers pings (interval 300 ms, timeout 200 ms)
    sid = conn.connect("/")
    fast_ping_server.wait_for_socket_disconnect(sid, "ping timeout", timeout=3.0)


def test_client_closing_its_websocket_is_disconnected_with_transport_close(interop_server,
                                                                          make_raw):
    conn = make_raw(interop_server)
    sid = conn.connect("/")
    conn.close()
    interop_server.wait_for_socket_disconnect(sid, "transport close")


def _flood_non_reader(server, make_raw, volatile: bool) -> tuple[RawSocketIO, str]:
    conn = make_raw(server, rcvbuf=4096)
    socket_id = conn.connect("/")
    request = {"count": 2000, "size": 10000}
    if volatile:
        request["volatile"] = True
    conn.send("42" + json.dumps(["flood", request], separators=(",", ":")))
    return conn, socket_id  # and from now on the test does not read from it


class RssSampler:
    """Samples the server's VmRSS every 50 ms in a thread; `peak_mib` is the highest seen."""

    def __init__(self, server):
        self.server = server
        self.peak_kib = server.rss_kib()
        self.baseline_kib = self.peak_kib
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(0.05):
            try:
                self.peak_kib = max(self.peak_kib, self.server.rss_kib())
            except (OSError, AssertionError):
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)

    def __str__(self) -> str:
        return f"baseline {self.baseline_kib / 1024:.1f} MiB, peak {self.peak_kib / 1024:.1f} MiB"


def test_non_reading_client_is_disconnected_with_send_buffer_full(capped_server, make_raw):
    conn, socket_id = _flood_non_reader(capped_server, make_raw, volatile=False)
    capped_server.wait_for_socket_disconnect(socket_id, "send buffer full", timeout=8.0)


def test_flooding_a_non_reading_client_keeps_server_memory_bounded(capped_server, make_raw):
    sampler = RssSampler(capped_server)
    try:
        conn, socket_id = _flood_non_reader(capped_server, make_raw, volatile=False)
        capped_server.wait_for_socket_disconnect(socket_id, None, timeout=8.0)
        time.sleep(0.3)
    finally:
        sampler.stop()
    assert sampler.peak_kib < 200 * 1024, \
        f"server RSS while flooding a non-reader (cap {CAPPED_BUFFER_BYTES} B): {sampler}"


def test_other_clients_keep_working_while_one_is_flooded(capped_server, make_sio, make_raw):
    other = make_sio(capped_server, "other")
    conn, socket_id = _flood_non_reader(capped_server, make_raw, volatile=False)
    assert other.echo_ok("during flood"), "echo during the flood failed"
    capped_server.wait_for_socket_disconnect(socket_id, None, timeout=8.0)
    assert other.echo_ok("after flood"), "echo after the flooded client was dropped failed"
    assert other.events.named("disconnect") == []


def test_volatile_flood_does_not_disconnect_a_non_reading_client(capped_server, make_raw):
    conn, socket_id = _flood_non_reader(capped_server, make_raw, volatile=True)
    time.sleep(2.0)
    assert capped_server.socket_disconnect_lines(socket_id) == [], \
        "volatile packets must be dropped, not buffered until the cap"
    # Read again: the connection is alive and answers an ack after whatever flood got through.
    conn.send('4277["echo","alive"]')
    floods = 0
    deadline = time.monotonic() + 6
    while True:
        assert time.monotonic() < deadline, f"no echo ack after {floods} flood events"
        frame = conn.recv(timeout=max(0.1, deadline - time.monotonic()))
        if frame == '4377["alive"]':
            break
        assert isinstance(frame, str) and frame.startswith('42["flood","'), \
            f"unexpected frame: {frame[:80]!r}"
        floods += 1
    assert capped_server.socket_disconnect_lines(socket_id) == []


# --- connection state recovery (raw: python-socketio clients never send pid) -------------------


def _recovered_event(frame) -> list:
    assert isinstance(frame, str) and frame.startswith('42["recovered",'), \
        f"expected the `recovered` event, got {frame!r}"
    return json.loads(frame[2:])[1:]


def test_recovery_connect_reply_has_pid_and_events_carry_an_offset(recovery_server, make_raw):
    conn = make_raw(recovery_server)
    conn.send("40")
    reply = conn.recv()
    data = json.loads(reply[2:])
    assert reply.startswith("40{") and set(data) == {"sid", "pid"}, \
        f"with recovery on, the CONNECT reply is {{sid, pid}} (§14.1): {reply!r}"
    args = _recovered_event(conn.recv())
    assert len(args) == 2 and args[0] is False and isinstance(args[1], str) and args[1], \
        f"`recovered` false plus a trailing offset string expected: {args!r}"


def test_recovery_restores_the_session_with_missed_events(recovery_server, make_raw, make_sio):
    room = room_name()
    first = make_raw(recovery_server)
    first.send("40")
    hello = json.loads(first.recv()[2:])
    sid, pid = hello["sid"], hello["pid"]
    offset = _recovered_event(first.recv())[-1]
    first.send(f'421["join","{room}"]')
    first.expect("431[true]", what="join ack")
    first.close()
    recovery_server.wait_for_socket_disconnect(sid, "transport close")

    sender = make_sio(recovery_server, "sender")
    for n in (1, 2):
        assert sender.ack("broadcast", {"rooms": [room], "event": "missed", "args": [n]}) == [True]

    second = make_raw(recovery_server)
    second.send("40" + json.dumps({"pid": pid, "offset": offset}, separators=(",", ":")))
    frames = [second.recv() for _ in range(4)]  # CONNECT, missed 1, missed 2, recovered
    connects = [f for f in frames if f.startswith("40")]
    assert len(connects) == 1, f"one CONNECT reply expected among {frames!r}"
    assert json.loads(connects[0][2:]) == {"sid": sid, "pid": pid}, \
        f"the recovered socket keeps its sid and pid: {connects[0]!r} (was {sid}/{pid})"
    missed = [json.loads(f[2:]) for f in frames if f.startswith('42["missed",')]
    assert [m[1] for m in missed] == [1, 2], f"both missed events, in order: {frames!r}"
    assert all(len(m) == 3 and isinstance(m[2], str) for m in missed), \
        f"missed events keep their trailing offset: {missed!r}"
    recovered = [_recovered_event(f) for f in frames if f.startswith('42["recovered",')]
    assert [r[0] for r in recovered] == [True], f"`recovered` true expected: {frames!r}"
    # The rooms came back too.
    assert sender.ack("broadcast", {"rooms": [room], "event": "after", "args": []}) == [True]
    after = second.recv()
    assert after.startswith('42["after",'), f"the recovered socket is in {room} again: {after!r}"


def _recoverable_socket(server, make_raw, rooms: list[str]) -> tuple[str, str, str]:
    """A raw socket that joins `rooms` and then closes its WebSocket: (sid, pid, offset)."""
    conn = make_raw(server)
    conn.send("40")
    hello = json.loads(conn.recv()[2:])
    offset = _recovered_event(conn.recv())[-1]
    for n, room in enumerate(rooms):
        conn.send(f'42{n}["join","{room}"]')
        conn.expect(f"43{n}[true]", what=f"join {room}")
    conn.close()
    server.wait_for_socket_disconnect(hello["sid"], "transport close")
    return hello["sid"], hello["pid"], offset


def _reconnect(server, make_raw, pid: str, offset: str, frames: int) -> list[str]:
    conn = make_raw(server)
    conn.send("40" + json.dumps({"pid": pid, "offset": offset}, separators=(",", ":")))
    return [conn.recv() for _ in range(frames)]


def test_recovery_replays_only_events_addressed_to_the_sessions_rooms(recovery_server, make_raw,
                                                                     make_sio):
    room, other, excluded = room_name(), room_name(), room_name()
    sid, pid, offset = _recoverable_socket(recovery_server, make_raw, [room, excluded])
    sender = make_sio(recovery_server, "sender")
    for spec in ({"rooms": [room], "event": "missed", "args": ["to-room"]},
                 {"rooms": [other], "event": "skipped", "args": ["other room"]},
                 {"rooms": [room], "except": [excluded], "event": "skipped", "args": ["except"]},
                 {"event": "missed", "args": ["namespace-wide"]}):
        assert sender.ack("broadcast", spec) == [True]
    frames = _reconnect(recovery_server, make_raw, pid, offset, 4)  # CONNECT, 2 missed, recovered
    events = [json.loads(f[2:]) for f in frames if f.startswith("42")]
    assert [e[:2] for e in events if e[0] != "recovered"] == \
        [["missed", "to-room"], ["missed", "namespace-wide"]], \
        f"replay must honour rooms and except (§14.3 step 4): {frames!r}"
    assert [e[1] for e in events if e[0] == "recovered"] == [True], frames


def test_recovered_session_cannot_be_restored_twice(recovery_server, make_raw):
    sid, pid, offset = _recoverable_socket(recovery_server, make_raw, [])
    first = _reconnect(recovery_server, make_raw, pid, offset, 2)
    assert json.loads(next(f for f in first if f.startswith("40"))[2:])["sid"] == sid, first
    second = _reconnect(recovery_server, make_raw, pid, offset, 2)
    reply = json.loads(next(f for f in second if f.startswith("40"))[2:])
    assert reply["sid"] != sid, \
        f"a pid restores once (§14.3 step 7); a second restore would duplicate {sid}: {second!r}"
    recovered = [_recovered_event(f) for f in second if f.startswith('42["recovered",')]
    assert [r[0] for r in recovered] == [False], second


def test_recovery_with_an_unknown_pid_gives_a_new_socket(recovery_server, make_raw):
    conn = make_raw(recovery_server)
    conn.send('40{"pid":"AAAAAAAAAAAAAAAAAAAA","offset":"nope"}')
    data = json.loads(conn.recv()[2:])
    assert set(data) == {"sid", "pid"} and data["pid"] != "AAAAAAAAAAAAAAAAAAAA", data
    args = _recovered_event(conn.recv())
    assert args[0] is False, f"an unknown pid must not recover: {args!r}"
