"""The desk's log files: rotating, in the log directory (:func:`hall_desk.paths.log_dir`), and
never holding personal data or secrets.

Every logging call is meant to mask phone and ID numbers itself (``mask_phone``…); as defence in
depth the file handler's formatter masks whatever full mainland mobile number, 18-digit resident ID
number or desk/operator token still reaches a formatted line — message, arguments and traceback
alike — before it is written. The same patterns drive the test suite's log scan
(``tests/logscan.py``) and the support bundle (:mod:`hall_desk.services.support`).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from hall_desk.domain.identity import (
    FIXED_LINE_IN_TEXT,
    FULL_MOBILE_IN_TEXT,
    FULL_RESIDENT_ID_IN_TEXT,
    PREFIXED_MOBILE_IN_TEXT,
    mask_numbers_in_text,
)
from hall_desk.sync.protocol import OPERATOR_TOKEN_PREFIX, TOKEN_PREFIX

LOG_FILE = "hall_desk.log"
MAX_BYTES = 2_000_000  # per file: a busy day's log, small enough to mail
BACKUP_COUNT = 5  # hall_desk.log.1 … .5 kept: about a week at a counter
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

TOKEN_IN_TEXT = re.compile(
    "(?:"
    + re.escape(TOKEN_PREFIX)
    + "|"
    + re.escape(OPERATOR_TOKEN_PREFIX)
    + r")[A-Za-z0-9_\-]{8,}"
)
# What must never appear in a log line or a support bundle, by kind (tests/logscan.py scans for them).
LEAK_PATTERNS: dict[str, re.Pattern[str]] = {
    "mobile number": FULL_MOBILE_IN_TEXT,
    "mobile number with +86/86": PREFIXED_MOBILE_IN_TEXT,
    "fixed-line number": FIXED_LINE_IN_TEXT,
    "resident ID number": FULL_RESIDENT_ID_IN_TEXT,
    "token": TOKEN_IN_TEXT,
}


def redact(text: str) -> str:
    """``text`` with full mobile and resident ID numbers masked and tokens cut to their prefix."""
    text = TOKEN_IN_TEXT.sub(
        lambda found: found.group()[: found.group().index("_") + 1] + "…", text
    )
    return mask_numbers_in_text(text)


# Appended to a line the formatter had to mask: the logging call behind it leaks and must be fixed
# (the suite's log scan fails on it), while the file itself stays clean.
MASKED_MARK = " [masked by the log filter]"


class MaskingFormatter(logging.Formatter):
    """Formats as usual, then masks each line (traceback and stack included), marking a line it
    changed with :data:`MASKED_MARK`. A formatter rather than a record filter: the record itself, which
    other handlers share, is left as it is."""

    def format(self, record: logging.LogRecord) -> str:
        lines = super().format(record).split("\n")  # a traceback: each line on its own
        return "\n".join(_masked_line(line) for line in lines)


def _masked_line(line: str) -> str:
    masked = redact(line)
    return line if masked == line else masked + MASKED_MARK


def masking_handler(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(MaskingFormatter(FORMAT))
    return handler


class _DeskLogHandler(logging.handlers.RotatingFileHandler):
    """Marks the handler :func:`setup_logging` installed, so a second call replaces it."""


_active_dir: Path | None = None


def setup_logging(directory: Path) -> Path:
    """Log INFO and above of the whole process to ``directory``/hall_desk.log, rotated at
    :data:`MAX_BYTES` with :data:`BACKUP_COUNT` older files kept; returns the directory."""
    global _active_dir
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    close_logging()
    root = logging.getLogger()
    handler = _DeskLogHandler(
        directory / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    root.setLevel(logging.INFO)
    root.addHandler(masking_handler(handler))
    _active_dir = directory
    return directory


def close_logging() -> None:
    """Remove and close the handler :func:`setup_logging` installed (if any)."""
    global _active_dir
    handler = log_handler()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
    _active_dir = None


def log_handler() -> logging.Handler | None:
    """The file handler :func:`setup_logging` installed, None before."""
    return next((h for h in logging.getLogger().handlers if isinstance(h, _DeskLogHandler)), None)


def active_log_dir() -> Path | None:
    """The directory :func:`setup_logging` set up in this process (None before)."""
    return _active_dir


def log_files(directory: Path) -> list[Path]:
    """The current log file, then the rotated ones newest first (those that exist)."""
    names = [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    return [directory / name for name in names if (directory / name).is_file()]
