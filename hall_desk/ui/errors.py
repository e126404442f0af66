"""Domain error codes → Chinese text through Qt's translation system, and field names → labels.

The domain raises ``code`` + ``field`` + ``params``; only here do they become sentences, wrapped in
``QCoreApplication.translate`` so an English UI is a translation file away.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from hall_desk.domain.errors import DomainError, ValidationErrors
from hall_desk.storage.db import StoreError


def _t(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def field_label(field: str | None) -> str:
    labels = {
        "phone": _t("客户号码"),
        "customer_name": _t("客户姓名"),
        "tier": _t("客户品牌"),
        "channel": _t("受理渠道"),
        "main_class": _t("投诉大类"),
        "sub_class": _t("投诉子类"),
        "occurred_at": _t("发生时间"),
        "place": _t("发生地点"),
        "amount": _t("涉及金额"),
        "description": _t("问题描述"),
        "customer_request": _t("客户诉求"),
        "network_urgency": _t("网络紧急程度"),
        "coordination": _t("跨省/跨企业"),
        "accepted_from": _t("受理日期（起）"),
        "accepted_to": _t("受理日期（止）"),
        "last_day": _t("结束日期"),
        "escalation_source": _t("越级去向"),
        "escalation_reference": _t("申诉编号"),
        "escalation_tendency": _t("升级倾向"),
        "staff_no": _t("工号"),
        "name": _t("姓名"),
        "password": _t("密码"),
        "hall_code": _t("营业厅编码"),
        "hall_name": _t("营业厅名称"),
        "district": _t("所属区域"),
        "service_phone": _t("服务电话"),
        "desk_no": _t("台席号"),
        # the lifecycle (issue 5)
        "verification": _t("是否成立"),
        "responsibility": _t("责任方"),
        "to_kind": _t("转派去向"),
        "to_name": _t("转派对象"),
        "note": _t("说明"),
        "content": _t("答复内容"),
        "method": _t("答复方式"),
        "replied_at": _t("答复时间"),
        "satisfaction": _t("满意度"),
        "reason": _t("不满意原因"),
        "called_at": _t("回访时间"),
        "told_customer": _t("告知客户的内容"),
        "promised_at": _t("承诺时间"),
        "cause": _t("事件原因"),
        "area": _t("影响区域"),
        "started_at": _t("开始时间"),
        "incident": _t("重大批量投诉"),
        # refunds (issue 6); "amount", "method" and "reason" are named by the refund forms
        # themselves (REFUND_LABELS in hall_desk.ui.refunds): here they mean the complaint's
        "item": _t("退费项目"),
        "checked": _t("核实情况"),
        "account_type": _t("账户类型"),
        "method_reason": _t("充值卡返还原因"),
        "approver_no": _t("审批人工号"),
        "signature": _t("客户签名"),
        "to_staff_no": _t("被授权人"),
        "starts_at": _t("授权开始时间"),
        "ends_at": _t("授权结束时间"),
        "path": _t("导出文件"),  # issue 8
    }
    return labels.get(field or "", field or "")


def _message(code: str, params: dict[str, object]) -> str:
    texts = {
        "text.required": _t("必须填写"),
        "text.too_long": _t("不能超过 {max} 个字"),
        "choice.required": _t("请选择"),
        "choice.invalid": _t("不是有效的选项"),
        "phone.required": _t("必须填写，例如 13812345678 或 010-12345678"),
        "phone.invalid": _t("不是有效的号码：手机号为 11 位，固话须带区号（如 010-12345678）"),
        "amount.not_a_number": _t("请输入金额数字，例如 58.50"),
        "amount.negative": _t("不能为负数"),
        "amount.too_many_decimals": _t("最多两位小数（精确到分）"),
        "amount.too_large": _t("金额过大"),
        "datetime.invalid": _t("时间无效"),
        "datetime.in_future": _t("不能晚于现在"),
        "staff_no.required": _t("必须填写"),
        "staff_no.invalid": _t("只能是 2–20 位字母或数字"),
        "staff_no.taken": _t("该工号已存在"),
        "password.too_short": _t("至少 {min} 位"),
        "hall_code.invalid": _t("须为 2–10 位大写字母或数字，以字母开头，例如 HA01"),
        "hall_code.reserved": _t("DEMO 为演示营业厅保留"),
        "desk_no.invalid": _t("须为 1–99 的数字"),
        "auth.wrong_credentials": _t("工号或密码不正确"),
        "auth.locked": _t("连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试"),
        "auth.disabled": _t("该账号已停用，请联系店长"),
        "auth.not_signed_in": _t("请先登录"),
        "auth.must_change_password": _t("店长已重置您的密码，请设置新密码后登录"),
        "password.unchanged": _t("新密码不能与原密码相同"),
        "password.mismatch": _t("两次输入的新密码不一致"),
        "permission.denied": _t("您的岗位无权执行此操作（需要：{needs}）"),
        "complaint.not_found": _t("找不到该投诉记录"),
        "setup.not_done": _t("本台席尚未完成初始设置"),
        "setup.already_done": _t("本台席已完成初始设置"),
        "demo.cannot_register": _t("演示台席不能注册到总部"),
        "demo.real_data": _t("该数据目录已有真实营业厅数据，不能用于演示模式"),
        "staff.last_manager": _t("营业厅至少要保留一名在岗店长"),
        "coordination.network_only": _t("只有网络质量类投诉才按跨省/跨企业的工作日时限处理"),
        "search.sort_invalid": _t("无法按该列排序"),
        "search.date_range_invalid": _t("结束日期不能早于开始日期"),
        "search.page_invalid": _t("分页参数无效"),
        # the dashboard and reports (issue 8)
        "report.range_invalid": _t("结束日期不能早于开始日期"),
        "report.range_too_long": _t("统计期间最长 {max} 天"),
        "staff.not_found": _t("找不到该工号"),
        "hq_url.invalid": _t("总部地址无效，应为 http(s)://主机[:端口]"),
        "token.invalid": _t("台席令牌格式不正确，请核对总部发放的令牌"),
        "credentials.unavailable": _t(
            "本机没有可用的系统密钥环，无法保存总部令牌；记录照常保存并排队等待上传"
        ),
        "transfer.keyring_unavailable": _t(
            "本机没有可用的系统密钥环，无法保护营业厅的签章密钥，过户协议不能签章，"
            "因此暂不能办理过户。请联系技术支持为本机配置系统密钥环（如 Windows 凭据管理器、"
            "GNOME 密钥环），配置后即可办理"
        ),
        # a stored agreement checked when opened (hall_desk.documents.certify.verify_pdf)
        "document.ok": _t("协议文件完好：营业厅签章有效，签章后未被改动"),
        "document.altered": _t(
            "协议文件已被改动：内容与营业厅签章时不一致（或文件已损坏），不能作为有效凭证。"
            "请以营业厅留存的纸质协议为准，并报告店长"
        ),
        "document.modified_after_signing": _t(
            "协议文件在营业厅签章之后被追加修改，不能作为有效凭证。"
            "请以营业厅留存的纸质协议为准，并报告店长"
        ),
        "document.unsigned": _t("协议文件没有营业厅签章，无法证明未被改动。请报告店长"),
        "document.wrong_key": _t(
            "协议文件的签章不是本营业厅的签章密钥所签，无法证明未被改动。请报告店长"
        ),
        "sync.not_registered": _t("本台席尚未注册到总部，记录暂存本机"),
        "sync.no_token": _t("系统密钥环中没有本台席的总部令牌，请重新注册"),
        "sync.offline": _t("连不上总部（网络中断或总部未开），记录已排队，恢复后自动上传"),
        "sync.timeout": _t("总部响应超时，稍后自动重试"),
        "sync.server_error": _t("总部服务异常，稍后自动重试"),
        "sync.auth_invalid": _t("总部不认可本台席的令牌，请联系总部重新发放"),
        "sync.auth_revoked": _t("本台席的令牌已被总部吊销，请联系总部"),
        "sync.desk_mismatch": _t("令牌不属于本台席"),
        "sync.unexpected": _t("上传时出现内部错误，已记入日志"),
        "sync.file_refused": _t("总部拒收了一个文件，请查看未送达列表"),
        # the lifecycle (issue 5)
        "lifecycle.closed": _t("该投诉已归档，不能再修改"),
        "lifecycle.answered": _t("已答复客户，此步骤须在答复前完成"),
        "lifecycle.verification_started": _t("核实已开始或已完成"),
        "lifecycle.verify_first": _t("请先完成核实（判断是否成立及责任方），再答复客户"),
        "lifecycle.take_back_first": _t("投诉已转派，请先收回处理结果"),
        "lifecycle.not_transferred": _t("该投诉未转派，无需收回"),
        "lifecycle.reply_first": _t("请先记录对客户的答复，再回访或归档"),
        "lifecycle.already_called_back": _t("已回访，不能重复回访"),
        "lifecycle.other_desk": _t("该投诉由 {desk} 受理，请在该柜台处理"),
        "complaint.not_yours": _t("您不是该投诉的首问责任人或当前处理人，请联系班长处理"),
        "transfer.staff_unknown": _t("工号 {staff_no} 不存在或已停用"),
        "transfer.to_first_responder": _t("不能转派给首问责任人本人"),
        "incident.closed": _t("该重大批量投诉已结束"),
        "incident.other_desk": _t("该事件由 {desk} 创建，请在该柜台结束"),
        "incident.not_found": _t("找不到该重大批量投诉"),
        "incident.none_open": _t("当前没有进行中的重大批量投诉"),
        "datetime.required": _t("请填写时间"),
        "datetime.before_acceptance": _t("时间不能早于受理时间"),
        "datetime.not_in_future": _t("承诺时间须晚于现在"),
        # refunds (issue 6)
        "refund.item_required": _t("请填写有争议的费用项目"),
        "refund.checked_required": _t("先确认，后退费：请填写查了什么、发现了什么"),
        "refund.reason_required": _t("请填写原因"),
        "refund.amount_positive": _t("退费金额须大于 0"),
        "refund.method_reason_required": _t("充值卡返还属特殊情况，须说明原因"),
        "refund.cash_forbidden": _t("营业厅不以现金或优惠充值方式退费"),
        "refund.over_limit": _t("超出审批权限：本投诉退费合计 {total} 元，审批人限额 {limit} 元"),
        "refund.needs_second_person": _t(
            "本投诉退费合计 {total} 元，超出申请人本人的限额 {limit} 元，须由有权限的另一人审批"
        ),
        "refund.not_pending": _t("该退费当前为“{state}”，不能再审批"),
        "refund.not_cancellable": _t("该退费当前为“{state}”，不能取消"),
        "refund.not_signable": _t("该退费当前为“{state}”，批准（或报总部审批）后才能签名"),
        "refund.not_printable": _t("该退费当前为“{state}”，批准（或报总部审批）后才能打印退费单"),
        "refund.signature_empty": _t("请客户先在签名板上签名"),
        "refund.signature_invalid": _t("签名图像无效，请清除后重签"),
        "refund.signature_too_large": _t("签名图像过大，请清除后重签"),
        "refund.complaint_closed": _t("投诉 {number} 已归档，不能再申请退费"),
        "refund.other_desk": _t("{number} 由台席 {desk} 办理，请在该柜台办理退费"),
        "refund.not_found": _t("找不到该退费记录"),
        "delegation.not_leader": _t("只能授权给在岗的值班经理"),
        "delegation.period_invalid": _t("授权期间无效：结束时间须晚于开始时间，且晚于现在"),
        "delegation.not_found": _t("找不到该授权记录"),
        "delegation.already_revoked": _t("该授权已撤销"),
        "delegation.other_desk": _t("该授权在台席 {desk} 设定，请在该柜台撤销"),
        # 典型案例库 and exports (issue 8)
        "typical_case.not_closed": _t("投诉 {number} 当前为“{state}”，归档后才能写成典型案例"),
        "typical_case.not_handler": _t("只有投诉 {number} 的首问责任人或被转派的处理人可以把它写成典型案例"),
        "typical_case.not_author": _t("只有案例的撰写人可以修改它"),
        "typical_case.already_written": _t("投诉 {number} 已写成典型案例，可在典型案例库中修改"),
        "typical_case.best_full": _t("{quarter} 已评满 {limit} 篇优秀案例，请先取消其中一篇"),
        "typical_case.already_best": _t("该案例已是 {quarter} 的优秀案例"),
        "typical_case.not_best": _t("该案例不是优秀案例"),
        "typical_case.not_found": _t("找不到该典型案例"),
        "typical_case.other_desk": _t("该案例在台席 {desk} 撰写，请在该柜台修改"),
        "typical_case.quarter_invalid": _t("季度格式应为 2026Q4"),
        "export.format_unknown": _t("只能导出为 .xlsx（Excel）或 .csv 文件：{name}"),
        "export.cancelled": _t("导出已取消，未生成文件"),
        "export.write_failed": _t("文件写入失败：{reason}"),
    }
    text = texts.get(code, _t("操作未完成（{code}）"))
    try:
        return text.format(code=code, **params)
    except (KeyError, IndexError):
        return text


def error_text(error: DomainError, labels: Mapping[str, str] | None = None) -> str:
    """One line for a message box or a status label. ``labels`` names fields the form's own way
    (a refund's "amount" is 退费金额, not the complaint's 涉及金额)."""
    if isinstance(error, ValidationErrors):
        return "\n".join(error_text(e, labels) for e in error.errors)
    message = _message(error.code, error.params)
    if error.code.startswith("auth.") or not error.field:
        if error.code == "auth.wrong_credentials" and "attempts_left" in error.params:
            left = error.params["attempts_left"]
            return message + _t("（还可尝试 {left} 次）").format(left=left)
        return message
    label = (labels or {}).get(error.field) or field_label(error.field)
    return f"{label}：{message}"


def store_error_text(error: StoreError) -> str:
    texts = {
        "db.newer_schema": _t(
            "数据文件由更新版本的程序创建，本程序不能打开，也不会改动它：\n{path}\n请安装最新版本。"
        ),
        "db.damaged": _t(
            "数据文件已损坏或无法读取：\n{path}\n文件未被改动。请联系技术支持，或从备份恢复。"
        ),
        "db.foreign": _t("该文件不是营业厅台席的数据文件，未被改动：\n{path}"),
    }
    return texts.get(error.code, _t("无法打开数据文件：\n{path}")).format(path=error.path)


def sync_error_text(code: str) -> str:
    """The status bar's last sync error, in plain Chinese."""
    return _message(code, {})


