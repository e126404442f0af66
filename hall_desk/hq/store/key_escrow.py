"""Key escrow: the versions of each desk's sealed key bundle, the recovery code that releases
one (``add-desk --new-token``), and each opening audited on the hall's head-office chain."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.hq.store.connections import POSTGRES, HQStoreError
from hall_desk.hq.store.decisions import DecisionOps
from hall_desk.hq.store.desks import DeskIdentity, DeskOps, new_token, token_hash
from hall_desk.sync import escrow
from hall_desk.sync.protocol import (
    ESCROW_OPENED,
    ESCROW_RELEASED,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


RELEASE_ACTOR = "hq:add-desk"  # the actor of escrow.released (head office's command line)


RELEASE_REQUIRED_MESSAGE = (
    "opening this desk's key escrow needs the recovery code head office issues with a new token"
    f" (hall-desk-hq add-desk DESK --new-token; valid {escrow.RELEASE_HOURS} hours, once)"
)


@dataclass(frozen=True)
class DeskReissue:
    """What ``add-desk --new-token`` shows once: the token and, for a desk head office already
    knew, the recovery code releasing its escrow until ``expires_at`` (``escrow_version``: the
    newest escrow held then, None when none)."""

    desk: str
    token: str
    recovery_code: str | None
    expires_at: str | None
    escrow_version: int | None


class EscrowOps(DecisionOps, DeskOps):
    """Key escrow, its release by recovery code, and its openings."""

    def put_escrow(self, desk: DeskIdentity, sealed: str) -> tuple[int, str]:
        """Keep ``desk``'s sealed bundle (JSON text, already checked) as its next version; every
        earlier version stays. The same blob again is the version that holds it (nothing new);
        returns (version, SHA-256 of the text)."""
        sha256 = hashlib.sha256(sealed.encode("utf-8")).hexdigest()
        with self._transaction() as db:
            if self.dialect == POSTGRES:  # one version number at a time per desk
                db.execute("SELECT 1 FROM desk WHERE code = ? FOR UPDATE", (desk.code,))
            same = db.execute(
                "SELECT version FROM desk_escrow WHERE desk = ? AND sha256 = ?",
                (desk.code, sha256),
            ).fetchone()
            if same is not None:
                return int(same[0]), sha256  # the same blob again: nothing changes
            row = db.execute(
                "SELECT max(version) FROM desk_escrow WHERE desk = ?", (desk.code,)
            ).fetchone()
            version = int(row[0] or 0) + 1
            db.execute(
                "INSERT INTO desk_escrow (desk, hall, version, sealed, sha256, stored_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (desk.code, desk.hall, version, sealed, sha256, self._now()),
            )
        log.info("desk %s escrow stored: version %d (%s…)", desk.code, version, sha256[:12])
        return version, sha256

    def escrow_of(self, desk: str) -> tuple[int, str] | None:
        """(version, sealed JSON text) of the desk's newest escrow, or None."""
        versions = self.escrow_versions(desk, limit=1)
        return versions[0] if versions else None

    def escrow_versions(self, desk: str, *, limit: int | None = None) -> list[tuple[int, str]]:
        """Every escrow version of the desk held here, newest first: (version, sealed JSON)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT version, sealed FROM desk_escrow WHERE desk = ? ORDER BY version DESC"
                + (" LIMIT ?" if limit is not None else ""),
                (desk,) if limit is None else (desk, limit),
            ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def reissue_desk(self, code: str, *, actor: str = RELEASE_ACTOR) -> DeskReissue:
        """``hall-desk-hq add-desk CODE --new-token``: a fresh token for the desk (the old one stops
        working; a revoked desk is un-revoked) and, for a desk head office already knew, a
        recovery code that releases its escrow for one opening within
        :data:`~hall_desk.sync.escrow.RELEASE_HOURS` hours (replacing an unused earlier one),
        recorded as ``escrow.released`` on the hall's head-office chain — all in one transaction.
        A desk not yet known is registered as by :meth:`add_desk` (it has no escrow: no code).
        ``actor``: the command line's, or ``op:<login>`` of the supervisor who issued it in the
        console."""
        hall = self._desk_hall(code)
        token = new_token()
        recovery_code = escrow.new_recovery_code()
        normalised = escrow.normalise_recovery_code(recovery_code)
        assert normalised is not None, "a new recovery code always reads back"
        with self._hall_transaction(hall) as tx:
            exists = tx.execute("SELECT 1 FROM desk WHERE code = ?", (code,)).fetchone()
            if not exists:
                tx.execute(
                    "INSERT INTO desk (code, hall, token_hash, revoked_at, created_at,"
                    " token_issued_at) VALUES (?, ?, ?, NULL, ?, ?)",
                    (code, hall, token_hash(token), tx.now, tx.now),
                )
                tx.execute("INSERT INTO chain (desk) VALUES (?)", (code,))
                log.info("desk %s registered (new token issued)", code)
                return DeskReissue(code, token, None, None, None)
            tx.execute(
                "UPDATE desk SET token_hash = ?, revoked_at = NULL, token_issued_at = ?"
                " WHERE code = ?",
                (token_hash(token), tx.now, code),
            )
            expires_at = utc_iso(parse_utc_iso(tx.now) + timedelta(hours=escrow.RELEASE_HOURS))
            envelope = self._append_head_office(
                tx, ESCROW_RELEASED, actor, {"desk": code, "expires_at": expires_at}
            )
            tx.execute(
                "INSERT INTO escrow_release (desk, hall, code_hash, issued_at, expires_at,"
                " failures, event_id) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (desk) DO UPDATE"
                " SET code_hash = excluded.code_hash, issued_at = excluded.issued_at,"
                " expires_at = excluded.expires_at, failures = 0, event_id = excluded.event_id",
                (
                    code,
                    hall,
                    escrow.recovery_code_digest(code, normalised),
                    tx.now,
                    expires_at,
                    envelope["id"],
                ),
            )
            held = tx.execute(
                "SELECT max(version) FROM desk_escrow WHERE desk = ?", (code,)
            ).fetchone()
            self._advance_chain(tx, head_office_desk(hall))
        log.warning(
            "desk %s: new token issued, its escrow released until %s (recovery code issued)",
            code,
            expires_at,
        )
        version = None if held is None or held[0] is None else int(held[0])
        return DeskReissue(code, token, recovery_code, expires_at, version)

    def check_escrow_release(self, desk: DeskIdentity, recovery_code: str) -> bool:
        """True when ``recovery_code`` (normalised) is the desk's unused, unexpired one; it is not
        consumed here (:meth:`record_escrow_opened` does). A wrong code counts against the desk's
        code: the :data:`~hall_desk.sync.escrow.RELEASE_MAX_FAILURES`-th voids it."""
        wanted = escrow.recovery_code_digest(desk.code, recovery_code)
        with self._transaction() as db:
            row = db.execute(
                "SELECT code_hash, expires_at, failures FROM escrow_release WHERE desk = ?",
                (desk.code,),
            ).fetchone()
            if row is None:
                return False
            if hmac.compare_digest(str(row[0]), wanted):
                if parse_utc_iso(str(row[1])) <= self._clock.now():
                    log.warning("desk %s: an expired recovery code was offered", desk.code)
                    return False
                return True
            failures = int(row[2]) + 1
            if failures >= escrow.RELEASE_MAX_FAILURES:
                db.execute("DELETE FROM escrow_release WHERE desk = ?", (desk.code,))
                log.warning(
                    "desk %s: %d wrong recovery codes, its code is void (issue a new one)",
                    desk.code,
                    failures,
                )
            else:
                db.execute(
                    "UPDATE escrow_release SET failures = ? WHERE desk = ?", (failures, desk.code)
                )
                log.warning("desk %s: a wrong recovery code (%d so far)", desk.code, failures)
        return False

    def record_escrow_opened(
        self, desk: DeskIdentity, version: int, *, recovery_code: str
    ) -> dict[str, Any]:
        """The desk's recovery code consumed and the opening audited, in one transaction:
        ``escrow.opened`` on the hall's head-office chain (which desk, which version opened, when;
        never a key), its actor the desk whose token asked. ``escrow.release_required``
        (:class:`HQStoreError`) when the code is no longer good (used meanwhile, expired)."""
        wanted = escrow.recovery_code_digest(desk.code, recovery_code)
        with self._hall_transaction(desk.hall) as tx:
            row = tx.execute(
                "SELECT code_hash, expires_at FROM escrow_release WHERE desk = ?", (desk.code,)
            ).fetchone()
            if (
                row is None
                or not hmac.compare_digest(str(row[0]), wanted)
                or parse_utc_iso(str(row[1])) <= self._clock.now()
            ):
                raise HQStoreError(escrow.ESCROW_RELEASE_REQUIRED, RELEASE_REQUIRED_MESSAGE)
            tx.execute("DELETE FROM escrow_release WHERE desk = ?", (desk.code,))
            envelope = self._append_head_office(
                tx,
                ESCROW_OPENED,
                f"desk:{desk.code}",
                {"desk": desk.code, "version": version, "opened_at": tx.now},
            )
            self._advance_chain(tx, head_office_desk(desk.hall))
        log.warning("desk %s escrow version %d opened (token of %s)", desk.code, version, desk.code)
        return envelope
