"""Keyring backends for tests: in memory (in-process tests) and a JSON file (subprocess tests, via
``PYTHON_KEYRING_BACKEND=tests.sync.keyrings.FileKeyring`` and ``HALL_DESK_TEST_KEYRING=<file>``).
Neither is secret: tests only."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "HALL_DESK_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _load(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("not stored")
        self._save(data)

    def _save(self, data: dict[str, str]) -> None:
        """Whole or not at all (a desk killed while writing must not leave half a file)."""
        partial = self._path.with_name(self._path.name + ".partial")
        partial.write_text(json.dumps(data))
        os.replace(partial, self._path)
