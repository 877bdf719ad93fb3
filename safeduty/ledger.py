"""The monthly ledger: every occurrence with its answers, as XLSX (a sheet per duty plus a
summary, and the hazard sheet) or CSV, headed in the school's language. This is what an
inspector reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine
from sqlmodel import Session

from safeduty import hazard_ledger
from safeduty.config.model import SchoolConfig
from safeduty.domain.states import DeliveryKind, DeliveryStatus, OccurrenceState
from safeduty.domain.summary import LATE, MISSED, ON_TIME, outcome
from safeduty.hazard_ledger import sheet_rows
from safeduty.incident_ledger import Sheet, register_sheets
from safeduty.storage import chain, reports
from safeduty.storage.chain import Head
from safeduty.texts import t

Progress = Callable[[int, int], None]
BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class LedgerRow:
    """One occurrence as the ledger shows it."""

    day: date
    duty_id: str
    duty_name: str
    assignee: str
    reminded_at: str
    answered_at: str
    outcome: str
    items: tuple[tuple[str, str], ...]
    notes: str
    photos: str


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def ledger_rows(
    config: SchoolConfig,
    session: Session,
    year: int,
    month: int,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> list[LedgerRow]:
    """Every occurrence of the month, in date and reminder order."""
    lang, zone = config.school.language, ZoneInfo(config.school.timezone)
    first, last = month_bounds(year, month)
    occurrences = reports.occurrences_between(session=session, first=first, last=last)
    ids = [o.id for o in occurrences if o.id is not None]
    answers = reports.answers_for(session=session, occurrence_ids=ids)
    deliveries = reports.deliveries_for(session=session, occurrence_ids=ids)

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    rows = []
    for n, occ in enumerate(occurrences, 1):
        mine = {a.item: a for a in answers if a.occurrence_id == occ.id}
        reminded = next(
            (
                d.sent_at
                for d in deliveries
                if d.occurrence_id == occ.id
                and d.kind == DeliveryKind.REMINDER
                and d.status == DeliveryStatus.SENT
            ),
            None,
        )
        items = tuple(
            (
                text,
                t(lang, "word_unanswered")
                if n_ not in mine or occ.state != OccurrenceState.ANSWERED
                else t(lang, "word_ok")
                if mine[n_].ok
                else t(lang, "word_problem"),
            )
            for n_, text in enumerate(occ.checklist)
        )
        notes = "; ".join(
            f"{occ.checklist[i]}: {a.note}" for i, a in sorted(mine.items()) if a.note
        )
        photos = "; ".join(
            a.photo_path or a.photo_file_id or ""
            for _, a in sorted(mine.items())
            if a.photo_file_id
        )
        person = config.staff_by_id(occ.assignee)
        rows.append(
            LedgerRow(
                day=occ.day,
                duty_id=occ.duty_id,
                duty_name=occ.duty_name,
                assignee=person.name if person else occ.assignee,
                reminded_at=local(reminded),
                answered_at=local(occ.answered_at),
                outcome=t(lang, f"word_{outcome(occ, now)}"),
                items=items,
                notes=notes,
                photos=photos,
            )
        )
        if progress is not None:
            progress(n, len(occurrences))
    return rows


def _headers(lang: str, *keys: str) -> list[str]:
    return [t(lang, f"ledger_{k}") for k in keys]


def write_csv(rows: list[LedgerRow], lang: str, head: Head) -> bytes:
    """One flat CSV (UTF-8 with BOM so spreadsheet programs read Chinese correctly).

    The last row names the record chain's head it was made from (``safeduty verify``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        _headers(
            lang,
            "date",
            "duty",
            "assignee",
            "reminded",
            "answered",
            "outcome",
            "answers",
            "notes",
            "photos",
        )
    )
    for r in rows:
        answers = "; ".join(f"{item}: {word}" for item, word in r.items)
        writer.writerow(
            [
                r.day.isoformat(),
                r.duty_name,
                r.assignee,
                r.reminded_at,
                r.answered_at,
                r.outcome,
                answers,
                r.notes,
                r.photos,
            ]
        )
    writer.writerow(_chain_row(lang, head))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _chain_row(lang: str, head: Head) -> list[str]:
    return [t(lang, "ledger_chain"), t(lang, "ledger_chain_count", count=head.seq), head.hash]


