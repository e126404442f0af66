"""Free text the desk takes (names, descriptions, reasons, notes, addresses …): U+0000 is refused
as bad input, naming the field (``text.nul``). No keyboard types it; it comes from pasted binary or a
broken scanner, and head office's PostgreSQL cannot store it in text at all, so an event carrying
one could never be applied there. Pure: no Qt, no I/O."""

from __future__ import annotations

from hall_desk.domain.errors import ValidationError

NUL = "\x00"
TEXT_NUL = "text.nul"  # the field holds U+0000


def holds_nul(text: str | None) -> bool:
    return bool(text) and NUL in str(text)


def refuse_nul(text: str | None, field: str) -> None:
    """Raise ``text.nul`` for ``field`` when ``text`` holds U+0000."""
    if holds_nul(text):
        raise ValidationError(TEXT_NUL, field)
