"""Every user-facing sentence, in zh-CN and en. Messages are plain text (no parse mode).

A test fails when the two catalogs differ in keys or placeholders.
"""

from __future__ import annotations

from typing import Any

ZH: dict[str, str] = {
    "not_linked": (
        "您好！这个机器人只为本校教职工服务。\n"
        "请向学校管理员索取您的个人邀请链接，点开链接即可绑定账号。"
    ),
    "link_ok": "{name}，您好！您的 Telegram 账号已绑定到 {school}。",
    "welcome_back": "{name}，您好！您的账号已绑定。发送 /help 查看可用命令。",
    "your_duties": "您的值班：\n{duties}",
    "no_duties": "目前没有安排给您的值班。",
    "duty_line": "• {duty}：{when}，{time} 提醒，{deadline} 前完成{next}",
    "when_school_days": "每个上课日",
    "when_weekdays": "{days}",
    "when_monthly_first": "每月第一个上课日",
    "when_monthly_last": "每月最后一个上课日",
    "when_monthly_day": "每月 {day} 日（遇非上课日顺延）",
    "code_unknown": "这个邀请码无效。请检查链接，或向管理员索取新的邀请。",
    "code_used": "这个邀请码已经用过了。如需重新绑定，请向管理员索取新的邀请。",
    "code_expired": "这个邀请码已过期。请向管理员索取新的邀请。",
    "code_revoked": "这个邀请码已被新的邀请取代。请使用最新的邀请链接。",
    "unlinked_elsewhere": "您的值班账号已绑定到另一个 Telegram 账号，此账号不再接收值班消息。",
    "relink_confirm": (
        "此 Telegram 账号目前绑定的是{current}。这个邀请是给{other}的。\n"
        "改为绑定{other}吗？改绑后，{current}的值班消息不再发到这里，管理员会收到通知。"
    ),
    "btn_relink_yes": "改为绑定{other}",
    "btn_relink_no": "保持不变",
    "relink_kept": "没有改动：此账号仍绑定{current}。邀请码没有使用，仍然有效。",
    "alert_relinked": "ℹ️ 账号改绑：{what}。如果这不是本人操作，请重新发放邀请。",
    "help": (
        "可用命令：\n/today 今天我的值班\n/week 未来七天我的值班\n"
        "/leave 请假（安排代班）\n/swap 把一项值班换给同事\n/help 显示本帮助"
    ),
    "unknown_command": "没有这个命令。发送 /help 查看可用命令。",
    "cmd_start": "绑定账号 / 重新开始",
    "cmd_today": "今天我的值班",
    "cmd_status": "今日全校值班状态",
    "cmd_help": "帮助",
    "cmd_reload": "重新加载配置（管理员）",
    "cmd_export": "导出月度台账",
    "weekday_mon": "周一",
    "weekday_tue": "周二",
    "weekday_wed": "周三",
    "weekday_thu": "周四",
    "weekday_fri": "周五",
    "weekday_sat": "周六",
    "weekday_sun": "周日",
    "list_sep": "、",
    "reminder_title": "🔔 值班提醒：{duty}",
    "nudge_title": "⏰ 还有 {minutes} 分钟截止：{duty}",
    "overdue_title": "⏫ 已过截止时间：{duty}",
    "due_line": "{date} · 截止 {deadline}",
    "checklist_hint": "全部正常请点「✅ 全部正常」；有问题请点该项标成 ⚠️，再点「📨 提交」。",
    "btn_all_clear": "✅ 全部正常",
    "btn_submit": "📨 提交",
    "btn_no_photo": "不需要照片",
    "btn_contact": "联系{name}",
    "btn_answer": "填写：{duty}",
    "answered_title": "✅ 已提交：{duty}",
    "answered_line": "{by} · {time}{late}",
    "late_mark": "（迟交）",
    "note_line": "备注：{note}",
    "photo_line": "（附照片）",
    "escalation_other": (
        "⏫ 升级提醒（第 {level} 级）：{assignee}的「{duty}」\n"
        "{date}，截止 {deadline}，至今未完成。\n请联系{assignee}或到现场确认。"
    ),
    "unreachable_line": "（机器人联系不上{assignee}。）",
    "resolved_notice": "✅ {by}已于 {time} 完成「{duty}」（{assignee}）{late}。",
    "problem_ask_note": "⚠️ {duty}：「{item}」有问题。请直接回复一句话说明情况。",
    "photo_before_note": "请先回复一句话说明问题，然后再发照片。这张照片没有保存。",
    "problem_moved_on": "15 分钟内没有收到说明：{duty}「{item}」已按现有情况上报给安全主任。",
    "sent_late_note": "（本应在 {time} 发出；机器人当时没有运行，现在补发。）",
    "repeat_mark": "🔁 可能重复：之前的发送也许已经送达。",
    "alert_undelivered": "⚠️ 有一条消息多次发送失败，已停止重试：{what}。请检查机器人的日志和网络。",
    "alert_error": "⚠️ 机器人出错：{what}。详情见日志（同类错误一小时内只提醒一次）。",
    "alert_calendar": (
        "📅 从 {what} 起的国家法定节假日和调休安排还没有官方数据（通常前一年 11 月公布）。"
        "在此之前，这些日子按学校的上课日和配置文件里自己写的日期安排值班，放假和调休可能不准。"
        "公布后请更新 safeduty（chinese-calendar 包），或在配置 [calendar] 里手动写上 "
        "holidays 和 makeup_days。"
    ),
    "not_recorded": "⚠️ 出错了，刚才的操作可能没有记录下来。请再试一次（重复点击不会重复记录）。",
    "last_tick": "⏱ 上次正常运行检查：{time}",
    "problem_ask_photo": "已记录。可以再发一张照片（可选），或点「不需要照片」。",
    "problem_done": "谢谢，问题已上报给安全主任。",
    "problem_notice": "⚠️ 问题报告：{duty}（{assignee}，{date}）\n项目：{item}\n备注：{note}",
    "no_note": "（未填写）",
    "button_stale": "这个按钮已失效。",
    "not_yours": "这不是您的值班。",
    "already_answered": "这项值班已经提交过了。",
    "already_missed": "这项值班已记为缺失，不能再提交。",
    "not_yet": "这项值班还没到提醒时间。",
    "items_unset": "还有 {count} 项未标记。",
    "today_title": "今天（{date}）您的值班：",
    "today_none": "今天您没有值班。",
    "today_line": "• {time} {duty} — {state}",
    "state_planned": "待提醒",
    "state_reminded": "待填写",
    "state_answered": "已完成",
    "state_late": "已完成（迟交）",
    "state_missed": "缺失",
    "reload_ok": "配置已重新加载：{summary}",
    "reload_failed": "配置有问题，继续使用原来的配置：\n{problems}",
    "admin_only": "只有管理员可以使用这个命令。",
    "summary_title": "📋 {school} · {date} 值班汇总",
    "status_title": "📊 {school} · {date}，截至 {time}",
    "summary_counts": "按时 {on_time} · 迟交 {late} · 未完成 {missed} · 问题 {problems}",
    "outcome_on_time": "✅ 按时（{time}）",
    "outcome_late": "⏰ 迟交（{time}）",
    "outcome_missed": "❌ 缺失",
    "outcome_overdue": "❌ 超时未完成",
    "outcome_pending": "⏳ 未到截止",
    "summary_duty_line": "• {duty} — {assignee}：{outcome}",
    "summary_no_duties": "今天没有值班。",
    "summary_problems": "⚠️ 发现的问题：",
    "summary_problem_line": "• {duty} / {item}（{assignee}）：{note}{photo}",
    "photo_mark": "（附照片）",
    "summary_escalations": "⏫ 已触发的升级：",
    "summary_escalation_line": "• {time} {duty}（{assignee}）第 {level} 级 → {recipient}",
    "summary_health": (
        "🩺 运行：已发提醒 {reminders} 条；可能重复 {repeats} 条；联系不上：{unreachable}；"
        "未绑定：{unlinked}；上次启动：{started}"
    ),
    "summary_chain": "🔗 记录链：共 {count} 条，头 {head}（可用 safeduty verify --head 核对）",
    "none_word": "无",
    "never_word": "从未",
    "status_refused": "只有校长、安全主任和管理员可以查看全校状态。",
    "chart_caption": "上周（{start}–{end}）值班：按时 {on_time} · 迟交 {late} · 缺失 {missed}",
    "chart_title": "上周值班情况",
    "chart_missed_most": "缺失最多",
    "chart_no_missed": "上周无缺失",
    "word_on_time": "按时",
    "word_late": "迟交",
    "word_missed": "缺失",
    "word_overdue": "超时未完成",
    "word_pending": "未到截止",
    "export_refused": "只有校长和管理员可以导出台账。",
    "export_bad_month": "月份格式应为 YYYY-MM，例如 /export 2026-12。",
    "export_caption": "{school} {month} 值班台账",
    "ledger_date": "日期",
    "ledger_duty": "值班",
    "ledger_assignee": "值班人",
    "ledger_reminded": "提醒时间",
    "ledger_answered": "回答时间",
    "ledger_outcome": "结果",
    "ledger_answers": "清单回答",
    "ledger_notes": "备注",
    "ledger_photos": "照片",
    "ledger_summary": "汇总",
    "ledger_total": "合计",
    "ledger_chain": "记录链头",
    "ledger_chain_count": "共 {count} 条",
    "word_ok": "正常",
    "word_problem": "有问题",
    "word_unanswered": "未回答",
    # leave, substitutes, swaps, /week, heads-up
    "cmd_week": "未来七天我的值班",
    "cmd_leave": "请假（安排代班）",
    "cmd_swap": "把一项值班换给同事",
    "leave_pick_person": "替谁请假？",
    "btn_myself": "我自己",
    "leave_pick_start": "{name}从哪天开始请假？",
    "btn_today": "今天",
    "btn_tomorrow": "明天",
    "btn_this_week": "本周剩下的 {days} 天",
    "leave_pick_length": "{name}从 {date} 起请假几天？",
    "btn_days": "{days} 天",
    "leave_recorded": "✅ 已登记请假：{name}，{first} 至 {last}。",
    "leave_no_duties": "这段时间{name}没有值班。",
    "leave_duties": "这段时间的值班：",
    "leave_find_hint": "请点下面的按钮请同事代班；在同事接受之前，这些值班没有人负责。",
    "leave_notice": "ℹ️ {by}为您登记了请假：{first} 至 {last}。",
    "cover_line": "• {when} {duty} → {status}",
    "cover_status_deputy": "{name}代班（代班人）",
    "cover_status_needed": "暂无人代班",
    "cover_status_proposed": "已请{name}代班，等待答复",
    "cover_status_accepted": "{name}代班",
    "cover_status_declined": "{name}不能代班，暂无人",
    "cover_status_withdrawn": "已取消",
    "btn_find": "找人代班：{when} {duty}",
    "cover_pick": "请谁代班 {when} {duty}（{absent}请假）？",
    "cover_no_one": "没有可以代班的同事。",
    "cover_asked_sent": "已请{name}代班 {when} {duty}，等待答复。",
    "cover_ask": (
        "🙋 {by}请您代班：{when} {duty}（{absent}请假），{deadline} 前完成。请点按钮答复。"
    ),
    "swap_ask": "🔁 {absent}想把值班换给您：{when} {duty}，{deadline} 前完成。请点按钮答复。",
    "btn_accept": "✅ 接受",
    "btn_decline": "❌ 不行",
    "cover_you_accepted": "✅ 您已接受：{when} {duty}（代 {absent}），到时会提醒您。",
    "cover_you_declined": "已答复不能接：{when} {duty}（{absent}）。",
    "cover_accepted_notice": "✅ {name}已接受代班：{when} {duty}（{absent}请假）。",
    "swap_accepted_notice": "🔁 {name}接受了换班：{when} {duty} 现在由{name}负责，不再提醒您。",
    "cover_declined_notice": "❌ {name}不能代班：{when} {duty}（{absent}请假）。请再请一位同事。",
    "swap_declined_notice": "{name}没有接受换班：{when} {duty} 仍由您负责。",
    "cover_assigned": (
        "🙋 您是「{duty}」的代班人：{absent}请假，{when} 由您值班，{deadline} 前完成。"
        "到时会提醒您。"
    ),
    "cover_needed": "📋 {absent}请假（{first} 至 {last}），以下值班还没有人负责：",
    "cover_needed_hint": "可以点按钮请同事代班。距提醒不到 24 小时仍无人时会再提醒您。",
    "cover_unstaffed": (
        "⚠️ 无人值班：{when} {duty}（{absent}请假）。离提醒不到 24 小时，还没有人接受代班，"
        "请安排人员。"
    ),
    "cover_stale": "这个按钮已失效。",
    "cover_not_allowed": "只有本人、登记请假的人、安全主任或管理员可以安排这项代班。",
    "leave_not_allowed": "只有管理员可以替别人请假。",
    "swap_not_allowed": "这不是您这一天的值班。",
    "cover_not_asked": "这个请求不是发给您的。",
    "cover_decided": "这个请求已经处理过了。",
    "cover_started": "这项值班已经到提醒时间，安排不再改变。",
    "cover_candidate": "这位同事不能接这项值班（请假、已有同一值班，或就是本人）。",
    "cover_pending": "已经在等这位同事答复了。",
    "swap_pick_duty": "要把哪项值班换给同事？",
    "swap_none": "未来两周您没有可以换的值班。",
    "swap_pick_person": "把 {when} {duty} 换给谁？",
    "swap_offered": "已把 {when} {duty} 提给{name}，等待答复。对方接受后由对方负责。",
    "heads_up": "🌙 明天值班：{when} {duty}，{deadline} 前完成。{covering}",
    "heads_up_covering": "（代 {name}）",
    "week_title": "未来七天您的值班（{first} 至 {last}）：",
    "week_nothing": "未来七天您没有值班。",
    "week_day": "{date}{notes}",
    "week_line": "  • {time} {duty}{note}",
    "week_free": "  （无值班）",
    "week_covering": "（代 {name}）",
    "week_covered_by": "（{name}代班）",
    "week_unstaffed": "（请假，暂无人代班）",
    "week_offered": "（已提给{name}，等待答复）",
    "week_on_leave": "请假",
    "day_holiday": "{name}放假",
    "day_holiday_plain": "放假",
    "day_vacation": "{name}",
    "day_between_terms": "学期外",
    "day_makeup": "调休上班（按{weekday}）",
    "day_uncertain": "官方安排未公布",
    "summary_unstaffed": "🚫 无人值班（请假无人代班）：",
    "cover_withdrawn": "ℹ️ 不用代班了：{when} {duty}（{absent}撤销了请假）。",
    "btn_withdraw": "撤销请假 {first}–{last}",
    "leave_withdrawn": "已撤销请假：{name}，{first} 至 {last}。这段时间的值班恢复原来的安排。",
    "summary_unstaffed_line": "• {when} {duty}（{absent}请假）",
    "when_rotation": "轮流值班（{count} 人）",
    "when_holidays": "假期和节假日",
    "when_events": "活动日",
    "when_override": "指定日期",
    "duty_next": "（下次 {date}）",
    "duty_deputy_line": "• {duty}：代班人（有人请假时顶班）",
}

