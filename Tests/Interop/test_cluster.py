"""The cluster of issue 6 across processes: `sio-interop-server --postgres` nodes on one PostgreSQL
database (a fresh one per cluster), python-socketio clients on each node, and every cluster
operation crossing nodes; then a node killed with SIGKILL, and nginx running
Docs/nginx-cluster.conf in front of the nodes. Needs SIO_TEST_POSTGRES_URL (Scripts/interop
starts a private PostgreSQL); the nginx tests need the nginx Debian package.

The interop server's events used here besides those described in test_socketio_python_client.py
(join, leave, rooms, broadcast, broadcast-from-me, disconnect-sockets, ack-from-all; their
request objects also take `local: true`):
  whoami                       ack with the node's --server-id
  server-count                 ack with serverCount() of `/`: 1 + the nodes this one hears
  set-data (X)                 socket.data = X; ack true
  sockets-join ({rooms, except, join})     io.in(rooms).except(except).socketsJoin(join); ack true
  sockets-leave ({rooms, except, leave})   the same with socketsLeave(leave); ack true
  describe-sockets ({rooms, except, local, timeout})   ack with [{id, rooms, data, remote}] of
                               fetchSockets(), by id; {error} when it throws
  remote-socket ({id, action, …})   fetchSockets() in the room `id`, then on that socket:
                               emit (event, args) | join (rooms) | leave (room) | disconnect
                               (close); ack {found, remote} once the operation is published
  server-side-emit ({event, arg})               io.serverSideEmit(event, arg); ack true
  server-side-emit-with-ack ({event, arg, timeout})   ack {responses (sorted), timedOut}
Every node answers the others' server-side `relay` (X) by emitting `relayed` (X, its id) to its
own sockets, and `identify` (X) with the acknowledgement {server: its id, arg: X}.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from cluster_support import BoundClient, EventLoopThread, Nginx, eventually, nginx_binary
from conftest import run_cluster
from sio_wire import SioClient

TEST_DEADLINE = 30.0  # seconds per test (the fault test waits for a heartbeat timeout)
NOT_RECEIVED_GRACE = 0.2  # after a delivery barrier, time for a stray event to show up
A, B = "node-a", "node-b"

# The fault test's timing: fast heartbeats, and ClusterAdapterOptions' defaults for the rest.
HEARTBEAT_INTERVAL = 0.5
HEARTBEAT_TIMEOUT = 1.5
MEMBERSHIP_CHECK_INTERVAL = 1.0
REQUEST_TIMEOUT = 5.0


def room_name() -> str:
    return f"room-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def sio():
    """Factory: a python-socketio client (WebSocket) connected to a node; closed after the test."""
    clients: list[SioClient] = []

    def connect(node, name: str, handlers: dict | None = None) -> SioClient:
        client = SioClient(name)
        clients.append(client)
        for event, handler in (handlers or {}).items():
            client.on(event, handler)
        client.connect(node.url, transports=["websocket"])
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def spread(cluster, sio):
    """Clients a1, a2 on node-a and b1, b2 on node-b; each acknowledges `ping-all` with its name."""
    return {name: sio(cluster[A if name[0] == "a" else B], name,
                      handlers={"ping-all": lambda name=name: name})
            for name in ("a1", "a2", "b1", "b2")}


def join(room: str, *clients: SioClient) -> None:
    for client in clients:
        assert client.ack("join", room) == [True], f"{client.name} could not join {room}"


def settle(sender: SioClient, clients: dict[str, SioClient]) -> None:
    """Delivery barrier: `sender` broadcasts `barrier` to each client's own room and each waits
    for it. Cluster messages of one node arrive in the order it published them, so whatever
    `sender`'s node sent earlier has been delivered; then a grace for the handler threads."""
    for client in clients.values():
        sender.ack("broadcast", {"rooms": [client.sid()], "event": "barrier", "args": []})
    for client in clients.values():
        client.events.wait_for("barrier")
    time.sleep(NOT_RECEIVED_GRACE)


def receivers(event: str, clients: dict[str, SioClient]) -> dict[str, list[list]]:
    return {name: c.events.named(event) for name, c in clients.items() if c.events.named(event)}


