"""`sio-console` end to end, as a person uses it: the live console runs in a detached tmux session
(tmux_console.py) against the demo `sio-server` with real python-socketio clients; the tests press
keys, read the screen and check what the clients and the server saw. Then the one-shot
subcommands (JSON output, exit codes, readonly, authentication), and the fallback to the official
admin protocol against python-socketio's own `instrument()`.

Run: `Scripts/interop -k console`, or with SIO_SERVER_BIN and SIO_CONSOLE_BIN set:
`.venv-interop/bin/python -m pytest -q Tests/Interop/test_console.py`. The interactive tests need
tmux (skipped without it)."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from admin_support import AppClient
from conftest import ADMIN_PASSWORD, ADMIN_USER, server_binary
from server_process import HOST, ServerProcess, free_port
from tmux_console import TmuxConsole, framed, terminal_flags, tmux_available

TEST_DEADLINE = 60.0      # replaces conftest's 15 s: the latency column takes up to ~12 s
PING_INTERVAL_MS = 2000   # the demo server's heartbeat: x_latency samples come every ping
LATENCY_WAIT = 15.0       # x_latency is batched every 5 s, after a first ping round trip
LATENCY_RE = re.compile(r"(?<![\w.])\d+(\.\d)?ms\b")
ONE_SHOT_TIMEOUT = 20.0   # bound of every one-shot subcommand run
UNREACHABLE_BOUND = 12.5  # the one-shot commands give up on a dead server after 10 s
HERE = Path(__file__).resolve().parent


# --- fixtures -----------------------------------------------------------------------------




@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo sio-server (handlers echo/join/leave/chat on /, admin on /admin without
    authentication on loopback), ping every 2 s."""
    binary = server_binary()
    if not binary.is_file():
        pytest.fail(f"server binary {binary} not found (build it, or set SIO_SERVER_BIN)")
    log = tmp_path_factory.mktemp("sio-console-server") / "demo.log"
    server = ServerProcess(binary, log, ["--ping-interval", str(PING_INTERVAL_MS),
                                         "--ping-timeout", "5000"],
                           log_level="info", base_args=())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(demo_server):
    """demo_server, failing the test when the server died during it (named `server` like
    conftest's, so conftest's report hook attaches this server's log to a failed test)."""
    if not demo_server.alive():
        demo_server.restart()
    yield demo_server
    if not demo_server.alive():
        pytest.fail(f"sio-server exited during this test: {demo_server.crash_report()}")


class Scene:
    """Three application clients of `/`: one polling-only, two on WebSocket; `in_lobby` (the
    first WebSocket one) joined room `lobby` through the demo `join` handler. Each answers
    `hello` with the ack "got it" and records every event it gets (`kicked`, `disconnect`…)."""

    def __init__(self, url: str):
        self.clients: list[AppClient] = []
        self.polling = self._connect(url, "polling", ["polling"])
        self.in_lobby = self._connect(url, "ws-lobby", ["websocket"])
        self.other = self._connect(url, "ws-other", ["websocket"])
        assert self.in_lobby.call("join", "lobby") is True

    def _connect(self, url: str, name: str, transports: list[str]) -> AppClient:
        client = AppClient(name, handlers={"hello": lambda *args: "got it",
                                           "kicked": lambda *args: None})
        self.clients.append(client)
        client.connect(url, transports=transports)
        return client

    @property
    def sids(self) -> list[str]:
        return [client.sid for client in self.clients]

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def scene(server):
    made = Scene(server.url)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def consoles(console_bin):
    """Factory: `sio-console <args>` running in its own tmux server (100x30 unless told);
    every tmux server is killed after the test."""
    if not tmux_available():
        pytest.skip("tmux is not installed: the interactive console tests drive it through tmux")
    made: list[TmuxConsole] = []

    def start(*args: str, width: int = 100, height: int = 30,
              env: dict[str, str] | None = None) -> TmuxConsole:
        console = TmuxConsole(console_bin, args, width=width, height=height, env=env)
        made.append(console)
        return console.start()

    yield start
    for console in made:
        console.kill()


