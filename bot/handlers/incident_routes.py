"""Where a tap, a text or a photo goes when incidents and the gate register are in play.

A person can be in several conversations at once (a problem's note, an incident's
details, a visitor's line); the one the bot asked about last gets the message. The 🚨
button's text always opens the incident types, whatever else is awaited.
"""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.context import Context
from bot.handlers import gate, incidents, problem
from bot.handlers.access import current_staff
from bot.incident_buttons import GATE, decode
from bot.incident_render import is_incident_button
from bot.photos import download
from safeduty.commands import incident_input
from safeduty.commands.problems import current_input
from safeduty.domain.incidents import IncidentInputStep
from safeduty.domain.states import InputStep
from safeduty.domain.visits import GateStep
from safeduty.storage import duties
from safeduty.storage import visits as visit_reads
from safeduty.texts import t

PROBLEM, INCIDENT, GATE_LINE = "problem", "incident", "gate"


def _newest(waits: dict[str, datetime | None]) -> str | None:
    """The conversation asked about last (ties go to the order given)."""
    found = [(at, -n, name) for n, (name, at) in enumerate(waits.items()) if at is not None]
    return max(found)[2] if found else None


def _waits(context: Context, staff_id: str, *, photo: bool) -> dict[str, datetime | None]:
    with context.bot_data.session() as session:
        asked = current_input(session, staff_id=staff_id)
        detail = incident_input.waiting_for(session, staff_id=staff_id)
        line = visit_reads.current_input(session=session, staff_id=staff_id)
    if photo:
        gate_steps: tuple[str, ...] = (GateStep.SLIP_PHOTO,)
        detail = detail if detail and detail.step == IncidentInputStep.DETAIL else None
        asked = asked if asked and asked.step == InputStep.PHOTO else None
    else:
        gate_steps = (GateStep.VISITOR, GateStep.LEAVE)
    return {
        PROBLEM: asked.created_at if asked else None,
        INCIDENT: detail.since if detail else None,
        GATE_LINE: line.created_at if line and line.step in gate_steps else None,
    }


async def on_text(update: Update, context: Context) -> None:
    """The 🚨 button, an incident's detail or outcome, a gate line, else a problem's note."""
    message, staff_id = update.effective_message, current_staff(update, context)
    if message is None or staff_id is None:
        await problem.on_text(update, context)
        return
    if is_incident_button(message.text or ""):
        await incidents.incident_command(update, context)
        return
    route = _newest(_waits(context, staff_id, photo=False))
    if route == INCIDENT and await incidents.on_text(context, message, staff_id):
        return
    if route == GATE_LINE and await gate.on_text(context, message, staff_id):
        return
    await problem.on_text(update, context)


async def on_photo(update: Update, context: Context) -> None:
    """A photo for an incident or a leave slip, if the newest question asked for one."""
    message, staff_id = update.effective_message, current_staff(update, context)
    if message is None or staff_id is None or not message.photo:
        await problem.on_photo(update, context)
        return
    route = _newest(_waits(context, staff_id, photo=True))
    if route not in (INCIDENT, GATE_LINE):
        await problem.on_photo(update, context)
        return
    photo = message.photo[-1]  # the largest size
    path, digest = await download(context.bot_data, photo)
    file_id = photo.file_id
    if route == INCIDENT and await incidents.on_photo(
        context, message, staff_id, file_id=file_id, path=path, sha256=digest
    ):
        return
    if route == GATE_LINE and await gate.on_photo(
        context, message, staff_id, file_id=file_id, path=path, sha256=digest
    ):
        return
    await problem.on_photo(update, context)


async def on_button(update: Update, context: Context) -> None:
    """A button of an incident or the gate register: verify it, then hand it over."""
    query = update.callback_query
    if query is None:
        return
    services = context.bot_data
    staff_id = current_staff(update, context) or ""
    with services.session() as session:
        decoded = decode(duties.secret(session=session), query.data)
    if decoded is None:
        await query.answer(t(services.language_of(staff_id), "button_stale"), show_alert=True)
        return
    family, tap = decoded
    if family == GATE:
        await gate.on_tap(update, context, tap, staff_id)
    else:
        await incidents.on_tap(update, context, tap, staff_id)
