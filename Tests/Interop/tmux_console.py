"""Drive `sio-console` as a person would, inside a detached tmux session on a private tmux server
(`tmux -L <unique name>`): type keys, read the screen with `capture-pane -p`, wait (bounded) for
what should appear.

The console runs under `sh -c`, which prints `CONSOLE-EXIT=<status>` and the terminal settings
(`stty -a`) once it exits, then keeps the pane open for a while: a test can check how it left
and that the terminal was given back (echo and canonical mode on again). The shell traps SIGINT
(with a no-op, so the console itself still gets the default disposition): Ctrl-C reaches the
whole foreground process group, and a non-interactive dash would otherwise die with the console
before printing the marker.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

WAIT = 10.0          # default bound of every wait for the screen, seconds
POLL = 0.1           # how often the screen is read while waiting
EXIT_MARK = "CONSOLE-EXIT="
EXIT_RE = re.compile(r"CONSOLE-EXIT=(\d+)")
_counter = itertools.count(1)


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


class ScreenTimeout(AssertionError):
    """The screen did not show what was expected in time (carries the last screen)."""


class TmuxConsole:
    """One `sio-console` in a detached tmux session of its own tmux server."""

    def __init__(self, console_bin: Path | str, args: Iterable[str], width: int = 100,
                 height: int = 30, env: dict[str, str] | None = None):
        self.console_bin = str(console_bin)
        self.args = list(args)
        self.width = width
        self.height = height
        self.env = dict(env or {})
        self.socket_name = f"sio-console-test-{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:8]}"
        self.started = False
        self.socket_path = ""
        self.last_screen = ""

    # --- tmux plumbing -------------------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True, timeout: float = 5.0) -> subprocess.CompletedProcess:
        """Run `tmux -u -L <socket> -f /dev/null <args>` (UTF-8, no user configuration)."""
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        env.pop("TMUX", None)
        return subprocess.run(["tmux", "-u", "-L", self.socket_name, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=timeout, check=check,
                              stdin=subprocess.DEVNULL, env=env)

    def start(self) -> "TmuxConsole":
        """Start the tmux server with the console in its only pane."""
        console = " ".join(shlex.quote(part) for part in [self.console_bin, *self.args])
        script = f"trap : INT; {console}; echo {EXIT_MARK}$?; stty -a; sleep 60"
        env_args: list[str] = []
        for key, value in {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **self.env}.items():
            env_args += ["-e", f"{key}={value}"]
        self.tmux("new-session", "-d", "-s", "console", "-x", str(self.width), "-y", str(self.height),
                  *env_args, "sh", "-c", script)
        self.started = True
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}", check=False).stdout.strip()
        return self

    def kill(self) -> None:
        """Stop this tmux server (and with it the console and its shell)."""
        if not self.started:
            return
        self.started = False
        try:
            self.tmux("kill-server", check=False)
        except subprocess.TimeoutExpired:
            pass
        # tmux leaves its socket file behind; it is ours alone (a unique name).
        if self.socket_path and Path(self.socket_path).name == self.socket_name:
            Path(self.socket_path).unlink(missing_ok=True)

    def __enter__(self) -> "TmuxConsole":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.kill()

    # --- the screen ---------------------------------------------------------------------------

    def capture(self, history: bool = False) -> str:
        """The pane's text as shown (with `history`, the scrollback too, wrapped lines joined)."""
        extra = ["-J", "-S", "-200"] if history else []
        result = self.tmux("capture-pane", "-p", "-t", "console", *extra)
        self.last_screen = result.stdout
        return result.stdout

    def lines(self) -> list[str]:
        return self.capture().split("\n")

    def pane_size(self) -> tuple[int, int]:
        out = self.tmux("display-message", "-p", "-t", "console", "#{pane_width} #{pane_height}").stdout
        width, height = out.split()
        return int(width), int(height)

    def wait_for(self, what: str | re.Pattern | Callable[[str], object], timeout: float = WAIT,
                 history: bool = False, why: str = "") -> object:
        """Read the screen until `what` (a substring, a regex, or a predicate returning something
        truthy) matches; return the match (the predicate's value, the regex match, or the screen).
        Fails with the last screen after `timeout` seconds."""
        if isinstance(what, str):
            predicate: Callable[[str], object] = lambda screen: screen if what in screen else None
            description = repr(what)
        elif isinstance(what, re.Pattern):
            predicate = what.search
            description = f"/{what.pattern}/"
        else:
            predicate = what
            description = getattr(what, "__name__", "condition")
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture(history=history)
            found = predicate(screen)
            if found:
                return found
            if time.monotonic() >= deadline:
                raise ScreenTimeout(f"screen did not show {description} within {timeout}s"
                                    f"{' (' + why + ')' if why else ''}; last screen:\n"
                                    f"{framed(screen)}")
            time.sleep(POLL)

    def cursor(self) -> tuple[int, int, bool]:
        """The cursor's column, row and whether it is shown."""
        out = self.tmux("display-message", "-p", "-t", "console",
                        "#{cursor_x} #{cursor_y} #{cursor_flag}").stdout.split()
        return int(out[0]), int(out[1]), out[2] == "1"

    def wait_field(self, label: str, timeout: float = WAIT) -> str:
        """Wait until the visible cursor sits on a prompt row starting with `label` (the field
        being edited, as a person sees it); return that row. Trailing spaces do not count
        (capture-pane drops them)."""
        label = label.rstrip()

        def on_field(screen: str):
            column, row, shown = self.cursor()
            lines = screen.split("\n")
            if shown and row < len(lines) and lines[row].startswith(label):
                return lines[row]
            return None
        on_field.__name__ = f"the cursor in the field {label!r}"
        return self.wait_for(on_field, timeout)

    def wait_gone(self, text: str, timeout: float = WAIT) -> str:
        """Wait until `text` is no longer on the screen; return the screen."""
        def gone(screen: str):
            return screen if text not in screen else None
        gone.__name__ = f"no {text!r}"
        return self.wait_for(gone, timeout)

    # --- keys ---------------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Keys by tmux name (`Enter`, `Escape`, `C-c`, `Down`) or single characters."""
        for key in keys:
            self.tmux("send-keys", "-t", "console", key)

    def type(self, text: str) -> None:
        """Type `text` literally."""
        self.tmux("send-keys", "-t", "console", "-l", text)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "console", "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    # --- after the console ended --------------------------------------------------------------

    def wait_exit(self, timeout: float = WAIT) -> tuple[int, str]:
        """Wait for the `CONSOLE-EXIT=` marker and the `stty -a` output after it; return the
        exit status and everything printed from the marker on."""
        def exited(screen: str):
            at = screen.find(EXIT_MARK)
            # stty -a prints its `speed …` line first and the control characters after it.
            if at >= 0 and re.search(r"\bspeed\b", screen[at:]) and re.search(r"\bicanon\b|-icanon", screen[at:]):
                return screen[at:]
            return None
        exited.__name__ = "the console's exit marker and stty -a"
        tail = self.wait_for(exited, timeout, history=True)
        status = int(EXIT_RE.search(tail).group(1))
        return status, tail


def terminal_flags(stty_output: str) -> dict[str, bool]:
    """The on/off local modes of `stty -a` output that matter here (echo, icanon, isig)."""
    flags = {}
    for name in ("echo", "icanon", "isig", "icrnl", "opost"):
        if re.search(rf"(?<![\w-])-{name}(?!\w)", stty_output):
            flags[name] = False
        elif re.search(rf"(?<![\w-]){name}(?!\w)", stty_output):
            flags[name] = True
    return flags


def framed(screen: str) -> str:
    """The screen between rules, trailing blank lines dropped, for assertion messages."""
    rows = screen.rstrip("\n").split("\n")
    while rows and not rows[-1].strip():
        rows.pop()
    rule = "+" + "-" * 100
    return "\n".join([rule, *("|" + row for row in rows), rule])
