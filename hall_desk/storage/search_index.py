"""The search indexes of schema v6 and the SQL that reads them (one place owns this SQL).

What a search text becomes (:func:`text_match`):

- a complete phone number (``normalise_phone`` accepts it) → ``phone = ?`` (index
  ``complaint_phone_accepted``);
- a complete complaint number (``HA01-02-261122-0007``) → ``number = ?`` (its UNIQUE index);
- otherwise words split at white space, all of which must be found (AND):
  3 characters or more → a phrase in ``complaint_text`` (trigram): digits only in the number and
  phone columns, anything else in number, name and description; exactly 2 → the token in
  ``complaint_bigram``; 1 → every 2-character token starting with it (``"话"*``), which finds the
  character anywhere in the name or description (the last character is indexed alone too).

:func:`match_from` gives the ``FROM … WHERE …`` that drives a query from the FTS index (``CROSS
JOIN`` keeps SQLite from starting at the complaint table), then each complaint is one lookup in
``complaint_search_key``: the rowid of both indexes is ``complaint.search_key`` (schema v6), the
complaint's unique place in acceptance order. :func:`newest_first_key` names the column to order by
for newest (or oldest) first: on the FTS side, ``ORDER BY <index>.rowid DESC LIMIT 50`` reads the
index backwards and stops after 50, so a page costs 50 complaint lookups however many match.

A clerk's total of 2-character words (issue 22) is counted in ``complaint_owner_bigram`` alone
(:func:`owner_count`: the same tokens prefixed with each owner's staff number), not by looking up
the owners of every match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.identity import normalise_phone, phone_forms
from hall_desk.storage.db import database
from hall_desk.storage.schema import OWNER_GRAMS_SQL

# The open states as the v6 partial indexes spell them: a query must repeat this exact text for the
# planner to use those indexes (a bound parameter would not do).
OPEN_STATES_SQL = "(" + ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES)) + ")"

# The search key of the oldest open complaint (NULL if none is open): every open complaint's key is
# at least this, so a search index's matches before it cannot be open ones (match_from, from_rows).
OLDEST_OPEN_KEY = (
    "(SELECT min(search_key) FROM complaint INDEXED BY complaint_open_key"
    f" WHERE state IN {OPEN_STATES_SQL})"
)

COMPLAINT_NUMBER = re.compile(r"^[A-Z0-9]{2,8}-\d{2}-\d{6}-\d{4}$")
_DIGIT_TERM = re.compile(r"^\d+$")


@dataclass(frozen=True)
class TextMatch:
    """How a search text is looked up; at most one of phone / number, else the FTS expressions."""

    phone: str | None = None
    number: str | None = None
    trigram: str | None = None  # MATCH expression for complaint_text
    bigram: str | None = None  # MATCH expression for complaint_bigram
    terms: tuple[str, ...] = field(default=())

    @property
    def matches_nothing(self) -> bool:
        return not (self.phone or self.number or self.trigram or self.bigram)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def text_match(text: str) -> TextMatch | None:
    """The lookup for a search text; None when the text is empty (no text condition)."""
    needle = (text or "").strip()
    if not needle:
        return None
    try:
        return TextMatch(phone=normalise_phone(needle))
    except ValidationError:
        pass
    if COMPLAINT_NUMBER.match(needle.upper()):
        return TextMatch(number=needle.upper())
    trigram: list[str] = []
    bigram: list[str] = []
    terms: list[str] = []
    for term in needle.split():
        if not any(ch.isalnum() for ch in term):
            continue  # punctuation alone: the tokenizers keep none of it
        terms.append(term)
        if len(term) >= 3:
            columns = (
                "{number phone}"
                if _DIGIT_TERM.match(term)
                else "{number customer_name description}"
            )
            trigram.append(f"{columns} : {_quoted(term)}")
        elif len(term) == 2:
            bigram.append(_quoted(term))
        else:
            bigram.append(_quoted(term) + " *")
    return TextMatch(
        trigram=" AND ".join(trigram) or None,
        bigram=" AND ".join(bigram) or None,
        terms=tuple(terms),
    )


def match_from(
    match: TextMatch | None, *, from_rows: bool = False
) -> tuple[str, list[str], list[object]]:
    """(FROM clause, WHERE conditions, parameters) selecting complaints ``c`` that match.

    A text search is driven by the FTS index (its matches, each looked up in the complaint table
    through ``complaint_search_owner``, which also answers who owns it and its state without
    reading the row), unless ``from_rows``: then the complaint rows another condition selects
    through its own index (the few open ones) are driven and the index's matches are a set they
    are checked against (issue 22: 信号 among the open ones read every 信号 complaint before).
    ``from_rows`` is for open complaints only: of the index's matches, only those from the oldest
    open complaint's search key on are read (``complaint_open_key``: one entry), so the set does not
    grow with the years of closed complaints before it."""
    if match is None:
        return "complaint AS c", [], []
    where: list[str]
    params: list[object]
    if from_rows and match.phone is None and match.number is None:
        where, params = [], []
        for index, expression in (
            ("complaint_bigram", match.bigram),
            ("complaint_text", match.trigram),
        ):
            if expression is not None:
                where.append(
                    f"c.search_key IN (SELECT rowid FROM {index} WHERE {index} MATCH ?"
                    f" AND rowid >= {OLDEST_OPEN_KEY})"
                )
                params.append(expression)
        return "complaint AS c", where or ["0"], params
    if match.phone is not None:
        forms = phone_forms(match.phone)  # a 400/800 number also in the older desks' trunk-0 form
        return "complaint AS c", [f"c.phone IN ({', '.join('?' * len(forms))})"], [*forms]
    if match.number is not None:
        return "complaint AS c", ["c.number = ?"], [match.number]
    if match.bigram is not None:
        where = ["complaint_bigram MATCH ?"]
        params = [match.bigram]
        if match.trigram is not None:
            # A filter on the bigram index's rows as they come, newest first (the unary + keeps
            # SQLite from turning the list into rowid lookups, whose results it would then sort).
            where.append(
                "+complaint_bigram.rowid IN"
                " (SELECT rowid FROM complaint_text WHERE complaint_text MATCH ?)"
            )
            params.append(match.trigram)
        return (
            "complaint_bigram CROSS JOIN complaint AS c INDEXED BY complaint_search_owner"
            " ON c.search_key = complaint_bigram.rowid",
            where,
            params,
        )
    if match.trigram is not None:
        return (
            "complaint_text CROSS JOIN complaint AS c INDEXED BY complaint_search_owner"
            " ON c.search_key = complaint_text.rowid",
            ["complaint_text MATCH ?"],
            [match.trigram],
        )
    return "complaint AS c", ["0"], []  # nothing searchable in the text


def newest_first_key(match: TextMatch | None, *, from_rows: bool = False) -> str:
    """The column that orders the rows of :func:`match_from` by acceptance time, exactly and without
    ties (``complaint.search_key``): the driving FTS index's own rowid when a text is searched (so
    SQLite reads the index in that order and sorts nothing), else ``c.search_key`` (its index)."""
    if match is not None and match.phone is None and match.number is None and not from_rows:
        if match.bigram is not None:
            return "complaint_bigram.rowid"
        if match.trigram is not None:
            return "complaint_text.rowid"
    return "c.search_key"


def fts_only_count(match: TextMatch) -> int | None:
    """The number of complaints matching, from the index alone, when no other condition applies
    (None if it cannot be answered that way: phone/number lookups or both indexes)."""
    if match.bigram is not None and match.trigram is None:
        sql, params = (
            "SELECT count(*) FROM complaint_bigram WHERE complaint_bigram MATCH ?",
            [match.bigram],
        )
    elif match.trigram is not None and match.bigram is None:
        sql, params = (
            "SELECT count(*) FROM complaint_text WHERE complaint_text MATCH ?",
            [match.trigram],
        )
    else:
        return None
    return int(database.execute_sql(sql, params).fetchone()[0])


# The owner's mark between a staff number and a 2-character token in complaint_owner_bigram
# (schema: OWNER_BIGRAMS): U+E000, a token character to the tokenizer that is never typed.
OWNER_MARK = "\ue000"


def owner_count(match: TextMatch, staff_no: str) -> int | None:
    """How many complaints of ``staff_no`` (first responder or current handler) match, from
    ``complaint_owner_bigram`` alone, when the text is only 2-character words of letters or digits
    (None otherwise: the caller counts through the complaint table). The same count as the bigram
    index's matches joined with the owners: the token of each word is the same 2 characters."""
    if match.bigram is None or match.trigram is not None or not match.terms:
        return None
    if not all(len(term) == 2 and term.isalnum() for term in match.terms):
        return None
    expression = " AND ".join(_quoted(f"{staff_no}{OWNER_MARK}{term}") for term in match.terms)
    return int(
        database.execute_sql(
            "SELECT count(*) FROM complaint_owner_bigram WHERE complaint_owner_bigram MATCH ?",
            [expression],
        ).fetchone()[0]
    )


