"""The sentences of incidents and the gate register, in zh-CN and en.

Kept beside the main catalogs (``safeduty.texts`` merges them in), so this feature's
words stay together; the same test checks both languages have the same keys.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "cmd_incident": "报告紧急事件",
    "cmd_incidents": "事件列表",
    "cmd_visitor": "访客登记（校门值守）",
    "cmd_slip": "学生离校登记（校门值守）",
    "help_incidents": (
        "/incident 报告紧急事件（或点输入框下方的 🚨 按钮）\n/incidents 未结案和近期的事件\n"
        "/visitor 访客登记（校门值守时）\n/slip 学生离校登记（校门值守时）"
    ),
    "incident_button": "🚨 报告紧急事件",
    "incident_keyboard_hint": "需要时点输入框下方的「🚨 报告紧急事件」，两下即可发出。",
    "incident_pick": "🚨 发生了什么？点类型，立即发给校长和安全主任。说明和照片可以稍后补充。",
    "incident_type_injury": "受伤",
    "incident_type_intruder": "陌生人闯入/校门异常",
    "incident_type_food_poisoning": "疑似食物中毒",
    "incident_type_fire": "火情或烟雾",
    "incident_type_traffic": "交通事故",
    "incident_type_other": "其他",
    "incident_sent": (
        "🚨 已于 {time} 发出，已通知：{names}。\n请直接回复文字说明情况，或发照片，会立即转给他们。"
    ),
    "incident_title": "🚨 紧急事件 #{id}：{kind}",
    "incident_escalated": "⏫ 无人确认，升级通知（第 {level} 级）",
    "incident_ping": "🔁 第 {count} 次提醒：这个事件您还没有确认",
    "incident_reported_line": "报告人：{reporter} · {date} {time}",
    "incident_description": "说明：{text}",
    "incident_no_description": "说明：（尚未补充）",
    "incident_photos": "照片：{count} 张",
    "incident_acks": "已确认：{acks}",
    "incident_ack_item": "{name} {time}",
    "incident_waiting": "待确认：{names}",
    "incident_playbook": "处置清单：",
    "incident_step_done": "{n}. ✅ {item}（{name} {time}）",
    "incident_step_open": "{n}. ⬜ {item}",
    "incident_closed_line": "🏁 {name} 于 {time} 结案：{outcome}",
    "btn_ack": "✋ 收到，我来处理",
    "btn_close": "🏁 结案",
    "btn_view": "查看 #{id} {kind}",
    "incident_acked_notice": "✋ {name} 已于 {time} 确认事件 #{id}（{kind}）。",
    "incident_detail_notice": "📝 事件 #{id}（{kind}）补充说明（{reporter}）：\n{text}",
    "incident_photo_notice": "📷 事件 #{id}（{kind}）的照片（{reporter}）",
    "incident_closed_notice": "🏁 事件 #{id}（{kind}）已由 {name} 于 {time} 结案：{outcome}",
    "incident_ask_outcome": "请回复一句话说明处理结果，发出后即结案。",
    "incident_detail_kept": "已转给处理人。",
    "incident_closed_done": "🏁 事件 #{id} 已结案。",
    "incident_already_acked": "您已经确认过了。",
    "incident_not_yours": "这个事件没有发给您。",
    "incident_closed_refusal": "这个事件已经结案。",
    "incident_close_refused": "只有安全主任和校长可以结案。",
    "incident_step_already": "这一项已经完成。",
    "incidents_title": "🚨 未结案和近 7 天的事件：",
    "incidents_none": "没有未结案或近 7 天的事件。",
    "incidents_line": "#{id} {date} {time} {kind} — {reporter} — {state}",
    "incident_state_reported": "⏳ 待确认",
    "incident_state_acknowledged": "✋ 处理中",
    "incident_state_closed": "🏁 已结案",
    "gate_off_duty": "访客和学生离校只在校门值守时间内（提醒到截止）由值守老师登记。",
    "gate_not_configured": "本校没有设置校门登记（配置中的 [gate] duty）。",
    "visitor_ask": (
        "请用一行发来：姓名，单位，事由，拜访谁（后三项可省略）\n例如：张三，自"
        "来水公司，抄水表，李主任"
    ),
    "visitor_usual": "本周常来的访客，点一下即登记进校：",
    "visitor_bad": "没看懂。请用逗号分隔：姓名，单位，事由，拜访谁。",
    "visitor_card": (
        "🚪 访客：{name}\n单位：{organisation}\n事由：{purpose}\n拜访：{host}\n进校："
        "{time}（{teacher}登记）"
    ),
    "visitor_inside": "状态：在校内",
    "visitor_left": "状态：{time} 离校（{name}确认）",
    "visitor_confirmed": "状态：仍在校内（{name} {time} 确认）",
    "visitor_asked": "状态：值守已结束，尚未确认是否离校",
    "btn_checkout": "🚶 {name} 已离校",
    "btn_still_inside": "🏫 仍在校内",
    "visit_ask": (
        "🚪 校门值守已结束：{name}（{organisation}）{time} 进校，仍登记在校内。"
        "已离校，还是仍在校内？"
    ),
    "visit_escalation": (
        "⏫ 访客未确认（第 {level} 级）：{name}（{organisation}，拜访{host}）{t"
        "ime} 由{teacher}登记进校，"
        "值守结束后无人确认是否离校。\n请联系{teacher}或到校门确认。"
    ),
    "visit_not_allowed": "只有登记人、值守老师、安全主任和校长可以处理访客登记。",
    "visit_closed": "这位访客的登记已经处理过了。",
    "leave_ask": "请用一行发来：学生姓名，班级，签字老师\n例如：王小明，三(2)班，刘老师",
    "leave_bad": "没看懂。请用逗号分隔：学生姓名，班级，签字老师。",
    "slip_recorded": (
        "📝 学生离校：{pupil}，{class_name}，签字老师：{signed_by}，{time} 离校。\n"
        "请发一张请假条照片，或点「不需要照片」。"
    ),
    "leave_photo_kept": "✅ 请假条照片已保存：{pupil}。",
    "leave_no_photo": "✅ 已登记（无照片）：{pupil}。",
    "summary_incidents": "🚨 紧急事件：",
    "summary_incident_line": "• {time} #{id} {kind}（{reporter}）{state}；确认：{acks}",
    "summary_register": (
        "🚪 校门登记：访客 {visitors} 人，仍在校内 {inside} 人，学生离校 {slips} 人"
    ),
    "ledger_incidents": "紧急事件",
    "ledger_gate": "校门登记",
    "ledger_number": "编号",
    "ledger_kind": "类型",
    "ledger_reporter": "报告人",
    "ledger_reported_at": "报告时间",
    "ledger_details": "说明",
    "ledger_acks": "确认",
    "ledger_steps": "处置",
    "ledger_closed_at": "结案时间",
    "ledger_closed_by": "结案人",
    "ledger_result": "处理结果",
    "ledger_entry": "类别",
    "ledger_entry_visit": "访客",
    "ledger_entry_leave": "学生离校",
    "ledger_who": "姓名",
    "ledger_from": "单位/班级",
    "ledger_why": "事由/签字老师",
    "ledger_host": "拜访",
    "ledger_in": "进校",
    "ledger_out": "离校",
    "ledger_recorded_by": "登记人",
    "ledger_status": "状态",
    "visit_state_inside": "在校内",
    "visit_state_asked": "未确认是否离校",
    "visit_state_confirmed": "确认仍在校内",
    "visit_state_left": "已离校",
}

EN: dict[str, str] = {
    "cmd_incident": "Report an incident now",
    "cmd_incidents": "Incidents",
    "cmd_visitor": "Register a visitor (gate duty)",
    "cmd_slip": "A pupil leaves (gate duty)",
    "help_incidents": (
        "/incident report an incident (or tap 🚨 under the message box)\n"
        "/incidents open and recent incidents\n/visitor register a visitor (gate duty)\n"
        "/slip a pupil leaves with a slip (gate duty)"
    ),
    "incident_button": "🚨 Report an incident",
    "incident_keyboard_hint": 'When it matters, tap "🚨 Report an incident" under the message '
    "box: two taps and it is sent.",
    "incident_pick": "🚨 What happened? Tap the type: it goes to the principal and the safety "
    "officer at once. A description and photos can follow.",
    "incident_type_injury": "Injury",
    "incident_type_intruder": "Intruder at the gate",
    "incident_type_food_poisoning": "Suspected food poisoning",
    "incident_type_fire": "Fire or smoke",
    "incident_type_traffic": "Traffic accident",
    "incident_type_other": "Other",
    "incident_sent": "🚨 Sent at {time} to {names}.\nReply with a description or send photos; "
    "they are passed on at once.",
    "incident_title": "🚨 Incident #{id}: {kind}",
    "incident_escalated": "⏫ Nobody acknowledged: escalation (level {level})",
    "incident_ping": "🔁 Reminder {count}: you have not acknowledged this incident",
    "incident_reported_line": "Reported by {reporter} · {date} {time}",
    "incident_description": "Description: {text}",
    "incident_no_description": "Description: (none yet)",
    "incident_photos": "Photos: {count}",
    "incident_acks": "Acknowledged: {acks}",
    "incident_ack_item": "{name} {time}",
    "incident_waiting": "Waiting for: {names}",
    "incident_playbook": "Playbook:",
    "incident_step_done": "{n}. ✅ {item} ({name} {time})",
    "incident_step_open": "{n}. ⬜ {item}",
    "incident_closed_line": "🏁 Closed by {name} at {time}: {outcome}",
    "btn_ack": "✋ Acknowledge",
    "btn_close": "🏁 Close",
    "btn_view": "Open #{id} {kind}",
    "incident_acked_notice": "✋ {name} acknowledged incident #{id} ({kind}) at {time}.",
    "incident_detail_notice": "📝 Incident #{id} ({kind}), more from {reporter}:\n{text}",
    "incident_photo_notice": "📷 Incident #{id} ({kind}), photo from {reporter}",
    "incident_closed_notice": (
        "🏁 Incident #{id} ({kind}) was closed by {name} at {time}: {outcome}"
    ),
    "incident_ask_outcome": (
        "Reply with one sentence on the outcome; sending it closes the incident."
    ),
    "incident_detail_kept": "Passed on.",
    "incident_closed_done": "🏁 Incident #{id} is closed.",
    "incident_already_acked": "You have acknowledged it already.",
    "incident_not_yours": "This incident was not sent to you.",
    "incident_closed_refusal": "This incident is closed.",
    "incident_close_refused": "Only safety officers and the principal can close an incident.",
    "incident_step_already": "This item is done already.",
    "incidents_title": "🚨 Open incidents and those of the last 7 days:",
    "incidents_none": "No open incidents, and none in the last 7 days.",
    "incidents_line": "#{id} {date} {time} {kind} — {reporter} — {state}",
    "incident_state_reported": "⏳ not acknowledged",
    "incident_state_acknowledged": "✋ in hand",
    "incident_state_closed": "🏁 closed",
    "gate_off_duty": "Visitors and leaving pupils are registered by the gate duty teacher, "
    "from the duty's reminder until its deadline.",
    "gate_not_configured": "This school keeps no gate register ([gate] duty in the config).",
    "visitor_ask": "Send one line: name, organisation, purpose, whom they visit (the last three "
    "are optional)\nFor example: Zhang San, Water Co., meter reading, Li",
    "visitor_usual": "This week's usual visitors, one tap registers them in:",
    "visitor_bad": "I could not read that. Separate with commas: name, organisation, purpose, "
    "whom they visit.",
    "visitor_card": "🚪 Visitor: {name}\nOrganisation: {organisation}\nPurpose: {purpose}\n"
    "Visiting: {host}\nIn: {time} (registered by {teacher})",
    "visitor_inside": "Status: inside",
    "visitor_left": "Status: left at {time} ({name})",
    "visitor_confirmed": "Status: still inside (confirmed by {name} at {time})",
    "visitor_asked": "Status: gate duty is over; not confirmed whether they left",
    "btn_checkout": "🚶 {name} left",
    "btn_still_inside": "🏫 Still inside",
    "visit_ask": "🚪 Gate duty is over: {name} ({organisation}) came in at {time} and is still "
    "registered inside. Did they leave, or are they still inside?",
    "visit_escalation": (
        "⏫ Visitor not confirmed (level {level}): {name} ({organisation}, visiting {host}) came "
        "in at {time}, registered by {teacher}; nobody confirmed they left after gate duty.\n"
        "Please contact {teacher} or check at the gate."
    ),
    "visit_not_allowed": "Only whoever registered the visitor, the gate duty teacher, safety "
    "officers and the principal can do this.",
    "visit_closed": "This visitor's entry was settled already.",
    "leave_ask": (
        "Send one line: pupil, class, signing teacher\nFor example: Wang Xiaoming, 3(2), Liu"
    ),
    "leave_bad": "I could not read that. Separate with commas: pupil, class, signing teacher.",
    "slip_recorded": (
        "📝 Pupil leaving: {pupil}, {class_name}, signed by {signed_by}, out at {time}.\n"
        'Send a photo of the slip, or tap "No photo".'
    ),
    "leave_photo_kept": "✅ Photo of the slip kept: {pupil}.",
    "leave_no_photo": "✅ Registered (no photo): {pupil}.",
    "summary_incidents": "🚨 Incidents:",
    "summary_incident_line": "• {time} #{id} {kind} ({reporter}) {state}; acknowledged: {acks}",
    "summary_register": "🚪 Gate register: {visitors} visitors, {inside} still inside, "
    "{slips} pupils left with a slip",
    "ledger_incidents": "Incidents",
    "ledger_gate": "Gate register",
    "ledger_number": "No.",
    "ledger_kind": "Type",
    "ledger_reporter": "Reporter",
    "ledger_reported_at": "Reported at",
    "ledger_details": "Description",
    "ledger_acks": "Acknowledged",
    "ledger_steps": "Playbook",
    "ledger_closed_at": "Closed at",
    "ledger_closed_by": "Closed by",
    "ledger_result": "Outcome",
    "ledger_entry": "Entry",
    "ledger_entry_visit": "visitor",
    "ledger_entry_leave": "pupil leaving",
    "ledger_who": "Name",
    "ledger_from": "Organisation / class",
    "ledger_why": "Purpose / signed by",
    "ledger_host": "Visiting",
    "ledger_in": "In",
    "ledger_out": "Out",
    "ledger_recorded_by": "Registered by",
    "ledger_status": "Status",
    "visit_state_inside": "inside",
    "visit_state_asked": "not confirmed whether they left",
    "visit_state_confirmed": "confirmed still inside",
    "visit_state_left": "left",
}
