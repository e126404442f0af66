"""The first-run dialog's 从总部恢复本台席（更换电脑） (issue 9): a new PC's empty store becomes the desk
again from a real head office, with its stages shown; a wrong token is said plainly, on its field,
and nothing typed is lost; without the recovery code head office issued with the token (issue 15)
the dialog says what is missing, on the 恢复码 field."""

from __future__ import annotations

from pathlib import Path

import keyring
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import current_desk
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.models import Complaint
from hall_desk.ui.recover_dialog import RecoverDeskDialog
from hall_desk.ui.setup_dialog import INVALID_STYLE, SetupDialog
from tests.hq.certificates import TestCA
from tests.hq.live import LiveHQ
from tests.sync.desk_history import complaint, escrowed_keys
from tests.sync.fixtures import DESK, own_seqs
from tests.sync.keyrings import MemoryKeyring
from tests.ui.helpers import type_text


def _fill(
    qtbot: QtBot, dialog: RecoverDeskDialog, url: str, token: str, recovery_code: str = ""
) -> None:
    for edit, text in (
        (dialog.hq_url, url),
        (dialog.desk_code, DESK),
        (dialog.token, token),
        (dialog.recovery_code, recovery_code),
    ):
        edit.clear()
        if text:
            type_text(qtbot, text, edit)


def test_a_new_pc_recovers_its_desk_from_the_first_run_dialog(
    qtbot: QtBot,
    registered: str,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    tmp_path: Path,
) -> None:
    escrowed_keys()
    numbers = {
        Complaint.get_by_id(complaint(ctx, hall["clerk"], f"第{i}条")).number for i in range(3)
    }
    assert sync.sync_now(ctx).escrowed == 1
    n = own_seqs()[-1]
    close_store()  # the old PC is gone
    keyring.set_keyring(MemoryKeyring())
    open_store(tmp_path / "new-pc" / "desk.sqlite3")
    token, recovery_code = hq.reissue(DESK)

    setup = SetupDialog(ctx)
    qtbot.addWidget(setup)
    setup.show()
    assert setup.recover_button.text() == "从总部恢复本台席（更换电脑）"
    dialogs: list[RecoverDeskDialog] = []

    def drive() -> None:
        dialog = setup.recover_dialog
        dialogs.append(dialog)
        _fill(qtbot, dialog, hq.url, "hd1_" + "wrong" * 8)
        dialog.start()
        qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
        assert dialog.error_label.text() == "总部不认可该令牌：请核对总部为本台席新发放的令牌"
        assert dialog.token.styleSheet() == INVALID_STYLE
        assert dialog.hq_url.text() == hq.url  # nothing typed is lost
        dialog.grab().save(str(tmp_path / "recover-error.png"))
        _fill(qtbot, dialog, hq.url, token)  # the token without its recovery code
        dialog.start()
        qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
        assert dialog.error_label.text().startswith(
            "总部尚未放行本台席的密钥：请填写总部随新令牌发放的恢复码"
        )
        assert dialog.recovery_code.styleSheet() == INVALID_STYLE
        assert dialog.recovery_code.isEnabled() and dialog.token.text() == token
        assert current_desk() is None  # nothing written
        _fill(qtbot, dialog, hq.url, token, recovery_code)
        dialog.start()
        assert dialog.stage.isVisible()
        qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, drive)
    setup.recover_from_head_office()
    assert dialogs and dialogs[0].result() == QDialog.DialogCode.Accepted
    assert setup.result() == QDialog.DialogCode.Accepted
    assert setup.result_info is not None and setup.result_info.desk_code == DESK
    assert current_desk() is not None and own_seqs() == list(range(1, n + 1))
    assert {c.number for c in Complaint.select()} == numbers
    close_store()


def test_head_office_unreachable_is_said_on_the_address(
    qtbot: QtBot, store: Path, ctx: DeskContext
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog = RecoverDeskDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, f"http://127.0.0.1:{port}", "hd1_" + "a" * 40)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
    assert dialog.error_label.text().startswith("连不上总部")
    assert dialog.hq_url.styleSheet() == INVALID_STYLE and dialog.hq_url.isEnabled()
    assert current_desk() is None  # nothing written


def test_a_private_ca_is_chosen_in_the_dialog_and_trusted(
    qtbot: QtBot, store: Path, ctx: DeskContext, tmp_path: Path
) -> None:
    """Head office on https with a private CA's certificate: refused without the CA (on the
    address, nothing written); with the CA file chosen the desk talks to head office (which then
    refuses the wrong token, on its field)."""
    ca = TestCA.make(tmp_path / "ca")
    hq = LiveHQ(tmp_path / "hq", tls=ca.issue(tmp_path / "certs")).start()
    try:
        hq.add_hall("HA01")
        dialog = RecoverDeskDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        _fill(qtbot, dialog, hq.url, "hd1_" + "wrong" * 8)
        dialog.start()
        qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
        assert dialog.error_label.text().startswith("总部证书未通过验证")
        assert dialog.hq_url.styleSheet() == INVALID_STYLE

        junk = tmp_path / "junk.pem"
        junk.write_text("no certificate here\n")
        dialog.ask_ca_file = lambda: str(junk)  # type: ignore[method-assign]
        dialog.ca_button.click()
        dialog.start()
        assert "总部 CA 证书" in dialog.error_label.text()
        assert dialog.ca_file.styleSheet() == INVALID_STYLE and not dialog.running

        dialog.ask_ca_file = lambda: str(ca.pem)  # type: ignore[method-assign]
        dialog.ca_button.click()
        dialog.start()
        qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
        assert dialog.error_label.text() == "总部不认可该令牌：请核对总部为本台席新发放的令牌"
        assert dialog.token.styleSheet() == INVALID_STYLE
    finally:
        hq.stop()
    assert current_desk() is None  # nothing written


def test_plain_http_to_another_machine_is_refused_in_the_dialog(
    qtbot: QtBot, store: Path, ctx: DeskContext
) -> None:
    dialog = RecoverDeskDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "http://192.0.2.10:8470", "hd1_" + "a" * 40)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
    assert "未加密" in dialog.error_label.text()
    assert dialog.hq_url.styleSheet() == INVALID_STYLE
    assert current_desk() is None
