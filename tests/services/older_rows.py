"""Years of older complaints in a test's store, fast (issue 22, goal 3): copies of a complaint the
services recorded, written with SQL (the triggers keep the search indexes and figures), each
accepted earlier. With the SQLite instructions a call runs (``benchmarks.instructions``: a cost
that does not depend on the machine's load) they show that a list's cost does not grow with them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.storage.db import database


def older_copies(
    complaint_id: str, count: int, *, days_before: int = 1, **columns: object
) -> list[str]:
    """``count`` copies of the complaint ``complaint_id``, accepted ``days_before``, ``days_before``
    + 1, … days before it (with ``columns`` changed, e.g. ``state='已归档'``), oldest last; their
    ids."""
    names = [row[1] for row in database.execute_sql("PRAGMA table_info(complaint)")]
    copied = [n for n in names if n not in ("id", "number", "accepted_at", "search_key", *columns)]
    accepted = database.execute_sql(
        "SELECT accepted_at FROM complaint WHERE id = ?", (complaint_id,)
    ).fetchone()[0]
    ids = []
    with database.atomic():
        for day in range(days_before, days_before + count):
            new_id = str(uuid.uuid4())
            at = utc_iso(parse_utc_iso(accepted) - timedelta(days=day))
            database.execute_sql(
                f"INSERT INTO complaint (id, number, accepted_at, {', '.join([*columns, *copied])})"
                f" SELECT ?, ?, ?, {', '.join(['?'] * len(columns) + copied)}"
                " FROM complaint WHERE id = ?",
                (new_id, f"OLD-{new_id[:13]}", at, *columns.values(), complaint_id),
            )
            ids.append(new_id)
    return ids
