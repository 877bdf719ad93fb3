"""``safeduty plan`` reads the school's database for stored leave and covers (read only)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from safeduty.cli import main
from safeduty.commands.leave import request_leave
from safeduty.config import load_config
from safeduty.storage.db import make_engine, migrate
from tests.conftest import EXAMPLE, SHANGHAI


def test_plan_shows_a_stored_leave_and_without_a_database_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """wu's stored leave makes Wednesday's canteen duty unstaffed in the plan; a school without
    a database file gets the config's plan and no file is created."""
    monkeypatch.delenv("SAFEDUTY_DATABASE_URL", raising=False)
    config = tmp_path / "school.toml"
    config.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    args = ["plan", "--config", str(config), "--from", "2026-12-02", "--days", "1", "--json"]
    assert main(args) == 0
    before = json.loads(capsys.readouterr().out)
    assert [r["assignee"] for r in before if r["duty"] == "canteen"] == ["wu"]
    database = tmp_path / "data" / "safeduty.db"
    assert not database.exists()
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    with Session(engine) as session:
        request_leave(
            session,
            config=load_config(config),
            staff_id="wu",
            first=date(2026, 12, 2),
            days=1,
            by="wu",
            now=datetime(2026, 12, 1, 7, 0, tzinfo=SHANGHAI),
        )
    engine.dispose()
    assert main(args) == 0
    (canteen,) = [r for r in json.loads(capsys.readouterr().out) if r["duty"] == "canteen"]
    assert (canteen["assignee"], canteen["unstaffed"], canteen["on_leave"]) == (None, True, "wu")
