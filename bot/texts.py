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
    "problem_ask_note": "⚠️ 「{item}」有问题。请直接回复一句话说明情况。",
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
    "problem_ask_note": '⚠️ Problem with "{item}". Please reply with one sentence describing it.',
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
}

CATALOGS: dict[str, dict[str, str]] = {"zh-CN": ZH, "en": EN}


def t(language: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``language`` (zh-CN when unknown), filled with ``values``."""
    catalog = CATALOGS.get(language, ZH)
    return catalog[key].format(**values)
