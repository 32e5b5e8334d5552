"""`newswire serve --workers N`: the port is theirs alone, and the workers live and end with their parent."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EDITOR_TOKEN
from tests.servers import Server, children, still_running


def workers_of(server: Server) -> list[int]:
    """The worker processes of a server started with workers (not its multiprocessing helpers)."""
    assert server.process is not None
    return [pid for pid in children(server.process.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def wait_for(condition: object, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Server]:
    """A server with two workers."""
    server = Server(tmp_path, server="workers = 2\n")
    server.start()
    assert wait_for(lambda: len(workers_of(server)) == 2, seconds=30)
    yield server
    server.stop()


def test_workers_do_not_share_a_port_another_server_listens_on(pair: Server, tmp_path: Path) -> None:
    # SO_REUSEPORT would let a second server's workers in beside the first one's, each answering some clients.
    other = tmp_path / "other"
    other.mkdir()
    second = Server(other, server="workers = 2\n")
    command = [sys.executable, "-m", "wire", "serve", "--config", str(second.config), "--port", str(pair.port)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert f"newswire: cannot listen on 127.0.0.1:{pair.port}: " in done.stderr
    assert "serving on" not in done.stderr


def test_workers_stop_when_their_parent_is_killed(pair: Server) -> None:
    workers = workers_of(pair)
    pair.kill()  # SIGKILL: the parent cannot tell them
    assert still_running(workers, within=10) == []


def test_a_worker_that_dies_is_replaced(pair: Server) -> None:
    [first, second] = workers_of(pair)
    os.kill(first, signal.SIGKILL)
    assert wait_for(lambda: len(set(workers_of(pair)) - {first}) == 2, seconds=15)
    assert "ended with exit status -9: starting another" in pair.output.read_text()
    assert second in workers_of(pair)
    with urllib.request.urlopen(f"{pair.url}/healthz", timeout=10) as answer:  # noqa: S310 - a loopback URL
        assert answer.status == 200
    assert pair.terminate() == 0


def test_sighup_reaches_the_workers_and_ends_nobody(pair: Server) -> None:
    workers = workers_of(pair)
    pair.access_log.rename(pair.access_log.with_name("access.log.1"))
    assert pair.process is not None
    pair.process.send_signal(signal.SIGHUP)  # logrotate's postrotate: each worker opens the access log again
    assert wait_for(pair.access_log.exists, seconds=5)
    assert pair.process.poll() is None
    assert workers_of(pair) == workers


def test_each_workers_metrics_carry_its_number(pair: Server) -> None:
    # Each scrape reads the worker that answers it: labelled, each worker's counters are a series that only grows.
    seen: set[str] = set()
    for _ in range(20):
        with urllib.request.urlopen(f"{pair.url}/metrics", timeout=10) as answer:  # noqa: S310 - a loopback URL
            text = answer.read().decode()
        samples = [line for line in text.splitlines() if line.startswith("newswire_requests_total{")]
        if not samples:  # a worker's first scrape: nothing counted yet
            continue
        workers = {match for line in samples for match in re.findall(r'worker="(\d+)"', line)}
        assert len(workers) == 1
        assert all('worker="' in line for line in samples)
        seen |= workers
    assert seen  # which worker answers is the kernel's choice: each labels its own samples
    assert seen <= {"0", "1"}


def test_a_second_signal_that_cuts_requests_off_ends_the_workers_parent_with_status_1(pair: Server) -> None:
    assert pair.process is not None
    line = b'{"id": "slow", "section": "world", "headline": "Slow"}\n'
    head = (
        f"POST /v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {EDITOR_TOKEN}\r\n"
        f"Content-Type: application/x-ndjson\r\nContent-Length: {len(line) * 1000}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", pair.port), timeout=10) as upload:
        upload.sendall(head + line)  # a body that has a long way to go
        time.sleep(1)
        pair.process.send_signal(signal.SIGTERM)  # waits for the upload
        time.sleep(1)
        assert pair.process.poll() is None
        pair.process.send_signal(signal.SIGTERM)  # stops at once: the upload is cut off
        assert pair.process.wait(timeout=30) == 1
