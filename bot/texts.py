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
}

CATALOGS: dict[str, dict[str, str]] = {"zh-CN": ZH, "en": EN}


def t(language: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``language`` (zh-CN when unknown), filled with ``values``."""
    catalog = CATALOGS.get(language, ZH)
    return catalog[key].format(**values)
