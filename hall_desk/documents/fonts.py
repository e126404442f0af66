"""The one CJK font every document uses, registered with ReportLab once.

WenQuanYi Micro Hei is a TrueType collection; subfont 0 is the regular face. ReportLab embeds a
TrueType font as subsets (only the glyphs used), so a printed or mailed PDF shows the same glyphs on
any reader. The face has no bold or italic: the family maps all four styles to the regular face so
that ``<b>`` in paragraph markup never fails; emphasis comes from size instead.

Chinese line breaking (避头): ReportLab's CJK wrapping keeps 、。） off the start of a line but not
the full-width comma, colon, semicolon, ! ? or closing quotes and title marks; registration adds
them to its table, so a line never starts with "，".
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib import textsplit as reportlab_textsplit
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as reportlab_paragraph

from hall_desk.paths import font_path

BODY_FONT = "HallDeskCJK"
"""Name of the registered CJK face, for styles and canvas calls (after :func:`ensure_fonts`)."""

NO_LINE_START = "，：；！？》〉」』”’％"
"""Full-width punctuation that may not begin a line, beyond ReportLab's own list."""

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
    # Streams (the embedded font, images, page content) stay binary, compressed: ReportLab's
    # ASCII85 text encoding of them is pure Python and was a fifth of a 过户协议's time (issue 22);
    # every PDF reader and printer takes binary streams. Set here, before any document is built.
    rl_config.useA85 = 0
    path = font_path()
    if not path.is_file():
        raise FileNotFoundError(f"CJK font missing: {path}")
    pdfmetrics.registerFont(TTFont(BODY_FONT, str(path), subfontIndex=_SUBFONT_INDEX))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(BODY_FONT, bold, italic, BODY_FONT)
    for module in (reportlab_textsplit, reportlab_paragraph):  # each reads its own copy per wrap
        missing = "".join(c for c in NO_LINE_START if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing
