"""The desk's log files (issue 10): where they go, how they rotate, and that a full phone or ID
number or a token reaching a log line is written masked (and marked, for the suite's log scan)."""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from hall_desk import logfiles, paths
from hall_desk.domain.identity import mask_id_number, mask_phone
from tests.conftest import PASSWORDS
from tests.logscan import leaks_in, scan_log_files

PHONE = "13700001111"
ID_NUMBER = "110101199003071233"
TOKEN = "hd1_" + "S3cr3tT0kenAb" * 3


@pytest.fixture
def outside_dir() -> Iterator[Path]:
    """A log directory outside the run's temp dir: the lines written here on purpose carry full
    numbers (masked, and marked so), which the end-of-run scan of the temp dir would report."""
    with tempfile.TemporaryDirectory() as name:
        try:
            yield Path(name) / "logs"
        finally:
            logfiles.close_logging()


def test_log_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(paths.LOG_DIR_ENV, raising=False)
    # The installed app (no data dir chosen): the user's log directory.
    assert paths.log_dir() == Path(platformdirs.user_log_dir("hall_desk", appauthor=False))
    # A data directory chosen explicitly keeps its own logs beside it.
    assert paths.log_dir(tmp_path / "data") == tmp_path / "data" / "logs"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env-data"))
    assert paths.log_dir() == tmp_path / "env-data" / "logs"
    # HALL_DESK_LOG_DIR beats both; --log-dir beats everything.
    monkeypatch.setenv(paths.LOG_DIR_ENV, str(tmp_path / "env-logs"))
    assert paths.log_dir(tmp_path / "data") == tmp_path / "env-logs"
    assert paths.log_dir(tmp_path / "data", tmp_path / "flag") == tmp_path / "flag"


def test_setup_rotates_and_a_second_setup_replaces_the_first(outside_dir: Path) -> None:
    first = logfiles.setup_logging(outside_dir / "a")
    second = logfiles.setup_logging(outside_dir / "b")
    ours = [h for h in logging.getLogger().handlers if h is logfiles.log_handler()]
    assert len(ours) == 1 and logfiles.active_log_dir() == second != first
    handler = logfiles.log_handler()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert Path(handler.baseFilename) == second / "hall_desk.log"
    assert (handler.maxBytes, handler.backupCount) == (2_000_000, 5)
    assert isinstance(handler.formatter, logfiles.MaskingFormatter)

    handler.maxBytes = 200  # rotate quickly: the current file and the rotated ones are listed
    for n in range(20):
        logging.getLogger("hall_desk.tests.rotation").info("line %d %s", n, "x" * 40)
    files = logfiles.log_files(second)
    assert files[0].name == "hall_desk.log"
    assert [f.name for f in files[1:]] == [f"hall_desk.log.{n}" for n in range(1, len(files))]
    assert 2 <= len(files) <= 6


def test_a_full_phone_id_or_token_is_written_masked(outside_dir: Path) -> None:
    logs = logfiles.setup_logging(outside_dir)
    handler = logfiles.log_handler()
    assert handler is not None
    try:
        raise ValueError(f"lookup of {PHONE} failed")
    except ValueError as error:
        exc_info = (type(error), error, error.__traceback__)
    # Straight to the file handler: the suite's record scanner must not see these on purpose.
    handler.handle(
        logging.LogRecord(
            "hall_desk.tests",
            logging.WARNING,
            __file__,
            1,
            "caller %s, ID %s, token %s",
            (PHONE, ID_NUMBER, TOKEN),
            exc_info,
        )
    )
    logging.getLogger("hall_desk.tests").info("clean line, caller %s", mask_phone(PHONE))
    handler.flush()

    text = (logs / "hall_desk.log").read_text("utf-8")
    for secret in (PHONE, ID_NUMBER, TOKEN):
        assert secret not in text
    lines = text.splitlines()
    assert f"caller {mask_phone(PHONE)}, ID {mask_id_number(ID_NUMBER)}, token hd1_…" in lines[0]
    assert lines[0].endswith(logfiles.MASKED_MARK)
    assert f"ValueError: lookup of {mask_phone(PHONE)} failed{logfiles.MASKED_MARK}" in text
    clean = [line for line in lines if "clean line" in line]
    assert clean and not clean[0].endswith(logfiles.MASKED_MARK)
    # The file holds no leak, and the suite's scan still reports the leaking call by its mark.
    assert all(leaks_in(line, tuple(PASSWORDS.values())) == [] for line in lines)
    found = scan_log_files(logs, ())
    assert found and all("had to mask" in f for f in found)
    assert not any("clean line" in f for f in found)


def test_fixed_lines_and_country_code_mobiles_are_written_masked(outside_dir: Path) -> None:
    """Issue 20: the filter masked bare mobiles and IDs only."""
    logs = logfiles.setup_logging(outside_dir)
    handler = logfiles.log_handler()
    assert handler is not None
    numbers = ("+8613700001111", "86 13700001111", "0086-13700001111", "010-12345678",
               "075512345678")  # fmt: skip
    handler.handle(
        logging.LogRecord(
            "hall_desk.tests", logging.WARNING, __file__, 1, "callers %s %s %s %s %s", numbers, None
        )
    )
    handler.flush()
    line = (logs / "hall_desk.log").read_text("utf-8").splitlines()[0]
    for number in numbers:
        assert number not in line
    assert "callers +86137****1111 86 137****1111 0086-137****1111 010****5678 0755****5678" in line
    assert line.endswith(logfiles.MASKED_MARK)
