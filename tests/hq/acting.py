"""The head-office CLI's acting commands read the acting operator's token on standard input
(issue 16): run them in-process with a token there, or as a real process."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from hall_desk.hq.cli import main
from tests.hq.live import REPO


@contextmanager
def token_on_stdin(token: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(token + "\n")
    try:
        yield
    finally:
        sys.stdin = saved


def act(token: str, *argv: str) -> int:
    """``main(argv)`` with ``token`` on standard input."""
    with token_on_stdin(token):
        return main(list(argv))


def hq_process(database: str, token: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m hall_desk.hq.cli ARGV --database DB`` as an operator runs it: a real process,
    the token on its standard input."""
    return subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", *argv, "--database", database],
        input=token + "\n", capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip


def operator_token(database: str, login: str, role: str | None = None) -> str:
    """A working token of ``login`` (registered now, with ``role``, if it is not yet; a fresh
    token for it otherwise)."""
    from hall_desk.hq.store import HQStore, HQStoreError

    store = HQStore.open(database, create=False)
    try:
        try:
            return store.add_operator(login, role=role)
        except HQStoreError as error:
            if error.code != "operator.exists":
                raise
            return store.add_operator(login, role=role, new_token_for_existing=True)
    finally:
        store.close()
