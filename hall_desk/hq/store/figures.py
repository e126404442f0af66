"""全省指标 (issue 17 item 3) read from the daily figures intake keeps
(:mod:`hall_desk.hq.store.figure_rows`): per hall and period, and the province's total; the list
behind each figure (the drill-down); ``rebuild-figures``. A period's figures never read
``complaint`` or ``event``: the sums of ``figure_day`` / ``figure_refund_day`` and the open
complaints' deadlines in ``figure_complaint`` (counted against ``now``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.identity import mask_phone
from hall_desk.hq.store.connections import POSTGRES
from hall_desk.hq.store.figure_rows import (
    AFTER_DUE,
    BY_DUE,
    LEVEL_NAMES,
    LEVELS,
    NO_REPLY,
    SUMS,
    rebuild_figures,
    refresh_figures,
)
from hall_desk.hq.store.reads import ReadOps

FIGURES_LOCK = 0x46494755  # "FIGU": PostgreSQL's advisory lock of the one figures refresher

TARGET = 0.95  # DOMAIN.md: 回复及时率 at least 95 %
# The drill-down lists: figure → (SQL condition on figure_complaint aliased f, with ``:now``).
COMPLAINT_LISTS: dict[str, str] = {
    "accepted": "1 = 1",
    "on_time": f"f.due = 1 AND ((f.is_open = 0 AND f.on_time = 1) OR (f.is_open = 1"
    f" AND f.answered_by_due = {BY_DUE} AND f.reply_due >= :now))",
    "late": f"f.due = 1 AND ((f.is_open = 0 AND f.late = 1) OR (f.is_open = 1"
    f" AND (f.answered_by_due = {AFTER_DUE} OR f.reply_due < :now)))",
    "pending": f"f.is_open = 1 AND f.due = 1 AND f.answered_by_due = {NO_REPLY}"
    " AND f.reply_due >= :now",
    "overdue": f"f.is_open = 1 AND f.due = 1 AND f.answered_by_due <> {BY_DUE}"
    " AND f.reply_due < :now",
    "regulator_breach": f"(f.regulator_breach = 1 OR (f.is_open = 1 AND f.answered_by_due ="
    f" {NO_REPLY} AND f.regulator_due <> '' AND f.regulator_due < :now))",
    "repeat": "f.repeat_count = 1",
    "media": "f.media = 1",
    "called_back": "f.called_back = 1",
    "satisfied": "f.satisfied = 1",
}
FIGURE_NAMES = {
    "accepted": "受理投诉",
    "on_time": "按时答复",
    "late": "超时答复",
    "pending": "未到期未答复",
    "overdue": "当前超时未答复",
    "regulator_breach": "超管局15天时限",
    "repeat": "重复投诉",
    "media": "媒体投诉",
    "called_back": "已回访",
    "satisfied": "回访满意",
}


@dataclass
class PeriodFigures:
    """One hall's (or the province's, ``hall`` = '') figures of a period at ``now``."""

    hall: str
    name: str
    accepted: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    overdue: int = 0
    regulator_breach: int = 0
    repeat: int = 0
    media: int = 0
    called_back: int = 0
    satisfied: int = 0
    # (level, state) → [count, fen]
    refunds: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        """回复及时率: on time ÷ (on time + late); None while nothing is decided."""
        decided = self.on_time + self.late
        return self.on_time / decided if decided else None

    @property
    def meets(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= TARGET

    @property
    def repeat_rate(self) -> float | None:
        return self.repeat / self.accepted if self.accepted else None

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.called_back if self.called_back else None

    def add(self, other: PeriodFigures) -> None:
        for name in (
            "accepted", "due", "on_time", "late", "pending", "overdue", "regulator_breach",
            "repeat", "media", "called_back", "satisfied",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, (count, fen) in other.refunds.items():
            held = self.refunds.setdefault(key, [0, 0])
            held[0] += count
            held[1] += fen

    def to_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "hall": self.hall, "name": self.name, "accepted": self.accepted, "due": self.due,
            "on_time": self.on_time, "late": self.late, "pending": self.pending,
            "timeliness": None if rate is None else round(rate, 4),
            "target": TARGET, "meets_target": self.meets, "overdue": self.overdue,
            "regulator_breach": self.regulator_breach, "repeat": self.repeat,
            "repeat_rate": None if self.repeat_rate is None else round(self.repeat_rate, 4),
            "media": self.media, "called_back": self.called_back, "satisfied": self.satisfied,
            "satisfaction": None if self.satisfaction is None else round(self.satisfaction, 4),
            "refunds": [
                {"level": level, "state": state, "count": count, "fen": fen,
                 "amount": f"{fen // 100}.{fen % 100:02d}"}
                for (level, state), (count, fen) in sorted(self.refunds.items())
            ],
        }  # fmt: skip


@dataclass(frozen=True)
class Figures:
    halls: list[PeriodFigures]
    total: PeriodFigures


def _period(hall: str | None) -> tuple[str, list[Any]]:
    clause = "day >= ? AND day <= ?"
    return (clause + " AND hall = ?", [hall]) if hall else (clause, [])


Query = tuple[str, list[Any]]


def whole_months(start_day: str, end_day: str) -> tuple[str, str] | None:
    """The first and last whole months (``YYYY-MM``) inside ``start_day``…``end_day``, or None."""
    try:
        start, end = date.fromisoformat(start_day), date.fromisoformat(end_day)
    except ValueError:
        return None
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = end + timedelta(days=1)
    last = end if after.day == 1 else end.replace(day=1) - timedelta(days=1)
    if first > last:
        return None
    return first.isoformat()[:7], last.isoformat()[:7]


def _sums_query(start_day: str, end_day: str, hall: str | None) -> Query:
    """The period's sums per hall: its whole months from ``figure_month`` (the roll-up of schema
    step 19), the days before and after them from ``figure_day``."""
    columns = ", ".join(SUMS)
    summed = ", ".join(f"sum({c})" for c in SUMS)
    months = whole_months(start_day, end_day)
    only = " AND hall = ?" if hall else ""
    extra = [hall] if hall else []
    if months is None:
        return (
            f"SELECT hall, {summed} FROM figure_day WHERE day >= ? AND day <= ?{only}"
            " GROUP BY hall",
            [start_day, end_day, *extra],
        )
    first, last = months
    return (
        f"SELECT hall, {summed} FROM ("
        f"SELECT hall, {columns} FROM figure_month WHERE month >= ? AND month <= ?{only}"
        f" UNION ALL SELECT hall, {columns} FROM figure_day WHERE day >= ? AND day < ?{only}"
        f" UNION ALL SELECT hall, {columns} FROM figure_day WHERE day > ? AND day <= ?{only}"
        ") AS period GROUP BY hall",
        [first, last, *extra, start_day, f"{first}-01", *extra, f"{last}-31", end_day, *extra],
    )


def _figure_queries(
    start_day: str, end_day: str, hall: str | None, at: str
) -> tuple[Query, Query, Query]:
    """The period's sums, its open complaints counted at ``at``, its refunds."""
    clause, extra = _period(hall)
    days = [start_day, end_day, *extra]
    open_sql = (
        "SELECT hall,"
        f" sum(CASE WHEN due = 1 AND (answered_by_due = {AFTER_DUE} OR reply_due < ?)"
        " THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN due = 1 AND answered_by_due = {BY_DUE} AND reply_due >= ?"
        " THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN due = 1 AND answered_by_due = {NO_REPLY} AND reply_due >= ?"
        " THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN due = 1 AND answered_by_due <> {BY_DUE} AND reply_due < ?"
        " THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN answered_by_due = {NO_REPLY} AND regulator_due <> ''"
        " AND regulator_due < ? THEN 1 ELSE 0 END)"
        f" FROM figure_complaint WHERE is_open = 1 AND {clause} GROUP BY hall"
    )
    return (
        _sums_query(start_day, end_day, hall),
        (open_sql, [at] * 5 + days),
        (
            "SELECT hall, level, state, sum(count), sum(fen) FROM figure_refund_day"
            f" WHERE {clause} GROUP BY hall, level, state",
            days,
        ),
    )


