"""The monthly ledger: every occurrence with its answers, as XLSX (a sheet per duty plus a
summary, and the hazard sheet) or CSV, headed in the school's language. This is what an
inspector reads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from safeduty import hazard_ledger
from safeduty.config.model import SchoolConfig
from safeduty.domain.states import OccurrenceState
from safeduty.domain.summary import outcome
from safeduty.hazard_ledger import sheet_rows
from safeduty.incident_ledger import Sheet, register_sheets
from safeduty.ledger_xlsx import write_workbook
from safeduty.storage import chain, reports
from safeduty.storage.chain import Head
from safeduty.texts import t

Progress = Callable[[int, int], None]


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


class _Words(dict[str, str]):
    """``word_*`` texts, each looked up once."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, key: str) -> str:
        self[key] = t(self.lang, f"word_{key}")
        return self[key]


def ledger_rows(
    config: SchoolConfig,
    session: Session,
    year: int,
    month: int,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> Iterator[LedgerRow]:
    """Every occurrence of the month, in date and reminder order, streamed: the occurrences,
    their answers and their sent reminders come as three streams in the same order, merged
    in one pass, so time grows with the rows and memory does not."""
    lang, zone = config.school.language, ZoneInfo(config.school.timezone)
    first, last = month_bounds(year, month)
    names = {s.id: s.name for s in config.staff}
    words = _Words(lang)
    total = reports.count_between(session=session, first=first, last=last) if progress else 0

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    checklist = lru_cache(maxsize=256)(json.loads)  # a month repeats a few checklists
    answers = reports.ledger_answers(session=session, first=first, last=last)
    reminders = reports.ledger_reminders(session=session, first=first, last=last)
    pending, reminder = next(answers, None), next(reminders, None)
    for n, occ in enumerate(reports.ledger_occurrences(session=session, first=first, last=last), 1):
        mine, sent = {}, []
        while pending is not None and pending.occurrence_id == occ.id:  # same order: merge
            mine[pending.item] = pending
            pending = next(answers, None)
        while reminder is not None and reminder.occurrence_id == occ.id:
            sent.append(reminder.sent_at)
            reminder = next(reminders, None)
        asked: list[str] = checklist(occ.checklist)
        answered = occ.state == OccurrenceState.ANSWERED
        items = tuple(
            (
                text,
                words["unanswered"]
                if n_ not in mine or not answered
                else words["ok"]
                if mine[n_].ok
                else words["problem"],
            )
            for n_, text in enumerate(asked)
        )
        notes = "; ".join(f"{asked[i]}: {a.note}" for i, a in sorted(mine.items()) if a.note)
        photos = "; ".join(
            a.photo_path or a.photo_file_id or ""
            for _, a in sorted(mine.items())
            if a.photo_file_id
        )
        yield LedgerRow(
            day=occ.day,
            duty_id=occ.duty_id,
            duty_name=occ.duty_name,
            assignee=names.get(occ.assignee, occ.assignee),
            reminded_at=local(sent[0] if sent else None),  # the first by due time
            answered_at=local(occ.answered_at),
            outcome=words[outcome(occ, now)],
            items=items,
            notes=notes,
            photos=photos,
        )
        if progress is not None:
            progress(n, total)


def _headers(lang: str, *keys: str) -> list[str]:
    return [t(lang, f"ledger_{k}") for k in keys]


def write_csv(rows: Iterable[LedgerRow], lang: str, head: Callable[[], Head], out: IO[str]) -> None:
    """One flat CSV (UTF-8 with BOM so spreadsheet programs read Chinese correctly), streamed
    to ``out`` (opened with ``newline=""``).

    The last row names the record chain's head it was made from (``safeduty verify``),
    read once the rows are all read.
    """
    out.write("\ufeff")
    writer = csv.writer(out)
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
    writer.writerow(_chain_row(lang, head()))


def _chain_row(lang: str, head: Head) -> list[str]:
    return [t(lang, "ledger_chain"), t(lang, "ledger_chain_count", count=head.seq), head.hash]


def write_xlsx(
    rows: Iterable[LedgerRow],
    config: SchoolConfig,
    head: Callable[[], Head],
    out: IO[bytes],
    extra: Sequence[Sheet] = (),
) -> None:
    """A summary sheet (ending with the chain head), one sheet per duty, then ``extra``
    (the hazards, the incidents and the gate register), streamed to ``out``."""
    keyed = (
        (
            (r.duty_id, r.duty_name),
            (r.day, r.assignee, r.reminded_at, r.answered_at, r.outcome, dict(r.items), r.notes,
             r.photos),
        )
        for r in rows
    )  # fmt: skip
    write_workbook(
        out,
        keyed,
        config=config,
        head=head,
        chain_row=lambda h: _chain_row(config.school.language, h),
        extra=extra,
    )


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


def write_month(
    config: SchoolConfig,
    engine: Engine,
    year: int,
    month: int,
    *,
    out: IO[bytes],
    csv_format: bool,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    """Stream the month's ledger (XLSX, or CSV) into ``out``; return the number of rows.

    One session of its own, a bounded number of queries, memory flat whatever the month's
    size. Nothing here touches an event loop: the bot calls it in a worker thread.
    """
    written = 0

    def counted(rows: Iterable[LedgerRow]) -> Iterator[LedgerRow]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    with Session(engine) as session:
        rows = counted(ledger_rows(config, session, year, month, now=now, progress=progress))
        head = partial(chain.head, session)
        if csv_format:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="")
            write_csv(rows, config.school.language, head, text)
            text.detach()  # flushes; ``out`` stays open for the caller
        else:
            write_xlsx(rows, config, head, out, extra_sheets(config, session, year, month))
    return written


def month_xlsx(
    config: SchoolConfig, engine: Engine, year: int, month: int, *, now: datetime
) -> bytes:
    """The month's ledger as XLSX bytes (what ``/export`` sends)."""
    buffer = io.BytesIO()
    write_month(config, engine, year, month, out=buffer, csv_format=False, now=now)
    return buffer.getvalue()


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
    with out.open("wb") as binary:
        return write_month(
            config,
            engine,
            year,
            month,
            out=binary,
            csv_format=suffix == ".csv",
            now=now,
            progress=progress,
        )