EN: dict[str, str] = {
    "not_linked": (
        "Hello! This bot serves the staff of our school only.\n"
        "Ask the school admin for your personal invite link and open it to link your account."
    ),
    "link_ok": "Hello {name}! Your Telegram account is now linked to {school}.",
    "welcome_back": "Hello {name}! Your account is linked. Send /help to see the commands.",
    "your_duties": "Your duties:\n{duties}",
    "no_duties": "No duties are assigned to you at the moment.",
    "duty_line": "• {duty}: {when}, reminder at {time}, due by {deadline}{next}",
    "when_school_days": "every school day",
    "when_weekdays": "{days}",
    "when_monthly_first": "first school day of each month",
    "when_monthly_last": "last school day of each month",
    "when_monthly_day": "day {day} of each month (or the next school day)",
    "code_unknown": "This invite code is not valid. Check the link or ask the admin for a new one.",
    "code_used": "This invite code has already been used. Ask the admin for a new one to relink.",
    "code_expired": "This invite code has expired. Ask the admin for a new invite.",
    "code_revoked": "This invite code was replaced by a newer invite. Use the latest link.",
    "unlinked_elsewhere": (
        "Your duty account is now linked to another Telegram account; "
        "this one no longer receives duty messages."
    ),
    "relink_confirm": (
        "This Telegram account is linked to {current}. This invite is for {other}.\n"
        "Link it to {other} instead? {current}'s duty messages would no longer come here, "
        "and the admins will be told."
    ),
    "btn_relink_yes": "Link to {other}",
    "btn_relink_no": "Keep as it is",
    "relink_kept": "Nothing changed: this account is still linked to {current}. "
    "The invite was not used and still works.",
    "alert_relinked": "ℹ️ Account moved: {what}. If this was not the person, issue new invites.",
    "help": (
        "Commands:\n/today my duties today\n/week my duties for the next 7 days\n"
        "/leave request leave (find cover)\n/swap hand a duty to a colleague\n/help show this help"
    ),
    "unknown_command": "Unknown command. Send /help to see the commands.",
    "cmd_start": "Link your account / start over",
    "cmd_today": "My duties today",
    "cmd_status": "Today's duty status for the school",
    "cmd_help": "Help",
    "cmd_reload": "Reload the config (admins)",
    "cmd_export": "Export the monthly ledger",
    "weekday_mon": "Mon",
    "weekday_tue": "Tue",
    "weekday_wed": "Wed",
    "weekday_thu": "Thu",
    "weekday_fri": "Fri",
    "weekday_sat": "Sat",
    "weekday_sun": "Sun",
    "list_sep": ", ",
    "reminder_title": "🔔 Duty reminder: {duty}",
    "nudge_title": "⏰ {minutes} minutes left: {duty}",
    "overdue_title": "⏫ Past the deadline: {duty}",
    "due_line": "{date} · due by {deadline}",
    "checklist_hint": (
        'Tap "✅ All clear" if all is fine; otherwise mark the item ⚠️ and tap "📨 Submit".'
    ),
    "btn_all_clear": "✅ All clear",
    "btn_submit": "📨 Submit",
    "btn_no_photo": "No photo",
    "btn_contact": "Contact {name}",
    "btn_answer": "Answer: {duty}",
    "answered_title": "✅ Submitted: {duty}",
    "answered_line": "{by} · {time}{late}",
    "late_mark": " (late)",
    "note_line": "Note: {note}",
    "photo_line": "(photo attached)",
    "escalation_other": (
        "⏫ Escalation (level {level}): {duty} of {assignee}\n"
        "{date}, due by {deadline}, still not done.\nPlease contact {assignee} or check on site."
    ),
    "unreachable_line": "(The bot cannot reach {assignee}.)",
    "resolved_notice": '✅ {by} completed "{duty}" ({assignee}) at {time}{late}.',
    "problem_ask_note": '⚠️ {duty}: problem with "{item}". Please reply with one sentence about it.',
    "photo_before_note": "Please describe the problem in one sentence first, then send the "
    "photo. This photo was not kept.",
    "problem_moved_on": (
        'No note came within 15 minutes: {duty}, "{item}" was reported to the safety officer '
        "as it is."
    ),
    "sent_late_note": "(Due at {time}; the bot was not running then, so it comes late.)",
    "repeat_mark": "🔁 Possible repeat: an earlier try may have arrived.",
    "alert_undelivered": (
        "⚠️ A message failed again and again and is no longer retried: {what}. "
        "Please check the bot's log and network."
    ),
    "alert_error": "⚠️ The bot failed: {what}. See its log (at most one note per kind an hour).",
    "alert_calendar": (
        "📅 The official holidays and make-up workdays from {what} on are not published yet "
        "(usually in November of the year before). Until then those days follow the school "
        "weekdays and the config's own dates, so holidays and make-up days may be wrong. "
        "Once published, update safeduty (the chinese-calendar package) or add the dates to "
        "[calendar] holidays and makeup_days."
    ),
    "not_recorded": "⚠️ Something failed; that may not have been recorded. Please try again.",
    "last_tick": "⏱ Last good check of duties: {time}",
    "problem_ask_photo": 'Noted. You can send a photo too (optional), or tap "No photo".',
    "problem_done": "Thank you, the problem was reported to the safety officer.",
    "problem_notice": "⚠️ Problem reported: {duty} ({assignee}, {date})\nItem: {item}\nNote: {note}",
    "no_note": "(none given)",
    "button_stale": "This button is no longer valid.",
    "not_yours": "This is not your duty.",
    "already_answered": "This duty has already been submitted.",
    "already_missed": "This duty was recorded as missed and can no longer be submitted.",
    "not_yet": "This duty's reminder time has not come yet.",
    "items_unset": "{count} item(s) not marked yet.",
    "today_title": "Your duties today ({date}):",
    "today_none": "You have no duties today.",
    "today_line": "• {time} {duty} — {state}",
    "state_planned": "not reminded yet",
    "state_reminded": "waiting for your answer",
    "state_answered": "done",
    "state_late": "done (late)",
    "state_missed": "missed",
    "reload_ok": "Config reloaded: {summary}",
    "reload_failed": "The config has problems; the old config keeps running:\n{problems}",
    "admin_only": "Only admins can use this command.",
    "summary_title": "📋 {school} · duty summary for {date}",
    "status_title": "📊 {school} · {date}, as of {time}",
    "summary_counts": "On time {on_time} · late {late} · not done {missed} · problems {problems}",
    "outcome_on_time": "✅ on time ({time})",
    "outcome_late": "⏰ late ({time})",
    "outcome_missed": "❌ missed",
    "outcome_overdue": "❌ overdue, not done",
    "outcome_pending": "⏳ not due yet",
    "summary_duty_line": "• {duty} — {assignee}: {outcome}",
    "summary_no_duties": "No duties today.",
    "summary_problems": "⚠️ Problems found:",
    "summary_problem_line": "• {duty} / {item} ({assignee}): {note}{photo}",
    "photo_mark": " (photo)",
    "summary_escalations": "⏫ Escalations that fired:",
    "summary_escalation_line": "• {time} {duty} ({assignee}) level {level} → {recipient}",
    "summary_health": (
        "🩺 Health: {reminders} reminders sent; {repeats} possible repeats; "
        "unreachable: {unreachable}; "
        "never linked: {unlinked}; last start: {started}"
    ),
    "summary_chain": "🔗 Record chain: {count} records, head {head} (safeduty verify --head)",
    "none_word": "none",
    "never_word": "never",
    "status_refused": "Only the principal, safety officers and admins can see the school's status.",
    "chart_caption": "Last week ({start}–{end}): on time {on_time} · late {late} · missed {missed}",
    "chart_title": "Last week's duties",
    "chart_missed_most": "Missed most",
    "chart_no_missed": "Nothing missed last week",
    "word_on_time": "on time",
    "word_late": "late",
    "word_missed": "missed",
    "word_overdue": "overdue",
    "word_pending": "not due yet",
    "export_refused": "Only the principal and admins can export the ledger.",
    "export_bad_month": "Give the month as YYYY-MM, for example /export 2026-12.",
    "export_caption": "{school} duty ledger {month}",
    "ledger_date": "Date",
    "ledger_duty": "Duty",
    "ledger_assignee": "Assignee",
    "ledger_reminded": "Reminded at",
    "ledger_answered": "Answered at",
    "ledger_outcome": "Outcome",
    "ledger_answers": "Checklist answers",
    "ledger_notes": "Notes",
    "ledger_photos": "Photos",
    "ledger_summary": "Summary",
    "ledger_total": "Total",
    "ledger_chain": "Record chain head",
    "ledger_chain_count": "{count} records",
    "word_ok": "OK",
    "word_problem": "problem",
    "word_unanswered": "unanswered",
    # leave, substitutes, swaps, /week, heads-up
    "cmd_week": "My duties for the next 7 days",
    "cmd_leave": "Request leave (find cover)",
    "cmd_swap": "Hand a duty to a colleague",
    "leave_pick_person": "Leave for whom?",
    "btn_myself": "Myself",
    "leave_pick_start": "When does {name}'s leave start?",
    "btn_today": "Today",
    "btn_tomorrow": "Tomorrow",
    "btn_this_week": "Rest of this week ({days} days)",
    "leave_pick_length": "How many days is {name} away from {date}?",
    "btn_days": "{days} d",
    "leave_recorded": "✅ Leave recorded: {name}, {first} to {last}.",
    "leave_no_duties": "{name} has no duties in that time.",
    "leave_duties": "Duties in that time:",
    "leave_find_hint": (
        "Tap a button below to ask a colleague; until one accepts, nobody is on these duties."
    ),
    "leave_notice": "ℹ️ {by} recorded leave for you: {first} to {last}.",
    "cover_line": "• {when} {duty} → {status}",
    "cover_status_deputy": "{name} stands in (deputy)",
    "cover_status_needed": "nobody yet",
    "cover_status_proposed": "{name} asked, waiting for the answer",
    "cover_status_accepted": "{name} stands in",
    "cover_status_declined": "{name} cannot, nobody yet",
    "cover_status_withdrawn": "withdrawn",
    "btn_find": "Find cover: {when} {duty}",
    "cover_pick": "Who should cover {duty} on {when} ({absent} is away)?",
    "cover_no_one": "No colleague is free to take it.",
    "cover_asked_sent": "Asked {name} to cover {duty} on {when}; waiting for the answer.",
    "cover_ask": (
        "🙋 {by} asks you to cover {duty} on {when} ({absent} is away), due by {deadline}. "
        "Please answer with a button."
    ),
    "swap_ask": (
        "🔁 {absent} offers you their duty: {duty} on {when}, due by {deadline}. "
        "Please answer with a button."
    ),
    "btn_accept": "✅ Accept",
    "btn_decline": "❌ Decline",
    "cover_you_accepted": "✅ Accepted: {duty} on {when} (for {absent}). You will be reminded.",
    "cover_you_declined": "Declined: {duty} on {when} ({absent}).",
    "cover_accepted_notice": "✅ {name} accepted to cover {duty} on {when} ({absent} is away).",
    "swap_accepted_notice": (
        "🔁 {name} accepted the swap: {duty} on {when} is now {name}'s; you will not be reminded."
    ),
    "cover_declined_notice": (
        "❌ {name} cannot cover {duty} on {when} ({absent} is away). Please ask someone else."
    ),
    "swap_declined_notice": "{name} did not take the swap: {duty} on {when} stays yours.",
    "cover_assigned": (
        "🙋 You are the deputy for {duty}: {absent} is away, so it is yours on {when}, "
        "due by {deadline}. You will be reminded."
    ),
    "cover_needed": "📋 {absent} is away ({first} to {last}); these duties have nobody yet:",
    "cover_needed_hint": (
        "Tap a button to ask a colleague. If one still has nobody 24 hours before its "
        "reminder, you will hear again."
    ),
    "cover_unstaffed": (
        "⚠️ Nobody on duty: {duty} on {when} ({absent} is away). Less than 24 hours before "
        "its reminder nobody has accepted to cover it; please arrange someone."
    ),
    "cover_stale": "This button is no longer valid.",
    "cover_not_allowed": (
        "Only the person away, whoever recorded the leave, a safety officer or an admin can "
        "arrange this cover."
    ),
    "leave_not_allowed": "Only admins can record leave for someone else.",
    "swap_not_allowed": "That is not your duty on that day.",
    "cover_not_asked": "This request was not sent to you.",
    "cover_decided": "This request has already been answered.",
    "cover_started": "This duty's reminder time has come; the arrangement stays.",
    "cover_candidate": (
        "That colleague cannot take this duty (away, already on it that day, or the same person)."
    ),
    "cover_pending": "That colleague has already been asked and has not answered yet.",
    "swap_pick_duty": "Which duty do you want to hand to a colleague?",
    "swap_none": "You have no duty in the next two weeks that could be handed over.",
    "swap_pick_person": "Hand {duty} on {when} to whom?",
    "swap_offered": "Offered {duty} on {when} to {name}; once they accept, it is theirs.",
    "heads_up": "🌙 Tomorrow: {duty} on {when}, due by {deadline}.{covering}",
    "heads_up_covering": " (covering for {name})",
    "week_title": "Your duties for the next 7 days ({first} to {last}):",
    "week_nothing": "You have no duties in the next 7 days.",
    "week_day": "{date}{notes}",
    "week_line": "  • {time} {duty}{note}",
    "week_free": "  (no duties)",
    "week_covering": " (covering for {name})",
    "week_covered_by": " ({name} covers)",
    "week_unstaffed": " (away, nobody covers yet)",
    "week_offered": " (offered to {name}, waiting)",
    "week_on_leave": "away",
    "day_holiday": "{name} holiday",
    "day_holiday_plain": "holiday",
    "day_vacation": "{name}",
    "day_between_terms": "between terms",
    "day_makeup": "make-up workday (as {weekday})",
    "day_uncertain": "official arrangement not published yet",
    "summary_unstaffed": "🚫 Nobody on duty (away, no cover):",
    "cover_withdrawn": (
        "ℹ️ No need to cover {duty} on {when} any more ({absent} took the leave back)."
    ),
    "btn_withdraw": "Take back leave {first}–{last}",
    "leave_withdrawn": (
        "Leave taken back: {name}, {first} to {last}. Those duties are as planned again."
    ),
    "summary_unstaffed_line": "• {when} {duty} ({absent} is away)",
    "when_rotation": "in turn ({count} people)",
    "when_holidays": "holidays and vacations",
    "when_events": "event days",
    "when_override": "on set dates",
    "duty_next": " (next: {date})",
    "duty_deputy_line": "• {duty}: deputy (stands in when someone is away)",
}

CATALOGS: dict[str, dict[str, str]] = {"zh-CN": ZH, "en": EN}


def alert_key(delivery_key: str) -> str:
    """The sentence for an alert to the admins, by the kind its delivery key names."""
    if delivery_key.startswith("alert:error"):
        return "alert_error"
    if delivery_key.startswith("alert:calendar"):
        return "alert_calendar"
    if delivery_key.startswith("alert:relinked"):
        return "alert_relinked"
    return "alert_undelivered"


def t(language: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``language`` (zh-CN when unknown), filled with ``values``."""
    catalog = CATALOGS.get(language, ZH)
    return catalog[key].format(**values)
