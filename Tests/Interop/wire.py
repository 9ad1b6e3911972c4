"""Raw Engine.IO v4 wire helpers: polling requests, payloads, WebSocket frames, error table."""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

import websocket
from websocket import ABNF

HOST = "127.0.0.1"
PATH = "/engine.io/"
RS = "\x1e"
TIMEOUT = 5.0
SID_RE = re.compile(r"^[A-Za-z0-9_-]{20}$")
OPEN_KEYS = {"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"}
PAYLOAD_CONTENT_TYPE = "text/plain; charset=UTF-8"
SMALL_BUFFER = 1000  # maxHttpBufferSize of the `small_server` fixture

# Spec §9.2: code -> (polling HTTP status, exact message)
ERRORS = {
    0: (400, "Transport unknown"),
    1: (400, "Session ID unknown"),
    2: (400, "Bad handshake method"),
    3: (400, "Bad request"),
    4: (403, "Forbidden"),
    5: (400, "Unsupported protocol version"),
}

_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="wire")


def background(fn, *args, **kwargs) -> Future:
    """Run `fn` on a worker thread (for requests that the server is expected to hold)."""
    return _pool.submit(fn, *args, **kwargs)


def eio_query(sid: str | None = None, transport: str = "polling", **extra: str) -> str:
    """The standard v4 query string, optionally with a sid and extra parameters."""
    params = {"EIO": "4", "transport": transport}
    if sid is not None:
        params["sid"] = sid
    params.update(extra)
    return urlencode(params)


# --- HTTP ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def __repr__(self) -> str:
        return f"Response({self.status}, {dict(self.headers)!r}, {self.body[:200]!r})"


def request(port: int, method: str = "GET", query: str | None = None,
            body: bytes | str | None = None, headers: dict[str, str] | None = None,
            timeout: float = TIMEOUT) -> Response:
    """One HTTP/1.1 request on a fresh connection to the Engine.IO path."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    target = PATH + "?" + (eio_query() if query is None else query)
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def request_or_drop(*args, **kwargs) -> Response | None:
    """Like `request`, but a connection the server drops yields None instead of raising."""
    try:
        return request(*args, **kwargs)
    except (ConnectionError, http.client.HTTPException):
        return None


def open_raw_request(port: int, method: str, query: str, content_length: int | None = None,
                     partial_body: bytes = b"") -> socket.socket:
    """Send a request head (and maybe part of a body) on a raw socket and leave it open."""
    head = [f"{method} {PATH}?{query} HTTP/1.1", f"Host: {HOST}:{port}"]
    if content_length is not None:
        head += ["Content-Type: text/plain;charset=UTF-8", f"Content-Length: {content_length}"]
    sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii") + partial_body)
    return sock


def assert_error(resp: Response | None, code: int) -> None:
    """The response is the polling error of `code` (spec §9.2): status, JSON type and body."""
    status, message = ERRORS[code]
    assert resp is not None, f"expected error code {code}, connection was dropped"
    assert resp.status == status, resp
    assert resp.header("Content-Type") == "application/json", resp
    assert json.loads(resp.body) == {"code": code, "message": message}, resp


def assert_payload(resp: Response, expected: str) -> None:
    """The response is a 200 polling payload with exactly `expected` as its body."""
    assert resp.status == 200, resp
    assert resp.header("Content-Type") == PAYLOAD_CONTENT_TYPE, resp
    assert resp.text == expected, resp


def parse_open(text: str) -> dict:
    """Decode an open packet (`0{...}`) into its JSON object."""
    assert text.startswith("0"), f"not an open packet: {text!r}"
    return json.loads(text[1:])


def assert_open(data: dict, upgrades: list[str], max_payload: int = 1_000_000) -> None:
    """The open packet has exactly the five keys with the conformance server's values."""
    assert set(data) == OPEN_KEYS, data
    assert SID_RE.match(data["sid"]), data
    assert data["upgrades"] == upgrades, data
    assert data["pingInterval"] == 300, data
    assert data["pingTimeout"] == 200, data
    assert data["maxPayload"] == max_payload, data


