"""Helpers for test_admin.py: python-socketio clients that keep the wire order of what they
receive (admin and application side), and a hand-driven polling client that upgrades later."""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any, Callable

import engineio
import socketio
import websocket

import wire
from sio_wire import PollingSocketIO

ADMIN_NSP = "/admin"
TIMEOUT = 5.0
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SESSION_RE = re.compile(r"^[0-9a-f]{16}$")

OFFICIAL_COMMAND_FLAGS = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"]
STREAM_EVENTS = {"socket_connected", "socket_updated", "socket_disconnected", "room_joined",
                 "room_left", "event_received", "event_sent", "x_upgrade", "x_latency"}


def features(*, readonly: bool = False, development: bool = True) -> list[str]:
    """`config.supportedFeatures` as SocketIOAdmin builds them (AdminInstrument.config): the
    official flags (spec §1.3), then the implemented extensions in the order of spec §9.2."""
    flags = [] if readonly else list(OFFICIAL_COMMAND_FLAGS)
    flags.append("AGGREGATED_EVENTS")
    if development:
        flags.append("ALL_EVENTS")
    flags += ["X_COMMAND_ACK", "X_THROUGHPUT"]
    if development:
        flags += ["X_LATENCY", "X_UPGRADES"]
    if not readonly:
        flags += ["X_EMIT", "X_MOVE", "X_KICK"]
    flags.append("X_ADMIN_HIDDEN")
    return flags


# --- clients that keep the wire order ------------------------------------------------------


class _OrderedEngineIOClient(engineio.Client):
    """python-engineio runs each `message` handler on its own thread, which loses the order of
    packets; here they run on the reader thread, in wire order. Every message is also kept raw
    in `raw_log` (a list), when set: Socket.IO packets as text, the Engine.IO `4` removed."""

    raw_log: list | None = None

    def _trigger_event(self, event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
            if self.raw_log is not None and args:
                self.raw_log.append(args[0])
        return super()._trigger_event(event, *args, **kwargs)

    def disconnect(self, abort=False, reason=None):
        # python-socketio disconnects the engine from the message handler when the server ends
        # the last namespace; on the reader thread itself that join would fail
        if threading.current_thread() is self.read_loop_task:
            abort = True
        return super().disconnect(abort=abort, reason=reason)


class OrderedClient(socketio.Client):
    """socketio.Client whose handlers run in wire order (keep handlers short, never block)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("reconnection", False)
        super().__init__(**kwargs)
        self.raw: list[str | bytes] = []
        self.eio.raw_log = self.raw

    def _engineio_client_class(self):
        return _OrderedEngineIOClient


class Recorder:
    """Thread-safe ordered record of (monotonic time, name, args)."""

    def __init__(self):
        self._cond = threading.Condition()
        self.items: list[tuple[float, str, list]] = []

    def add(self, name: str, args) -> None:
        with self._cond:
            self.items.append((time.monotonic(), name, list(args)))
            self._cond.notify_all()

    def names(self) -> list[str]:
        with self._cond:
            return [name for _, name, _ in self.items]

    def named(self, name: str) -> list[list]:
        with self._cond:
            return [args for _, n, args in self.items if n == name]

    def snapshot(self) -> list[tuple[float, str, list]]:
        with self._cond:
            return list(self.items)

    def wait_for(self, name: str, where: Callable[[list], bool] | None = None, count: int = 1,
                 timeout: float = TIMEOUT) -> list[list]:
        """Wait until `count` events `name` (matching `where`) were recorded; return their args."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [args for _, n, args in self.items
                         if n == name and (where is None or where(args))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} {name!r} event(s) (matching) within {timeout}s, got "
                        f"{len(found)}; recorded: {summarize(self.items)}")
                self._cond.wait(remaining)

    def wait_timed(self, name: str, where: Callable[[list], bool] | None = None, count: int = 1,
                   timeout: float = TIMEOUT) -> list[tuple[float, list]]:
        """Like wait_for, with each event's receive time."""
        self.wait_for(name, where, count, timeout)
        with self._cond:
            return [(t, args) for t, n, args in self.items
                    if n == name and (where is None or where(args))]

    def position(self, name: str, where: Callable[[list], bool] | None = None) -> int:
        """Index of the first matching event in the record (AssertionError when absent)."""
        with self._cond:
            for index, (_, n, args) in enumerate(self.items):
                if n == name and (where is None or where(args)):
                    return index
        raise AssertionError(f"no {name!r} event (matching) in {summarize(self.items)}")


def summarize(items, limit: int = 40, width: int = 300) -> str:
    """A readable excerpt of recorded events for assertion messages."""
    rows = []
    for _, name, args in items[-limit:]:
        text = json.dumps(args, default=str)
        rows.append(f"{name} {text[:width]}{'…' if len(text) > width else ''}")
    return "\n  " + "\n  ".join(rows) if rows else "(nothing)"


