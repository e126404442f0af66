"""The benchmarks' seeder writes 过户 transfers as the services would (issue 22, goal 4).

A small seed (2,000 complaints, built in this process with the tests' in-memory keyring) must hold
about one 过户 per hundred complaints, each with its ``transfer`` row (identity data sealed with the
desk's own field key), its ``transfer_file`` rows and the chained, valid events of its life, the
same in form as those of the 过户 the services themselves completed at set-up; the app's services
must list and open them, and their agreements must open and verify as the app checks them.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import pytest

from benchmarks import seed
from hall_desk.domain.clock import FixedClock, parse_utc_iso
from hall_desk.domain.payloads import read_payload
from hall_desk.domain.transfers import TransferState
from hall_desk.services.context import DeskContext
from hall_desk.services.staff import sign_in
from hall_desk.services.transfers import (
    AGREEMENT_CUSTOMER,
    AGREEMENT_HALL,
    file_content,
    get_transfer,
    open_document,
    recent_transfers,
)
from hall_desk.storage import sealed
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.events import events_of_desk, verify_desk_chain
from hall_desk.storage.models import StoredFile, Transfer

pytestmark = pytest.mark.slow

ROWS = SEED_ROWS = 2_000
TEMPLATES = len(seed.TRANSFER_STAFF)  # completed through the services at set-up
SIGNED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00")  # isoformat, UTC


def rows(sql: str, *args: object) -> list[tuple]:
    return database.execute_sql(sql, args).fetchall()


def test_transfers_in_their_proportion_with_sealed_identity_and_stored_files(seeded: Path) -> None:
    open_store(seeded)
    try:
        held = rows("SELECT id, state, parties, signatures, documents FROM transfer")
        files = rows("SELECT transfer_id, role, sha256, size FROM transfer_file")
        stored = dict(rows("SELECT sha256, size FROM stored_file"))
        chain = verify_desk_chain(seed.DESK)
        for transfer_id, *_ in held:  # every row's identity data opens with the desk's key
            parties = json.loads(Transfer.get_by_id(transfer_id).parties)
            assert set(parties) == {"new_owner", "registered_owner", "agents"}
    finally:
        close_store()
    assert chain.intact  # verify-audit's whole-chain check (hashes, links, seq)
    seeded_ones = len(held) - TEMPLATES
    assert 0.005 * ROWS < seeded_ones < 0.015 * ROWS  # about one per hundred complaints
    states = Counter(h[1] for h in held)
    assert states[TransferState.COMPLETED.value] >= 0.8 * len(held)
    assert set(states) <= {s.value for s in TransferState}
    for _, _, parties, signatures, _ in held:
        assert sealed.is_sealed(parties) and sealed.is_sealed(signatures)  # nothing in clear
    by_transfer: dict[str, list[tuple]] = {}
    for transfer_id, role, sha256, size in files:
        assert stored[sha256] == size  # the file is stored, the size agrees
        by_transfer.setdefault(transfer_id, []).append((role, sha256))
    for transfer_id, state, _, _, documents in held:
        own = dict(by_transfer.get(transfer_id, []))
        if state == TransferState.COMPLETED.value:
            assert set(own) == {
                "signature.new_owner",
                "signature.registered_owner",
                "signature.clerk",
                AGREEMENT_HALL,
                AGREEMENT_CUSTOMER,
            }
            for document in json.loads(documents):
                assert own[document["role"]] == document["sha256"]


def test_every_transfer_event_is_valid_like_the_services_and_ends_in_the_rows_state(
    seeded: Path,
) -> None:
    open_store(seeded)
    try:
        first_complaint = parse_utc_iso(rows("SELECT min(accepted_at) FROM complaint")[0][0])
        held = {row.id: row for row in Transfer.select()}
        signatures = {tid: json.loads(row.signatures) for tid, row in held.items()}
        events = [e for e in events_of_desk(seed.DESK) if e["type"].startswith("transfer.")]
        stored = rows("SELECT payload FROM event WHERE type LIKE 'transfer.%'")
    finally:
        close_store()
    assert all(sealed.payload_is_sealed(payload) for (payload,) in stored)  # sealed whole
    last: dict[str, dict] = {}
    history: dict[str, list[tuple[str, frozenset[str], int]]] = {}
    for event in events:
        state = read_payload(event["type"], event["schema"], event["payload"])  # catalogue checks
        last[state["id"]] = state
        history.setdefault(state["id"], []).append(
            (event["type"], frozenset(event["payload"]), event["schema"])
        )
    assert set(last) == set(held)
    for transfer_id, row in held.items():
        assert last[transfer_id]["state"] == row.state
        assert parse_utc_iso(last[transfer_id]["updated_at"]) == row.updated_at
        assert last[transfer_id]["signatures"] == signatures[transfer_id]
        assert last[transfer_id]["documents"] == json.loads(row.documents)
    # the seeded ones' events have the very form (types, fields, versions) of those the services
    # wrote for the 过户 completed at set-up
    templates = [tid for tid, row in held.items() if row.created_at < first_complaint]
    assert len(templates) == TEMPLATES
    service_form = history[templates[0]]
    assert [kind for kind, _, _ in service_form] == [
        "transfer.opened",
        "transfer.signed",
        "transfer.signed",
        "transfer.signed",
        "transfer.completed",
    ]
    completed = [
        tid
        for tid, row in held.items()
        if tid not in templates and row.state == TransferState.COMPLETED.value
    ]
    assert completed
    for transfer_id in completed:
        assert history[transfer_id] == service_form
        # each signature recorded as _sign records it (who signed, the file's hash, the moment as
        # the clock's isoformat), as in the services' own
        for who, entry in signatures[transfer_id].items():
            made = signatures[templates[0]][who]
            assert set(entry) == set(made) and len(entry["sha256"]) == 64
            assert SIGNED_AT.fullmatch(entry["at"]) and SIGNED_AT.fullmatch(made["at"])


def test_the_services_list_and_open_seeded_transfers_and_their_agreements_verify(
    seeded: Path,
) -> None:
    open_store(seeded)
    try:
        first_complaint = rows("SELECT min(accepted_at) FROM complaint")[0][0]
        newest = rows("SELECT max(accepted_at) FROM complaint")[0][0]
        transfer_id, completed_at, number = rows(
            "SELECT id, completed_at, number FROM transfer WHERE state = ? AND created_at > ? "
            "ORDER BY created_at DESC LIMIT 1",
            TransferState.COMPLETED.value,
            first_complaint,
        )[0]
        # the day it was completed: its clerk may open the hall's copy too (DOMAIN.md)
        ctx = DeskContext(clock=FixedClock(parse_utc_iso(completed_at) + timedelta(minutes=5)))
        manager = sign_in(ctx, seed.MANAGER.staff_no, seed.MANAGER.password)
        listed = recent_transfers(ctx, manager, limit=10_000)
        assert transfer_id in [v.id for v in listed]
        view = get_transfer(ctx, manager, transfer_id)
        assert view.number == number and view.state is TransferState.COMPLETED
        for role in (AGREEMENT_CUSTOMER, AGREEMENT_HALL):
            opened = open_document(ctx, manager, transfer_id, role)
            assert opened.ok, (role, opened.code, opened.detail)  # hash + PAdES, as the app does
            assert opened.pdf.startswith(b"%PDF")
        file_id, sha256 = rows(
            "SELECT id, sha256 FROM transfer_file WHERE transfer_id = ? AND role = ?",
            transfer_id,
            "signature.clerk",
        )[0]
        _, media_type, data = file_content(manager, transfer_id, file_id)
        assert media_type == "image/png" and hashlib.sha256(data).hexdigest() == sha256
        for (sha256,) in rows("SELECT DISTINCT sha256 FROM transfer_file"):
            content = StoredFile.read(sha256)  # sealed at rest, opens with the desk's key
            assert content is not None and hashlib.sha256(content).hexdigest() == sha256
        later = DeskContext(clock=FixedClock(parse_utc_iso(newest) + timedelta(minutes=1)))
        assert get_transfer(later, manager, transfer_id).id == transfer_id
    finally:
        close_store()


class _Template:
    signatures: ClassVar = {who: ("0" * 64, 900) for who in seed.SIGNERS}
    documents = (
        {"role": AGREEMENT_HALL, "sha256": "1" * 64, "size": 68_000, "media_type": "application/pdf",
         "fingerprint": "f", "cert_sha256": "c", "document_no": "x-A", "name": "x.pdf"},
        {"role": AGREEMENT_CUSTOMER, "sha256": "2" * 64, "size": 68_000, "media_type": "application/pdf",
         "fingerprint": "f", "cert_sha256": "c", "document_no": "x-A", "name": "x.pdf"},
    )  # fmt: skip


def test_states_by_age_recent_ones_wait_old_ones_completed_or_abandoned() -> None:
    """transfer_rows on its own, for many transfers: old ones completed (a few abandoned), some
    opened in the last day still waiting for a signature; the steps end in the row's state."""
    setup = seed.TransferSetUp(
        bytes(32),
        {s.staff_no: _Template() for s in seed.TRANSFER_STAFF},  # type: ignore[misc]
    )
    as_of = 1_800_000_000_000_000
    plan = seed.Plan([], [], 1, as_of, False, transfers=setup)
    states: dict[str, Counter[str]] = {"old": Counter(), "recent": Counter()}
    try:
        for index in range(600):
            age = "recent" if index % 2 else "old"
            opened = as_of - (3_600_000_000 if age == "recent" else 30 * seed.DAY_US)
            visit = seed.Visit(
                opened, 0, "", "", transfer_number=f"HA01-02-G270115-{index:04d}",
                transfer_at_us=opened,
            )  # fmt: skip
            row, files, steps = seed.transfer_rows(random.Random(index), plan, index, visit)
            state = row[seed.OWNERSHIP_COLUMNS.index("state")]
            states[age][state] += 1
            assert steps[-1][3]["state"] == state
            assert steps[0][0] == "transfer.opened"
            signed = [s for s in steps if s[0] == "transfer.signed"]
            assert len(files) == len(signed) + (2 if state == TransferState.COMPLETED.value else 0)
    finally:
        sealed.forget_key()
    assert states["old"][TransferState.FILLING.value] == 0
    assert 0 < states["old"][TransferState.ABANDONED.value] < 0.1 * 300
    assert states["recent"][TransferState.ABANDONED.value] == 0
    assert 0.1 * 300 < states["recent"][TransferState.FILLING.value] < 0.4 * 300