def one_shot(console_bin: Path, *args: str, env: dict[str, str] | None = None,
             timeout: float = ONE_SHOT_TIMEOUT) -> subprocess.CompletedProcess:
    """Run a one-shot subcommand without a terminal (new session: no /dev/tty to prompt on)."""
    environment = {key: value for key, value in os.environ.items() if key != "SIO_ADMIN_PASSWORD"}
    environment.update(env or {})
    return subprocess.run([str(console_bin), *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, start_new_session=True,
                          env=environment)


def json_output(result: subprocess.CompletedProcess):
    assert result.returncode == 0, (f"exit {result.returncode}; stdout {result.stdout!r}; "
                                    f"stderr {result.stderr!r}")
    return json.loads(result.stdout)


# --- reading the screen -------------------------------------------------------------------


def rows(screen: str) -> list[str]:
    """The screen's rows, top to bottom (capture-pane ends each with a newline)."""
    lines = screen.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def status_row(screen: str) -> str:
    """The status line (second row from the bottom)."""
    return rows(screen)[-2]


def key_row(screen: str) -> str:
    return rows(screen)[-1]


def row_with(screen: str, text: str) -> str | None:
    return next((row for row in rows(screen) if text in row), None)


def on_status(pattern: str):
    """A wait condition: the status line matches the regex `pattern`."""
    compiled = re.compile(pattern)

    def check(screen: str):
        return compiled.search(status_row(screen))
    check.__name__ = f"status line /{pattern}/"
    return check


def rows_for(sids: list[str], *, latency: bool = False):
    """A wait condition: a row for every socket id (with a latency figure, when asked)."""
    def check(screen: str):
        found = {sid: row_with(screen, sid) for sid in sids}
        if not all(found.values()):
            return None
        if latency and not all(LATENCY_RE.search(row) for row in found.values()):
            return None
        return found
    check.__name__ = f"rows for {sids}{' with latencies' if latency else ''}"
    return check


def open_sockets_view(console: TmuxConsole, sids: list[str]) -> dict[str, str]:
    """Wait for the connection, press 2, wait for the rows of `sids`; return them by id."""
    console.wait_for("● connected", why="the console connects to the admin namespace")
    console.press("2")
    console.wait_for(re.compile(r"ID\s+NSP\s+TRANSPORT\s+ADDRESS\s+ROOMS\s+LATENCY\s+UP"))
    return console.wait_for(rows_for(sids))


def select_socket(console: TmuxConsole, sid: str, others: list[str]) -> None:
    """Filter the sockets view to one socket by typing `/ id:<sid> Enter`, as a person would."""
    console.press("/")
    console.wait_for("Filter sockets")
    console.type(f"id:{sid}")
    console.press("Enter")
    console.wait_for(lambda screen: ("Filter sockets" not in screen and f"filter: id:{sid}" in screen
                                     and row_with(screen, sid)
                                     and not any(other in screen for other in others)) or None)


def emit_through_prompt(console: TmuxConsole, target: str, event: str, arguments: str,
                        ack_default: str) -> None:
    """Press `e` on the selected socket `target` and fill in the form: the event, the JSON
    arguments, then Enter on the prefilled ack answer (`ack_default`, checked)."""
    console.press("e")
    console.wait_for(f"Emit to socket {target}")
    console.wait_field("event:")
    console.type(event)
    console.press("Enter")
    console.wait_field("arguments (JSON, comma-separated):")
    console.type(arguments)
    console.press("Enter")
    assert console.wait_field("wait for ack? (y/n):") == f"wait for ack? (y/n): {ack_default}"
    console.press("Enter")


# --- the live console ---------------------------------------------------------------------


def test_sockets_view_shows_clients_transports_rooms_and_latency(server, scene, consoles):
    console = consoles(server.url)
    found = open_sockets_view(console, scene.sids)
    console.wait_for("2 Sockets (3)", why="the tab counts the three sockets of /")
    assert re.search(r"\bpolling\b", found[scene.polling.sid]), framed(console.last_screen)
    assert re.search(r"\bwebsocket\b", found[scene.in_lobby.sid]), framed(console.last_screen)
    assert re.search(r"\bwebsocket\b", found[scene.other.sid]), framed(console.last_screen)
    assert "lobby" in found[scene.in_lobby.sid], framed(console.last_screen)
    assert "lobby" not in found[scene.polling.sid] + found[scene.other.sid]
    # Every client, the polling one too, gets a latency figure once x_latency samples arrive.
    with_latency = console.wait_for(rows_for(scene.sids, latency=True), timeout=LATENCY_WAIT,
                                    why="x_latency every 5 s, ping every 2 s")
    for sid, row in with_latency.items():
        assert LATENCY_RE.search(row), row


def test_emit_to_the_polling_client_with_ack(server, scene, consoles):
    console = consoles(server.url)
    target = scene.polling.sid
    open_sockets_view(console, scene.sids)
    select_socket(console, target, [scene.in_lobby.sid, scene.other.sid])
    emit_through_prompt(console, target, "hello", '"hi", {"n": 1}', ack_default="y")
    assert scene.polling.events.wait_for("hello", timeout=10) == [["hi", {"n": 1}]]
    assert scene.in_lobby.events.named("hello") == [] and scene.other.events.named("hello") == []
    # The outcome comes first on the status line, then the client's answer (`— <sid>: …`).
    console.wait_for(on_status(rf"^emit hello \(ack\) → socket "
                               rf"{re.escape(target)}: ok \(1 target\) — {re.escape(target[:8])}"))


def test_command_outcome_stays_visible_while_filtered(server, scene, consoles):
    """At the usual 80 columns, after `/ id:<sid>` (the filter the help suggests), the status
    line must still show how the command ended: the outcome should win over the filter and
    sort hints, not be cut to `o…`."""
    console = consoles(server.url, width=80, height=24)
    target = scene.polling.sid
    open_sockets_view(console, scene.sids)
    select_socket(console, target, [scene.in_lobby.sid, scene.other.sid])
    emit_through_prompt(console, target, "hello", '"again"', ack_default="y")
    assert scene.polling.events.wait_for("hello", timeout=10) == [["again"]]
    console.wait_for(on_status(r"emit hello"), why="the command ran")
    console.wait_for(on_status(r": ok\b"), timeout=3,
                     why="the outcome of the emit must be readable on the status line")


def test_move_a_socket_from_lobby_to_game(server, scene, consoles, console_bin):
    console = consoles(server.url)
    target = scene.in_lobby.sid
    open_sockets_view(console, scene.sids)
    console.press("/")
    console.wait_for("Filter sockets")
    console.type("room:lobby")
    console.press("Enter")
    console.wait_for(lambda s: ("Filter sockets" not in s and row_with(s, target)
                                and scene.polling.sid not in s and scene.other.sid not in s) or None)
    console.press("m")
    console.wait_for(f"Move socket {target}")
    assert console.wait_field("from room:") == "from room: lobby", "prefilled with its first room"
    console.press("Enter")
    console.wait_field("to room:")
    console.type("game")
    console.press("Enter")
    console.wait_for(on_status(r"ok \(1 socket\)"))
    # The filter (room:lobby) no longer matches it; Esc clears the filter and shows everyone.
    console.press("Escape")
    game_row = console.wait_for(lambda s: (lambda row: row if row and "filter:" not in status_row(s)
                                           and "game" in row else None)(row_with(s, target)))
    assert "lobby" not in game_row, game_row
    rooms = json_output(one_shot(console_bin, "rooms", "--json", "--url", server.url))
    members = {entry["room"]: entry["members"] for entry in rooms if entry["nsp"] == "/"}
    assert target in members.get("game", []), rooms
    assert target not in members.get("lobby", []), rooms


def test_kick_a_socket_with_a_reason(server, scene, consoles):
    console = consoles(server.url)
    target = scene.other.sid
    open_sockets_view(console, scene.sids)
    select_socket(console, target, [scene.polling.sid, scene.in_lobby.sid])
    console.press("K")
    console.wait_for(f"Kick socket {target}")
    assert console.wait_field("reason:") == "reason: kicked by an operator"
    console.type("spamming")  # the first key replaces the default reason
    console.wait_for("reason: spamming")
    console.press("Enter")
    assert console.wait_field("close the whole connection? (y/n):") == \
        "close the whole connection? (y/n): n"
    console.press("Enter")
    console.wait_for(on_status(rf"Kick socket {re.escape(target)}\? \(y/N\)"))
    console.press("y")
    assert scene.other.events.wait_for("kicked", timeout=10) == [[{"reason": "spamming"}]]
    reasons = scene.other.events.wait_for("disconnect", timeout=10)
    assert reasons == [["server disconnect"]], reasons  # python-socketio's name for it
    server.wait_for_socket_disconnect(target, None, timeout=5)
    console.wait_for(on_status(rf"kick socket {re.escape(target)} \(spamming\): ok"))
    assert not scene.polling.events.named("kicked") and not scene.in_lobby.events.named("kicked")
    assert scene.polling.sio.connected and scene.in_lobby.sio.connected


def test_resize_help_and_quit_restore_the_terminal(server, scene, consoles):
    console = consoles(server.url)
    open_sockets_view(console, scene.sids)
    console.resize(80, 24)

    def fits(screen: str):
        lines = rows(screen)
        if len(lines) != 24 or console.pane_size() != (80, 24):
            return None
        if not re.search(r"^ID\s+NSP\s+TRANSPORT\b", "\n".join(lines), re.M):
            return None
        if not all(row_with(screen, sid) for sid in scene.sids):
            return None
        if "? help" not in key_row(screen) or "q quit" not in key_row(screen):
            return None
        return lines
    fits.__name__ = "an 80x24 layout with the header, the three rows and the key line"
    lines = console.wait_for(fits)
    assert max(len(line) for line in lines) <= 80, framed(console.last_screen)
    assert lines[0].lstrip().startswith("sio-console"), framed(console.last_screen)
    assert re.search(r"1 Overview\s+2 Sockets \(\d+\)\s+3 Rooms\s+4 Events\s+5 Upgrades",
                     lines[1]), framed(console.last_screen)

    console.press("?")
    help_screen = console.wait_for("KEYS")
    assert "any key close help" in key_row(help_screen), framed(help_screen)
    assert "quit (Ctrl-C too)" in help_screen, framed(help_screen)
    console.press("x")
    console.wait_for(lambda s: ("KEYS" not in s and re.search(r"^ID\s+NSP", s, re.M)) or None)

    console.press("q")
    status, tail = console.wait_exit()
    assert status == 0, tail
    flags = terminal_flags(tail)
    assert flags.get("echo") is True and flags.get("icanon") is True, tail


def test_ctrl_c_quits_and_restores_the_terminal(server, consoles):
    console = consoles(server.url)
    console.wait_for("● connected")
    console.press("C-c")
    status, tail = console.wait_exit()
    assert status == 0, tail
    flags = terminal_flags(tail)
    assert flags.get("echo") is True and flags.get("icanon") is True, tail
    assert flags.get("isig") is True, tail


def test_a_crash_restores_the_terminal(server, consoles):
    """A crash signal (here a SIGSEGV from outside) gives the terminal back before the process
    dies of it."""
    console = consoles(server.url)
    console.wait_for("● connected")
    shell = console.tmux("list-panes", "-F", "#{pane_pid}").stdout.split()[0]
    child = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True, check=True).stdout.split()[0]
    os.kill(int(child), signal.SIGSEGV)
    status, tail = console.wait_exit()
    assert status == 128 + signal.SIGSEGV, tail
    flags = terminal_flags(tail)
    assert flags.get("echo") is True and flags.get("icanon") is True, tail


