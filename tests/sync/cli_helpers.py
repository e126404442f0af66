"""Running ``hall-desk`` as a real process against a data directory, with a file keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def desk_env(keyring_file: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALL_DESK_")}
    env.update(
        PYTHON_KEYRING_BACKEND="tests.sync.keyrings.FileKeyring",
        HALL_DESK_TEST_KEYRING=str(keyring_file),
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def hall_desk(
    data_dir: Path,
    keyring_file: Path,
    *args: str,
    stdin: str = "",
    timeout: float = 120,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hall_desk", *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=desk_env(keyring_file, **env),
    )
