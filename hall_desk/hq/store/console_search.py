"""The console's header counts, search and full values (issue 17 items 4 and 5, hdr17).

- **Header counts** (:meth:`SearchOps.header_counts`): each queue's total counted in SQL with the
  statements its page uses (so the header and the page agree), plus what the header highlights:
  media or important complaints waiting in 转总部投诉, those within 2 hours of their reply deadline
  (or past it) or within 2 days of the regulator's 15-day limit, and silent desks (no contact nor
  upload since ``silent_before``: the console passes one working day back).
- **Search** (:meth:`SearchOps.search`): a complaint or a refund by its number, a desk by its code
  (each through an index), complaints by a customer's full phone number; results masked.
- **Full values**: a complaint's (or a refund's complaint's) full phone number, and a phone search,
  for operators, directors, department heads and leadership with a reason; each writes head
  office's own ``identity.viewed`` on the hall's ``<HALL>-00`` chain (who, what was viewed —
  masked, never the number —, the reason, when). Opening a held file writes ``document.viewed``
  likewise. A phone search that finds nothing belongs to no hall: head office's audit log.
- **Who opened it** (:meth:`SearchOps.note_opened`, :meth:`SearchOps.opened_by_others`): one row
  per operator and item in ``console_opened`` (schema step 17).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.hq_refunds import HQRole
from hall_desk.domain.identity import mask_phone, normalise_phone
from hall_desk.domain.payloads import DOCUMENT_VIEWED, IDENTITY_VIEWED
from hall_desk.hq.store.audit import IDENTITY_VIEWED_AUDIT, append_audit
from hall_desk.hq.store.connections import POSTGRES, HQStoreError
from hall_desk.hq.store.console import ConsoleOps
from hall_desk.hq.store.console_exec import WAITING_WHERE, ExecConsoleOps
from hall_desk.hq.store.decisions import DecisionOps
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.hq.store.held import CONFLICT_KIND, FLAG_KIND, QUARANTINE, WAITING_KIND, held_query
from hall_desk.hq.store.transferred import TransferredOps
from hall_desk.sync.protocol import head_office_desk

# Who sees full values (DOMAIN: operators on their queue's items, directors and above);
# auditors and supervisors see masked values only.
FULL_VALUE_ROLES = frozenset(
    {HQRole.OPERATOR, HQRole.DIRECTOR, HQRole.DEPARTMENT_HEAD, HQRole.LEADERSHIP}
)
NEAR_REPLY_DUE = timedelta(hours=2)
NEAR_REGULATOR_DUE = timedelta(days=2)
OPENED_SHOWN = timedelta(minutes=15)
MAX_REASON = 500
MAX_FOUND = 50
NOT_PERMITTED = "identity.not_permitted"
_FOUND = (
    "c.id, c.number, c.hall, c.desk, c.phone, c.main_class, c.sub_class, c.state, c.accepted_at"
)
# The search's statements, each on its index (schema step 17: complaint_number, complaint_phone,
# refund_number; the desk's primary key).
COMPLAINT_BY_NUMBER = f"SELECT {_FOUND} FROM complaint c WHERE c.number = ? ORDER BY c.id LIMIT ?"
COMPLAINT_BY_PHONE = (
    f"SELECT {_FOUND} FROM complaint c WHERE c.phone = ? ORDER BY c.accepted_at DESC, c.id LIMIT ?"
)
REFUND_BY_NUMBER = (
    "SELECT r.id, r.number, r.hall, r.desk, c.number, r.amount, r.state FROM refund r"
    " LEFT JOIN complaint c ON c.id = r.complaint_id WHERE r.number = ? ORDER BY r.id LIMIT ?"
)
DESK_BY_CODE = "SELECT code, hall, revoked_at FROM desk WHERE code = ? AND code NOT LIKE ?"
REASON_REQUIRED = "identity.reason_required"
OUTSIDE_QUEUE = "identity.outside_queue"
# issue 17 (console17b): an operator's phone search finds only the complaints of head office's
# queues they work — 转总部投诉 (transferred to head office, not answered), or with a refund in
# 待总部审批退费 or 待执行退费 (the queue pages' own conditions); directors and above find all.
IN_OPERATOR_QUEUES = (
    "((c.handler_kind = 'head_office' AND c.state = '已转派'"
    " AND NOT EXISTS (SELECT 1 FROM complaint_reply y WHERE y.complaint_id = c.id))"
    " OR EXISTS (SELECT 1 FROM refund r WHERE r.complaint_id = c.id AND (r.state = '待总部审批'"
    f" OR {WAITING_WHERE})))"
)
COMPLAINT_BY_PHONE_IN_QUEUES = (
    f"SELECT {_FOUND} FROM complaint c WHERE c.phone = ? AND {IN_OPERATOR_QUEUES}"
    " ORDER BY c.accepted_at DESC, c.id LIMIT ?"
)


@dataclass(frozen=True)
class HeaderCounts:
    awaiting: int  # 待总部审批退费
    executions: int  # 待执行退费
    transferred: int  # 转总部投诉
    held: int  # 隔离与冲突 (open quarantined, waiting, conflicts, flags)
    silent_desks: int
    media_important: int  # of 转总部投诉: 媒体 or 重要
    near_reply_due: int  # of 转总部投诉: within 2 hours of the reply deadline, or past it
    near_regulator_due: int  # of 转总部投诉: within 2 days of the regulator's limit, or past it

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FoundComplaint:
    id: str
    number: str
    hall: str
    desk: str
    customer: str  # masked
    main_class: str
    sub_class: str
    state: str
    accepted_at: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FoundRefund:
    id: str
    number: str
    hall: str
    desk: str
    complaint_number: str
    amount: str
    state: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FoundDesk:
    code: str
    hall: str
    revoked: bool

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchResult:
    text: str  # what was searched for, as shown (a phone number masked)
    by_phone: bool
    complaints: list[FoundComplaint]
    refunds: list[FoundRefund]
    desks: list[FoundDesk]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "by_phone": self.by_phone,
            "complaints": [c.to_json() for c in self.complaints],
            "refunds": [r.to_json() for r in self.refunds],
            "desks": [d.to_json() for d in self.desks],
        }


def full_phone(text: str) -> str | None:
    """``text`` as a customer's stored number when it is a full phone number, else None."""
    digits = text.strip().replace(" ", "").replace("-", "")
    if not digits or not digits.lstrip("+").isdigit() or len(digits) < 7:
        return None
    try:
        return normalise_phone(digits)
    except ValidationError:
        return None