# --- membership ---------------------------------------------------------------------------------


def test_each_node_counts_both_nodes(cluster):
    assert {name: cluster.server_count(name) for name in (A, B)} == {A: 2, B: 2}


# --- broadcasts ---------------------------------------------------------------------------------


def test_room_broadcast_reaches_members_on_both_nodes_except_the_excluded_room(spread):
    room, vip = room_name(), room_name()
    join(room, spread["a1"], spread["b1"], spread["b2"])
    join(vip, spread["b2"])
    assert spread["a2"].ack("broadcast", {"rooms": [room], "except": [vip], "event": "news",
                                          "args": [1, "two"]}) == [True]
    settle(spread["a2"], spread)
    got = receivers("news", spread)
    assert got == {"a1": [[1, "two"]], "b1": [[1, "two"]]}, \
        f"to {room} except {vip} (b2): a1 and b1 once each: {got!r}"


def test_broadcast_from_a_socket_skips_it_and_reaches_the_other_node(spread):
    room = room_name()
    join(room, spread["a1"], spread["b1"], spread["b2"])
    assert spread["b1"].ack("broadcast-from-me", {"rooms": [room], "event": "news",
                                                  "args": ["from b1"]}) == [True]
    settle(spread["b1"], spread)
    got = receivers("news", spread)
    assert got == {"a1": [["from b1"]], "b2": [["from b1"]]}, f"socket.broadcast from b1: {got!r}"


def test_local_broadcast_stays_on_its_node(spread):
    room = room_name()
    join(room, spread["a1"], spread["b1"])
    assert spread["a2"].ack("broadcast", {"rooms": [room], "local": True, "event": "news",
                                          "args": []}) == [True]
    settle(spread["a2"], spread)
    assert set(receivers("news", spread)) == {"a1"}, receivers("news", spread)


def test_broadcast_acks_are_summed_across_nodes(spread):
    room = room_name()
    join(room, *spread.values())
    started = time.monotonic()
    [result] = spread["a1"].ack("ack-from-all", {"rooms": [room], "timeout": 3000})
    assert result == {"responses": ["a1", "a2", "b1", "b2"], "timedOut": False}, result
    assert time.monotonic() - started < 2.0, "must end with the last ack, not at the timeout"


# --- fetchSockets and remote sockets ------------------------------------------------------------


def test_fetch_sockets_returns_remote_sockets_with_their_rooms_and_data(spread):
    room = room_name()
    a1, b1 = spread["a1"], spread["b1"]
    assert b1.ack("set-data", {"user": "bob", "level": 3}) == [True]
    join(room, a1, b1)
    [sockets] = spread["a2"].ack("describe-sockets", {"rooms": [room]})
    expected = [{"id": a1.sid(), "rooms": sorted([a1.sid(), room]), "data": {}, "remote": False},
                {"id": b1.sid(), "rooms": sorted([b1.sid(), room]),
                 "data": {"user": "bob", "level": 3}, "remote": True}]
    assert sockets == sorted(expected, key=lambda s: s["id"]), sockets


def test_fetch_sockets_of_the_whole_namespace_lists_every_client_of_both_nodes(spread, cluster):
    [sockets] = spread["b2"].ack("describe-sockets", {})
    ids = {s["id"] for s in sockets}
    missing = {c.sid() for c in spread.values()} - ids
    assert not missing, f"fetchSockets() misses {missing}: {sockets!r}"


def test_a_remote_socket_can_be_emitted_to(spread):
    a1, b1 = spread["a1"], spread["b1"]
    assert a1.ack("remote-socket", {"id": b1.sid(), "action": "emit", "event": "direct",
                                    "args": ["hi", {"n": 1}]}) == [{"found": True, "remote": True}]
    assert b1.events.wait_for("direct") == [["hi", {"n": 1}]]
    settle(a1, spread)
    assert set(receivers("direct", spread)) == {"b1"}


