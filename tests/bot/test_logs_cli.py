"""`python -m bot logs …` as an operator runs it: purge, erase everywhere, read the audit log."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import redis
from sqlalchemy.engine import Engine
from support.rasa_events import Conversation, registration
from support.shared_redis import REDIS_URL

from common.privacy import sensitive_slots
from common.storage import (
    ConversationLog,
    InboxFilter,
    IntakeStore,
    NewIntake,
)
from rasa_plugins.log_events import log_entry

ROOT = Path(__file__).resolve().parents[2]
# How many of a registration's Rasa events the log keeps (no action_listen, …).
LOGGED = sum(1 for event in registration(Conversation("webchat:x")) if log_entry(event))


def run_logs(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("LOG_RETENTION_DAYS", None)
    environment.update(DATABASE_URL=database_url, REDIS_URL=REDIS_URL, **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "logs", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def log(engine: Engine) -> ConversationLog:
    return ConversationLog(engine, sensitive_slots=sensitive_slots(ROOT / "data" / "content"))


async def seed(log: ConversationLog, sender: str, start: datetime) -> int:
    events = registration(Conversation(sender, start))
    return (await log.record(*filter(None, map(log_entry, events))))[-1]


async def test_purge_deletes_conversations_older_than_the_days_given(
    database_url: str, log: ConversationLog
) -> None:
    now = datetime.now(timezone.utc)
    old = await seed(log, "webchat:old", now - timedelta(days=400))
    recent = await seed(log, "webchat:recent", now - timedelta(days=10))

    kept_by_default = run_logs(database_url, "purge", LOG_RETENTION_DAYS="500")
    purged = run_logs(database_url, "purge", "--days", "30", "--by", "ops-anna")

    assert kept_by_default.returncode == 0, kept_by_default.stderr
    assert kept_by_default.stdout.startswith("purged 0 conversations (0 events)")
    assert "(500 days)" in kept_by_default.stdout
    assert purged.returncode == 0, purged.stderr
    assert purged.stdout.startswith(f"purged 1 conversations ({LOGGED} events)")
    assert await log.transcript(old) is None
    assert await log.transcript(recent) is not None
    latest, earlier = await log.audit_log(action="purge")
    assert (latest.actor, latest.details["older_than_days"]) == ("ops-anna", 30)
    assert earlier.actor.startswith("cli:") and earlier.details["older_than_days"] == 500


def test_a_retention_period_that_is_not_a_number_is_refused(sqlite_database_url: str) -> None:
    result = run_logs(sqlite_database_url, "purge", LOG_RETENTION_DAYS="a year")

    assert result.returncode == 2
    assert "LOG_RETENTION_DAYS must be a whole number, got 'a year'" in result.stderr
    assert run_logs(sqlite_database_url, "purge", "--days", "0").returncode == 2


async def test_erase_removes_one_persons_data_everywhere_and_reports_it(
    database_url: str, engine: Engine, log: ConversationLog
) -> None:
    sender = f"telegram:{uuid.uuid4().int % 10**9}"
    await seed(log, sender, datetime(2025, 3, 3, tzinfo=timezone.utc))
    await seed(log, sender, datetime(2025, 4, 3, tzinfo=timezone.utc))
    await seed(log, "telegram:other", datetime(2025, 4, 3, tzinfo=timezone.utc))
    intakes = IntakeStore(engine)
    await intakes.create(intake(sender))
    await intakes.create(intake("telegram:other"))
    tracker_key = f"tracker:{sender}"
    client = redis.Redis.from_url(REDIS_URL)
    client.set(tracker_key, '{"sender_id": "x", "events": []}')
    try:
        result = run_logs(
            database_url, "erase", "--sender", sender, "--reason", "GDPR request 42", "--by", "olga"
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            f"erased telegram:{'*' * (len(sender) - 11)}{sender[-2:]}:",
            f"  conversation log: 2 conversations ({2 * LOGGED} events)",
            "  pre-registrations: 1",
            "  appointments: 0",
            "  job alerts: 0; outbox messages: 0",
            "  Rasa tracker: 1 (Redis)",
        ]
        assert sender.split(":")[1] not in result.stdout
        assert client.exists(tracker_key) == 0
        assert await intakes.latest_for_sender(sender) is None
        assert await intakes.latest_for_sender("telegram:other") is not None
        assert (await log.inbox(InboxFilter(sender_id=sender))).total == 0
        assert (await log.inbox(InboxFilter(sender_id="telegram:other"))).total == 1
        [entry] = await log.audit_log(action="erase")
        assert (entry.actor, entry.reason) == ("olga", "GDPR request 42")

        audit = run_logs(database_url, "audit")
        assert audit.returncode == 0, audit.stderr
        assert " olga erase telegram:" in audit.stdout
        assert "reason='GDPR request 42'" in audit.stdout
        assert sender not in audit.stdout
    finally:
        client.delete(tracker_key)
        client.close()


def test_erase_needs_a_sender(sqlite_database_url: str) -> None:
    result = run_logs(sqlite_database_url, "erase")

    assert result.returncode == 2
    assert "--sender" in result.stderr


def test_an_unreachable_database_is_reported_clearly() -> None:
    result = run_logs("postgresql+psycopg2://postgres@127.0.0.1:1/pes", "purge")

    assert result.returncode == 1
    assert result.stderr.startswith("error: the database cannot be used: OperationalError")


def intake(sender: str) -> NewIntake:
    return NewIntake(
        sender_id=sender,
        channel="telegram",
        language="en",
        full_name="Anna Ivanova",
        birth_date=date(1988, 5, 12),
        contact="+79123456767",
        contact_kind="phone",
        region="Kazan",
        employment_status="unemployed",
        consent_given_at=datetime(2025, 3, 3, tzinfo=timezone.utc),
    )
