"""The ``safeduty`` command: the composition root that wires config, storage, bot and jobs.

Subcommands import what they need when they run, so ``safeduty check-config`` stays fast
and nothing happens at import.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from safeduty.config import ConfigError, SchoolConfig, load_config
from safeduty.config.summary import one_line

if TYPE_CHECKING:
    from safeduty.domain.cover import Arrangement

EXIT_PROBLEM = 2


def cmd_check_config(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.path)
    except ConfigError as exc:
        for line in exc.render():
            print(line)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"{args.path}: OK - {one_line(config)}")
    for line in calendar_warning_lines(args.path, config):
        print(line, file=sys.stderr)
    return 0


def calendar_warning_lines(path: str, config: SchoolConfig) -> list[str]:
    """Warnings about a valid config's calendar, one line each at their key's line.

    On stderr: they do not stop the bot (dates the official calendar has no data for yet,
    overrides that change nothing, event days that leave a duty without a person).
    """
    from safeduty.config.check import located
    from safeduty.domain.calendar_warnings import calendar_warnings

    found = calendar_warnings(config, datetime.now(UTC).date())
    return [p.render(path) for p in located(path, found)]


def cmd_run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from telegram.error import InvalidToken, NetworkError

    from bot.run import NoTokenError, run

    try:
        run(Path(args.config))
    except InvalidToken:
        print(
            "safeduty: Telegram refused the bot token: check SAFEDUTY_BOT_TOKEN.", file=sys.stderr
        )
        return EXIT_PROBLEM
    except NetworkError as exc:
        print(
            f"safeduty: cannot reach the Telegram Bot API ({exc}); check the network "
            "or SAFEDUTY_TELEGRAM_API_URL.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    except ValidationError as exc:
        problems = "; ".join(
            f"SAFEDUTY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        print(f"safeduty: bad environment setting: {problems}", file=sys.stderr)
        return EXIT_PROBLEM
    except NoTokenError:
        print(
            "safeduty: no bot token: set SAFEDUTY_BOT_TOKEN to the token BotFather gave you "
            "(or try `safeduty demo`, which needs none).",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    from safeduty.invites import print_invites

    config = load_config(args.config)
    return print_invites(config, Path(args.config), args.staff_ids)


def cmd_plan(args: argparse.Namespace) -> int:
    from safeduty.domain.plan import school_date
    from safeduty.plan_cli import render_plan

    config = load_config(args.config)
    start = args.start or school_date(datetime.now(UTC), config)
    if args.days < 1:
        print("safeduty: --days must be at least 1", file=sys.stderr)
        return EXIT_PROBLEM
    arrangement = _stored_arrangement(args.config, config, start, args.days)
    print(render_plan(config, start, args.days, json_output=args.json, arrangement=arrangement))
    return 0


def _stored_arrangement(
    path: str, config: SchoolConfig, start: date, days: int
) -> Arrangement | None:
    """The school's stored leave and covers, if its database is there to read; else None."""
    from safeduty.plan_cli import read_arrangement
    from safeduty.settings import Deployment, Settings

    url = Deployment.resolve(Settings(), config, Path(path)).database_url
    try:
        return read_arrangement(url, start, days)
    except Exception as exc:  # a plan from the config alone beats no plan
        print(f"safeduty: leave and covers not shown (database not read: {exc})", file=sys.stderr)
        return None


