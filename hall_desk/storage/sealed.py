"""Identity data sealed at rest (issue 9, DOMAIN.md "Keeping records"): the one module that seals
and opens it.

Decided design:

- **What is sealed, and where.** The identity data of a 过户 (证件类别, 证件号码, 姓名, 住址 of the
  parties and agents) lives in the ``transfer`` table's ``parties`` column and, as customers' signer
  names, in its ``signatures`` column; and in the stored payload of every ``transfer.*`` event (this
  desk's own, those pulled from the hall's other desks and those recovered from head office), whose
  full state and ``changes`` carry the parties. Those columns are sealed value by value; those
  payloads are sealed **whole** (:data:`SEALED_FAMILIES`), which is simpler and harder to get wrong
  than picking identity values out of a state and its ``changes``. A pulled event refused into the
  dead-letter list keeps its envelope sealed the same way. The transfer's **files** in
  ``stored_file`` (evidence scans — often photos of ID cards —, signature images and the certified
  agreements, which print full identity numbers and addresses) are sealed whole, file by file
  (:func:`seal_blob` / :func:`open_blob`, bound to the file's SHA-256 — of the plaintext, which is
  also its name at head office); :class:`hall_desk.storage.models.StoredFile` is the one accessor.
- **The logical envelope does not change.** What is hashed, chained and uploaded is the plaintext
  envelope: sealing happens only when a row is written, opening whenever one is read, so the hash
  chain, ``hall-desk verify-audit``, the outbox upload and head office (the authoritative record,
  which keeps receiving the parties' identity data over the sync channel) see exactly what they saw
  before.
- **How.** AES-256-GCM (``cryptography``) under the desk's field key
  (:func:`hall_desk.credentials.field_key`). A sealed column value is ``hdf1:`` + base64 of
  ``nonce (12 bytes) | ciphertext+tag``; a sealed file is the bytes ``hdf1:`` + that, raw (no
  base64: files are large); a sealed payload is the JSON object
  ``{"hdf1": <that base64>, "id": <the payload's id>}`` — still JSON with its entity's id readable
  (the entity index, ``event.entity`` since the schema step "compact events", is filled from it
  when an old store is converted; sealed payloads stay text: the zstd-compressed JSON is what is
  sealed since issue 22 — ciphertext does not compress —, the JSON itself before, and both
  open). The
  associated data binds each value to its place (``transfer.parties`` + row id, ``event`` + event
  id, …), so a sealed value moved to another row or event does not open.
- **The key reaches storage in one place.** Storage never touches the keyring: the service layer
  gives it a key source once (:func:`use_key_source`, done by the app and the CLI at start-up through
  :func:`hall_desk.services.keys.wire_keys`) —
  :func:`hall_desk.credentials.field_key` — and storage asks it for the desk's key when it first
  needs it (kept in memory until the store is closed or reopened). No source, no keyring backend:
  ``identity.keyring_unavailable``. A key missing from the keyring while sealed data exists:
  ``identity.key_missing`` — a new key is *never* made over sealed data (it would orphan it),
  as :mod:`hall_desk.services.signing` does with a vanished passphrase. A key that does not open a
  value: ``identity.key_wrong`` (checked on one sealed value when the key is first fetched, so
  nothing new is sealed under a key that is not the one the data was sealed with). All three are
  typed errors (:class:`IdentitySealError` or the credentials' own), never a crash.
- **Old plaintext rows** (stores made before this) are sealed by :func:`seal_plaintext_rows`, a
  one-time, idempotent step the service layer runs when the key is at hand (a migration cannot reach
  the keyring; :mod:`hall_desk.services.identity`): it seals every plain value (the append-only
  trigger of the log steps aside inside that one transaction: no logical byte changes), marks the
  store done (settings ``identity.sealed_at_rest`` and ``identity.files_sealed_at_rest``, so later
  starts do not scan the log again; a store marked only by the first, text-only version of the step
  has its files sealed once on its next start), then
  checkpoints the WAL and VACUUMs, so earlier versions of rows in pages freed long ago go too. The
  store runs with ``secure_delete`` on (:data:`hall_desk.storage.db.PRAGMAS`): whatever is freed
  from now on is zeroed.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import peewee
import zstandard

from hall_desk.domain.errors import DomainError
from hall_desk.storage.db import database, on_store_change

if TYPE_CHECKING:  # imported at run time on first use only (see _aesgcm)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

PREFIX = "hdf1:"  # a sealed column value
BLOB_PREFIX = PREFIX.encode("ascii")  # a sealed file (stored_file.content), before its raw bytes
PAYLOAD_KEY = "hdf1"  # the key of a sealed payload's object
_PAYLOAD_START = '{"hdf1":"'  # a sealed payload's text begins so (canonical JSON, keys sorted)
NONCE_BYTES = 12
KEY_BYTES = 32

# Event families whose payload carries identity data: sealed whole.
SEALED_FAMILIES = ("transfer.",)
DEAD_LETTER_PLACE = "pull_dead_letter.envelope"  # a pulled identity-bearing event not applied
# (table, column, key column) holding identity data: sealed value by value, bound to the row.
SEALED_COLUMNS = (
    ("transfer", "parties", "id"),
    ("transfer", "signatures", "id"),
)
# The files of transfers (evidence scans, signature images, final PDFs, which print full identity
# numbers and addresses): each file's bytes sealed whole, bound to its SHA-256 (of the plaintext).
FILE_PLACE = "stored_file.content"
# A signature image's print rendition (issue 22 goal 2), sealed as its image is, bound to the
# image's SHA-256; derived data, made again from the image when it does not open.
PRINT_PLACE = "signature_print.content"

_APPEND_ONLY_TRIGGER = "event_append_only_update"

KEYRING_UNAVAILABLE = "identity.keyring_unavailable"
KEY_MISSING = "identity.key_missing"
KEY_WRONG = "identity.key_wrong"


class IdentitySealError(DomainError):
    """Identity data cannot be sealed or opened: ``identity.keyring_unavailable`` (no key source or
    keyring), ``identity.key_missing`` (sealed data exists but its key is gone from the keyring) or
    ``identity.key_wrong`` (the key does not open a value)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, None)
        self.detail = detail


