"""Issue 22, goal 1: the main window shows its sign-in page first and builds the pages behind it
(受理投诉, 我的跟进, 投诉列表, the sync and backup parts of the status bar) once that page has
shown; whoever signs in sooner, or asks for one of them sooner, gets them built then."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import require_desk
from hall_desk.ui.complaint_list import ComplaintListPage
from hall_desk.ui.followup import FollowUpPage
from hall_desk.ui.intake import IntakeForm
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in


def pages_of(win: MainWindow) -> list[object]:
    return [win.findChild(kind) for kind in (IntakeForm, FollowUpPage, ComplaintListPage)]


def test_the_pages_are_built_once_the_sign_in_window_has_shown(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    win = MainWindow(ctx, require_desk())
    qtbot.addWidget(win)
    assert pages_of(win) == [None, None, None]  # not before the window shows
    assert win.stack.currentWidget() is win.signin_page
    with qtbot.waitExposed(win):
        win.show()
    qtbot.waitUntil(lambda: None not in pages_of(win))
    assert win.stack.currentWidget() is win.signin_page  # still the sign-in page
    assert win.statusBar().isAncestorOf(win.backup_status)
    assert win.statusBar().isAncestorOf(win.sync_panel)
    sign_in(qtbot, win, "3001")
    assert win.stack.currentWidget() is win.tabs
    assert win.tabs.currentWidget().isAncestorOf(win.intake)
    win.idle.stop()


def test_signing_in_before_they_are_built_builds_them(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    win = MainWindow(ctx, require_desk())
    qtbot.addWidget(win)
    assert pages_of(win) == [None, None, None]
    win.signin.signed_in.emit(hall["clerk"])  # as a successful sign-in does
    assert None not in pages_of(win)
    assert win.stack.currentWidget() is win.tabs
    assert win.session is hall["clerk"]
    assert win.intake.isAncestorOf(win.intake.phone_edit)
    # The status bar keeps its order: the follow-up counts and the media warning, then the
    # backup status, then the desk and who is signed in.
    bar = win.statusBar()
    order = [win.followup_counts_label, win.media_warning_label, win.backup_status, win.user_label]
    win.followup_counts_label.setText("3")
    win.media_warning_label.setText("⚠")
    win.media_warning_label.show()
    win.resize(1366, 768)
    with qtbot.waitExposed(win):
        win.show()
    qtbot.waitUntil(lambda: all(w.isVisible() for w in order))
    xs = [w.mapTo(bar, w.rect().topLeft()).x() for w in order]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    win.idle.stop()
