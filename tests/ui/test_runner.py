"""The UI's one door for background work (issue 21, hall_desk.ui.runner): the work runs on a worker
thread; its result, its error and its progress arrive on the UI thread, in order, nothing lost."""

from __future__ import annotations

import gc
import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from hall_desk.domain.errors import DomainError
from hall_desk.services.context import StaffSession
from hall_desk.ui import runner

WAIT_MS = 30_000


class Seen:
    """What reached the UI side, and on which thread."""

    def __init__(self) -> None:
        self.progress: list[tuple[int, int, str]] = []
        self.done: list[object] = []
        self.succeeded: list[object] = []
        self.failed: list[object] = []
        self.threads: set[threading.Thread] = set()

    def on_progress(self, done: int, total: int, stage: str) -> None:
        self.threads.add(threading.current_thread())
        self.progress.append((done, total, stage))

    def on_done(self, outcome: object) -> None:
        self.threads.add(threading.current_thread())
        self.done.append(outcome)

    def watch(self, job: runner.Job) -> runner.Job:
        job.progressed.connect(self.on_progress)
        job.succeeded.connect(self.succeeded.append)
        job.failed.connect(self.failed.append)
        job.finished.connect(self.on_done)
        return job


def test_the_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    ran_on: list[threading.Thread] = []

    def work(report: runner.Report) -> str:
        ran_on.append(threading.current_thread())
        return "结果"

    seen = Seen()
    job = seen.watch(runner.Job("test-result", work)).start()
    assert job.running
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert ran_on[0] is not threading.main_thread() and ran_on[0].name == "test-result"
    assert seen.succeeded == ["结果"] and seen.failed == [] and seen.done == ["结果"]
    assert job.outcome == "结果"
    assert seen.threads == {threading.main_thread()}


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot) -> None:
    def work(report: runner.Report) -> int:
        for done in range(1, 51):
            assert report(done, 50, "rows")
        return 50

    seen = Seen()
    job = runner.run("test-progress", work, on_progress=seen.on_progress, on_done=seen.on_done)
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert seen.progress == [(n, 50, "rows") for n in range(1, 51)]
    assert seen.done == [50] and seen.threads == {threading.main_thread()}


@pytest.mark.parametrize("error", [DomainError("backup.folder_missing"), ValueError("坏了")])
def test_an_error_arrives_with_the_progress_before_it(
    qtbot: QtBot, error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    def work(report: runner.Report) -> None:
        for done in range(3):
            report(done, 3)
        raise error

    seen = Seen()
    with caplog.at_level(logging.ERROR, logger="hall_desk.ui.runner"):
        job = seen.watch(runner.Job("test-error", work)).start()
        qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert seen.progress == [(0, 3, ""), (1, 3, ""), (2, 3, "")]
    assert seen.failed == [error] and seen.done == [error] and seen.succeeded == []
    assert seen.threads == {threading.main_thread()}
    logged = [r for r in caplog.records if r.name == "hall_desk.ui.runner"]
    if isinstance(error, DomainError):  # expected refusals are the UI's to say, not a crash
        assert logged == []
    else:  # anything else keeps its traceback in the log
        assert [r.getMessage() for r in logged] == ["test-error failed"]
        assert logged[0].exc_info is not None and logged[0].exc_info[1] is error


def test_cancel_makes_the_next_report_answer_false(qtbot: QtBot) -> None:
    go = threading.Event()
    answers: list[bool] = []

    def work(report: runner.Report) -> str:
        answers.append(report(0, 2))
        go.wait(WAIT_MS / 1000)
        answers.append(report(1, 2))
        return "stopped" if not answers[-1] else "ran on"

    seen = Seen()
    job = runner.run("test-cancel", work, on_done=seen.on_done)
    qtbot.waitUntil(lambda: answers == [True], timeout=WAIT_MS)
    job.cancel()
    go.set()
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert answers == [True, False] and job.cancelled and seen.done == ["stopped"]


def test_a_job_starts_once(qtbot: QtBot) -> None:
    job = runner.run("test-once", lambda report: None)
    with pytest.raises(RuntimeError):
        job.start()
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert job.wait(0)


def test_work_reads_the_store_on_its_own_thread(
    qtbot: QtBot, hall: dict[str, StaffSession]
) -> None:
    """The store opened by the UI thread is reachable from the worker (its own connection, which
    the runner closes at the end) and stays usable on the UI thread afterwards."""
    from hall_desk.services import staff

    def work(report: runner.Report) -> list[str]:
        return [number for number, _name, _role in staff.list_staff()]

    seen = Seen()
    job = runner.run("test-store", work, on_done=seen.on_done)
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert seen.done == [["1001", "2001", "3001", "3002"]]
    assert [number for number, _name, _role in staff.list_staff()] == seen.done[0]


def test_a_job_nobody_keeps_delivers_everything(qtbot: QtBot) -> None:
    """A caller may start a job and drop it (the store check, the support bundle): the job keeps
    itself alive until its last signal was delivered."""
    seen = Seen()
    runner.run(
        "test-unkept",
        lambda report: "ok" if report(1, 1) else "cancelled",
        on_progress=seen.on_progress,
        on_done=seen.on_done,
    )
    gc.collect()
    qtbot.waitUntil(lambda: seen.done == ["ok"], timeout=WAIT_MS)
    assert seen.progress == [(1, 1, "")]
