"""Helpers of the cluster tests (test_cluster.py): a throwaway database on the PostgreSQL server of
SIO_TEST_POSTGRES_URL, a cluster of `sio-interop-server --postgres` nodes, nginx running
Docs/nginx-cluster.conf in front of them, and python-socketio AsyncClients whose connections leave
from a chosen 127.0.x.1 address (nginx's ip_hash picks the node by that address)."""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import socketio

from server_process import HOST, ServerProcess, free_port
from sio_wire import EventLog, SioClient

POSTGRES_URL_VARIABLE = "SIO_TEST_POSTGRES_URL"
ATTACHMENT_TABLE = "socket_io_attachments"
STOP_TIMEOUT = 5.0
NGINX_CONF = Path(__file__).resolve().parents[2] / "Docs" / "nginx-cluster.conf"


def eventually(probe, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Call `probe` until it returns a truthy value (returned) or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} not reached within {timeout}s (last: {value!r})")
        time.sleep(interval)


# --- PostgreSQL ---------------------------------------------------------------------------------


def psql_binary() -> str:
    """psql from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("psql") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)), None)
    if found is None:
        raise RuntimeError("psql not found (Scripts/setup installs PostgreSQL)")
    return found


def psql(url: str, sql: str) -> str:
    """Run one statement through psql on `url`; its unaligned output, stripped."""
    result = subprocess.run([psql_binary(), url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=15)
    if result.returncode != 0:
        raise RuntimeError(f"psql {sql!r} failed: {result.stderr.strip()}")
    return result.stdout.strip()


class Database:
    """A fresh database on the server of `server_url`, dropped by `drop()`. NOTIFY channels
    belong to a database, so nodes on different databases never hear each other: every
    cluster of a test gets its own."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.name = f"socketio_cluster_{uuid.uuid4().hex[:12]}"
        psql(server_url, f"CREATE DATABASE {self.name}")
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def query(self, sql: str) -> str:
        return psql(self.url, sql)

    def attachment_mark(self) -> int:
        """The highest attachment id so far (0 before the first)."""
        return int(self.query(f"SELECT coalesce(max(id), 0) FROM {ATTACHMENT_TABLE}"))

    def attachments_since(self, mark: int) -> int:
        """How many attachment rows were stored after `mark` (cleanup only removes old rows)."""
        return int(self.query(f"SELECT count(*) FROM {ATTACHMENT_TABLE} WHERE id > {mark}"))

    def drop(self) -> None:
        psql(self.server_url, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


# --- cluster nodes ------------------------------------------------------------------------------


class ClusterNodes:
    """`sio-interop-server --postgres URL --server-id NAME` processes, one per name, on free
    ports of 127.0.0.1, all on one fresh database."""

    def __init__(self, binary: Path, log_dir: Path, server_url: str, names: list[str],
                 extra_args: list[str] | None = None):
        self.binary = binary
        self.log_dir = log_dir
        self.server_url = server_url
        self.names = list(names)
        self.extra_args = list(extra_args or [])
        self.database: Database | None = None
        self.nodes: dict[str, ServerProcess] = {}
        self._probes: list[SioClient] = []

    def __getitem__(self, name: str) -> ServerProcess:
        return self.nodes[name]

    def start(self, join_timeout: float = 10.0) -> "ClusterNodes":
        """Start every node, then wait until each counts all of them (`server-count`)."""
        self.database = Database(self.server_url)
        for name in self.names:
            node = ServerProcess(self.binary, self.log_dir / f"{name}.log",
                                 ["--postgres", self.database.url, "--server-id", name,
                                  *self.extra_args],
                                 log_level=None, base_args=())
            self.nodes[name] = node
            node.start()
        self.wait_for_server_count({name: len(self.names) for name in self.names}, join_timeout)
        return self

    def server_count(self, name: str) -> int:
        """What node `name` answers `server-count` (a probe client connects once per node)."""
        probe = next((p for p in self._probes if p.name == f"probe@{name}"), None)
        if probe is None:
            probe = SioClient(f"probe@{name}").connect(self.nodes[name].url,
                                                       transports=["websocket"])
            self._probes.append(probe)
        [count] = probe.ack("server-count")
        return count

    def wait_for_server_count(self, expected: dict[str, int], timeout: float) -> float:
        """Wait until each named node counts the expected servers; return the seconds waited."""
        started = time.monotonic()
        for name, count in expected.items():
            remaining = max(0.1, timeout - (time.monotonic() - started))
            eventually(lambda: self.server_count(name) == count, remaining, interval=0.05,
                       what=f"{name} counting {count} servers")
        return time.monotonic() - started

    def kill(self, name: str) -> None:
        """SIGKILL node `name`: no ADAPTER_CLOSE, the others only notice its silence."""
        node = self.nodes[name]
        for probe in [p for p in self._probes if p.name == f"probe@{name}"]:
            self._probes.remove(probe)
            threading.Thread(target=probe.close, daemon=True).start()
        node.proc.send_signal(signal.SIGKILL)
        node.proc.wait(timeout=STOP_TIMEOUT)

    def logs(self) -> list[tuple[str, str]]:
        return [(name, node.log_tail()) for name, node in self.nodes.items()]

    def stop(self) -> None:
        for probe in self._probes:
            probe.close()
        self._probes.clear()
        for node in self.nodes.values():
            node.stop()
        if self.database is not None:
            self.database.drop()


# --- nginx --------------------------------------------------------------------------------------


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None)


