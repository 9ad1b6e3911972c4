"""Socket.IO v5 helpers for the interop tests: a raw WebSocket Socket.IO connection (byte-exact,
Engine.IO framing by hand) and a recording wrapper around python-socketio's `socketio.Client`."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
from typing import Any, Callable

import socketio
import websocket

import wire

HOST = wire.HOST
SIO_PATH = "/socket.io/"
SID_RE = re.compile(r"^[A-Za-z0-9_-]{20}$")
TIMEOUT = 5.0
# The conformance suite never answers pings; pingInterval + pingTimeout on the conformance server.
CONFORMANCE_BUDGET = 0.5


def sio_ws_url(port: int, path: str = SIO_PATH) -> str:
    return f"ws://{HOST}:{port}{path}?" + wire.eio_query(transport="websocket")


class ConnectionClosed(AssertionError):
    """The server closed the WebSocket while the test waited for a frame."""


class RawSocketIO:
    """One WebSocket-only Engine.IO session at /socket.io/, driven frame by frame.

    `recv()` returns the next Engine.IO packet as the server sent it (text with its `4` prefix,
    or bytes for a binary frame). Pings (`2`) are returned like any frame unless `answer_pings`
    is set, in which case they are answered with `3` and skipped.
    """

    def __init__(self, port: int, *, answer_pings: bool = False, rcvbuf: int | None = None,
                 timeout: float = TIMEOUT):
        sockopt = ((socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf),) if rcvbuf else ()
        self.answer_pings = answer_pings
        self.ws = websocket.create_connection(sio_ws_url(port), timeout=timeout, sockopt=sockopt)
        kind, first = wire.ws_next(self.ws, timeout)
        assert kind == "text", f"expected the Engine.IO open packet first, got {kind} {first!r}"
        self.opened_at = time.monotonic()
        self.handshake = wire.parse_open(first)
        self.engine_sid: str = self.handshake["sid"]
        self.received: list[str | bytes] = []  # every frame returned so far, for messages

    # --- sending --------------------------------------------------------------------------

    def send(self, text: str) -> None:
        """Send one Engine.IO text packet (give it with its `4` prefix: `42["a"]`)."""
        self.ws.send(text)

    def send_binary(self, data: bytes) -> None:
        self.ws.send_binary(data)

    # --- receiving ------------------------------------------------------------------------

    def recv(self, timeout: float = 2.0) -> str | bytes:
        """The next Engine.IO packet; raises ConnectionClosed if the server closes first."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no frame within {timeout}s; received so far: "
                                     f"{self.received!r}")
            try:
                kind, value = wire.ws_next(self.ws, remaining)
            except websocket.WebSocketTimeoutException:
                continue
            if kind in ("close", "eof"):
                raise ConnectionClosed(f"WebSocket closed ({kind} {value}) while waiting for a "
                                       f"frame; received so far: {self.received!r}")
            if value == "2" and self.answer_pings:
                self.ws.send("3")
                continue
            self.received.append(value)
            return value

    def expect(self, expected: str | bytes, timeout: float = 2.0, what: str = "") -> None:
        got = self.recv(timeout)
        assert got == expected, (f"{what or 'frame'}: expected {expected!r}, got {got!r} "
                                 f"({self.elapsed() * 1000:.0f} ms after the handshake)")

    def wait_closed(self, timeout: float = 2.0) -> tuple[str, int | None, list]:
        """Read until the server closes; return (kind, code, frames read meanwhile).
        Pings are answered when `answer_pings` is set (so a ping timeout cannot be the cause)."""
        deadline = time.monotonic() + timeout
        frames: list = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"the server did not close the WebSocket within {timeout}s; "
                                     f"frames meanwhile: {frames!r}")
            try:
                kind, value = wire.ws_next(self.ws, remaining)
            except websocket.WebSocketTimeoutException:
                continue
            if kind in ("close", "eof"):
                return kind, value, frames
            if value == "2" and self.answer_pings:
                self.ws.send("3")
                continue
            frames.append(value)

    # --- Socket.IO steps ------------------------------------------------------------------

    def connect(self, nsp: str = "/", auth: dict | None = None) -> str:
        """Send CONNECT for `nsp` and return the socket id of the `40…{"sid":…}` reply."""
        prefix = "" if nsp == "/" else nsp + ","
        self.send("40" + prefix + ("" if auth is None else json.dumps(auth, separators=(",", ":"))))
        reply = self.recv()
        assert isinstance(reply, str) and reply.startswith("40" + prefix + "{"), \
            f"expected a CONNECT reply for {nsp}, got {reply!r}"
        data = json.loads(reply[2 + len(prefix):])
        assert isinstance(data.get("sid"), str), f"CONNECT reply without sid: {reply!r}"
        return data["sid"]

    def elapsed(self) -> float:
        return time.monotonic() - self.opened_at

    def assert_within_budget(self, budget: float = CONFORMANCE_BUDGET) -> None:
        elapsed = self.elapsed()
        assert elapsed < budget, (f"scenario took {elapsed * 1000:.0f} ms after the handshake; "
                                  f"the conformance suite allows {budget * 1000:.0f} ms")

    def close(self) -> None:
        try:
            self.ws.close(timeout=0.5)
        except Exception:  # noqa: BLE001 - the server may have closed already
            pass


