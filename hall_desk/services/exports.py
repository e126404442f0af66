"""Exports of complaint lists to Excel (.xlsx) or CSV (issue 8): every complaint of the list as the
screen filters it (not just the page shown), phone numbers masked (138****5678) unless a store
manager chooses full values.

- The list: the complaint list's search (:class:`~hall_desk.services.search.ComplaintSearch`, the
  same filters, text and order as the screen) or 我的跟进 (a :class:`~hall_desk.services.followup.Scope`).
  Who sees what is the list's own rule (a clerk: their own and those transferred to them).
- Columns: :func:`complaint_columns`. A sensitive column names its
  mask (:class:`hall_desk.domain.exports.Column`): the phone today; an identity number column
  (过户) is one more column with ``mask=mask_id_number``.
- Full values: only ``Permission.SEE_FULL_ID_IN_EXPORTS`` (store manager); anyone else asking is
  refused before anything is read or written. The choice is audited by an ``export.full_values``
  event (who, when, which list and filter — numbers in a search text masked —, the row count, the
  file's name and format, which columns were full; never a number). The file is written outside the
  database, so the event is committed first, in its own unit of work, then the file is written: an
  export that fails or is cancelled afterwards still leaves its audit record (what was asked for),
  never a file without one. A masked export writes no event (the log names list, rows and file).
- Big lists: the ids are read at once, the rows in batches of :data:`BATCH` and streamed to the file
  (:func:`hall_desk.documents.spreadsheet.write_table`); ``progress(done, total)`` is called every
  batch and may return False to cancel (:class:`ExportCancelled`; no file is left behind).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from hall_desk.documents.spreadsheet import write_table
from hall_desk.domain.clock import to_local
from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.errors import DomainError
from hall_desk.domain.exports import (
    CANCELLED,
    WRITE_FAILED,
    Column,
    format_of,
    mask_numbers_in,
    row_values,
    sensitive_keys,
)
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.lifecycle import LATE_ENTRY
from hall_desk.domain.staff import Permission, require
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.followup import Scope, all_follow_up_ids
from hall_desk.services.search import ComplaintSearch, all_matching_ids
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.events import append_event

log = logging.getLogger(__name__)

FULL_VALUES_EVENT = "export.full_values"
BATCH = 500

Progress = Callable[[int, int], bool]  # (rows done, rows in all) → False to cancel


class ExportCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__(CANCELLED)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    full_values: bool
    audit_event_id: str | None  # the export.full_values event, when full values were written


class Line(NamedTuple):
    """What an exported row needs of a complaint (read as plain SQL: a big list reads fast)."""

    id: str
    number: str
    accepted_at: datetime
    customer_name: str
    phone: str
    tier: str
    channel: str
    main_class: str
    sub_class: str
    state: str
    first_responder_no: str
    first_responder_name: str
    reply_due: datetime
    replied_at: datetime | None
    repeat: bool
    escalated: bool
    reply_counted_at: datetime | None  # issue 20: the answer's time for timeliness
    media: bool  # issue 20: 媒体记者
    late_reply: str  # '' / 补录 / 店长已确认 / 总部已认可


_SELECT = f"SELECT {', '.join(Line._fields)} FROM complaint WHERE id IN "
_OPEN = frozenset(s.value for s in OPEN_STATES)


def _line(row: tuple[Any, ...]) -> Line:
    values = dict(zip(Line._fields, row, strict=True))
    for key in ("accepted_at", "reply_due", "replied_at", "reply_counted_at"):
        text = values[key]
        values[key] = datetime.fromisoformat(text) if text else None  # stored '…Z' (UTC)
    values["repeat"], values["escalated"] = bool(values["repeat"]), bool(values["escalated"])
    values["media"] = bool(values["media"])
    return Line(**values)


def _local(at: datetime | None) -> datetime | None:
    """Shanghai wall time without a zone: what a spreadsheet cell holds."""
    return to_local(at).replace(tzinfo=None) if at is not None else None


def _overdue(row: Line, now: datetime) -> bool:
    if row.state in _OPEN:
        return row.reply_due < now
    return row.reply_counted_at is not None and row.reply_counted_at > row.reply_due


def _flags(row: Line) -> str:
    marks = (
        ("重复", row.repeat),
        ("升级", row.escalated),
        ("媒体", row.media),  # issue 20: flagged in every list
        (LATE_ENTRY, bool(row.late_reply)),
    )
    return "、".join(text for text, on in marks if on)


def complaint_columns(now: datetime) -> list[Column[Line]]:
    """The exported columns, in order (``now``: for the overdue flag of open complaints)."""
    return [
        Column("number", "投诉编号", lambda r: r.number, width=22),
        Column("accepted_at", "受理时间", lambda r: _local(r.accepted_at), width=17),
        Column("customer_name", "客户姓名", lambda r: r.customer_name, width=12),
        Column("phone", "客户号码", lambda r: r.phone, mask=mask_phone, width=15),
        Column("tier", "客户品牌", lambda r: r.tier, width=9),
        Column("channel", "受理渠道", lambda r: r.channel, width=12),
        Column("main_class", "投诉大类", lambda r: r.main_class, width=10),
        Column("sub_class", "投诉子类", lambda r: r.sub_class, width=20),
        Column("state", "状态", lambda r: r.state, width=8),
        Column("first_responder", "首问责任人",
               lambda r: f"{r.first_responder_name}（{r.first_responder_no}）", width=14),
        Column("reply_due", "答复时限", lambda r: _local(r.reply_due), width=17),
        Column("replied_at", "答复时间", lambda r: _local(r.replied_at), width=17),
        Column("overdue", "超时", lambda r: "超时" if _overdue(r, now) else "", width=6),
        Column("flags", "重复/升级", _flags, width=10),
    ]  # fmt: skip


def describe_search(search: ComplaintSearch) -> dict[str, Any]:
    """What the audit record says about the list: the filters that are set, numbers masked."""
    default = ComplaintSearch()
    described: dict[str, Any] = {}
    for field in fields(ComplaintSearch):
        value = getattr(search, field.name)
        if value == getattr(default, field.name) and field.name not in ("sort", "descending"):
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, str):
            value = mask_numbers_in(value)
        described[field.name] = value
    return described


@signed_in
def export_search(
    ctx: DeskContext,
    session: StaffSession,
    search: ComplaintSearch,
    path: Path,
    *,
    full_values: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """The complaint list as searched and filtered on screen, every page of it."""
    require(session.role, Permission.RECORD_COMPLAINT)
    fmt = format_of(path.name)
    if full_values:
        require(session.role, Permission.SEE_FULL_ID_IN_EXPORTS)
    ids = all_matching_ids(ctx, session, search)
    return _export(
        ctx,
        session,
        ids,
        path,
        fmt,
        "complaint_list",
        describe_search(search),
        full_values=full_values,
        progress=progress,
    )


@signed_in
def export_follow_ups(
    ctx: DeskContext,
    session: StaffSession,
    scope: Scope,
    path: Path,
    *,
    full_values: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """我的跟进 (or the hall's open complaints) in deadline order, all of them."""
    require(session.role, Permission.RECORD_COMPLAINT)
    fmt = format_of(path.name)
    if full_values:
        require(session.role, Permission.SEE_FULL_ID_IN_EXPORTS)
    ids = all_follow_up_ids(session, scope)
    return _export(
        ctx,
        session,
        ids,
        path,
        fmt,
        "follow_ups",
        {"scope": scope.value},
        full_values=full_values,
        progress=progress,
    )


def _rows_of(ids: Sequence[str]) -> Iterator[Line]:
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        sql = _SELECT + "(" + ", ".join("?" * len(batch)) + ")"
        held = {r[0]: _line(r) for r in database.execute_sql(sql, batch)}
        yield from (held[i] for i in batch if i in held)


def _export(
    ctx: DeskContext,
    session: StaffSession,
    ids: list[str],
    path: Path,
    fmt: str,
    list_name: str,
    described: dict[str, Any],
    *,
    full_values: bool,
    progress: Progress | None,
) -> ExportResult:
    now = ctx.clock.now()
    columns = complaint_columns(now)
    total = len(ids)
    event_id = None
    if full_values:
        event_id = _audit_full_values(
            ctx, session, list_name, described, total, path, fmt, sensitive_keys(columns)
        )

    def lines() -> Iterator[list[Any]]:
        if progress is not None and not progress(0, total):
            raise ExportCancelled()
        for done, row in enumerate(_rows_of(ids), start=1):
            yield row_values(columns, row, full_values=full_values)
            if (
                progress is not None
                and (done % 100 == 0 or done == total)
                and not progress(done, total)
            ):
                raise ExportCancelled()

    try:
        written = write_table(
            path,
            fmt,
            [c.header for c in columns],
            lines(),
            widths=[c.width for c in columns],
            title="投诉清单" if list_name == "complaint_list" else "我的跟进",
        )
    except OSError as error:
        raise DomainError(WRITE_FAILED, reason=error.strerror or str(error)) from error
    log.info(
        "export of %s (%d rows, %s, %s) to %s by %s",
        list_name,
        written,
        fmt,
        "full values" if full_values else "masked",
        path.name,
        session.staff_no,
    )
    return ExportResult(path, fmt, written, full_values, event_id)


def _audit_full_values(
    ctx: DeskContext,
    session: StaffSession,
    list_name: str,
    described: dict[str, Any],
    rows: int,
    path: Path,
    fmt: str,
    sensitive: list[str],
) -> str:
    """The ``export.full_values`` event, committed before the file is written."""
    desk = require_desk()
    record_id = str(uuid.uuid4())
    with unit_of_work():
        append_event(
            hall=desk.code, desk=desk.desk_code, type=FULL_VALUES_EVENT, actor=session.staff_no,
            at=ctx.clock.now(),
            state={
                "id": record_id, "list": list_name, "filter": described, "rows": rows,
                "file_name": path.name, "format": fmt, "full_columns": sensitive,
                "staff_no": session.staff_no, "staff_name": session.name,
            },
        )  # fmt: skip
    return record_id
