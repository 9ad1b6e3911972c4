"""A python-socketio AsyncServer (aiohttp) that the Swift client's tests run against.

Started by Tests/SocketIOClientTests (PythonServer.swift) with .venv-interop/bin/python:

    python_sio_server.py [--host 127.0.0.1] [--port 0] [--record FILE]
                         [--ping-interval SECONDS] [--ping-timeout SECONDS]

Prints `listening <port>` once bound (port 0 picks a free one), then `connect <nsp> <sid>` and
`disconnect <nsp> <sid> <reason>` per socket, each line flushed.

HTTP middleware (aiohttp, runs before Engine.IO sees the request): a request whose query has
`apikey` set to anything but `letmein` is refused with 403 and `{"message": "invalid api key"}`.

Namespace `/` accepts everyone; namespace `/private` accepts only the auth `{"token": "secret"}`,
otherwise its connect handler refuses with message `invalid token`, data `{"reason": "bad token"}`.

Events (on `/`; `echo` and `whoami` on `/private` too):
    echo(*args)          ack with the same arguments (binary included)
    emit-back(*args)     emits `echo-back` with the same arguments
    ask(question)        calls the client: emits `question` with an ack, then emits `answer`
                         with the client's reply (or `answer-timeout` after 5 s)
    join(room)           enters the room; ack true
    broadcast(request)   request {"event", "args", "room"?}: emits to the room (everyone without
                         one); ack true
    record(value)        appends the value as a JSON line to the --record file; ack with the
                         number of records
    records()            ack with every recorded value, in order (from the file: survives restarts)
    whoami()             ack with {"auth": …, "query": …} of the connection
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from urllib.parse import parse_qs

import socketio
from aiohttp import web


def log(line: str) -> None:
    print(line, flush=True)


@web.middleware
async def api_key_guard(request: web.Request, handler):
    key = request.query.get("apikey")
    if key is not None and key != "letmein":
        return web.json_response({"message": "invalid api key"}, status=403)
    return await handler(request)


class Records:
    """Recorded values as JSON lines in a file, so a restarted server still has them."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def append(self, value) -> int:
        if self.path is None:
            raise RuntimeError("started without --record")
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(value) + "\n")
        return len(self.all())

    def all(self) -> list:
        if self.path is None:
            return []
        try:
            with open(self.path, encoding="utf-8") as file:
                return [json.loads(line) for line in file if line.strip()]
        except FileNotFoundError:
            return []


def install(sio: socketio.AsyncServer, records: Records) -> None:
    handshakes: dict[str, dict] = {}

    def remember(sid, environ, auth):
        handshakes[sid] = {"auth": auth or {}, "query": {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}}

    @sio.on("connect")
    async def connect(sid, environ, auth=None):
        remember(sid, environ, auth)
        log(f"connect / {sid}")

    @sio.on("connect", namespace="/private")
    async def connect_private(sid, environ, auth=None):
        if not isinstance(auth, dict) or auth.get("token") != "secret":
            raise socketio.exceptions.ConnectionRefusedError("invalid token", {"reason": "bad token"})
        remember(sid, environ, auth)
        log(f"connect /private {sid}")

    for namespace in ("/", "/private"):
        def on_disconnect(sid, reason=None, namespace=namespace):
            log(f"disconnect {namespace} {sid} {reason}")

        sio.on("disconnect", on_disconnect, namespace=namespace)
        sio.on("echo", lambda sid, *args: tuple(args), namespace=namespace)
        sio.on("whoami", lambda sid, *args: handshakes.get(sid, {}), namespace=namespace)

    @sio.on("emit-back")
    async def emit_back(sid, *args):
        await sio.emit("echo-back", tuple(args), to=sid)

    @sio.on("ask")
    async def ask(sid, question=None):
        try:
            answer = await sio.call("question", question, to=sid, timeout=5)
        except socketio.exceptions.TimeoutError:
            await sio.emit("answer-timeout", to=sid)
            return
        await sio.emit("answer", answer if isinstance(answer, tuple) else (answer,), to=sid)

    @sio.on("join")
    async def join(sid, room):
        await sio.enter_room(sid, room)
        return True

    @sio.on("broadcast")
    async def broadcast(sid, request):
        await sio.emit(request["event"], tuple(request.get("args", [])), room=request.get("room"))
        return True

    # No await before the side effect: handlers of one client's events run in arrival order.
    @sio.on("record")
    def record(sid, value=None):
        return records.append(value)

    @sio.on("records")
    def recorded(sid, *args):
        return records.all()


async def serve(args: argparse.Namespace) -> None:
    sio = socketio.AsyncServer(async_mode="aiohttp", ping_interval=args.ping_interval,
                               ping_timeout=args.ping_timeout, cors_allowed_origins="*")
    app = web.Application(middlewares=[api_key_guard])
    sio.attach(app)
    install(sio, Records(args.record))
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
    parser.add_argument("--record", default=None)
    parser.add_argument("--ping-interval", type=float, default=25)
    parser.add_argument("--ping-timeout", type=float, default=20)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
