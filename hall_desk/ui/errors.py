"""Domain error codes → Chinese text through Qt's translation system, and field names → labels.

The domain raises ``code`` + ``field`` + ``params``; only here do they become sentences, wrapped in
``QCoreApplication.translate`` so an English UI is a translation file away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from hall_desk.domain.errors import DomainError, ValidationErrors
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.vocabulary import labelled, listing, term

if TYPE_CHECKING:  # the store's errors module loads the sync queue's views: not for the sign-in
    from hall_desk.services.store import StoreError

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def field_label(field: str | None) -> str:
    labels = {
        "phone": translate("Errors", "客户号码"),
        "customer_name": translate("Errors", "客户姓名"),
        "tier": translate("Errors", "客户品牌"),
        "channel": translate("Errors", "受理渠道"),
        "main_class": translate("Errors", "投诉大类"),
        "sub_class": translate("Errors", "投诉子类"),
        "occurred_at": translate("Errors", "发生时间"),
        "place": translate("Errors", "发生地点"),
        "amount": translate("Errors", "涉及金额"),
        "description": translate("Errors", "问题描述"),
        "customer_request": translate("Errors", "客户诉求"),
        "network_urgency": translate("Errors", "网络紧急程度"),
        "coordination": translate("Errors", "跨省/跨企业"),
        "accepted_from": translate("Errors", "受理日期（起）"),
        "accepted_to": translate("Errors", "受理日期（止）"),
        "last_day": translate("Errors", "结束日期"),
        "escalation_source": translate("Errors", "越级去向"),
        "hq_url": translate("Errors", "总部地址"),
        "ca_file": translate("Errors", "总部 CA 证书"),
        "desk_code": translate("Errors", "台席编号"),
        "token": translate("Errors", "台席令牌"),
        "recovery_code": translate("Errors", "恢复码"),
        "escalation_reference": translate("Errors", "申诉编号"),
        "escalation_tendency": translate("Errors", "升级倾向"),
        "backup_folder": translate("Errors", "备份文件夹"),
        "backup_generations": translate("Errors", "保留份数"),
        "staff_no": translate("Errors", "工号"),
        "name": translate("Errors", "姓名"),
        "password": translate("Errors", "密码"),
        "hall_code": translate("Errors", "营业厅编码"),
        "hall_name": translate("Errors", "营业厅名称"),
        "district": translate("Errors", "所属区域"),
        "service_phone": translate("Errors", "服务电话"),
        "desk_no": translate("Errors", "台席号"),
        # the lifecycle (issue 5)
        "verification": translate("Errors", "是否成立"),
        "responsibility": translate("Errors", "责任方"),
        "to_kind": translate("Errors", "转派去向"),
        "to_name": translate("Errors", "转派对象"),
        "note": translate("Errors", "说明"),
        "content": translate("Errors", "答复内容"),
        "method": translate("Errors", "答复方式"),
        "replied_at": translate("Errors", "答复时间"),
        "satisfaction": translate("Errors", "满意度"),
        "reason": translate("Errors", "不满意原因"),
        "called_at": translate("Errors", "回访时间"),
        "told_customer": translate("Errors", "告知客户的内容"),
        "promised_at": translate("Errors", "承诺时间"),
        "cause": translate("Errors", "事件原因"),
        "area": translate("Errors", "影响区域"),
        "started_at": translate("Errors", "开始时间"),
        "incident": translate("Errors", "重大批量投诉"),
        # refunds (issue 6); "amount", "method" and "reason" are named by the refund forms
        # themselves (REFUND_LABELS in hall_desk.ui.refunds): here they mean the complaint's
        "item": translate("Errors", "退费项目"),
        "checked": translate("Errors", "核实情况"),
        "account_type": translate("Errors", "账户类型"),
        "method_reason": translate("Errors", "充值卡返还原因"),
        "approver_no": translate("Errors", "审批人工号"),
        "signature": translate("Errors", "客户签名"),
        "to_staff_no": translate("Errors", "被授权人"),
        "starts_at": translate("Errors", "授权开始时间"),
        "ends_at": translate("Errors", "授权结束时间"),
        "path": translate("Errors", "导出文件"),  # issue 8
        # transfers (issue 7); a party's fields are "<party>.<field>" (new_owner.id_number)
        "kind": translate("Errors", "办理类型"),
        "opened_on": translate("Errors", "开户日期"),
        "opened_checked_where": translate("Errors", "核对位置"),
        "new_owner": translate("Errors", "新机主"),
        "registered_owner": translate("Errors", "原机主"),
        "agents": translate("Errors", "代办人"),
        "evidence": translate("Errors", "证明材料"),
        "invoices": translate("Errors", "充值发票"),
        "evidence_files": translate("Errors", "证明材料文件"),
        "approval": translate("Errors", "店长审批"),
        "approval.reason": translate("Errors", "书面理由"),
        "approval.approver_staff_no": translate("Errors", "审批店长工号"),
        "signatures.new_owner": translate("Errors", "新机主签名"),
        "signatures.registered_owner": translate("Errors", "原机主签名"),
        "signatures.clerk": translate("Errors", "经办营业员签名"),
        "signatures.second_witness": translate("Errors", "见证人签名"),
    }
    if field in labels:
        return labels[field]
    party, _, part = (field or "").rpartition(".")
    if part in PARTY_FIELDS and (party in PARTIES or party.startswith("agents.")):
        return translate("Errors", PARTIES.get(party, translate("Errors", "代办人"))) + translate(
            "Errors", PARTY_FIELDS[part]
        )
    return field or ""


# The identity fields of a transfer's parties (hall_desk.domain.transfers.collect_party).
PARTIES = {
    "new_owner": QT_TRANSLATE_NOOP("Errors", "新机主"),
    "registered_owner": QT_TRANSLATE_NOOP("Errors", "原机主"),
}
PARTY_FIELDS = {
    "id_type": QT_TRANSLATE_NOOP("Errors", "证件类别"),
    "id_number": QT_TRANSLATE_NOOP("Errors", "证件号码"),
    "name": QT_TRANSLATE_NOOP("Errors", "姓名"),
    "address": QT_TRANSLATE_NOOP("Errors", "住址"),
    "acts_for": QT_TRANSLATE_NOOP("Errors", "代办对象"),
}


def message_texts() -> dict[str, str]:
    """Every domain error code's sentence (with ``{params}``) in the UI language."""
    return {
        "text.required": translate("Errors", "必须填写"),
        "text.too_long": translate("Errors", "不能超过 {max} 个字"),
        "text.nul": translate(
            "Errors", "含有无法保存的控制字符（U+0000，多为粘贴或扫描枪带入），请删除后重新输入"
        ),
        "choice.required": translate("Errors", "请选择"),
        # 常用投诉模板 (issue 23)
        "template.blank_unfilled": translate(
            "Errors", "模板空白“{blank}”尚未填写（共 {count} 处未填）：按 Tab 依次填写后再复述确认"
        ),
        "template.not_in_catalogue": translate(
            "Errors",
            "模板所用的分类“{main}/{sub}”已不在现行投诉分类中，不能使用：请店长在“常用模板”中修改该模板",
        ),
        "template.not_found": translate("Errors", "该常用模板已不存在或已停用"),
        "choice.invalid": translate("Errors", "不是有效的选项"),
        "phone.required": translate("Errors", "必须填写，例如 13812345678 或 010-12345678"),
        "phone.invalid": translate(
            "Errors",
            "不是有效的号码：手机号为 11 位，固话须带区号（如 010-12345678），"
            "或 400/800 号码（如 400-812-3123）",
        ),
        "phone.short_code": translate(
            "Errors",
            "不能填写 95xxx、10xxx 等服务短号码：请填写客户本人的手机号、带区号的固话"
            "或 400/800 号码",
        ),
        "amount.not_a_number": translate("Errors", "请输入金额数字，例如 58.50"),
        "amount.comma": translate(
            "Errors", "逗号只能用作千位分隔（如 1,000.00），小数请用小数点（如 1.00）"
        ),
        "amount.negative": translate("Errors", "不能为负数"),
        "amount.too_many_decimals": translate("Errors", "最多两位小数（精确到分）"),
        "amount.too_large": translate("Errors", "金额过大"),
        "datetime.invalid": translate("Errors", "时间无效"),
        "datetime.in_future": translate("Errors", "不能晚于现在"),
        "staff_no.required": translate("Errors", "必须填写"),
        "staff_no.invalid": translate("Errors", "只能是 2–20 位字母或数字"),
        "staff_no.taken": translate("Errors", "该工号已存在"),
        "password.too_short": translate("Errors", "至少 {min} 位"),
        "hall_code.invalid": translate(
            "Errors", "须为 2–10 位大写字母或数字，以字母开头，例如 HA01"
        ),
        "hall_code.reserved": translate("Errors", "DEMO 为演示营业厅保留"),
        "desk_no.invalid": translate("Errors", "须为 1–99 的数字"),
        "auth.wrong_credentials": translate("Errors", "工号或密码不正确"),
        "auth.locked": translate(
            "Errors", "连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试"
        ),
        "auth.approval_paused": translate(
            "Errors",
            "在本台席为此人审批时连续输错密码次数过多，其在本台席的审批暂停 {minutes} 分钟"
            "（不影响其登录）",
        ),
        "auth.disabled": translate("Errors", "该账号已停用，请联系店长"),
        "auth.not_signed_in": translate("Errors", "请先登录"),
        "auth.must_change_password": translate("Errors", "店长已重置您的密码，请设置新密码后登录"),
        "password.unchanged": translate("Errors", "新密码不能与原密码相同"),
        "password.mismatch": translate("Errors", "两次输入的新密码不一致"),
        "permission.denied": translate("Errors", "您的岗位无权执行此操作（需要：{needs}）"),
        "complaint.not_found": translate("Errors", "找不到该投诉记录"),
        "setup.not_done": translate("Errors", "本台席尚未完成初始设置"),
        "setup.already_done": translate("Errors", "本台席已完成初始设置"),
        "demo.cannot_register": translate("Errors", "演示台席不能注册到总部"),
        "demo.real_data": translate("Errors", "该数据目录已有真实营业厅数据，不能用于演示模式"),
        "staff.last_manager": translate("Errors", "营业厅至少要保留一名在岗店长"),
        "coordination.network_only": translate(
            "Errors", "只有网络质量类投诉才按跨省/跨企业的工作日时限处理"
        ),
        "search.sort_invalid": translate("Errors", "无法按该列排序"),
        "search.date_range_invalid": translate("Errors", "结束日期不能早于开始日期"),
        "search.page_invalid": translate("Errors", "分页参数无效"),
        # the dashboard and reports (issue 8)
        "report.range_invalid": translate("Errors", "结束日期不能早于开始日期"),
        "report.range_too_long": translate("Errors", "统计期间最长 {max} 天"),
        "staff.not_found": translate("Errors", "找不到该工号"),
        "hq_url.invalid": translate("Errors", "总部地址无效，应为 http(s)://主机[:端口]"),
        "hq_url.plain_http": translate(
            "Errors",
            "总部地址是未加密的 http://，令牌和客户号码会以明文经过网络：请使用 https:// 地址",
        ),
        "hq_ca.invalid": translate("Errors", "总部 CA 证书文件无法读取，或其中没有 PEM 证书"),
        "token.invalid": translate("Errors", "台席令牌格式不正确，请核对总部发放的令牌"),
        # recovering a desk on a new PC, key escrow (issue 9)
        "desk_code.invalid": translate("Errors", "台席编号格式不正确，应如 HA01-02"),
        "recover.not_empty": translate(
            "Errors", "本机数据目录中已有台席数据，只能在全新的数据目录中从总部恢复"
        ),
        "recover.nothing_held": translate(
            "Errors", "总部没有该台席的任何记录，无需恢复；请按首次使用设置"
        ),
        "escrow.none": translate(
            "Errors", "总部没有保管该台席的密钥，无法恢复证件数据和签章密钥，请联系总部"
        ),
        "escrow.unopenable": translate(
            "Errors", "总部保管的该台席密钥已损坏或被改动，无法打开，请联系总部"
        ),
        "escrow.invalid": translate("Errors", "总部返回的密钥保管数据格式不正确，请联系总部"),
        "escrow.unavailable": translate("Errors", "总部尚未配置密钥保管，请联系总部"),
        "escrow.release_required": translate(
            "Errors",
            "总部尚未放行本台席的密钥：请填写总部随新令牌发放的恢复码（72 小时内有效，只能使用一次）；"
            "恢复码已用过、已过期或多次输错时，请总部重新发放令牌和恢复码",
        ),
        "recovery_code.invalid": translate(
            "Errors", "恢复码格式不正确：应为 16 位字母和数字，如 7KQ2-M9XD-4TRV-0HCW"
        ),
        "escrow.key_changed": translate(
            "Errors", "总部的密钥保管公钥与本台席记录的不一致，已停止上传密钥，请联系总部"
        ),
        "credentials.unavailable": translate(
            "Errors", "本机没有可用的系统密钥环，无法保存总部令牌；记录照常保存并排队等待上传"
        ),
        "transfer.keyring_unavailable": translate(
            "Errors",
            "本机没有可用的系统密钥环，无法保护营业厅的签章密钥，过户协议不能签章，"
            "因此暂不能办理过户。请联系技术支持为本机配置系统密钥环（如 Windows 凭据管理器、"
            "GNOME 密钥环），配置后即可办理",
        ),
        # a stored agreement checked when opened (hall_desk.documents.certify.verify_pdf)
        "document.ok": translate("Errors", "协议文件完好：营业厅签章有效，签章后未被改动"),
        "document.altered": translate(
            "Errors",
            "协议文件已被改动：内容与营业厅签章时不一致（或文件已损坏），不能作为有效凭证。"
            "请以营业厅留存的纸质协议为准，并报告店长",
        ),
        "document.modified_after_signing": translate(
            "Errors",
            "协议文件在营业厅签章之后被追加修改，不能作为有效凭证。"
            "请以营业厅留存的纸质协议为准，并报告店长",
        ),
        "document.unreadable": translate(
            "Errors",
            "协议文件在本机加密保存，但无法解开：文件在本机被改动，或本机的密钥不是保存时的密钥。"
            "请以营业厅留存的纸质协议为准，并报告店长",
        ),
        "document.unsigned": translate(
            "Errors", "协议文件没有营业厅签章，无法证明未被改动。请报告店长"
        ),
        "document.wrong_key": translate(
            "Errors", "协议文件的签章不是本营业厅的签章密钥所签，无法证明未被改动。请报告店长"
        ),
        "sync.not_registered": translate("Errors", "本台席尚未注册到总部，记录暂存本机"),
        "sync.no_token": translate("Errors", "系统密钥环中没有本台席的总部令牌，请重新注册"),
        "sync.offline": translate(
            "Errors", "连不上总部（网络中断或总部未开），记录已排队，恢复后自动上传"
        ),
        "sync.timeout": translate("Errors", "总部响应超时，稍后自动重试"),
        "sync.certificate_refused": translate(
            "Errors", "总部证书未通过验证（已过期、名称不符或签发机构不受信任），未与总部通信"
        ),
        "sync.server_error": translate("Errors", "总部服务异常，稍后自动重试"),
        "sync.auth_invalid": translate("Errors", "总部不认可本台席的令牌，请联系总部重新发放"),
        "sync.auth_revoked": translate("Errors", "本台席的令牌已被总部吊销，请联系总部"),
        "sync.desk_mismatch": translate("Errors", "令牌不属于本台席"),
        "sync.unexpected": translate("Errors", "上传时出现内部错误，已记入日志"),
        "sync.file_refused": translate("Errors", "总部拒收了一个文件，请查看未送达列表"),
        "sync.recovery_refused": translate(
            "Errors", "需要从总部恢复：总部返回的本台席记录未通过校验，已暂停上传，请联系总部"
        ),
        # the lifecycle (issue 5)
        "lifecycle.closed": translate("Errors", "该投诉已归档，不能再修改"),
        "lifecycle.answered": translate("Errors", "已答复客户，此步骤须在答复前完成"),
        "lifecycle.verification_started": translate("Errors", "核实已开始或已完成"),
        "lifecycle.verify_first": translate(
            "Errors", "请先完成核实（判断是否成立及责任方），再答复客户"
        ),
        "lifecycle.take_back_first": translate("Errors", "投诉已转派，请先收回处理结果"),
        "lifecycle.not_transferred": translate("Errors", "该投诉未转派，无需收回"),
        "lifecycle.reply_first": translate("Errors", "请先记录对客户的答复，再回访或归档"),
        "lifecycle.already_called_back": translate("Errors", "已回访，不能重复回访"),
        "lifecycle.other_desk": translate("Errors", "该投诉由 {desk} 受理，请在该柜台处理"),
        "complaint.not_yours": translate(
            "Errors", "您不是该投诉的首问责任人或当前处理人，请联系班长处理"
        ),
        "transfer.staff_unknown": translate("Errors", "工号 {staff_no} 不存在或已停用"),
        "transfer.to_first_responder": translate("Errors", "不能转派给首问责任人本人"),
        "incident.closed": translate("Errors", "该重大批量投诉已结束"),
        "incident.other_desk": translate("Errors", "该事件由 {desk} 创建，请在该柜台结束"),
        "incident.not_found": translate("Errors", "找不到该重大批量投诉"),
        "incident.none_open": translate("Errors", "当前没有进行中的重大批量投诉"),
        "datetime.required": translate("Errors", "请填写时间"),
        "datetime.before_acceptance": translate("Errors", "时间不能早于受理时间"),
        "datetime.not_in_future": translate("Errors", "承诺时间须晚于现在"),
        # refunds (issue 6)
        "refund.item_required": translate("Errors", "请填写有争议的费用项目"),
        "refund.checked_required": translate(
            "Errors", "先确认，后退费：请填写查了什么、发现了什么"
        ),
        "refund.reason_required": translate("Errors", "请填写原因"),
        "refund.amount_positive": translate("Errors", "退费金额须大于 0"),
        "refund.method_reason_required": translate("Errors", "充值卡返还属特殊情况，须说明原因"),
        "refund.cash_forbidden": translate("Errors", "营业厅不以现金或优惠充值方式退费"),
        "refund.over_limit": translate(
            "Errors", "超出审批权限：本投诉退费合计 {total} 元，审批人限额 {limit} 元"
        ),
        "refund.needs_second_person": translate(
            "Errors",
            "本投诉退费合计 {total} 元，超出申请人本人的限额 {limit} 元，须由有权限的另一人审批",
        ),
        "refund.not_pending": translate("Errors", "该退费当前为“{state}”，不能再审批"),
        "refund.not_cancellable": translate("Errors", "该退费当前为“{state}”，不能取消"),
        "refund.not_signable": translate(
            "Errors", "该退费当前为“{state}”，批准（或报总部审批）后才能签名"
        ),
        "refund.not_printable": translate(
            "Errors", "该退费当前为“{state}”，批准（或报总部审批）后才能打印退费单"
        ),
        "refund.signature_empty": translate("Errors", "请客户先在签名板上签名"),
        "refund.signature_invalid": translate("Errors", "签名图像无效，请清除后重签"),
        "refund.signature_too_large": translate("Errors", "签名图像过大，请清除后重签"),
        "refund.complaint_closed": translate("Errors", "投诉 {number} 已归档，不能再申请退费"),
        "refund.other_desk": translate("Errors", "{number} 由台席 {desk} 办理，请在该柜台办理退费"),
        "refund.not_found": translate("Errors", "找不到该退费记录"),
        # issue 16: the refund loop and 销户 refunds (hall_desk.domain.account_closure)
        "refund.nothing_to_tell": translate("Errors", "{number} 没有需要告知客户的到账或执行失败"),
        "closure.prepaid_transfer_only": translate(
            "Errors", "预付费账户销户余额不退费，只能转入其他号码"
        ),
        "closure.card_transfer_only": translate("Errors", "充值卡余额不退费，只能转入其他号码"),
        "closure.closed_number_credited": translate("Errors", "不能返还到已销户的号码本身"),
        "closure.destination_required": translate("Errors", "请填写余额去向"),
        "closure.destination_not_phone": translate("Errors", "转入号码须为有效的手机或固话号码"),
        "closure.destination_too_long": translate(
            "Errors", "去向只能填写账户名称和号码（至多 {max} 个字）"
        ),
        "closure.closed_number_invalid": translate("Errors", "请填写有效的销户号码"),
        "closure.balance_invalid": translate("Errors", "余额须为不小于 0 的金额，至多两位小数"),
        "closure.balance_empty": translate("Errors", "现金余额和充值卡余额不能都为 0"),
        "closure.amount_not_balance": translate(
            "Errors", "销户退费金额须等于余额合计 {balance} 元"
        ),
        "closure.not_at_hall": translate("Errors", "销户余额由总部返还，不能在营业厅以充值卡返还"),
        "closure.account_type_invalid": translate("Errors", "请选择账户类型"),
        "closure.route_invalid": translate("Errors", "请选择余额去向"),
        "delegation.not_leader": translate("Errors", "只能授权给在岗的值班经理"),
        "delegation.period_invalid": translate(
            "Errors", "授权期间无效：结束时间须晚于开始时间，且晚于现在"
        ),
        "delegation.not_found": translate("Errors", "找不到该授权记录"),
        "delegation.already_revoked": translate("Errors", "该授权已撤销"),
        "delegation.other_desk": translate("Errors", "该授权在台席 {desk} 设定，请在该柜台撤销"),
        # 典型案例库 and exports (issue 8)
        "typical_case.not_closed": translate(
            "Errors", "投诉 {number} 当前为“{state}”，归档后才能写成典型案例"
        ),
        "typical_case.not_handler": translate(
            "Errors", "只有投诉 {number} 的首问责任人或被转派的处理人可以把它写成典型案例"
        ),
        "typical_case.not_author": translate("Errors", "只有案例的撰写人可以修改它"),
        "typical_case.already_written": translate(
            "Errors", "投诉 {number} 已写成典型案例，可在典型案例库中修改"
        ),
        "typical_case.best_full": translate(
            "Errors", "{quarter} 已评满 {limit} 篇优秀案例，请先取消其中一篇"
        ),
        "typical_case.already_best": translate("Errors", "该案例已是 {quarter} 的优秀案例"),
        "typical_case.not_best": translate("Errors", "该案例不是优秀案例"),
        "typical_case.not_found": translate("Errors", "找不到该典型案例"),
        "typical_case.other_desk": translate("Errors", "该案例在台席 {desk} 撰写，请在该柜台修改"),
        "typical_case.quarter_invalid": translate("Errors", "季度格式应为 2026Q4"),
        # 资料保存期限 (issue 9, hall_desk.domain.retention)
        "retention.not_due": translate("Errors", "所选资料未到保存期限，或已被清除，请刷新列表"),
        "retention.not_confirmed": translate(
            "Errors", "过户 {number} 的资料总部尚未确认收到，暂不能清除，请先同步"
        ),
        "retention.nothing_chosen": translate("Errors", "请先选择要清除的资料"),
        "retention.too_many": translate("Errors", "一次最多清除 {max} 笔记录的资料"),
        "export.format_unknown": translate(
            "Errors", "只能导出为 .xlsx（Excel）或 .csv 文件：{name}"
        ),
        "export.cancelled": translate("Errors", "导出已取消，未生成文件"),
        "export.write_failed": translate("Errors", "文件写入失败：{reason}"),
        # identity numbers (hall_desk.domain.identity): each names the wrong part
        "id.required": translate("Errors", "必须填写证件号码"),
        "id.length": translate("Errors", "居民身份证号码应为 {needed} 位，现为 {length} 位"),
        "id.format": translate(
            "Errors",
            "格式不对：居民身份证号码前 17 位为数字，最后一位为数字或 X；其他证件只能有字母、数字、括号和连字符",
        ),
        "id.birth_date": translate(
            "Errors", "第 7–14 位的出生日期无效（不存在的日期、早于 1900 年或晚于今天）"
        ),
        "id.region": translate("Errors", "前 6 位地区码 {region} 不存在，请核对证件"),
        "id.checksum": translate(
            "Errors", "最后一位校验码不符，号码中有输错的数字，请逐位核对证件"
        ),
        "date.required": translate("Errors", "请填写日期"),
        # transfers (issue 7): each refusal names the rule and what would satisfy it
        "transfer.account_too_young": translate(
            "Errors",
            "开户满 {from_days} 天后方可办理过户（须超过 {needed} 天），目前开户 {days} 天，"
            "最早 {eligible_on} 可办理",
        ),
        "transfer.opened_in_future": translate(
            "Errors", "开户日期 {opened_on} 晚于今天，请按业务系统显示的日期填写"
        ),
        "transfer.too_few_proofs": translate(
            "Errors", "特殊过户须至少提供 {needed} 项证明，现有 {have} 项；尚缺：{missing}"
        ),
        "transfer.invoice_months": translate(
            "Errors",
            "充值发票须来自近 {window} 个月（{since_month} 起）内至少 {needed} 个不同月份，"
            "定额发票不计；现只计入 {months} 个月{details}",
        ),
        "transfer.invoices_alone": translate(
            "Errors",
            "仅凭充值发票原则上不能办理特殊过户，须另有 SIM 卡或服务密码证明；"
            "确需办理的，须由{needs}核查近期使用记录和套餐信息后审批（点“店长审批…”）",
        ),
        "transfer.approval_role": translate(
            "Errors", "审批人是{role}，仅凭发票办理须由{needs}审批"
        ),
        "transfer.approval_reason": translate("Errors", "请店长填写书面理由"),
        "transfer.approval_checks": translate("Errors", "店长须先核查{missing}，并勾选确认"),
        "transfer.approval_approver": translate("Errors", "请填写审批店长的工号"),
        "transfer.registered_owner_missing": translate(
            "Errors", "过户须原机主到场并登记其身份；原机主不在场请办理特殊过户"
        ),
        "transfer.signature_missing": translate("Errors", "{who}尚未签名"),
        "transfer.witness_role": translate(
            "Errors", "见证人须为值班经理或店长，{role}不能见证特殊过户"
        ),
        "transfer.same_witness": translate(
            "Errors",
            "见证人不能与经办营业员是同一人（工号 {staff_no}）：请另一位值班经理或店长见证并签名",
        ),
        "transfer.invoice_month": translate("Errors", "发票月份无效"),
        "transfer.agent_for_absent_owner": translate(
            "Errors", "特殊过户原机主不在场，只能有新机主的代办人"
        ),
        "transfer.agent_twice": translate("Errors", "每方最多一名代办人"),
        "transfer.too_many_agents": translate("Errors", "代办人最多 {max} 名"),
        "transfer.evidence_empty": translate("Errors", "文件“{name}”是空的，请重新扫描或拍照"),
        "transfer.evidence_too_large": translate(
            "Errors", "文件“{name}”超过 {max_mb} MB，请降低扫描分辨率后重试"
        ),
        "transfer.evidence_type": translate(
            "Errors", "文件“{name}”不是图片（JPEG、PNG）或 PDF，不能作为证明材料"
        ),
        "transfer.evidence_too_many": translate("Errors", "每笔过户最多附 {max} 份证明材料"),
        "transfer.evidence_missing": translate(
            "Errors", "特殊过户须附证明材料的扫描件或照片（至少一份），请在“证明材料”页添加"
        ),
        "transfer.evidence_not_found": translate("Errors", "找不到该证明材料"),
        "transfer.not_found": translate("Errors", "找不到该过户记录"),
        "transfer.other_desk": translate("Errors", "{number} 由台席 {desk} 办理，请在该柜台继续"),
        "transfer.not_open": translate("Errors", "该过户当前为“{state}”，不能再修改"),
        "transfer.signing_key_locked": translate(
            "Errors",
            "本台席的签章密钥无法解锁（系统密钥环中的口令已丢失），过户协议不能签章。"
            "请联系技术支持，不要重新安装程序",
        ),
        "transfer.not_special": translate("Errors", "只有特殊过户才需要此项"),
        "transfer.no_registered_owner_signature": translate(
            "Errors", "特殊过户原机主不在场，无需原机主签名"
        ),
        "transfer.kind_fixed": translate(
            "Errors", "已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理"
        ),
        "transfer.changed_meanwhile": translate(
            "Errors", "{number} 刚被修改过，请核对后再完成办理"
        ),
        "transfer.document_not_found": translate("Errors", "找不到该协议文件"),
        "transfer.refused": translate("Errors", "还有 {count} 项条件未满足"),
        "transfer.party_not_found": translate("Errors", "找不到该证件持有人"),
        # identity data sealed at rest, full numbers by role (issue 9)
        "identity.keyring_unavailable": translate(
            "Errors",
            "本机没有可用的系统密钥环，无法保管客户身份资料的加密密钥；为保护客户信息，"
            "暂不能办理过户（不保存未加密的身份资料）。请联系技术支持为本机配置系统密钥环",
        ),
        "identity.key_missing": translate(
            "Errors",
            "客户身份资料的加密密钥已不在系统密钥环中，已保存的身份资料无法读取，也不能办理过户。"
            "请联系技术支持从密钥托管中恢复密钥，不要重新安装程序",
        ),
        "identity.key_wrong": translate(
            "Errors", "客户身份资料无法解密（密钥不符或数据已损坏），本笔未保存。请联系技术支持"
        ),
        "identity.view_denied": translate(
            "Errors",
            "无权查看完整证件号码：仅店长，或经办本笔的营业员在办理中（填写中）及办结当天（打印营业厅存档联）可以查看",
        ),
        # trust (issue 9): a full disk, backups
        "storage.full": translate(
            "Errors",
            "磁盘已满，本条记录未保存（也没有保存一半）。请清理本机磁盘空间后再点保存，"
            "或请联系店长/技术支持；已填写的内容仍保留在表单中。",
        ),
        # 导出诊断包 (issue 10)
        "support.folder_not_writable": translate(
            "Errors", "该文件夹不能写入（不存在或没有权限），请另选位置：{path}"
        ),
        "support.disk_full": translate(
            "Errors", "磁盘已满（没有留下不完整的文件），请另选位置：{path}"
        ),
        "support.write_failed": translate(
            "Errors", "写入失败（{reason}），没有留下不完整的文件：{path}"
        ),
        "backup.folder_required": translate("Errors", "请选择备份文件夹"),
        "backup.folder_not_absolute": translate("Errors", "请选择完整的文件夹路径"),
        "backup.folder_missing": translate(
            "Errors", "找不到该文件夹（U 盘未插好或网络共享未连接？）：{path}"
        ),
        "backup.folder_not_writable": translate("Errors", "该文件夹不能写入：{path}"),
        "backup.generations_invalid": translate("Errors", "须为 1–{max} 的数字"),
        "backup.no_folder": translate(
            "Errors", "尚未选择备份文件夹，请店长在“设置 → 数据备份”中选择"
        ),
        "backup.keyring_unavailable": translate(
            "Errors", "本机没有可用的系统密钥库，无法保管备份密钥；为保护客户信息，不写未加密的备份"
        ),
        "backup.write_failed": translate(
            "Errors", "备份写入失败（U 盘已满或被拔出？），未留下不完整的文件：{path}"
        ),
        "backup.corrupt": translate("Errors", "校验未通过，文件已损坏：{path}"),
        "backup.copy_failed": translate(
            "Errors", "无法在本机复制数据文件以备份（本机磁盘已满？）：{path}"
        ),
        "backup.not_a_backup": translate("Errors", "这不是受理台的备份文件：{path}"),
        "backup.format_unknown": translate(
            "Errors", "该备份由更新版本的程序创建，请先升级：{path}"
        ),
        "backup.unreadable": translate("Errors", "无法读取备份文件：{path}"),
        "backup.wrong_key": translate("Errors", "本机的备份密钥与该备份不符，无法解密：{path}"),
        "backup.no_key": translate(
            "Errors",
            "本机系统密钥库中没有台席 {desk} 的备份密钥。新电脑上恢复前，请联系总部取回托管的密钥",
        ),
        "backup.other_desk": translate(
            "Errors", "该备份属于台席 {desk}，不是本台席（{store_desk}）的"
        ),
        "backup.newer_schema": translate("Errors", "该备份由更新版本的程序创建，请先升级：{path}"),
        "backup.app_running": translate("Errors", "受理台程序正在运行，请先关闭程序再恢复"),
    }