# --- one-shot subcommands -----------------------------------------------------------------


def test_one_shot_sockets_and_emit(server, scene, console_bin):
    listed = json_output(one_shot(console_bin, "sockets", "--json", "--url", server.url))
    by_id = {entry["id"]: entry for entry in listed if entry["nsp"] == "/"}
    for client, transport in ((scene.polling, "polling"), (scene.in_lobby, "websocket"),
                              (scene.other, "websocket")):
        assert client.sid in by_id, listed
        assert by_id[client.sid]["transport"] == transport, by_id[client.sid]
    assert "lobby" in by_id[scene.in_lobby.sid]["rooms"], by_id[scene.in_lobby.sid]

    result = one_shot(console_bin, "emit", "--url", server.url, "--to", scene.other.sid, "--ack",
                      "hello", '"x"')
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert scene.other.events.wait_for("hello") == [["x"]]
    assert "got it" in result.stdout, result.stdout
    assert scene.polling.events.named("hello") == []


def test_one_shot_exit_codes(server, console_bin, admin_readonly_server):
    # A server that is not there: exit 1 after the bounded wait (run meanwhile).
    started = time.monotonic()
    dead = subprocess.Popen([str(console_bin), "sockets", "--json", "--url",
                             f"http://{HOST}:{free_port()}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        unknown = one_shot(console_bin, "kick", "--url", server.url, "NoSuchSocketId000000")
        assert unknown.returncode == 2, (unknown.stdout, unknown.stderr)
        assert "unknown socket" in unknown.stderr, unknown.stderr

        readonly = one_shot(console_bin, "emit", "--url", admin_readonly_server.url, "hello")
        assert readonly.returncode == 2, (readonly.stdout, readonly.stderr)
        assert "readonly" in readonly.stdout + readonly.stderr, (readonly.stdout, readonly.stderr)

        out, err = dead.communicate(timeout=UNREACHABLE_BOUND + 2)
        elapsed = time.monotonic() - started
    finally:
        if dead.poll() is None:
            dead.kill()
            dead.wait()
    assert dead.returncode == 1, (out, err)
    assert elapsed <= UNREACHABLE_BOUND, f"gave up after {elapsed:.1f}s"


def test_one_shot_admin_login(admin_auth_server, console_bin):
    url = admin_auth_server.url
    wrong = one_shot(console_bin, "sockets", "--json", "--url", url,
                     "--username", ADMIN_USER, "--password", "not-the-password")
    assert wrong.returncode == 1, (wrong.stdout, wrong.stderr)
    assert "refused" in wrong.stderr, wrong.stderr

    anonymous = one_shot(console_bin, "sockets", "--json", "--url", url)
    assert anonymous.returncode == 1, (anonymous.stdout, anonymous.stderr)

    flag = one_shot(console_bin, "sockets", "--json", "--url", url,
                    "--username", ADMIN_USER, "--password", ADMIN_PASSWORD)
    assert isinstance(json_output(flag), list)

    from_env = one_shot(console_bin, "sockets", "--json", "--url", url, "--username", ADMIN_USER,
                        env={"SIO_ADMIN_PASSWORD": ADMIN_PASSWORD})
    assert isinstance(json_output(from_env), list)


# --- a foreign server: python-socketio's own admin instrumentation ------------------------


class PythonAdminServer:
    """python_admin_server.py (python-socketio AsyncServer + instrument(auth=False))."""

    def __init__(self, log_path: Path):
        self.log_path = log_path
        self.proc = subprocess.Popen([sys.executable, str(HERE / "python_admin_server.py"),
                                      "--host", HOST, "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=open(log_path, "wb"),
                                     stdin=subprocess.DEVNULL, text=True)
        self.port = self._wait_listening()

    def _wait_listening(self, timeout: float = 15.0) -> int:
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if selector.select(timeout=0.2):
                    line = self.proc.stdout.readline()
                    if line.startswith("listening "):
                        return int(line.split()[1])
        finally:
            selector.close()
        self.stop()
        raise RuntimeError(f"python admin server did not start: {self.log_path.read_text()}")

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture
def python_admin_server(tmp_path):
    server = PythonAdminServer(tmp_path / "python-admin.log")
    try:
        yield server
    finally:
        server.stop()


def test_foreign_server_official_protocol_fallback(python_admin_server, consoles):
    clients = []
    try:
        for name in ("py-a", "py-b"):
            client = AppClient(name, handlers={"hello": lambda *args: None})
            clients.append(client)
            client.connect(python_admin_server.url, transports=["websocket"])
        target, other = clients
        console = consoles(python_admin_server.url)
        found = open_sockets_view(console, [target.sid, other.sid])
        title = rows(console.last_screen)[0]
        assert "● connected" in title and "official protocol only" in title, title
        for row in found.values():
            assert "—" in row and not LATENCY_RE.search(row), framed(console.last_screen)
            assert "websocket" in row, framed(console.last_screen)

        select_socket(console, target.sid, [other.sid])
        # No X_EMIT: the console cannot wait for acks there, so the answer is prefilled n.
        emit_through_prompt(console, target.sid, "hello", '"from the console", 7', ack_default="n")
        assert target.events.wait_for("hello", timeout=10) == [["from the console", 7]]
        console.wait_for(on_status(rf"emit hello → socket {re.escape(target.sid)}: ok"))
        assert other.events.named("hello") == []
    finally:
        for client in clients:
            client.close()
