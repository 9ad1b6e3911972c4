"""The admin namespace of the demo `sio-server` (SocketIOAdmin), driven with python-socketio as the
official Socket.IO Admin UI would (spec: /work/shared/spec/admin-protocol.md §1-3, §6, §9.1-9.8,
§10): login and sessions, the connect snapshot, the live streams, every command on real clients,
readonly and production modes, and the idle cost.

Run: `.venv-interop/bin/python -m pytest -q Tests/Interop/test_admin.py` (needs
`.build/debug/sio-server`, or SIO_SERVER_BIN)."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time

import pytest

from admin_support import (ADMIN_NSP, ISO_RE, SESSION_RE, STREAM_EVENTS, AdminClient, AppClient,
                           LateUpgradeClient, features, summarize)
from conftest import ADMIN_PASSWORD, ADMIN_USER, server_binary
from server_process import ServerProcess, free_port
from sio_wire import RawSocketIO

SERIALIZED_KEYS = {"id", "clientId", "transport", "nsp", "data", "handshake", "rooms"}
HANDSHAKE_KEYS = {"address", "headers", "query", "issued", "secure", "time", "url", "xdomain"}
STATS_KEYS = {"serverId", "hostname", "pid", "uptime", "clientsCount", "pollingClientsCount",
              "aggregatedEvents", "namespaces"}
STATS_PERIOD = 2.0
AGGREGATED_TYPES = {"rawConnection", "rawDisconnection", "packetsIn", "packetsOut", "bytesIn",
                    "bytesOut"}


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def admins():
    """Factory of AdminClient objects, all closed after the test."""
    made: list[AdminClient] = []

    def make(name: str = "admin") -> AdminClient:
        client = AdminClient(name)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def apps():
    """Factory of connected AppClient objects (on `/`), all closed after the test."""
    made: list[AppClient] = []

    def make(server, transports: list[str] | None = None, name: str = "app",
             handlers: dict | None = None, namespaces: list[str] | None = None,
             auth=None) -> AppClient:
        client = AppClient(name, handlers)
        made.append(client)
        client.connect(server.url, transports=transports, namespaces=namespaces, auth=auth)
        return client

    yield make
    for client in made:
        client.close()


def watching(admins, server, auth=None) -> AdminClient:
    """An admin connected to `server` whose connect sequence is complete."""
    admin = admins().connect(server.url, auth=auth)
    admin.wait_ready()
    return admin


def about(socket_id: str):
    """Matches stream events that concern socket `socket_id`."""
    def match(name: str, args: list) -> bool:
        if name in ("socket_connected", "socket_updated"):
            return args[0]["id"] == socket_id
        if name in ("socket_disconnected", "event_received", "event_sent"):
            return args[1] == socket_id
        if name in ("room_joined", "room_left"):
            return args[2] == socket_id
        return False
    return match


def stream_of(admin: AdminClient, socket_id: str) -> list[tuple[str, list]]:
    """The admin's recorded stream events about one socket, in wire order."""
    match = about(socket_id)
    return [(name, args) for _, name, args in admin.events.snapshot()
            if name in STREAM_EVENTS and match(name, args)]


def wait_stream(admin: AdminClient, socket_id: str, expected: list[str],
                timeout: float = 3.0) -> list[tuple[str, list]]:
    """Wait until the admin recorded at least the stream events `expected` (names, in order)
    about `socket_id`; return them (fails with what did arrive)."""
    deadline = time.monotonic() + timeout
    while True:
        events = stream_of(admin, socket_id)
        if len(events) >= len(expected) or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    names = [name for name, _ in events]
    assert names[:len(expected)] == expected, (
        f"stream about {socket_id} within {timeout}s: expected {expected}, got {names}; "
        f"raw admin packets: {[m for m in admin.raw if isinstance(m, str)][-12:]}")
    return events


def start_server(tmp_path, name: str, extra: list[str]) -> ServerProcess:
    """A demo sio-server of this test alone (stop it in a finally)."""
    return ServerProcess(server_binary(), tmp_path / f"{name}.log", extra, log_level="info",
                         base_args=()).start()


def periodic_stats(admin: AdminClient) -> list[tuple[float, dict]]:
    """The periodic `server_stats` (those with x_throughput), with their receive times."""
    return [(t, args[0]) for t, name, args in admin.events.snapshot()
            if name == "server_stats" and "x_throughput" in args[0]]


def wait_periodic_stats(admin: AdminClient, count: int, after: float = 0.0,
                        timeout: float = 2 * STATS_PERIOD + 1.0) -> list[tuple[float, dict]]:
    """Wait until `count` periodic server_stats arrived after monotonic time `after`."""
    deadline = time.monotonic() + timeout
    while True:
        found = [(t, s) for t, s in periodic_stats(admin) if t >= after]
        if len(found) >= count:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"{len(found)} periodic server_stats after {after} within "
                                 f"{timeout}s; recorded: {summarize(admin.events.snapshot())}")
        time.sleep(0.05)


def aggregated_totals(stats: list[dict]) -> dict[tuple[str, str | None], int]:
    totals: dict[tuple[str, str | None], int] = {}
    for entry in (e for s in stats for e in s["aggregatedEvents"]):
        key = (entry["type"], entry.get("subType"))
        totals[key] = totals.get(key, 0) + entry["count"]
    return totals


# --- 1. authentication --------------------------------------------------------------------


@pytest.mark.parametrize("auth", [
    {"username": ADMIN_USER, "password": "wrong"},
    {"username": "root", "password": ADMIN_PASSWORD},
    {"username": ADMIN_USER, "password": 12345},
    {"sessionId": "0123456789abcdef"},
    {"sessionId": None},
    None,
], ids=["wrong-password", "wrong-user", "non-string-password", "unknown-session",
        "null-session", "no-payload"])
def test_login_refused_with_invalid_credentials(admin_auth_server, admins, auth):
    admin = admins()
    error = admin.try_connect(admin_auth_server.url, auth)
    assert error is not None, f"refused login {auth!r} was accepted"
    refusals = admin.events.wait_for("connect_error")
    assert refusals[0] == [{"message": "invalid credentials"}], refusals
    assert "session" not in admin.events.names()
    # raw = Socket.IO packets (the Engine.IO `4` prefix removed): CONNECT_ERROR is `4`
    wire_refusal = [m for m in admin.raw if isinstance(m, str) and m.startswith("4/admin,")]
    assert wire_refusal == ['4/admin,{"message":"invalid credentials"}'], admin.raw


