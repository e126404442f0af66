"""What to watch at province scale (issue 18 item 6; ``hall-desk-hq status --json`` and
``/v1/health``): per hall its queue depth (events waiting for their entity, refunds waiting for a
head-office decision or for execution), its quarantine rate over the last hour, the oldest refund
approved and not executed, its silent desks; the PostgreSQL pool's waits (per worker) and the
replicas' lag. The thresholds are the README's ("Deployment: many workers")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.domain.refunds import RefundState
from hall_desk.hq.store.connections import POSTGRES
from hall_desk.hq.store.executions import ExecutionOps

SILENT_HOURS = (
    24  # a desk that sent nothing for this long is "silent" (its hall closed, its PC off)
)
RATE_WINDOW = timedelta(hours=1)


@dataclass
class HallFigures:
    hall: str
    desks: int = 0
    waiting_events: int = 0  # held until their entity's creation arrives
    awaiting_decision: int = 0  # refunds waiting for head office's decision (待总部审批)
    awaiting_execution: int = 0  # refunds approved, not executed (待执行, 执行失败)
    oldest_unexecuted_since: str | None = None
    received_last_hour: int = 0
    quarantined_last_hour: int = 0
    silent_desks: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "hall": self.hall,
            "desks": self.desks,
            "waiting_events": self.waiting_events,
            "awaiting_decision": self.awaiting_decision,
            "awaiting_execution": self.awaiting_execution,
            "oldest_unexecuted_since": self.oldest_unexecuted_since,
            "received_last_hour": self.received_last_hour,
            "quarantined_last_hour": self.quarantined_last_hour,
            "silent_desks": self.silent_desks,
        }


class MonitorOps(ExecutionOps):
    """The monitoring figures (reads only)."""

    def clock_now(self) -> datetime:
        """Now, by the store's clock (what the figures were taken against)."""
        now: datetime = self._clock.now()
        return now

    def pool_figures(self) -> dict[str, int] | None:
        """This process's PostgreSQL pool: its size, connections free, requests waiting now, and
        since start the requests that had to wait, their total wait and those that timed out
        (``db.unavailable``); None on SQLite (one connection)."""
        pool = getattr(self._lock, "pool", None)
        if pool is None:
            return None
        stats = pool.get_stats()
        return {
            "size": int(stats.get("pool_size", 0)),
            "available": int(stats.get("pool_available", 0)),
            "waiting": int(stats.get("requests_waiting", 0)),
            "waited": int(stats.get("requests_queued", 0)),
            "wait_ms": int(stats.get("requests_wait_ms", 0)),
            "timeouts": int(stats.get("requests_errors", 0)),
        }

    def replica_lag(self) -> list[dict[str, Any]] | None:
        """Each streaming replica the primary sees, with its replay lag in seconds (None while it
        is idle-caught-up or the role may not see it: grant pg_monitor); None on SQLite."""
        if self.dialect != POSTGRES:
            return None
        with self._lock:
            rows = self._db.execute(
                "SELECT application_name, state, EXTRACT(EPOCH FROM replay_lag)"
                " FROM pg_stat_replication ORDER BY application_name"
            ).fetchall()
        return [
            {
                "name": str(r[0]),
                "state": r[1],
                "replay_lag_s": None if r[2] is None else float(r[2]),
            }
            for r in rows
        ]

    def hall_figures(self, *, silent_hours: int = SILENT_HOURS) -> list[HallFigures]:
        now = self._clock.now()
        since = utc_iso(now - RATE_WINDOW)
        silent_before = now - timedelta(hours=silent_hours)
        halls: dict[str, HallFigures] = {}

        def of(hall: str) -> HallFigures:
            return halls.setdefault(hall, HallFigures(hall))

        with self._lock:
            for (code,) in self._db.execute("SELECT code FROM hall ORDER BY code").fetchall():
                of(str(code))
            desks = self._db.execute(
                "SELECT d.code, d.hall, d.created_at,"
                " (SELECT max(e.received_at) FROM event e WHERE e.desk = d.code)"
                " FROM desk d WHERE d.revoked_at IS NULL AND d.token_hash IS NOT NULL"
                " ORDER BY d.code"
            ).fetchall()
            waiting = self._db.execute(
                "SELECT hall, count(*) FROM intake_waiting GROUP BY hall"
            ).fetchall()
            received = self._db.execute(
                "SELECT d.hall, count(*) FROM event e JOIN desk d ON d.code = e.desk"
                " WHERE e.received_at >= ? GROUP BY d.hall",
                (since,),
            ).fetchall()
            quarantined = self._db.execute(
                "SELECT d.hall, count(*) FROM quarantine q JOIN event e ON e.id = q.event_id"
                " JOIN desk d ON d.code = e.desk WHERE q.at >= ? GROUP BY d.hall",
                (since,),
            ).fetchall()
        for code, hall, created, last in desks:
            if str(code).endswith("-00"):
                continue  # head office's own chain
            figures = of(str(hall))
            figures.desks += 1
            if parse_utc_iso(str(last or created)) < silent_before:
                figures.silent_desks.append(str(code))
        for hall, n in waiting:
            of(str(hall)).waiting_events = int(n)
        for hall, n in received:
            of(str(hall)).received_last_hour = int(n)
        for hall, n in quarantined:
            of(str(hall)).quarantined_last_hour = int(n)
        for queued in self.execution_queue(None):
            figures = of(queued.hall)
            figures.awaiting_execution += 1
            if figures.oldest_unexecuted_since is None or queued.since < (
                figures.oldest_unexecuted_since
            ):
                figures.oldest_unexecuted_since = queued.since
        with self._lock:
            awaiting = self._db.execute(
                "SELECT hall, count(*) FROM refund WHERE state = ? GROUP BY hall",
                (RefundState.AWAITING_HEAD_OFFICE.value,),
            ).fetchall()
        for hall, n in awaiting:
            of(str(hall)).awaiting_decision = int(n)
        return [halls[h] for h in sorted(halls)]