class PollingSocketIO:
    """A long-polling Engine.IO session at /socket.io/, driven request by request."""

    def __init__(self, port: int, timeout: float = TIMEOUT):
        self.port = port
        self.timeout = timeout
        status, body = self._request("GET", wire.eio_query())
        assert status == 200, (status, body)
        self.handshake = wire.parse_open(body.decode("utf-8"))
        self.engine_sid = self.handshake["sid"]

    def _request(self, method: str, query: str, body: bytes | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            headers = {"Content-Type": "text/plain;charset=UTF-8"} if body is not None else {}
            conn.request(method, f"{SIO_PATH}?{query}", body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def post(self, *packets: str) -> None:
        """POST Engine.IO packets (text, `b<base64>` for binary) joined with the separator."""
        status, body = self._request("POST", wire.eio_query(sid=self.engine_sid),
                                     wire.RS.join(packets).encode("utf-8"))
        assert status == 200, (status, body)

    def get(self) -> list[str]:
        """One GET; the payload split into its Engine.IO packets."""
        status, body = self._request("GET", wire.eio_query(sid=self.engine_sid))
        assert status == 200, (status, body)
        return body.decode("utf-8").split(wire.RS)

    def receive(self, count: int, timeout: float = 3.0) -> list[str]:
        """GET until `count` non-ping packets arrived (pings are answered); return them."""
        deadline = time.monotonic() + timeout
        packets: list[str] = []
        while len(packets) < count:
            assert time.monotonic() < deadline, f"only {packets!r} within {timeout}s"
            got = self.get()
            if "2" in got:
                self.post("3")
            packets += [p for p in got if p != "2"]
        return packets


# --- python-socketio client --------------------------------------------------------------


class EventLog:
    """Thread-safe record of (name, args) events with bounded waits."""

    def __init__(self):
        self._cond = threading.Condition()
        self.items: list[tuple[str, list]] = []

    def add(self, name: str, args: list) -> None:
        with self._cond:
            self.items.append((name, list(args)))
            self._cond.notify_all()

    def named(self, name: str) -> list[list]:
        with self._cond:
            return [args for n, args in self.items if n == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = TIMEOUT) -> list[list]:
        """Wait until `count` events called `name` arrived; return the args of all of them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [args for n, args in self.items if n == name]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} {name!r} event(s) within {timeout}s, "
                                         f"got {len(found)}; all events: {self.items!r}")
                self._cond.wait(remaining)


class SioClient:
    """A python-socketio `Client` (no reconnection) that records every event it gets.

    Events on `/` (and on the extra `namespaces`) are recorded in `events` by a catch-all
    handler; `disconnect` (with its reason) and `connect_error` (with its data) too. Handlers
    registered with `on()` before `connect()` take precedence over the catch-all.
    """

    def __init__(self, name: str = "client"):
        self.name = name
        self.sio = socketio.Client(reconnection=False)
        self.events = EventLog()
        self.namespaces = ["/"]

    def on(self, event: str, handler: Callable, namespace: str = "/") -> None:
        self.sio.on(event, handler, namespace=namespace)

    def connect(self, url: str, transports: list[str], namespaces: list[str] | None = None,
                auth: Any = None, wait_timeout: float = 5.0) -> "SioClient":
        self.namespaces = namespaces or ["/"]
        for nsp in self.namespaces:
            self._record(nsp)
        self.sio.connect(url, transports=transports, namespaces=self.namespaces, auth=auth,
                         wait_timeout=wait_timeout)
        return self

    def _record(self, nsp: str) -> None:
        prefix = "" if nsp == "/" else nsp + " "

        def any_event(event, *args):
            self.events.add(prefix + event, list(args))

        def disconnect(*reason):
            self.events.add(prefix + "disconnect", list(reason))

        def connect_error(*data):
            self.events.add(prefix + "connect_error", list(data))

        self.sio.on("*", any_event, namespace=nsp)
        self.sio.on("disconnect", disconnect, namespace=nsp)
        self.sio.on("connect_error", connect_error, namespace=nsp)

    def sid(self, namespace: str = "/") -> str:
        sid = self.sio.get_sid(namespace)
        assert sid, f"{self.name}: no socket id for {namespace}"
        return sid

    def transport(self) -> str:
        return self.sio.transport()

    def emit(self, event: str, *args, namespace: str = "/") -> None:
        self.sio.emit(event, tuple(args), namespace=namespace)

    def ack(self, event: str, *args, namespace: str = "/", timeout: float = TIMEOUT) -> list:
        """Emit asking for an ack; return the ack's arguments as a list."""
        done = threading.Event()
        box: list[list] = []

        def callback(*answer):
            box.append(list(answer))
            done.set()

        self.sio.emit(event, tuple(args), namespace=namespace, callback=callback)
        if not done.wait(timeout):
            raise AssertionError(f"{self.name}: no ack for {event!r} {args!r} within {timeout}s")
        return box[0]

    def echo_ok(self, marker: str = "still alive", timeout: float = 3.0) -> bool:
        """The `echo` round trip works (interop server)."""
        return self.ack("echo", marker, timeout=timeout) == [marker]

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001
            pass
        try:
            self.sio.shutdown()
        except Exception:  # noqa: BLE001 - older clients have no shutdown()
            pass

