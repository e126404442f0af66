"""The compact stored form of event payloads (issue 22, goal 5).

An event's payload is hashed, sealed, uploaded and compared as its logical canonical JSON
(:mod:`hall_desk.domain.envelope`); only what the ``event.payload`` column holds changes here:

- a payload of an identity-bearing family stays its sealed text (:mod:`hall_desk.storage.sealed`:
  ciphertext does not compress: sealed.py compresses the JSON before it seals it), and so does a
  payload stored before this form (text);
- every other payload is stored as a BLOB: :data:`TAG`, the id of the dictionary it was compressed
  with (an unsigned LEB128 number; 0 = none), then a zstd frame of its canonical JSON (UTF-8)
  without zstd's four-byte magic number (the tag says what follows); payloads stored before that
  form begin with :data:`TAG_FRAME` and a whole frame, and are read as they are.

Dictionaries are trained on the store's own payloads and kept **in the database**
(``payload_dictionary``: an id and the dictionary's bytes; the schema's triggers refuse to change
or delete one), so backups and recovery carry them with the events that need them. A new payload is
compressed with the newest dictionary; an older one keeps the dictionary its row names. Payloads
drift over the years (new fields, new wording), so a new dictionary is trained on the recent
payloads once :data:`RETRAIN_EVENTS` events have been stored since the newest one
(:func:`dictionary_due`, at start); the old ones stay for the rows that name them.

:func:`decode` is the one way from a stored value back to the payload's text: the ``Event.payload``
field, :func:`hall_desk.storage.events.stored_payload` and the SQL function ``event_payload(…)``
(registered on every connection by :mod:`hall_desk.storage.db`) all go through it, so no caller
sees the stored form. ``event.entity`` holds the payload's ``id`` for the entity index
(:func:`entity_key`: 16 bytes for a UUID, the text otherwise; SQL function ``event_entity_key``).

This module imports no database module (the schema step that converts old stores uses it on the
migrating connection); dictionaries are cached per open store and forgotten when it changes.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import zstandard

TAG = 0x7A  # "z": first byte of a compressed payload (a zstd frame without its magic number)
TAG_FRAME = 0x5A  # "Z": the same with the whole frame (payloads stored before the magicless form)
TAGS = (TAG, TAG_FRAME)
# zstd level: ~150 bytes per complaint event with a 64 KiB dictionary (level 9: ~155; 17: 1 % less
# at 3× the time; 19: 4 % less at 25× the time), ~30 µs a payload
LEVEL = 15
TRAIN_LEVEL = 9  # the level a dictionary is trained for (15 trains 2.5× slower for the same size)
DICTIONARY_BYTES = 64 * 1024
TRAIN_MIN_PAYLOADS = 1_000  # fewer than this: no dictionary yet (compressed without one)
TRAIN_SAMPLE = 5_000  # payloads sampled (evenly over the recent log) to train a dictionary
TRAIN_WINDOW = 200_000  # the recent log a dictionary is trained on: the last this many events
RETRAIN_EVENTS = 200_000  # events stored since the newest dictionary before a new one is trained
# setting: the event rowid the newest dictionary was trained through (written by train())
TRAINED_THROUGH = "storage.payload_dictionary_trained_through"
# Event families kept as text: their payloads are sealed (identity data, ciphertext does not
# compress) and never go into a dictionary. The same as hall_desk.storage.sealed.SEALED_FAMILIES
# (a test holds them equal; this module imports no database module).
KEPT_AS_TEXT = ("transfer.",)

_lock = threading.Lock()
_dictionaries: dict[int, zstandard.ZstdCompressionDict] = {}
_compressors: dict[int, zstandard.ZstdCompressor] = {}
_decompressors: dict[tuple[int, int], zstandard.ZstdDecompressor] = {}  # (tag, dictionary id)
_newest: int | None = None  # None: not read from this store yet

# How to read a dictionary from the open store (set by hall_desk.storage.db): id → bytes or None
Loader = Callable[[int], bytes | None]
_loader: Loader | None = None


class PayloadUndecodable(ValueError):
    """A stored payload that cannot be turned back into text (damaged, or an unknown dictionary)."""


def set_loader(loader: Loader | None) -> None:
    global _loader
    _loader = loader


def forget() -> None:
    """Drop every cached dictionary (the store was opened anew or closed)."""
    global _newest
    with _lock:
        _dictionaries.clear()
        _compressors.clear()
        _decompressors.clear()
        _newest = None


# -- the stored form ----------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 28:
            raise PayloadUndecodable("a compressed payload's dictionary id is cut short")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def _dictionary(
    dictionary_id: int, conn: sqlite3.Connection | None
) -> zstandard.ZstdCompressionDict:
    found = _dictionaries.get(dictionary_id)
    if found is not None:
        return found
    data: bytes | None = None
    if conn is not None:
        row = conn.execute(
            "SELECT data FROM payload_dictionary WHERE id = ?", (dictionary_id,)
        ).fetchone()
        data = None if row is None else bytes(row[0])
    elif _loader is not None:
        data = _loader(dictionary_id)
    if data is None:
        raise PayloadUndecodable(f"payload dictionary {dictionary_id} is not in this store")
    made = zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_FULLDICT)
    with _lock:
        _dictionaries[dictionary_id] = made
    return made


def decode(value: Any, conn: sqlite3.Connection | None = None) -> str:
    """The payload text of a stored ``event.payload`` value: text (plain JSON, or sealed) as it is,
    a compressed BLOB decompressed. Raises :class:`PayloadUndecodable`."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes | bytearray | memoryview):
        raise PayloadUndecodable(f"a stored payload of type {type(value).__name__}")
    data = bytes(value)
    if not data or data[0] not in TAGS:
        raise PayloadUndecodable("a stored payload that is neither text nor compressed")
    dictionary_id, start = _read_varint(data, 1)
    key = (data[0], dictionary_id)
    decompressor = _decompressors.get(key)
    if decompressor is None:
        options: dict[str, Any] = {}
        if data[0] == TAG:
            options["format"] = zstandard.FORMAT_ZSTD1_MAGICLESS
        if dictionary_id:
            options["dict_data"] = _dictionary(dictionary_id, conn)
        decompressor = zstandard.ZstdDecompressor(**options)
        with _lock:
            _decompressors[key] = decompressor
    try:
        return decompressor.decompress(data[start:]).decode("utf-8")
    except (zstandard.ZstdError, UnicodeDecodeError) as error:
        raise PayloadUndecodable(f"a compressed payload does not decompress: {error}") from error


