"""The problem path: each problem item asks for a note, then an optional photo, then the
safety officer is told. The step lives in ``pending_input`` so a restart loses nothing."""

from __future__ import annotations

from sqlmodel import Session

from bot.services import Services
from safeduty.storage import duties
from safeduty.storage.tables import Delivery, Occurrence, PendingInput


def officers(services: Services) -> list[str]:
    """Who hears about problems: safety officers, else principals."""
    people = services.config.staff_with_role("safety_officer") or services.config.staff_with_role(
        "principal"
    )
    return [p.id for p in people]


def _problem_items(session: Session, occ: Occurrence) -> list[int]:
    answers = duties.answers(session=session, occurrence_id=occ.id or 0)
    return sorted(n for n, a in answers.items() if not a.ok)


def await_next(
    services: Services, session: Session, occ: Occurrence, after: int = -1
) -> int | None:
    """Wait for the note of the next problem item after ``after``; return it, or None."""
    for item in _problem_items(session, occ):
        if item > after:
            duties.expect_input(
                session=session,
                row=PendingInput(
                    staff_id=occ.assignee,
                    occurrence_id=occ.id or 0,
                    item=item,
                    step="note",
                    created_at=services.clock.now(),
                ),
            )
            return item
    return None


def finish_item(services: Services, session: Session, occurrence_id: int, item: int) -> int | None:
    """Report one problem item to the officers; move on to the next one (returned) if any."""
    occ = session.get(Occurrence, occurrence_id)
    if occ is None:
        return None
    waiting = duties.pending_input(session=session, staff_id=occ.assignee)
    if waiting is not None and waiting.occurrence_id == occurrence_id and waiting.item == item:
        session.delete(waiting)
        session.flush()
    for who in officers(services):
        duties.owe(
            session=session,
            delivery=Delivery(
                key=f"o{occurrence_id}:problem:{item}:{who}",
                occurrence_id=occurrence_id,
                kind="problem",
                item=item,
                recipient=who,
                due_at=services.clock.now(),
            ),
        )
    return await_next(services, session, occ, after=item)
