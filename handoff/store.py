"""The handoff queue in SQL: requests, their order, who holds them. Shared by every gateway.

SQL is the one place all gateways agree on, also when Redis is down: taking a request is a
conditional UPDATE (`status = 'waiting'`), so exactly one member of staff wins it, on any
gateway and on SQLite as on PostgreSQL. Methods are async and run in a worker thread; they
return frozen `HandoffRecord`s, never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.storage.columns import utc_now
from common.storage.handoff_models import Handoff
from common.storage.sessions import read, write

OPEN = ("waiting", "active")


@dataclass(frozen=True)
class HandoffRecord:
    id: int
    sender_id: str
    channel: str
    language: str
    reason: str
    status: str
    requested_at: datetime
    taken_at: datetime | None
    taken_by: str | None
    staff_active_at: datetime | None
    closed_at: datetime | None
    closed_by: str | None


class HandoffStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def request(
        self, *, sender_id: str, channel: str, language: str, reason: str
    ) -> tuple[HandoffRecord, bool]:
        """Queue a request for `sender_id`, unless one is open already; (request, new?)."""

        def run(session: Session) -> tuple[HandoffRecord, bool]:
            found = _open_row(session, sender_id)
            if found is not None:
                return _record(found), False
            row = Handoff(
                sender_id=sender_id,
                channel=channel,
                language=language,
                reason=reason,
                status="waiting",
                requested_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _record(row), True

        return await write(self._engine, run)

    async def get(self, handoff_id: int) -> HandoffRecord | None:
        def run(session: Session) -> HandoffRecord | None:
            row = session.get(Handoff, handoff_id)
            return None if row is None else _record(row)

        return await read(self._engine, run)

    async def open_for(self, sender_id: str) -> HandoffRecord | None:
        """The sender's waiting or active request, if any."""

        def run(session: Session) -> HandoffRecord | None:
            row = _open_row(session, sender_id)
            return None if row is None else _record(row)

        return await read(self._engine, run)

    async def held_senders(self) -> frozenset[str]:
        """The senders whose conversation a member of staff holds now."""

        def run(session: Session) -> frozenset[str]:
            query = select(Handoff.sender_id).where(
                Handoff.status == "active", Handoff.taken_by.is_not(None)
            )
            return frozenset(session.execute(query).scalars())

        return await read(self._engine, run)

    async def position(self, record: HandoffRecord) -> int:
        """The request's place in the queue (1 = next), counting the waiting ones before it."""

        def run(session: Session) -> int:
            earlier = or_(
                Handoff.requested_at < record.requested_at,
                and_(Handoff.requested_at == record.requested_at, Handoff.id < record.id),
            )
            query = select(func.count()).where(Handoff.status == "waiting", earlier)
            return int(session.execute(query).scalar_one()) + 1

        return await read(self._engine, run)

    async def open_requests(self) -> list[HandoffRecord]:
        """Every waiting request (oldest first), then every active one (oldest first)."""

        def run(session: Session) -> list[HandoffRecord]:
            query = (
                select(Handoff)
                .where(Handoff.status.in_(OPEN))
                .order_by(Handoff.status.desc(), Handoff.requested_at, Handoff.id)
            )
            return [_record(row) for row in session.execute(query).scalars()]

        return await read(self._engine, run)

    async def take(self, handoff_id: int, *, by: str) -> HandoffRecord | None:
        """Give the waiting request to `by`; None if it is not waiting (someone else won)."""
        now = utc_now()
        values = {"status": "active", "taken_by": by, "taken_at": now, "staff_active_at": now}
        return await self._change(handoff_id, ("waiting",), values)

    async def touch(self, handoff_id: int) -> None:
        """The member of staff holding the request did something (it is not forgotten)."""
        await self._change(handoff_id, ("active",), {"staff_active_at": utc_now()})

    async def close(self, handoff_id: int, *, by: str) -> HandoffRecord | None:
        """End the request (waiting or active); None if it was closed already."""
        values = {"status": "closed", "closed_at": utc_now(), "closed_by": by}
        return await self._change(handoff_id, OPEN, values)

    async def _change(
        self, handoff_id: int, statuses: tuple[str, ...], values: dict[str, object]
    ) -> HandoffRecord | None:
        def run(session: Session) -> HandoffRecord | None:
            changed = session.execute(
                update(Handoff)
                .where(Handoff.id == handoff_id, Handoff.status.in_(statuses))
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
            if not changed:
                return None
            row = session.get(Handoff, handoff_id)
            return None if row is None else _record(row)

        return await write(self._engine, run)


def _open_row(session: Session, sender_id: str) -> Handoff | None:
    query = (
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status.in_(OPEN))
        .order_by(Handoff.requested_at.desc(), Handoff.id.desc())
        .limit(1)
    )
    row: Handoff | None = session.execute(query).scalars().first()
    return row


def _record(row: Handoff) -> HandoffRecord:
    return HandoffRecord(
        id=row.id,
        sender_id=row.sender_id,
        channel=row.channel,
        language=row.language,
        reason=row.reason,
        status=row.status,
        requested_at=row.requested_at,
        taken_at=row.taken_at,
        taken_by=row.taken_by,
        staff_active_at=row.staff_active_at,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
    )