# The three indexes rebuilt from the complaint table (rowid: ``complaint.search_key``, set first).
REBUILD_STATEMENTS = (
    "INSERT INTO complaint_text (complaint_text) VALUES ('rebuild')",
    "INSERT INTO complaint_bigram (complaint_bigram) VALUES ('delete-all')",
    "INSERT INTO complaint_bigram (rowid, grams) SELECT c.search_key, ("
    "SELECT group_concat(substr(c.customer_name || ' ' || c.description, n, 2), ' ') "
    "FROM search_position WHERE n <= length(c.customer_name || ' ' || c.description)) "
    "FROM complaint AS c",
    "INSERT INTO complaint_owner_bigram (complaint_owner_bigram) VALUES ('delete-all')",
    "INSERT INTO complaint_owner_bigram (rowid, grams) SELECT c.search_key, "
    + OWNER_GRAMS_SQL.format(r="c")
    + " FROM complaint AS c WHERE c.search_key IS NOT NULL",
)


def rebuild_search_index() -> None:
    """Rebuild both indexes from the complaint table (to repair; a VACUUM does not need it: their
    rowid is ``complaint.search_key``, not the complaint's rowid). Run inside the caller's transaction or on
    its own. (:data:`REBUILD_STATEMENTS`: also what the benchmarks' seeder runs after its bulk
    write, on its own connection.)"""
    with database.atomic("IMMEDIATE"):
        for statement in REBUILD_STATEMENTS:
            database.execute_sql(statement)


def search_index_intact() -> bool:
    """FTS5's own integrity check of the trigram index against the complaint table."""
    try:
        database.execute_sql(
            "INSERT INTO complaint_text (complaint_text, rank) VALUES ('integrity-check', 1)"
        )
    except Exception:  # sqlite3.DatabaseError: "database disk image is malformed"
        return False
    return True