def test_a_remote_socket_can_be_made_to_join_a_room(spread):
    room = room_name()
    a1, b1 = spread["a1"], spread["b1"]
    assert a1.ack("remote-socket", {"id": b1.sid(), "action": "join", "rooms": [room]}) \
        == [{"found": True, "remote": True}]
    assert a1.ack("broadcast", {"rooms": [room], "event": "news", "args": []}) == [True]
    b1.events.wait_for("news")
    assert b1.ack("rooms") == [sorted([b1.sid(), room])]


def test_a_remote_socket_can_be_made_to_leave_a_room(spread):
    room = room_name()
    a1, b1, b2 = spread["a1"], spread["b1"], spread["b2"]
    join(room, b1, b2)
    assert a1.ack("remote-socket", {"id": b1.sid(), "action": "leave", "room": room}) \
        == [{"found": True, "remote": True}]
    assert a1.ack("broadcast", {"rooms": [room], "event": "news", "args": []}) == [True]
    settle(a1, spread)
    assert set(receivers("news", spread)) == {"b2"}, receivers("news", spread)
    assert b1.ack("rooms") == [[b1.sid()]]


def test_a_remote_socket_can_be_disconnected(cluster, spread):
    a1, b1 = spread["a1"], spread["b1"]
    b1_id = b1.sid()
    assert a1.ack("remote-socket", {"id": b1_id, "action": "disconnect", "close": False}) \
        == [{"found": True, "remote": True}]
    assert b1.events.wait_for("disconnect") == [["server disconnect"]]
    cluster[B].wait_for_socket_disconnect(b1_id, "server namespace disconnect")
    assert spread["b2"].echo_ok(), "b2, on the same node, stays connected"


# --- socketsJoin, socketsLeave, disconnectSockets ---------------------------------------------


def test_sockets_join_makes_the_matching_sockets_of_both_nodes_join(spread):
    room, extra = room_name(), room_name()
    join(room, spread["a1"], spread["b1"])
    assert spread["a2"].ack("sockets-join", {"rooms": [room], "join": [extra]}) == [True]
    assert spread["a2"].ack("broadcast", {"rooms": [extra], "event": "news", "args": []}) == [True]
    settle(spread["a2"], spread)
    assert set(receivers("news", spread)) == {"a1", "b1"}, receivers("news", spread)
    assert spread["b1"].ack("rooms") == [sorted([spread["b1"].sid(), room, extra])]


def test_sockets_leave_makes_the_matching_sockets_of_both_nodes_leave(spread):
    room, subset = room_name(), room_name()
    join(room, spread["a1"], spread["b1"], spread["b2"])
    join(subset, spread["a1"], spread["b1"])
    assert spread["a2"].ack("sockets-leave", {"rooms": [subset], "leave": [room]}) == [True]
    assert spread["a2"].ack("broadcast", {"rooms": [room], "event": "news", "args": []}) == [True]
    settle(spread["a2"], spread)
    assert set(receivers("news", spread)) == {"b2"}, receivers("news", spread)
    assert spread["b1"].ack("rooms") == [sorted([spread["b1"].sid(), subset])]


def test_disconnect_sockets_disconnects_the_room_members_of_both_nodes(cluster, spread):
    room = room_name()
    join(room, spread["a1"], spread["b1"])
    ids = {name: client.sid() for name, client in spread.items()}
    assert spread["a2"].ack("disconnect-sockets", {"rooms": [room], "close": False}) == [True]
    for name, node in (("a1", A), ("b1", B)):
        assert spread[name].events.wait_for("disconnect") == [["server disconnect"]], name
        cluster[node].wait_for_socket_disconnect(ids[name], "server namespace disconnect")
    for name in ("a2", "b2"):
        assert spread[name].echo_ok(), f"{name} is not in {room} and stays connected"
        assert spread[name].events.named("disconnect") == []


# --- serverSideEmit -----------------------------------------------------------------------------


def test_server_side_emit_reaches_the_other_node_only(spread):
    assert spread["a1"].ack("server-side-emit", {"event": "relay", "arg": {"n": 1}}) == [True]
    for name in ("b1", "b2"):
        assert spread[name].events.wait_for("relayed") == [[{"n": 1}, B]], name
    settle(spread["a1"], spread)
    assert set(receivers("relayed", spread)) == {"b1", "b2"}, "never to the emitting node"


