"""Encrypted, verified backups of the desk's store, and restoring one (issue 9, "Trust").

A backup is taken with SQLite's online backup API from the open store (writers are not blocked:
the store is in WAL mode) into a plain copy beside the store, then compressed and encrypted in
chunks into the chosen folder (never a plain copy on the USB stick or network share) while
``PRAGMA integrity_check`` runs on the copy on a thread of its own (SQLite works without Python's
lock: the two cores share the work). The backup is then read back from the folder, every chunk
decrypted (its authentication tag checked) and decompressed (its zstd frame's checksum of the bytes
it was made from checked, and its size) in memory: the bytes on the stick give back the very bytes
that passed ``integrity_check``, whose event-chain head (this desk's last ``seq`` and ``hash``) is
the one recorded in the header. Only then is the ``.part`` renamed. The plain copy is not fsynced
(it is read at once and removed: only the backup made of it must reach the disk), and the files
format 3 writes (the backup's volumes, a restored store) are fsynced while they grow
(:class:`_SyncedFile`): the disk writes while the next chunks are compressed or decompressed.

File format (``.hdbak``), version 3 (issue 22: zstd-compressed, in volumes)::

    MAGIC (16 bytes) | header length (u32, big-endian) | header (canonical JSON, UTF-8)
    then for each chunk: nonce (12 bytes) | ciphertext length (u32) | AES-256-GCM ciphertext+tag

Each chunk is ``chunk`` bytes of the store (the last one shorter), compressed before it is
encrypted (the plaintext is one flag byte, 2: a zstd frame with its content size and checksum,
0: stored as is when compressing did not make it smaller, then the bytes). The records run on
across volumes of at most ``volume`` bytes each (a FAT32 stick holds no file of 4 GiB):
``<name>.hdbak`` holds the header and the first records, ``<name>.hdbak.2``, ``.3`` … the
following ones; a volume missing or cut short fails like a file cut short.

Older versions are still read and restored: version 2 (the same, flag 1: zlib instead of zstd)
and version 1 (no compression, one file, the chunk's bytes as they are). They are written only
for tests and the benchmark, the way they were (``quick_check`` of the copy, then the
verification decrypting into a second copy on disk and running ``integrity_check`` on it), and
restored the way they were (``integrity_check`` of the decrypted copy). A version 3 backup is
restored without a second ``integrity_check``: every chunk is authenticated (below), so the
restored bytes are the ones that passed it when the backup was written, and the app's start-up
check (``quick_check``) runs on the restored store as on any other.

The header (format, desk, hall, created UTC, schema version, event ``seq``/``hash`` head, plain
size, chunk size, key id) is readable without the key. Every chunk is authenticated with the
SHA-256 of magic+header, its index and a last-chunk flag as associated data: a changed header,
a flipped byte, chunks swapped, dropped or added are all refused. The key (32 random bytes) is the
desk's, kept in the system keyring (:func:`hall_desk.credentials.backup_key`); ``key_id`` (an HMAC
of a constant) says "wrong key" apart from "damaged file". Files of any size are streamed: memory
use is a few chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.storage import compact
from hall_desk.storage.schema import APPLICATION_ID, LATEST_VERSION

log = logging.getLogger(__name__)

MAGIC = b"HALLDESK-BACKUP\n"
FORMAT = 3  # 3: zstd; 2: zlib-compressed chunks, in volumes (issue 22); 1: plain, one file
READABLE_FORMATS = frozenset({1, 2, 3})
VOLUME = 3_900 * 1024 * 1024 * 1024 // 1000  # at most 3.9 GiB a file (FAT32: under 4 GiB)
COMPRESSION_LEVEL = 1  # format 2's zlib level (fast: the store's JSON events compress well)
ZSTD_LEVEL = 1  # format 3's: about 15 % of the store at 300+ MB/s on one core (bench_backup.py)
_STORED, _COMPRESSED, _ZSTD = b"\x00", b"\x01", b"\x02"
SUFFIX = ".hdbak"
CHUNK = 4 * 1024 * 1024
NONCE = 12
TAG = 16
_LENGTH = struct.Struct(">I")
_AAD = struct.Struct(">QB")
MAX_HEADER = 64 * 1024


class BackupError(DomainError):
    """A backup could not be written, verified or restored. ``code`` names why (``backup.*``);
    ``path`` is the file concerned, ``detail`` a line for the log and support."""

    def __init__(
        self, code: str, path: Path | None = None, detail: str = "", **params: Any
    ) -> None:
        super().__init__(code, None, path=str(path) if path else "", **params)
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        parts = [self.code]
        if self.path:
            parts.append(str(self.path))
        if self.detail:
            parts.append(self.detail)
        return ": ".join(parts)


@dataclass(frozen=True)
class StoreFacts:
    """What a (copy of a) store says about itself, once it passed ``integrity_check``."""

    desk: str
    hall: str
    schema: int
    seq: int  # this desk's last event (0: none)
    head: str  # its hash ("" when none)


@dataclass(frozen=True)
class BackupHeader:
    format: int
    desk: str
    hall: str
    created: str  # UTC ISO
    schema: int
    seq: int
    head: str
    size: int
    chunk: int
    key_id: str
    volume: int = 0  # format 2: the largest a volume may be (bytes); 0 in format 1

    def as_dict(self) -> dict[str, Any]:
        fields = dict(self.__dict__)
        if self.format == 1:
            fields.pop("volume")  # format 1's header, byte for byte as it was written
        return fields

    @property
    def facts(self) -> StoreFacts:
        return StoreFacts(self.desk, self.hall, self.schema, self.seq, self.head)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    header: BackupHeader
    size: int  # bytes on disk


def key_id(key: bytes) -> str:
    return hmac.new(key, b"hall_desk backup key id", hashlib.sha256).hexdigest()[:16]


def backup_name(desk: str, created: datetime) -> str:
    return f"hall_desk-{desk}-{created.strftime('%Y%m%dT%H%M%SZ')}{SUFFIX}"


def volume_path(first: Path, number: int) -> Path:
    """Volume ``number`` (1: the file with the header) of the backup whose first volume is
    ``first`` (a ``.part`` name keeps ``.part`` at the end)."""
    if number == 1:
        return first
    if first.name.endswith(".part"):
        return first.with_name(f"{first.name.removesuffix('.part')}.{number}.part")
    return first.with_name(f"{first.name}.{number}")


def volumes(first: Path) -> list[Path]:
    """Every volume of the backup ``first`` that exists, in order."""
    found = [first]
    while (following := volume_path(first, len(found) + 1)).exists():
        found.append(following)
    return found


CHECK_CACHE_KIB = 16 * 1024  # format 3's integrity_check: its page cache (KiB)
SYNC_EVERY = 32 * 1024 * 1024  # format 3: bytes written between two fsyncs started early


class _SyncedFile:
    """A file being written whose pages go to the disk while it grows (format 3): every
    :data:`SYNC_EVERY` bytes an fsync starts on a thread of its own (the disk writes what is there
    while the next chunks are compressed or decompressed, instead of everything waiting for one
    fsync at the end), and :meth:`finish` waits for it and fsyncs the rest. ``early=False``: only
    the fsync at the end (how formats 1 and 2 were written)."""

    def __init__(self, path: Path, *, early: bool) -> None:
        self.out: IO[bytes] = open(path, "wb")  # noqa: SIM115 (closed by finish())
        self.early = early
        self.unsynced = 0
        self.thread: threading.Thread | None = None
        self.failed: OSError | None = None

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.unsynced += len(data)
        if self.early and self.unsynced >= SYNC_EVERY and not self._syncing():
            self.out.flush()
            self.unsynced = 0
            self.thread = threading.Thread(target=self._sync, name="backup-fsync", daemon=True)
            self.thread.start()

    def _syncing(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _sync(self) -> None:
        try:
            os.fsync(self.out.fileno())
        except OSError as error:  # reported by finish(): a later fsync may not see it again
            self.failed = error

    def finish(self) -> None:
        """Everything written on the disk (raises the OSError of any fsync), the file closed."""
        try:
            if self.thread is not None:
                self.thread.join()
            self.out.flush()
            os.fsync(self.out.fileno())
            if self.failed is not None:
                raise self.failed
        finally:
            self.out.close()

    def abandon(self) -> None:
        """Closed without waiting for the disk (what was written is being thrown away)."""
        if self.thread is not None:
            self.thread.join()
        self.out.close()


class _VolumeWriter:
    """Records written on across volumes of at most ``limit`` bytes (each record whole)."""

    def __init__(self, first: Path, limit: int, *, early: bool = False) -> None:
        self.first, self.limit, self.number, self.early = first, limit, 1, early
        self.out = _SyncedFile(first, early=early)
        self.written = 0

    def write(self, record: bytes) -> None:
        if self.written and self.written + len(record) > self.limit:
            self._finish_volume()
            self.number += 1
            self.out = _SyncedFile(volume_path(self.first, self.number), early=self.early)
            self.written = 0
        self.out.write(record)
        self.written += len(record)

    def _finish_volume(self) -> None:
        self.out.finish()

    def close(self) -> None:
        if not self.out.out.closed:
            self._finish_volume()


class _VolumeReader:
    """The records of every volume, read as one stream (a missing volume: the stream ends)."""

    def __init__(self, first: Path) -> None:
        self.first, self.number = first, 1
        self.handle: IO[bytes] = open(first, "rb")  # noqa: SIM115 (closed by close())

    def read(self, count: int) -> bytes:
        data = self.handle.read(count)
        while len(data) < count:
            following = volume_path(self.first, self.number + 1)
            if data or not following.exists():
                return data  # a record never spans two volumes: short means cut short
            self.handle.close()
            self.number += 1
            self.handle = open(following, "rb")  # noqa: SIM115
            data = self.handle.read(count)
        return data

    def close(self) -> None:
        self.handle.close()


# -- the plain copy ---------------------------------------------------------------------------


def snapshot(source: sqlite3.Connection, target: Path, *, durable: bool = True) -> None:
    """Copy the open store into ``target`` with the online backup API (one consistent read).
    ``durable=False``: not fsynced (a working copy read back at once and removed after: what it
    holds reaches the disk only as the backup made of it, which is fsynced)."""
    dest = sqlite3.connect(target)
    try:
        if not durable:
            dest.execute("PRAGMA synchronous = OFF")
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        dest.close()


Check = Literal["integrity_check", "quick_check"] | None


def _open_read_only(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    try:
        return sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=check_same_thread
        )
    except sqlite3.DatabaseError as error:
        raise BackupError("backup.corrupt", path, str(error)) from error


def check_copy(path: Path, *, check: Check = "integrity_check") -> StoreFacts:
    """``integrity_check`` (or ``quick_check``, or none) of a store file, then its desk and event
    head.

    Raises :class:`BackupError` ``backup.corrupt`` naming the first problem SQLite reports.
    """
    conn = _open_read_only(path)
    try:
        return _checked_facts(conn, path, check)
    finally:
        conn.close()


def _checked_facts(conn: sqlite3.Connection, path: Path, check: Check) -> StoreFacts:
    try:
        if check is not None:
            rows = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            if rows != ["ok"]:
                raise BackupError("backup.corrupt", path, "; ".join(str(r) for r in rows[:3]))
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise BackupError("backup.not_a_backup", path, f"application_id {app_id:#x}")
        desk_row = conn.execute("SELECT code, hall_code FROM desk WHERE id = 1").fetchone()
        if desk_row is None:
            raise BackupError("backup.corrupt", path, "no desk set up in this store")
        desk, hall = desk_row
        last = conn.execute(
            "SELECT seq, hash FROM event WHERE desk = ? ORDER BY seq DESC LIMIT 1", (desk,)
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError("backup.corrupt", path, str(error)) from error
    seq, head = last if last else (0, "")
    head = compact.digest_text(head)  # stored as 32 bytes (compact events)
    return StoreFacts(desk=desk, hall=hall, schema=schema, seq=int(seq), head=str(head))


class _BackgroundCheck:
    """``integrity_check`` (and the facts) of the plain copy on a thread of its own, while the
    copy is compressed and encrypted: SQLite releases Python's lock while it works, so the check
    takes the other core. :meth:`result` waits for it; :meth:`cancel` interrupts it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = _open_read_only(path, check_same_thread=False)
        # integrity_check looks every row up in each of its indexes: a page cache larger than
        # the default 2 MB saves it re-reading pages (about 15 % of its CPU at 20,000 complaints)
        self.conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        self.outcome: StoreFacts | BaseException | None = None
        self.joined = False
        self.thread = threading.Thread(target=self._run, name="backup-integrity-check")
        self.thread.start()

    def _run(self) -> None:
        try:
            self.outcome = _checked_facts(self.conn, self.path, "integrity_check")
        except BaseException as error:  # handed to the waiting thread by result()
            self.outcome = error

    def _join(self) -> None:
        self.thread.join()
        self.joined = True
        self.conn.close()  # here, not on the thread: interrupt() never meets a closed connection

    def result(self) -> StoreFacts:
        self._join()
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        assert self.outcome is not None
        return self.outcome

    def cancel(self) -> None:
        """Stop the check (the backup failed: nothing will wait for it) and wait till it ends."""
        if not self.joined:
            self.conn.interrupt()  # the connection is open till _join closes it
            self._join()


