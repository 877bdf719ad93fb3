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
    "duty_line": "• {duty}：{when}，{time} 提醒，{deadline} 前完成",
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
    "help": ("可用命令：\n/today 今天我的值班\n/help 显示本帮助"),
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
    "duty_line": "• {duty}: {when}, reminder at {time}, due by {deadline}",
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
    "help": ("Commands:\n/today my duties today\n/help show this help"),
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
}


def _adding(base: dict[str, str], more: dict[str, str]) -> None:
    """Merge a feature's catalog in; a key defined twice is a mistake, refused at import."""
    if clash := base.keys() & more.keys():
        raise ValueError(f"texts defined twice: {sorted(clash)}")
    base.update(more)


_adding(ZH, texts_incidents.ZH)  # incidents and the gate register
_adding(EN, texts_incidents.EN)

CATALOGS: dict[str, dict[str, str]] = {"zh-CN": ZH, "en": EN}


def t(language: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``language`` (zh-CN when unknown), filled with ``values``."""
    catalog = CATALOGS.get(language, ZH)
    return catalog[key].format(**values)
