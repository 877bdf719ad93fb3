"""Queries for invites and account links. Flat functions, keyword-only, one session each."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from safeduty.storage.tables import Invite, StaffLink


class Redeemed(StrEnum):
    """How an attempt to use an invite code ended."""

    LINKED = "linked"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


def new_code() -> str:
    """A random, URL-safe code that fits Telegram's 64-character ``start`` parameter."""
    return secrets.token_urlsafe(12)


def issue_invite(*, session: Session, staff_id: str, now: datetime, valid_for: timedelta) -> Invite:
    """Create a fresh invite for ``staff_id``, revoking any older unused one."""
    session.execute(
        update(Invite)
        .where(
            col(Invite.staff_id) == staff_id,
            col(Invite.used_at).is_(None),
            col(Invite.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    invite = Invite(code=new_code(), staff_id=staff_id, created_at=now, expires_at=now + valid_for)
    session.add(invite)
    session.commit()
    session.refresh(invite)
    return invite


def redeem_invite(
    *, session: Session, code: str, telegram_user_id: int, chat_id: int, now: datetime
) -> tuple[Redeemed, str | None, int | None]:
    """Use ``code`` to link a Telegram account; returns (outcome, staff id, unlinked old chat).

    The code is claimed with a guarded UPDATE so two taps can never both succeed. Linking
    moves the staff member to this account and frees this account from anyone else.
    """
    invite = session.get(Invite, code)
    if invite is None:
        return Redeemed.UNKNOWN, None, None
    if invite.used_at is not None:
        return Redeemed.USED, invite.staff_id, None
    if invite.revoked_at is not None:
        return Redeemed.REVOKED, invite.staff_id, None
    if invite.expires_at <= now:
        return Redeemed.EXPIRED, invite.staff_id, None
    claimed = session.execute(
        update(Invite)
        .where(
            col(Invite.code) == code,
            col(Invite.used_at).is_(None),
            col(Invite.revoked_at).is_(None),
        )
        .values(used_at=now, used_by=telegram_user_id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult has rowcount
        session.rollback()
        return Redeemed.USED, invite.staff_id, None
    old = session.get(StaffLink, invite.staff_id)
    old_chat = old.chat_id if old is not None and old.telegram_user_id != telegram_user_id else None
    session.execute(
        delete(StaffLink).where(
            or_(
                col(StaffLink.staff_id) == invite.staff_id,
                col(StaffLink.telegram_user_id) == telegram_user_id,
            )
        )
    )
    session.add(
        StaffLink(
            staff_id=invite.staff_id,
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            linked_at=now,
        )
    )
    session.commit()
    return Redeemed.LINKED, invite.staff_id, old_chat


def staff_of_user(*, session: Session, telegram_user_id: int) -> str | None:
    """The staff id linked to a Telegram account, if any."""
    return session.exec(
        select(StaffLink.staff_id).where(StaffLink.telegram_user_id == telegram_user_id)
    ).first()


def link_of(*, session: Session, staff_id: str) -> StaffLink | None:
    """The link row of a staff member, if they are linked."""
    return session.get(StaffLink, staff_id)


def all_links(*, session: Session) -> dict[str, StaffLink]:
    """Every link, by staff id."""
    return {link.staff_id: link for link in session.exec(select(StaffLink))}
