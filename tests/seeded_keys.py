"""A small seed built once per test module with the keyring its desk's keys went to, and that
keyring put in use for each test (the seed's 过户 are sealed with its desk's field key: a whole-chain
verification or a 过户 opens only with it). A plugin of tests/conftest.py: a module that uses
``seeded`` gives ``SEED_ROWS``."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from benchmarks import seed
from hall_desk.storage import sealed
from tests.sync.keyrings import MemoryKeyring


@pytest.fixture(scope="module")
def seeded_with_keys(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, MemoryKeyring]:
    """The module's seed (``SEED_ROWS`` complaints, built in this process) and its keyring."""
    path = tmp_path_factory.mktemp("seed") / seed.STORE_FILE
    backend = MemoryKeyring()
    seed.build(request.module.SEED_ROWS, path, workers=0, quiet=True, keys=backend)
    return path, backend


@pytest.fixture
def seeded(seeded_with_keys: tuple[Path, MemoryKeyring], memory_keyring: MemoryKeyring) -> Path:
    """The seeded store, its desk's keyring in use (memory_keyring puts the previous one back
    afterwards)."""
    path, backend = seeded_with_keys
    keyring.set_keyring(backend)
    sealed.forget_key()
    return path
