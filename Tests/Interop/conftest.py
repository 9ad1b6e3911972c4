"""Fixtures: the conformance server processes (sio-server --conformance), the Socket.IO interop
server processes (sio-interop-server), a cluster of interop servers on PostgreSQL,
python-engineio clients, a per-test deadline."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from cluster_support import POSTGRES_URL_VARIABLE, ClusterNodes
from echo_client import EchoClient
from server_process import ServerProcess
from wire import SMALL_BUFFER

REPO = Path(__file__).resolve().parents[2]
TEST_DEADLINE = 15.0  # seconds; every test is far shorter


def server_binary() -> Path:
    return Path(os.environ.get("SIO_SERVER_BIN", REPO / ".build" / "debug" / "sio-server"))


def _run_server(tmp_path_factory, name: str, extra_args: list[str]):
    binary = server_binary()
    if not binary.is_file():
        pytest.fail(f"server binary {binary} not found (build it, or set SIO_SERVER_BIN)")
    log_path = tmp_path_factory.mktemp("sio-server") / f"{name}.log"
    server = ServerProcess(binary, log_path, extra_args,
                           log_level=os.environ.get("SIO_LOG_LEVEL", "info"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def console_binary() -> Path:
    return Path(os.environ.get("SIO_CONSOLE_BIN", REPO / ".build" / "debug" / "sio-console"))


@pytest.fixture(scope="session")
def console_bin() -> Path:
    """The `sio-console` binary (SIO_CONSOLE_BIN, else .build/debug/sio-console)."""
    binary = console_binary()
    if not binary.is_file():
        pytest.fail(f"console binary {binary} not found (build it, or set SIO_CONSOLE_BIN)")
    return binary


def interop_server_binary() -> Path:
    return Path(os.environ.get("SIO_INTEROP_SERVER_BIN",
                               REPO / ".build" / "debug" / "sio-interop-server"))


def _run_interop_server(tmp_path_factory, name: str, extra_args: list[str]):
    """`sio-interop-server --host 127.0.0.1 --port P <extra_args>` (it logs at info level)."""
    binary = interop_server_binary()
    if not binary.is_file():
        pytest.fail(f"interop server binary {binary} not found "
                    "(build it, or set SIO_INTEROP_SERVER_BIN)")
    log_path = tmp_path_factory.mktemp("sio-interop-server") / f"{name}.log"
    server = ServerProcess(binary, log_path, extra_args, log_level=None, base_args=())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _default_server(tmp_path_factory):
    yield from _run_server(tmp_path_factory, "default", [])


@pytest.fixture(scope="session")
def _small_server(tmp_path_factory):
    yield from _run_server(tmp_path_factory, "small",
                           ["--max-http-buffer-size", str(SMALL_BUFFER)])


def _watched(server: ServerProcess):
    """Yield a running server; fail the test if the server process dies during it."""
    if not server.alive():
        server.restart()  # an earlier test crashed it; that test has already failed
    yield server
    if not server.alive():
        pytest.fail(f"sio-server exited during this test: {server.crash_report()}")


@pytest.fixture
def server(_default_server):
    """The echo server with the conformance defaults (pingInterval 300, pingTimeout 200)."""
    yield from _watched(_default_server)


@pytest.fixture
def small_server(_small_server):
    """The echo server with maxHttpBufferSize = SMALL_BUFFER bytes."""
    yield from _watched(_small_server)


@pytest.fixture(scope="session")
def _interop_server(tmp_path_factory):
    yield from _run_interop_server(tmp_path_factory, "interop", [])


@pytest.fixture(scope="session")
def _recovery_server(tmp_path_factory):
    yield from _run_interop_server(tmp_path_factory, "recovery", ["--recovery"])


CAPPED_BUFFER_BYTES = 200_000  # --max-buffered-bytes of the `capped_server` fixture


@pytest.fixture(scope="session")
def _capped_server(tmp_path_factory):
    yield from _run_interop_server(tmp_path_factory, "capped",
                                   ["--max-buffered-bytes", str(CAPPED_BUFFER_BYTES)])


@pytest.fixture(scope="session")
def _fast_ping_server(tmp_path_factory):
    yield from _run_interop_server(tmp_path_factory, "fast-ping",
                                   ["--ping-interval", "300", "--ping-timeout", "200"])


@pytest.fixture
def interop_server(_interop_server):
    """sio-interop-server with its defaults (Socket.IO at /socket.io/)."""
    yield from _watched(_interop_server)


@pytest.fixture
def recovery_server(_recovery_server):
    """sio-interop-server --recovery (connection state recovery on)."""
    yield from _watched(_recovery_server)


@pytest.fixture
def capped_server(_capped_server):
    """sio-interop-server --max-buffered-bytes CAPPED_BUFFER_BYTES."""
    yield from _watched(_capped_server)


@pytest.fixture
def fast_ping_server(_fast_ping_server):
    """sio-interop-server --ping-interval 300 --ping-timeout 200."""
    yield from _watched(_fast_ping_server)


# --- a cluster of sio-interop-server nodes on PostgreSQL (test_cluster.py) --------------------


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server of SIO_TEST_POSTGRES_URL; the cluster tests skip without it."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set: the cluster tests need a PostgreSQL "
                    "server (Scripts/interop starts one with Scripts/postgres)")
    return url


def run_cluster(tmp_path_factory, postgres_url: str, names: list[str],
                extra_args: list[str] | None = None):
    """Yield `ClusterNodes` of `names` on a fresh database, each counting all the others; stop
    them and drop the database afterwards."""
    binary = interop_server_binary()
    if not binary.is_file():
        pytest.fail(f"interop server binary {binary} not found "
                    "(build it, or set SIO_INTEROP_SERVER_BIN)")
    cluster = ClusterNodes(binary, tmp_path_factory.mktemp("sio-cluster"), postgres_url, names,
                           extra_args)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres_url):
    """Two nodes, `node-a` and `node-b` (sio-interop-server --postgres), that count each other."""
    yield from run_cluster(tmp_path_factory, postgres_url, ["node-a", "node-b"])


@pytest.fixture
def make_client():
    """Factory: a connected python-engineio client; all are disconnected after the test."""
    clients: list[EchoClient] = []

    def connect(server: ServerProcess, transports: list[str] | None = None,
                cls: type[EchoClient] = EchoClient) -> EchoClient:
        client = cls()
        clients.append(client)
        client.connect(server.url, transports=transports)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def bystander(server, make_client) -> EchoClient:
    """A session opened before the test's misbehaving one; it must keep working."""
    return make_client(server, ["polling"])


