"""python-socketio's own AsyncServer (aiohttp) with its Admin UI instrumentation
(`instrument(auth=False)`, namespace /admin, development mode): a "foreign" server that speaks
only the official admin protocol, for sio-console's fallback tests (test_console.py).

    python_admin_server.py [--host 127.0.0.1] [--port 0]

Prints `listening <port>` once bound (port 0 picks a free one), then `connect / <sid>` and
`disconnect / <sid> <reason>` per socket, each line flushed. On `/`: `echo` acknowledges with its
arguments, `join(room)` enters the room and acknowledges true.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

import socketio
from aiohttp import web


def log(line: str) -> None:
    print(line, flush=True)


async def serve(args: argparse.Namespace) -> None:
    sio = socketio.AsyncServer(async_mode="aiohttp", ping_interval=2, ping_timeout=5)
    app = web.Application()
    sio.attach(app)

    @sio.on("connect")
    async def connect(sid, environ, auth=None):
        log(f"connect / {sid}")

    @sio.on("disconnect")
    async def disconnect(sid, reason=None):
        log(f"disconnect / {sid} {reason}")

    @sio.on("echo")
    async def echo(sid, *data):
        return tuple(data)

    @sio.on("join")
    async def join(sid, room):
        await sio.enter_room(sid, room)
        return True

    sio.instrument(auth=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    await web.SockSite(runner, listener).start()
    log(f"listening {listener.getsockname()[1]}")
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
