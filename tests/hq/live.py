"""A real head-office process for tests: ``python -m hall_desk.hq.cli serve`` on 127.0.0.1.

    hq = LiveHQ(tmp_path)                  # or the ``live_hq`` fixture (started, stopped after)
    hq = LiveHQ(tmp_path, database="postgresql://…")   # any database URL head office takes
    hq.start()
    hq.add_hall("HA01", "人民路营业厅")
    token = hq.add_desk("HA01-02")
    httpx.post(hq.url + "/v1/events", headers=hq.auth(token), json=...)
    hq.kill(); hq.restart()                # SIGKILL, then the same database on the same port
    hq.status()["HA01-02"]["stored"]

Halls, desks and status go through :class:`hall_desk.hq.store.HQStore` on the same database (SQLite
in WAL mode, or PostgreSQL, lets the test and the server share it). Without ``database`` it is a
SQLite file in the directory. ``env`` adds environment variables to the server,
e.g. ``{"HALL_DESK_HQ_FAULT": "kill-mid-batch"}``. The server's log is ``<dir>/hq.log``.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall_desk.hq.escrow_keeper import make_key_file as make_escrow_key
from hall_desk.hq.secrets_keeper import make_key_file as make_secrets_key
from hall_desk.hq.store import HQStore
from tests.hq.certificates import ServerCert
from tests.hq.netns import TestHost

START_TIMEOUT = 20.0
REPO = Path(__file__).resolve().parents[2]


class LiveHQ:
    def __init__(
        self,
        directory: Path,
        *,
        env: dict[str, str] | None = None,
        database: str | None = None,
        tls: ServerCert | None = None,
        host: str = "127.0.0.1",
        on: TestHost | None = None,
        args: list[str] | None = None,
        make_keys: bool = True,
    ) -> None:
        """``args``: more ``serve`` options (``["--workers", "2"]``). ``make_keys``: with PostgreSQL,
        make the escrow and secrets key files before the first start (serve no longer does). ``on``: serve inside that test host's network namespace, at its address
        (:mod:`tests.hq.netns`); the database must then be a file (SQLite), not a server on this
        machine's loopback."""
        self.directory = Path(directory)
        self.tls = tls
        self.on = on
        self.host = on.address if on is not None else host
        self.directory.mkdir(parents=True, exist_ok=True)
        self.database_path: Path | None = self.directory / "hq.sqlite3"
        self.database = f"sqlite:///{self.database_path}"
        if database is not None:
            self.database = database
            self.database_path = (
                Path(database[len("sqlite:///") :]) if database.startswith("sqlite:///") else None
            )
        self.log_path = self.directory / "hq.log"
        # head office's escrow private key (issue 9): beside a SQLite database, else in the directory
        self.escrow_key_path = (
            self.database_path.with_name(self.database_path.name + ".escrow-key")
            if self.database_path is not None
            else self.directory / "escrow.key"
        )
        self.env = dict(env or {})
        self.args = list(args or [])
        self.make_keys = make_keys  # PostgreSQL: make missing key files before serve starts
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._log: Any = None

    # --- the process -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("head office is not started")
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, *, env: dict[str, str] | None = None) -> LiveHQ:
        """Start the server (on the last port, if it ran before) and wait until it listens."""
        if self.running:
            raise RuntimeError("head office is already running")
        if env is not None:
            self.env = dict(env)
        try:
            self._spawn(self.port)
        except RuntimeError:
            if not self.port:
                raise
            self._spawn(0)  # the old port was taken meanwhile: take any
        return self

    def _spawn(self, port: int) -> None:
        environment = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        environment.pop("HALL_DESK_HQ_DATABASE", None)
        if self.database_path is None:  # PostgreSQL: the escrow key file has no default place
            environment.setdefault("HALL_DESK_HQ_ESCROW_KEY", str(self.escrow_key_path))
            # … nor the console's secrets key (issue 17)
            environment.setdefault("HALL_DESK_HQ_SECRETS_KEY", str(self.directory / "secrets.key"))
            # with PostgreSQL neither is made on first use (issue 18): made here, as
            # ``hall-desk-hq escrow-key new`` / ``secrets-key new`` would (serve records them)
            if self.make_keys:
                escrow_file = Path(environment["HALL_DESK_HQ_ESCROW_KEY"])
                if not escrow_file.exists():
                    make_escrow_key(escrow_file)
                secrets_file = Path(environment["HALL_DESK_HQ_SECRETS_KEY"])
                if not secrets_file.exists():
                    make_secrets_key(secrets_file)
        self._log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 (closed in _reap)
        tls = (
            ["--certfile", str(self.tls.certfile), "--keyfile", str(self.tls.keyfile)]
            if self.tls is not None
            else []
        )
        self.process = subprocess.Popen(
            [
                *(self.on.prefix if self.on is not None else []),
                sys.executable, "-m", "hall_desk.hq.cli", "serve", "--host", self.host,
                "--port", str(port), "--database", self.database, "--log-level", "info", *tls,
                *self.args,
            ],
            cwd=REPO,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
        )  # fmt: skip
        self._lines = queue.Queue()
        self._reader = threading.Thread(
            target=self._read, args=(self.process, self._lines), daemon=True
        )
        self._reader.start()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is not None and line.startswith(
                ("listening on http://", "listening on https://")
            ):
                self.port = int(line.rsplit(":", 1)[1])
                return
            if line is None:  # exited, or too slow
                self._reap(kill=True)
                raise RuntimeError(f"head office did not start; log:\n{self.log_text()[-3000:]}")

    @staticmethod
    def _read(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())
        lines.put(None)

    def _reap(self, *, kill: bool = False, timeout: float = 10.0) -> int | None:
        process, self.process = self.process, None
        if process is None:
            return None
        if kill and process.poll() is None:
            process.kill()
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait(timeout)
        if self._reader is not None:
            self._reader.join(timeout)
        if process.stdout is not None:
            process.stdout.close()
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def kill(self) -> None:
        """SIGKILL: no clean-up, no last reply."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self._reap()

    def wait_dead(self, timeout: float = 10.0) -> int | None:
        """Wait for a server that kills itself (fault injection); its exit code (−9 for SIGKILL)."""
        if self.process is None:
            return None
        self.process.wait(timeout)
        return self._reap()

    def stop(self) -> None:
        """SIGTERM and wait (uvicorn finishes what it is doing)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self._reap()

    def restart(self, *, env: dict[str, str] | None = None) -> LiveHQ:
        """Stop (if still running) and start again on the same database and, if free, port."""
        self.stop()
        return self.start(env=env)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8") if self.log_path.exists() else ""

    # --- administration (through the store, on the same file) --------------------------------

    def store(self) -> HQStore:
        """A store on the server's database; close it after use."""
        return HQStore.open(self.database)

    def add_hall(self, code: str, name: str = "测试营业厅") -> None:
        store = self.store()
        try:
            store.add_hall(code, name)
        finally:
            store.close()

    def seed_staff(self, hall: str = "HA01", staff_no: str = "3001", role: str = "店长") -> None:
        """Head office's record of a staff account (``tests.hq.envelopes.seed_staff``)."""
        from tests.hq.envelopes import seed_staff

        store = self.store()
        try:
            seed_staff(store, hall, staff_no, role)
        finally:
            store.close()

    def add_desk(self, code: str) -> str:
        """Register a desk (its hall must exist) and return its token."""
        store = self.store()
        try:
            return store.add_desk(code)
        finally:
            store.close()

    def reissue(self, code: str) -> tuple[str, str]:
        """``hall-desk-hq add-desk CODE --new-token`` for a desk head office knows: (the new token,
        the recovery code releasing its key escrow once)."""
        store = self.store()
        try:
            issued = store.reissue_desk(code)
        finally:
            store.close()
        assert issued.recovery_code is not None, f"{code} was not known to head office"
        return issued.token, issued.recovery_code

    def add_operator(
        self, name: str, *, display_name: str | None = None, role: str | None = None
    ) -> str:
        """Register a head-office operator (``role``: operator unless given) and return the
        operator's token."""
        store = self.store()
        try:
            return store.add_operator(name, display_name=display_name, role=role)
        finally:
            store.close()

    def revoke(self, code: str) -> None:
        store = self.store()
        try:
            store.revoke_desk(code)
        finally:
            store.close()

    def status(self) -> dict[str, dict[str, Any]]:
        """Per desk: stored, highest_seq, chain ("intact" / "gap at n" / "break at n"),
        chain_state, chain_seq, quarantined, conflicts, revoked."""
        store = self.store()
        try:
            return {
                s.desk: {
                    "hall": s.hall,
                    "stored": s.stored,
                    "highest_seq": s.highest_seq,
                    "chain": s.describe_chain(),
                    "chain_state": s.chain.state.value,
                    "chain_seq": s.chain.seq,
                    "quarantined": s.quarantined,
                    "conflicts": s.conflicts,
                    "revoked": s.revoked,
                }
                for s in store.status()
            }
        finally:
            store.close()

    @staticmethod
    def auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def live_hq(tmp_path: Path) -> Iterator[LiveHQ]:
    """A started head office on a fresh database in ``tmp_path/hq``; stopped after the test."""
    hq = LiveHQ(tmp_path / "hq").start()
    try:
        yield hq
    finally:
        hq.stop()