class FigureOps(ReadOps):
    """全省指标's reads (see the module's docstring)."""

    def province_figures(
        self, start_day: str, end_day: str, hall: str | None = None, now: datetime | None = None
    ) -> Figures:
        """Each hall's figures for its complaints accepted (refunds proposed) on the
        Asia/Shanghai days ``start_day``…``end_day`` (``YYYY-MM-DD``, both included), at ``now``;
        every hall is listed (one with nothing shows zeros), or only ``hall``."""
        self.refresh_figures()
        at = utc_iso(now or self._clock.now())
        sums_query, open_query, refunds_query = _figure_queries(start_day, end_day, hall, at)
        with self._lock:
            names = self._db.execute(
                "SELECT code, name FROM hall" + (" WHERE code = ?" if hall else "")
                + " ORDER BY code", [hall] if hall else [],
            ).fetchall()  # fmt: skip
            sums = self._db.execute(*sums_query).fetchall()
            opened = self._db.execute(*open_query).fetchall()
            refunds = self._db.execute(*refunds_query).fetchall()
        by_hall = {code: PeriodFigures(code, name) for code, name in names}
        for row in sums:
            figures = by_hall.get(row[0])
            if figures is None:
                continue
            values = dict(zip(SUMS, (int(v or 0) for v in row[1:]), strict=True))
            figures.accepted, figures.due = values["accepted"], values["due"]
            figures.on_time, figures.late = values["on_time"], values["late"]
            figures.repeat, figures.media = values["repeat_count"], values["media"]
            figures.regulator_breach = values["regulator_breach"]
            figures.called_back, figures.satisfied = values["called_back"], values["satisfied"]
        for code, late, on_time, pending, overdue, breach in opened:
            figures = by_hall.get(code)
            if figures is None:
                continue
            figures.late += int(late or 0)
            figures.on_time += int(on_time or 0)
            figures.pending += int(pending or 0)
            figures.overdue += int(overdue or 0)
            figures.regulator_breach += int(breach or 0)
        for code, level, state, count, fen in refunds:
            if code in by_hall:
                by_hall[code].refunds[(level, state)] = [int(count or 0), int(fen or 0)]
        total = PeriodFigures("", "全省合计")
        for figures in by_hall.values():
            total.add(figures)
        return Figures(list(by_hall.values()), total)

    def figure_complaints(
        self, figure: str, start_day: str, end_day: str, hall: str | None = None, *,
        page: int = 1, per_page: int = 50, now: datetime | None = None,
    ) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
        """The complaints behind one figure (a key of :data:`COMPLAINT_LISTS`), by acceptance
        time, phone numbers masked, and how many."""
        self.refresh_figures()
        condition = COMPLAINT_LISTS[figure].replace(":now", "?")
        at = utc_iso(now or self._clock.now())
        params_now = [at] * condition.count("?")
        clause = "f.day >= ? AND f.day <= ?" + (" AND f.hall = ?" if hall else "")
        days = [start_day, end_day, *([hall] if hall else [])]
        where = f"{clause} AND {condition}"
        with self._lock:
            total = int(
                self._db.execute(
                    f"SELECT count(*) FROM figure_complaint f WHERE {where}", [*days, *params_now]
                ).fetchone()[0]
            )
            rows = self._db.execute(
                "SELECT c.id, c.number, c.hall, c.desk, c.phone, c.state, c.accepted_at,"
                " c.reply_due, c.regulator_due, c.main_class, c.sub_class, c.media, c.repeat"
                f" FROM figure_complaint f JOIN complaint c ON c.id = f.id WHERE {where}"
                " ORDER BY c.accepted_at, c.id LIMIT ? OFFSET ?",
                [*days, *params_now, per_page, (page - 1) * per_page],
            ).fetchall()
        keys = (
            "id", "number", "hall", "desk", "customer", "state", "accepted_at", "reply_due",
            "regulator_due", "main_class", "sub_class", "media", "repeat",
        )  # fmt: skip
        listed = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["customer"] = mask_phone(str(item["customer"]))
            item["media"], item["repeat"] = bool(item["media"]), bool(item["repeat"])
            listed.append(item)
        return listed, total

    def explain_figures(self, start_day: str, end_day: str, at: str) -> list[str]:
        """The query plans of the province's figures of a period (the EXPLAIN test)."""
        plans = []
        with self._lock:
            for sql, params in _figure_queries(start_day, end_day, None, at):
                rows = self._db.execute(
                    ("EXPLAIN QUERY PLAN " if self.dialect == "sqlite" else "EXPLAIN ") + sql,
                    params,
                ).fetchall()
                plans.append("\n".join(" ".join(str(v) for v in row) for row in rows))
        return plans

    @contextmanager
    def _figures_transaction(self) -> Iterator[Any]:
        """A write transaction of the one refresher at a time (SQLite: its single writer;
        PostgreSQL: an advisory lock), so that no contribution is moved twice."""
        with self._transaction() as db:
            if self.dialect == POSTGRES:
                db.execute("SELECT pg_advisory_xact_lock(?)", (FIGURES_LOCK,))
            yield db

    def refresh_figures(self) -> int:
        """Bring the daily figures up to date with the complaints and refunds changed since the
        last refresh (done before every read of them); how many rows were recomputed."""
        with self._figures_transaction() as db:
            return refresh_figures(db)

    def refresh_figures_unless_busy(self) -> int | None:
        """The background refresher's turn (:mod:`hall_desk.hq.figures_refresher`): as
        :meth:`refresh_figures`, but None at once when another worker's refresh holds the lock
        (PostgreSQL), rather than queueing behind it to find nothing left."""
        with self._transaction() as db:
            if self.dialect == POSTGRES:
                taken = db.execute(
                    "SELECT pg_try_advisory_xact_lock(?)", (FIGURES_LOCK,)
                ).fetchone()
                if not taken[0]:
                    return None
            return refresh_figures(db)

    def rebuild_figures(self) -> tuple[int, int]:
        """Every daily figure again from the complaint and refund tables: (complaints,
        refunds)."""
        with self._figures_transaction() as db:
            return rebuild_figures(db)

    def rebuild_figures_if_pending(self) -> tuple[int, int] | None:
        """Rebuild once after the upgrade to schema 17 when rows were held before it (marked in
        ``figure_pending``): (complaints, refunds), or None when nothing was pending."""
        with self._lock:
            pending = self._db.execute("SELECT 1 FROM figure_pending").fetchone()
        return self.rebuild_figures() if pending is not None else None

    def figure_table(self) -> list[tuple[Any, ...]]:
        """The daily tables as rows (for comparing incremental upkeep with a rebuild)."""
        self.refresh_figures()
        with self._lock:
            days = self._db.execute(
                f"SELECT hall, day, {', '.join(SUMS)} FROM figure_day ORDER BY hall, day"
            ).fetchall()
            refunds = self._db.execute(
                "SELECT hall, day, level, state, count, fen FROM figure_refund_day"
                " ORDER BY hall, day, level, state"
            ).fetchall()
            complaints = self._db.execute("SELECT * FROM figure_complaint ORDER BY id").fetchall()
            months = self._db.execute(
                f"SELECT hall, month, {', '.join(SUMS)} FROM figure_month ORDER BY hall, month"
            ).fetchall()
        return (
            [tuple(r) for r in days]
            + [tuple(r) for r in refunds]
            + [tuple(r) for r in complaints]
            + [tuple(r) for r in months]
        )


LEVEL_ORDER = [name for name, _ in LEVELS]
__all__ = ["COMPLAINT_LISTS", "FIGURE_NAMES", "LEVEL_NAMES", "LEVEL_ORDER", "TARGET", "FigureOps"]
