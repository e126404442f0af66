"""Where things live: the data directory (platformdirs, ``--data-dir`` or ``HALL_DESK_DATA_DIR``),
the log directory (see :func:`log_dir`), and the shipped resources (in development and in a frozen
bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "hall_desk"
DATA_DIR_ENV = "HALL_DESK_DATA_DIR"
LOG_DIR_ENV = "HALL_DESK_LOG_DIR"
STORE_FILE = "desk.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_path(directory: Path) -> Path:
    return directory / STORE_FILE


def log_dir(
    data_override: str | os.PathLike[str] | None = None,
    override: str | os.PathLike[str] | None = None,
) -> Path:
    """Where the desk writes its log files, first that applies: ``--log-dir`` (``override``),
    ``HALL_DESK_LOG_DIR``; ``logs`` inside a data directory chosen explicitly (``--data-dir`` as
    ``data_override``, or ``HALL_DESK_DATA_DIR``: a second desk's data, a test run's temp dir),
    so two data directories on one PC never share a log file; else the user's log directory
    (platformdirs: ``%LOCALAPPDATA%\\hall_desk\\Logs`` on Windows, ``~/.local/state/hall_desk/log``
    on Linux)."""
    if override:
        return Path(override).expanduser().resolve()
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV]).expanduser().resolve()
    if data_override or os.environ.get(DATA_DIR_ENV):
        return data_dir(data_override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_path() -> Path:
    """The CJK TrueType font shipped with the app (WenQuanYi Micro Hei, Apache-2.0)."""
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
