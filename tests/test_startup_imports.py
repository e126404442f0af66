"""Issue 22, goal 1: the desk's sign-in window shows before any heavy module is imported.

The app runs in a real process (offscreen Qt) on a store with a hall set up, and writes the names in
``sys.modules`` the moment its first window has been shown (``HALL_DESK_MODULES_AT_SHOWN``); none of
the heavy modules below may be among them. What needs them soon after is imported by the warm-up,
in the background once the window is up (:mod:`hall_desk.services.warmup`). No timing here: which
modules are loaded, not how long it took (benchmarks/bench_intake.py measures that).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hall_desk.services.context import StaffSession

# Top-level names (and what is below them) that the sign-in window must not load.
HEAVY = (
    "openpyxl",  # .xlsx exports
    "psycopg",  # head office's PostgreSQL driver, which peewee imports when it can
    "psycopg2",
    "psycopg_pool",
    "httpx",  # the uploader
    "keyring",  # the system keyring (asked for a key when one is needed)
    "reportlab",  # PDF documents
    "pyhanko",  # PAdES certification of the 过户协议
    "pyhanko_certvalidator",
    "asn1crypto",
    "cryptography.hazmat",  # AES-GCM of sealed data and backups, key escrow
    "pypinyin",  # issue 23's pinyin search
    "phonenumbers",  # a customer's number checked (the first one typed at intake)
    "qrcode",  # a receipt's QR code
    "segno",
    "PIL",
    "PySide6.QtPdf",  # print preview
    "PySide6.QtPdfWidgets",
    "PySide6.QtCharts",
    "starlette",  # head office
    "uvicorn",
)

# hall_desk's own modules that only the pages behind the sign-in need (MainWindow.build_rest).
BEHIND_THE_SIGN_IN = (
    "hall_desk.ui.intake",
    "hall_desk.ui.followup",
    "hall_desk.ui.complaint_list",
    "hall_desk.ui.backup",
    "hall_desk.ui.sync_panel",
    "hall_desk.services.complaints",
    "hall_desk.services.documents",
    "hall_desk.services.demo",
    "hall_desk.sync.outbox",
    # the event log and the domain's payload rules: the sign-in writes its events through them,
    # loaded with the pages behind it (issue 22, doc22); the store's start-up check whether its
    # compression dictionary is due does not need them
    "hall_desk.storage.events",
    "hall_desk.domain.payloads",
    "hall_desk.domain.complaints",
    "hall_desk.domain.transfers",
    "hall_desk.domain.retention",
)


def heavy_among(modules: list[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == h or name.startswith(h + ".") for h in HEAVY)
    )


def start_to_first_window(data_dir: Path, record: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HALL_DESK_QUIT_AFTER_SHOWN="1",
        HALL_DESK_NONINTERACTIVE="1",
        HALL_DESK_MODULES_AT_SHOWN=str(record),
    )
    return subprocess.run(
        [sys.executable, "-m", "hall_desk", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_sign_in_window_shows_without_any_heavy_module(
    tmp_path: Path, hall: dict[str, StaffSession]
) -> None:
    from hall_desk.storage.db import close_store

    close_store()  # the hall is set up in tmp_path/desk.sqlite3: the app opens it
    record = tmp_path / "modules.txt"
    result = start_to_first_window(tmp_path, record)
    assert result.returncode == 0, result.stderr
    modules = record.read_text(encoding="utf-8").split()
    # The record was taken with the real window up, not before it.
    assert "hall_desk.ui.mainwindow" in modules and "hall_desk.ui.signin" in modules
    assert heavy_among(modules) == []
    # The pages behind the sign-in and their services are built once the window has shown.
    assert [name for name in BEHIND_THE_SIGN_IN if name in modules] == []


def test_the_check_would_see_a_heavy_module() -> None:
    assert heavy_among(["PySide6.QtWidgets", "openpyxl.cell", "keyring", "cryptography"]) == [
        "keyring",
        "openpyxl.cell",
    ]
    assert heavy_among(["cryptography.hazmat.primitives", "psycopg_binary"]) == [
        "cryptography.hazmat.primitives"
    ]


def test_the_warm_up_loads_what_the_first_window_left_out() -> None:
    """After the window shows, the warm-up imports the documents (ReportLab, its font registered),
    the keyring, cryptography, httpx and openpyxl, in the process that runs it."""
    code = (
        "import sys\n"
        "from hall_desk.services.warmup import warm_up\n"
        "warm_up()\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from hall_desk.documents.fonts import BODY_FONT\n"
        "assert BODY_FONT in pdfmetrics.getRegisteredFontNames(), 'font not registered'\n"
        "missing = [m for m in ('keyring', 'httpx', 'openpyxl', 'reportlab', 'phonenumbers',\n"
        "    'cryptography.hazmat.primitives.ciphers.aead') if m not in sys.modules]\n"
        "assert not missing, missing\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
