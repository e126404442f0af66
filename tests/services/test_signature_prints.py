"""Signatures' print renditions through the services (issue 22, goal 2): made when the signature is
captured, kept sealed beside it, used by the refund slip and the 过户协议, and made on the first
print (then kept) for a signature saved before renditions existed or whose rendition is of another
format."""

from __future__ import annotations

import hashlib

from hall_desk.documents.data import Paper
from hall_desk.documents.signature_print import MAGIC, make_print_rendition
from hall_desk.domain.transfers import PartyRole
from hall_desk.services import documents, refunds
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import (
    AGREEMENT_HALL,
    complete_transfer,
    open_transfer,
    sign_as_clerk,
    sign_as_customer,
)
from hall_desk.storage import sealed
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.models import SignaturePrint, StoredFile
from tests.documents.pdftools import pdf_images
from tests.documents.samples import signature_png
from tests.services.test_refund_slip_service import approve, propose, record
from tests.services.test_transfers_service import normal_form

PAD = signature_png(1500, 560)  # as the signature pad exports it


def _stored_column(digest: str) -> bytes:
    return bytes(
        database.execute_sql(
            "SELECT content FROM signature_print WHERE sha256 = ?", (digest,)
        ).fetchone()[0]
    )


def _signed_refund(ctx: DeskContext, clerk: StaffSession, png: bytes) -> str:
    refund_id = propose(ctx, clerk, record(ctx, clerk), "150")
    approve(ctx, clerk, refund_id, "1001")
    refunds.sign_refund(ctx, clerk, refund_id, png)
    return refund_id


def test_a_refund_signature_gets_its_rendition_when_captured_and_the_slip_uses_it(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = _signed_refund(ctx, clerk, PAD)
    digest = hashlib.sha256(PAD).hexdigest()
    assert SignaturePrint.read(digest) == make_print_rendition(PAD).to_bytes()
    assert sealed.blob_is_sealed(_stored_column(digest))  # sealed at rest, like the images
    # The slip embeds what is kept: swapped for another signature's rendition, that one prints.
    other = make_print_rendition(signature_png(900, 300)).to_bytes()
    with unit_of_work():
        SignaturePrint.keep(digest, other, ctx.clock.now())
    data = documents.refund_slip_data(ctx, clerk, refund_id)
    assert data.signature_print == other
    image, mask = pdf_images(documents.refund_slip_pdf(ctx, clerk, refund_id, Paper.A4))
    assert (image.width, image.height, mask.kind) == (900, 300, "smask")


def test_a_signature_saved_before_renditions_is_given_one_on_its_first_print(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    refund_id = _signed_refund(ctx, clerk, PAD)
    digest = hashlib.sha256(PAD).hexdigest()
    with unit_of_work():  # as a store signed before this step has it
        SignaturePrint.delete().execute()
    pdf = documents.refund_slip_pdf(ctx, clerk, refund_id, Paper.A4)
    image, _ = pdf_images(pdf)
    assert (image.width, image.height) == (750, 280)
    assert SignaturePrint.read(digest) == make_print_rendition(PAD).to_bytes()  # kept now
    # one of another format (a later version's, or damaged) is made again too
    with unit_of_work():
        SignaturePrint.keep(digest, b"HDSP9\n" + b"\0" * 40, ctx.clock.now())
    assert documents.refund_slip_data(ctx, clerk, refund_id).signature_print == (
        make_print_rendition(PAD).to_bytes()
    )
    assert SignaturePrint.read(digest).startswith(MAGIC)


def test_transfer_signatures_get_renditions_the_agreement_embeds(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    owner, new_owner = signature_png(1500, 560), signature_png(1560, 560)
    sign_as_customer(ctx, clerk, view.id, PartyRole.REGISTERED_OWNER, owner)
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, new_owner)
    staff = signature_png(1620, 560)
    sign_as_clerk(ctx, clerk, view.id, staff)
    for png in (owner, new_owner, staff):
        digest = hashlib.sha256(png).hexdigest()
        assert SignaturePrint.read(digest) == make_print_rendition(png).to_bytes()
        assert StoredFile.read(digest) == png  # the evidence is kept as signed
    # the clerk's without one (saved before this step): made while the agreement is prepared
    with unit_of_work():
        SignaturePrint.delete().where(
            SignaturePrint.sha256 == hashlib.sha256(staff).hexdigest()
        ).execute()
    # the new owner's kept one swapped for a recognisable one: the agreement embeds what is kept
    with unit_of_work():
        SignaturePrint.keep(
            hashlib.sha256(new_owner).hexdigest(),
            make_print_rendition(signature_png(900, 300)).to_bytes(),
            ctx.clock.now(),
        )
    done = complete_transfer(ctx, clerk, view.id)
    hall_copy = next(d.sha256 for d in done.documents if d.role == AGREEMENT_HALL)
    images = pdf_images(StoredFile.read(hall_copy))
    assert sorted((i.width, i.height) for i in images if i.kind == "image") == [
        (750, 280),
        (810, 280),
        (900, 300),
    ]
    assert SignaturePrint.read(hashlib.sha256(staff).hexdigest()) is not None
