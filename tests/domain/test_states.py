"""The transition tables: which moves each state machine allows, and who may answer."""

from __future__ import annotations

import pytest

from safeduty.domain.states import (
    DELIVERY,
    OCCURRENCE,
    PENDING_INPUT,
    DeliveryStatus,
    IllegalTransitionError,
    InputStep,
    OccurrenceState,
    Refusal,
    allowed,
    refusal_for,
    sources,
)


def test_an_answer_or_a_miss_is_final() -> None:
    """Nothing leaves answered or missed: the record of a duty cannot be rewritten."""
    for final in (OccurrenceState.ANSWERED, OccurrenceState.MISSED):
        assert all(not allowed(OCCURRENCE, final, target) for target in OccurrenceState)


def test_only_open_occurrences_can_be_answered() -> None:
    """The compare-and-set for an answer is guarded by exactly the open states."""
    assert set(sources(OCCURRENCE, OccurrenceState.ANSWERED)) == {
        OccurrenceState.PLANNED,
        OccurrenceState.REMINDED,
    }


def test_a_delivery_is_sent_only_after_it_was_claimed() -> None:
    """pending -> sent skips the claim, so the table refuses it."""
    assert not allowed(DELIVERY, DeliveryStatus.PENDING, DeliveryStatus.SENT)
    assert sources(DELIVERY, DeliveryStatus.SENT) == (DeliveryStatus.SENDING,)
    assert sources(DELIVERY, DeliveryStatus.SENDING) == (DeliveryStatus.PENDING,)


def test_a_problem_asks_for_its_note_before_its_photo() -> None:
    """note -> photo -> done; never back to the note."""
    assert allowed(PENDING_INPUT, InputStep.NOTE, InputStep.PHOTO)
    assert not allowed(PENDING_INPUT, InputStep.PHOTO, InputStep.NOTE)


def test_a_state_no_move_reaches_is_refused() -> None:
    """Asking for a move into a state no row can reach is a programming error, said loudly."""
    with pytest.raises(IllegalTransitionError):
        sources({None: frozenset()}, OccurrenceState.PLANNED)


@pytest.mark.parametrize(
    ("state", "owner", "expected"),
    [
        (OccurrenceState.REMINDED, "zhang", None),
        (OccurrenceState.PLANNED, "zhang", None),
        (OccurrenceState.REMINDED, "wang", Refusal.NOT_YOURS),
        (OccurrenceState.ANSWERED, "zhang", Refusal.ANSWERED),
        (OccurrenceState.MISSED, "zhang", Refusal.MISSED),
        (OccurrenceState.DROPPED, "zhang", Refusal.STALE),
        (None, None, Refusal.STALE),
    ],
)
def test_who_may_answer(
    state: OccurrenceState | None, owner: str | None, expected: Refusal | None
) -> None:
    """Only the assignee, only while the occurrence is open."""
    assert refusal_for(state, owner=owner, by="zhang") == expected