# desk code, create → the 32-byte key, or None when the keyring holds none (and not ``create``).
KeySource = Callable[..., bytes | None]

_lock = threading.Lock()
_making = threading.RLock()  # serialises finding/making the key (the keyring is slow IPC)
_source: KeySource | None = None
_key: bytes | None = None


def use_key_source(source: KeySource | None) -> None:
    """Where the field key comes from (``source(desk_code, create=…)``); set by the service layer."""
    global _source
    with _lock:
        _source = source
        _forget()


def forget_key() -> None:
    """Drop the key held in memory (the store was closed or reopened, or the keyring changed)."""
    with _lock:
        _forget()


def _forget() -> None:
    global _key
    _key = None


on_store_change(forget_key)  # the key held belongs to the store that was open


def _desk_code() -> str | None:
    row = database.execute_sql("SELECT code FROM desk WHERE id = 1").fetchone()
    return None if row is None else str(row[0])


def sealed_data_exists() -> bool:
    """Whether the store holds anything sealed (so a new key must not be made)."""
    for table, column, _ in SEALED_COLUMNS:
        if database.execute_sql(
            f"SELECT 1 FROM {table} WHERE substr({column}, 1, 5) = ? LIMIT 1", (PREFIX,)
        ).fetchone():
            return True
    if database.execute_sql(
        "SELECT 1 FROM stored_file WHERE substr(content, 1, 5) = ? LIMIT 1", (BLOB_PREFIX,)
    ).fetchone():
        return True
    return (
        database.execute_sql(
            "SELECT 1 FROM event WHERE substr(payload, 1, 9) = ? LIMIT 1", (_PAYLOAD_START,)
        ).fetchone()
        is not None
    )


def key(*, create: bool = False) -> bytes:
    """The desk's field key. ``create``: make it when the keyring holds none *and* nothing sealed
    exists yet (sealing new data); otherwise a missing key is ``identity.key_missing``."""
    with _making:  # one thread at a time finds or makes it: never two different first keys
        return _find_or_make_key(create)


def _find_or_make_key(create: bool) -> bytes:
    global _key
    with _lock:
        if _key is not None:
            return _key
        source = _source
    if source is None:
        raise IdentitySealError(
            KEYRING_UNAVAILABLE, "no key source: the service layer is not loaded"
        )
    desk = _desk_code()
    if desk is None:
        raise IdentitySealError(KEYRING_UNAVAILABLE, "no desk is set up")
    found = source(desk, create=False)  # FieldKeyUnavailable (identity.keyring_unavailable) passes
    if found is None:
        if not create or sealed_data_exists():
            log.error("the field key of desk %s is missing from the keyring", desk)
            raise IdentitySealError(KEY_MISSING, "the field key is not in the system keyring")
        found = source(desk, create=True)
    if found is None or len(found) != KEY_BYTES:
        raise IdentitySealError(KEYRING_UNAVAILABLE, "no usable field key")
    _check_opens(found)
    with _lock:
        _key = found
    return found


