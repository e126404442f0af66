"""Step 7, 完成: the agreements of the completed transfer, verified when opened."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from hall_desk.ui.transfer.common import StepPage, WizardHost
from hall_desk.ui.transfers import DocumentsPanel


class DoneStep(StepPage):
    """The documents panel of the transfer just completed (or resumed when no longer 填写中)."""

    name = "done"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        layout = QVBoxLayout(self)
        self.documents = DocumentsPanel(
            host.ctx, host.session, lambda dialog: self.host.open_print_preview(dialog)
        )
        layout.addWidget(self.documents)

    def refresh(self) -> None:
        if self.host.view is not None:
            self.documents.show_transfer(self.host.view)
