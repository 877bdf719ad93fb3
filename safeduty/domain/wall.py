"""School-local wall-clock times as moments, across daylight-saving changes.

A wall time in the spring-forward gap (02:30 in Berlin on the last Sunday of March) does
not exist: it becomes the first moment after the gap (03:00). A wall time the fall-back
repeats (02:30 on the last Sunday of October) is its first occurrence. So a reminder set
for any minute fires exactly once, never before its minute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_PRECISION = timedelta(seconds=1)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``at`` in ``zone``, as an aware datetime in ``zone``."""
    wall = datetime.combine(day, at)
    later = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the first occurrence, or past a gap
    if later.astimezone(zone).replace(tzinfo=None) == wall:
        return later.astimezone(zone)
    # In a gap: fold=1 reads the wall time with the offset after the change, a moment before
    # the change; the change itself is the first valid moment after the gap.
    earlier = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = later.astimezone(zone).utcoffset()
    while later - earlier > _PRECISION:
        middle = earlier + (later - earlier) / 2
        if middle.astimezone(zone).utcoffset() == after:
            later = middle
        else:
            earlier = middle
    return later.replace(microsecond=0).astimezone(zone)
