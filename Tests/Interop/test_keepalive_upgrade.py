"""The WebSocket upgrade sent on a connection that already carried polling requests (HTTP
keep-alive), as python-socketio's asyncio client (aiohttp) does, and as any client with a
connection pool may."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket

import socketio

from server_process import HOST


def _read_response(sock: socket.socket) -> tuple[str, bytes]:
    """One HTTP response head and its Content-Length body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, "connection closed before a response"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        rest += sock.recv(4096)
    return head.decode("latin-1"), rest[:length]


def test_upgrade_on_a_reused_polling_connection(server):
    with socket.create_connection((HOST, server.port), timeout=5) as sock:
        sock.sendall(f"GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        head, body = _read_response(sock)
        assert head.startswith("HTTP/1.1 200")
        sid = json.loads(body.decode()[1:])["sid"]
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET /engine.io/?EIO=4&transport=websocket&sid={sid} HTTP/1.1\r\nHost: {HOST}\r\n"
                      f"Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Key: {key}\r\n\r\n").encode())
        head, _ = _read_response(sock)
        assert head.startswith("HTTP/1.1 101"), head


def test_python_asyncio_client_upgrades_to_websocket(interop_server):
    async def scenario() -> str:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(interop_server.url)
        try:
            for _ in range(50):
                if client.transport() == "websocket":
                    break
                await asyncio.sleep(0.1)
            return client.transport()
        finally:
            await client.disconnect()

    assert asyncio.run(scenario()) == "websocket"
