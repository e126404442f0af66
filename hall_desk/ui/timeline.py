"""A complaint's history (issue 5): who did what, when, and before → after, oldest first.

:func:`describe` turns one :class:`~hall_desk.services.timeline.TimelineEntry` into the lines shown
(times local, actions and fields in Chinese, phone numbers masked wherever they appear);
:class:`TimelineView` shows them as a table that wraps long text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTextBrowser, QWidget

from hall_desk.domain.clock import format_local
from hall_desk.domain.event_texts import event_text, field_text
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.payloads import family_of
from hall_desk.services.timeline import TimelineEntry
from hall_desk.ui import style
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.vocabulary import labelled, term, with_number

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Timeline", text)


def action_label(action: str) -> str:
    """The event type as the step staff know (申请退费), from the texts beside the event catalogue
    (hall_desk.domain.event_texts), in the UI language; never the raw type."""
    text = event_text(action)
    return term(text) if text else translate("Timeline", "其他操作")


def change_label(name: str, family: str = "complaint") -> str:
    """A payload field of an event of ``family`` as staff name it (退费单号), in the UI language."""
    text = field_text(family, name)
    return term(text) if text else translate("Timeline", "其他内容")


HANDLER_KINDS = {
    "department": QT_TRANSLATE_NOOP("Timeline", "部门"),
    "head_office": QT_TRANSLATE_NOOP("Timeline", "总部"),
    "staff": QT_TRANSLATE_NOOP("Timeline", "同事"),
    "": "—",
}

# 11-digit mobiles and fixed lines with an area code, not inside a longer run of digits.
_PHONE = re.compile(r"(?<![\d])(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![\d])")


def mask_phones(text: str) -> str:
    """Every phone number in free text masked (138****5678)."""
    return _PHONE.sub(lambda m: mask_phone(m.group(1).replace("-", "")), text)


def _as_time(value: str) -> datetime | None:
    if len(value) < 16 or value[4] != "-" or "T" not in value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def show_value(name: str, value: Any, incidents: dict[str, str] | None = None) -> str:
    """A value as staff read it: local times, 是/否, Chinese handler kinds, masked phones."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate("Timeline", "是") if value else translate("Timeline", "否")
    if name == "handler_kind":
        return _t(HANDLER_KINDS.get(str(value), str(value)))
    if name == "incident_id" and incidents is not None:
        return incidents.get(str(value), str(value))
    if name == "phone":
        return mask_phone(str(value))
    if isinstance(value, str):
        at = _as_time(value)
        if at is not None:
            return format_local(at)
        return term(mask_phones(value))  # a state, channel, class … in the UI language
    return mask_phones(str(value))


@dataclass(frozen=True)
class TimelineLine:
    """One entry as shown."""

    at: str
    who: str
    what: str
    details: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join([self.at, self.who, self.what, *self.details, *self.changes])


def _who(entry: TimelineEntry) -> str:
    if not entry.actor_no:
        return translate("Timeline", "总部 {operator}").format(operator=entry.actor_name).strip()
    if entry.actor_name:
        return with_number(entry.actor_name, entry.actor_no)
    return entry.actor_no


