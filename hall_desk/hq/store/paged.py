"""The console's queues as "count + page" SQL (issue 17 item 6): one builder for 待总部审批,
待执行退费, 转总部投诉, 隔离与冲突 and 营业厅与台席.

A queue is a source (``FROM … JOIN …``), fixed terms (the literal terms of its partial index,
constants, never input), optional filters (``column = ?`` when a value is given, or a condition
with its parameters), an order and the page's own columns (and joins the count does not need).
:func:`paged_query` makes the count statement and the page statement (ending ``LIMIT ? OFFSET
?``) sharing one ``WHERE`` and its parameters; :func:`read_page` checks the page numbers and runs
both. Filtered and paged in the database, never in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hall_desk.hq.store.connections import HQStoreError

MAX_PAGE = 10_000
MAX_PER_PAGE = 100


@dataclass
class Filters:
    """The ``WHERE`` of a queue: fixed terms first, then each filter given a value."""

    terms: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    @classmethod
    def fixed(cls, *terms: str) -> Filters:
        return cls(list(terms), [])

    def equal(self, column: str, value: Any) -> Filters:
        """``column = ?`` when ``value`` is given (not None nor empty)."""
        if value is not None and value != "":
            self.terms.append(f"{column} = ?")
            self.params.append(value)
        return self

    def where(self, condition: str, *params: Any) -> Filters:
        """A condition with its parameters, always."""
        self.terms.append(condition)
        self.params.extend(params)
        return self

    def where_if(self, given: Any, condition: str, *params: Any) -> Filters:
        """A condition with its parameters when ``given`` is truthy."""
        return self.where(condition, *params) if given else self

    @property
    def clause(self) -> str:
        return " AND ".join(self.terms) if self.terms else "1 = 1"


PagedQuery = tuple[str, str, list[Any]]

# A refund found by its own number or its complaint's (two parameters: the number twice), through
# the number indexes rather than by reading a queue's rows one by one for an ``OR`` across a join.
REFUND_NUMBER = (
    "r.id IN (SELECT n.id FROM refund n WHERE n.number = ?"
    " UNION ALL SELECT n.id FROM refund n JOIN complaint k ON k.id = n.complaint_id"
    " WHERE k.number = ?)"
)


def paged_query(
    columns: str, source: str, filters: Filters, order: str, *, page_joins: str = ""
) -> PagedQuery:
    """The count statement, the page statement (``SELECT columns source page_joins WHERE … ORDER
    BY order LIMIT ? OFFSET ?``) and their shared filter parameters."""
    clause = filters.clause
    count_sql = f"SELECT count(*) {source} WHERE {clause}"
    joined = f"{source} {page_joins}" if page_joins else source
    page_sql = f"SELECT {columns} {joined} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?"
    return count_sql, page_sql, list(filters.params)


def check_page(page: int, per_page: int) -> None:
    """Page numbers out of range are refused with one clear message."""
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise HQStoreError("request.invalid", "page or per_page out of range")


def read_page(db: Any, query: PagedQuery, page: int, per_page: int) -> tuple[list[Any], int]:
    """The rows of page ``page`` and how many rows there are in all (the caller holds the
    store's lock)."""
    check_page(page, per_page)
    count_sql, page_sql, params = query
    total = int(db.execute(count_sql, params).fetchone()[0])
    rows = db.execute(page_sql, [*params, per_page, (page - 1) * per_page]).fetchall()
    return list(rows), total


__all__ = [
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "REFUND_NUMBER",
    "Filters",
    "PagedQuery",
    "check_page",
    "paged_query",
    "read_page",
]
