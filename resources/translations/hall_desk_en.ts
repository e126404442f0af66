<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>新增人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至少 6 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不修改请留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>岗位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重置密码后，本人下次登录时须设置新密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>尚未备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最近备份：{when} ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份失败（{when}）：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到备份文件夹（U 盘未插好？）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未选择备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无系统密钥库，未备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>写入失败（U 盘已满或被拔出？）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>校验未通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机磁盘已满？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见详细说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据文件已损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从最近的备份恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>稍后处理</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>数据备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每天自动备份一次到下面的文件夹（U 盘或网络共享），备份文件已加密，写完后逐一校验。在新电脑上恢复需要本台席的备份密钥（由总部托管）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保留份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件夹中的本台席备份（最新在前）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选择备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在备份并校验，请稍候…（可以继续受理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份失败：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已备份并校验：{name}（{mb:.1f} MB，{s:.1f} 秒）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（无法读取）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>正在备份…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未设置备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请店长在“设置 → 数据备份”中选择备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 备份失败：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份文件夹：{folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最近一次成功：{when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <source>“关于您之前反映的问题，我们已经为您处理完毕，请问您对这次的处理结果满意吗？”
选“不满意”将重新打开投诉（处理中）并标记，须再次答复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意度(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意时必填：客户不满意的原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意原因(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访时间(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComplaintDetail</name>
    <message>
        <source>概况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请退费(&amp;F)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>写成典型案例(&amp;W)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重复投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>媒体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首问责任人（未转派）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已收回）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{holds}，责任方：{whose}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺客户时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>分类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发生时间/地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理台席</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管局15天时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首次答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关联的前次投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at} {method}，{who}（{no}）：{content}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at} 总部 {operator}：{reply}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at} {satisfaction}{reason}，{who}（{no}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at} 告知客户：{text}；承诺 {promised}，{who}（{no}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at} 转派至{kind} {name}：{note}（{who}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前状态不能执行此步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>先确认，后退费：核实争议费用后申请退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把这件投诉写成典型案例，供全厅学习</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已写成典型案例，可在“典型案例库”中查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档后该投诉不能再修改。确认归档 {number} 吗？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComplaintListPage</name>
    <message>
        <source>投诉编号、号码（全部或部分数字）、客户姓名或问题描述中的词，如“话费”“信号”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只看未办结(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上一页 (PgUp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一页 (PgDn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>范围：我受理的和转给我的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>范围：全厅</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {total} 条，第 {page}/{pages} 页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未与总部同步：列表只含本台席受理的投诉。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其他台席的记录截至最后一次与总部同步：{when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 已有一段时间未与总部同步，其他台席的记录可能不是最新（最后同步：{when}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>统计看板</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计期间：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新 (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印交班报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印本期报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全厅未办结 / 已超时 / 2 小时内到期（此刻，与所选期间无关）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按大类（点击查看投诉）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>大类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按日趋势</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回复及时率（虚线为目标；点击查看超时）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>及时率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>大类 / 子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按品牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>品牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按首问责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉热点：明显多于平时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>平时平均</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>倍数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period}&#x3000;截至 {now}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>件，点击查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚无答复或到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>目标 {target} {verdict}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按时 {on_time}，未到期 {pending}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其中超时 {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访 {n}，不满意 {bad}，曾不满意 {ever}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未办结 / 超时 / 2小时内到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;投诉热点&lt;/b&gt;：本期没有明显多于平时的类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;投诉热点&lt;/b&gt;：{n} 个类别明显多于平时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法生成报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>交班报表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉统计报表</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadLetterDialog</name>
    <message>
        <source>未送达总部的事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>以下事件未能送达或应用：上传的被总部隔离或拒收，总部下发的未能在本台席应用；被总部拒收的文件（过户证明材料、协议 PDF）也列在这里。它们不会阻塞其他记录的同步；请导出后交总部技术支持处理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重新上传被拒文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部处理好拒收原因后，下次同步时再次上传这些文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上传文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>被拒收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部下发</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未应用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上传总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已隔离</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已重新排队</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 个文件将在下次同步时重新上传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出未送达事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 {n} 条到 {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>10086管理层</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10086转派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一般</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上网速率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不成立</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>业务办理差错</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>业务种类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>个人信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>临时居民身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代收信息费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信函</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信号覆盖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>信访局</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>值班经理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值卡返还</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全球通</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>其他</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>后付费（全球通）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>垃圾短信</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>基础业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>填写中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>增值业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>套餐变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>媒体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>宽带业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工信部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已批准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已拒绝</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已放弃</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已转派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>市长热线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待总部审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部已批准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部已拒绝</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>成立</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我方</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>户口簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>护照</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>携号转网</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收费争议</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>普通</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>普通业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有曝光倾向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有越级倾向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务态度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特急</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>用户服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>电信服务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>电信资费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>电子邮件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>短信</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>积分兑换</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第三方或不可抗力</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>紧急</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网站/APP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络故障</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络质量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅现场</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营销宣传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>话费账户返还</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>资费争议/乱收费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨省</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>边界漫游</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>通信管理局</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>预付费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>高端业务</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>客户号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户品牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发生地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨省/跨企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理日期（起）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理日期（止）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申诉编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保留份数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所属区域</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>台席号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>是否成立</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>责任方</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派去向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>满意度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知客户的内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>影响区域</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账户类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值卡返还原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>被授权人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权开始时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权结束时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开户日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核对位置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值发票</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明材料文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>书面理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批店长工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新机主签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原机主签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经办营业员签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见证人签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>必须填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能超过 {max} 个字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不是有效的选项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>必须填写，例如 13812345678 或 010-12345678</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不是有效的号码：手机号为 11 位，固话须带区号（如 010-12345678）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入金额数字，例如 58.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能为负数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最多两位小数（精确到分）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>金额过大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能晚于现在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只能是 2–20 位字母或数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该工号已存在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至少 {min} 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>须为 2–10 位大写字母或数字，以字母开头，例如 HA01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO 为演示营业厅保留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>须为 1–99 的数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号或密码不正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该账号已停用，请联系店长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长已重置您的密码，请设置新密码后登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码不能与原密码相同</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的岗位无权执行此操作（需要：{needs}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该投诉记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席尚未完成初始设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席已完成初始设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>演示台席不能注册到总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该数据目录已有真实营业厅数据，不能用于演示模式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅至少要保留一名在岗店长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有网络质量类投诉才按跨省/跨企业的工作日时限处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法按该列排序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>分页参数无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计期间最长 {max} 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部地址无效，应为 http(s)://主机[:端口]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>台席令牌格式不正确，请核对总部发放的令牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>协议文件完好：营业厅签章有效，签章后未被改动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>协议文件没有营业厅签章，无法证明未被改动。请报告店长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席尚未注册到总部，记录暂存本机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>系统密钥环中没有本台席的总部令牌，请重新注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>连不上总部（网络中断或总部未开），记录已排队，恢复后自动上传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部响应超时，稍后自动重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部服务异常，稍后自动重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部不认可本台席的令牌，请联系总部重新发放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席的令牌已被总部吊销，请联系总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>令牌不属于本台席</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上传时出现内部错误，已记入日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部拒收了一个文件，请查看未送达列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需要从总部恢复：总部返回的本台席记录未通过校验，已暂停上传，请联系总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该投诉已归档，不能再修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已答复客户，此步骤须在答复前完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实已开始或已完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先完成核实（判断是否成立及责任方），再答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉已转派，请先收回处理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该投诉未转派，无需收回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先记录对客户的答复，再回访或归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已回访，不能重复回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该投诉由 {desk} 受理，请在该柜台处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您不是该投诉的首问责任人或当前处理人，请联系班长处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号 {staff_no} 不存在或已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不能转派给首问责任人本人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该重大批量投诉已结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该事件由 {desk} 创建，请在该柜台结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前没有进行中的重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间不能早于受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>承诺时间须晚于现在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写有争议的费用项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>先确认，后退费：请填写查了什么、发现了什么</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费金额须大于 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值卡返还属特殊情况，须说明原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅不以现金或优惠充值方式退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超出审批权限：本投诉退费合计 {total} 元，审批人限额 {limit} 元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，不能再审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，不能取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，批准（或报总部审批）后才能签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该退费当前为“{state}”，批准（或报总部审批）后才能打印退费单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请客户先在签名板上签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名图像无效，请清除后重签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名图像过大，请清除后重签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉 {number} 已归档，不能再申请退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} 由台席 {desk} 办理，请在该柜台办理退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该退费记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只能授权给在岗的值班经理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权期间无效：结束时间须晚于开始时间，且晚于现在</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该授权记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该授权已撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该授权在台席 {desk} 设定，请在该柜台撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉 {number} 当前为“{state}”，归档后才能写成典型案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有投诉 {number} 的首问责任人或被转派的处理人可以把它写成典型案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有案例的撰写人可以修改它</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉 {number} 已写成典型案例，可在典型案例库中修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{quarter} 已评满 {limit} 篇优秀案例，请先取消其中一篇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案例已是 {quarter} 的优秀案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案例不是优秀案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该典型案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该案例在台席 {desk} 撰写，请在该柜台修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>季度格式应为 2026Q4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只能导出为 .xlsx（Excel）或 .csv 文件：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出已取消，未生成文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件写入失败：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>必须填写证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>居民身份证号码应为 {needed} 位，现为 {length} 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>格式不对：居民身份证号码前 17 位为数字，最后一位为数字或 X；其他证件只能有字母、数字、括号和连字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>第 7–14 位的出生日期无效（不存在的日期、早于 1900 年或晚于今天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>前 6 位地区码 {region} 不存在，请核对证件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最后一位校验码不符，号码中有输错的数字，请逐位核对证件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开户日期 {opened_on} 晚于今天，请按业务系统显示的日期填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人是{role}，仅凭发票办理须由{needs}审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请店长填写书面理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长须先核查{missing}，并勾选确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写审批店长的工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户须原机主到场并登记其身份；原机主不在场请办理特殊过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{who}尚未签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见证人须为值班经理或店长，{role}不能见证特殊过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发票月份无效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊过户原机主不在场，只能有新机主的代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每方最多一名代办人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人最多 {max} 名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件“{name}”是空的，请重新扫描或拍照</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件“{name}”超过 {max_mb} MB，请降低扫描分辨率后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件“{name}”不是图片（JPEG、PNG）或 PDF，不能作为证明材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每笔过户最多附 {max} 份证明材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊过户须附证明材料的扫描件或照片（至少一份），请在“证明材料”页添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该证明材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该过户记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} 由台席 {desk} 办理，请在该柜台继续</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该过户当前为“{state}”，不能再修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有特殊过户才需要此项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊过户原机主不在场，无需原机主签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} 刚被修改过，请核对后再完成办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该协议文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还有 {count} 项条件未满足</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请选择完整的文件夹路径</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>找不到该文件夹（U 盘未插好或网络共享未连接？）：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该文件夹不能写入：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>须为 1–{max} 的数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚未选择备份文件夹，请店长在“设置 → 数据备份”中选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>备份写入失败（U 盘已满或被拔出？），未留下不完整的文件：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>校验未通过，文件已损坏：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法在本机复制数据文件以备份（本机磁盘已满？）：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这不是受理台的备份文件：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该备份由更新版本的程序创建，请先升级：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法读取备份文件：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本机的备份密钥与该备份不符，无法解密：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该备份属于台席 {desk}，不是本台席（{store_desk}）的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理台程序正在运行，请先关闭程序再恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作未完成（{code}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不在期间内的：{months}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>定额发票 {n} 张不计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（还可尝试 {left} 次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该文件不是营业厅台席的数据文件，未被改动：
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法打开数据文件：
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>冲突：总部已有同编号但内容不同的事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不属于本台席的事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部不认识的事件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部不支持的事件版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件内容不完整或格式错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部拒绝应用此变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不属于本营业厅的事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席自己的事件（不应从总部下发）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件链断裂：与该台席之前的事件对不上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只接受总部下发的此类变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席没有该投诉记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有受理该投诉的台席可以修改它</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号已被本营业厅的其他账号使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只有办理该过户的台席可以修改它</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件内容与校验值不符（本机文件可能已损坏）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件超过总部允许的大小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部不接收此类文件（只收 PDF、JPEG、PNG）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>文件为空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件格式错误（{reason}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>导出完整号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>仅店长可选。导出的文件含客户完整号码，本次导出将记入审计日志；请妥善保管文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把当前筛选出的全部投诉（不只本页）导出为 Excel 或 CSV 文件，号码默认隐去中间四位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出投诉清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>正在导出… {done}/{total} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>导出已取消，未生成文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已导出 {rows} 条到 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（含完整号码，已记入审计日志）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FollowUp</name>
    <message>
        <source>全厅跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我的跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2小时内到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只看我的(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只显示我是首问责任人或当前处理人的投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>每分钟自动刷新；保存、同步后也会刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>红色：已超时；黄色：2 小时内到期。首问责任人在投诉办结前始终负责跟进（含已转派的）。回车或双击打开。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有需要跟进的投诉。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全厅未办结投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（显示最近到期的 {n} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>更新于 {when}，每分钟自动刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number}（{customer}）将于 {due} 超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>……另有 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 即将超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看我的跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>知道了</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <source>新建重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同一原因、多位客户（如基站故障）。事件进行中时，受理页可一键受理后续来电客户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 XX 基站故障导致 XX 小区无信号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件原因(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 城东区人民路一带</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>影响区域(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始时间(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户诉求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉：一键受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机 11 位，固话带区号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户号码(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 陈先生</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户姓名(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>保存，下一位 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存投诉 {number}（{name}，{phone}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，已标记为重复投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新建(&amp;N)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束所选事件(&amp;E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>显示已结束的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择一个事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束 {number} 后不能再一键受理或关联；已受理的投诉仍需逐一答复。确认结束吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已新建重大批量投诉 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已结束 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉：一键受理 (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉进行中（{count}）：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>手机 11 位，固话带区号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 陈先生</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>需外省或其他企业（他网运营商、银行等）配合处理的网络投诉：按工作日计时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 本营业厅、家中、XX 小区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>元，如 58.50；无则留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户反映的问题经过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>解释、修复、补偿、道歉……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>通信管理局/工信部编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重要投诉（律师、政府、知名人士等）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>媒体记者（出示记者证）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户号码(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户姓名(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户品牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉大类(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>网络紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨省/跨企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>发生地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>问题描述(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户诉求(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>越级去向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申诉编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级倾向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>复述确认并保存 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清空 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理时限（保存时确定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管局15天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该客户的历史投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>输入完整号码后显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该号码没有历史投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重复投诉：该客户 {days} 天内已就同类问题投诉过（{numbers}）。保存后将标记为重复投诉并关联。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按网络紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨省协调：{n} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>跨企业协调：{n} 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按客户品牌</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（估：超出节假日日历，按周一至周五计）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>；落在 22:00–08:00 的时限顺延至 08:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃当前填写的投诉内容吗？已填写的内容将被清空。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkIncidentDialog</name>
    <message>
        <source>事件(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>营业厅投诉受理台 — {hall}（台席 {desk}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>【演示】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执 (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我的跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+G 打开我的跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>切换用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待审批退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计看板…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理过户…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未送达事件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>统计(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>同步(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人员管理…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费审批授权…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>数据备份…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回执纸张</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>80 mm 小票</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>典型案例库…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案例(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} 已退出，填写中的内容已为其保留。请下一位登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已锁定（{name}）。填写中的内容已保留，重新登录后继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全厅跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（{open}，超时 {overdue}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（{open}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 即将超时：{number} 将于 {due} 到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（另有 {n} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>即将超时的投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存投诉 {number}，答复时限 {due}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已标记为重复投诉）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法生成回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉受理回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法生成退费单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 数据文件已损坏：{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>答复时限 {due} 不因新的承诺时间而改变；超时的投诉仍计为超时。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已告知客户的进展</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知客户(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新的承诺时间(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadBackDialog</name>
    <message>
        <source>复述确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>分类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>媒体：立即报送综合部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户确认，保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Refunds</name>
    <message>
        <source>审批限额按本投诉退费合计：{parts}；超过 {limit} 元报总部审批。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>合计超出营业厅审批权限（{limit} 元）：批准即报总部审批（待总部审批），总部决定后自动更新。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（{no}，受 {by} 授权至 {until}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>可由{roles}（限额 {limit} 元及以上）审批：{people}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账户类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部 {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批/处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受 {name} 授权（至 {until}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本投诉退费合计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{total}&lt;/b&gt;（含本笔及待审批的，不含已拒绝、已取消）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申请退费 — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>先确认，后退费：先查账单、详单，确认争议费用属实，再申请退费。
退费由总部按电子工单返还到话费账户；营业厅不以现金或优惠充值退费。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本投诉已申请退费合计 {total}（含待审批的）；审批限额按合计计算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有争议的费用，如 2026年11月 彩铃功能费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费项目(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查了什么、发现了什么（必填），如：查详单，客户未订购，系统误开通</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实情况(&amp;K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>元，如 150 或 58.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费金额(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账户类型(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值卡返还仅限特殊情况，须说明原因；营业厅不以现金退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费方式(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>选“充值卡返还”时必填：为何不返还到话费账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返还原因(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为何退费，如：系统误开通，客户未使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费原因(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交申请 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批退费 — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人本人在本机输入工号和密码确认身份（输错密码计入锁定次数）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人工号(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批人密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拒绝时必填：为何不予退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拒绝原因(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批准 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批准并报总部 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>拒绝(&amp;J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户签名 — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请客户核对退费金额、方式和原因后，在下方签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该退费待总部审批：签名的是临时退费单，总部批准前不作为退费凭证。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已有签名：重新签名将替换原签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费原因：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本人已核对上述退费金额、方式及原因，确认无误。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认签名 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清除(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消退费 — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消后该笔退费不再计入本投诉的退费合计。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为何取消，如：客户不再要求、录入有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消原因(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消该退费 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>返回 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已提交退费申请 {number}（{amount}），待审批。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费 {number}（{amount}）已批准。请客户签名并打印退费单。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费 {number} 已拒绝。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费 {number} 已取消。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费 {number} 总部已批准。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退费 {number} 总部已拒绝。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（受{by}授权）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部 {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户签名(&amp;Q)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打印退费单(&amp;D)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消退费(&amp;X)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先选择一笔退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存客户签名（{number}），可打印退费单。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 笔；计入限额的合计 {total}（不含已拒绝、已取消）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本投诉没有退费申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待审批退费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开投诉(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>审批授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长不在时，可将本人的退费审批限额（{limit} 元）授权给一名值班经理，限定期间；期间内其批准的退费注明“受店长授权”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>被授权人(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始时间(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>结束时间(&amp;E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如：店长休假</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>授权(&amp;G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>撤销授权(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已撤销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>生效中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已过期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已授权 {name} 至 {until}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已撤销对 {name} 的授权</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <source>答复人：{name}（{no}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>对客户说了什么：处理结果、解释、补偿……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复内容(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复方式(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时间(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchFilters</name>
    <message>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>大类(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>品牌(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未办结且已过答复时限，或答复晚于时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>属于重大批量投诉事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我的(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>我是首问责任人或当前处理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理日期(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>来自统计看板的条件；“清除筛选”去掉</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>首次使用：设置营业厅和台席</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席第一次启动。请填写营业厅信息、本台席编号和第一位店长的账号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅编码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 HA01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 人民路营业厅</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>所属区域</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 城东区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本台席号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>至少 6 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>营业厅投诉受理台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>例如 3001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>演示账号（仅演示营业厅）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请输入工号</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffAdminDialog</name>
    <message>
        <source>人员管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新增…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在任一台席修改的账号会同步到本营业厅的其他台席。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>在岗</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（密码错误次数过多，暂时锁定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>停用 {name}（{no}）后，该账号在本营业厅所有台席都不能登录。确定停用？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>保存 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关联重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusPanel</name>
    <message>
        <source>● 未连接总部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● 在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● 离线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>待上传 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，待上传文件 {n} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，未送达 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，总部拒收文件 {n} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最近上传：{when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>从未</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>最近错误（{when}）：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>快</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>慢</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 本机时钟比总部{direction}{amount}，请校准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>约 {n} 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>约 {n} 小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> {n} 分钟</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <source>（估）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{d}天{h}小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{h}小时{m}分</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m}分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>超时 {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还剩 {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>此列不能排序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>点击按此列排序，再点一次反向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已向客户承诺：{when}（时限不变）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TakeBackDialog</name>
    <message>
        <source>收回 {handler} 的处理结果，继续由本厅答复客户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理方查明或处理的结果（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理结果(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开始核实</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>收回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>进展说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关联事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理方类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不满意标记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>归档时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重大批量投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重要投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>媒体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>重复投诉</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首问责任人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首问责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答复时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管局15天时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>管局分类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访满意度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首次答复时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部 {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉{holds}，责任方：{whose}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>说明：{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派至{kind}：{target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>要求：{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理结果：{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>告知客户：{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新的承诺时间：{at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{method}答复（{at}）：{content}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>回访（{at}）：{satisfaction}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>，原因：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>越级去向：{source} {reference}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级倾向：{tendency}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>事件 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部答复（{at}）：{reply}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field}：{before} → {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂无记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>内容与变更</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>首问责任人 {name}（{no}）不变，投诉仍留在其跟进列表中，直到客户得到答复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>当前处理：{handler}；再次转派将更换处理方。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派去向(&amp;K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>部门名称，如 计费中心、网络维护中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>总部（答复将经总部下发到本台席）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派对象(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请对方做什么（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转派说明(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>18 位号码，可粘贴；末位 x 自动转大写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与证件一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件上的住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有代办人（代{role}办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>代办人（代{role}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>值班经理或店长的工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本人密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见证人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>确认签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>清除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ 已签名：{name}{no}&#x3000;{when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>未签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭 (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>上一步(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>下一步(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃本笔(&amp;X)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>不再办理：说明原因后，本笔记为“已放弃”并留存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理类型与号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户（原机主到场）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>特殊过户（原机主不在场）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>11 位手机号码，可粘贴</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>账户类型(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按业务系统显示的开户日期（北京时间）；可直接键入 2026-09-01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>开户日期(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如 BOSS 客户信息页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核对位置(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（工号 {no}，本人登录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核对人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明材料（特殊过户）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIM 卡可正常使用（已在柜台核验）(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务密码验证正确(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值发票（每张一行）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>添加发票(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>删除发票</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明材料文件（扫描件或照片：JPEG、PNG、PDF，每份不超过 10 MB）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>添加文件(&amp;F)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>移除(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>资格检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长审批(&amp;A)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成办理(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理过户 — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存为 {number}（填写中）：中途关闭也不会丢失，可在“过户记录”中继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>资料已修改并保存；修改前的签名（及店长审批）已作废，请重新签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>尚不符合办理条件，请先按上面的说明处理，再请客户签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>定额发票</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>添加证明材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法读取文件“{name}”：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已添加 {n} 份证明材料。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已移除“{name}”（文件仍留存备查）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type}，开户日期 {opened}（{who}核对于 {where}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>原机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新机主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIM 卡可正常使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务密码验证正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>充值发票 {n} 张（计入 {m} 个月）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>证明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>材料文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} 份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}（{no}）批准：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>符合办理条件，请各方签名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经店长批准按例外程序（仅凭充值发票）办理，</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长已批准按例外程序办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{role}：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经办营业员：{name}（{no}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>见证人（值班经理或店长，须与经办营业员不是同一人）：先输入工号和密码，再签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先在签名板上签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃本笔过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>放弃原因（如：开户未满规定天数，客户改日再来）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭向导？已填写的内容已保存为“填写中”，可在“过户记录”中继续办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭向导？尚未保存，已填写的内容将丢失。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭办理过户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长审批 — 仅凭充值发票办理（{number}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>书面理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>仅凭充值发票原则上不予办理特殊过户。店长核查客户近期使用记录和套餐信息后，可按例外程序批准，并写明理由。店长本人在本机输入工号和密码确认身份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长工号(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>店长密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>为何按例外程序办理（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>书面理由(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已核查近期使用记录（通话/上网）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已核查套餐信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>批准 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开/打印(&amp;O)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户已完成：{number}（{kind}，{phone}）&#x3000;{at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number}：{state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开时核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ 完好</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 已被改动，不可作为凭证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>无法显示该图片</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>过户记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>按号码查找(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>手机号码或其中几位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>办理过户(&amp;N)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>打开(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 笔</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到过户记录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TypicalCases</name>
    <message>
        <source>案例标题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉大类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>投诉子类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案例背景</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经验启示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本月已写 {written}/{quota}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>（已完成）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{quarter} 已评优秀 {count}/{limit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>写成典型案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改典型案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>把处理得好的投诉写成案例，供全厅学习。{quota}。写清背景、怎么处理的、学到了什么。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>一句话概括，如“国际漫游费误收的核实与退费”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案例标题(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案例类别(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>客户、问题、诉求：发生了什么</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实了什么、怎么处理、怎么答复客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>做对了什么、下次如何做得更好</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>案例背景(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>处理过程(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>经验启示(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{quarter} 优秀案例（{name} 评）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{main}/{sub} · 投诉 {number} · {author}（{no}）撰写于 {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>典型案例库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>标题、背景、处理过程、经验启示中的词，如“话费”“信号”；多个词用空格分开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>只看优秀案例(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到案例。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本月各人撰写情况（每人每月 {quota} 篇）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本月已写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>修改(&amp;E)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评为本季度优秀案例(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>共 {n} 篇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消优秀案例(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>取消后腾出 {quarter} 的一个名额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评为 {quarter} 优秀案例(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已取消“{title}”的优秀案例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已评为 {quarter} 优秀案例：{title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已保存修改</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <source>客户已越级投诉（10086管理层、通信管理局、工信部、媒体等）。升级后同时标记为重要投诉。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>越级去向(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>通信管理局/工信部的申诉编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>申诉编号(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>升级倾向(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>查询账单、详单、网络状况后，判断投诉是否成立及责任方。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>是否成立(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>责任方(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>查了什么、发现了什么（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>核实说明(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
