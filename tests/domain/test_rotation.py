"""Round-robin rotations, overrides, deputies and group duties, with explicit dates."""

from __future__ import annotations

from datetime import date, timedelta

from safeduty.config import SchoolConfig, parse_config
from safeduty.domain.plan import plan_day, plan_days

TODAY = date(2026, 9, 1)
BASE = """\
[school]
name = "S"
timezone = "Asia/Shanghai"

[calendar]
official = "CN"
terms = [{{ name = "autumn", from = 2026-09-01, to = 2027-01-22 }}]

[[staff]]
id = "chen"
name = "Chen"
roles = ["principal", "admin"]
{staff}
[[duties]]
id = "patrol"
name = "Patrol"
remind_at = "16:30"
deadline = "17:00"
checklist = ["ok"]
{who}
"""


def school(people: list[str], who: str) -> SchoolConfig:
    staff = "".join(
        f'\n[[staff]]\nid = "{p}"\nname = "{p.title()}"\nroles = ["teacher"]\n'
        'groups = ["class_teacher"]\n'
        for p in people
    )
    return parse_config(BASE.format(staff=staff, who=who), today=TODAY)


def rotation(people: list[str], start: str, first: str | None = None) -> str:
    listed = ", ".join(f'"{p}"' for p in people)
    extra = f'\nfirst = "{first}"' if first else ""
    return f"[duties.rotation]\npeople = [{listed}]\nstart = {start}{extra}\n"


def roster(config: SchoolConfig, start: date, days: int) -> list[tuple[date, str]]:
    return [(o.day, o.assignee) for o in plan_days(config, start, days)]


TEACHERS = ["a", "b", "c", "d"]


def test_round_robin_skips_the_mid_autumn_holiday() -> None:
    """Thursday 24 Sept goes to d; Friday 25 is a holiday and uses no turn; Monday 28 is a's."""
    config = school(TEACHERS, rotation(TEACHERS, "2026-09-21"))
    assert roster(config, date(2026, 9, 21), 8) == [
        (date(2026, 9, 21), "a"),
        (date(2026, 9, 22), "b"),
        (date(2026, 9, 23), "c"),
        (date(2026, 9, 24), "d"),
        (date(2026, 9, 28), "a"),
    ]


def test_round_robin_counts_the_makeup_sunday_and_skips_national_day() -> None:
    """Sunday 20 Sept is worked (a turn); 1-7 October are not; 8 October goes on in order."""
    config = school(TEACHERS, rotation(TEACHERS, "2026-09-14"))
    got = roster(config, date(2026, 9, 14), 26)
    assert got[5] == (date(2026, 9, 20), "b")  # Mon-Fri a, b, c, d, a; then the Sunday
    after_holiday = [who for day, who in got if day >= date(2026, 10, 8)]
    before = [who for day, who in got if day < date(2026, 10, 1)]
    assert len(before) == 13  # 14-18, 20, 21-24, 28-30 September
    assert after_holiday[0] == TEACHERS[len(before) % 4]


def test_days_before_the_start_count_backwards() -> None:
    """Thursday 24 September, the running day before a Monday 28 start, is the last person's."""
    config = school(TEACHERS, rotation(TEACHERS, "2026-09-28"))
    assert roster(config, date(2026, 9, 24), 1) == [(date(2026, 9, 24), "d")]


def test_first_names_who_starts() -> None:
    """first = "c": the start day is c's, then d, then a."""
    config = school(TEACHERS, rotation(TEACHERS, "2026-09-21", first="c"))
    assert [w for _, w in roster(config, date(2026, 9, 21), 3)] == ["c", "d", "a"]


def _order_from(got: list[tuple[date, str]], day: date, people: set[str]) -> list[str]:
    return [w for d, w in got if d >= day and w in people]


