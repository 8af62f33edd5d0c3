"""Job alert subscriptions: a person's saved search, matched against new vacancies each import.

Written by the action server (subscribe, pause, resume, cancel in the chat), read by the matcher
(`actions.alerts`), the staff console and the retention and erase commands. What is stored is
what the consent question names: the search (occupation, place, salary, schedule, as typed and
as the classification and gazetteer resolve them), the conversation's sender id and language.
Cancelling deletes the row; a subscription expires `retention_days` after it was made (the
daily retention job deletes it).

A subscription is `active` or `paused`; `paused_reason` says why: `person` (they asked),
`blocked` (Telegram says they blocked the bot: the delivery worker's hook), `expired` is never
stored (the row is deleted).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Text,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import Base

ALERT_STATUSES: Final = ("active", "paused")
PAUSE_REASONS: Final = ("person", "blocked", "staff")


class AlertSubscription(Base):
    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'paused')", name="status"),
        Index("ix_alert_subscriptions_recipient", "recipient"),
        Index("ix_alert_subscriptions_status_recipient", "status", "recipient"),
        Index("ix_alert_subscriptions_expires_at", "expires_at"),
    )

    id = Column(Integer, primary_key=True)
    recipient = Column(Text, nullable=False)  # the conversation's sender id
    channel = Column(String(16), nullable=False)
    language = Column(String(8), nullable=False)
    # The search: as typed (shown back to the person), and the keys matching uses.
    occupation = Column(Text, nullable=True)  # None: any occupation
    occupation_codes = Column(Text, nullable=False, default="")  # ISCO-08 codes, space-separated
    occupation_label = Column(Text, nullable=True)  # the classification's English name, else words
    place = Column(Text, nullable=True)  # None: anywhere
    place_id = Column(String(64), nullable=True)  # the gazetteer's id when it knows the place
    place_label = Column(Text, nullable=True)
    salary_min = Column(Integer, nullable=True)
    schedule = Column(String(16), nullable=True)
    status = Column(String(8), nullable=False, default="active")
    paused_reason = Column(String(16), nullable=True)
    consent_at = Column(UTCDateTime, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    expires_at = Column(UTCDateTime, nullable=False)


@dataclass(frozen=True)
class NewSubscription:
    recipient: str
    channel: str
    language: str
    occupation: str | None
    occupation_codes: tuple[str, ...]
    occupation_label: str | None
    place: str | None
    place_id: str | None
    place_label: str | None
    salary_min: int | None
    schedule: str | None


@dataclass(frozen=True)
class Subscription(NewSubscription):
    """A stored subscription."""

    id: int
    status: str
    paused_reason: str | None
    created_at: datetime
    expires_at: datetime

    @property
    def search_key(self) -> tuple[object, ...]:
        """What decides which vacancies match (subscriptions with the same key match the same)."""
        return (
            self.occupation_codes,
            self.occupation,
            self.place_id,
            self.place,
            self.salary_min,
            self.schedule,
        )


def subscribe(
    session: Session, new: NewSubscription, *, consent_at: datetime, expires_at: datetime
) -> tuple[Subscription, bool]:
    """Store `new`; the same search of the same person is kept once (made active again, its
    expiry renewed). Returns the subscription and whether it is new."""
    same = session.execute(
        select(AlertSubscription).where(
            AlertSubscription.recipient == new.recipient,
            _same(AlertSubscription.occupation, new.occupation),
            _same(AlertSubscription.place, new.place),
            _same(AlertSubscription.salary_min, new.salary_min),
            _same(AlertSubscription.schedule, new.schedule),
        )
    ).scalar_one_or_none()
    if same is not None:
        same.status, same.paused_reason = "active", None
        same.consent_at, same.expires_at, same.language = consent_at, expires_at, new.language
        session.flush()
        return _record(same), False
    row = AlertSubscription(
        recipient=new.recipient,
        channel=new.channel,
        language=new.language,
        occupation=new.occupation,
        occupation_codes=" ".join(new.occupation_codes),
        occupation_label=new.occupation_label,
        place=new.place,
        place_id=new.place_id,
        place_label=new.place_label,
        salary_min=new.salary_min,
        schedule=new.schedule,
        status="active",
        consent_at=consent_at,
        created_at=consent_at,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return _record(row), True


def of_recipient(session: Session, recipient: str) -> list[Subscription]:
    rows = session.execute(
        select(AlertSubscription)
        .where(AlertSubscription.recipient == recipient)
        .order_by(AlertSubscription.id)
    ).scalars()
    return [_record(row) for row in rows]


def set_status(
    session: Session,
    recipient: str,
    status: str,
    *,
    reason: str | None = None,
    subscription_id: int | None = None,
) -> int:
    """Pause (`reason` says why) or resume the person's subscriptions (one, or all); returns how
    many changed. Only the person's own: an id of somebody else's changes nothing."""
    if status not in ALERT_STATUSES:
        raise ValueError(f"a subscription is active or paused, not {status!r}")
    query = update(AlertSubscription).where(
        AlertSubscription.recipient == recipient, AlertSubscription.status != status
    )
    if subscription_id is not None:
        query = query.where(AlertSubscription.id == subscription_id)
    values = {"status": status, "paused_reason": reason if status == "paused" else None}
    result = session.execute(query.values(**values).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def cancel(session: Session, recipient: str, subscription_id: int | None = None) -> int:
    """Delete the person's subscription (or all of them); returns how many were deleted."""
    query = delete(AlertSubscription).where(AlertSubscription.recipient == recipient)
    if subscription_id is not None:
        query = query.where(AlertSubscription.id == subscription_id)
    return int(session.execute(query).rowcount or 0)