def test_password_login_mints_session_after_connect(admin_auth_server, admins):
    admin = admins().connect(admin_auth_server.url,
                             {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    admin.wait_ready()
    session = admin.events.wait_for("session")
    assert len(session) == 1 and len(session[0]) == 1, session
    assert SESSION_RE.match(session[0][0]), session
    names = [n for n in admin.events.names() if n not in STREAM_EVENTS]
    assert names[:5] == ["CONNECT", "session", "config", "all_sockets", "server_stats"], names
    # wire order: CONNECT before `session` (the UI would lose a `session` sent before CONNECT)
    texts = [m for m in admin.raw if isinstance(m, str)]
    assert texts[0].startswith("0/admin,{"), texts[:3]  # Socket.IO packets, no Engine.IO `4`
    assert texts[1] == f'2/admin,["session","{session[0][0]}"]', texts[:3]
    info = admin.config()["x_info"]
    assert info["user"] == ADMIN_USER and info["readonly"] is False, info


def test_session_id_reconnect_without_password(admin_auth_server, admins):
    first = admins("first").connect(admin_auth_server.url,
                                    {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    first.wait_ready()
    session = first.events.wait_for("session")[0][0]
    first.close()
    again = admins("reload").connect(admin_auth_server.url, {"sessionId": session})
    again.wait_ready()
    names = [n for n in again.events.names() if n not in STREAM_EVENTS]
    assert names[:4] == ["CONNECT", "config", "all_sockets", "server_stats"], names
    assert "session" not in names, names
    assert again.config()["x_info"]["user"] == ADMIN_USER


def test_session_id_with_a_wrong_password_still_accepted(admin_auth_server, admins):
    """A known sessionId wins over whatever else is in the payload (reference step 1)."""
    first = admins("first").connect(admin_auth_server.url,
                                    {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    session = first.events.wait_for("session")[0][0]
    again = admins("reload").connect(admin_auth_server.url,
                                     {"sessionId": session, "username": ADMIN_USER,
                                      "password": "wrong"})
    again.wait_ready()
    assert "session" not in again.events.names()


@pytest.mark.parametrize("auth", [None, {}, {"username": "who", "password": "ever"},
                                  {"sessionId": "0123456789abcdef"}],
                         ids=["none", "empty", "credentials", "session"])
def test_without_auth_config_any_payload_accepted(admin_server, admins, auth):
    admin = admins().connect(admin_server.url, auth)
    admin.wait_ready()
    names = admin.events.names()
    assert "connect_error" not in names and "session" not in names, names
    assert admin.config()["x_info"]["user"] is None


def _start_public(extra: list[str], tmp_path) -> tuple[subprocess.Popen, int, object]:
    port = free_port()
    log = open(tmp_path / "public.log", "w+b")
    proc = subprocess.Popen([str(server_binary()), "--host", "0.0.0.0", "--port", str(port),
                             *extra], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    return proc, port, log


def test_public_host_without_auth_refuses_to_start(tmp_path):
    proc, _, log = _start_public([], tmp_path)
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
        pytest.fail("sio-server --host 0.0.0.0 without admin auth kept running")
    finally:
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
    assert status != 0, output
    assert "no authentication" in output and "--admin-insecure" in output, output


def test_public_host_with_admin_insecure_starts(tmp_path):
    proc, port, log = _start_public(["--admin-insecure"], tmp_path)
    try:
        deadline = time.monotonic() + 10
        output = ""
        while "admin namespace ready" not in output:
            assert proc.poll() is None, f"exited with {proc.returncode}: {output}"
            assert time.monotonic() < deadline, f"not ready within 10 s: {output}"
            time.sleep(0.1)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


@pytest.mark.parametrize("prefix", ["$2a$", "$2y$"])
def test_login_with_other_bcrypt_prefixes(tmp_path, admins, admin_password_hash, prefix):
    """Hashes made by other tools (bcryptjs `$2a$`, PHP `$2y$`) verify (spec §1.2)."""
    digest = prefix + admin_password_hash[4:]
    server = start_server(tmp_path, "prefix", ["--admin-user", ADMIN_USER,
                                               "--admin-password-hash", digest])
    try:
        admin = admins().connect(server.url, {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
        admin.wait_ready()
        assert SESSION_RE.match(admin.events.wait_for("session")[0][0])
        refused = admins("wrong").try_connect(server.url, {"username": ADMIN_USER,
                                                           "password": "nope"})
        assert refused is not None
    finally:
        server.stop()


@pytest.mark.parametrize("extra,message", [
    (["--admin-user", "x", "--admin-password-hash", "not-a-hash"], "not a bcrypt hash"),
    (["--admin-user", "x", "--admin-password-hash", "$2b$4$" + "a" * 53], "not a bcrypt hash"),
    (["--admin-user", "x"], "go together"),
    (["--admin-password-hash", "$2b$04$" + "a" * 53], "go together"),
], ids=["garbage-hash", "one-digit-cost", "user-only", "hash-only"])
def test_bad_admin_flags_refuse_to_start(extra, message):
    try:
        result = subprocess.run([str(server_binary()), "--host", "127.0.0.1", "--port",
                                 str(free_port()), *extra], stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"sio-server {extra} kept running")
    assert result.returncode != 0, result
    assert message in result.stderr, result.stderr


# --- 2. the connect snapshot --------------------------------------------------------------


def test_connect_sequence_and_config_development(admin_server, admins):
    admin = watching(admins, admin_server)
    names = [n for n in admin.events.names() if n not in STREAM_EVENTS]
    assert names[:4] == ["CONNECT", "config", "all_sockets", "server_stats"], names
    config = admin.config()
    assert config["supportedFeatures"] == features(), config
    info = config["x_info"]
    assert info["server"] == "swift-socketio" and info["readonly"] is False, info
    assert info["pingInterval"] == 500 and info["latencyIntervalMs"] == 5000, info
    assert isinstance(info["serverId"], str) and info["serverId"], info


def test_config_readonly(admin_readonly_server, admins):
    admin = watching(admins, admin_readonly_server)
    config = admin.config()
    assert config["supportedFeatures"] == features(readonly=True), config
    assert not set(config["supportedFeatures"]) & {"EMIT", "JOIN", "LEAVE", "DISCONNECT",
                                                    "MJOIN", "MLEAVE", "MDISCONNECT"}
    assert config["x_info"]["readonly"] is True


def test_config_production(admin_production_server, admins):
    admin = watching(admins, admin_production_server)
    names = admin.events.names()
    assert names[:3] == ["CONNECT", "config", "server_stats"], names
    assert admin.config()["supportedFeatures"] == features(development=False)


def test_all_sockets_lists_app_client_not_admin(admin_server, admins, apps):
    app = apps(admin_server, auth={"token": "t0ps3cret", "name": "bob"})
    app.call("join", "lobby")
    admin = watching(admins, admin_server)
    listed = admin.events.wait_for("all_sockets")[0][0]
    assert isinstance(listed, list)
    mine = [s for s in listed if s["id"] == app.sid]
    assert len(mine) == 1, listed
    socket = mine[0]
    assert set(socket) == SERIALIZED_KEYS, sorted(socket)
    assert socket["clientId"] == app.engine_sid[:12]
    assert socket["transport"] == app.sio.transport() == "websocket"
    assert socket["nsp"] == "/" and socket["data"] == {}
    handshake = socket["handshake"]
    assert HANDSHAKE_KEYS <= set(handshake), sorted(handshake)
    assert set(handshake) - HANDSHAKE_KEYS <= {"x_auth"}, sorted(handshake)
    assert "auth" not in handshake
    assert handshake["x_auth"] == {"token": "***", "name": "bob"}, handshake["x_auth"]
    assert handshake["address"] in ("127.0.0.1", "::ffff:127.0.0.1"), handshake["address"]
    assert all(name == name.lower() for name in handshake["headers"]), handshake["headers"]
    assert handshake["headers"]["host"] == f"127.0.0.1:{admin_server.port}"
    assert handshake["query"]["EIO"] == "4" and handshake["query"]["transport"] == "polling"
    assert handshake["url"].startswith("/socket.io/?"), handshake["url"]
    assert isinstance(handshake["issued"], int)
    assert abs(handshake["issued"] / 1000 - time.time()) < 30, handshake["issued"]
    assert handshake["secure"] is False and handshake["xdomain"] is False
    assert isinstance(handshake["time"], str) and "GMT" in handshake["time"], handshake["time"]
    assert socket["rooms"][0] == app.sid and set(socket["rooms"]) == {app.sid, "lobby"}
    # never the admin socket itself (X_ADMIN_HIDDEN)
    assert all(s["nsp"] != ADMIN_NSP for s in listed), listed
    assert admin.sid not in {s["id"] for s in listed}


def test_all_sockets_rooms_in_join_order(admin_server, admins, apps):
    """Spec §2.5: `rooms` = own id first, then join order."""
    app = apps(admin_server, ["websocket"])
    for room in ("zeta", "alpha", "mike"):
        assert app.call("join", room) is True
    admin = watching(admins, admin_server)
    listed = admin.events.wait_for("all_sockets")[0][0]
    socket = next(s for s in listed if s["id"] == app.sid)
    assert socket["rooms"] == [app.sid, "zeta", "alpha", "mike"], socket["rooms"]


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_first_server_stats(fresh_admin_server, admins, apps, transport):
    app = apps(fresh_admin_server, [transport])
    admin = watching(admins, fresh_admin_server)
    stats = admin.events.wait_for("server_stats")[0][0]
    assert set(stats) == STATS_KEYS, sorted(stats)  # no x_throughput in the first one
    assert stats["aggregatedEvents"] == []
    assert stats["serverId"] == admin.config()["x_info"]["serverId"]
    assert isinstance(stats["hostname"], str) and stats["hostname"]
    assert stats["pid"] == fresh_admin_server.pid
    assert isinstance(stats["uptime"], float) and 0 < stats["uptime"] < 120, stats["uptime"]
    assert stats["clientsCount"] == 2, stats  # the app client and the admin
    assert stats["pollingClientsCount"] == (1 if transport == "polling" else 0), stats
    listed = admin.events.wait_for("all_sockets")[0][0]
    assert [(s["id"], s["transport"]) for s in listed] == [(app.sid, transport)], listed
    assert stats["namespaces"] == [{"name": "/", "socketsCount": 1},
                                   {"name": ADMIN_NSP, "socketsCount": 1}], stats["namespaces"]


def test_heartbeats_not_counted_as_packets(fresh_admin_server, admins, apps):
    """Spec §2.4: packets with an empty payload (ping/pong) are not counted; an idle interval
    (ping every 500 ms on two clients) shows no packetsIn."""
    apps(fresh_admin_server, ["websocket"])
    admin = watching(admins, fresh_admin_server)
    stats = wait_periodic_stats(admin, 2)
    idle = stats[1][1]
    totals = aggregated_totals([idle])
    assert totals.get(("packetsIn", None), 0) == 0, idle["aggregatedEvents"]
    assert all(row["packetsIn"] == 0 for row in idle["x_throughput"]["namespaces"]), idle
    # out: the previous server_stats (and perhaps an x_latency batch) only
    assert 1 <= totals.get(("packetsOut", None), 0) <= 3, idle["aggregatedEvents"]


# --- 3. live streams ----------------------------------------------------------------------


def test_socket_connected_after_own_room_before_app_rooms(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert app.call("join", "lobby") is True
    admin.events.wait_for("room_joined", lambda a: a[1:3] == ["lobby", app.sid])
    events = stream_of(admin, app.sid)
    order = [(n, a[1] if n.startswith("room_") else None) for n, a in events
             if n in ("room_joined", "socket_connected")]
    assert order == [("room_joined", app.sid), ("socket_connected", None),
                     ("room_joined", "lobby")], events
    connected = next(a for n, a in events if n == "socket_connected")
    assert len(connected) == 2 and ISO_RE.match(connected[1]), connected
    socket = connected[0]
    assert set(socket) == SERIALIZED_KEYS and socket["nsp"] == "/", socket
    assert socket["clientId"] == app.client_id and socket["transport"] == "websocket"
    assert socket["rooms"] == [app.sid], socket["rooms"]
    own = next(a for n, a in events if n == "room_joined")
    assert own[:3] == ["/", app.sid, app.sid] and ISO_RE.match(own[3]), own


def test_polling_admin_receives_every_stream_event(admin_server, admins, apps):
    """An admin on long-polling (the UI's transport until it upgrades, or for good behind a
    proxy without WebSocket) must get the stream like a WebSocket admin."""
    admin = admins().connect(admin_server.url, transports=["polling"])
    admin.wait_ready()
    assert admin.sio.transport() == "polling"
    app = apps(admin_server, ["websocket"])
    assert app.call("join", "poll-room") is True
    assert app.call("echo", 1) == 1
    wait_stream(admin, app.sid, ["room_joined", "socket_connected", "event_received",
                                 "room_joined", "event_received"])


def test_admin_sockets_hidden_from_other_admins(admin_server, admins, apps):
    watcher = watching(admins, admin_server)
    other = watching(admins, admin_server)  # WebSocket only
    hidden = {other.sid, other.sio.eio.sid[:12]}
    ui_like = LateUpgradeClient(admin_server.port, ADMIN_NSP)  # CONNECT on polling, upgrade
    hidden |= {ui_like.sid, ui_like.client_id}
    try:
        ui_like.upgrade()
        assert other.command("frobnicate") == {"ok": False, "error": "unknown command"}
        other.close()
    finally:
        ui_like.close()
    marker = apps(admin_server, ["websocket"], "marker")  # its events come after theirs
    wait_stream(watcher, marker.sid, ["room_joined", "socket_connected"])
    time.sleep(0.1)
    assert all(hidden), hidden
    leaked = [(n, a) for _, n, a in watcher.events.snapshot()
              if n in STREAM_EVENTS and any(h in json.dumps(a) for h in hidden)]
    assert not leaked, leaked
    assert watcher.sid not in json.dumps(watcher.events.named("socket_connected"))


def test_upgrade_of_default_client_reported(admin_server, admins, apps):
    """python-engineio upgrades before its namespace CONNECT: x_upgrade, and a socket that is
    already on websocket when it connects."""
    admin = watching(admins, admin_server)
    app = apps(admin_server)  # polling first, then websocket
    upgrade = admin.events.wait_for("x_upgrade", lambda a: a[0]["clientId"] == app.client_id)
    payload = upgrade[0][0]
    assert set(payload) == {"serverId", "clientId", "from", "to", "outcome", "durationMs",
                            "timestamp"}, payload
    assert payload["from"] == "polling" and payload["to"] == "websocket"
    assert payload["outcome"] == "success", payload
    assert isinstance(payload["durationMs"], (int, float)) and 0 <= payload["durationMs"] < 5000
    assert ISO_RE.match(payload["timestamp"]), payload
    assert payload["serverId"] == admin.config()["x_info"]["serverId"]
    connected = admin.events.wait_for("socket_connected", lambda a: a[0]["id"] == app.sid)
    assert connected[0][0]["transport"] == "websocket"


def test_upgrade_of_connected_socket_sends_socket_updated(admin_server, admins):
    admin = watching(admins, admin_server)
    client = LateUpgradeClient(admin_server.port)
    try:
        connected = admin.events.wait_for("socket_connected", lambda a: a[0]["id"] == client.sid)
        assert connected[0][0]["transport"] == "polling", connected
        client.upgrade()
        updated = admin.events.wait_for("socket_updated", lambda a: a[0]["id"] == client.sid)
        assert updated[0] == [{"id": client.sid, "nsp": "/", "transport": "websocket"}], updated
        upgrade = admin.events.wait_for("x_upgrade",
                                        lambda a: a[0]["clientId"] == client.client_id)
        assert upgrade[0][0]["outcome"] == "success", upgrade
    finally:
        client.close()


def test_room_joined_and_left(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert app.call("join", "r1") is True
    joined = admin.events.wait_for("room_joined", lambda a: a[1:3] == ["r1", app.sid])
    assert joined[0][0] == "/" and ISO_RE.match(joined[0][3]), joined
    assert app.call("leave", "r1") is True
    left = admin.events.wait_for("room_left", lambda a: a[1:3] == ["r1", app.sid])
    assert left[0][0] == "/" and ISO_RE.match(left[0][3]), left


def test_event_received_for_echo_no_event_sent_for_ack(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert app.call("echo", "hi", {"n": 1}) == ("hi", {"n": 1})
    received = admin.events.wait_for("event_received", lambda a: a[1] == app.sid)
    assert received[0][0] == "/" and received[0][2] == ["echo", "hi", {"n": 1}], received
    assert ISO_RE.match(received[0][3]), received
    # a later server emit to the same socket: by its event_sent, an ack report would be there
    app.emit("chat", {"room": app.sid, "text": "marker"})
    sent = admin.events.wait_for("event_sent", lambda a: a[1] == app.sid)
    assert [s[2][0] for s in sent] == ["chat"], sent


def test_event_sent_once_per_recipient(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    alice = apps(admin_server, ["websocket"], "alice")
    bob = apps(admin_server, ["websocket"], "bob")
    for client in (alice, bob):
        assert client.call("join", "table") is True
    alice.emit("chat", {"room": "table", "text": "hello"})
    message = {"from": alice.sid, "text": "hello", "room": "table"}
    for client in (alice, bob):
        client.events.wait_for("chat")
        sent = admin.events.wait_for("event_sent", lambda a, c=client: a[1] == c.sid)
        assert len(sent) == 1 and sent[0][0] == "/" and sent[0][2] == ["chat", message], sent
        assert ISO_RE.match(sent[0][3]), sent
    received = admin.events.wait_for("event_received", lambda a: a[1] == alice.sid
                                     and a[2][0] == "chat")
    assert received[0][2] == ["chat", {"room": "table", "text": "hello"}], received


def test_socket_disconnected_then_room_left(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    sid = app.sid
    assert app.call("join", "r-gone") is True
    admin.events.wait_for("room_joined", lambda a: a[1:3] == ["r-gone", sid])
    app.close()
    admin.events.wait_for("room_left", lambda a: a[2] == sid, count=2)
    events = stream_of(admin, sid)
    tail = [(n, a) for n, a in events if n in ("socket_disconnected", "room_left")]
    assert tail[0][0] == "socket_disconnected", events
    assert tail[0][1][:2] == ["/", sid] and ISO_RE.match(tail[0][1][3]), tail[0]
    assert sorted(a[1] for n, a in tail[1:]) == sorted([sid, "r-gone"]), tail
    # python-socketio sends DISCONNECT then closes the WebSocket at once, so the server may see
    # either; the admin must report the reason the server logged
    line = admin_server.wait_for_socket_disconnect(sid, None)
    logged = re.search(r"reason=(.*?) \[", line).group(1)
    assert logged in ("client namespace disconnect", "transport close"), line
    assert tail[0][1][2] == logged, (tail[0], line)


def test_x_latency_samples(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    poller = apps(admin_server, ["polling"], "poller")
    batches = admin.events.wait_for(
        "x_latency", lambda a: {app.client_id, poller.client_id}
        <= {s["clientId"] for s in a[0]["samples"]}, timeout=7.0)
    batch = batches[0][0]
    assert set(batch) == {"serverId", "samples"}, batch
    assert batch["serverId"] == admin.config()["x_info"]["serverId"]
    sample = next(s for s in batch["samples"] if s["clientId"] == app.client_id)
    assert set(sample) == {"clientId", "rttMs", "transport", "timestamp"}, sample
    assert isinstance(sample["rttMs"], (int, float)) and 0 <= sample["rttMs"] < 500, sample
    assert sample["transport"] == "websocket" and ISO_RE.match(sample["timestamp"]), sample
    polled = next(s for s in batch["samples"] if s["clientId"] == poller.client_id)
    assert polled["transport"] == "polling" and 0 <= polled["rttMs"] < 1000, polled
    # the admin's own client (admin sockets only) is hidden
    admin_client = admin.sio.eio.sid[:12]
    assert all(s["clientId"] != admin_client for b in batches for s in b[0]["samples"])


def test_server_stats_every_two_seconds_with_counters(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    start = time.monotonic()
    app = apps(admin_server)
    for n in range(3):
        assert app.call("echo", n) == n
    app.close()
    stats = wait_periodic_stats(admin, 3, after=start, timeout=3 * STATS_PERIOD + 1.0)
    gaps = [b[0] - a[0] for a, b in zip(stats, stats[1:])]
    assert all(STATS_PERIOD * 0.75 <= gap <= STATS_PERIOD * 1.25 for gap in gaps), gaps
    for _, body in stats:
        assert STATS_KEYS | {"x_throughput"} == set(body), sorted(body)
        for entry in body["aggregatedEvents"]:
            assert entry["type"] in AGGREGATED_TYPES, entry
            assert isinstance(entry["timestamp"], int) and entry["timestamp"] % 1000 == 0, entry
            assert isinstance(entry["count"], int) and entry["count"] > 0, entry
        throughput = body["x_throughput"]
        assert abs(throughput["intervalMs"] - 2000) <= 500, throughput
        names = [row["name"] for row in throughput["namespaces"]]
        assert names == [row["name"] for row in body["namespaces"]], throughput
        assert "/" in names and ADMIN_NSP in names
    totals = aggregated_totals([body for _, body in stats])
    assert totals.get(("rawConnection", None), 0) >= 1, totals
    assert totals.get(("rawDisconnection", "transport close"), 0) >= 1, totals
    for kind in ("packetsIn", "packetsOut", "bytesIn", "bytesOut"):
        assert totals.get((kind, None), 0) > 0, (kind, totals)
    assert totals[("bytesIn", None)] >= totals[("packetsIn", None)]
    root = [row for _, body in stats for row in body["x_throughput"]["namespaces"]
            if row["name"] == "/"]
    assert sum(r["packetsIn"] for r in root) >= 3 and sum(r["packetsOut"] for r in root) >= 3, root
    assert sum(r["bytesIn"] for r in root) > 0 and sum(r["bytesOut"] for r in root) > 0, root


# --- 4. commands on real clients ----------------------------------------------------------


def test_emit_official_without_ack(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    bystander = apps(admin_server, ["websocket"], "bystander")
    admin.send("emit", "/", app.sid, "hello", {"a": 1}, 2)
    got = app.events.wait_for("hello")
    assert got[0] == [{"a": 1}, 2], got
    assert bystander.call("echo", "sync") == "sync"
    assert not bystander.events.named("hello")


def test_emit_with_ack_replies_ok(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert admin.command("emit", "/", app.sid, "hello", "x") == {"ok": True}
    assert app.events.wait_for("hello")[0] == ["x"]
    admin.events.wait_for("event_sent", lambda a: a[1] == app.sid)
    # the admin's own traffic (commands, replies) is never reported as events
    assert not [(n, a) for _, n, a in admin.events.snapshot()
                if n in ("event_received", "event_sent") and a[0] == ADMIN_NSP]


def test_emit_to_admin_namespace(admin_server, admins):
    """Commands may target the admin namespace itself (spec §6)."""
    admin = watching(admins, admin_server)
    assert admin.command("emit", ADMIN_NSP, admin.sid, "note", "hi") == {"ok": True}
    assert admin.events.wait_for("note")[0] == ["hi"]


def test_join_official(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    other = apps(admin_server, ["websocket"], "other")
    admin.send("join", "/", "vip", app.sid)
    admin.events.wait_for("room_joined", lambda a: a[1:3] == ["vip", app.sid])
    other.emit("chat", {"room": "vip", "text": "to vip"})
    got = app.events.wait_for("chat")
    assert got[0][0]["text"] == "to vip", got
    assert not other.events.named("chat")  # `other` is not in vip


def test_leave_official(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    other = apps(admin_server, ["websocket"], "other")
    for client in (app, other):
        assert client.call("join", "vip2") is True
    assert admin.command("leave", "/", "vip2", app.sid) == {"ok": True}
    admin.events.wait_for("room_left", lambda a: a[1:3] == ["vip2", app.sid])
    other.emit("chat", {"room": "vip2", "text": "after leave"})
    other.events.wait_for("chat")
    assert app.call("echo", "sync") == "sync"
    time.sleep(0.1)
    assert not app.events.named("chat"), app.events.named("chat")


def test_leave_without_filter_clears_room(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    clients = [apps(admin_server, ["websocket"], f"c{i}") for i in range(2)]
    for client in clients:
        assert client.call("join", "clear-me") is True
    admin.send("leave", "/", "clear-me")
    for client in clients:
        admin.events.wait_for("room_left", lambda a, c=client: a[1:3] == ["clear-me", c.sid])


def test_disconnect_close_false_keeps_connection(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    # the client also holds an /admin socket on the same Engine.IO connection
    app = apps(admin_server, ["websocket"], namespaces=["/", ADMIN_NSP])
    sid, engine_sid = app.sid, app.engine_sid
    assert admin.command("_disconnect", "/", False, sid) == {"ok": True}
    gone = admin.events.wait_for("socket_disconnected", lambda a: a[1] == sid)
    assert gone[0][2] == "server namespace disconnect", gone
    app.events.wait_for("disconnect")
    admin_server.wait_for_socket_disconnect(sid, "server namespace disconnect")
    # the Engine.IO connection and the client's other namespace stay
    answer = app.sio.call("x_nothing", (), namespace=ADMIN_NSP, timeout=3)
    assert answer == {"ok": False, "error": "unknown command"}
    assert app.sio.connected and ADMIN_NSP in app.sio.namespaces
    assert not admin_server.close_lines(engine_sid), admin_server.lines_for(engine_sid)


def test_disconnect_close_true_closes_connection(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"], namespaces=["/", ADMIN_NSP])
    sid, engine_sid = app.sid, app.engine_sid
    assert admin.command("_disconnect", "/", True, sid) == {"ok": True}
    gone = admin.events.wait_for("socket_disconnected", lambda a: a[1] == sid)
    assert gone[0][2] == "server namespace disconnect", gone
    admin_server.wait_for_socket_disconnect(sid, "server namespace disconnect")
    admin_server.wait_for_close(engine_sid, "forced close")
    app.events.wait_for(ADMIN_NSP + " disconnect")  # the whole connection went


def test_disconnect_room_filter(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    inside = apps(admin_server, ["websocket"], "inside")
    outside = apps(admin_server, ["websocket"], "outside")
    inside_sid, outside_sid = inside.sid, outside.sid
    assert inside.call("join", "doomed") is True
    admin.send("_disconnect", "/", False, "doomed")
    gone = admin.events.wait_for("socket_disconnected", lambda a: a[1] == inside_sid)
    assert gone[0][2] == "server namespace disconnect"
    inside.events.wait_for("disconnect")
    assert outside.call("echo", "alive") == "alive"
    assert not [a for a in admin.events.named("socket_disconnected") if a[1] == outside_sid]


def test_x_emit_with_ack_collects_answers(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"],
               handlers={"ping": lambda payload: ("pong", {"n": payload["n"] + 1})})
    reply = admin.command("x_emit", "/", app.sid, {"ack": True, "timeoutMs": 3000}, "ping",
                          {"n": 1})
    assert reply == {"ok": True, "targets": 1,
                     "results": [{"id": app.sid, "args": ["pong", {"n": 2}]}]}, reply
    assert app.events.named("ping") == [[{"n": 1}]]


def test_x_emit_without_ack_broadcasts(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    clients = [apps(admin_server, ["websocket"], f"c{i}") for i in range(2)]
    for client in clients:
        assert client.call("join", "xe-room") is True
    assert admin.command("x_emit", "/", "xe-room", {"ack": False}, "news", 7) == {"ok": True}
    for client in clients:
        assert client.events.wait_for("news")[0] == [7]


def test_x_emit_target_disconnects(admin_server, admins):
    admin = watching(admins, admin_server)
    raw = RawSocketIO(admin_server.port, answer_pings=True)
    box: dict = {}
    try:
        sid = raw.connect("/")
        started = time.monotonic()
        asking = threading.Thread(target=lambda: box.setdefault("reply", admin.command(
            "x_emit", "/", sid, {"ack": True, "timeoutMs": 5000}, "ask")))
        asking.start()
        frame = raw.recv()
        assert isinstance(frame, str) and '["ask"]' in frame, frame
    finally:
        raw.close()
    asking.join(6)
    assert box.get("reply") == {"ok": True, "targets": 1,
                                "results": [{"id": sid, "error": "disconnected"}]}, box
    assert time.monotonic() - started < 4.0, "the answer waited for the timeout"


def test_x_emit_except(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    loud = apps(admin_server, ["websocket"], "loud")
    muted = apps(admin_server, ["websocket"], "muted")
    for client in (loud, muted):
        assert client.call("join", "ex-room") is True
    assert muted.call("join", "muted") is True
    reply = admin.command("x_emit", "/", "ex-room", {"ack": True, "except": ["muted"]}, "q")
    assert reply == {"ok": True, "targets": 1, "results": [{"id": loud.sid, "args": []}]}, reply
    assert muted.call("echo", "sync") == "sync"
    assert not muted.events.named("q")


def test_x_emit_timeout(admin_server, admins):
    admin = watching(admins, admin_server)
    raw = RawSocketIO(admin_server.port, answer_pings=True)  # never answers the event's ack
    try:
        sid = raw.connect("/")
        started = time.monotonic()
        reply = admin.command("x_emit", "/", sid, {"ack": True, "timeoutMs": 300}, "ask", 1)
        elapsed = time.monotonic() - started
        assert reply == {"ok": True, "targets": 1,
                         "results": [{"id": sid, "error": "timeout"}]}, reply
        assert 0.25 <= elapsed < 3.0, elapsed
        frame = raw.recv()
        assert isinstance(frame, str) and frame.startswith("42") and '["ask",1]' in frame, frame
        assert frame[2:frame.index("[")].isdigit(), f"the event carried no ack id: {frame}"
    finally:
        raw.close()


def test_x_move(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    clients = [apps(admin_server, ["websocket"], f"m{i}") for i in range(2)]
    for client in clients:
        assert client.call("join", "from-room") is True
    assert admin.command("x_move", "/", "from-room", "to-room", None) == {"ok": True, "count": 2}
    for client in clients:
        admin.events.wait_for("room_left", lambda a, c=client: a[1:3] == ["from-room", c.sid])
        rooms = [(n, a[1]) for n, a in stream_of(admin, client.sid)
                 if n in ("room_joined", "room_left") and a[1] in ("from-room", "to-room")]
        assert rooms[-2:] == [("room_joined", "to-room"), ("room_left", "from-room")], rooms
    clients[1].emit("chat", {"room": "to-room", "text": "moved"})
    assert clients[0].events.wait_for("chat")[0][0]["text"] == "moved"


def test_x_move_with_filter(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    moved = apps(admin_server, ["websocket"], "moved")
    stays = apps(admin_server, ["websocket"], "stays")
    for client in (moved, stays):
        assert client.call("join", "from-f") is True
    assert admin.command("x_move", "/", "from-f", "to-f", moved.sid) == {"ok": True, "count": 1}
    admin.events.wait_for("room_left", lambda a: a[1:3] == ["from-f", moved.sid])
    assert stays.call("echo", "sync") == "sync"
    time.sleep(0.1)
    changes = [(n, a[1]) for n, a in stream_of(admin, stays.sid)
               if n in ("room_joined", "room_left")]
    assert changes == [("room_joined", stays.sid), ("room_joined", "from-f")], changes


def test_x_kick_with_reason_and_notify(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"], handlers={"kicked": lambda *args: None})
    sid = app.sid
    reply = admin.command("x_kick", "/", sid, {"reason": "spamming", "notify": "kicked"})
    assert reply == {"ok": True, "count": 1}, reply
    kicked = admin.events.wait_for("x_kicked")
    body = kicked[0][0]
    assert {k: v for k, v in body.items() if k != "timestamp"} == {
        "nsp": "/", "ids": [sid], "reason": "spamming", "close": False, "by": None}, body
    assert ISO_RE.match(body["timestamp"]), body
    admin.events.wait_for("socket_disconnected", lambda a: a[1] == sid)
    assert (admin.events.position("x_kicked")
            < admin.events.position("socket_disconnected", lambda a: a[1] == sid)), \
        summarize(admin.events.snapshot())
    gone = admin.events.named("socket_disconnected")
    assert [g for g in gone if g[1] == sid][0][2] == "server namespace disconnect"
    app.events.wait_for("disconnect")
    names = app.events.names()
    assert names.index("kicked") < names.index("disconnect"), names
    assert app.events.named("kicked") == [[{"reason": "spamming"}]]
    texts = [m for m in admin.raw if isinstance(m, str)]
    kicked_at = next(i for i, m in enumerate(texts) if m.startswith('2/admin,["x_kicked"'))
    reply_at = next(i for i, m in enumerate(texts) if m.startswith("3/admin,"))
    assert kicked_at < reply_at, texts
    admin_server.wait_for_socket_disconnect(sid, "server namespace disconnect")


def test_x_kick_close_true_closes_connection(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"], namespaces=["/", ADMIN_NSP])
    sid, engine_sid = app.sid, app.engine_sid
    reply = admin.command("x_kick", "/", sid, {"reason": "bye", "close": True})
    assert reply == {"ok": True, "count": 1}, reply
    body = admin.events.wait_for("x_kicked")[0][0]
    assert body["ids"] == [sid] and body["close"] is True and body["reason"] == "bye", body
    admin_server.wait_for_socket_disconnect(sid, "server namespace disconnect")
    admin_server.wait_for_close(engine_sid, "forced close")


def test_x_kick_all(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    clients = [apps(admin_server, ["websocket"], f"k{i}") for i in range(2)]
    sids = {client.sid for client in clients}
    reply = admin.command("x_kick", "/", None, {"reason": "maintenance", "all": True})
    assert reply["ok"] is True and reply["count"] >= 2, reply
    body = admin.events.wait_for("x_kicked")[0][0]
    assert sids <= set(body["ids"]) and body["reason"] == "maintenance", body
    for sid in sids:
        admin_server.wait_for_socket_disconnect(sid, "server namespace disconnect")


def test_x_kick_without_filter_is_unsafe(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert admin.command("x_kick", "/", None, {"reason": "maintenance"}) == {
        "ok": False, "error": "unsafe"}
    assert app.call("echo", "still here") == "still here"
    assert not admin.events.named("x_kicked")


VALIDATION_CASES = [
    (("emit", "/nope", None, "hello"), "unknown namespace"),
    (("join", "/nope", "r", None), "unknown namespace"),
    (("x_emit", "/nope", None, {"ack": False}, "hello"), "unknown namespace"),
    (("emit", "/", None, "disconnect"), "invalid arguments"),
    (("emit", "/", None, "connect"), "invalid arguments"),
    (("x_emit", "/", None, {"ack": False}, "connect_error"), "invalid arguments"),
    (("x_kick", "/", "some-room", {"reason": "r", "notify": "disconnecting"}),
     "invalid arguments"),
    (("emit", "/", None, ""), "invalid arguments"),
    (("join", "/", 42, None), "invalid arguments"),
    (("_disconnect", "/", "yes", None), "invalid arguments"),
    (("emit", "/", 5, "hello"), "invalid arguments"),
    (("x_kick", "/", "some-room", "not-an-object"), "invalid arguments"),
    (("x_emit", "/", None, "not-an-object", "hello"), "invalid arguments"),
    (("x_emit", "/", None, {"ack": True, "timeoutMs": 0}, "hello"), "invalid arguments"),
    (("frobnicate", "/", 1), "unknown command"),
]


@pytest.mark.parametrize("command,error", VALIDATION_CASES,
                         ids=[f"{c[0]}-{e.replace(' ', '-')}-{i}"
                              for i, (c, e) in enumerate(VALIDATION_CASES)])
def test_command_validation(admin_server, admins, command, error):
    admin = watching(admins, admin_server)
    assert admin.command(*command) == {"ok": False, "error": error}


def test_x_move_private_room_refused(admin_server, admins, apps):
    admin = watching(admins, admin_server)
    app = apps(admin_server, ["websocket"])
    assert admin.command("x_move", "/", app.sid, "r", None) == {"ok": False,
                                                                "error": "private room"}
    assert admin.command("x_move", "/", "r", app.sid, None) == {"ok": False,
                                                                "error": "private room"}


def test_unknown_namespace_is_not_created(admin_server, admins):
    admin = watching(admins, admin_server)
    assert admin.command("join", "/ghost", "r") == {"ok": False, "error": "unknown namespace"}
    admin.send("emit", "/ghost2", None, "hello")
    later = watching(admins, admin_server)
    stats = later.events.wait_for("server_stats")[0][0]
    names = {row["name"] for row in stats["namespaces"]}
    assert not names & {"/ghost", "/ghost2"}, names


def test_refusals_and_unknown_commands_without_ack_are_silent(admin_server, admins):
    admin = watching(admins, admin_server)
    admin.send("frobnicate", 1)
    admin.send("emit", "/nope", None, "hello")
    admin.send("emit", "/", None, "disconnect")
    admin.send("x_kick", "/", None, {"reason": "r"})
    # a round trip after them: anything they caused has arrived by its reply
    assert admin.command("frobnicate") == {"ok": False, "error": "unknown command"}
    acks = [m for m in admin.raw if isinstance(m, str) and m.startswith("3/admin,")]
    assert len(acks) == 1, acks
    assert not admin.events.named("x_kicked")


# --- 5. readonly --------------------------------------------------------------------------


def test_readonly_refuses_every_command(admin_readonly_server, admins, apps):
    server = admin_readonly_server
    admin = watching(admins, server)
    app = apps(server, ["websocket"], handlers={"kicked": lambda *a: None,
                                                "ro-hello": lambda *a: "answer"})
    sid = app.sid
    assert app.call("join", "ro-room") is True
    admin.events.wait_for("room_joined", lambda a: a[1:3] == ["ro-room", sid])
    commands = [
        ("emit", "/", sid, "ro-hello", 1),
        ("join", "/", "ro-new", sid),
        ("leave", "/", "ro-room", sid),
        ("_disconnect", "/", True, sid),
        ("_disconnect", "/", False, sid),
        ("x_emit", "/", sid, {"ack": True, "timeoutMs": 500}, "ro-hello"),
        ("x_emit", "/", sid, {"ack": False}, "ro-hello"),
        ("x_move", "/", "ro-room", "ro-new", sid),
        ("x_kick", "/", sid, {"reason": "r", "notify": "kicked"}),
    ]
    for command in commands:
        assert admin.command(*command) == {"ok": False, "error": "readonly"}, command
    for command in commands[:5]:  # the official ones, as the UI sends them
        admin.send(*command)
    assert admin.command("frobnicate") == {"ok": False, "error": "unknown command"}
    time.sleep(0.2)
    assert app.call("echo", "alive") == "alive"
    assert app.sio.connected
    assert not app.events.named("ro-hello") and not app.events.named("kicked")
    assert not admin.events.named("x_kicked")
    changes = [(n, a[1]) for n, a in stream_of(admin, sid)
               if n in ("room_joined", "room_left", "socket_disconnected")]
    assert changes == [("room_joined", sid), ("room_joined", "ro-room")], changes
    app.emit("chat", {"room": "ro-room", "text": "still in"})
    assert app.events.wait_for("chat")[0][0]["text"] == "still in"


# --- 6. production mode -------------------------------------------------------------------


def test_production_streams_only_stats(admin_production_server, admins, apps):
    server = admin_production_server
    admin = watching(admins, server)
    start = time.monotonic()
    app = apps(server)
    assert app.call("join", "prod-room") is True
    assert app.call("echo", "x") == "x"
    app.emit("chat", {"text": "hi"})
    app.events.wait_for("chat")
    app.close()
    stats = wait_periodic_stats(admin, 1, after=start)
    if aggregated_totals([s for _, s in stats]).get(("rawConnection", None), 0) == 0:
        stats = wait_periodic_stats(admin, 2, after=start)
    names = set(admin.events.names())
    assert not names & (STREAM_EVENTS | {"all_sockets"}), summarize(admin.events.snapshot())
    totals = aggregated_totals([s for _, s in stats])
    assert totals.get(("rawConnection", None), 0) >= 1, totals
    assert "x_throughput" in stats[-1][1]


def test_production_commands_work(admin_production_server, admins, apps):
    admin = watching(admins, admin_production_server)
    app = apps(admin_production_server, ["websocket"], handlers={"q": lambda: "a"})
    assert admin.command("emit", "/", app.sid, "prod-hello", 1) == {"ok": True}
    assert app.events.wait_for("prod-hello")[0] == [1]
    reply = admin.command("x_emit", "/", app.sid, {"ack": True, "timeoutMs": 2000}, "q")
    assert reply == {"ok": True, "targets": 1, "results": [{"id": app.sid, "args": ["a"]}]}


# --- 7. idle cost -------------------------------------------------------------------------


def test_unwatched_server_flood_then_sane_stats(fresh_admin_server, admins, apps):
    server = fresh_admin_server
    app = apps(server, ["websocket"])
    total = 2000
    done = threading.Event()
    answers: list[int] = []
    lock = threading.Lock()

    def answered(*args):
        with lock:
            answers.append(args[0])
            if len(answers) == total:
                done.set()

    for n in range(total):
        app.sio.emit("echo", n, callback=answered)
    assert done.wait(10), f"only {len(answers)} of {total} echo acks"
    assert sorted(answers) == list(range(total))
    # let at least one unwatched stats tick pass: the flood's counters must not pile up
    time.sleep(STATS_PERIOD + 0.3)
    admin = watching(admins, server)
    first = admin.events.wait_for("server_stats")[0][0]
    assert first["aggregatedEvents"] == [] and first["clientsCount"] == 2, first
    assert first["namespaces"] == [{"name": "/", "socketsCount": 1},
                                   {"name": ADMIN_NSP, "socketsCount": 1}], first
    _, periodic = wait_periodic_stats(admin, 1)[0]
    assert periodic["x_throughput"]["intervalMs"] <= 2500, periodic["x_throughput"]
    totals = aggregated_totals([periodic])
    assert totals.get(("packetsIn", None), 0) < total, totals
    root = next(r for r in periodic["x_throughput"]["namespaces"] if r["name"] == "/")
    assert root["packetsIn"] < total, root
    assert app.call("echo", "after") == "after"
