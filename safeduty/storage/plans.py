"""The plan mark: which day was last planned, under which config and arrangement.

Not evidence and not a command: a cache row (like the button secret) that lets a restarted
process see "already planned" with one read instead of loading every occurrence.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from safeduty.storage.tables import PlanMark


def is_planned(*, session: Session, day: date, config_sha256: str, arrangement: str) -> bool:
    """Whether ``day`` was planned with exactly this config and arrangement."""
    mark = session.get(PlanMark, day, populate_existing=True)
    return (
        mark is not None and mark.config_sha256 == config_sha256 and mark.arrangement == arrangement
    )


def mark_planned(
    *, session: Session, day: date, config_sha256: str, arrangement: str, now: datetime
) -> None:
    """Record that ``day`` is planned (the days before it are done with); commits.

    Two processes marking at once both planned the same thing: the loser's row is dropped.
    """
    session.execute(delete(PlanMark).where(col(PlanMark.day) <= day))
    session.add(
        PlanMark(day=day, config_sha256=config_sha256, arrangement=arrangement, planned_at=now)
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
