"""The official Socket.IO JS client 4.8.1 against `sio-interop-server`.

`js/socketio_client.js` loads `.interop/socket.io.min.js` in Node 20 (browser shims in
`js/shims.js`: XMLHttpRequest on node:http for polling, FileReader; WebSocket is Node's own with
`--experimental-websocket`), runs one scenario by name and prints what it observed as one JSON
line; the assertions are here. Binary values come back as {"$binary": [...], "$type": name}.
The interop server's handlers are described in test_socketio_python_client.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sio_wire import SID_RE

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "js" / "socketio_client.js"
BUNDLE = Path(os.environ.get("SIO_CLIENT_JS", REPO / ".interop" / "socket.io.min.js"))
NODE = os.environ.get("NODE") or shutil.which("node")

# The script's own hard timeout; both stay under conftest's 15 s per-test deadline.
CLIENT_TIMEOUT_MS = 12_000
RUN_TIMEOUT = 13.5

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed (needed to run the JS client)"),
    pytest.mark.skipif(not BUNDLE.is_file(),
                       reason=f"{BUNDLE} missing: run Scripts/setup to fetch the Socket.IO JS client"),
]


def B(*values: int) -> dict:
    """A binary value as the JS client reports it (received binary is an ArrayBuffer)."""
    return {"$binary": list(values), "$type": "ArrayBuffer"}


# js/socketio_client.js nestedBinary(), as received back.
NESTED = [
    {"a": B(1, 2), "list": [B(3), "x", {"deep": B(4, 5), "n": 1}], "empty": B()},
    B(6, 7),
    "text",
    [B(*[255] * 300), {"k": [B(0)]}],
]

TRANSPORT_OPTIONS = {
    "websocket": {"transports": ["websocket"]},
    "polling": {"transports": ["polling"]},
    "upgrade": {"transports": ["polling", "websocket"], "waitUpgrade": True},
}


def run_scenario(scenario: str, server, options: dict | None = None) -> dict:
    """Run one scenario; return its JSON observations, failing the test with its trace."""
    env = dict(os.environ, SIO_CLIENT_JS=str(BUNDLE), SIO_CLIENT_TIMEOUT_MS=str(CLIENT_TIMEOUT_MS))
    args = [NODE, "--experimental-websocket", str(SCRIPT), scenario, server.url]
    if options:
        args.append(json.dumps(options))
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        pytest.fail(f"JS client ({scenario}) did not finish within {RUN_TIMEOUT}s\n"
                    f"stdout:\n{stdout}\nstderr:\n{stderr}")
    finally:
        if proc.poll() is None:  # e.g. the per-test deadline fired while waiting
            proc.kill()
            proc.wait()
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        pytest.fail(f"JS client ({scenario}) printed no JSON result (exit {proc.returncode})\n"
                    f"stdout:\n{stdout}\nstderr:\n{stderr}")
    result = json.loads(lines[-1])
    if proc.returncode != 0 or not result.get("ok"):
        trace = "\n".join(result.get("trace", [])) or stderr
        pytest.fail(f"JS client ({scenario}) failed (exit {proc.returncode}): "
                    f"{result.get('error')}\nwire trace:\n{trace}", pytrace=False)
    assert result["bundleVersion"] == "4.8.1"
    return result


# --- namespaces and auth ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(TRANSPORT_OPTIONS))
def test_js_client_connects_to_default_namespace_and_echoes(interop_server, mode):
    result = run_scenario("connect", interop_server, TRANSPORT_OPTIONS[mode])
    assert SID_RE.match(result["id"]), f"socket id {result['id']!r}"
    assert result["transport"] == ("polling" if mode == "polling" else "websocket")
    assert result["echo"] == [1, "2", {"3": [True]}], f"echo ack: {result['echo']!r}"
    assert any("socket connected" in line for line in interop_server.socket_lines(result["id"])), \
        f"no 'socket connected' log line for {result['id']}"


def test_js_client_auth_namespace_accepts_the_right_token(interop_server):
    result = run_scenario("auth-accepted", interop_server, {"transports": ["websocket"]})
    assert result["welcome"] == [[{"token": "secret", "user": "ann"}]], \
        f"`welcome` must carry the handshake auth: {result['welcome']!r}"
    assert result["echo"] == ["on auth", 2]


@pytest.mark.parametrize("mode", ["websocket", "polling"])
def test_js_client_auth_refused_gets_connect_error_with_data_and_does_not_retry(interop_server,
                                                                               mode):
    result = run_scenario("auth-refused", interop_server, TRANSPORT_OPTIONS[mode])
    assert result["connectErrors"] == [{"message": "not authorized",
                                        "data": {"reason": "bad token"}}], \
        f"connect_error must carry the middleware's message and data: {result['connectErrors']!r}"
    assert result["connects"] == 0 and result["connected"] is False
    assert result["active"] is False, "after a CONNECT_ERROR the client must not retry (§6.2)"


# --- acknowledgements -------------------------------------------------------------------------


def test_js_client_acks_from_server(interop_server):
    result = run_scenario("ack-client-to-server", interop_server, {"transports": ["websocket"]})
    assert result["emitWithAck"] == {"3": [True]}, "emitWithAck resolves with the first ack arg"
    assert result["withTimeout"] == "t"
    assert result["callbackArgs"] == [1, "2", {"3": [True]}, None], result["callbackArgs"]
    assert result["noArgs"] == [], "an ack of no args"


@pytest.mark.parametrize("mode", ["websocket", "polling"])
def test_js_client_answers_server_ack_request(interop_server, mode):
    result = run_scenario("ack-server-to-client", interop_server, TRANSPORT_OPTIONS[mode])
    assert result["questions"] == [{"q": "why"}]
    assert result["answer"] == [["got", {"q": "why"}, {"n": 1}]], \
        f"the server must receive the client's ack args: {result['answer']!r}"
    assert result["timeouts"] == []


# --- binary -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["websocket", "polling"])
def test_js_client_nested_binary_event_round_trip(interop_server, mode):
    result = run_scenario("binary-event", interop_server, TRANSPORT_OPTIONS[mode])
    assert result["echoBack"] == [NESTED], f"echo-back: {result['echoBack']!r}"


@pytest.mark.parametrize("mode", ["websocket", "polling"])
def test_js_client_nested_binary_ack_round_trip(interop_server, mode):
    result = run_scenario("binary-ack", interop_server, TRANSPORT_OPTIONS[mode])
    assert result["ackArgs"] == NESTED, f"binary ack: {result['ackArgs']!r}"


def test_js_client_binary_in_its_ack_reaches_the_server(interop_server):
    result = run_scenario("binary-client-ack", interop_server, {"transports": ["websocket"]})
    assert result["answer"] == [[{"bin": B(1, 2, 3), "more": [B(9)]}, B(10)]], result["answer"]


# --- rooms ------------------------------------------------------------------------------------


def test_js_broadcast_to_room_reaches_exactly_its_members(interop_server):
    result = run_scenario("rooms-broadcast", interop_server)
    assert result["receivers"] == {"A": [[1, "two"]], "B": [[1, "two"]]}, \
        f"A, B in the room, C not: {result['receivers']!r}"


def test_js_broadcast_with_except_skips_the_excluded_member(interop_server):
    result = run_scenario("rooms-broadcast-except", interop_server)
    assert result["receivers"] == {"A": [["x"]]}, f"except B: {result['receivers']!r}"


def test_js_broadcast_from_me_reaches_the_others_only(interop_server):
    result = run_scenario("rooms-broadcast-from-me", interop_server)
    assert result["receivers"] == {"B": [[{"from": "A"}]]}, \
        f"socket.broadcast from A: {result['receivers']!r}"


@pytest.mark.parametrize("close", [False, True], ids=["keep-connection", "close-connection"])
def test_js_disconnect_sockets_disconnects_exactly_the_room_members(interop_server, close):
    result = run_scenario("disconnect-sockets", interop_server, {"close": close})
    disconnects = result["disconnects"]
    assert disconnects == {"A": ["io server disconnect"], "B": ["io server disconnect"], "C": []}, \
        f"only A and B (in the room) are disconnected by the server: {disconnects!r}"
    assert result["cConnected"] is True
    for name in "AB":
        interop_server.wait_for_socket_disconnect(result["ids"][name], "server namespace disconnect")
    # C disconnects itself when the script ends; it must never be disconnected by the server.
    c_lines = interop_server.socket_disconnect_lines(result["ids"]["C"])
    assert not [line for line in c_lines if "server namespace disconnect" in line], c_lines


def test_js_kick_me_is_an_io_server_disconnect_without_reconnection(interop_server):
    result = run_scenario("kick-me", interop_server)
    assert result["disconnects"] == ["io server disconnect"], result["disconnects"]
    assert result["connects"] == 1 and result["active"] is False, \
        f"the client must not reconnect after a server disconnect: {result!r}"
    interop_server.wait_for_socket_disconnect(result["id"], "server namespace disconnect")


def test_js_fetch_sockets_returns_the_room_members(interop_server):
    result = run_scenario("fetch-sockets", interop_server)
    ids = result["ids"]
    assert result["fetched"] == sorted([ids["A"], ids["B"]]), result


# --- broadcast with acknowledgements ----------------------------------------------------------


def test_js_ack_from_all_gathers_three_responses(interop_server):
    result = run_scenario("ack-from-all", interop_server, {"timeout": 3000})
    assert result["result"] == {"responses": ["pong-A", "pong-B", "pong-C"], "timedOut": False}, \
        result["result"]
    assert result["elapsedMs"] < 2000, "must answer when the last ack arrives, not at the timeout"


def test_js_ack_from_all_times_out_with_partial_responses(interop_server):
    result = run_scenario("ack-from-all", interop_server, {"timeout": 500, "silent": ["C"]})
    assert result["result"] == {"responses": ["pong-A", "pong-B"], "timedOut": True}, \
        f"C never acks: timeout with A's and B's responses: {result['result']!r}"
    assert result["pings"] == {"A": 1, "B": 1, "C": 1}, result["pings"]
    assert 400 <= result["elapsedMs"] < 2000, result["elapsedMs"]


# --- transports -------------------------------------------------------------------------------


def test_js_polling_and_upgraded_clients_receive_the_same_broadcast(interop_server):
    result = run_scenario("polling-and-websocket", interop_server)
    expected = [["hello", {"bin": B(1, 2, 3), "n": [1, 2.5, None]}]]
    assert result["transports"] == {"P": "polling", "U": "websocket"}, result["transports"]
    assert result["polling"] == expected, f"polling client: {result['polling']!r}"
    assert result["upgraded"] == expected, f"upgraded client: {result['upgraded']!r}"


# --- connection state recovery ----------------------------------------------------------------


def test_js_client_recovers_its_session_and_missed_events(recovery_server):
    result = run_scenario("recovery", recovery_server)
    assert result["disconnects"] == ["transport close"], result["disconnects"]
    recovery_server.wait_for_socket_disconnect(result["idBefore"], "transport close")
    assert result["firstRecovered"][0][0] is False, result["firstRecovered"]
    assert result["recoveredFlag"] is True, "socket.recovered must be true after the reconnection"
    assert [args[0] for args in result["recoveredEvents"]] == [False, True], \
        f"`recovered` false on the first connection, true on the second: {result!r}"
    assert result["idAfter"] == result["idBefore"], "the recovered socket keeps its id"
    assert [args[0] for args in result["missed"]] == [1, 2], \
        f"both events broadcast while disconnected, in order: {result['missed']!r}"
