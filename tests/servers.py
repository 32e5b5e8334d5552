"""`newswire serve` in its own process, for the tests that kill, stop or read the output of a real server."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EDITOR_TOKEN
from wire.auth import digest

PARTNER_KEY = "server-partner-key-0123456789"


def _state(pid: int) -> tuple[bool, int] | None:
    """Whether process `pid` runs (an ended process that nobody has reaped yet does not), and its parent; None
    for no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, parent = stat.rsplit(")", 1)[1].split()[:2]
    return state not in "ZX", int(parent)


def children(pid: int) -> list[int]:
    """The running processes whose parent is `pid`."""
    processes = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return [child for child in processes if _state(child) == (True, pid)]


def running(pid: int) -> bool:
    """Whether process `pid` runs (an ended process that nobody has reaped yet does not)."""
    state = _state(pid)
    return state is not None and state[0]


def still_running(pids: list[int], *, within: float) -> list[int]:
    """Those of `pids` that still run after `within` seconds (at once, if none does)."""
    deadline = time.monotonic() + within
    while (left := [pid for pid in pids if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A server process on its own port and SQLite file; its output goes to files in its folder."""

    def __init__(self, folder: Path, *, server: str = "", extra: str = "") -> None:
        """`server`: more lines of the `[server]` table; `extra`: more tables."""
        self.folder = folder
        self.port = free_port()
        self.database = folder / "wire.db"
        self.config = folder / "config.toml"
        self.access_log = folder / "access.log"
        self.output = folder / "output.log"
        self.config.write_text(
            f'[server]\nport = {self.port}\naccess_log = "{self.access_log}"\n{server}'
            f'[storage]\nurl = "sqlite:///{self.database}"\n'
            '[sections.world]\ntitle = "World"\n'
            f'[editors.desk]\ntoken_sha256 = "{digest(EDITOR_TOKEN)}"\n'
            f'[partners.planet]\nname = "Planet"\nkey_sha256 = "{digest(PARTNER_KEY)}"\nsections = ["world"]\n'
            f"{extra}",
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "wire", "serve", "--config", str(self.config)]
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the server did not start: {self.output.read_text()[-2000:]}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> int:
        """SIGTERM, and the exit status once the process has ended."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A `newswire serve` process with the default settings, stopped after the test."""
    server = Server(tmp_path)
    server.start()
    yield server
    server.stop()