def _details(entry: TimelineEntry) -> list[str]:
    d = entry.detail
    if not d:
        return []

    def v(key: str) -> str:
        return show_value(key, d.get(key))

    def has(key: str) -> bool:
        return bool(d.get(key))

    kind = entry.action
    lines: list[str] = []
    if kind == "complaint.verified":
        lines.append(
            translate("Timeline", "投诉{holds}，责任方：{whose}").format(
                holds=v("verification"), whose=v("responsibility")
            )
        )
        if has("note"):
            lines.append(translate("Timeline", "说明：{note}").format(note=v("note")))
    elif kind == "complaint.transferred":
        target = v("to_name")
        if d.get("to_kind") == "staff" and has("to_no"):
            target = with_number(target, d.get("to_no"))
        lines.append(
            translate("Timeline", "转派至{kind}：{target}").format(
                kind=show_value("handler_kind", d.get("to_kind")), target=target
            )
        )
        if has("note"):
            lines.append(translate("Timeline", "要求：{note}").format(note=v("note")))
    elif kind == "complaint.taken_back":
        if has("note"):
            lines.append(translate("Timeline", "处理结果：{note}").format(note=v("note")))
    elif kind == "complaint.progress_noted":
        lines.append(translate("Timeline", "告知客户：{text}").format(text=v("told_customer")))
        lines.append(translate("Timeline", "新的承诺时间：{at}").format(at=v("promised_at")))
    elif kind == "complaint.replied_to_customer":
        lines.append(
            translate("Timeline", "{method}答复（{at}）：{content}").format(
                method=v("method"), at=v("replied_at"), content=v("content")
            )
        )
    elif kind == "complaint.called_back":
        text = translate("Timeline", "回访（{at}）：{satisfaction}").format(
            at=v("called_at"), satisfaction=v("satisfaction")
        )
        if has("reason"):
            text += translate("Timeline", "，原因：{reason}").format(reason=v("reason"))
        lines.append(text)
    elif kind == "complaint.upgraded":
        lines.append(
            translate("Timeline", "越级去向：{source} {reference}")
            .format(source=v("source"), reference=d.get("reference") or "")
            .strip()
        )
        lines.append(translate("Timeline", "升级倾向：{tendency}").format(tendency=v("tendency")))
    elif kind == "complaint.linked_to_incident":
        lines.append(translate("Timeline", "事件 {number}").format(number=v("number")))
    elif kind == "complaint.replied":
        lines.append(
            translate("Timeline", "总部答复（{at}）：{reply}").format(
                at=v("replied_at"), reply=v("reply")
            )
        )
    elif kind == "complaint.progress":  # issue 17: head office's progress note
        lines.append(translate("Timeline", "总部进展说明：{text}").format(text=v("text")))
        if has("promised_at"):
            lines.append(translate("Timeline", "总部承诺时间：{at}").format(at=v("promised_at")))
        if has("promised_typed"):
            lines.append(
                translate("Timeline", "（原填 {at}，夜间顺延至 08:00）").format(
                    at=v("promised_typed")
                )
            )
    elif kind == "complaint.returned":  # issue 17: head office handed it back to the hall
        lines.append(translate("Timeline", "总部退回营业厅：{note}").format(note=v("note")))
    elif kind.startswith("refund."):
        lines.extend(_refund_details(entry))
    return lines


