"""Hazards read back for people: the summary's counts, the ledger's sheet, the CLI's list.

All of them read the same rows, so the summary, the chart, ``/hazards``, ``safeduty hazards``
and the export agree with each other and with the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from safeduty.config.hazard_model import DEFAULT_CATEGORIES
from safeduty.config.model import SchoolConfig
from safeduty.domain.escalation import end_of_day
from safeduty.domain.hazards import (
    HazardCounts,
    HazardState,
    Listed,
    day_counts,
    list_order,
)
from safeduty.domain.plan import local_moment
from safeduty.storage import hazards
from safeduty.storage.tables import Hazard, HazardPhoto, HazardStep
from safeduty.texts import t


def counts(session: Session, config: SchoolConfig, day: date, now: datetime) -> HazardCounts:
    """Opened, fixed and verified on ``day``; overdue and not closed as the day ends."""
    steps = [(s.action, s.at) for s in hazards.every_step(session=session)]
    rows = [(h.state, h.deadline, h.reported_at) for h in hazards.every_hazard(session=session)]
    zone = ZoneInfo(config.school.timezone)
    return day_counts(day=day, zone=zone, now=now, steps=steps, hazards=rows)


def ordered(rows: list[Hazard], now: datetime, zone: ZoneInfo) -> list[Hazard]:
    """Not closed first; then overdue, major, soonest deadline, number (as ``/hazards``)."""
    return sorted(
        rows,
        key=lambda h: (
            h.state == HazardState.CLOSED,
            *list_order(Listed(h.id or 0, h.state, h.level, h.deadline), now, zone),
        ),
    )


def _step(s: HazardStep) -> dict[str, Any]:
    return {
        "at": s.at.isoformat(),
        "actor": s.actor,
        "action": s.action,
        "note": s.note,
        "owner": s.owner,
        "deadline": s.deadline.isoformat() if s.deadline else None,
    }


def _photo(p: HazardPhoto) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "sha256": p.sha256,
        "path": p.path,
        "removed": p.removed_at is not None,
    }


def as_json(
    session: Session, config: SchoolConfig, *, now: datetime, not_closed: bool = False
) -> list[dict[str, Any]]:
    """Every hazard (or those not closed) with its timeline, as plain JSON data."""
    zone = ZoneInfo(config.school.timezone)
    rows = ordered(hazards.every_hazard(session=session, not_closed=not_closed), now, zone)
    steps: dict[int, list[HazardStep]] = {}
    for s in hazards.every_step(session=session):
        steps.setdefault(s.hazard_id, []).append(s)
    photos: dict[int, list[HazardPhoto]] = {}
    for p in hazards.every_photo(session=session):
        photos.setdefault(p.hazard_id, []).append(p)
    out = []
    for h in rows:
        out.append(
            {
                "id": h.id,
                "state": h.state,
                "description": h.description,
                "place": h.place,
                "level": h.level,
                "category": h.category,
                "reported_by": h.reported_by,
                "reported_at": h.reported_at.isoformat(),
                "owner": h.owner,
                "deadline": h.deadline.isoformat() if h.deadline else None,
                "overdue": h.state in (HazardState.ASSIGNED, HazardState.REOPENED)
                and h.deadline is not None
                and now >= end_of_day(h.deadline, zone),
                "fix_note": h.fix_note,
                "fixed_at": h.fixed_at.isoformat() if h.fixed_at else None,
                "verified_by": h.verified_by,
                "closed_at": h.closed_at.isoformat() if h.closed_at else None,
                "source": (
                    {"occurrence": h.source_occurrence_id, "item": h.source_item}
                    if h.source_occurrence_id is not None
                    else None
                ),
                "photos": [_photo(p) for p in photos.get(h.id or 0, [])],
                "timeline": [_step(s) for s in steps.get(h.id or 0, [])],
            }
        )
    return out


@dataclass(frozen=True)
class HazardLedgerRow:
    """One hazard as the ledger's hazard sheet shows it (in the school's language)."""

    number: int
    found_on: str
    place: str
    description: str
    level: str
    category: str
    reported_by: str
    owner: str
    deadline: str
    rectification: str
    fixed_on: str
    verified_by: str
    closed_on: str
    photos: str
    state: str


HEADERS = (
    "hazard_id",
    "found_on",
    "place",
    "description",
    "level",
    "category",
    "reported_by",
    "owner",
    "deadline",
    "rectification",
    "fixed_on",
    "verified_by",
    "closed_on",
    "photos",
    "state",
)


def ledger_rows(
    session: Session, config: SchoolConfig, first: date, last: date
) -> list[HazardLedgerRow]:
    """Every hazard alive during ``first``..``last``: found by its end, not closed before it."""
    lang, zone = config.school.language, ZoneInfo(config.school.timezone)
    start = local_moment(first, time(0, 0), zone)
    end = local_moment(last + timedelta(days=1), time(0, 0), zone)

    def name(staff_id: str | None) -> str:
        person = config.staff_by_id(staff_id or "")
        return person.name if person else (staff_id or "")

    def day_of(moment: datetime | None) -> str:
        return moment.astimezone(zone).date().isoformat() if moment else ""

    photos: dict[int, list[str]] = {}
    for p in hazards.every_photo(session=session):
        label = p.path or p.file_id
        photos.setdefault(p.hazard_id, []).append(f"{p.kind}: {label}")
    rows = []
    for h in hazards.every_hazard(session=session):
        if h.reported_at >= end or (h.closed_at is not None and h.closed_at < start):
            continue
        category = h.category
        rows.append(
            HazardLedgerRow(
                number=h.id or 0,
                found_on=day_of(h.reported_at),
                place=h.place,
                description=h.description,
                level=t(lang, f"hazard_level_{h.level}"),
                category=t(lang, f"hazard_cat_{category}")
                if category in DEFAULT_CATEGORIES
                else category,
                reported_by=name(h.reported_by),
                owner=name(h.owner),
                deadline=h.deadline.isoformat() if h.deadline else "",
                rectification=h.fix_note or "",
                fixed_on=day_of(h.fixed_at),
                verified_by=name(h.verified_by),
                closed_on=day_of(h.closed_at),
                photos="; ".join(photos.get(h.id or 0, [])),
                state=t(lang, f"hazard_state_{h.state}"),
            )
        )
    return rows


def sheet_rows(rows: list[HazardLedgerRow], lang: str) -> list[list[object]]:
    """The hazard sheet: its header in the school's language, then one row per hazard."""
    header: list[object] = [t(lang, f"ledger_{k}") for k in HEADERS]
    body: list[list[object]] = [
        [
            r.number,
            r.found_on,
            r.place,
            r.description,
            r.level,
            r.category,
            r.reported_by,
            r.owner,
            r.deadline,
            r.rectification,
            r.fixed_on,
            r.verified_by,
            r.closed_on,
            r.photos,
            r.state,
        ]
        for r in rows
    ]
    return [header, *body]
