"""A signature's print rendition (issue 22, goal 2): made from the pad's PNG, at least 300 dpi
wherever a document prints it, its transparency kept, what the documents embed (copied, not
converted again), and the same printed signature as ReportLab's own conversion of the PNG."""

from __future__ import annotations

import io
import zlib
from dataclasses import replace

import pytest
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from hall_desk.documents.data import AgreementCopy, Paper
from hall_desk.documents.refund_slip import render_refund_slip
from hall_desk.documents.signature_print import (
    MAGIC,
    PRINT_BOX,
    SIGNATURE_DPI,
    PrintRendition,
    draw_print_rendition,
    make_print_rendition,
)
from hall_desk.documents.transfer_agreement import (
    AGREEMENT,
    PROFILE_AGREEMENT,
    fingerprint,
    profile_agreement_pdf,
    transfer_agreement_pdf,
)
from tests.documents.pdftools import pdf_images, render_png
from tests.documents.samples import SAMPLE_REFUND_SLIP, signature_png, transfer_sample

PAD = signature_png(1500, 560)  # as the signature pad exports a signature (4× its widget)


def test_a_pad_size_signature_is_reduced_to_at_least_300_dpi_in_the_largest_box() -> None:
    rendition = make_print_rendition(PAD)
    assert (rendition.source_width, rendition.source_height) == (1500, 560)
    assert (rendition.width, rendition.height) == (750, 280)  # reduced by 2
    scale = min(PRINT_BOX[0] / 1500, PRINT_BOX[1] / 560)
    assert SIGNATURE_DPI <= rendition.dpi_at(1500 * scale, 560 * scale) < 2 * SIGNATURE_DPI
    assert rendition.colour_space == "DeviceRGB"
    assert len(zlib.decompress(rendition.colour)) == 750 * 280 * 3
    alpha = zlib.decompress(rendition.mask)
    assert len(alpha) == 750 * 280 and min(alpha) == 0 and max(alpha) == 255


def test_the_rendition_is_deterministic_and_round_trips() -> None:
    stored = make_print_rendition(PAD).to_bytes()
    assert stored.startswith(MAGIC)
    assert stored == make_print_rendition(PAD).to_bytes()
    assert PrintRendition.from_bytes(stored) == make_print_rendition(PAD)
    for damaged in (b"", b"HDSP0\n" + stored[len(MAGIC) :], stored[:-1], stored + b"x"):
        with pytest.raises(ValueError):
            PrintRendition.from_bytes(damaged)


def test_a_signature_not_much_finer_than_needed_keeps_its_pixels_as_reportlab_took_them() -> None:
    png = signature_png()  # 600×200
    rendition = make_print_rendition(png)
    assert (rendition.width, rendition.height) == (600, 200)
    reader = ImageReader(Image.open(io.BytesIO(png)))
    assert zlib.decompress(rendition.colour) == reader.getRGBData()
    assert zlib.decompress(rendition.mask) == reader._dataA.getRGBData()


def test_an_opaque_or_grey_signature_has_no_mask_and_its_own_colour_space() -> None:
    grey = Image.new("L", (400, 150), 255)
    grey.paste(0, (50, 60, 350, 80))
    out = io.BytesIO()
    grey.save(out, "PNG")
    rendition = make_print_rendition(out.getvalue())
    assert (rendition.colour_space, rendition.mask) == ("DeviceGray", b"")
    assert zlib.decompress(rendition.colour) == grey.tobytes()


def _documents(png: bytes) -> dict[str, bytes]:
    special = transfer_sample("特殊过户")
    padded = replace(
        special,
        signatures=tuple(replace(sig, png=png) for sig in special.signatures),
    )
    copy = AgreementCopy.HALL
    slip = replace(SAMPLE_REFUND_SLIP, signature_png=png)
    return {
        "refund slip A4": render_refund_slip(slip, Paper.A4),
        "refund slip roll": render_refund_slip(slip, Paper.ROLL_80MM),
        "过户协议": transfer_agreement_pdf(padded, copy, fingerprint(padded, copy, AGREEMENT)),
        "完善客户资料协议": profile_agreement_pdf(
            padded, copy, fingerprint(padded, copy, PROFILE_AGREEMENT)
        ),
    }


