"""从总部恢复本台席（更换电脑）: the first-run dialog's way to make this empty data directory an existing
desk again (:func:`hall_desk.services.desk_recovery.recover_new_desk`), in a worker thread with its
stages shown, and head office's refusals in plain Chinese. 总部 CA 证书 (optional): head office's
certificate comes from a private CA — its PEM file, kept with the registration like
``hall-desk recover --ca-file``. Plain http to another machine is refused here (the command line's
``--allow-plain-http`` is the deliberate way)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError
from hall_desk.services import desk_recovery
from hall_desk.services.context import DeskContext
from hall_desk.services.setup import HallInfo, current_desk
from hall_desk.services.sync import read_ca_bundle
from hall_desk.ui import runner, style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import INVALID_STYLE

# which field an error points at, when its code names none
_FIELD_OF = {
    "sync.offline": "hq_url", "sync.timeout": "hq_url", "hq_url.invalid": "hq_url",
    "hq_url.plain_http": "hq_url", "sync.certificate_refused": "hq_url",
    "sync.auth_invalid": "token", "sync.auth_revoked": "token", "token.invalid": "token",
    "sync.desk_mismatch": "desk_code", "desk_code.invalid": "desk_code",
    "escrow.release_required": "recovery_code", "recovery_code.invalid": "recovery_code",
}  # fmt: skip


class RecoverDeskDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_info: HallInfo | None = None
        self.outcome: desk_recovery.NewDeskRecovery | None = None
        self.job: runner.Job | None = None
        self.setWindowTitle(self.tr("从总部恢复本台席（更换电脑）"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "本台席的电脑更换后使用：请先请总部为本台席重新发放令牌和恢复码（旧电脑的令牌随即作废；"
                "恢复码 72 小时内有效，只能使用一次）。"
                "本台席的全部记录、签章密钥和证件数据密钥将从总部取回，不会新建营业厅。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.hq_url = QLineEdit()
        self.hq_url.setPlaceholderText(self.tr("如 https://hq.example:8443"))
        self.desk_code = QLineEdit()
        self.desk_code.setPlaceholderText(self.tr("如 HA01-02"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("总部新发放的台席令牌"))
        self.recovery_code = QLineEdit()
        self.recovery_code.setPlaceholderText(self.tr("随令牌发放，如 7KQ2-M9XD-4TRV-0HCW"))
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("caFileEdit")
        self.ca_file.setPlaceholderText(
            self.tr("可选：总部使用自建 CA 签发的证书时，选择该 CA 的 PEM 文件")
        )
        self.ca_button = QPushButton(self.tr("选择…"))
        self.ca_button.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_button)
        self.fields: dict[str, QLineEdit] = {
            "hq_url": self.hq_url,
            "desk_code": self.desk_code,
            "token": self.token,
            "recovery_code": self.recovery_code,
            "ca_file": self.ca_file,
        }
        form.addRow(self.tr("总部地址"), self.hq_url)
        form.addRow(self.tr("台席编号"), self.desk_code)
        form.addRow(self.tr("台席令牌"), self.token)
        form.addRow(self.tr("恢复码"), self.recovery_code)
        form.addRow(self.tr("总部 CA 证书"), ca_row)
        layout.addLayout(form)
        self.stage = QLabel()
        self.stage.hide()
        layout.addWidget(self.stage)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.ERROR_TEXT)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("开始恢复"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def stage_text(self, stage: str) -> str:
        return {
            desk_recovery.STAGE_CONNECT: self.tr("正在连接总部，核对令牌…"),
            desk_recovery.STAGE_KEYS: self.tr("正在取回本台席的密钥…"),
            desk_recovery.STAGE_EVENTS: self.tr("正在取回本台席的记录…"),
            desk_recovery.STAGE_HALL: self.tr("正在同步营业厅的账号、政策和其他台席的记录…"),
            desk_recovery.STAGE_FILES: self.tr("正在取回过户协议和证明材料…"),
        }.get(stage, stage)

    def own_words(self, code: str) -> str:
        """Errors whose everyday text (about queued uploads) does not fit a recovery."""
        return {
            "sync.offline": self.tr("连不上总部：请检查总部地址和本机网络，然后重试"),
            "sync.timeout": self.tr("总部响应超时，请稍后重试"),
            "sync.auth_invalid": self.tr("总部不认可该令牌：请核对总部为本台席新发放的令牌"),
            "sync.auth_revoked": self.tr(
                "该令牌已被总部吊销（可能总部已再次发放），请向总部索取最新令牌"
            ),
            "sync.desk_mismatch": self.tr("该令牌属于另一个台席，请核对台席编号和令牌"),
            "sync.recovery_refused": self.tr(
                "总部返回的本台席记录未通过校验，未保留任何内容，请联系总部"
            ),
        }.get(code, "")

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def ask_ca_file(self) -> str:
        """Tests replace this to choose a file without a dialog."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择总部 CA 证书"),
            "",
            self.tr("PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)"),
        )
        return name

    def _choose_ca_file(self) -> None:
        name = self.ask_ca_file()
        if name:
            self.ca_file.setText(name)

    def start(self) -> None:
        if self.running:
            return
        for edit in self.fields.values():
            edit.setStyleSheet("")
        ca_path = self.ca_file.text().strip()
        try:
            ca_pem = read_ca_bundle(ca_path) if ca_path else ""
        except DomainError as error:
            self._finished(error)  # said on the CA field, before anything is sent
            return
        for edit in self.fields.values():
            edit.setEnabled(False)
        self.error_label.hide()
        self.start_button.setEnabled(False)
        self.stage.setText(self.stage_text(desk_recovery.STAGE_CONNECT))
        self.stage.show()
        self.bar.setRange(0, 0)  # busy until the number of records is known
        self.bar.show()
        url, desk, token = self.hq_url.text(), self.desk_code.text(), self.token.text()
        code = self.recovery_code.text()

        def work(report: runner.Report) -> desk_recovery.NewDeskRecovery:
            def progress(stage: str, done: int, total: int) -> None:
                report(done, total, stage)

            return desk_recovery.recover_new_desk(
                self.ctx, url, desk, token, code, progress=progress, ca_pem=ca_pem
            )

        self.job = runner.run(
            "hall-desk-recover",
            work,
            on_done=self._finished,
            on_progress=lambda done, total, stage: self._show_progress(stage, done, total),
        )

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        text = self.stage_text(stage)
        if stage == desk_recovery.STAGE_EVENTS and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            text += self.tr("（{done} / {total}）").format(done=done, total=total)
        elif stage != desk_recovery.STAGE_EVENTS:
            self.bar.setRange(0, 0)
        self.stage.setText(text)

    def _finished(self, result: object) -> None:
        self.job = None
        if isinstance(result, desk_recovery.NewDeskRecovery):
            self.outcome = result
            self.result_info = current_desk()
            self.accept()
            return
        for edit in self.fields.values():
            edit.setEnabled(True)
        self.start_button.setEnabled(True)
        self.bar.hide()
        self.stage.hide()
        if isinstance(result, DomainError):
            text = self.own_words(result.code) or error_text(result)
            field = result.field or _FIELD_OF.get(result.code)
        else:
            text = self.tr("恢复时出现内部错误，已记入日志：{error}").format(
                error=type(result).__name__
            )
            field = None
        if field in self.fields:
            self.fields[field].setStyleSheet(INVALID_STYLE)
            self.fields[field].setFocus()
        self.error_label.setText(text)
        self.error_label.show()

    def reject(self) -> None:
        if self.running:
            return  # never leave a recovery half-way from the dialog: it finishes or fails
        super().reject()
