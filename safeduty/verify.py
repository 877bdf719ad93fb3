"""``safeduty verify``: is the record still the evidence it was when it was written?

Three checks, all read-only, in one database snapshot:
1. the chain: numbers run 1..N, each event names its parent's hash and its own hash
   matches its content (an edit, deletion, insertion or reordering breaks this);
2. the state: replaying every event's row changes gives exactly the rows the tables hold
   now (a row edited, added or deleted behind the bot's back disagrees with its events);
3. the photos: each stored photo (of a problem or a hazard) still hashes to what its event
   recorded; a hazard photo removed at the end of its retention period is not looked for.
A head kept outside the database (``--head``) must still be in the chain, which catches
a history rewritten with recomputed hashes or cut short.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from safeduty.commands.record import TRACKED, image, key_of, record_key
from safeduty.domain.cover_states import COVER, LEAVE
from safeduty.domain.events import EventKind
from safeduty.domain.hazards import HAZARD, HAZARD_INPUT
from safeduty.domain.incidents import INCIDENT
from safeduty.domain.states import DELIVERY, OCCURRENCE, PENDING_INPUT, Transitions
from safeduty.domain.visits import VISIT
from safeduty.storage import chain
from safeduty.storage.tables import ChainHead, Event

Progress = Callable[[int, int], None]


@dataclass(order=True, frozen=True)
class Finding:
    """One thing that disagrees with the chain, ordered by the record it concerns.

    ``seq`` 0 is before any record; at the same record, a broken chain (``rank`` 0) comes
    before the state it leads to (``rank`` 1).
    """

    seq: int
    rank: int
    what: str


@dataclass
class Report:
    """What verification found: the chain's length and head, and every disagreement."""

    count: int = 0
    head: str = chain.GENESIS
    findings: list[Finding] = field(default_factory=list)
    hashes: dict[str, int] = field(default_factory=dict)  # every event hash -> its number

    @property
    def ok(self) -> bool:
        return not self.findings

    def locate(self, prefix: str) -> int | None:
        """The number of the event whose hash starts with ``prefix``, if exactly one does."""
        prefix = prefix.strip().lower()
        found = [seq for digest, seq in self.hashes.items() if digest.startswith(prefix)]
        return found[0] if len(found) == 1 and len(prefix) >= 8 else None


@contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """A session that sees one consistent moment while the bot keeps writing."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN")  # a WAL read transaction: a snapshot, no lock
            try:
                yield Session(bind=conn)
            finally:
                conn.exec_driver_sql("COMMIT")
        return
    with engine.connect() as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield Session(bind=conn)


def verify(engine: Engine, data_dir: Path, progress: Progress | None = None) -> Report:
    """Run every check on ``engine``'s database; photos are looked up under ``data_dir``."""
    report = Report()
    with snapshot(engine) as session:
        total = chain.count(session)
        expected = _walk(session, report, total, progress)
        if len(report.hashes) != total:
            report.findings.append(
                Finding(0, 0, f"the table holds {total} records, the chain only {report.count}")
            )
        _compare(session, expected, report)
        _check_head_row(session, report)
        _check_register_photos(expected, data_dir, report)
        _check_photos(expected.rows.get("item_answer", {}), data_dir, report)
        _check_hazard_photos(expected.rows.get("hazard_photo", {}), data_dir, report)
    report.findings.sort()
    return report


@dataclass
class Replay:
    """The rows the events say the tracked tables hold, and which event last set each."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    origin: dict[tuple[str, str], int] = field(default_factory=dict)


def _walk(session: Session, report: Report, total: int, progress: Progress | None) -> Replay:
    replay = Replay()
    parent, expected_seq = chain.GENESIS, 1
    for event in chain.walk(session):
        if event.seq != expected_seq:
            report.findings.append(
                Finding(expected_seq, 0, f"record {expected_seq} is missing (next is {event.seq})")
            )
        elif event.prev_hash != parent:
            report.findings.append(
                Finding(event.seq, 0, f"record {event.seq} does not follow record {event.seq - 1}")
            )
        if _recomputed(event) != event.hash:
            report.findings.append(
                Finding(event.seq, 0, f"record {event.seq} ({event.kind}) was altered")
            )
        _apply(event, replay, report)
        report.hashes[event.hash] = event.seq
        parent, expected_seq = event.hash, event.seq + 1
        report.count, report.head = event.seq, event.hash
        if progress is not None:
            progress(len(report.hashes), total)
    return replay


def _recomputed(event: Event) -> str:
    return chain.record_hash(
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        kind=event.kind,
        payload=event.payload,
        prev_hash=event.prev_hash,
    )


MACHINES: dict[str, tuple[str, Transitions]] = {
    "occurrence": ("state", OCCURRENCE),
    "incident": ("state", INCIDENT),
    "visit": ("state", VISIT),
    "delivery": ("status", DELIVERY),
    "pending_input": ("step", PENDING_INPUT),
    "hazard": ("state", HAZARD),
    "hazard_input": ("step", HAZARD_INPUT),
    "staff_leave": ("state", LEAVE),
    "cover": ("state", COVER),
}
"""The state column of each tracked state machine, checked against its transition table."""


def _apply(event: Event, replay: Replay, report: Report) -> None:
    """Fold one event's row changes into the expected state, checking each state move."""
    try:
        changes = json.loads(event.payload).get("changes", [])
    except (ValueError, AttributeError):
        report.findings.append(Finding(event.seq, 0, f"record {event.seq} is not readable"))
        return
    adopted = event.kind == EventKind.CHAIN_ADOPTED  # rows as they were before the chain
    for change in changes:
        table, key = str(change.get("t")), str(change.get("id"))
        rows = replay.rows.setdefault(table, {})
        if "new" in change:
            if not adopted:
                _check_move(
                    event, table=table, key=key, before=None, values=change["new"], report=report
                )
            rows[key] = dict(change["new"])
        elif change.get("delete"):
            rows.pop(key, None)
        elif key in rows:
            _check_move(
                event,
                table=table,
                key=key,
                before=rows[key],
                values=change.get("set", {}),
                report=report,
            )
            rows[key].update(change.get("set", {}))
        else:
            report.findings.append(
                Finding(event.seq, 0, f"record {event.seq} changes {table} {key}, never created")
            )
            continue
        replay.origin[(table, key)] = event.seq