def sync_reason_text(reason: str) -> str:
    """Why head office quarantined or refused one event (the dead-letter view)."""
    texts = {
        "conflict": _t("冲突：总部已有同编号但内容不同的事件"),
        "desk.not_yours": _t("不属于本台席的事件"),
        "type.unknown": _t("总部不认识的事件类型"),
        "schema.unknown": _t("总部不支持的事件版本"),
        "payload.invalid": _t("事件内容不完整或格式错误"),
        "payload.rejected": _t("总部拒绝应用此变更"),
        "hall.not_ours": _t("不属于本营业厅的事件"),
        "desk.own": _t("本台席自己的事件（不应从总部下发）"),
        "chain.break": _t("事件链断裂：与该台席之前的事件对不上"),
        "origin.not_head_office": _t("只接受总部下发的此类变更"),
        "complaint.unknown": _t("本台席没有该投诉记录"),
        "complaint.not_owner": _t("只有受理该投诉的台席可以修改它"),
        "staff.number_taken": _t("工号已被本营业厅的其他账号使用"),
        "transfer.not_owner": _t("只有办理该过户的台席可以修改它"),
        "file.hash_mismatch": _t("文件内容与校验值不符（本机文件可能已损坏）"),
        "file.too_large": _t("文件超过总部允许的大小"),
        "file.media_type": _t("总部不接收此类文件（只收 PDF、JPEG、PNG）"),
        "file.empty": _t("文件为空"),
    }
    if reason.startswith("envelope."):
        return _t("事件格式错误（{reason}）").format(reason=reason)
    return texts.get(reason, reason)
