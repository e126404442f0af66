"""Every log line of the suite is scanned for personal data and secrets (issue 9, "Trust").

A handler on the root logger sees every record of the run (``hall_desk`` loggers at DEBUG, the
rest at whatever level they emit), formats it as the desk's log file would, exceptions included,
and keeps the lines holding a full mobile number, a full resident ID number, one of the test
accounts' passwords or a desk/operator token. At the end the log files written under the run's temp
directory (desks and head office run as real processes there) are scanned the same way, and for
lines the desk's log formatter had to mask (``hall_desk.logfiles.MASKED_MARK``). Any hit
fails the run, naming the logger and the line; masked forms (``138****5678``) are fine.
Fix the logging call, never the test.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import pytest

from hall_desk import logfiles

# The same patterns the desk's log formatter masks and the support bundle is cleaned with.
PATTERNS = logfiles.LEAK_PATTERNS
FORMAT = logging.Formatter(logfiles.FORMAT)
MAX_KEPT = 50


def leaks_in(text: str, passwords: tuple[str, ...]) -> list[str]:
    """What secret or personal value kinds ``text`` holds (empty when clean)."""
    found = [kind for kind, pattern in PATTERNS.items() if pattern.search(text)]
    found += [f"password {p!r}" for p in passwords if p in text]
    return found


class LeakScanner(logging.Handler):
    def __init__(self, passwords: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(FORMAT)
        self.passwords = passwords
        self.records = 0
        self.leaks: list[str] = []
        self.current_test = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        try:
            text = self.format(record)
        except Exception as error:  # a broken log call is a bug, but not this scan's finding
            text = f"{record.msg!r} {record.args!r} (format failed: {error})"
        kinds = leaks_in(text, self.passwords)
        if kinds and len(self.leaks) < MAX_KEPT:
            self.leaks.append(f"{self.current_test}: {', '.join(kinds)} in {text[:300]!r}")


def _passwords() -> tuple[str, ...]:
    from tests.conftest import PASSWORDS

    return tuple(PASSWORDS.values())


_scanner: LeakScanner | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _scanner
    _scanner = LeakScanner(_passwords())
    logging.getLogger().addHandler(_scanner)
    logging.getLogger("hall_desk").setLevel(logging.DEBUG)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> object:
    if _scanner is not None:
        _scanner.current_test = item.nodeid
    yield


def scan_log_files(root: Path, passwords: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.log*")):
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            kinds = leaks_in(line, passwords)
            if logfiles.MASKED_MARK in line:  # the file is clean, but a logging call leaks
                kinds.append("a value the log formatter had to mask")
            if kinds:
                found.append(f"{path}:{number}: {', '.join(kinds)} in {line[:300]!r}")
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _scanner is None:
        return
    logging.getLogger().removeHandler(_scanner)
    leaks = list(_scanner.leaks)
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        with contextlib.suppress(OSError):
            leaks += scan_log_files(factory.getbasetemp(), _scanner.passwords)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"log scan: {_scanner.records} log records and the run's log files scanned, "
            f"{len(leaks)} leaks"
        )
    if leaks:
        if reporter is not None:
            reporter.write_line(
                "LOG LEAKS (full phone/ID numbers, passwords or tokens in logs):", red=True
            )
            for leak in leaks[:MAX_KEPT]:
                reporter.write_line("  " + leak, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
