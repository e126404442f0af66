"""The store as the UI may know it (issue 21): the UI imports neither ``hall_desk.storage`` nor
``hall_desk.sync`` (an import-linter contract), so what it needs from them comes through here.

- :class:`StoreError` — the store cannot be opened (``code``, ``path``, ``detail``), for the
  message that says why;
- :func:`close_thread_connection` — a worker thread's own connection closed at its end (the
  background runner, ``hall_desk.ui.runner``);
- :class:`QueueStatus`, :class:`DeadLetter`, :class:`Reachability` — the sync queue's state as the
  status bar and the dead-letter view show it (frozen views built by ``hall_desk.sync.outbox``;
  importing them does not load the uploader or httpx);
- :class:`MigrationProgress`, :class:`MigrationInterrupted` — a long schema upgrade's progress and
  the user's 中断 (issue 22), for the 数据升级 window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hall_desk.storage.db import MigrationInterrupted, MigrationProgress, StoreError, database

if TYPE_CHECKING:
    from hall_desk.sync.outbox import DeadLetter, QueueStatus, Reachability

# The sync queue's views load the queue's module: imported when first asked for (below), so the
# sign-in window, whose background runner imports this module, does not load it (issue 22).
_FROM_OUTBOX = frozenset({"DeadLetter", "QueueStatus", "Reachability"})

__all__ = [
    "DeadLetter",
    "MigrationInterrupted",
    "MigrationProgress",
    "QueueStatus",
    "Reachability",
    "StoreError",
    "close_thread_connection",
]


def close_thread_connection() -> None:
    """Close the calling thread's own connection to the store, if it opened one (peewee keeps one
    per thread; a worker thread that ends without closing it leaks it)."""
    if not database.is_closed():
        database.close()


def __getattr__(name: str) -> object:
    """``DeadLetter``, ``QueueStatus`` and ``Reachability`` from :mod:`hall_desk.sync.outbox`,
    imported on first use (PEP 562)."""
    if name in _FROM_OUTBOX:
        from hall_desk.sync import outbox

        return getattr(outbox, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
