"""Invites and account links as commands: issuing a code, redeeming it (link, unlink)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, or_, select

from safeduty.commands.deliveries import owe_alert
from safeduty.commands.record import Command
from safeduty.config.model import SchoolConfig
from safeduty.domain.events import EventKind
from safeduty.storage.tables import Invite, StaffLink


class Redeemed(StrEnum):
    """How an attempt to use an invite code ended."""

    LINKED = "linked"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    CONFIRM = "confirm"  # this account is someone else's: ask before moving it


def new_code() -> str:
    """A random, URL-safe code that fits Telegram's 64-character ``start`` parameter."""
    return secrets.token_urlsafe(12)


def code_hash(code: str) -> str:
    """What the chain keeps of a code: proof of which one, without the credential itself."""
    return hashlib.sha256(code.encode()).hexdigest()


def issue_invite(
    session: Session, *, staff_id: str, now: datetime, valid_for: timedelta, actor: str = "cli"
) -> Invite:
    """Create a fresh invite for ``staff_id``, revoking any older unused one."""
    with Command(session, kind=EventKind.INVITE_ISSUED, actor=actor, now=now) as cmd:
        older = session.exec(
            select(Invite.code).where(
                col(Invite.staff_id) == staff_id,
                col(Invite.used_at).is_(None),
                col(Invite.revoked_at).is_(None),
            )
        )
        for code in list(older):
            cmd.update(Invite, code, values={"revoked_at": now}, guard={"used_at": None})
        invite = cmd.insert(
            Invite(code=new_code(), staff_id=staff_id, created_at=now, expires_at=now + valid_for)
        )
        cmd.done(staff=staff_id, code_sha256=code_hash(invite.code), expires_at=invite.expires_at)
    return invite


def redeem_invite(
    session: Session,
    *,
    code: str,
    telegram_user_id: int,
    chat_id: int,
    now: datetime,
    staff_ids: Collection[str] | None = None,
    confirmed: bool = False,
    config: SchoolConfig | None = None,
) -> tuple[Redeemed, str | None, int | None]:
    """Use ``code`` to link a Telegram account; returns (outcome, staff id, unlinked old chat).

    The code is claimed with a guarded UPDATE so two taps can never both succeed. Linking
    moves the staff member to this account and frees this account from anyone else. A
    code for someone no longer among ``staff_ids`` is refused and stays unused. An account
    already linked to someone else is moved only when ``confirmed``; the code stays unused
    until then, and the move is owed to the admins of ``config`` as an alert.
    """
    actor = f"telegram:{telegram_user_id}"
    with Command(session, kind=EventKind.STAFF_LINKED, actor=actor, now=now) as cmd:
        invite = session.get(Invite, code, populate_existing=True)
        if invite is None:
            return Redeemed.UNKNOWN, None, None
        if invite.used_at is not None:
            return Redeemed.USED, invite.staff_id, None
        if invite.revoked_at is not None:
            return Redeemed.REVOKED, invite.staff_id, None
        if invite.expires_at <= now:
            return Redeemed.EXPIRED, invite.staff_id, None
        if staff_ids is not None and invite.staff_id not in staff_ids:
            return Redeemed.UNKNOWN, None, None  # removed from the config: not consumed
        current = session.exec(
            select(StaffLink.staff_id).where(col(StaffLink.telegram_user_id) == telegram_user_id)
        ).first()
        moved_from = current if current not in (None, invite.staff_id) else None
        if moved_from is not None and not confirmed:
            return Redeemed.CONFIRM, invite.staff_id, None
        if not cmd.update(
            Invite,
            code,
            values={"used_at": now, "used_by": telegram_user_id},
            guard={"used_at": None, "revoked_at": None},
        ):
            return Redeemed.USED, invite.staff_id, None
        staff_id = invite.staff_id
        old = session.get(StaffLink, staff_id)
        old_chat = (
            old.chat_id if old is not None and old.telegram_user_id != telegram_user_id else None
        )
        stale = session.exec(
            select(StaffLink).where(
                or_(
                    col(StaffLink.staff_id) == staff_id,
                    col(StaffLink.telegram_user_id) == telegram_user_id,
                )
            )
        )
        unlinked = []
        for link in list(stale):
            unlinked.append(link.staff_id)
            cmd.delete(link)
        cmd.insert(
            StaffLink(
                staff_id=staff_id,
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                linked_at=now,
            )
        )
        if moved_from is not None and config is not None:
            owe_alert(
                cmd,
                config,
                key=f"relinked:{code_hash(code)[:16]}",
                detail=f"{_named(config, moved_from)} → {_named(config, staff_id)}"
                f" (Telegram {telegram_user_id})",
            )
        cmd.done(
            staff=staff_id, code_sha256=code_hash(code), unlinked=unlinked, moved_from=moved_from
        )
    return Redeemed.LINKED, staff_id, old_chat


def _named(config: SchoolConfig, staff_id: str) -> str:
    person = config.staff_by_id(staff_id)
    return f"{person.name} ({staff_id})" if person else staff_id
