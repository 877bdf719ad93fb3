"""How often someone who is not linked is answered: at most once a day each.

Bookkeeping, not evidence: it only keeps a flood of strangers' messages from spending
the bot's 30 messages a second that reminders need.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from safeduty.storage.tables import StrangerReply

QUIET_FOR = timedelta(days=1)


def may_reply(session: Session, *, telegram_user_id: int, now: datetime) -> bool:
    """Whether to answer this stranger now; if so, remember that we did."""
    row = session.get(StrangerReply, telegram_user_id)
    if row is not None and now - row.replied_at < QUIET_FOR:
        return False
    if row is None:
        session.add(StrangerReply(telegram_user_id=telegram_user_id, replied_at=now))
    else:
        row.replied_at = now
        session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same stranger's other message won the race
        session.rollback()
        return False
    return True
