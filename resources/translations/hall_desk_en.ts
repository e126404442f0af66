<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>新增人员</source>
        <translation>Add staff member</translation>
    </message>
    <message>
        <source>修改人员</source>
        <translation>Edit staff member</translation>
    </message>
    <message>
        <source>至少 6 位</source>
        <translation>At least 6 characters</translation>
    </message>
    <message>
        <source>不修改请留空</source>
        <translation>Leave empty to keep it</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>确认密码</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <source>重置密码后，本人下次登录时须设置新密码。</source>
        <translation>After a password reset, the person must set a new password at the next sign-in.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>营业厅投诉受理台</source>
        <translation>Service Hall Complaint Desk</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>发生了一个意外错误，已记录到日志。已保存的记录不受影响。</source>
        <translation>An unexpected error occurred and was written to the log. Records already saved are not affected.</translation>
    </message>
    <message>
        <source>程序已在运行</source>
        <translation>Already running</translation>
    </message>
    <message>
        <source>受理台程序已在使用这个数据目录：
{directory}
请切换到已打开的窗口。</source>
        <translation>The complaint desk program is already using this data directory:
{directory}
Please switch to the open window.</translation>
    </message>
    <message>
        <source>恢复失败</source>
        <translation>Restore failed</translation>
    </message>
    <message>
        <source>未能从备份恢复：
{backup}
{reason}</source>
        <translation>Could not restore from the backup:
{backup}
{reason}</translation>
    </message>
    <message>
        <source>已从备份恢复：
{backup}
损坏的文件保留为：
{kept}

请重新启动程序。备份之后的记录需要重新录入。</source>
        <translation>Restored from the backup:
{backup}
The damaged file is kept as:
{kept}

Please start the program again. Records made after the backup must be entered again.</translation>
    </message>
    <message>
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>数据已升级</source>
        <translation>Data upgraded</translation>
    </message>
    <message>
        <source>数据升级已中断</source>
        <translation>Data upgrade interrupted</translation>
    </message>
    <message>
        <source>已完成的步骤已保存，下次启动时从中断处继续升级。</source>
        <translation>The finished steps are saved; the upgrade continues where it stopped at the next start.</translation>
    </message>
    <message>
        <source>无法打开数据</source>
        <translation>Cannot open the data</translation>
    </message>
    <message>
        <source>不能进入演示模式</source>
        <translation>Cannot start the demo</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>尚未备份</source>
        <translation>Not backed up yet</translation>
    </message>
    <message>
        <source>最近备份：{when} ✓</source>
        <translation>Last backup: {when} ✓</translation>
    </message>
    <message>
        <source>备份失败（{when}）：{text}</source>
        <translation>Backup failed ({when}): {text}</translation>
    </message>
    <message>
        <source>找不到备份文件夹（U 盘未插好？）</source>
        <translation>Backup folder not found (USB drive not plugged in?)</translation>
    </message>
    <message>
        <source>未选择备份文件夹</source>
        <translation>No backup folder chosen</translation>
    </message>
    <message>
        <source>无系统密钥库，未备份</source>
        <translation>No system keyring: not backed up</translation>
    </message>
    <message>
        <source>写入失败（U 盘已满或被拔出？）</source>
        <translation>Write failed (USB drive full or removed?)</translation>
    </message>
    <message>
        <source>校验未通过</source>
        <translation>Verification failed</translation>
    </message>
    <message>
        <source>本机磁盘已满？</source>
        <translation>Is this computer&apos;s disk full?</translation>
    </message>
    <message>
        <source>见详细说明</source>
        <translation>See the details</translation>
    </message>
    <message>
        <source>数据文件已损坏：
{path}

SQLite 检查发现：{problem}

请不要继续受理，以免新记录写进损坏的文件。</source>
        <translation>The data file is damaged:
{path}

The SQLite check found: {problem}

Please stop taking complaints so that no new record is written into the damaged file.</translation>
    </message>
    <message>
        <source>最近的备份：{name}（{when}）。
从该备份恢复时程序将关闭，损坏的文件保留为“{store}.replaced-时间”。</source>
        <translation>Latest backup: {name} ({when}).
Restoring from it closes the program; the damaged file is kept as &quot;{store}.replaced-&lt;time&gt;&quot;.</translation>
    </message>
    <message>
        <source>备份文件夹中没有可用的备份（U 盘未插好？）。请联系技术支持；恢复命令：hall-desk restore 备份文件</source>
        <translation>The backup folder holds no usable backup (USB drive not plugged in?). Please contact technical support; the restore command is: hall-desk restore &lt;backup file&gt;</translation>
    </message>
    <message>
        <source>数据文件已损坏</source>
        <translation>Data file damaged</translation>
    </message>
    <message>
        <source>从最近的备份恢复</source>
        <translation>Restore from the latest backup</translation>
    </message>
    <message>
        <source>稍后处理</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>数据备份</source>
        <translation>Data backup</translation>
    </message>
    <message>
        <source>每天自动备份一次到下面的文件夹（U 盘或网络共享），备份文件已加密，写完后逐一校验。在新电脑上恢复需要本台席的备份密钥（由总部托管）。</source>
        <translation>A backup is made automatically once a day into the folder below (USB drive or network share). Backups are encrypted and each one is verified after writing. Restoring on a new computer needs this desk&apos;s backup key (held in escrow by head office).</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source> 份</source>
        <translation> copies</translation>
    </message>
    <message>
        <source>保留份数</source>
        <translation>Copies kept</translation>
    </message>
    <message>
        <source>文件夹中的本台席备份（最新在前）：</source>
        <translation>This desk&apos;s backups in the folder (newest first):</translation>
    </message>
    <message>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>选择备份文件夹</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <source>正在备份并校验，请稍候…（可以继续受理）</source>
        <translation>Backing up and verifying, please wait… (you can keep taking complaints)</translation>
    </message>
    <message>
        <source>备份失败：{text}</source>
        <translation>Backup failed: {text}</translation>
    </message>
    <message>
        <source>已备份并校验：{name}（{mb:.1f} MB，{s:.1f} 秒）</source>
        <translation>Backed up and verified: {name} ({mb:.1f} MB, {s:.1f} s)</translation>
    </message>
    <message>
        <source>{name}（无法读取）</source>
        <translation>{name} (unreadable)</translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>未设置备份</source>
        <translation>Backup not set up</translation>
    </message>
    <message>
        <source>请店长在“设置 → 数据备份”中选择备份文件夹</source>
        <translation>The store manager should choose a backup folder in &quot;Settings → Data backup&quot;</translation>
    </message>
    <message>
        <source>⚠ 备份失败：{reason}</source>
        <translation>⚠ Backup failed: {reason}</translation>
    </message>
    <message>
        <source>备份文件夹：{folder}</source>
        <translation>Backup folder: {folder}</translation>
    </message>
    <message>
        <source>最近一次成功：{when}</source>
        <translation>Last successful backup: {when}</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <source>“关于您之前反映的问题，我们已经为您处理完毕，请问您对这次的处理结果满意吗？”
选“不满意”将重新打开投诉（处理中）并标记，须再次答复。</source>
        <translation>&quot;About the problem you reported earlier: we have dealt with it. Are you satisfied with the result?&quot;
Choosing &quot;Dissatisfied&quot; reopens the complaint (in progress), flags it, and it must be replied to again.</translation>
    </message>
    <message>
        <source>满意度(&amp;S)</source>
        <translation>&amp;Satisfaction</translation>
    </message>
    <message>
        <source>不满意时必填：客户不满意的原因</source>
        <translation>Required when dissatisfied: why the customer is not satisfied</translation>
    </message>
    <message>
        <source>不满意原因(&amp;R)</source>
        <translation>&amp;Reason for dissatisfaction</translation>
    </message>
    <message>
        <source>回访时间(&amp;W)</source>
        <translation>Callback &amp;when</translation>
    </message>
    <message>
        <source>回访方式(&amp;M)</source>
        <translation>Callback &amp;method</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>（没有数据）</source>
        <translation>(no data)</translation>
    </message>
    <message>
        <source>目标 {value:g}%</source>
        <translation>Target {value:g}%</translation>
    </message>
    <message>
        <source>数字</source>
        <translation>Numbers</translation>
    </message>
    <message>
        <source>以表格显示这张图的数字</source>
        <translation>Show this chart&apos;s numbers as a table</translation>
    </message>
</context>
<context>
    <name>ComplaintDetail</name>
    <message>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>处理记录</source>
        <translation>Handling record</translation>
    </message>
    <message>
        <source>退费</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>申请退费(&amp;F)…</source>
        <translation>Request a re&amp;fund…</translation>
    </message>
    <message>
        <source>写成典型案例(&amp;W)…</source>
        <translation>&amp;Write up as a typical case…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打印回执(&amp;P)</source>
        <translation>&amp;Print receipt</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>投诉 {number}</source>
        <translation>Complaint {number}</translation>
    </message>
    <message>
        <source>重复投诉</source>
        <translation>Repeat complaint</translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation>Important complaint</translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation>Escalated complaint</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>媒体</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>重大批量投诉 {number}</source>
        <translation>Major mass complaint {number}</translation>
    </message>
    <message>
        <source>首问责任人（未转派）</source>
        <translation>First responder (not handed over)</translation>
    </message>
    <message>
        <source>（已收回）</source>
        <translation> (taken back)</translation>
    </message>
    <message>
        <source>{holds}，责任方：{whose}</source>
        <translation>{holds}, responsible: {whose}</translation>
    </message>
    <message>
        <source>投诉编号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation>Verification result</translation>
    </message>
    <message>
        <source>当前处理</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>承诺客户时间</source>
        <translation>Time promised to the customer</translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation>Callback satisfaction</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>发生时间/地点</source>
        <translation>When / where it happened</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation>Network urgency</translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation>Escalation tendency</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation>First responder</translation>
    </message>
    <message>
        <source>受理台席</source>
        <translation>Accepting desk</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Accepted at</translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>开始核实(&amp;S)</source>
        <translation>&amp;Start verification</translation>
    </message>
    <message>
        <source>核实结果(&amp;V)…</source>
        <translation>&amp;Verification result…</translation>
    </message>
    <message>
        <source>转派(&amp;T)…</source>
        <translation>Hand &amp;over…</translation>
    </message>
    <message>
        <source>收回(&amp;B)…</source>
        <translation>Take &amp;back…</translation>
    </message>
    <message>
        <source>进展说明(&amp;G)…</source>
        <translation>Pro&amp;gress note…</translation>
    </message>
    <message>
        <source>答复客户(&amp;R)…</source>
        <translation>&amp;Reply to the customer…</translation>
    </message>
    <message>
        <source>回访(&amp;C)…</source>
        <translation>&amp;Callback…</translation>
    </message>
    <message>
        <source>归档(&amp;A)</source>
        <translation>Close (&amp;archive)</translation>
    </message>
    <message>
        <source>升级(&amp;U)…</source>
        <translation>Esca&amp;late…</translation>
    </message>
    <message>
        <source>关联事件(&amp;I)…</source>
        <translation>Link to &amp;incident…</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>承诺客户</source>
        <translation>Promised to customer</translation>
    </message>
    <message>
        <source>管局15天</source>
        <translation>Regulator 15-day limit</translation>
    </message>
    <message>
        <source>已开始核实</source>
        <translation>Verification started</translation>
    </message>
    <message>
        <source>已记录核实结果</source>
        <translation>Verification result recorded</translation>
    </message>
    <message>
        <source>已转派</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>已收回</source>
        <translation>Taken back</translation>
    </message>
    <message>
        <source>已记录进展说明</source>
        <translation>Progress note recorded</translation>
    </message>
    <message>
        <source>已记录对客户的答复</source>
        <translation>Reply to the customer recorded</translation>
    </message>
    <message>
        <source>已记录回访</source>
        <translation>Callback recorded</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已升级为升级投诉</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>已关联重大批量投诉</source>
        <translation>Linked to a major mass complaint</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>总部</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>同事</source>
        <translation>Colleague</translation>
    </message>
    <message>
        <source>补录</source>
        <translation>Late entry</translation>
    </message>
    <message>
        <source>补录·店长已确认</source>
        <translation>Late entry · confirmed by store manager</translation>
    </message>
    <message>
        <source>补录·总部已认可</source>
        <translation>Late entry · accepted by head office</translation>
    </message>
    <message>
        <source>{due}（已更正，原估 {estimate}）</source>
        <translation>{due} (corrected; estimated {estimate})</translation>
    </message>
    <message>
        <source>{due}（估）</source>
        <translation>{due} (est.)</translation>
    </message>
    <message>
        <source>［补录，录入于 {at}：{reason}］</source>
        <translation> [late entry, recorded {at}: {reason}]</translation>
    </message>
    <message>
        <source>［夜间通话：{reason}，{note}］</source>
        <translation> [call in quiet hours: {reason}, {note}]</translation>
    </message>
    <message>
        <source>［约定回访 {at}］</source>
        <translation> [callback agreed for {at}]</translation>
    </message>
    <message>
        <source>已电话报告综合部</source>
        <translation>Reported to the general office by phone</translation>
    </message>
    <message>
        <source>店长确认补录时间…</source>
        <translation>Confirm late entry&apos;s time…</translation>
    </message>
    <message>
        <source>
已由 {who} 于 {at} 报告综合部。</source>
        <translation>
Reported to the general office by {who} at {at}.</translation>
    </message>
    <message>
        <source>确认补录答复的时间</source>
        <translation>Confirm the time of a late-entered reply</translation>
    </message>
    <message>
        <source>核对了什么（如短信平台发送记录）：</source>
        <translation>What was checked (e.g. the SMS platform&apos;s record):</translation>
    </message>
    <message>
        <source>{name}（{phone}，{tier}）</source>
        <translation>{name} ({phone}, {tier})</translation>
    </message>
    <message>
        <source>{main} / {sub}（{regulator}）</source>
        <translation>{main} / {sub} ({regulator})</translation>
    </message>
    <message>
        <source>管局15天时限</source>
        <translation>Regulator&apos;s 15-day deadline</translation>
    </message>
    <message>
        <source>首次答复客户</source>
        <translation>First reply to the customer</translation>
    </message>
    <message>
        <source>（{mark}，计时按录入 {at}）</source>
        <translation> ({mark}; timed by its entry at {at})</translation>
    </message>
    <message>
        <source>归档时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>关联的前次投诉</source>
        <translation>Earlier related complaints</translation>
    </message>
    <message>
        <source>{number}（{accepted}，{sub}）</source>
        <translation>{number} ({accepted}, {sub})</translation>
    </message>
    <message>
        <source>{at} {method}，{who}（{no}）：{content}</source>
        <translation>{at} {method}, {who} ({no}): {content}</translation>
    </message>
    <message>
        <source>{at} 总部 {operator}：{reply}</source>
        <translation>{at} Head office {operator}: {reply}</translation>
    </message>
    <message>
        <source>{at} {satisfaction}{reason}，{who}（{no}）</source>
        <translation>{at} {satisfaction}{reason}, {who} ({no})</translation>
    </message>
    <message>
        <source>{at} 告知客户：{text}；承诺 {promised}，{who}（{no}）</source>
        <translation>{at} Told the customer: {text}; promised {promised}, {who} ({no})</translation>
    </message>
    <message>
        <source>{at} 转派至{kind} {name}：{note}（{who}）</source>
        <translation>{at} Handed over to {kind} {name}: {note} ({who})</translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation>Reply to the customer</translation>
    </message>
    <message>
        <source>总部答复</source>
        <translation>Head office reply</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>转派</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>当前状态不能执行此步骤</source>
        <translation>This step is not possible in the current status</translation>
    </message>
    <message>
        <source>先确认，后退费：核实争议费用后申请退费</source>
        <translation>Confirm first, refund second: request a refund after checking the disputed charge</translation>
    </message>
    <message>
        <source>把这件投诉写成典型案例，供全厅学习</source>
        <translation>Write this complaint up as a typical case for the whole hall to learn from</translation>
    </message>
    <message>
        <source>已写成典型案例，可在“典型案例库”中查看</source>
        <translation>Written up as a typical case; see the &quot;Typical case library&quot;</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>归档后该投诉不能再修改。确认归档 {number} 吗？</source>
        <translation>A closed complaint can no longer be changed. Close {number}?</translation>
    </message>
