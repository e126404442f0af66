"""Test configuration shared by the whole suite.

- Qt runs offscreen (set here, never by hand; tests/ui/x11_keys.py asks for xcb under Xvfb); tests
  under tests/ui are marked ``gui`` automatically, so ``-m "not gui"`` runs the logic alone.
- With ``CI=true`` a test skipped because a tool or service is missing counts as a failure, and so
  does a module skipped whole at collection (a module-level ``pytest.importorskip``).
- Fixtures: a real SQLite store in a temp dir, a movable clock, a set-up hall with one account per role.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

# tests/ui/test_keys_x11.py runs tests/ui/x11_keys.py under Xvfb, asking for xcb through
# HALL_DESK_TEST_XCB; an "offscreen:…" value (offscreen with a screen file, for the 1024×768 and
# 125 % size tests) is kept; anything else becomes plain offscreen.
if os.environ.get("HALL_DESK_TEST_XCB") == "1":
    os.environ["QT_QPA_PLATFORM"] = "xcb"
elif not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen:"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.policy import Role
from hall_desk.services.context import DeskContext, StaffSession

# A real head office (LiveHQ) and the upload fixtures, for tests/hq, tests/sync and tests/ui alike;
# with them an in-memory keyring for every test; the scan of every log line for personal data; and
# the benchmarks' small seed with its desk's keys (``seeded``, for a module giving ``SEED_ROWS``).
pytest_plugins = (
    "tests.hq.netns",
    "tests.hq.live",
    "tests.sync.fixtures",
    "tests.logscan",
    "tests.seeded_keys",
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if (TESTS / "ui") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
    if "soak" not in (config.getoption("-m") or ""):
        skip_soak = pytest.mark.skip(reason="soak run: select with -m soak")
        for item in items:
            if "soak" in item.keywords:
                item.add_marker(skip_soak)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and "soak" not in item.keywords and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in CI (a missing tool or service is a failure): {report.longrepr}"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same rule at collection: a module that skips itself whole (``pytest.importorskip`` or
    ``pytest.skip(allow_module_level=True)`` at its top) never reaches the hook above."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"{collector.nodeid} skipped whole in CI (a missing tool or service is a failure): "
            f"{report.longrepr}"
        )


# A fixed, ordinary working moment: Sunday 2026-11-22 10:00 in Shanghai.
T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)

PASSWORDS = {"1001": "manager1", "2001": "leader01", "3001": "clerk001", "3002": "clerk002"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def ctx(clock: FixedClock) -> DeskContext:
    return DeskContext(clock=clock)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    from hall_desk.storage.db import close_store, open_store

    path = tmp_path / "desk.sqlite3"
    open_store(path)
    yield path
    close_store()


@pytest.fixture
def hall(store: Path, ctx: DeskContext) -> dict[str, StaffSession]:
    """Hall HA01, desk HA01-02, a store manager, a shift leader and two clerks, signed in."""
    from hall_desk.services.setup import set_up_hall
    from hall_desk.services.staff import create_staff, sign_in

    set_up_hall(
        ctx,
        hall_code="HA01",
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=2,
        manager_no="1001",
        manager_name="王店长",
        manager_password=PASSWORDS["1001"],
    )
    manager = sign_in(ctx, "1001", PASSWORDS["1001"])
    for number, name, role in (
        ("2001", "李班长", Role.SHIFT_LEADER),
        ("3001", "张三", Role.CLERK),
        ("3002", "赵四", Role.CLERK),
    ):
        create_staff(
            ctx, manager, staff_no=number, name=name, role=role, password=PASSWORDS[number]
        )
    return {
        "manager": manager,
        "leader": sign_in(ctx, "2001", PASSWORDS["2001"]),
        "clerk": sign_in(ctx, "3001", PASSWORDS["3001"]),
        "clerk2": sign_in(ctx, "3002", PASSWORDS["3002"]),
    }
