"""The ledger as an XLSX workbook written row by row (openpyxl's write-only mode).

A write-only sheet needs its column widths before its first row, and a duty's columns
(its checklist items, as they were asked through the month) are known only after its
last. So each duty's rows are spooled to a temporary file as they stream by, with their
widths and counts measured on the way; the sheets are written from the spools at the end.
Memory holds one row at a time, whatever the month's size.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from safeduty.config.model import SchoolConfig
from safeduty.domain.summary import LATE, MISSED, ON_TIME
from safeduty.incident_ledger import Sheet
from safeduty.storage.chain import Head
from safeduty.texts import t

BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
FIXED = ("date", "assignee", "reminded", "answered", "outcome")
SpooledRow = tuple[Any, str, str, str, str, dict[str, str], str, str]
"""date, assignee, reminded, answered, outcome, {item: answer word}, notes, photos"""
Keyed = tuple[tuple[str, str], SpooledRow]
"""((duty id, duty name), row): a duty's sheet is named after its first row's name"""


class Widths:
    """The longest text seen per column, as a column width (10 to 60 characters)."""

    def __init__(self) -> None:
        self.longest: dict[int, int] = {}

    def see(self, row: Sequence[object]) -> None:
        for n, value in enumerate(row, 1):
            self.longest[n] = max(self.longest.get(n, 0), len(str(value or "")))

    def apply(self, sheet: Any) -> None:
        from openpyxl.utils import get_column_letter  # see write_workbook

        for n, width in self.longest.items():
            sheet.column_dimensions[get_column_letter(n)].width = min(60, max(10, width * 2))


class DutySpool:
    """One duty's rows on disk, with its checklist items, outcome counts and widths."""

    def __init__(self, duty_name: str, outcome_words: Sequence[str]) -> None:
        self.duty_name = duty_name
        self.words = outcome_words  # on time, late, missed: the summary counts these
        self.counts = [0, 0, 0, 0]
        self.items: dict[str, int] = {}  # item -> longest answer word
        self.fixed = Widths()
        self.tail = Widths()  # notes, photos
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  # closed in rows()

    def add(self, row: SpooledRow) -> None:
        day, assignee, reminded, answered, outcome, words, notes, photos = row
        self.counts[0] += 1
        for n, word in enumerate(self.words, 1):
            self.counts[n] += outcome == word
        self.fixed.see([day, assignee, reminded, answered, outcome])
        self.tail.see([notes, photos])
        for item, word in words.items():
            self.items[item] = max(self.items.get(item, 0), len(word))
        pickle.dump(row, self.file)

    def header(self, lang: str) -> list[str]:
        tail = [t(lang, "ledger_notes"), t(lang, "ledger_photos")]
        return [t(lang, f"ledger_{k}") for k in FIXED] + list(self.items) + tail

    def widths(self, header: list[str]) -> Widths:
        widths = Widths()
        widths.see(header)
        longest = [*self.fixed.longest.values(), *self.items.values()]
        longest += list(self.tail.longest.values())
        for n, width in enumerate(longest, 1):
            widths.longest[n] = max(widths.longest.get(n, 0), width)
        return widths

    def rows(self) -> Iterator[list[object]]:
        self.file.seek(0)
        with self.file:
            while True:
                try:
                    row: SpooledRow = pickle.load(self.file)  # noqa: S301  # our own spool
                except EOFError:
                    return
                *fixed, words, notes, photos = row
                yield [*fixed, *(words.get(i, "") for i in self.items), notes, photos]


def write_workbook(
    out: IO[bytes],
    rows: Iterable[Keyed],
    *,
    config: SchoolConfig,
    head: Callable[[], Head],
    chain_row: Callable[[Head], list[str]],
    extra: Sequence[Sheet] = (),
) -> None:
    """A summary sheet (ending with the chain ``head``, read once the rows are all read),
    one sheet per duty in order of first appearance, then ``extra``; written to ``out``."""
    lang = config.school.language
    outcome_words = [t(lang, f"word_{k}") for k in (ON_TIME, LATE, MISSED)]
    spools: dict[str, DutySpool] = {}
    for (duty_id, duty_name), row in rows:
        spool = spools.get(duty_id)
        if spool is None:
            spool = spools[duty_id] = DutySpool(duty_name, outcome_words)
        spool.add(row)
    # imported here: only /export needs openpyxl, which pulls in numpy and PIL (~20 MB)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary_rows: list[list[object]] = [
        [t(lang, "ledger_duty"), t(lang, "ledger_total"), *outcome_words]
    ]
    summary = book.create_sheet(t(lang, "ledger_summary"))
    totals = [0, 0, 0, 0]
    for spool in spools.values():
        totals = [a + b for a, b in zip(totals, spool.counts, strict=True)]
        summary_rows.append([spool.duty_name, *spool.counts])
        sheet = book.create_sheet(spool.duty_name.translate(BAD_SHEET_CHARS)[:31])
        header = spool.header(lang)
        spool.widths(header).apply(sheet)
        sheet.append(header)
        for cells in spool.rows():
            sheet.append(cells)
    summary_rows += [[t(lang, "ledger_total"), *totals], [], [*chain_row(head())]]
    _write_all(summary, summary_rows)
    for extra_sheet in extra:
        sheet = book.create_sheet(extra_sheet.title.translate(BAD_SHEET_CHARS)[:31])
        _write_all(sheet, [extra_sheet.header, *extra_sheet.rows])
    book.save(out)


def _write_all(sheet: Any, rows: Sequence[Sequence[object]]) -> None:
    widths = Widths()
    for row in rows:
        widths.see(row)
    widths.apply(sheet)
    for row in rows:
        sheet.append(list(row))