def _check_opens(candidate: bytes) -> None:
    """A key from the keyring that does not open what is already sealed is refused before
    anything new is sealed under it (``identity.key_wrong``): one value is tried."""
    row = database.execute_sql(
        "SELECT id, parties FROM transfer WHERE substr(parties, 1, 5) = ? LIMIT 1", (PREFIX,)
    ).fetchone()
    if row is None:
        return
    raw = base64.b64decode(row[1][len(PREFIX) :])
    try:
        _aesgcm(candidate).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad("transfer.parties", row[0])
        )
    except (_invalid_tag(), ValueError):
        log.error("the field key in the keyring does not open the sealed identity data")
        raise IdentitySealError(
            KEY_WRONG, "the keyring's field key does not open stored data"
        ) from None


def _aesgcm(key_bytes: bytes) -> AESGCM:
    """AES-GCM under ``key_bytes``. cryptography is imported here, on first use, so that opening
    the store and showing the sign-in window load none of it (issue 22)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key_bytes)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


def _aad(place: str, row_id: str) -> bytes:
    return f"{PREFIX}{place}|{row_id}".encode()


def _seal_raw(plain: bytes, place: str, row_id: str) -> bytes:
    """The AES-GCM core every sealed form shares: ``nonce | ciphertext+tag``, bound to its place."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + _aesgcm(key(create=True)).encrypt(nonce, plain, _aad(place, row_id))


def _open_raw(raw: bytes, place: str, row_id: str) -> bytes:
    try:
        return _aesgcm(key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(place, row_id))
    except (_invalid_tag(), ValueError):
        raise IdentitySealError(KEY_WRONG, f"{place} of {row_id} does not open") from None


def _seal_base64(plain: bytes, place: str, row_id: str) -> str:
    return base64.b64encode(_seal_raw(plain, place, row_id)).decode("ascii")


def _seal_bytes(plain: str, place: str, row_id: str) -> str:
    return _seal_base64(plain.encode("utf-8"), place, row_id)


