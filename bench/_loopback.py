"""What the benchmarks share: servers started in their own processes on loopback, and wrk to load them."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wire.auth import digest

REPO = Path(__file__).resolve().parent.parent
BENCH_TOKEN = "bench-editor-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def wait_for_workers(port: int, workers: int, timeout: float = 30.0) -> None:
    """Wait until `workers` processes answer on the shared port. Each worker binds the port when it is ready, and
    the first to do so would otherwise take every connection a load tool opens at once."""
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    while len(seen) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(seen)} of {workers} workers answer on port {port}")
        # A new connection each time: the kernel spreads connections, not requests, over the workers. The request
        # id starts with the answering process's id.
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = conn.recv(65536).decode("latin-1")
        for line in head.split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "x-request-id":
                seen.add(value.strip().split("-")[0])
        time.sleep(0.01)


@contextmanager
def process(
    command: Sequence[str], port: int, *, cwd: Path = REPO, workers: int = 1
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process (with `workers` worker processes) until the block ends, from the moment every worker
    answers; its output goes to the terminal only on failure."""
    proc = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port)
        if workers > 1:
            wait_for_workers(port, workers)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        if proc.returncode not in (0, -15) and proc.stderr is not None:
            sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])


def write_config(folder: Path, port: int, *, extra: str = "", database: str | None = None, server: str = "") -> Path:
    """A config for a benchmark server: `database` (default: SQLite in `folder`), an editor token, three sections;
    `server`: more lines of its `[server]` table."""
    config = folder / "config.toml"
    database = database or f"sqlite:///{folder / 'bench.db'}"
    config.write_text(
        f'[server]\nport = {port}\naccess_log = "{folder / "access.log"}"\nmax_requests_per_client = 0\n{server}'
        f'[storage]\nurl = "{database}"\n'
        '[sections.world]\ntitle = "World"\n[sections.business]\ntitle = "Business"\n'
        '[sections.sport]\ntitle = "Sport"\n'
        '[sources.desk]\nname = "Desk"\nzone = "Europe/Paris"\nrights_holder = "Newswire"\n'
        '[agencies.AFP]\nname = "Agence France-Presse"\ncredited_as = ["told AFP", "(AFP)"]\n'
        f'[editors.bench]\ntoken_sha256 = "{digest(BENCH_TOKEN)}"\n{extra}'
        + ("" if "[public]" in extra else "[public]\nrequests_per_minute = 0\n"),
        encoding="utf-8",
    )
    return config


def newswire(config: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "wire", *arguments, "--config", str(config)]


@dataclass(frozen=True, slots=True)
class Load:
    """What wrk measured."""

    requests_per_second: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers and socket errors
    requests: int


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    script: Path | None = None,
    headers: Sequence[str] = (),
) -> Load:
    """Load `url` with wrk from its own process and read its summary."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = _latency_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Load(rate, p99, errors, requests)


def _latency_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]
