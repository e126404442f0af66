"""Look inside generated PDFs the way a reader would: poppler's command-line tools (pdftotext,
pdffonts, pdftoppm) and pypdf. Shared by every document test (receipt, refund slip, transfer
agreement) and by the printing tests.

A missing tool skips the calling test here; CI turns skips into failures.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

POINTS_PER_MM = 72 / 25.4


def require_tool(name: str) -> str:
    """Path of a command-line tool, or skip the test (install poppler-utils)."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (apt install poppler-utils poppler-data)")
    return path


def _run(tool: str, *args: str) -> str:
    result = subprocess.run(
        [require_tool(tool), *args], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def _with_file(pdf: bytes, action: Callable[[Path], str]) -> str:
    """Run ``action`` on the PDF written to a temporary file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return action(path)


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The text pdftotext extracts (``-layout`` keeps columns side by side)."""
    flags = ["-layout"] if layout else []
    return _with_file(pdf, lambda path: _run("pdftotext", *flags, "-enc", "UTF-8", str(path), "-"))


def squeeze(text: str) -> str:
    """Text with all whitespace removed, to find a sentence that wrapped over lines."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool

    @property
    def is_subset_name(self) -> bool:
        """Subset fonts are named ``ABCDEF+Base``."""
        return re.fullmatch(r"[A-Z]{6}\+.+", self.name) is not None


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """The fonts pdffonts lists for the whole document."""
    out = _with_file(pdf, lambda path: _run("pdffonts", str(path)))
    return [_parse_font_line(line) for line in out.splitlines()[2:] if line.strip()]


def _parse_font_line(line: str) -> PdfFont:
    # name type [type...] encoding emb sub uni object ID: parse from the right, the type may
    # contain spaces ("Type 1", "CID TrueType").
    parts = line.split()
    emb, sub, uni = parts[-5:-2]
    name = parts[0]
    font_type = " ".join(parts[1:-6])
    return PdfFont(
        name=name,
        type=font_type,
        embedded=emb == "yes",
        subset=sub == "yes",
        unicode=uni == "yes",
    )


@dataclass(frozen=True)
class PdfImage:
    """One line of ``pdfimages -list``: an image (``image``) or its soft mask (``smask``)."""

    page: int
    kind: str
    width: int
    height: int
    x_ppi: int
    y_ppi: int


def pdf_images(pdf: bytes) -> list[PdfImage]:
    """The images of the document as pdfimages lists them, with their resolution as placed."""
    out = _with_file(pdf, lambda path: _run("pdfimages", "-list", str(path)))
    images = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if parts:
            images.append(
                PdfImage(
                    page=int(parts[0]),
                    kind=parts[2],
                    width=int(parts[3]),
                    height=int(parts[4]),
                    x_ppi=int(parts[12]),
                    y_ppi=int(parts[13]),
                )
            )
    return images


def render_png(pdf: bytes, directory: Path, *, dpi: int = 50, prefix: str = "page") -> list[Path]:
    """Rasterise every page to ``directory/prefix-N.png``; the paths in page order."""
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / f"{prefix}.pdf"
    source.write_bytes(pdf)
    _run("pdftoppm", "-r", str(dpi), "-png", str(source), str(directory / prefix))
    pages = list(directory.glob(f"{prefix}-*.png"))
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of every page in points (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]


def page_count(pdf: bytes) -> int:
    return len(page_sizes(pdf))
