"""Invite codes: single use, expiring, revoked by a newer invite; one account per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty.commands.links import Redeemed, issue_invite, redeem_invite
from safeduty.storage.links import all_links

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
WEEKS = timedelta(days=14)


def test_code_links_once(engine: Engine) -> None:
    """The first redeem links; the second is refused as used."""
    with Session(engine) as session:
        code = issue_invite(session, staff_id="wang", now=NOW, valid_for=WEEKS).code
        first = redeem_invite(session, code=code, telegram_user_id=1, chat_id=1, now=NOW)
        second = redeem_invite(session, code=code, telegram_user_id=2, chat_id=2, now=NOW)
        assert first == (Redeemed.LINKED, "wang", None)
        assert second[0] is Redeemed.USED
        assert all_links(session=session)["wang"].telegram_user_id == 1


def test_code_expires(engine: Engine) -> None:
    """At its expiry instant a code no longer works."""
    with Session(engine) as session:
        code = issue_invite(session, staff_id="wang", now=NOW, valid_for=WEEKS).code
        result = redeem_invite(session, code=code, telegram_user_id=1, chat_id=1, now=NOW + WEEKS)
        assert result[0] is Redeemed.EXPIRED


def test_account_moves_between_staff(engine: Engine) -> None:
    """One Telegram account speaks for one staff member: moving it needs a confirmation."""
    with Session(engine) as session:
        a = issue_invite(session, staff_id="wang", now=NOW, valid_for=WEEKS).code
        b = issue_invite(session, staff_id="zhang", now=NOW, valid_for=WEEKS).code
        redeem_invite(session, code=a, telegram_user_id=1, chat_id=1, now=NOW)
        asked = redeem_invite(session, code=b, telegram_user_id=1, chat_id=1, now=NOW)
        assert asked == (Redeemed.CONFIRM, "zhang", None)
        assert set(all_links(session=session)) == {"wang"}
        redeem_invite(session, code=b, telegram_user_id=1, chat_id=1, now=NOW, confirmed=True)
        assert set(all_links(session=session)) == {"zhang"}
