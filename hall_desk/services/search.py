"""Search and filter the complaints (issue 5): by number, phone (complete or some digits), name and
Chinese text in the description, two-character words included, always through an index
(:mod:`hall_desk.storage.search_index`: never a scan of the complaint table for a text).

A clerk searches their own complaints and their follow-ups (first responder or current handler);
shift leaders and store managers the whole hall. Pages of 50 by default; the total is a separate
call (:func:`count_search_results`) so the first page shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from hall_desk.domain.clock import SHANGHAI, utc_iso
from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.staff import Permission, may
from hall_desk.services.complaints import ComplaintSummary, listed_summaries
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.storage.db import database
from hall_desk.storage.search_index import (
    OPEN_STATES_SQL,
    TextMatch,
    fts_only_count,
    match_from,
    newest_first_key,
    owner_count,
    text_match,
)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

# The columns the result table may be sorted by (ComplaintSummary field → SQL).
SORTABLE: dict[str, str] = {
    "number": "c.number",
    "phone": "c.phone",
    "customer_name": "c.customer_name",
    "tier": "c.tier",
    "main_class": "c.main_class",
    "sub_class": "c.sub_class",
    "state": "c.state",
    "accepted_at": "c.accepted_at",
    "reply_due": "c.reply_due",
    "first_responder_name": "c.first_responder_name",
    "handler_name": "c.handler_name",
    "desk_code": "c.desk_code",
    "repeat": "c.repeat",
    "escalated": "c.escalated",
    "important": "c.important",
}


LATE_SQL = (
    f"((c.state IN {OPEN_STATES_SQL} AND c.reply_due < ?)"
    " OR (c.reply_counted_at IS NOT NULL AND c.reply_counted_at > c.reply_due))"
)
"""超时 (one parameter: now, UTC text): open past its deadline, or answered after it — by the time
the answer counts (issue 20: a 补录 reply by the time it was recorded, ``reply_counted_at``). The same
"late" as 回复及时率's (:mod:`hall_desk.domain.reporting`), so the dashboard's figure and this
filter's list agree."""


@dataclass(frozen=True)
class ComplaintSearch:
    """What the search form holds. Empty / None means "any"."""

    text: str = ""
    states: tuple[str, ...] = ()  # ComplaintState values
    main_classes: tuple[str, ...] = ()  # 电信服务 / 网络质量 / 电信资费 / 业务种类
    sub_classes: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()  # Tier values
    channels: tuple[str, ...] = ()  # Channel values (受理渠道)
    first_responders: tuple[str, ...] = ()  # 首问责任人 staff numbers
    overdue: bool | None = None  # True: open past its deadline, or answered after it
    repeat: bool | None = None  # 重复投诉
    escalated: bool | None = None  # 升级投诉
    important: bool | None = None  # 重要投诉
    incident_id: str | None = None  # the complaints of this incident (重大批量投诉)
    in_incident: bool | None = None  # part of any incident / of none
    mine: bool = False  # only mine (first responder or current handler), for anyone
    accepted_from: date | None = None  # local day (Asia/Shanghai), inclusive
    accepted_to: date | None = None  # local day, inclusive
    sort: str = "accepted_at"  # a key of SORTABLE
    descending: bool = True


_OPEN_VALUES = frozenset(state.value for state in OPEN_STATES)


def _few_rows(search: ComplaintSearch) -> bool:
    """Only open complaints sorted by deadline (a few hundred in a store of a million, read
    through the indexes on the open ones): a text is then checked on those rather than driving
    the query, whose every match would be looked up and sorted. Newest first, the index's own
    order still drives (the page stops after 50 matches)."""
    return search.sort == "reply_due" and bool(search.states) and set(search.states) <= _OPEN_VALUES


def _local_midnight_utc(day: date) -> str:
    return utc_iso(datetime.combine(day, time(0), tzinfo=SHANGHAI))


def _conditions(
    session: StaffSession, search: ComplaintSearch, now: datetime, match: TextMatch | None
) -> tuple[str, list[str], list[object], bool]:
    """(FROM, WHERE conditions, parameters, only the text matters) for a search whose text is
    looked up as ``match`` (:func:`text_match`)."""
    if search.sort not in SORTABLE:
        raise ValidationError("search.sort_invalid", "sort", sort=search.sort)
    if (
        search.accepted_from is not None
        and search.accepted_to is not None
        and search.accepted_from > search.accepted_to
    ):
        raise ValidationError("search.date_range_invalid", "accepted_to")
    from_sql, where, params = match_from(match, from_rows=_few_rows(search))
    text_where = len(where)
    if search.mine or not may(session.role, Permission.SEE_HALL_COMPLAINTS):
        where.append("(c.first_responder_no = ? OR c.handler_no = ?)")
        params += [session.staff_no, session.staff_no]
    for column, values in (
        ("c.state", search.states),
        ("c.main_class", search.main_classes),
        ("c.sub_class", search.sub_classes),
        ("c.tier", search.tiers),
        ("c.channel", search.channels),
        ("c.first_responder_no", search.first_responders),
    ):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    for column, flag in (
        ("c.repeat", search.repeat),
        ("c.escalated", search.escalated),
        ("c.important", search.important),
    ):
        if flag is not None:
            where.append(f"{column} = ?")
            params.append(int(flag))
    if search.overdue is not None:
        where.append(LATE_SQL if search.overdue else f"NOT {LATE_SQL}")
        params.append(utc_iso(now))
    if search.incident_id is not None:
        where.append("c.incident_id = ?")
        params.append(search.incident_id)
    if search.in_incident is not None:
        where.append("c.incident_id IS NOT NULL" if search.in_incident else "c.incident_id IS NULL")
    if search.accepted_from is not None:
        where.append("c.accepted_at >= ?")
        params.append(_local_midnight_utc(search.accepted_from))
    if search.accepted_to is not None:
        where.append("c.accepted_at < ?")
        params.append(_local_midnight_utc(search.accepted_to + timedelta(days=1)))
    only_text = match is not None and len(where) == text_where
    return from_sql, where, params, only_text


