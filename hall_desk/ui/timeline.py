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
from hall_desk.domain.identity import mask_phone
from hall_desk.services.timeline import TimelineEntry
from hall_desk.ui.errors import field_label


def _t(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


def action_label(action: str) -> str:
    """The event type in Chinese; an unknown one is shown as it is."""
    labels = {
        "complaint.created": _t("受理"),
        "complaint.verification_started": _t("开始核实"),
        "complaint.verified": _t("核实"),
        "complaint.transferred": _t("转派"),
        "complaint.taken_back": _t("收回"),
        "complaint.progress_noted": _t("进展说明"),
        "complaint.replied_to_customer": _t("答复客户"),
        "complaint.called_back": _t("回访"),
        "complaint.closed": _t("归档"),
        "complaint.upgraded": _t("升级"),
        "complaint.linked_to_incident": _t("关联事件"),
        "complaint.replied": _t("总部答复"),
    }
    return labels.get(action, action)


def change_label(name: str) -> str:
    """A complaint field in Chinese (the fields a step changes; the rest as the error texts name
    them)."""
    labels = {
        "state": _t("状态"),
        "verification_note": _t("核实说明"),
        "handler_kind": _t("处理方类型"),
        "handler_no": _t("处理人工号"),
        "handler_name": _t("当前处理"),
        "dissatisfied": _t("不满意标记"),
        "closed_at": _t("归档时间"),
        "incident_id": _t("重大批量投诉"),
        "important": _t("重要投诉"),
        "escalated": _t("升级投诉"),
        "media": _t("媒体"),
        "repeat": _t("重复投诉"),
        "first_responder_no": _t("首问责任人工号"),
        "first_responder_name": _t("首问责任人"),
        "reply_due": _t("答复时限"),
        "regulator_due": _t("管局15天时限"),
        "regulator_class": _t("管局分类"),
        "accepted_at": _t("受理时间"),
        "satisfaction": _t("回访满意度"),
        "replied_at": _t("首次答复时间"),
    }
    return labels.get(name) or field_label(name)


HANDLER_KINDS = {"department": "部门", "head_office": "总部", "staff": "同事", "": "—"}

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
        return _t("是") if value else _t("否")
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
        return mask_phones(value)
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
        return _t("总部 {operator}").format(operator=entry.actor_name).strip()
    if entry.actor_name:
        return f"{entry.actor_name}（{entry.actor_no}）"
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
        lines.append(_t("投诉{holds}，责任方：{whose}").format(holds=v("verification"),
                                                          whose=v("responsibility")))
        if has("note"):
            lines.append(_t("说明：{note}").format(note=v("note")))
    elif kind == "complaint.transferred":
        target = v("to_name")
        if d.get("to_kind") == "staff" and has("to_no"):
            target = f"{target}（{d.get('to_no')}）"
        lines.append(_t("转派至{kind}：{target}").format(
            kind=show_value("handler_kind", d.get("to_kind")), target=target))
        if has("note"):
            lines.append(_t("要求：{note}").format(note=v("note")))
    elif kind == "complaint.taken_back":
        if has("note"):
            lines.append(_t("处理结果：{note}").format(note=v("note")))
    elif kind == "complaint.progress_noted":
        lines.append(_t("告知客户：{text}").format(text=v("told_customer")))
        lines.append(_t("新的承诺时间：{at}").format(at=v("promised_at")))
    elif kind == "complaint.replied_to_customer":
        lines.append(_t("{method}答复（{at}）：{content}").format(
            method=v("method"), at=v("replied_at"), content=v("content")))
    elif kind == "complaint.called_back":
        text = _t("回访（{at}）：{satisfaction}").format(at=v("called_at"),
                                                      satisfaction=v("satisfaction"))
        if has("reason"):
            text += _t("，原因：{reason}").format(reason=v("reason"))
        lines.append(text)
    elif kind == "complaint.upgraded":
        lines.append(_t("越级去向：{source} {reference}").format(
            source=v("source"), reference=d.get("reference") or "").strip())
        lines.append(_t("升级倾向：{tendency}").format(tendency=v("tendency")))
    elif kind == "complaint.linked_to_incident":
        lines.append(_t("事件 {number}").format(number=v("number")))
    elif kind == "complaint.replied":
        lines.append(_t("总部答复（{at}）：{reply}").format(at=v("replied_at"), reply=v("reply")))
    return lines


def describe(entry: TimelineEntry, incidents: dict[str, str] | None = None) -> TimelineLine:
    changes = [
        _t("{field}：{before} → {after}").format(
            field=change_label(c.field),
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
            return "<p style='color:#777'>" + html.escape(_t("暂无记录")) + "</p>"
        head = "".join(
            f"<th align='left' style='padding:4px 8px; background:#eceff1'>{html.escape(h)}</th>"
            for h in (_t("时间"), _t("人员"), _t("操作"), _t("内容与变更"))
        )
        rows = []
        for i, line in enumerate(self.lines):
            shade = "#ffffff" if i % 2 == 0 else "#f7f9fa"
            body = "".join(f"<div>{html.escape(x)}</div>" for x in line.details)
            body += "".join(
                f"<div style='color:#455a64'>{html.escape(x)}</div>" for x in line.changes
            )
            cell = f"style='padding:4px 8px; background:{shade}' valign='top'"
            rows.append(
                f"<tr><td {cell} width='130'>{html.escape(line.at)}</td>"
                f"<td {cell} width='120'>{html.escape(line.who)}</td>"
                f"<td {cell} width='80'><b>{html.escape(line.what)}</b></td>"
                f"<td {cell}>{body or '—'}</td></tr>"
            )
        return (
            "<table width='100%' cellspacing='0' cellpadding='0'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>"
        )
