"""Long work off the UI thread: the window stays responsive while a service runs (backup, the
store check, the support bundle)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from hall_desk.domain.errors import DomainError
from hall_desk.storage.db import database

log = logging.getLogger(__name__)


def in_thread(name: str, work: Callable[[], Any], done: Callable[[Any], None]) -> threading.Thread:
    """Run ``work`` in a daemon thread; ``done`` gets its result or the exception (from that thread:
    pass a signal's ``emit``). The thread's own store connection is closed at its end."""

    def run() -> None:
        try:
            result: Any = work()
        except Exception as error:  # never out of the thread
            if not isinstance(error, DomainError):
                log.exception("%s failed", name)
            result = error
        finally:
            try:
                if not database.is_closed():
                    database.close()  # this thread's own connection
            except Exception:
                log.exception("closing the %s thread's connection failed", name)
        done(result)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
