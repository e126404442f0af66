"""A transfer's files sealed at rest (issue 9, DOMAIN.md "Keeping records"): evidence scans (photos
of ID cards), signature images and the certified agreements (which print full identity numbers and
addresses) are nowhere in clear in the desk's database file or its WAL, yet read back exactly
through the one accessor: agreements verify, evidence opens, head office receives the plaintext
under its SHA-256. An older store with plaintext files has them sealed once at opening. No key:
the typed error; a sealed file altered in the store: reported, never a crash."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from pathlib import Path

import keyring
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from hall_desk import credentials
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import PartyRole
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.identity import seal_stored_identity
from hall_desk.services.transfers import (
    AGREEMENT_HALL,
    DOCUMENT_UNREADABLE,
    attach_evidence,
    complete_transfer,
    file_content,
    get_transfer,
    open_document,
    open_transfer,
    sign_as_clerk,
    sign_as_customer,
    sign_as_second_witness,
)
from hall_desk.storage import sealed
from hall_desk.storage.db import close_store, database, open_store, unit_of_work
from hall_desk.storage.models import StoredFile, TransferFile
from hall_desk.sync import files
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.hq.live import LiveHQ
from tests.storage.test_sealed_identity import file_bytes, form

MARKER = b"ID-CARD-SCAN-MARKER-7f3a9c"  # a PNG text chunk of the evidence photo
PDF_HEADER = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def id_card_photo() -> bytes:
    """A photo of an ID card as a scanner hands it out: a PNG carrying a readable text chunk."""
    info = PngInfo()
    info.add_text("Comment", MARKER.decode())
    out = io.BytesIO()
    Image.new("RGB", (64, 40), (200, 180, 160)).save(out, "PNG", pnginfo=info)
    data = out.getvalue()
    assert MARKER in data and data.startswith(PNG_SIGNATURE)
    return data


def in_clear(store: Path) -> list[bytes]:
    data = file_bytes(store)
    return [mark for mark in (MARKER, PDF_HEADER, PNG_SIGNATURE) if mark in data]


def completed_special(ctx: DeskContext, hall: dict[str, StaffSession]) -> str:
    clerk = hall["clerk"]
    view = open_transfer(
        ctx,
        clerk,
        form(
            kind="特殊过户",
            registered_owner=None,
            agents=[],
            sim_working=True,
            password_verified=True,
        ),
    )
    attach_evidence(ctx, clerk, view.id, "身份证照片.png", id_card_photo())
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png(300, 100))
    sign_as_second_witness(
        ctx, clerk, view.id, staff_no="2001", password=PASSWORDS["2001"], png=signature_png()
    )
    complete_transfer(ctx, clerk, view.id)
    return view.id


def evidence_of(ctx: DeskContext, session: StaffSession, transfer_id: str) -> str:
    return get_transfer(ctx, session, transfer_id).evidence_files[0].id


def test_a_transfers_files_are_nowhere_in_clear_and_read_back_exactly(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    transfer_id = completed_special(ctx, hall)
    roles = {f.role for f in TransferFile.select().where(TransferFile.transfer_id == transfer_id)}
    assert "evidence" in roles and {"signature.new_owner", "signature.clerk"} <= roles
    stored = list(StoredFile.select())
    assert len(stored) >= 7  # the photo, 3 signature images, 4 certified PDFs
    assert all(sealed.blob_is_sealed(row.sealed_content) for row in stored)

    assert in_clear(store) == []  # neither the photo's text, nor a PDF, nor a PNG
    # Read back through the accessor: the plaintext, hashing to the row's name.
    for row in stored:
        assert hashlib.sha256(row.content).hexdigest() == row.sha256
        assert StoredFile.read(row.sha256) == row.content
        assert row.size == len(row.content)
    name, media_type, photo = file_content(
        hall["clerk"], transfer_id, evidence_of(ctx, hall["clerk"], transfer_id)
    )
    assert (name, media_type, photo) == ("身份证照片.png", "image/png", id_card_photo())
    for document in get_transfer(ctx, hall["manager"], transfer_id).documents:
        opened = open_document(ctx, hall["manager"], transfer_id, document.role)
        assert opened.ok, (document.role, opened.code, opened.detail)
        assert opened.pdf.startswith(PDF_HEADER)
    # What goes to head office is the plaintext, named by its SHA-256.
    pending = files.next_file()
    assert pending is not None
    assert hashlib.sha256(files.content_of(pending.sha256)).hexdigest() == pending.sha256

    close_store()  # the WAL folded into the file: still nothing in clear
    assert in_clear(store) == []
    open_store(store)
    assert StoredFile.read(pending.sha256) is not None


def test_a_sealed_file_moved_to_another_row_does_not_open(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    completed_special(ctx, hall)
    first, second = [row.sha256 for row in StoredFile.select().limit(2)]
    moved = StoredFile.get_by_id(first).sealed_content
    with unit_of_work():
        StoredFile.update(sealed_content=moved).where(StoredFile.sha256 == second).execute()
    with pytest.raises(DomainError) as caught:
        StoredFile.read(second)
    assert caught.value.code == "identity.key_wrong"


def test_a_tampered_sealed_file_is_reported_not_crashed(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    registered: str,
    hq: LiveHQ,
) -> None:
    transfer_id = completed_special(ctx, hall)
    hall_copy = next(
        d
        for d in get_transfer(ctx, hall["manager"], transfer_id).documents
        if d.role == AGREEMENT_HALL
    )
    photo = TransferFile.get(TransferFile.role == "evidence").sha256
    for digest in (hall_copy.sha256, photo):
        damaged = bytearray(StoredFile.get_by_id(digest).sealed_content)
        damaged[len(damaged) // 2] ^= 0x01  # one bit of the ciphertext
        with unit_of_work():
            StoredFile.update(sealed_content=bytes(damaged)).where(
                StoredFile.sha256 == digest
            ).execute()

    opened = open_document(ctx, hall["manager"], transfer_id, AGREEMENT_HALL)
    assert not opened.ok and opened.code == DOCUMENT_UNREADABLE and opened.pdf == b""
    others = [
        d
        for d in get_transfer(ctx, hall["manager"], transfer_id).documents
        if d.sha256 != hall_copy.sha256
    ]
    assert others and all(
        open_document(ctx, hall["manager"], transfer_id, d.role).ok for d in others
    )
    with pytest.raises(DomainError) as caught:
        file_content(hall["clerk"], transfer_id, evidence_of(ctx, hall["clerk"], transfer_id))
    assert caught.value.code == "identity.key_wrong"

    # The sync round sends every other file and lists the altered ones as failed.
    clock.advance(minutes=5)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.files_failed == 2 and report.files_sent >= 3
    failed = {
        row.sha256: row.upload_error
        for row in StoredFile.select().where(StoredFile.upload_error != "")
    }
    assert failed.keys() == {hall_copy.sha256, photo}
    assert all(error.startswith(files.UNREADABLE) for error in failed.values())


def test_without_the_key_a_file_is_a_typed_error(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    transfer_id = completed_special(ctx, hall)
    evidence = evidence_of(ctx, hall["clerk"], transfer_id)
    keyring.delete_password(credentials.FIELD_SERVICE, "HA01-02")
    sealed.forget_key()
    for attempt in (
        lambda: file_content(hall["clerk"], transfer_id, evidence),
        lambda: open_document(ctx, hall["manager"], transfer_id, AGREEMENT_HALL),
        lambda: files.content_of(files.next_file().sha256),  # type: ignore[union-attr]
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "identity.key_missing"
    assert keyring.get_password(credentials.FIELD_SERVICE, "HA01-02") is None  # none made


def test_an_older_store_with_plaintext_files_has_them_sealed_once_at_opening(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    transfer_id = completed_special(ctx, hall)
    plain = {row.sha256: row.content for row in StoredFile.select()}
    close_store()
    # As a store sealed by the first version of the step (text only) keeps its files: in clear,
    # marked done for its text values only.
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA secure_delete = 0")
    for digest, content in plain.items():
        conn.execute("UPDATE stored_file SET content = ? WHERE sha256 = ?", (content, digest))
    conn.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, 'hdf1:')", (sealed.SEALED_MARK,)
    )
    conn.execute("DELETE FROM setting WHERE key = ?", (sealed.FILES_SEALED_MARK,))
    conn.commit()
    conn.close()
    assert MARKER in file_bytes(store) and PDF_HEADER in file_bytes(store)

    open_store(store)
    assert not sealed.sealing_done()
    assert StoredFile.read(next(iter(plain))) == plain[next(iter(plain))]  # readable meanwhile
    assert seal_stored_identity() == len(plain)  # the files only: the rest was sealed already
    assert sealed.sealing_done() and sealed.plaintext_rows() == 0
    assert in_clear(store) == []  # VACUUMed: no freed page keeps the plaintext
    assert all(
        sealed.blob_is_sealed(v)
        for (v,) in database.execute_sql("SELECT content FROM stored_file").fetchall()
    )
    assert {row.sha256: row.content for row in StoredFile.select()} == plain
    assert seal_stored_identity() == 0  # once
    assert open_document(ctx, hall["manager"], transfer_id, AGREEMENT_HALL).ok
    close_store()
    assert in_clear(store) == []
