"""Leave, cover and swap button data: signed, within Telegram's 64 bytes, forged data refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot import cover_buttons as cb

SECRET = "s" * 32
LONGEST_ID = "a" * 32  # staff and duty ids may be 32 characters


def test_the_longest_leave_and_swap_buttons_fit_in_64_bytes() -> None:
    """A 32-character staff id, a date, a length and a 32-character duty id all fit."""
    leave = cb.encode(SECRET, cb.LEAVE, "r", LONGEST_ID, cb.day_field(date(2026, 12, 31)), "14")
    swap = cb.encode(SECRET, cb.SWAP, "t", cb.ref(LONGEST_ID), "20261231", LONGEST_ID)
    assert len(leave.encode()) <= 64 and len(swap.encode()) <= 64


def test_data_round_trips_and_a_changed_field_or_prefix_is_refused() -> None:
    """Only the exact data the bot signed decodes."""
    data = cb.encode(SECRET, cb.COVER, "a", "12", cb.NONE)
    assert cb.decode(SECRET, cb.COVER, data, 3) == ["a", "12", "-"]
    assert cb.decode(SECRET, cb.COVER, data.replace(".12.", ".13."), 3) is None
    assert cb.decode(SECRET, cb.SWAP, data, 3) is None
    assert cb.decode("other secret", cb.COVER, data, 3) is None
    assert cb.decode(SECRET, cb.COVER, None, 3) is None


def test_fields_with_dots_or_too_long_are_refused_when_encoding() -> None:
    """A bug that would make unreadable buttons fails loudly instead."""
    with pytest.raises(ValueError, match="dots"):
        cb.encode(SECRET, cb.COVER, "a.b")
    with pytest.raises(ValueError, match="64 bytes"):
        cb.encode(SECRET, cb.SWAP, "t", LONGEST_ID, "20261231", LONGEST_ID)


def test_a_duty_is_found_by_its_short_reference() -> None:
    """The reference names one duty id; an unknown one names none."""
    ids = ["gate", "canteen", "holiday_watch"]
    assert cb.by_ref(ids, cb.ref("canteen")) == "canteen"
    assert cb.by_ref(ids, cb.ref("drill")) is None
    assert cb.parse_day("20261231") == date(2026, 12, 31)
    assert cb.parse_day("20261332") is None and cb.parse_day("-") is None
