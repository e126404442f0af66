"""全省指标's periodic refresher (issue 17 item 6): ``serve`` brings the daily figures up to date
every ``--figures-every`` seconds in the background, so that after a burst of uploads the first
reader of the figures does not pay the whole backlog (a read still refreshes what is left).

One thread per process; across workers one refresh at a time: a worker that finds another's
refresh holding the figures' lock skips its turn (:meth:`FigureOps.refresh_figures_unless_busy`).
:func:`attach` ties it to the app's lifespan (``serve`` runs uvicorn with ``lifespan="on"`` then):
started with the server, stopped at its shutdown — before uvicorn re-raises the SIGTERM it caught —,
a refresh under way waited for so that it commits.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from starlette.applications import Starlette

log = logging.getLogger(__name__)

DEFAULT_EVERY = 60.0  # seconds between two refreshes (``serve --figures-every``; 0: none)


class _Refreshes(Protocol):
    def refresh_figures_unless_busy(self) -> int | None: ...


class FiguresRefresher:
    """Calls ``store.refresh_figures_unless_busy()`` every ``every`` seconds until stopped."""

    def __init__(self, store: _Refreshes, every: float = DEFAULT_EVERY) -> None:
        if every <= 0:
            raise ValueError(f"the figures refresher needs a period above 0 s, not {every}")
        self._store = store
        self._every = every
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="figures-refresher", daemon=True)
        self.refreshes = 0  # refreshes done (a busy turn skipped is not counted)

    def start(self) -> FiguresRefresher:
        self._thread.start()
        log.info("figures refresher: every %g s", self._every)
        return self

    def stop(self, timeout: float = 60.0) -> None:
        """Stop: no new refresh starts; one under way is waited for (up to ``timeout``)."""
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            log.info("figures refresher stopped")

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                moved = self._store.refresh_figures_unless_busy()
            except Exception:  # a failed turn is logged; the next one tries again
                log.exception("figures refresher: the refresh failed")
                continue
            if moved is None:
                log.debug("figures refresher: another worker is refreshing")
                continue
            self.refreshes += 1
            if moved:
                log.info("figures refresher: %d rows brought up to date", moved)


def attach(app: Starlette, store: _Refreshes, every: float) -> FiguresRefresher:
    """A refresher started and stopped with ``app``'s lifespan (around what it already does)."""
    refresher = FiguresRefresher(store, every)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(scope_app: Any) -> AsyncIterator[Any]:
        async with inner(scope_app) as state:
            refresher.start()
            try:
                yield state
            finally:
                await asyncio.to_thread(refresher.stop)

    app.router.lifespan_context = lifespan
    return refresher


__all__ = ["DEFAULT_EVERY", "FiguresRefresher", "attach"]
