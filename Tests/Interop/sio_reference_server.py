"""A python-socketio stand-in for `sio-interop-server` and `sio-server --conformance`.

Only for checking the Socket.IO interop tests themselves (not part of any fixture by default):

    SIO_INTEROP_SERVER_BIN=Tests/Interop/sio_reference_server.py \
        .venv-interop/bin/python -m pytest -q Tests/Interop/test_socketio_python_client.py

It implements the handlers of the interop server (see test_socketio_python_client.py) on
python-socketio's AsyncServer and logs `socket connected nsp=… id=…` /
`socket disconnected nsp=… id=… reason=…` lines like the Swift server. Known differences from the
Swift server (python-socketio limitations): no connection state recovery, no send-buffer cap, no
connect timeout, its own disconnect reasons mapped approximately, no Engine.IO echo at /engine.io/.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import socketio
from aiohttp import web

REASONS = {  # python-socketio reason -> Node reason
    "server disconnect": "server namespace disconnect",
    "client disconnect": "client namespace disconnect",
}


def log(line: str) -> None:
    print(f"info sio-reference: {line}", file=sys.stderr, flush=True)


def build_interop(sio: socketio.AsyncServer) -> None:
    def members(rooms, nsp="/"):
        if not rooms:
            return {sid for sid, _ in sio.manager.get_participants(nsp, None)}
        found = set()
        for room in rooms:
            found |= {sid for sid, _ in sio.manager.get_participants(nsp, room)}
        return found

    @sio.on("connect")
    async def connect(sid, environ, auth=None):
        log(f"socket connected nsp=/ id={sid}")

    @sio.on("disconnect")
    async def disconnect(sid, reason=None):
        log(f"socket disconnected nsp=/ id={sid} reason={REASONS.get(reason, reason)}")

    @sio.on("echo")
    async def echo(sid, *args):
        return tuple(args)

    @sio.on("emit-back")
    async def emit_back(sid, *args):
        await sio.emit("echo-back", tuple(args), to=sid)

    @sio.on("ask-client")
    async def ask_client(sid, x=None):
        done = asyncio.get_running_loop().create_future()

        def callback(*answer):
            if not done.done():
                done.set_result(answer)

        await sio.emit("question", x, to=sid, callback=callback)
        try:
            answer = await asyncio.wait_for(done, 5)
        except asyncio.TimeoutError:
            await sio.emit("answer-timeout", to=sid)
        else:
            await sio.emit("answer", tuple(answer), to=sid)

    @sio.on("join")
    async def join(sid, room):
        await sio.enter_room(sid, room)
        return True

    @sio.on("leave")
    async def leave(sid, room):
        await sio.leave_room(sid, room)
        return True

    async def broadcast_to(spec, exclude=()):
        excluded = members(spec["except"]) if spec.get("except") else set()
        targets = members(spec.get("rooms")) - excluded - set(exclude)
        for target in targets:
            await sio.emit(spec["event"], tuple(spec.get("args", [])), to=target)

    @sio.on("broadcast")
    async def broadcast(sid, spec):
        await broadcast_to(spec)
        return True

    @sio.on("broadcast-from-me")
    async def broadcast_from_me(sid, spec):
        await broadcast_to(spec, exclude=[sid])
        return True

    @sio.on("disconnect-sockets")
    async def disconnect_sockets(sid, spec):
        async def later():
            await asyncio.sleep(0.01)
            for target in members(spec.get("rooms")):
                await sio.disconnect(target)
        asyncio.ensure_future(later())
        return True

    @sio.on("kick-me")
    async def kick_me(sid, *args):
        async def later():
            await asyncio.sleep(0.01)
            await sio.disconnect(sid)
        asyncio.ensure_future(later())

    @sio.on("fetch-sockets")
    async def fetch_sockets(sid, spec):
        return sorted(members(spec.get("rooms")))

    @sio.on("rooms")
    async def rooms(sid, *args):
        return sorted(sio.rooms(sid))

    @sio.on("flood")
    async def flood(sid, spec):
        payload = "x" * spec["size"]
        for _ in range(spec["count"]):
            await sio.emit("flood", payload, to=sid)

    @sio.on("ack-from-all")
    async def ack_from_all(sid, spec):
        loop = asyncio.get_running_loop()
        targets = members(spec.get("rooms"))
        futures = []
        for target in targets:
            future = loop.create_future()
            futures.append(future)

            def callback(*answer, future=future):
                if not future.done():
                    future.set_result(answer[0] if answer else None)

            await sio.emit("ping-all", to=target, callback=callback)
        done, _ = await asyncio.wait(futures, timeout=spec["timeout"] / 1000) if futures else (set(), set())
        responses = sorted((f.result() for f in done), key=lambda v: str(v))
        return {"responses": responses, "timedOut": len(done) < len(futures)}

    @sio.on("connect", namespace="/auth")
    async def auth_connect(sid, environ, auth=None):
        if not isinstance(auth, dict) or auth.get("token") != "secret":
            raise socketio.exceptions.ConnectionRefusedError("not authorized", {"reason": "bad token"})
        log(f"socket connected nsp=/auth id={sid}")
        await sio.emit("welcome", auth, to=sid, namespace="/auth")

    @sio.on("echo", namespace="/auth")
    async def auth_echo(sid, *args):
        return tuple(args)


def build_conformance(sio: socketio.AsyncServer) -> None:
    @sio.on("connect")
    async def connect(sid, environ, auth=None):
        await sio.emit("auth", auth or {}, to=sid)

    @sio.on("message")
    async def message(sid, *args):
        await sio.emit("message-back", tuple(args), to=sid)

    @sio.on("message-with-ack")
    async def message_with_ack(sid, *args):
        return tuple(args)

    @sio.on("connect", namespace="/custom")
    async def custom_connect(sid, environ, auth=None):
        await sio.emit("auth", auth or {}, to=sid, namespace="/custom")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--conformance", action="store_true")
    parser.add_argument("--recovery", action="store_true")
    parser.add_argument("--max-buffered-bytes", type=int)
    parser.add_argument("--ping-interval", type=int)
    parser.add_argument("--ping-timeout", type=int)
    parser.add_argument("--log-level")
    args = parser.parse_args()
    interval, timeout = (300, 200) if args.conformance else (25000, 20000)
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*",
                               ping_interval=(args.ping_interval or interval) / 1000,
                               ping_timeout=(args.ping_timeout or timeout) / 1000,
                               always_connect=args.conformance)
    (build_conformance if args.conformance else build_interop)(sio)
    app = web.Application()
    sio.attach(app)
    log(f"listening on {args.host}:{args.port}")
    web.run_app(app, host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