def _message(code: str, params: dict[str, object]) -> str:
    text = message_texts().get(code, translate("Errors", "操作未完成（{code}）"))
    shown = {k: term(v) if isinstance(v, str) else v for k, v in params.items()}  # states, kinds …
    try:
        return text.format(code=code, **{**shown, **_derived(code, params)})
    except (KeyError, IndexError):
        return text


PROOF_NAMES = {
    "sim": QT_TRANSLATE_NOOP("Errors", "SIM 卡可正常使用"),
    "password": QT_TRANSLATE_NOOP("Errors", "服务密码验证正确"),
    "invoices": QT_TRANSLATE_NOOP("Errors", "近期三个不同月份的充值发票"),
}
APPROVAL_CHECK_NAMES = {
    "recent_usage": QT_TRANSLATE_NOOP("Errors", "近期使用记录"),
    "plan": QT_TRANSLATE_NOOP("Errors", "套餐信息"),
}
SIGNER_NAMES = {
    "new_owner": QT_TRANSLATE_NOOP("Errors", "新机主"),
    "registered_owner": QT_TRANSLATE_NOOP("Errors", "原机主"),
    "clerk": QT_TRANSLATE_NOOP("Errors", "经办营业员"),
    "second_witness": QT_TRANSLATE_NOOP("Errors", "见证人（值班经理/店长）"),
}