def _refund_details(entry: TimelineEntry) -> list[str]:
    """A refund's step: what, how much and which refund first (申请退费 ¥50.00，退费单 …), then
    what the step adds (who decided, why, head office's answer)."""
    d = entry.detail
    kind = entry.action

    def v(key: str) -> str:
        return show_value(key, d.get(key))

    def has(key: str) -> bool:
        return d.get(key) not in (None, "")

    what = action_label(kind)
    number = entry.refund_number or str(d.get("number") or "") or "—"
    if has("amount"):
        head = translate("Timeline", "{what} ¥{amount}，退费单 {number}").format(
            what=what, amount=d.get("amount"), number=number
        )
    else:
        head = translate("Timeline", "退费单 {number}").format(number=number)
    lines = [head]

    def line(label: str, key: str) -> None:
        if has(key):
            lines.append(labelled(label, v(key)))

    if kind == "refund.proposed":
        line(change_label("method", "refund"), "method")
        line(change_label("account_type", "refund"), "account_type")
        line(change_label("reason", "refund"), "reason")
    elif kind in ("refund.approved", "refund.refused", "refund.cancelled"):
        line(change_label("decided_by_name", "refund"), "decided_by_name")
        line(change_label("decision_reason", "refund"), "decision_reason")
        line(change_label("delegated_by_name", "refund"), "delegated_by_name")
    elif kind == "refund.sent_to_head_office":
        line(change_label("sent_by_name", "refund"), "sent_by_name")
    elif kind == "refund.signed":
        line(change_label("signed_at", "refund"), "signed_at")
    elif kind == "refund.decided":
        approved = d.get("approved")
        if isinstance(approved, bool):
            lines.append(
                translate("Timeline", "总部批准")
                if approved
                else translate("Timeline", "总部不批准")
            )
        line(translate("Timeline", "总部意见"), "reason")
        line(change_label("recommended_by_name", "refund"), "recommended_by_name")
        if has("complaint_total"):
            lines.append(
                labelled(change_label("complaint_total", "refund"), f"¥{d['complaint_total']}")
            )
    elif kind == "refund.recommended":
        recommend = d.get("recommend")
        if isinstance(recommend, bool):
            lines.append(
                translate("Timeline", "建议批准")
                if recommend
                else translate("Timeline", "建议不批准")
            )
        else:
            line(change_label("recommend", "refund"), "recommend")
        line(change_label("note", "refund"), "note")
    elif kind == "refund.executed":
        line(change_label("billing_reference", "refund"), "billing_reference")
        line(change_label("executed_at", "refund"), "executed_at")
    elif kind == "refund.execution_failed":
        line(translate("Timeline", "失败原因"), "reason")
        line(change_label("failed_at", "refund"), "failed_at")
    elif kind == "refund.execution_cancelled":
        line(translate("Timeline", "取消原因"), "reason")
        line(change_label("cancelled_at", "refund"), "cancelled_at")
    return lines


def describe(entry: TimelineEntry, incidents: dict[str, str] | None = None) -> TimelineLine:
    changes = [
        translate("Timeline", "{field}：{before} → {after}").format(
            field=change_label(c.field, family_of(entry.action)),
            before=show_value(c.field, c.before, incidents),
            after=show_value(c.field, c.after, incidents),
        )
        for c in sorted(entry.changes, key=lambda c: c.field != "state")  # the state first
    ]
    return TimelineLine(
        format_local(entry.at), _who(entry), action_label(entry.action), _details(entry), changes
    )


class TimelineView(QTextBrowser):
    """The entries as a four-column table (时间 · 人员 · 操作 · 内容与变更), oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setOpenLinks(False)
        self.lines: list[TimelineLine] = []

    def show_entries(
        self, entries: list[TimelineEntry], incidents: dict[str, str] | None = None
    ) -> None:
        self.lines = [describe(e, incidents) for e in entries]
        self.setHtml(self._html())

    def _html(self) -> str:
        if not self.lines:
            return (
                f"<p style='color:{style.MUTED}'>"
                + html.escape(translate("Timeline", "暂无记录"))
                + "</p>"
            )
        head = "".join(
            f"<th align='left' style='padding:4px 8px; background:{style.HEADER_BACKGROUND}'>"
            f"{html.escape(h)}</th>"
            for h in (
                translate("Timeline", "时间"),
                translate("Timeline", "人员"),
                translate("Timeline", "操作"),
                translate("Timeline", "内容与变更"),
            )
        )
        rows = []
        for i, line in enumerate(self.lines):
            shade = style.PAPER if i % 2 == 0 else style.PANEL_BACKGROUND
            body = "".join(f"<div>{html.escape(x)}</div>" for x in line.details)
            body += "".join(
                f"<div style='color:{style.SECONDARY}'>{html.escape(x)}</div>" for x in line.changes
            )
            cell = f"style='padding:4px 8px; background:{shade}' valign='top'"
            rows.append(
                f"<tr><td {cell} width='130'>{html.escape(line.at)}</td>"
                f"<td {cell} width='120'>{html.escape(line.who)}</td>"
                f"<td {cell} width='120'><b>{html.escape(line.what)}</b></td>"
                f"<td {cell}>{body or '—'}</td></tr>"
            )
        return (
            "<table width='100%' cellspacing='0' cellpadding='0'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>"
        )
