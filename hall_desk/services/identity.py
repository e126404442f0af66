"""Identity data at rest (issue 9): the one-time sealing of a store made before sealing existed.

A migration cannot reach the keyring (storage never imports it), so the step runs here, in the
service layer, right after the store is opened (by the app and by the ``hall-desk`` commands):
:func:`seal_stored_identity` seals every identity value, and every transfer file, still stored in
clear (:func:`hall_desk.storage.sealed.seal_plaintext_rows`; idempotent, and once done the store is
marked so, so later starts cost one look-up, not a scan of the event log) and leaves no old
plaintext page in the file. Without a usable key (no keyring backend, or the key lost while sealed
data exists) it does nothing and says so in the log: the store keeps working, and transfers are
refused until the key is there
(``identity.keyring_unavailable`` / ``identity.key_missing``).
"""

from __future__ import annotations

import logging

from hall_desk.domain.errors import DomainError
from hall_desk.storage import sealed
from hall_desk.storage.db import discard_upgrade_backups

log = logging.getLogger(__name__)


def seal_stored_identity() -> int:
    """Seal what an older store kept in clear; how many values were sealed (0: nothing to do, or
    no key — logged, never raised: the rest of the app keeps working). When something was sealed,
    the upgrade copies taken before (which hold it in clear) are removed."""
    try:
        if sealed.sealing_done():
            return 0
        count = sealed.seal_plaintext_rows()
    except DomainError as error:
        log.warning("identity data left as stored, it cannot be sealed now: %s", error.code)
        return 0
    if count:
        discard_upgrade_backups()
    return count