def render_nginx_conf(template: str, upstream_ports: list[int], listen_port: int) -> str:
    """Docs/nginx-cluster.conf with its upstream servers replaced by `upstream_ports` and its
    `listen 80;` by 127.0.0.1:`listen_port`; fails if the file no longer has those lines."""
    lines = template.splitlines(keepends=True)
    servers = [i for i, line in enumerate(lines)
               if line.strip().startswith("server 127.0.0.1:") and line.strip().endswith(";")]
    listens = [i for i, line in enumerate(lines) if line.strip() == "listen 80;"]
    assert len(servers) >= 2 and len(listens) == 1, \
        f"{NGINX_CONF} must list its nodes as `server 127.0.0.1:PORT;` and `listen 80;`"
    indent = lines[servers[0]][: len(lines[servers[0]]) - len(lines[servers[0]].lstrip())]
    lines[servers[0]] = "".join(f"{indent}server {HOST}:{port};\n" for port in upstream_ports)
    for i in servers[1:]:
        lines[i] = ""
    listen = lines[listens[0]]
    lines[listens[0]] = listen.replace("listen 80;", f"listen {HOST}:{listen_port};")
    return "".join(lines)


class Nginx:
    """nginx in the foreground with Docs/nginx-cluster.conf in front of `upstream_ports`, its pid,
    logs and temporary files in `workdir`."""

    def __init__(self, binary: str, workdir: Path, upstream_ports: list[int]):
        self.binary = binary
        self.workdir = workdir
        self.upstream_ports = list(upstream_ports)
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, ready_timeout: float = 10.0) -> "Nginx":
        self.port = free_port()
        site = self.workdir / "cluster.conf"
        site.write_text(render_nginx_conf(NGINX_CONF.read_text(), self.upstream_ports, self.port))
        main = self.workdir / "nginx.conf"
        # As root the workers would switch to `nobody`, who cannot write the temp dirs here.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp_paths = "".join(f"    {kind}_temp_path {self.workdir / kind};\n"
                             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        main.write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {self.workdir / 'nginx.pid'};\n"
            f"error_log {self.workdir / 'error.log'} info;\n"
            "events { worker_connections 512; }\n"
            "http {\n"
            f"    access_log {self.workdir / 'access.log'};\n{temp_paths}"
            f"    include {site};\n"
            "}\n")
        with open(self.workdir / "stderr.log", "wb") as stderr:
            self.proc = subprocess.Popen(
                [self.binary, "-p", str(self.workdir), "-c", str(main),
                 "-e", str(self.workdir / "error.log")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx not accepting on {self.port} after {ready_timeout}s:\n"
                           f"{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for name in ("stderr.log", "error.log"):
            path = self.workdir / name
            if path.exists():
                text += f"--- {name}\n" + "\n".join(
                    path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return text

    def stop(self) -> None:
        """SIGTERM (fast shutdown), then SIGKILL."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)


# --- python-socketio AsyncClients bound to a source address ---------------------------------


class EventLoopThread:
    """An asyncio loop on a thread of its own, so synchronous tests can drive AsyncClients."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="asyncio", daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=STOP_TIMEOUT)
        if not self.thread.is_alive():
            self.loop.close()


class BoundClient:
    """A python-socketio `AsyncClient` whose every connection (polling requests, WebSocket)
    leaves from `source`, a 127.0.x.1 address: behind nginx's ip_hash that address decides the
    node. Records events in `events` like `SioClient`, `connect` and `disconnect` included."""

    def __init__(self, runner: EventLoopThread, name: str, source: str, *,
                 reconnection: bool = False, handlers: dict | None = None):
        self.runner = runner
        self.name = name
        self.source = source
        self.events = EventLog()
        self.sio = socketio.AsyncClient(
            reconnection=reconnection, reconnection_delay=0.2, reconnection_delay_max=0.5,
            randomization_factor=0, handle_sigint=False, http_session=self._session)
        for event, handler in (handlers or {}).items():
            self.sio.on(event, handler)
        self.sio.on("*", lambda event, *args: self.events.add(event, list(args)))
        self.sio.on("connect", lambda: self.events.add("connect", []))
        self.sio.on("disconnect", lambda *reason: self.events.add("disconnect", list(reason)))

    def _session(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(self.source, 0)))

    def connect(self, url: str, transports: list[str] | None) -> "BoundClient":
        self.runner.run(self.sio.connect(url, transports=transports, wait_timeout=5))
        return self

    def sid(self) -> str:
        sid = self.sio.get_sid("/")
        assert sid, f"{self.name}: not connected"
        return sid

    def transport(self) -> str:
        return self.sio.transport()

    def ack(self, event: str, *args, timeout: float = 5.0):
        """Emit asking for an acknowledgement; its (single) argument."""
        return self.runner.run(self.sio.call(event, tuple(args), timeout=timeout), timeout + 1)

    def close(self) -> None:
        try:
            self.runner.run(self._shutdown(), STOP_TIMEOUT)
        except Exception:  # noqa: BLE001 - already disconnected, or the loop is gone
            pass

    async def _shutdown(self) -> None:
        """Disconnect and stop reconnecting. python-engineio's polling write loop can exit before
        it posts the CLOSE packet (when `disconnect()` lands while a POST is in flight); the held
        GET then waits for the server's next ping. After half a second, cut the connections."""
        shutdown = asyncio.ensure_future(self.sio.shutdown())
        try:
            await asyncio.wait_for(asyncio.shield(shutdown), 0.5)
        except asyncio.TimeoutError:
            if self.sio.eio.http is not None:
                await self.sio.eio.http.close()
            await asyncio.wait_for(shutdown, STOP_TIMEOUT - 1.5)
