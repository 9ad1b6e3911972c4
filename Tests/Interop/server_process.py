"""Start, watch and stop one server process (`sio-server --conformance` by default, or
`sio-interop-server`) for the interop tests."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
READY_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0
CRASH_MARK = re.compile(r"Fatal error|crashed|panic|error:")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class ServerProcess:
    """A running conformance server; stderr (its log) goes to `log_path`."""

    def __init__(self, binary: Path, log_path: Path, extra_args: list[str] | None = None,
                 log_level: str | None = "info", base_args: tuple[str, ...] = ("--conformance",)):
        """`base_args` come first (`--conformance` for sio-server); `--log-level` is passed
        only when `log_level` is not None. A `.py` binary is run with this Python."""
        self.binary = binary
        self.log_path = log_path
        self.extra_args = list(extra_args or [])
        self.log_level = log_level
        self.base_args = tuple(base_args)
        self.first_log = log_path
        self.starts = 1
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "ServerProcess":
        """Launch the server and wait (bounded) until its port accepts connections."""
        self.port = free_port()
        command = [sys.executable, str(self.binary)] if str(self.binary).endswith(".py") \
            else [str(self.binary)]
        level = ["--log-level", self.log_level] if self.log_level is not None else []
        args = [*command, *self.base_args, "--port", str(self.port), "--host", HOST,
                *level, *self.extra_args]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{' '.join(args)} exited with {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server not accepting on port {self.port} after {READY_TIMEOUT}s:\n"
                           f"{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def rss_kib(self) -> int:
        """The server's resident set size (VmRSS) in KiB, from /proc."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError(f"no VmRSS in /proc/{self.pid}/status")

    def restart(self) -> None:
        """Start again after an exit, logging to a fresh file (the old log is kept)."""
        self.stop()
        self.starts += 1
        self.log_path = self.log_path.with_name(f"{self.first_log.stem}-{self.starts}.log")
        self.start()

    def crash_report(self, lines: int = 12) -> str:
        """Exit status and the first lines of the fatal error or backtrace in the log."""
        log = self.log().splitlines()
        start = next((i for i, line in enumerate(log) if CRASH_MARK.search(line)),
                     max(0, len(log) - lines))
        status = self.proc.returncode if self.proc else None
        excerpt = "\n".join(log[start:start + lines])
        return f"exit status {status}; log {self.log_path}:\n{excerpt}"

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)

    # --- log inspection ---------------------------------------------------------------------

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def lines_for(self, sid: str) -> list[str]:
        """Log lines that mention `sid=<sid>`."""
        pattern = re.compile(r"sid=[\"']?" + re.escape(sid) + r"(?![A-Za-z0-9_-])")
        return [line for line in self.log().splitlines() if pattern.search(line)]

    def close_lines(self, sid: str) -> list[str]:
        """The `session closed` lines logged for `sid`."""
        return [line for line in self.lines_for(sid) if "session closed" in line]

    def wait_for_close(self, sid: str, reason: str | None, timeout: float = 3.0) -> str:
        """Wait until the log shows `session closed` for `sid` with `reason=<reason>`
        (any reason when `reason` is None)."""
        wanted = re.compile(r"reason=[\"']?" + re.escape(reason or ""))
        deadline = time.monotonic() + timeout
        while True:
            lines = self.close_lines(sid)
            for line in lines:
                if wanted.search(line):
                    return line
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        mentioned = "\n".join(self.lines_for(sid)) or "(no line mentions this sid)"
        raise AssertionError(
            f"no 'session closed' with reason={reason!r} for sid={sid} within {timeout}s; "
            f"lines for that sid:\n{mentioned}")

    # --- Socket.IO socket log lines (`socket connected nsp=/ id=X`,
    #     `socket disconnected nsp=/ id=X reason=…`; swift-log prints metadata as key=value) -------

    def socket_lines(self, socket_id: str) -> list[str]:
        """Log lines that mention `id=<socket_id>`."""
        pattern = re.compile(r"(?<![A-Za-z0-9_])id=[\"']?" + re.escape(socket_id) + r"(?![A-Za-z0-9_-])")
        return [line for line in self.log().splitlines() if pattern.search(line)]

    def socket_disconnect_lines(self, socket_id: str) -> list[str]:
        return [line for line in self.socket_lines(socket_id) if "socket disconnected" in line]

    def wait_for_socket_disconnect(self, socket_id: str, reason: str | None,
                                   timeout: float = 3.0) -> str:
        """Wait until the log shows `socket disconnected` for `socket_id` with
        `reason=<reason>` (any reason when `reason` is None); return the line."""
        wanted = re.compile(r"reason=[\"']?" + re.escape(reason or "")
                            + (r"[\"']?(?= \[| [A-Za-z_]+=|$)" if reason else ""))
        deadline = time.monotonic() + timeout
        while True:
            for line in self.socket_disconnect_lines(socket_id):
                if wanted.search(line):
                    return line
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        mentioned = "\n".join(self.socket_lines(socket_id)) or "(no line mentions this id)"
        raise AssertionError(
            f"no 'socket disconnected' with reason={reason!r} for id={socket_id} within "
            f"{timeout}s; lines for that id:\n{mentioned}")
