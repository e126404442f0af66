"""The suite-wide log scan (tests/logscan.py) finds what it must and passes masked forms."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from tests.conftest import PASSWORDS
from tests.logscan import LeakScanner, leaks_in, scan_log_files

PW = tuple(PASSWORDS.values())


def test_full_values_are_found() -> None:
    assert leaks_in("caller 13812345678 rang", PW) == ["mobile number"]
    assert leaks_in("id=11010519491231002X", PW) == ["resident ID number"]
    assert leaks_in("token hd1_" + "Ab3-_x" * 6, PW) == ["token"]
    assert leaks_in("operator hdop1_" + "Zz9" * 10, PW) == ["token"]
    assert leaks_in("password was clerk001", PW) == ["password 'clerk001'"]
    assert leaks_in("手机13812345678。", PW) == ["mobile number"]
    assert leaks_in("caller +8613812345678 rang", PW) == ["mobile number with +86/86"]
    assert leaks_in("office 010-87654321 rang", PW) == ["fixed-line number"]


def test_masked_and_unrelated_values_pass() -> None:
    assert leaks_in("caller 138****5678, ID 110105********002X", PW) == []
    assert leaks_in("hash a13812345678b0c… seq 13812345678901 desk HA01-02", PW) == []
    assert leaks_in("refused token hd1_… (unknown)", PW) == []
    assert leaks_in("event 1b9d6bcd-bbfd-4b2d-9b5d-0157562845678 applied", PW) == []


def test_the_handler_keeps_leaking_records() -> None:
    scanner = LeakScanner(PW)
    logger = logging.getLogger("hall_desk.tests.logscan")
    logger.addHandler(scanner)
    logger.propagate = False
    try:
        logger.debug("masked %s", "139****0000")
        logger.warning("full %s", "13900001111")
    finally:
        logger.removeHandler(scanner)
        logger.propagate = True
    assert scanner.records == 2 and len(scanner.leaks) == 1 and "mobile number" in scanner.leaks[0]
    # Outside the run's temp directory, which the session-end scan reads.
    with tempfile.TemporaryDirectory() as name:
        logs = Path(name)
        (logs / "hall_desk.log").write_text("ok 139****0000\nbad 13900001111\n", encoding="utf-8")
        found = scan_log_files(logs, PW)
        assert len(found) == 1 and found[0].startswith(f"{logs / 'hall_desk.log'}:2:")