</context>
<context>
    <name>ComplaintListPage</name>
    <message>
        <source>投诉编号、号码（全部或部分数字）、客户姓名或问题描述中的词，如“话费”“信号”</source>
        <translation>Complaint no., phone number (all or some digits), customer name or a word from the description, e.g. &quot;bill&quot;, &quot;signal&quot;</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>只看未办结(&amp;O)</source>
        <translation>&amp;Open ones only</translation>
    </message>
    <message>
        <source>上一页 (PgUp)</source>
        <translation>Previous page (PgUp)</translation>
    </message>
    <message>
        <source>下一页 (PgDn)</source>
        <translation>Next page (PgDn)</translation>
    </message>
    <message>
        <source>投诉清单</source>
        <translation>Complaint list</translation>
    </message>
    <message>
        <source>范围：我受理的和转给我的</source>
        <translation>Scope: accepted by me and handed over to me</translation>
    </message>
    <message>
        <source>范围：全厅</source>
        <translation>Scope: the whole hall</translation>
    </message>
    <message>
        <source>共 {total} 条，第 {page}/{pages} 页</source>
        <translation>{total} in all, page {page}/{pages}</translation>
    </message>
    <message>
        <source>尚未与总部同步：列表只含本台席受理的投诉。</source>
        <translation>Not yet synced with head office: the list holds only this desk&apos;s complaints.</translation>
    </message>
    <message>
        <source>其他台席的记录截至最后一次与总部同步：{when}</source>
        <translation>Other desks&apos; records as of the last sync with head office: {when}</translation>
    </message>
    <message>
        <source>⚠ 已有一段时间未与总部同步，其他台席的记录可能不是最新（最后同步：{when}）</source>
        <translation>⚠ No sync with head office for a while: other desks&apos; records may be out of date (last sync: {when})</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>统计看板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>统计期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>打印交班报表</source>
        <translation>Print the shift report</translation>
    </message>
    <message>
        <source>打印本期报表</source>
        <translation>Print this period&apos;s report</translation>
    </message>
    <message>
        <source>全厅未办结 / 已超时 / 2 小时内到期（此刻，与所选期间无关）</source>
        <translation>Whole hall: open / overdue / due within 2 hours (right now, whatever the period)</translation>
    </message>
    <message>
        <source>按大类（点击查看投诉）</source>
        <translation>By class (click to see the complaints)</translation>
    </message>
    <message>
        <source>大类</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>按日趋势</source>
        <translation>Daily trend</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>回复及时率（虚线为目标；点击查看超时）</source>
        <translation>On-time reply rate (dashed line: target; click to see the late ones)</translation>
    </message>
    <message>
        <source>及时率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>今天(&amp;1)</source>
        <translation>Today (&amp;1)</translation>
    </message>
    <message>
        <source>本周(&amp;2)</source>
        <translation>This week (&amp;2)</translation>
    </message>
    <message>
        <source>本月(&amp;3)</source>
        <translation>This month (&amp;3)</translation>
    </message>
    <message>
        <source>自定义(&amp;4)</source>
        <translation>Custom (&amp;4)</translation>
    </message>
    <message>
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>{day}（{weekday}）</source>
        <translation>{day} ({weekday})</translation>
    </message>
    <message>
        <source>{year}年{month}月</source>
        <translation>{month}/{year}</translation>
    </message>
    <message>
        <source>{first} 至 {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <source>热点：本期件数至少 {min_count} 件，且达到近 {periods} 个同类时段同一区间平均数的 {ratio:g} 倍、并高于“平均 + {z:g}×√平均”（超出偶然波动）的类别。</source>
        <translation>Hot spot: a category with at least {min_count} complaints this period, at least {ratio:g} times its average over the last {periods} comparable periods, and above &quot;average + {z:g}×√average&quot; (beyond chance variation).</translation>
    </message>
    <message>
        <source>受理投诉</source>
        <translation>Complaints received</translation>
    </message>
    <message>
        <source>回复及时率</source>
        <translation>On-time reply rate</translation>
    </message>
    <message>
        <source>超时（本期）</source>
        <translation>Late (this period)</translation>
    </message>
    <message>
        <source>未办结（本期）</source>
        <translation>Open (this period)</translation>
    </message>
    <message>
        <source>重复投诉</source>
        <translation>Repeat complaint</translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation>Escalated complaint</translation>
    </message>
    <message>
        <source>批量投诉</source>
        <translation>Mass complaints</translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation>Callback satisfaction</translation>
    </message>
    <message>
        <source>全厅当前</source>
        <translation>Whole hall now</translation>
    </message>
    <message>
        <source>按子类</source>
        <translation>By sub-class</translation>
    </message>
    <message>
        <source>大类 / 子类</source>
        <translation>Class / sub-class</translation>
    </message>
    <message>
        <source>按品牌</source>
        <translation>By brand</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>按渠道</source>
        <translation>By channel</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>按首问责任人</source>
        <translation>By first responder</translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation>First responder</translation>
    </message>
    <message>
        <source>子类</source>
        <translation>Sub-class</translation>
    </message>
    <message>
        <source>投诉热点：明显多于平时</source>
        <translation>Hot spots: clearly more than usual</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>平时平均</source>
        <translation>Usual average</translation>
    </message>
    <message>
        <source>倍数</source>
        <translation>Ratio</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>{period}&#x3000;截至 {now}</source>
        <translation>{period}, as of {now}</translation>
    </message>
    <message>
        <source>件，点击查看</source>
        <translation> complaints, click to see</translation>
    </message>
    <message>
        <source>尚无答复或到期</source>
        <translation>No reply or deadline yet</translation>
    </message>
    <message>
        <source>目标 {target} {verdict}</source>
        <translation>Target {target} {verdict}</translation>
    </message>
    <message>
        <source>达标</source>
        <translation>met</translation>
    </message>
    <message>
        <source>未达标</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>按时 {on_time}，未到期 {pending}</source>
        <translation>On time {on_time}, not yet due {pending}</translation>
    </message>
    <message>
        <source>其中超时 {n}</source>
        <translation>of which late: {n}</translation>
    </message>
    <message>
        <source>回访 {n}，不满意 {bad}，曾不满意 {ever}</source>
        <translation>Callbacks {n}, dissatisfied {bad}, ever dissatisfied {ever}</translation>
    </message>
    <message>
        <source>退费（本期提出）：待审批 {pending} · 已批准待执行 {approved} · 已到账 {executed} · 执行失败 {failed}；本期到账金额 {amount} 元</source>
        <translation>Refunds (proposed in the period): pending {pending} · approved, not executed {approved} · credited {executed} · failed {failed}; credited in the period {amount} yuan</translation>
    </message>
    <message>
        <source>未办结 / 超时 / 2小时内到期</source>
        <translation>Open / overdue / due within 2 h</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>{main}（大类）</source>
        <translation>{main} (class)</translation>
    </message>
    <message>
        <source>{count}（平时 {mean:.1f}）</source>
        <translation>{count} (usually {mean:.1f})</translation>
    </message>
    <message>
        <source>&lt;b&gt;投诉热点&lt;/b&gt;：本期没有明显多于平时的类别</source>
        <translation>&lt;b&gt;Hot spots&lt;/b&gt;: no category clearly above usual this period</translation>
    </message>
    <message>
        <source>&lt;b&gt;投诉热点&lt;/b&gt;：{n} 个类别明显多于平时</source>
        <translation>&lt;b&gt;Hot spots&lt;/b&gt;: {n} categories clearly above usual</translation>
    </message>
    <message>
        <source>无法生成报表</source>
        <translation>Cannot produce the report</translation>
    </message>
    <message>
        <source>交班报表</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>投诉统计报表</source>
        <translation>Complaint statistics report</translation>
    </message>
</context>
<context>
    <name>DeadLetterDialog</name>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>台席</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>总部处理</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>未送达总部的事件</source>
        <translation>Events not delivered to head office</translation>
    </message>
    <message>
        <source>以下事件未能送达或应用：上传的被总部隔离或拒收，总部下发的未能在本台席应用；被总部拒收的文件（过户证明材料、协议 PDF）也列在这里。它们不会阻塞其他记录的同步；请导出后交总部技术支持处理。</source>
        <translation>These events could not be delivered or applied: uploads that head office quarantined or refused, and head office&apos;s events this desk could not apply; files refused by head office (transfer evidence, agreement PDFs) are listed here too. They do not hold up the sync of other records; please export them and pass them to head office&apos;s technical support.</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>重新上传被拒文件</source>
        <translation>Upload refused files again</translation>
    </message>
    <message>
        <source>总部处理好拒收原因后，下次同步时再次上传这些文件</source>
        <translation>Once head office has dealt with the reason for refusal, upload these files again at the next sync</translation>
    </message>
    <message>
        <source>上传文件</source>
        <translation>File upload</translation>
    </message>
    <message>
        <source>被拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>总部下发</source>
        <translation>From head office</translation>
    </message>
    <message>
        <source>未应用</source>
        <translation>Not applied</translation>
    </message>
    <message>
        <source>上传总部</source>
        <translation>To head office</translation>
    </message>
    <message>
        <source>已隔离</source>
        <translation>Quarantined</translation>
    </message>
    <message>
        <source>总部暂存</source>
        <translation>Held at head office</translation>
    </message>
    <message>
        <source>总部已关闭（{operator}）：{note}</source>
        <translation>Closed by head office ({operator}): {note}</translation>
    </message>
    <message>
        <source>总部已重新受理并应用（{operator}）</source>
        <translation>Re-applied by head office ({operator})</translation>
    </message>
    <message>
        <source>操作失败</source>
        <translation>Operation failed</translation>
    </message>
    <message>
        <source>已重新排队</source>
        <translation>Queued again</translation>
    </message>
    <message>
        <source>{n} 个文件将在下次同步时重新上传</source>
        <translation>{n} files will be uploaded again at the next sync</translation>
    </message>
    <message>
        <source>导出未送达事件</source>
        <translation>Export undelivered events</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>已导出 {n} 条到 {path}</source>
        <translation>Exported {n} records to {path}</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>10086管理层</source>
        <translation>10086 management</translation>
    </message>
    <message>
        <source>10086转派</source>
        <translation>Passed on by 10086</translation>
    </message>
    <message>
        <source>〔已清除〕</source>
        <translation>[purged]</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>上网速率</source>
        <translation>Data speed</translation>
    </message>
    <message>
        <source>不加密连接</source>
        <translation>Unencrypted connection</translation>
    </message>
    <message>
        <source>不成立</source>
        <translation>Not upheld</translation>
    </message>
    <message>
        <source>不批准退费</source>
        <translation>Refund refused</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>不满意标记</source>
        <translation>Dissatisfied flag</translation>
    </message>
    <message>
        <source>业务办理差错</source>
        <translation>Service handling error</translation>
    </message>
    <message>
        <source>业务种类</source>
        <translation>Service types</translation>
    </message>
    <message>
        <source>个人信息</source>
        <translation>Personal information</translation>
    </message>
    <message>
        <source>临时居民身份证</source>
        <translation>Temporary resident ID card</translation>
    </message>
    <message>
        <source>事件原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>事件编号</source>
        <translation>Incident no.</translation>
    </message>
    <message>
        <source>人员资料变更</source>
        <translation>Staff account changed</translation>
    </message>
    <message>
        <source>代收信息费</source>
        <translation>Third-party information fees</translation>
    </message>
    <message>
        <source>信函</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>信号覆盖</source>
        <translation>Signal coverage</translation>
    </message>
    <message>
        <source>信访局</source>
        <translation>Petitions bureau</translation>
    </message>
    <message>
        <source>修改典型案例</source>
        <translation>Edit typical case</translation>
    </message>
    <message>
        <source>修改时间</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>修改过户资料</source>
        <translation>Transfer data changed</translation>
    </message>
    <message>
        <source>值班经理</source>
        <translation>Shift leader</translation>
    </message>
    <message>
        <source>充值卡返还</source>
        <translation>Refund by top-up card</translation>
    </message>
    <message>
        <source>充值卡返还原因</source>
        <translation>Reason for a top-up card refund</translation>
    </message>
    <message>
        <source>全球通</source>
        <translation>GoTone</translation>
    </message>
    <message>
        <source>关联事件</source>
        <translation>Linked to an incident</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>删除证明材料</source>
        <translation>Evidence removed</translation>
    </message>
    <message>
        <source>到账时间</source>
        <translation>Credited at</translation>
    </message>
    <message>
        <source>前次投诉</source>
        <translation>Earlier complaints</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>Step record</translation>
    </message>
    <message>
        <source>加密的身份资料</source>
        <translation>Encrypted identity data</translation>
    </message>
    <message>
        <source>升级</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation>Escalation tendency</translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation>Escalated complaint</translation>
    </message>
    <message>
        <source>协议文件</source>
        <translation>Agreement files</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>原机主</source>
        <translation>Registered owner</translation>
    </message>
    <message>
        <source>发放台席恢复码</source>
        <translation>Desk recovery code issued</translation>
    </message>
    <message>
        <source>发生地点</source>
        <translation>Where it happened</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>When it happened</translation>
    </message>
    <message>
        <source>取消季度最佳案例</source>
        <translation>Best case of the quarter withdrawn</translation>
    </message>
    <message>
        <source>取消执行时间</source>
        <translation>Execution cancelled at</translation>
    </message>
    <message>
        <source>取消退费</source>
        <translation>Refund cancelled</translation>
    </message>
    <message>
        <source>取消退费执行</source>
        <translation>Refund execution cancelled</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Accepted at</translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>变更内容</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>台席</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation>Mainland travel permit for Taiwan residents</translation>
    </message>
    <message>
        <source>后付费（全球通）</source>
        <translation>Postpaid (GoTone)</translation>
    </message>
    <message>
        <source>台席编号</source>
        <translation>Desk code</translation>
    </message>
    <message>
        <source>保存常用模板</source>
        <translation>Template saved</translation>
    </message>
    <message>
        <source>停用常用模板</source>
        <translation>Template retired</translation>
    </message>
    <message>
        <source>充值卡余额</source>
        <translation>Top-up card balance</translation>
    </message>
    <message>
        <source>原估答复时限</source>
        <translation>Estimated reply deadline</translation>
    </message>
    <message>
        <source>原填承诺时间</source>
        <translation>Promised time as typed</translation>
    </message>
    <message>
        <source>及时率计时</source>
        <translation>Counted for timeliness at</translation>
    </message>
    <message>
        <source>告知台席</source>
        <translation>Desk where told</translation>
    </message>
    <message>
        <source>告知客户到账情况</source>
        <translation>Customer told of the execution</translation>
    </message>
    <message>
        <source>告知客户的内容</source>
        <translation>What the customer was told</translation>
    </message>
    <message>
        <source>告知时间</source>
        <translation>Told at</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <source>回访时间</source>
        <translation>Callback time</translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation>Callback satisfaction</translation>
    </message>
    <message>
        <source>垃圾短信</source>
        <translation>Spam SMS</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>基础业务</source>
        <translation>Basic services</translation>
    </message>
    <message>
        <source>填写中</source>
        <translation>Being filled in</translation>
    </message>
    <message>
        <source>增值业务</source>
        <translation>Value-added services</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>处理人工号</source>
        <translation>Handler&apos;s staff no.</translation>
    </message>
    <message>
        <source>处理方类型</source>
        <translation>Handler type</translation>
    </message>
    <message>
        <source>处理过程</source>
        <translation>How it was handled</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>夜间通话原因</source>
        <translation>Reason for a call in quiet hours</translation>
    </message>
    <message>
        <source>夜间通话说明</source>
        <translation>Note on a call in quiet hours</translation>
    </message>
    <message>
        <source>套餐变更</source>
        <translation>Plan change</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>媒体</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>完成时间</source>
        <translation>Completed at</translation>
    </message>
    <message>
        <source>完成过户</source>
        <translation>Transfer completed</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation>Approver&apos;s staff no.</translation>
    </message>
    <message>
        <source>审批密码输错</source>
        <translation>Wrong approval password</translation>
    </message>
    <message>
        <source>审批意见</source>
        <translation>Approver&apos;s comment</translation>
    </message>
    <message>
        <source>审批时间</source>
        <translation>Decided at</translation>
    </message>
    <message>
        <source>审批框</source>
        <translation>Approval box</translation>
    </message>
    <message>
        <source>审批限额</source>
        <translation>Approval limit</translation>
    </message>
    <message>
        <source>审核建议</source>
        <translation>Reviewer&apos;s advice</translation>
    </message>
    <message>
        <source>审核建议人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>审核建议人姓名</source>
        <translation>Reviewer&apos;s name</translation>
    </message>
    <message>
        <source>审核建议时间</source>
        <translation>Advised at</translation>
    </message>
    <message>
        <source>审核说明</source>
        <translation>Reviewer&apos;s note</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>客户号码</source>
        <translation>Customer&apos;s number</translation>
    </message>
    <message>
        <source>客户品牌</source>
        <translation>Customer&apos;s brand</translation>
    </message>
    <message>
        <source>客户姓名</source>
        <translation>Customer&apos;s name</translation>
    </message>
    <message>
        <source>客户来电</source>
        <translation>Customer called</translation>
    </message>
    <message>
        <source>客户签名确认</source>
        <translation>Signed by the customer</translation>
    </message>
    <message>
        <source>客户要求</source>
        <translation>Customer asked</translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>宽带业务</source>
        <translation>Broadband</translation>
    </message>
    <message>
        <source>密码（已加密）</source>
        <translation>Password (hashed)</translation>
    </message>
    <message>
        <source>导出完整资料</source>
        <translation>Full data exported</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>工信部</source>
        <translation>MIIT</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>已到账</source>
        <translation>Credited</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已取消执行</source>
        <translation>Execution cancelled</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>已告知审批密码输错</source>
        <translation>Told of wrong approval passwords</translation>
    </message>
    <message>
        <source>已告知客户到账情况</source>
        <translation>Customer told of the execution</translation>
    </message>
    <message>
        <source>已告知的输错记录</source>
        <translation>Wrong-password records told</translation>
    </message>
    <message>
        <source>已回访</source>
        <translation>Called back</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已报告综合部</source>
        <translation>Reported to the general office</translation>
    </message>
    <message>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>已放弃</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <source>已答复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>已转派</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>市长热线</source>
        <translation>Mayor&apos;s hotline</translation>
    </message>
    <message>
        <source>常用诉求</source>
        <translation>Usual request</translation>
    </message>
    <message>
        <source>店长</source>
        <translation>Store manager</translation>
    </message>
    <message>
        <source>店长确认补录时间</source>
        <translation>Store manager confirmed a late entry&apos;s time</translation>
    </message>
    <message>
        <source>开启密钥托管</source>
        <translation>Key escrow opened</translation>
    </message>
    <message>
        <source>开始办理时间</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>开始办理过户</source>
        <translation>Transfer opened</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <source>开始核实</source>
        <translation>Verification started</translation>
    </message>
    <message>
        <source>开户日期</source>
        <translation>Account opened on</translation>
    </message>
    <message>
        <source>开户日期核实途径</source>
        <translation>Opening date checked in</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>归档时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>当前处理</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>当面</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>录入时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>影响区域</source>
        <translation>Affected area</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>待总部审批</source>
        <translation>Awaiting head office approval</translation>
    </message>
    <message>
        <source>待执行</source>
        <translation>Awaiting execution</translation>
    </message>
    <message>
        <source>总部</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>总部 CA 证书</source>
        <translation>Head office CA certificate</translation>
    </message>
    <message>
        <source>总部下发政策</source>
        <translation>Policy issued by head office</translation>
    </message>
    <message>
        <source>总部关闭未送达事件</source>
        <translation>Head office closed an undelivered event</translation>
    </message>
    <message>
        <source>总部地址</source>
        <translation>Head office address</translation>
    </message>
    <message>
        <source>总部处理说明</source>
        <translation>Head office note</translation>
    </message>
    <message>
        <source>总部审批时间</source>
        <translation>Head office decided at</translation>
    </message>
    <message>
        <source>总部审批结果</source>
        <translation>Head office&apos;s decision</translation>
    </message>
    <message>
        <source>总部审批退费</source>
        <translation>Refund decided by head office</translation>
    </message>
    <message>
        <source>总部审核建议</source>
        <translation>Head office review advice</translation>
    </message>
    <message>
        <source>总部已批准</source>
        <translation>Approved by head office</translation>
    </message>
    <message>
        <source>总部已拒绝</source>
        <translation>Rejected by head office</translation>
    </message>
    <message>
        <source>总部答复</source>
        <translation>Head office reply</translation>
    </message>
    <message>
        <source>总部答复内容</source>
        <translation>Head office&apos;s reply</translation>
    </message>
    <message>
        <source>总部经办人</source>
        <translation>Head office operator</translation>
    </message>
    <message>
        <source>总部经办人姓名</source>
        <translation>Head office operator&apos;s name</translation>
    </message>
    <message>
        <source>总部认可时间</source>
        <translation>Accepted by head office at</translation>
    </message>
    <message>
        <source>总部认可补录时间</source>
        <translation>Head office accepted a late entry&apos;s time</translation>
    </message>
    <message>
        <source>总部进展说明</source>
        <translation>Head office progress note</translation>
    </message>
    <message>
        <source>总部退回营业厅</source>
        <translation>Returned to the hall by head office</translation>
    </message>
    <message>
        <source>总部重新受理事件</source>
        <translation>Head office re-applied an event</translation>
    </message>
    <message>
        <source>成立</source>
        <translation>Upheld</translation>
    </message>
    <message>
        <source>我方</source>
        <translation>Our side</translation>
    </message>
    <message>
        <source>户口簿</source>
        <translation>Household register</translation>
    </message>
    <message>
        <source>所属区域</source>
        <translation>District</translation>
    </message>
    <message>
        <source>所用模板</source>
        <translation>Template used</translation>
    </message>
    <message>
        <source>所用模板版本</source>
        <translation>Template version used</translation>
    </message>
    <message>
        <source>打印单据</source>
        <translation>Document printed</translation>
    </message>
    <message>
        <source>执行失败</source>
        <translation>Execution failed</translation>
    </message>
    <message>
        <source>执行失败时间</source>
        <translation>Failed at</translation>
    </message>
    <message>
        <source>批准退费</source>
        <translation>Refund approved</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>投诉单号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation>Complaint class</translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation>Complaint sub-class</translation>
    </message>
    <message>
        <source>投诉记录编号</source>
        <translation>Complaint record ID</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>报告综合部人</source>
        <translation>Reported to the general office by</translation>
    </message>
    <message>
        <source>报告综合部时间</source>
        <translation>Reported to the general office at</translation>
    </message>
    <message>
        <source>报总部人</source>
        <translation>Sent to head office by</translation>
    </message>
    <message>
        <source>报总部人工号</source>
        <translation>Sent to head office by (staff no.)</translation>
    </message>
    <message>
        <source>报总部审批</source>
        <translation>Sent to head office</translation>
    </message>
    <message>
        <source>报总部时间</source>
        <translation>Sent to head office at</translation>
    </message>
    <message>
        <source>授权人</source>
        <translation>Delegated by</translation>
    </message>
    <message>
        <source>授权人姓名</source>
        <translation>Delegator name</translation>
    </message>
    <message>
        <source>授权人工号</source>
        <translation>Delegated by (staff no.)</translation>
    </message>
    <message>
        <source>授权开始时间</source>
        <translation>Delegation starts</translation>
    </message>
    <message>
        <source>授权截止</source>
        <translation>Delegation until</translation>
    </message>
    <message>
        <source>授权时间</source>
        <translation>Delegated at</translation>
    </message>
    <message>
        <source>授权结束时间</source>
        <translation>Delegation ends</translation>
    </message>
    <message>
        <source>授权记录编号</source>
        <translation>Delegation ID</translation>
    </message>
    <message>
        <source>授权退费审批</source>
        <translation>Refund approval delegated</translation>
    </message>
    <message>
        <source>描述模板</source>
        <translation>Description template</translation>
    </message>
    <message>
        <source>携号转网</source>
        <translation>Number portability</translation>
    </message>
    <message>
        <source>撤销人工号</source>
        <translation>Revoked by (staff no.)</translation>
    </message>
    <message>
        <source>撤销时间</source>
        <translation>Revoked at</translation>
    </message>
    <message>
        <source>撰写人</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>撰写人工号</source>
        <translation>Author (staff no.)</translation>
    </message>
    <message>
        <source>撰写典型案例</source>
        <translation>Typical case written</translation>
    </message>
    <message>
        <source>撰写时间</source>
        <translation>Written at</translation>
    </message>
    <message>
        <source>收回</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>收回退费审批授权</source>
        <translation>Refund approval delegation revoked</translation>
    </message>
    <message>
        <source>收费争议</source>
        <translation>Charging disputes</translation>
    </message>
    <message>
        <source>放弃原因</source>
        <translation>Reason for abandoning</translation>
    </message>
    <message>
        <source>放弃过户</source>
        <translation>Transfer abandoned</translation>
    </message>
    <message>
        <source>政策内容</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>政策日历年份</source>
        <translation>Years of the policy&apos;s calendar</translation>
    </message>
    <message>
        <source>政策版本</source>
        <translation>Policy version</translation>
    </message>
    <message>
        <source>新机主</source>
        <translation>New owner</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>日历到达前已答复</source>
        <translation>Answered before the calendar arrived</translation>
    </message>
    <message>
        <source>时限依据</source>
        <translation>Deadline basis</translation>
    </message>
    <message>
        <source>是否成立</source>
        <translation>Upheld or not</translation>
    </message>
    <message>
        <source>普通</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>普通业务</source>
        <translation>Ordinary services</translation>
    </message>
    <message>
        <source>更正后答复时限</source>
        <translation>Corrected reply deadline</translation>
    </message>
    <message>
        <source>最佳案例季度</source>
        <translation>Best-case quarter</translation>
    </message>
    <message>
        <source>有曝光倾向</source>
        <translation>May go to the media</translation>
    </message>
    <message>
        <source>有越级倾向</source>
        <translation>May go over our heads</translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation>Staff attitude</translation>
    </message>
    <message>
        <source>服务电话</source>
        <translation>Service phone</translation>
    </message>
    <message>
        <source>未上传总部</source>
        <translation>Not uploaded to head office</translation>
    </message>
    <message>
        <source>本厅</source>
        <translation>This hall</translation>
    </message>
    <message>
        <source>查看内容</source>
        <translation>What was viewed</translation>
    </message>
    <message>
        <source>查看协议文件</source>
        <translation>Agreement viewed</translation>
    </message>
    <message>
        <source>查看原因</source>
        <translation>Reason for viewing</translation>
    </message>
    <message>
        <source>查看完整证件号码</source>
        <translation>Full ID number viewed</translation>
    </message>
    <message>
        <source>查看时间</source>
        <translation>Viewed at</translation>
    </message>
    <message>
        <source>核实</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>核实中</source>
        <translation>Being verified</translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation>What was checked</translation>
    </message>
    <message>
        <source>核实说明</source>
        <translation>Verification note</translation>
    </message>
    <message>
        <source>案例标题</source>
        <translation>Case title</translation>
    </message>
    <message>
        <source>模板名称</source>
        <translation>Template name</translation>
    </message>
    <message>
        <source>模板版本</source>
        <translation>Template version</translation>
    </message>
    <message>
        <source>模板编号</source>
        <translation>Template ID</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>添加证明材料</source>
        <translation>Add evidence</translation>
    </message>
    <message>
        <source>清除到期资料</source>
        <translation>Purge expired data</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>Residence permit for Hong Kong, Macao and Taiwan residents</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation>Mainland travel permit for Hong Kong and Macao residents</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>演示台席</source>
        <translation>Demo desk</translation>
    </message>
    <message>
        <source>特急</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>特殊过户</source>
        <translation>Special transfer of ownership</translation>
    </message>
    <message>
        <source>特殊过户审批</source>
        <translation>Special transfer approved</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>现金余额</source>
        <translation>Cash balance</translation>
    </message>
    <message>
        <source>用户服务</source>
        <translation>Customer service</translation>
    </message>
    <message>
        <source>申诉编号</source>
        <translation>Appeal reference</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>申请人工号</source>
        <translation>Proposed by (staff no.)</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <source>申请退费</source>
        <translation>Refund proposed</translation>
    </message>
    <message>
        <source>电信服务</source>
        <translation>Telecom service</translation>
    </message>
    <message>
        <source>电信资费</source>
        <translation>Telecom charges</translation>
    </message>
    <message>
        <source>电子邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>登记人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>登记人姓名</source>
        <translation>Recorded by (name)</translation>
    </message>
    <message>
        <source>登记人工号</source>
        <translation>Recorded by (staff no.)</translation>
    </message>
    <message>
        <source>登记总部地址</source>
        <translation>Head office address registered</translation>
    </message>
    <message>
        <source>登记时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>登记重大批量投诉</source>
        <translation>Major incident opened</translation>
    </message>
    <message>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>积分兑换</source>
        <translation>Points redemption</translation>
    </message>
    <message>
        <source>立即报总部</source>
        <translation>Report to head office now</translation>
    </message>
    <message>
        <source>第三方或不可抗力</source>
        <translation>Third party or force majeure</translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation>Reply to the customer</translation>
    </message>
    <message>
        <source>答复方式</source>
        <translation>Reply method</translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>答复时限为估算</source>
        <translation>Reply deadline estimated</translation>
    </message>
    <message>
        <source>答复时限已更正</source>
        <translation>Reply deadline corrected</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>签名摘要</source>
        <translation>Signature digest</translation>
    </message>
    <message>
        <source>签名时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>签名经办人工号</source>
        <translation>Signature taken by (staff no.)</translation>
    </message>
    <message>
        <source>管局15天时限</source>
        <translation>Regulator&apos;s 15-day deadline</translation>
    </message>
    <message>
        <source>管局分类</source>
        <translation>Regulator&apos;s class</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>约定回访时间</source>
        <translation>Agreed callback time</translation>
    </message>
    <message>
        <source>纸质资料保存至</source>
        <translation>Paper records kept until</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>经办人姓名</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>经办人工号</source>
        <translation>Handler staff no.</translation>
    </message>
    <message>
        <source>经验启示</source>
        <translation>Lessons learned</translation>
    </message>
    <message>
        <source>结束人工号</source>
        <translation>Closed by (staff no.)</translation>
    </message>
    <message>
        <source>结束说明</source>
        <translation>Closing note</translation>
    </message>
    <message>
        <source>结束重大批量投诉</source>
        <translation>Major incident closed</translation>
    </message>
    <message>
        <source>网站/APP</source>
        <translation>Website / app</translation>
    </message>
    <message>
        <source>网络故障</source>
        <translation>Network fault</translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation>Network urgency</translation>
    </message>
    <message>
        <source>网络质量</source>
        <translation>Network quality</translation>
    </message>
    <message>
        <source>背景</source>
        <translation>Background</translation>
    </message>
    <message>
        <source>营业厅</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <source>营业厅当场返还，无需总部执行</source>
        <translation>Handed over at the hall, no execution needed</translation>
    </message>
    <message>
        <source>营业厅现场</source>
        <translation>At the hall</translation>
    </message>
    <message>
        <source>营业厅编码</source>
        <translation>Hall code</translation>
    </message>
    <message>
        <source>营业厅设置</source>
        <translation>Hall set up</translation>
    </message>
    <message>
        <source>营业员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>营销宣传</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>补录</source>
        <translation>Late entry</translation>
    </message>
    <message>
        <source>补录原因</source>
        <translation>Late-entry reason</translation>
    </message>
    <message>
        <source>补录所称答复时间</source>
        <translation>Stated reply time of the late entry</translation>
    </message>
    <message>
        <source>补录答复人工号</source>
        <translation>Late reply recorded by (staff no.)</translation>
    </message>
    <message>
        <source>补录答复记录编号</source>
        <translation>Late reply record no.</translation>
    </message>
    <message>
        <source>被告知人工号</source>
        <translation>Staff no. told</translation>
    </message>
    <message>
        <source>被输错密码的工号</source>
        <translation>Staff number whose password was mistyped</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>计费流水号</source>
        <translation>Billing reference</translation>
    </message>
    <message>
        <source>记录编号</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <source>设置备份文件夹</source>
        <translation>Backup folder set</translation>
    </message>
    <message>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>证明材料文件</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <source>评为季度最佳案例</source>
        <translation>Marked best case of the quarter</translation>
    </message>
    <message>
        <source>评为最佳时间</source>
        <translation>Marked best at</translation>
    </message>
    <message>
        <source>评定人</source>
        <translation>Marked best by</translation>
    </message>
    <message>
        <source>评定人工号</source>
        <translation>Marked best by (staff no.)</translation>
    </message>
    <message>
        <source>话费账户返还</source>
        <translation>Refund to the phone account</translation>
    </message>
    <message>
        <source>该投诉累计退费</source>
        <translation>Refunded on this complaint in total</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>说明时间</source>
        <translation>Noted at</translation>
    </message>
    <message>
        <source>责任方</source>
        <translation>Responsible party</translation>
    </message>
    <message>
        <source>账号启用</source>
        <translation>Account active</translation>
    </message>
    <message>
        <source>账户类型</source>
        <translation>Account type</translation>
    </message>
    <message>
        <source>资料保存类别</source>
        <translation>Retention class</translation>
    </message>
    <message>
        <source>资费争议/乱收费</source>
        <translation>Disputed or wrong charges</translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>跨企业</source>
        <translation>Across operators</translation>
    </message>
    <message>
        <source>跨省</source>
        <translation>Across provinces</translation>
    </message>
    <message>
        <source>跨省/跨企业</source>
        <translation>Across provinces / operators</translation>
    </message>
    <message>
        <source>转入其他号码</source>
        <translation>Transfer to another number</translation>
    </message>
    <message>
        <source>转派</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>转派去向</source>
        <translation>Handed over to (kind)</translation>
    </message>
    <message>
        <source>转派对象</source>
        <translation>Handed over to</translation>
    </message>
    <message>
        <source>转派对象工号</source>
        <translation>Transferred to (staff no.)</translation>
    </message>
    <message>
        <source>输错时间</source>
        <translation>Mistyped at</translation>
    </message>
    <message>
        <source>输错次数</source>
        <translation>Wrong attempts</translation>
    </message>
    <message>
        <source>边界漫游</source>
        <translation>Border roaming</translation>
    </message>
    <message>
        <source>过户</source>
        <translation>Transfer of ownership</translation>
    </message>
    <message>
        <source>过户双方</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>过户签名</source>
        <translation>Transfer signed</translation>
    </message>
    <message>
        <source>过户类型</source>
        <translation>Transfer type</translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>退回时间</source>
        <translation>Returned at</translation>
    </message>
    <message>
        <source>退至客户指定账户</source>
        <translation>Refund to the customer&apos;s account</translation>
    </message>
    <message>
        <source>退费到账</source>
        <translation>Refund credited</translation>
    </message>
    <message>
        <source>退费单号</source>
        <translation>Refund no.</translation>
    </message>
    <message>
        <source>退费原因</source>
        <translation>Refund reason</translation>
    </message>
    <message>
        <source>退费执行失败</source>
        <translation>Refund execution failed</translation>
    </message>
    <message>
        <source>退费方式</source>
        <translation>Refund method</translation>
    </message>
    <message>
        <source>退费状态</source>
        <translation>Refund status</translation>
    </message>
    <message>
        <source>退费金额</source>
        <translation>Refund amount</translation>
    </message>
    <message>
        <source>退费项目</source>
        <translation>Item refunded</translation>
    </message>
    <message>
        <source>适用答复时限</source>
        <translation>Reply deadline applied</translation>
    </message>
    <message>
        <source>通信管理局</source>
        <translation>Communications administration</translation>
    </message>
    <message>
        <source>重复投诉</source>
        <translation>Repeat complaint</translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation>Major mass complaint</translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation>Important complaint</translation>
    </message>
    <message>
        <source>销户退费信息</source>
        <translation>Account-closure refund details</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <source>须修改密码</source>
        <translation>Must change password</translation>
    </message>
    <message>
        <source>预付费</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <source>首次答复时间</source>
        <translation>First replied at</translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation>First responder</translation>
    </message>
    <message>
        <source>首问责任人工号</source>
        <translation>First responder&apos;s staff no.</translation>
    </message>
    <message>
        <source>高端业务</source>
        <translation>Premium services</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>客户号码</source>
        <translation>Customer&apos;s number</translation>
    </message>
    <message>
        <source>客户姓名</source>
        <translation>Customer&apos;s name</translation>
    </message>
    <message>
        <source>客户品牌</source>
        <translation>Customer&apos;s brand</translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation>Complaint class</translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation>Complaint sub-class</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>When it happened</translation>
    </message>
    <message>
        <source>发生地点</source>
        <translation>Where it happened</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation>Network urgency</translation>
    </message>
    <message>
        <source>跨省/跨企业</source>
        <translation>Across provinces / operators</translation>
    </message>
    <message>
        <source>受理日期（起）</source>
        <translation>Accepted from</translation>
    </message>
    <message>
        <source>受理日期（止）</source>
        <translation>Accepted until</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>总部地址</source>
        <translation>Head office address</translation>
    </message>
    <message>
        <source>总部 CA 证书</source>
        <translation>Head office CA certificate</translation>
    </message>
    <message>
        <source>台席编号</source>
        <translation>Desk code</translation>
    </message>
    <message>
        <source>台席令牌</source>
        <translation>Desk token</translation>
    </message>
    <message>
        <source>恢复码</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>申诉编号</source>
        <translation>Appeal reference</translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation>Escalation tendency</translation>
    </message>
    <message>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>保留份数</source>
        <translation>Copies kept</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>营业厅编码</source>
        <translation>Hall code</translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <source>所属区域</source>
        <translation>District</translation>
    </message>
    <message>
        <source>服务电话</source>
        <translation>Service phone</translation>
    </message>
    <message>
        <source>台席号</source>
        <translation>Desk no.</translation>
    </message>
    <message>
        <source>是否成立</source>
        <translation>Upheld or not</translation>
    </message>
    <message>
        <source>责任方</source>
        <translation>Responsible party</translation>
    </message>
    <message>
        <source>转派去向</source>
        <translation>Handed over to (kind)</translation>
    </message>
    <message>
        <source>转派对象</source>
        <translation>Handed over to</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>答复方式</source>
        <translation>Reply method</translation>
    </message>
    <message>
        <source>答复时间</source>
        <translation>Replied at</translation>
    </message>
    <message>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>不满意原因</source>
        <translation>Reason for dissatisfaction</translation>
    </message>
    <message>
        <source>回访时间</source>
        <translation>Callback time</translation>
    </message>
    <message>
        <source>告知客户的内容</source>
        <translation>What the customer was told</translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>事件原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>影响区域</source>
        <translation>Affected area</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation>Major mass complaint</translation>
    </message>
    <message>
        <source>退费项目</source>
        <translation>Item refunded</translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation>What was checked</translation>
    </message>
    <message>
        <source>账户类型</source>
        <translation>Account type</translation>
    </message>
    <message>
        <source>充值卡返还原因</source>
        <translation>Reason for a top-up card refund</translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation>Approver&apos;s staff no.</translation>
    </message>
    <message>
        <source>客户签名</source>
        <translation>Customer&apos;s signature</translation>
    </message>
    <message>
        <source>被授权人</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>授权开始时间</source>
        <translation>Delegation starts</translation>
    </message>
    <message>
        <source>授权结束时间</source>
        <translation>Delegation ends</translation>
    </message>
    <message>
        <source>导出文件</source>
        <translation>Export file</translation>
    </message>
    <message>
        <source>办理类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>开户日期</source>
        <translation>Account opened on</translation>
    </message>
    <message>
        <source>核对位置</source>
        <translation>Checked where</translation>
    </message>
    <message>
        <source>新机主</source>
        <translation>New owner</translation>
    </message>
    <message>
        <source>原机主</source>
        <translation>Registered owner</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>充值发票</source>
        <translation>Top-up invoices</translation>
    </message>
    <message>
        <source>证明材料文件</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <source>店长审批</source>
        <translation>Store manager approval</translation>
    </message>
    <message>
        <source>书面理由</source>
        <translation>Written reason</translation>
    </message>
    <message>
        <source>审批店长工号</source>
        <translation>Approving store manager&apos;s staff no.</translation>
    </message>
    <message>
        <source>新机主签名</source>
        <translation>New owner&apos;s signature</translation>
    </message>
    <message>
        <source>原机主签名</source>
        <translation>Registered owner&apos;s signature</translation>
    </message>
    <message>
        <source>经办营业员签名</source>
        <translation>Handling clerk&apos;s signature</translation>
    </message>
    <message>
        <source>见证人签名</source>
        <translation>Witness&apos;s signature</translation>
    </message>
    <message>
        <source>证件类别</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>代办对象</source>
        <translation>Acting for</translation>
    </message>
    <message>
        <source>必须填写</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>不能超过 {max} 个字</source>
        <translation>At most {max} characters</translation>
    </message>
    <message>
        <source>含有无法保存的控制字符（U+0000，多为粘贴或扫描枪带入），请删除后重新输入</source>
        <translation>holds a control character that cannot be saved (U+0000, usually pasted or from a scanner); delete it and type again</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <source>模板空白“{blank}”尚未填写（共 {count} 处未填）：按 Tab 依次填写后再复述确认</source>
        <translation>Template blank “{blank}” is not filled in ({count} left): fill them with Tab, then read back</translation>
    </message>
    <message>
        <source>模板所用的分类“{main}/{sub}”已不在现行投诉分类中，不能使用：请店长在“常用模板”中修改该模板</source>
        <translation>The template&apos;s class “{main}/{sub}” is no longer in the complaint catalogue and cannot be used: the store manager must edit it under Templates</translation>
    </message>
    <message>
        <source>该常用模板已不存在或已停用</source>
        <translation>This template no longer exists or has been retired</translation>
    </message>
    <message>
        <source>不是有效的选项</source>
        <translation>Not a valid choice</translation>
    </message>
    <message>
        <source>必须填写，例如 13812345678 或 010-12345678</source>
        <translation>Required, e.g. 13812345678 or 010-12345678</translation>
    </message>
    <message>
        <source>不是有效的号码：手机号为 11 位，固话须带区号（如 010-12345678），或 400/800 号码（如 400-812-3123）</source>
        <translation>Not a valid number: a mobile has 11 digits, a fixed line needs its area code (e.g. 010-12345678), or a 400/800 number (e.g. 400-812-3123)</translation>
    </message>
    <message>
        <source>不能填写 95xxx、10xxx 等服务短号码：请填写客户本人的手机号、带区号的固话或 400/800 号码</source>
        <translation>Not a service short code such as 95xxx or 10xxx: enter the customer&apos;s own mobile, fixed line with area code, or 400/800 number</translation>
    </message>
    <message>
        <source>请输入金额数字，例如 58.50</source>
        <translation>Enter the amount as a number, e.g. 58.50</translation>
    </message>
    <message>
        <source>逗号只能用作千位分隔（如 1,000.00），小数请用小数点（如 1.00）</source>
        <translation>A comma only separates thousands (e.g. 1,000.00); use a point for decimals (e.g. 1.00)</translation>
    </message>
    <message>
        <source>不能为负数</source>
        <translation>Cannot be negative</translation>
    </message>
    <message>
        <source>最多两位小数（精确到分）</source>
        <translation>At most two decimals (to the fen)</translation>
    </message>
    <message>
        <source>金额过大</source>
        <translation>Amount too large</translation>
    </message>
    <message>
        <source>时间无效</source>
        <translation>Invalid time</translation>
    </message>
    <message>
        <source>不能晚于现在</source>
        <translation>Cannot be later than now</translation>
    </message>
    <message>
        <source>只能是 2–20 位字母或数字</source>
        <translation>Only 2–20 letters or digits</translation>
    </message>
    <message>
        <source>该工号已存在</source>
        <translation>This staff no. already exists</translation>
    </message>
    <message>
        <source>至少 {min} 位</source>
        <translation>At least {min} characters</translation>
    </message>
    <message>
        <source>须为 2–10 位大写字母或数字，以字母开头，例如 HA01</source>
        <translation>2–10 capital letters or digits, starting with a letter, e.g. HA01</translation>
    </message>
    <message>
        <source>DEMO 为演示营业厅保留</source>
        <translation>DEMO is reserved for the demo hall</translation>
    </message>
    <message>
        <source>须为 1–99 的数字</source>
        <translation>Must be a number from 1 to 99</translation>
    </message>
    <message>
        <source>工号或密码不正确</source>
        <translation>Wrong staff no. or password</translation>
    </message>
    <message>
        <source>连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试</source>
        <translation>Too many wrong passwords: the account is locked, try again in {minutes} minutes</translation>
    </message>
    <message>
        <source>在本台席为此人审批时连续输错密码次数过多，其在本台席的审批暂停 {minutes} 分钟（不影响其登录）</source>
        <translation>Too many wrong passwords typed for this person&apos;s approval at this desk: their approvals here are paused for {minutes} minutes (their sign-in is not affected)</translation>
    </message>
    <message>
        <source>该账号已停用，请联系店长</source>
        <translation>This account is disabled; please contact the store manager</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please sign in first</translation>
    </message>
    <message>
        <source>店长已重置您的密码，请设置新密码后登录</source>
        <translation>The store manager reset your password: set a new password to sign in</translation>
    </message>
    <message>
        <source>新密码不能与原密码相同</source>
        <translation>The new password must differ from the old one</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords do not match</translation>
    </message>
    <message>
        <source>您的岗位无权执行此操作（需要：{needs}）</source>
        <translation>Your role may not do this (needs: {needs})</translation>
    </message>
    <message>
        <source>找不到该投诉记录</source>
        <translation>Complaint not found</translation>
    </message>
    <message>
        <source>本台席尚未完成初始设置</source>
        <translation>This desk has not been set up yet</translation>
    </message>
    <message>
        <source>本台席已完成初始设置</source>
        <translation>This desk is already set up</translation>
    </message>
    <message>
        <source>演示台席不能注册到总部</source>
        <translation>The demo desk cannot register with head office</translation>
    </message>
    <message>
        <source>该数据目录已有真实营业厅数据，不能用于演示模式</source>
        <translation>This data directory holds a real hall&apos;s data and cannot be used for the demo</translation>
    </message>
    <message>
        <source>营业厅至少要保留一名在岗店长</source>
        <translation>The hall must keep at least one active store manager</translation>
    </message>
    <message>
        <source>只有网络质量类投诉才按跨省/跨企业的工作日时限处理</source>
        <translation>Only network-quality complaints use the cross-province / cross-operator working-day deadline</translation>
    </message>
    <message>
        <source>无法按该列排序</source>
        <translation>Cannot sort by this column</translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <source>分页参数无效</source>
        <translation>Invalid page parameters</translation>
    </message>
    <message>
        <source>统计期间最长 {max} 天</source>
        <translation>The period can be at most {max} days</translation>
    </message>
    <message>
        <source>找不到该工号</source>
        <translation>Staff no. not found</translation>
    </message>
    <message>
        <source>总部地址无效，应为 http(s)://主机[:端口]</source>
        <translation>Invalid head office address; expected http(s)://host[:port]</translation>
    </message>
    <message>
        <source>总部地址是未加密的 http://，令牌和客户号码会以明文经过网络：请使用 https:// 地址</source>
        <translation>The head-office address is unencrypted http://: the token and customers&apos; numbers would cross the network in clear. Use an https:// address</translation>
    </message>
    <message>
        <source>总部 CA 证书文件无法读取，或其中没有 PEM 证书</source>
        <translation>The head office CA file cannot be read, or holds no PEM certificate</translation>
    </message>
    <message>
        <source>台席令牌格式不正确，请核对总部发放的令牌</source>
        <translation>The desk token is malformed; check the token head office issued</translation>
    </message>
    <message>
        <source>台席编号格式不正确，应如 HA01-02</source>
        <translation>The desk code is not valid; it should look like HA01-02</translation>
    </message>
    <message>
        <source>本机数据目录中已有台席数据，只能在全新的数据目录中从总部恢复</source>
        <translation>This data directory already holds a desk&apos;s data; recovery from head office works only into an empty data directory</translation>
    </message>
    <message>
        <source>总部没有该台席的任何记录，无需恢复；请按首次使用设置</source>
        <translation>Head office holds no records of this desk, so there is nothing to recover; please use the first-time set-up</translation>
    </message>
    <message>
        <source>总部没有保管该台席的密钥，无法恢复证件数据和签章密钥，请联系总部</source>
        <translation>Head office holds no escrowed keys for this desk, so the identity data and the signing key cannot be recovered. Please contact head office</translation>
    </message>
    <message>
        <source>总部保管的该台席密钥已损坏或被改动，无法打开，请联系总部</source>
        <translation>The keys head office holds for this desk are damaged or altered and cannot be opened. Please contact head office</translation>
    </message>
    <message>
        <source>总部返回的密钥保管数据格式不正确，请联系总部</source>
        <translation>The key escrow data head office returned is not in a valid format. Please contact head office</translation>
    </message>
    <message>
        <source>总部尚未配置密钥保管，请联系总部</source>
        <translation>Head office has not set up key escrow yet. Please contact head office</translation>
    </message>
    <message>
        <source>总部尚未放行本台席的密钥：请填写总部随新令牌发放的恢复码（72 小时内有效，只能使用一次）；恢复码已用过、已过期或多次输错时，请总部重新发放令牌和恢复码</source>
        <translation>Head office has not released this desk&apos;s keys: enter the recovery code head office issued with the new token (valid for 72 hours, usable once). If the code was used, has expired or was mistyped too often, ask head office to issue a new token and recovery code</translation>
    </message>
    <message>
        <source>恢复码格式不正确：应为 16 位字母和数字，如 7KQ2-M9XD-4TRV-0HCW</source>
        <translation>The recovery code is not valid: it has 16 letters and digits, like 7KQ2-M9XD-4TRV-0HCW</translation>
    </message>
    <message>
        <source>总部的密钥保管公钥与本台席记录的不一致，已停止上传密钥，请联系总部</source>
        <translation>Head office&apos;s escrow public key differs from the one this desk recorded; keys are no longer uploaded. Please contact head office</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环，无法保存总部令牌；记录照常保存并排队等待上传</source>
        <translation>No system keyring on this computer: the head office token cannot be stored; records are still saved and queued for upload</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环，无法保护营业厅的签章密钥，过户协议不能签章，因此暂不能办理过户。请联系技术支持为本机配置系统密钥环（如 Windows 凭据管理器、GNOME 密钥环），配置后即可办理</source>
        <translation>No system keyring on this computer: the hall&apos;s signing key cannot be protected, so transfer agreements cannot be signed and transfers of ownership are not possible for now. Please ask technical support to set up a system keyring (e.g. Windows Credential Manager, GNOME Keyring); transfers work once it is set up</translation>
    </message>
    <message>
        <source>协议文件完好：营业厅签章有效，签章后未被改动</source>
        <translation>The agreement file is intact: the hall&apos;s seal is valid and nothing changed after sealing</translation>
    </message>
    <message>
        <source>协议文件已被改动：内容与营业厅签章时不一致（或文件已损坏），不能作为有效凭证。请以营业厅留存的纸质协议为准，并报告店长</source>
        <translation>The agreement file has been altered: its content differs from what the hall sealed (or the file is damaged) and it is not valid proof. The paper agreement kept by the hall prevails; please report this to the store manager</translation>
    </message>
    <message>
        <source>协议文件在营业厅签章之后被追加修改，不能作为有效凭证。请以营业厅留存的纸质协议为准，并报告店长</source>
        <translation>The agreement file was modified after the hall sealed it and is not valid proof. The paper agreement kept by the hall prevails; please report this to the store manager</translation>
    </message>
    <message>
        <source>协议文件在本机加密保存，但无法解开：文件在本机被改动，或本机的密钥不是保存时的密钥。请以营业厅留存的纸质协议为准，并报告店长</source>
        <translation>The agreement file is stored encrypted on this PC but cannot be opened: it was altered on this PC, or this PC&apos;s key is not the one it was saved with. Rely on the hall&apos;s paper copy and report it to the store manager</translation>
    </message>
    <message>
        <source>协议文件没有营业厅签章，无法证明未被改动。请报告店长</source>
        <translation>The agreement file has no hall seal, so it cannot be shown to be unaltered. Please report this to the store manager</translation>
    </message>
    <message>
        <source>协议文件的签章不是本营业厅的签章密钥所签，无法证明未被改动。请报告店长</source>
        <translation>The agreement file was not sealed with this hall&apos;s signing key, so it cannot be shown to be unaltered. Please report this to the store manager</translation>
    </message>
    <message>
        <source>本台席尚未注册到总部，记录暂存本机</source>
        <translation>This desk is not registered with head office yet; records are kept on this computer</translation>
    </message>
    <message>
        <source>系统密钥环中没有本台席的总部令牌，请重新注册</source>
        <translation>The system keyring holds no head office token for this desk; please register again</translation>
    </message>
    <message>
        <source>连不上总部（网络中断或总部未开），记录已排队，恢复后自动上传</source>
        <translation>Cannot reach head office (network down or head office offline); records are queued and uploaded automatically later</translation>
    </message>
    <message>
        <source>总部响应超时，稍后自动重试</source>
        <translation>Head office timed out; retrying automatically later</translation>
    </message>
    <message>
        <source>总部证书未通过验证（已过期、名称不符或签发机构不受信任），未与总部通信</source>
        <translation>Head office&apos;s certificate was refused (expired, wrong name or an untrusted issuer); nothing was exchanged with head office</translation>
    </message>
    <message>
        <source>总部服务异常，稍后自动重试</source>
        <translation>Head office service error; retrying automatically later</translation>
    </message>
    <message>
        <source>总部不认可本台席的令牌，请联系总部重新发放</source>
        <translation>Head office does not accept this desk&apos;s token; please ask head office for a new one</translation>
    </message>
    <message>
        <source>本台席的令牌已被总部吊销，请联系总部</source>
        <translation>Head office has revoked this desk&apos;s token; please contact head office</translation>
    </message>
    <message>
        <source>令牌不属于本台席</source>
        <translation>The token does not belong to this desk</translation>
    </message>
    <message>
        <source>上传时出现内部错误，已记入日志</source>
        <translation>Internal error during upload (logged)</translation>
    </message>
    <message>
        <source>总部拒收了一个文件，请查看未送达列表</source>
        <translation>Head office refused a file; see the undelivered list</translation>
    </message>
    <message>
        <source>需要从总部恢复：总部返回的本台席记录未通过校验，已暂停上传，请联系总部</source>
        <translation>Recovery from head office needed: this desk&apos;s records returned by head office failed verification; uploads are paused, please contact head office</translation>
    </message>
    <message>
        <source>该投诉已归档，不能再修改</source>
        <translation>This complaint is closed and can no longer be changed</translation>
    </message>
    <message>
        <source>已答复客户，此步骤须在答复前完成</source>
        <translation>The customer has been replied to; this step must come before the reply</translation>
    </message>
    <message>
        <source>核实已开始或已完成</source>
        <translation>Verification has already started or finished</translation>
    </message>
    <message>
        <source>请先完成核实（判断是否成立及责任方），再答复客户</source>
        <translation>Finish the verification first (upheld or not, responsible party), then reply to the customer</translation>
    </message>
    <message>
        <source>投诉已转派，请先收回处理结果</source>
        <translation>The complaint is handed over; take back the result first</translation>
    </message>
    <message>
        <source>该投诉未转派，无需收回</source>
        <translation>This complaint is not handed over; nothing to take back</translation>
    </message>
    <message>
        <source>请先记录对客户的答复，再回访或归档</source>
        <translation>Record the reply to the customer first, then call back or close</translation>
    </message>
    <message>
        <source>已回访，不能重复回访</source>
        <translation>Already called back; a second callback is not possible</translation>
    </message>
    <message>
        <source>该投诉由 {desk} 受理，请在该柜台处理</source>
        <translation>This complaint was accepted at {desk}; please handle it at that counter</translation>
    </message>
    <message>
        <source>您不是该投诉的首问责任人或当前处理人，请联系班长处理</source>
        <translation>You are neither this complaint&apos;s first responder nor its current handler; please ask the shift leader</translation>
    </message>
    <message>
        <source>工号 {staff_no} 不存在或已停用</source>
        <translation>Staff no. {staff_no} does not exist or is disabled</translation>
    </message>
    <message>
        <source>不能转派给首问责任人本人</source>
        <translation>Cannot hand over to the first responder themself</translation>
    </message>
    <message>
        <source>该重大批量投诉已结束</source>
        <translation>This major mass complaint has ended</translation>
    </message>
    <message>
        <source>该事件由 {desk} 创建，请在该柜台结束</source>
        <translation>This incident was created at {desk}; please end it at that counter</translation>
    </message>
    <message>
        <source>找不到该重大批量投诉</source>
        <translation>Major mass complaint not found</translation>
    </message>
    <message>
        <source>当前没有进行中的重大批量投诉</source>
        <translation>There is no major mass complaint in progress</translation>
    </message>
    <message>
        <source>请填写时间</source>
        <translation>Please enter the time</translation>
    </message>
    <message>
        <source>时间不能早于受理时间</source>
        <translation>The time cannot be before the acceptance time</translation>
    </message>
    <message>
        <source>承诺时间须晚于现在</source>
        <translation>The promised time must be later than now</translation>
    </message>
    <message>
        <source>请填写有争议的费用项目</source>
        <translation>Please enter the disputed charge</translation>
    </message>
    <message>
        <source>先确认，后退费：请填写查了什么、发现了什么</source>
        <translation>Confirm first, refund second: enter what was checked and what was found</translation>
    </message>
    <message>
        <source>请填写原因</source>
        <translation>Please enter the reason</translation>
    </message>
    <message>
        <source>退费金额须大于 0</source>
        <translation>The refund amount must be greater than 0</translation>
    </message>
    <message>
        <source>充值卡返还属特殊情况，须说明原因</source>
        <translation>A top-up card refund is an exception: give the reason</translation>
    </message>
    <message>
        <source>营业厅不以现金或优惠充值方式退费</source>
        <translation>The hall does not refund in cash or as bonus top-ups</translation>
    </message>
    <message>
        <source>超出审批权限：本投诉退费合计 {total} 元，审批人限额 {limit} 元</source>
        <translation>Above the approval limit: refunds for this complaint total {total} yuan, the approver&apos;s limit is {limit} yuan</translation>
    </message>
    <message>
        <source>本投诉退费合计 {total} 元，超出申请人本人的限额 {limit} 元，须由有权限的另一人审批</source>
        <translation>Refunds for this complaint total {total} yuan, above the requester&apos;s own limit of {limit} yuan: another person with authority must approve</translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，不能再审批</source>
        <translation>This refund is &quot;{state}&quot; and can no longer be approved</translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，不能取消</source>
        <translation>This refund is &quot;{state}&quot; and cannot be cancelled</translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，批准（或报总部审批）后才能签名</source>
        <translation>This refund is &quot;{state}&quot;; it can be signed only once approved (or sent to head office for approval)</translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，批准（或报总部审批）后才能打印退费单</source>
        <translation>This refund is &quot;{state}&quot;; the refund slip can be printed only once approved (or sent to head office for approval)</translation>
    </message>
    <message>
        <source>请客户先在签名板上签名</source>
        <translation>The customer must sign on the signature pad first</translation>
    </message>
    <message>
        <source>签名图像无效，请清除后重签</source>
        <translation>Invalid signature image; clear it and sign again</translation>
    </message>
    <message>
        <source>签名图像过大，请清除后重签</source>
        <translation>Signature image too large; clear it and sign again</translation>
    </message>
    <message>
        <source>投诉 {number} 已归档，不能再申请退费</source>
        <translation>Complaint {number} is closed; no more refunds can be requested</translation>
    </message>
    <message>
        <source>{number} 由台席 {desk} 办理，请在该柜台办理退费</source>
        <translation>{number} is handled at desk {desk}; please process the refund at that counter</translation>
    </message>
    <message>
        <source>找不到该退费记录</source>
        <translation>Refund not found</translation>
    </message>
    <message>
        <source>{number} 没有需要告知客户的到账或执行失败</source>
        <translation>{number} has no credit or failure the customer must be told of</translation>
    </message>
    <message>
        <source>预付费账户销户余额不退费，只能转入其他号码</source>
        <translation>A pre-paid account&apos;s balance is not refunded, only transferred to another number</translation>
    </message>
    <message>
        <source>充值卡余额不退费，只能转入其他号码</source>
        <translation>A top-up card balance is not refunded, only transferred to another number</translation>
    </message>
    <message>
        <source>不能返还到已销户的号码本身</source>
        <translation>The closed number itself is never credited</translation>
    </message>
    <message>
        <source>请填写余额去向</source>
        <translation>Enter where the balance goes</translation>
    </message>
    <message>
        <source>转入号码须为有效的手机或固话号码</source>
        <translation>The number to transfer to must be a valid mobile or fixed-line number</translation>
    </message>
    <message>
        <source>去向只能填写账户名称和号码（至多 {max} 个字）</source>
        <translation>Enter only the account name and number (at most {max} characters)</translation>
    </message>
    <message>
        <source>请填写有效的销户号码</source>
        <translation>Enter a valid closed number</translation>
    </message>
    <message>
        <source>余额须为不小于 0 的金额，至多两位小数</source>
        <translation>A balance is an amount of 0 or more, with at most two decimals</translation>
    </message>
    <message>
        <source>现金余额和充值卡余额不能都为 0</source>
        <translation>Cash and top-up card balance cannot both be 0</translation>
    </message>
    <message>
        <source>销户退费金额须等于余额合计 {balance} 元</source>
        <translation>A closure refund must be the balance, {balance} yuan</translation>
    </message>
    <message>
        <source>销户余额由总部返还，不能在营业厅以充值卡返还</source>
        <translation>Head office pays a closed account&apos;s balance; it is never handed over at the hall as a top-up card</translation>
    </message>
    <message>
        <source>请选择账户类型</source>
        <translation>Choose the account type</translation>
    </message>
    <message>
        <source>请选择余额去向</source>
        <translation>Choose where the balance goes</translation>
    </message>
    <message>
        <source>只能授权给在岗的值班经理</source>
        <translation>Approval can be delegated only to an active shift leader</translation>
    </message>
    <message>
        <source>授权期间无效：结束时间须晚于开始时间，且晚于现在</source>
        <translation>Invalid delegation period: the end must be after the start and after now</translation>
    </message>
    <message>
        <source>找不到该授权记录</source>
        <translation>Delegation not found</translation>
    </message>
    <message>
        <source>该授权已撤销</source>
        <translation>This delegation has been revoked</translation>
    </message>
    <message>
        <source>该授权在台席 {desk} 设定，请在该柜台撤销</source>
        <translation>This delegation was set at desk {desk}; please revoke it at that counter</translation>
    </message>
    <message>
        <source>投诉 {number} 当前为“{state}”，归档后才能写成典型案例</source>
        <translation>Complaint {number} is &quot;{state}&quot;; it can be written up as a typical case only once closed</translation>
    </message>
    <message>
        <source>只有投诉 {number} 的首问责任人或被转派的处理人可以把它写成典型案例</source>
        <translation>Only the first responder of complaint {number} or the person it was handed over to can write it up as a typical case</translation>
    </message>
    <message>
        <source>只有案例的撰写人可以修改它</source>
        <translation>Only the case&apos;s author can edit it</translation>
    </message>
    <message>
        <source>投诉 {number} 已写成典型案例，可在典型案例库中修改</source>
        <translation>Complaint {number} is already written up as a typical case; edit it in the typical case library</translation>
    </message>
    <message>
        <source>{quarter} 已评满 {limit} 篇优秀案例，请先取消其中一篇</source>
        <translation>{quarter} already has {limit} outstanding cases; unmark one first</translation>
    </message>
    <message>
        <source>该案例已是 {quarter} 的优秀案例</source>
        <translation>This case is already an outstanding case of {quarter}</translation>
    </message>
    <message>
        <source>该案例不是优秀案例</source>
        <translation>This case is not an outstanding case</translation>
    </message>
    <message>
        <source>找不到该典型案例</source>
        <translation>Typical case not found</translation>
    </message>
    <message>
        <source>该案例在台席 {desk} 撰写，请在该柜台修改</source>
        <translation>This case was written at desk {desk}; please edit it at that counter</translation>
    </message>
    <message>
        <source>季度格式应为 2026Q4</source>
        <translation>The quarter must look like 2026Q4</translation>
    </message>
    <message>
        <source>所选资料未到保存期限，或已被清除，请刷新列表</source>
        <translation>The selected data is not yet past its retention period, or has already been purged. Please refresh the list</translation>
    </message>
    <message>
        <source>过户 {number} 的资料总部尚未确认收到，暂不能清除，请先同步</source>
        <translation>Head office has not yet confirmed receiving the data of transfer {number}; it cannot be purged yet. Please sync first</translation>
    </message>
    <message>
        <source>请先选择要清除的资料</source>
        <translation>Please select the data to purge first</translation>
    </message>
    <message>
        <source>一次最多清除 {max} 笔记录的资料</source>
        <translation>At most {max} records can be purged at a time</translation>
    </message>
    <message>
        <source>只能导出为 .xlsx（Excel）或 .csv 文件：{name}</source>
        <translation>Only .xlsx (Excel) or .csv files can be exported: {name}</translation>
    </message>
    <message>
        <source>导出已取消，未生成文件</source>
        <translation>Export cancelled; no file was written</translation>
    </message>
    <message>
        <source>文件写入失败：{reason}</source>
        <translation>Writing the file failed: {reason}</translation>
    </message>
    <message>
        <source>必须填写证件号码</source>
        <translation>The ID number is required</translation>
    </message>
    <message>
        <source>居民身份证号码应为 {needed} 位，现为 {length} 位</source>
        <translation>A resident ID number has {needed} characters; this one has {length}</translation>
    </message>
    <message>
        <source>格式不对：居民身份证号码前 17 位为数字，最后一位为数字或 X；其他证件只能有字母、数字、括号和连字符</source>
        <translation>Wrong format: a resident ID number has 17 digits then a digit or X; other IDs may hold only letters, digits, brackets and hyphens</translation>
    </message>
    <message>
        <source>第 7–14 位的出生日期无效（不存在的日期、早于 1900 年或晚于今天）</source>
        <translation>The birth date in characters 7–14 is invalid (no such date, before 1900 or after today)</translation>
    </message>
    <message>
        <source>前 6 位地区码 {region} 不存在，请核对证件</source>
        <translation>The region code {region} (first 6 digits) does not exist; please check the ID</translation>
    </message>
    <message>
        <source>最后一位校验码不符，号码中有输错的数字，请逐位核对证件</source>
        <translation>The check digit does not match: a digit was mistyped; please check the ID digit by digit</translation>
    </message>
    <message>
        <source>请填写日期</source>
        <translation>Please enter the date</translation>
    </message>
    <message>
        <source>开户满 {from_days} 天后方可办理过户（须超过 {needed} 天），目前开户 {days} 天，最早 {eligible_on} 可办理</source>
        <translation>Ownership can be transferred only after the account is {from_days} days old (more than {needed} days); it is {days} days old, so {eligible_on} at the earliest</translation>
    </message>
    <message>
        <source>开户日期 {opened_on} 晚于今天，请按业务系统显示的日期填写</source>
        <translation>The opening date {opened_on} is after today; enter the date shown in the business system</translation>
    </message>
    <message>
        <source>特殊过户须至少提供 {needed} 项证明，现有 {have} 项；尚缺：{missing}</source>
        <translation>A special transfer needs at least {needed} proofs; there are {have}; still missing: {missing}</translation>
    </message>
    <message>
        <source>充值发票须来自近 {window} 个月（{since_month} 起）内至少 {needed} 个不同月份，定额发票不计；现只计入 {months} 个月{details}</source>
        <translation>Top-up invoices must come from at least {needed} different months within the last {window} months (since {since_month}); fixed-value invoices do not count; only {months} months count now{details}</translation>
    </message>
    <message>
        <source>仅凭充值发票原则上不能办理特殊过户，须另有 SIM 卡或服务密码证明；确需办理的，须由{needs}核查近期使用记录和套餐信息后审批（点“店长审批…”）</source>
        <translation>Invoices alone are in principle not enough for a special transfer: a SIM card or service password proof is also needed; if it really must be done, a {needs} must check the recent usage and the plan and approve it (click &quot;Store manager approval…&quot;)</translation>
    </message>
    <message>
        <source>审批人是{role}，仅凭发票办理须由{needs}审批</source>
        <translation>The approver is a {role}; a transfer on invoices alone must be approved by a {needs}</translation>
    </message>
    <message>
        <source>请店长填写书面理由</source>
        <translation>The store manager must enter a written reason</translation>
    </message>
    <message>
        <source>店长须先核查{missing}，并勾选确认</source>
        <translation>The store manager must first check {missing} and tick to confirm</translation>
    </message>
    <message>
        <source>请填写审批店长的工号</source>
        <translation>Enter the approving store manager&apos;s staff no.</translation>
    </message>
    <message>
        <source>过户须原机主到场并登记其身份；原机主不在场请办理特殊过户</source>
        <translation>A transfer of ownership needs the registered owner present with their ID recorded; without them, do a special transfer</translation>
    </message>
    <message>
        <source>{who}尚未签名</source>
        <translation>{who} has not signed yet</translation>
    </message>
    <message>
        <source>见证人须为值班经理或店长，{role}不能见证特殊过户</source>
        <translation>The witness must be a shift leader or store manager; a {role} cannot witness a special transfer</translation>
    </message>
    <message>
        <source>见证人不能与经办营业员是同一人（工号 {staff_no}）：请另一位值班经理或店长见证并签名</source>
        <translation>The witness cannot be the handling clerk (staff no. {staff_no}): another shift leader or store manager must witness and sign</translation>
    </message>
    <message>
        <source>发票月份无效</source>
        <translation>Invalid invoice month</translation>
    </message>
    <message>
        <source>特殊过户原机主不在场，只能有新机主的代办人</source>
        <translation>In a special transfer the registered owner is absent: only the new owner can have an agent</translation>
    </message>
    <message>
        <source>每方最多一名代办人</source>
        <translation>At most one agent per party</translation>
    </message>
    <message>
        <source>代办人最多 {max} 名</source>
        <translation>At most {max} agents</translation>
    </message>
    <message>
        <source>文件“{name}”是空的，请重新扫描或拍照</source>
        <translation>File &quot;{name}&quot; is empty; scan or photograph it again</translation>
    </message>
    <message>
        <source>文件“{name}”超过 {max_mb} MB，请降低扫描分辨率后重试</source>
        <translation>File &quot;{name}&quot; is over {max_mb} MB; scan at a lower resolution and try again</translation>
    </message>
    <message>
        <source>文件“{name}”不是图片（JPEG、PNG）或 PDF，不能作为证明材料</source>
        <translation>File &quot;{name}&quot; is not an image (JPEG, PNG) or PDF and cannot be used as evidence</translation>
    </message>
    <message>
        <source>每笔过户最多附 {max} 份证明材料</source>
        <translation>At most {max} evidence files per transfer</translation>
    </message>
    <message>
        <source>特殊过户须附证明材料的扫描件或照片（至少一份），请在“证明材料”页添加</source>
        <translation>A special transfer needs at least one scan or photo of the evidence; add it on the &quot;Evidence&quot; page</translation>
    </message>
    <message>
        <source>找不到该证明材料</source>
        <translation>Evidence file not found</translation>
    </message>
    <message>
        <source>找不到该过户记录</source>
        <translation>Transfer not found</translation>
    </message>
    <message>
        <source>{number} 由台席 {desk} 办理，请在该柜台继续</source>
        <translation>{number} is handled at desk {desk}; please continue at that counter</translation>
    </message>
    <message>
        <source>该过户当前为“{state}”，不能再修改</source>
        <translation>This transfer is &quot;{state}&quot; and can no longer be changed</translation>
    </message>
    <message>
        <source>本台席的签章密钥无法解锁（系统密钥环中的口令已丢失），过户协议不能签章。请联系技术支持，不要重新安装程序</source>
        <translation>This desk&apos;s signing key cannot be unlocked (its passphrase is missing from the system keyring), so transfer agreements cannot be sealed. Please contact technical support; do not reinstall the program</translation>
    </message>
    <message>
        <source>只有特殊过户才需要此项</source>
        <translation>Only a special transfer needs this</translation>
    </message>
    <message>
        <source>特殊过户原机主不在场，无需原机主签名</source>
        <translation>In a special transfer the registered owner is absent; their signature is not needed</translation>
    </message>
    <message>
        <source>已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理</source>
        <translation>Saved as &quot;{kind}&quot;; the type cannot be changed. To change it, abandon this one and start again</translation>
    </message>
    <message>
        <source>{number} 刚被修改过，请核对后再完成办理</source>
        <translation>{number} was just changed; please check it before completing</translation>
    </message>
    <message>
        <source>找不到该协议文件</source>
        <translation>Agreement file not found</translation>
    </message>
    <message>
        <source>还有 {count} 项条件未满足</source>
        <translation>{count} conditions are still not met</translation>
    </message>
    <message>
        <source>找不到该证件持有人</source>
        <translation>No such ID holder in this transfer</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环，无法保管客户身份资料的加密密钥；为保护客户信息，暂不能办理过户（不保存未加密的身份资料）。请联系技术支持为本机配置系统密钥环</source>
        <translation>This PC has no usable system keyring to keep the key that encrypts customers&apos; identity data. To protect customer information, transfers of ownership cannot be handled for now (identity data is never stored unencrypted). Please ask technical support to set up a system keyring on this PC</translation>
    </message>
    <message>
        <source>客户身份资料的加密密钥已不在系统密钥环中，已保存的身份资料无法读取，也不能办理过户。请联系技术支持从密钥托管中恢复密钥，不要重新安装程序</source>
        <translation>The key that encrypts customers&apos; identity data is no longer in the system keyring: stored identity data cannot be read and transfers cannot be handled. Please ask technical support to restore the key from key escrow; do not reinstall the program</translation>
    </message>
    <message>
        <source>客户身份资料无法解密（密钥不符或数据已损坏），本笔未保存。请联系技术支持</source>
        <translation>Customers&apos; identity data cannot be decrypted (wrong key or damaged data); this was not saved. Please contact technical support</translation>
    </message>
    <message>
        <source>无权查看完整证件号码：仅店长，或经办本笔的营业员在办理中（填写中）及办结当天（打印营业厅存档联）可以查看</source>
        <translation>You may not see the full ID number: only a store manager may, or the clerk handling this transfer while it is being filled in and on the day it was completed (to print the hall&apos;s copy)</translation>
    </message>
    <message>
        <source>磁盘已满，本条记录未保存（也没有保存一半）。请清理本机磁盘空间后再点保存，或请联系店长/技术支持；已填写的内容仍保留在表单中。</source>
        <translation>The disk is full: this record was not saved (not even partly). Free some disk space on this computer and click Save again, or contact the store manager / technical support; what you typed is still in the form.</translation>
    </message>
    <message>
        <source>该文件夹不能写入（不存在或没有权限），请另选位置：{path}</source>
        <translation>This folder cannot be written to (it does not exist or access is denied). Please choose another location: {path}</translation>
    </message>
    <message>
        <source>磁盘已满（没有留下不完整的文件），请另选位置：{path}</source>
        <translation>The disk is full (no incomplete file was left behind). Please choose another location: {path}</translation>
    </message>
    <message>
        <source>写入失败（{reason}），没有留下不完整的文件：{path}</source>
        <translation>Writing failed ({reason}); no incomplete file was left behind: {path}</translation>
    </message>
    <message>
        <source>请选择备份文件夹</source>
        <translation>Please choose a backup folder</translation>
    </message>
    <message>
        <source>请选择完整的文件夹路径</source>
        <translation>Please choose a full folder path</translation>
    </message>
    <message>
        <source>找不到该文件夹（U 盘未插好或网络共享未连接？）：{path}</source>
        <translation>Folder not found (USB drive not plugged in or network share not connected?): {path}</translation>
    </message>
    <message>
        <source>该文件夹不能写入：{path}</source>
        <translation>This folder cannot be written to: {path}</translation>
    </message>
    <message>
        <source>须为 1–{max} 的数字</source>
        <translation>Must be a number from 1 to {max}</translation>
    </message>
    <message>
        <source>尚未选择备份文件夹，请店长在“设置 → 数据备份”中选择</source>
        <translation>No backup folder chosen yet; the store manager should choose one in &quot;Settings → Data backup&quot;</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥库，无法保管备份密钥；为保护客户信息，不写未加密的备份</source>
        <translation>No system keyring on this computer to keep the backup key; to protect customer data, no unencrypted backup is written</translation>
    </message>
    <message>
        <source>备份写入失败（U 盘已满或被拔出？），未留下不完整的文件：{path}</source>
        <translation>Writing the backup failed (USB drive full or removed?); no partial file was left: {path}</translation>
    </message>
    <message>
        <source>校验未通过，文件已损坏：{path}</source>
        <translation>Verification failed, the file is damaged: {path}</translation>
    </message>
    <message>
        <source>无法在本机复制数据文件以备份（本机磁盘已满？）：{path}</source>
        <translation>Cannot copy the data file on this computer for the backup (disk full?): {path}</translation>
    </message>
    <message>
        <source>这不是受理台的备份文件：{path}</source>
        <translation>This is not a complaint desk backup file: {path}</translation>
    </message>
    <message>
        <source>该备份由更新版本的程序创建，请先升级：{path}</source>
        <translation>This backup was made by a newer version of the program; please upgrade first: {path}</translation>
    </message>
    <message>
        <source>无法读取备份文件：{path}</source>
        <translation>Cannot read the backup file: {path}</translation>
    </message>
    <message>
        <source>本机的备份密钥与该备份不符，无法解密：{path}</source>
        <translation>This computer&apos;s backup key does not match the backup; cannot decrypt: {path}</translation>
    </message>
    <message>
        <source>本机系统密钥库中没有台席 {desk} 的备份密钥。新电脑上恢复前，请联系总部取回托管的密钥</source>
        <translation>This computer&apos;s keyring has no backup key for desk {desk}. Before restoring on a new computer, ask head office for the escrowed key</translation>
    </message>
    <message>
        <source>该备份属于台席 {desk}，不是本台席（{store_desk}）的</source>
        <translation>This backup belongs to desk {desk}, not to this desk ({store_desk})</translation>
    </message>
    <message>
        <source>受理台程序正在运行，请先关闭程序再恢复</source>
        <translation>The complaint desk program is running; close it before restoring</translation>
    </message>
    <message>
        <source>操作未完成（{code}）</source>
        <translation>The operation did not complete ({code})</translation>
    </message>
    <message>
        <source>SIM 卡可正常使用</source>
        <translation>SIM card works</translation>
    </message>
    <message>
        <source>服务密码验证正确</source>
        <translation>Service password verified</translation>
    </message>
    <message>
        <source>近期三个不同月份的充值发票</source>
        <translation>Top-up invoices from three different recent months</translation>
    </message>
    <message>
        <source>近期使用记录</source>
        <translation>recent usage</translation>
    </message>
    <message>
        <source>套餐信息</source>
        <translation>plan details</translation>
    </message>
    <message>
        <source>经办营业员</source>
        <translation>Handling clerk</translation>
    </message>
    <message>
        <source>见证人（值班经理/店长）</source>
        <translation>Witness (shift leader / store manager)</translation>
    </message>
    <message>
        <source>{value}年{int}月</source>
        <translation>{int}/{value}</translation>
    </message>
    <message>
        <source>不在期间内的：{months}</source>
        <translation>outside the period: {months}</translation>
    </message>
    <message>
        <source>定额发票 {n} 张不计</source>
        <translation>{n} fixed-value invoices not counted</translation>
    </message>
    <message>
        <source>（{details}）</source>
        <translation> ({details})</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>和</source>
        <translation> and </translation>
    </message>
    <message>
        <source>（还可尝试 {left} 次）</source>
        <translation> ({left} attempts left)</translation>
    </message>
    <message>
        <source>数据文件由更新版本的程序创建，本程序不能打开，也不会改动它：
{path}
请安装最新版本。</source>
        <translation>The data file was created by a newer version of the program; this one cannot open it and will not change it:
{path}
Please install the latest version.</translation>
    </message>
    <message>
        <source>数据文件已损坏或无法读取：
{path}
文件未被改动。请联系技术支持，或从备份恢复（备份文件夹中最新的 .hdbak 文件：hall-desk restore 备份文件）。</source>
        <translation>The data file is damaged or unreadable:
{path}
The file was not changed. Please contact technical support, or restore from a backup (the newest .hdbak file in the backup folder: hall-desk restore &lt;backup file&gt;).</translation>
    </message>
    <message>
        <source>该文件不是营业厅台席的数据文件，未被改动：
{path}</source>
        <translation>This file is not a hall desk&apos;s data file; it was not changed:
{path}</translation>
    </message>
    <message>
        <source>升级数据前无法先备份数据文件（磁盘已满？），数据未升级、未改动：
{path}
请腾出磁盘空间后再启动。</source>
        <translation>The data file could not be backed up before upgrading it (is the disk full?). The data was neither upgraded nor changed:
{path}
Please free some disk space and start again.</translation>
    </message>
    <message>
        <source>无法打开数据文件：
{path}</source>
        <translation>Cannot open the data file:
{path}</translation>
    </message>
    <message>
        <source>升级前已自动备份数据：{file}</source>
        <translation>The data was backed up automatically before the upgrade: {file}</translation>
    </message>
    <message>
        <source>数据已升级，客户身份资料已改为加密保存。升级前自动备份的副本含未加密的身份资料，已删除；如需回到旧版本，请用加密的日常备份恢复。</source>
        <translation>The data was upgraded and customers&apos; identity data is now stored encrypted. The copy taken automatically before the upgrade held identity data unencrypted and was deleted; to go back to the older version, restore an encrypted daily backup.</translation>
    </message>
    <message>
        <source>冲突：总部已有同编号但内容不同的事件</source>
        <translation>Conflict: head office already has a different event with the same number</translation>
    </message>
    <message>
        <source>不属于本台席的事件</source>
        <translation>Event does not belong to this desk</translation>
    </message>
    <message>
        <source>总部不认识的事件类型</source>
        <translation>Event type unknown to head office</translation>
    </message>
    <message>
        <source>总部不支持的事件版本</source>
        <translation>Event version not supported by head office</translation>
    </message>
    <message>
        <source>事件内容不完整或格式错误</source>
        <translation>Event incomplete or malformed</translation>
    </message>
    <message>
        <source>总部拒绝应用此变更</source>
        <translation>Head office refused to apply this change</translation>
    </message>
    <message>
        <source>不属于本营业厅的事件</source>
        <translation>Event does not belong to this hall</translation>
    </message>
    <message>
        <source>本台席自己的事件（不应从总部下发）</source>
        <translation>This desk&apos;s own event (should not come from head office)</translation>
    </message>
    <message>
        <source>事件链断裂：与该台席之前的事件对不上</source>
        <translation>Broken event chain: does not follow that desk&apos;s earlier events</translation>
    </message>
    <message>
        <source>只接受总部下发的此类变更</source>
        <translation>Only head office may send this kind of change</translation>
    </message>
    <message>
        <source>本台席没有该投诉记录</source>
        <translation>This desk has no record of that complaint</translation>
    </message>
    <message>
        <source>只有受理该投诉的台席可以修改它</source>
        <translation>Only the desk that accepted the complaint may change it</translation>
    </message>
    <message>
        <source>工号已被本营业厅的其他账号使用</source>
        <translation>The staff no. is used by another account of this hall</translation>
    </message>
    <message>
        <source>只有办理该过户的台席可以修改它</source>
        <translation>Only the desk handling the transfer may change it</translation>
    </message>
    <message>
        <source>文件内容与校验值不符（本机文件可能已损坏）</source>
        <translation>File content does not match its checksum (the local file may be damaged)</translation>
    </message>
    <message>
        <source>文件超过总部允许的大小</source>
        <translation>File larger than head office allows</translation>
    </message>
    <message>
        <source>总部不接收此类文件（只收 PDF、JPEG、PNG）</source>
        <translation>Head office does not accept this kind of file (PDF, JPEG and PNG only)</translation>
    </message>
    <message>
        <source>文件内容与其类型不符（例如网页被当作图片或 PDF）</source>
        <translation>File content does not match its type (e.g. a web page sent as an image or PDF)</translation>
    </message>
    <message>
        <source>文件为空</source>
        <translation>File is empty</translation>
    </message>
    <message>
        <source>事件链对不上：总部已有本台席该序号前后的其他事件</source>
        <translation>Chain does not link: head office holds other events of this desk before or after this number</translation>
    </message>
    <message>
        <source>总部暂存：等待该记录的创建事件到达后自动应用</source>
        <translation>Held at head office: applied automatically once the record&apos;s creation arrives</translation>
    </message>
    <message>
        <source>内容含有无法保存的空字符</source>
        <translation>The content holds a null character that cannot be stored</translation>
    </message>
    <message>
        <source>事件时间晚于总部时间（本机时钟可能不准）</source>
        <translation>The event is dated after head office&apos;s time (this computer&apos;s clock may be wrong)</translation>
    </message>
    <message>
        <source>只有总部可以做出此类变更</source>
        <translation>Only head office may make this change</translation>
    </message>
    <message>
        <source>该记录属于其他营业厅</source>
        <translation>The record belongs to another hall</translation>
    </message>
    <message>
        <source>该记录属于其他台席，只有其台席可以修改</source>
        <translation>The record belongs to another desk; only that desk may change it</translation>
    </message>
    <message>
        <source>记录创建后不可更改的内容被修改</source>
        <translation>A field that is fixed once the record exists was changed</translation>
    </message>
    <message>
        <source>不允许的状态变化</source>
        <translation>A state change that is not allowed</translation>
    </message>
    <message>
        <source>总部尚未作出该退费决定</source>
        <translation>Head office has not made this refund decision</translation>
    </message>
    <message>
        <source>总部没有该工号的员工记录</source>
        <translation>Head office holds no staff account with this number</translation>
    </message>
    <message>
        <source>该员工的角色无权进行此操作</source>
        <translation>This staff member&apos;s role may not do this</translation>
    </message>
    <message>
        <source>该员工账号已被停用</source>
        <translation>This staff account is disabled</translation>
    </message>
    <message>
        <source>该账号由总部停用，只能由总部重新启用</source>
        <translation>Head office disabled this account; only head office can enable it again</translation>
    </message>
    <message>
        <source>事件格式错误（{reason}）</source>
        <translation>Malformed event ({reason})</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV 文件（逗号分隔，UTF-8） (*.csv)</source>
        <translation>CSV file (comma-separated, UTF-8) (*.csv)</translation>
    </message>
    <message>
        <source>导出完整号码</source>
        <translation>Export full numbers</translation>
    </message>
    <message>
        <source>仅店长可选。导出的文件含客户完整号码，本次导出将记入审计日志；请妥善保管文件。</source>
        <translation>Store managers only. The file will hold customers&apos; full numbers and this export is recorded in the audit log; keep the file safe.</translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>把当前筛选出的全部投诉（不只本页）导出为 Excel 或 CSV 文件，号码默认隐去中间四位</source>
        <translation>Export all complaints matching the current filter (not only this page) to an Excel or CSV file; numbers have their middle four digits hidden by default</translation>
    </message>
    <message>
        <source>导出投诉清单</source>
        <translation>Export the complaint list</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>正在导出… {done}/{total} 条</source>
        <translation>Exporting… {done}/{total}</translation>
    </message>
    <message>
        <source>导出已取消，未生成文件</source>
        <translation>Export cancelled; no file was written</translation>
    </message>
    <message>
        <source>导出失败，未生成文件</source>
        <translation>Export failed; no file was written</translation>
    </message>
    <message>
        <source>已导出 {rows} 条到 {name}</source>
        <translation>Exported {rows} rows to {name}</translation>
    </message>
    <message>
        <source>（含完整号码，已记入审计日志）</source>
        <translation> (full numbers included; recorded in the audit log)</translation>
    </message>
</context>
<context>
    <name>FollowUp</name>
    <message>
        <source>全厅跟进</source>
        <translation>Hall follow-up</translation>
    </message>
    <message>
        <source>我的跟进</source>
        <translation>My follow-up</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>2小时内到期</source>
        <translation>Due within 2 h</translation>
    </message>
    <message>
        <source>总部已到账，请告知客户</source>
        <translation>Credited by head office: tell the customer</translation>
    </message>
    <message>
        <source>总部执行失败，请告知客户</source>
        <translation>Head office&apos;s execution failed: tell the customer</translation>
    </message>
    <message>
        <source>总部超过 {days} 个工作日未执行</source>
        <translation>Not executed by head office for more than {days} working days</translation>
    </message>
    <message>
        <source>【{what}】{refund} {amount} · 投诉 {complaint}（{state}）</source>
        <translation>[{what}] {refund} {amount} · complaint {complaint} ({state})</translation>
    </message>
    <message>
        <source>只看我的(&amp;M)</source>
        <translation>&amp;Mine only</translation>
    </message>
    <message>
        <source>只显示我是首问责任人或当前处理人的投诉</source>
        <translation>Show only complaints where I am the first responder or the current handler</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>每分钟自动刷新；保存、同步后也会刷新</source>
        <translation>Refreshed every minute, and after saving or syncing</translation>
    </message>
    <message>
        <source>红色：已超时；黄色：2 小时内到期。首问责任人在投诉办结前始终负责跟进（含已转派的）。回车或双击打开。</source>
        <translation>Red: overdue; amber: due within 2 hours. The first responder follows a complaint up until it is settled (handed-over ones included). Press Enter or double-click to open.</translation>
    </message>
    <message>
        <source>没有需要跟进的投诉。</source>
        <translation>No complaints to follow up.</translation>
    </message>
    <message>
        <source>全厅未办结投诉</source>
        <translation>Open complaints of the whole hall</translation>
    </message>
    <message>
        <source>（显示最近到期的 {n} 条）</source>
        <translation> (showing the {n} due soonest)</translation>
    </message>
    <message>
        <source>更新于 {when}，每分钟自动刷新</source>
        <translation>Updated {when}; refreshed every minute</translation>
    </message>
    <message>
        <source>⚠ 媒体投诉未送达总部，请电话报告：{numbers}</source>
        <translation>⚠ Media complaint not yet at head office, report it by phone: {numbers}</translation>
    </message>
    <message>
        <source>{number}（{customer}）将于 {due} 超时</source>
        <translation>{number} ({customer}) becomes overdue at {due}</translation>
    </message>
    <message>
        <source>……另有 {n} 条</source>
        <translation>…and {n} more</translation>
    </message>
    <message>
        <source>⚠ 即将超时</source>
        <translation>⚠ Due soon</translation>
    </message>
    <message>
        <source>查看我的跟进</source>
        <translation>Open my follow-up</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{name}（{number}）</source>
        <translation>{name} ({number})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{label}：{text}</source>
        <translation>{label}: {text}</translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <source>尽快恢复并说明原因</source>
        <translation>Restore service as soon as possible and explain the cause</translation>
    </message>
    <message>
        <source>新建重大批量投诉</source>
        <translation>New major mass complaint</translation>
    </message>
    <message>
        <source>同一原因、多位客户（如基站故障）。事件进行中时，受理页可一键受理后续来电客户。</source>
        <translation>One cause, many customers (e.g. a base station failure). While the incident is open, the intake page takes each further customer in one step.</translation>
    </message>
    <message>
        <source>如 XX 基站故障导致 XX 小区无信号</source>
        <translation>e.g. no signal in XX estate because base station XX failed</translation>
    </message>
    <message>
        <source>事件原因(&amp;C)</source>
        <translation>&amp;Cause</translation>
    </message>
    <message>
        <source>如 城东区人民路一带</source>
        <translation>e.g. around Renmin Road, East District</translation>
    </message>
    <message>
        <source>影响区域(&amp;A)</source>
        <translation>Affected &amp;area</translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation>Complaint class</translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation>Complaint sub-class</translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation>Network urgency</translation>
    </message>
    <message>
        <source>开始时间(&amp;S)</source>
        <translation>&amp;Start time</translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>重大批量投诉：一键受理</source>
        <translation>Major mass complaint: one-step intake</translation>
    </message>
    <message>
        <source>，{urgency}</source>
        <translation>, {urgency}</translation>
    </message>
    <message>
        <source>事件 {number}：{cause}
影响区域：{area}；{main}/{sub}{urgency}；开始于 {started}
只需填写号码和姓名，其余按事件自动填写，保存时照常判断重复投诉。</source>
        <translation>Incident {number}: {cause}
Affected area: {area}; {main}/{sub}{urgency}; started {started}
Enter only the number and name; the rest comes from the incident, and repeat complaints are detected on saving as usual.</translation>
    </message>
    <message>
        <source>手机 11 位，固话带区号</source>
        <translation>Mobile: 11 digits; landline with area code</translation>
    </message>
    <message>
        <source>客户号码(&amp;H)</source>
        <translation>Customer&apos;s p&amp;hone</translation>
    </message>
    <message>
        <source>如 陈先生</source>
        <translation>e.g. Mr Chen</translation>
    </message>
    <message>
        <source>客户姓名(&amp;N)</source>
        <translation>Customer&apos;s &amp;name</translation>
    </message>
    <message>
        <source>保存，下一位 (Ctrl+Enter)</source>
        <translation>Save, next (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>结束 (Esc)</source>
        <translation>Finish (Esc)</translation>
    </message>
    <message>
        <source>已保存投诉 {number}（{name}，{phone}）</source>
        <translation>Complaint {number} saved ({name}, {phone})</translation>
    </message>
    <message>
        <source>，已标记为重复投诉</source>
        <translation>; flagged as a repeat complaint</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>事件原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>影响区域</source>
        <translation>Affected area</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>投诉数</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>创建台席</source>
        <translation>Created at desk</translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation>Major mass complaint</translation>
    </message>
    <message>
        <source>新建(&amp;N)…</source>
        <translation>&amp;New…</translation>
    </message>
    <message>
        <source>结束所选事件(&amp;E)</source>
        <translation>&amp;End the selected incident</translation>
    </message>
    <message>
        <source>显示已结束的</source>
        <translation>Show ended ones</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>请先选择一个事件</source>
        <translation>Please select an incident first</translation>
    </message>
    <message>
        <source>结束事件</source>
        <translation>End incident</translation>
    </message>
    <message>
        <source>结束 {number} 后不能再一键受理或关联；已受理的投诉仍需逐一答复。确认结束吗？</source>
        <translation>Once {number} has ended, no more one-step intake or linking is possible; complaints already taken must still each be replied to. End it?</translation>
    </message>
    <message>
        <source>已新建重大批量投诉 {number}</source>
        <translation>Major mass complaint {number} created</translation>
    </message>
    <message>
        <source>已结束 {number}</source>
        <translation>{number} ended</translation>
    </message>
    <message>
        <source>重大批量投诉：一键受理 (F8)</source>
        <translation>Major mass complaint: one-step intake (F8)</translation>
    </message>
    <message>
        <source>重大批量投诉进行中（{count}）：</source>
        <translation>Major mass complaints in progress ({count}):</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>手机 11 位，固话带区号，或 400/800 号码</source>
        <translation>Mobile: 11 digits; fixed line with area code; or a 400/800 number</translation>
    </message>
    <message>
        <source>如 陈先生</source>
        <translation>e.g. Mr Chen</translation>
    </message>
    <message>
        <source>需外省或其他企业（他网运营商、银行等）配合处理的网络投诉：按工作日计时限</source>
        <translation>Network complaints needing another province or company (other operators, banks…): the deadline counts working days</translation>
    </message>
    <message>
        <source>如 本营业厅、家中、XX 小区</source>
        <translation>e.g. this hall, at home, XX estate</translation>
    </message>
    <message>
        <source>元，如 58.50；无则留空</source>
        <translation>yuan, e.g. 58.50; leave empty if none</translation>
    </message>
    <message>
        <source>客户反映的问题经过</source>
        <translation>What the customer reports, and how it happened</translation>
    </message>
    <message>
        <source>解释、修复、补偿、道歉……</source>
        <translation>Explanation, repair, compensation, apology…</translation>
    </message>
    <message>
        <source>通信管理局/工信部编号</source>
        <translation>Communications administration / MIIT reference</translation>
    </message>
    <message>
        <source>重要投诉（律师、政府、知名人士等）</source>
        <translation>Important complaint (lawyer, government, public figure…)</translation>
    </message>
    <message>
        <source>媒体记者（出示记者证）</source>
        <translation>Journalist (showed a press card)</translation>
    </message>
    <message>
        <source>客户姓名(&amp;N)</source>
        <translation>Customer&apos;s &amp;name</translation>
    </message>
    <message>
        <source>客户品牌</source>
        <translation>Customer&apos;s brand</translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>客户号码(&amp;P)</source>
        <translation>Customer&apos;s &amp;phone</translation>
    </message>
    <message>
        <source>投诉大类(&amp;L)</source>
        <translation>Complaint c&amp;lass</translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation>Complaint sub-class</translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation>Network urgency</translation>
    </message>
    <message>
        <source>跨省/跨企业</source>
        <translation>Across provinces / operators</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>When it happened</translation>
    </message>
    <message>
        <source>发生地点</source>
        <translation>Where it happened</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>问题描述(&amp;D)</source>
        <translation>Problem &amp;description</translation>
    </message>
    <message>
        <source>客户诉求(&amp;R)</source>
        <translation>Customer&apos;s &amp;request</translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation>Escalated to</translation>
    </message>
    <message>
        <source>申诉编号</source>
        <translation>Appeal reference</translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation>Escalation tendency</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>* 为必填项</source>
        <translation>* required</translation>
    </message>
    <message>
        <source>复述确认并保存 (Ctrl+Enter)</source>
        <translation>Read back, confirm and save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>清空 (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>重大批量投诉…</source>
        <translation>Major mass complaints…</translation>
    </message>
    <message>
        <source>常用模板 (F2)</source>
        <translation>Templates (F2)</translation>
    </message>
    <message>
        <source>处理时限（保存时确定）</source>
        <translation>Deadlines (fixed on saving)</translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation>Reply to the customer</translation>
    </message>
    <message>
        <source>管局15天</source>
        <translation>Regulator 15-day limit</translation>
    </message>
    <message>
        <source>该客户的历史投诉</source>
        <translation>This customer&apos;s earlier complaints</translation>
    </message>
    <message>
        <source>输入完整号码后显示</source>
        <translation>Shown once the full number is entered</translation>
    </message>
    <message>
        <source>该号码没有历史投诉</source>
        <translation>No earlier complaints for this number</translation>
    </message>
    <message>
        <source>重复投诉：该客户 {days} 天内已就同类问题投诉过（{numbers}）。保存后将标记为重复投诉并关联。</source>
        <translation>Repeat complaint: this customer complained about the same kind of problem within {days} days ({numbers}). On saving it will be flagged as a repeat complaint and linked.</translation>
    </message>
    <message>
        <source>发生时间已超过 {months} 个月：收费争议超过 {months} 个月，客户向通信管理局申诉将不被受理。投诉照常受理和记录。</source>
        <translation>It happened more than {months} months ago: an appeal to the telecom administration about a fee dispute older than {months} months is not accepted. The complaint is still accepted and recorded.</translation>
    </message>
    <message>
        <source>发生时间已超过 {years} 年：超过 {years} 年的争议，客户向通信管理局申诉将不被受理。投诉照常受理和记录。</source>
        <translation>It happened more than {years} years ago: an appeal to the telecom administration about a dispute older than {years} years is not accepted. The complaint is still accepted and recorded.</translation>
    </message>
    <message>
        <source>按网络紧急程度</source>
        <translation>By network urgency</translation>
    </message>
    <message>
        <source>跨省协调：{n} 个工作日</source>
        <translation>Cross-province coordination: {n} working days</translation>
    </message>
    <message>
        <source>跨企业协调：{n} 个工作日</source>
        <translation>Cross-operator coordination: {n} working days</translation>
    </message>
    <message>
        <source>按客户品牌</source>
        <translation>By customer brand</translation>
    </message>
    <message>
        <source>（估：超出节假日日历，按周一至周五计）</source>
        <translation> (estimate: beyond the holiday calendar, Monday to Friday counted)</translation>
    </message>
    <message>
        <source>；落在 22:00–08:00 的时限顺延至 08:00</source>
        <translation>; a deadline falling between 22:00 and 08:00 moves to 08:00</translation>
    </message>
    <message>
        <source>放弃填写</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>放弃当前填写的投诉内容吗？已填写的内容将被清空。</source>
        <translation>Discard the complaint being entered? What was typed will be cleared.</translation>
    </message>
    <message>
        <source>模板“{name}”不能使用：</source>
        <translation>Template “{name}” cannot be used: </translation>
    </message>
    <message>
        <source>已套用模板：{name}（版本 {version}），Tab 依次填写空白</source>
        <translation>Template applied: {name} (version {version}); Tab moves from blank to blank</translation>
    </message>
    <message>
        <source>【{label}】按 ↓/↑ 选常用值：{values}（或直接输入）</source>
        <translation>【{label}】: ↓/↑ for a usual value: {values} (or type)</translation>
    </message>
    <message>
        <source>建议子类：{sub}（按 F3 采用；依据“{words}”）</source>
        <translation>Suggested sub-class: {sub} (F3 to take it; from “{words}”)</translation>
    </message>
    <message>
        <source>建议分类：{main}/{sub}（按 F3 采用；依据“{words}”）</source>
        <translation>Suggested class: {main}/{sub} (F3 to take it; from “{words}”)</translation>
    </message>
</context>
<context>
    <name>LinkIncidentDialog</name>
    <message>
        <source>事件(&amp;I)</source>
        <translation>&amp;Incident</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>【演示】</source>
        <translation> [DEMO]</translation>
    </message>
    <message>
        <source>打印回执 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>受理投诉</source>
        <translation>Take a complaint</translation>
    </message>
    <message>
        <source>我的跟进</source>
        <translation>My follow-up</translation>
    </message>
    <message>
        <source>投诉列表</source>
        <translation>Complaint list</translation>
    </message>
    <message>
        <source>正在与总部同步…</source>
        <translation>Syncing with head office…</translation>
    </message>
    <message>
        <source>Ctrl+G 打开我的跟进</source>
        <translation>Ctrl+G opens My follow-up</translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>待审批退费</source>
        <translation>Refunds awaiting approval</translation>
    </message>
    <message>
        <source>统计看板…</source>
        <translation>Dashboard…</translation>
    </message>
    <message>
        <source>办理过户…</source>
        <translation>New transfer of ownership…</translation>
    </message>
    <message>
        <source>过户记录</source>
        <translation>Transfer records</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>未送达事件…</source>
        <translation>Undelivered events…</translation>
    </message>
    <message>
        <source>统计(&amp;T)</source>
        <translation>S&amp;tatistics</translation>
    </message>
    <message>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>人员管理…</source>
        <translation>Staff…</translation>
    </message>
    <message>
        <source>退费审批授权…</source>
        <translation>Refund approval delegation…</translation>
    </message>
    <message>
        <source>数据备份…</source>
        <translation>Data backup…</translation>
    </message>
    <message>
        <source>资料保存期限…</source>
        <translation>Record retention…</translation>
    </message>
    <message>
        <source>常用模板…</source>
        <translation>Complaint templates…</translation>
    </message>
    <message>
        <source>回执纸张</source>
        <translation>Receipt paper</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>80 mm 小票</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>典型案例库…</source>
        <translation>Typical case library…</translation>
    </message>
    <message>
        <source>案例(&amp;C)</source>
        <translation>&amp;Cases</translation>
    </message>
    <message>
        <source>导出诊断包…</source>
        <translation>Export diagnostics bundle…</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>{name}（{staff_no}，{role}）</source>
        <translation>{name} ({staff_no}, {role})</translation>
    </message>
    <message>
        <source>{desk}：{count} 次，{first} 至 {last}</source>
        <translation>{desk}: {count} times, {first} to {last}</translation>
    </message>
    <message>
        <source>有人在审批框中以您的工号输错了密码：</source>
        <translation>Someone typed wrong passwords for your staff number in an approval box:</translation>
    </message>
    <message>
        <source>您的登录不受影响。若不是您本人，请告知店长。</source>
        <translation>Your sign-in is not affected. If this was not you, tell the store manager.</translation>
    </message>
    <message>
        <source>审批密码输错提醒</source>
        <translation>Wrong approval passwords</translation>
    </message>
    <message>
        <source>{name} 已退出，填写中的内容已为其保留。请下一位登录。</source>
        <translation>{name} has signed out; the form being filled in is kept for them. Next person, please sign in.</translation>
    </message>
    <message>
        <source>已锁定（{name}）。填写中的内容已保留，重新登录后继续。</source>
        <translation>Locked ({name}). The form being filled in is kept; sign in again to continue.</translation>
    </message>
    <message>
        <source>演示台席不连接总部，不能同步。演示数据只保存在本机。</source>
        <translation>A demo desk has no head office and cannot sync. Demo data stays on this computer.</translation>
    </message>
    <message>
        <source>本台席尚未登记到总部，不能同步。请技术支持运行 hall-desk register 登记本台席。</source>
        <translation>This desk is not registered with head office yet and cannot sync. Technical support registers it with hall-desk register.</translation>
    </message>
    <message>
        <source>⚠ 媒体投诉未送达总部，请电话报告</source>
        <translation>⚠ Media complaint not yet at head office, report it by phone</translation>
    </message>
    <message>
        <source>全厅跟进</source>
        <translation>Hall follow-up</translation>
    </message>
    <message>
        <source>（{open}，超时 {overdue}）</source>
        <translation> ({open}, {overdue} overdue)</translation>
    </message>
    <message>
        <source>（{open}）</source>
        <translation> ({open})</translation>
    </message>
    <message>
        <source>⚠ 即将超时：{number} 将于 {due} 到期</source>
        <translation>⚠ Due soon: {number} is due at {due}</translation>
    </message>
    <message>
        <source>（另有 {n} 条）</source>
        <translation> ({n} more)</translation>
    </message>
    <message>
        <source>即将超时的投诉</source>
        <translation>Complaints due soon</translation>
    </message>
    <message>
        <source>已保存投诉 {number}，答复时限 {due}。</source>
        <translation>Complaint {number} saved; reply due {due}.</translation>
    </message>
    <message>
        <source>（已标记为重复投诉）</source>
        <translation> (flagged as a repeat complaint)</translation>
    </message>
    <message>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <source>无法生成回执</source>
        <translation>Cannot produce the receipt</translation>
    </message>
    <message>
        <source>统计看板已最小化，显示所点的投诉；按 {key} 回到统计看板</source>
        <translation>The dashboard is minimised to show the complaints you clicked; press {key} to return to it</translation>
    </message>
    <message>
        <source>投诉受理回执</source>
        <translation>Complaint receipt</translation>
    </message>
    <message>
        <source>无法生成退费单</source>
        <translation>Cannot produce the refund slip</translation>
    </message>
    <message>
        <source>退费单</source>
        <translation>Refund slip</translation>
    </message>
    <message>
        <source>{hall}（台席 {desk}）</source>
        <translation>{hall} (desk {desk})</translation>
    </message>
    <message>
        <source>营业厅投诉受理台 — {title}</source>
        <translation>Service Hall Complaint Desk — {title}</translation>
    </message>
    <message>
        <source>界面语言已更改，重启程序后生效。现在重启吗？填写中的内容会保留。</source>
        <translation>The interface language has been changed; it takes effect when the program restarts. Restart now? The form being filled in is kept.</translation>
    </message>
    <message>
        <source>立即重启(&amp;R)</source>
        <translation>&amp;Restart now</translation>
    </message>
    <message>
        <source>稍后</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>⚠ 数据文件已损坏：{path}</source>
        <translation>⚠ Data file damaged: {path}</translation>
    </message>
</context>
<context>
    <name>MigrationWindow</name>
    <message>
        <source>正在备份升级前的数据…</source>
        <translation>Backing up the data before the upgrade…</translation>
    </message>
    <message>
        <source>正在转换事件记录（{done} / {total} 条）…</source>
        <translation>Converting event records ({done} / {total})…</translation>
    </message>
    <message>
        <source>正在升级数据（第 {done}/{total} 步）…</source>
        <translation>Upgrading the data (step {done} of {total})…</translation>
    </message>
    <message>
        <source>可以中断，下次启动时从中断处继续。</source>
        <translation>You may interrupt it; it continues where it stopped at the next start.</translation>
    </message>
    <message>
        <source>数据升级</source>
        <translation>Data upgrade</translation>
    </message>
    <message>
        <source>中断</source>
        <translation>Interrupt</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>文件格式不正确</source>
        <translation>wrong file format</translation>
    </message>
    <message>
        <source>数据不完整</source>
        <translation>incomplete data</translation>
    </message>
    <message>
        <source>文档已加密</source>
        <translation>the document is encrypted</translation>
    </message>
    <message>
        <source>文档没有页面</source>
        <translation>the document has no pages</translation>
    </message>
    <message>
        <source>无法解析</source>
        <translation>cannot be parsed</translation>
    </message>
    <message>
        <source>文档无法读取（{reason}），未能打印。请重新生成后再试。</source>
        <translation>The document cannot be read ({reason}); nothing was printed. Please produce it again and retry.</translation>
    </message>
    <message>
        <source>PDF 文件 {outputFileName}</source>
        <translation>PDF file {outputFileName}</translation>
    </message>
    <message>
        <source>打印机“{value}”</source>
        <translation>Printer &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>默认打印机</source>
        <translation>default printer</translation>
    </message>
    <message>
        <source>{printer_label}不可用。请检查打印机是否已连接并开机，或选择其他打印机。</source>
        <translation>{printer_label} is not available. Check that the printer is connected and switched on, or choose another printer.</translation>
    </message>
    <message>
        <source>未指定 PDF 文件的保存位置，未能打印。</source>
        <translation>No location given for the PDF file; nothing was printed.</translation>
    </message>
    <message>
        <source>无法开始打印：{printer_label}没有响应。请检查打印机是否已连接、开机、有纸，然后重试。</source>
        <translation>Cannot start printing: {printer_label} does not respond. Check that the printer is connected, switched on and has paper, then retry.</translation>
    </message>
    <message>
        <source>打印未完成：{printer_label}报告了错误。请检查后重试。</source>
        <translation>Printing did not finish: {printer_label} reported an error. Please check it and retry.</translation>
    </message>
    <message>
        <source>打印到第 {value} 页时失败，请检查打印机后重试。</source>
        <translation>Printing failed at page {value}; please check the printer and retry.</translation>
    </message>
    <message>
        <source>文档</source>
        <translation>document</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>选择打印机并打印（Ctrl+P）</source>
        <translation>Choose a printer and print (Ctrl+P)</translation>
    </message>
    <message>
        <source>另存为PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>第 {number} 页</source>
        <translation>Page {number}</translation>
    </message>
    <message>
        <source>共 {len} 页</source>
        <translation>{len} pages</translation>
    </message>
    <message>
        <source>无法显示预览：{message}</source>
        <translation>Cannot show the preview: {message}</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>已发送 {pages} 页到打印机</source>
        <translation>{pages} pages sent to the printer</translation>
    </message>
    <message>
        <source>无法保存到 {target}：{value}</source>
        <translation>Cannot save to {target}: {value}</translation>
    </message>
    <message>
        <source>已保存：{name}</source>
        <translation>Saved: {name}</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>答复时限 {due} 不因新的承诺时间而改变；超时的投诉仍计为超时。</source>
        <translation>The reply deadline {due} does not change with a new promised time; a late complaint still counts as late.</translation>
    </message>
    <message>
        <source>已告知客户的进展</source>
        <translation>Progress told to the customer</translation>
    </message>
    <message>
        <source>告知客户(&amp;T)</source>
        <translation>&amp;Told the customer</translation>
    </message>
    <message>
        <source>新的承诺时间(&amp;P)</source>
        <translation>New &amp;promised time</translation>
    </message>
    <message>
        <source>夜间（22:00–08:00）不打电话：将记为 {at}</source>
        <translation>No calls 22:00–08:00: will be recorded as {at}</translation>
    </message>
</context>
<context>
    <name>ReadBack</name>
    <message>
        <source>我跟您确认一下，您反映的问题是：{description}，您希望：{customer_request}，是这样吗？</source>
        <translation>Let me confirm: the problem you report is: {description}, and you would like: {customer_request}. Is that right?</translation>
    </message>
</context>
<context>
    <name>ReadBackDialog</name>
    <message>
        <source>复述确认</source>
        <translation>Read back and confirm</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>{name}（{phone}，{tier}）</source>
        <translation>{name} ({phone}, {tier})</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation>Escalated complaint</translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation>Important complaint</translation>
    </message>
    <message>
        <source>媒体：立即报送综合部</source>
        <translation>Media: report to the general office at once</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>客户确认，保存</source>
        <translation>Customer confirmed, save</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Back to edit</translation>
    </message>
</context>
<context>
    <name>RecoverDeskDialog</name>
    <message>
        <source>从总部恢复本台席（更换电脑）</source>
        <translation>Recover this desk from head office (replaced PC)</translation>
    </message>
    <message>
        <source>本台席的电脑更换后使用：请先请总部为本台席重新发放令牌和恢复码（旧电脑的令牌随即作废；恢复码 72 小时内有效，只能使用一次）。本台席的全部记录、签章密钥和证件数据密钥将从总部取回，不会新建营业厅。</source>
        <translation>Use this after the desk&apos;s PC was replaced: first ask head office to issue a new token and a recovery code for this desk (the old PC&apos;s token stops working at once; the recovery code is valid for 72 hours and can be used once). All of this desk&apos;s records, its signing key and its identity-data key are fetched from head office; no new hall is created.</translation>
    </message>
    <message>
        <source>如 https://hq.example:8443</source>
        <translation>e.g. https://hq.example:8443</translation>
    </message>
    <message>
        <source>如 HA01-02</source>
        <translation>e.g. HA01-02</translation>
    </message>
    <message>
        <source>总部新发放的台席令牌</source>
        <translation>The desk token newly issued by head office</translation>
    </message>
    <message>
        <source>随令牌发放，如 7KQ2-M9XD-4TRV-0HCW</source>
        <translation>Issued with the token, like 7KQ2-M9XD-4TRV-0HCW</translation>
    </message>
    <message>
        <source>可选：总部使用自建 CA 签发的证书时，选择该 CA 的 PEM 文件</source>
        <translation>Optional: when head office&apos;s certificate is issued by its own CA, choose that CA&apos;s PEM file</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>总部地址</source>
        <translation>Head office address</translation>
    </message>
    <message>
        <source>台席编号</source>
        <translation>Desk code</translation>
    </message>
    <message>
        <source>台席令牌</source>
        <translation>Desk token</translation>
    </message>
    <message>
        <source>恢复码</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>总部 CA 证书</source>
        <translation>Head office CA certificate</translation>
    </message>
    <message>
        <source>开始恢复</source>
        <translation>Start recovery</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>正在连接总部，核对令牌…</source>
        <translation>Connecting to head office, checking the token…</translation>
    </message>
    <message>
        <source>正在取回本台席的密钥…</source>
        <translation>Fetching this desk&apos;s keys…</translation>
    </message>
    <message>
        <source>正在取回本台席的记录…</source>
        <translation>Fetching this desk&apos;s records…</translation>
    </message>
    <message>
        <source>正在同步营业厅的账号、政策和其他台席的记录…</source>
        <translation>Syncing the hall&apos;s accounts, policy and the other desks&apos; records…</translation>
    </message>
    <message>
        <source>正在取回过户协议和证明材料…</source>
        <translation>Fetching transfer agreements and evidence…</translation>
    </message>
    <message>
        <source>连不上总部：请检查总部地址和本机网络，然后重试</source>
        <translation>Cannot reach head office: please check its address and this PC&apos;s network, then try again</translation>
    </message>
    <message>
        <source>总部响应超时，请稍后重试</source>
        <translation>Head office did not answer in time; please try again later</translation>
    </message>
    <message>
        <source>总部不认可该令牌：请核对总部为本台席新发放的令牌</source>
        <translation>Head office does not accept this token: please check the token head office newly issued for this desk</translation>
    </message>
    <message>
        <source>该令牌已被总部吊销（可能总部已再次发放），请向总部索取最新令牌</source>
        <translation>Head office has revoked this token (perhaps it issued another one); please ask head office for the latest token</translation>
    </message>
    <message>
        <source>该令牌属于另一个台席，请核对台席编号和令牌</source>
        <translation>This token belongs to another desk; please check the desk code and the token</translation>
    </message>
    <message>
        <source>总部返回的本台席记录未通过校验，未保留任何内容，请联系总部</source>
        <translation>The records head office returned for this desk failed verification; nothing was kept. Please contact head office</translation>
    </message>
    <message>
        <source>选择总部 CA 证书</source>
        <translation>Choose head office&apos;s CA certificate</translation>
    </message>
    <message>
        <source>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>PEM certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>（{done} / {total}）</source>
        <translation> ({done} / {total})</translation>
    </message>
    <message>
        <source>恢复时出现内部错误，已记入日志：{error}</source>
        <translation>An internal error occurred during recovery and was written to the log: {error}</translation>
    </message>
</context>
<context>
    <name>Refunds</name>
    <message>
        <source>审批限额按本投诉退费合计：{parts}；超过 {limit} 元报总部审批。</source>
        <translation>Approval limits apply to the total refunded for this complaint: {parts}; above {limit} yuan head office approves.</translation>
    </message>
    <message>
        <source>合计超出营业厅审批权限（{limit} 元）：批准即报总部审批（待总部审批），总部决定后自动更新。</source>
        <translation>The total is above the hall&apos;s approval limit ({limit} yuan): approving sends it to head office (awaiting head office approval); it updates itself once head office decides.</translation>
    </message>
    <message>
        <source>{name}（{no}，受 {by} 授权至 {until}）</source>
        <translation>{name} ({no}, delegated by {by} until {until})</translation>
    </message>
    <message>
        <source>可由{roles}（限额 {limit} 元及以上）审批：{people}</source>
        <translation>Approvers ({roles}; limit {limit} yuan or more): {people}</translation>
    </message>
    <message>
        <source>退费单号</source>
        <translation>Refund no.</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>退费项目</source>
        <translation>Item refunded</translation>
    </message>
    <message>
        <source>退费金额</source>
        <translation>Refund amount</translation>
    </message>
    <message>
        <source>账户类型</source>
        <translation>Account type</translation>
    </message>
    <message>
        <source>退费方式</source>
        <translation>Refund method</translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation>What was checked</translation>
    </message>
    <message>
        <source>退费原因</source>
        <translation>Refund reason</translation>
    </message>
    <message>
        <source>销户号码</source>
        <translation>Closed number</translation>
    </message>
    <message>
        <source>现金余额</source>
        <translation>Cash balance</translation>
    </message>
    <message>
        <source>充值卡余额</source>
        <translation>Top-up card balance</translation>
    </message>
    <message>
        <source>余额去向</source>
        <translation>Balance goes to</translation>
    </message>
    <message>
        <source>转入号码/收款账户</source>
        <translation>Number or account to credit</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{role} {limit:,} 元</source>
        <translation>{role} {limit:,} yuan</translation>
    </message>
    <message>
        <source>已到账 {date}</source>
        <translation>Credited {date}</translation>
    </message>
    <message>
        <source>执行失败：{reason}</source>
        <translation>Execution failed: {reason}</translation>
    </message>
    <message>
        <source>已取消执行</source>
        <translation>Execution cancelled</translation>
    </message>
    <message>
        <source>待执行</source>
        <translation>Awaiting execution</translation>
    </message>
    <message>
        <source>未上传总部</source>
        <translation>Not uploaded to head office</translation>
    </message>
    <message>
        <source>营业厅当场返还，无需总部执行</source>
        <translation>Handed over at the hall, no execution needed</translation>
    </message>
    <message>
        <source>（冲突：本厅已取消，总部已执行）</source>
        <translation> (clash: cancelled here, executed by head office)</translation>
    </message>
    <message>
        <source>建议同意</source>
        <translation>recommends approving</translation>
    </message>
    <message>
        <source>建议不同意</source>
        <translation>recommends refusing</translation>
    </message>
    <message>
        <source>{name} 决定</source>
        <translation>decided by {name}</translation>
    </message>
    <message>
        <source>销户余额</source>
        <translation>Closed account balance</translation>
    </message>
    <message>
        <source>号码 {number}，现金 {cash}，充值卡 {card}</source>
        <translation>number {number}, cash {cash}, top-up card {card}</translation>
    </message>
    <message>
        <source>去向</source>
        <translation>Goes to</translation>
    </message>
    <message>
        <source>（{reason}）</source>
        <translation> ({reason})</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>总部 {operator}</source>
        <translation>Head office {operator}</translation>
    </message>
    <message>
        <source>审批/处理</source>
        <translation>Approved / handled by</translation>
    </message>
    <message>
        <source>授权</source>
        <translation>Delegation</translation>
    </message>
    <message>
        <source>受 {name} 授权（至 {until}）</source>
        <translation>Delegated by {name} (until {until})</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>总部审批</source>
        <translation>Head office decision</translation>
    </message>
    <message>
        <source>（计费流水 {reference}）</source>
        <translation> (billing reference {reference})</translation>
    </message>
    <message>
        <source>执行</source>
        <translation>Execution</translation>
    </message>
    <message>
        <source>本投诉退费合计</source>
        <translation>Total refunds for this complaint</translation>
    </message>
    <message>
        <source>&lt;b&gt;{total}&lt;/b&gt;（含本笔及待审批的，不含已拒绝、已取消）</source>
        <translation>&lt;b&gt;{total}&lt;/b&gt; (this one and those awaiting approval; rejected and cancelled ones excluded)</translation>
    </message>
    <message>
        <source>申请退费 — {number}</source>
        <translation>Request a refund — {number}</translation>
    </message>
    <message>
        <source>先确认，后退费：先查账单、详单，确认争议费用属实，再申请退费。
退费由总部按电子工单返还到话费账户；营业厅不以现金或优惠充值退费。</source>
        <translation>Confirm first, refund second: check the bill and the itemised record, confirm the disputed charge is real, then request the refund.
Head office refunds to the phone account through an electronic work order; the hall does not refund in cash or as bonus top-ups.</translation>
    </message>
    <message>
        <source>本投诉已申请退费合计 {total}（含待审批的）；审批限额按合计计算。</source>
        <translation>Refunds already requested for this complaint: {total} (including those awaiting approval); approval limits apply to the total.</translation>
    </message>
    <message>
        <source>有争议的费用，如 2026年11月 彩铃功能费</source>
        <translation>The disputed charge, e.g. ringback tone fee for November 2026</translation>
    </message>
    <message>
        <source>退费项目(&amp;I)</source>
        <translation>&amp;Item refunded</translation>
    </message>
    <message>
        <source>查了什么、发现了什么（必填），如：查详单，客户未订购，系统误开通</source>
        <translation>What was checked and found (required), e.g.: itemised record checked, customer never ordered it, opened by mistake</translation>
    </message>
    <message>
        <source>核实情况(&amp;K)</source>
        <translation>What was chec&amp;ked</translation>
    </message>
    <message>
        <source>元，如 150 或 58.50</source>
        <translation>e.g. 150 or 58.50</translation>
    </message>
    <message>
        <source>退费金额(&amp;M)</source>
        <translation>Refund a&amp;mount</translation>
    </message>
    <message>
        <source>账户类型(&amp;T)</source>
        <translation>Account &amp;type</translation>
    </message>
    <message>
        <source>充值卡返还仅限特殊情况，须说明原因；营业厅不以现金退费</source>
        <translation>Top-up card refunds are for exceptions only and need a reason; the hall does not refund in cash</translation>
    </message>
    <message>
        <source>退费方式(&amp;W)</source>
        <translation>Refund &amp;way</translation>
    </message>
    <message>
        <source>选“充值卡返还”时必填：为何不返还到话费账户</source>
        <translation>Required for &quot;Refund by top-up card&quot;: why not to the phone account</translation>
    </message>
    <message>
        <source>返还原因(&amp;Y)</source>
        <translation>Reason for the wa&amp;y</translation>
    </message>
    <message>
        <source>为何退费，如：系统误开通，客户未使用</source>
        <translation>Why refund, e.g.: opened by mistake, never used by the customer</translation>
    </message>
    <message>
        <source>退费原因(&amp;R)</source>
        <translation>Refund &amp;reason</translation>
    </message>
    <message>
        <source>销户余额退费（已销户账户的余额）</source>
        <translation>Account closure refund (the balance of a closed account)</translation>
    </message>
    <message>
        <source>销户(&amp;U)</source>
        <translation>Clos&amp;ure</translation>
    </message>
    <message>
        <source>留空即投诉号码</source>
        <translation>empty: the complaint&apos;s number</translation>
    </message>
    <message>
        <source>销户号码(&amp;N)</source>
        <translation>Closed &amp;number</translation>
    </message>
    <message>
        <source>现金余额，元</source>
        <translation>cash balance, yuan</translation>
    </message>
    <message>
        <source>充值卡余额，元</source>
        <translation>top-up card balance, yuan</translation>
    </message>
    <message>
        <source>余额(&amp;B)</source>
        <translation>&amp;Balance</translation>
    </message>
    <message>
        <source>推荐转入其他号码；充值卡余额和预付费账户只能转入其他号码；后付费（全球通）账户的现金余额也可由总部退至客户指定账户</source>
        <translation>Transfer to another number is recommended; top-up card balances and pre-paid accounts are only transferred; the cash balance of a post-paid (GoTone) account may also be refunded by head office to the customer&apos;s account</translation>
    </message>
    <message>
        <source>转入的号码，或客户指定的收款账户</source>
        <translation>the number to transfer to, or the customer&apos;s account</translation>
    </message>
    <message>
        <source>余额去向(&amp;O)</source>
        <translation>Balance g&amp;oes to</translation>
    </message>
    <message>
        <source>提交申请 (Ctrl+Enter)</source>
        <translation>Submit (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>留空即余额合计</source>
        <translation>empty: the balance</translation>
    </message>
    <message>
        <source>放弃申请</source>
        <translation>Discard the request</translation>
    </message>
    <message>
        <source>放弃这次退费申请吗？已填写的内容将被清空。</source>
        <translation>Discard this refund request? What was typed will be cleared.</translation>
    </message>
    <message>
        <source>拒绝原因</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>审批退费 — {number}</source>
        <translation>Approve refund — {number}</translation>
    </message>
    <message>
        <source>审批人本人在本机输入工号和密码确认身份（输错密码计入锁定次数）。</source>
        <translation>The approver confirms their identity by typing their own staff no. and password here (wrong passwords count towards the lock-out).</translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation>Approver&apos;s staff no.</translation>
    </message>
    <message>
        <source>审批人工号(&amp;N)</source>
        <translation>Approver&apos;s staff &amp;no.</translation>
    </message>
    <message>
        <source>审批人密码</source>
        <translation>Approver&apos;s password</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>拒绝时必填：为何不予退费</source>
        <translation>Required when rejecting: why no refund</translation>
    </message>
    <message>
        <source>拒绝原因(&amp;R)</source>
        <translation>&amp;Reason for rejection</translation>
    </message>
    <message>
        <source>批准 (Ctrl+Enter)</source>
        <translation>Approve (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>批准并报总部 (Ctrl+Enter)</source>
        <translation>Approve and send to head office (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>拒绝(&amp;J)</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>客户签名</source>
        <translation>Customer&apos;s signature</translation>
    </message>
    <message>
        <source>客户签名 — {number}</source>
        <translation>Customer&apos;s signature — {number}</translation>
    </message>
    <message>
        <source>请客户核对退费金额、方式和原因后，在下方签名。</source>
        <translation>Ask the customer to check the refund amount, method and reason, then sign below.</translation>
    </message>
    <message>
        <source>该退费待总部审批：签名的是临时退费单，总部批准前不作为退费凭证。</source>
        <translation>This refund awaits head office approval: the signed slip is provisional and is not proof of the refund until head office approves.</translation>
    </message>
    <message>
        <source>已有签名：重新签名将替换原签名。</source>
        <translation>Already signed: signing again replaces the signature.</translation>
    </message>
    <message>
        <source>退费原因：{reason}</source>
        <translation>Refund reason: {reason}</translation>
    </message>
    <message>
        <source>本人已核对上述退费金额、方式及原因，确认无误。</source>
        <translation>I have checked the refund amount, method and reason above and confirm they are correct.</translation>
    </message>
    <message>
        <source>确认签名 (Ctrl+Enter)</source>
        <translation>Confirm signature (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>清除(&amp;C)</source>
        <translation>&amp;Clear</translation>
    </message>
    <message>
        <source>取消原因</source>
        <translation>Reason for cancelling</translation>
    </message>
    <message>
        <source>取消退费 — {number}</source>
        <translation>Cancel refund — {number}</translation>
    </message>
    <message>
        <source>取消后该笔退费不再计入本投诉的退费合计。</source>
        <translation>Once cancelled, this refund no longer counts towards the complaint&apos;s total.</translation>
    </message>
    <message>
        <source>为何取消，如：客户不再要求、录入有误</source>
        <translation>Why cancel, e.g.: the customer no longer asks for it, entered by mistake</translation>
    </message>
    <message>
        <source>取消原因(&amp;R)</source>
        <translation>&amp;Reason for cancelling</translation>
    </message>
    <message>
        <source>取消该退费 (Ctrl+Enter)</source>
        <translation>Cancel this refund (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>返回 (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <source>已提交退费申请 {number}（{amount}），待审批。</source>
        <translation>Refund request {number} ({amount}) submitted; awaiting approval.</translation>
    </message>
    <message>
        <source>退费 {number}（{amount}）已批准。请客户签名并打印退费单。</source>
        <translation>Refund {number} ({amount}) approved. Ask the customer to sign, then print the refund slip.</translation>
    </message>
    <message>
        <source>退费 {number}（{amount}）超出营业厅审批权限，已报总部审批（待总部审批）。可打印临时退费单；总部决定后自动更新。</source>
        <translation>Refund {number} ({amount}) is above the hall&apos;s approval limit and was sent to head office (awaiting head office approval). A provisional refund slip can be printed; it updates itself once head office decides.</translation>
    </message>
    <message>
        <source>退费 {number} 已拒绝。</source>
        <translation>Refund {number} rejected.</translation>
    </message>
    <message>
        <source>退费 {number} 已取消。</source>
        <translation>Refund {number} cancelled.</translation>
    </message>
    <message>
        <source>退费 {number} 总部已批准。</source>
        <translation>Refund {number} approved by head office.</translation>
    </message>
    <message>
        <source>退费 {number} 总部已拒绝。</source>
        <translation>Refund {number} rejected by head office.</translation>
    </message>
    <message>
        <source>没有需要告知客户的到账或执行失败</source>
        <translation>No credit or failure to tell the customer of</translation>
    </message>
    <message>
        <source>投诉编号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>{name}（受{by}授权）</source>
        <translation>{name} (delegated by {by})</translation>
    </message>
    <message>
        <source>总部 {name}</source>
        <translation>Head office {name}</translation>
    </message>
    <message>
        <source>（销户）</source>
        <translation> (closure)</translation>
    </message>
    <message>
        <source>已签</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>审批(&amp;E)…</source>
        <translation>Approv&amp;e…</translation>
    </message>
    <message>
        <source>客户签名(&amp;Q)…</source>
        <translation>Customer&apos;s signat&amp;ure…</translation>
    </message>
    <message>
        <source>打印退费单(&amp;D)…</source>
        <translation>Print refun&amp;d slip…</translation>
    </message>
    <message>
        <source>取消退费(&amp;X)…</source>
        <translation>Ca&amp;ncel refund…</translation>
    </message>
    <message>
        <source>已告知客户(&amp;L)</source>
        <translation>Told t&amp;he customer</translation>
    </message>
    <message>
        <source>请先选择一笔退费</source>
        <translation>Please select a refund first</translation>
    </message>
    <message>
        <source>已记录：已告知客户 {number} {what}。</source>
        <translation>Recorded: the customer was told of {number} {what}.</translation>
    </message>
    <message>
        <source>已保存客户签名（{number}），可打印退费单。</source>
        <translation>Customer&apos;s signature saved ({number}); the refund slip can be printed.</translation>
    </message>
    <message>
        <source>到账情况</source>
        <translation>Credited?</translation>
    </message>
    <message>
        <source>共 {n} 笔；计入限额的合计 {total}（不含已拒绝、已取消）。</source>
        <translation>{n} refunds; total counting towards the limit {total} (rejected and cancelled ones excluded).</translation>
    </message>
    <message>
        <source>本投诉没有退费申请。</source>
        <translation>No refund requests for this complaint.</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <source>待审批退费</source>
        <translation>Refunds awaiting approval</translation>
    </message>
    <message>
        <source>打开投诉(&amp;O)</source>
        <translation>&amp;Open complaint</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>被授权人</source>
        <translation>Delegate</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>End time</translation>
    </message>
    <message>
        <source>审批授权</source>
        <translation>Approval delegation</translation>
    </message>
    <message>
        <source>店长不在时，可将本人的退费审批限额（{limit} 元）授权给一名值班经理，限定期间；期间内其批准的退费注明“受店长授权”。</source>
        <translation>While away, a store manager can delegate their refund approval limit ({limit} yuan) to one shift leader for a set period; refunds approved in that period are marked &quot;delegated by the store manager&quot;.</translation>
    </message>
    <message>
        <source>被授权人(&amp;T)</source>
        <translation>Delega&amp;te</translation>
    </message>
    <message>
        <source>开始时间(&amp;S)</source>
        <translation>&amp;Start time</translation>
    </message>
    <message>
        <source>结束时间(&amp;E)</source>
        <translation>&amp;End time</translation>
    </message>
    <message>
        <source>如：店长休假</source>
        <translation>e.g.: store manager on leave</translation>
    </message>
    <message>
        <source>说明(&amp;N)</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>授权(&amp;G)</source>
        <translation>Dele&amp;gate</translation>
    </message>
    <message>
        <source>授权人</source>
        <translation>Delegated by</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <source>撤销授权(&amp;R)</source>
        <translation>&amp;Revoke delegation</translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>生效中</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>已授权 {name} 至 {until}</source>
        <translation>Delegated to {name} until {until}</translation>
    </message>
    <message>
        <source>已撤销对 {name} 的授权</source>
        <translation>Delegation to {name} revoked</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <source>答复人：{name}（{no}）</source>
        <translation>Replied by: {name} ({no})</translation>
    </message>
    <message>
        <source>对客户说了什么：处理结果、解释、补偿……</source>
        <translation>What the customer was told: the outcome, explanation, compensation…</translation>
    </message>
    <message>
        <source>答复内容(&amp;C)</source>
        <translation>&amp;Content of the reply</translation>
    </message>
    <message>
        <source>答复方式(&amp;M)</source>
        <translation>Reply &amp;method</translation>
    </message>
    <message>
        <source>答复时间(&amp;W)</source>
        <translation>Replied &amp;when</translation>
    </message>
    <message>
        <source>与客户约定回访时间</source>
        <translation>Callback time agreed with the customer</translation>
    </message>
    <message>
        <source>约定回访时间(&amp;B)</source>
        <translation>Agreed call&amp;back time</translation>
    </message>
    <message>
        <source>夜间（22:00–08:00）不打电话：将记为 {at}</source>
        <translation>No calls 22:00–08:00: will be recorded as {at}</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>过户编号</source>
        <translation>Transfer no.</translation>
    </message>
    <message>
        <source>客户号码</source>
        <translation>Customer&apos;s number</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>到期内容</source>
        <translation>What is due</translation>
    </message>
    <message>
        <source>保存至</source>
        <translation>Kept until</translation>
    </message>
    <message>
        <source>总部确认</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>资料保存期限</source>
        <translation>Record retention</translation>
    </message>
    <message>
        <source>没有到期的资料</source>
        <translation>No data is past its retention period</translation>
    </message>
    <message>
        <source>过户时登记的身份信息（证件类别、证件号码、姓名、住址）保存至服务期满后 2 年；新机主的服务期在该号码再次过户时才算结束（销户在业务系统办理，本台席无从得知）；过户协议及证明文件为基础业务资料，保存 25 年。清除后只保留脱敏证件号码和姓氏。只有总部已确认收到的资料才能清除，总部保留其副本。</source>
        <translation>Identity data recorded for a transfer of ownership (ID type, ID number, name, address) is kept until 2 years after the end of the service period; a new owner&apos;s service period ends only when the number is transferred again (account closures are handled in the business system, which this desk cannot see). Transfer agreements and their evidence are basic-business documents, kept for 25 years. A purge keeps only the masked ID number and the surname. Only data that head office has confirmed receiving can be purged; head office keeps its copy.</translation>
    </message>
    <message>
        <source>清除…</source>
        <translation>Purge…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>身份信息（原机主）</source>
        <translation>Identity data (previous owner)</translation>
    </message>
    <message>
        <source>身份信息（新机主）</source>
        <translation>Identity data (new owner)</translation>
    </message>
    <message>
        <source>协议及证明文件</source>
        <translation>Agreement and evidence files</translation>
    </message>
    <message>
        <source>总部已确认</source>
        <translation>Confirmed by head office</translation>
    </message>
    <message>
        <source>总部已确认 {done}/{total} 条操作记录</source>
        <translation>Head office has confirmed {done}/{total} events</translation>
    </message>
    <message>
        <source>{count} 个文件待上传</source>
        <translation>{count} files waiting to be uploaded</translation>
    </message>
    <message>
        <source>等待总部确认</source>
        <translation>Waiting for head office&apos;s confirmation</translation>
    </message>
    <message>
        <source>过户</source>
        <translation>Transfer of ownership</translation>
    </message>
    <message>
        <source>总部确认收到后才能清除，请先同步</source>
        <translation>Can be purged only after head office confirms receiving it. Please sync first</translation>
    </message>
    <message>
        <source>将清除 {records} 笔过户记录中的以下资料：</source>
        <translation>The following data of {records} transfer records will be purged:</translation>
    </message>
    <message>
        <source>· {count} 项身份信息：证件号码、姓名、住址（只保留脱敏证件号码和姓氏）</source>
        <translation>· {count} sets of identity data: ID number, name, address (only the masked ID number and the surname are kept)</translation>
    </message>
    <message>
        <source>· {count} 笔记录的协议及证明文件（过户协议、证明材料扫描件、签名图像）</source>
        <translation>· the agreement and evidence files of {count} records (transfer agreements, scanned evidence, signature images)</translation>
    </message>
    <message>
        <source>清除后本台席无法恢复（总部保留其副本）。确定清除吗？</source>
        <translation>Once purged, this desk cannot restore the data (head office keeps its copy). Purge it?</translation>
    </message>
    <message>
        <source>清除到期资料</source>
        <translation>Purge expired data</translation>
    </message>
    <message>
        <source>已清除 {records} 笔记录的 {parts} 项资料</source>
        <translation>Purged {parts} items of {records} records</translation>
    </message>
</context>
<context>
    <name>SearchFilters</name>
    <message>
        <source>子类</source>
        <translation>Sub-class</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>首问工号</source>
        <translation>First responder no.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>大类</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>状态(&amp;A)</source>
        <translation>St&amp;atus</translation>
    </message>
    <message>
        <source>大类(&amp;L)</source>
        <translation>C&amp;lass</translation>
    </message>
    <message>
        <source>品牌(&amp;B)</source>
        <translation>&amp;Brand</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>未办结且已过答复时限，或答复晚于时限</source>
        <translation>Open and past the reply deadline, or replied after it</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>升级</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>批量</source>
        <translation>Mass</translation>
    </message>
    <message>
        <source>属于重大批量投诉事件</source>
        <translation>Part of a major mass complaint</translation>
    </message>
    <message>
        <source>我的(&amp;M)</source>
        <translation>&amp;Mine</translation>
    </message>
    <message>
        <source>我是首问责任人或当前处理人</source>
        <translation>I am the first responder or the current handler</translation>
    </message>
    <message>
        <source>受理日期(&amp;D)</source>
        <translation>Accepted &amp;date</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>来自统计看板的条件；“清除筛选”去掉</source>
        <translation>Conditions from the dashboard; &quot;Clear filters&quot; removes them</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>首次使用：设置营业厅和台席</source>
        <translation>First start: set up the hall and the desk</translation>
    </message>
    <message>
        <source>本台席第一次启动。请填写营业厅信息、本台席编号和第一位店长的账号。</source>
        <translation>This desk is starting for the first time. Enter the hall&apos;s details, this desk&apos;s number and the first store manager&apos;s account.</translation>
    </message>
    <message>
        <source>营业厅编码</source>
        <translation>Hall code</translation>
    </message>
    <message>
        <source>如 HA01</source>
        <translation>e.g. HA01</translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation>Hall name</translation>
    </message>
    <message>
        <source>如 人民路营业厅</source>
        <translation>e.g. Renmin Road Service Hall</translation>
    </message>
    <message>
        <source>所属区域</source>
        <translation>District</translation>
    </message>
    <message>
        <source>如 城东区</source>
        <translation>e.g. East District</translation>
    </message>
    <message>
        <source>服务电话</source>
        <translation>Service phone</translation>
    </message>
    <message>
        <source>本台席号</source>
        <translation>This desk&apos;s no.</translation>
    </message>
    <message>
        <source>店长工号</source>
        <translation>Store manager&apos;s staff no.</translation>
    </message>
    <message>
        <source>店长姓名</source>
        <translation>Store manager&apos;s name</translation>
    </message>
    <message>
        <source>店长密码</source>
        <translation>Store manager&apos;s password</translation>
    </message>
    <message>
        <source>至少 6 位</source>
        <translation>At least 6 characters</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>从总部恢复本台席（更换电脑）</source>
        <translation>Recover this desk from head office (replaced PC)</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>{value}：工号 {staff_no}&#x3000;密码 {password}&#x3000;（{name}）</source>
        <translation>{value}: staff no. {staff_no}, password {password} ({name})</translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>营业厅投诉受理台</source>
        <translation>Service Hall Complaint Desk</translation>
    </message>
    <message>
        <source>工号(&amp;U)</source>
        <translation>Staff n&amp;umber</translation>
    </message>
    <message>
        <source>例如 3001</source>
        <translation>e.g. 3001</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>演示账号（仅演示营业厅）</source>
        <translation>Demo accounts (demo hall only)</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>请输入工号</source>
        <translation>Please enter your staff no.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>请在此处签名</source>
        <translation>Please sign here</translation>
    </message>
    <message>
        <source>客户签名</source>
        <translation>Customer&apos;s signature</translation>
    </message>
    <message>
        <source>请客户在此签名；按 Delete 清除</source>
        <translation>The customer signs here; press Delete to clear</translation>
    </message>
</context>
<context>
    <name>StaffAdminDialog</name>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>人员管理</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>新增…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>在任一台席修改的账号会同步到本营业厅的其他台席。</source>
        <translation>Accounts changed at any desk are synced to the hall&apos;s other desks.</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>（密码错误次数过多，暂时锁定）</source>
        <translation> (too many wrong passwords, locked for now)</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>停用 {name}（{no}）后，该账号在本营业厅所有台席都不能登录。确定停用？</source>
        <translation>Once {name} ({no}) is disabled, the account cannot sign in at any desk of this hall. Disable it?</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>保存 (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>补录：为何事后才录入（如当时系统故障）</source>
        <translation>Late entry: why it is recorded only now (e.g. the system was down)</translation>
    </message>
    <message>
        <source>补录原因(&amp;L)</source>
        <translation>&amp;Late-entry reason</translation>
    </message>
    <message>
        <source>夜间通话原因(&amp;Q)</source>
        <translation>&amp;Quiet-hours call reason</translation>
    </message>
    <message>
        <source>22:00–08:00 通话：说明情况</source>
        <translation>A call 22:00–08:00: what happened</translation>
    </message>
    <message>
        <source>夜间通话说明(&amp;N)</source>
        <translation>Quiet-hours call &amp;note</translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation>Verification result</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>总部</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>同事</source>
        <translation>Colleague</translation>
    </message>
    <message>
        <source>转派</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>收回</source>
        <translation>Take back</translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation>Progress note</translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation>Reply to the customer</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation>Escalated complaint</translation>
    </message>
    <message>
        <source>关联重大批量投诉</source>
        <translation>Link to a major mass complaint</translation>
    </message>
</context>
<context>
    <name>SupportBundleExporter</name>
    <message>
        <source>导出诊断包</source>
        <translation>Export diagnostics bundle</translation>
    </message>
    <message>
        <source>诊断包 (*.zip)</source>
        <translation>Diagnostics bundle (*.zip)</translation>
    </message>
    <message>
        <source>正在生成诊断包，请稍候…</source>
        <translation>Creating the diagnostics bundle, please wait…</translation>
    </message>
    <message>
        <source>诊断包已保存：{path}

请把这个文件发给技术支持。其中没有客户资料和密码。</source>
        <translation>Diagnostics bundle saved: {path}

Please send this file to technical support. It contains no customer data and no passwords.</translation>
    </message>
    <message>
        <source>诊断包未保存：{text}</source>
        <translation>Diagnostics bundle not saved: {text}</translation>
    </message>
    <message>
        <source>诊断包未保存：发生了意外错误，已记录到日志。</source>
        <translation>Diagnostics bundle not saved: an unexpected error occurred and was written to the log.</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>SHA-256 {value}…，{size} 字节</source>
        <translation>SHA-256 {value}…, {size} bytes</translation>
    </message>
</context>
<context>
    <name>SyncStatusPanel</name>
    <message>
        <source>● 未连接总部</source>
        <translation>● Not connected to head office</translation>
    </message>
    <message>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● 总部返回错误（HTTP {status}）</source>
        <translation>● Head office answered with an error (HTTP {status})</translation>
    </message>
    <message>
        <source>● 总部返回错误</source>
        <translation>● Head office answered with an error</translation>
    </message>
    <message>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <source>待上传 {n} 条</source>
        <translation>{n} waiting for upload</translation>
    </message>
    <message>
        <source>，待上传文件 {n} 个</source>
        <translation>, {n} files waiting</translation>
    </message>
    <message>
        <source>，未送达 {n} 条</source>
        <translation>, {n} undelivered</translation>
    </message>
    <message>
        <source>，总部拒收文件 {n} 个</source>
        <translation>, {n} files refused by head office</translation>
    </message>
    <message>
        <source>最近上传：{when}</source>
        <translation>Last upload: {when}</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>最近错误（{when}）：{text}</source>
        <translation>Last error ({when}): {text}</translation>
    </message>
    <message>
        <source>快</source>
        <translation> ahead</translation>
    </message>
    <message>
        <source>慢</source>
        <translation> behind</translation>
    </message>
    <message>
        <source>⚠ 本机时钟比总部{direction}{amount}，请校准</source>
        <translation>⚠ This computer&apos;s clock is {amount}{direction} of head office&apos;s; please correct it</translation>
    </message>
    <message>
        <source>⚠ 未加密连接总部</source>
        <translation>⚠ Unencrypted link to head office</translation>
    </message>
    <message>
        <source>总部地址为 http://，令牌和客户号码以明文经过网络；请总部改用 https</source>
        <translation>Head office&apos;s address is http://: the token and customers&apos; numbers cross the network in clear; ask head office to offer https</translation>
    </message>
    <message>
        <source>⚠ 总部证书将于 {n} 天后过期</source>
        <translation>⚠ Head office&apos;s certificate expires in {n} days</translation>
    </message>
    <message>
        <source>约 {n} 天</source>
        <translation>about {n} days</translation>
    </message>
    <message>
        <source>约 {n} 小时</source>
        <translation>about {n} hours</translation>
    </message>
    <message>
        <source> {n} 分钟</source>
        <translation> {n} minutes</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <source>（估）</source>
        <translation> (est.)</translation>
    </message>
    <message>
        <source>（已更正）</source>
        <translation> (corrected)</translation>
    </message>
    <message>
        <source>{d}天{h}小时</source>
        <translation>{d} d {h} h</translation>
    </message>
    <message>
        <source>{h}小时{m}分</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{m}分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>超时 {amount}</source>
        <translation>{amount} late</translation>
    </message>
    <message>
        <source>还剩 {amount}</source>
        <translation>{amount} left</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>升级</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>重要</source>
        <translation>Important</translation>
    </message>
    <message>
        <source>批量</source>
        <translation>Mass</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>媒体</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>补录</source>
        <translation>Late entry</translation>
    </message>
    <message>
        <source>总部退回</source>
        <translation>Returned by HQ</translation>
    </message>
    <message>
        <source>{state}（总部退回：{note}）</source>
        <translation>{state} (returned by head office: {note})</translation>
    </message>
    <message>
        <source>投诉编号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Accepted at</translation>
    </message>
    <message>
        <source>客户号码</source>
        <translation>Customer&apos;s number</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation>First responder</translation>
    </message>
    <message>
        <source>当前处理人</source>
        <translation>Current handler</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>此列不能排序</source>
        <translation>This column cannot be sorted</translation>
    </message>
    <message>
        <source>点击按此列排序，再点一次反向</source>
        <translation>Click to sort by this column, click again to reverse</translation>
    </message>
    <message>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>我是</source>
        <translation>I am</translation>
    </message>
    <message>
        <source>首问</source>
        <translation>First responder</translation>
    </message>
    <message>
        <source>已向客户承诺：{when}（时限不变）</source>
        <translation>Promised to the customer: {when} (deadline unchanged)</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>撰写人</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>撰写日期</source>
        <translation>Written on</translation>
    </message>
    <message>
        <source>优秀</source>
        <translation>Outstanding</translation>
    </message>
</context>
<context>
    <name>TakeBackDialog</name>
    <message>
        <source>收回 {handler} 的处理结果，继续由本厅答复客户。</source>
        <translation>Take back the result from {handler}; the hall goes on to reply to the customer.</translation>
    </message>
    <message>
        <source>处理方查明或处理的结果（可不填）</source>
        <translation>What the handler found or did (optional)</translation>
    </message>
    <message>
        <source>处理结果(&amp;N)</source>
        <translation>Resul&amp;t</translation>
    </message>
</context>
<context>
    <name>TemplateEditDialog</name>
    <message>
        <source>常用模板</source>
        <translation>Complaint template</translation>
    </message>
    <message>
        <source>修改常用模板</source>
        <translation>Edit complaint template</translation>
    </message>
    <message>
        <source>如 多扣话费</source>
        <translation>e.g. Overcharged</translation>
    </message>
    <message>
        <source>空白写在【】中，如：客户反映【日期】话费多扣【金额】元</source>
        <translation>Put each blank in lenticular brackets (Chinese input method), e.g. a blank named amount</translation>
    </message>
    <message>
        <source>模板名称(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>投诉大类(&amp;L)</source>
        <translation>C&amp;lass</translation>
    </message>
    <message>
        <source>投诉子类(&amp;U)</source>
        <translation>S&amp;ub-class</translation>
    </message>
    <message>
        <source>问题描述(&amp;D)</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <source>客户诉求(&amp;R)</source>
        <translation>Customer &amp;request</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>TemplatePickerDialog</name>
    <message>
        <source>常用投诉模板</source>
        <translation>Complaint templates</translation>
    </message>
    <message>
        <source>输入汉字或拼音，如 dkhf（多扣话费）</source>
        <translation>Type characters or pinyin initials, e.g. dkhf</translation>
    </message>
    <message>
        <source>没有符合的模板</source>
        <translation>No template matches</translation>
    </message>
    <message>
        <source>↑↓ 选择，Enter 填入表单，Esc 关闭</source>
        <translation>↑↓ choose, Enter fills the form, Esc closes</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>分类已停用</source>
        <translation>class withdrawn</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>常用模板</source>
        <translation>Complaint templates</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>模板名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>投诉分类</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>已用</source>
        <translation>Used</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>总部下发的模板随政策更新，只能查看；本厅模板由店长维护，保存后同步到本厅所有台席。分类已停用的模板不能在受理时使用，请修改其分类或停用。</source>
        <translation>Head office&apos;s templates come with its policy and are read only; the hall&apos;s own are kept by the store manager and reach every desk of the hall once saved. A template whose class was withdrawn cannot be used at intake: change its class or retire it.</translation>
    </message>
    <message>
        <source>新建(&amp;N)…</source>
        <translation>&amp;New…</translation>
    </message>
    <message>
        <source>修改(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>停用(&amp;T)</source>
        <translation>Re&amp;tire</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>可用</source>
        <translation>Usable</translation>
    </message>
    <message>
        <source>分类已停用</source>
        <translation>Class withdrawn</translation>
    </message>
    <message>
        <source>分类已停用（受理时不能使用）：{names}</source>
        <translation>Class withdrawn (cannot be used at intake): {names}</translation>
    </message>
    <message>
        <source>停用常用模板</source>
        <translation>Retire template</translation>
    </message>
    <message>
        <source>停用模板“{name}”？本厅所有台席将不再提供该模板。</source>
        <translation>Retire template “{name}”? No desk of the hall will offer it any more.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>其他操作</source>
        <translation>Other step</translation>
    </message>
    <message>
        <source>其他内容</source>
        <translation>Other field</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>总部</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>同事</source>
        <translation>Colleague</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>总部 {operator}</source>
        <translation>Head office {operator}</translation>
    </message>
    <message>
        <source>投诉{holds}，责任方：{whose}</source>
        <translation>Complaint {holds}, responsible: {whose}</translation>
    </message>
    <message>
        <source>说明：{note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>转派至{kind}：{target}</source>
        <translation>Handed over to {kind}: {target}</translation>
    </message>
    <message>
        <source>要求：{note}</source>
        <translation>Asked: {note}</translation>
    </message>
    <message>
        <source>处理结果：{note}</source>
        <translation>Result: {note}</translation>
    </message>
    <message>
        <source>告知客户：{text}</source>
        <translation>Told the customer: {text}</translation>
    </message>
    <message>
        <source>新的承诺时间：{at}</source>
        <translation>New promised time: {at}</translation>
    </message>
    <message>
        <source>{method}答复（{at}）：{content}</source>
        <translation>Reply by {method} ({at}): {content}</translation>
    </message>
    <message>
        <source>回访（{at}）：{satisfaction}</source>
        <translation>Callback ({at}): {satisfaction}</translation>
    </message>
    <message>
        <source>，原因：{reason}</source>
        <translation>, reason: {reason}</translation>
    </message>
    <message>
        <source>越级去向：{source} {reference}</source>
        <translation>Escalated to: {source} {reference}</translation>
    </message>
    <message>
        <source>升级倾向：{tendency}</source>
        <translation>Escalation tendency: {tendency}</translation>
    </message>
    <message>
        <source>事件 {number}</source>
        <translation>Incident {number}</translation>
    </message>
    <message>
        <source>总部答复（{at}）：{reply}</source>
        <translation>Head office reply ({at}): {reply}</translation>
    </message>
    <message>
        <source>总部进展说明：{text}</source>
        <translation>Head office progress: {text}</translation>
    </message>
    <message>
        <source>总部承诺时间：{at}</source>
        <translation>Head office promised: {at}</translation>
    </message>
    <message>
        <source>（原填 {at}，夜间顺延至 08:00）</source>
        <translation>(typed {at}, moved out of quiet hours to 08:00)</translation>
    </message>
    <message>
        <source>总部退回营业厅：{note}</source>
        <translation>Returned to the hall by head office: {note}</translation>
    </message>
    <message>
        <source>{what} ¥{amount}，退费单 {number}</source>
        <translation>{what} ¥{amount}, refund {number}</translation>
    </message>
    <message>
        <source>退费单 {number}</source>
        <translation>Refund {number}</translation>
    </message>
    <message>
        <source>总部批准</source>
        <translation>Approved by head office</translation>
    </message>
    <message>
        <source>总部不批准</source>
        <translation>Refused by head office</translation>
    </message>
    <message>
        <source>总部意见</source>
        <translation>Head office&apos;s comment</translation>
    </message>
    <message>
        <source>建议批准</source>
        <translation>Advises approval</translation>
    </message>
    <message>
        <source>建议不批准</source>
        <translation>Advises refusal</translation>
    </message>
    <message>
        <source>失败原因</source>
        <translation>Reason for the failure</translation>
    </message>
    <message>
        <source>取消原因</source>
        <translation>Reason for cancelling</translation>
    </message>
    <message>
        <source>{field}：{before} → {after}</source>
        <translation>{field}: {before} → {after}</translation>
    </message>
    <message>
        <source>暂无记录</source>
        <translation>No records yet</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>内容与变更</source>
        <translation>Content and changes</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>首问责任人 {name}（{no}）不变，投诉仍留在其跟进列表中，直到客户得到答复。</source>
        <translation>The first responder {name} ({no}) stays the same; the complaint stays on their follow-up list until the customer has the answer.</translation>
    </message>
    <message>
        <source>当前处理：{handler}；再次转派将更换处理方。</source>
        <translation>Currently handled by: {handler}; handing over again changes the handler.</translation>
    </message>
    <message>
        <source>转派去向(&amp;K)</source>
        <translation>Hand o&amp;ver to</translation>
    </message>
    <message>
        <source>部门名称，如 计费中心、网络维护中心</source>
        <translation>Department name, e.g. billing centre, network maintenance centre</translation>
    </message>
    <message>
        <source>总部（答复将经总部下发到本台席）</source>
        <translation>Head office (its reply comes back to this desk through head office)</translation>
    </message>
    <message>
        <source>转派对象(&amp;O)</source>
        <translation>Hand over t&amp;o</translation>
    </message>
    <message>
        <source>请对方做什么（必填）</source>
        <translation>What they are asked to do (required)</translation>
    </message>
    <message>
        <source>转派说明(&amp;N)</source>
        <translation>&amp;Note</translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>18 位号码，可粘贴；末位 x 自动转大写</source>
        <translation>18 characters, may be pasted; a final x becomes X</translation>
    </message>
    <message>
        <source>与证件一致</source>
        <translation>As on the ID</translation>
    </message>
    <message>
        <source>证件上的住址</source>
        <translation>Address on the ID</translation>
    </message>
    <message>
        <source>证件类别</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>有代办人（代{role}办理）</source>
        <translation>Has an agent (acting for the {role})</translation>
    </message>
    <message>
        <source>代办人（代{role}）</source>
        <translation>Agent (for the {role})</translation>
    </message>
    <message>
        <source>值班经理或店长的工号</source>
        <translation>Staff no. of a shift leader or store manager</translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation>Own password</translation>
    </message>
    <message>
        <source>见证人工号</source>
        <translation>Witness&apos;s staff no.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>✔ 已签名：{name}{no}&#x3000;{when}</source>
        <translation>✔ Signed: {name}{no}  {when}</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>办理过户</source>
        <translation>Transfer of ownership</translation>
    </message>
    <message>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>上一步(&amp;B)</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <source>下一步(&amp;N)</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>放弃本笔(&amp;X)…</source>
        <translation>Abandon t&amp;his one…</translation>
    </message>
    <message>
        <source>不再办理：说明原因后，本笔记为“已放弃”并留存</source>
        <translation>Stop here: after giving a reason, this one is kept as &quot;Abandoned&quot;</translation>
    </message>
    <message>
        <source>办理类型与号码</source>
        <translation>Type and number</translation>
    </message>
    <message>
        <source>过户（原机主到场）</source>
        <translation>Transfer of ownership (registered owner present)</translation>
    </message>
    <message>
        <source>特殊过户（原机主不在场）</source>
        <translation>Special transfer of ownership (registered owner absent)</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>11 位手机号码，可粘贴</source>
        <translation>11-digit mobile number, may be pasted</translation>
    </message>
    <message>
        <source>手机号码(&amp;P)</source>
        <translation>Mobile &amp;phone number</translation>
    </message>
    <message>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>账户类型(&amp;T)</source>
        <translation>Account &amp;type</translation>
    </message>
    <message>
        <source>按业务系统显示的开户日期（北京时间）；可直接键入 2026-09-01</source>
        <translation>The opening date shown in the business system (Beijing time); you can type 2026-09-01</translation>
    </message>
    <message>
        <source>开户日期(&amp;D)</source>
        <translation>Account opene&amp;d on</translation>
    </message>
    <message>
        <source>如 BOSS 客户信息页</source>
        <translation>e.g. BOSS customer information page</translation>
    </message>
    <message>
        <source>核对位置(&amp;W)</source>
        <translation>Checked &amp;where</translation>
    </message>
    <message>
        <source>{name}（工号 {no}，本人登录）</source>
        <translation>{name} (staff no. {no}, signed in)</translation>
    </message>
    <message>
        <source>核对人</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>证明材料（特殊过户）</source>
        <translation>Evidence (special transfer)</translation>
    </message>
    <message>
        <source>SIM 卡可正常使用（已在柜台核验）(&amp;S)</source>
        <translation>&amp;SIM card works (checked at the counter)</translation>
    </message>
    <message>
        <source>服务密码验证正确(&amp;W)</source>
        <translation>Service pass&amp;word verified</translation>
    </message>
    <message>
        <source>充值发票（每张一行）</source>
        <translation>Top-up invoices (one per row)</translation>
    </message>
    <message>
        <source>添加发票(&amp;I)</source>
        <translation>Add &amp;invoice</translation>
    </message>
    <message>
        <source>删除发票</source>
        <translation>Remove invoice</translation>
    </message>
    <message>
        <source>证明材料文件（扫描件或照片：JPEG、PNG、PDF，每份不超过 10 MB）</source>
        <translation>Evidence files (scans or photos: JPEG, PNG, PDF, at most 10 MB each)</translation>
    </message>
    <message>
        <source>添加文件(&amp;F)…</source>
        <translation>Add &amp;file…</translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>移除(&amp;R)</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>资格检查</source>
        <translation>Eligibility check</translation>
    </message>
    <message>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>图片或 PDF (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF)</translation>
    </message>
    <message>
        <source>显示完整号码</source>
        <translation>Show full number</translation>
    </message>
    <message>
        <source>显示本人完整证件号码（将记录查看人和时间）</source>
        <translation>Show this person&apos;s full ID number (who looked and when is recorded)</translation>
    </message>
    <message>
        <source>{who}签名</source>
        <translation>{who}&apos;s signature</translation>
    </message>
    <message>
        <source>过户：原机主与新机主都到场。特殊过户：原机主不在场，新机主须带有效证件，并提供至少两项证明（SIM 卡可正常使用、服务密码正确、近期充值发票）。</source>
        <translation>Transfer of ownership: the registered owner and the new owner are both present. Special transfer: the registered owner is absent; the new owner brings valid ID and at least two proofs (working SIM card, correct service password, recent top-up invoices).</translation>
    </message>
    <message>
        <source>按营业厅业务系统（BOSS）客户信息页显示的内容填写。账户须开户超过 {prepaid} 天（预付费）或 {postpaid} 天（后付费）方可过户。</source>
        <translation>Fill in what the hall&apos;s business system (BOSS) shows on the customer information page. An account must be more than {prepaid} days old (prepaid) or {postpaid} days old (postpaid) to be transferred.</translation>
    </message>
    <message>
        <source>按证件填写（证件类别、证件号码、姓名、住址）；有人代办时勾选“有代办人”并登记代办人的证件。居民身份证号码逐位校验（出生日期、地区码、校验码）。</source>
        <translation>Fill in from the ID (type, number, name, address); when someone acts for a party, tick &quot;Has an agent&quot; and record the agent&apos;s ID. Resident ID numbers are checked digit by digit (birth date, region code, check digit).</translation>
    </message>
    <message>
        <source>至少提供 {n} 项：SIM 卡可正常使用（柜台核验）、服务密码验证正确、近 {window} 个月内至少 {months} 个不同月份的充值发票（定额发票不计）。所有证明材料须扫描或拍照附在本笔过户中。</source>
        <translation>At least {n} of: a working SIM card (checked at the counter), a verified service password, top-up invoices from at least {months} different months within the last {window} months (fixed-value invoices do not count). All evidence must be scanned or photographed and attached to this transfer.</translation>
    </message>
    <message>
        <source>发票月份</source>
        <translation>Invoice month</translation>
    </message>
    <message>
        <source>定额发票（不计）</source>
        <translation>Fixed-value invoice (not counted)</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>添加时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <source>店长审批(&amp;A)…</source>
        <translation>Store manager &amp;approval…</translation>
    </message>
    <message>
        <source>完成办理(&amp;F)</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>放弃原因</source>
        <translation>Reason for abandoning</translation>
    </message>
    <message>
        <source>办理过户 — {number}</source>
        <translation>Transfer of ownership — {number}</translation>
    </message>
    <message>
        <source>已保存为 {number}（填写中）：中途关闭也不会丢失，可在“过户记录”中继续。</source>
        <translation>Saved as {number} (being filled in): closing now loses nothing; continue it from &quot;Transfer records&quot;.</translation>
    </message>
    <message>
        <source>资料已修改并保存；修改前的签名（及店长审批）已作废，请重新签名。</source>
        <translation>The details were changed and saved; the earlier signatures (and store manager approval) are void, please sign again.</translation>
    </message>
    <message>
        <source>已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理。</source>
        <translation>Saved as &quot;{kind}&quot;; the type cannot be changed. To change it, abandon this one and start again.</translation>
    </message>
    <message>
        <source>尚不符合办理条件，请先按上面的说明处理，再请客户签名。</source>
        <translation>The conditions are not met yet; deal with the points above before asking the customers to sign.</translation>
    </message>
    <message>
        <source>定额发票</source>
        <translation>Fixed-value invoice</translation>
    </message>
    <message>
        <source>添加证明材料</source>
        <translation>Add evidence</translation>
    </message>
    <message>
        <source>无法读取文件“{name}”：{why}</source>
        <translation>Cannot read file &quot;{name}&quot;: {why}</translation>
    </message>
    <message>
        <source>已添加 {n} 份证明材料。</source>
        <translation>{n} evidence files added.</translation>
    </message>
    <message>
        <source>已移除“{name}”（文件仍留存备查）。</source>
        <translation>&quot;{name}&quot; removed (the file is kept for the record).</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>{type}，开户日期 {opened}（{who}核对于 {where}）</source>
        <translation>{type}, opened on {opened} (checked by {who} in {where})</translation>
    </message>
    <message>
        <source>原机主</source>
        <translation>Registered owner</translation>
    </message>
    <message>
        <source>新机主</source>
        <translation>New owner</translation>
    </message>
    <message>
        <source>SIM 卡可正常使用</source>
        <translation>SIM card works</translation>
    </message>
    <message>
        <source>服务密码验证正确</source>
        <translation>Service password verified</translation>
    </message>
    <message>
        <source>充值发票 {n} 张（计入 {m} 个月）</source>
        <translation>{n} top-up invoices ({m} months counted)</translation>
    </message>
    <message>
        <source>证明</source>
        <translation>Proofs</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>材料文件</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <source>{n} 份</source>
        <translation>{n} files</translation>
    </message>
    <message>
        <source>店长审批</source>
        <translation>Store manager approval</translation>
    </message>
    <message>
        <source>{name}（{no}）批准：{reason}</source>
        <translation>Approved by {name} ({no}): {reason}</translation>
    </message>
    <message>
        <source>尚不符合办理条件：</source>
        <translation>The conditions are not met yet:</translation>
    </message>
    <message>
        <source>符合办理条件，请各方签名。</source>
        <translation>The conditions are met; all parties please sign.</translation>
    </message>
    <message>
        <source>经店长批准按例外程序（仅凭充值发票）办理，</source>
        <translation>Done under the exception procedure (invoices only) with store manager approval, </translation>
    </message>
    <message>
        <source>店长已批准按例外程序办理。</source>
        <translation>The store manager approved the exception procedure.</translation>
    </message>
    <message>
        <source>{role}：{name}</source>
        <translation>{role}: {name}</translation>
    </message>
    <message>
        <source>经办营业员：{name}（{no}）</source>
        <translation>Handling clerk: {name} ({no})</translation>
    </message>
    <message>
        <source>见证人（值班经理或店长，须与经办营业员不是同一人）：先输入工号和密码，再签名</source>
        <translation>Witness (a shift leader or store manager, not the handling clerk): enter staff no. and password first, then sign</translation>
    </message>
    <message>
        <source>请先在签名板上签名</source>
        <translation>Please sign on the signature pad first</translation>
    </message>
    <message>
        <source>本笔的客户身份资料无法读取（加密密钥不可用），暂不能继续办理。请联系技术支持</source>
        <translation>This transfer&apos;s identity data cannot be read (the encryption key is not available), so it cannot be continued for now. Please contact technical support</translation>
    </message>
    <message>
        <source>放弃本笔过户</source>
        <translation>Abandon this transfer</translation>
    </message>
    <message>
        <source>放弃原因（如：开户未满规定天数，客户改日再来）：</source>
        <translation>Reason for abandoning (e.g. the account is too new, the customer will come back later):</translation>
    </message>
    <message>
        <source>关闭向导？已填写的内容已保存为“填写中”，可在“过户记录”中继续办理。</source>
        <translation>Close the wizard? What was entered is saved as &quot;Being filled in&quot; and can be continued from &quot;Transfer records&quot;.</translation>
    </message>
    <message>
        <source>关闭向导？尚未保存，已填写的内容将丢失。</source>
        <translation>Close the wizard? Nothing is saved yet; what was entered will be lost.</translation>
    </message>
    <message>
        <source>关闭办理过户</source>
        <translation>Close transfer of ownership</translation>
    </message>
    <message>
        <source>请新机主另行签署新的《入网协议》。</source>
        <translation>Ask the new owner to sign a new service agreement separately.</translation>
    </message>
    <message>
        <source>文件已被改动，与办理时保存的不一致，不可作为凭证</source>
        <translation>The file has been altered: it differs from the one saved when the transfer was done and is not valid proof</translation>
    </message>
    <message>
        <source>JPEG 图片</source>
        <translation>JPEG image</translation>
    </message>
    <message>
        <source>PNG 图片</source>
        <translation>PNG image</translation>
    </message>
    <message>
        <source>店长审批 — 仅凭充值发票办理（{number}）</source>
        <translation>Store manager approval — invoices only ({number})</translation>
    </message>
    <message>
        <source>店长工号</source>
        <translation>Store manager&apos;s staff no.</translation>
    </message>
    <message>
        <source>书面理由</source>
        <translation>Written reason</translation>
    </message>
    <message>
        <source>核查</source>
        <translation>Checks</translation>
    </message>
    <message>
        <source>仅凭充值发票原则上不予办理特殊过户。店长核查客户近期使用记录和套餐信息后，可按例外程序批准，并写明理由。店长本人在本机输入工号和密码确认身份。</source>
        <translation>Invoices alone are in principle not enough for a special transfer. After checking the customer&apos;s recent usage and plan, a store manager may approve it under the exception procedure, giving a written reason. The store manager confirms their identity by typing their own staff no. and password here.</translation>
    </message>
    <message>
        <source>店长工号(&amp;N)</source>
        <translation>Store manager&apos;s staff &amp;no.</translation>
    </message>
    <message>
        <source>店长密码</source>
        <translation>Store manager&apos;s password</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>为何按例外程序办理（必填）</source>
        <translation>Why the exception procedure applies (required)</translation>
    </message>
    <message>
        <source>书面理由(&amp;R)</source>
        <translation>Written &amp;reason</translation>
    </message>
    <message>
        <source>已核查近期使用记录（通话/上网）</source>
        <translation>Recent usage checked (calls / data)</translation>
    </message>
    <message>
        <source>已核查套餐信息</source>
        <translation>Plan checked</translation>
    </message>
    <message>
        <source>批准 (Ctrl+Enter)</source>
        <translation>Approve (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>核验</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>打开/打印(&amp;O)…</source>
        <translation>&amp;Open / print…</translation>
    </message>
    <message>
        <source>过户已完成：{number}（{kind}，{phone}）&#x3000;{at}</source>
        <translation>Transfer completed: {number} ({kind}, {phone})  {at}</translation>
    </message>
    <message>
        <source>{number}：{state}</source>
        <translation>{number}: {state}</translation>
    </message>
    <message>
        <source>过户协议属基础业务档案：纸质协议（营业厅留存联）保存 {years} 年，至 {until}；电子文件长期保存，并上传总部。</source>
        <translation>Transfer agreements are basic-service records: the paper agreement (the hall&apos;s copy) is kept {years} years, until {until}; the electronic file is kept long-term and uploaded to head office.</translation>
    </message>
    <message>
        <source>打开时核验</source>
        <translation>Checked on opening</translation>
    </message>
    <message>
        <source>✔ 完好</source>
        <translation>✔ Intact</translation>
    </message>
    <message>
        <source>⚠ 已被改动，不可作为凭证</source>
        <translation>⚠ Altered, not valid proof</translation>
    </message>
    <message>
        <source>⚠ {title}：{warning}。</source>
        <translation>⚠ {title}: {warning}.</translation>
    </message>
    <message>
        <source>过户 {number}</source>
        <translation>Transfer {number}</translation>
    </message>
    <message>
        <source>无法显示该图片</source>
        <translation>Cannot show this image</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>经办</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created at</translation>
    </message>
    <message>
        <source>过户记录</source>
        <translation>Transfer records</translation>
    </message>
    <message>
        <source>按号码查找(&amp;S)</source>
        <translation>&amp;Search by number</translation>
    </message>
    <message>
        <source>手机号码或其中几位</source>
        <translation>Mobile number or some of its digits</translation>
    </message>
    <message>
        <source>办理过户(&amp;N)…</source>
        <translation>&amp;New transfer of ownership…</translation>
    </message>
    <message>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>（身份资料无法读取）</source>
        <translation>(identity data unreadable)</translation>
    </message>
    <message>
        <source>共 {n} 笔</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>没有找到过户记录</source>
        <translation>No transfers found</translation>
    </message>
</context>
<context>
    <name>TypicalCases</name>
    <message>
        <source>案例标题</source>
        <translation>Case title</translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation>Complaint class</translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation>Complaint sub-class</translation>
    </message>
    <message>
        <source>案例背景</source>
        <translation>Background</translation>
    </message>
    <message>
        <source>处理过程</source>
        <translation>How it was handled</translation>
    </message>
    <message>
        <source>经验启示</source>
        <translation>Lessons learned</translation>
    </message>
    <message>
        <source>本月已写 {written}/{quota}</source>
        <translation>Written this month: {written}/{quota}</translation>
    </message>
    <message>
        <source>（已完成）</source>
        <translation> (done)</translation>
    </message>
    <message>
        <source>{quarter} 已评优秀 {count}/{limit}</source>
        <translation>{quarter}: {count}/{limit} outstanding</translation>
    </message>
    <message>
        <source>写成典型案例</source>
        <translation>Write up as a typical case</translation>
    </message>
    <message>
        <source>修改典型案例</source>
        <translation>Edit typical case</translation>
    </message>
    <message>
        <source>把处理得好的投诉写成案例，供全厅学习。{quota}。写清背景、怎么处理的、学到了什么。</source>
        <translation>Write up a well-handled complaint as a case for the whole hall to learn from. {quota}. Say what the background was, how it was handled and what was learned.</translation>
    </message>
    <message>
        <source>一句话概括，如“国际漫游费误收的核实与退费”</source>
        <translation>One sentence, e.g. &quot;Checking and refunding wrongly charged international roaming&quot;</translation>
    </message>
    <message>
        <source>案例标题(&amp;T)</source>
        <translation>Case &amp;title</translation>
    </message>
    <message>
        <source>案例类别(&amp;C)</source>
        <translation>Case &amp;category</translation>
    </message>
    <message>
        <source>客户、问题、诉求：发生了什么</source>
        <translation>Customer, problem, request: what happened</translation>
    </message>
    <message>
        <source>核实了什么、怎么处理、怎么答复客户</source>
        <translation>What was checked, how it was handled, how the customer was answered</translation>
    </message>
    <message>
        <source>做对了什么、下次如何做得更好</source>
        <translation>What went right, how to do better next time</translation>
    </message>
    <message>
        <source>案例背景(&amp;B)</source>
        <translation>&amp;Background</translation>
    </message>
    <message>
        <source>处理过程(&amp;H)</source>
        <translation>&amp;How it was handled</translation>
    </message>
    <message>
        <source>经验启示(&amp;L)</source>
        <translation>&amp;Lessons learned</translation>
    </message>
    <message>
        <source>{quarter} 优秀案例（{name} 评）</source>
        <translation>Outstanding case of {quarter} (chosen by {name})</translation>
    </message>
    <message>
        <source>{main}/{sub} · 投诉 {number} · {author}（{no}）撰写于 {when}</source>
        <translation>{main}/{sub} · complaint {number} · written by {author} ({no}) on {when}</translation>
    </message>
    <message>
        <source>典型案例库</source>
        <translation>Typical case library</translation>
    </message>
    <message>
        <source>标题、背景、处理过程、经验启示中的词，如“话费”“信号”；多个词用空格分开</source>
        <translation>Words from the title, background, handling or lessons, e.g. &quot;bill&quot;, &quot;signal&quot;; separate several words with spaces</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>只看优秀案例(&amp;B)</source>
        <translation>Outstanding cases onl&amp;y</translation>
    </message>
    <message>
        <source>没有找到案例。</source>
        <translation>No cases found.</translation>
    </message>
    <message>
        <source>本月各人撰写情况（每人每月 {quota} 篇）</source>
        <translation>Cases written this month, per person ({quota} per person per month)</translation>
    </message>
    <message>
        <source>工号</source>
        <translation>Staff no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>本月已写</source>
        <translation>Written this month</translation>
    </message>
    <message>
        <source>修改(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>评为本季度优秀案例(&amp;M)</source>
        <translation>&amp;Mark as outstanding this quarter</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>共 {n} 篇</source>
        <translation>{n} cases</translation>
    </message>
    <message>
        <source>取消优秀案例(&amp;M)</source>
        <translation>Un&amp;mark outstanding</translation>
    </message>
    <message>
        <source>取消后腾出 {quarter} 的一个名额</source>
        <translation>Unmarking frees one place in {quarter}</translation>
    </message>
    <message>
        <source>评为 {quarter} 优秀案例(&amp;M)</source>
        <translation>&amp;Mark as outstanding in {quarter}</translation>
    </message>
    <message>
        <source>已取消“{title}”的优秀案例</source>
        <translation>&quot;{title}&quot; is no longer an outstanding case</translation>
    </message>
    <message>
        <source>已评为 {quarter} 优秀案例：{title}</source>
        <translation>Marked as an outstanding case of {quarter}: {title}</translation>
    </message>
    <message>
        <source>已保存修改</source>
        <translation>Changes saved</translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <source>客户已越级投诉（10086管理层、通信管理局、工信部、媒体等）。升级后同时标记为重要投诉。</source>
        <translation>The customer went over the hall&apos;s head (10086 management, communications administration, MIIT, media…). Escalating also flags the complaint as important.</translation>
    </message>
    <message>
        <source>越级去向(&amp;S)</source>
        <translation>E&amp;scalated to</translation>
    </message>
    <message>
        <source>通信管理局/工信部的申诉编号</source>
        <translation>Appeal reference of the communications administration / MIIT</translation>
    </message>
    <message>
        <source>申诉编号(&amp;N)</source>
        <translation>Appeal &amp;no.</translation>
    </message>
    <message>
        <source>升级倾向(&amp;T)</source>
        <translation>Escalation &amp;tendency</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>查询账单、详单、网络状况后，判断投诉是否成立及责任方。</source>
        <translation>After checking the bill, the itemised record and the network, decide whether the complaint is upheld and who is responsible.</translation>
    </message>
    <message>
        <source>是否成立(&amp;V)</source>
        <translation>U&amp;pheld or not</translation>
    </message>
    <message>
        <source>责任方(&amp;R)</source>
        <translation>&amp;Responsible party</translation>
    </message>
    <message>
        <source>查了什么、发现了什么（可不填）</source>
        <translation>What was checked and found (optional)</translation>
    </message>
    <message>
        <source>核实说明(&amp;N)</source>
        <translation>Verification &amp;note</translation>
    </message>
</context>
</TS>
