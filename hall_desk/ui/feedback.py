"""Feedback from the click (issue 19): a wait cursor over work that takes a noticeable time (the
first document of a session takes over a second), shown from the click until the work is done.

The work itself runs in the background (issue 21, :mod:`hall_desk.ui.runner`): the window keeps
painting while it runs, with no ``processEvents`` to force the cursor on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hall_desk.domain.errors import DomainError
from hall_desk.ui import runner

T = TypeVar("T")


def busy_in_background(
    name: str,
    work: Callable[[], Any],
    build: Callable[[Any], T],
    show: Callable[[T], None],
    refused: Callable[[DomainError], object],
) -> runner.Job:
    """A wait cursor from now; ``work`` on a worker thread; then on the UI thread ``build(result)``
    still under the cursor (a preview dialog), and ``show(built)`` once the cursor is gone — or
    ``refused(error)`` for a domain error. Any other error is raised again on the UI thread (as if
    the work had run there)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def done(outcome: object) -> None:
        try:
            if isinstance(outcome, BaseException):
                failed = outcome
            else:
                built, failed = build(outcome), None
        finally:
            QApplication.restoreOverrideCursor()
        if failed is None:
            show(built)
        elif isinstance(failed, DomainError):
            refused(failed)
        else:
            raise failed

    return runner.run(name, lambda _report: work(), on_done=done)