def test_server_side_emit_with_ack_gets_one_answer_per_other_node(spread):
    started = time.monotonic()
    [from_a] = spread["a1"].ack("server-side-emit-with-ack", {"event": "identify", "arg": "q"})
    [from_b] = spread["b1"].ack("server-side-emit-with-ack", {"event": "identify", "arg": [1]})
    assert from_a == {"responses": [{"server": B, "arg": "q"}], "timedOut": False}, from_a
    assert from_b == {"responses": [{"server": A, "arg": [1]}], "timedOut": False}, from_b
    assert time.monotonic() - started < 2.0, "each must end with the one answer, not at the timeout"


def test_server_side_emit_with_ack_times_out_when_no_node_answers(spread):
    started = time.monotonic()
    [result] = spread["a1"].ack("server-side-emit-with-ack", {"event": "unanswered",
                                                             "timeout": 500})
    waited = time.monotonic() - started
    assert result == {"responses": [], "timedOut": True}, result
    assert 0.4 <= waited <= 2.0, f"timeout 500 ms, answered after {waited:.2f}s"


# --- large and binary payloads: the attachment table ---------------------------------------------


def test_a_payload_over_8000_bytes_travels_through_the_attachment_table(cluster, spread):
    room = room_name()
    join(room, spread["b1"])
    mark = cluster.database.attachment_mark()
    small, large = "s" * 100, "L" * 10_000
    for text in (small, large):
        assert spread["a1"].ack("broadcast", {"rooms": [room], "event": "text",
                                              "args": [text]}) == [True]
    got = spread["b1"].events.wait_for("text", count=2)
    assert [len(args[0]) for args in got] == [100, 10_000] and got == [[small], [large]]
    assert cluster.database.attachments_since(mark) == 1, \
        "the small broadcast goes inline, the large one through one attachment row"


def test_a_binary_payload_travels_through_the_attachment_table(cluster, spread):
    room = room_name()
    join(room, spread["b1"])
    blob = bytes(range(256)) * 4
    mark = cluster.database.attachment_mark()
    assert spread["a1"].ack("broadcast", {"rooms": [room], "event": "blob",
                                          "args": [{"data": blob, "name": "x"}, b"\x00"]}) == [True]
    got = spread["b1"].events.wait_for("blob")
    assert got == [[{"data": blob, "name": "x"}, b"\x00"]], got
    assert cluster.database.attachments_since(mark) == 1, "binary always goes as an attachment"


# --- nginx in front of the nodes (Docs/nginx-cluster.conf) ------------------------------------


@pytest.fixture(scope="module")
def nginx_bin() -> str:
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (Scripts/setup installs the Debian package)")
    return binary


def run_nginx(nginx_bin: str, tmp_path_factory, cluster):
    proxy = Nginx(nginx_bin, tmp_path_factory.mktemp("nginx"),
                  [cluster[name].port for name in cluster.names])
    try:
        yield proxy.start()
    finally:
        proxy.stop()


@pytest.fixture(scope="module")
def nginx(nginx_bin, tmp_path_factory, cluster):
    """nginx with Docs/nginx-cluster.conf in front of node-a and node-b."""
    yield from run_nginx(nginx_bin, tmp_path_factory, cluster)


