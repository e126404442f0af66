"""The one CJK font every document uses, registered with ReportLab once.

WenQuanYi Micro Hei is a TrueType collection; subfont 0 is the regular face. ReportLab embeds a
TrueType font as subsets (only the glyphs used), so a printed or mailed PDF shows the same glyphs on
any reader. The face has no bold or italic: the family maps all four styles to the regular face so
that ``<b>`` in paragraph markup never fails; emphasis comes from size instead.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hall_desk.paths import font_path

BODY_FONT = "HallDeskCJK"
"""Name of the registered CJK face, for styles and canvas calls (after :func:`ensure_fonts`)."""

_SUBFONT_INDEX = 0
_lock = threading.Lock()
_registered = False


def ensure_fonts() -> str:
    """Register the CJK font with ReportLab if not yet done; return its name.

    Safe to call from any thread, any number of times.
    """
    global _registered
    if _registered:
        return BODY_FONT
    with _lock:
        if not _registered:
            _register()
            _registered = True
    return BODY_FONT


def _register() -> None:
    path = font_path()
    if not path.is_file():
        raise FileNotFoundError(f"CJK font missing: {path}")
    pdfmetrics.registerFont(TTFont(BODY_FONT, str(path), subfontIndex=_SUBFONT_INDEX))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(BODY_FONT, bold, italic, BODY_FONT)
