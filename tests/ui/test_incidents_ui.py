"""重大批量投诉 at the counter (issue 5): open an incident, take two further callers in one step each
(number and name typed), link an existing complaint from its detail, close the incident."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.incidents import IncidentDraft
from hall_desk.domain.lifecycle import Step
from hall_desk.services import incidents
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, Incident
from hall_desk.ui.incidents import IncidentsDialog, OpenIncidentDialog, QuickIntakeDialog
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text
from tests.ui.test_lifecycle_ui import Steps, activate, open_detail, record

CTRL = Qt.KeyboardModifier.ControlModifier


def open_incident_by_keyboard(qtbot: QtBot, dialog: QDialog) -> None:
    assert isinstance(dialog, OpenIncidentDialog)
    activate(qtbot, dialog)
    assert focused().objectName() == "cause"
    type_text(qtbot, "人民路基站光缆被挖断，周边无信号")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused().objectName() == "area"
    type_text(qtbot, "城东区人民路一带")
    press(qtbot, Qt.Key.Key_Return)
    assert focused().objectName() == "main_class"  # 网络质量 (default)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Down)  # 网络故障
    press(qtbot, Qt.Key.Key_Return)
    assert focused().objectName() == "network_urgency"
    press(qtbot, Qt.Key.Key_Return, CTRL)  # urgency forgotten
    assert dialog.error_message() == "网络紧急程度：请选择"
    assert focused().objectName() == "network_urgency"
    press(qtbot, Qt.Key.Key_Down)  # 特急
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_open_an_incident_and_take_two_callers_in_one_step_each(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    clock: FixedClock,
) -> None:
    sign_in(qtbot, window, "3001")
    intake = window.intake
    assert not intake.incident_bar.isVisible()

    def manage(dialog: QDialog) -> None:
        assert isinstance(dialog, IncidentsDialog)
        activate(qtbot, dialog)
        dialog.open_dialog = lambda d: (  # type: ignore[method-assign]
            open_incident_by_keyboard(qtbot, d),
            d.result() == QDialog.DialogCode.Accepted,
        )[1]
        qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 1).text() == "人民路基站光缆被挖断，周边无信号"
        assert "已新建重大批量投诉" in dialog.message.text()
        dialog.reject()

    intake.open_incident_dialog = manage  # type: ignore[method-assign]
    qtbot.mouseClick(intake.incidents_button, Qt.MouseButton.LeftButton)
    incident = Incident.get()
    assert (incident.sub_class, incident.network_urgency, incident.area) == (
        "网络故障",
        "特急",
        "城东区人民路一带",
    )
    assert intake.incident_bar.isVisible()
    assert incident.number in intake.incident_bar.combo.currentText()

    clock.advance(minutes=20)
    callers = [("13800138000", "陈先生"), ("13912345678", "刘女士")]

    def two_callers(dialog: QDialog) -> None:
        assert isinstance(dialog, QuickIntakeDialog)
        activate(qtbot, dialog)
        assert "人民路基站光缆被挖断" in dialog.intro.text()
        for phone, name in callers:
            assert focused().objectName() == "phone"
            type_text(qtbot, phone)
            press(qtbot, Qt.Key.Key_Return)
            assert focused().objectName() == "customer_name"
            type_text(qtbot, name)
            press(qtbot, Qt.Key.Key_Return, CTRL)
            assert dialog.error_message() == ""
            assert "已保存投诉" in dialog.done_label.text() and name in dialog.done_label.text()
        assert dialog.done_list.count() == 2
        press(qtbot, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    intake.open_incident_dialog = two_callers  # type: ignore[method-assign]
    window.windowHandle().requestActivate()  # back from the incidents dialog
    qtbot.waitUntil(window.isActiveWindow)
    intake.phone_edit.setFocus()
    press(qtbot, Qt.Key.Key_F8)
    saved = list(Complaint.select().order_by(Complaint.number))
    assert [(c.phone, c.customer_name) for c in saved] == callers
    for row in saved:
        assert row.incident_id == incident.id
        assert (row.main_class, row.sub_class, row.network_urgency) == (
            "网络质量",
            "网络故障",
            "特急",
        )
        assert row.description == incident.cause and row.place == incident.area
        assert row.first_responder_no == "3001"
    # Shown like a normal save.
    assert window.saved_banner.isVisible() and saved[-1].number in window.saved_label.text()
    assert incidents.get_incident(incident.id).complaint_count == 2

    # Close it: the quick intake bar goes away.
    def close_it(dialog: QDialog) -> None:
        assert isinstance(dialog, IncidentsDialog)
        activate(qtbot, dialog)
        dialog.ask_close = lambda item: True  # type: ignore[method-assign]
        assert dialog.close_button.isEnabled()
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 0
        assert "已结束" in dialog.message.text()
        dialog.reject()

    intake.open_incident_dialog = close_it  # type: ignore[method-assign]
    qtbot.mouseClick(intake.incidents_button, Qt.MouseButton.LeftButton)
    assert Incident.get_by_id(incident.id).state == "已结束"
    assert not intake.incident_bar.isVisible()


def test_link_an_existing_complaint_from_its_detail(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    link = detail.step_buttons[Step.LINK_INCIDENT]
    assert not link.isEnabled() and link.toolTip() == "当前没有进行中的重大批量投诉"
    detail.close()

    view = incidents.open_incident(
        ctx,
        hall["leader"],
        IncidentDraft(
            cause="人民路基站停电",
            area="人民路",
            sub_class="网络故障",
            network_urgency="紧急",
            started_at=ctx.clock.now(),
        ),
    )
    detail = open_detail(qtbot, window, complaint_id)
    steps = Steps(qtbot, detail)
    steps.take(Step.LINK_INCIDENT, lambda d: press(qtbot, Qt.Key.Key_Return, CTRL))
    assert Complaint.get_by_id(complaint_id).incident_id == view.id
    assert f"重大批量投诉 {view.number}" in detail.header.text()
    last = detail.timeline_view.lines[-1]
    assert last.what == "关联事件" and f"事件 {view.number}" in last.details
    assert f"重大批量投诉：— → {view.number}" in last.changes

    # Once the incident is closed, another complaint cannot be linked to it.
    incidents.close_incident(ctx, hall["leader"], view.id)
    other = record(ctx, hall["clerk"], phone="13700137000")
    detail2 = open_detail(qtbot, window, other)
    assert not detail2.step_buttons[Step.LINK_INCIDENT].isEnabled()
