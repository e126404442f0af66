"""转总部投诉 (issue 17): complaints transferred to head office, for the console.

- **The queue**: complaints whose latest full state has them handled by head office
  (``complaint.handler_kind = 'head_office'``, media complaints included: they are transferred in
  the save that marks them) and still 已转派 (not taken back), not answered by head office; media first, then the
  nearest reply deadline (so the overdue ones come first), on the partial index
  ``complaint_head_office_queue``; filtered (hall, desk, number, overdue only) and paged in SQL.
- **The detail**: the complaint's events head office holds (its desk's and head office's own on
  ``<HALL>-00``, its refunds' too), oldest first, rendered with the desks' wording
  (:mod:`hall_desk.domain.event_texts`); customer numbers masked, transfer parties' names and
  identity data never shown. Its **version** is the receipt number of the latest of those events:
  an action carrying an older one is refused (``complaint.changed``) naming who changed it.
- **Actions** on head office's chain: a reply (:meth:`DecisionOps.reply_complaint`, the CLI's
  rules), a progress note (``complaint.progress``: a promised time in the quiet hours moves to the
  next 08:00) and a hand-back to the hall (``complaint.returned``: the desk puts it onto the first
  responder's 我的跟进 with the note). Operators, directors, department heads and leadership act;
  auditors and supervisors read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.event_texts import event_text, field_text
from hall_desk.domain.hq_refunds import HQRole
from hall_desk.domain.identity import mask_numbers_in_text, mask_phone
from hall_desk.domain.lifecycle import HandlerKind, planned_call_time
from hall_desk.domain.payloads import COMPLAINT_PROGRESS, COMPLAINT_RETURNED, parse_utc
from hall_desk.domain.policy import Policy
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.decisions import LATE_REPLY_CONFIRMED_STATE, DecisionOps
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.hq.store.paged import Filters, PagedQuery, check_page, paged_query, read_page
from hall_desk.sync.protocol import OPERATOR_PREFIX, head_office_desk

HEAD_OFFICE_KIND = HandlerKind.HEAD_OFFICE.value
TRANSFERRED_STATE = ComplaintState.TRANSFERRED.value  # 已转派: with whoever it was handed to
HANDLING_STATE = ComplaintState.HANDLING.value  # 处理中: back at the hall
WORKING_ROLES = frozenset(
    {HQRole.OPERATOR, HQRole.DIRECTOR, HQRole.DEPARTMENT_HEAD, HQRole.LEADERSHIP}
)
# Never shown from an event (a transfer's parties, identity data, signatures, files).
HIDDEN_KEYS = frozenset(
    {
        "hdf1", "parties", "old_holder", "new_holder", "holder_name", "id_number", "address",
        "documents", "files", "signature_sha256", "password_hash", "customer_name", "changes",
        "record", "id",
    }
)  # fmt: skip
# The complaint's fields whose before → after the timeline does not list (bookkeeping).
_NOT_CHANGES = frozenset({"repeat_of", "report_to_hq_now", "record", "updated_at"})


@dataclass(frozen=True)
class TransferredComplaint:
    """One line of 转总部投诉 (the customer's phone masked)."""

    id: str
    number: str
    hall: str
    desk: str
    customer: str
    main_class: str
    sub_class: str
    state: str
    accepted_at: str
    reply_due: str
    regulator_due: str
    overdue: bool
    regulator_overdue: bool
    media: bool
    important: bool
    flags: str  # the flags as text: 媒体 重要 升级 重复 超时 超管局时限 补录 估 已更正
    deadline_estimate: str  # the 估 deadline a correction replaced ('' if none)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TimelineStep:
    """One event of a complaint as the console shows it."""

    at: str
    desk: str
    type: str
    what: str
    who: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    late_entry: bool = False  # 补录: the stated time is in ``lines`` beside the recorded one
    head_office: bool = False

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "lines": [list(pair) for pair in self.lines]}