def _check_move(
    event: Event,
    *,
    table: str,
    key: str,
    before: dict[str, Any] | None,
    values: dict[str, Any],
    report: Report,
) -> None:
    """A recorded state change the rules never allow was not written by the bot."""
    if table not in MACHINES:
        return
    column, machine = MACHINES[table]
    if column not in values:
        return
    old = None if before is None else before.get(column)
    new = values[column]
    if not any(str(t) == str(new) for t in machine.get(_state(machine, old), frozenset())):
        report.findings.append(
            Finding(
                event.seq,
                0,
                f"record {event.seq} moves {table} {key} from {old!r} to {new!r}, "
                "which the rules never allow",
            )
        )


def _state(machine: Transitions, value: Any) -> Any:
    """The table's key for a recorded state value (None for a new row)."""
    return next((s for s in machine if s is not None and str(s) == str(value)), None)


def _compare(session: Session, replay: Replay, report: Report) -> None:
    """Every tracked row must be exactly what its events say, and nothing more or less."""
    for table, model in TRACKED.items():
        expected = replay.rows.get(table, {})
        actual = {
            str(record_key(model, getattr(row, key_of(model)))): image(row)
            for row in session.exec(select(model))
        }
        for key in sorted(actual.keys() - expected.keys()):
            report.findings.append(Finding(0, 1, f"{table} {key} is not in the record (added)"))
        for key in sorted(expected.keys() - actual.keys()):
            seq = replay.origin[(table, key)]
            report.findings.append(
                Finding(seq, 1, f"{table} {key} is gone (recorded up to record {seq})")
            )
        for key in sorted(expected.keys() & actual.keys()):
            want, have = expected[key], actual[key]
            for column in sorted(want.keys() | have.keys()):
                if want.get(column) != have.get(column):
                    seq = replay.origin[(table, key)]
                    report.findings.append(
                        Finding(
                            seq,
                            1,
                            f"{table} {key}: {column} is {have.get(column)!r}, "
                            f"the record says {want.get(column)!r} (record {seq})",
                        )
                    )


def _check_head_row(session: Session, report: Report) -> None:
    row = session.get(ChainHead, 1)
    if row is None or (row.seq, row.hash) != (report.count, report.head):
        said = f"{row.seq} records" if row else "nothing"
        report.findings.append(
            Finding(
                report.count,
                0,
                f"the head row says {said}, the chain ends at record {report.count} "
                "(records cut off the end?)",
            )
        )


REGISTER_PHOTOS = (
    ("incident_photo", "path", "sha256"),
    ("leave_slip", "photo_path", "photo_sha256"),
)
"""Photos of incidents and leave slips: (table, path column, hash column)."""


def _check_register_photos(replay: Replay, data_dir: Path, report: Report) -> None:
    """Each photo kept for an incident or a leave slip still hashes to its record."""
    for table, path_column, hash_column in REGISTER_PHOTOS:
        for key, row in sorted(replay.rows.get(table, {}).items()):
            path, digest = row.get(path_column), row.get(hash_column)
            if not path or not digest:
                continue
            file = data_dir / str(path)
            try:
                actual = hashlib.sha256(file.read_bytes()).hexdigest()
            except OSError:
                report.findings.append(Finding(0, 1, f"photo of {table} {key} is missing: {file}"))
                continue
            if actual != digest:
                report.findings.append(Finding(0, 1, f"photo of {table} {key} was changed: {file}"))


def _check_photos(answers: dict[str, dict[str, Any]], data_dir: Path, report: Report) -> None:
    for key, row in sorted(answers.items()):
        path, digest = row.get("photo_path"), row.get("photo_sha256")
        if not path or not digest:
            continue
        file = data_dir / str(path)
        try:
            actual = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            report.findings.append(Finding(0, 1, f"photo of item_answer {key} is missing: {file}"))
            continue
        if actual != digest:
            report.findings.append(Finding(0, 1, f"photo of item_answer {key} was changed: {file}"))


def _check_hazard_photos(photos: dict[str, dict[str, Any]], data_dir: Path, report: Report) -> None:
    """Each hazard photo kept (not yet past its retention) still hashes to its record."""
    for key, row in sorted(photos.items()):
        path, digest = row.get("path"), row.get("sha256")
        if not path or not digest or row.get("removed_at"):
            continue
        file = data_dir / str(path)
        what = f"photo {key} of hazard {row.get('hazard_id')}"
        try:
            actual = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            report.findings.append(Finding(0, 1, f"{what} is missing: {file}"))
            continue
        if actual != digest:
            report.findings.append(Finding(0, 1, f"{what} was changed: {file}"))
