"""Every user-facing sentence, in zh-CN and en. Messages are plain text (no parse mode).

A test fails when the two catalogs differ in keys or placeholders.
"""

from __future__ import annotations

from typing import Any

from safeduty import texts_incidents

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

# Hazards (隐患排查 → 整改 → 复查销号): kept together so the hazard flow reads in one place.
ZH |= {
    "cmd_hazard": "上报隐患 / 查看隐患详情",
    "cmd_hazards": "隐患清单",
    "help_hazards": "/hazard 上报隐患（/hazard 编号 查看详情）\n/hazards 未销号的隐患",
    "hazard_ask_description": "🧯 上报隐患：请用一句话描述隐患（例如「203 教室窗户插销坏了」）。",
    "hazard_ask_place": "地点在哪里？点下面的地点，或点「其他地点」后直接输入。",
    "hazard_ask_place_text": "请输入地点。",
    "btn_place_other": "其他地点（输入）",
    "hazard_ask_photos": "可以发一张或几张照片（可选），发完点「完成」；没有照片也点「完成」。",
    "hazard_photo_kept": "照片已收到（共 {count} 张）。还可以继续发，或点「完成」。",
    "hazard_photo_too_large": "这张照片太大（超过 {kb} KB），没有保存。请换一张小一些的。",
    "hazard_photo_not_now": "现在不需要照片，这张照片没有保存。",
    "btn_photos_done": "完成",
    "hazard_ask_category": "属于哪一类？",
    "hazard_ask_level": "隐患等级？重大隐患会立即通知校长和安全主任。",
    "btn_level_general": "一般",
    "btn_level_major": "🚨 重大",
    "hazard_opened": (
        "✅ 已登记隐患 #{id}：{description}\n地点：{place} · {category} · {level}\n安全主任会"
        "指定责任人和整改期限。"
    ),
    "hazard_cat_buildings": "校舍建筑",
    "hazard_cat_fire_safety": "消防安全",
    "hazard_cat_electrics": "用电安全",
    "hazard_cat_food": "食品卫生",
    "hazard_cat_equipment": "设施设备",
    "hazard_cat_surroundings": "周边环境",
    "hazard_cat_other": "其他",
    "hazard_level_general": "一般",
    "hazard_level_major": "重大",
    "hazard_state_open": "待指派",
    "hazard_state_assigned": "整改中",
    "hazard_state_fixed": "待复查",
    "hazard_state_closed": "已销号",
    "hazard_state_reopened": "退回整改",
    "hazard_overdue_mark": "⏫逾期 ",
    "hazard_no_place": "（未填）",
    "hazard_nobody": "未指派",
    "hazard_no_deadline": "无期限",
    "hazard_new_notice": (
        "🧯 新隐患 #{id}（{level}）：{description}\n地点：{place} · {category}\n上报：{report"
        "er}，{time}{ph"
        "otos}\n请指定责任人："
    ),
    "hazard_new_major": "🚨 重大隐患，请立即处理！",
    "hazard_photos_line": "\n（附 {count} 张照片，发送 /hazard {id} 查看）",
    "hazard_pick_deadline": "隐患 #{id} 责任人：{owner}。整改期限？",
    "btn_deadline_today": "今天",
    "btn_deadline_days": "{days} 天内",
    "hazard_assigned_done": "✅ 隐患 #{id} 已交给{owner}，期限 {deadline}。",
    "hazard_assigned_notice": (
        "🧯 隐患 #{id} 交给您整改，期限 {deadline}：\n{description}\n地点：{place}{photos}\n"
        "整改完成后点「已整改」，写明做了"
        "什么，再拍一张整改后的照片。"
    ),
    "btn_fixed": "✅ 已整改",
    "hazard_remind_notice": "⏰ 隐患 #{id} 还未整改（期限 {deadline}）：{description}（{place}）",
    "hazard_overdue_owner": (
        "⏫ 隐患 #{id} 已逾期（期限 {deadline}）：{description}（{place}）。请尽快整改。"
    ),
    "hazard_overdue_other": (
        "⏫ 隐患逾期（第 {level} 级）：#{id} {description}（{place}）\n责任人：{owner}，期限 "
        "{deadline}，至今未整改。"
    ),
    "hazard_ask_fix_note": "隐患 #{id}：请用一句话写明整改做了什么。",
    "hazard_ask_fix_photo": "请发一张整改后的照片（或点「不需要照片」）。",
    "hazard_fix_done": "谢谢，隐患 #{id} 已提交复查。",
    "hazard_fixed_notice": (
        "🔍 隐患 #{id} 已整改，请复查：\n{description}（{place}）\n责任人：{owner}\n整改：{no"
        "te}{photos}"
    ),
    "btn_verify": "✅ 复查合格，销号",
    "btn_reopen": "↩️ 不合格，退回",
    "hazard_ask_reopen_reason": "隐患 #{id}：请写明退回的原因（会发给责任人）。",
    "hazard_closed_done": "✅ 隐患 #{id} 已复查销号。",
    "hazard_closed_notice": "✅ 隐患 #{id} 已复查销号：{description}（{place}），复查人：{by}。",
    "hazard_reopened_notice": (
        "↩️ 隐患 #{id} 退回重新整改：{description}（{place}）\n原因：{reason}\n责任人：{owner"
        "}，新期限：{deadline}"
    ),
    "hazard_reopened_done": "↩️ 隐患 #{id} 已退回{owner}，新期限 {deadline}。",
    "hazard_recheck_notice": (
        "🔁 复查隐患 #{id}：{description}（{place}），{closed} 已销号。现在还正常吗？"
    ),
    "btn_still_fixed": "✅ 仍然正常",
    "btn_not_fixed": "❌ 又有问题",
    "hazard_rechecked_ok": "✅ 已记录：隐患 #{id} 仍然正常。",
    "hazard_sweep_reason": "{duty}复查未通过",
    "hazard_filed_report": "🧯 15 分钟内没有收到后续回复：隐患 #{id} 已按现有内容登记。",
    "hazard_filed_fix": "🧯 15 分钟内没有收到照片：隐患 #{id} 的整改已按现有内容提交复查。",
    "hazard_not_allowed": "只有安全主任和校长可以做这一步。",
    "hazard_not_owner": "只有这个隐患的责任人可以提交整改。",
    "hazard_own_fix": "不能复查自己整改的隐患，请另一位安全主任或校长复查。",
    "hazard_not_visible": "您只能查看自己上报或负责的隐患。",
    "hazard_stale": "这个隐患已有新的进展，这个按钮已失效。",
    "hazard_unknown": "没有编号为 {id} 的隐患。",
    "hazard_unknown_staff": "这个人不在教职工名单里了。",
    "hazard_title": "🧯 隐患 #{id} · {state} · {level}",
    "hazard_where": "地点：{place} · {category}",
    "hazard_who": "上报：{reporter}，{time}",
    "hazard_owner_line": "责任人：{owner} · 期限：{deadline}{overdue}",
    "hazard_timeline": "经过：",
    "hazard_step_line": "• {time} {actor}：{what}",
    "hazard_step_opened": "上报",
    "hazard_step_assigned": "指定{owner}负责，期限 {deadline}",
    "hazard_step_escalated": "逾期升级 → {target}",
    "hazard_step_fixed": "整改：{note}",
    "hazard_step_closed": "复查合格，销号",
    "hazard_step_reopened": "退回：{note}（新期限 {deadline}）",
    "hazard_step_rechecked": "复查：仍然正常",
    "hazard_step_photos_expired": "照片超过保存期限，已删除",
    "hazard_photo_before": "#{id} 整改前",
    "hazard_photo_after": "#{id} 整改后",
    "system_actor": "系统",
    "hazards_title": "🧯 未销号的隐患（{count}）：",
    "hazards_none": "没有未销号的隐患。",
    "hazards_line": (
        "• #{id} {overdue}{level} {description} · {place} · {owner} · {deadline} · {state}"
    ),
    "hazards_hint": "发送 /hazard 编号 查看详情。",
    "hazard_track_offer": "📌 要把「{item}」登记为隐患，跟踪到整改复查吗？",
    "btn_track": "📌 登记为隐患",
    "btn_track_major": "🚨 登记为重大隐患",
    "hazard_tracked": "📌 已登记为隐患 #{id}。",
    "hazard_already_tracked": "📌 这个问题已登记为隐患 #{id}。",
    "summary_hazards": (
        "🧯 隐患：新报 {opened} · 已整改 {fixed} · 已销号 {verified} · 逾期 {overdue} · 未销"
        "号 {open}"
    ),
    "chart_hazards": "；隐患：未销号 {open} · 逾期 {overdue}",
    "chart_hazards_title": "未销号隐患 {open} · 逾期 {overdue}",
    "ledger_hazards": "隐患台账",
    "ledger_hazard_id": "编号",
    "ledger_found_on": "发现日期",
    "ledger_place": "地点",
    "ledger_description": "隐患描述",
    "ledger_level": "等级",
    "ledger_category": "类别",
    "ledger_reported_by": "上报人",
    "ledger_owner": "责任人",
    "ledger_deadline": "整改期限",
    "ledger_rectification": "整改措施",
    "ledger_fixed_on": "整改日期",
    "ledger_verified_by": "复查人",
    "ledger_closed_on": "销号日期",
    "ledger_state": "状态",
}