def test_stable_rotation_after_an_edit() -> None:
    """Adding e and removing c on 2 November, re-anchored as the README says, moves nobody else.

    The person due on 2 November stays; after it the others keep their relative order; e
    takes the slot where it was inserted (after b) and c's turns pass to whoever comes next.
    """
    old = school([*TEACHERS, "e"], rotation(TEACHERS, "2026-09-01"))
    span = (date(2026, 9, 1), 120)
    before = roster(old, *span)
    edit = date(2026, 11, 2)
    due = dict(before)[edit]
    new_people = ["a", "b", "e", "d"]  # c left; e joined after b
    new = school([*TEACHERS, "e"], rotation(new_people, edit.isoformat(), first=due))
    after = roster(new, *span)
    assert dict(after)[edit] == due
    stayed = {"a", "b", "d"}
    assert _order_from(after, edit, stayed)[:30] == _order_from(before, edit, stayed)[:30]
    sequence = [w for d, w in after if d >= edit]
    assert "c" not in sequence
    assert all(sequence[i - 1] == "b" for i, w in enumerate(sequence) if w == "e" and i)


def test_an_edit_without_re_anchoring_reshuffles() -> None:
    """The reason for the rule: a list edited in place moves most people's next dates."""
    old = school([*TEACHERS, "e"], rotation(TEACHERS, "2026-09-01"))
    new = school([*TEACHERS, "e"], rotation(["a", "e", "b", "c", "d"], "2026-09-01"))
    weeks = (date(2026, 11, 2), 28)
    moved = [o != n for o, n in zip(roster(old, *weeks), roster(new, *weeks), strict=True)]
    assert sum(moved) > len(moved) // 2


def test_an_override_replaces_one_day_without_moving_other_turns() -> None:
    """Chen takes 23 September; 22 and 24 September are unchanged."""
    plain = school(TEACHERS, rotation(TEACHERS, "2026-09-21"))
    override = school(
        TEACHERS,
        '\noverrides = [{ date = 2026-09-23, assignees = ["chen"] }]\n'
        + rotation(TEACHERS, "2026-09-21"),
    )
    week = (date(2026, 9, 21), 5)
    assert roster(override, *week) == [
        (d, "chen" if d == date(2026, 9, 23) else w) for d, w in roster(plain, *week)
    ]


def test_an_override_also_replaces_a_weekday_rota() -> None:
    """A date-specific assignment wins over the rota on that date only."""
    config = school(
        ["a", "b"],
        'rota = { mon = "a", tue = "a", wed = "a", thu = "a", fri = "a" }\n'
        'overrides = [{ date = 2026-09-22, assignees = ["b"] }]',
    )
    assert [w for _, w in roster(config, date(2026, 9, 21), 3)] == ["a", "b", "a"]


def test_a_group_duty_gives_each_member_their_own_occurrence() -> None:
    """assignees = ["group:class_teacher"]: one occurrence per class teacher, same times."""
    config = school(TEACHERS, 'assignees = ["group:class_teacher"]')
    planned = plan_day(config, date(2026, 9, 21))
    assert [o.assignee for o in planned] == TEACHERS
    assert len({o.remind_at for o in planned}) == 1


def test_the_deputy_is_carried_into_the_plan() -> None:
    """deputy = "chen": every occurrence names the stand-in."""
    config = school(TEACHERS, 'deputy = "chen"\n' + rotation(TEACHERS, "2026-09-21"))
    assert {o.deputy for o in plan_days(config, date(2026, 9, 21), 5)} == {"chen"}


def test_a_holiday_roster_rotates_over_the_days_off_only() -> None:
    """when = "holidays": National Day's seven days go a, b, c, d, a, b, c; 8 October none."""
    config = school(TEACHERS, 'when = "holidays"\n' + rotation(TEACHERS, "2026-10-01"))
    got = roster(config, date(2026, 10, 1), 8)
    assert got == [(date(2026, 10, 1) + timedelta(days=n), "abcdabc"[n]) for n in range(7)]