def pause_blocked(session: Session, recipient: str, reason: str) -> None:
    """The delivery worker's hook: a person who blocked the bot gets no more digests."""
    set_status(session, recipient, "paused", reason="blocked")


def purge_expired(session: Session, now: datetime) -> int:
    """Delete the subscriptions past their retention; returns how many."""
    expired = delete(AlertSubscription).where(AlertSubscription.expires_at < now)
    return int(session.execute(expired).rowcount or 0)


def active_by_recipient(session: Session, *, chunk: int = 5000) -> Iterator[Subscription]:
    """Every active subscription, the ones of one person together, read `chunk` rows at a time
    (keyset paging, plain rows rather than ORM objects: memory stays bounded, and 100,000 are
    read in a few seconds)."""
    table = AlertSubscription.__table__
    after: tuple[str, int] = ("", 0)
    while True:
        rows = session.execute(
            select(table)
            .where(
                table.c.status == "active",
                (table.c.recipient > after[0])
                | ((table.c.recipient == after[0]) & (table.c.id > after[1])),
            )
            .order_by(table.c.recipient, table.c.id)
            .limit(chunk)
        ).all()
        if not rows:
            return
        yield from (_record(row) for row in rows)
        after = (rows[-1].recipient, rows[-1].id)


def newest(session: Session, *, limit: int) -> list[Subscription]:
    rows = session.execute(
        select(AlertSubscription).order_by(AlertSubscription.id.desc()).limit(limit)
    ).scalars()
    return [_record(row) for row in rows]


@dataclass(frozen=True)
class AlertCounts:
    """What the staff console shows: subscriptions per occupation and place, per status."""

    by_search: list[tuple[str, str, int, int]]  # (occupation, place, active, paused)
    paused_blocked: int
    people: int


def counts(session: Session, *, limit: int = 50) -> AlertCounts:
    active = func.sum(func.cast(AlertSubscription.status == "active", Integer))
    paused = func.sum(func.cast(AlertSubscription.status == "paused", Integer))
    occupation = func.coalesce(AlertSubscription.occupation_label, "")
    place = func.coalesce(AlertSubscription.place_label, "")
    rows = session.execute(
        select(occupation, place, active, paused)
        .group_by(occupation, place)
        .order_by(func.count().desc(), occupation, place)
        .limit(limit)
    ).all()
    blocked = session.execute(
        select(func.count()).where(AlertSubscription.paused_reason == "blocked")
    ).scalar_one()
    people = session.execute(
        select(func.count(func.distinct(AlertSubscription.recipient)))
    ).scalar_one()
    return AlertCounts(
        by_search=[(o, p, int(a or 0), int(q or 0)) for o, p, a, q in rows],
        paused_blocked=int(blocked),
        people=int(people),
    )


def _same(column: object, value: object) -> object:
    return column.is_(None) if value is None else column == value  # type: ignore[attr-defined]


def _record(row: Any) -> Subscription:
    """A subscription from an ORM object or a plain row (the same attribute names)."""
    return Subscription(
        id=row.id,
        recipient=row.recipient,
        channel=row.channel,
        language=row.language,
        occupation=row.occupation,
        occupation_codes=tuple((row.occupation_codes or "").split()),
        occupation_label=row.occupation_label,
        place=row.place,
        place_id=row.place_id,
        place_label=row.place_label,
        salary_min=row.salary_min,
        schedule=row.schedule,
        status=row.status,
        paused_reason=row.paused_reason,
        created_at=row.created_at,
        expires_at=row.expires_at,
    )