EN |= {
    "cmd_hazard": "Report a hazard / show one",
    "cmd_hazards": "Hazards not yet closed",
    "help_hazards": (
        "/hazard report a hazard (/hazard NUMBER shows one)\n/hazards hazards not yet closed"
    ),
    "hazard_ask_description": (
        '🧯 Report a hazard: describe it in one sentence (e.g. "window latch broken in room 203").'
    ),
    "hazard_ask_place": 'Where is it? Tap a place, or tap "Other place" and type it.',
    "hazard_ask_place_text": "Please type the place.",
    "btn_place_other": "Other place (type it)",
    "hazard_ask_photos": (
        'Send one or more photos if you can, then tap "Done"; tap "Done" if you have none.'
    ),
    "hazard_photo_kept": 'Photo received ({count} so far). Send more, or tap "Done".',
    "hazard_photo_too_large": (
        "This photo is too large (over {kb} KB) and was not kept. Please send a smaller one."
    ),
    "hazard_photo_not_now": "No photo is asked for now; this one was not kept.",
    "btn_photos_done": "Done",
    "hazard_ask_category": "Which category?",
    "hazard_ask_level": (
        "Which level? A major hazard reaches the principal and the safety officer at once."
    ),
    "btn_level_general": "General",
    "btn_level_major": "🚨 Major",
    "hazard_opened": (
        "✅ Hazard #{id} recorded: {description}\nPlace: {place} · {category} · {level}\nThe s"
        "afety officer will name an owner and a deadline."
    ),
    "hazard_cat_buildings": "Buildings",
    "hazard_cat_fire_safety": "Fire safety",
    "hazard_cat_electrics": "Electrics",
    "hazard_cat_food": "Food",
    "hazard_cat_equipment": "Equipment",
    "hazard_cat_surroundings": "Surroundings",
    "hazard_cat_other": "Other",
    "hazard_level_general": "general",
    "hazard_level_major": "major",
    "hazard_state_open": "not assigned",
    "hazard_state_assigned": "being fixed",
    "hazard_state_fixed": "awaiting check",
    "hazard_state_closed": "closed",
    "hazard_state_reopened": "reopened",
    "hazard_overdue_mark": "⏫overdue ",
    "hazard_no_place": "(none given)",
    "hazard_nobody": "nobody yet",
    "hazard_no_deadline": "no deadline",
    "hazard_new_notice": (
        "🧯 New hazard #{id} ({level}): {description}\nPlace: {place} · {category}\nReported b"
        "y {reporter}, {time}{photos}\nPlease name its owner:"
    ),
    "hazard_new_major": "🚨 Major hazard: please act at once!",
    "hazard_photos_line": "\n({count} photo(s): send /hazard {id} to see them)",
    "hazard_pick_deadline": "Hazard #{id}, owner {owner}. By when?",
    "btn_deadline_today": "Today",
    "btn_deadline_days": "Within {days} days",
    "hazard_assigned_done": "✅ Hazard #{id} is now {owner}'s, due {deadline}.",
    "hazard_assigned_notice": (
        "🧯 Hazard #{id} is yours to fix by {deadline}:\n{description}\nPlace: {place}{photos}\n"
        'When it is fixed, tap "Fixed", say what was done and send a photo of the fix.'
    ),
    "btn_fixed": "✅ Fixed",
    "hazard_remind_notice": (
        "⏰ Hazard #{id} is not fixed yet (due {deadline}): {description} ({place})"
    ),
    "hazard_overdue_owner": (
        "⏫ Hazard #{id} is overdue (due {deadline}): {description} ({place}). Please fix it soon."
    ),
    "hazard_overdue_other": (
        "⏫ Overdue hazard (level {level}): #{id} {description} ({place})\nOwner {owner}, due "
        "{deadline}, still not fixed."
    ),
    "hazard_ask_fix_note": "Hazard #{id}: in one sentence, what was done?",
    "hazard_ask_fix_photo": 'Please send a photo of the fix (or tap "No photo").',
    "hazard_fix_done": "Thank you, hazard #{id} now awaits its check.",
    "hazard_fixed_notice": (
        "🔍 Hazard #{id} was fixed; please check it:\n{description} ({place})\nOwner: {owner}"
        "\nFix: {note}{photos}"
    ),
    "btn_verify": "✅ Checked: close it",
    "btn_reopen": "↩️ Not fixed: send back",
    "hazard_ask_reopen_reason": "Hazard #{id}: why is it sent back? (The owner will read this.)",
    "hazard_closed_done": "✅ Hazard #{id} checked and closed.",
    "hazard_closed_notice": (
        "✅ Hazard #{id} was checked and closed: {description} ({place}), checked by {by}."
    ),
    "hazard_reopened_notice": (
        "↩️ Hazard #{id} was sent back: {description} ({place})\nReason: {reason}\nOwner {own"
        "er}, new deadline {deadline}"
    ),
    "hazard_reopened_done": "↩️ Hazard #{id} went back to {owner}, due {deadline}.",
    "hazard_recheck_notice": (
        "🔁 Re-check hazard #{id}: {description} ({place}), closed {closed}. Is it still fixed?"
    ),
    "btn_still_fixed": "✅ Still fixed",
    "btn_not_fixed": "❌ Not fixed",
    "hazard_rechecked_ok": "✅ Noted: hazard #{id} is still fixed.",
    "hazard_sweep_reason": "not fixed at the re-check of {duty}",
    "hazard_filed_report": (
        "🧯 Nothing more came within 15 minutes: hazard #{id} was recorded as it was."
    ),
    "hazard_filed_fix": (
        "🧯 No photo came within 15 minutes: the fix of hazard #{id} awaits its check as it was."
    ),
    "hazard_not_allowed": "Only the safety officer and the principal can do this.",
    "hazard_not_owner": "Only the owner of this hazard reports its fix.",
    "hazard_own_fix": (
        "You cannot check your own fix; another safety officer or the principal must."
    ),
    "hazard_not_visible": "You can see the hazards you reported or own.",
    "hazard_stale": "This hazard has moved on; the button is no longer valid.",
    "hazard_unknown": "There is no hazard number {id}.",
    "hazard_unknown_staff": "That person is no longer on the staff list.",
    "hazard_title": "🧯 Hazard #{id} · {state} · {level}",
    "hazard_where": "Place: {place} · {category}",
    "hazard_who": "Reported by {reporter}, {time}",
    "hazard_owner_line": "Owner: {owner} · due: {deadline}{overdue}",
    "hazard_timeline": "Timeline:",
    "hazard_step_line": "• {time} {actor}: {what}",
    "hazard_step_opened": "reported it",
    "hazard_step_assigned": "gave it to {owner}, due {deadline}",
    "hazard_step_escalated": "overdue, escalated to {target}",
    "hazard_step_fixed": "fixed it: {note}",
    "hazard_step_closed": "checked the fix and closed it",
    "hazard_step_reopened": "sent it back: {note} (new deadline {deadline})",
    "hazard_step_rechecked": "re-checked: still fixed",
    "hazard_step_photos_expired": "its photos passed their retention period and were deleted",
    "hazard_photo_before": "#{id} before",
    "hazard_photo_after": "#{id} after the fix",
    "system_actor": "the bot",
    "hazards_title": "🧯 Hazards not yet closed ({count}):",
    "hazards_none": "No hazards are open.",
    "hazards_line": (
        "• #{id} {overdue}{level} {description} · {place} · {owner} · {deadline} · {state}"
    ),
    "hazards_hint": "Send /hazard NUMBER to see one.",
    "hazard_track_offer": 'Track "{item}" as a hazard, until it is fixed and checked?',
    "btn_track": "📌 Track as hazard",
    "btn_track_major": "🚨 Track as major hazard",
    "hazard_tracked": "📌 Now tracked as hazard #{id}.",
    "hazard_already_tracked": "📌 This problem is already tracked as hazard #{id}.",
    "summary_hazards": (
        "🧯 Hazards: reported {opened} · fixed {fixed} · closed {verified} · overdue {overdue}"
        " · open {open}"
    ),
    "chart_hazards": "; hazards: open {open} · overdue {overdue}",
    "chart_hazards_title": "Open hazards {open} · overdue {overdue}",
    "ledger_hazards": "Hazards",
    "ledger_hazard_id": "No.",
    "ledger_found_on": "Found on",
    "ledger_place": "Place",
    "ledger_description": "Description",
    "ledger_level": "Level",
    "ledger_category": "Category",
    "ledger_reported_by": "Reported by",
    "ledger_owner": "Owner",
    "ledger_deadline": "Deadline",
    "ledger_rectification": "Rectification",
    "ledger_fixed_on": "Fixed on",
    "ledger_verified_by": "Verified by",
    "ledger_closed_on": "Closed on",
    "ledger_state": "State",
}


def _adding(base: dict[str, str], more: dict[str, str]) -> None:
    """Merge a feature's catalog in; a key defined twice is a mistake, refused at import."""
    if clash := base.keys() & more.keys():
        raise ValueError(f"texts defined twice: {sorted(clash)}")
    base.update(more)


_adding(ZH, texts_incidents.ZH)  # incidents and the gate register
_adding(EN, texts_incidents.EN)

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
