"""A generated district for the benchmarks: N staff in G duty groups, all linked, seeded.

Every benchmark builds its school here so the figures are reproducible: the same seed
gives the same names, languages and groups. Each group is one gate-style duty whose
members all get their own occurrence, so N reminders fall due in the same minute.

    from bench.district import district_config, link_everyone
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from safeduty.commands.links import issue_invite, redeem_invite
from safeduty.services import Services
from safeduty.storage.db import make_engine
from safeduty.testing.fake_telegram import FakeTelegram

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
FIRST_USER_ID = 10_000
CHECKLIST = ["小门已上锁", "访客登记簿在手边", "家长在校门外等候"]


def staff_ids(staff: int) -> list[str]:
    """The generated teachers' ids, in group order."""
    return [f"t{n:05d}" for n in range(staff)]


def district_config(
    staff: int, *, groups: int = 10, seed: int = 1, remind_at: str = "07:20"
) -> str:
    """A school config (TOML) with ``staff`` teachers in ``groups`` duties, all reminded at once.

    A principal and a safety officer head the list; one teacher in ten speaks English.
    """
    rng = random.Random(seed)  # noqa: S311  # reproducible names, not secrets
    lines = [
        "[school]",
        'name = "阳光学区"',
        'timezone = "Asia/Shanghai"',
        'language = "zh-CN"',
        "[calendar]",
        'school_days = ["mon", "tue", "wed", "thu", "fri"]',
        "[summary]",
        'time = "17:30"',
        'recipients = ["role:principal"]',
        "[weekly_chart]",
        "enabled = true",
        'time = "08:00"',
        'recipients = ["role:principal"]',
        "[[staff]]",
        'id = "chen"',
        'name = "陈校长"',
        'roles = ["principal", "admin"]',
        "[[staff]]",
        'id = "li"',
        'name = "李主任"',
        'roles = ["safety_officer"]',
    ]
    ids = staff_ids(staff)
    for staff_id in ids:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        lines += ["[[staff]]", f'id = "{staff_id}"', f'name = "{name}"', 'roles = ["teacher"]']
        if rng.random() < 0.1:
            lines.append('language = "en"')
    size = -(-staff // groups) if staff else 0
    for number in range(groups):
        members = ids[number * size : (number + 1) * size]
        if not members:
            continue
        assignees = ", ".join(f'"{m}"' for m in members)
        checklist = ", ".join(f'"{item}"' for item in CHECKLIST)
        lines += [
            "[[duties]]",
            f'id = "gate{number:02d}"',
            f'name = "校门值守 {number + 1} 组"',
            f'remind_at = "{remind_at}"',
            'deadline = "07:50"',
            'nudge_before = "10m"',
            f"assignees = [{assignees}]",
            f"checklist = [{checklist}]",
            "[[duties.escalation]]",
            'after = "10m"',
            'notify = "assignee"',
            "[[duties.escalation]]",
            'after = "20m"',
            'notify = "role:safety_officer"',
            "[[duties.escalation]]",
            'after = "40m"',
            'notify = "role:principal"',
        ]
    return "\n".join(lines) + "\n"


def link_everyone(services: Services, telegram: FakeTelegram) -> dict[str, int]:
    """Link every staff member to a fake Telegram account; return staff id -> chat id."""
    chats: dict[str, int] = {}
    now = services.clock.now()
    valid = timedelta(days=services.config.invites.valid_days)
    with services.session() as session:
        for n, person in enumerate(services.config.staff):
            user = telegram.user(FIRST_USER_ID + n, person.name)
            code = issue_invite(session, staff_id=person.id, now=now, valid_for=valid)
            redeem_invite(
                session, code=code.code, telegram_user_id=user.id, chat_id=user.id, now=now
            )
            chats[person.id] = user.id
    return chats


@contextmanager
def scratch_engine(database: str | None, tmp: Path) -> Iterator[Engine]:
    """A temporary SQLite file, or a throw-away schema in the given PostgreSQL database."""
    if database is None:
        engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(database)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(database, schema=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