def write_xlsx(
    rows: list[LedgerRow], config: SchoolConfig, head: Head, extra: Sequence[Sheet] = ()
) -> bytes:
    """A summary sheet (ending with the chain head), one sheet per duty, then ``extra``
    (the hazards, the incidents and the gate register)."""
    lang = config.school.language
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101  # a new workbook has one sheet
    summary.title = t(lang, "ledger_summary")
    summary.append(
        _headers(lang, "duty", "total") + [t(lang, f"word_{k}") for k in (ON_TIME, LATE, MISSED)]
    )
    duty_ids = list(dict.fromkeys(r.duty_id for r in rows))
    totals = [0, 0, 0, 0]
    for duty_id in duty_ids:
        mine = [r for r in rows if r.duty_id == duty_id]
        counts = [len(mine)] + [
            sum(r.outcome == t(lang, f"word_{k}") for r in mine) for k in (ON_TIME, LATE, MISSED)
        ]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        summary.append([mine[0].duty_name, *counts])
        sheet = book.create_sheet(mine[0].duty_name.translate(BAD_SHEET_CHARS)[:31])
        items = list(dict.fromkeys(item for r in mine for item, _ in r.items))
        sheet.append(
            _headers(lang, "date", "assignee", "reminded", "answered", "outcome")
            + items
            + _headers(lang, "notes", "photos")
        )
        for r in mine:
            words = dict(r.items)
            sheet.append(
                [
                    r.day,
                    r.assignee,
                    r.reminded_at,
                    r.answered_at,
                    r.outcome,
                    *(words.get(i, "") for i in items),
                    r.notes,
                    r.photos,
                ]
            )
        _widen(sheet)
    summary.append([t(lang, "ledger_total"), *totals])
    summary.append([])
    summary.append(_chain_row(lang, head))
    _widen(summary)
    for extra_sheet in extra:
        sheet = book.create_sheet(extra_sheet.title.translate(BAD_SHEET_CHARS)[:31])
        sheet.append(extra_sheet.header)
        for row in extra_sheet.rows:
            sheet.append(row)
        _widen(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _widen(sheet: object) -> None:
    for n, column in enumerate(sheet.columns, 1):  # type: ignore[attr-defined]  # a Worksheet
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(n)].width = min(60, max(10, width * 2))  # type: ignore[attr-defined]


def hazard_sheet(config: SchoolConfig, session: Session, year: int, month: int) -> Sheet:
    """The month's hazard sheet: every hazard alive during the month (XLSX only)."""
    first, last = month_bounds(year, month)
    lang = config.school.language
    header, *body = sheet_rows(hazard_ledger.ledger_rows(session, config, first, last), lang)
    return Sheet(t(lang, "ledger_hazards"), [str(cell) for cell in header], body)


def extra_sheets(config: SchoolConfig, session: Session, year: int, month: int) -> list[Sheet]:
    """The sheets after the duties: the hazards, then the incidents and the gate register."""
    return [
        hazard_sheet(config, session, year, month),
        *register_sheets(config, session, *month_bounds(year, month)),
    ]


def export_month(
    config: SchoolConfig,
    engine: Engine,
    year: int,
    month: int,
    *,
    out: Path,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    """Write the month's ledger to ``out`` (.xlsx or .csv); return the number of rows."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"the output file must end in .xlsx or .csv, not {out.suffix or '(none)'}")
    with Session(engine) as session:
        rows = ledger_rows(config, session, year, month, now=now, progress=progress)
        extra = extra_sheets(config, session, year, month)
        head = chain.head(session)
    content = (
        write_csv(rows, config.school.language, head)
        if suffix == ".csv"
        else write_xlsx(rows, config, head, extra)
    )
    out.write_bytes(content)
    return len(rows)
