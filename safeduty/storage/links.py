"""Reads of account links; every write is a command in ``safeduty.commands.links``."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session, col, select

from safeduty.storage.tables import StaffLink


def staff_of_user(*, session: Session, telegram_user_id: int) -> str | None:
    """The staff id linked to a Telegram account, if any."""
    return session.exec(
        select(StaffLink.staff_id).where(StaffLink.telegram_user_id == telegram_user_id)
    ).first()


def link_of(*, session: Session, staff_id: str) -> StaffLink | None:
    """The link row of a staff member, if they are linked."""
    return session.get(StaffLink, staff_id)


def chats_of(*, session: Session, staff_ids: Collection[str]) -> dict[str, int]:
    """The chat of each linked staff member among ``staff_ids``."""
    if not staff_ids:
        return {}
    query = select(StaffLink.staff_id, StaffLink.chat_id).where(
        col(StaffLink.staff_id).in_(list(staff_ids))
    )
    return dict(session.exec(query).all())


def all_links(*, session: Session) -> dict[str, StaffLink]:
    """Every link, by staff id."""
    return {link.staff_id: link for link in session.exec(select(StaffLink))}