class PollingSession:
    """A long-polling session driven by hand."""

    def __init__(self, port: int, sid: str, handshake: dict):
        self.port = port
        self.sid = sid
        self.handshake = handshake

    @classmethod
    def open(cls, port: int, **extra: str) -> "PollingSession":
        resp = request(port, query=eio_query(**extra))
        assert resp.status == 200, resp
        data = parse_open(resp.text)
        return cls(port, data["sid"], data)

    @property
    def query(self) -> str:
        return eio_query(sid=self.sid)

    def get(self, timeout: float = TIMEOUT) -> Response:
        return request(self.port, "GET", self.query, timeout=timeout)

    def get_async(self, timeout: float = TIMEOUT) -> Future:
        """Start a GET on a worker thread; give the server a moment to hold it."""
        future = background(self.get, timeout)
        time.sleep(0.05)
        return future

    def post(self, body: bytes | str, content_type: str = "text/plain;charset=UTF-8",
             timeout: float = TIMEOUT) -> Response:
        return request(self.port, "POST", self.query, body=body,
                       headers={"Content-Type": content_type}, timeout=timeout)

    def post_or_drop(self, body: bytes | str) -> Response | None:
        """POST that tolerates the server dropping the connection (returns None then)."""
        return request_or_drop(self.port, "POST", self.query, body=body,
                               headers={"Content-Type": "text/plain;charset=UTF-8"})

    def receive(self, timeout: float = 3.0) -> list[str]:
        """GET until a response carries non-ping packets (pings are answered); return those."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            resp = self.get()
            assert resp.status == 200, resp
            packets = resp.text.split(RS)
            for _ in range(packets.count("2")):
                assert self.post("3").status == 200
            rest = [p for p in packets if p != "2"]
            if rest:
                return rest
        raise AssertionError(f"no packet for sid {self.sid} within {timeout}s")

    def assert_gone(self) -> None:
        """A request with this sid is refused with code 1."""
        assert_error(self.get(), 1)


# --- WebSocket -----------------------------------------------------------------------------


def ws_url(port: int, query: str | None = None, sid: str | None = None) -> str:
    return f"ws://{HOST}:{port}{PATH}?" + (query or eio_query(sid=sid, transport="websocket"))


def ws_connect(port: int, query: str | None = None, sid: str | None = None,
               timeout: float = TIMEOUT) -> websocket.WebSocket:
    """Open a WebSocket (the handshake must succeed)."""
    return websocket.create_connection(ws_url(port, query, sid), timeout=timeout)


def ws_handshake_status(port: int, query: str | None = None, sid: str | None = None,
                        timeout: float = 2.0) -> int | str:
    """Try a WebSocket handshake that the server should refuse.

    Returns the HTTP status when refused before the 101, "closed" when the socket is closed
    right after the 101, or "open" when it stays usable.
    """
    try:
        ws = websocket.create_connection(ws_url(port, query, sid), timeout=timeout)
    except websocket.WebSocketBadStatusException as exc:
        return exc.status_code
    except (ConnectionError, websocket.WebSocketConnectionClosedException):
        return "closed"
    try:
        while True:
            kind, _ = ws_next(ws, timeout)
            if kind in ("close", "eof"):
                return "closed"
    except websocket.WebSocketTimeoutException:
        return "open"
    finally:
        ws.close()


def ws_send_bytes_as_text(ws: websocket.WebSocket, data: bytes) -> None:
    """Send raw bytes in a text frame (lets a test send invalid UTF-8)."""
    ws.send_frame(ABNF.create_frame(data, ABNF.OPCODE_TEXT))


def ws_next(ws: websocket.WebSocket, timeout: float = TIMEOUT) -> tuple[str, object]:
    """Next event: ("text", str), ("binary", bytes), ("close", code or None) or ("eof", None).

    WebSocket-level pings are answered; Engine.IO packets are returned as they come.
    """
    ws.settimeout(timeout)
    while True:
        try:
            frame = ws.recv_frame()
        except (websocket.WebSocketConnectionClosedException, ConnectionError, EOFError):
            return "eof", None
        if frame.opcode == ABNF.OPCODE_TEXT:
            return "text", frame.data.decode("utf-8")
        if frame.opcode == ABNF.OPCODE_BINARY:
            return "binary", bytes(frame.data)
        if frame.opcode == ABNF.OPCODE_CLOSE:
            data = bytes(frame.data)
            return "close", int.from_bytes(data[:2], "big") if len(data) >= 2 else None
        if frame.opcode == ABNF.OPCODE_PING:
            ws.pong(frame.data)


def ws_receive(ws: websocket.WebSocket, timeout: float = TIMEOUT) -> str | bytes:
    """Next Engine.IO packet other than a ping (pings are answered with `3`)."""
    deadline = time.monotonic() + timeout
    while True:
        kind, value = ws_next(ws, max(0.01, deadline - time.monotonic()))
        if kind in ("close", "eof"):
            raise AssertionError(f"WebSocket closed ({kind} {value}) while waiting for a packet")
        if value == "2":
            ws.send("3")
            continue
        return value


def ws_wait_closed(ws: websocket.WebSocket, timeout: float = 2.0) -> tuple[str, int | None]:
    """Skip packets until the server closes; return ("close", code) or ("eof", None)."""
    deadline = time.monotonic() + timeout
    while True:
        kind, value = ws_next(ws, max(0.01, deadline - time.monotonic()))
        if kind in ("close", "eof"):
            return kind, value


def ws_open_session(port: int) -> tuple[websocket.WebSocket, dict]:
    """WebSocket-only handshake; returns the socket and the decoded open packet."""
    ws = ws_connect(port)
    kind, first = ws_next(ws)
    assert kind == "text", (kind, first)
    return ws, parse_open(first)


def upgrade_by_hand(port: int) -> tuple[PollingSession, websocket.WebSocket]:
    """Polling handshake, then the full upgrade (spec §6) with a held GET; returns both ends."""
    session = PollingSession.open(port)
    held = session.get_async()
    ws = ws_connect(port, sid=session.sid)
    ws.send("2probe")
    assert ws_next(ws) == ("text", "3probe")
    assert_payload(held.result(timeout=2.0), "6")
    ws.send("5")
    return session, ws
