"""The state machines of leave, substitutes and swaps, with their transition tables.

A leave is a stored period; a cover is one duty slot (duty, day, the person it was planned
for) handed to somebody else, because that person is on leave or offered it in a swap.
Every move is a compare-and-set guarded by :func:`safeduty.domain.states.sources`.
"""

from __future__ import annotations

from enum import StrEnum

from safeduty.domain.states import Transitions


class LeaveState(StrEnum):
    """A period a staff member is away."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"  # taken back before it ended: their duties are theirs again


class CoverReason(StrEnum):
    """Why a duty slot is handed to somebody else."""

    LEAVE = "leave"  # the person it was planned for is away: it needs somebody
    SWAP = "swap"  # the person offered it: if nobody takes it, it stays theirs


class CoverState(StrEnum):
    """One duty slot handed (or to be handed) to a substitute."""

    NEEDED = "needed"  # away, no deputy: nobody asked yet (unstaffed)
    PROPOSED = "proposed"  # a colleague was asked and has not answered (leave: unstaffed)
    ACCEPTED = "accepted"  # the substitute does it (a deputy is accepted at once)
    DECLINED = "declined"  # the colleague said no (leave: unstaffed until someone accepts)
    WITHDRAWN = "withdrawn"  # no longer needed: the leave was taken back or the duty is gone


COVER: Transitions = {
    None: frozenset(
        {
            CoverState.NEEDED,  # leave, no deputy
            CoverState.PROPOSED,  # a swap offer
            CoverState.ACCEPTED,  # leave, the duty's deputy takes it
        }
    ),
    CoverState.NEEDED: frozenset({CoverState.PROPOSED, CoverState.WITHDRAWN}),
    CoverState.PROPOSED: frozenset(
        {
            CoverState.PROPOSED,  # asked somebody else instead
            CoverState.ACCEPTED,
            CoverState.DECLINED,
            CoverState.WITHDRAWN,
        }
    ),
    CoverState.DECLINED: frozenset({CoverState.PROPOSED, CoverState.WITHDRAWN}),
    CoverState.ACCEPTED: frozenset({CoverState.WITHDRAWN}),
    CoverState.WITHDRAWN: frozenset(),
}

LEAVE: Transitions = {
    None: frozenset({LeaveState.ACTIVE}),
    LeaveState.ACTIVE: frozenset({LeaveState.WITHDRAWN}),
    LeaveState.WITHDRAWN: frozenset(),
}

LIVE = (CoverState.NEEDED, CoverState.PROPOSED, CoverState.ACCEPTED, CoverState.DECLINED)
"""Covers that still say something about their slot."""

UNSTAFFED = (CoverState.NEEDED, CoverState.PROPOSED, CoverState.DECLINED)
"""Leave covers nobody has accepted: the duty has no person."""


class CoverRefusal(StrEnum):
    """Why a leave, cover or swap command did nothing for the person who asked."""

    STALE = "stale"  # no such cover or duty (an old button), or dates out of range
    NOT_ALLOWED = "not_allowed"  # not their leave, not their duty, not an officer or admin
    NOT_ASKED = "not_asked"  # the question went to somebody else
    DECIDED = "decided"  # already accepted, declined or withdrawn
    STARTED = "started"  # the duty's reminder time has come: the arrangement stays
    CANDIDATE = "candidate"  # that colleague cannot take it (away, already on it, the same)
    PENDING = "pending"  # an offer of this duty is already waiting for an answer
