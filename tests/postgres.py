"""A throwaway PostgreSQL cluster for the tests and the benchmarks: initdb and pg_ctl in a private folder.

The cluster listens on a Unix socket in its own folder only (no TCP port to collide with), trusts local
connections, and is removed when done. PostgreSQL refuses to run as root: then every command runs as the
`postgres` user, which owns the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

import asyncpg

PORT = 5432  # only names the socket file (.s.PGSQL.5432) in the cluster's own folder
_SERVICE_USER = "postgres"


def missing() -> str | None:
    """Why a cluster cannot be made on this machine, or None when it can."""
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        return "PostgreSQL 15 (initdb, pg_ctl) not found on PATH"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(_SERVICE_USER)
        except KeyError:
            return "PostgreSQL refuses to run as root, and there is no postgres user to run it as"
        if shutil.which("runuser") is None:
            return "PostgreSQL refuses to run as root, and runuser is missing to run it as postgres"
    return None


class Cluster:
    """One PostgreSQL server in a temporary folder. `fsync=False` trades durability for speed (tests)."""

    def __init__(self, *, fsync: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="newswire-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as_service: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam(_SERVICE_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_service = ["runuser", "-u", _SERVICE_USER, "--"]
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.folder}'",
            "port": str(PORT),
            "max_connections": "300",
            "fsync": "on" if fsync else "off",
            "synchronous_commit": "on" if fsync else "off",
            "full_page_writes": "on" if fsync else "off",
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={PORT}"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    async def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        name = f"newswire_{uuid.uuid4().hex[:12]}"
        connection = await asyncpg.connect(self.url())
        try:
            await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        finally:
            await connection.close()
        return self.url(name)

    def _run(self, program: str, *arguments: str) -> None:
        command: Sequence[str] = [*self._as_service, shutil.which(program) or program, *arguments]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{log}")
