"""Local store: SQLite through peewee. The only package that talks SQL.

peewee, when imported, imports every database driver it can find (``psycopg2``, ``psycopg``,
``pymysql``/``MySQLdb``) at module level. In the dev install psycopg is there for head office
(~0.15 s to import) although the desk only ever uses SQLite, so the package imports peewee once here
with those drivers hidden: the desk's start-up loads none of them (issue 22). Hidden only while
peewee loads (``sys.modules[name] = None`` makes the import fail; the entries are removed again), so
head office and the tests import psycopg as usual; only peewee's own PostgreSQL/MySQL classes, which
nothing in hall_desk uses, are left without a driver in a process where the desk's storage loaded
peewee first. Nothing is hidden when peewee is already imported.
"""

from __future__ import annotations

import sys

# peewee's optional drivers, in the order peewee tries them.
PEEWEE_DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg", "pymysql", "MySQLdb")


def _import_peewee_for_sqlite() -> None:
    if "peewee" in sys.modules:
        return
    hidden = [name for name in PEEWEE_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import name" raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


_import_peewee_for_sqlite()
