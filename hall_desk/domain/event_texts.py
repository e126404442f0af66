"""What staff read for an event (issue 19): each event type's name and each payload field's label,
in Chinese, beside the event catalogue (:mod:`hall_desk.domain.payloads` imports this module).

The desk's 时间线 shows these texts instead of event types and payload keys (the English UI
translates them through the "Domain" context: ``packaging/update_translations.py`` extracts every
text here). Every issue that adds an event family, type or payload field adds its texts here;
tests/domain/test_event_texts.py fails on any type or key without one.

- :data:`EVENT_TEXTS`: event type → the step, as a verb phrase (申请退费).
- :data:`FIELD_TEXTS`: payload key → its label, the meaning shared by the families.
- :data:`FAMILY_FIELD_TEXTS`: a family's own meaning of a shared key (a refund's ``number`` is its
  退费单号, a complaint's is the 投诉单号).
"""

from __future__ import annotations

EVENT_TEXTS: dict[str, str] = {
    # complaint
    "complaint.created": "受理",
    "complaint.verification_started": "开始核实",
    "complaint.verified": "核实",
    "complaint.transferred": "转派",
    "complaint.taken_back": "收回",
    "complaint.progress_noted": "进展说明",
    "complaint.replied_to_customer": "答复客户",
    "complaint.called_back": "回访",
    "complaint.closed": "归档",
    "complaint.upgraded": "升级",
    "complaint.linked_to_incident": "关联事件",
    "complaint.replied": "总部答复",
    # issue 20: 补录 confirmed by the store manager and accepted by head office, a 估 deadline
    # corrected once the year's calendar arrived, a media complaint reported to 综合部
    "complaint.late_reply_confirmed": "店长确认补录时间",
    "complaint.late_reply_accepted": "总部认可补录时间",
    "complaint.deadline_corrected": "答复时限已更正",
    "complaint.media_reported": "已报告综合部",
    # issue 17 (transfer17): head office's progress note and hand-back to the hall
    "complaint.progress": "总部进展说明",
    "complaint.returned": "总部退回营业厅",
    # refund (the desk's steps, then head office's on <HALL>-00)
    "refund.proposed": "申请退费",
    "refund.approved": "批准退费",
    "refund.refused": "不批准退费",
    "refund.sent_to_head_office": "报总部审批",
    "refund.cancelled": "取消退费",
    "refund.signed": "客户签名确认",
    "refund.decided": "总部审批退费",
    "refund.recommended": "总部审核建议",
    "refund.executed": "退费到账",
    "refund.execution_failed": "退费执行失败",
    "refund.execution_cancelled": "取消退费执行",
    "refund.customer_told": "已告知客户到账情况",  # issue 16: a desk's step after head office's
    # the hall's accounts and set-up
    "staff.changed": "人员资料变更",
    "hall.configured": "营业厅设置",
    "hq_link.registered": "登记总部地址",
    "policy.set": "总部下发政策",
    # 过户
    "transfer.opened": "开始办理过户",
    "transfer.updated": "修改过户资料",
    "transfer.evidence_attached": "添加证明材料",
    "transfer.evidence_removed": "删除证明材料",
    "transfer.approved": "特殊过户审批",
    "transfer.signed": "过户签名",
    "transfer.completed": "完成过户",
    "transfer.abandoned": "放弃过户",
    # 重大批量投诉
    "incident.opened": "登记重大批量投诉",
    "incident.closed": "结束重大批量投诉",
    # 退费审批授权
    "delegation.granted": "授权退费审批",
    "delegation.revoked": "收回退费审批授权",
    # 典型案例
    "typical_case.written": "撰写典型案例",
    "typical_case.updated": "修改典型案例",
    "typical_case.marked_best": "评为季度最佳案例",
    "typical_case.unmarked": "取消季度最佳案例",
    # 常用投诉模板 (issue 23)
    "template.saved": "保存常用模板",
    "template.retired": "停用常用模板",
    # audit records
    "retention.purged": "清除到期资料",
    "backup.folder_set": "设置备份文件夹",
    # 审批密码输错 (issue 20: wrong passwords typed into someone's approval box)
    "auth.failed": "审批密码输错",
    "auth_notice.shown": "已告知审批密码输错",  # issue 20: shown once per hall
    "document.printed": "打印单据",
    "document.viewed": "查看协议文件",
    "export.full_values": "导出完整资料",
    "identity.viewed": "查看完整证件号码",
    "escrow.opened": "开启密钥托管",
    "escrow.released": "发放台席恢复码",
    # issue 17 (quar17): head office's answer on a held event
    "held.closed": "总部关闭未送达事件",
    "held.reapplied": "总部重新受理事件",
}