def may_see_full_values(operator: OperatorIdentity) -> bool:
    try:
        return not operator.revoked and HQRole(operator.role) in FULL_VALUE_ROLES
    except ValueError:
        return False


class SearchOps(DecisionOps):
    """Header counts, search, full values and who opened an item, for the console."""

    # -- header counts -----------------------------------------------------------------------

    def header_counts(
        self, *, silent_before: str, silent_by_hall: dict[str, str] | None = None
    ) -> HeaderCounts:
        """Each queue's count (the statements its page uses) and the highlighted ones. A desk is
        silent when its last contact is at or before ``silent_before``, or before its hall's own
        cutoff in ``silent_by_hall`` (the hall's published calendar, issue 17 console17b)."""
        now = self._clock.now()
        awaiting_sql, _p, awaiting_params = ConsoleOps._awaiting_query()
        exec_sql, _p, exec_params = ExecConsoleOps._execution_query()
        moved_sql, _p, moved_params = TransferredOps._transferred_query(now=utc_iso(now))
        near_reply = utc_iso(now + NEAR_REPLY_DUE)
        near_regulator = utc_iso(now + NEAR_REGULATOR_DUE)
        greatest = "greatest" if self.dialect == POSTGRES else "max"
        silent_sql = (
            "SELECT count(*) FROM desk d WHERE d.code NOT LIKE ? AND d.revoked_at IS NULL"
            f" AND {greatest}(coalesce(d.last_seen_at, ''),"
            " coalesce((SELECT e.received_at FROM event e WHERE e.desk = d.code"
            " ORDER BY e.seq DESC LIMIT 1), '')) BETWEEN '0' AND "
        )
        silent_params: list[Any] = ["%-00"]
        if silent_by_hall:
            silent_sql += "CASE d.hall" + " WHEN ? THEN ?" * len(silent_by_hall) + " ELSE ? END"
            for hall, cutoff in sorted(silent_by_hall.items()):
                silent_params += [hall, cutoff]
        else:
            silent_sql += "?"
        silent_params.append(silent_before)
        with self._lock:
            db = self._db

            def one(sql: str, params: list[Any]) -> int:
                return int(db.execute(sql, params).fetchone()[0])

            held = sum(
                one(*held_query(kind)[::2])
                for kind in (QUARANTINE, WAITING_KIND, CONFLICT_KIND, FLAG_KIND)
            )
            return HeaderCounts(
                awaiting=one(awaiting_sql, awaiting_params),
                executions=one(exec_sql, exec_params),
                transferred=one(moved_sql, moved_params),
                held=held,
                silent_desks=one(silent_sql, silent_params),
                media_important=one(
                    f"{moved_sql} AND (c.media = 1 OR c.important = 1)", moved_params
                ),
                near_reply_due=one(f"{moved_sql} AND c.reply_due < ?", [*moved_params, near_reply]),
                near_regulator_due=one(
                    f"{moved_sql} AND c.regulator_due < ?", [*moved_params, near_regulator]
                ),
            )

    # -- search ------------------------------------------------------------------------------

    @staticmethod
    def _found_complaint(row: Any) -> FoundComplaint:
        return FoundComplaint(
            id=row[0], number=row[1], hall=row[2], desk=row[3], customer=mask_phone(row[4] or ""),
            main_class=row[5], sub_class=row[6], state=row[7], accepted_at=row[8],
        )  # fmt: skip

    def search(self, text: str) -> SearchResult:
        """A complaint or refund by its number, a desk by its code (no phone search: see
        :meth:`search_phone`)."""
        text = text.strip()[:60]
        with self._lock:
            complaints = self._db.execute(COMPLAINT_BY_NUMBER, (text, MAX_FOUND)).fetchall()
            refunds = self._db.execute(REFUND_BY_NUMBER, (text, MAX_FOUND)).fetchall()
            desks = self._db.execute(DESK_BY_CODE, (text.upper(), "%-00")).fetchall()
        return SearchResult(
            text=text,
            by_phone=False,
            complaints=[self._found_complaint(r) for r in complaints],
            refunds=[FoundRefund(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6]) for r in refunds],
            desks=[FoundDesk(r[0], r[1], r[2] is not None) for r in desks],
        )

    @staticmethod
    def _reason(reason: str) -> str:
        reason = reason.strip()
        if not reason:
            raise HQStoreError(REASON_REQUIRED, "a reason is needed to see a full number")
        if len(reason) > MAX_REASON:
            raise HQStoreError("text.too_long", f"the reason is over {MAX_REASON} characters")
        return reason

    @staticmethod
    def _may_see(operator: OperatorIdentity) -> None:
        if not may_see_full_values(operator):
            raise HQStoreError(
                NOT_PERMITTED,
                f"operator {operator.name} ({operator.role}) sees masked values only",
            )

    def _viewed(
        self, hall: str, operator: OperatorIdentity, viewed: str, reason: str,
        *, document: bool = False,
    ) -> dict[str, Any]:  # fmt: skip
        """Head office's own ``identity.viewed`` / ``document.viewed`` on ``<hall>-00``."""
        with self._hall_transaction(hall) as tx:
            payload = {
                "id": str(uuid.uuid4()), "operator": operator.name, "viewed": viewed,
                "reason": reason, "viewed_at": tx.now,
            }  # fmt: skip
            kind = IDENTITY_VIEWED
            if document:
                kind = DOCUMENT_VIEWED
            envelope = self._append_head_office(tx, kind, operator.actor, payload)
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def search_phone(
        self, phone_text: str, reason: str, operator: OperatorIdentity, *, client: str = ""
    ) -> SearchResult:
        """Complaints by a customer's full phone number (masked in the result), for those who
        see full values, with a reason: ``identity.viewed`` on each hall found (what: the number
        masked and the complaints found), or an entry in head office's audit log when none.
        An operator finds only the complaints of the queues they work (:data:`IN_OPERATOR_QUEUES`);
        when the number's complaints are all outside them, the search is refused
        (``identity.outside_queue``) and the refusal is in the audit log."""
        self._may_see(operator)
        why = self._reason(reason)
        phone = full_phone(phone_text)
        if phone is None:
            raise HQStoreError("phone.invalid", "not a full phone number")
        in_queues_only = operator.role == HQRole.OPERATOR.value
        with self._lock:
            sql = COMPLAINT_BY_PHONE_IN_QUEUES if in_queues_only else COMPLAINT_BY_PHONE
            rows = self._db.execute(sql, (phone, MAX_FOUND)).fetchall()
            outside = bool(
                in_queues_only
                and not rows
                and self._db.execute(COMPLAINT_BY_PHONE, (phone, 1)).fetchall()
            )
        found = [self._found_complaint(r) for r in rows]
        masked = mask_phone(phone)
        if outside:
            with self._transaction() as db:
                append_audit(
                    db, self._now(), operator.name, IDENTITY_VIEWED_AUDIT, subject=masked,
                    client=client, detail={"viewed": f"phone search {masked}: refused, its"
                                           " complaints are outside the operator's queues",
                                           "reason": why},
                )  # fmt: skip
            raise HQStoreError(
                OUTSIDE_QUEUE,
                f"operator {operator.name} searches by a full number only the complaints of"
                " head office's queues (转总部投诉, 待总部审批退费, 待执行退费)",
            )
        halls: dict[str, list[str]] = {}
        for complaint in found:
            halls.setdefault(complaint.hall, []).append(complaint.number)
        for hall, numbers in sorted(halls.items()):
            self._viewed(
                hall, operator,
                f"phone search {masked}: complaints {', '.join(numbers)}", why,
            )  # fmt: skip
        if not halls:
            with self._transaction() as db:
                append_audit(
                    db, self._now(), operator.name, IDENTITY_VIEWED_AUDIT, subject=masked,
                    client=client, detail={"viewed": f"phone search {masked}: none found",
                                           "reason": why},
                )  # fmt: skip
        return SearchResult(masked, True, found, [], [])

    # -- full values of one item -----------------------------------------------------------------

    def reveal_phone(
        self, item: str, reason: str, operator: OperatorIdentity
    ) -> tuple[str, str, str]:
        """(complaint number, refund number or '', full phone number) of a complaint (by id or number) or of a refund's complaint
        (a refund's id or number: the phone account it is paid to), for those who see full
        values, with a reason; writes ``identity.viewed`` (the number masked) on its hall. An
        operator sees it only on an item of head office's queues (:data:`IN_OPERATOR_QUEUES`,
        issue 17 item 5); elsewhere it is refused (``identity.outside_queue``) and audited."""
        self._may_see(operator)
        why = self._reason(reason)
        in_queues_only = operator.role == HQRole.OPERATOR.value
        with self._lock:
            row = self._db.execute(
                "SELECT c.hall, c.number, c.phone, '' FROM complaint c"
                " WHERE c.id = ? OR c.number = ?"
                " UNION ALL SELECT r.hall, c.number, c.phone, r.number FROM refund r"
                " JOIN complaint c ON c.id = r.complaint_id WHERE r.id = ? OR r.number = ?"
                " ORDER BY 4 LIMIT 1",
                (item, item, item, item),
            ).fetchone()
        if row is None:
            raise HQStoreError("item.unknown", f"head office holds no complaint or refund {item!r}")
        hall, complaint_number, phone, refund_number = row
        if in_queues_only and not self._in_operator_queues(str(complaint_number)):
            with self._transaction() as db:
                append_audit(
                    db, self._now(), operator.name, IDENTITY_VIEWED_AUDIT,
                    subject=str(refund_number or complaint_number),
                    detail={"viewed": f"full number of {item}: refused, outside the operator's"
                                      " queues", "reason": why},
                )  # fmt: skip
            raise HQStoreError(
                OUTSIDE_QUEUE,
                f"operator {operator.name} sees full numbers only on the items of head office's"
                " queues (转总部投诉, 待总部审批退费, 待执行退费)",
            )
        what = (
            f"refund {refund_number} (complaint {complaint_number})"
            if refund_number
            else f"complaint {complaint_number}"
        )
        self._viewed(hall, operator, f"{what}: customer's phone {mask_phone(phone)}", why)
        return str(complaint_number), str(refund_number or ""), str(phone)

    def _in_operator_queues(self, complaint_number: str) -> bool:
        with self._lock:
            return bool(
                self._db.execute(
                    f"SELECT 1 FROM complaint c WHERE c.number = ? AND {IN_OPERATOR_QUEUES}",
                    (complaint_number,),
                ).fetchone()
            )

    def record_document_viewed(
        self, sha256: str, reason: str, operator: OperatorIdentity
    ) -> dict[str, Any] | None:
        """``document.viewed`` on the hall of a held file (None when head office holds none)."""
        why = self._reason(reason)
        with self._lock:
            row = self._db.execute(
                "SELECT hall, desk, media_type, size FROM stored_file WHERE sha256 = ?", (sha256,)
            ).fetchone()
        if row is None:
            return None
        viewed = f"file {sha256} from desk {row[1]} ({row[2]}, {row[3]} bytes)"
        return self._viewed(row[0], operator, viewed, why, document=True)

    # -- who opened it -----------------------------------------------------------------------

    def note_opened(self, item: str, operator: OperatorIdentity) -> None:
        """``operator`` opened ``item``'s page now (its latest opening kept)."""
        now = self._now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO console_opened (item, operator, opened_at) VALUES (?, ?, ?)"
                " ON CONFLICT (item, operator) DO UPDATE SET opened_at = excluded.opened_at",
                (item, operator.name, now),
            )

    def opened_by_others(self, item: str, operator: OperatorIdentity) -> list[tuple[str, str]]:
        """(name shown, opened at) of the others who opened ``item`` within 15 minutes."""
        since = utc_iso(self._clock.now() - OPENED_SHOWN)
        with self._lock:
            rows = self._db.execute(
                "SELECT coalesce(o.display_name, x.operator), x.opened_at FROM console_opened x"
                " LEFT JOIN operator o ON o.name = x.operator"
                " WHERE x.item = ? AND x.operator <> ? AND x.opened_at >= ?"
                " ORDER BY x.opened_at DESC",
                (item, operator.name, since),
            ).fetchall()
        return [(str(r[0] or ""), str(r[1])) for r in rows]


__all__ = [
    "FoundComplaint",
    "FoundDesk",
    "FoundRefund",
    "HeaderCounts",
    "SearchOps",
    "SearchResult",
    "full_phone",
    "may_see_full_values",
]