@dataclass(frozen=True)
class TransferredDetail:
    line: TransferredComplaint
    description: str
    customer_request: str
    first_responder: str
    handler_kind: str
    late_reply: str  # '' / 补录 / 店长已确认 / 总部已认可
    hq_reply: str
    steps: list[TimelineStep]
    version: int  # the receipt number of the latest event held for it

    @property
    def confirmation_pending(self) -> bool:
        """A store manager confirmed a 补录 reply's stated time: head office may accept it."""
        return self.late_reply == LATE_REPLY_CONFIRMED_STATE

    def to_json(self) -> dict[str, Any]:
        return {
            **self.line.to_json(),
            "description": self.description,
            "customer_request": self.customer_request,
            "first_responder": self.first_responder,
            "handler_kind": self.handler_kind,
            "late_reply": self.late_reply,
            "hq_reply": self.hq_reply,
            "version": self.version,
            "timeline": [s.to_json() for s in self.steps],
        }


def _masked(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return mask_numbers_in_text(json.dumps(value, ensure_ascii=False))[:300]
    return mask_numbers_in_text(str(value))


def _label(family: str, key: str) -> str:
    return field_text(family, key) or key


class TransferredOps(DecisionOps):
    """转总部投诉: the queue, a complaint's whole timeline, progress notes and hand-backs."""

    # -- the queue -------------------------------------------------------------------------

    @staticmethod
    def _transferred_query(
        *,
        now: str,
        hall: str | None = None,
        desk: str | None = None,
        number: str | None = None,
        overdue: bool = False,
    ) -> PagedQuery:
        """The queue's count and page statements (the page ending ``LIMIT ? OFFSET ?``) and their
        filter parameters: the partial index complaint_head_office_queue orders and pages it."""
        filters = Filters.fixed(
            "c.handler_kind = 'head_office'",
            f"c.state = '{TRANSFERRED_STATE}'",
            "NOT EXISTS (SELECT 1 FROM complaint_reply r WHERE r.complaint_id = c.id)",
        )
        filters.equal("c.hall", hall).equal("c.desk", desk).equal("c.number", number)
        filters.where_if(overdue, "c.reply_due < ?", now)
        return paged_query(
            "c.id, c.number, c.hall, c.desk, c.phone, c.main_class, c.sub_class, c.state,"
            " c.accepted_at, c.reply_due, c.regulator_due, c.media, c.important, c.escalated,"
            " c.repeat, c.full_state",
            "FROM complaint c",
            filters,
            "c.media DESC, c.reply_due, c.id",
        )

    def transferred_complaints(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        hall: str | None = None,
        desk: str | None = None,
        number: str | None = None,
        overdue: bool = False,
    ) -> tuple[list[TransferredComplaint], int]:
        """A page of 转总部投诉 (media first, then by reply deadline: overdue first) and how many
        there are in all. Filtered and paged in SQL."""
        check_page(page, per_page)
        now = self._now()
        query = self._transferred_query(
            now=now, hall=hall, desk=desk, number=number, overdue=overdue
        )
        with self._lock:
            rows, total = read_page(self._db, query, page, per_page)
        return [self._line(row, now) for row in rows], total

    @staticmethod
    def _line(row: Any, now: str) -> TransferredComplaint:
        state: dict[str, Any] = json.loads(row[15]) if row[15] else {}
        overdue = bool(row[9]) and row[9] < now
        regulator_overdue = bool(row[10]) and row[10] < now
        estimate = str(state.get("reply_due_estimate") or "")
        flags = [
            text
            for text, on in (
                ("媒体", bool(row[11])),
                ("重要", bool(row[12])),
                ("升级", bool(row[13])),
                ("重复", bool(row[14])),
                ("超时", overdue),
                ("超管局时限", regulator_overdue),
                ("补录", bool(state.get("late_reply"))),
                ("估", bool(state.get("reply_due_estimated"))),
                ("已更正", bool(estimate)),
            )
            if on
        ]
        return TransferredComplaint(
            id=row[0], number=row[1], hall=row[2], desk=row[3], customer=mask_phone(row[4] or ""),
            main_class=row[5], sub_class=row[6], state=row[7], accepted_at=row[8],
            reply_due=row[9], regulator_due=row[10], overdue=overdue,
            regulator_overdue=regulator_overdue, media=bool(row[11]), important=bool(row[12]),
            flags=" ".join(flags), deadline_estimate=estimate,
        )  # fmt: skip

    # -- one complaint ---------------------------------------------------------------------

    def _events_of(self, db: Any, complaint_id: str, hall: str, desk: str) -> list[Any]:
        """The events head office holds for the complaint and its refunds, oldest first: its
        desk's and head office's own (``<HALL>-00``), found on the (desk, seq) key."""
        refunds = [
            r[0]
            for r in db.execute(
                "SELECT id FROM refund WHERE complaint_id = ?", (complaint_id,)
            ).fetchall()
        ]
        ids = [complaint_id, *refunds]
        like = " OR ".join("payload LIKE ?" for _ in ids)
        rows = db.execute(
            "SELECT receipt_no, desk, seq, type, at, actor, payload FROM event"
            f" WHERE desk IN (?, ?) AND ({like}) ORDER BY at, desk, seq",
            (desk, head_office_desk(hall), *[f"%{i}%" for i in ids]),
        ).fetchall()
        wanted = set(ids)
        result = []
        for row in rows:
            payload = json.loads(row[6])
            if payload.get("id") in wanted or payload.get("complaint_id") == complaint_id:
                result.append((*row[:6], payload))
        return result

    def _staff_names(self, db: Any, hall: str) -> dict[str, str]:
        names = {}
        for staff_no, state in db.execute(
            "SELECT staff_no, full_state FROM hall_staff WHERE hall = ?", (hall,)
        ).fetchall():
            names[staff_no] = str(json.loads(state).get("name", ""))
        return names

    def _operator_names(self, db: Any) -> dict[str, str]:
        return {
            r[0]: r[1] or r[0]
            for r in db.execute("SELECT name, display_name FROM operator").fetchall()
        }

    def _complaint_row(self, complaint: str) -> Any:
        with self._lock:
            row = self._db.execute(
                "SELECT c.id, c.number, c.hall, c.desk, c.phone, c.main_class, c.sub_class,"
                " c.state, c.accepted_at, c.reply_due, c.regulator_due, c.media, c.important,"
                " c.escalated, c.repeat, c.full_state, c.handler_kind FROM complaint c"
                " WHERE c.id = ? OR c.number = ? ORDER BY c.id LIMIT 1",
                (complaint, complaint),
            ).fetchone()
        if row is None:
            raise HQStoreError("complaint.unknown", f"head office holds no complaint {complaint!r}")
        return row

    def transferred_complaint(self, complaint: str) -> TransferredDetail:
        """A complaint (by id or number) with its whole timeline as head office holds it."""
        row = self._complaint_row(complaint)
        state: dict[str, Any] = json.loads(row[15])
        with self._lock:
            events = self._events_of(self._db, row[0], row[2], row[3])
            staff = self._staff_names(self._db, row[2])
            operators = self._operator_names(self._db)
            reply = self._db.execute(
                "SELECT reply FROM complaint_reply WHERE complaint_id = ?", (row[0],)
            ).fetchone()
        steps = [self._step(e, staff, operators) for e in events]
        version = max((int(e[0] or 0) for e in events), default=0)
        return TransferredDetail(
            line=self._line(row, self._now()),
            description=mask_numbers_in_text(str(state.get("description", ""))),
            customer_request=mask_numbers_in_text(str(state.get("customer_request", ""))),
            first_responder=f"{state.get('first_responder_name', '')}"
            f"（{state.get('first_responder_no', '')}）",
            handler_kind=row[16] or "",
            late_reply=str(state.get("late_reply") or ""),
            hq_reply=reply[0] if reply else "",
            steps=steps,
            version=version,
        )

    @staticmethod
    def _step(
        event: tuple[Any, ...], staff: dict[str, str], operators: dict[str, str]
    ) -> TimelineStep:
        _receipt, desk, _seq, kind, at, actor, payload = event
        family = kind.split(".")[0]
        head_office = actor.startswith(OPERATOR_PREFIX)
        if head_office:
            login = str(payload.get("operator") or actor[len(OPERATOR_PREFIX) :])
            who = f"总部 {operators.get(login, login)}"
        else:
            name = staff.get(actor, "")
            who = f"{name}（{actor}）" if name else actor
        lines: list[tuple[str, str]] = []
        late = False
        if head_office:
            for key, value in payload.items():
                if key not in HIDDEN_KEYS and key not in ("number", "operator"):
                    lines.append((_label(family, key), _masked(value)))
        else:
            if kind in ("complaint.created", "refund.proposed"):
                for key in ("main_class", "sub_class", "description", "customer_request"):
                    if payload.get(key):
                        lines.append((_label(family, key), _masked(payload[key])))
                if kind == "refund.proposed":
                    lines.append((_label(family, "amount"), _masked(payload.get("amount"))))
            else:
                for key, pair in sorted((payload.get("changes") or {}).items()):
                    if (
                        key in _NOT_CHANGES
                        or key in HIDDEN_KEYS
                        or not isinstance(pair, list)
                        or len(pair) != 2
                        or isinstance(pair[1], dict)
                    ):
                        continue
                    shown = mask_phone(str(pair[1])) if key == "phone" else _masked(pair[1])
                    before = mask_phone(str(pair[0])) if key == "phone" else _masked(pair[0])
                    lines.append((_label(family, key), f"{before} → {shown}"))
            record = payload.get("record")
            if isinstance(record, dict):
                late = bool(record.get("late_entry"))
                for key, value in record.items():
                    if (
                        key in HIDDEN_KEYS
                        or key in ("staff_no", "late_entry")
                        or value in ("", None)
                    ):
                        continue
                    lines.append((_label(family, key), _masked(value)))
                if late:  # 补录: the time it was recorded beside the one stated
                    lines.append(("录入时间", at))
                if kind == "complaint.deadline_corrected":
                    lines.append(
                        (
                            "已更正",
                            f"{record.get('applied', '')}（原估 {record.get('estimate', '')}）",
                        )
                    )
        what = event_text(kind) or kind
        if late:
            what = f"{what}（补录）"
        return TimelineStep(at, desk, kind, what, who, lines, late, head_office)

    # -- acting on it ----------------------------------------------------------------------

    @classmethod
    def _may_work(cls, operator: OperatorIdentity) -> None:
        """Operators and those who decide answer transferred complaints; auditors and
        supervisors read them."""
        if operator.revoked or cls._role(operator) not in WORKING_ROLES:
            raise HQStoreError(
                "operator.not_working",
                f"operator {operator.name} ({operator.role}) does not work transferred complaints",
            )

    def _check_version(self, db: Any, row: Any, version: int | None) -> None:
        """``complaint.changed`` when an event newer than ``version`` is held for the complaint,
        naming who wrote it."""
        if version is None:
            return
        events = self._events_of(db, row[0], row[2], row[3])
        newer = [e for e in events if int(e[0] or 0) > version]
        if not newer:
            return
        latest = max(newer, key=lambda e: int(e[0] or 0))
        actor = str(latest[5])
        if actor.startswith(OPERATOR_PREFIX):
            login = str(latest[6].get("operator") or actor[len(OPERATOR_PREFIX) :])
            who = f"head office operator {self._operator_names(db).get(login, login)} ({login})"
        else:
            name = self._staff_names(db, row[2]).get(actor, "")
            who = (
                f"{name} ({actor}) at desk {latest[1]}" if name else f"{actor} at desk {latest[1]}"
            )
        raise HQStoreError(
            "complaint.changed",
            f"complaint {row[1]} changed since it was opened: {event_text(latest[3]) or latest[3]}"
            f" by {who} at {latest[4]}; open it again",
        )

    def changed_since(self, complaint: str, version: int | None) -> None:
        """Refuse (``complaint.changed``) when the complaint changed after ``version``."""
        row = self._complaint_row(complaint)
        with self._lock:
            self._check_version(self._db, row, version)

    def reply_transferred(
        self,
        complaint: str,
        text: str,
        operator: OperatorIdentity,
        *,
        version: int | None = None,
        method: str = "",
        called_at: str | None = None,
        quiet_reason: str = "",
        quiet_note: str = "",
    ) -> dict[str, Any]:
        """Head office's reply from the console: the CLI's ``reply`` (its rules, quiet hours
        included), refused when the complaint changed since ``version``."""
        self._may_work(operator)
        row = self._complaint_row(complaint)
        return self.reply_complaint(
            complaint, text, operator, method=method, called_at=called_at,
            quiet_reason=quiet_reason, quiet_note=quiet_note,
            check=lambda db: self._check_version(db, row, version),
        )  # fmt: skip

    def _hall_policy(self, hall: str) -> Policy:
        document = self.policy(hall)
        return parse_policy_document(document).policy if document else Policy()

    def note_progress(
        self,
        complaint: str,
        text: str,
        operator: OperatorIdentity,
        *,
        promised_at: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """A ``complaint.progress`` note on the complaint's hall chain (shown in the desk's
        timeline); a promised time (UTC ISO) in the quiet hours moves to the next 08:00."""
        self._may_work(operator)
        note = self._decision_text(text, "text")
        row = self._complaint_row(complaint)
        promised: datetime | None = None
        if promised_at:
            promised = parse_utc(promised_at)
            if promised is None:
                raise HQStoreError("progress.promised_at", "promised_at must be a UTC time (…Z)")
        with self._hall_transaction(row[2]) as tx:
            self._check_version(tx.db, row, version)
            payload: dict[str, Any] = {
                "id": row[0], "number": row[1], "text": note, "noted_at": tx.now,
                "operator": operator.name,
            }  # fmt: skip
            if promised is not None:
                moved = planned_call_time(promised.astimezone(UTC), self._hall_policy(row[2]))
                payload["promised_at"] = utc_iso(moved)
                if moved != promised:
                    payload["promised_typed"] = utc_iso(promised)
            envelope = self._append_head_office(tx, COMPLAINT_PROGRESS, operator.actor, payload)
            self._advance_chain(tx, head_office_desk(row[2]))
        return envelope

    def return_complaint(
        self, complaint: str, note: str, operator: OperatorIdentity, *, version: int | None = None
    ) -> dict[str, Any]:
        """Hand a complaint transferred to head office back to its hall with a note
        (``complaint.returned``): its desk puts it onto the first responder's 我的跟进; it leaves
        head office's queue at once: 处理中, as the desk applies it (the handler stays recorded)."""
        self._may_work(operator)
        why = self._decision_text(note, "note")
        row = self._complaint_row(complaint)
        if row[16] != HEAD_OFFICE_KIND or row[7] != TRANSFERRED_STATE:
            raise HQStoreError(
                "complaint.not_with_head_office",
                f"complaint {row[1]} is not with head office: there is nothing to hand back",
            )
        with self._hall_transaction(row[2]) as tx:
            self._check_version(tx.db, row, version)
            payload = {
                "id": row[0], "number": row[1], "note": why, "returned_at": tx.now,
                "operator": operator.name,
            }  # fmt: skip
            envelope = self._append_head_office(tx, COMPLAINT_RETURNED, operator.actor, payload)
            # back at the hall (处理中, as the desk applies it; the handler stays recorded)
            tx.execute("UPDATE complaint SET state = ? WHERE id = ?", (HANDLING_STATE, row[0]))
            self._advance_chain(tx, head_office_desk(row[2]))
        return envelope

    def accept_late_transferred(
        self, complaint: str, note: str, operator: OperatorIdentity, *, version: int | None = None
    ) -> dict[str, Any]:
        """The CLI's ``accept-late-reply`` from the console (its role rule: any but an auditor),
        refused when the complaint changed since ``version``."""
        self.changed_since(complaint, version)
        return self.accept_late_reply(complaint, note, operator)