FIELD_TEXTS: dict[str, str] = {
    # the envelope of a step
    "id": "记录编号",
    "changes": "变更内容",
    "record": "办理记录",
    "hall": "营业厅",
    "desk": "台席",
    "hall_code": "营业厅编码",
    "desk_code": "台席编号",
    "number": "投诉单号",
    "state": "状态",
    "policy_version": "政策版本",
    # a complaint
    "phone": "客户号码",
    "customer_name": "客户姓名",
    "tier": "客户品牌",
    "channel": "受理渠道",
    "main_class": "投诉大类",
    "sub_class": "投诉子类",
    "regulator_class": "管局分类",
    "occurred_at": "发生时间",
    "place": "发生地点",
    "amount": "涉及金额",
    "description": "问题描述",
    "customer_request": "客户诉求",
    "network_urgency": "网络紧急程度",
    "coordination": "跨省/跨企业",
    "escalation_source": "越级去向",
    "escalation_reference": "申诉编号",
    "escalation_tendency": "升级倾向",
    "important": "重要投诉",
    "media": "媒体",
    "escalated": "升级投诉",
    "repeat": "重复投诉",
    "repeat_of": "前次投诉",
    "report_to_hq_now": "立即报总部",
    "first_responder_no": "首问责任人工号",
    "first_responder_name": "首问责任人",
    "accepted_at": "受理时间",
    "reply_due": "答复时限",
    "reply_due_estimated": "答复时限为估算",
    "regulator_due": "管局15天时限",
    "deadline_basis": "时限依据",
    "verification": "是否成立",
    "responsibility": "责任方",
    "verification_note": "核实说明",
    "handler_kind": "处理方类型",
    "handler_no": "处理人工号",
    "handler_name": "当前处理",
    "satisfaction": "回访满意度",
    "dissatisfied": "不满意标记",
    "promised_at": "承诺时间",
    "replied_at": "首次答复时间",
    "closed_at": "归档时间",
    "incident_id": "重大批量投诉",
    # a step's record
    "staff_no": "工号",
    "staff_name": "经办人",
    "note": "说明",
    "to_kind": "转派去向",
    "to_no": "转派对象工号",
    "to_name": "转派对象",
    "told_customer": "告知客户的内容",
    "content": "答复内容",
    "method": "答复方式",
    "called_at": "回访时间",
    "reason": "原因",
    "source": "越级去向",
    "reference": "申诉编号",
    "tendency": "升级倾向",
    "reply": "总部答复内容",
    "operator": "总部经办人",
    # a refund
    "complaint_id": "投诉记录编号",
    "complaint_number": "投诉单号",
    "item": "退费项目",
    "checked": "核实情况",
    "account_type": "账户类型",
    "method_reason": "充值卡返还原因",
    "proposed_by_no": "申请人工号",
    "proposed_by_name": "申请人",
    "proposed_at": "申请时间",
    "decided_by_no": "审批人工号",
    "decided_by_name": "审批人",
    "decided_at": "审批时间",
    "decision_reason": "审批意见",
    "limit": "审批限额",
    "counted_total": "该投诉累计退费",
    "delegation_id": "授权记录编号",
    "delegated_by_no": "授权人工号",
    "delegated_by_name": "授权人",
    "delegation_until": "授权截止",
    "sent_by_no": "报总部人工号",
    "sent_by_name": "报总部人",
    "sent_at": "报总部时间",
    "hq_operator": "总部经办人",
    "hq_decided_at": "总部审批时间",
    "signature_sha256": "签名摘要",
    "signed_at": "签名时间",
    "signed_by_no": "签名经办人工号",
    # head office's refund steps (refund.decided, the refund loop's four types)
    "approved": "总部审批结果",
    "operator_name": "总部经办人姓名",
    "role": "角色",
    "complaint_total": "该投诉累计退费",
    "recommended_by": "审核建议人",
    "recommended_by_name": "审核建议人姓名",
    "recommended_at": "审核建议时间",
    "recommend": "审核建议",
    "billing_reference": "计费流水号",
    "executed_at": "到账时间",
    "recorded_by": "登记人",
    "recorded_by_name": "登记人姓名",
    "failed_at": "执行失败时间",
    "cancelled_at": "取消执行时间",
    # issue 16: a 销户 (account-closure) refund's record, the customer told of the execution
    "closure": "销户退费信息",
    "customer_told": "告知客户到账情况",
    # a staff account
    "name": "姓名",
    "active": "账号启用",
    "password_hash": "密码（已加密）",
    "must_change_password": "须修改密码",
    # the hall
    "code": "营业厅编码",
    "district": "所属区域",
    "service_phone": "服务电话",
    "demo": "演示台席",
    # the link to head office
    "url": "总部地址",
    "plain_http": "不加密连接",
    "ca_file": "总部 CA 证书",
    # 过户
    "files": "证明材料文件",
    "documents": "协议文件",
    "hdf1": "加密的身份资料",
    # 重大批量投诉
    "cause": "事件原因",
    "area": "影响区域",
    "started_at": "开始时间",
    "opened_at": "登记时间",
    "opened_by_no": "登记人工号",
    "opened_by_name": "登记人",
    "closed_by_no": "结束人工号",
    "closing_note": "结束说明",
    # 典型案例
    "title": "案例标题",
    "background": "背景",
    "handling": "处理过程",
    "lessons": "经验启示",
    "author_no": "撰写人工号",
    "author_name": "撰写人",
    "written_at": "撰写时间",
    "updated_at": "修改时间",
    "best_quarter": "最佳案例季度",
    "best_marked_at": "评为最佳时间",
    "best_marked_by_no": "评定人工号",
    "best_marked_by_name": "评定人",
    # a complaint entered from a 常用模板 (issue 23)
    "template_id": "所用模板",
    "template_version": "所用模板版本",
    # head office's policy
    "version": "政策版本",
    "policy": "政策内容",
    # issue 20 (rules20b): 补录, quiet hours, media complaints, next year's holidays
    "reply_counted_at": "及时率计时",
    "late_reply": "补录",
    "planned_callback_at": "约定回访时间",
    "media_reported_by": "报告综合部人",
    "media_reported_at": "报告综合部时间",
    "reply_due_estimate": "原估答复时限",
    "quiet_reason": "夜间通话原因",
    "quiet_note": "夜间通话说明",
    "hq_accepted_at": "总部认可时间",
    "stated_at": "补录所称答复时间",
    # a step's record (issue 20): a 补录 reply or callback, a confirmation, a media report, a
    # corrected deadline
    "late_entry": "补录",
    "late_reason": "补录原因",
    "reply_id": "补录答复记录编号",
    "reply_staff_no": "补录答复人工号",
    "recorded_at": "录入时间",
    "reported_at": "报告综合部时间",
    "estimate": "原估答复时限",
    "corrected": "更正后答复时限",
    "applied": "适用答复时限",
    "answered_before": "日历到达前已答复",
    "calendar_years": "政策日历年份",
    # issue 17 (transfer17): head office's progress note and hand-back
    "text": "进展说明",
    "noted_at": "说明时间",
    "promised_typed": "原填承诺时间",
    "returned_at": "退回时间",
}

