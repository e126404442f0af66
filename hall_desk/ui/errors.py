"""Domain error codes → Chinese text through Qt's translation system, and field names → labels.

The domain raises ``code`` + ``field`` + ``params``; only here do they become sentences, wrapped in
``QCoreApplication.translate`` so an English UI is a translation file away.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from hall_desk.domain.errors import DomainError, ValidationErrors
from hall_desk.domain.transfers import TransferRefusals
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
        "backup_folder": _t("备份文件夹"),
        "backup_generations": _t("保留份数"),
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
        # transfers (issue 7); a party's fields are "<party>.<field>" (new_owner.id_number)
        "kind": _t("办理类型"),
        "opened_on": _t("开户日期"),
        "opened_checked_where": _t("核对位置"),
        "new_owner": _t("新机主"),
        "registered_owner": _t("原机主"),
        "agents": _t("代办人"),
        "evidence": _t("证明材料"),
        "invoices": _t("充值发票"),
        "evidence_files": _t("证明材料文件"),
        "approval": _t("店长审批"),
        "approval.reason": _t("书面理由"),
        "approval.approver_staff_no": _t("审批店长工号"),
        "signatures.new_owner": _t("新机主签名"),
        "signatures.registered_owner": _t("原机主签名"),
        "signatures.clerk": _t("经办营业员签名"),
        "signatures.second_witness": _t("见证人签名"),
    }
    if field in labels:
        return labels[field]
    party, _, part = (field or "").rpartition(".")
    if part in PARTY_FIELDS and (party in PARTIES or party.startswith("agents.")):
        return _t(PARTIES.get(party, "代办人")) + _t(PARTY_FIELDS[part])
    return field or ""


# The identity fields of a transfer's parties (hall_desk.domain.transfers.collect_party).
PARTIES = {"new_owner": "新机主", "registered_owner": "原机主"}
PARTY_FIELDS = {
    "id_type": "证件类别", "id_number": "证件号码", "name": "姓名",
    "address": "住址", "acts_for": "代办对象",
}


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
        "sync.recovery_refused": _t("需要从总部恢复：总部返回的本台席记录未通过校验，已暂停上传，请联系总部"),
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
        # identity numbers (hall_desk.domain.identity): each names the wrong part
        "id.required": _t("必须填写证件号码"),
        "id.length": _t("居民身份证号码应为 {needed} 位，现为 {length} 位"),
        "id.format": _t("格式不对：居民身份证号码前 17 位为数字，最后一位为数字或 X；其他证件只能有字母、数字、括号和连字符"),
        "id.birth_date": _t("第 7–14 位的出生日期无效（不存在的日期、早于 1900 年或晚于今天）"),
        "id.region": _t("前 6 位地区码 {region} 不存在，请核对证件"),
        "id.checksum": _t("最后一位校验码不符，号码中有输错的数字，请逐位核对证件"),
        "date.required": _t("请填写日期"),
        # transfers (issue 7): each refusal names the rule and what would satisfy it
        "transfer.account_too_young": _t(
            "开户满 {from_days} 天后方可办理过户（须超过 {needed} 天），目前开户 {days} 天，"
            "最早 {eligible_on} 可办理"
        ),
        "transfer.opened_in_future": _t("开户日期 {opened_on} 晚于今天，请按业务系统显示的日期填写"),
        "transfer.too_few_proofs": _t(
            "特殊过户须至少提供 {needed} 项证明，现有 {have} 项；尚缺：{missing}"
        ),
        "transfer.invoice_months": _t(
            "充值发票须来自近 {window} 个月（{since_month} 起）内至少 {needed} 个不同月份，"
            "定额发票不计；现只计入 {months} 个月{details}"
        ),
        "transfer.invoices_alone": _t(
            "仅凭充值发票原则上不能办理特殊过户，须另有 SIM 卡或服务密码证明；"
            "确需办理的，须由{needs}核查近期使用记录和套餐信息后审批（点“店长审批…”）"
        ),
        "transfer.approval_role": _t("审批人是{role}，仅凭发票办理须由{needs}审批"),
        "transfer.approval_reason": _t("请店长填写书面理由"),
        "transfer.approval_checks": _t("店长须先核查{missing}，并勾选确认"),
        "transfer.approval_approver": _t("请填写审批店长的工号"),
        "transfer.registered_owner_missing": _t("过户须原机主到场并登记其身份；原机主不在场请办理特殊过户"),
        "transfer.signature_missing": _t("{who}尚未签名"),
        "transfer.witness_role": _t("见证人须为值班经理或店长，{role}不能见证特殊过户"),
        "transfer.same_witness": _t(
            "见证人不能与经办营业员是同一人（工号 {staff_no}）：请另一位值班经理或店长见证并签名"
        ),
        "transfer.invoice_month": _t("发票月份无效"),
        "transfer.agent_for_absent_owner": _t("特殊过户原机主不在场，只能有新机主的代办人"),
        "transfer.agent_twice": _t("每方最多一名代办人"),
        "transfer.too_many_agents": _t("代办人最多 {max} 名"),
        "transfer.evidence_empty": _t("文件“{name}”是空的，请重新扫描或拍照"),
        "transfer.evidence_too_large": _t("文件“{name}”超过 {max_mb} MB，请降低扫描分辨率后重试"),
        "transfer.evidence_type": _t("文件“{name}”不是图片（JPEG、PNG）或 PDF，不能作为证明材料"),
        "transfer.evidence_too_many": _t("每笔过户最多附 {max} 份证明材料"),
        "transfer.evidence_missing": _t("特殊过户须附证明材料的扫描件或照片（至少一份），请在“证明材料”页添加"),
        "transfer.evidence_not_found": _t("找不到该证明材料"),
        "transfer.not_found": _t("找不到该过户记录"),
        "transfer.other_desk": _t("{number} 由台席 {desk} 办理，请在该柜台继续"),
        "transfer.not_open": _t("该过户当前为“{state}”，不能再修改"),
        "transfer.signing_key_locked": _t(
            "本台席的签章密钥无法解锁（系统密钥环中的口令已丢失），过户协议不能签章。"
            "请联系技术支持，不要重新安装程序"
        ),
        "transfer.not_special": _t("只有特殊过户才需要此项"),
        "transfer.no_registered_owner_signature": _t("特殊过户原机主不在场，无需原机主签名"),
        "transfer.kind_fixed": _t("已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理"),
        "transfer.changed_meanwhile": _t("{number} 刚被修改过，请核对后再完成办理"),
        "transfer.document_not_found": _t("找不到该协议文件"),
        "transfer.refused": _t("还有 {count} 项条件未满足"),
        "transfer.party_not_found": _t("找不到该证件持有人"),
        # identity data sealed at rest, full numbers by role (issue 9)
        "identity.keyring_unavailable": _t(
            "本机没有可用的系统密钥环，无法保管客户身份资料的加密密钥；为保护客户信息，"
            "暂不能办理过户（不保存未加密的身份资料）。请联系技术支持为本机配置系统密钥环"
        ),
        "identity.key_missing": _t(
            "客户身份资料的加密密钥已不在系统密钥环中，已保存的身份资料无法读取，也不能办理过户。"
            "请联系技术支持从密钥托管中恢复密钥，不要重新安装程序"
        ),
        "identity.key_wrong": _t(
            "客户身份资料无法解密（密钥不符或数据已损坏），本笔未保存。请联系技术支持"
        ),
        "identity.view_denied": _t(
            "无权查看完整证件号码：仅店长，或在办理中（填写中）由经办本笔的营业员可以查看"
        ),
        # trust (issue 9): a full disk, backups
        "storage.full": _t(
            "磁盘已满，本条记录未保存（也没有保存一半）。请清理本机磁盘空间后再点保存，"
            "或请联系店长/技术支持；已填写的内容仍保留在表单中。"
        ),
        "backup.folder_required": _t("请选择备份文件夹"),
        "backup.folder_not_absolute": _t("请选择完整的文件夹路径"),
        "backup.folder_missing": _t("找不到该文件夹（U 盘未插好或网络共享未连接？）：{path}"),
        "backup.folder_not_writable": _t("该文件夹不能写入：{path}"),
        "backup.generations_invalid": _t("须为 1–{max} 的数字"),
        "backup.no_folder": _t("尚未选择备份文件夹，请店长在“设置 → 数据备份”中选择"),
        "backup.keyring_unavailable": _t(
            "本机没有可用的系统密钥库，无法保管备份密钥；为保护客户信息，不写未加密的备份"
        ),
        "backup.write_failed": _t("备份写入失败（U 盘已满或被拔出？），未留下不完整的文件：{path}"),
        "backup.corrupt": _t("校验未通过，文件已损坏：{path}"),
        "backup.copy_failed": _t("无法在本机复制数据文件以备份（本机磁盘已满？）：{path}"),
        "backup.not_a_backup": _t("这不是受理台的备份文件：{path}"),
        "backup.format_unknown": _t("该备份由更新版本的程序创建，请先升级：{path}"),
        "backup.unreadable": _t("无法读取备份文件：{path}"),
        "backup.wrong_key": _t("本机的备份密钥与该备份不符，无法解密：{path}"),
        "backup.no_key": _t(
            "本机系统密钥库中没有台席 {desk} 的备份密钥。新电脑上恢复前，请联系总部取回托管的密钥"
        ),
        "backup.other_desk": _t("该备份属于台席 {desk}，不是本台席（{store_desk}）的"),
        "backup.newer_schema": _t("该备份由更新版本的程序创建，请先升级：{path}"),
        "backup.app_running": _t("受理台程序正在运行，请先关闭程序再恢复"),
    }
    text = texts.get(code, _t("操作未完成（{code}）"))
    try:
        return text.format(code=code, **{**params, **_derived(code, params)})
    except (KeyError, IndexError):
        return text


PROOF_NAMES = {"sim": "SIM 卡可正常使用", "password": "服务密码验证正确",
               "invoices": "近期三个不同月份的充值发票"}
APPROVAL_CHECK_NAMES = {"recent_usage": "近期使用记录", "plan": "套餐信息"}
SIGNER_NAMES = {"new_owner": "新机主", "registered_owner": "原机主",
                "clerk": "经办营业员", "second_witness": "见证人（值班经理/店长）"}


def _month(iso: object) -> str:
    text = str(iso)
    return f"{text[:4]}年{int(text[5:7])}月" if len(text) >= 7 else text


def _derived(code: str, params: dict[str, object]) -> dict[str, object]:
    """Parameters a sentence needs in another shape than the domain gives them (lists, bytes)."""
    if code == "transfer.account_too_young":
        return {"from_days": int(str(params.get("needed", 0))) + 1}
    if code == "transfer.too_few_proofs":
        missing = params.get("missing") or []
        return {"missing": "、".join(_t(PROOF_NAMES.get(str(m), str(m))) for m in missing)}  # type: ignore[attr-defined]
    if code == "transfer.invoice_months":
        details = []
        outside = params.get("outside") or []
        if outside:
            details.append(_t("不在期间内的：{months}").format(
                months="、".join(_month(m) for m in outside)))  # type: ignore[attr-defined]
        if params.get("fixed_value"):
            details.append(_t("定额发票 {n} 张不计").format(n=params["fixed_value"]))
        return {"since_month": _month(params.get("since", "")),
                "details": ("（" + "；".join(details) + "）") if details else ""}
    if code == "transfer.approval_checks":
        missing = params.get("missing") or []
        return {"missing": "和".join(_t(APPROVAL_CHECK_NAMES.get(str(m), str(m))) for m in missing)}  # type: ignore[attr-defined]
    if code == "transfer.signature_missing":
        return {"who": _t(SIGNER_NAMES.get(str(params.get("who")), str(params.get("who"))))}
    if code == "transfer.evidence_too_large":
        return {"max_mb": int(str(params.get("max", 0))) // (1024 * 1024)}
    return {}


def error_text(error: DomainError, labels: Mapping[str, str] | None = None) -> str:
    """One line for a message box or a status label. ``labels`` names fields the form's own way
    (a refund's "amount" is 退费金额, not the complaint's 涉及金额)."""
    if isinstance(error, ValidationErrors):
        return "\n".join(error_text(e, labels) for e in error.errors)
    if isinstance(error, TransferRefusals):
        return "\n".join(error_text(e, labels) for e in error.refusals)
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
            "数据文件已损坏或无法读取：\n{path}\n文件未被改动。请联系技术支持，或从备份恢复"
            "（备份文件夹中最新的 .hdbak 文件：hall-desk restore 备份文件）。"
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
