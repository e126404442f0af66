"""A PostgreSQL server of a test's own (issue 18, faults): ``initdb`` into a temporary folder as the
``postgres`` user, on its own port and socket folder, so that stopping or restarting it disturbs no
other test and no other user of the shared server.

    with private_postgres() as server:
        url = server.url                # postgresql://postgres@127.0.0.1:PORT/hq (trust, loopback)
        server.restart()                # pg_ctl restart -m fast: every connection is cut
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "postgres"


def _bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrivatePostgres:
    bindir: Path
    datadir: Path
    sockets: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/hq"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", USER, "--", str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
             "-l", str(self.datadir / "server.log"), "-w", "-t", "60", *args],
            check=True, capture_output=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self._ctl("-o", options, "start")

    def restart(self) -> None:
        """Stop (fast: every session cut, its transaction rolled back) and start again."""
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    bindir = _bin()
    if bindir is None or os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("a private PostgreSQL needs root, runuser and Debian's postgresql binaries")
    entry = pwd.getpwnam(USER)
    base = Path(tempfile.mkdtemp(prefix="hdq-pg-"))
    try:
        os.chown(base, entry.pw_uid, entry.pw_gid)
        server = PrivatePostgres(bindir, base / "data", base, _free_port())
        subprocess.run(
            ["runuser", "-u", USER, "--", str(bindir / "initdb"), "-D", str(server.datadir),
             "-A", "trust", "-U", USER, "--no-sync", "-E", "UTF8", "--locale", "C"],
            check=True, capture_output=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        server.start()
        try:
            subprocess.run(
                ["runuser", "-u", USER, "--", str(bindir / "createdb"), "-h", str(base),
                 "-p", str(server.port), "hq"],
                check=True, capture_output=True, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
