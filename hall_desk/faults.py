"""Fault hooks for the crash tests (issue 3, "Faults that must be survived").

``HALL_DESK_FAULT=<point>`` makes the desk process SIGKILL itself when it reaches that named point:

- ``before-commit``: inside a business change's transaction, after its event is appended, before
  COMMIT (:func:`hall_desk.storage.events.append_event`);
- ``mid-batch``: an upload's request body is sent, its reply not yet read
  (:mod:`hall_desk.sync.transport`);
- ``after-hq-stored``: head office's reply is received and parsed, not yet recorded
  (:mod:`hall_desk.sync.runner`);
- ``after-pull-received``: a downlink page is received, not yet applied (:mod:`hall_desk.sync.runner`).

Head office's own (issue 16, :data:`HQ_POINTS`, not among the desk's :data:`POINTS`):

- ``hq-execution-mid``: recording a refund's execution, its event appended on ``<HALL>-00`` and
  its ``refund_execution`` row not yet written, before COMMIT
  (:mod:`hall_desk.hq.store.executions`).

The variable is read once, at import; unset, a hook is one comparison of a module constant. Standard
library only, so any layer may call it.
"""

from __future__ import annotations

import os
import signal
import sys

ENV = "HALL_DESK_FAULT"
POINTS = ("before-commit", "mid-batch", "after-hq-stored", "after-pull-received")
HQ_POINTS = ("hq-execution-mid",)
ARMED = os.environ.get(ENV, "")


def hit(point: str) -> None:
    """Die here, at once and without cleanup, if this is the armed point."""
    if ARMED and point == ARMED:
        sys.stderr.write(f"{ENV}: killing myself at {point}\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
