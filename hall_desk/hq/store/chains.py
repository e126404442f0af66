"""The event table and the chains: storing an event under the hall's next receipt number, and the
incremental check of a desk's chain (or head office's own ``H-00``) — per desk the highest
contiguous ``seq`` and its hash, each batch walking only the events above it."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from hall_desk.hq.store.base import _Base, _Tx
from hall_desk.hq.store.connections import _Db
from hall_desk.sync.protocol import (
    ChainReportWire,
    ChainState,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


def _json_text(value: Any) -> str:
    """Canonical JSON (as :func:`hall_desk.domain.envelope.canonical_json`) of data that came off
    the wire and passed ``envelope_problem``: only JSON types, no floats, so the same bytes without
    ``plain_json``'s walk (which costs a third of a batch's time)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class ChainSummary:
    highest_seq: int  # highest seq such that 1..n are all held
    chain: ChainReportWire

    def describe(self) -> str:
        if self.chain.state is ChainState.INTACT:
            return "intact"
        return f"{self.chain.state.value} at {self.chain.seq}"


class ChainOps(_Base):
    """Events stored with their receipt numbers; chains advanced and summarised."""

    @staticmethod
    def _insert_event(tx: _Tx, env: dict[str, Any]) -> None:
        tx.execute(
            "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
            " received_at, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                env["id"], env["hall"], env["desk"], env["seq"], env["type"], env["schema"],
                env["at"], env["actor"], _json_text(env["payload"]),
                env["prev"], env["hash"], tx.now, tx.next_receipt(),
            ),
        )  # fmt: skip

    def _advance_chain(self, tx: _Tx, desk: str) -> ChainSummary:
        tx.execute("INSERT INTO chain (desk) VALUES (?) ON CONFLICT (desk) DO NOTHING", (desk,))
        contiguous, last_hash, break_seq, break_detail = tx.execute(
            "SELECT contiguous_seq, contiguous_hash, break_seq, break_detail FROM chain WHERE desk = ?",
            (desk,),
        ).fetchone()
        before = contiguous
        cursor = tx.execute(
            "SELECT seq, prev, hash FROM event WHERE desk = ? AND seq > ? ORDER BY seq",
            (desk, contiguous),
        )
        for seq, prev, digest in cursor.fetchall():  # stops at the first missing seq
            if seq != contiguous + 1:
                break
            if break_seq is None and prev != last_hash:
                break_seq = seq
                break_detail = f"prev of seq {seq} is not the hash of seq {seq - 1}"
                log.warning("desk %s: hash chain broken at seq %d", desk, seq)
            contiguous, last_hash = seq, digest
        if contiguous != before or break_seq is not None:
            tx.execute(
                "UPDATE chain SET contiguous_seq = ?, contiguous_hash = ?, break_seq = ?,"
                " break_detail = ? WHERE desk = ?",
                (contiguous, last_hash, break_seq, break_detail, desk),
            )
        return self._summary(tx.db, desk, contiguous, break_seq, break_detail)

    @staticmethod
    def _summary(
        db: _Db, desk: str, contiguous: int, break_seq: int | None, detail: str
    ) -> ChainSummary:
        if break_seq is not None:
            return ChainSummary(contiguous, ChainReportWire(ChainState.BREAK, break_seq, detail))
        highest = db.execute("SELECT max(seq) FROM event WHERE desk = ?", (desk,)).fetchone()[0]
        if highest is not None and highest > contiguous:
            missing = contiguous + 1
            return ChainSummary(
                contiguous,
                ChainReportWire(
                    ChainState.GAP, missing, f"seq {missing} is missing (held up to {highest})"
                ),
            )
        return ChainSummary(contiguous, ChainReportWire(ChainState.INTACT))
