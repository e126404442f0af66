"""A signature's print rendition (issue 22, goal 2): the image a document embeds for a signature,
made once when the signature is captured and kept beside it (the desk's ``signature_print``
table, :mod:`hall_desk.services.signature_prints`), so no document decodes, reduces, converts or
compresses the pad's PNG again.

The signature pad exports at 4× its widget (about 1,500×560 pixels, 1,200 dpi at 12 mm high); the
PNG stays the evidence as signed (sealed, hashed, uploaded where it is). Its rendition is that
image reduced by the largest whole factor that keeps it at least :data:`SIGNATURE_DPI` fine in the
largest box any document prints a signature in (:data:`PRINT_BOX`; alpha premultiplied while
averaging, so no dark fringe), then split the way a PDF wants an image with transparency — the
colour samples and the alpha as a soft mask, each already Flate-compressed — so a document only
copies the two streams into its PDF (:func:`draw_print_rendition`). A PNG less than twice as fine
as it needs to be is kept at its pixels: the PDF holds exactly the samples it held when ReportLab
converted the PNG itself.

The rendition is a pure function of the PNG's bytes (the same PNG gives the same bytes); its
stored form (:meth:`PrintRendition.to_bytes`) starts with :data:`MAGIC`, which names the format's
version.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image as PILImage

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

SIGNATURE_DPI = 300
"""A signature is embedded at least this fine at its printed size (a printer's resolution for
images)."""

MM = 72 / 25.4
PRINT_BOX = (146 * MM, 20 * MM)
"""Width × height in points of the largest box a document prints a signature in: the refund slip
on A4 (its signature line). Every document's box fits in it (tests check), so a rendition is at
least :data:`SIGNATURE_DPI` fine wherever it is printed."""

MAGIC = b"HDSP1\n"
_HEADER = struct.Struct(">IIIIBII")  # source w, h; rendition w, h; colour space; stream lengths
_SPACES = ("DeviceGray", "DeviceRGB")
_PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}


@dataclass(frozen=True)
class PrintRendition:
    """A signature ready to embed: Flate-compressed 8-bit samples and soft mask."""

    source_width: int  # the pad's PNG, in pixels: the printed aspect ratio is its
    source_height: int
    width: int  # the rendition, in pixels
    height: int
    colour_space: str  # "DeviceRGB" or "DeviceGray"
    colour: bytes  # FlateDecode stream of the samples, rows top to bottom
    mask: bytes  # FlateDecode stream of the alpha (DeviceGray); b"" when the PNG is opaque

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(
            self.source_width,
            self.source_height,
            self.width,
            self.height,
            _SPACES.index(self.colour_space),
            len(self.colour),
            len(self.mask),
        )
        return MAGIC + header + self.colour + self.mask

    @classmethod
    def from_bytes(cls, data: bytes) -> PrintRendition:
        """The stored form back; ValueError when it is not one (another version, cut short)."""
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _HEADER.size:
            raise ValueError("not a signature print rendition")
        start = len(MAGIC) + _HEADER.size
        sw, sh, w, h, space, colour_len, mask_len = _HEADER.unpack(data[len(MAGIC) : start])
        if space >= len(_SPACES) or len(data) != start + colour_len + mask_len:
            raise ValueError("damaged signature print rendition")
        colour = data[start : start + colour_len]
        return cls(sw, sh, w, h, _SPACES[space], colour, data[start + colour_len :])

    def dpi_at(self, width: float, height: float) -> float:
        """Its resolution printed ``width`` × ``height`` points (the smaller of both ways)."""
        return min(self.width / (width / 72), self.height / (height / 72))


def reduction_factor(pixels: tuple[int, int], box: tuple[float, float]) -> int:
    """The largest whole factor a ``pixels`` image printed in ``box`` (points, aspect kept) can be
    reduced by and stay :data:`SIGNATURE_DPI` fine; 1 when it is less than twice that fine."""
    width, height = pixels
    scale = min(box[0] / width, box[1] / height)  # points per pixel, printed
    factor = int(72 / SIGNATURE_DPI / scale)
    return factor if factor >= 2 else 1


def make_print_rendition(png: bytes) -> PrintRendition:
    """The rendition of the pad's ``png`` (any image Pillow reads; a palette's or a colour key's
    transparency becomes the soft mask)."""
    image: PILImage.Image = PILImage.open(io.BytesIO(png))
    image.load()
    source = image.size
    if image.mode not in ("L", "LA", "RGB", "RGBA") or "transparency" in image.info:
        image = image.convert("LA" if image.mode in ("L", "LA") else "RGBA")
    factor = reduction_factor(source, PRINT_BOX)
    if factor > 1:
        premultiplied = _PREMULTIPLIED.get(image.mode)
        if premultiplied is None:
            image = image.reduce(factor)
        else:  # averaged with the alpha premultiplied: no fringe from transparent pixels' colour
            image = image.convert(premultiplied).reduce(factor).convert(image.mode)
    mask = b""
    if image.mode in ("LA", "RGBA"):
        alpha = image.getchannel("A")
        if alpha.getextrema() != (255, 255):
            mask = zlib.compress(alpha.tobytes())
        image = image.convert(image.mode[:-1])
    return PrintRendition(
        source_width=source[0],
        source_height=source[1],
        width=image.width,
        height=image.height,
        colour_space="DeviceGray" if image.mode == "L" else "DeviceRGB",
        colour=zlib.compress(image.tobytes()),
        mask=mask,
    )


def draw_print_rendition(
    canvas: Canvas, rendition: PrintRendition, x: float, y: float, width: float, height: float
) -> None:
    """Draw ``rendition`` at ``x``, ``y`` scaled to ``width`` × ``height`` points: its two streams
    copied into the PDF as an image XObject and its soft mask (once per document however often it
    is drawn), what ``Canvas.drawImage`` writes for an image with transparency, without decoding,
    converting, digesting and compressing its pixels again.

    It writes what ``drawImage`` writes through the same canvas and document internals
    (``_doc``, ``_setXObjects``, ``_code``, ``_formsinuse``) of the pinned ReportLab;
    tests/documents/test_signature_print.py compares the page it draws with ``drawImage``'s, pixel
    for pixel, so an upgrade that changes them is caught."""
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    doc = canvas._doc
    name = "sig" + hashlib.sha256(rendition.to_bytes()).hexdigest()[:32]
    registered = doc.getXObjectName(name)
    if doc.idToObject.get(registered) is None:
        image = _xobject(PDFImageXObject, name, rendition, rendition.colour_space, rendition.colour)
        canvas._setXObjects(image)
        doc.Reference(image, registered)
        doc.addForm(name, image)
        if rendition.mask:
            mask = _xobject(PDFImageXObject, name + "m", rendition, "DeviceGray", rendition.mask)
            mask._decode = [0, 1]
            canvas._setXObjects(mask)
            image.smask = doc.Reference(mask, doc.getXObjectName(mask.name))
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


def _xobject(kind: type, name: str, rendition: PrintRendition, space: str, stream: bytes) -> Any:
    image = kind(name)  # ReportLab's canned image, every field replaced below
    image.width = rendition.width
    image.height = rendition.height
    image.bitsPerComponent = 8
    image.colorSpace = space
    image._filters = ("FlateDecode",)
    image.streamContent = stream
    image.mask = None
    return image
