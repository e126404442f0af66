"""A real head office for the benchmarks: ``hall-desk-hq serve`` as a subprocess on a free loopback
port, with a new SQLite database that knows hall HA01."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hall_desk.hq.store import HQStore

REPO = Path(__file__).resolve().parents[1]
HALL = "HA01"


class HeadOffice:
    def __init__(self, directory: Path) -> None:
        self.url_db = f"sqlite:///{directory / 'hq.sqlite3'}"
        store = HQStore.open(self.url_db)
        store.add_hall(HALL, "人民路营业厅")
        store.close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hall_desk.hq.cli", "serve", "--host", "127.0.0.1",
             "--port", "0", "--database", self.url_db, "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://"):
            self.process.kill()
            raise SystemExit(f"head office did not start: {line!r}")
        self.url = line.removeprefix("listening on ")

    def add_desk(self, code: str) -> str:
        """Registers the desk at head office; returns its token."""
        store = HQStore.open(self.url_db, create=False)
        try:
            return store.add_desk(code)
        finally:
            store.close()

    def held(self, desk: str) -> int:
        """How many of ``desk``'s events head office stores."""
        store = HQStore.open(self.url_db, create=False)
        try:
            return len(store.events_of(desk))
        finally:
            store.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