class AdminClient:
    """A python-socketio client of the admin namespace that records everything in wire order:
    the pseudo-events `CONNECT`, `connect_error`, `disconnect`, and every event by name."""

    def __init__(self, name: str = "admin"):
        self.name = name
        self.sio = OrderedClient()
        self.events = Recorder()
        self.sio.on("connect", lambda: self.events.add("CONNECT", []), namespace=ADMIN_NSP)
        self.sio.on("connect_error", lambda *data: self.events.add("connect_error", data),
                    namespace=ADMIN_NSP)
        self.sio.on("disconnect", lambda *reason: self.events.add("disconnect", reason),
                    namespace=ADMIN_NSP)
        self.sio.on("*", lambda event, *args: self.events.add(event, args), namespace=ADMIN_NSP)

    def connect(self, url: str, auth: Any = None, transports: list[str] | None = None,
                wait_timeout: float = TIMEOUT) -> "AdminClient":
        self.sio.connect(url, namespaces=[ADMIN_NSP], auth=auth,
                         transports=transports or ["websocket"], wait_timeout=wait_timeout)
        return self

    def try_connect(self, url: str, auth: Any = None) -> Exception | None:
        """Connect; return the exception instead of raising when the server refuses."""
        try:
            self.connect(url, auth)
        except socketio.exceptions.ConnectionError as exc:
            return exc
        return None

    @property
    def sid(self) -> str:
        return self.sio.get_sid(ADMIN_NSP)

    @property
    def raw(self) -> list[str | bytes]:
        return self.sio.raw

    def wait_ready(self, timeout: float = TIMEOUT) -> None:
        """Wait for the initial `server_stats` (the last message of the connect sequence)."""
        self.events.wait_for("server_stats", timeout=timeout)

    def command(self, name: str, *args, timeout: float = TIMEOUT):
        """Send a command with an ack; return the ack's (single) argument."""
        return self.sio.call(name, tuple(args), namespace=ADMIN_NSP, timeout=timeout)

    def send(self, name: str, *args) -> None:
        """Send a command without an ack (as the official UI does)."""
        self.sio.emit(name, tuple(args), namespace=ADMIN_NSP)

    def config(self) -> dict:
        return self.events.wait_for("config")[0][0]

    def close(self) -> None:
        _close(self.sio)


class AppClient:
    """An application client of `/` (or more namespaces) recording what it receives in order.
    Handlers given in `handlers` (name → function) answer events (their return value is the ack)."""

    def __init__(self, name: str = "app", handlers: dict[str, Callable] | None = None):
        self.name = name
        self.sio = OrderedClient()
        self.events = Recorder()
        self.namespaces = ["/"]
        for event, handler in (handlers or {}).items():
            self.sio.on(event, self._recording(event, handler))

    def _recording(self, event: str, handler: Callable) -> Callable:
        def run(*args):
            self.events.add(event, args)
            return handler(*args)
        return run

    def connect(self, url: str, transports: list[str] | None = None, auth: Any = None,
                namespaces: list[str] | None = None) -> "AppClient":
        self.namespaces = namespaces or ["/"]
        for nsp in self.namespaces:
            prefix = "" if nsp == "/" else nsp + " "
            self.sio.on("*", lambda event, *args, p=prefix: self.events.add(p + event, args),
                        namespace=nsp)
            self.sio.on("disconnect", lambda *r, p=prefix: self.events.add(p + "disconnect", r),
                        namespace=nsp)
        self.sio.connect(url, transports=transports, namespaces=self.namespaces, auth=auth,
                         wait_timeout=TIMEOUT)
        return self

    @property
    def sid(self) -> str:
        sid = self.sio.get_sid("/")
        assert sid, f"{self.name}: not connected to /"
        return sid

    @property
    def engine_sid(self) -> str:
        return self.sio.eio.sid

    @property
    def client_id(self) -> str:
        """What the admin protocol calls clientId: the first 12 chars of the Engine.IO sid."""
        return self.engine_sid[:12]

    def call(self, event: str, *args, timeout: float = TIMEOUT):
        return self.sio.call(event, tuple(args), timeout=timeout)

    def emit(self, event: str, *args) -> None:
        self.sio.emit(event, tuple(args))

    def close(self) -> None:
        _close(self.sio)


def _close(sio: socketio.Client) -> None:
    try:
        sio.disconnect()
    except Exception:  # noqa: BLE001
        pass
    try:
        sio.shutdown()
    except Exception:  # noqa: BLE001
        pass


# --- a polling client that joins `/` first and upgrades when told ---------------------------


class LateUpgradeClient:
    """Engine.IO by hand at /socket.io/: polling handshake, CONNECT to `nsp`, and only then (on
    `upgrade()`) the WebSocket upgrade, so the upgrade happens to a connected namespace socket,
    as with socket.io-client (python-engineio upgrades before the namespace CONNECT goes out)."""

    def __init__(self, port: int, nsp: str = "/"):
        self.port = port
        self.nsp = nsp
        self.prefix = "" if nsp == "/" else nsp + ","
        self.polling = PollingSocketIO(port)
        self.engine_sid: str = self.polling.engine_sid
        self.polling.post("40" + self.prefix)
        connect = "40" + self.prefix + "{"
        packets = self.polling.receive(1)
        assert packets[0].startswith(connect), packets
        self.sid: str = json.loads(packets[0][len(connect) - 1:])["sid"]
        self.ws: websocket.WebSocket | None = None

    @property
    def client_id(self) -> str:
        return self.engine_sid[:12]

    def upgrade(self) -> None:
        """The Engine.IO upgrade (probe, held GET answered with noop, `5`)."""
        held = wire.background(self.polling.get)
        time.sleep(0.05)
        url = (f"ws://{wire.HOST}:{self.port}/socket.io/?"
               + wire.eio_query(sid=self.engine_sid, transport="websocket"))
        self.ws = websocket.create_connection(url, timeout=TIMEOUT)
        self.ws.send("2probe")
        assert wire.ws_next(self.ws) == ("text", "3probe")
        got = held.result(timeout=3.0)
        for _ in range(3):  # a GET may first drain packets queued before the probe
            if "6" in got:
                break
            got = self.polling.get()
        assert "6" in got, f"polling was not closed with a noop: {got!r}"
        self.ws.send("5")

    def close(self) -> None:
        try:
            if self.ws is not None:
                self.ws.send("41" + self.prefix)
                self.ws.close()
            else:
                self.polling.post("41" + self.prefix, "1")
        except Exception:  # noqa: BLE001
            pass
