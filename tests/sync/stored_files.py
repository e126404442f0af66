"""Stored files for tests (issue 7): ``stored_file`` rows, and a transfer holding one, written directly
as the transfers service writes them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Desk, Hall, StoredFile, Transfer, TransferFile
from tests.sync.fixtures import DESK, HALL


def file_bytes(n: int, kind: str = "pdf") -> bytes:
    head = b"%PDF-1.7\n" if kind == "pdf" else b"\xff\xd8\xff\xe0"
    return head + f"过户材料 {n} ".encode() * (200 + n)


def keep_file(
    content: bytes,
    at: datetime,
    *,
    media_type: str = "application/pdf",
    upload: bool = True,
    sha256: str | None = None,
    size: int | None = None,
) -> str:
    """A stored_file row as the transfers service writes it (sealed); returns its SHA-256."""
    digest = sha256 or hashlib.sha256(content).hexdigest()
    with unit_of_work():
        _desk_row(at)
        StoredFile.insert(
            sha256=digest,
            media_type=media_type,
            size=len(content) if size is None else size,
            sealed_content=StoredFile.sealed(digest, content),
            created_at=at,
            upload=upload,
        ).execute()
    return digest


def _desk_row(at: datetime) -> None:
    """The desk's row, without the events of a set-up (a bare store): files are sealed under the
    desk's field key, which the keyring keeps by desk code."""
    if Desk.get_or_none(Desk.id == 1) is None:
        Hall.insert(
            code=HALL, name="人民路营业厅", district="城东区", service_phone="10086", created_at=at
        ).on_conflict_ignore().execute()
        Desk.insert(id=1, code=DESK, hall_code=HALL, created_at=at).execute()


def attach(digest: str, name: str, at: datetime, transfer_id: str) -> None:
    """A transfer (made once) and one of its files."""
    with unit_of_work():
        if Transfer.get_or_none(Transfer.id == transfer_id) is None:
            Transfer.insert(
                id=transfer_id,
                number=f"{DESK}-T261122-0001",
                hall_code=HALL,
                desk_code=DESK,
                kind="过户",
                state="填写中",
                phone="13812345678",
                account_type="个人",
                opened_on="2020-05-01",
                opened_checked_where="BSS",
                parties="{}",
                retention_class="过户资料",
                policy_version=1,
                created_by_no="3001",
                created_by_name="张三",
                created_at=at,
                updated_at=at,
            ).execute()
        TransferFile.insert(
            id=str(uuid.uuid4()),
            transfer_id=transfer_id,
            role="evidence",
            name=name,
            sha256=digest,
            media_type="application/pdf",
            size=1,
            added_at=at,
            added_by_no="3001",
        ).execute()
