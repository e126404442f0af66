"""Step 3, 身份: 原机主 (for a 过户), 新机主, and an agent per party."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import IdType, PartyIdentity, PartyRole, TransferKind
from hall_desk.services import transfers
from hall_desk.services.transfers import TransferView
from hall_desk.ui.errors import PARTY_FIELDS, error_text
from hall_desk.ui.lifecycle_dialogs import combo, line
from hall_desk.ui.transfer.common import StepPage, WizardHost, _t, translate
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import form_row


class PartyFields(QWidget):
    """证件类别, 证件号码, 姓名, 住址 of one person (typed or pasted; an ID-card reader may fill
    them later through :meth:`fill`)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.id_type = combo(f"{name}_id_type", [t.value for t in IdType])
        self.id_number = line(
            f"{name}_id_number", translate("Transfers", "18 位号码，可粘贴；末位 x 自动转大写")
        )
        self.id_number.setMaxLength(40)
        self.reveal_button = QPushButton(translate("Transfers", "显示完整号码"))
        self.reveal_button.setObjectName(f"{name}_reveal")
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setToolTip(
            translate("Transfers", "显示本人完整证件号码（将记录查看人和时间）")
        )
        self.reveal_button.hide()
        self.masked_number = ""  # the number as shown masked after resuming ("" once typed over)
        self.id_number.textEdited.connect(self._typed_over)
        number_row = QWidget()
        number_layout = QHBoxLayout(number_row)
        number_layout.setContentsMargins(0, 0, 0, 0)
        number_layout.addWidget(self.id_number, 1)
        number_layout.addWidget(self.reveal_button)
        self.person_name = line(f"{name}_name", translate("Transfers", "与证件一致"))
        self.person_name.setMaxLength(40)
        self.address = line(f"{name}_address", translate("Transfers", "证件上的住址"))
        self.address.setMaxLength(200)
        for label, widget in (
            (translate("Transfers", "证件类别"), self.id_type),
            (translate("Transfers", "证件号码"), number_row),
            (translate("Transfers", "姓名"), self.person_name),
            (translate("Transfers", "住址"), self.address),
        ):
            form_row(form, label, widget, buddy=self.id_number if widget is number_row else None)

    def widget(self, part: str) -> QWidget | None:
        return {
            "id_type": self.id_type,
            "id_number": self.id_number,
            "name": self.person_name,
            "address": self.address,
        }.get(part)

    def values(self) -> dict[str, str]:
        return {
            "id_type": self.id_type.currentText(),
            "id_number": self.id_number.text(),
            "name": self.person_name.text(),
            "address": self.address.text(),
        }

    def fill(self, party: PartyIdentity, *, may_reveal: bool = False) -> None:
        """Fill in a person; a masked number (a resumed transfer) gets 显示完整号码 when
        ``may_reveal``."""
        self.id_type.setCurrentText(party.id_type.value)
        self.id_number.setText(party.id_number)
        self.person_name.setText(party.name)
        self.address.setText(party.address)
        self.masked_number = party.id_number if "*" in party.id_number else ""
        self.reveal_button.setVisible(bool(self.masked_number) and may_reveal)

    def show_full(self, number: str) -> None:
        self.id_number.setText(number)
        self.masked_number = ""
        self.reveal_button.hide()

    def _typed_over(self, _text: str) -> None:
        if self.masked_number:  # a new number is being typed over the masked one
            self.masked_number = ""
            self.reveal_button.hide()

    def typed(self) -> bool:
        return any(w.text().strip() for w in (self.id_number, self.person_name, self.address))


class PartyBox(QGroupBox):
    """A party (原机主 / 新机主) and, when 有代办人 is ticked, the agent acting for them."""

    def __init__(self, role: PartyRole, key: str, parent: QWidget | None = None) -> None:
        super().__init__(term(role), parent)
        self.role = role
        self.key = key
        self.setObjectName(f"{key}_box")
        layout = QVBoxLayout(self)
        self.fields = PartyFields(key)
        layout.addWidget(self.fields)
        self.agent_check = QCheckBox(
            translate("Transfers", "有代办人（代{role}办理）").format(role=term(role))
        )
        self.agent_check.setObjectName(f"{key}_has_agent")
        layout.addWidget(self.agent_check)
        self.agent_box = QGroupBox(
            translate("Transfers", "代办人（代{role}）").format(role=term(role))
        )
        self.agent_box.setObjectName(f"{key}_agent_box")
        agent_layout = QVBoxLayout(self.agent_box)
        self.agent = PartyFields(f"{key}_agent")
        agent_layout.addWidget(self.agent)
        layout.addWidget(self.agent_box)
        layout.addStretch(1)
        self.agent_box.setVisible(False)
        self.agent_check.toggled.connect(self._agent_toggled)

    def _agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent.id_number.setFocus()


