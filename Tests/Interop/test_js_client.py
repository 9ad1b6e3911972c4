"""The official Socket.IO JS client 4.8.1 (its Engine.IO layer) against the echo server.

`js/engine_client.js` loads `.interop/socket.io.min.js` (put there by Scripts/setup) in Node 20 and
drives the bundled engine.io-client Socket directly: polling goes through an XMLHttpRequest shim on
node:http, WebSocket is Node's own (`--experimental-websocket`). Each mode echoes text and binary,
stays connected through >= 3 heartbeats, checks the final transport and closes; the script prints
one JSON line (with a wire trace on failure).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "js" / "engine_client.js"
BUNDLE = Path(os.environ.get("SIO_CLIENT_JS", REPO / ".interop" / "socket.io.min.js"))
NODE = os.environ.get("NODE") or shutil.which("node")

# The script's own hard timeout; both stay under conftest's 15 s per-test deadline.
CLIENT_TIMEOUT_MS = 12_000
RUN_TIMEOUT = 13.5

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed (needed to run the JS client)"),
    pytest.mark.skipif(not BUNDLE.is_file(),
                       reason=f"{BUNDLE} missing: run Scripts/setup to fetch the Socket.IO JS client"),
]

CRASH_RE = re.compile(r"Fatal error|Program crashed")
CRASH_EXIT_WAIT = 5.0  # a crashing server spends ~1 s writing its backtrace before it exits

# mode -> (initial transport, final transport)
MODES = {
    "websocket": ("websocket", "websocket"),
    "polling": ("polling", "polling"),
    "upgrade": ("polling", "websocket"),
}


def server_crash(server) -> str | None:
    """If the server log shows a crash, wait for the process to exit and describe it.

    (So that the crash is reported by the test that caused it, and the shared fixture restarts
    the server before the next test instead of handing it a dying process.)"""
    if not CRASH_RE.search(server.log()):
        return None
    deadline = time.monotonic() + CRASH_EXIT_WAIT
    while server.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.crash_report() if hasattr(server, "crash_report") else server.log_tail()


def run_client(mode: str, server) -> dict:
    """Run the JS client; return its JSON result, failing the test with its message and trace."""
    url = server.url
    env = dict(os.environ, SIO_CLIENT_JS=str(BUNDLE), SIO_CLIENT_TIMEOUT_MS=str(CLIENT_TIMEOUT_MS))
    proc = subprocess.Popen([NODE, "--experimental-websocket", str(SCRIPT), mode, url],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=REPO)
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        pytest.fail(f"JS client ({mode}) did not finish within {RUN_TIMEOUT}s\n"
                    f"stdout:\n{stdout}\nstderr:\n{stderr}")
    finally:
        if proc.poll() is None:  # e.g. the per-test deadline fired while waiting
            proc.kill()
            proc.wait()
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        pytest.fail(f"JS client ({mode}) printed no JSON result (exit {proc.returncode})\n"
                    f"stdout:\n{stdout}\nstderr:\n{stderr}")
    result = json.loads(lines[-1])
    if proc.returncode != 0 or not result.get("ok"):
        trace = "\n".join(result.get("trace", [])) or stderr
        crash = server_crash(server)
        pytest.fail(f"JS client ({mode}) failed (exit {proc.returncode}): {result.get('error')}\n"
                    + (f"THE SERVER CRASHED: {crash}\n" if crash else "")
                    + f"state: {json.dumps({k: v for k, v in result.items() if k != 'trace'})}\n"
                    f"wire trace:\n{trace}", pytrace=False)
    return result


@pytest.mark.parametrize("mode", list(MODES))
def test_official_js_client(server, mode):
    initial, final = MODES[mode]
    result = run_client(mode, server)

    assert result["mode"] == mode
    assert result["bundleVersion"] == "4.8.1"
    assert result["initialTransport"] == initial
    assert result["finalTransport"] == final
    assert result["upgraded"] is (mode == "upgrade")
    assert result["transportHistory"] == ([initial] if initial == final else [initial, final])

    echoes = result["echoes"]
    assert [e["ok"] for e in echoes] == [True, True, True, True], echoes
    hello, binary = echoes[0], echoes[1]
    assert (hello["kind"], hello["sent"], hello["received"], hello["receivedType"]) == \
        ("text", "hello", "hello", "string")
    assert (binary["kind"], binary["sent"], binary["received"], binary["receivedType"]) == \
        ("binary", [1, 2, 3, 4], [1, 2, 3, 4], "ArrayBuffer")
    # The second round goes over the final transport, after the heartbeats.
    assert [e["transportAtSend"] for e in echoes[2:]] == [final, final]
    assert echoes[3]["received"] == [5, 6, 7, 8] and echoes[3]["receivedType"] == "ArrayBuffer"

    assert result["pings"] >= 3, result
    assert result["pingsByTransport"].get(final, 0) >= 1, result
    assert result["connectedMs"] >= 1200
    assert result["closeReason"] == "forced close"

    # The client's close reached the server as a clean close (POST `1` / WebSocket close).
    server.wait_for_close(result["sid"], "transport close")
    assert len(server.close_lines(result["sid"])) == 1