def _ordered_sql(
    ctx: DeskContext, session: StaffSession, search: ComplaintSearch, column: str = "c.id"
) -> tuple[str, list[object]]:
    """``SELECT c.id …`` (or another ``column``) of every match, in the chosen order (no page)."""
    match = text_match(search.text)
    from_sql, where, params, _ = _conditions(session, search, ctx.clock.now(), match)
    direction = "DESC" if search.descending else "ASC"
    # The acceptance order is search_key's (unique: no tie-break): on the FTS index's own rowid
    # when a text drives the query, so that SQLite reads the index in that order and stops after
    # the page. Any other column: every match is looked up and sorted (ties: search_key).
    key = newest_first_key(match, from_rows=_few_rows(search))
    order = (
        f"{key} {direction}"
        if search.sort == "accepted_at"
        else f"{SORTABLE[search.sort]} {direction}, c.search_key {direction}"
    )
    sql = (
        f"SELECT {column} FROM {from_sql}"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY {order}"
    )
    return sql, params


@signed_in
def search_sql(
    ctx: DeskContext,
    session: StaffSession,
    search: ComplaintSearch,
    *,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> tuple[str, list[object]]:
    """The statement :func:`search_complaints` runs for one page (for its query-plan test): the
    rowids of the page's complaints, in order."""
    if page < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError("search.page_invalid", "page")
    sql, params = _ordered_sql(ctx, session, search, "c.rowid")
    return f"{sql} LIMIT ? OFFSET ?", [*params, page_size, page * page_size]


@signed_in
def all_matching_ids(ctx: DeskContext, session: StaffSession, search: ComplaintSearch) -> list[str]:
    """The ids of every complaint that matches, in the list's order (an export takes them all,
    not one page)."""
    sql, params = _ordered_sql(ctx, session, search)
    return [row[0] for row in database.execute_sql(sql, params)]


@signed_in
def search_complaints(
    ctx: DeskContext,
    session: StaffSession,
    search: ComplaintSearch,
    *,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> list[ComplaintSummary]:
    """One page of the complaints that match (``page`` 0 is the first), in the chosen order
    (ties: the most recently stored first when descending). Phones unmasked: the UI masks them."""
    sql, params = search_sql(ctx, session, search, page=page, page_size=page_size)
    return listed_summaries(sql, params)


SEARCH_DEFAULTS = ComplaintSearch()  # no condition at all


def _text_and_owner_only(session: StaffSession, search: ComplaintSearch) -> bool:
    """The search is a text among the signed-in staff member's own complaints, nothing else."""
    mine = search.mine or not may(session.role, Permission.SEE_HALL_COMPLAINTS)
    bare = replace(search, text="", mine=False, sort=SEARCH_DEFAULTS.sort, descending=True)
    return mine and bare == SEARCH_DEFAULTS


@signed_in
def count_search_results(ctx: DeskContext, session: StaffSession, search: ComplaintSearch) -> int:
    """How many complaints match in all (the figure beside the first page)."""
    match = text_match(search.text)
    from_sql, where, params, only_text = _conditions(session, search, ctx.clock.now(), match)
    if only_text and match is not None:
        counted = fts_only_count(match)
        if counted is not None:
            return counted
    if match is not None and _text_and_owner_only(session, search):
        # a clerk's total of 2-character words: one doclist of the owners' index (issue 22)
        counted = owner_count(match, session.staff_no)
        if counted is not None:
            return counted
    sql = f"SELECT count(*) FROM {from_sql}" + (f" WHERE {' AND '.join(where)}" if where else "")
    return int(database.execute_sql(sql, params).fetchone()[0])


def with_sort(search: ComplaintSearch, column: str, descending: bool) -> ComplaintSearch:
    """The same search sorted by another column (a click on the table's header)."""
    if column not in SORTABLE:
        raise ValidationError("search.sort_invalid", "sort", sort=column)
    return replace(search, sort=column, descending=descending)