def cmd_export(args: argparse.Namespace) -> int:
    from safeduty.ledger import export_month
    from safeduty.settings import Deployment, Settings
    from safeduty.storage.db import make_engine, migrate

    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", args.month)
    if match is None:
        print("safeduty: --month must look like 2026-12", file=sys.stderr)
        return EXIT_PROBLEM
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        print("safeduty: --out must end in .xlsx or .csv", file=sys.stderr)
        return EXIT_PROBLEM
    config = load_config(args.config)
    deployment = Deployment.resolve(Settings(), config, Path(args.config))
    engine = make_engine(deployment.database_url)
    migrate(engine)

    def progress(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            end = "\n" if done == total else ""
            print(f"\rexporting {args.month}: {done}/{total} occurrences", end=end, file=sys.stderr)

    count = export_month(
        config,
        engine,
        int(match[1]),
        int(match[2]),
        out=out,
        now=datetime.now(UTC),
        progress=progress,
    )
    print(f"wrote {out} ({count} occurrences)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from safeduty.settings import Deployment, Settings
    from safeduty.storage.db import make_engine, revisions
    from safeduty.verify import verify

    config = load_config(args.config)
    deployment = Deployment.resolve(Settings(), config, Path(args.config))
    url = deployment.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        print(f"safeduty: no database at {url}: nothing to verify", file=sys.stderr)
        return EXIT_PROBLEM
    engine = make_engine(url)  # verify only reads: it never migrates what it checks
    current, newest = revisions(engine)
    if current != newest:
        print(
            f"safeduty: the database schema is at revision {current or 'none'}, this version "
            f"reads {newest}: start the bot once to upgrade it, then verify",
            file=sys.stderr,
        )
        engine.dispose()
        return EXIT_PROBLEM

    def progress(done: int, total: int) -> None:
        if done == total or done % 1000 == 0:
            end = "\n" if done >= total else ""
            print(f"\rverifying: {done}/{total} records", end=end, file=sys.stderr)

    report = verify(engine, deployment.data_dir, progress)
    engine.dispose()
    if not report.ok:
        first = report.findings[0]
        print(f"FAILED: {first.what}")
        for finding in report.findings[1:20]:
            print(f"  also: {finding.what}")
        if len(report.findings) > 20:
            print(f"  ... and {len(report.findings) - 20} more")
        return 1
    if args.head is not None:
        seq = report.locate(args.head)
        if seq is None:
            print(
                f"FAILED: head {args.head} is not in the chain "
                f"({report.count} records, head {report.head}): history was rewritten or cut"
            )
            return 1
        print(f"head {args.head} is record {seq} of {report.count}: still in the chain")
    print(f"{report.count} records, head {report.head}")
    return 0


def cmd_hazards(args: argparse.Namespace) -> int:
    import json

    from sqlmodel import Session

    from safeduty.hazard_ledger import as_json
    from safeduty.settings import Deployment, Settings
    from safeduty.storage.db import make_engine, revisions

    config = load_config(args.config)
    deployment = Deployment.resolve(Settings(), config, Path(args.config))
    url = deployment.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        print(f"safeduty: no database at {url}: no hazards yet", file=sys.stderr)
        return EXIT_PROBLEM
    engine = make_engine(url)  # a read: it never migrates
    current, newest = revisions(engine)
    if current != newest:
        print(
            f"safeduty: the database schema is at revision {current or 'none'}, this version "
            f"reads {newest}: start the bot once to upgrade it",
            file=sys.stderr,
        )
        engine.dispose()
        return EXIT_PROBLEM
    with Session(engine) as session:
        found = as_json(session, config, now=datetime.now(UTC), not_closed=args.open)
    engine.dispose()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    for h in found:
        overdue = " OVERDUE" if h["overdue"] else ""
        print(
            f"#{h['id']}\t{h['state']}{overdue}\t{h['level']}\t{h['deadline'] or '-'}\t"
            f"{h['owner'] or '-'}\t{h['place']}\t{h['description']}"
        )
    print(f"{len(found)} hazard{'s' if len(found) != 1 else ''}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from safeduty.demo import run_demo

    return asyncio.run(run_demo(Path(args.config), language=args.lang, day=args.date))


def example_config() -> Path:
    """config.example.toml here, else the one beside the installed source tree."""
    here = Path.cwd() / "config.example.toml"
    return here if here.exists() else Path(__file__).resolve().parents[1] / "config.example.toml"


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per job an admin does."""
    top = argparse.ArgumentParser(prog="safeduty", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    example = str(example_config())

    check = sub.add_parser("check-config", help="check a school config and point at each problem")
    check.add_argument("path")
    check.set_defaults(func=cmd_check_config)

    run = sub.add_parser("run", help="run the bot (needs SAFEDUTY_BOT_TOKEN)")
    run.add_argument("--config", required=True)
    run.set_defaults(func=cmd_run)

    invite = sub.add_parser("invite", help="print single-use invite links for staff")
    invite.add_argument("--config", required=True)
    invite.add_argument("staff_ids", nargs="*", metavar="STAFF_ID")
    invite.set_defaults(func=cmd_invite)

    plan = sub.add_parser("plan", help="print the duties planned for the coming days")
    plan.add_argument("--config", required=True)
    plan.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    plan.add_argument("--days", type=int, default=7)
    plan.add_argument("--json", action="store_true", help="a JSON array sorted by remind_at")
    plan.set_defaults(func=cmd_plan)

    export = sub.add_parser("export", help="write a month's ledger as .xlsx or .csv")
    export.add_argument("--config", required=True)
    export.add_argument("--month", required=True, metavar="YYYY-MM")
    export.add_argument("--out", required=True, metavar="FILE")
    export.set_defaults(func=cmd_export)

    check_record = sub.add_parser(
        "verify", help="check that the record (events, tables, photos) was not altered"
    )
    check_record.add_argument("--config", required=True)
    check_record.add_argument(
        "--head", metavar="HASH", help="a head kept elsewhere (8+ hex digits) that must be there"
    )
    check_record.set_defaults(func=cmd_verify)

    hazards = sub.add_parser("hazards", help="list the hazards (all, or --open ones)")
    hazards.add_argument("--config", required=True)
    hazards.add_argument("--open", action="store_true", help="only those not yet closed")
    hazards.add_argument(
        "--json", action="store_true", help="a JSON array of objects, each with its timeline"
    )
    hazards.set_defaults(func=cmd_hazards)

    demo = sub.add_parser("demo", help="play the bot against a built-in fake Telegram, offline")
    demo.add_argument("--config", default=example)
    demo.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN")
    demo.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day to play (default: the first school day of next month)",
    )
    demo.set_defaults(func=cmd_demo)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``safeduty`` console script."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print("\n".join(exc.render()), file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