@pytest.mark.parametrize("pixels", [(1500, 560), (1600, 600), (2400, 300)])
def test_every_document_prints_a_pad_signature_at_300_dpi_at_least(pixels: tuple) -> None:
    for name, pdf in _documents(signature_png(*pixels)).items():
        images = pdf_images(pdf)
        assert images, name
        for image in images:
            assert image.kind in ("image", "smask"), name
            assert min(image.x_ppi, image.y_ppi) >= SIGNATURE_DPI * 0.99, (name, image)
        assert {i.kind for i in images} == {"image", "smask"}, name


def test_a_document_embeds_the_rendition_it_is_given() -> None:
    """With a kept rendition the document does not make one from the PNG: here the PNG is not
    even readable, and the PDF holds the rendition's pixels."""
    kept = make_print_rendition(signature_png(900, 300)).to_bytes()
    slip = replace(SAMPLE_REFUND_SLIP, signature_png=b"not a png", signature_print=kept)
    image, mask = pdf_images(render_refund_slip(slip, Paper.A4))
    assert (image.width, image.height, mask.kind) == (900, 300, "smask")
    special = transfer_sample("特殊过户")
    given = replace(
        special,
        signatures=tuple(
            replace(sig, png=b"not a png", print_rendition=kept) for sig in special.signatures
        ),
    )
    pdf = transfer_agreement_pdf(
        given, AgreementCopy.HALL, fingerprint(given, AgreementCopy.HALL, AGREEMENT)
    )
    # drawn three times (pdfimages lists each placement), each with its soft mask
    assert [(i.kind, i.width) for i in pdf_images(pdf)] == [("image", 900), ("smask", 900)] * 3
    assert pdf.count(b"/Subtype /Image") == 2  # embedded once: the image and its mask


def test_the_fingerprint_does_not_count_the_rendition() -> None:
    special = transfer_sample("特殊过户")
    kept = replace(
        special,
        signatures=tuple(
            replace(sig, print_rendition=make_print_rendition(sig.png).to_bytes())
            for sig in special.signatures
            if sig.png
        ),
    )
    copy = AgreementCopy.HALL
    assert fingerprint(kept, copy, AGREEMENT) == fingerprint(
        replace(kept, signatures=tuple(replace(s, print_rendition=None) for s in kept.signatures)),
        copy,
        AGREEMENT,
    )


def test_drawn_from_the_rendition_the_signature_prints_as_reportlab_drew_the_png(
    tmp_path,
) -> None:
    """Over a grey background (the provisional slip's watermark shows through a signature): the
    page drawn from the rendition rasterises to the same pixels as ReportLab's own drawImage of
    the PNG, for a signature kept at its pixels; a reduced one differs only by the resampling."""
    pages = {}
    for how in ("reportlab", "rendition"):
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4, invariant=1)
        canvas.setFillGray(0.8)
        canvas.rect(40, 600, 300, 120, stroke=0, fill=1)
        png = signature_png()
        if how == "reportlab":
            canvas.drawImage(ImageReader(io.BytesIO(png)), 50, 620, 240, 80, mask="auto")
        else:
            draw_print_rendition(canvas, make_print_rendition(png), 50, 620, 240, 80)
        canvas.showPage()
        canvas.save()
        (path,) = render_png(out.getvalue(), tmp_path, dpi=150, prefix=how)
        pages[how] = Image.open(path).convert("RGB")
    assert ImageChops.difference(pages["reportlab"], pages["rendition"]).getbbox() is None
    # and the signature is there, dark over the grey
    assert pages["rendition"].crop((110, 230, 600, 400)).getextrema()[0][0] < 60
