"""Live traffic for the demo: python-socketio clients against the demo server's handlers.

    .venv-interop/bin/python Scripts/demo_clients.py [--url http://127.0.0.1:3000] [--clients 8]

Client i connects polling-first and upgrades (i % 4 in 0, 1), WebSocket-only (2) or polling-only
(3). Each joins "lobby" and one other room (`join`, acknowledged), then every second or few:
emits `echo` with an ack, sends `chat` to one of its rooms, joins or leaves a room, and now and
then disconnects and comes back. A client whose connection drops (a server restart too) keeps
trying to connect again. Quiet: one line on start and stop. SIGINT or SIGTERM stops it cleanly.
"""

import argparse
import asyncio
import logging
import random
import signal
import sys

import aiohttp
import socketio

ROOMS = ["news", "ops", "random", "dev", "support"]
TRANSPORTS = [["polling", "websocket"], ["polling", "websocket"], ["websocket"], ["polling"]]
ACK_TIMEOUT = 5


class DemoClient:
    """One client: connects, keeps its rooms across reconnections, and acts at random."""

    def __init__(self, index, url, stop):
        self.name = f"demo-{index}"
        self.url = url
        self.stop = stop
        self.transports = TRANSPORTS[index % len(TRANSPORTS)]
        self.random = random.Random(index)
        self.rooms = {"lobby", self.random.choice(ROOMS)}
        self.needs_rooms = asyncio.Event()
        # Its own HTTP session (own cookies), which run() closes whatever became of the connection
        # attempts. Reconnection is run()'s too: python-socketio gives up after a server-side close
        # (a server shutting down), and the demo rides out restarts. SIGINT is main()'s.
        self.http = aiohttp.ClientSession()
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=self.http)
        # A new connection is a new server socket, with no rooms yet.
        self.sio.on("connect", self.needs_rooms.set)

    async def run(self):
        while not await self.pause(0.5, 3.0):
            if not self.sio.connected:
                if not await self.connect():
                    break
                continue
            try:
                await self.act()
            except (socketio.exceptions.SocketIOError, asyncio.TimeoutError):
                pass  # the connection dropped mid-action
        await self.sio.disconnect()
        await self.http.close()

    async def connect(self):
        """One connection attempt (a failure is retried after the next pause); False when the
        script stopped meanwhile."""
        connecting = asyncio.create_task(self.sio.connect(
            self.url, transports=self.transports, auth={"client": self.name}, wait_timeout=ACK_TIMEOUT))
        stopping = asyncio.create_task(self.stop.wait())
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not connecting.done():
            connecting.cancel()
        # ConnectionError while the server is down; ValueError while the last connection winds down.
        await asyncio.gather(connecting, return_exceptions=True)
        return not self.stop.is_set()

    async def pause(self, low, high):
        """Sleeps low..high seconds; True when the script stops meanwhile."""
        try:
            await asyncio.wait_for(self.stop.wait(), self.random.uniform(low, high))
            return True
        except asyncio.TimeoutError:
            return False

    async def act(self):
        """One action at random; the first after a new connection joins the client's rooms again."""
        if self.needs_rooms.is_set():
            self.needs_rooms.clear()
            for room in sorted(self.rooms):
                await self.sio.call("join", room, timeout=ACK_TIMEOUT)
            return
        roll = self.random.random()
        if roll < 0.40:
            await self.sio.call("echo", {"from": self.name, "at": round(asyncio.get_running_loop().time(), 3)},
                                timeout=ACK_TIMEOUT)
        elif roll < 0.70:
            room = self.random.choice(sorted(self.rooms))
            await self.sio.emit("chat", {"room": room, "text": f"{self.name} says hi to {room}"})
        elif roll < 0.82:
            room = self.random.choice(ROOMS)
            if await self.sio.call("join", room, timeout=ACK_TIMEOUT):
                self.rooms.add(room)
        elif roll < 0.94:
            leavable = sorted(self.rooms - {"lobby"})
            if leavable:
                room = self.random.choice(leavable)
                if await self.sio.call("leave", room, timeout=ACK_TIMEOUT):
                    self.rooms.discard(room)
        elif roll < 0.97:
            await self.sio.emit("chat", {"text": f"{self.name} says hi to everyone"})
        else:
            await self.sio.disconnect()  # run() connects again after its next pause


async def main():
    parser = argparse.ArgumentParser(description="Simulated Socket.IO clients for the demo server.")
    parser.add_argument("--url", default="http://127.0.0.1:3000", help="server URL (default %(default)s)")
    parser.add_argument("--clients", type=int, default=8, help="number of clients (default %(default)s)")
    args = parser.parse_args()
    # Engine.IO logs "packet queue is empty, aborting" as an error whenever the server goes away.
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)

    print(f"demo_clients: {args.clients} clients on {args.url}", file=sys.stderr, flush=True)
    clients = [DemoClient(index, args.url, stop) for index in range(args.clients)]
    await asyncio.gather(*(client.run() for client in clients))
    print("demo_clients: stopped", file=sys.stderr, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