FAMILY_FIELD_TEXTS: dict[str, dict[str, str]] = {
    "refund": {
        "number": "退费单号",
        "amount": "退费金额",
        "state": "退费状态",
        "reason": "退费原因",
        "method": "退费方式",
        "note": "审核说明",
    },
    "incident": {"number": "事件编号"},
    "staff": {"id": "工号", "role": "岗位"},
    "hall": {"name": "营业厅名称", "desk": "台席编号"},
    "escrow": {"desk": "台席编号"},
    "held": {"id": "事件编号", "kind": "类别", "reason": "原因", "note": "总部处理说明"},
    # issue 17 (hdr17): head office's records of a full value seen in the console
    "identity": {"viewed": "查看内容", "reason": "查看原因", "viewed_at": "查看时间"},
    "document": {"viewed": "查看内容", "reason": "查看原因", "viewed_at": "查看时间"},
    # the full state a creating event carries since issue 21 (transfer v2, delegation v2)
    "transfer": {
        "kind": "过户类型",
        "opened_on": "开户日期",
        "opened_checked_where": "开户日期核实途径",
        "retention_class": "资料保存类别",
        "paper_kept_until": "纸质资料保存至",
        "created_by_no": "经办人工号",
        "created_by_name": "经办人姓名",
        "abandoned_reason": "放弃原因",
        "parties": "过户双方",
        "evidence": "证明材料",
        "signatures": "签名",
        "approval": "特殊过户审批",
        "created_at": "开始办理时间",
        "completed_at": "完成时间",
    },
    "delegation": {
        "from_no": "授权人工号",
        "from_name": "授权人姓名",
        "revoked_by_no": "撤销人工号",
        "starts_at": "授权开始时间",
        "ends_at": "授权结束时间",
        "created_at": "授权时间",
        "revoked_at": "撤销时间",
    },
    "auth": {
        "staff_no": "被输错密码的工号",
        "failed_at": "输错时间",
        "count": "输错次数",
        "box": "审批框",
    },
    "auth_notice": {  # issue 20: the failed-attempts notice shown once per hall
        "staff_no": "被告知人工号",
        "desk": "告知台席",
        "shown_at": "告知时间",
        "failed_ids": "已告知的输错记录",
    },
    "typical_case": {"main_class": "投诉大类", "sub_class": "投诉子类"},
    # 常用投诉模板 (issue 23)
    "template": {
        "id": "模板编号",
        "version": "模板版本",
        "name": "模板名称",
        "description": "描述模板",
        "customer_request": "常用诉求",
        "retired": "已停用",
    },
}


def event_text(event_type: str) -> str | None:
    """The step an event records (申请退费), or None for a type without a text."""
    return EVENT_TEXTS.get(event_type)


def field_text(family: str, key: str) -> str | None:
    """A payload key's label in an event of ``family`` (退费单号), or None without one."""
    own = FAMILY_FIELD_TEXTS.get(family, {}).get(key)
    return own if own is not None else FIELD_TEXTS.get(key)


def all_texts() -> set[str]:
    """Every text above (for the translation's extraction)."""
    found = set(EVENT_TEXTS.values()) | set(FIELD_TEXTS.values())
    for texts in FAMILY_FIELD_TEXTS.values():
        found.update(texts.values())
    return found
