"""``safeduty plan`` with stored leave and covers applied: substitutes, swaps, unstaffed.

Tuesday 1 December 2026 onwards: gate (zhang on Tuesdays, wang on Mondays, deputy zhou),
canteen (wu every school day, no deputy).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from safeduty.config import SchoolConfig
from safeduty.domain.cover import Arrangement, CoverFact, LeaveSpan
from safeduty.domain.cover_states import CoverReason, CoverState
from safeduty.plan_cli import render_plan

TUE, WED, THU, MON, NEXT_TUE = (date(2026, 12, d) for d in (1, 2, 3, 7, 8))
LEAVE, SWAP = CoverReason.LEAVE, CoverReason.SWAP
ACCEPTED, PROPOSED = CoverState.ACCEPTED, CoverState.PROPOSED

ARRANGED = Arrangement(
    leaves=(LeaveSpan("wu", WED, THU), LeaveSpan("wang", MON, MON)),
    covers=(
        CoverFact(1, "gate", TUE, "zhang", "wang", SWAP, ACCEPTED),
        CoverFact(2, "canteen", WED, "wu", "zhang", LEAVE, ACCEPTED),
        CoverFact(3, "gate", MON, "wang", "zhou", LEAVE, ACCEPTED, deputy=True),
        CoverFact(4, "gate", NEXT_TUE, "zhang", "liu", SWAP, PROPOSED),
    ),
)


def row(rows: list[dict[str, Any]], duty: str, day: date) -> dict[str, Any]:
    (found,) = [r for r in rows if (r["duty"], r["date"]) == (duty, day.isoformat())]
    return found


def fields(found: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("assignee", "planned_assignee", "covering", "cover", "on_leave", "offered_to")
    return (*(found[k] for k in keys), found["unstaffed"])


def test_plan_json_names_substitutes_swaps_and_the_unstaffed(school: SchoolConfig) -> None:
    """Each row says who does it, whom the plan named, whom they cover and why, who is away."""
    rows = json.loads(render_plan(school, TUE, 8, json_output=True, arrangement=ARRANGED))
    assert fields(row(rows, "gate", TUE)) == ("wang", "zhang", "zhang", "swap", None, None, False)
    assert fields(row(rows, "canteen", WED)) == ("zhang", "wu", "wu", "leave", None, None, False)
    assert fields(row(rows, "canteen", THU)) == (None, "wu", None, None, "wu", None, True)
    assert fields(row(rows, "gate", MON)) == ("zhou", "wang", "wang", "deputy", None, None, False)
    assert fields(row(rows, "gate", NEXT_TUE)) == ("zhang", "zhang", None, None, None, "liu", False)
    assert row(rows, "canteen", THU)["assignee_name"] is None


def test_plan_table_names_them_too(school: SchoolConfig) -> None:
    """The table says the same in words."""
    table = render_plan(school, TUE, 8, json_output=False, arrangement=ARRANGED).splitlines()
    assert (
        "  07:20 -> 07:50  校门值守  王老师 (wang)  covering 张老师 (zhang), swap  deputy 周老师 (zhou)"
        in table
    )
    assert "  11:30 -> 12:30  午餐食品安全  UNSTAFFED (吴师傅 (wu) away)" in table
    assert (
        "  07:20 -> 07:50  校门值守  周老师 (zhou)  covering 王老师 (wang), deputy  deputy 周老师 (zhou)"
        in table
    )
    assert (
        "  07:20 -> 07:50  校门值守  张老师 (zhang)  offered to 刘老师 (liu)  deputy 周老师 (zhou)"
        in table
    )


def test_without_a_database_the_plan_is_the_configs(school: SchoolConfig) -> None:
    """No arrangement: the same rows as before, nobody covering, nobody away."""
    rows = json.loads(render_plan(school, TUE, 1, json_output=True))
    assert fields(row(rows, "gate", TUE)) == ("zhang", "zhang", None, None, None, None, False)
