"""The console's 待执行退费 and 营业厅与台席 reads (issue 17), filtered and paged in SQL.

- **待执行退费**: the refunds head office executes (approved at the hall or at head office, paid to
  the phone account: :func:`hall_desk.domain.hq_refunds.needs_execution`) and has not — waiting, or
  failed and waiting to be retried or cancelled — oldest first, read through the partial index
  ``refund_execution_waiting`` on exactly those (schema step 19, kept by triggers). The customer's and the destination's numbers masked.
- **营业厅与台席**: every desk with its hall: last contact (any call, noted by the server) and last
  upload, highest seq and chain state, files held and files its transfers name that head office
  does not hold, escrow versions held, a release code outstanding, token age, TLS at last contact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.refunds import ExecutionState
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.executions import ExecutionOps
from hall_desk.hq.store.paged import (
    REFUND_NUMBER,
    Filters,
    PagedQuery,
    check_page,
    paged_query,
    read_page,
)
from hall_desk.sync.protocol import ChainState

CONTACT_EVERY = timedelta(minutes=1)  # a desk's contact is noted at most this often per worker
# The literal term of the partial index ``refund_execution_waiting`` (schema step 19: the refunds
# still waiting for their execution, kept by triggers; a query must repeat it as it is for
# SQLite's planner to use the index).
WAITING_WHERE = "r.execution_waiting IS NOT NULL"
EXECUTION_FILTERS = (ExecutionState.AWAITING.value, ExecutionState.FAILED.value)


@dataclass(frozen=True)
class ExecutionRow:
    """One row of 待执行退费 (numbers masked)."""

    id: str
    number: str
    hall: str
    desk: str
    complaint_number: str
    main_class: str
    sub_class: str
    customer: str
    amount: str
    destination: str
    state: str  # the decision: 已批准 (at the hall) or 总部已批准
    decided_by: str  # who approved it: head office's operator, or the hall's approver
    decided_at: str
    since: str  # when head office last heard of the approval (the queue's order)
    execution: str  # 待执行 or 执行失败
    failure: str  # why the last attempt failed
    failures: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class DeskRow:
    """One desk on 营业厅与台席."""

    desk: str
    hall: str
    hall_name: str
    revoked: bool
    last_contact: str  # any authenticated call ("" never noted)
    last_contact_tls: bool | None
    last_upload: str  # when its highest-seq event arrived ("" none)
    highest_seq: int
    stored_seq: int  # the highest seq held, contiguous or not
    chain: str  # intact / gap / broken
    chain_detail: str
    files_held: int
    files_missing: int
    escrow_versions: int
    escrow_version: int | None
    release_pending_until: str  # an outstanding escrow release code's expiry ("" none)
    token_issued_at: str
    quarantined: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _destination(full: dict[str, Any], phone: str) -> str:
    """Where the money goes, masked: the method, the account type, the phone account."""
    parts = [str(full.get("method", "")), str(full.get("account_type", ""))]
    shown = " · ".join(p for p in parts if p)
    return f"{shown}（{mask_phone(phone)}）" if phone else shown


class ExecConsoleOps(ExecutionOps):
    """The reads of the console's 待执行退费 and 营业厅与台席 pages."""

    # -- 待执行退费 ---------------------------------------------------------------------------

    @staticmethod
    def _execution_query(
        *,
        hall: str | None = None,
        desk: str | None = None,
        number: str | None = None,
        execution: str | None = None,
    ) -> PagedQuery:
        """The count and page statements (the page's ending ``LIMIT ? OFFSET ?``) and their
        parameters."""
        filters = Filters.fixed(WAITING_WHERE).equal("r.execution_waiting", execution)
        filters.equal("r.hall", hall).equal("r.desk", desk)
        filters.where_if(number, REFUND_NUMBER, number, number)
        return paged_query(
            "r.id, r.number, r.hall, r.desk, c.number, c.main_class, c.sub_class, c.phone,"
            " r.amount, r.state, r.full_state, r.updated_at, d.operator, o.display_name,"
            " d.decided_at, x.state, x.reason, x.failures",
            "FROM refund r LEFT JOIN complaint c ON c.id = r.complaint_id",
            filters,
            "r.updated_at, r.id",
            page_joins="LEFT JOIN refund_execution x ON x.refund_id = r.id"
            " LEFT JOIN refund_decision d ON d.refund_id = r.id"
            " LEFT JOIN operator o ON o.name = d.operator",
        )

    def execution_page(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        hall: str | None = None,
        desk: str | None = None,
        number: str | None = None,
        execution: str | None = None,
    ) -> tuple[list[ExecutionRow], int]:
        """A page of 待执行退费, oldest first, and how many there are in all; ``number`` is a
        refund's or its complaint's number, ``execution`` 待执行 or 执行失败 (None: both)."""
        check_page(page, per_page)
        if execution is not None and execution not in EXECUTION_FILTERS:
            raise HQStoreError("request.invalid", f"execution is one of {EXECUTION_FILTERS}")
        query = self._execution_query(hall=hall, desk=desk, number=number, execution=execution)
        with self._lock:
            rows, total = read_page(self._db, query, page, per_page)
        result = []
        for (
            rid, number_, hall_, desk_, complaint_no, main, sub, phone, amount, state, full_text,
            since, operator, operator_name, decided_at, x_state, reason, failures,
        ) in rows:  # fmt: skip
            full: dict[str, Any] = json.loads(full_text)
            if operator:
                by = f"{operator_name or operator}（总部 {operator}）"
                at = decided_at or ""
            else:
                by = f"{full.get('decided_by_name', '')}（营业厅 {full.get('decided_by_no', '')}）"
                at = str(full.get("decided_at", ""))
            result.append(
                ExecutionRow(
                    id=rid, number=number_, hall=hall_, desk=desk_,
                    complaint_number=complaint_no or str(full.get("complaint_number", "")),
                    main_class=main or "", sub_class=sub or "",
                    customer=mask_phone(phone or ""), amount=amount,
                    destination=_destination(full, phone or ""), state=state,
                    decided_by=by, decided_at=at, since=since,
                    execution=x_state or ExecutionState.AWAITING.value, failure=reason or "",
                    failures=int(failures or 0),
                )
            )  # fmt: skip
        return result, total

    # -- 营业厅与台席 -------------------------------------------------------------------------

    def note_desk_contact(self, desk: str, tls: bool) -> bool:
        """The desk called head office now (over TLS or not): noted unless noted within
        :data:`CONTACT_EVERY` with the same transport. True when written."""
        now = self._clock.now()
        cut = utc_iso(now - CONTACT_EVERY)
        with self._transaction() as db:
            updated = db.execute(
                "UPDATE desk SET last_seen_at = ?, last_seen_tls = ? WHERE code = ?"
                " AND (last_seen_at IS NULL OR last_seen_at < ? OR last_seen_tls <> ?)",
                (utc_iso(now), int(tls), desk, cut, int(tls)),
            ).rowcount
        return bool(updated == 1)

    @staticmethod
    def _desks_query(hall: str | None, desk: str | None) -> PagedQuery:
        filters = Filters.fixed().where("d.code NOT LIKE ?", "%-00")  # not head office's chains
        filters.equal("d.hall", hall).equal("d.code", desk)
        return paged_query(
            "d.code, d.hall, h.name, d.revoked_at, d.last_seen_at, d.last_seen_tls,"
            " d.token_issued_at, coalesce(ch.contiguous_seq, 0), ch.break_seq,"
            " coalesce(ch.break_detail, ''),"
            " (SELECT e.received_at FROM event e WHERE e.desk = d.code ORDER BY e.seq DESC"
            "  LIMIT 1),"
            " (SELECT max(e.seq) FROM event e WHERE e.desk = d.code),"
            " (SELECT count(*) FROM stored_file f WHERE f.desk = d.code),"
            " (SELECT count(*) FROM desk_escrow x WHERE x.desk = d.code),"
            " (SELECT max(x.version) FROM desk_escrow x WHERE x.desk = d.code),"
            " (SELECT r.expires_at FROM escrow_release r WHERE r.desk = d.code),"
            " (SELECT count(*) FROM quarantine q JOIN event e ON e.id = q.event_id"
            "  WHERE e.desk = d.code)",
            "FROM desk d",
            filters,
            "d.hall, d.code",
            page_joins="JOIN hall h ON h.code = d.hall LEFT JOIN chain ch ON ch.desk = d.code",
        )

    def desks_page(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        hall: str | None = None,
        desk: str | None = None,
    ) -> tuple[list[DeskRow], int]:
        """A page of every hall's desks by hall and code, and how many there are in all."""
        check_page(page, per_page)
        query = self._desks_query(hall, desk)
        now = self._now()
        with self._lock:
            rows, total = read_page(self._db, query, page, per_page)
            missing = self._files_missing([str(r[0]) for r in rows])
        result = []
        for (
            code, hall_, hall_name, revoked_at, seen_at, seen_tls, issued_at, contiguous,
            break_seq, break_detail, uploaded_at, stored_seq, files, versions, version,
            release_until, quarantined,
        ) in rows:  # fmt: skip
            if break_seq is not None:
                chain, detail = ChainState.BREAK.value, str(break_detail)
            elif stored_seq is not None and int(stored_seq) > int(contiguous):
                chain, detail = ChainState.GAP.value, f"held up to {stored_seq}"
            else:
                chain, detail = ChainState.INTACT.value, ""
            result.append(
                DeskRow(
                    desk=code, hall=hall_, hall_name=hall_name, revoked=revoked_at is not None,
                    last_contact=seen_at or "",
                    last_contact_tls=None if seen_tls is None else bool(seen_tls),
                    last_upload=uploaded_at or "", highest_seq=int(contiguous),
                    stored_seq=int(stored_seq or 0), chain=chain, chain_detail=detail,
                    files_held=int(files), files_missing=missing.get(code, 0),
                    escrow_versions=int(versions),
                    escrow_version=None if version is None else int(version),
                    release_pending_until=release_until
                    if release_until and release_until > now else "",
                    token_issued_at=issued_at or "", quarantined=int(quarantined),
                )
            )  # fmt: skip
        return result, total

    def _files_missing(self, desks: list[str]) -> dict[str, int]:
        """Per desk (of a page): files its transfers name that head office does not hold."""
        if not desks:
            return {}
        marks = ", ".join("?" for _ in desks)
        named: dict[str, set[str]] = {}
        for source, full_text in self._db.execute(
            "SELECT source_desk, full_state FROM entity_state WHERE kind = 'transfer'"
            f" AND source_desk IN ({marks})",
            desks,
        ).fetchall():
            try:
                full = json.loads(full_text)
            except ValueError:
                continue
            for key in ("files", "documents"):
                for item in full.get(key, []) if isinstance(full, dict) else []:
                    if isinstance(item, dict) and isinstance(item.get("sha256"), str):
                        named.setdefault(source, set()).add(item["sha256"])
        wanted = sorted(set().union(*named.values())) if named else []
        held: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            held |= {
                str(r[0])
                for r in self._db.execute(
                    f"SELECT sha256 FROM stored_file WHERE sha256 IN ({', '.join('?' for _ in chunk)})",
                    chunk,
                ).fetchall()
            }
        return {desk: len(files - held) for desk, files in named.items()}


__all__ = ["DeskRow", "ExecConsoleOps", "ExecutionRow"]
