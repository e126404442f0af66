"""One function per user action; each is one transaction and validates through the domain. No Qt.

Nothing is wired on import: the app and the CLI call :func:`hall_desk.services.keys.wire_keys` once
at start-up, so that importing a service loads no keyring.
"""

# Before any service's own ``import peewee``: storage loads peewee without the PostgreSQL and MySQL
# drivers it would otherwise import (see hall_desk/storage/__init__.py).
import hall_desk.storage  # noqa: F401
