"""The benchmark's python-socketio server: the demo handlers of `sio-server` on namespace `/`.

  echo  acknowledges with its own arguments
  join  (a room name) joins that room, acknowledges true
  chat  ({"room": r, "text": t}) broadcasts `chat` {"from": sid, "room": r, "text": t} to room r,
        or to everyone when there is no room

    python python_server.py [--host 127.0.0.1] [--port 3000] [--server aiohttp-uvloop|aiohttp|uvicorn]

The default host is aiohttp on uvloop: on WebSocket echo it was the fastest of python-socketio's
hosts measured on this project's machine, a little ahead of uvicorn with uvloop, httptools and
the websockets-sansio protocol, and well ahead of plain-asyncio aiohttp and of uvicorn's other
WebSocket protocols (see BENCHMARKS.md). `--server` picks the others, to measure again.
One process, one thread: python-socketio scales past one core only with several processes, a
message queue and sticky sessions. Logs warnings only.
"""

import argparse
import logging

import socketio


def make_server(async_mode):
    sio = socketio.AsyncServer(async_mode=async_mode, cors_allowed_origins="*",
                               logger=False, engineio_logger=False)

    @sio.on("echo")
    async def echo(sid, *args):
        return args  # a tuple: each element is one argument of the acknowledgement

    @sio.on("join")
    async def join(sid, room=None, *_):
        if not isinstance(room, str):
            return None
        await sio.enter_room(sid, room)
        return True

    @sio.on("chat")
    async def chat(sid, message=None, *_):
        if not isinstance(message, dict) or not isinstance(message.get("text"), str):
            return
        room = message.get("room")
        if isinstance(room, str):
            await sio.emit("chat", {"from": sid, "room": room, "text": message["text"]}, room=room)
        else:
            await sio.emit("chat", {"from": sid, "text": message["text"]})

    return sio


def run_uvicorn(host, port):
    import uvicorn

    sio = make_server("asgi")
    app = socketio.ASGIApp(sio, socketio_path="socket.io")
    config = uvicorn.Config(app, host=host, port=port, loop="uvloop", http="httptools", ws="websockets-sansio",
                            ws_per_message_deflate=False, log_level="warning", access_log=False,
                            lifespan="off", backlog=4096)
    uvicorn.Server(config).run()


def run_aiohttp(host, port, use_uvloop):
    from aiohttp import web

    loop = None
    if use_uvloop:
        import uvloop
        loop = uvloop.new_event_loop()
    sio = make_server("aiohttp")
    app = web.Application()
    sio.attach(app, socketio_path="socket.io")
    web.run_app(app, host=host, port=port, print=None, access_log=None, backlog=4096, loop=loop)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--server", choices=["aiohttp-uvloop", "aiohttp", "uvicorn"], default="aiohttp-uvloop")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.server == "uvicorn":
        run_uvicorn(args.host, args.port)
    else:
        run_aiohttp(args.host, args.port, args.server == "aiohttp-uvloop")


if __name__ == "__main__":
    main()
