"""What a query costs in SQLite virtual-machine instructions (issue 22, list22): a count that does
not depend on the machine's load, so that a cost growing with the store shows at any size and on a
busy machine (``bench_lists.py`` prints it for every call; the list tests compare it before and
after adding years of older complaints)."""

from __future__ import annotations

from collections.abc import Callable

from hall_desk.storage.db import database

STEP = 100  # instructions between two calls of the counting progress handler


def vm_instructions(call: Callable[[], object]) -> int:
    """About how many SQLite VM instructions ``call`` runs on the store's connection (to the
    nearest hundred per statement)."""
    conn = database.connection()
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    conn.set_progress_handler(tick, STEP)
    try:
        call()
    finally:
        conn.set_progress_handler(None, 0)
    return ticks[0] * STEP
