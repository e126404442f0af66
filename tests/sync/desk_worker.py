"""A desk at work, there to be killed: business changes and uploads, over and over, until SIGKILLed.

    python -m tests.sync.desk_worker DATA_DIR SEED

Prints ``ready`` once the store is open, so a kill lands in the work, not in Python's start-up.
Each round commits a random number of events (one transaction) and then runs one upload round,
so a kill can fall inside a business transaction, between them, or anywhere in an upload.
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

from hall_desk.paths import store_path
from hall_desk.services import sync
from hall_desk.services.context import DeskContext
from hall_desk.storage.db import open_store, unit_of_work
from hall_desk.storage.events import append_event


def main(data_dir: str, seed: str) -> None:
    open_store(store_path(Path(data_dir)))
    ctx = DeskContext()
    rng = random.Random(int(seed))
    print("ready", flush=True)
    while True:
        with unit_of_work():
            for _ in range(rng.randrange(1, 300)):
                append_event(
                    hall="HA01",
                    desk="HA01-02",
                    type="document.noted",
                    actor="1001",
                    at=ctx.clock.now(),
                    state={"id": str(uuid.uuid4())},
                )
        sync.sync_now(ctx)


if __name__ == "__main__":
    main(*sys.argv[1:3])