def _open_base64(text: str, place: str, row_id: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise IdentitySealError(KEY_WRONG, f"{place} of {row_id}: not a sealed value") from None
    return _open_raw(raw, place, row_id)


def _open_bytes(text: str, place: str, row_id: str) -> str:
    return _open_base64(text, place, row_id).decode("utf-8")


# -- column values ------------------------------------------------------------------------------


def is_sealed(value: str | None) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal_value(plain: str, place: str, row_id: str) -> str:
    """``plain`` sealed for ``place`` (``table.column``) of row ``row_id``; one already sealed is
    kept as it is."""
    if is_sealed(plain):
        return plain
    return PREFIX + _seal_bytes(plain, place, row_id)


def open_value(stored: str, place: str, row_id: str) -> str:
    """A stored value opened (a plain one, from before sealing, comes back as it is)."""
    if not is_sealed(stored):
        return stored
    return _open_bytes(stored[len(PREFIX) :], place, row_id)


# -- stored files ---------------------------------------------------------------------------------


def blob_is_sealed(stored: bytes | None) -> bool:
    return isinstance(stored, bytes | bytearray | memoryview) and bytes(stored[:5]) == BLOB_PREFIX


def seal_blob(plain: bytes, place: str, row_id: str) -> bytes:
    """A file's bytes sealed for ``place`` of row ``row_id``: ``hdf1:`` + nonce + ciphertext+tag
    (raw bytes, no base64: files are large). One already sealed is kept as it is."""
    plain = bytes(plain)
    if blob_is_sealed(plain):
        return plain
    return BLOB_PREFIX + _seal_raw(plain, place, row_id)


def open_blob(stored: bytes, place: str, row_id: str) -> bytes:
    """A stored file's bytes opened (one stored before sealing comes back as it is)."""
    stored = bytes(stored)
    if not blob_is_sealed(stored):
        return stored
    return _open_raw(stored[len(BLOB_PREFIX) :], place, row_id)


# -- event payloads ------------------------------------------------------------------------------


def seals_payload(event_type: str) -> bool:
    return event_type.startswith(SEALED_FAMILIES)


def payload_is_sealed(text: str) -> bool:
    return text.startswith(_PAYLOAD_START)


def seal_payload(event_type: str, event_id: str, text: str) -> str:
    """The payload text to store for an event: sealed whole for the identity-bearing families
    (bound to the event's id; its entity id stays readable for the ``event_entity`` index),
    otherwise as it is. The text is compressed before it is sealed (issue 22: ciphertext does not
    compress; a 过户's payload, ~2,000 bytes of JSON, seals to ~900 instead of ~2,700)."""
    if not seals_payload(event_type) or payload_is_sealed(text):
        return text
    packed = _payload_compressor().compress(text.encode("utf-8"))
    return seal_payload_wrapper(text, _seal_base64(packed, "event", event_id))


def open_payload(event_id: str, stored: str) -> str:
    """The plaintext payload text of a stored event (as stored when it was never sealed)."""
    if not payload_is_sealed(stored):
        return stored
    damaged = IdentitySealError(KEY_WRONG, f"event {event_id}: a damaged sealed payload")
    try:
        wrapper = json.loads(stored)
        inner = wrapper[PAYLOAD_KEY]
    except (ValueError, KeyError, TypeError):
        raise damaged from None
    text = _open_payload_bytes(inner, event_id)
    # Nothing may be added or changed beside the seal: the wrapper must be exactly what
    # seal_payload makes of the plaintext (its entity id the plaintext's own).
    if stored != seal_payload_wrapper(text, inner):
        raise damaged
    return text


# A sealed payload's plaintext is its JSON (sealed before issue 22: always begins with "{") or a
# zstd frame of it (begins with zstd's magic number); no dictionary (identity data never goes into
# one, and none is needed to open it), no checksum (AES-GCM's tag covers the bytes).
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
PAYLOAD_LEVEL = 19  # 过户 events are few: the smallest form is worth a few milliseconds each
PAYLOAD_MAX_BYTES = 16 * 1024 * 1024  # what a sealed payload may decompress to, at most
_payload_compressors: dict[int, zstandard.ZstdCompressor] = {}


def _payload_compressor() -> zstandard.ZstdCompressor:
    thread = threading.get_ident()  # a ZstdCompressor is not shared between threads
    compressor = _payload_compressors.get(thread)
    if compressor is None:
        compressor = zstandard.ZstdCompressor(
            level=PAYLOAD_LEVEL, write_checksum=False, write_content_size=True
        )
        _payload_compressors[thread] = compressor
    return compressor


def _open_payload_bytes(text: str, event_id: str) -> str:
    """A sealed payload's base64 opened and, when it was compressed before sealing, decompressed."""
    plain = _open_base64(text, "event", event_id)
    try:
        if plain.startswith(_ZSTD_MAGIC):
            plain = zstandard.ZstdDecompressor().decompress(
                plain, max_output_size=PAYLOAD_MAX_BYTES
            )
        return plain.decode("utf-8")
    except (zstandard.ZstdError, UnicodeDecodeError):
        raise IdentitySealError(KEY_WRONG, f"event {event_id}: a damaged sealed payload") from None


def seal_payload_wrapper(text: str, sealed_text: str) -> str:
    """The stored form of a sealed payload: the sealed text and, readable for the event_entity
    index, the payload's entity id."""
    try:
        entity = json.loads(text).get("id")
    except (ValueError, AttributeError):
        entity = None
    wrapper: dict[str, str] = {PAYLOAD_KEY: sealed_text}
    if isinstance(entity, str):
        wrapper["id"] = entity
    return json.dumps(wrapper, sort_keys=True, separators=(",", ":"))


# -- sealing what was stored before -------------------------------------------------------------


def plaintext_rows() -> int:
    """How many stored values that should be sealed are still in clear."""
    count = 0
    for table, column, _ in SEALED_COLUMNS:
        count += database.execute_sql(
            f"SELECT count(*) FROM {table} WHERE substr({column}, 1, 5) != ? AND {column} != '{{}}'",
            (PREFIX,),
        ).fetchone()[0]
    like = " OR ".join("type LIKE ?" for _ in SEALED_FAMILIES)
    count += database.execute_sql(
        f"SELECT count(*) FROM event WHERE ({like}) AND substr(payload, 1, 9) != ?",
        (*(f"{family}%" for family in SEALED_FAMILIES), _PAYLOAD_START),
    ).fetchone()[0]
    count += database.execute_sql(
        f"SELECT count(*) FROM pull_dead_letter WHERE ({like}) AND substr(envelope, 1, 5) != ?",
        (*(f"{family}%" for family in SEALED_FAMILIES), PREFIX),
    ).fetchone()[0]
    count += len(_plain_files())
    return int(count)


def _plain_files() -> list[str]:
    """SHA-256 of the stored files still in clear."""
    return [
        row[0]
        for row in database.execute_sql(
            "SELECT sha256 FROM stored_file WHERE substr(content, 1, 5) != ? ORDER BY sha256",
            (BLOB_PREFIX,),
        ).fetchall()
    ]


SEALED_MARK = "identity.sealed_at_rest"  # setting: the one-time step is done for this store
# Set once the stored files are sealed too: a store marked by the first version of the step (text
# values only) has no such mark, so the step runs once more there and seals its files.
FILES_SEALED_MARK = "identity.files_sealed_at_rest"
_MARKS = (SEALED_MARK, FILES_SEALED_MARK)


def sealing_done() -> bool:
    """Whether this store's one-time sealing step has completed (every value written since is
    sealed by the code that writes it): later starts skip the scan of the event log."""
    done = database.execute_sql(
        f"SELECT count(*) FROM setting WHERE key IN ({', '.join('?' for _ in _MARKS)})", _MARKS
    ).fetchone()[0]
    return int(done) == len(_MARKS)


def mark_sealing_done() -> None:
    for mark in _MARKS:
        database.execute_sql(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (mark, PREFIX)
        )


def seal_plaintext_rows() -> int:
    """Seal every identity value still stored in clear (a store made before sealing): one
    transaction, idempotent (a sealed value is left alone); then the WAL is folded back and the
    file VACUUMed so the freed plaintext pages are gone. Returns how many values were sealed."""
    if plaintext_rows() == 0:
        with database.atomic("IMMEDIATE"):
            mark_sealing_done()
        return 0
    key(create=True)  # before the write lock, and never over sealed data with a lost key
    done = 0
    like = " OR ".join("type LIKE ?" for _ in SEALED_FAMILIES)
    families = tuple(f"{family}%" for family in SEALED_FAMILIES)
    with database.atomic("IMMEDIATE"):
        for table, column, id_column in SEALED_COLUMNS:
            rows = database.execute_sql(
                f"SELECT {id_column}, {column} FROM {table}"
                f" WHERE substr({column}, 1, 5) != ? AND {column} != '{{}}'",
                (PREFIX,),
            ).fetchall()
            for row_id, value in rows:
                database.execute_sql(
                    f"UPDATE {table} SET {column} = ? WHERE {id_column} = ?",
                    (seal_value(value, f"{table}.{column}", row_id), row_id),
                )
                done += 1
        rows = database.execute_sql(
            f"SELECT id, type, payload FROM event WHERE ({like}) AND substr(payload, 1, 9) != ?",
            (*families, _PAYLOAD_START),
        ).fetchall()
        if rows:
            # The log is append-only (a trigger refuses any UPDATE); sealing a payload in place
            # changes no logical byte of the event, so the trigger steps aside for this
            # transaction only and is put back, exactly as it was, before it commits.
            trigger = database.execute_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (_APPEND_ONLY_TRIGGER,),
            ).fetchone()
            if trigger is not None:
                database.execute_sql(f"DROP TRIGGER {_APPEND_ONLY_TRIGGER}")
            for event_id, event_type, payload in rows:
                database.execute_sql(
                    "UPDATE event SET payload = ? WHERE id = ?",
                    (seal_payload(event_type, event_id, payload), event_id),
                )
                done += 1
            if trigger is not None:
                database.execute_sql(trigger[0])
        for digest in _plain_files():  # one file in memory at a time
            content = database.execute_sql(
                "SELECT content FROM stored_file WHERE sha256 = ?", (digest,)
            ).fetchone()[0]
            database.execute_sql(
                "UPDATE stored_file SET content = ? WHERE sha256 = ?",
                (seal_blob(content, FILE_PLACE, digest), digest),
            )
            done += 1
        mark_sealing_done()
        rows = database.execute_sql(
            f"SELECT fingerprint, envelope FROM pull_dead_letter WHERE ({like})"
            " AND substr(envelope, 1, 5) != ?",
            (*families, PREFIX),
        ).fetchall()
        for fingerprint, envelope in rows:
            database.execute_sql(
                "UPDATE pull_dead_letter SET envelope = ? WHERE fingerprint = ?",
                (seal_value(envelope, DEAD_LETTER_PLACE, fingerprint), fingerprint),
            )
            done += 1
    log.info("identity data sealed at rest: %d stored values that were in clear", done)
    # secure_delete zeroed the cells freed just now, but an older store also holds earlier versions
    # of its rows (each change of a transfer rewrote it) in pages freed before secure_delete was
    # on: fold the WAL in and rebuild the file, so no page of old plaintext is left in either.
    try:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.execute_sql("VACUUM")  # needs free disk space about the size of the store
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        log.warning(
            "identity data sealed, but the store could not be rebuilt (VACUUM): %s; "
            "freed pages may keep old plaintext until a later rebuild",
            error,
        )
    return done