@pytest.fixture
def bound():
    """Factory: BoundClients on one event loop thread; shut down after the test."""
    runner = EventLoopThread()
    clients: list[BoundClient] = []

    def make(name: str, source: str, **kwargs) -> BoundClient:
        client = BoundClient(runner, name, source, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    runner.close()


def source_address(x: int) -> str:
    """127.0.x.1: ip_hash keys on the first three bytes of an IPv4 address."""
    return f"127.0.{x}.1"


MAX_SOURCE_ADDRESSES = 32  # ip_hash sends each to one node; 32 all on one node: p = 2^-31


def test_polling_and_websocket_clients_through_nginx_exchange_room_broadcasts_across_nodes(
        cluster, nginx, bound):
    room = room_name()
    by_node: dict[str, list[BoundClient]] = {}
    for x in range(1, MAX_SOURCE_ADDRESSES + 1):
        if len(by_node) == len(cluster.names):
            break
        source = source_address(x)
        polling = bound(f"polling@{source}", source).connect(nginx.url, ["polling"])
        node = polling.ack("whoami")
        if node in by_node:
            polling.close()
            continue
        others = [bound(f"websocket@{source}", source).connect(nginx.url, ["websocket"]),
                  bound(f"upgraded@{source}", source).connect(nginx.url, ["polling", "websocket"])]
        assert [c.ack("whoami") for c in others] == [node, node], \
            "ip_hash: every connection from one address reaches the same node"
        by_node[node] = [polling, *others]
    assert set(by_node) == {A, B}, \
        f"{MAX_SOURCE_ADDRESSES} source addresses all went to {set(by_node)}"

    everyone = [client for clients in by_node.values() for client in clients]
    for client in everyone:
        assert client.ack("join", room) is True
    for client in everyone:
        assert client.ack("broadcast-from-me", {"rooms": [room], "event": "chat",
                                                "args": [client.name]}) is True
    for client in everyone:
        got = client.events.wait_for("chat", count=len(everyone) - 1)
        others = sorted(c.name for c in everyone if c is not client)
        assert sorted(args[0] for args in got) == others, \
            f"{client.name} must get every other client's message once: {got!r}"
    for client in everyone:
        wanted = "polling" if client.name.startswith("polling") else "websocket"
        eventually(lambda: client.transport() == wanted, 3.0, what=f"{client.name} on {wanted}")
        assert client.events.named("disconnect") == [], f"{client.name} was disconnected"


# --- a node killed ------------------------------------------------------------------------------


@pytest.fixture
def trio(tmp_path_factory, postgres_url):
    """Three nodes with fast heartbeats; node-v is the one to kill."""
    yield from run_cluster(
        tmp_path_factory, postgres_url, [A, B, "node-v"],
        ["--heartbeat-interval", str(int(HEARTBEAT_INTERVAL * 1000)),
         "--heartbeat-timeout", str(int(HEARTBEAT_TIMEOUT * 1000))])


@pytest.fixture
def trio_nginx(nginx_bin, tmp_path_factory, trio):
    yield from run_nginx(nginx_bin, tmp_path_factory, trio)


def test_a_killed_node_is_dropped_requests_stop_waiting_and_its_clients_reconnect_elsewhere(
        trio, trio_nginx, sio, bound):
    room = room_name()
    a1 = sio(trio[A], "a1", handlers={"ping-all": lambda: "a1"})
    b1 = sio(trio[B], "b1", handlers={"ping-all": lambda: "b1"})
    join(room, a1, b1)

    # Clients of node-v, through nginx from an address that ip_hash sends there.
    doomed: list[BoundClient] = []
    for x in range(1, MAX_SOURCE_ADDRESSES + 1):
        source = source_address(x)
        first = bound(f"polling@{source}", source, reconnection=True).connect(trio_nginx.url,
                                                                               ["polling"])
        if first.ack("whoami") != "node-v":
            first.close()
            continue
        second = bound(f"websocket@{source}", source, reconnection=True).connect(trio_nginx.url,
                                                                                 ["websocket"])
        assert second.ack("whoami") == "node-v"
        doomed = [first, second]
        break
    assert doomed, f"none of {MAX_SOURCE_ADDRESSES} source addresses reached node-v"
    [everyone] = a1.ack("describe-sockets", {})
    assert {c.sid() for c in doomed} <= {s["id"] for s in everyone if s["remote"]}

    trio.kill("node-v")
    killed = time.monotonic()
    # A request started now waits for node-v only until node-v is dropped.
    fetched: dict = {}

    def fetch():
        fetched["result"] = a1.ack("describe-sockets", {}, timeout=REQUEST_TIMEOUT + 3)
        fetched["after"] = time.monotonic() - killed

    fetcher = threading.Thread(target=fetch)
    fetcher.start()
    noticed = trio.wait_for_server_count({B: 2, A: 2}, timeout=HEARTBEAT_TIMEOUT + 4)
    fetcher.join(timeout=REQUEST_TIMEOUT + 4)
    assert noticed <= HEARTBEAT_TIMEOUT + MEMBERSHIP_CHECK_INTERVAL + 1.0, \
        f"node-v dropped {noticed:.2f}s after the kill (heartbeat timeout {HEARTBEAT_TIMEOUT}s)"
    assert "result" in fetched, "the fetchSockets request in flight never ended"
    [sockets] = fetched["result"]
    assert isinstance(sockets, list), f"fetchSockets failed: {sockets!r}"
    assert fetched["after"] < REQUEST_TIMEOUT - 1.0, \
        f"fetchSockets waited {fetched['after']:.2f}s: it must stop waiting once node-v is dropped"

    # A new request does not wait for node-v at all.
    started = time.monotonic()
    [result] = a1.ack("ack-from-all", {"rooms": [room], "timeout": int(REQUEST_TIMEOUT * 1000)})
    assert result == {"responses": ["a1", "b1"], "timedOut": False}, result
    assert time.monotonic() - started < 1.0, "a broadcast with acks must not wait for node-v"

    # node-v's clients reconnect through nginx to a surviving node and get room broadcasts again.
    for client in doomed:
        client.events.wait_for("connect", count=2, timeout=10)
        assert client.ack("whoami") in (A, B), f"{client.name} reconnected to node-v?"
        assert client.ack("join", room) is True
    assert a1.ack("broadcast", {"rooms": [room], "event": "after", "args": ["kill"]}) == [True]
    for client in doomed:
        assert client.events.wait_for("after") == [["kill"]], client.name


# --- two sio-server processes (the demo server) on PostgreSQL, with the admin namespace ---------


@pytest.fixture
def demo_nodes(postgres_url, tmp_path):
    """Two `sio-server --postgres` processes (demo handlers, admin namespace on) on a fresh
    database."""
    from cluster_support import Database
    from conftest import server_binary
    from server_process import ServerProcess

    database = Database(postgres_url)
    nodes = {}
    try:
        for name in ("demo-a", "demo-b"):
            nodes[name] = ServerProcess(server_binary(), tmp_path / f"{name}.log",
                                        ["--postgres", database.url, "--server-id", name],
                                        log_level=None, base_args=()).start()
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()
        database.drop()


def test_two_sio_server_nodes_share_room_chat_and_each_admin_sees_both_nodes(demo_nodes):
    import socketio

    heard: list[dict] = []
    stats: dict[str, dict] = {}
    alice, bob, admin = socketio.Client(), socketio.Client(), socketio.Client()
    bob.on("chat", lambda message: heard.append(message))
    admin.on("server_stats", lambda value: stats.__setitem__(value["serverId"], value), namespace="/admin")
    try:
        alice.connect(demo_nodes["demo-a"].url, transports=["websocket"])
        bob.connect(demo_nodes["demo-b"].url, transports=["polling"])
        admin.connect(demo_nodes["demo-a"].url, namespaces=["/admin"], transports=["websocket"])
        bob.call("join", "lobby", timeout=5)
        alice.call("join", "lobby", timeout=5)

        def chat_reached_bob():
            alice.emit("chat", {"room": "lobby", "text": "hello from demo-a"})
            return any(message.get("text") == "hello from demo-a" for message in heard)

        # The first chats may leave before demo-b listens: repeat until one arrives.
        eventually(chat_reached_bob, timeout=10, interval=0.3, what="a chat from demo-a reaching demo-b")
        # The admin on demo-a hears both nodes' stats (every 2 s), each with its PostgreSQL link.
        eventually(lambda: {"demo-a", "demo-b"} <= stats.keys(), timeout=10, what="server_stats of both nodes")
        for name in ("demo-a", "demo-b"):
            assert stats[name]["x_adapter"] == {"transport": "postgres", "state": "connected"}, stats[name]
    finally:
        for client in (alice, bob, admin):
            client.disconnect()
