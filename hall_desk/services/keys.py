"""Start-up wiring of the desk's keys: the one place where storage is told where keys come from.

The key that seals identity data at rest reaches storage only through this wiring: storage asks the
system keyring (:func:`hall_desk.credentials.field_key`, the only keyring importer) through the
source set here whenever it first needs the desk's field key (:mod:`hall_desk.storage.sealed`).
Called by the composition roots (the app and the CLI) at start-up, never on import.
"""

from __future__ import annotations

from hall_desk import credentials
from hall_desk.storage import sealed


def wire_keys() -> None:
    """Give storage its field-key source (the system keyring); idempotent."""
    sealed.use_key_source(credentials.field_key)
