"""The outbox: messages the assistant sends on its own (alerts, reminders, staff messages).

Whoever wants to reach a person outside of their turn (the job alerts' digest, an appointment
reminder, a member of staff) calls `enqueue` in its own transaction; the gateway's delivery
worker (`outbound/`) sends the rows when they are due. The table is the delivery record, so
nothing is sent twice after a restart:

- `dedup_key` is unique: enqueueing the same thing twice (a job run again, two replicas) keeps
  one row, and `enqueue` says so by returning False;
- a worker claims a due row with one conditional UPDATE (`claimed_until`, a lease), so of two
  workers exactly one sends it; a worker that dies mid-send loses its lease and another resumes;
- `parts_sent` counts the messages of the row already delivered (a digest is several cards):
  after a crash the row resumes with the next message, not from the start.

Statuses: `queued` (waiting for `not_before` or its next attempt), `sent`, `failed` (given up,
`last_error` says why: e.g. `blocked`), `held` (web chat: no chat window open; shown at the
person's next visit, then `sent`). `messages` are Rasa message dicts, rendered per channel by
the one renderer (`common.messages.BotMessage`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Text,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from common.messages import BotMessage
from common.storage.columns import UTCDateTime, utc_now
from common.storage.models import Base

OUTBOUND_CHANNELS: Final = ("telegram", "webchat")
OUTBOUND_STATUSES: Final = ("queued", "sent", "failed", "held")
# What the message is ("alert", "reminder", "staff", …): a lower-case word the metrics and the
# console count by.
KIND: Final = re.compile(r"[a-z][a-z_]{0,15}")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class OutboundMessage(Base):
    """One delivery to one person: one or more messages, sent in order, at most once each."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        CheckConstraint(_one_of("channel", OUTBOUND_CHANNELS), name="channel"),
        CheckConstraint(_one_of("status", OUTBOUND_STATUSES), name="status"),
        Index("ix_outbound_messages_status_not_before", "status", "not_before"),
        Index("ix_outbound_messages_recipient_status", "recipient", "status"),
    )

    id = Column(Integer, primary_key=True)
    channel = Column(String(16), nullable=False)
    # The conversation's sender id (`telegram:123456`, `webchat:<session>`).
    recipient = Column(Text, nullable=False)
    kind = Column(String(16), nullable=False)
    dedup_key = Column(String(200), nullable=False, unique=True)
    language = Column(String(8), nullable=False)
    messages = Column(JSON, nullable=False)
    not_before = Column(UTCDateTime, nullable=False, default=utc_now)
    status = Column(String(8), nullable=False, default="queued")
    attempts = Column(Integer, nullable=False, default=0)
    parts_sent = Column(Integer, nullable=False, default=0)
    last_error = Column(Text, nullable=True)
    claimed_until = Column(UTCDateTime, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    sent_at = Column(UTCDateTime, nullable=True)


class OutboundPause(Base):
    """A kind of message staff stopped for now (e.g. every alert during a data problem): its
    rows stay queued until the pause is lifted."""

    __tablename__ = "outbound_pauses"

    kind = Column(String(16), primary_key=True)
    paused_by = Column(Text, nullable=False)
    paused_at = Column(UTCDateTime, nullable=False, default=utc_now)
    reason = Column(Text, nullable=True)


@dataclass(frozen=True)
class Outbound:
    """A claimed row, as the worker needs it."""

    id: int
    channel: str
    recipient: str
    kind: str
    language: str
    messages: tuple[BotMessage, ...]
    parts_sent: int
    attempts: int


def enqueue(
    session: Session,
    *,
    channel: str,
    recipient: str,
    kind: str,
    dedup_key: str,
    language: str,
    messages: Sequence[Mapping[str, Any]],
    not_before: datetime | None = None,
) -> bool:
    """Queue `messages` (Rasa message dicts) for `recipient`, in the caller's transaction.

    Returns False, changing nothing, when a row with `dedup_key` exists already. Raises
    ValueError for an unknown channel or kind, or messages with nothing to show.
    """
    values = new_row(
        channel=channel,
        recipient=recipient,
        kind=kind,
        dedup_key=dedup_key,
        language=language,
        messages=messages,
        not_before=not_before,
    )
    statement = _INSERT_IF_NEW.get(session.get_bind().dialect.name)
    if statement is None:  # another backend: look first (the unique index still guards)
        if session.execute(select(OutboundMessage.id).filter_by(dedup_key=dedup_key)).first():
            return False
        session.add(OutboundMessage(**values))
        session.flush()
        return True
    return bool(session.execute(statement, values).rowcount)


def enqueue_many(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Queue many rows (each made by `new_row`) in one statement; rows whose dedup key exists
    already are left out. For batch jobs: tens of thousands of digests in seconds."""
    statement = _INSERT_IF_NEW.get(session.get_bind().dialect.name)
    if statement is None:
        for row in rows:
            enqueue(session, **{key: row[key] for key in _ENQUEUE_ARGUMENTS})
    elif rows:
        session.execute(statement, list(rows))


def new_row(
    *,
    channel: str,
    recipient: str,
    kind: str,
    dedup_key: str,
    language: str,
    messages: Sequence[Mapping[str, Any]],
    not_before: datetime | None = None,
) -> dict[str, Any]:
    """The values of a queued row, checked (see `enqueue`)."""
    if channel not in OUTBOUND_CHANNELS:
        raise ValueError(f"unknown channel {channel!r}: one of {', '.join(OUTBOUND_CHANNELS)}")
    if not KIND.fullmatch(kind):
        raise ValueError(f"a kind is a lower-case word of up to 16 letters, not {kind!r}")
    rendered = BotMessage.from_rasa_list(messages)
    if not rendered:
        raise ValueError("nothing to send: the messages have no text, buttons, image or custom")
    now = utc_now()
    return {
        "channel": channel,
        "recipient": recipient,
        "kind": kind,
        "dedup_key": dedup_key,
        "language": language,
        "messages": [message.as_dict() for message in rendered],
        "not_before": not_before or now,
        "status": "queued",
        "attempts": 0,
        "parts_sent": 0,
        "created_at": now,
    }


_ENQUEUE_ARGUMENTS: Final = (
    "channel",
    "recipient",
    "kind",
    "dedup_key",
    "language",
    "messages",
    "not_before",
)


# INSERT … ON CONFLICT DO NOTHING, built once per backend (compiled once, then cached).
_INSERT_IF_NEW: Final = {
    "postgresql": postgresql.insert(OutboundMessage).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(OutboundMessage).on_conflict_do_nothing(),
}


def claim_due(
    session: Session,
    now: datetime,
    *,
    lease: timedelta,
    limit: int,
    channels: Iterable[str] = OUTBOUND_CHANNELS,
    paused_kinds: Iterable[str] = (),
) -> list[Outbound]:
    """Claim up to `limit` queued rows due at `now` (oldest first) for `lease`; each row is
    claimed by one conditional UPDATE, so a row another worker holds is skipped."""
    due = (
        select(OutboundMessage.id)
        .where(
            OutboundMessage.status == "queued",
            OutboundMessage.not_before <= now,
            OutboundMessage.channel.in_(tuple(channels)),
            or_(OutboundMessage.claimed_until.is_(None), OutboundMessage.claimed_until < now),
        )
        .order_by(OutboundMessage.not_before, OutboundMessage.id)
        .limit(limit)
    )
    paused = tuple(paused_kinds)
    if paused:
        due = due.where(OutboundMessage.kind.not_in(paused))
    claimed = []
    for row_id in session.execute(due).scalars().all():
        won = session.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.id == row_id,
                OutboundMessage.status == "queued",
                or_(OutboundMessage.claimed_until.is_(None), OutboundMessage.claimed_until < now),
            )
            .values(claimed_until=now + lease)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            claimed.append(_outbound(session.get(OutboundMessage, row_id)))
    return claimed


def part_sent(session: Session, row_id: int, parts_sent: int) -> None:
    """Record that the first `parts_sent` messages of the row reached the person."""
    _set(session, row_id, parts_sent=parts_sent)


def finish(session: Session, row_id: int, status: str, *, error: str | None = None) -> None:
    """End a claimed row: `sent`, `failed` (with why) or `held` (web chat, for the next visit)."""
    if status not in ("sent", "failed", "held"):
        raise ValueError(f"a row ends sent, failed or held, not {status!r}")
    values: dict[str, Any] = {"status": status, "claimed_until": None, "last_error": error}
    if status == "sent":
        values["sent_at"] = utc_now()
    _set(session, row_id, **values)


def retry_at(session: Session, row_id: int, when: datetime, error: str) -> None:
    """Put a claimed row back in the queue for another attempt at `when`."""
    _set(
        session,
        row_id,
        not_before=when,
        attempts=OutboundMessage.attempts + 1,
        last_error=error,
        claimed_until=None,
    )


def held_for(session: Session, recipient: str) -> list[Outbound]:
    """The messages kept for `recipient`'s next visit (web chat), oldest first."""
    rows = session.execute(
        select(OutboundMessage)
        .where(OutboundMessage.recipient == recipient, OutboundMessage.status == "held")
        .order_by(OutboundMessage.created_at, OutboundMessage.id)
    ).scalars()
    return [_outbound(row) for row in rows]


def counts(session: Session, since: datetime | None = None) -> dict[tuple[str, str, str], int]:
    """Rows per (kind, channel, status), created since `since` (all when None)."""
    query = select(
        OutboundMessage.kind, OutboundMessage.channel, OutboundMessage.status, func.count()
    ).group_by(OutboundMessage.kind, OutboundMessage.channel, OutboundMessage.status)
    if since is not None:
        query = query.where(OutboundMessage.created_at >= since)
    return {(kind, channel, status): int(n) for kind, channel, status, n in session.execute(query)}


def existing_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of `keys` are dedup keys of rows already queued (or sent)."""
    query = select(OutboundMessage.dedup_key).where(OutboundMessage.dedup_key.in_(list(keys)))
    return set(session.execute(query).scalars())


def latest_per_recipient(session: Session, kind: str, since: datetime) -> dict[str, datetime]:
    """The latest `not_before` of each recipient's rows of `kind` from `since` on (e.g. when
    each person's last digest went or will go)."""
    rows = session.execute(
        select(OutboundMessage.recipient, func.max(OutboundMessage.not_before))
        .where(OutboundMessage.kind == kind, OutboundMessage.not_before >= since)
        .group_by(OutboundMessage.recipient)
    )
    return {recipient: latest for recipient, latest in rows}


def pause(session: Session, kind: str, *, by: str, reason: str | None = None) -> bool:
    """Stop sending `kind` until `resume`; False when it was paused already."""
    if session.get(OutboundPause, kind) is not None:
        return False
    session.add(OutboundPause(kind=kind, paused_by=by, paused_at=utc_now(), reason=reason))
    session.flush()
    return True


def resume(session: Session, kind: str) -> bool:
    """Send `kind` again; False when it was not paused."""
    row = session.get(OutboundPause, kind)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def paused_kinds(session: Session) -> dict[str, OutboundPause]:
    """The kinds paused now, with who paused them and when."""
    return {row.kind: row for row in session.execute(select(OutboundPause)).scalars()}


def _set(session: Session, row_id: int, **values: Any) -> None:
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _outbound(row: OutboundMessage) -> Outbound:
    return Outbound(
        id=row.id,
        channel=row.channel,
        recipient=row.recipient,
        kind=row.kind,
        language=row.language,
        messages=tuple(BotMessage.from_rasa_list(row.messages or [])),
        parts_sent=row.parts_sent,
        attempts=row.attempts,
    )
