"""The desk's colours, the stylesheet snippets built from them, and the font sizes: one place.

Every dialog takes its colours from here by meaning (an error, a warning, a hint), never as a
literal; tests/test_architecture.py fails when a colour literal appears elsewhere in hall_desk/ui
(the generated hall_desk/ui/forms excepted).

One colour per meaning. Where the dialogs used near-identical shades for one meaning, one was kept
(before/after screenshots of the main window, the intake form, the refund and transfer dialogs and
every dialog of the English test were compared; nothing became harder to read):

- error text: ``#b71c1c`` (``#b00020`` and, for message text, ``#c62828`` now use it); the strong
  red of invalid-field borders, badges, chart bars and overdue counts stays ``#c62828``; the pale
  red behind an error or an overdue row: ``#fdecea`` (was also ``#ffebee``).
- OK: ``#1b5e20`` (was also ``#2e7d32``, lighter, and Qt's ``darkGreen``).
- warning, amber text on white: ``#b26a00``; on the pale yellow the darker ``#8a4b00`` (also the
  brown ``#5d4037`` of the new-contract reminder); pale yellow ``#fff8e1`` (also ``#fff3cd`` and
  ``#fff3e0``); its frame ``#f9a825`` (also ``#e0a800`` and ``#ffb74d``).
- muted grey: ``#616161`` (also ``#757575``, ``#777``, ``#555`` and the blue-grey ``#78909c`` of
  wizard steps not current); rows that cannot be acted on ``#9e9e9e`` (was Qt's ``gray``);
  secondary text ``#37474f`` (also ``#455a64``).
- information blue: ``#1565c0`` (also ``#0d47a1`` and the indigo ``#1a237e`` of case headings).
- quiet panels: background ``#f5f7f8`` (also ``#f7f9fa`` and ``#f8fafc``), frame ``#dde3e6``
  (also ``#d0d7de``).

Font sizes of headings and emphasised lines are in px (HEADING_PX, LARGE_PX, EMPHASIS_PX; the
wizard's step titles were 17 px and are now HEADING_PX, 16); :func:`bold_font` makes a bold (and
optionally larger) copy of a widget's font, :func:`sized_font` one sized relative to it (the *_PT
sizes); tests/test_architecture.py fails on a font size set anywhere else in hall_desk/ui.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

# -- colours, by meaning ----------------------------------------------------------------------

TEXT = "#212121"  # ordinary text where a colour has to be given (a figure that is fine)
PAPER = "#ffffff"  # white ground: a printed page, the signature pad, text on a strong colour
ON_STRONG = PAPER  # text on ERROR_STRONG or on the dark print-preview backdrop

ERROR = "#b71c1c"  # text saying something went wrong or was refused
ERROR_STRONG = "#c62828"  # red that must catch the eye: invalid-field border, badge, overdue
ERROR_BACKGROUND = "#fdecea"  # pale red behind an error message or an overdue row

OK = "#1b5e20"  # text saying something worked: saved, done, approved, in time
OK_BACKGROUND = "#e8f5e9"  # pale green behind an OK message

WARNING = "#b26a00"  # amber: due soon, waiting, not finished yet (on white)
WARNING_DARK = "#8a4b00"  # the same amber, darker, for text on WARNING_BACKGROUND
WARNING_BACKGROUND = "#fff8e1"  # pale yellow behind a notice, reminder or due-soon row
WARNING_BORDER = "#f9a825"  # the frame of a notice or reminder
ATTENTION = "#e65100"  # orange: the desk may not be up to date (offline, not heard from HQ)

MUTED = "#616161"  # hints, captions, notes, empty lists, cancelled or abandoned things
INACTIVE = "#9e9e9e"  # rows that cannot be acted on: an inactive account, data not purgeable yet
SECONDARY = "#37474f"  # secondary text still to be read: intros, amounts in capitals, changes
LABEL = "#546e7a"  # the caption beside a value in a fact table
INFO = "#1565c0"  # information blue: a state in progress, the current step, section headings
HEAD_OFFICE = "#6a1b9a"  # purple: head office's turn (a refund above the hall's limit)
ACCENT = "#1e6fd9"  # the desk's blue: chart bars, a note about extra search filters
ACCENT_LIGHT = "#5b9bef"  # ACCENT under the mouse
ACCENT_BACKGROUND = "#e8f0fe"  # pale blue under the mouse on a tile

PANEL_BACKGROUND = "#f5f7f8"  # quiet panel: fact boxes, tiles, alternate table rows
PANEL_BORDER = "#dde3e6"  # its frame
HEADER_BACKGROUND = "#eceff1"  # the header row of an HTML table

CHART_NONE = "#bdbdbd"  # a bar with nothing to judge (no complaints)
CHART_TARGET = "#ef6c00"  # the target line of a chart
CHART_GRID = "#e0e0e0"  # grid lines

PREVIEW_BACKDROP = "#7f8489"  # grey around the pages of a print preview
PREVIEW_PAGE_BORDER = "#3c3f41"  # the frame of a page there

SIGNATURE_INK = "#0c0c14"  # nearly black ink (the signature PNG is printed on slips)
SIGNATURE_GUIDE = "#969696"  # the baseline and × on the pad
SIGNATURE_HINT = "#afafaf"  # 请客户在此签名 while the pad is empty
SIGNATURE_FRAME = "#cdcdcd"  # the pad's frame

# -- font sizes (px) ---------------------------------------------------------------------------

HEADING_PX = 16  # the title of a page or of a result (过户已完成, a wizard step)
LARGE_PX = 15  # what must not be missed or is read aloud: a number, an amount, a reminder
EMPHASIS_PX = 14  # a status or verdict line a little above the body text

# -- font sizes relative to the widget's font (pt), for :func:`sized_font` -----------------------

TITLE_PLUS_PT = 8  # the sign-in window's title: this many points above the body text
PAD_MARK_MIN_PT = 9.0  # the × on the signature pad, at least
PAD_HINT_SCALE, PAD_HINT_MIN_PT = 1.5, 12.0  # 请客户在此签名: half as large again, at least 12 pt
CHART_AXIS_SCALE, CHART_AXIS_MIN_PT = 0.85, 7.0  # a chart's axis figures: smaller, at least 7 pt

# -- stylesheet snippets ------------------------------------------------------------------------


def colour(name: str, *, bold: bool = False) -> str:
    """``color: …;`` for a label, bold if asked."""
    return f"color: {name};" + (" font-weight: bold;" if bold else "")


def qcolor(name: str) -> QColor:
    """A QColor of one of the names above (item foregrounds, painting)."""
    return QColor(name)


INVALID_FIELD = f"border: 2px solid {ERROR_STRONG};"  # a field the last refusal named
ERROR_TEXT = colour(ERROR)
ERROR_TEXT_BOLD = colour(ERROR, bold=True)
OK_TEXT = colour(OK)
OK_TEXT_BOLD = colour(OK, bold=True)
WARNING_TEXT = colour(WARNING)
MUTED_TEXT = colour(MUTED)
SECONDARY_TEXT = colour(SECONDARY)
ATTENTION_TEXT = colour(ATTENTION)

ERROR_BANNER = f"color: {ERROR}; background: {ERROR_BACKGROUND}; padding: 6px;"  # a refusal
OK_BANNER = f"color: {OK}; background: {OK_BACKGROUND}; padding: 6px;"  # a success
ALARM_BANNER = (  # white on red: cannot be overlooked (a repeat complaint at the counter)
    f"color: {ON_STRONG}; background: {ERROR_STRONG}; padding: 6px; font-weight: bold;"
)
ALARM_BOX = (  # framed in red: a stored document that was changed
    f"color: {ERROR}; background: {ERROR_BACKGROUND}; border: 2px solid {ERROR_STRONG};"
    " padding: 8px; font-weight: bold;"
)
REMINDER_BOX = (  # framed in amber: what the clerk must say to the customer
    f"QLabel {{ background: {WARNING_BACKGROUND}; border: 2px solid {WARNING_BORDER};"
    f" border-radius: 4px; padding: 8px; font-size: {LARGE_PX}px; font-weight: bold;"
    f" color: {WARNING_DARK}; }}"
)
FACT_BOX = (  # a quiet framed panel of facts (a refund, a transfer's summary)
    f"QLabel {{ background: {PANEL_BACKGROUND}; border: 1px solid {PANEL_BORDER};"
    " border-radius: 4px; padding: 8px; }"
)


def banner(*, error: bool) -> str:
    """ERROR_BANNER or OK_BANNER."""
    return ERROR_BANNER if error else OK_BANNER


def notice_frame(object_name: str) -> str:
    """The pale yellow, amber-framed panel of a notice (``#object_name`` only, not its
    children)."""
    return (
        f"#{object_name} {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER};"
        " border-radius: 4px; }"
    )


def heading(name: str = "") -> str:
    """A bold heading of HEADING_PX, in ``name`` if given."""
    return f"font-size: {HEADING_PX}px; font-weight: bold;" + (f" color: {name};" if name else "")


# -- fonts --------------------------------------------------------------------------------------


def bold_font(base: QFont, scale: float = 1.0) -> QFont:
    """``base`` bold and ``scale`` times its size (a title, a key figure)."""
    font = QFont(base)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


def sized_font(
    base: QFont, *, scale: float = 1.0, plus: float = 0.0, at_least: float = 0.0, bold: bool = False
) -> QFont:
    """``base`` at ``scale`` times its point size plus ``plus`` points, never below ``at_least``
    (the sizes above); bold if asked."""
    font = QFont(base)
    font.setPointSizeF(max(at_least, base.pointSizeF() * scale + plus))
    if bold:
        font.setBold(True)
    return font