def newest_dictionary(conn: sqlite3.Connection) -> int:
    """The id of the newest dictionary of the store (0: none yet)."""
    global _newest
    if _newest is None:
        row = conn.execute("SELECT max(id) FROM payload_dictionary").fetchone()
        with _lock:
            _newest = int(row[0] or 0)
    return _newest


def encode(text: str, conn: sqlite3.Connection) -> bytes:
    """The compressed stored form of a payload's text, with the store's newest dictionary."""
    dictionary_id = newest_dictionary(conn)
    compressor = _compressors.get(dictionary_id)
    if compressor is None:
        compressor = _compressor(_dictionary(dictionary_id, conn) if dictionary_id else None)
        with _lock:
            _compressors[dictionary_id] = compressor
    return bytes([TAG]) + _varint(dictionary_id) + compressor.compress(text.encode("utf-8"))


def encode_many(texts: list[str], conn: sqlite3.Connection) -> list[bytes]:
    """:func:`encode` of each of ``texts`` (the very same bytes), compressed in one call on as many
    threads as there are cores (zstd works without Python's lock)."""
    if len(texts) < 2:
        return [encode(text, conn) for text in texts]
    dictionary_id = newest_dictionary(conn)
    encode(texts[0], conn)  # the store's compressor made (and cached)
    compressor = _compressors[dictionary_id]
    if not hasattr(compressor, "multi_compress_to_buffer"):  # only zstandard's C backend has it
        return [encode(text, conn) for text in texts]
    prefix = bytes([TAG]) + _varint(dictionary_id)
    frames = compressor.multi_compress_to_buffer(
        [text.encode("utf-8") for text in texts], threads=min(2, os.cpu_count() or 1)
    )
    return [prefix + frames[i].tobytes() for i in range(len(frames))]


def _compressor(dictionary: zstandard.ZstdCompressionDict | None) -> zstandard.ZstdCompressor:
    parameters = zstandard.ZstdCompressionParameters.from_level(
        LEVEL,
        format=zstandard.FORMAT_ZSTD1_MAGICLESS,  # TAG says what follows
        write_checksum=False,  # the event's hash covers the content
        write_dict_id=False,  # the row names its dictionary in the header
        write_content_size=True,
    )
    if dictionary is None:
        return zstandard.ZstdCompressor(compression_params=parameters)
    return zstandard.ZstdCompressor(dict_data=dictionary, compression_params=parameters)


def encoder(dictionary_id: int, data: bytes | None) -> Callable[[str], bytes]:
    """:func:`encode` with a dictionary given as its id and bytes (None for id 0) instead of read
    from an open store: for a bulk writer's worker processes, which compress without a
    connection (the benchmarks' seeder). The same stored form, byte for byte."""
    if bool(dictionary_id) != (data is not None):
        raise ValueError("a dictionary id needs its bytes, and id 0 none")
    made = None
    if data is not None:
        made = zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_FULLDICT)
    compress = _compressor(made).compress
    header = bytes([TAG]) + _varint(dictionary_id)

    def encode_text(text: str) -> bytes:
        return header + compress(text.encode("utf-8"))

    return encode_text


def kept_as_text(event_type: str) -> bool:
    """Whether events of ``event_type`` keep their payload as (sealed) text."""
    return event_type.startswith(KEPT_AS_TEXT)


def digest_stored(digest: Any) -> Any:
    """What ``event.hash`` / ``event.prev`` store for a SHA-256 hex digest: its 32 bytes ('' stays
    '', anything that is not a lowercase hex digest stays text, so a tampered value still shows)."""
    if isinstance(digest, str) and len(digest) == 64:
        try:
            raw = bytes.fromhex(digest)
        except ValueError:
            return digest
        return raw if raw.hex() == digest else digest
    return digest


def digest_text(stored: Any) -> Any:
    """A stored ``event.hash`` / ``event.prev`` back as its hex text (text as it is)."""
    if isinstance(stored, bytes | bytearray | memoryview):
        return bytes(stored).hex()
    return stored


def dictionary_of(value: Any) -> int | None:
    """The dictionary id a stored value names (None: stored as text)."""
    if isinstance(value, bytes | bytearray | memoryview) and len(value) > 1 and value[0] in TAGS:
        return _read_varint(bytes(value), 1)[0]
    return None


def entity_key(entity: object) -> bytes | str | None:
    """What ``event.entity`` holds for a payload's ``id``: a UUID as its 16 bytes, any other
    text as it is, nothing (None) for no id."""
    if not isinstance(entity, str) or not entity:
        return None
    if len(entity) == 36 and entity[8] == entity[13] == entity[18] == entity[23] == "-":
        digits = entity[:8] + entity[9:13] + entity[14:18] + entity[19:23] + entity[24:]
        try:
            raw = bytes.fromhex(digits)
        except ValueError:
            return entity
        if raw.hex() == digits:  # 32 lowercase hex digits: str(uuid.UUID(entity)) == entity
            return raw
    return entity


# -- dictionaries -------------------------------------------------------------------------------