@pytest.fixture(autouse=True)
def _deadline(request):
    """Fail a test that runs longer than TEST_DEADLINE (or its module's own TEST_DEADLINE)
    instead of hanging the suite."""
    deadline = getattr(request.module, "TEST_DEADLINE", TEST_DEADLINE)

    def expire(signum, frame):
        raise TimeoutError(f"test exceeded its {deadline}s deadline")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, deadline)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- demo sio-server processes with the admin namespace (test_admin.py) ----------------------

ADMIN_USER = "admin"
ADMIN_PASSWORD = "s3cret-pw"
ADMIN_PING_INTERVAL_MS = 500  # short, so x_latency samples come at once
ADMIN_SERVER_FIXTURES = ("admin_server", "admin_auth_server", "admin_readonly_server",
                         "admin_production_server", "fresh_admin_server")


def _run_admin_server(tmp_path_factory, name: str, extra_args: list[str]):
    """The demo `sio-server` (no --conformance: admin namespace at /admin, demo handlers on /)."""
    binary = server_binary()
    if not binary.is_file():
        pytest.fail(f"server binary {binary} not found (build it, or set SIO_SERVER_BIN)")
    log_path = tmp_path_factory.mktemp("sio-admin-server") / f"{name}.log"
    server = ServerProcess(binary, log_path,
                           ["--ping-interval", str(ADMIN_PING_INTERVAL_MS), *extra_args],
                           log_level="info", base_args=())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def admin_password_hash() -> str:
    """A bcrypt hash of ADMIN_PASSWORD made by `sio-server hash-password` (cost 4: fast logins)."""
    import subprocess
    result = subprocess.run([str(server_binary()), "hash-password", "--cost", "4"],
                            input=ADMIN_PASSWORD, capture_output=True, text=True, timeout=10)
    assert result.returncode == 0, f"hash-password failed: {result.stderr}"
    digest = result.stdout.strip()
    assert digest.startswith("$2") and len(digest) == 60, digest
    return digest


@pytest.fixture(scope="session")
def _admin_server(tmp_path_factory):
    yield from _run_admin_server(tmp_path_factory, "admin-dev", [])


@pytest.fixture(scope="session")
def _admin_auth_server(tmp_path_factory, admin_password_hash):
    yield from _run_admin_server(tmp_path_factory, "admin-auth",
                                 ["--admin-user", ADMIN_USER,
                                  "--admin-password-hash", admin_password_hash])


@pytest.fixture(scope="session")
def _admin_readonly_server(tmp_path_factory):
    yield from _run_admin_server(tmp_path_factory, "admin-readonly", ["--admin-readonly"])


@pytest.fixture(scope="session")
def _admin_production_server(tmp_path_factory):
    yield from _run_admin_server(tmp_path_factory, "admin-production",
                                 ["--admin-mode", "production"])


@pytest.fixture
def admin_server(_admin_server):
    """Demo sio-server, admin in development mode, no admin authentication, ping 500 ms."""
    yield from _watched(_admin_server)


@pytest.fixture
def admin_auth_server(_admin_auth_server):
    """Like admin_server, with --admin-user ADMIN_USER and a hash of ADMIN_PASSWORD."""
    yield from _watched(_admin_auth_server)


@pytest.fixture
def admin_readonly_server(_admin_readonly_server):
    """Like admin_server, with --admin-readonly."""
    yield from _watched(_admin_readonly_server)


@pytest.fixture
def admin_production_server(_admin_production_server):
    """Like admin_server, with --admin-mode production."""
    yield from _watched(_admin_production_server)


@pytest.fixture
def fresh_admin_server(tmp_path_factory):
    """A new admin_server-like process for this test alone (exact counts, idle behaviour)."""
    process = _run_admin_server(tmp_path_factory, "admin-fresh", [])
    server = next(process)
    try:
        yield from _watched(server)
    finally:
        process.close()  # stops the server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the tail of each server log used by a failed test to its report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name in ("server", "small_server", "interop_server", "recovery_server",
                     "capped_server", "fast_ping_server", *ADMIN_SERVER_FIXTURES):
            srv = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if isinstance(srv, ServerProcess):
                if srv.alive():
                    report.sections.append((f"{name} log (tail)", srv.log_tail()))
                else:
                    report.sections.append((f"{name} crashed", srv.crash_report()))
        funcargs = getattr(item, "funcargs", {})
        for fixture in funcargs.values():
            if isinstance(fixture, ClusterNodes):
                for name, tail in fixture.logs():
                    report.sections.append((f"cluster {name} log (tail)", tail))
