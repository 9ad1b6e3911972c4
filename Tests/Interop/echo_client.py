"""python-engineio clients for the echo server."""

from __future__ import annotations

import queue

import engineio
from engineio import packet

ECHO_TIMEOUT = 3.0


class EchoClient(engineio.Client):
    """An `engineio.Client` that queues every message it receives."""

    def __init__(self) -> None:
        super().__init__(handle_sigint=False, request_timeout=5)
        self.inbox: queue.Queue = queue.Queue()
        self.on("message", self.inbox.put)

    def echo(self, data: str | bytes, timeout: float = ECHO_TIMEOUT) -> str | bytes:
        """Send `data` and return the next message the server sends back."""
        self.send(data)
        return self.inbox.get(timeout=timeout)

    def assert_echoes(self, data: str = "still here") -> None:
        assert self.state == "connected", "client is no longer connected"
        assert self.echo(data) == data

    def close(self) -> None:
        if self.state == "connected":
            self.disconnect()


class SilentClient(EchoClient):
    """A client that never answers the server's pings (no pongs)."""

    def _receive_packet(self, pkt: packet.Packet) -> None:
        if pkt.packet_type == packet.PING:
            return
        super()._receive_packet(pkt)