def store_desk(path: Path) -> str | None:
    """The desk code of an existing store file, or None when there is none or it cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT code FROM desk WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


# -- encryption -------------------------------------------------------------------------------


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + _AAD.pack(index, 1 if last else 0)


def _header_bytes(header: BackupHeader) -> bytes:
    return json.dumps(header.as_dict(), sort_keys=True, separators=(",", ":")).encode("utf-8")


def _chunk_count(size: int, chunk: int) -> int:
    return max(1, -(-size // chunk))


class _Packer:
    """A chunk's plaintext in formats 2 and 3: compressed (zlib, zstd) unless that does not make
    it smaller; format 1: the chunk as it is."""

    def __init__(self, file_format: int) -> None:
        self.file_format = file_format
        self.zstd: Any = None
        if file_format >= 3:
            import zstandard  # not at start-up (issue 22)

            self.zstd = zstandard.ZstdCompressor(
                level=ZSTD_LEVEL, write_checksum=True, write_content_size=True
            )

    def pack(self, data: bytes) -> bytes:
        if self.file_format == 1:
            return data
        if self.zstd is not None:
            flag, packed = _ZSTD, self.zstd.compress(data)
        else:
            flag, packed = _COMPRESSED, zlib.compress(data, COMPRESSION_LEVEL)
        return flag + packed if len(packed) < len(data) else _STORED + data


class _Unpacker:
    """The chunk back from its plaintext (the flags the backup's format allows)."""

    def __init__(self, file_format: int, chunk: int, path: Path) -> None:
        self.file_format, self.chunk, self.path = file_format, chunk, path
        self.zstd: Any = None
        if file_format >= 3:
            import zstandard

            self.zstd = zstandard.ZstdDecompressor()

    def unpack(self, text: bytes, index: int) -> bytes:
        if self.file_format == 1:
            return text
        flag = text[:1]
        if flag == _STORED:
            return text[1:]
        if flag == _COMPRESSED and self.file_format == 2:
            return self._zlib(text[1:], index)
        if flag == _ZSTD and self.zstd is not None:
            return self._zstd(memoryview(text)[1:], index)
        raise BackupError("backup.corrupt", self.path, f"chunk {index}: unknown packing")

    def _zlib(self, body: bytes, index: int) -> bytes:
        unpacker = zlib.decompressobj()
        try:
            data = unpacker.decompress(body, self.chunk + 1)
        except zlib.error as error:
            raise BackupError("backup.corrupt", self.path, f"chunk {index}: {error}") from error
        if len(data) > self.chunk or not unpacker.eof:
            raise BackupError("backup.corrupt", self.path, f"chunk {index} longer than a chunk")
        return data

    def _zstd(self, body: memoryview, index: int) -> bytes:
        import zstandard

        try:
            size = zstandard.frame_content_size(body)
            if size < 0 or size > self.chunk:  # unknown (-1) or more than a chunk: not ours
                raise BackupError(
                    "backup.corrupt", self.path, f"chunk {index}: frame of {size} bytes"
                )
            data: bytes = self.zstd.decompress(body)  # its checksum is checked too
        except zstandard.ZstdError as error:
            raise BackupError("backup.corrupt", self.path, f"chunk {index}: {error}") from error
        if len(data) != size:
            raise BackupError("backup.corrupt", self.path, f"chunk {index}: {len(data)} bytes")
        return data


def encrypt_file(plain: Path, target: Path, header: BackupHeader, key: bytes) -> str:
    """Write ``plain`` encrypted to ``target`` (and its further volumes, formats 2 and 3; each
    fsynced); returns the plain bytes' SHA-256 ("" in format 3). Formats 1 (plain chunks, one file) and 2 (zlib)
    are written when the header says so: how the backups older desks made look."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # not at start-up (issue 22)

    aes = AESGCM(key)
    packer = _Packer(header.format)
    head = _header_bytes(header)
    digest = hashlib.sha256(MAGIC + head).digest()
    # Formats 1 and 2 compare the plain bytes' SHA-256 after decrypting; format 3 relies on each
    # chunk's authentication tag and each zstd frame's checksum of the bytes it was made from.
    plain_hash = hashlib.sha256() if header.format < 3 else None
    count = _chunk_count(header.size, header.chunk)
    limit = header.volume if header.format >= 2 else 1 << 62
    out = _VolumeWriter(target, limit, early=header.format >= 3)
    try:
        with open(plain, "rb") as source:
            out.write(MAGIC + _LENGTH.pack(len(head)) + head)
            for index in range(count):
                data = source.read(header.chunk)
                if plain_hash is not None:
                    plain_hash.update(data)
                nonce = os.urandom(NONCE)
                text = packer.pack(data)
                sealed = aes.encrypt(nonce, text, _aad(digest, index, index == count - 1))
                out.write(nonce + _LENGTH.pack(len(sealed)) + sealed)
            if source.read(1):
                raise BackupError(
                    "backup.write_failed", plain, "the copy grew while it was encrypted"
                )
    finally:
        out.close()
    return plain_hash.hexdigest() if plain_hash is not None else ""


class _Readable(Protocol):
    def read(self, count: int, /) -> bytes: ...


def _read_exact(handle: _Readable, count: int, path: Path) -> bytes:
    data = handle.read(count)
    if len(data) != count:
        raise BackupError("backup.corrupt", path, "the file is cut short")
    return data


def _open_header(handle: _Readable, path: Path) -> tuple[BackupHeader, bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BackupError("backup.not_a_backup", path)
    (length,) = _LENGTH.unpack(_read_exact(handle, _LENGTH.size, path))
    if length > MAX_HEADER:
        raise BackupError("backup.corrupt", path, "header too long")
    head = _read_exact(handle, length, path)
    try:
        fields = json.loads(head.decode("utf-8"))
        if fields.get("format") not in READABLE_FORMATS:
            raise BackupError("backup.format_unknown", path, f"format {fields.get('format')}")
        header = BackupHeader(**fields)
    except (ValueError, TypeError) as error:
        raise BackupError("backup.corrupt", path, f"header unreadable: {error}") from error
    if header.chunk <= 0 or header.chunk > 64 * CHUNK or header.size < 0 or header.volume < 0:
        raise BackupError("backup.corrupt", path, "header values out of range")
    return header, hashlib.sha256(MAGIC + head).digest()


def read_header(path: Path) -> BackupHeader:
    """The header of a backup file, without the key (what it is, whose, how new)."""
    try:
        with open(path, "rb") as handle:
            return _open_header(handle, path)[0]
    except OSError as error:
        raise BackupError("backup.unreadable", path, str(error)) from error


def decrypt_file(
    path: Path, key: bytes, target: Path, *, digest: bool = True, early_sync: bool = False
) -> tuple[BackupHeader, str]:
    """Decrypt ``path`` into ``target`` (fsynced; ``early_sync``: while it is written, see
    :class:`_SyncedFile`); (header, SHA-256 of the plain bytes, "" unless ``digest``). Every
    chunk is authenticated; any change anywhere raises ``backup.corrupt`` (``backup.wrong_key``
    when the key is not the one it was written with)."""
    try:
        out = _SyncedFile(target, early=early_sync)
        try:
            found = read_back(path, key, out.write, digest=digest)
        except BaseException:
            out.abandon()
            raise
        out.finish()
    except OSError as error:
        raise BackupError("backup.unreadable", path, str(error)) from error
    return found


def read_back(
    path: Path, key: bytes, sink: Callable[[bytes], object], *, digest: bool = True
) -> tuple[BackupHeader, str]:
    """Decrypt (and decompress) every chunk of ``path`` in order, each handed to ``sink`` once it
    is authenticated; (header, SHA-256 of the plain bytes, "" unless ``digest``). Raises as
    :func:`decrypt_file` does; nothing is written to disk here."""
    from cryptography.exceptions import InvalidTag  # not at start-up (issue 22)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aes = AESGCM(key)
    plain_hash = hashlib.sha256() if digest else None
    handle: _VolumeReader | None = None
    try:
        handle = _VolumeReader(path)
        header, header_digest = _open_header(handle, path)
        unpacker = _Unpacker(header.format, header.chunk, path)
        if not hmac.compare_digest(header.key_id, key_id(key)):
            raise BackupError("backup.wrong_key", path, f"desk {header.desk}")
        count = _chunk_count(header.size, header.chunk)
        written = 0
        for index in range(count):
            nonce = _read_exact(handle, NONCE, path)
            (length,) = _LENGTH.unpack(_read_exact(handle, _LENGTH.size, path))
            if length > header.chunk + TAG + (1 if header.format >= 2 else 0):
                raise BackupError("backup.corrupt", path, f"chunk {index} too long")
            sealed = _read_exact(handle, length, path)
            try:
                text = aes.decrypt(nonce, sealed, _aad(header_digest, index, index == count - 1))
            except InvalidTag:
                raise BackupError(
                    "backup.corrupt", path, f"chunk {index} fails its check"
                ) from None
            data = unpacker.unpack(text, index)
            if plain_hash is not None:
                plain_hash.update(data)
            sink(data)
            written += len(data)
        if handle.read(1):
            raise BackupError("backup.corrupt", path, "data after the last chunk")
        if written != header.size:
            raise BackupError("backup.corrupt", path, f"{written} bytes, header says {header.size}")
    except OSError as error:
        raise BackupError("backup.unreadable", path, str(error)) from error
    finally:
        if handle is not None:
            handle.close()
    return header, plain_hash.hexdigest() if plain_hash is not None else ""


# -- backing up, verifying, restoring ---------------------------------------------------------


def _remove(path: Path) -> None:
    for candidate in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _temp_path(directory: Path, prefix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".sqlite3", dir=directory)
    os.close(handle)
    return Path(name)


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_backup(
    source: sqlite3.Connection,
    folder: Path,
    key: bytes,
    *,
    now: datetime,
    work_dir: Path,
    progress: Callable[[str], None] | None = None,
    volume: int = VOLUME,
    file_format: int = FORMAT,
) -> BackupFile:
    """Back the open store up into ``folder``; verified before it counts (see the module doc).

    ``work_dir`` (beside the store) holds the plain copies while they exist; they are removed
    whatever happens. Nothing is left in ``folder`` unless verified (a ``.part`` file is removed).
    ``file_format`` 1 or 2 writes an older format the way it was written (see the module doc):
    for the benchmark that compares them, and tests that older backups still restore.
    """
    if file_format not in READABLE_FORMATS:
        raise ValueError(f"backup format {file_format}")
    say = progress or (lambda _step: None)
    if volume < CHUNK + 1024:
        raise ValueError(f"a volume of {volume} bytes cannot hold a chunk of {CHUNK}")
    if not folder.is_dir():
        raise BackupError("backup.folder_missing", folder)
    _remove_stale(folder, work_dir, time.time())
    plain = _temp_path(work_dir, ".backup-")
    target: Path | None = None
    part: Path | None = None
    check: _BackgroundCheck | None = None
    try:
        say("copy")
        try:
            snapshot(source, plain, durable=file_format < 3)
        except (sqlite3.Error, OSError) as error:  # this PC's own disk full, most likely
            raise BackupError("backup.copy_failed", work_dir, str(error)) from error
        if file_format >= 3:
            # integrity_check of the copy on the other core while it is encrypted; the read-back
            # proves the backup holds the very bytes it checked (their SHA-256 is compared).
            facts = check_copy(plain, check=None)
            check = _BackgroundCheck(plain)
        else:
            # quick_check here (a damaged store is not worth encrypting); the full
            # integrity_check runs in the verification, on the bytes decrypted into a second copy.
            say("check")
            facts = check_copy(plain, check="quick_check")
        header = BackupHeader(
            format=file_format,
            desk=facts.desk,
            hall=facts.hall,
            created=utc_iso(now),
            schema=facts.schema,
            seq=facts.seq,
            head=facts.head,
            size=plain.stat().st_size,
            chunk=CHUNK,
            key_id=key_id(key),
            volume=volume if file_format >= 2 else 0,
        )
        target = folder / backup_name(facts.desk, now)
        part = target.with_name(target.name + ".part")
        say("encrypt")
        try:
            plain_sha = encrypt_file(plain, part, header, key)
        except OSError as error:
            raise BackupError("backup.write_failed", part, str(error)) from error
        say("verify")
        if check is not None:
            verified = _read_back_verified(part, key, facts)
            checked, check = check.result(), None
            if checked != facts:
                raise BackupError("backup.corrupt", part, f"copy {checked} ≠ {facts}")
            _remove(plain)
        else:
            _remove(plain)
            verified = verify_backup(
                part, key, work_dir=work_dir, expected=facts, plain_sha=plain_sha
            )
        try:
            written = volumes(part)
            for number in range(len(written), 0, -1):  # the first (with the header) last
                os.replace(written[number - 1], volume_path(target, number))
            _fsync_dir(folder)
        except OSError as error:
            raise BackupError("backup.write_failed", target, str(error)) from error
        part = None
        log.info(
            "backup %s written and verified (%d bytes, seq %d)", target, header.size, header.seq
        )
        return BackupFile(target, verified, sum(v.stat().st_size for v in volumes(target)))
    finally:
        if check is not None:
            check.cancel()  # the backup failed: the check has nothing more to tell
        _remove(plain)
        if part is not None:
            for leftover in volumes(part):
                with contextlib.suppress(OSError):
                    leftover.unlink()


STALE_SECONDS = 6 * 3600  # far longer than any backup takes: another one may be running now


def _remove_stale(folder: Path, work_dir: Path, now: float) -> None:
    """What a backup cut short left behind (the app closed or the PC switched off mid-way): its
    ``.part`` file in the folder, its plain copies beside the store."""
    leftovers = [
        *folder.glob(f"hall_desk-*{SUFFIX}.part"),
        *folder.glob(f"hall_desk-*{SUFFIX}.*.part"),  # a further volume
        *work_dir.glob(".backup-*.sqlite3"),
        *work_dir.glob(".verify-*.sqlite3"),
    ]
    for stale in leftovers:
        try:
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
                log.info("removed what an unfinished backup left: %s", stale)
        except OSError:
            pass


def _read_back_verified(path: Path, key: bytes, expected: StoreFacts) -> BackupHeader:
    """Format 3's verification: ``path`` read back, every chunk decrypted (its tag checked) and
    decompressed (its frame's checksum of the copy's bytes checked) in memory, not written
    anywhere; its header saying what the copy is."""
    header, _sha = read_back(path, key, _discard, digest=False)
    if header.facts != expected:
        raise BackupError("backup.corrupt", path, f"header {header.facts} ≠ store {expected}")
    return header


def _discard(_data: bytes) -> None:
    """Where read-back bytes go once hashed."""


def verify_backup(
    path: Path,
    key: bytes,
    *,
    work_dir: Path,
    expected: StoreFacts | None = None,
    plain_sha: str | None = None,
    keep: Path | None = None,
    check: Check = "integrity_check",
    early_sync: bool = False,
) -> BackupHeader:
    """Decrypt ``path`` (into ``keep`` if given, else a temp file in ``work_dir`` removed after),
    run ``integrity_check`` (``check``) on it and check its desk, schema and event head against
    its header (and ``expected``, the store it was made from). Raises :class:`BackupError`."""
    plain = keep if keep is not None else _temp_path(work_dir, ".verify-")
    try:
        header, sha = decrypt_file(
            path, key, plain, digest=plain_sha is not None, early_sync=early_sync
        )
        if plain_sha is not None and sha != plain_sha:
            raise BackupError("backup.corrupt", path, "decrypted bytes differ from the copy")
        facts = check_copy(plain, check=check)
        if facts != header.facts:
            raise BackupError("backup.corrupt", path, f"content {facts} ≠ header {header.facts}")
        if expected is not None and facts != expected:
            raise BackupError("backup.corrupt", path, f"content {facts} ≠ store {expected}")
    except BaseException:
        _remove(plain)
        raise
    if keep is None:
        _remove(plain)
    return header


def generations(folder: Path, desk: str) -> list[tuple[Path, BackupHeader | None]]:
    """This desk's backups in ``folder``, newest first (by the UTC time in the name); a file whose
    header cannot be read is listed with ``None``."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"hall_desk-{desk}-*{SUFFIX}"):
        try:
            header: BackupHeader | None = read_header(path)
        except BackupError:
            header = None
        found.append((path, header))
    return sorted(found, key=lambda item: item[0].name, reverse=True)


def prune(folder: Path, desk: str, keep: int) -> list[Path]:
    """Remove this desk's oldest backups beyond the newest ``keep``; returns what was removed."""
    removed = []
    for path, _header in generations(folder, desk)[max(1, keep) :]:
        try:
            for further in reversed(volumes(path)[1:]):
                further.unlink()
            path.unlink()
            removed.append(path)
        except OSError as error:
            log.warning("could not remove old backup %s: %s", path, error)
    return removed


def replaced_name(store: Path, now: datetime) -> Path:
    return store.with_name(f"{store.name}.replaced-{now.strftime('%Y%m%dT%H%M%SZ')}")


def _fold_wal(store: Path) -> None:
    """Best effort: fold the replaced store's WAL into it, so the kept file stands alone (a
    damaged one keeps its WAL beside it, renamed alike)."""
    try:
        conn = sqlite3.connect(store)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        log.warning("could not checkpoint the replaced store %s: %s", store, error)


def restore_file(
    backup: Path, key: bytes, store: Path, *, now: datetime, expected_desk: str | None, force: bool
) -> tuple[BackupHeader, Path | None]:
    """Replace ``store`` (closed, its directory locked by the caller) by the backup, verified first.

    The store it replaces (with its WAL, if any) is kept as ``<name>.replaced-<UTC time>``.
    Refuses a backup of another desk than ``expected_desk`` unless ``force``, and one from a
    newer app version. Returns (header, the kept file or None). A format 3 backup's bytes passed
    ``integrity_check`` when it was written (each chunk is authenticated): it is not run again
    here; older formats' backups are checked as they were.
    """
    header = read_header(backup)
    if expected_desk is not None and header.desk != expected_desk and not force:
        raise BackupError(
            "backup.other_desk",
            backup,
            f"backup of {header.desk}, this store is {expected_desk}",
            desk=header.desk,
            store_desk=expected_desk,
        )
    if header.schema > LATEST_VERSION:
        raise BackupError("backup.newer_schema", backup, f"schema {header.schema}")
    store.parent.mkdir(parents=True, exist_ok=True)
    plain = _temp_path(store.parent, ".restore-")
    try:
        verify_backup(
            backup,
            key,
            work_dir=store.parent,
            keep=plain,
            check=None if header.format >= 3 else "integrity_check",
            early_sync=header.format >= 3,
        )
        kept: Path | None = None
        if store.exists():
            _fold_wal(store)
            kept = replaced_name(store, now)
            for suffix in ("", "-wal", "-shm"):
                current = store.with_name(store.name + suffix)
                if current.exists():
                    os.replace(current, kept.with_name(kept.name + suffix))
        os.replace(plain, store)
        _fsync_dir(store.parent)
    finally:
        _remove(plain)
    log.info("store %s restored from %s (seq %d)", store, backup, header.seq)
    return header, kept