def dictionary_due(conn: sqlite3.Connection) -> bool:
    """Whether a dictionary is to be trained: the store has none yet and holds enough payloads to
    train one, or :data:`RETRAIN_EVENTS` events have been stored since the newest one was trained.
    Cheap (a few index lookups): run at every start."""
    newest = newest_dictionary(conn)
    if not newest:
        eligible = conn.execute(
            "SELECT count(*) FROM event WHERE substr(type, 1, 9) != 'transfer.'"
        ).fetchone()[0]
        return int(eligible) >= TRAIN_MIN_PAYLOADS
    last = int(conn.execute("SELECT max(rowid) FROM event").fetchone()[0] or 0)
    return last - trained_through(conn, newest) >= RETRAIN_EVENTS


def trained_through(conn: sqlite3.Connection, newest: int) -> int:
    """The event rowid the newest dictionary was trained through: as :func:`train` recorded it or,
    for a dictionary trained before it did, the row before the first one it compressed (found
    from the start of the log: a store converted with its dictionary has it in its first rows)."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (TRAINED_THROUGH,)).fetchone()
    if row is not None:
        try:
            return int(row[0])
        except (TypeError, ValueError):
            pass  # a damaged setting: as if never written
    for tag in TAGS:
        first = conn.execute(
            "SELECT rowid FROM event WHERE substr(payload, 1, ?) = ? ORDER BY rowid LIMIT 1",
            (len(_varint(newest)) + 1, bytes([tag]) + _varint(newest)),
        ).fetchone()
        if first is not None:
            return int(first[0]) - 1
    return 0


def train(conn: sqlite3.Connection, samples: list[bytes], at: str) -> int:
    """Train a dictionary on ``samples`` (payload texts, UTF-8), keep it in the store under a new
    id and make it the one new payloads are compressed with. Returns its id."""
    training: list[bytes | bytearray | memoryview] = list(samples)
    trained = zstandard.train_dictionary(DICTIONARY_BYTES, training, level=TRAIN_LEVEL)
    cursor = conn.execute(
        "INSERT INTO payload_dictionary (data, trained_at, samples) VALUES (?, ?, ?)",
        (trained.as_bytes(), at, len(samples)),
    )
    dictionary_id = int(cursor.lastrowid or 0)
    last = conn.execute("SELECT max(rowid) FROM event").fetchone()[0] or 0
    conn.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (TRAINED_THROUGH, str(last))
    )
    global _newest
    with _lock:
        _newest = dictionary_id
        _compressors.clear()
    return dictionary_id


def training_samples(conn: sqlite3.Connection, limit: int = TRAIN_SAMPLE) -> list[bytes]:
    """Up to ``limit`` payload texts of the store, spread over its recent log (the last
    :data:`TRAIN_WINDOW` events; a fixed seed: the same store gives the same sample); never one of
    :data:`KEPT_AS_TEXT` (identity data, even one stored in clear before sealing, never goes into
    a dictionary)."""
    rows = conn.execute("SELECT max(rowid) FROM event").fetchone()[0] or 0
    first = max(1, rows - TRAIN_WINDOW + 1)
    picker = random.Random(rows)
    wanted = sorted(picker.sample(range(first, rows + 1), min(rows - first + 1, limit * 2)))
    samples: list[bytes] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for value in conn.execute(
            f"SELECT type, payload FROM event WHERE rowid IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ):
            if not kept_as_text(value[0]):
                samples.append(decode(value[1], conn).encode("utf-8"))
    return samples[:limit]


# -- converting a store written before this form (the schema step "compact events") --------------

_APPEND_ONLY_TRIGGER = "event_append_only_update"


def rows_to_convert(conn: sqlite3.Connection, after_rowid: int = 0) -> int:
    """How many events past ``after_rowid`` are still in an older stored form."""
    return int(
        conn.execute(
            f"SELECT count(*) FROM event WHERE rowid > ? AND ({_old_form(conn)})", (after_rowid,)
        ).fetchone()[0]
    )


def _old_form(conn: sqlite3.Connection) -> str:
    """An event in an older form: a payload of a compressed family still stored as text, or an
    entity not yet filled in (every payload with an id gets one; sealed text keeps its id
    readable); once the store has a dictionary, a payload compressed without one."""
    old = (
        "typeof(hash) = 'text' OR (typeof(prev) = 'text' AND prev != '')"
        " OR (typeof(payload) = 'text' AND substr(type, 1, 9) != 'transfer.')"
        " OR (entity IS NULL AND typeof(payload) = 'text' AND payload LIKE '%\"id\":%')"
    )
    if newest_dictionary(conn):
        old += "".join(f" OR substr(payload, 1, 2) = x'{tag:02x}00'" for tag in TAGS)
    return old


# The payload's ``id`` of a row still stored as text, read by SQLite's own JSON parser (what
# ``_payload_id`` gives for such a text, without a Python ``json.loads`` per row: a third of the
# conversion's CPU); NULL for no text id (a compressed payload is decoded in Python instead).
_TEXT_ID = (
    "CASE WHEN typeof(payload) = 'text' AND json_valid(payload)"
    " AND json_type(payload, '$.id') = 'text' THEN json_extract(payload, '$.id') END"
)


def convert_batch(conn: sqlite3.Connection, after_rowid: int, limit: int) -> tuple[int, int]:
    """Convert the next at most ``limit`` events past ``after_rowid`` still in the old form, in the
    caller's transaction: (the last rowid looked at, or -1 when none is left; how many changed).

    Only the stored form changes: the payload decoded from the new form is the old text, byte for
    byte (checked before the row is written), ``prev`` and ``hash`` become their 32 bytes (read
    back as the same hex), and id, seq, redacted_by stay. The
    append-only trigger steps aside for these updates and is put back exactly as it was before
    the caller commits (as sealing does, :mod:`hall_desk.storage.sealed`). The batch is compressed
    in one call (on two threads where there are two cores) and written with one ``executemany``."""
    rows = conn.execute(
        f"SELECT rowid, type, payload, prev, hash, {_TEXT_ID} FROM event"
        f" WHERE rowid > ? AND ({_old_form(conn)}) ORDER BY rowid LIMIT ?",
        (after_rowid, limit),
    ).fetchall()
    if not rows:
        return -1, 0
    texts = [decode(row[2], conn) for row in rows]
    to_compress = [i for i, row in enumerate(rows) if not kept_as_text(row[1])]
    stored: list[str | bytes] = [row[2] for row in rows]
    for i, packed in zip(
        to_compress,
        encode_many([texts[i] for i in to_compress], conn),
        strict=True,
    ):
        if decode(packed, conn) != texts[i]:
            raise PayloadUndecodable(f"event rowid {rows[i][0]}: the compressed form differs")
        stored[i] = packed
    updates = [
        (
            stored[i],
            entity_key(text_id if isinstance(payload, str) else _payload_id(texts[i])),
            _digest_converted(prev),
            _digest_converted(digest),
            rowid,
        )
        for i, (rowid, _type, payload, prev, digest, text_id) in enumerate(rows)
    ]
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_APPEND_ONLY_TRIGGER,)
    ).fetchone()
    if trigger is not None:
        conn.execute(f"DROP TRIGGER {_APPEND_ONLY_TRIGGER}")
    try:
        conn.executemany(
            "UPDATE event SET payload = ?, entity = ?, prev = ?, hash = ? WHERE rowid = ?", updates
        )
    finally:
        if trigger is not None:
            conn.execute(trigger[0])
    return int(rows[-1][0]), len(rows)


def _digest_converted(stored: Any) -> Any:
    """``digest_stored(digest_text(stored))``: 32 bytes stay as they are."""
    if type(stored) is bytes and len(stored) == 32:
        return stored
    return digest_stored(digest_text(stored))


def _payload_id(text: str) -> object:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value.get("id") if isinstance(value, dict) else None


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions ``event_payload(payload)`` and ``event_entity_key(id)`` on a connection
    of its own (a tool or a test reading the file directly; the store's connections have them
    from :mod:`hall_desk.storage.db`)."""
    conn.create_function("event_payload", 1, lambda value: decode(value, conn))
    conn.create_function("event_entity_key", 1, entity_key)
