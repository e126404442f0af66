"""Signatures' print renditions (issue 22, goal 2): the image a document embeds for a signature
(:mod:`hall_desk.documents.signature_print`), made once when the signature is captured (a refund's
customer, a transfer's signers) and kept beside it (:class:`hall_desk.storage.models.SignaturePrint`,
by the SHA-256 of the pad's PNG, which stays the evidence as signed). A document asks
:func:`print_rendition` for it; a signature saved before renditions existed, or whose rendition is
of another format or does not open, gets one made on its first print and kept from then on.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from hall_desk.storage.db import StorageFull, unit_of_work
from hall_desk.storage.models import SignaturePrint
from hall_desk.storage.sealed import IdentitySealError

log = logging.getLogger(__name__)


def keep_print_rendition(png: bytes, now: datetime) -> None:
    """Make and keep the rendition of a signature just captured (inside the caller's unit of
    work, with the signature)."""
    from hall_desk.documents.signature_print import make_print_rendition

    SignaturePrint.keep(hashlib.sha256(png).hexdigest(), make_print_rendition(png).to_bytes(), now)


def print_rendition(png: bytes, now: datetime) -> bytes:
    """The stored rendition of the signature ``png`` for a document; made and kept when there is
    none yet (or it is of another format, or does not open). A desk that cannot keep it (its store
    full, its key out of reach) prints all the same."""
    from hall_desk.documents.signature_print import PrintRendition, make_print_rendition

    digest = hashlib.sha256(png).hexdigest()
    kept = SignaturePrint.read(digest)
    if kept is not None:
        try:
            PrintRendition.from_bytes(kept)
        except ValueError:
            log.info("signature %s: its print rendition is of another format, made again", digest)
        else:
            return kept
    made = make_print_rendition(png).to_bytes()
    try:
        with unit_of_work():
            SignaturePrint.keep(digest, made, now)
    except (StorageFull, IdentitySealError) as error:
        log.warning("signature %s: print rendition not kept (%s)", digest[:12], error)
    return made
