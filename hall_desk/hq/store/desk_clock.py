"""A desk's clock offset against head office's as its uploads report it (issue 17, console17b).

A desk sends its clock (``sent_at``) and its previous round trip with each upload
(:func:`hall_desk.sync.protocol.parse_clock_report`); head office keeps the latest estimate per
desk — the desk's clock minus head office's, ± half the round trip — with when it was recorded
(``desk.clock_offset_ms``, ``clock_offset_bound_ms``, ``clock_offset_at``, schema step 20).
营业厅与台席 and the pages that show a desk's times show it beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hall_desk.hq.store.base import _Base

MAX_CODES = 500  # desks asked for at once (a page's)


@dataclass(frozen=True)
class DeskClock:
    offset_ms: int  # the desk's clock minus head office's (> 0: the desk is ahead)
    bound_ms: int | None  # ± how much (None: the desk sent no round trip)
    at: str  # when head office recorded it (UTC ISO)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def words(self) -> str:
        """In Chinese: 台席时钟快 2.4 秒（±0.1 秒）; within a second: 与总部一致."""
        seconds = abs(self.offset_ms) / 1000
        bound = f"（±{self.bound_ms / 1000:.1f} 秒）" if self.bound_ms is not None else ""
        if seconds < 1 and (self.bound_ms is None or self.bound_ms < 1000):
            return f"与总部相差不到 1 秒{bound}"
        amount = f"{seconds / 60:.1f} 分钟" if seconds >= 120 else f"{seconds:.1f} 秒"
        return f"台席时钟{'快' if self.offset_ms > 0 else '慢'} {amount}{bound}"


class DeskClockOps(_Base):
    """The desks' clock offsets: noted from uploads, read by the console."""

    def note_desk_clock(self, desk: str, offset_ms: int, bound_ms: int | None) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE desk SET clock_offset_ms = ?, clock_offset_bound_ms = ?,"
                " clock_offset_at = ? WHERE code = ?",
                (offset_ms, bound_ms, self._now(), desk),
            )

    def desk_clocks(self, desks: list[str]) -> dict[str, DeskClock]:
        """The recorded offsets of ``desks`` (those with one)."""
        wanted = sorted(set(desks))[:MAX_CODES]
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        with self._lock:
            rows = self._db.execute(
                "SELECT code, clock_offset_ms, clock_offset_bound_ms, clock_offset_at FROM desk"
                f" WHERE code IN ({marks}) AND clock_offset_at IS NOT NULL",
                wanted,
            ).fetchall()
        return {
            r[0]: DeskClock(int(r[1]), None if r[2] is None else int(r[2]), str(r[3])) for r in rows
        }
