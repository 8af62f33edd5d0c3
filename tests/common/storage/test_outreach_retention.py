"""Job alerts and the outbox follow the retention and erase rules of the conversation log."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from common.storage import alerts, outbox
from common.storage.alerts import AlertSubscription, NewSubscription
from common.storage.columns import utc_now
from common.storage.log_store import ConversationLog
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing


def subscribe(engine: Engine, recipient: str, *, expires_at: datetime) -> None:
    new = NewSubscription(
        recipient=recipient,
        channel="telegram",
        language="en",
        occupation="welder",
        occupation_codes=("7212",),
        occupation_label="Welder",
        place=None,
        place_id=None,
        place_label=None,
        salary_min=None,
        schedule=None,
    )
    with writing(engine) as session:
        alerts.subscribe(
            session, new, consent_at=expires_at - timedelta(days=180), expires_at=expires_at
        )


def queue(engine: Engine, recipient: str, key: str) -> None:
    with writing(engine) as session:
        outbox.enqueue(
            session,
            channel="telegram",
            recipient=recipient,
            kind="alert",
            dedup_key=key,
            language="en",
            messages=[{"text": "news"}],
        )


def count(engine: Engine, model: object, **where: str) -> int:
    with reading(engine) as session:
        query = select(func.count()).select_from(model)  # type: ignore[arg-type]
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(session.execute(query).scalar_one())


async def test_erasing_a_person_deletes_their_alerts_and_messages(engine: Engine) -> None:
    later = utc_now() + timedelta(days=100)
    subscribe(engine, "telegram:1", expires_at=later)
    subscribe(engine, "telegram:2", expires_at=later)
    queue(engine, "telegram:1", "a")
    queue(engine, "telegram:2", "b")

    report = await ConversationLog(engine, sensitive_slots=frozenset()).erase(
        "telegram:1", by="olga", reason="request 7"
    )

    assert (report.alerts, report.outbound) == (1, 1)
    assert count(engine, AlertSubscription, recipient="telegram:1") == 0
    assert count(engine, OutboundMessage, recipient="telegram:1") == 0
    assert count(engine, AlertSubscription, recipient="telegram:2") == 1
    [entry] = await ConversationLog(engine, sensitive_slots=frozenset()).audit_log(action="erase")
    assert (entry.details["alerts"], entry.details["outbound"]) == (1, 1)


async def test_the_daily_purge_deletes_expired_alerts_and_old_deliveries(engine: Engine) -> None:
    subscribe(engine, "telegram:1", expires_at=utc_now() - timedelta(minutes=1))
    subscribe(engine, "telegram:2", expires_at=utc_now() + timedelta(days=1))
    queue(engine, "telegram:1", "old")
    queue(engine, "telegram:2", "new")
    long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
    with writing(engine) as session:
        session.execute(
            OutboundMessage.__table__.update()
            .where(OutboundMessage.dedup_key == "old")
            .values(status="sent", created_at=long_ago)
        )

    report = await ConversationLog(engine, sensitive_slots=frozenset()).purge(
        older_than_days=365, by="retention"
    )

    assert (report.expired_alerts, report.outbound) == (1, 1)
    assert count(engine, AlertSubscription) == 1
    assert count(engine, OutboundMessage) == 1
