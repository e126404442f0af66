"""One function per user action; each is one transaction and validates through the domain. No Qt.

The key that seals identity data at rest reaches storage here, and only here: storage asks the
system keyring (:func:`hall_desk.credentials.field_key`, the only keyring importer) through this
source whenever it first needs the desk's field key (:mod:`hall_desk.storage.sealed`).
"""

from hall_desk import credentials
from hall_desk.storage import sealed

sealed.use_key_source(credentials.field_key)