def _month(iso: object) -> str:
    text = str(iso)
    return (
        translate("Errors", "{value}年{int}月").format(value=text[:4], int=int(text[5:7]))
        if len(text) >= 7
        else text
    )


def _items(value: object) -> list[object]:
    """A list parameter as the domain gives it (a list or tuple); anything else lists nothing."""
    return list(value) if isinstance(value, list | tuple | set | frozenset) else []


def _derived(code: str, params: dict[str, object]) -> dict[str, object]:
    """Parameters a sentence needs in another shape than the domain gives them (lists, bytes)."""
    if code == "transfer.account_too_young":
        return {"from_days": int(str(params.get("needed", 0))) + 1}
    if code == "transfer.too_few_proofs":
        missing = _items(params.get("missing"))
        return {
            "missing": listing(
                translate("Errors", PROOF_NAMES.get(str(m), str(m))) for m in missing
            )
        }
    if code == "transfer.invoice_months":
        details = []
        outside = _items(params.get("outside"))
        if outside:
            details.append(
                translate("Errors", "不在期间内的：{months}").format(
                    months=listing(_month(m) for m in outside)
                )
            )
        if params.get("fixed_value"):
            details.append(
                translate("Errors", "定额发票 {n} 张不计").format(n=params["fixed_value"])
            )
        return {
            "since_month": _month(params.get("since", "")),
            "details": translate("Errors", "（{details}）").format(
                details=translate("Errors", "；").join(details)
            )
            if details
            else "",
        }
    if code == "transfer.approval_checks":
        missing = _items(params.get("missing"))
        return {
            "missing": translate("Errors", "和").join(
                translate("Errors", APPROVAL_CHECK_NAMES.get(str(m), str(m))) for m in missing
            )
        }
    if code == "transfer.signature_missing":
        return {
            "who": translate(
                "Errors", SIGNER_NAMES.get(str(params.get("who")), str(params.get("who")))
            )
        }
    if code == "transfer.evidence_too_large":
        return {"max_mb": int(str(params.get("max", 0))) // (1024 * 1024)}
    return {}


def error_text(error: DomainError, labels: Mapping[str, str] | None = None) -> str:
    """One line for a message box or a status label. ``labels`` names fields the form's own way
    (a refund's "amount" is 退费金额, not the complaint's 涉及金额)."""
    if isinstance(error, ValidationErrors):
        return "\n".join(error_text(e, labels) for e in error.errors)
    if error.code == "transfer.refused":  # the transfers' rules: not loaded before the sign-in
        from hall_desk.domain.transfers import TransferRefusals

        if isinstance(error, TransferRefusals):
            return "\n".join(error_text(e, labels) for e in error.refusals)
    message = _message(error.code, error.params)
    if error.code.startswith("auth.") or not error.field:
        if error.code == "auth.wrong_credentials" and "attempts_left" in error.params:
            left = error.params["attempts_left"]
            return message + translate("Errors", "（还可尝试 {left} 次）").format(left=left)
        return message
    label = (labels or {}).get(error.field) or field_label(error.field)
    return labelled(label, message)


def store_error_text(error: StoreError) -> str:
    texts = {
        "db.newer_schema": translate(
            "Errors",
            "数据文件由更新版本的程序创建，本程序不能打开，也不会改动它：\n{path}\n请安装最新版本。",
        ),
        "db.damaged": translate(
            "Errors",
            "数据文件已损坏或无法读取：\n{path}\n文件未被改动。请联系技术支持，或从备份恢复"
            "（备份文件夹中最新的 .hdbak 文件：hall-desk restore 备份文件）。",
        ),
        "db.foreign": translate("Errors", "该文件不是营业厅台席的数据文件，未被改动：\n{path}"),
        "db.upgrade_backup_failed": translate(
            "Errors",
            "升级数据前无法先备份数据文件（磁盘已满？），数据未升级、未改动：\n{path}\n"
            "请腾出磁盘空间后再启动。",
        ),
    }
    return texts.get(error.code, translate("Errors", "无法打开数据文件：\n{path}")).format(
        path=error.path
    )


def upgrade_backup_text(path: object) -> str:
    """Told once, when the store of an older version was backed up before being upgraded."""
    return translate("Errors", "升级前已自动备份数据：{file}").format(file=path)


def upgrade_sealed_text() -> str:
    """Told once, when the upgrade also sealed identity data the older version kept in clear: the
    copy taken before the upgrade held it in clear and was removed."""
    return translate(
        "Errors",
        "数据已升级，客户身份资料已改为加密保存。升级前自动备份的副本含未加密的身份资料，"
        "已删除；如需回到旧版本，请用加密的日常备份恢复。",
    )


def sync_error_text(code: str) -> str:
    """The status bar's last sync error, in plain Chinese."""
    return _message(code, {})


def sync_reason_text(reason: str) -> str:
    """Why head office quarantined or refused one event (the dead-letter view)."""
    texts = {
        "conflict": translate("Errors", "冲突：总部已有同编号但内容不同的事件"),
        "desk.not_yours": translate("Errors", "不属于本台席的事件"),
        "type.unknown": translate("Errors", "总部不认识的事件类型"),
        "schema.unknown": translate("Errors", "总部不支持的事件版本"),
        "payload.invalid": translate("Errors", "事件内容不完整或格式错误"),
        "payload.rejected": translate("Errors", "总部拒绝应用此变更"),
        "hall.not_ours": translate("Errors", "不属于本营业厅的事件"),
        "desk.own": translate("Errors", "本台席自己的事件（不应从总部下发）"),
        "chain.break": translate("Errors", "事件链断裂：与该台席之前的事件对不上"),
        "origin.not_head_office": translate("Errors", "只接受总部下发的此类变更"),
        "complaint.unknown": translate("Errors", "本台席没有该投诉记录"),
        "complaint.not_owner": translate("Errors", "只有受理该投诉的台席可以修改它"),
        "staff.number_taken": translate("Errors", "工号已被本营业厅的其他账号使用"),
        "transfer.not_owner": translate("Errors", "只有办理该过户的台席可以修改它"),
        "file.hash_mismatch": translate("Errors", "文件内容与校验值不符（本机文件可能已损坏）"),
        "file.too_large": translate("Errors", "文件超过总部允许的大小"),
        "file.media_type": translate("Errors", "总部不接收此类文件（只收 PDF、JPEG、PNG）"),
        "file.type_mismatch": translate(
            "Errors", "文件内容与其类型不符（例如网页被当作图片或 PDF）"
        ),
        "file.empty": translate("Errors", "文件为空"),
        # head office's intake rules (issue 15)
        "chain.link": translate("Errors", "事件链对不上：总部已有本台席该序号前后的其他事件"),
        "waiting": translate("Errors", "总部暂存：等待该记录的创建事件到达后自动应用"),
        "text.nul": translate("Errors", "内容含有无法保存的空字符"),
        "at.future": translate("Errors", "事件时间晚于总部时间（本机时钟可能不准）"),
        "origin.head_office": translate("Errors", "只有总部可以做出此类变更"),
        "entity.other_hall": translate("Errors", "该记录属于其他营业厅"),
        "entity.not_owner": translate("Errors", "该记录属于其他台席，只有其台席可以修改"),
        "entity.fixed": translate("Errors", "记录创建后不可更改的内容被修改"),
        "state.transition": translate("Errors", "不允许的状态变化"),
        "refund.not_decided": translate("Errors", "总部尚未作出该退费决定"),
        "actor.unknown": translate("Errors", "总部没有该工号的员工记录"),
        "actor.role": translate("Errors", "该员工的角色无权进行此操作"),
        "actor.disabled": translate("Errors", "该员工账号已被停用"),
        "staff.disabled_by_head_office": translate(
            "Errors", "该账号由总部停用，只能由总部重新启用"
        ),
    }
    if reason.startswith("envelope."):
        return translate("Errors", "事件格式错误（{reason}）").format(reason=reason)
    return texts.get(reason, reason)
