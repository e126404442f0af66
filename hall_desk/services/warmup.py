"""What the desk needs soon after its window shows, loaded in the background (issue 22).

The sign-in window shows without libphonenumber, the keyring, the PDF library, the spreadsheet writer, the HTTP
client or cryptography (``tests/test_startup_imports.py``); the app runs :func:`warm_up` in a pool
thread once the window is up, so that the first receipt, export or upload after sign-in does not
pay for them on the UI thread. Importing is all it does, plus registering the documents' CJK font
with ReportLab (idempotent and thread-safe); a failure is logged, never raised: the code that needs
the module imports it again and reports the problem where it happens.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

# Heaviest first among those needed soonest: a receipt is printed right after the first save.
WARM_MODULES = (
    "hall_desk.documents.receipt",
    "hall_desk.documents.refund_slip",
    "cryptography.hazmat.primitives.ciphers.aead",
    "httpx",
    "openpyxl",
)


def warm_up() -> None:
    """libphonenumber's data (the first number typed at intake), :data:`WARM_MODULES` and the
    documents' font; logged, never raised."""
    try:
        from hall_desk.domain.identity import load_numbering_plan

        load_numbering_plan()
    except Exception:
        log.warning("warm-up: could not load the numbering plan", exc_info=True)
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:
            log.warning("warm-up: could not import %s", name, exc_info=True)
    try:
        from hall_desk import credentials

        credentials.load_keyring()
    except Exception:
        log.warning("warm-up: could not import the keyring", exc_info=True)
    try:
        from hall_desk.documents.fonts import ensure_fonts

        ensure_fonts()
    except Exception:
        log.warning("warm-up: could not register the documents' font", exc_info=True)