class PartiesStep(StepPage):
    """Both parties side by side (原机主 hidden for a 特殊过户); 显示完整号码 on a resumed one."""

    name = "parties"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        layout = self.titled(
            translate("Transfers", "身份"),
            translate(
                "Transfers",
                "按证件填写（证件类别、证件号码、姓名、住址）；有人代办时勾选“有代办人”并登记代办人的证件。"
                "居民身份证号码逐位校验（出生日期、地区码、校验码）。",
            ),
        )
        row = QHBoxLayout()
        self.registered_box = PartyBox(PartyRole.REGISTERED_OWNER, "registered_owner")
        self.new_box = PartyBox(PartyRole.NEW_OWNER, "new_owner")
        row.addWidget(self.registered_box, 1)
        row.addWidget(self.new_box, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.agent_boxes: list[PartyBox] = []  # the agents of the last form, in its order

    def show_kind(self, kind: TransferKind) -> None:
        self.registered_box.setVisible(kind is not TransferKind.SPECIAL)

    def people(
        self, kind: TransferKind
    ) -> tuple[dict[str, str], dict[str, str] | None, list[tuple[str, dict[str, str]]]]:
        """new_owner, registered_owner (None for a 特殊过户) and agents of the TransferForm."""
        agents: list[tuple[str, dict[str, str]]] = []
        self.agent_boxes = []
        boxes = (
            [self.new_box] if kind is TransferKind.SPECIAL else [self.registered_box, self.new_box]
        )
        for box in boxes:
            if box.agent_check.isChecked():
                agents.append((box.role.value, box.agent.values()))
                self.agent_boxes.append(box)
        registered = self.registered_box.fields.values() if kind is TransferKind.NORMAL else None
        return self.new_box.fields.values(), registered, agents

    def agent_labels(self) -> dict[str, str]:
        """The agents' fields by whom they act for (agents.0.name → 代办人（代新机主）姓名)."""
        labels = {}
        for index, box in enumerate(self.agent_boxes):
            for part, text in PARTY_FIELDS.items():
                labels[f"agents.{index}.{part}"] = translate(
                    "Transfers", "代办人（代{role}）"
                ).format(role=term(box.role)) + _t(str(text))
        return labels

    def typed(self) -> bool:
        return self.new_box.fields.typed() or self.registered_box.fields.typed()

    def fill(self, view: TransferView) -> None:
        draft = view.draft
        allowed = view.identity_readable and transfers.may_reveal(self.host.session, view)
        self.new_box.fields.fill(draft.new_owner, may_reveal=allowed)
        self._connect_reveal(self.new_box.fields, "new_owner")
        if draft.registered_owner is not None:
            self.registered_box.fields.fill(draft.registered_owner, may_reveal=allowed)
            self._connect_reveal(self.registered_box.fields, "registered_owner")
        for index, agent in enumerate(draft.agents):
            box = self.new_box if agent.acts_for is PartyRole.NEW_OWNER else self.registered_box
            box.agent_check.setChecked(True)
            box.agent.fill(agent.identity, may_reveal=allowed)
            self._connect_reveal(box.agent, f"agents.{index}")

    def _connect_reveal(self, fields: PartyFields, who: str) -> None:
        fields.reveal_button.clicked.connect(lambda _checked=False: self.reveal(fields, who))

    def reveal(self, fields: PartyFields, who: str) -> bool:
        """显示完整号码: the service checks who may and records the view; refused: said why."""
        host = self.host
        if host.view is None:
            return False
        try:
            number = transfers.reveal_id_number(host.ctx, host.session, host.view.id, who)
        except DomainError as error:
            fields.reveal_button.hide()
            host.fail(error_text(error, host.labels()))
            return False
        fields.show_full(number)
        return True

    def widget_for(self, field: str) -> QWidget | None:
        direct: dict[str, QWidget] = {
            "registered_owner": self.registered_box.fields.id_number,
            "new_owner": self.new_box.fields.id_number,
            "agents": self.new_box.agent_check,
        }
        if field in direct:
            return direct[field]
        head, _, part = field.rpartition(".")
        if head in ("new_owner", "registered_owner"):
            box = self.new_box if head == "new_owner" else self.registered_box
            return box.fields.widget(part)
        if head.startswith("agents."):
            index = int(head.split(".")[1])
            if 0 <= index < len(self.agent_boxes):
                agent_box = self.agent_boxes[index]
                return agent_box.agent_check if part == "acts_for" else agent_box.agent.widget(part)
        return None
